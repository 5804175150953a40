"""The incident record, its type taxonomy and the ACLED categories it maps to.

An ``Incident`` is what one sentence (or a few, about one event) of a report
says happened: a type, a place, a date, counts and actors, with the evidence
and its character span. It becomes one GeoJSON Feature of the DESIGN.md
schema; the point is null when the place could not be resolved.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

__all__ = ["Incident", "TYPES", "ACLED", "PROPERTIES", "acled_categories"]

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

    @property
    def id(self) -> str:
        """Stable: the same document, type, span and place give the same id."""
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
            "injured": self.injured,
            "arrested": self.arrested,
            "vehicles": self.vehicles,
            "actors": list(self.actors),
            "origin": self.origin,
            "destinations": list(self.destinations),
            "origin_point": list(self.origin_point) if self.origin_point else None,
            "destination_points": [list(p) for p in self.destination_points],
            "source": self.source,
            "evidence": self.evidence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "confidence": round(self.confidence, 2),
            "acled_event_type": event_type,
            "acled_sub_event_type": sub_event_type,
        }

    def to_feature(self) -> dict:
        """A GeoJSON Feature (RFC 7946: [lon, lat], null geometry when unplaced)."""
        geometry = {"type": "Point", "coordinates": [self.lon, self.lat]} if self.placed else None
        return {"type": "Feature", "id": self.id, "geometry": geometry, "properties": self.properties()}


PROPERTIES = tuple(Incident("", "other", "", 0, 0).properties())
