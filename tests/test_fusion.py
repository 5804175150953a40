"""Fusion of reports of one event: three outlets -> one incident, two days -> two incidents.

Reports are the project's own fixtures in tests/data/fusion/ (see its README).
"""

from __future__ import annotations

import json
import pathlib
import random
from dataclasses import replace

import geopandas
import pandas as pd
import pytest
from click.testing import CliRunner

from geoincidents import fusion
from geoincidents.cli import cli
from geoincidents.fusion import compatible_types, consolidate, fuse_incidents, same_date, same_place
from geoincidents.incidents import Incident

FUSION = pathlib.Path(__file__).parent / "data" / "fusion"
HAJIN = (34.69508, 40.83138)  # GeoNames 174506
BUSAYRAH = (35.15618, 40.42716)  # GeoNames 173927


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def path_fusion_reports() -> list[pathlib.Path]:
    """Three reports of one Hajin drone strike, two of two Busayrah shellings three days apart."""
    return sorted(FUSION.glob("*.txt"))


def strike(doc: str, **changes) -> Incident:
    base = Incident(doc, "drone_strike", f"A drone hit Hajin ({doc}).", 0, 20, date="2021-03-02", time_precision=1,
                    place="Hajin", place_id="geonames:174506", lat=HAJIN[0], lon=HAJIN[1], geo_precision=1,
                    uncertainty_km=4.0, fatalities=2, confidence=0.8)
    return replace(base, **changes)


def test_three_outlets_one_strike_is_one_incident_with_three_sources(path_fusion_reports, tmp_path):
    out = tmp_path / "events.geojson"
    result = run("extract", *path_fusion_reports, "-o", out)
    assert result.output.strip().endswith("fused into 3 events -> " + str(out))
    gdf = geopandas.read_file(out)
    assert len(gdf) == 3
    hajin = json.loads(out.read_text())["features"]
    [event] = [f["properties"] for f in hajin if f["properties"]["place"] == "Hajin"]
    assert event["number_of_sources"] == 3
    assert sorted(s["doc"] for s in event["sources"]) == ["hajin_daily.txt", "hajin_monitor.txt", "hajin_wire.txt"]
    assert {s["outlet"] for s in event["sources"]} == {"Invented Monitor", "Invented Wire", "Invented Daily"}
    wire = next(s for s in event["sources"] if s["doc"] == "hajin_wire.txt")
    assert wire["url"] == "https://wire.example/syria/hajin" and "Hajine" in wire["evidence"]
    assert wire["date_text"] == "on Tuesday"
    assert (event["type"], event["date"], event["fatalities"], event["fatalities_max"]) == ("drone_strike", "2021-03-02", 2, 3)
    assert event["geo_precision"] == 1  # "in Hajeen" beats "the outskirts of Hajin" and "near Hajine"
    assert (event["actor1"], event["actor2"]) == ("International Coalition", "ISIS")


def test_two_strikes_on_one_town_on_different_days_stay_two(path_fusion_reports):
    found = json.loads(run("extract", *path_fusion_reports).stdout)["features"]
    busayrah = sorted((f["properties"]["date"], f["properties"]["number_of_sources"]) for f in found
                      if f["properties"]["place"] == "Al Busayrah")
    assert busayrah == [("2021-03-01", 1), ("2021-03-04", 1)]


def test_per_report_keeps_one_incident_per_report(path_fusion_reports):
    found = json.loads(run("extract", *path_fusion_reports, "--per-report").stdout)["features"]
    assert len(found) == 5
    assert all(f["properties"]["number_of_sources"] == 1 for f in found)
    monitor = next(f["properties"] for f in found if f["properties"]["doc"] == "hajin_monitor.txt")
    assert monitor["sources"] == [{"doc": "hajin_monitor.txt", "outlet": "Invented Monitor",
                                   "url": "https://monitor.example/hajin-drone", "evidence": monitor["evidence"],
                                   "date_text": "yesterday"}]


def test_the_same_corpus_in_any_order_gives_the_same_ids(path_fusion_reports):
    def ids(paths):
        return sorted(f["id"] for f in json.loads(run("extract", *paths).stdout)["features"])

    assert ids(path_fusion_reports) == ids(path_fusion_reports[::-1])
    incidents = [strike("a.txt"), strike("b.txt", fatalities=3), strike("c.txt", date="2021-03-03"),
                 strike("d.txt", date="2021-03-09"), strike("e.txt", type="shelling")]
    first = sorted(i.id for i in fuse_incidents(incidents))
    for seed in range(5):
        shuffled = incidents[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(i.id for i in fuse_incidents(shuffled)) == first


def test_fused_counts_follow_acleds_conservative_rule():
    [event] = fuse_incidents([strike("a.txt", fatalities=5), strike("b.txt", fatalities=3), strike("c.txt", fatalities=None)])
    assert (event.fatalities, event.fatalities_max, len(event.sources)) == (3, 5, 3)
    [agreed] = fuse_incidents([strike("a.txt"), strike("b.txt")])
    assert (agreed.fatalities, agreed.fatalities_max) == (2, None)


def test_denied_only_when_every_report_denies():
    [mixed] = fuse_incidents([strike("a.txt", status="denied"), strike("b.txt")])
    assert mixed.status == "reported"
    [denied] = fuse_incidents([strike("a.txt", status="denied"), strike("b.txt", status="denied")])
    assert denied.status == "denied"


def test_the_most_precise_place_and_date_win():
    near_but_that_day = strike("a.txt", geo_precision=2, uncertainty_km=9.0, lat=34.70, place_mention="near Hajin")
    in_town_that_week = strike("b.txt", date="2021-03-04", time_precision=2, date_text="last week")
    [event] = fuse_incidents([near_but_that_day, in_town_that_week])
    assert (event.lat, event.geo_precision, event.doc) == (HAJIN[0], 1, "b.txt")
    assert (event.date, event.time_precision) == ("2021-03-02", 1)
    # two day-precise dates a day apart: the one more reports give
    [event] = fuse_incidents([strike("a.txt"), strike("b.txt", date="2021-03-03"), strike("c.txt", date="2021-03-03")])
    assert event.date == "2021-03-03"


def test_what_does_not_agree_stays_apart():
    assert len(fuse_incidents([strike("a.txt"), strike("b.txt", date="2021-03-04")])) == 2  # 2 days, day precision
    assert len(fuse_incidents([strike("a.txt"), strike("b.txt", lat=BUSAYRAH[0], lon=BUSAYRAH[1])])) == 2
    assert len(fuse_incidents([strike("a.txt"), strike("b.txt", type="arrest")])) == 2
    assert len(fuse_incidents([strike("a.txt"), strike("b.txt", date=None)])) == 2  # undated: never fused
    assert len(fuse_incidents([strike("a.txt", char_start=0), strike("a.txt", char_start=90)])) == 2  # one report


def test_compatibility_rules():
    assert compatible_types("drone_strike", "air_strike") and compatible_types("explosion", "shelling")
    assert compatible_types("attack", "armed_clash")
    assert not compatible_types("shelling", "air_strike") and not compatible_types("convoy", "arrest")
    day = strike("a.txt")
    assert same_date(day, replace(day, date="2021-03-03")) and not same_date(day, replace(day, date="2021-03-04"))
    week = replace(day, time_precision=2)
    assert same_date(week, replace(day, date="2021-03-09")) and not same_date(week, replace(day, date="2021-03-10"))
    assert not same_date(day, replace(day, date=None))
    assert same_place(day, replace(day, lat=HAJIN[0] + 0.03))  # 3.3 km, within 4 km
    assert not same_place(day, replace(day, lat=HAJIN[0] + 0.06))  # 6.7 km
    assert not same_place(day, replace(day, lat=None, lon=None))


def test_fusion_compares_only_neighbours_in_time_and_space(monkeypatch):
    calls = []
    real = fusion._fusable
    monkeypatch.setattr(fusion, "_fusable", lambda a, b: calls.append(1) or real(a, b))
    days = pd.date_range("2018-01-01", periods=1000, freq="3D").strftime("%Y-%m-%d")  # 3 days apart: never one event
    corpus = [strike(f"r{n}.txt", date=days[n % 1000], lat=HAJIN[0] + (n // 1000) * 0.5) for n in range(3000)]
    corpus += [strike("again.txt", date=days[7])]  # a second report of one of them
    fused = fuse_incidents(corpus)
    assert len(fused) == 3000
    assert len(calls) < 10 * len(corpus)  # all pairs would be 4.5 million


def test_sources_export_to_geopackage_and_csv_as_json_text(path_fusion_reports, tmp_path):
    run("extract", *path_fusion_reports, "-o", tmp_path / "events.gpkg")
    run("extract", *path_fusion_reports, "-o", tmp_path / "events.csv")
    layer = geopandas.read_file(tmp_path / "events.gpkg")
    table = pd.read_csv(tmp_path / "events.csv")
    for frame in (layer, table):
        hajin = frame[frame["place"] == "Hajin"].iloc[0]
        assert len(json.loads(hajin["sources"])) == 3 and hajin["number_of_sources"] == 3
        assert hajin["fatalities_max"] == 3
        assert hajin["actor1"] == "International Coalition"


def test_consolidate_reads_roles_before_fusing():
    [event] = consolidate([strike("a.txt", actors=("International Coalition", "ISIS"),
                                  evidence="A Coalition drone struck ISIS members near Hajin.")])
    assert (event.actor1, event.actor2) == ("International Coalition", "ISIS")


def test_extract_events_is_the_api_of_the_extract_command(path_fusion_reports):
    import geoincidents as gi

    events = gi.extract_events([str(p) for p in path_fusion_reports])
    assert len(events) == 3 and events.crs.to_epsg() == 4326
    hajin = events[events["place"] == "Hajin"].iloc[0]
    assert hajin["number_of_sources"] == 3 and {s["outlet"] for s in hajin["sources"]} >= {"Invented Wire"}
    assert len(gi.extract_events(path_fusion_reports, per_report=True)) == 5
    texts = gi.extract_events(["A drone struck a car in Hajin yesterday, killing two.",
                               "Two people died when a drone hit their car in Hajine on Monday."], published="2021-03-02")
    assert texts[["type", "place", "number_of_sources"]].values.tolist() == [["drone_strike", "Hajin", 2]]
