"""The shipped gazetteer's rows: every coordinate sourced, valid and inside the region it covers."""

from __future__ import annotations

import csv
import re
from importlib import resources

import pytest

from geoincidents.gazetteer import COLUMNS, KINDS

# Syria and the Iraqi provinces the build keeps (Anbar, Nineveh, Dohuk, Erbil, Baghdad), with a margin.
REGION = {"lat": (30.0, 38.0), "lon": (35.0, 46.0)}
REGION_COUNTRIES = {"SY", "IQ"}
SOURCE = re.compile(r"geonames:\d+|https?://\S+")


def shipped_rows() -> list[dict]:
    with resources.as_file(resources.files("geoincidents") / "data" / "places.csv") as path:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            assert tuple(reader.fieldnames) == COLUMNS
            return list(reader)


ROWS = shipped_rows()


def test_ids_are_unique_and_well_formed():
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"geonames:\d+|gi:[a-z0-9-]+", i) for i in ids), [i for i in ids if not re.fullmatch(r"geonames:\d+|gi:[a-z0-9-]+", i)]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_every_row_has_a_source_and_valid_coordinates_in_the_region(row):
    parts = [p.strip() for p in row["source"].split(";")]
    assert parts and all(SOURCE.fullmatch(p) for p in parts), f"{row['id']}: source {row['source']!r}"
    lat, lon = float(row["lat"]), float(row["lon"])
    assert row["name"].strip() and row["kind"] in KINDS
    if row["kind"] == "country" or row["country"] not in REGION_COUNTRIES:
        assert -90 <= lat <= 90 and -180 <= lon <= 180
    else:
        assert REGION["lat"][0] <= lat <= REGION["lat"][1] and REGION["lon"][0] <= lon <= REGION["lon"][1], \
            f"{row['id']} {row['name']}: {lat}, {lon} is outside the region"


def test_a_geonames_row_cites_its_own_id_or_a_page():
    for row in ROWS:
        if row["id"].startswith("geonames:") and row["source"].startswith("geonames:"):
            assert row["source"] == row["id"], row["id"]


# Press spellings of the curated places, and the point (within 2 km) their source gives.
PRESS_SPELLINGS = {
    "gi:al-sinaa-prison": ((36.4775, 40.7625), ["Ghweran prison", "Ghuwayran prison", "Sina'a prison", "سجن الصناعة"]),
    "gi:ayn-al-asad-airbase": ((33.8, 42.433333), ["Ain al-Asad", "Ayn al-Asad", "Al Asad Air Base", "قاعدة عين الأسد"]),
    "gi:t2-pumping-station": ((34.376879, 40.151596), ["T2 station", "T-2 pumping station"]),
    "gi:al-quriyah": ((34.96, 40.55), ["al-Quriyah", "al-Qouriya", "القورية"]),
    "gi:rihaniya-hasakah": ((36.601231, 40.071902), ["Rihaniya", "ريحانية"]),
    "gi:suwaydiyah-saghirah": ((35.9235324, 38.5606384), ["Sweida Sagheer"]),
    "gi:ali-bajliyah": ((36.543846, 38.984213), ["Baciliye", "Ali Bajliya"]),
}


@pytest.mark.parametrize("place_id, name", [(i, n) for i, (_, names) in PRESS_SPELLINGS.items() for n in names])
def test_press_spellings_of_curated_places_resolve_to_their_sourced_point(shipped_gazetteer, place_id, name):
    from geoincidents.gazetteer import haversine_km

    point = PRESS_SPELLINGS[place_id][0]
    m = shipped_gazetteer.resolve(name)
    assert m is not None and m.id == place_id, (name, m)
    assert haversine_km(point[0], point[1], m.lat, m.lon) < 2
