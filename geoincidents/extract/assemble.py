"""Incidents from a document: the drafts placed (a point, a precision, an
uncertainty), dated and counted, in the order of the text."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..gazetteer import Gazetteer, Match
from ..incidents import Incident
from ..locate import locate
from ..names import fold
from .dates import reference_date
from .drafts import _counted, _Draft, _drafts, within_paragraphs
from .mentions import Mention, _same_name, names_its_province, place_mentions
from .merging import _dates_carried_forward, _deduplicated, _same_events_merged, date_of, same_day
from .sentences import title_lines_end
from .triggers import _SPECIFIC, clause_type

__all__ = ["incidents_from_document"]

def _near_hint(draft: _Draft, mention: Mention):
    others = [m for m in draft.containers if m is not mention and m.match is not None]
    return others[0].match if others else None


def _resolved(gaz: Gazetteer, mention: Mention, near) -> Match | None:
    """Re-resolve an ambiguous mention near the other places of its clause."""
    if mention.match is None or near is None or not mention.match.alternatives:
        return mention.match
    return gaz.resolve(mention.text, near=near) or mention.match


def _nearest_container(draft: _Draft, place: Mention) -> Mention | None:
    """For a place the gazetteer lacks (or reads as a namesake far away), the resolved place named closest
    to it: "Al-Falaha in the eastern countryside of Hasaka", "the Sikka area on the outskirts of al-Bukamal".
    Ties go to the one after it."""
    def other(m: Mention) -> bool:
        return m is not place and m.match.kind != "country" and (place.match is None or m.match.id != place.match.id)

    pool = [m for m in draft.mentions if m.match is not None and m.role in ("place", "container", "reference")
            and other(m)] or [m for m in draft.context if other(m)]
    if not pool:
        return None
    return min(pool, key=lambda m: (abs(m.start - place.end) if m.start >= place.end else abs(place.start - m.end) + 1, m.level))


def _far_from_its_locator(place: Mention, limit_km: float = 100.0) -> bool:
    """Whether the gazetteer's reading of a place contradicts the place the text says it is near.

    A country says too little to contradict a town ("Hasaka in northeast Syria" is not at Syria's
    centre), and a province reaches further than a town."""
    loc = place.located_by
    if loc is None or loc.match is None or place.match is None or loc.match.kind == "country":
        return False
    if loc.match.kind in ("province", "region", "desert") or names_its_province(loc.match):
        if (loc.match.kind == "province" or names_its_province(loc.match)) and place.match.score < 1 and (
                place.match.admin1 and loc.match.admin1 and place.match.admin1 != loc.match.admin1):
            return True  # "al-Sabha in the eastern Deir Ezzor countryside" is no close spelling of a village in Raqqa
        limit_km = max(limit_km, 200.0)  # "al-Bukamal, eastern Deir Ezzor": a city that names its province may mean the province
    elif place.match.score < 0.95 and place.match.kind in ("village", "town") and not place.relation.distance_km:
        limit_km = 25.0  # a close spelling of another village, read 30 km from the town the text puts it by: not it
    from ..gazetteer import haversine_km

    return haversine_km(place.match.lat, place.match.lon, loc.match.lat, loc.match.lon) > limit_km


class _Region:
    """Where a report is: the places it locates (their points and provinces). A village or town read far
    from all of them is more likely a namesake of a place the gazetteer lacks than the place meant."""

    _SMALL = ("village", "town")

    def __init__(self, mentions: list[Mention], limit_km: float = 150.0):
        points: dict[str, Match] = {}
        for m in mentions:
            if m.match is not None and m.match.kind != "country" and m.role in (
                    "place", "container", "reference", "dateline", "road", "position"):
                points.setdefault(m.match.id, m.match)
        self.points, self.limit_km = list(points.values()), limit_km
        self._strays: dict[str, bool] = {}

    def may_stray(self, match: Match) -> bool:
        """A cheap first test: a village or town whose reading may be a namesake's (see ``strays``)."""
        return bool(self.points) and match.kind in self._SMALL

    def strays(self, match: Match) -> bool:
        """Whether ``match`` (a village or town the text names by another spelling than its own name: a close
        spelling or an alternate name, which namesakes share) is more than ``limit_km`` from every other place
        the report locates and in none of their provinces; False when the report locates nothing else."""
        if match.kind not in self._SMALL or match.score >= 1 and fold(match.matched) == fold(match.name):
            return False
        if match.id not in self._strays:
            from ..gazetteer import haversine_km

            # the report's other places in the same country: a strike on Albu Kamal told beside an attack in Erbil
            # is no namesake of a place near Erbil
            others = [p for p in self.points if p.id != match.id and p.country == match.country]
            self._strays[match.id] = bool(others) and all(
                p.admin1 != match.admin1 and haversine_km(p.lat, p.lon, match.lat, match.lon) > self.limit_km for p in others)
        return self._strays[match.id]


def _incident(doc, text: str, draft: _Draft, gaz: Gazetteer, place: Mention | None, first: bool, ref: date | None,
              region: _Region | None = None, ref_precision: int = 1) -> Incident:
    stray = (place is not None and place.match is not None and region is not None and region.may_stray(place.match)
             and region.strays(_resolved(gaz, place, _near_hint(draft, place))))
    instead = (_nearest_container(draft, place) or draft.fallback) if stray else None
    if instead is not None:
        anchor = instead  # the region the report is about, not a namesake hundreds of km away
    elif place is not None and place.match is not None and not _far_from_its_locator(place):
        anchor = place
    elif place is not None and place.located_by is not None and place.located_by.match is not None:
        anchor = place.located_by  # "the Swediyah gas plant south of Derik": trust Derik over a namesake far away
    elif place is not None:
        anchor = _nearest_container(draft, place) or draft.anchor
    else:
        anchor = draft.anchor
    loc = match = None
    if anchor is not None:
        match = _resolved(gaz, anchor, _near_hint(draft, anchor))
        loc = locate(match.lat, match.lon, match.kind, anchor.relation)
        if anchor.role == "dateline" or anchor not in draft.mentions and anchor.match.kind in ("city", "province"):
            loc = replace(loc, geo_precision=max(loc.geo_precision, 2 if anchor.role != "dateline" else 3))
    precision = loc.geo_precision if loc else None
    unknown_place = place is not None and (place.match is None or anchor is not place)  # its reading was rejected
    if unknown_place and loc is not None:
        precision = max(precision, 2)  # the place itself is unknown: its container stands in
    when = draft.when
    date_value = when.date if when else None
    precision_t = when.precision if when else None
    if date_value is None and ref is not None and when is None:
        date_value, precision_t = ref, max(2, ref_precision)
    elif when is not None and ref_precision == 3 and when.relative and ref is not None:
        date_value, precision_t = ref, 3  # "on Tuesday" of a report dated only by its month: the month is all we know
    counts = draft.counts if first else {}
    places = _own_places(draft, place, anchor)
    s, e = _evidence_span(text, draft)
    confidence = 0.45 + 0.1 * min(_SPECIFIC.get(draft.type, 1), 3) / 3
    confidence += 0.2 if loc and loc.geo_precision == 1 else 0.1 if loc else -0.15
    confidence += 0.1 if counts else 0.0
    confidence -= 0.2 if draft.speculative else 0.0
    origin = draft.origin[0] if draft.origin else None
    return Incident(
        doc=doc.id, type=draft.type, evidence=text[s:e], char_start=s, char_end=e,
        # where the report was published: the map links each popup to it, GIS users join on it
        url=getattr(doc, "url", None) or None, outlet=getattr(doc, "outlet", None) or None,
        title=getattr(doc, "title", None) or None,
        status="denied" if draft.denied else "reported",
        date=date_value.isoformat() if date_value else None, date_text=when.text if when else None,
        time_precision=precision_t,
        # a place the gazetteer lacks is named by its words alone: the point is its container's, not the place
        place=match.name if match and not unknown_place else None, place_id=match.id if match and not unknown_place else None,
        admin1=(match.admin1 or None) if match else None,
        place_mention=(place.text if place is not None else anchor.text if anchor is not None else None),
        places=places,
        lat=loc.lat if loc else None, lon=loc.lon if loc else None,
        geo_precision=precision, uncertainty_km=loc.uncertainty_km if loc else None,
        fatalities=counts.get("fatalities"), injured=counts.get("injured"),
        arrested=counts.get("arrested"), vehicles=counts.get("vehicles"),
        actors=draft.actors, origin=origin.text if origin else None,
        destinations=tuple(m.text for m in draft.destinations),
        origin_point=(origin.match.lon, origin.match.lat) if origin is not None and origin.match else None,
        destination_points=tuple((m.match.lon, m.match.lat) for m in draft.destinations if m.match),
        source=draft.source, confidence=max(0.05, min(0.99, confidence)), civilian_targets=draft.civilians,
    )


def _own_places(draft: _Draft, place: Mention | None, anchor: Mention | None) -> tuple[str, ...]:
    """The places of the incident itself, as written: its place, a convoy's destinations, the places a retold
    event names; not every place of the sentence (a convoy's origin, a reference point, the home town of a
    victim). The areas that contain it ("the countryside of X", "X province") are its places only when it
    has none finer; otherwise they say where the place is (``_areas``), which merging still reads."""
    own = ([place] if place is not None else []) + draft.primary
    own += draft.destinations
    if draft.retold:  # one event told in several sentences: every place they give it ("the clashes included X, Y and Z")
        own += [m for m in draft.mentions if m.role == "place" and m.level < 4 and _contains(m)]
    if not any(m is not None and m.level < 3 for m in own):
        own += _areas(draft)
    if not own:  # no place of its own: the broad places it is told in ("in eastern Syria", "Hasaka province")
        own = [m for m in draft.mentions if m.role in ("place", "container")]
    return tuple(dict.fromkeys(m.text for m in own if m is not None and m not in draft.origin))


def _areas(draft: _Draft) -> list[Mention]:
    """The broad places that contain the event ("the countryside of X", "X province"), which no other event can claim."""
    areas = [m.located_by for m in draft.primary if m.located_by and _contains(m.located_by)]
    return areas + [m for m in draft.mentions if _contains(m) and (m.role == "container" or m.role == "place" and (m.level >= 3.5 or not m.relation.exact))]


def _contains(m: Mention) -> bool:
    """Whether a place that says where the event is holds it ("the countryside of X", "X province"), rather than
    being a point to measure from ("45 km east of X", "north of X"): a reference is no place of the event."""
    r = m.relation
    return r.distance_km is None and (r.bearing is None or r.area in ("countryside", "desert", "province"))


def _evidence_span(text: str, draft: _Draft) -> tuple[int, int]:
    """The whole sentence(s) the incident comes from: what an analyst quotes."""
    s = min(draft.start, draft.sentence[0])
    e = max(draft.end, draft.sentence[1])
    return s, e


def incidents_from_document(doc, gazetteer: Gazetteer | None = None) -> list[Incident]:
    """Every incident one document reports, in the order of the text.

    Example
    -------
    >>> from geoincidents.documents import document_from_text
    >>> doc = document_from_text("Warplanes struck Hajin on Monday, killing 3 people.", published="2021-07-14")
    >>> [(i.type, i.place, i.fatalities, i.date) for i in incidents_from_document(doc)]
    [('air_strike', 'Hajin', 3, '2021-07-12')]
    """
    gaz = gazetteer or Gazetteer.default()
    text = doc.text
    ref = doc.published or reference_date(text)
    # how exact the publication date is (a Document may say: 3 when only its month is known)
    ref_precision = (getattr(doc, "published_precision", None) or 1) if doc.published else 1
    mentions = place_mentions(text, gaz)
    title_end = title_lines_end(text)
    drafts = _same_events_merged(text, _drafts(text, ref, mentions, title_end))
    _headline_type_taken(text, title_end, drafts)
    _dates_carried_forward(drafts)
    for draft in drafts:
        draft.freeze()
    region = _Region(mentions)
    incidents: list[Incident] = []
    # the places that say where each incident is, references included ("Tal Hamis, south of Qamishli"): a broader
    # telling at one of them is the same event, though a reference is not a place of the incident
    locators: dict[tuple[int, int], set[str]] = {}  # by the evidence span
    for draft in drafts:
        located_by = {fold(m.located_by.text) for m in draft.primary if m.located_by is not None} | {fold(m.text) for m in _areas(draft)}
        if located_by:
            locators[_evidence_span(text, draft)] = located_by
        if draft.type == "convoy":
            if not (draft.destinations or draft.primary or draft.origin) and (not draft.counts or _force_of_a_raid(text, drafts, draft)):
                continue
            # where it arrived; else a place it was seen, never where it came from
            where = draft.destinations[0] if draft.destinations else next((m for m in draft.primary if m not in draft.origin), None)
            incidents.append(_incident(doc, text, draft, gaz, where, True, ref, region, ref_precision))
            continue
        places = draft.primary
        if not places:
            if (any(m.role == "container" and m.match and m.match.kind != "country" for m in draft.mentions) or _counted(draft)
                    or any(m.role == "place" and m.match and m.match.kind in ("desert", "region") for m in draft.mentions)
                    or draft.denied and any(m.role == "place" and m.match and m.match.kind != "country" for m in draft.mentions)):
                # (a denial naming only a province still answers the reports of that province: _denials_spread)
                incidents.append(_incident(doc, text, draft, gaz, None, True, ref, region, ref_precision))
            continue
        for n, place in enumerate(places):
            incidents.append(_incident(doc, text, draft, gaz, place, n == 0, ref, region, ref_precision))
    merged = _broad_retellings_merged(_deduplicated(incidents), locators)
    return _denials_spread(_unplaced_retellings_merged(merged))


# A clause that points back at the event the headline names: "in the attack", "the headquarters had been struck".
_POINTS_BACK = re.compile(r"\bthe\s+(?:attack|strike|bombing|assault)\b|\b(?:been|was|were)\s+(?:struck|hit|targeted)\b", re.I)


def _force_of_a_raid(text: str, drafts: list[_Draft], convoy: _Draft) -> bool:
    """Whether a convoy that names no place of its own is the force of a raid told beside it ("four armoured
    vehicles entered the town and carried out raids", "... during the operation, the SDF brought reinforcements
    of 100 vehicles"): in its sentence, or before it within two paragraph breaks."""
    for d in drafts:
        if d.type != "arrest" or d is convoy:
            continue
        if d.sentence == convoy.sentence or d.end <= convoy.start and within_paragraphs(text, d.end, convoy.start):
            return True
    return False


def _headline_type_taken(text: str, title_end: int, drafts: list[_Draft]) -> None:
    """A vague "attack" that points back at the event of a headline naming a strike is that strike
    ("Drone strike kills five" above "five were killed in the attack on two vehicles")."""
    if not title_end:
        return
    kind, _ = clause_type(text[:title_end])
    if kind not in ("drone_strike", "air_strike", "shelling"):
        return
    for d in drafts:
        if d.type == "attack" and _POINTS_BACK.search(text, d.start, d.end):
            d.type = kind


# How a ground attack was done: it is no vague word for a strike told beside it
_BY_HAND = re.compile(r"\b(?:gunm[ae]n|shot|shooting|assassinat\w*|stabb\w*|motorcycles?|motorbikes?|ambush\w*|gunned)\b", re.I)


def _told_as_other_events(a: Incident, b: Incident) -> bool:
    """An attack by gunmen beside a strike from the air or by artillery: two events, whatever the places say."""
    kinds = {a.type, b.type}
    if "attack" not in kinds or not kinds & {"air_strike", "drone_strike", "shelling"}:
        return False
    attack = a if a.type == "attack" else b
    return _BY_HAND.search(attack.evidence) is not None


def _same_event_types(a: str, b: str) -> bool:
    """Types one event may be told with: the same, or one of them the vague "attack"/"explosion" word of the other."""
    if a == b:
        return True
    strikes = {"air_strike", "drone_strike", "shelling", "explosion", "attack"}
    if a in strikes and b in strikes and {"attack", "explosion"} & {a, b}:
        return True
    return {a, b} <= {"armed_clash", "attack"}


def _names_its_container(fine: Incident, broad: Incident, locators=()) -> bool:
    """Whether the broad telling's place is one the precise telling names for itself ("Shorek, east of Qamishli"
    and "killed in the attack" placed at Qamishli)."""
    keys = {fold(n) for n in (fine.place, fine.place_mention, *fine.places) if n} | set(locators)
    # by the words of the broad telling: a village the gazetteer lacks, placed at its town, is not the town
    return bool(broad.place_mention) and fold(broad.place_mention) in keys


def _broad_retellings_merged(incidents: list[Incident], locators: dict | None = None, look: int = 50) -> list[Incident]:
    """An event told again more broadly is one event: "a drone hit a car in Shorek" and, later, "three were
    killed in the attack" placed at Qamishli, or "the strike on Hasaka province". The broader telling (a
    wider place that holds the precise one, of a compatible type, on a compatible day) is folded into the
    precise one, which takes the counts and date it lacked. A lead at province level ("in the eastern Deir
    ez-Zor province", summing up the raids told below) holds the events of its province told after it. A total
    that several precise tellings share ("two arrested in two operations") is given to none of them.

    Candidates come from an index of the names each incident gives itself, of one-degree cells and of
    provinces, nearest in the text first (at most ``look``): linear in a document of thousands of incidents.
    A telling that names a village the gazetteer lacks is not broad, however coarse the point it stands at
    ("arrested in the village of X" after "two arrested in the Deir ez-Zor countryside"), and it is finer
    than any telling at a town or a province."""
    from ..gazetteer import haversine_km

    locators = locators or {}
    out: list[Incident | None] = list(incidents)
    by_name: dict[str, list[int]] = {}
    by_cell: dict[tuple[int, int], list[int]] = {}
    by_admin1: dict[str, list[int]] = {}
    for m, inc in enumerate(incidents):
        if inc.placed:
            for key in {fold(n) for n in (inc.place, inc.place_mention, *inc.places) if n} | locators.get((inc.char_start, inc.char_end), set()):
                by_name.setdefault(key, []).append(m)
            by_cell.setdefault((round(inc.lat), round(inc.lon)), []).append(m)
            if inc.admin1:
                by_admin1.setdefault(inc.admin1, []).append(m)

    def unknown(inc: Incident) -> bool:
        """Placed at a container for want of a point: a place of its own the gazetteer lacks ("the village of Al-Ezba")."""
        return bool(inc.place_mention) and inc.place is None

    for n, broad in enumerate(incidents):
        if not broad.placed or out[n] is None or unknown(broad):
            continue
        # a lead that sums up at province level what the report then tells village by village
        province_level = n < 2 and (broad.geo_precision >= 2 and (broad.geo_precision == 3 or _names_a_province(broad))
                                    or broad.geo_precision == 1 and _names_a_province(broad))
        pool = set(by_name.get(fold(broad.place_mention), ())) if broad.place_mention else set()
        if broad.geo_precision == 3:
            cx, cy = round(broad.lat), round(broad.lon)
            pool.update(m for dx in (-1, 0, 1) for dy in (-1, 0, 1) for m in by_cell.get((cx + dx, cy + dy), ()))
        if province_level and broad.admin1:
            pool.update(by_admin1.get(broad.admin1, ()))
        found = []
        for m in sorted(pool, key=lambda m: abs(m - n))[:look]:
            fine = out[m]
            if fine is None or m == n or not fine.placed or fine.status != broad.status:
                continue
            if not _same_event_types(fine.type, broad.type) or fine.type == "convoy" or _told_as_other_events(fine, broad):
                continue
            km = haversine_km(fine.lat, fine.lon, broad.lat, broad.lon)
            # "arrests in Deir ez-Zor province", then the raid on each village; "in Deir ez-Zor", then a town far from the city
            sums_up = province_level and broad.admin1 and fine.admin1 == broad.admin1 and m > n and (broad.geo_precision > 1 or km > 25.0)
            inside = _names_its_container(fine, broad, locators.get((fine.char_start, fine.char_end), ()))
            if not (sums_up or broad.geo_precision > fine.geo_precision or broad.uncertainty_km > 2 * fine.uncertainty_km
                    or unknown(fine) and m > n and km < 5.0 and inside):
                # (a lead at a town, then the village in it the gazetteer lacks, placed at that town: "a drone killed
                # two near Hasakah", "the drone hit Tel Tawil village at the entrance to Hasakah")
                continue  # not broader: two places of one level are two events
            if not same_day(fine, broad):
                continue
            if inside:
                if km > 60.0 and not sums_up:
                    continue  # (a province-level lead sums up its province: "al-Baghouz, eastern Deir Ezzor")
            elif sums_up:
                pass
            elif broad.geo_precision < 3 or km > max(broad.uncertainty_km, 10.0):
                continue  # "the desert of X" near another event at Y: two places, two events
            found.append(m)
            if len(found) == 2:
                break
        if not found:
            continue
        best = found[0]
        fine = out[best]
        shared = len(found) > 1 and _told_together(incidents[found[0]], incidents[found[1]])  # a total of several
        out[best] = _told_again(fine, broad, counts=not shared)
        out[n] = None
    return [i for i in out if i is not None]


def _unplaced_retellings_merged(incidents: list[Incident]) -> list[Incident]:
    """An event told again with no place ("the attack killed three, the monitor said"), in a report that places
    only one event of its kind, is that event: it gives it the counts and date it lacked. Where the report
    places several, the unplaced telling stays, with a null point, rather than guess which."""
    # (an event that names no place of its own stands at the report's main place: it is as loose as one with none)
    unplaced = [n for n, i in enumerate(incidents) if not i.placed or not i.places]
    if not unplaced:
        return incidents
    out: list[Incident | None] = list(incidents)
    placed: dict[tuple[str, str], list[int]] = {}  # (status, type) -> the placed incidents: linear, not a scan each
    for m, i in enumerate(incidents):
        if i.placed and i.places:
            placed.setdefault((i.status, i.type), []).append(m)
    for n in unplaced:
        loose = incidents[n]
        same = [m for (status, kind), ms in placed.items() if status == loose.status and _same_event_types(kind, loose.type) for m in ms[:2]]
        if len(same) != 1:
            continue
        fine = out[same[0]]
        if not same_day(fine, loose) or _told_as_other_events(fine, loose):
            continue
        out[same[0]] = _told_again(fine, loose)
        out[n] = None
    return [i for i in out if i is not None]


def _told_again(fine: Incident, other: Incident, counts: bool = True) -> Incident:
    """``fine`` with what another telling of the same event adds: a more specific type than "attack" or
    "explosion", the counts it lacks (unless the other's are a total it shares), a date the text gives, actors."""
    vague = ("attack", "explosion")

    def count(field: str):
        mine = getattr(fine, field)
        return mine if mine is not None or not counts else getattr(other, field)

    return replace(
        fine,
        type=fine.type if fine.type not in vague or other.type in vague else other.type,
        fatalities=count("fatalities"), injured=count("injured"), arrested=count("arrested"), vehicles=count("vehicles"),
        **date_of(fine, other),
        actors=tuple(dict.fromkeys(fine.actors + other.actors)), source=fine.source or other.source,
    )


def _told_together(a: Incident, b: Incident) -> bool:
    """Two precise tellings of one sentence ("one in Al-Ezba and another in Al-Tayyana"): a broad total covers both."""
    return a.char_start == b.char_start and a.char_end == b.char_end


def _names_a_province(inc: Incident) -> bool:
    """A telling at a city that names its province ("in the eastern Deir ez-Zor province")."""
    return bool(inc.place and inc.admin1) and _same_name(inc.place, inc.admin1)


def _other_sides(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two incidents name armed actors and none in common (civilians are no side)."""
    a, b = set(a) - {"civilians"}, set(b) - {"civilians"}
    return bool(a and b and not a & b)


# Types one denial covers: "denied launching air strikes" answers "a coalition attack killed 29".
_FAMILIES = ({"air_strike", "drone_strike", "shelling", "explosion", "attack"}, {"convoy"}, {"arrest"}, {"armed_clash", "attack"})


def _denials_spread(incidents: list[Incident], within_km: float = 75.0) -> list[Incident]:
    """A report the document denies elsewhere is denied: an incident of the family of a denied one, at
    its place or within ``within_km`` of it (a denial names the province, the report the town), unless
    the two name different actors."""
    denied = [i for i in incidents if i.status == "denied" and i.placed]
    if not denied:
        return incidents
    from ..gazetteer import haversine_km

    def covered(i: Incident) -> bool:
        return i.status == "reported" and i.placed and any(
            any(i.type in f and d.type in f for f in _FAMILIES)
            and not _other_sides(i.actors, d.actors)
            and haversine_km(i.lat, i.lon, d.lat, d.lon) <= max(within_km, (d.uncertainty_km or 0) + 25) for d in denied)

    return [replace(i, status="denied") if covered(i) else i for i in incidents]
