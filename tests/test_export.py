"""Incidents as GIS files: GeoJSON (RFC 7946), GeoPackage and CSV, read back by geopandas/pyogrio.

Every test writes with ``write_incidents`` and reads with the tools an analyst
uses (``geopandas.read_file``, ``pyogrio.read_dataframe``), so what is checked
is what QGIS and a notebook will see, not what our writer thinks it wrote.
"""

from __future__ import annotations

import json
import math
import os
import stat
from datetime import date

import geopandas
import numpy as np
import pandas as pd
import pyogrio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geoincidents as gi
from geoincidents.errors import ExportError, GeoIncidentsError, InputFormatError
from geoincidents.export import (
    feature_collection,
    format_of,
    incidents_to_geodataframe,
    read_incidents,
    write_incidents,
)
from geoincidents.incidents import PROPERTIES, TYPES, Incident

# Deir ez-Zor city, GeoNames 170794: longitude 40.14084, latitude 35.33588.
DEIR_EZ_ZOR = (40.14084, 35.33588)
LIST_FIELDS = ("places", "actors", "destinations")
COUNT_FIELDS = ("fatalities", "injured", "arrested", "vehicles")
#: Properties that hold one value (not a list, not the convoy's point lists).
SCALAR_FIELDS = tuple(p for p in PROPERTIES if p not in LIST_FIELDS + ("origin_point", "destination_points"))


@pytest.fixture
def three_incidents() -> list[Incident]:
    """A shelling in Deir ez-Zor, an unplaced arrest raid, a convoy with a route."""
    return [
        Incident(
            doc="morning.txt", type="shelling", evidence="Regime artillery shelled Deir ez-Zor, killing 3 and wounding 7.",
            char_start=10, char_end=72, date="2021-03-02", date_text="on Tuesday", time_precision=1,
            place="Deir ez-Zor", place_id="geonames:170794", place_mention="Dayro Zcuro", places=("Dayro Zcuro",),
            lon=DEIR_EZ_ZOR[0], lat=DEIR_EZ_ZOR[1], geo_precision=1, uncertainty_km=4.0,
            fatalities=3, injured=7, actors=("regime forces",), source="SOHR", confidence=0.8,
        ),
        Incident(
            doc="morning.txt", type="arrest", evidence="Security forces raided Umm Qasabat and detained two men.",
            char_start=80, char_end=137, place_mention="Umm Qasabat", places=("Umm Qasabat",),
            arrested=2, actors=("SDF", "International Coalition"), confidence=0.4,
        ),
        Incident(
            doc="evening.html", type="convoy", evidence="A convoy of 30 trucks drove from Tal Tamr to Rmilan and Konoko.",
            char_start=0, char_end=63, date="2021-03-01", place="Rmilan", place_mention="Rmilan",
            places=("Tal Tamr", "Rmilan", "Konoko"), lon=42.2, lat=37.0, vehicles=30, fatalities=0,
            origin="Tal Tamr", destinations=("Rmilan", "Konoko"), origin_point=(40.6, 36.7),
            destination_points=((42.2, 37.0), (40.31, 35.34)),
        ),
    ]


def plain(value):
    """A value read back by geopandas as the plain JSON value it stands for."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def features_from_frame(gdf) -> list[dict]:
    """Back to GeoJSON-like features: properties as plain values, geometry as [lon, lat] or None."""
    features = []
    for row in gdf.to_dict("records"):
        geometry = row.pop("geometry")
        coords = None if geometry is None or geometry.is_empty else [geometry.x, geometry.y]
        features.append({"coordinates": coords, "properties": {k: plain(v) for k, v in row.items()}})
    return features


def written_features(incidents: list[Incident]) -> list[dict]:
    return [
        {"coordinates": [i.lon, i.lat] if i.placed else None, "properties": i.properties()}
        for i in incidents
    ]


# ---------------------------------------------------------------------------
# GeoJSON


def test_geojson_read_back_by_geopandas_has_the_same_rows_points_and_types(tmp_path, three_incidents):
    path = write_incidents(three_incidents, tmp_path / "incidents.geojson")
    gdf = geopandas.read_file(path)

    assert len(gdf) == 3
    assert gdf.crs.to_epsg() == 4326
    assert gdf["id"].tolist() == [i.id for i in three_incidents]
    assert gdf["type"].tolist() == ["shelling", "arrest", "convoy"]
    assert (gdf.geometry.x[0], gdf.geometry.y[0]) == DEIR_EZ_ZOR
    assert (gdf.geometry.x[2], gdf.geometry.y[2]) == (42.2, 37.0)
    assert gdf["fatalities"].tolist()[0] == 3 and gdf["fatalities"].tolist()[2] == 0
    assert math.isnan(gdf["fatalities"][1])  # not said: null, not 0
    assert gdf["injured"][0] == 7 and gdf["arrested"][1] == 2 and gdf["vehicles"][2] == 30
    assert gdf["acled_sub_event_type"].tolist() == ["Shelling/artillery/missile attack", "Arrests", "Other"]
    assert list(gdf["actors"][1]) == ["SDF", "International Coalition"]


def test_geojson_keeps_an_unplaced_incident_with_a_null_geometry(tmp_path, three_incidents):
    path = write_incidents(three_incidents, tmp_path / "incidents.geojson")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["features"][1]["geometry"] is None
    assert raw["features"][1]["properties"]["place_mention"] == "Umm Qasabat"

    for frame in (geopandas.read_file(path), pyogrio.read_dataframe(path)):
        assert len(frame) == 3
        assert frame.geometry.isna().tolist() == [False, True, False]
        assert frame["place_mention"][1] == "Umm Qasabat"


def test_geojson_is_rfc7946_lon_lat_without_a_crs_member(tmp_path, three_incidents):
    path = write_incidents(three_incidents, tmp_path / "incidents.geojson")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection"
    assert "crs" not in raw
    assert raw["features"][0]["geometry"] == {"type": "Point", "coordinates": list(DEIR_EZ_ZOR)}
    # Deir ez-Zor is at 40 E, 35 N: a swapped pair would put it at 35 E, 40 N, in Turkey.
    lon, lat = raw["features"][0]["geometry"]["coordinates"]
    assert 39 < lon < 41 and 35 < lat < 36


def test_geojson_written_from_a_geodataframe_has_no_crs_member_either(tmp_path, three_incidents):
    path = write_incidents(incidents_to_geodataframe(three_incidents), tmp_path / "incidents.geojson")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert "crs" not in raw
    assert raw["features"][0]["geometry"]["coordinates"] == list(DEIR_EZ_ZOR)
    assert raw["features"][1]["geometry"] is None
    assert raw["features"][0]["properties"]["fatalities"] == 3
    assert raw["features"][1]["properties"]["fatalities"] is None
    assert raw["features"][2]["properties"]["destinations"] == ["Rmilan", "Konoko"]


def test_pyogrio_and_geopandas_read_the_same_table(tmp_path, three_incidents):
    path = write_incidents(three_incidents, tmp_path / "incidents.geojson")
    by_geopandas = features_from_frame(geopandas.read_file(path, DATE_AS_STRING="YES"))
    by_pyogrio = features_from_frame(pyogrio.read_dataframe(path, DATE_AS_STRING="YES"))
    assert by_geopandas == by_pyogrio
    assert by_geopandas == written_features(three_incidents)


def test_geojson_read_back_with_typed_dates_writes_the_same_file_again(tmp_path, three_incidents):
    """GDAL reads `date` as a datetime column and lists as arrays; writing that frame is still lossless."""
    first = write_incidents(three_incidents, tmp_path / "first.geojson")
    gdf = geopandas.read_file(first)
    assert str(gdf["date"].dtype).startswith("datetime64")

    second = write_incidents(gdf, tmp_path / "second.geojson")
    before = json.loads(first.read_text(encoding="utf-8"))["features"]
    after = json.loads(second.read_text(encoding="utf-8"))["features"]
    assert [f["geometry"] for f in after] == [f["geometry"] for f in before]
    assert [f["properties"] for f in after] == [f["properties"] for f in before]


# ---------------------------------------------------------------------------
# GeoPackage and CSV


def test_geopackage_read_back(tmp_path, three_incidents):
    path = write_incidents(three_incidents, tmp_path / "incidents.gpkg")
    assert [tuple(layer) for layer in pyogrio.list_layers(path)] == [("incidents", "Point")]

    gdf = geopandas.read_file(path, layer="incidents")
    assert gdf.crs.to_epsg() == 4326
    assert gdf["id"].tolist() == [i.id for i in three_incidents]
    assert gdf.geometry.isna().tolist() == [False, True, False]
    assert (gdf.geometry.x[0], gdf.geometry.y[0]) == DEIR_EZ_ZOR
    assert gdf["fatalities"][0] == 3 and math.isnan(gdf["fatalities"][1]) and gdf["fatalities"][2] == 0
    assert gdf["char_start"].tolist() == [10, 80, 0]
    # A GeoPackage has no list type: lists are "; "-joined text.
    assert gdf["actors"][1] == "SDF; International Coalition"
    assert gdf["destinations"][2] == "Rmilan; Konoko"
    assert json.loads(gdf["destination_points"][2]) == [[42.2, 37.0], [40.31, 35.34]]
    assert gdf["evidence"][0] == three_incidents[0].evidence


def test_geopackage_written_from_a_geodataframe(tmp_path, three_incidents):
    gdf = incidents_to_geodataframe(three_incidents)
    path = write_incidents(gdf, tmp_path / "incidents.gpkg")
    back = pyogrio.read_dataframe(path)
    assert len(back) == 3
    assert back["places"][2] == "Tal Tamr; Rmilan; Konoko"
    assert back["type"].tolist() == gdf["type"].tolist()


@pytest.mark.parametrize("suffix", [".gpkg", ".csv"])
def test_a_frame_read_from_geojson_converts_to_geopackage_and_csv(tmp_path, three_incidents, suffix):
    """geopandas reads GeoJSON lists as numpy arrays; they are joined like lists, not printed as reprs."""
    gdf = geopandas.read_file(write_incidents(three_incidents, tmp_path / "incidents.geojson"))
    path = write_incidents(gdf, tmp_path / f"incidents{suffix}")
    table = pd.read_csv(path, dtype=str) if suffix == ".csv" else pyogrio.read_dataframe(path)
    assert table["places"][2] == "Tal Tamr; Rmilan; Konoko"
    assert table["actors"][1] == "SDF; International Coalition"
    assert json.loads(table["destination_points"][2]) == [[42.2, 37.0], [40.31, 35.34]]
    assert pd.isna(table["origin_point"][0])
    assert str(table["date"][0]).startswith("2021-03-02")


def test_csv_has_longitude_latitude_and_joined_lists(tmp_path, three_incidents):
    path = write_incidents(three_incidents, tmp_path / "incidents.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)

    assert list(table.columns) == list(PROPERTIES) + ["longitude", "latitude"]
    assert len(table) == 3
    assert (float(table["longitude"][0]), float(table["latitude"][0])) == DEIR_EZ_ZOR
    assert (table["longitude"][1], table["latitude"][1]) == ("", "")  # unplaced: empty, not 0
    assert table["actors"][1] == "SDF; International Coalition"
    assert table["places"][2] == "Tal Tamr; Rmilan; Konoko"
    assert table["fatalities"].tolist() == ["3", "", "0"]
    assert table["evidence"][2] == three_incidents[2].evidence


def test_csv_is_readable_as_points_by_geopandas(tmp_path, three_incidents):
    path = write_incidents(three_incidents, tmp_path / "incidents.csv")
    gdf = geopandas.read_file(path, X_POSSIBLE_NAMES="longitude", Y_POSSIBLE_NAMES="latitude")
    assert len(gdf) == 3
    assert (gdf.geometry.x[0], gdf.geometry.y[0]) == DEIR_EZ_ZOR
    assert gdf.geometry.isna()[1] or gdf.geometry[1].is_empty
    assert gdf["id"].tolist() == [i.id for i in three_incidents]


def test_no_incidents_is_still_a_valid_file_in_every_format(tmp_path):
    assert json.loads(write_incidents([], tmp_path / "none.geojson").read_text()) == {"type": "FeatureCollection", "features": []}
    assert len(geopandas.read_file(write_incidents([], tmp_path / "none.gpkg"))) == 0
    assert pd.read_csv(write_incidents([], tmp_path / "none.csv")).columns.tolist()[-2:] == ["longitude", "latitude"]


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv"])
def test_written_files_are_readable_by_others_like_any_new_file(tmp_path, three_incidents, suffix):
    """The temporary file is private (0600); the output must get the usual permissions."""
    umask = os.umask(0o022)
    try:
        path = write_incidents(three_incidents, tmp_path / f"incidents{suffix}")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_format_of_suffixes_and_an_unknown_one():
    assert [format_of(p) for p in ("a.geojson", "a.JSON", "a.gpkg", "a.csv")] == ["geojson", "geojson", "gpkg", "csv"]
    assert format_of("a.txt", "csv") == "csv"
    with pytest.raises(ExportError) as info:
        format_of("out.shp")
    assert str(info.value) == "out.shp: unknown output format; use .geojson, .gpkg, .csv, .parquet, .fgb or .geojsons"


# ---------------------------------------------------------------------------
# Atomic writes


def test_a_missing_directory_raises_export_error_and_writes_nothing(tmp_path, three_incidents):
    target = tmp_path / "missing" / "incidents.geojson"
    with pytest.raises(ExportError) as info:
        write_incidents(three_incidents, target)
    assert str(info.value) == f"{tmp_path / 'missing'}: no such directory"
    assert isinstance(info.value, (GeoIncidentsError, OSError))
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv"])
def test_a_target_that_is_a_directory_raises_export_error_and_leaves_no_temporary_file(tmp_path, three_incidents, suffix):
    target = tmp_path / f"incidents{suffix}"
    target.mkdir()
    with pytest.raises(ExportError) as info:
        write_incidents(three_incidents, target)
    assert str(info.value).startswith(f"{target}: cannot write (")
    assert target.is_dir() and list(target.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv"])
def test_a_write_that_fails_at_the_last_step_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch, three_incidents, suffix):
    target = tmp_path / f"incidents{suffix}"
    target.write_text("the previous good output\n")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("geoincidents.export.os.replace", refuse)
    with pytest.raises(ExportError) as info:
        write_incidents(three_incidents, target)
    assert str(info.value) == f"{target}: cannot write (No space left on device)"
    assert target.read_text() == "the previous good output\n"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("suffix, writer", [
    (".geojson", "pathlib.Path.write_text"),
    (".gpkg", "geopandas.GeoDataFrame.to_file"),
    (".csv", "pandas.DataFrame.to_csv"),
])
def test_a_write_that_fails_midway_leaves_no_file(tmp_path, monkeypatch, three_incidents, suffix, writer):
    target = tmp_path / f"incidents{suffix}"

    def half_then_fail(self, *args, **kwargs):
        path = self if isinstance(self, os.PathLike) else args[0]  # Path.write_text writes to itself
        with open(path, "w") as handle:
            handle.write('{"type": "FeatureCollection", "features": [')
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(writer, half_then_fail)
    with pytest.raises(ExportError) as info:
        write_incidents(three_incidents, target)
    assert str(info.value) == f"{target}: cannot write (Input/output error)"
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------
# Reading GeoJSON back (the `map` command's input)


def test_read_incidents_returns_the_features(tmp_path, three_incidents):
    path = write_incidents(three_incidents, tmp_path / "incidents.geojson")
    features = read_incidents(path)
    assert [f["properties"]["id"] for f in features] == [i.id for i in three_incidents]
    assert features == feature_collection(three_incidents)["features"]


def test_read_incidents_accepts_a_single_feature(tmp_path):
    path = tmp_path / "one.geojson"
    path.write_text(json.dumps({"type": "Feature", "geometry": None, "properties": {"type": "arrest"}}))
    assert read_incidents(path) == [{"type": "Feature", "geometry": None, "properties": {"type": "arrest"}}]


def _point(coordinates):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": coordinates}, "properties": {}}]}


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON (line 1, column 2: Expecting property name enclosed in double quotes)"),
    ("", "not valid JSON (line 1, column 1: Expecting value)"),
    ("[1, 2, 3]", "not a GeoJSON FeatureCollection"),
    ('{"type": "FeatureCollection"}', "not a GeoJSON FeatureCollection"),
    ('{"type": "Point", "coordinates": [40, 35]}', "not a GeoJSON FeatureCollection"),
    ('{"type": "FeatureCollection", "features": [{"type": "Point", "coordinates": [40, 35]}]}',
     "feature 0 is not a GeoJSON Feature"),
    (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": {}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[40, 35], [41, 36]]}, "properties": {}}]}),
     'feature 1 must have a Point geometry [lon, lat] or null, got {"type": "LineString", "coordinates": [[40, 35], [41, 36]]}'),
    (json.dumps(_point([200.0, 35.0])),
     'feature 0 must have a Point geometry [lon, lat] or null, got {"type": "Point", "coordinates": [200.0, 35.0]}'),
    (json.dumps(_point([40.1, -95])),
     'feature 0 must have a Point geometry [lon, lat] or null, got {"type": "Point", "coordinates": [40.1, -95]}'),
    (json.dumps(_point(["40.1", "35.3"])),
     'feature 0 must have a Point geometry [lon, lat] or null, got {"type": "Point", "coordinates": ["40.1", "35.3"]}'),
    (json.dumps(_point([True, False])),
     'feature 0 must have a Point geometry [lon, lat] or null, got {"type": "Point", "coordinates": [true, false]}'),
    (json.dumps(_point([40.1])),
     'feature 0 must have a Point geometry [lon, lat] or null, got {"type": "Point", "coordinates": [40.1]}'),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": [1]}]}',
     "feature 0 has properties that are not an object"),
])
def test_read_incidents_rejects_malformed_geojson_with_the_reason(tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputFormatError) as info:
        read_incidents(path)
    assert str(info.value) == f"{path}: {message}"
    assert isinstance(info.value, ValueError)


def test_read_incidents_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(InputFormatError) as info:
        read_incidents(tmp_path / "none.geojson")
    assert str(info.value) == f"{tmp_path / 'none.geojson'}: no such file"

    latin = tmp_path / "latin.geojson"
    latin.write_bytes('{"type": "FeatureCollection", "features": [], "name": "Ra\xefs"}'.encode("latin-1"))
    with pytest.raises(InputFormatError) as info:
        read_incidents(latin)
    assert str(info.value) == f"{latin}: not UTF-8 text; GeoJSON must be UTF-8 (RFC 7946)"


# ---------------------------------------------------------------------------
# The round-trip property: incidents -> GeoJSON -> geopandas -> features is lossless

HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "'; DROP TABLE incidents; --",
    '"quoted" \\ back\\slash', "{{ 7*7 }}", "\u202eRTL override", "دير الزور", "ܕܝܪܐ ܙܥܘܪܐ", "🚁💥", "\r\n\t",
    "null", "NaN", "2021-01-31", "0", "",
])
# Report text is decoded from bytes, so never holds lone surrogates; GDAL strings
# are C strings, so a NUL would end them (documents.py refuses NUL bytes).
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
SOME_TEXT = st.one_of(TEXT, HOSTILE, st.lists(st.one_of(TEXT, HOSTILE), max_size=4).map("".join))
COUNT = st.one_of(st.none(), st.integers(min_value=0, max_value=1_000_000))
PRECISION = st.one_of(st.none(), st.integers(min_value=1, max_value=3))
LON = st.floats(min_value=-180, max_value=180, allow_nan=False)
LAT = st.floats(min_value=-90, max_value=90, allow_nan=False)


@st.composite
def incidents(draw) -> Incident:
    point = draw(st.one_of(st.none(), st.tuples(LON, LAT)))
    start = draw(st.integers(min_value=0, max_value=10_000_000))
    return Incident(
        doc=draw(SOME_TEXT),
        type=draw(st.sampled_from(TYPES)),
        evidence=draw(SOME_TEXT),
        char_start=start,
        char_end=start + draw(st.integers(min_value=0, max_value=5_000)),
        status=draw(st.sampled_from(["reported", "denied"])),
        date=draw(st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)).map(date.isoformat))),
        date_text=draw(st.one_of(st.none(), SOME_TEXT)),
        time_precision=draw(PRECISION),
        place=draw(st.one_of(st.none(), SOME_TEXT)),
        place_id=draw(st.one_of(st.none(), SOME_TEXT)),
        place_mention=draw(st.one_of(st.none(), SOME_TEXT)),
        places=tuple(draw(st.lists(SOME_TEXT, max_size=3))),
        lon=None if point is None else point[0],
        lat=None if point is None else point[1],
        geo_precision=draw(PRECISION),
        uncertainty_km=draw(st.one_of(st.none(), st.floats(min_value=0, max_value=500, allow_nan=False))),
        fatalities=draw(COUNT),
        injured=draw(COUNT),
        arrested=draw(COUNT),
        vehicles=draw(COUNT),
        actors=tuple(draw(st.lists(SOME_TEXT, max_size=3))),
        source=draw(st.one_of(st.none(), SOME_TEXT)),
        confidence=draw(st.floats(min_value=0, max_value=1)),
        civilian_targets=draw(st.booleans()),
    )


def scalar_view(feature: dict) -> dict:
    return {
        "coordinates": feature["coordinates"],
        "properties": {k: feature["properties"][k] for k in SCALAR_FIELDS},
    }


def list_view(feature: dict) -> dict:
    # GDAL reads an empty JSON list as null; both mean "none".
    return {k: feature["properties"][k] or [] for k in LIST_FIELDS}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(incidents(), min_size=1, max_size=6))
def test_round_trip_through_geopandas_is_lossless(tmp_path, records):
    path = write_incidents(records, tmp_path / "round.geojson")
    # DATE_AS_STRING: GDAL would otherwise type a column of date-like strings as dates.
    gdf = geopandas.read_file(path, DATE_AS_STRING="YES")
    assert len(gdf) == len(records)

    expected = written_features(records)
    got = features_from_frame(gdf)
    assert [scalar_view(f) for f in got] == [scalar_view(f) for f in expected]
    assert [list_view(f) for f in got] == [list_view(f) for f in expected]
    for feature in got:
        for field in COUNT_FIELDS:
            value = feature["properties"][field]
            assert value is None or float(value).is_integer()

    # ... and the frame written again is the same GeoJSON.
    again = json.loads(write_incidents(gdf, tmp_path / "again.geojson").read_text(encoding="utf-8"))["features"]
    assert [f["geometry"] for f in again] == [r.to_feature()["geometry"] for r in records]
    assert [{k: f["properties"][k] for k in SCALAR_FIELDS} for f in again] == \
        [{k: r.properties()[k] for k in SCALAR_FIELDS} for r in records]


# ---------------------------------------------------------------------------
# GeoParquet, FlatGeobuf, sequences; dates and lists GIS-clean


def _sample_incidents():
    from geoincidents.batch import iter_incidents

    text = ("Warplanes struck Hajin on Monday, killing 3 people.\n\n"
            "Clashes broke out between the SDF and ISIS in Diban on Tuesday.\n\n"
            "Armed men attacked a checkpoint in Qaryat Zubaydiyat al-Fawqa.")
    return list(iter_incidents([text], published="2021-07-14"))


def test_the_api_frame_has_real_dates_and_name_lists():
    gdf = gi.extract_incidents(["Clashes broke out between the SDF and ISIS in Diban on Tuesday."], published="2021-07-14")
    assert str(gdf["date"].dtype).startswith("datetime64")
    assert gdf["date"][0] == pd.Timestamp("2021-07-13")
    assert gdf["actors"][0] == ["SDF", "ISIS"] and isinstance(gdf["actors"][0], list)


@pytest.mark.parametrize("suffix", [".gpkg", ".fgb"])
def test_lists_and_dates_are_the_same_from_the_cli_writer_and_gdf_to_file(tmp_path, suffix):
    incidents = _sample_incidents()
    ours = tmp_path / f"ours{suffix}"
    write_incidents(incidents, ours)
    gdf = incidents_to_geodataframe(incidents)
    theirs = tmp_path / f"theirs{suffix}"
    gdf.to_file(theirs, **({"SPATIAL_INDEX": "NO"} if suffix == ".fgb" else {}))
    a, b = geopandas.read_file(ours), geopandas.read_file(theirs)
    for col in ("actors", "places", "destinations", "date"):
        assert a[col].tolist() == b[col].tolist(), col
    assert "SDF; ISIS" in a["actors"].tolist()
    assert not any(str(v).startswith("[") for v in a["places"])
    assert str(a["date"].dtype).startswith("datetime64")


def test_geoparquet_round_trip(tmp_path):
    incidents = _sample_incidents()
    out = write_incidents(incidents, tmp_path / "incidents.parquet")
    back = geopandas.read_parquet(out)
    assert back.crs.to_epsg() == 4326
    assert back["id"].tolist() == [i.id for i in incidents]
    assert str(back["date"].dtype).startswith("datetime64")
    assert [list(v) for v in back["actors"]] == [list(i.actors) for i in incidents]
    assert back.geometry.isna().sum() == sum(not i.placed for i in incidents)


def test_geojson_sequence_file(tmp_path):
    incidents = _sample_incidents()
    out = write_incidents(incidents, tmp_path / "incidents.geojsons")
    text = out.read_text(encoding="utf-8")
    assert text.count("\x1e") == len(incidents)
    assert geopandas.read_file(out)["id"].tolist() == [i.id for i in incidents]
