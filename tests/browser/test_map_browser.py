"""The map pages in a real Chromium: markers, layers, popups, routes, safety, offline."""

from __future__ import annotations

import json
import re
import pathlib

import pytest

from geoincidents import maps

pytestmark = pytest.mark.browser

SAMPLE = pathlib.Path(__file__).parents[1] / "data" / "incidents_sample.geojson"
PLACED = 9  # of the ten sample incidents, one has no geometry
STATE = "Object.values(window.geoincidents.maps)[0]"


@pytest.fixture(scope="module")
def sample_incidents() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pages(tmp_path_factory, sample_incidents) -> dict[str, pathlib.Path]:
    """The sample as an offline page, a clustered offline page and an online page."""
    out = tmp_path_factory.mktemp("maps")
    return {
        "offline": maps.save_map(sample_incidents, out / "offline.html", offline=True, title="Sample"),
        "clustered": maps.save_map(maps.render_map(sample_incidents, cluster=True, heatmap=True),
                                   out / "clustered.html", offline=True),
        "online": maps.save_map(sample_incidents, out / "online.html"),
    }


def open_map(page, path: pathlib.Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_function("window.__giReady === true")


def click_marker(page, incident_id: str) -> None:
    """A real mouse click on the marker of one incident."""
    box = page.evaluate(
        f"id => {{ const r = {STATE}.findMarker(id).getElement().getBoundingClientRect();"
        " return [r.x + r.width / 2, r.y + r.height / 2]; }",
        incident_id,
    )
    page.mouse.click(*box)
    page.wait_for_selector(".gi-popup")


def test_one_marker_per_placed_incident(page, pages):
    open_map(page, pages["offline"])
    assert page.locator(".gi-marker").count() == PLACED
    assert page.evaluate(f"{STATE}.markerCount()") == PLACED


def test_clusters_hold_every_placed_incident(page, pages):
    open_map(page, pages["clustered"])
    assert page.evaluate(f"{STATE}.markerCount()") == PLACED
    # What is on screen: bubbles with their numbers plus single markers.
    in_bubbles = sum(int(text) for text in page.locator(".gi-cluster span").all_inner_texts())
    assert in_bubbles + page.locator(".gi-marker").count() == PLACED


def test_layer_control_lists_the_types(page, pages):
    open_map(page, pages["offline"])
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    for label in ("Air strike (1)", "Drone strike (1)", "Shelling (1)", "Armed clash (1)", "Attack (1)",
                  "Arrest (1)", "Convoy (2)", "Military exercise (1)", "Convoy routes", "Uncertainty radius"):
        assert any(label in text for text in labels), (label, labels)


def test_switching_a_type_off_hides_its_markers_and_routes(page, pages):
    open_map(page, pages["offline"])
    page.locator(".leaflet-control-layers-overlays label", has_text="Convoy (2)").locator("input").uncheck()
    assert page.locator(".gi-marker").count() == PLACED - 2
    assert page.locator("path.gi-route").count() == 0


def test_popup_after_a_click(page, pages):
    open_map(page, pages["offline"])
    click_marker(page, "inc-air")
    text = page.inner_text(".gi-popup")
    for expected in ("Air strike", "2021-01-12", "Dair al-Zour", "Deir ez-Zor", "Killed\t3", "Injured\t5",
                     "Russian forces", "SOHR", "report-a.txt",
                     "Russian warplanes struck the outskirts of Dair al-Zour on Tuesday, killing three."):
        assert expected in text, (expected, text)


def test_convoy_routes_are_drawn_with_arrowheads(page, pages):
    open_map(page, pages["offline"])
    routes = page.locator("path.gi-route")
    assert routes.count() == 2  # Qamishli to Tal Tamr and to Hasakah
    assert page.locator("path.gi-route-arrow").count() == 2
    assert all(len(d) > 10 for d in (routes.nth(i).get_attribute("d") for i in range(2)))
    routes.first.hover()
    tooltip = page.wait_for_selector(".leaflet-tooltip")
    assert "40 vehicles" in tooltip.inner_text() and "Qamishli" in tooltip.inner_text()


def test_uncertainty_circles_are_drawn(page, pages):
    open_map(page, pages["offline"])
    assert page.evaluate(f"{STATE}.circles.getLayers().length") == 3


def test_hostile_report_runs_nothing_and_reads_literally(page, pages):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_map(page, pages["offline"])
    click_marker(page, "inc-hostile")
    page.wait_for_timeout(200)  # an onerror handler would have run by now
    text = page.inner_text(".gi-popup")
    assert "<script>window.__pwned=1;alert(1)</script> gunmen attacked {{ 7*7 }} {% raw %} & co" in text
    assert '<img src=x onerror="window.__pwned=1">' in text
    assert "</script><script>window.__pwned=1</script>, <b>bold</b>" in text
    assert "{{ 7*7 }}.txt" in text
    assert page.locator(".gi-popup img, .gi-popup script, .gi-popup b:text('bold')").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []


def test_date_filter_hides_incidents_outside_the_range(page, pages):
    open_map(page, pages["offline"])
    page.fill(".gi-dates input[type=date] >> nth=0", "2021-01-15")
    page.fill(".gi-dates input[type=date] >> nth=1", "2021-01-20")
    page.locator(".gi-dates input[type=checkbox]").uncheck()
    # Left: shelling (15th), arrest (16th), clash (18th), convoy (20th).
    page.wait_for_function(f"{STATE}.markerCount() === 4")
    assert page.locator(".gi-marker").count() == 4
    assert "4 of 9 shown" in page.inner_text(".gi-dates")


@pytest.mark.filterwarnings("ignore:HeatMap dropped")
def test_offline_page_makes_no_request(page, tmp_path):
    """Clusters and heat map on, popups opened: still nothing but file: and data:."""
    requests: list[str] = []

    def only_local(route):
        requests.append(route.request.url)
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_local)
    page.on("request", lambda request: requests.append(request.url))
    many = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40 + i % 9 / 200, 35 + i // 9 / 200]},
         "properties": {"id": f"m{i}", "type": maps.INCIDENT_TYPES[i % 10], "date": f"2021-02-{1 + i % 20:02d}"}}
        for i in range(81)
    ]}
    path = maps.save_map(many, tmp_path / "many.html", offline=True)
    open_map(page, path)
    assert page.evaluate(f"{STATE}.markerCount()") == 81
    assert page.locator(".gi-cluster").count() > 0
    if maps._asset_html("leaflet-heat.js") is not None:  # else dropped offline, with a warning
        page.locator(".leaflet-control-layers-overlays label", has_text="Heat map").locator("input").check()
        page.wait_for_selector("canvas.leaflet-heatmap-layer")
    page.locator(".gi-cluster").first.click()
    page.wait_for_timeout(500)
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), \
        [url for url in requests if not url.startswith(("file:", "data:"))]


def test_online_page_shows_incidents_when_tiles_fail(page, pages):
    """The CDN is simulated from the installed packages; every tile request fails."""
    import folium
    from folium.plugins import HeatMap, MarkerCluster

    urls = dict((url, name) for cls in (folium.Map, MarkerCluster, HeatMap)
                for name, url in cls.default_js + cls.default_css)
    tiles: list[str] = []

    def cdn_or_nothing(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            return route.continue_()
        name = urls.get(url)
        if name is None:
            tiles.append(url)
            return route.abort()
        body = ""
        if name in maps._ASSET_FILES:
            package, relative = maps._ASSET_FILES[name]
            body = (maps._package_dir(package) / relative).read_text(encoding="utf-8")
        kind = "text/css" if url.endswith(".css") else "application/javascript"
        route.fulfill(status=200, body=body, content_type=kind)

    page.route("**/*", cdn_or_nothing)
    open_map(page, pages["online"])
    assert page.locator(".gi-marker").count() == PLACED
    for _ in range(50):  # the tile requests follow the first frame
        if any("tile.openstreetmap.org" in url for url in tiles):
            break
        page.wait_for_timeout(100)
    assert any("tile.openstreetmap.org" in url for url in tiles)


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory) -> pathlib.Path:
    """The demo's offline map of the sample reports, made the way `geoincidents demo` makes it."""
    from geoincidents.demo import run_demo

    return run_demo(tmp_path_factory.mktemp("demo"))["files"]["html"]


def test_no_popup_of_the_demo_map_shows_a_missing_value(page, demo_page):
    open_map(page, demo_page)
    texts = page.evaluate(
        f"() => {{ const S = {STATE}, out = [];"
        "  Object.values(S.markers).forEach(ms => ms.forEach(m => {"
        "    S.openPopup(m); out.push(document.querySelector('.leaflet-popup-content .gi-popup').innerText); }));"
        "  return out; }"
    )
    assert len(texts) == page.evaluate(f"{STATE}.records.length") >= 10
    for text in texts:
        for cell in re.split(r"[\t\n]", text):
            assert cell.strip() not in {"<NA>", "nan", "NaN", "None", "NaT", "null", "undefined"}, (cell, text)
        assert "<NA>" not in text and "undefined" not in text
