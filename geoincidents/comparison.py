"""Our incidents against ACLED's events: what each has that the other lacks.

Before trusting either, an analyst checks an extraction against ACLED (or
ACLED against the reports they hold): which events both have, which only
one has, and where matched events disagree (toll, date, place, actors).
``compare`` pairs an incident with an ACLED event of the same type family
(``acled.type_family``), dates within ``max_days`` (widened to the coarser
time precision) and points within ``max_km`` (widened to our uncertainty
radius); nearest in time, then in space, first, one to one.

Cost: ACLED events are bucketed by day, so each incident is checked only
against the events of the days its window covers.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .acled import AcledReadReport, read_acled, type_family
from .errors import InputFormatError
from .gazetteer import haversine_km

__all__ = ["compare", "Comparison", "Pair"]

_WINDOW_DAYS = {1: 0, 2: 7, 3: 31}


@dataclass(frozen=True)
class Pair:
    """One of our incidents matched to one ACLED event; ``days`` and ``km`` apart; the fields that disagree."""

    ours: int
    acled: int
    days: int
    km: float
    differs: tuple[str, ...]


@dataclass
class Comparison:
    """The result of ``compare``: ``ours`` and ``acled`` are the inputs' properties (with ``lon``/``lat``)."""

    ours: list[dict]
    acled: list[dict]
    pairs: list[Pair]
    acled_skipped: int = 0
    ours_only: list[int] = field(default_factory=list)
    acled_only: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """One line: how many matched, how many only one side has."""
        text = (f"{len(self.pairs)} matched, {len(self.ours_only)} only ours (of {len(self.ours)}), "
                f"{len(self.acled_only)} only ACLED (of {len(self.acled)})")
        return text + (f"; {self.acled_skipped} ACLED rows skipped" if self.acled_skipped else "")

    def table(self):
        """A pandas DataFrame, one row per pair and per unmatched event, for the terminal or a notebook."""
        import pandas as pd

        rows = []
        for p in self.pairs:
            o, a = self.ours[p.ours], self.acled[p.acled]
            rows.append(_row("both", o, a, p.days, p.km, ", ".join(p.differs)))
        rows += [_row("ours only", self.ours[n], None) for n in self.ours_only]
        rows += [_row("ACLED only", None, self.acled[n]) for n in self.acled_only]
        return pd.DataFrame(rows, columns=["match", "ours", "acled", "date", "type", "place", "fatalities",
                                           "days", "km", "differs"])

    def unmatched(self) -> dict:
        """A GeoJSON FeatureCollection of the events only one side has, ``compare_side`` saying which."""
        features = [_feature(self.ours[n], "ours only") for n in self.ours_only]
        features += [_feature(self.acled[n], "acled only") for n in self.acled_only]
        return {"type": "FeatureCollection", "features": features}


def _pair_text(o, a, key) -> str:
    left = "" if o is None or o.get(key) is None else str(o.get(key))
    right = "" if a is None or a.get(key) is None else str(a.get(key))
    return left if left == right or not right else right if not left else f"{left} | {right}"


def _row(match, o, a, days=None, km=None, differs=""):
    kind = _pair_text(o, a, "type") if "type" in differs else (o or a).get("type")
    return {
        "match": match, "ours": (o or {}).get("id", ""), "acled": (a or {}).get("event_id_cnty", ""),
        "date": _pair_text(o, a, "date"), "type": kind, "place": _pair_text(o, a, "place"),
        "fatalities": _pair_text(o, a, "fatalities"), "days": "" if days is None else days,
        "km": "" if km is None else round(km, 1), "differs": differs,
    }


def _feature(props: dict, side: str) -> dict:
    geometry = None if props.get("lon") is None else {"type": "Point", "coordinates": [props["lon"], props["lat"]]}
    properties = {k: v for k, v in props.items() if k not in ("lon", "lat")}
    properties["compare_side"] = side
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _day(value) -> int | None:
    try:
        return date.fromisoformat(str(value)[:10]).toordinal() if value else None
    except ValueError:
        return None


def _window(props: dict) -> int:
    precision = props.get("time_precision")
    return _WINDOW_DAYS.get(int(precision) if isinstance(precision, (int, float)) and precision == precision else 1, 0)


def _ours(source) -> list[dict]:
    """Our incidents as property dicts with lon/lat: from a GeoJSON path, a FeatureCollection or a list of Features."""
    if isinstance(source, (str, os.PathLike)):
        from .export import read_incidents

        features = read_incidents(source)
    elif isinstance(source, dict):
        features = source.get("features", [])
    else:
        features = list(source)
    out = []
    for f in features:
        props = dict(f.get("properties") or {})
        coords = (f.get("geometry") or {}).get("coordinates")
        props["lon"], props["lat"] = (coords[0], coords[1]) if coords else (None, None)
        out.append(props)
    return out


def _acled(source) -> tuple[list[dict], int]:
    """ACLED events as property dicts with lon/lat, and how many rows were skipped."""
    report = AcledReadReport()
    gdf = read_acled(source, report) if isinstance(source, (str, os.PathLike)) else source
    out = []
    for props, geom in zip(gdf.drop(columns="geometry").to_dict("records"), gdf.geometry):
        props = {k: (None if _missing(v) else v) for k, v in props.items()}
        props["lon"], props["lat"] = (geom.x, geom.y) if geom is not None and not geom.is_empty else (None, None)
        out.append(props)
    return out, int(gdf.attrs.get("skipped", len(report.skipped)))


def _missing(value) -> bool:
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):  # lists and arrays
        return False


def _differs(o: dict, a: dict) -> tuple[str, ...]:
    """The fields a pair disagrees on. Types are compared as ACLED's sub-event types (ACLED has no
    drone strike apart from an air strike); actors are not compared (ACLED names them from its own dictionary)."""
    out = []
    if o.get("fatalities") is not None and a.get("fatalities") is not None and int(o["fatalities"]) != int(a["fatalities"]):
        out.append("fatalities")
    if str(o.get("date"))[:10] != str(a.get("date"))[:10]:
        out.append("date")
    if (o.get("acled_sub_event_type") or o.get("type")) != (a.get("acled_sub_event_type") or a.get("type")):
        out.append("type")
    if o.get("geo_precision") is not None and a.get("geo_precision") is not None and int(o["geo_precision"]) != int(a["geo_precision"]):
        out.append("geo_precision")
    return tuple(out)


def compare(ours, acled, max_km: float = 25.0, max_days: int = 1) -> Comparison:
    """Match our incidents to ACLED events and say what each side lacks.

    ``ours``: an incidents GeoJSON path (from ``extract``), a FeatureCollection
    or a list of Features. ``acled``: an ACLED CSV export path or a
    GeoDataFrame from ``read_acled``. A pair needs the same type family,
    dates at most ``max_days`` apart (or the coarser time precision's window)
    and points at most ``max_km`` apart (or our uncertainty radius); denied
    incidents are left out, as ACLED codes no denied event.

    Example
    -------
    >>> result = compare("incidents.geojson", "acled.csv")  # doctest: +SKIP
    >>> print(result.summary())  # doctest: +SKIP
    3 matched, 1 only ours (of 4), 2 only ACLED (of 5)
    """
    if max_km < 0 or max_days < 0:
        raise InputFormatError(f"max_km and max_days must be >= 0, got {max_km}, {max_days}")
    mine = [p for p in _ours(ours) if p.get("status") != "denied"]
    theirs, skipped = _acled(acled)
    by_day: dict[int, list[int]] = defaultdict(list)
    widest = 0
    for n, a in enumerate(theirs):
        day = _day(a.get("date"))
        if day is not None:
            by_day[day].append(n)
            widest = max(widest, _window(a))
    candidates = []
    for i, o in enumerate(mine):
        day = _day(o.get("date"))
        if day is None or o.get("lon") is None:
            continue
        reach = max(max_days, _window(o), widest)
        radius = max(max_km, float(o.get("uncertainty_km") or 0))
        family = type_family(o.get("type") or "other")
        for d in range(day - reach, day + reach + 1):
            for n in by_day.get(d, ()):
                a = theirs[n]
                if a.get("lon") is None or type_family(a.get("type") or "other") != family:
                    continue
                days = abs(d - day)
                if days > max(max_days, _window(o), _window(a)):
                    continue
                km = haversine_km(o["lat"], o["lon"], a["lat"], a["lon"])
                if km <= radius:
                    candidates.append((days, km, i, n))
    taken_ours, taken_acled, pairs = set(), set(), []
    for days, km, i, n in sorted(candidates):
        if i not in taken_ours and n not in taken_acled:
            taken_ours.add(i)
            taken_acled.add(n)
            pairs.append(Pair(i, n, days, km, _differs(mine[i], theirs[n])))
    pairs.sort(key=lambda p: p.ours)
    return Comparison(mine, theirs, pairs, skipped,
                      [i for i in range(len(mine)) if i not in taken_ours],
                      [n for n in range(len(theirs)) if n not in taken_acled])


def write_unmatched(result: Comparison, path: str | os.PathLike) -> Path:
    """The unmatched events of a comparison as GeoJSON; the file appears whole or not at all."""
    from .export import _json_value, atomic_output

    path = Path(path)
    with atomic_output(path) as tmp:
        tmp.write_text(json.dumps(result.unmatched(), ensure_ascii=False, indent=1, default=_json_value) + "\n",
                       encoding="utf-8")
    return path
