"""Reading the map in a real Chromium: the offline base, spiderfy, time, histogram, search, source links."""

from __future__ import annotations

import copy
import json
import pathlib

import pytest

from geoincidents import maps

pytestmark = pytest.mark.browser

SAMPLE = pathlib.Path(__file__).parents[1] / "data" / "incidents_sample.geojson"
STATE = "Object.values(window.geoincidents.maps)[0]"


@pytest.fixture(scope="module")
def sample_incidents() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def offline_page(tmp_path_factory, sample_incidents) -> pathlib.Path:
    return maps.save_map(sample_incidents, tmp_path_factory.mktemp("reading") / "sample.html", offline=True)


def open_map(page, path: pathlib.Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_function("window.__giReady === true")


def in_view(page, locator) -> bool:
    """Shown and inside the 1200 x 800 viewport (not just in the DOM)."""
    if not locator.is_visible():
        return False
    box = locator.bounding_box()
    return box is not None and 0 <= box["x"] and box["x"] + box["width"] <= 1200 and 0 <= box["y"] <= 800


def test_offline_base_names_a_country_and_a_governorate_without_a_click(page, offline_page):
    blocked: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else (blocked.append(route.request.url), route.abort()))
    open_map(page, offline_page)
    country = page.locator(".gi-label-country_label", has_text="Syria")
    governorate = page.locator(".gi-label-admin1_label", has_text="Dayr Az Zawr")
    assert in_view(page, country), page.locator(".gi-label-country_label").all_inner_texts()
    assert in_view(page, governorate)
    assert page.locator("path.gi-base-country").count() >= 1
    assert page.locator("path.gi-base-admin1").count() >= 1
    assert page.locator("path.gi-base-river").count() == 2  # Euphrates, Tigris
    assert blocked == []


def test_more_town_names_as_one_zooms_in(page, offline_page):
    open_map(page, offline_page)
    page.evaluate(f"{STATE}.map.setZoom(7, {{animate: false}})")
    few = page.locator(".gi-label-town").count()
    page.evaluate(f"{STATE}.map.setZoom(10, {{animate: false}})")
    page.wait_for_function(f"{STATE}.basemap.labels.filter(l => l.giRank === 4 && "
                           f"{STATE}.basemap.group.hasLayer(l)).length > {few}", timeout=5000)


def test_online_page_without_tiles_still_shows_the_base(page, tmp_path, sample_incidents):
    """Tiles fail; Leaflet comes from the installed packages as a CDN would serve it."""
    import folium
    from folium.plugins import HeatMap, MarkerCluster

    urls = dict((url, name) for cls in (folium.Map, MarkerCluster, HeatMap)
                for name, url in cls.default_js + cls.default_css)

    def cdn_or_nothing(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            return route.continue_()
        name = urls.get(url)
        if name not in maps._ASSET_FILES:
            return route.abort()
        package, relative = maps._ASSET_FILES[name]
        body = (maps._package_dir(package) / relative).read_text(encoding="utf-8")
        route.fulfill(status=200, body=body,
                      content_type="text/css" if url.endswith(".css") else "application/javascript")

    page.route("**/*", cdn_or_nothing)
    open_map(page, maps.save_map(sample_incidents, tmp_path / "online.html"))
    assert in_view(page, page.locator(".gi-label-admin1_label", has_text="Dayr Az Zawr"))
    # Under the tiles: its pane is below Leaflet's tile pane (200).
    assert page.evaluate("+getComputedStyle(document.querySelector('.leaflet-gi-base-pane')).zIndex") < 200


def test_online_page_without_network_says_so(browser, tmp_path, sample_incidents):
    # Its own page: folium's script throws without Leaflet, which the `page` fixture would fail on.
    page = browser.new_page()
    try:
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(maps.save_map(sample_incidents, tmp_path / "online.html").as_uri())
        page.wait_for_selector(".gi-no-network")
        assert "--offline" in page.inner_text(".gi-no-network")
    finally:
        page.close()


def test_incidents_at_one_place_spread_apart_on_a_click(page, tmp_path):
    same = [40.14, 35.33]
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": same},
                 "properties": {"id": f"same-{i}", "type": "shelling", "date": "2021-01-0%d" % (i + 1)}}
                for i in range(3)]
    features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.83, 34.69]},
                     "properties": {"id": "apart", "type": "arrest"}})
    open_map(page, maps.save_map(features, tmp_path / "same.html", offline=True))
    bubble = page.locator(".gi-cluster")
    assert bubble.count() == 1 and bubble.inner_text() == "3"
    assert page.locator(".gi-marker").count() == 1
    page.wait_for_timeout(300)  # let the first frames settle: a bubble redrawn under the pointer misses the click
    bubble.click()
    page.wait_for_function("document.querySelectorAll('.gi-marker').length === 4")
    # The legs grow in an animation: wait for it to end rather than read the first frame.
    page.wait_for_function("""() => {
        const spots = [...document.querySelectorAll('.gi-marker')].map(m => {
            const r = m.getBoundingClientRect(); return Math.round(r.x / 4) + ',' + Math.round(r.y / 4); });
        return new Set(spots).size === 4; }""", timeout=5000)  # each can be clicked
    page.locator(".gi-marker").first.click()
    page.wait_for_selector(".gi-popup")


def test_play_shows_one_week_then_the_next(page, offline_page):
    open_map(page, offline_page)
    # Frames are stepped by pause and play, not by the timer: a loaded machine can
    # run a short timer before the first frame is read.
    page.evaluate(f"{STATE}.playInterval = 100000")
    page.click(".gi-play-button")
    # First frame, at once: the week of Monday 11 January (12th to 17th): air, drone, shelling, arrest.
    assert page.evaluate(f"[{STATE}.markerCount(), {STATE}.from, {STATE}.to]") == [4, None, "2021-01-17"]
    page.click(".gi-play-button")  # pause
    page.click(".gi-play-button")  # play on: the next frame at once, and the last, so it stops
    assert page.evaluate(f"{STATE}.playing") is False
    # Last frame: 18th to 21st (the last date): clash, convoy, attack.
    assert page.evaluate(f"[{STATE}.markerCount(), {STATE}.from, {STATE}.to]") == [3, "2021-01-18", None]
    assert "3 of 9 shown" in page.inner_text(".gi-dates")


def test_play_day_by_day(page, offline_page):
    open_map(page, offline_page)
    page.select_option(".gi-play-step", "1")
    page.evaluate(f"{STATE}.playInterval = 100000")
    page.click(".gi-play-button")
    assert page.evaluate(f"{STATE}.markerCount()") == 1  # the air strike of the 12th
    assert page.locator(".gi-marker").count() == 1
    page.click(".gi-play-button")  # pause
    assert page.evaluate(f"{STATE}.playing") is False


def test_brushing_the_histogram_filters_the_map(page, offline_page):
    open_map(page, offline_page)
    bars = page.locator(".gi-histogram .gi-bar")
    assert bars.count() == 7  # type-weeks with incidents: 4 types in the first week, 3 in the second
    box = page.locator(".gi-histogram").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=4)
    page.mouse.up()
    # The first of the two weeks: 4 dated incidents, and the 2 undated ones (box still ticked).
    page.wait_for_function(f"{STATE}.markerCount() === 6")
    assert page.input_value(".gi-dates input[type=date] >> nth=1") == "2021-01-17"
    assert float(page.get_attribute(".gi-histogram .gi-brush", "width")) > 0
    page.locator(".gi-histogram").dblclick()
    page.wait_for_function(f"{STATE}.markerCount() === 9")


def test_search_zooms_to_a_place(page, offline_page):
    open_map(page, offline_page)
    search = page.locator(".gi-search input")
    search.fill("hajin")
    search.press("Enter")
    assert page.inner_text(".gi-search-note") == "1 incident at Hajin"
    # The map flies there: wait for it to arrive (a timeout here means it never did).
    page.wait_for_function(f"(c => Math.abs(c.lat - 34.69) < 0.05 && Math.abs(c.lng - 40.83) < 0.05)"
                           f"({STATE}.map.getCenter())", timeout=5000)
    search.fill("Atlantis")
    search.press("Enter")
    assert "No incident at a place named" in page.inner_text(".gi-search-note")


def test_popup_links_to_the_source_article_and_only_over_http(page, tmp_path, sample_incidents):
    fc = copy.deepcopy(sample_incidents)
    props = {f["properties"]["id"]: f["properties"] for f in fc["features"]}
    props["inc-air"].update(url="https://example.org/reports/1", title="Strikes on the city <b>", outlet="Example News",
                            admin1="Deir ez-Zor")
    props["inc-hostile"].update(url="javascript:window.__pwned=1", title="click me")
    open_map(page, maps.save_map(fc, tmp_path / "links.html", offline=True))
    for incident_id in ("inc-air", "inc-hostile"):
        page.evaluate(f"id => {STATE}.openPopup({STATE}.findMarker(id))", incident_id)
        if incident_id == "inc-air":
            link = page.locator(".gi-popup .gi-source a")
            assert link.get_attribute("href") == "https://example.org/reports/1"
            assert link.inner_text() == "Strikes on the city <b>"
            assert link.get_attribute("rel") == "noopener noreferrer"
            assert "Example News" in page.inner_text(".gi-popup")
            assert "Governorate\tDeir ez-Zor" in page.inner_text(".gi-popup")
        else:
            assert page.locator(".gi-popup a").count() == 0


def test_a_foreign_geojson_is_drawn_with_its_own_types_properties_and_shapes(page, tmp_path):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.1, 35.3]},
         "properties": {"event_type": "Protests", "crowd": "about <b>200</b>", "organiser": "Union"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.6, 35.1]},
         "properties": {"event_type": "Battles", "notes": "Exchange of fire"}},
        {"type": "Feature", "geometry": {"type": "Polygon",
                                         "coordinates": [[[39.5, 34.5], [40.5, 34.5], [40.5, 35.0], [39.5, 34.5]]]},
         "properties": {"event_type": "Battles", "name": "front zone"}},
    ]}
    path = tmp_path / "foreign.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    open_map(page, maps.save_map(maps.read_geojson(path), tmp_path / "foreign.html", offline=True))
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert any("Battles (2)" in t for t in labels) and any("Protests (1)" in t for t in labels), labels
    assert page.locator("path.gi-shape").count() == 1
    page.evaluate(f"() => {STATE}.openPopup({STATE}.markers['x:Protests'][0])")
    text = page.inner_text(".gi-popup")
    assert "Protests" in text and "crowd\tabout <b>200</b>" in text and "organiser\tUnion" in text
    assert page.locator(".gi-popup b:text('200')").count() == 0
    page.locator(".leaflet-control-layers-overlays label", has_text="Battles (2)").locator("input").uncheck()
    assert page.locator("path.gi-shape").count() == 0


def test_acled_events_and_extracted_incidents_side_by_side(page, tmp_path, sample_incidents):
    acled = pathlib.Path(__file__).parents[1] / "data" / "acled" / "syria_sample.csv"
    features = maps.acled_features(acled) + sample_incidents["features"]
    open_map(page, maps.save_map(features, tmp_path / "acled.html", offline=True))
    events = page.evaluate(f"{STATE}.records.filter(r => r.doc === 'syria_sample.csv').map(r => r.id)")
    assert "SYR900001" in events and page.evaluate(f"{STATE}.records.length") == len(events) + 9
    page.evaluate(f"() => {STATE}.openPopup({STATE}.findMarker('SYR900001'))")
    text = page.inner_text(".gi-popup")
    assert "Air strike" in text or "Drone strike" in text
    assert "Governorate\tDeir ez-Zor" in text and "District\tAlbu Kamal" in text
    assert "Invented Outlet A" in text and "syria_sample.csv" in text
    for cell in text.replace("\t", "\n").splitlines():
        assert cell.strip() not in {"<NA>", "nan", "NaN", "None", "NaT", "null", "undefined"}, text


def test_a_huge_map_counts_on_a_grid_then_shows_markers_in_view(page, tmp_path, monkeypatch):
    """Past HUGE_MAP (200,000; lowered here) no marker per incident: a canvas grid, markers once zoomed in."""
    monkeypatch.setattr(maps, "HUGE_MAP", 1000)
    kinds = ["shelling", "arrest", "air_strike"]
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [39.0 + (i % 60) * 0.05, 34.0 + (i // 60) * 0.05]},
                 "properties": {"id": f"h{i}", "type": kinds[i % 3], "date": f"2021-02-{1 + i % 28:02d}"}}
                for i in range(3000)]
    open_map(page, maps.save_map(features, tmp_path / "huge.html", offline=True))
    assert page.locator("canvas.gi-aggregate").count() == 1
    assert page.evaluate(f"{STATE}.markerCount()") == 3000
    assert page.evaluate(f"{STATE}.cells.length") > 10 and page.locator(".gi-marker").count() == 0
    assert page.evaluate(f"{STATE}.cells.reduce((a, c) => a + c.n, 0)") <= 3000
    page.locator(".leaflet-control-layers-overlays label", has_text="Arrest (1,000)").locator("input").uncheck()
    page.wait_for_function(f"{STATE}.markerCount() === 2000")
    page.evaluate(f"{STATE}.setDates('2021-02-01', '2021-02-07')")
    assert page.evaluate(f"{STATE}.markerCount()") == len(
        [i for i in range(3000) if i % 3 != 1 and 1 + i % 28 <= 7])
    page.evaluate(f"{STATE}.setDates(null, null)")
    page.evaluate(f"{STATE}.map.setView([34.0, 39.0], 14, {{animate: false}})")
    page.wait_for_selector(".gi-marker")
    assert page.evaluate(f"{STATE}.cells.length") == 0
    page.locator(".gi-marker").first.click()
    page.wait_for_selector(".gi-popup")
    assert "h0" in page.inner_text(".gi-popup")


def test_uncertainty_circles_are_faint_under_the_markers_and_wide_ones_off(page, tmp_path, sample_incidents):
    fc = copy.deepcopy(sample_incidents)
    fc["features"][0]["properties"].update(geo_precision=3, uncertainty_km=300)  # a whole province
    open_map(page, maps.save_map(fc, tmp_path / "circles.html", offline=True))
    assert page.evaluate(f"{STATE}.circles.getLayers().length") == 3  # the 8, 12 and 30 km ones
    assert page.evaluate(f"{STATE}.map.hasLayer({STATE}.wideCircles)") is False
    wide = page.locator(".leaflet-control-layers-overlays label", has_text="Uncertainty radius over 50 km")
    wide.locator("input").check()
    assert page.evaluate(f"{STATE}.wideCircles.getLayers().map(c => c.getRadius())") == [300_000]
    style = page.evaluate(f"(({{opacity, fillOpacity, interactive}}) => [opacity, fillOpacity, interactive])"
                          f"({STATE}.circles.getLayers()[0].options)")
    assert style[0] <= 0.4 and style[1] <= 0.05 and style[2] is False
    panes = page.evaluate("['overlayPane', 'markerPane'].map(p => +getComputedStyle("
                          f"{STATE}.map.getPane(p)).zIndex)")
    assert panes[0] < panes[1]  # circles are drawn in the overlay pane, below the markers
