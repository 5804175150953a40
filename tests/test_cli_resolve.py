import json
import subprocess
import sys

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
