"""Unit tests of geoincidents.maps: the folium objects and the HTML they render.

What a browser does with the page is tested in tests/browser/.
"""

from __future__ import annotations

import copy
import html.parser
import json
import pathlib
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geoincidents import maps
from geoincidents.errors import ExportError, InputFormatError

DATA = pathlib.Path(__file__).parent / "data"
HOSTILE = {
    "place_mention": '<img src=x onerror="window.__pwned=1">',
    "evidence": "<script>window.__pwned=1;alert(1)</script> gunmen attacked {{ 7*7 }} {% raw %} & co",
    "actors": ["</script><script>window.__pwned=1</script>", "<b>bold</b>"],
    "source": "'); window.__pwned=1; //",
    "doc": "{{ 7*7 }}.txt",
}


@pytest.fixture
def path_sample_incidents() -> pathlib.Path:
    return DATA / "incidents_sample.geojson"


@pytest.fixture
def sample_incidents(path_sample_incidents) -> dict:
    """Ten incidents: eight types, a routed convoy, an unrouted one, one unplaced, one hostile."""
    return json.loads(path_sample_incidents.read_text(encoding="utf-8"))


def many_incidents(count: int) -> dict:
    """``count`` placed shelling incidents on a small grid, dated across January."""
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40 + (i % 10) / 10, 35 + (i // 10) / 10]},
         "properties": {"id": f"m{i}", "type": "shelling", "date": f"2021-01-{1 + i % 28:02d}"}}
        for i in range(count)
    ]
    return {"type": "FeatureCollection", "features": features}


def data_records(page: str) -> list[dict]:
    """The incident records embedded in a rendered page."""
    match = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    assert match, "no incident data block in the page"
    return maps.records_from_columns(json.loads(match.group(1)))


def type_layers(m) -> dict:
    return {layer.incident_type: layer for layer in m._children.values() if hasattr(layer, "incident_type")}


class ResourceParser(html.parser.HTMLParser):
    """Every URL-bearing attribute of real tags (script bodies are not parsed as tags)."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href", "data", "poster", "srcset", "action"} and value:
                self.urls.append((tag, name, value))


# ---------------------------------------------------------------------------
# layers, legend, counts
# ---------------------------------------------------------------------------


def test_one_switchable_layer_per_type_present(sample_incidents):
    import folium

    m = maps.render_map(sample_incidents)
    layers = type_layers(m)
    assert list(layers) == ["air_strike", "drone_strike", "shelling", "armed_clash", "attack", "arrest",
                            "convoy", "military_exercise"]
    assert all(isinstance(layer, folium.FeatureGroup) and layer.control and layer.overlay
               for layer in layers.values())
    assert any(isinstance(child, folium.LayerControl) for child in m._children.values())
    page = m.get_root().render()
    for key in layers:
        assert maps.TYPE_STYLES[key].label in page


def test_types_have_distinct_colours_and_shapes():
    styles = maps.TYPE_STYLES.values()
    assert set(maps.TYPE_STYLES) == set(maps.INCIDENT_TYPES)
    assert len({s.color for s in styles}) == len(maps.INCIDENT_TYPES)
    assert len({s.path for s in styles}) == len(maps.INCIDENT_TYPES)
    assert all("http" not in s.svg() for s in styles)  # inline SVG: nothing to fetch


def test_unplaced_incidents_are_counted_not_drawn(sample_incidents):
    data = maps.map_data(sample_incidents)
    assert (data.placed, data.unplaced) == (9, 1)
    page = maps.map_html(sample_incidents)
    assert "1 incident not placed" in page
    ids = [record["id"] for record in data_records(page)]
    assert "inc-unplaced" not in ids and len(ids) == 9


def test_unknown_type_is_drawn_as_other_and_keeps_its_words(sample_incidents):
    sample_incidents["features"][0]["properties"]["type"] = "Sniper fire"
    record = maps.map_data(sample_incidents).records[0]
    assert record["k"] == "other" and record["type"] == "Sniper fire"


def test_uncertainty_routes_dates_and_denials_are_summarised(sample_incidents):
    data = maps.map_data(sample_incidents)
    assert data.uncertain == 3  # precision 2, 2 and 3; the precise ones get no circle
    assert data.routes == 2
    assert (data.first_day, data.last_day) == ("2021-01-12", "2021-01-21")
    assert data.denied == 1
    (south, west), (north, east) = data.bounds
    assert south <= 34.45 and north >= 37.05 and west <= 40.14 and east >= 41.23  # route origin included


def test_convoy_route_from_points_and_graceful_without_them(sample_incidents):
    records = {r["id"]: r for r in maps.map_data(sample_incidents).records}
    assert records["inc-convoy"]["route"] == [[37.05, 41.23], [[36.65, 40.37], [36.50, 40.75]]]
    assert "route" not in records["inc-convoy-noroute"]


def test_route_with_origin_only_ends_at_the_incident():
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.0, 35.0]},
               "properties": {"type": "convoy", "origin_point": [41.0, 36.0], "destination_points": [None]}}
    assert maps.map_data([feature]).records[0]["route"] == [[36.0, 41.0], [[35.0, 40.0]]]


def test_clustering_and_heat_map_follow_the_number_of_incidents():
    from folium.plugins import HeatMap, MarkerCluster

    def kinds(m):
        return {type(child) for child in m._children.values()}

    def radius(m):  # unclustered maps gather only incidents at one place (1 px), to spread them on a click
        return next(c for c in m._children.values() if isinstance(c, MarkerCluster)).options["max_cluster_radius"]

    small = maps.render_map(many_incidents(10))
    assert radius(small) == 1 and HeatMap not in kinds(small)
    big = maps.render_map(many_incidents(maps.CLUSTER_THRESHOLD + 1))
    assert radius(big) == 50 and HeatMap in kinds(big)
    heat = next(c for c in big._children.values() if isinstance(c, HeatMap))
    assert heat.show is False  # offered, switched off
    assert radius(maps.render_map(many_incidents(60), cluster=False, heatmap=False)) == 1
    assert radius(maps.render_map(many_incidents(3), cluster=True)) == 50
    assert MarkerCluster not in kinds(maps.render_map([]))


def test_map_fits_the_data(sample_incidents):
    page = maps.map_html(sample_incidents)
    assert "fitBounds(opts.bounds" in page and '"bounds":[[34.45,40.14],[37.05,41.23]]' in page


def test_date_filter_only_when_dates_differ(sample_incidents):
    assert '"dates":{"min":"2021-01-12","max":"2021-01-21"}' in maps.map_html(sample_incidents)
    undated = copy.deepcopy(sample_incidents)
    for feature in undated["features"]:
        feature["properties"]["date"] = None
    assert '"dates":null' in maps.map_html(undated)


def test_empty_input_makes_a_map():
    page = maps.map_html({"type": "FeatureCollection", "features": []}, offline=True)
    assert "No incidents" in page


# ---------------------------------------------------------------------------
# untrusted text
# ---------------------------------------------------------------------------


def test_hostile_report_text_is_inert_in_the_page(sample_incidents):
    page = maps.map_html(sample_incidents, offline=True)
    for raw in ("<script>window.__pwned", "<img src=x", "</script><script>window", "<b>bold</b>"):
        assert raw not in page
    hostile = next(r for r in data_records(page) if r["id"] == "inc-hostile")
    for field, value in HOSTILE.items():
        assert hostile[field] == value  # the words survive, escaped only for transport


def test_jinja_syntax_in_reports_is_not_evaluated(sample_incidents):
    # folium's own Popup/Tooltip would render "{{ 7*7 }}" as "49": branca
    # compiles element output as a template. Our data never goes through it.
    page = maps.map_html(sample_incidents)
    assert "{{ 7*7 }}.txt" in page
    assert "49.txt" not in page


def test_hostile_title_is_escaped(sample_incidents):
    page = maps.map_html(sample_incidents, title='<script>alert("t")</script>')
    assert '<script>alert("t")' not in page
    assert "<title>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;</title>" in page


def test_script_json_keeps_values_and_cannot_close_a_script():
    value = {"s": "</script><!-- \u2028 & {{ x }} ' \""}
    text = maps.script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


# ---------------------------------------------------------------------------
# offline and online pages
# ---------------------------------------------------------------------------


HEAT_OFFLINE = maps._asset_html("leaflet-heat.js") is not None  # folium-offline installed


@pytest.mark.filterwarnings("ignore:HeatMap dropped")
def test_offline_page_references_nothing_on_the_network(sample_incidents):
    page = maps.map_html(maps.render_map(many_incidents(80)), offline=True)  # clusters + heat map
    parser = ResourceParser()
    parser.feed(page)
    assert "link" not in parser.tags  # every stylesheet inlined
    assert all(not value.startswith(("http:", "https:", "//")) for _, _, value in parser.urls), parser.urls
    assert "tile.openstreetmap.org" not in page and "arcgisonline" not in page
    for css in re.findall(r"<style>(.*?)</style>", page, re.S):
        for url in re.findall(r"url\(([^)]*)\)", css):
            assert url.strip("'\"").startswith(("data:", "#")), url
    assert "L.markerClusterGroup" in page
    assert ("L.heatLayer" in page and "simpleheat" in page) is HEAT_OFFLINE


def test_offline_scripts_are_inlined_not_linked(sample_incidents):
    page = maps.map_html(sample_incidents, offline=True)
    assert "<script src=" not in page
    assert "Leaflet" in page and len(page) > 100_000  # leaflet.js itself is in there


def test_online_page_has_tiles_and_links(sample_incidents):
    page = maps.map_html(sample_incidents)
    assert "tile.openstreetmap.org" in page
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@' in page


def test_existing_map_can_be_made_offline(sample_incidents):
    m = maps.render_map(sample_incidents)
    page = maps.map_html(m, offline=True)
    assert "tile.openstreetmap.org" not in page and "<script src=" not in page


def test_heat_map_dropped_offline_when_no_package_carries_it(monkeypatch):
    real = maps._asset_html
    monkeypatch.setattr(maps, "_asset_html", lambda name: None if name == "leaflet-heat.js" else real(name))
    with pytest.warns(UserWarning, match="HeatMap dropped from the offline map.*folium-offline"):
        page = maps.map_html(many_incidents(80), offline=True)
    assert "L.heatLayer" not in page
    assert "heat: null" in page


def test_import_geoincidents_maps_does_not_import_folium():
    code = "import sys, geoincidents.maps; print('folium' in sys.modules, 'branca' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=pathlib.Path(__file__).parents[1])
    assert out.stdout.split() == ["False", "False"]


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------


def test_geodataframe_list_and_collection_give_the_same_records(sample_incidents):
    geopandas = pytest.importorskip("geopandas")
    gdf = geopandas.GeoDataFrame.from_features(sample_incidents["features"], crs="EPSG:4326")
    from_gdf = maps.map_data(gdf)
    from_fc = maps.map_data(sample_incidents)
    from_list = maps.map_data(sample_incidents["features"])
    assert from_fc == from_list
    assert [r["id"] for r in from_gdf.records] == [r["id"] for r in from_fc.records]
    assert from_gdf.unplaced == 1
    assert from_gdf.records[0]["fatalities"] == 3 and from_gdf.records[0]["actors"] == ["Russian forces"]


def test_projected_geodataframe_is_reprojected():
    geopandas = pytest.importorskip("geopandas")
    from shapely.geometry import Point

    gdf = geopandas.GeoDataFrame({"type": ["arrest"]}, geometry=[Point(40.14, 35.33)], crs="EPSG:4326")
    record = maps.map_data(gdf.to_crs("EPSG:3857")).records[0]
    assert record["lon"] == pytest.approx(40.14) and record["lat"] == pytest.approx(35.33)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("not incidents", "Expected a GeoDataFrame, a GeoJSON FeatureCollection dict or a list of Feature dicts"),
        ({"type": "Point", "coordinates": [1, 2]}, "Expected a GeoJSON FeatureCollection or Feature"),
        ([{"type": "Point"}], "Expected a list of GeoJSON Feature dicts"),
        ([{"type": "Feature", "geometry": ["not", "a", "geometry"],
           "properties": {"id": "x"}}], "Incident 'x': expected a GeoJSON geometry or null"),
        ([{"type": "Feature", "geometry": {"type": "Point", "coordinates": [35.3, 140.1]},
           "properties": {"id": "swapped"}}], r"Incident 'swapped': expected Point coordinates \[lon, lat\]"),
    ],
)
def test_bad_input_says_what_was_expected(bad, message):
    with pytest.raises(InputFormatError, match=message):
        maps.render_map(bad)


def test_nan_and_numpy_values_become_json():
    numpy = pytest.importorskip("numpy")
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.0, 35.0]},
               "properties": {"type": "shelling", "fatalities": numpy.int64(4), "injured": float("nan"),
                              "actors": numpy.array(["a", "b"]), "confidence": numpy.float32(0.5)}}
    record = maps.map_data([feature]).records[0]
    assert record["fatalities"] == 4 and "injured" not in record
    assert record["actors"] == ["a", "b"] and record["confidence"] == 0.5
    json.loads(maps.script_json(record))


# ---------------------------------------------------------------------------
# writing the file
# ---------------------------------------------------------------------------


def test_save_map_writes_one_file(sample_incidents, tmp_path):
    out = maps.save_map(sample_incidents, tmp_path / "map.html", offline=True, title="Sample")
    assert out == tmp_path / "map.html"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
    assert out.stat().st_mode & 0o044  # readable by others, unlike a raw temp file


def test_save_map_never_leaves_a_half_written_file(sample_incidents, tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("previous map", encoding="utf-8")

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(maps.os, "replace", disk_full)
    with pytest.raises(ExportError, match="No space left on device"):
        maps.save_map(sample_incidents, target)
    assert target.read_text(encoding="utf-8") == "previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # temp file removed


def test_save_map_writes_nothing_when_rendering_fails(tmp_path):
    target = tmp_path / "map.html"
    with pytest.raises(InputFormatError):
        maps.save_map("not incidents", target)
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_save_map_into_missing_directory(sample_incidents, tmp_path):
    with pytest.raises(ExportError, match="directory .*missing.* does not exist"):
        maps.save_map(sample_incidents, tmp_path / "missing" / "map.html")


def test_save_map_accepts_a_map(sample_incidents, tmp_path):
    m = maps.render_map(sample_incidents)
    out = maps.save_map(m, tmp_path / "m.html")
    assert "inc-air" in out.read_text(encoding="utf-8")


def test_plain_folium_elements_survive_offline(tmp_path):
    import folium

    m = folium.Map(location=[35, 40], zoom_start=6, tiles=None)
    folium.Marker([35, 40], popup="plain popup", icon=folium.Icon(color="red")).add_to(m)
    with pytest.warns(UserWarning, match="folium.Icon replaced"):
        page = maps.map_html(m, offline=True)
    assert "L.AwesomeMarkers" not in page and "window.$ = function" in page
    assert "<script src=" not in page


def test_geodataframe_with_dates_and_bad_geometry():
    geopandas = pytest.importorskip("geopandas")
    pandas = pytest.importorskip("pandas")
    from shapely.geometry import LineString, Point

    gdf = geopandas.GeoDataFrame(
        {"id": ["a", "b", "c"], "type": ["arrest", "arrest", "shelling"],
         "date": pandas.to_datetime(["2021-01-02", None, "2021-01-05"])},
        geometry=[Point(40, 35), None, Point()], crs="EPSG:4326",
    )
    data = maps.map_data(gdf)
    assert (data.placed, data.unplaced) == (1, 2)  # null and empty geometries are not placed
    assert data.records[0]["day"] == "2021-01-02" and data.records[0]["date"].startswith("2021-01-02")
    gdf.loc[0, "geometry"] = LineString([(40, 35), (41, 36)])
    data = maps.map_data(gdf)  # a line is drawn as a shape, not refused
    assert data.placed == 0 and [shape["g"]["type"] for shape in data.shapes] == ["LineString"]
    assert data.shapes[0]["id"] == "a" and data.bounds == [[35.0, 40.0], [36.0, 41.0]]


# ---------------------------------------------------------------------------
# any GeoJSON: foreign properties, types, lines and polygons
# ---------------------------------------------------------------------------


def foreign_collection() -> dict:
    """What another tool writes: its own property names, its own types, mixed geometries."""
    def feature(geometry, **props):
        return {"type": "Feature", "geometry": geometry, "properties": props}

    return {"type": "FeatureCollection", "features": [
        feature({"type": "Point", "coordinates": [40.1, 35.3]}, event_type="Battles", group="Group A",
                notes="Fighting <b>near</b> the bridge", fatalities=2),
        feature({"type": "Point", "coordinates": [40.2, 35.4]}, event_type="Protests", notes=None),
        feature({"type": "MultiPoint", "coordinates": [[40.3, 35.5], [40.4, 35.6]]}, event_type="Battles"),
        feature({"type": "LineString", "coordinates": [[40.0, 35.0], [40.5, 35.5]]}, name="front line"),
        feature({"type": "Polygon", "coordinates": [[[39, 34], [40, 34], [40, 35], [39, 34]]]}, name="zone"),
        feature({"type": "GeometryCollection", "geometries": []}, name="odd"),
    ]}


def test_foreign_points_keep_their_own_properties_and_types():
    data = maps.map_data(foreign_collection())
    assert data.counts == {"x:Battles": 3, "x:Protests": 1, "other": 2}
    assert data.style("x:Battles").label == "Battles"
    first = data.records[0]
    assert first["fatalities"] == 2
    assert ["group", "Group A"] in first["extra"] and ["notes", "Fighting <b>near</b> the bridge"] in first["extra"]
    assert data.records[1]["extra"] == [["event_type", "Protests"]]  # the null "notes" is left out
    assert [shape["g"]["type"] for shape in data.shapes] == ["LineString", "Polygon"]
    assert data.notes == ["1 GeometryCollection feature skipped (not drawn)"]


def test_a_foreign_file_without_types_is_one_layer():
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40, 35]}, "properties": {"name": "a"}}]}
    data = maps.map_data(fc)
    assert data.counts == {"other": 1} and data.records[0]["extra"] == [["name", "a"]]


def test_foreign_page_escapes_its_type_names_and_warns_of_skipped_features():
    fc = foreign_collection()
    fc["features"][1]["properties"]["event_type"] = "<img src=x onerror=alert(1)>"
    with pytest.warns(UserWarning, match="GeometryCollection"):
        page = maps.map_html(fc, offline=True)
    # Escaped as HTML for the legend, inside JSON escaped for the script element.
    assert "<img src=x" not in page and "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page


def test_offline_without_leaflet_package_says_what_to_install(sample_incidents, monkeypatch):
    monkeypatch.setattr(maps, "_asset_html", lambda name: None)
    with pytest.raises(ExportError, match="pip install xstatic-leaflet"):
        maps.map_html(sample_incidents, offline=True)


def test_missing_counts_of_a_geodataframe_are_left_out():
    """Nullable integer columns hold pandas.NA for every count the text does not give."""
    from geoincidents.export import incidents_to_geodataframe
    from geoincidents.incidents import Incident

    gdf = incidents_to_geodataframe([
        Incident("a.txt", "shelling", "Shells fell on the town.", 0, 24, date="2021-01-05", place="Hajin",
                 lat=34.69, lon=40.83, geo_precision=1, fatalities=2),
        Incident("b.txt", "arrest", "Men were detained.", 0, 18, lat=35.33, lon=40.14),
    ])
    assert str(gdf["injured"].dtype) == "Int64" and gdf["injured"].isna().all()
    gdf.loc[1, "source"] = float("nan")  # what a CSV read back gives for an empty cell
    records = maps.map_data(gdf).records
    assert records[0]["fatalities"] == 2 and "injured" not in records[0] and "vehicles" not in records[0]
    assert not {"fatalities", "date", "time_precision", "source", "place"} & set(records[1])
    page = maps.map_html(gdf, offline=True)
    for shown in ("<NA>", "\\u003cNA\\u003e", '"nan"', '"NaN"', '"None"', '"NaT"'):
        assert shown not in json.dumps(records) and shown not in maps.script_json(records)
    assert "\\u003cNA\\u003e" not in page


@pytest.mark.parametrize("text", ["nan", "NaN", "<NA>", "None", "NaT", ""])
def test_text_saying_unknown_is_left_out(text):
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.0, 35.0]},
               "properties": {"type": "shelling", "source": text, "actors": ["SDF", text]}}
    record = maps.map_data([feature]).records[0]
    assert "source" not in record and record["actors"] == ["SDF"]


# ---------------------------------------------------------------------------
# the browser files and the base map shipped with the package
# ---------------------------------------------------------------------------


def test_browser_code_lives_in_its_own_files_and_is_inlined():
    source = pathlib.Path(maps.__file__).read_text(encoding="utf-8")
    assert "L.Control.extend" not in source and ".gi-popup{" not in source.replace(" ", "")
    page = maps.map_html(many_incidents(3), offline=True)
    assert maps.static_text("map.js") in page and maps.static_text("map.css") in page


def test_base_map_is_small_public_domain_data_of_the_region():
    import geopandas

    folder = pathlib.Path(maps.__file__).parent / "data" / "basemap"
    path = folder / "basemap.geojson"
    assert path.stat().st_size < 400_000
    frame = geopandas.read_file(path)
    layers = set(frame["layer"])
    assert {"country", "admin1", "river", "country_label", "admin1_label", "town"} <= layers
    names = set(frame["name"].dropna())
    assert {"Syria", "Iraq", "Turkey", "Dayr Az Zawr", "Ar Raqqah", "Hasaka", "Euphrates", "Tigris"} <= names
    west, south, east, north = frame.total_bounds
    assert 34.9 <= west and east <= 45.1 and 31.4 <= south and north <= 38.7
    # Town labels are gazetteer places, each with its coordinate source there.
    import csv

    with (pathlib.Path(maps.__file__).parent / "data" / "places.csv").open(encoding="utf-8") as handle:
        sourced = {row["id"] for row in csv.DictReader(handle) if row["source"]}
    towns = frame[frame["layer"] == "town"]
    assert len(towns) > 50 and set(towns["place_id"]) <= sourced
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme and "public domain" in readme


def test_every_page_carries_the_base_map_as_data():
    page = maps.map_html(many_incidents(3), offline=True)
    match = re.search(r'<script type="application/json" id="gi-basemap">(.*?)</script>', page, re.S)
    assert match and json.loads(match.group(1))["type"] == "FeatureCollection"


def test_incidents_carry_their_article_and_governorate_to_the_map(tmp_path):
    from geoincidents.extract import extract_incidents

    report = tmp_path / "hajin.txt"
    report.write_text("Shells fell on Hajin on Monday, killing two people.", encoding="utf-8")
    (tmp_path / "hajin.meta.json").write_text(json.dumps(
        {"published": "2021-01-06", "url": "https://example.org/hajin", "outlet": "Example Wire"}), encoding="utf-8")
    gdf = extract_incidents([str(report)])
    assert gdf[["url", "outlet", "admin1"]].values.tolist() == [["https://example.org/hajin", "Example Wire",
                                                                   "Deir ez-Zor"]]
    record = maps.map_data(gdf).records[0]
    assert record["url"] == "https://example.org/hajin" and record["admin1"] == "Deir ez-Zor"
    assert "title" not in record


_values = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.5, 1.0, 35.25]),
                    st.sampled_from(["", "a", "Hajin", "<b>"]), st.lists(st.sampled_from(["SDF", "IS"]), max_size=2))


@given(st.lists(st.dictionaries(st.sampled_from(["k", "place", "n", "actors", "x"]), _values), max_size=12))
def test_records_by_column_round_trip(records):
    records = [{k: v for k, v in r.items() if v is not None} for r in records]
    block = maps.records_columns(records)
    assert maps.records_from_columns(json.loads(maps.script_json(block))) == records


def test_read_geojson_refuses_what_is_not_a_regular_file(tmp_path):
    import os

    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)
    with pytest.raises(InputFormatError, match="pipe.geojson: not a regular file"):
        maps.read_geojson(fifo)
    with pytest.raises(InputFormatError, match="not a regular file"):
        maps.read_geojson(tmp_path)
