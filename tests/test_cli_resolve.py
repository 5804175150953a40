import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from geoincidents.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_resolve_json_prints_one_object_a_line_and_null_for_a_miss():
    result = run("resolve", "Deir Ezzoro", "Islamic State", "--json")
    assert result.exit_code == 0
    first, second = [json.loads(line) for line in result.output.splitlines()]
    assert set(first) == {"query", "name", "lat", "lon", "score", "kind", "country", "admin1", "id", "source"}
    assert first["query"] == "Deir Ezzoro" and first["id"] == "geonames:170794"
    assert second == {"query": "Islamic State", "match": None}


def test_resolve_reads_names_from_stdin():
    result = run("resolve", "-", "--json", input="Hajin\nal-Bokamal\n")
    assert [json.loads(l)["id"] for l in result.output.splitlines()] == ["geonames:174506", "geonames:174448"]


def test_resolve_table_shows_a_miss():
    result = run("resolve", "Hajin", "Reuters")
    assert "Hajin" in result.output and "(no match)" in result.output


def test_resolve_bad_near_is_a_usage_error():
    result = run("resolve", "Hajin", "--near", "Atlantis")
    assert result.exit_code == 2
    assert "Invalid value for --near" in result.output


def test_resolve_missing_gazetteer_is_a_clean_error(tmp_path):
    result = run("resolve", "Hajin", "--gazetteer", str(tmp_path / "none.csv"))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'none.csv'}: no such gazetteer file"


def test_resolve_does_not_import_geopandas_or_folium():
    code = ("import sys; from geoincidents.cli import cli; "
            "cli(['resolve', 'Hajin', '--json'], standalone_mode=False); "
            "print(sorted(m for m in ('geopandas', 'folium', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")


# D15: --near never silently means a loose fuzzy guess; special files never block


@pytest.mark.parametrize("near, message", [
    ("garbage", "no place called 'garbage' in the gazetteer (closest: "),
    ("", "expected a place name or LAT,LON, instead got an empty string"),
])
def test_near_must_name_a_known_place(near, message):
    result = CliRunner().invoke(cli, ["resolve", "Hajin", "--near", near])
    assert result.exit_code == 2
    assert message in result.output
    assert "query" not in result.output  # no table header before the error


def test_near_a_known_place_or_a_point_works():
    for near in ("Deir ez-Zor", "35.33,40.14"):
        result = CliRunner().invoke(cli, ["resolve", "Hajin", "--near", near, "--json"])
        assert result.exit_code == 0 and '"name": "Hajin"' in result.output


@pytest.mark.parametrize("command", [["gazetteer", "info"], ["gazetteer", "build"]])
def test_a_fifo_as_a_gazetteer_file_is_refused_not_read(tmp_path, command):
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    args = [*command, str(fifo)] + (["-o", str(tmp_path / "g.sqlite")] if command[1] == "build" else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "not a regular file" in result.output
