"""How fast a large incident map is built and becomes usable in a browser.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/bench_map.py                   # 10,000 and 100,000
    .venv/bin/python benchmarks/bench_map.py --sizes 1000 --baseline-sizes 1000

For each size it generates synthetic incidents in the eastern Syria box
(seeded, so runs compare), then reports:

* build: seconds for ``render_map`` + rendering the offline HTML page from
  a FeatureCollection; "from gdf" the same from a GeoDataFrame (what a
  notebook passes);
* size: the page in MB;
* ready: ms from navigation start until the map script has added every
  layer (``geoincidents.maps[...].readyAt``);
* painted: ms from navigation start until the frame after the ``load``
  event, measured the same way for both rows, so they compare.

Past ``maps.HUGE_MAP`` (200,000) placed incidents the page has no marker
per incident (a canvas grid while zoomed out): ``--sizes 1000000`` measures
that path (~25 s to build, ~220 MB).

The baseline is what folium users write first: one ``folium.Marker`` with a
``Popup`` per incident in a ``MarkerCluster``. It is only run for
``--baseline-sizes`` (10,000 by default: 100,000 takes too long to build).
Pages are built offline (assets inlined) so that timings do not depend on a
CDN; Chromium is Debian's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import argparse
import html
import pathlib
import random
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from geoincidents import maps  # noqa: E402

BBOX = (38.5, 33.5, 42.4, 37.3)  # west, south, east, north: eastern Syria
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TYPES = list(maps.INCIDENT_TYPES)
WEIGHTS = [12, 8, 20, 8, 14, 10, 12, 8, 3, 5]
PLACES = ["Deir ez-Zor", "Al-Mayadin", "Al-Bukamal", "Hajin", "Al-Busayrah", "Al-Hasakah", "Al-Shaddadi",
          "Tal Tamr", "Raqqa", "Al-Tabqah", "Diban", "Theban", "Al-Kasrah", "Conoco gas field"]
ACTORS = ["SDF", "regime forces", "ISIS cells", "Russian forces", "US-led coalition", "Iranian militias",
          "tribal fighters", "Turkish forces"]


def synthetic_incidents(count: int, seed: int = 7) -> dict:
    """A FeatureCollection of ``count`` plausible incidents (2% unplaced, 20% of convoys routed)."""
    rng = random.Random(seed)
    west, south, east, north = BBOX
    features = []
    for i in range(count):
        kind = rng.choices(TYPES, WEIGHTS)[0]
        lon, lat = round(rng.uniform(west, east), 5), round(rng.uniform(south, north), 5)
        place = rng.choice(PLACES)
        precision = rng.choice([1, 1, 2, 3])
        props = {
            "id": f"syn-{i}", "doc": f"report-{i // 20}.txt", "type": kind,
            "status": "denied" if rng.random() < 0.03 else "reported",
            "date": None if rng.random() < 0.05 else f"2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "place": place, "place_mention": place.replace("Al-", "al "),
            "geo_precision": precision, "uncertainty_km": {1: 0, 2: 5, 3: 40}[precision],
            "fatalities": rng.choice([None, 0, 1, 2, 5]), "injured": rng.choice([None, 0, 3]),
            "actors": rng.sample(ACTORS, 2), "source": rng.choice(["SOHR", "Rudaw", "North Press"]),
            "evidence": f"Reports said {kind.replace('_', ' ')} hit the outskirts of {place} on the day, "
                        f"according to local sources quoted by the observatory (incident {i}).",
        }
        if kind == "convoy":
            props["vehicles"] = rng.randint(5, 60)
            if rng.random() < 0.2:
                props["origin"], props["destinations"] = "Qamishli", [place]
                props["origin_point"] = [41.23, 37.05]
                props["destination_points"] = [[lon, lat]]
        geometry = None if rng.random() < 0.02 else {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def baseline_html(fc: dict) -> str:
    """One folium Marker + Popup per placed incident, in one MarkerCluster."""
    import folium
    from folium.plugins import MarkerCluster

    # maxZoom on the map itself: offline there is no tile layer to lend it one,
    # and Leaflet.markercluster refuses a map without it.
    m = folium.Map(location=[35.4, 40.4], zoom_start=7, tiles=None, maxZoom=18)
    cluster = MarkerCluster().add_to(m)
    for feature in fc["features"]:
        if feature["geometry"] is None:
            continue
        lon, lat = feature["geometry"]["coordinates"]
        props = feature["properties"]
        text = html.escape(f"{props['type']} {props['date']} {props['place']}: {props['evidence']}")
        folium.Marker([lat, lon], popup=folium.Popup(text, max_width=300)).add_to(cluster)
    return maps.map_html(m, offline=True)


def ours_html(fc: dict) -> str:
    return maps.map_html(fc, offline=True)


def gdf_build_seconds(fc: dict) -> float:
    import geopandas

    gdf = geopandas.GeoDataFrame.from_features(fc["features"], crs="EPSG:4326")
    start = time.perf_counter()
    maps.map_html(gdf, offline=True)
    return time.perf_counter() - start


def browser_times(page_path: pathlib.Path, browser) -> tuple[float | None, float]:
    """(ready ms or None, painted ms), both from navigation start."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(page_path.as_uri(), wait_until="load", timeout=300_000)
        if errors:  # a page that threw is fast for the wrong reason
            raise RuntimeError(f"{page_path.name}: JavaScript error {errors[0]}")
        painted = page.evaluate(
            "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"
        )
        ready = page.evaluate(
            "window.geoincidents && Object.values(window.geoincidents.maps).length"
            " ? Object.values(window.geoincidents.maps)[0].readyAt : null"
        )
        return ready, painted
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--baseline-sizes", type=int, nargs="*", default=[10_000])
    parser.add_argument("--no-browser", action="store_true", help="build only")
    args = parser.parse_args(argv)

    runs = [("geoincidents", n, ours_html) for n in args.sizes]
    runs += [("folium Marker each", n, baseline_html) for n in args.baseline_sizes]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        browser = playwright = None
        if not args.no_browser and pathlib.Path(CHROMIUM).exists():
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for label, size, build in runs:
                fc = synthetic_incidents(size)
                start = time.perf_counter()
                page = build(fc)
                built = time.perf_counter() - start
                path = pathlib.Path(tmp) / f"{label.split()[0]}-{size}.html"
                path.write_text(page, encoding="utf-8")
                ready = painted = None
                if browser is not None:
                    ready, painted = browser_times(path, browser)
                from_gdf = gdf_build_seconds(fc) if build is ours_html else None
                rows.append((label, size, built, from_gdf, len(page.encode("utf-8")) / 1e6, ready, painted))
                print(f"  done: {label} {size:,}", file=sys.stderr)
        finally:
            if browser is not None:
                browser.close()
                playwright.stop()

    def ms(value: float | None) -> str:
        return "-" if value is None else f"{value:,.0f}"

    def seconds(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    print(f"{'map':<20} {'incidents':>10} {'build s':>8} {'from gdf s':>10} {'size MB':>8} "
          f"{'ready ms':>9} {'painted ms':>11}")
    for label, size, built, from_gdf, mb, ready, painted in rows:
        print(f"{label:<20} {size:>10,} {built:>8.1f} {seconds(from_gdf):>10} {mb:>8.1f} "
              f"{ms(ready):>9} {ms(painted):>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
