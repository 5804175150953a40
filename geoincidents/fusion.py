"""One incident per event: fuse what several reports say about the same strike, clash or raid.

An analyst's corpus tells one strike many times (a monitor, a wire, a local
outlet, a translated daily), each with its own spelling, toll and date
phrase. Extraction gives one incident per report; ``fuse_incidents`` joins
the incidents of different reports that agree on

- type: the same, or compatible (``COMPATIBLE_TYPES``: a "drone strike" in
  one report is an "air strike" in another),
- date: within their time precision (``WINDOW_DAYS``: 1 day for a day,
  7 for a week, 31 for a month); undated incidents are never fused,
- place: the points lie within the larger of the two uncertainty radii
  (the same gazetteer place at the same point qualifies; the same place
  named as the reference of "65 km from X" does not),

and keeps every report in ``sources``. Counts follow ACLED's conservative
rule: the lowest figure in ``fatalities``, the highest in ``fatalities_max``
when reports differ; ``status`` is ``denied`` only when every report denies
it; the most precise place and date win. A cluster never holds two incidents
of one report: what one report tells apart stays apart.

Cost: incidents are bucketed by day and by a one-degree grid cell, so each
incident is compared only with its neighbours in time and space, never with
the whole corpus. Determinism: incidents are clustered in a canonical order,
and a fused id is a hash of its members' ids, so the same corpus gives the
same incidents and ids whatever order its documents come in.
"""

from __future__ import annotations

import math
import os
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from typing import Iterable, Mapping

from .gazetteer import haversine_km
from .incidents import Incident, Source

__all__ = ["extract_events", "fuse_incidents", "with_sources", "consolidate", "DocumentMeta", "compatible_types", "same_date", "same_place",
           "COMPATIBLE_TYPES", "WINDOW_DAYS"]

#: Groups of our types that two reports of one event may use for it. Two
#: types are compatible when they are equal or share a group.
COMPATIBLE_TYPES: tuple[frozenset[str], ...] = (
    frozenset({"air_strike", "drone_strike", "explosion"}),  # "an explosion" is often a strike seen from the ground
    frozenset({"shelling", "explosion"}),
    frozenset({"armed_clash", "attack"}),
)

#: How far apart (days) two dates of a time precision may be and still be one event.
WINDOW_DAYS = {1: 1, 2: 7, 3: 31}

#: The radius (km) of a place whose uncertainty the extractor did not give, by geo precision.
DEFAULT_RADIUS_KM = {1: 5.0, 2: 15.0, 3: 60.0}

#: When types differ, the more specific one names the fused incident.
_SPECIFICITY = ("drone_strike", "air_strike", "shelling", "attack", "armed_clash", "explosion")

_CELL_DEG = 1.0
_KM_PER_DEG = 111.0


def compatible_types(a: str, b: str) -> bool:
    """Whether two reports of one event may call it ``a`` and ``b``.

    Example
    -------
    >>> compatible_types("drone_strike", "air_strike"), compatible_types("arrest", "attack")
    (True, False)
    """
    return a == b or any(a in group and b in group for group in COMPATIBLE_TYPES)


def _window(inc: Incident) -> int:
    return WINDOW_DAYS.get(inc.time_precision or 1, 1)


def _day(inc: Incident) -> int | None:
    try:
        return date.fromisoformat(inc.date).toordinal() if inc.date else None
    except ValueError:
        return None


def same_date(a: Incident, b: Incident) -> bool:
    """Whether two dated incidents' dates agree within the coarser one's precision.

    Example
    -------
    >>> one = Incident("a", "shelling", "", 0, 0, date="2021-03-02", time_precision=1)
    >>> same_date(one, replace(one, date="2021-03-03")), same_date(one, replace(one, date="2021-03-05"))
    (True, False)
    """
    da, db = _day(a), _day(b)
    if da is None or db is None:
        return False
    return abs(da - db) <= max(_window(a), _window(b))


def _radius(inc: Incident) -> float:
    if inc.uncertainty_km is not None:
        return float(inc.uncertainty_km)
    return DEFAULT_RADIUS_KM.get(inc.geo_precision or 2, DEFAULT_RADIUS_KM[2])


def same_place(a: Incident, b: Incident) -> bool:
    """Whether two placed incidents' points lie within the larger of their uncertainty radii.

    Example
    -------
    >>> hajin = Incident("a", "shelling", "", 0, 0, lat=34.69508, lon=40.83138, uncertainty_km=3)
    >>> same_place(hajin, replace(hajin, lat=34.70)), same_place(hajin, replace(hajin, lat=35.0))
    (True, False)
    """
    if not (a.placed and b.placed):
        return False
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= max(_radius(a), _radius(b))


def _fusable(a: Incident, b: Incident) -> bool:
    return a.doc != b.doc and compatible_types(a.type, b.type) and same_date(a, b) and same_place(a, b)


def _canonical(inc: Incident) -> tuple:
    """A total order on incidents that does not depend on the order documents came in."""
    return (inc.date or "", inc.doc, inc.char_start, inc.char_end, inc.type, inc.place_mention or "", inc.evidence, inc.id)


def _cell(inc: Incident) -> tuple[int, int]:
    return (math.floor(inc.lat / _CELL_DEG), math.floor(inc.lon / _CELL_DEG))


def _rings(radius_km: float, lat: float) -> int:
    """How many grid cells around an incident's own a point within ``radius_km`` may fall in."""
    km_per_cell = _CELL_DEG * _KM_PER_DEG * max(math.cos(math.radians(min(abs(lat), 80.0))), 0.17)
    return math.ceil(radius_km / km_per_cell)


def source_of(inc: Incident, meta: Mapping[str, tuple[str | None, str | None]] | None = None) -> Source:
    """The report an extracted incident comes from, with the outlet and URL of its document when known."""
    outlet, url = (meta or {}).get(inc.doc, (None, None))
    return Source(inc.doc, outlet, url, inc.evidence, inc.date_text)


def with_sources(incidents: Iterable[Incident], meta: Mapping[str, tuple[str | None, str | None]] | None = None) -> list[Incident]:
    """Each incident with its one report in ``sources`` (``--per-report``: no fusion)."""
    return [inc if inc.sources else replace(inc, sources=(source_of(inc, meta),)) for inc in incidents]


class DocumentMeta(dict):
    """Document id -> (outlet, url), recorded while documents stream past (their texts are not kept)."""

    def record(self, documents: Iterable) -> Iterable:
        for doc in documents:
            self[doc.id] = (getattr(doc, "outlet", None), getattr(doc, "url", None))
            yield doc


def consolidate(incidents: Iterable[Incident], meta: Mapping[str, tuple[str | None, str | None]] | None = None,
                per_report: bool = False) -> list[Incident]:
    """What ``extract`` and ``map`` write: actor roles read, then one incident per event (or per report).

    Example
    -------
    >>> consolidate([], per_report=True)
    []
    """
    from .roles import with_roles

    incidents = with_roles(incidents)
    return with_sources(incidents, meta) if per_report else fuse_incidents(incidents, meta)


def extract_events(inputs, published=None, gazetteer=None, per_report: bool = False):
    """Incidents from reports, one per event, as a GeoDataFrame: what the ``extract`` command writes.

    ``extract_incidents`` with actor roles and fusion: reports of one event
    become one row listing every report in ``sources`` (``per_report=True``
    keeps one row per report). ``inputs``: report texts, ``Document``s or
    file paths, as for ``extract_incidents``.

    Example
    -------
    >>> gdf = extract_events(["A drone struck a car in Hajin yesterday, killing two.",
    ...                       "Two people died when a drone hit their car in Hajine on Monday."],
    ...                      published="2021-03-02")  # doctest: +SKIP
    >>> gdf[["type", "place", "number_of_sources"]].values.tolist()  # doctest: +SKIP
    [['drone_strike', 'Hajin', 2]]
    """
    from .export import incidents_to_geodataframe
    from .extract import iter_incidents

    meta = DocumentMeta()
    found = iter_incidents(meta.record(_documents(inputs, published)), gazetteer=gazetteer)
    return incidents_to_geodataframe(consolidate(found, meta, per_report=per_report))


def _documents(inputs, published) -> Iterable:
    """Documents from texts, paths and ``Document``s (their outlet and URL kept for ``sources``)."""
    from .documents import Document, document_from_text, read_documents

    if isinstance(inputs, (str, os.PathLike, Document)):
        inputs = [inputs]
    for n, item in enumerate(inputs):
        if isinstance(item, Document):
            yield item if published is None else replace(item, published=date.fromisoformat(str(published)))
        elif isinstance(item, os.PathLike) or ("\n" not in item and len(item) <= 260 and (item == "-" or os.path.exists(item))):
            yield from read_documents([item], published=published)
        else:
            yield document_from_text(item, id=f"text-{n + 1}", published=published)


def fuse_incidents(incidents: Iterable[Incident], meta: Mapping[str, tuple[str | None, str | None]] | None = None) -> list[Incident]:
    """Incidents of different reports about the same event, fused into one each.

    ``meta`` maps a document id to its (outlet, url), for ``sources``. The
    result keeps the order in which each event was first reported.

    Example
    -------
    >>> a = Incident("north.txt", "drone_strike", "A drone hit Hajin.", 0, 18, date="2021-03-02",
    ...              time_precision=1, lat=34.69508, lon=40.83138, uncertainty_km=3, fatalities=2)
    >>> b = replace(a, doc="wire.txt", type="air_strike", fatalities=3)
    >>> [(i.type, i.fatalities, i.fatalities_max, len(i.sources)) for i in fuse_incidents([a, b])]
    [('drone_strike', 2, 3, 2)]
    """
    items = list(incidents)
    order = sorted(range(len(items)), key=lambda n: _canonical(items[n]))
    clusters: list[list[int]] = []            # incident numbers, in canonical order
    index: dict[tuple, list[int]] = defaultdict(list)  # (day, cell) -> cluster numbers
    widest_window, widest_radius = 1, 0.0
    for n in order:
        inc = items[n]
        day = _day(inc)
        found = None
        if day is not None and inc.placed:
            found = _best_cluster(inc, items, clusters, index, day, widest_window, widest_radius)
        if found is None:
            found = len(clusters)
            clusters.append([])
        clusters[found].append(n)
        if day is not None and inc.placed:
            cy, cx = _cell(inc)
            index[(day, cy, cx)].append(found)
            widest_window = max(widest_window, _window(inc))
            widest_radius = max(widest_radius, _radius(inc))
    clusters.sort(key=min)  # first reported first
    return [_fused([items[n] for n in members], meta) for members in clusters]


def _best_cluster(inc, items, clusters, index, day, widest_window, widest_radius) -> int | None:
    """The cluster whose every member agrees with ``inc``, the nearest first; None if none."""
    window = max(_window(inc), widest_window)
    rings = _rings(max(_radius(inc), widest_radius), inc.lat)
    cy, cx = _cell(inc)
    seen, best = set(), None
    for d in range(day - window, day + window + 1):
        for y in range(cy - rings, cy + rings + 1):
            for x in range(cx - rings, cx + rings + 1):
                for c in index.get((d, y, x), ()):
                    if c in seen:
                        continue
                    seen.add(c)
                    members = [items[m] for m in clusters[c]]
                    if all(_fusable(inc, m) for m in members):
                        distance = min(haversine_km(inc.lat, inc.lon, m.lat, m.lon) for m in members)
                        if best is None or (distance, c) < best:
                            best = (distance, c)
    return None if best is None else best[1]


def _fused(members: list[Incident], meta) -> Incident:
    """One incident from the reports of one event (members in canonical order)."""
    sources = tuple(s for m in members for s in (m.sources or (source_of(m, meta),)))
    if len(members) == 1:
        return replace(members[0], sources=sources)
    place = min(members, key=lambda m: (m.geo_precision or 9, _radius(m)))
    when = _best_date(members)
    reported = [m for m in members if m.status != "denied"] or members
    counts = {k: [getattr(m, k) for m in reported if getattr(m, k) is not None]
              for k in ("fatalities", "injured", "arrested", "vehicles")}
    low = {k: min(v) if v else None for k, v in counts.items()}
    high = max(counts["fatalities"]) if counts["fatalities"] else None
    actors = tuple(dict.fromkeys(a for m in members for a in m.actors))
    actor1 = place.actor1 or next((m.actor1 for m in members if m.actor1), None)
    actor2 = place.actor2 or next((m.actor2 for m in members if m.actor2 and m.actor2 != actor1), None)
    assoc = tuple(dict.fromkeys(a for m in members for a in m.assoc_actors if a not in (actor1, actor2)))
    outlets = [m.source for m in members if m.source]
    confidence = 1.0
    for m in members:
        confidence *= 1.0 - m.confidence
    return replace(
        place,
        type=_fused_type(members),
        status="denied" if all(m.status == "denied" for m in members) else "reported",
        date=when.date, date_text=when.date_text, time_precision=when.time_precision,
        places=tuple(dict.fromkeys(p for m in members for p in m.places)),
        fatalities=low["fatalities"], injured=low["injured"], arrested=low["arrested"], vehicles=low["vehicles"],
        fatalities_max=high if high != low["fatalities"] else None,
        actors=actors, actor1=actor1, actor2=actor2, assoc_actors=assoc,
        source="; ".join(dict.fromkeys(outlets)) or None,
        confidence=min(0.99, 1.0 - confidence),
        civilian_targets=any(m.civilian_targets for m in members),
        sources=sources,
        merged_ids=tuple(sorted(m.id for m in members)),
    )


def _best_date(members: list[Incident]) -> Incident:
    """The member whose date is the most precise; among equals, the date most reports give, then the earliest."""
    dated = [m for m in members if m.date]
    best = min(m.time_precision or 9 for m in dated)
    precise = [m for m in dated if (m.time_precision or 9) == best]
    votes = Counter(m.date for m in precise)
    return min(precise, key=lambda m: (-votes[m.date], m.date))


def _fused_type(members: list[Incident]) -> str:
    """The type most reports give; a tie goes to the more specific (drone strike over explosion)."""
    votes = Counter(m.type for m in members)
    rank = {t: n for n, t in enumerate(_SPECIFICITY)}
    return min(votes, key=lambda t: (-votes[t], rank.get(t, len(rank)), t))
