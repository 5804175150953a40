"""A user's extra places (--extra-places, GEOINCIDENTS_EXTRA_PLACES, Gazetteer.default(extra=...)) on top of the shipped gazetteer."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geoincidents.cli import cli
from geoincidents.errors import GazetteerError
from geoincidents.gazetteer import Gazetteer, read_extra_places

HEADER = "id,name,lat,lon,kind,country,admin1,alt_names,population,source\n"
# An invented hamlet (a user's own survey point) and an override of a shipped id.
EXTRA = HEADER + (
    "user:zumurrud,Qaryat Zumurrud,35.2,40.5,village,SY,Deir ez-Zor,Zumurrud|Zmurrud,,https://example.org/survey\n"
    "geonames:174506,Hajin,34.7,40.9,town,SY,Deir ez-Zor,Hajeen,,https://example.org/hajin-gate\n"
)


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def extra(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text(EXTRA, encoding="utf-8")
    return path


def test_a_place_only_in_the_extra_file_resolves(extra):
    assert json.loads(run("resolve", "Zmurrud", "--json").output) == {"query": "Zmurrud", "match": None}
    got = json.loads(run("resolve", "Zmurrud", "--json", "--extra-places", str(extra)).output)
    assert got["id"] == "user:zumurrud" and (got["lat"], got["lon"]) == (35.2, 40.5)
    assert got["source"] == "https://example.org/survey"


def test_the_environment_variable_gives_the_same_overlay(extra):
    got = json.loads(run("resolve", "Zumurrud", "--json", env={"GEOINCIDENTS_EXTRA_PLACES": str(extra)}).output)
    assert got["id"] == "user:zumurrud"


def test_an_extra_row_with_a_shipped_id_replaces_it_and_the_rest_stays(extra):
    lines = run("resolve", "Hajin", "Deir Ezzor", "--json", "--extra-places", str(extra)).output.splitlines()
    hajin, deir = map(json.loads, lines)
    assert (hajin["id"], hajin["lat"], hajin["lon"]) == ("geonames:174506", 34.7, 40.9)
    assert deir["id"] == "geonames:170794"


def test_extract_places_an_incident_at_a_place_only_the_extra_file_has(tmp_path, extra):
    report = tmp_path / "report.txt"
    report.write_text("Artillery shelling hit Qaryat Zumurrud on 3 March 2023, killing two civilians.", encoding="utf-8")
    result = run("extract", str(report), "--published", "2023-03-04", "--extra-places", str(extra), "-q")
    assert result.exit_code == 0, result.output
    features = json.loads(result.output)["features"]
    assert [f["properties"]["place_id"] for f in features] == ["user:zumurrud"]
    assert features[0]["geometry"]["coordinates"] == [40.5, 35.2]


def test_the_python_api_overlays_without_changing_the_shipped_gazetteer(extra):
    gaz = Gazetteer.default(extra=extra)
    assert gaz.resolve("Zumurrud").id == "user:zumurrud"
    assert len(gaz) == len(Gazetteer.default()) + 1
    assert Gazetteer.default().resolve("Zumurrud") is None


BAD = {
    "no-columns.csv": ("id,name,lat,lon\nx,Foo,35,40\n", "need the column(s) kind, source"),
    "bad-lat.csv": (HEADER + "x,Foo,abc,40,village,SY,,,,https://e.org\n", "bad-lat.csv:2 (Foo): lat/lon must be numbers"),
    "far.csv": (HEADER + "x,Foo,95,40,village,SY,,,,https://e.org\n", "far.csv:2 (Foo): lat/lon out of range"),
    "no-source.csv": (HEADER + "x,Foo,35,40,village,SY,,,,\n", "no-source.csv:2 (Foo): empty source"),
    "no-id.csv": (HEADER + ",Foo,35,40,village,SY,,,,https://e.org\n", "no-id.csv:2 (Foo): empty id"),
    "kind.csv": (HEADER + "x,Foo,35,40,fort,SY,,,,https://e.org\n", "kind.csv:2 (Foo): unknown kind 'fort'"),
    "short.csv": (HEADER + "x,Foo,35,40,village\n", "short.csv:2 (Foo): not as many fields"),
    "twice.csv": (HEADER + "x,Foo,35,40,village,SY,,,,https://e.org\nx,Bar,35,40,village,SY,,,,https://e.org\n",
                  "twice.csv:3 (Bar): id x already on line 2"),
    "pop.csv": (HEADER + "x,Foo,35,40,village,SY,,,many,https://e.org\n", "pop.csv:2 (Foo): population must be a number"),
    "empty.csv": (HEADER, "no places"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_extra_file_is_one_error_line_naming_the_row_and_reason(tmp_path, name):
    text, reason = BAD[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["resolve", "Hajin", "--extra-places", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and reason in lines[0], result.output
    with pytest.raises(GazetteerError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_extra_places(path)


def test_a_missing_extra_file_is_named(tmp_path):
    result = CliRunner().invoke(cli, ["extract", "-", "--extra-places", str(tmp_path / "nope.csv")], input="x")
    assert result.exit_code == 1 and result.output.strip() == f"Error: {tmp_path / 'nope.csv'}: no such file of extra places"


def test_extra_places_do_not_go_on_an_sqlite_gazetteer(tmp_path, extra, tiny_gazetteer):
    from geoincidents.gazetteer import write_sqlite

    write_sqlite(tiny_gazetteer, tmp_path / "tiny.sqlite")
    result = CliRunner().invoke(cli, ["resolve", "Hajin", "--gazetteer", str(tmp_path / "tiny.sqlite"),
                                      "--extra-places", str(extra)])
    assert result.exit_code == 1 and "not an SQLite one" in result.output
