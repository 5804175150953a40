"""The interactive incident map: one self-contained HTML page per incident set.

The map is a :class:`folium.Map`, so it shows inline in Jupyter and can be
extended with folium, but the incidents themselves are not one folium object
each. They travel as one JSON block and a small script written for this
project (``geoincidents/static/map.js``, styled by ``map.css``, both read at
render time and inlined) turns them into Leaflet markers in the browser.
Two reasons:

* scale: 100,000 Python ``folium.Marker`` objects take minutes to render and
  make a page that never becomes interactive; one JSON block takes a second;
* safety: report text is untrusted. branca renders the output of every
  ``MacroElement`` a second time as a Jinja template, so a report saying
  ``{{ 7*7 }}`` becomes ``49`` inside a folium ``Popup`` or ``Tooltip`` (and a
  cleverer one runs Python). Our data never passes through Jinja: it is
  written by :class:`_raw_element_class` elements verbatim, escaped for the
  ``<script>`` context, and the browser puts it on the page with
  ``textContent`` only, never as HTML.

Offline pages inline Leaflet and Leaflet.markercluster from the XStatic
packages and the heat-map plugin from the ``folium-offline`` package, all read
at run time: the repository holds no third-party JavaScript. Every page also
carries a light vector base (``data/basemap/basemap.geojson``, Natural Earth):
the only background offline, under the tiles online.
"""

from __future__ import annotations

import base64
import datetime as _dt
import functools
import html
import importlib.util
import json
import math
import os
import pathlib
import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence, Union

from geoincidents.errors import ExportError, InputFormatError
from geoincidents.incidents import PROPERTIES, TYPES

if TYPE_CHECKING:  # folium is imported inside the functions: `import geoincidents` stays fast
    import folium

__all__ = [
    "INCIDENT_TYPES",
    "TYPE_STYLES",
    "CLUSTER_THRESHOLD",
    "HEATMAP_THRESHOLD",
    "render_map",
    "map_html",
    "save_map",
    "map_input_paths",
    "read_geojson",
    "is_acled_csv",
    "acled_features",
]

INCIDENT_TYPES: tuple[str, ...] = TYPES

#: More placed incidents than this and markers are clustered by default.
CLUSTER_THRESHOLD = 50
#: More placed incidents than this and a (hidden) heat-map layer is offered.
HEATMAP_THRESHOLD = 50
#: More placed incidents than this and clusters open up at zoom 13 instead of
#: at the last zoom: clustering 100,000 markers at every zoom takes seconds.
LARGE_MAP = 20_000
#: More placed incidents than this and there is no marker per incident: the
#: browser draws them counted on a screen grid (one canvas) while zoomed out
#: and makes markers only for those in view when zoomed in (a million stay usable).
HUGE_MAP = 200_000

#: Whatever object a caller hands us: a GeoDataFrame, a FeatureCollection, Features.
Incidents = Union[Mapping[str, Any], Sequence[Mapping[str, Any]], Any]


def _circle_path(radius: float) -> str:
    return f"M{12 - radius},12 a{radius},{radius} 0 1,0 {2 * radius},0 a{radius},{radius} 0 1,0 {-2 * radius},0 Z"


def _star_path(points: int, outer: float, inner: float) -> str:
    corners = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi * i / points - math.pi / 2
        corners.append(f"{12 + radius * math.cos(angle):.1f},{12 + radius * math.sin(angle):.1f}")
    return "M" + " L".join(corners) + " Z"


def _cross_path(arm: float, half_width: float) -> str:
    # A plus sign turned 45 degrees: "two sides fighting" reads at 20 px.
    plus = [(-half_width, -arm), (half_width, -arm), (half_width, -half_width), (arm, -half_width),
            (arm, half_width), (half_width, half_width), (half_width, arm), (-half_width, arm),
            (-half_width, half_width), (-arm, half_width), (-arm, -half_width), (-half_width, -half_width)]
    c = math.cos(math.pi / 4)
    corners = [f"{12 + (x - y) * c:.1f},{12 + (x + y) * c:.1f}" for x, y in plus]
    return "M" + " L".join(corners) + " Z"


@dataclass(frozen=True)
class TypeStyle:
    """How one incident type is drawn.

    Attributes
    ----------
    label : str
        Human name shown in the legend, layer control and popups.
    color : str
        CSS hex colour of the marker, its cluster bubble, routes and circles.
    path : str
        SVG path in a 24 x 24 box: the marker's shape, so that types differ
        in shape as well as colour (colour-blind readers, grey-scale prints).
    """

    label: str
    color: str
    path: str

    def svg(self, size: int = 22, opacity: float = 1.0) -> str:
        """Inline SVG markup of the marker (no external icon font: works offline)."""
        return (
            f'<svg width="{size}" height="{size}" viewBox="0 0 24 24" aria-hidden="true">'
            f'<path d="{self.path}" fill="{self.color}" fill-opacity="{opacity}" '
            'stroke="#ffffff" stroke-width="1.6" stroke-linejoin="round"/></svg>'
        )


TYPE_STYLES: dict[str, TypeStyle] = {
    "air_strike": TypeStyle("Air strike", "#d7191c", "M2.5,4 L21.5,4 L12,21.5 Z"),
    "drone_strike": TypeStyle("Drone strike", "#f57c00", "M12,1.5 L22.5,12 L12,22.5 L1.5,12 Z"),
    "shelling": TypeStyle("Shelling", "#7b3f00", _star_path(5, 11.5, 5.0)),
    "explosion": TypeStyle("Explosion", "#e6a700", _star_path(8, 11.5, 5.5)),
    "armed_clash": TypeStyle("Armed clash", "#7b1fa2", _cross_path(11.0, 3.6)),
    "attack": TypeStyle("Attack", "#c2185b", _circle_path(9.5)),
    "arrest": TypeStyle("Arrest", "#1565c0", "M3.5,3.5 H20.5 V20.5 H3.5 Z"),
    "convoy": TypeStyle("Convoy", "#2e7d32", "M12,1.5 L21.5,21.5 L12,16.5 L2.5,21.5 Z"),
    "military_exercise": TypeStyle("Military exercise", "#00838f", _star_path(6, 11.0, 9.5)),
    "other": TypeStyle("Other", "#616161", _circle_path(7.0)),
}

# Properties carried to the popup, in the order they are shown. `places` is left
# out: it repeats `place` and can be long.
_POPUP_FIELDS = (
    "id", "doc", "type", "status", "date", "date_text", "time_precision",
    "place", "place_id", "place_mention", "geo_precision", "uncertainty_km",
    "fatalities", "injured", "arrested", "vehicles", "actors", "origin",
    "destinations", "source", "evidence", "confidence",
    "acled_event_type", "acled_sub_event_type", "admin1", "admin2", "url", "outlet", "title",
    "actor1", "actor2", "fatalities_max",
)
#: Uncertainty circles wider than this (km) are in their own layer, off by default:
#: a province-wide circle would hide the map under it.
WIDE_UNCERTAINTY_KM = 50
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Above this many route lines an SVG path each is too slow; one canvas draws them.
_SVG_ROUTE_LIMIT = 1000


# --------------------------------------------------------------------------
# Incidents in: GeoDataFrame, FeatureCollection or Features -> plain Features
# --------------------------------------------------------------------------


def _features(incidents: Incidents) -> list[Mapping[str, Any]]:
    """The incidents as a list of GeoJSON Feature mappings, in WGS 84."""
    if hasattr(incidents, "to_crs") and hasattr(incidents, "geometry") and hasattr(incidents, "columns"):
        return _frame_features(incidents)
    if not isinstance(incidents, (Mapping, list, tuple)) and hasattr(type(incidents), "__geo_interface__"):
        incidents = incidents.__geo_interface__
    if isinstance(incidents, Mapping):
        kind = incidents.get("type")
        if kind == "FeatureCollection":
            features = incidents.get("features")
            if not isinstance(features, list):
                raise InputFormatError(
                    f"Expected a list in the FeatureCollection's 'features', instead got: {type(features).__name__}"
                )
            return features
        if kind == "Feature":
            return [incidents]
        raise InputFormatError(
            f"Expected a GeoJSON FeatureCollection or Feature, instead got a mapping with type: {kind!r}"
        )
    if isinstance(incidents, (list, tuple)):
        for feature in incidents:
            if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
                raise InputFormatError(
                    f"Expected a list of GeoJSON Feature dicts, instead got an item: {str(feature)[:80]!r}"
                )
        return list(incidents)
    raise InputFormatError(
        "Expected a GeoDataFrame, a GeoJSON FeatureCollection dict or a list of Feature dicts, "
        f"instead got: {type(incidents).__name__}"
    )


def _frame_features(frame) -> list[dict[str, Any]]:
    """Features of a GeoDataFrame, column by column.

    ``GeoDataFrame.__geo_interface__`` builds each feature through pandas row
    access: 10 s for 100,000 incidents, against under 1 s here.
    """
    import numpy
    import shapely
    import shapely.geometry

    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    geometry = frame.geometry
    shapes = numpy.asarray(geometry.array, dtype=object)
    kind_ids = shapely.get_type_id(shapes)  # -1 missing, 0 point
    empty_mask = shapely.is_empty(shapes)
    points = numpy.where((kind_ids == 0) & ~empty_mask, shapes, None)  # GEOS refuses get_x on empty points
    xs, ys = shapely.get_x(points).tolist(), shapely.get_y(points).tolist()
    kinds, empty = kind_ids.tolist(), empty_mask.tolist()
    names = [name for name in frame.columns if name != geometry.name]
    columns = [frame[name].tolist() for name in names]
    index = frame.index.tolist()
    features = []
    for i, values in enumerate(zip(*columns) if columns else ((),) * len(frame)):
        props = dict(zip(names, values))
        if kinds[i] == -1 or empty[i]:
            point = None
        elif kinds[i] != 0:  # a line, polygon or collection: drawn or skipped by map_data
            point = shapely.geometry.mapping(shapes[i])
        else:
            point = {"type": "Point", "coordinates": [xs[i], ys[i]]}
        features.append({"type": "Feature", "id": index[i], "geometry": point, "properties": props})
    return features


# How pandas, numpy and round trips through CSV write "unknown": never shown as a value.
_MISSING_TEXT = frozenset({"", "nan", "NaN", "<NA>", "NaT", "None", "null"})


def _plain(value: Any) -> Any:
    """A JSON-ready copy of a property value; None for NaN, NA, NaT, empty and missing.

    pandas' ``NA`` (nullable integer columns: every count the text does not
    give) would otherwise fall through to ``str`` and show as ``<NA>``.
    """
    kind = type(value)
    if kind is str:
        return None if value in _MISSING_TEXT else value
    if kind is int or kind is bool or value is None:
        return value
    if kind.__name__ in ("NAType", "NaTType"):  # pandas.NA, pandas.NaT: not imported here
        return None
    if kind is float:
        return value if math.isfinite(value) else None
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        items = [_plain(v) for v in value]
        return [v for v in items if v is not None] or None
    if isinstance(value, (_dt.date, _dt.datetime)) or hasattr(value, "isoformat"):
        if value != value:  # pandas.NaT, which would write itself as "NaT"
            return None
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    if isinstance(value, Mapping):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


def _lonlat(value: Any) -> tuple[float, float] | None:
    """A finite ``(lon, lat)`` pair in range from a ``[lon, lat, ...]`` sequence, else None."""
    try:
        lon, lat = float(value[0]), float(value[1])
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return lon, lat


def _point(feature: Mapping[str, Any]) -> tuple[float, float] | None:
    """The incident's ``(lon, lat)``; None when it was not placed (null geometry)."""
    geometry = feature.get("geometry")
    if geometry is None:
        return None
    if (type(geometry) is not dict and not isinstance(geometry, Mapping)) or not isinstance(geometry.get("type"), str):
        raise InputFormatError(
            f"Incident {_feature_id(feature)!r}: expected a GeoJSON geometry or null, "
            f"instead got: {str(geometry)[:80]}"
        )
    if geometry["type"] != "Point":
        raise _NotAPoint(geometry["type"])
    coordinates = geometry.get("coordinates")
    if coordinates is None or len(coordinates) == 0:  # shapely writes an empty point so
        return None
    point = _lonlat(coordinates)
    if point is None:
        raise InputFormatError(
            f"Incident {_feature_id(feature)!r}: expected Point coordinates [lon, lat] in WGS 84, "
            f"instead got: {coordinates!r}"
        )
    return point


class _NotAPoint(Exception):
    """A line, polygon or collection: drawn as a shape or skipped, never refused."""


def _feature_id(feature: Mapping[str, Any]) -> Any:
    return (feature.get("properties") or {}).get("id", feature.get("id"))


def _type_key(value: Any, props: Mapping[str, Any] | None = None, foreign: bool = False) -> str:
    """The layer of a feature: its taxonomy key, else "other".

    A foreign file (no feature of our taxonomy) gets a layer per value of its
    own ``type`` or ``event_type`` property, as ``"x:VALUE"``.
    """
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        if key in TYPE_STYLES:
            return key
    if foreign:
        if not (isinstance(value, str) and value.strip()) and props is not None:
            value = props.get("event_type")
        if isinstance(value, str) and value.strip():
            return "x:" + value.strip()[:60]
    return "other"


def _is_foreign(features: Sequence[Mapping[str, Any]]) -> bool:
    """True when no feature has a type of our taxonomy: a GeoJSON from another tool."""
    for feature in features:
        props = feature.get("properties") if isinstance(feature, Mapping) else None
        value = props.get("type") if isinstance(props, Mapping) else None
        if isinstance(value, str) and value.strip().lower().replace("-", "_").replace(" ", "_") in TYPE_STYLES:
            return False
    return True


# Properties of our schema that the popup does not list as "other properties".
_KNOWN_FIELDS = frozenset(_POPUP_FIELDS) | frozenset(PROPERTIES) | {
    "origin_point", "destination_points", "places", "char_start", "char_end", "civilian_targets"}
_MAX_EXTRA = 40  # other properties shown per popup
_MAX_EXTRA_TEXT = 1000  # characters of one


def _extra(props: Mapping[str, Any]) -> list | None:
    """``[[name, text], ...]`` of the properties outside our schema (a foreign file's own)."""
    out = []
    for name, value in props.items():
        if name in _KNOWN_FIELDS or not isinstance(name, str):
            continue
        value = _plain(value)
        if value is None:
            continue
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        out.append([name[:100], text[:_MAX_EXTRA_TEXT]])
        if len(out) == _MAX_EXTRA:
            break
    return out or None


def _day(value: Any) -> str | None:
    """``YYYY-MM-DD`` of a date property, or None (the date filter compares these as text)."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10] if value == value else None  # pandas.NaT is a datetime equal to nothing
    if isinstance(value, str) and _ISO_DAY.match(value):
        return value[:10]
    return None


def _route(props: Mapping[str, Any], point: tuple[float, float]) -> list | None:
    """``[[lat, lon], [[lat, lon], ...]]`` from origin to destinations, or None.

    The extractor emits ``origin_point`` and ``destination_points`` as
    ``[lon, lat]``; unresolved destinations (null) are skipped. With an origin
    but no destination point the line ends where the convoy was seen.
    """
    origin = _lonlat(props.get("origin_point") or ())
    if origin is None:
        return None
    raw = props.get("destination_points")
    destinations = [_lonlat(p) for p in raw] if isinstance(raw, (list, tuple)) else []
    ends = [d for d in destinations if d is not None and d != origin]
    if not ends and point != origin:
        ends = [point]
    if not ends:
        return None
    return [[origin[1], origin[0]], [[lat, lon] for lon, lat in ends]]


def _record(feature: Mapping[str, Any], point: tuple[float, float] | None, foreign: bool = False) -> dict[str, Any]:
    """The compact JSON record the browser draws one marker (or shape) and popup from."""
    props = feature.get("properties") or {}
    record: dict[str, Any] = (
        {"lat": point[1], "lon": point[0]} if point is not None else {}
    )
    record["k"] = _type_key(props.get("type"), props, foreign)
    for name in _POPUP_FIELDS:
        value = props.get(name)
        if value is None:
            continue
        kind = type(value)
        if kind is not int:  # the common case, kept off the slow path
            value = _plain(value)
        if value is not None:
            record[name] = value
    if "id" not in record and feature.get("id") is not None:
        record["id"] = _plain(feature.get("id"))
    day = _day(props.get("date"))
    if day:
        record["day"] = day
    if point is not None:
        route = _route(props, point)
        if route:
            record["route"] = route
    if not _KNOWN_FIELDS.issuperset(props):
        extra = _extra(props)
        if extra:
            record["extra"] = extra
    return record


@dataclass(frozen=True)
class MapData:
    """What the map draws, computed once from the incidents.

    Attributes
    ----------
    records : list of dict
        One JSON-ready record per placed incident (``lat``, ``lon``, ``k`` the
        type key, ``day`` ISO date, ``route`` and the popup properties).
    unplaced : int
        Incidents with a null geometry: not drawn, counted in the legend.
    counts : dict
        Placed incidents per type key.
    bounds : list or None
        ``[[south, west], [north, east]]`` of points and route ends, degrees.
    first_day, last_day : str or None
        Date range of the dated incidents (ISO), None when none is dated.
    routes : int
        Route lines (one per origin-destination pair).
    uncertain : int
        Placed incidents with an uncertainty circle (``geo_precision`` > 1)
        of at most ``WIDE_UNCERTAINTY_KM``.
    wide : int
        Placed incidents with a wider uncertainty circle.
    denied : int
        Incidents whose status is ``denied`` (drawn faded).
    shapes : list of dict
        Lines and polygons (``g`` their GeoJSON geometry), drawn with their properties.
    skipped : dict
        Features not drawn, by geometry type (collections, broken coordinates,
        shapes beyond ``MAX_SHAPES``/``MAX_SHAPE_POINTS``).
    styles : dict
        Styles of a foreign file's own types (keys ``"x:VALUE"``).
    """

    records: list
    unplaced: int
    counts: dict
    bounds: list | None
    first_day: str | None
    last_day: str | None
    routes: int
    uncertain: int
    denied: int
    wide: int = 0
    shapes: list = field(default_factory=list)
    skipped: dict = field(default_factory=dict)
    styles: dict = field(default_factory=dict)

    def style(self, key: str) -> "TypeStyle":
        """The style of a layer key: the taxonomy's, or a foreign type's."""
        return TYPE_STYLES.get(key) or self.styles[key]

    @property
    def notes(self) -> list[str]:
        """What was not drawn, one line each (the CLI prints them, the legend shows them)."""
        return [f"{n:,} {kind} feature{'s' if n != 1 else ''} skipped (not drawn)"
                for kind, n in sorted(self.skipped.items())]

    @property
    def placed(self) -> int:
        """Number of incidents drawn as markers."""
        return len(self.records)


def map_data(incidents: Incidents) -> MapData:
    """The records, counts, bounds and date range a map is drawn from.

    Parameters
    ----------
    incidents : GeoDataFrame, FeatureCollection dict or list of Feature dicts
        Incidents in the project's schema.

    Returns
    -------
    MapData

    Example
    -------
    >>> fc = {"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.14, 35.33]},
    ...      "properties": {"type": "shelling", "date": "2021-01-05"}},
    ...     {"type": "Feature", "geometry": None, "properties": {"type": "arrest"}}]}
    >>> data = map_data(fc)
    >>> data.placed, data.unplaced, data.counts, data.first_day
    (1, 1, {'shelling': 1}, '2021-01-05')
    """
    records: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    skipped: dict[str, int] = {}
    unplaced = shape_points = 0
    features = _features(incidents)
    foreign_default = _is_foreign(features)
    for feature in features:
        if type(feature) is not dict and not isinstance(feature, Mapping):  # dict first: ABC checks are slow
            raise InputFormatError(f"Expected a GeoJSON Feature, instead got: {str(feature)[:80]!r}")
        foreign = feature.get("_gi_foreign", foreign_default)
        try:
            point = _point(feature)
        except _NotAPoint as not_point:
            kind = str(not_point)
            geometry = feature["geometry"]
            if kind == "MultiPoint":
                points = [p for p in map(_lonlat, geometry.get("coordinates") or ()) if p is not None]
                records.extend(_record(feature, p, foreign) for p in points)
                unplaced += not points
                continue
            size = _shape_size(geometry) if kind in _SHAPE_TYPES else None
            if size is None or len(shapes) >= MAX_SHAPES or shape_points + size > MAX_SHAPE_POINTS:
                skipped[kind] = skipped.get(kind, 0) + 1
                continue
            shape_points += size
            record = _record(feature, None, foreign)
            record["g"] = {"type": kind, "coordinates": geometry["coordinates"]}
            shapes.append(record)
            continue
        if point is None:
            unplaced += 1
        else:
            records.append(_record(feature, point, foreign))
    return _summary(records, unplaced, shapes, skipped)


#: Lines and polygons drawn as they are (their own properties in the popup).
_SHAPE_TYPES = frozenset({"LineString", "MultiLineString", "Polygon", "MultiPolygon"})
#: At most this many shapes and vertices in all: beyond, they are skipped with a note.
MAX_SHAPES = 5000
MAX_SHAPE_POINTS = 500_000


def _shape_size(geometry: Mapping[str, Any]) -> int | None:
    """Vertices of a line or polygon, or None when its coordinates are not well nested numbers."""
    depth = {"LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}[geometry["type"]]

    def count(value, level):
        if not isinstance(value, (list, tuple)):
            raise ValueError
        if level == 0:
            if _lonlat(value) is None:
                raise ValueError
            return 1
        return sum(count(item, level - 1) for item in value)

    try:
        return count(geometry.get("coordinates"), depth)
    except (ValueError, RecursionError):
        return None


def _shape_bounds(geometry: Mapping[str, Any]) -> tuple[list[float], list[float]]:
    lats, lons = [], []
    stack = [geometry["coordinates"]]
    while stack:
        value = stack.pop()
        if value and isinstance(value[0], (int, float)):
            lons.append(float(value[0]))
            lats.append(float(value[1]))
        else:
            stack.extend(value)
    return lats, lons


#: A foreign file's own types beyond this many share the "Other" layer.
MAX_FOREIGN_LAYERS = 12
_FOREIGN_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                   "#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39")
_FOREIGN_PATHS = (_circle_path(8.5), "M3.5,3.5 H20.5 V20.5 H3.5 Z", "M12,1.5 L22.5,12 L12,22.5 L1.5,12 Z",
                  "M2.5,4 L21.5,4 L12,21.5 Z")


def _foreign_styles(records: list[dict[str, Any]], shapes: list[dict[str, Any]]) -> dict[str, TypeStyle]:
    """A style for each of a foreign file's own types, most frequent first; the rest become "other"."""
    counts: dict[str, int] = {}
    for record in (*records, *shapes):
        if record["k"].startswith("x:"):
            counts[record["k"]] = counts.get(record["k"], 0) + 1
    keys = sorted(counts, key=lambda k: (-counts[k], k))[:MAX_FOREIGN_LAYERS]
    styles = {key: TypeStyle(key[2:], _FOREIGN_COLORS[i % len(_FOREIGN_COLORS)],
                             _FOREIGN_PATHS[i // len(_FOREIGN_COLORS) % len(_FOREIGN_PATHS)])
              for i, key in enumerate(keys)}
    if len(counts) > len(keys):
        for record in (*records, *shapes):
            if record["k"].startswith("x:") and record["k"] not in styles:
                record["k"] = "other"
    return styles


def _summary(records: list[dict[str, Any]], unplaced: int, shapes: list | None = None,
             skipped: dict | None = None) -> MapData:
    shapes = shapes or []
    foreign = _foreign_styles(records, shapes)
    counts: dict[str, int] = {}
    lats: list[float] = []
    lons: list[float] = []
    for shape in shapes:
        counts[shape["k"]] = counts.get(shape["k"], 0) + 1
        shape_lats, shape_lons = _shape_bounds(shape["g"])
        lats.extend(shape_lats)
        lons.extend(shape_lons)
    days: list[str] = []
    routes = uncertain = denied = wide = 0
    for record in records:
        counts[record["k"]] = counts.get(record["k"], 0) + 1
        lats.append(record["lat"])
        lons.append(record["lon"])
        if "day" in record:
            days.append(record["day"])
        if "route" in record:
            origin, ends = record["route"]
            routes += len(ends)
            for lat, lon in [origin, *ends]:
                lats.append(lat)
                lons.append(lon)
        if _is_uncertain(record):
            if record["uncertainty_km"] > WIDE_UNCERTAINTY_KM:
                wide += 1
            else:
                uncertain += 1
        if record.get("status") == "denied":
            denied += 1
    bounds = [[min(lats), min(lons)], [max(lats), max(lons)]] if lats else None
    return MapData(
        records=records,
        unplaced=unplaced,
        counts={k: counts[k] for k in (*INCIDENT_TYPES, *foreign) if k in counts},
        bounds=bounds,
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        routes=routes,
        uncertain=uncertain,
        denied=denied,
        wide=wide,
        shapes=shapes,
        skipped=dict(skipped or {}),
        styles=foreign,
    )


def _is_uncertain(record: Mapping[str, Any]) -> bool:
    precision, radius = record.get("geo_precision"), record.get("uncertainty_km")
    return (
        isinstance(precision, (int, float)) and precision > 1
        and isinstance(radius, (int, float)) and radius > 0
    )


# --------------------------------------------------------------------------
# Text that goes into the page
# --------------------------------------------------------------------------

_SCRIPT_UNSAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                  0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no report text can
    close the script (``</script>``) or open a comment (``<!--``); JSON
    syntax has no such characters outside strings, so the replacement never
    changes the value.

    Example
    -------
    >>> script_json({"evidence": "</script><script>alert(1)</script>"})
    '{"evidence":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)
    return text.translate(_SCRIPT_UNSAFE)


def records_columns(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The records column by column, repeated values written once: how the page carries them.

    A list of objects repeats every key name and every place, document, actor
    and type string in each record; by column, a field whose values repeat
    (fewer distinct values than half the records) is a dictionary ``d`` and
    indexes ``i`` (-1 when absent), any other field its values ``v`` (null
    when absent). 100,000 incidents: 47.6 -> ~20 MB (see benchmarks/bench_map.py).
    The browser decodes it back (``map.js``: ``decodeColumns``).

    Example
    -------
    >>> records_columns([{"k": "shelling", "lat": 35.1}, {"k": "shelling", "lat": 35.2}])
    {'n': 2, 'cols': {'k': {'d': ['shelling'], 'i': [0, 0]}, 'lat': {'v': [35.1, 35.2]}}}
    >>> records_from_columns(records_columns([{"a": 1}, {"b": [2]}])) == [{"a": 1}, {"b": [2]}]
    True
    """
    names: dict[str, None] = {}
    for record in records:
        for name in record:
            names.setdefault(name)
    n = len(records)
    cols: dict[str, Any] = {}
    for name in names:
        values = [record.get(name) for record in records]
        index: dict[Any, int] = {}
        distinct: list[Any] = []
        codes: list[int] = []
        for value in values:
            if value is None:
                codes.append(-1)
                continue
            key = _hashable(value)
            code = index.get(key)
            if code is None:
                code = index[key] = len(distinct)
                distinct.append(value)
                if len(distinct) * 2 > n:
                    break
            codes.append(code)
        if len(distinct) * 2 > n:
            cols[name] = {"v": values}
        else:
            cols[name] = {"d": distinct, "i": codes}
    return {"n": n, "cols": cols}


def _hashable(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool:
        return (kind, value)  # True and 1 stay apart
    return json.dumps(value, sort_keys=True, default=str)


def records_from_columns(block: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The records of :func:`records_columns` back (what the browser does)."""
    out: list[dict[str, Any]] = [{} for _ in range(block["n"])]
    for name, column in block["cols"].items():
        if "d" in column:
            for record, code in zip(out, column["i"]):
                if code >= 0:
                    record[name] = column["d"][code]
        else:
            for record, value in zip(out, column["v"]):
                if value is not None:
                    record[name] = value
    return out


def _legend_html(data: MapData, title: str | None) -> str:
    """The legend's HTML; every piece of text from the caller is escaped here."""
    rows = []
    if title:
        rows.append(f'<div class="gi-legend-title">{html.escape(title)}</div>')
    for key, count in data.counts.items():
        style = data.style(key)
        rows.append(
            f'<div class="gi-legend-row">{style.svg(16)}<span>{html.escape(style.label)}</span>'
            f'<span class="gi-legend-n">{count:,}</span></div>'
        )
    if data.routes:
        rows.append(
            '<div class="gi-legend-row"><svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">'
            f'<path d="M2,20 L20,4" stroke="{TYPE_STYLES["convoy"].color}" stroke-width="3" stroke-dasharray="5 3"/>'
            f'<path d="M21,3 L12,6 L18,12 Z" fill="{TYPE_STYLES["convoy"].color}"/></svg>'
            "<span>Convoy route, origin to destination</span></div>"
        )
    if data.uncertain or data.wide:
        rows.append(
            '<div class="gi-legend-row"><svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">'
            '<circle cx="12" cy="12" r="10" fill="#555" fill-opacity="0.12" stroke="#555" '
            'stroke-dasharray="3 2"/></svg><span>Uncertainty radius (place not exact)</span></div>'
        )
    if data.shapes:
        noun = "line or polygon" if len(data.shapes) == 1 else "lines and polygons"
        rows.append(f'<div class="gi-legend-note">{len(data.shapes):,} {noun} drawn</div>')
    for note in data.notes:
        rows.append(f'<div class="gi-legend-note gi-skipped">{html.escape(note)}</div>')
    if data.denied:
        rows.append(f'<div class="gi-legend-note">Faded: reported, then denied ({data.denied:,})</div>')
    if data.unplaced:
        noun = "incident" if data.unplaced == 1 else "incidents"
        rows.append(f'<div class="gi-legend-note gi-unplaced">{data.unplaced:,} {noun} not placed</div>')
    if not data.records and not data.unplaced and not data.shapes:
        rows.append('<div class="gi-legend-note">No incidents</div>')
    return "".join(rows)


# --------------------------------------------------------------------------
# The browser side: our own script and style, no third-party code
# --------------------------------------------------------------------------



@functools.lru_cache(maxsize=None)
def static_text(name: str) -> str:
    """The text of one of the package's browser files (``geoincidents/static/``).

    Read once per process and inlined into every page, so that an offline
    page needs nothing beside it. A file that could end its own element
    early (``</script``, ``</style``) is refused.

    Example
    -------
    >>> "geoincidents" in static_text("map.js")
    True
    """
    from importlib import resources

    text = (resources.files("geoincidents") / "static" / name).read_text(encoding="utf-8")
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise ExportError(f"geoincidents/static/{name} contains a closing </script> or </style> tag")
    return text


@functools.lru_cache(maxsize=None)
def basemap_json() -> str:
    """The offline base map (``data/basemap/basemap.geojson``) as script-safe JSON.

    Country borders, governorates, rivers and town labels from Natural Earth
    and the gazetteer; see ``data/basemap/README.md``.
    """
    from importlib import resources

    text = (resources.files("geoincidents") / "data" / "basemap" / "basemap.geojson").read_text(encoding="utf-8")
    return script_json(json.loads(text))


@functools.lru_cache(maxsize=None)
def _raw_element_class() -> type:
    """A branca Element that renders its text verbatim.

    branca's own ``Element(text)`` compiles the text as a Jinja template: a
    report with ``{{`` in it would be evaluated. Defined lazily so that
    ``import geoincidents`` does not import branca.
    """
    from branca.element import Element

    class RawHTML(Element):
        def __init__(self, text: str):
            super().__init__()
            self._name = "RawHTML"
            self.text = text

        def render(self, **kwargs: Any) -> str:
            return self.text

    return RawHTML


# An online page opened without network has no Leaflet (it comes from a CDN):
# say so instead of leaving a blank page.
_NO_LEAFLET_HTML = (
    "<script>window.addEventListener('load', function () { if (window.L) { return; }"
    " var p = document.createElement('p'); p.className = 'gi-no-network';"
    " p.textContent = 'This map loads its scripts from the internet and there is no connection. '"
    " + 'Make it with --offline (save_map(..., offline=True)) for a page that works without network.';"
    " p.style.cssText = 'font:16px sans-serif;margin:2em;max-width:40em';"
    " document.body.insertBefore(p, document.body.firstChild); });</script>"
)


def _raw(text: str):
    return _raw_element_class()(text)


@functools.lru_cache(maxsize=None)
def _incident_layer_class() -> type:
    """The element that carries the incident data and starts the runtime."""
    from branca.element import MacroElement

    class IncidentLayers(MacroElement):
        """Adds the records to the type layers in the browser (see ``static/map.js``)."""

        def __init__(self, data: MapData, groups: dict, cluster, routes, circles, heat, title: str | None,
                     offline: bool, wide=None, basemap=None):
            super().__init__()
            self._name = "IncidentLayers"
            self.data = data
            self.groups = groups
            self.cluster = cluster
            self.routes, self.circles, self.heat = routes, circles, heat
            self.wide, self.basemap = wide, basemap
            self.title = title
            self.offline = offline

        def _variable(self, layer) -> str:
            # A layer dropped from the map (the heat map offline without its
            # plugin) must not be referred to: its variable would not exist.
            parent = self._parent
            if layer is None or parent is None or parent._children.get(layer.get_name()) is not layer:
                return "null"
            return layer.get_name()

        def render(self, **kwargs: Any) -> None:
            figure = self.get_root()
            data_id = self.get_name() + "_data"
            figure.header.add_child(
                _raw(f"<style>{static_text('map.css')}</style>\n<script>{static_text('map.js')}</script>"),
                name="geoincidents_runtime",
            )
            figure.html.add_child(
                _raw(f'<script type="application/json" id="{data_id}">'
                     f'{script_json(records_columns(self.data.records))}</script>'),
                name=data_id,
            )
            shapes_id = data_id + "_shapes"
            if self.data.shapes:
                figure.html.add_child(_raw(
                    f'<script type="application/json" id="{shapes_id}">{script_json(self.data.shapes)}</script>'
                ), name=shapes_id)
            figure.html.add_child(
                _raw(f'<script type="application/json" id="gi-basemap">{basemap_json()}</script>'), name="gi-basemap"
            )
            if not self.offline:
                figure.html.add_child(_raw(_NO_LEAFLET_HTML), name="gi-no-leaflet")
            # Keys are JSON (a foreign type is any text), never written raw into the script.
            groups = ",".join(f"{script_json(key)}: {self._variable(layer)}" for key, layer in self.groups.items())
            layers = (
                f"{{map: {self._parent.get_name()}, groups: {{{groups}}}, cluster: {self._variable(self.cluster)}, "
                f"heat: {self._variable(self.heat)}, "
                f"routes: {self._variable(self.routes)}, circles: {self._variable(self.circles)}, "
                f"wideCircles: {self._variable(self.wide)}, basemap: {self._variable(self.basemap)}}}"
            )
            dates = (
                {"min": self.data.first_day, "max": self.data.last_day}
                if self.data.first_day and self.data.first_day != self.data.last_day
                else None
            )
            options = {
                "name": self._parent.get_name(),
                "dataId": data_id,
                "styles": {k: {"label": s.label, "color": s.color, "svg": s.svg()}
                           for k, s in {**TYPE_STYLES, **self.data.styles}.items()},
                "order": [*INCIDENT_TYPES, *self.data.styles],
                "shapesId": shapes_id if self.data.shapes else None,
                "bounds": self.data.bounds,
                "dates": dates,
                "legend": _legend_html(self.data, self.title),
                "canvasRoutes": self.data.routes > _SVG_ROUTE_LIMIT,
                "offline": self.offline,
                "basemapId": "gi-basemap",
                "wideKm": WIDE_UNCERTAINTY_KM,
                "huge": self.data.placed > HUGE_MAP,
            }
            figure.script.add_child(
                _raw(f"geoincidents.init({layers}, {script_json(options)});"), name=self.get_name()
            )
            super().render(**kwargs)

    return IncidentLayers


# --------------------------------------------------------------------------
# Offline: every script and style inlined from installed packages
# --------------------------------------------------------------------------

# folium's resource names -> (package holding the file, path in it). Read at run
# time: the project ships none of this code.
_ASSET_FILES = {
    "leaflet": ("xstatic.pkg.leaflet", "data/leaflet.js"),
    "leaflet_css": ("xstatic.pkg.leaflet", "data/leaflet.css"),
    "markerclusterjs": ("xstatic.pkg.leaflet_markercluster", "data/leaflet.markercluster.js"),
    "markerclustercss": ("xstatic.pkg.leaflet_markercluster", "data/MarkerCluster.css"),
    "markerclusterdefaultcss": ("xstatic.pkg.leaflet_markercluster", "data/MarkerCluster.Default.css"),
    "leaflet-heat.js": ("offlinefolium", "templates/leaflet_heat.min.js"),
}
# folium's defaults that this map never uses (Bootstrap, jQuery, Font Awesome
# icons): left out offline rather than inlined for nothing.
_UNUSED_ASSETS = frozenset({
    "jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
    "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css",
})
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((['\"]?)(images/[\w.-]+\.png)\1\)")


def _package_dir(package: str) -> pathlib.Path | None:
    """Where an installed package lives, found without importing (and running) it."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return pathlib.Path(list(spec.submodule_search_locations)[0])


@functools.lru_cache(maxsize=None)
def _asset_html(name: str) -> str | None:
    """A ``<script>`` or ``<style>`` element holding folium's resource ``name``, or None."""
    if name not in _ASSET_FILES:
        return None
    package, relative = _ASSET_FILES[name]
    directory = _package_dir(package)
    if directory is None or not (directory / relative).is_file():
        return None
    path = directory / relative
    text = _SOURCE_MAP.sub("", path.read_text(encoding="utf-8"))
    if path.suffix == ".css":
        # Leaflet's CSS points at images/*.png beside it: make them data: URIs.
        def data_uri(match: re.Match) -> str:
            image = path.parent / match.group(2)
            if not image.is_file():
                return "none"
            return "url(data:image/png;base64," + base64.b64encode(image.read_bytes()).decode("ascii") + ")"

        text = _CSS_URL.sub(data_uri, text)
        tag = "style"
    else:
        tag = "script"
    if f"</{tag}" in text.lower():  # would end the element early; never seen in these files
        return None
    return f"<{tag}>\n{text}\n</{tag}>"


@functools.lru_cache(maxsize=None)
def _offline_shims_html() -> str:
    """Small stand-ins so that plain folium elements also work offline.

    folium's ``Popup`` parses its HTML with jQuery's ``$(html)[0]`` and
    folium's default ``Marker`` icon is Leaflet's PNG found beside the CSS;
    offline there is neither, so give ``$`` that one use (only when jQuery is
    absent) and point the default icon at data: URIs.
    """
    directory = _package_dir("xstatic.pkg.leaflet")
    icons = {}
    for option, file in (("iconUrl", "marker-icon.png"), ("iconRetinaUrl", "marker-icon-2x.png"),
                         ("shadowUrl", "marker-shadow.png")):
        image = directory / "data" / "images" / file if directory else None
        if image is not None and image.is_file():
            icons[option] = "data:image/png;base64," + base64.b64encode(image.read_bytes()).decode("ascii")
    return (
        "<script>\n"
        "if (!window.$) { window.$ = function (markup) {\n"
        "  var t = document.createElement('template'); t.innerHTML = String(markup).trim();\n"
        "  return [t.content.firstElementChild]; }; }\n"
        f"if (window.L) {{ L.Icon.Default.imagePath = ''; L.Icon.Default.mergeOptions({script_json(icons)}); }}\n"
        "</script>"
    )


def _elements(root) -> Iterable:
    """Every element under ``root``, parents before children."""
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(reversed(list(getattr(element, "_children", {}).values())))


def _make_offline(m: "folium.Map") -> "folium.Map":
    """Turn ``m`` into a page that requests nothing: inline assets, drop tiles.

    Elements whose script cannot be inlined (no package carries it) are
    removed with a warning: leaving them would throw in the page and stop
    every script after them.
    """
    from folium.raster_layers import TileLayer

    if _asset_html("leaflet") is None or _asset_html("leaflet_css") is None:
        raise ExportError("An offline map needs Leaflet from the xstatic-leaflet package: pip install xstatic-leaflet")
    figure = m.get_root()
    for name, child in list(m._children.items()):
        if isinstance(child, TileLayer):
            del m._children[name]
    for element in list(_elements(figure)):
        if type(element).__name__ == "Icon" and element._parent is not None:
            # Awesome-markers icons need Font Awesome from a CDN: fall back to Leaflet's own marker.
            element._parent._children.pop(element.get_name(), None)
            warnings.warn("folium.Icon replaced by Leaflet's default marker offline: it needs Font Awesome "
                          "from a CDN (use a DivIcon with inline SVG instead)", stacklevel=3)
            continue
        resources = list(getattr(element, "default_js", [])) + list(getattr(element, "default_css", []))
        if not resources:
            continue
        missing = [name for name, _ in resources if name not in _UNUSED_ASSETS and _asset_html(name) is None]
        if missing:
            parent = element._parent
            if parent is not None:
                parent._children.pop(element.get_name(), None)
            hint = " (pip install folium-offline)" if "leaflet-heat.js" in missing else ""
            warnings.warn(
                f"{type(element).__name__} dropped from the offline map: no installed package carries "
                f"{', '.join(missing)}{hint}",
                stacklevel=3,
            )
            continue
        element.default_js = []
        element.default_css = []
        for name, _ in resources:
            if name not in _UNUSED_ASSETS:
                figure.header.add_child(_raw(_asset_html(name)), name=name)
    figure.header.add_child(_raw(_offline_shims_html()), name="geoincidents_offline_shims")
    for element in _elements(figure):
        if type(element).__name__ == "IncidentLayers":
            element.offline = True
    return m


# --------------------------------------------------------------------------
# Map inputs: folders, sidecars, any GeoJSON
# --------------------------------------------------------------------------

#: What `map` reads from a folder: GeoJSON, and reports (extracted first).
MAP_SUFFIXES = (".geojson", ".json", ".txt", ".md", ".html", ".htm", ".jsonl", ".csv")


def map_input_paths(inputs: Iterable[Union[str, os.PathLike]]) -> list[str]:
    """The files a map is drawn from: folders opened (sorted, recursively), sidecars left out.

    A ``NAME.meta.json`` sidecar holds a report's date and URL, not incidents:
    it is read with its report, never drawn. ``-`` (standard input) is kept.

    Example
    -------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("a.txt", "a.meta.json", "b.geojson", "notes.png"):
    ...     _ = (folder / name).write_text("{}")
    >>> [pathlib.Path(p).name for p in map_input_paths([folder])]
    ['a.txt', 'b.geojson']
    """
    out = []
    for item in inputs:
        path = pathlib.Path(item)
        if str(item) != "-" and path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
                           and p.suffix.lower() in MAP_SUFFIXES)
            if not found:
                raise InputFormatError(f"{path}: no GeoJSON or report files in this folder "
                                       f"({', '.join(MAP_SUFFIXES)})")
            out.extend(str(p) for p in found if not p.name.lower().endswith(".meta.json"))
        elif not str(item).lower().endswith(".meta.json"):
            out.append(str(item))
    return out


def read_geojson(path: Union[str, os.PathLike]) -> list[dict[str, Any]]:
    """The Features of any GeoJSON file, to be drawn with their own properties.

    A FeatureCollection, a Feature or a bare geometry; any geometry type (the
    map draws points, lines and polygons and notes what it skips). A file with
    no feature of our taxonomy is foreign: its layers come from its own
    ``type`` or ``event_type`` property (marked on each Feature as
    ``_gi_foreign``, a GeoJSON foreign member, so that files can be mixed).

    Raises
    ------
    InputFormatError
        Naming the file: not found, not UTF-8, not JSON, not GeoJSON.

    Example
    -------
    >>> import tempfile, pathlib, json
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "wells.geojson"
    >>> _ = path.write_text(json.dumps({"type": "Point", "coordinates": [40.1, 35.3]}))
    >>> read_geojson(path)[0]["geometry"]["type"]
    'Point'
    """
    from .export import load_json_file

    path = pathlib.Path(path)
    data = load_json_file(path)
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "Feature":
        features = [data]
    elif kind == "FeatureCollection" and isinstance(data.get("features"), list):
        features = data["features"]
    elif isinstance(kind, str) and "coordinates" in data or kind == "GeometryCollection":
        features = [{"type": "Feature", "geometry": data, "properties": {}}]
    else:
        raise InputFormatError(f"{path}: not GeoJSON (expected a FeatureCollection, a Feature or a geometry)")
    for n, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise InputFormatError(f"{path}: feature {n} is not a GeoJSON Feature")
        if not isinstance(feature.get("properties"), (dict, type(None))):
            raise InputFormatError(f"{path}: feature {n} has properties that are not an object")
        geometry = feature.get("geometry")
        if not isinstance(geometry, (dict, type(None))):
            raise InputFormatError(f"{path}: feature {n} has a geometry that is not an object")
        if geometry is not None and geometry.get("type") == "Point":
            coords = geometry.get("coordinates")
            if not (isinstance(coords, list) and (coords == [] or _lonlat(coords) is not None)):
                raise InputFormatError(f"{path}: feature {n} must have Point coordinates [lon, lat] in WGS 84, "
                                       f"got {json.dumps(geometry)[:80]}")
    if _is_foreign(features):
        for feature in features:
            feature["_gi_foreign"] = True
    return features


def is_acled_csv(path: Union[str, os.PathLike]) -> bool:
    """True when a CSV file's header has ACLED's columns (``acled.REQUIRED_COLUMNS``).

    Other CSV files are report corpora, extracted first.
    """
    import csv

    from .acled import REQUIRED_COLUMNS

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader([handle.readline(1_000_000)]), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return set(REQUIRED_COLUMNS) <= {name.strip() for name in header}


def acled_features(path: Union[str, os.PathLike]) -> list[dict[str, Any]]:
    """The events of an ACLED CSV export as Features on our incident layers.

    Read by :func:`geoincidents.acled.read_acled` (ACLED's types mapped onto
    ours, notes as evidence); rows it cannot read are skipped with a warning
    that names how many.
    """
    from .acled import read_acled

    frame = read_acled(path)
    skipped = frame.attrs.get("skipped") or 0
    n = skipped if isinstance(skipped, int) else len(skipped)
    if n:
        warnings.warn(f"{pathlib.Path(path).name}: {n:,} ACLED row{'s' if n != 1 else ''} skipped "
                      "(unreadable date, coordinates or type)", stacklevel=2)
    return _frame_features(frame)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def render_map(
    incidents: Incidents,
    *,
    title: str | None = None,
    cluster: bool | None = None,
    heatmap: bool | None = None,
    offline: bool = False,
) -> "folium.Map":
    """An interactive map of incidents, one toggleable layer per incident type.

    Each type has its own colour and marker shape; popups give type, date,
    place as written and as resolved, governorate, counts, actors, source,
    document, a link to the article (``url``) and the evidence sentence (all
    shown as text, never as HTML; unknown values left out). Incidents at one
    place gather in a bubble that spreads them apart on a click. Places that
    are not exact get a faint uncertainty circle (over ``WIDE_UNCERTAINTY_KM``
    in a layer off by default), convoys a line with an arrowhead from origin
    to each destination; dated incidents a date box with a weekly histogram
    (brush to filter) and Play; a search box finds places. Features of a
    foreign GeoJSON keep their own properties and get a layer per
    ``type``/``event_type`` value; lines and polygons are drawn, what cannot
    be is skipped with a warning. Incidents with a null geometry are not
    drawn; the legend counts them. Past ``HUGE_MAP`` placed incidents they
    are counted on a screen grid until one zooms in.

    Parameters
    ----------
    incidents : GeoDataFrame, FeatureCollection dict or list of Feature dicts
        Incidents in the project's schema (see DESIGN.md). Convoy routes need
        the optional properties ``origin_point`` (``[lon, lat]``) and
        ``destination_points`` (``[[lon, lat], ...]``).
    title : str, optional
        Shown at the top of the legend and as the page title (escaped).
    cluster : bool, optional
        Cluster markers; by default when more than ``CLUSTER_THRESHOLD``
        incidents are placed.
    heatmap : bool, optional
        Offer a heat-map layer (switched off until chosen in the layer
        control); by default when more than ``HEATMAP_THRESHOLD`` are placed.
    offline : bool, default False
        No tile layer (a plain background) and every script and style
        inlined, so that the page makes no network request.

    Returns
    -------
    folium.Map

    Raises
    ------
    InputFormatError
        When ``incidents`` is not one of the accepted shapes or a geometry is
        not a WGS 84 Point.

    Example
    -------
    >>> fc = {"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.14, 35.33]},
    ...      "properties": {"type": "air_strike", "date": "2021-01-12", "place": "Deir ez-Zor",
    ...                     "evidence": "Warplanes struck the city."}}]}
    >>> m = render_map(fc, title="January")
    >>> [layer.incident_type for layer in m._children.values() if hasattr(layer, "incident_type")]
    ['air_strike']
    """
    import folium
    from folium.plugins import HeatMap, MarkerCluster

    data = map_data(incidents)
    huge = data.placed > HUGE_MAP
    cluster = data.placed > CLUSTER_THRESHOLD if cluster is None else bool(cluster)
    for note in data.notes:
        warnings.warn(note, stacklevel=2)
    heatmap = data.placed > HEATMAP_THRESHOLD and not huge if heatmap is None else bool(heatmap)

    m = folium.Map(location=_center(data), zoom_start=7 if data.bounds else 2, tiles=None,
                   control_scale=True, maxZoom=18, minZoom=2, zoomSnap=0.5)  # no tile layer offline
    if not offline:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
        folium.TileLayer("Esri.WorldImagery", name="Satellite (Esri)", show=False).add_to(m)
    basemap = folium.FeatureGroup(name="Borders, rivers, towns", show=True).add_to(m)
    groups = {key: _type_layer(key, count, data.style(key)).add_to(m) for key, count in data.counts.items()}
    # Always a cluster group: unclustered, its radius is one pixel, so that only
    # incidents at one place gather, and spread apart (spiderfy) on a click.
    clusters = (MarkerCluster(name="Clusters", control=False, show=True, show_coverage_on_hover=False,
                              max_cluster_radius=50 if cluster else 1, zoom_to_bounds_on_click=False,
                              disable_clustering_at_zoom=13 if data.placed > LARGE_MAP else None).add_to(m)
                if data.placed and not huge else None)
    # Thousands of route lines hide everything under them: offered, switched off.
    routes = (folium.FeatureGroup(name="Convoy routes", show=data.routes <= _SVG_ROUTE_LIMIT).add_to(m)
              if data.routes else None)
    circles = (folium.FeatureGroup(name="Uncertainty radius", show=not cluster).add_to(m)
               if data.uncertain else None)
    wide = (folium.FeatureGroup(name=f"Uncertainty radius over {WIDE_UNCERTAINTY_KM} km", show=False).add_to(m)
            if data.wide else None)
    heat = (HeatMap([], name="Heat map", show=False, radius=16, blur=20, min_opacity=0.35).add_to(m)
            if heatmap and data.placed else None)
    m.add_child(_incident_layer_class()(data, groups, clusters, routes, circles, heat, title, offline,
                                        wide=wide, basemap=basemap))
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    if title:
        m.get_root().title = html.escape(title)  # branca writes the title as is
    return _make_offline(m) if offline else m


def _center(data: MapData) -> list[float]:
    if not data.bounds:
        return [20.0, 0.0]
    (south, west), (north, east) = data.bounds
    return [(south + north) / 2, (west + east) / 2]


def _type_layer(key: str, count: int, style: TypeStyle):
    """The (empty) switchable layer of one incident type; the browser fills it."""
    import folium

    # Leaflet shows layer names as HTML: this one is ours, with the type's icon.
    name = f'<span class="gi-lc">{style.svg(14)}{html.escape(style.label)} ({count:,})</span>'
    layer = folium.FeatureGroup(name=name, show=True)
    layer.incident_type = key
    return layer


def map_html(
    incidents_or_map: Union[Incidents, "folium.Map"],
    *,
    offline: bool = False,
    title: str | None = None,
) -> str:
    """The complete HTML page of a map.

    Parameters
    ----------
    incidents_or_map : incidents or folium.Map
        Incidents as accepted by :func:`render_map`, or a map it made.
    offline : bool, default False
        Inline every script and style and drop tile layers. A map passed in
        is changed in place.
    title : str, optional
        Title when the map is made here; for a map passed in, the page title.

    Returns
    -------
    str

    Example
    -------
    >>> map_html([], offline=True).startswith("<!DOCTYPE html>")
    True
    """
    m = _as_map(incidents_or_map, offline=offline, title=title)
    return m.get_root().render()


def _as_map(incidents_or_map, *, offline: bool, title: str | None) -> "folium.Map":
    if type(incidents_or_map).__name__ == "Map" and hasattr(incidents_or_map, "get_root"):
        m = incidents_or_map
        if title:
            m.get_root().title = html.escape(title)
        return _make_offline(m) if offline else m
    return render_map(incidents_or_map, title=title, offline=offline)


def save_map(
    incidents_or_map: Union[Incidents, "folium.Map"],
    path: Union[str, os.PathLike],
    *,
    offline: bool = False,
    title: str | None = None,
) -> pathlib.Path:
    """Write a map as one self-contained HTML file, atomically.

    The page is written to a temporary file in the same directory and moved
    over ``path`` only when complete: a crash or a full disk never leaves a
    half-written map, and a reader never sees one.

    Parameters
    ----------
    incidents_or_map : incidents or folium.Map
        Incidents as accepted by :func:`render_map`, or a map it made.
    path : str or PathLike
        Output file; its directory must exist.
    offline : bool, default False
        Inline every script and style so that the page makes no network
        request; the incidents show on a plain background.
    title : str, optional
        Map title (escaped).

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    ExportError
        When the file cannot be written (missing directory, permissions).

    Example
    -------
    >>> import tempfile, pathlib
    >>> out = save_map({"type": "FeatureCollection", "features": []},
    ...                pathlib.Path(tempfile.mkdtemp()) / "map.html", offline=True)
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    target = pathlib.Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"Cannot write the map to {target}: directory {target.parent} does not exist")
    page = map_html(incidents_or_map, offline=offline, title=title)
    return _write_atomically(target, page)


def _write_atomically(target: pathlib.Path, text: str) -> pathlib.Path:
    from .export import atomic_output

    with atomic_output(target) as tmp:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(text)
    return target
