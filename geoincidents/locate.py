"""A point and a radius of doubt for the way reports name places.

Reports rarely name a point: they say "the outskirts of al-Bukamal", "the
eastern countryside of Deir ez-Zor", "northeast of Dayro Zcuro", "more than 65
km away from al-Bokamal", "the desert of al-Mayadin", "southern Hasaka
province". ``relation_around`` reads those words around a place mention and
``locate`` turns the place and the relation into a point, an uncertainty
radius and ACLED's geo-precision (1 the place itself, 2 near or part of it,
3 only the province). geopy's geodesic does the arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .casefold import Cued, fold_text as _fold, folded as _folded  # case-insensitive patterns run fast: see casefold

__all__ = ["Relation", "Location", "relation_around", "locate", "offset_point", "BEARINGS"]

def _groups(m: re.Match, text: str) -> dict[str, str | None]:
    """``m.groupdict()`` read from ``text`` (the original of the folded text ``m`` was found in)."""
    return {g: (text[m.start(g):m.end(g)] if m.start(g) >= 0 else None) for g in m.re.groupindex}


BEARINGS = {
    "north": 0, "northeast": 45, "east": 90, "southeast": 135,
    "south": 180, "southwest": 225, "west": 270, "northwest": 315,
}
# How far a place reaches, km: the doubt when a report names only the place.
_EXTENT_KM = {
    "village": 2, "town": 4, "city": 8, "district": 25, "province": 75, "country": 300,
    "oil_field": 6, "gas_field": 4, "base": 2, "airport": 2, "border_crossing": 2, "camp": 2,
    "prison": 1, "dam": 3, "station": 3, "desert": 60, "river": 30, "region": 60,
}
_BIG_KINDS = {"province", "country", "region", "desert", "river"}

_DIR = r"(?P<dir>north[\s-]?east|north[\s-]?west|south[\s-]?east|south[\s-]?west|north|south|east|west)(?:ern|erly)?"
_AREA = r"(?P<area>outskirts|vicinity|surroundings|edge|periphery|suburbs?|countryside|rural\s+areas|desert|badia|environs|province|governorate)"
_UNIT = r"(?:km|kms|kilometers|kilometres)"
# Words before a place: "the eastern countryside of", "65 km away from", "northeast of", "near".
_AREA_OF = re.compile(rf"(?:the\s+)?(?:{_DIR}\s+)?{_AREA}\s+of\s+(?:the\s+)?(?:(?:city|town|village|province|governorate)\s+of\s+)?$", re.I)
_DISTANCE_FROM = re.compile(rf"(?P<km>\d+(?:[.,]\d+)?)\s*{_UNIT}\s+(?:away\s+)?(?:to\s+the\s+)?(?:{_DIR}\s+)?(?:from|of)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.I)
_BEARING_OF = re.compile(rf"(?:to\s+the\s+)?{_DIR}\s+of\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.I)
_NEAR = re.compile(r"\b(?P<near>near|nearby|close\s+to|outside|around)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.I)
_BEARING_BEFORE = re.compile(rf"(?:in\s+)?(?:the\s+)?{_DIR}\s+$", re.I)  # "southern Hasaka province", with an area word after
_RURAL_BEFORE = re.compile(rf"\b(?:{_DIR}\s+)?(?P<area>rural)\s+$", re.I)  # "in rural Albu Kamal": its countryside
_BEFORE = [_AREA_OF, _DISTANCE_FROM, _BEARING_OF, _NEAR, _BEARING_BEFORE, _RURAL_BEFORE]
# the words one of which each needs (a direction, an area word...), checked before the pattern runs
_BEFORE_CUES = [
    ("badia", "countryside", "desert", "edge", "environs", "governorate", "outskirts", "periphery", "province", "rural", "suburb",
     "surroundings", "vicinity"),
    None,  # a distance: only digits and a unit, no word to look for
    ("east", "north", "south", "west"),
    ("around", "close", "near", "outside"),
    ("east", "north", "south", "west"),
    ("rural",),
]
_BEFORE_FOLDED = [(p, Cued(_folded(p), cues)) for p, cues in zip(_BEFORE, _BEFORE_CUES)]
# Words after a place: "Dayro Zcuro countryside", "al-Mayadin Desert", "Hasaka province".
_AFTER = re.compile(  # used with .match(text, end): anchored there, so no "^"
    r"\s*(?:\)\s*)?(?:city|town)?\s*(?P<area>countryside|desert|badia|outskirts|suburbs|province|governorate|district|area)\b",
    re.I,
)



@dataclass(frozen=True)
class Relation:
    """How a mention relates to the named place: ``area`` (outskirts, countryside,
    desert, province...), a compass ``bearing`` in degrees, a distance in km."""

    area: str | None = None
    bearing: float | None = None
    distance_km: float | None = None
    text: str = ""

    @property
    def exact(self) -> bool:
        return self.area is None and self.bearing is None and self.distance_km is None


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    geo_precision: int
    uncertainty_km: float


def _bearing(word: str | None) -> float | None:
    if not word:
        return None
    return BEARINGS.get(re.sub(r"[\s-]", "", word.lower()))


def _area(word: str | None) -> str | None:
    if not word:
        return None
    word = word.lower().split()[0]
    return {"suburb": "suburbs", "rural": "countryside", "badia": "desert", "governorate": "province",
            "vicinity": "outskirts", "surroundings": "outskirts", "periphery": "outskirts",
            "environs": "outskirts", "edge": "outskirts"}.get(word, word)


def relation_around(text: str, start: int, end: int) -> Relation:
    """The relation the words around ``text[start:end]`` (a place mention) state.

    Example
    -------
    >>> t = "clashes in the eastern countryside of Deir ez-Zor"
    >>> relation_around(t, t.index("Deir"), len(t))
    Relation(area='countryside', bearing=90, distance_km=None, text='the eastern countryside of ')
    """
    before = text[max(0, start - 60):start]
    tail = before[-34:].lower()
    if not ("of " in tail or "from " in tail or "north" in tail or "south" in tail or "east" in tail or "west" in tail
            or "near" in tail or "close to" in tail or "outside" in tail or "around" in tail or "rural" in tail):
        tail = None  # none of the patterns before can match: skip them (most mentions)
    low = _fold(before) if tail is not None else ""
    for pattern, folded in _BEFORE_FOLDED if tail is not None else ():
        m = folded.search(low)
        if not m:
            continue
        groups = _groups(m, before)
        area = _area(groups.get("area")) or ("outskirts" if groups.get("near") else None)
        km = float(groups["km"].replace(",", ".")) if groups.get("km") else None
        bearing = _bearing(groups.get("dir"))
        if pattern is _BEARING_BEFORE:
            after = _AFTER.match(text, end)
            if not after:
                continue  # "the west Euphrates": a bearing needs "of" or an area word after
            area = _area(after.group("area"))
        elif area is None and km is None and bearing is None:
            continue
        if area is None or pattern is _NEAR:
            after = _AFTER.match(text, end)
            area = _area(after.group("area")) if after else area
        return Relation(area, bearing, km, before[m.start():m.end()])
    after = _AFTER.match(text, end)
    if after:
        return Relation(_area(after.group("area")), None, None, after.group(0))
    return Relation()


@lru_cache(maxsize=8192, typed=True)  # a pure function of its numbers, asked again for each report naming the same place
def offset_point(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` along ``bearing`` (degrees from north) from (lat, lon), on the WGS 84 ellipsoid."""
    from geopy.distance import geodesic

    dest = geodesic(kilometers=km).destination((lat, lon), bearing)
    return round(dest.latitude, 5), round(dest.longitude, 5)


def locate(lat: float, lon: float, kind: str, relation: Relation = Relation()) -> Location:
    """A point, ACLED geo-precision and radius for a place and a relation to it.

    - the place itself: its point, precision 1 (3 for a province or country);
    - "outskirts/suburbs of X": X's point, precision 2, a few km more doubt;
    - "the eastern countryside/desert of X", "northeast of X": moved along
      the bearing by a distance that grows with the size of X, precision 2;
    - "65 km from X": moved 65 km when a bearing is given, else X's point
      with a 65 km radius (the direction is unknown, say so);
    - "X province", "southern X province": precision 3.

    Example
    -------
    >>> loc = locate(35.33588, 40.14084, "city", Relation(area="countryside", bearing=45))
    >>> loc.geo_precision, loc.uncertainty_km
    (2, 25.0)
    """
    extent = float(_EXTENT_KM.get(kind, 5))
    area, bearing, km = relation.area, relation.bearing, relation.distance_km
    if relation.exact:
        return Location(lat, lon, 3 if kind in ("province", "country") else 1, extent)
    if area == "province" or kind in ("province", "country"):
        extent = max(extent, 75.0)
        if bearing is not None:
            lat, lon = offset_point(lat, lon, bearing, extent * 0.6)
        return Location(lat, lon, 3, extent)
    if km is not None:
        if bearing is not None:
            lat, lon = offset_point(lat, lon, bearing, km)
            return Location(lat, lon, 2, round(max(5.0, km * 0.25), 1))
        return Location(lat, lon, 2, round(km + extent, 1))
    reach = {"outskirts": 0.0, "suburbs": 4.0, "countryside": 20.0, "desert": 30.0}.get(area or "", 2.0 * extent)
    if kind in _BIG_KINDS:
        reach = extent * 0.5
    if bearing is not None:
        # "the western outskirts of X" is just beyond X's edge; "northeast of X" somewhat further
        reach = extent * 0.75 if area in ("outskirts", "suburbs") else max(reach, 2.0 * extent, 5.0)
        lat, lon = offset_point(lat, lon, bearing, reach)
        return Location(lat, lon, 2, round(max(reach, 5.0), 1))
    doubt = extent + (reach if area in ("countryside", "desert") else 5.0)
    return Location(lat, lon, 2, round(doubt, 1))
