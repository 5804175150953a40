"""ACLED out (`extract -o X.acled.csv`), ACLED in and `compare`, as a user runs them."""

from __future__ import annotations

import csv
import json
import pathlib

import geopandas
import pytest
from click.testing import CliRunner

from geoincidents.acled import ACLED_COLUMNS, DISORDER_TYPES, EVENT_TYPES, read_acled, type_family
from geoincidents.cli import cli
from geoincidents.comparison import compare
from geoincidents.export import write_incidents
from geoincidents.incidents import Incident

DATA = pathlib.Path(__file__).parent / "data"
FUSION_REPORTS = sorted((DATA / "fusion").glob("*.txt"))
ACLED_SAMPLE = DATA / "acled" / "syria_sample.csv"


def run(*args, code=0):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def path_fused_geojson(tmp_path_factory) -> pathlib.Path:
    """The fusion fixtures extracted: one Hajin drone strike (three sources), two Busayrah shellings."""
    out = tmp_path_factory.mktemp("ours") / "ours.geojson"
    run("extract", *FUSION_REPORTS, "-q", "-o", out)
    return out


def read_rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("args", [("-o", "events.acled.csv"), ("-o", "events.csv", "--format", "acled")])
def test_extract_writes_acleds_columns_and_vocabularies(tmp_path, args):
    out = tmp_path / args[1]
    run("extract", *FUSION_REPORTS, "-q", *args[:1], out, *args[2:])
    rows = read_rows(out)
    assert list(rows[0]) == list(ACLED_COLUMNS)
    assert len(rows) == 3
    for row in rows:
        assert row["sub_event_type"] in EVENT_TYPES[row["event_type"]]
        assert row["disorder_type"] in DISORDER_TYPES
        assert (row["iso"], row["country"], row["region"], row["admin1"]) == ("760", "Syria", "Middle East", "Deir ez-Zor")
        assert row["admin2"] == row["source_scale"] == row["timestamp"] == ""  # unknown: empty
    hajin = next(r for r in rows if r["location"] == "Hajin")
    assert (hajin["event_date"], hajin["year"], hajin["time_precision"], hajin["geo_precision"]) == ("2021-03-02", "2021", "1", "1")
    assert (hajin["sub_event_type"], hajin["fatalities"]) == ("Air/drone strike", "2")
    assert (hajin["actor1"], hajin["actor2"]) == ("International Coalition", "ISIS")
    assert (hajin["latitude"], hajin["longitude"]) == ("34.69508", "40.83138")
    assert hajin["source"].split("; ")[:3] == ["Invented Daily", "Invented Monitor", "Invented Wire"]
    assert "Hajeen" in hajin["notes"]
    busayrah_monday = next(r for r in rows if r["event_date"] == "2021-03-01")
    assert busayrah_monday["fatalities"] == ""  # the report gives no toll


def test_acled_export_leaves_denied_reports_out_and_names_civilians_acleds_way(tmp_path):
    kept = Incident("a.txt", "attack", "Gunmen shot two civilians in Hajin.", 0, 30, date="2021-03-02",
                    actors=("unknown gunmen", "civilians"), actor1="unknown gunmen", actor2="civilians",
                    civilian_targets=True)
    denied = Incident("a.txt", "air_strike", "The ministry denied any strike on Hajin.", 40, 80, status="denied")
    rows = read_rows(write_incidents([kept, denied], tmp_path / "x.acled.csv"))
    assert len(rows) == 1
    assert (rows[0]["event_type"], rows[0]["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert (rows[0]["actor1"], rows[0]["actor2"]) == ("Unidentified Armed Group", "Civilians")  # no gazetteer: no country
    assert rows[0]["latitude"] == rows[0]["iso"] == ""


def test_format_acled_on_stdout_is_a_usage_error():
    result = run("extract", FUSION_REPORTS[0], "--format", "acled", code=2)
    assert "Error: --format acled needs -o FILE" in result.output


def test_our_acled_export_reads_back_as_the_same_events(path_fused_geojson, tmp_path):
    out = tmp_path / "events.acled.csv"
    run("extract", *FUSION_REPORTS, "-q", "-o", out)
    ours = geopandas.read_file(path_fused_geojson)
    back = read_acled(out)
    assert back.attrs["skipped"] == 0
    assert sorted(back["date"]) == sorted(ours["date"].dt.strftime("%Y-%m-%d"))  # GDAL reads our dates as datetimes
    assert sorted(map(type_family, back["type"])) == sorted(map(type_family, ours["type"]))
    assert sorted(back.geometry.y.round(5)) == sorted(ours.geometry.y.round(5))


def test_an_acled_csv_round_trips_through_compare(path_fused_geojson, tmp_path):
    out = tmp_path / "events.acled.csv"
    run("extract", *FUSION_REPORTS, "-q", "-o", out)
    result = compare(path_fused_geojson, out)
    assert (len(result.pairs), result.ours_only, result.acled_only) == (3, [], [])
    assert all(p.differs == () and p.days == 0 and p.km == 0 for p in result.pairs)
    printed = run("compare", path_fused_geojson, out).output
    assert printed.splitlines()[0] == "3 matched, 0 only ours (of 3), 0 only ACLED (of 3)"


def test_compare_says_what_each_side_lacks(path_fused_geojson, tmp_path):
    unmatched = tmp_path / "unmatched.geojson"
    result = run("compare", path_fused_geojson, ACLED_SAMPLE, "-o", unmatched)
    lines = result.output.splitlines()
    assert lines[0] == "1 matched, 2 only ours (of 3), 3 only ACLED (of 4)"
    both = next(line for line in lines if line.lstrip().startswith("both"))
    assert "SYR900001" in both and "Hajin" in both
    gdf = geopandas.read_file(unmatched)
    assert sorted(gdf["compare_side"]) == ["acled only"] * 3 + ["ours only"] * 2
    assert set(gdf.loc[gdf["compare_side"] == "acled only", "event_id_cnty"]) == {"SYR900002", "SYR900003", "SYR900004"}
    assert set(gdf.loc[gdf["compare_side"] == "ours only", "place"]) == {"Al Busayrah"}


def test_compare_reports_disagreements_and_respects_the_windows(path_fused_geojson, tmp_path):
    shifted = tmp_path / "shifted.csv"
    text = ACLED_SAMPLE.read_text(encoding="utf-8").replace("2021-03-02,2021,1", "2021-03-03,2021,1")
    shifted.write_text(text.replace('[size=no report]",2,', '[size=no report]",5,'), encoding="utf-8")  # a day later, 5 dead
    [pair] = compare(path_fused_geojson, shifted).pairs
    assert (pair.days, pair.differs) == (1, ("fatalities", "date"))
    assert compare(path_fused_geojson, shifted, max_days=0).pairs == []
    assert compare(path_fused_geojson, ACLED_SAMPLE, max_km=0).pairs[0].km == 0.0


def test_compare_with_a_file_that_is_not_acled_is_one_error_line(path_fused_geojson):
    result = run("compare", path_fused_geojson, path_fused_geojson, code=1)
    assert result.output.strip().splitlines()[-1].startswith("Error: ")
    assert "not an ACLED export: missing columns event_id_cnty" in result.output
    result = run("compare", path_fused_geojson, DATA / "acled" / "nope.csv", code=1)
    assert "no such file" in result.output


def test_compare_counts_the_acled_rows_it_skipped(path_fused_geojson):
    result = run("compare", path_fused_geojson, DATA / "acled" / "bad_rows.csv")
    # the one good row, a Busayrah shelling on 2 March, pairs with ours of 1 March (one day apart)
    assert result.output.splitlines()[0] == "1 matched, 2 only ours (of 3), 0 only ACLED (of 1); 3 ACLED rows skipped"
