"""ACLED vocabularies (examples and counter-examples) and reading ACLED CSV exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geoincidents.acled import (
    EVENT_TYPES, SUB_EVENT_TO_TYPE, AcledReadReport, disorder_type, incident_type, parse_acled_date,
    read_acled, type_family,
)
from geoincidents.errors import InputFormatError
from geoincidents.incidents import ACLED, TYPES

DATA = Path(__file__).parent / "data" / "acled"


def test_every_sub_event_type_maps_to_one_of_our_types():
    for sub_events in EVENT_TYPES.values():
        for sub in sub_events:
            assert incident_type("", sub) in TYPES


def test_our_acled_categories_are_in_the_codebook_and_map_back_to_a_compatible_type():
    for kind, (event_type, sub) in ACLED.items():
        assert sub in EVENT_TYPES[event_type]
        assert type_family(incident_type(event_type, sub)) == type_family(kind)


@pytest.mark.parametrize("event_type, sub, expected", [
    ("Battles", "Armed clash", "Political violence"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence"),
    ("Violence against civilians", "Attack", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Riots", "Violent demonstration", "Demonstrations"),
    ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
    ("Riots", "Mob violence", "Political violence; Demonstrations"),
    ("Strategic developments", "Arrests", "Strategic developments"),
])
def test_disorder_type_follows_the_codebook(event_type, sub, expected):
    assert disorder_type(event_type, sub) == expected


@pytest.mark.parametrize("sub, notes, expected", [
    ("Air/drone strike", "A drone hit a pickup truck.", "drone_strike"),
    ("Air/drone strike", "Warplanes bombed the bridge.", "air_strike"),
    ("Shelling/artillery/missile attack", "", "shelling"),
    ("Remote explosive/landmine/IED", "", "explosion"),
    ("Arrests", "", "arrest"),
    ("Agreement", "", "other"),          # counter-example: not an incident we extract
    ("Peaceful protest", "", "other"),   # counter-example
])
def test_incident_type_of_an_acled_event(sub, notes, expected):
    event_type = next(e for e, subs in EVENT_TYPES.items() if sub in subs)
    assert incident_type(event_type, sub, notes) == expected


def test_type_families_group_what_two_observers_may_call_one_event():
    assert type_family("drone_strike") == type_family("air_strike") == type_family("explosion")
    assert type_family("attack") == type_family("armed_clash")
    assert type_family("arrest") != type_family("attack")
    assert type_family("convoy") != type_family("shelling")


@pytest.mark.parametrize("text, expected", [
    ("2021-03-02", date(2021, 3, 2)), ("02 March 2021", date(2021, 3, 2)), ("2 March 2021", date(2021, 3, 2)),
    ("02-March-2021", date(2021, 3, 2)), ("02 Mar 2021", date(2021, 3, 2)),
])
def test_acled_dates_in_both_export_styles(text, expected):
    assert parse_acled_date(text) == expected


@pytest.mark.parametrize("text", ["03/02/2021", "March 2021", "", "2021-02-30"])
def test_dates_that_are_not_acled_dates_raise(text):
    with pytest.raises(ValueError):
        parse_acled_date(text)


def test_read_acled_gives_our_schema_with_acled_extras():
    gdf = read_acled(DATA / "syria_sample.csv")
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf["event_id_cnty"]) == ["SYR900001", "SYR900002", "SYR900003", "SYR900004"]
    first = gdf.iloc[0]
    assert (first["type"], first["date"], first["place"], first["fatalities"]) == ("drone_strike", "2021-03-02", "Hajin", 2)
    assert (first.geometry.x, first.geometry.y) == (40.83138, 34.69508)
    assert first["evidence"].startswith("On 2 March 2021, an unidentified drone")
    raid = gdf.iloc[2]
    assert raid["date"] == "2021-03-06" and raid["time_precision"] == 2  # the '06 March 2021' style
    assert raid["actor1"] == "Military Forces of the SDF" and raid["actor2"] == "Civilians (Syria)"
    assert list(raid["assoc_actors"]) == ["Global Coalition Against Daesh"]
    assert list(raid["actors"]) == ["Military Forces of the SDF", "Global Coalition Against Daesh", "Civilians (Syria)"]
    assert gdf.attrs["skipped"] == 0


def test_read_acled_skips_and_counts_bad_rows():
    report = AcledReadReport()
    gdf = read_acled(DATA / "bad_rows.csv", report)
    assert list(gdf["id"]) == ["SYR900010"]
    assert report.rows == 1 and gdf.attrs["skipped"] == 3
    assert [line for line, _ in report.skipped] == [3, 4, 5]
    assert "not an ACLED date" in report.skipped[0][1]
    assert "unknown event_type 'Parades'" in report.skipped[2][1]


def test_a_csv_that_is_not_acled_names_the_missing_columns(tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text("id,type,date,latitude,longitude\n1,shelling,2021-01-01,35,40\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"incidents.csv: not an ACLED export: missing columns "
                                              r"event_id_cnty, event_date, event_type, sub_event_type$"):
        read_acled(path)


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe\x00bad", "not UTF-8 text"),
    (b"", "missing columns event_id_cnty"),
])
def test_unreadable_files_raise_one_clear_error(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(InputFormatError, match=message):
        read_acled(path)
    with pytest.raises(InputFormatError, match="no such file"):
        read_acled(tmp_path / "missing.csv")


def test_sub_event_mapping_only_names_codebook_sub_events():
    known = {sub for subs in EVENT_TYPES.values() for sub in subs}
    assert set(SUB_EVENT_TO_TYPE) <= known


def test_a_row_with_too_many_cells_is_skipped_and_a_giant_field_is_one_error(tmp_path):
    good = (DATA / "bad_rows.csv").read_text(encoding="utf-8").splitlines()[:2]
    path = tmp_path / "extra.csv"
    path.write_text("\n".join(good + [good[1].replace("SYR900010", "SYR900020") + ",surplus"]) + "\n", encoding="utf-8")
    report = AcledReadReport()
    assert list(read_acled(path, report)["id"]) == ["SYR900010"]
    assert report.skipped == [(3, "more cells than columns")]
    giant = tmp_path / "giant.csv"
    giant.write_text(good[0] + "\n" + good[1].replace("shepherd", "x" * 200_000) + "\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"giant.csv: not a readable CSV file \(field larger than field limit"):
        read_acled(giant)
