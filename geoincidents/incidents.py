"""The incident record, its type taxonomy and the ACLED categories it maps to.

An ``Incident`` is what one sentence (or a few, about one event) of a report
says happened: a type, a place, a date, counts and actors, with the evidence
and its character span. It becomes one GeoJSON Feature of the DESIGN.md
schema; the point is null when the place could not be resolved.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace

__all__ = ["Incident", "Source", "TYPES", "ACLED", "PROPERTIES", "COUNTS", "MAX_COUNT", "acled_categories", "plausible_count"]

TYPES = (
    "air_strike", "drone_strike", "shelling", "explosion", "armed_clash",
    "attack", "arrest", "convoy", "military_exercise", "other",
)

#: Our type -> (ACLED event_type, sub_event_type), from ACLED's codebook.
ACLED = {
    "air_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "drone_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "explosion": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "armed_clash": ("Battles", "Armed clash"),
    "attack": ("Battles", "Armed clash"),
    "arrest": ("Strategic developments", "Arrests"),
    "convoy": ("Strategic developments", "Other"),
    "military_exercise": ("Strategic developments", "Other"),
    "other": ("Strategic developments", "Other"),
}


def acled_categories(kind: str, civilian_targets: bool = False) -> tuple[str, str]:
    """ACLED's event type and sub-event type for one of our types.

    An attack on civilians is ACLED's "Violence against civilians / Attack";
    an attack on armed forces is, in ACLED's terms, a battle.
    """
    if kind == "attack" and civilian_targets:
        return ("Violence against civilians", "Attack")
    return ACLED.get(kind, ACLED["other"])


#: The count properties, and the largest count one incident can plausibly have.
#: Why a bound: "killing 99999999999999999999 people" is a typo or an attack on
#: the tools, and a number past 2**63 overflows every integer column (GeoPackage,
#: CSV through pandas, numpy): above the bound a count is unknown (null).
COUNTS = ("fatalities", "injured", "arrested", "vehicles")
MAX_COUNT = 1_000_000


def plausible_count(value) -> int | None:
    """``value`` as an int if it is a whole count between 0 and ``MAX_COUNT``, else None.

    Example
    -------
    >>> plausible_count(12), plausible_count(99999999999999999999), plausible_count(-1), plausible_count(None)
    (12, None, None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        number = int(value)
        if number != value:
            return None
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 <= number <= MAX_COUNT else None


@dataclass(frozen=True)
class Source:
    """One report of an incident: which document said it, from which outlet, in which words."""

    doc: str
    outlet: str | None = None
    url: str | None = None
    evidence: str = ""
    date_text: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Incident:
    """One incident. Distances in km, coordinates WGS 84 decimal degrees.

    ``geo_precision`` and ``time_precision`` have ACLED's meaning: 1 the place
    (day) itself, 2 near or part of it (within a week), 3 only the province
    (the month).
    """

    doc: str
    type: str
    evidence: str
    char_start: int
    char_end: int
    status: str = "reported"
    date: str | None = None
    date_text: str | None = None
    time_precision: int | None = None
    place: str | None = None
    place_id: str | None = None
    place_mention: str | None = None
    places: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    uncertainty_km: float | None = None
    fatalities: int | None = None
    injured: int | None = None
    arrested: int | None = None
    vehicles: int | None = None
    actors: tuple[str, ...] = ()
    origin: str | None = None
    destinations: tuple[str, ...] = ()
    origin_point: tuple[float, float] | None = None
    destination_points: tuple[tuple[float, float], ...] = ()
    source: str | None = None
    confidence: float = 0.5
    civilian_targets: bool = field(default=False, repr=False)
    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: tuple[str, ...] = ()
    fatalities_max: int | None = None
    sources: tuple[Source, ...] = ()
    merged_ids: tuple[str, ...] = field(default=(), repr=False)
    admin1: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None

    def __post_init__(self):
        for name in COUNTS:  # one bound for every output: see MAX_COUNT
            value = getattr(self, name)
            if value is not None and plausible_count(value) != value:
                object.__setattr__(self, name, plausible_count(value))

    @property
    def id(self) -> str:
        """Stable: the same document, type, span and place give the same id.

        A fused incident's id is that of the set of reports it fuses, whatever
        their order (``fusion.fuse_incidents``).
        """
        if self.merged_ids:
            return hashlib.sha1("+".join(sorted(self.merged_ids)).encode("utf-8")).hexdigest()[:16]
        basis = f"{self.doc}|{self.type}|{self.char_start}|{self.char_end}|{self.place_mention or ''}"
        return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]

    @property
    def placed(self) -> bool:
        return self.lat is not None and self.lon is not None

    def properties(self) -> dict:
        """The Feature's properties, in the DESIGN.md order."""
        event_type, sub_event_type = acled_categories(self.type, self.civilian_targets)
        return {
            "id": self.id,
            "doc": self.doc,
            "type": self.type,
            "status": self.status,
            "date": self.date,
            "date_text": self.date_text,
            "time_precision": self.time_precision,
            "place": self.place,
            "place_id": self.place_id,
            "place_mention": self.place_mention,
            "places": list(self.places),
            "geo_precision": self.geo_precision,
            "uncertainty_km": self.uncertainty_km,
            "fatalities": self.fatalities,
            "fatalities_max": self.fatalities_max,
            "injured": self.injured,
            "arrested": self.arrested,
            "vehicles": self.vehicles,
            "actors": list(self.actors),
            "actor1": self.actor1,
            "actor2": self.actor2,
            "assoc_actors": list(self.assoc_actors),
            "origin": self.origin,
            "destinations": list(self.destinations),
            "origin_point": list(self.origin_point) if self.origin_point else None,
            "destination_points": [list(p) for p in self.destination_points],
            "source": self.source,
            "sources": [s.to_dict() for s in self.sources] or [Source(self.doc, evidence=self.evidence, date_text=self.date_text).to_dict()],
            "number_of_sources": len(self.sources) or 1,
            "evidence": self.evidence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "confidence": round(self.confidence, 2),
            "acled_event_type": event_type,
            "acled_sub_event_type": sub_event_type,
            "admin1": self.admin1,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
        }

    def to_feature(self) -> dict:
        """A GeoJSON Feature (RFC 7946: [lon, lat], null geometry when unplaced)."""
        geometry = {"type": "Point", "coordinates": [self.lon, self.lat]} if self.placed else None
        return {"type": "Feature", "id": self.id, "geometry": geometry, "properties": self.properties()}


PROPERTIES = tuple(Incident("", "other", "", 0, 0).properties())
