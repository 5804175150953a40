"""ACLED's vocabularies, ACLED CSV exports read into our incident schema, and ours written as ACLED.

ACLED (the Armed Conflict Location & Event Data project) codes one event per
row with an event type, a sub-event type and a disorder type from its
codebook. Analysts load its CSV exports everywhere; reading them into our
schema lets one map and one ``compare`` hold both, and writing ours in its
columns lets an analyst load our extraction where they load ACLED.

The vocabularies below are data, checked by ``tests/test_acled.py`` with
examples and counter-examples.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .errors import InputFormatError

__all__ = [
    "EVENT_TYPES", "DISORDER_TYPES", "SUB_EVENT_TO_TYPE", "REQUIRED_COLUMNS", "ACLED_COLUMNS",
    "disorder_type", "incident_type", "type_family", "read_acled", "parse_acled_date", "AcledReadReport",
    "COUNTRIES", "ACTOR_NAMES", "acled_row", "acled_rows", "write_acled",
]

#: ACLED event type -> its sub-event types (codebook, 2023 edition).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}

#: The disorder types of the codebook, in its order.
DISORDER_TYPES = ("Political violence", "Demonstrations", "Political violence; Demonstrations", "Strategic developments")

_DISORDER_OF_EVENT = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# Why apart: the codebook counts these two as both political violence and demonstrations.
_DISORDER_OF_SUB_EVENT = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence; Demonstrations",
}

#: ACLED sub-event type -> our incident type (incidents.TYPES). Sub-event
#: types not listed become "other". The reverse mapping is incidents.ACLED.
SUB_EVENT_TO_TYPE: dict[str, str] = {
    "Armed clash": "armed_clash",
    "Government regains territory": "armed_clash",
    "Non-state actor overtakes territory": "armed_clash",
    "Air/drone strike": "air_strike",
    "Shelling/artillery/missile attack": "shelling",
    "Remote explosive/landmine/IED": "explosion",
    "Suicide bomb": "explosion",
    "Grenade": "explosion",
    "Chemical weapon": "explosion",
    "Attack": "attack",
    "Sexual violence": "attack",
    "Abduction/forced disappearance": "arrest",
    "Arrests": "arrest",
}

#: Our types grouped into the families ``compare`` matches on: what two
#: observers of one event may reasonably call it (a "drone strike" in one
#: report is an "air strike" in ACLED; an "explosion" of unknown cause may be
#: a strike or a shell). Derived from the ACLED event type.
_FAMILIES = {
    "air_strike": "remote", "drone_strike": "remote", "shelling": "remote", "explosion": "remote",
    "armed_clash": "fighting", "attack": "fighting",
    "arrest": "arrest",
    "convoy": "strategic", "military_exercise": "strategic", "other": "strategic",
}

#: Columns an ACLED export must have for ``read_acled`` (the rest are optional).
REQUIRED_COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "latitude", "longitude")

#: The columns ``write_acled`` writes, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
    "timestamp",
)

# Columns of the frame read_acled returns: our schema's, then ACLED's extras.
_FRAME_COLUMNS = (
    "id", "doc", "type", "status", "date", "date_text", "time_precision", "place", "place_id", "place_mention",
    "places", "geo_precision", "uncertainty_km", "fatalities", "injured", "arrested", "vehicles", "actors",
    "actor1", "actor2", "assoc_actors", "origin", "destinations", "source", "evidence", "confidence",
    "acled_event_type", "acled_sub_event_type", "event_id_cnty", "disorder_type", "country", "admin1", "admin2",
)

_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y")


def disorder_type(event_type: str, sub_event_type: str | None = None) -> str:
    """ACLED's disorder type for an event type (and sub-event type), per the codebook.

    Example
    -------
    >>> disorder_type("Explosions/Remote violence", "Air/drone strike")
    'Political violence'
    >>> disorder_type("Riots", "Mob violence")
    'Political violence; Demonstrations'
    """
    if sub_event_type in _DISORDER_OF_SUB_EVENT:
        return _DISORDER_OF_SUB_EVENT[sub_event_type]
    return _DISORDER_OF_EVENT.get(event_type, "Strategic developments")


def incident_type(event_type: str, sub_event_type: str, notes: str = "") -> str:
    """Our incident type for an ACLED event: by sub-event type, a drone named in the notes made precise.

    Example
    -------
    >>> incident_type("Explosions/Remote violence", "Air/drone strike", "A drone hit a car near Hajin.")
    'drone_strike'
    >>> incident_type("Strategic developments", "Arrests")
    'arrest'
    """
    kind = SUB_EVENT_TO_TYPE.get(sub_event_type, "other")
    if kind == "air_strike" and ("drone" in notes.lower() or "uav" in notes.lower()):
        return "drone_strike"
    return kind


def type_family(kind: str) -> str:
    """The family of one of our types: what another observer of the same event may call it.

    Example
    -------
    >>> type_family("drone_strike") == type_family("shelling")
    True
    >>> type_family("arrest") == type_family("armed_clash")
    False
    """
    return _FAMILIES.get(kind, "strategic")


def parse_acled_date(value: str) -> date:
    """An ACLED event date: ISO (API exports) or '15 January 2021' (older exports).

    Raises ``ValueError`` for anything else.

    Example
    -------
    >>> parse_acled_date("03 March 2021")
    datetime.date(2021, 3, 3)
    """
    value = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not an ACLED date: {value!r}")


@dataclass
class AcledReadReport:
    """What ``read_acled`` kept and skipped: ``skipped`` is (CSV line, reason) for each bad row."""

    rows: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _split_actors(value: str) -> list[str]:
    return [a.strip() for a in (value or "").split(";") if a.strip()]


def _int_or_none(value: str | None, column: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{column} is not a number: {value[:40]!r}") from None
    if number != number or number < 0 or number != int(number):
        raise ValueError(f"{column} is not a whole number >= 0: {value[:40]!r}")
    return int(number)


def _precision(value: str | None, column: str) -> int | None:
    number = _int_or_none(value, column)
    if number is not None and number not in (1, 2, 3):
        raise ValueError(f"{column} must be 1, 2 or 3, got {number}")
    return number


def _row_properties(row: dict, doc: str) -> tuple[dict, tuple[float, float]]:
    """One ACLED row as our schema's properties and its (lon, lat); ValueError says what is wrong."""
    event_id = (row.get("event_id_cnty") or "").strip()
    if not event_id:
        raise ValueError("event_id_cnty is empty")
    event_date = parse_acled_date(row.get("event_date") or "")
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (TypeError, ValueError):
        raise ValueError(f"latitude/longitude are not numbers: {row.get('latitude')!r}, {row.get('longitude')!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"latitude/longitude out of range: {lat}, {lon}")
    event_type = (row.get("event_type") or "").strip()
    sub_event_type = (row.get("sub_event_type") or "").strip()
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event_type {event_type[:40]!r}")
    if sub_event_type not in EVENT_TYPES[event_type]:
        raise ValueError(f"sub_event_type {sub_event_type[:40]!r} is not one of {event_type!r}")
    notes = (row.get("notes") or "").strip()
    actor1, actor2 = (row.get("actor1") or "").strip() or None, (row.get("actor2") or "").strip() or None
    assoc = _split_actors(row.get("assoc_actor_1", "")) + _split_actors(row.get("assoc_actor_2", ""))
    actors = [a for a in [actor1, *_split_actors(row.get("assoc_actor_1", "")), actor2,
                          *_split_actors(row.get("assoc_actor_2", ""))] if a]
    location = (row.get("location") or "").strip() or None
    props = {
        "id": event_id, "doc": doc, "type": incident_type(event_type, sub_event_type, notes), "status": "reported",
        "date": event_date.isoformat(), "date_text": (row.get("event_date") or "").strip(),
        "time_precision": _precision(row.get("time_precision"), "time_precision"),
        "place": location, "place_id": None, "place_mention": location, "places": [location] if location else [],
        "geo_precision": _precision(row.get("geo_precision"), "geo_precision"), "uncertainty_km": None,
        "fatalities": _int_or_none(row.get("fatalities"), "fatalities"),
        "injured": None, "arrested": None, "vehicles": None,
        "actors": list(dict.fromkeys(actors)), "actor1": actor1, "actor2": actor2, "assoc_actors": assoc,
        "origin": None, "destinations": [], "source": (row.get("source") or "").strip() or None,
        "evidence": notes, "confidence": 1.0,
        "acled_event_type": event_type, "acled_sub_event_type": sub_event_type,
        "event_id_cnty": event_id, "disorder_type": (row.get("disorder_type") or "").strip() or disorder_type(event_type, sub_event_type),
        "country": (row.get("country") or "").strip() or None, "admin1": (row.get("admin1") or "").strip() or None,
        "admin2": (row.get("admin2") or "").strip() or None,
    }
    return props, (lon, lat)


def _open_text(path: Path):
    """The file as UTF-8 text, streamed (an ACLED export may be hundreds of megabytes)."""
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputFormatError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputFormatError(f"{path}: is a directory, not an ACLED CSV file") from None
    except OSError as e:
        raise InputFormatError(f"{path}: cannot read ({e.strerror or e})") from None


def _read_rows(reader: csv.DictReader, path: Path, report: AcledReadReport) -> tuple[list[dict], list]:
    """Our properties and a point for each good row; bad rows go to ``report.skipped``."""
    from shapely.geometry import Point

    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputFormatError(f"{path}: not an ACLED export: missing column{'s' if len(missing) > 1 else ''} "
                               f"{', '.join(missing)}")
    rows, geoms = [], []
    for row in reader:
        if None in row:  # more cells than the header has columns
            report.skipped.append((reader.line_num, "more cells than columns"))
            continue
        try:
            props, (lon, lat) = _row_properties(row, path.name)
        except ValueError as e:
            report.skipped.append((reader.line_num, str(e)))
            continue
        rows.append(props)
        geoms.append(Point(lon, lat))
    return rows, geoms


def read_acled(path: str | os.PathLike, report: AcledReadReport | None = None):
    """An ACLED CSV export as a GeoDataFrame (EPSG:4326) in our incident schema.

    Each row keeps ``event_id_cnty`` (also its ``id``), ACLED's event and
    sub-event types, disorder type, country and admin names; ``type`` is ours
    (``SUB_EVENT_TO_TYPE``), ``evidence`` the notes, ``place`` the location,
    ``actors`` every actor and associated actor, with ``actor1``, ``actor2``
    and ``assoc_actors`` beside. Rows that cannot be read (bad date,
    coordinates or vocabulary) are skipped and counted in ``report`` (and in
    ``gdf.attrs["skipped"]``); a file that is not an ACLED export raises
    ``InputFormatError`` naming the missing columns.

    Example
    -------
    >>> gdf = read_acled("tests/data/acled/syria_sample.csv")  # doctest: +SKIP
    >>> gdf[["event_id_cnty", "type", "date", "place"]].head()  # doctest: +SKIP
    """
    import geopandas as gpd

    path = Path(path)
    report = report if report is not None else AcledReadReport()
    with _open_text(path) as text:
        try:
            rows, geoms = _read_rows(csv.DictReader(text), path, report)
        except UnicodeDecodeError:
            raise InputFormatError(f"{path}: not UTF-8 text; ACLED exports are UTF-8 CSV") from None
        except csv.Error as e:
            raise InputFormatError(f"{path}: not a readable CSV file ({e})") from None
    report.rows = len(rows)
    gdf = gpd.GeoDataFrame(rows, columns=list(_FRAME_COLUMNS), geometry=geoms, crs="EPSG:4326")
    for col in ("fatalities", "injured", "arrested", "vehicles", "time_precision", "geo_precision"):
        gdf[col] = gdf[col].astype("Int64")
    gdf.attrs["skipped"] = len(report.skipped)
    return gdf


# ---------------------------------------------------------------------------
# Our incidents written as ACLED rows

#: Country code (ISO 3166-1 alpha-2, as in the gazetteer) -> ACLED's iso (numeric), ISO alpha-3, country and region.
COUNTRIES: dict[str, tuple[int, str, str, str]] = {
    "SY": (760, "SYR", "Syria", "Middle East"),
    "IQ": (368, "IRQ", "Iraq", "Middle East"),
    "TR": (792, "TUR", "Turkey", "Middle East"),
    "JO": (400, "JOR", "Jordan", "Middle East"),
    "LB": (422, "LBN", "Lebanon", "Middle East"),
}

#: Our actor names ACLED spells its own way; "{country}" is the event's country.
ACTOR_NAMES = {
    "civilians": "Civilians ({country})",
    "unknown gunmen": "Unidentified Armed Group ({country})",
}


def _acled_actor(name: str | None, country: str | None) -> str:
    if not name:
        return ""
    template = ACTOR_NAMES.get(name)
    if template is None:
        return name
    return template.format(country=country) if country else template.replace(" ({country})", "")


def _place_of(props: dict, gazetteer) -> object | None:
    """The gazetteer place an incident was resolved to (by name, then checked by id), or None."""
    if gazetteer is None or not props.get("place_id") or not props.get("place"):
        return None
    for match in gazetteer.lookup(props["place"], limit=5):
        if match.id == props["place_id"]:
            return match
    return None


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _whole(value) -> str:
    try:
        return "" if value is None or value != value else str(int(value))
    except (TypeError, ValueError):
        return ""


def _outlets(props: dict) -> str:
    """ACLED's ``source``: every outlet that reported the event (the text's attribution when no outlet is known)."""
    sources = props.get("sources")
    if isinstance(sources, str):  # read back from GeoPackage/CSV: JSON text
        import json

        try:
            sources = json.loads(sources)
        except ValueError:
            sources = []
    names = [s.get("outlet") for s in (sources or []) if isinstance(s, dict) and s.get("outlet")]
    if props.get("source"):
        names += [n.strip() for n in str(props["source"]).split(";")]
    return "; ".join(dict.fromkeys(n for n in names if n))


def acled_row(props: dict, lon: float | None, lat: float | None, gazetteer=None) -> dict:
    """One incident's properties (and point) as an ACLED row: ``ACLED_COLUMNS``, empty where unknown.

    Example
    -------
    >>> row = acled_row({"id": "ab12", "type": "shelling", "date": "2021-03-02", "place": "Hajin",
    ...                  "fatalities": 2, "actors": []}, 40.83138, 34.69508)
    >>> row["event_type"], row["sub_event_type"], row["disorder_type"], row["event_date"], row["fatalities"]
    ('Explosions/Remote violence', 'Shelling/artillery/missile attack', 'Political violence', '2021-03-02', '2')
    """
    from .incidents import acled_categories

    event_type = props.get("acled_event_type") or acled_categories(props.get("type") or "other")[0]
    sub_event_type = props.get("acled_sub_event_type") or acled_categories(props.get("type") or "other")[1]
    place = _place_of(props, gazetteer)
    iso, iso3, country, region = COUNTRIES.get(getattr(place, "country", None) or "", (None, "", None, None))
    assoc = props.get("assoc_actors")
    assoc = assoc.split("; ") if isinstance(assoc, str) else list(assoc if assoc is not None else [])
    when = _text(props.get("date"))[:10]
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}GI{props.get('id', '')}",
        "event_date": when,
        "year": when[:4],
        "time_precision": _whole(props.get("time_precision")),
        "disorder_type": disorder_type(event_type, sub_event_type),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": _acled_actor(props.get("actor1"), country),
        "assoc_actor_1": "; ".join(_acled_actor(a, country) for a in assoc if a),
        "actor2": _acled_actor(props.get("actor2"), country),
        "assoc_actor_2": "",
        "iso": _text(iso),
        "region": _text(region),
        "country": _text(country),
        "admin1": _text(getattr(place, "admin1", None)) if place is not None and place.kind != "country" else "",
        "admin2": "",
        "admin3": "",
        "location": _text(props.get("place")),
        "latitude": "" if lat is None else f"{lat:.5f}",
        "longitude": "" if lon is None else f"{lon:.5f}",
        "geo_precision": _whole(props.get("geo_precision")),
        "source": _outlets(props),
        "source_scale": "",
        "notes": " ".join(_text(props.get("evidence")).split()),
        "fatalities": _whole(props.get("fatalities")),
        "tags": "",
        "timestamp": "",
    }


def acled_rows(incidents, gazetteer=None) -> list[dict]:
    """ACLED rows for incidents (a list of ``Incident`` or a GeoDataFrame); denied reports are not events and are left out."""
    if isinstance(incidents, list):
        items = [(i.properties(), i.lon, i.lat) for i in incidents]
    else:
        items = [({k: v for k, v in row.items() if k != "geometry"},
                  row.geometry.x if row.geometry is not None and not row.geometry.is_empty else None,
                  row.geometry.y if row.geometry is not None and not row.geometry.is_empty else None)
                 for _, row in incidents.iterrows()]
    return [acled_row(props, lon, lat, gazetteer) for props, lon, lat in items if props.get("status") != "denied"]


def write_acled(incidents, path: str | os.PathLike, gazetteer=None) -> Path:
    """Write incidents as an ACLED CSV (``ACLED_COLUMNS``); the file appears whole or not at all.

    ``gazetteer`` gives each place's country and province (``iso``,
    ``country``, ``region``, ``admin1``); without it those stay empty.

    Example
    -------
    >>> write_acled([], "/tmp/none.acled.csv").name
    'none.acled.csv'
    """
    from .export import atomic_output

    rows = acled_rows(incidents, gazetteer)
    path = Path(path)
    with atomic_output(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(ACLED_COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
    return path
