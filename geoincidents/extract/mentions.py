"""Places in the text: every place a report names, resolved where the
gazetteer can, with its role (the place of the event, a container, a
distance reference, an origin, an organisation, a dateline...). The words
that give a role are data: ``vocabulary/roles.json``."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from ..casefold import fold_text as _fold
from ..gazetteer import Gazetteer, Match, _is_common_word
from ..locate import Relation, relation_around
from ..names import fold, name_key
from .vocabulary import load, vocab_list

__all__ = ["Mention", "place_mentions"]


class cached_property:  # noqa: N801
    """``functools.cached_property`` without its lock (taken on every first read in Python 3.11): a value
    computed once, on first read, and kept in the instance's ``__dict__``, where later reads find it."""

    def __init__(self, func):
        self.func, self.name, self.__doc__ = func, func.__name__, func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value

_NAME_WORD = r"(?:[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*|T\d)"
_ARTICLE = r"(?:(?:al|el|Al|El|as|ash|ad|ar|az|at|an)[-\s]|(?:Abu|Abou|Umm|Tal|Tel|Tell|Ain|Ayn|Bir|Khirbet|Jabal|Jebel|Deir|Dayr|Sheikh|Hawi|Hawaij|Hawayij)\s+)"
_PLACE_NAME = rf"(?:{_ARTICLE}*{_NAME_WORD}(?:\s+(?:{_ARTICLE})?{_NAME_WORD}){{0,2}})"
_PLACE_NOUN = r"(?:villages?|towns?|city|area|areas|districts?|neighbou?rhoods?|hamlets?|farms|desert|countryside|region|camp|field|oil\s+field|gas\s+field|base|crossing|station|station\s+“T\d”)"
_UNRESOLVED = [
    re.compile(rf"\b(?:villages?|towns?|city|areas?|districts?|neighbou?rhoods?|hamlets?|region|outskirts|farms)\s+of\s+(?:the\s+)?[“\"]?(?P<name>{_PLACE_NAME})"
               rf"(?P<more>(?:[”\"]?(?:,\s+|\s+and\s+)(?:the\s+)?[“\"]?{_PLACE_NAME})*)"),  # quoted names too: the villages of "Aloush" and "Tel Arish"
    re.compile(rf"\b(?i:station|field|base|camp|area|village|town|plant|crossing)\s+[“\"](?P<name>{_PLACE_NAME})[”\"]"
               rf"|[“\"](?P<name2>{_PLACE_NAME})[”\"]\s+(?i:station|field|base|camp|area|village|town|plant|crossing|gas|oil)\b"),
    re.compile(rf"(?P<name>{_PLACE_NAME})(?P<more>(?:(?:,\s+|\s+and\s+)(?:the\s+)?{_PLACE_NAME})*)\s+(?:{_PLACE_NOUN})\b"),
    re.compile(rf"\b(?:in|near|at|into|towards?|around|outside|via|through|from|targeted|targeting|hit|struck|shelled|stormed|raided|on)\s+(?:the\s+)?(?P<name>{_PLACE_NAME})(?P<more>(?:(?:,\s+|\s+and\s+){_PLACE_NAME})*)"),
]
_ROLES = {name: vocab_list(spec) for name, spec in load("roles").items()}
_ORIGIN_CONTEXT, _LAUNCH_CONTEXT, _POSITION_CONTEXT, _ROAD_BEFORE = (_ROLES[n].pattern for n in ("origin", "launch", "position", "road_before"))
# Where the shooting came from, or the road it happened on: places that say where, but not where it hit.
_ROAD_AFTER, _BROAD_AFTER, _ORGANISATION_AFTER = (_ROLES[n].pattern for n in ("road_after", "broad_after", "organisation_after"))
# "QAMISHLI, Syria (North Press) –", "Deir Ezzor (Qasioun) –": a place, the agency in brackets, a dash
_WIRE_DATELINE = re.compile(r"^[A-Z][\w .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{1,30}){0,2}\s*\([^)\n]{2,40}\)\s*[–—-]", re.M)
_ORIGIN_CONTEXT_FOLDED, _LAUNCH_CONTEXT_FOLDED, _POSITION_CONTEXT_FOLDED, _ROAD_BEFORE_FOLDED = (
    _ROLES[n].cued for n in ("origin", "launch", "position", "road_before"))
_ROAD_AFTER_FOLDED, _BROAD_AFTER_FOLDED, _ORGANISATION_AFTER_FOLDED = (_ROLES[n].fast for n in ("road_after", "broad_after", "organisation_after"))
# A given name right before a place name, in a list of names: "..., Gule Halab, and ...". Not a place article
# (al-, Tal, Deir, Abu...), which the name grammar already joins to the name.
_PERSON_BEFORE = re.compile(r"(?:^|[,:]\s+|\band\s+|\()(?!(?:Al|El|Tal|Tel|Tell|Deir|Dayr|Abu|Umm|Ain|Ras|Jabal|Jebel|Bir|Khirbet|Sheikh|Hawi|Hawaij|Mount|Lake|Wadi|Qasr|Kafr|Tall|Upper|Lower|Old|New|Greater|Little|Great|Big|Camp|Port|Saint|San)\b)[A-Z][a-z]{2,}\s$")
# A person's name (two to four capitalised words) right before "from": "(Ibrahim Khalil from Harijah": a home
# town, not where anything happened.
_PERSON_FROM = re.compile(r"(?:^|[\s(,])(?:[A-Z][a-z’'-]+\s+){2,4}from\s+(?:the\s+)?(?:(?:village|town|city|area)\s+of\s+)?$")
_NAME_LIST_AFTER = re.compile(r"\s*(?:,|\band\b|\))")
_PERSON_TITLE_FOLDED = _ROLES["person_before"].cued
_TOLD_TO_FOLDED = _ROLES["told_to"].cued  # "reported to SMART", "told North Press": an outlet, not a place
_NOT_A_PLACE = _ROLES["not_a_place"].pattern  # whole words that are never a place (vocabulary/roles.json)
_GIVEN_NAME = _ROLES["given_names"].pattern  # "Ammar Al-Khalaf": a person, whose surname a fuzzy lookup reads as a place
_WORD_BEFORE = re.compile(r"([A-Z][a-z]+)\s+$")


@lru_cache(maxsize=65536)  # a pure function of a word, asked again for every name a word appears in
def _not_a_place_word(word: str) -> bool:
    """An ordinary word (a possessive "Saturday's" read without its "'s"), or one the vocabulary rules out."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return _is_common_word(word) or _NOT_A_PLACE.match(word) is not None


def _nisba(mention: str, match: Match) -> bool:
    """A surname of origin ("al-Baghdadi", "al-Shaabi"), which a fuzzy lookup takes for the place it derives
    from: a name ending in -i read as a place whose spelling does not."""
    return match.score < 1 and mention[-1:] in "iI" and match.matched[-1:] not in "iIyY"
# A wire dateline in capitals at the start of a line ("ERBIL, Kurdistan Region -", "DAMASCUS:", "ERBIL/HASAKAH —",
# "WASHINGTON (Agency) –"): where the reporter filed from, never the place of the event.
_CAPS_DATELINE = re.compile(
    r"^[A-Z][A-Z/ .,'’()-]{2,60}[–—-]|^[A-Z][A-Z/ .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{2,30})?\s*(?:\([^)\n]{2,40}\))?\s*(?:[–—-]\s|:\s)", re.M)
# ... or in mixed case: "Damascus: Islamic State cells ...", "Hasaka, SANA -The ...": a place and a colon, or a place,
# an agency and a dash
_MIXED_DATELINE = re.compile(r"^[A-Z][a-z’'-]+(?:[ -][A-Za-z’'-]+){0,2}\s*:\s|^[A-Z][a-z’'-]+(?:[ -][A-Za-z’'-]+){0,2},\s*[A-Z]{2,8}\s*[–—-]", re.M)
# A section header naming a province ("Deir ez-Zor province:"): the container of the lines below it.
_DATELINE = re.compile(r"^[^.\n]{0,50}\b(?:province|governorate|countryside)\s*[,:–—-]", re.M)

# How broad a place is: a village is more specific than a province.
_LEVEL = {"village": 0, "base": 0, "oil_field": 0, "gas_field": 0, "airport": 0, "border_crossing": 0, "camp": 0,
          "prison": 0, "dam": 0, "station": 0, "town": 1, "city": 2, "district": 3, "river": 3.5, "desert": 4,
          "region": 4, "province": 4, "country": 5}


@dataclass
class Mention:
    """A place named in the text, with what the words around it say of it."""

    start: int
    end: int
    text: str
    match: Match | None
    relation: Relation = field(default_factory=Relation)
    role: str = "place"  # place | container | reference | origin | organisation | dateline
    locates_another: bool = False  # "... in the countryside of X" right after another place
    located_by: "Mention | None" = None  # the place that says where this one is

    @cached_property
    def level(self) -> float:
        """How broad the place is, 0 (a village, a field) to 5 (a country); read once its relation is known."""
        if self.match is None:
            return 0.0
        level = _LEVEL.get(self.match.kind, 1)
        if self.relation.area in ("province",):
            level = max(level, 4)
        elif self.relation.area in ("countryside", "desert"):
            level += 1.5
        elif self.relation.area in ("outskirts", "suburbs") or self.relation.bearing is not None:
            level += 0.5
        return level


def place_mentions(text: str, gaz: Gazetteer) -> list[Mention]:
    """Every place the text names, resolved where the gazetteer can, with its role."""
    spotted = [_without_adjective(Mention(s.start, s.end, s.mention, s.match), gaz) for s in gaz.spot(text)
               if not (_NOT_A_PLACE.match(s.mention) or _nisba(s.mention, s.match))]
    index = _Overlaps(spotted)
    added = _Overlaps([])
    for start, end, name in _unresolved_names(text):
        inside = index.overlapping(start, end) + added.overlapping(start, end)
        if inside and not _longer_name_wins(text, start, end, inside):
            continue
        for m in inside:
            (index if m in index else added).remove(m)
        # a name the grammar marks as a place: a close spelling will do, else the opt-in online geocoder
        match = gaz._best(name, min_score=0.88) or (gaz.fallback.resolve(name) if gaz.fallback is not None else None)
        added.add(Mention(start, end, name, match))
    mentions = index.in_order() + added.in_order()  # the spotted, then the added: the order a stable sort keeps for ties
    mentions.sort(key=lambda m: m.start)
    datelines = sorted([(m.start(), m.end(), "dateline") for m in _DATELINE.finditer(text)]
                       + [(m.start(), m.end(), "byline") for m in _CAPS_DATELINE.finditer(text)]
                       + [(m.start(), m.end(), "byline") for m in _WIRE_DATELINE.finditer(text)]
                       + [(m.start(), m.end(), "byline") for m in _MIXED_DATELINE.finditer(text)])
    previous = None
    for m in mentions:
        m.relation = relation_around(text, m.start, m.end)
        m.role = _role(text, m, datelines)
        if previous is not None and previous.role in ("origin", "launch", "organisation", "dateline", "person") and _COORDINATED.fullmatch(text, previous.end, m.start):
            m.role = previous.role  # "abductees from Ayn al-Arab (Kobani) and Afrin"
        if previous is not None and _LOCATOR.fullmatch(text, previous.end, m.start) and (_locator_level(m) >= previous.level and (
                not m.relation.exact or _locator_level(m) > previous.level or "(" in text[previous.end:m.start]
                or _CONTAINED_IN.search(text, previous.end, m.start))
                or previous.match is None and _IN_BETWEEN.search(text, previous.end, m.start)):
            # (a village the gazetteer lacks, "in" a place: "Hoshan in northwest Ain Issa", whatever the ranks say)
            m.locates_another = True  # "Sikka area on the outskirts of al-Bukamal", "Koniko field, northeast of X"
            previous.located_by = m
        previous = m
    people = {m.text for m in mentions if m.role == "person"}
    if people:  # "Omar (a pseudonym) lost five relatives ... Omar said": the same person again
        for m in mentions:
            if m.role == "place" and m.text in people:
                m.role = "person"
    return mentions


_IN_BETWEEN = re.compile(r"\b(?:in|of|near|within)\b|\(")
# Words that say one place lies within another of the same rank: "al-Quriyah, a town affiliated with the city of al-Mayadin",
# "al-Bassel roundabout in the Ghuwairan neighborhood".
_CONTAINED_IN = re.compile(r"\b(?:affiliated|belonging|part\s+of|within|administratively)\b"
                           r"|\b(?:roundabout|square|street|bridge|market)\s+(?:in|of)\b", re.I)  # "al-Bassel roundabout in X"


def _without_adjective(m: Mention, gaz: Gazetteer) -> Mention:
    """A spotted name that starts with a word never part of a place ("the US Rumailan base"): the rest, read again."""
    first, _, rest = m.text.partition(" ")
    rest = rest.strip()
    if not rest or not _NOT_A_PLACE.match(first):
        return m
    start = m.end - len(rest)
    return Mention(start, m.end, rest, gaz._best(rest, min_score=0.88) or m.match)


def names_its_province(match: Match) -> bool:
    """A city that gives its name to its province (Deir ez-Zor, Hasakah, Raqqa): "east of Deir ez-Zor" may mean either."""
    return match.kind == "city" and bool(match.admin1) and _same_name(match.name, match.admin1)


@lru_cache(maxsize=4096)
def _same_name(a: str, b: str) -> bool:
    return name_key(a).rstrip("h") == name_key(b).rstrip("h")


def _locator_level(m: Mention) -> float:
    """How broad a place is as the locator of another: a city that names its province may stand for it
    ("al-Bukamal countryside east of Deir ez-Zor")."""
    return max(m.level, 4.0) if m.match is not None and names_its_province(m.match) else m.level


class _Overlaps:
    """Mentions, found by the span they overlap in time logarithmic in their number (not a scan of all:
    a paragraph of thousands of names stays linear), remembered in the order they came."""

    def __init__(self, mentions: list[Mention]):
        self._order: dict[int, Mention] = {id(m): m for m in mentions}
        self._by_start = sorted(((m.start, n) for n, m in enumerate(mentions)))
        self._items = list(mentions)
        self._longest = max((m.end - m.start for m in mentions), default=0)

    def __contains__(self, m: Mention) -> bool:
        return id(m) in self._order

    def add(self, m: Mention) -> None:
        self._order[id(m)] = m
        insort(self._by_start, (m.start, len(self._items)))
        self._items.append(m)
        self._longest = max(self._longest, m.end - m.start)

    def remove(self, m: Mention) -> None:
        del self._order[id(m)]

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """The mentions that share a character with [start, end), in the order they came."""
        lo = bisect_left(self._by_start, (start - self._longest, -1))
        hi = bisect_left(self._by_start, (end, -1))
        found = [n for s, n in self._by_start[lo:hi] if self._items[n].end > start and id(self._items[n]) in self._order]
        return [self._items[n] for n in sorted(found)]

    def in_order(self) -> list[Mention]:
        return list(self._order.values())


# The words between a place and the place that says where it is.
_LOCATOR = re.compile(
    r"[”\"’]?\s*(?:(?:area|areas|village|villages|town|city|districts?|(?:oil\s+|gas\s+)?field|base|camp|station|plant|desert|region|countryside|outskirts|suburbs|roundabout|square|street|bridge|market|neighbou?rhood)\b\s*)?"
    r"[,(]?\s*(?:an?\s+(?:town|village|city|area|neighbou?rhood|district|hamlet|suburb)\s+)?"
    r"(?:(?:which\s+is\s+|that\s+is\s+)?(?:located\s+|situated\s+|(?:administratively\s+)?(?:affiliated|belonging)\s+)?"
    r"(?:in|on|near|at|of|to|with|part\s+of|within)\s+)?(?:the\s+)?"
    r"(?:(?:north|south|east|west)[\w-]*\s+)?(?:(?:\d+\s*(?:km|kilometers|kilometres)\s+(?:away\s+)?(?:from|of)\s+)|"
    r"(?:outskirts|countryside|desert|suburbs|vicinity|edge|environs|entrance)\s+of\s+|entrance\s+to\s+|of\s+)?(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?[“\"]?")


def _longer_name_wins(text: str, start: int, end: int, inside: list[Mention]) -> bool:
    """Whether a name the gazetteer lacks replaces the readings inside its span.

    The gazetteer's reading wins, unless it was a fuzzy guess or the text
    names a longer village around it ("the village of Hawaij Dhiban").
    """
    for m in inside:
        if m.match is None or not (start <= m.start and m.end <= end):
            return False
        if m.match.score < 1 or ((start < m.start or m.end < end) and _VILLAGE_OF.search(text, max(0, start - 20), start)):
            continue
        return False
    return True


_PLACE_OF = re.compile(r"\b(?:villages?|towns?|hamlets?|neighbou?rhoods?)\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+)?$", re.I)
_VILLAGE_OF = re.compile(r"\b(?:villages?|towns?|hamlets?)\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+)*?$")
_COORDINATED = re.compile(r"[\s,()]*(?:(?:and|or)\s+)?(?:the\s+)?[\s()]*")


# The same patterns, quicker to fail: a place name starts with a capital or an article (al-, el-, as-...),
# so the third need not try its alternations anywhere else; the second needs a quotation mark.
_UNRESOLVED_FAST = [_UNRESOLVED[0], _UNRESOLVED[1], re.compile("(?=[A-Z]|a[lsdrztn]|el)" + _UNRESOLVED[2].pattern), _UNRESOLVED[3]]
_PLACE_NAME_RE = re.compile(_PLACE_NAME)
_NAME_TOKEN = re.compile(r"[\w'’-]+")
_A_CAPITAL, _STATION_NAME, _ACRONYM = re.compile(r"[A-Z]"), re.compile(r"[A-Z]\d"), re.compile(r"[A-Z]{2,5}")


# "X and Y villages": every character of such a match is one of these, and one of the kind words is in it
_NOT_IN_NAMES_AND_KIND = re.compile(r"[^\w\s,'’“”-]+")
# the kind words of _PLACE_NOUN, one of which is in every such match
_KIND_WORDS_NEEDED = ('area', 'base', 'camp', 'city', 'countryside', 'crossing', 'desert', 'district', 'farms', 'field', 'hamlet',
                      'neighbo', 'region', 'station', 'town', 'village')


def _names_before_kind(text: str) -> Iterator[re.Match]:
    """``_UNRESOLVED_FAST[2].finditer(text)``, run only on the stretches between punctuation that have a kind word."""
    pattern, start = _UNRESOLVED_FAST[2], 0
    breaks = [m.start() for m in _NOT_IN_NAMES_AND_KIND.finditer(text)]
    breaks.append(len(text))
    for end in breaks:
        if end - start > 5:
            segment = text[start:end]
            for s in _KIND_WORDS_NEEDED:
                if s in segment:
                    yield from pattern.finditer(text, start, end)  # no match spans a break: same matches
                    break
        start = end


def _unresolved_names(text: str) -> Iterator[tuple[int, int, str]]:
    quoted = '"' in text or "“" in text
    for pattern in _UNRESOLVED_FAST:
        if pattern is _UNRESOLVED[1] and not quoted:
            continue  # both its alternatives need a quotation mark
        for m in (pattern.finditer(text) if pattern is not _UNRESOLVED_FAST[2] else _names_before_kind(text)):
            group = "name" if m.group("name") is not None else "name2"
            yield from _name_spans(text, m.start(group), m.end(group))
            if m.groupdict().get("more"):
                for sub in _PLACE_NAME_RE.finditer(m.group("more")):
                    yield from _name_spans(text, m.start("more") + sub.start(), m.start("more") + sub.end())


def _name_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """The span trimmed of ordinary words; nothing if it is not a plausible name."""
    words = list(_NAME_TOKEN.finditer(text, start, end))
    start = 0 if words else start  # the spans of words are in the text already

    while words and (_is_common_word(words[0].group(0).split("-")[-1]) or _not_a_place_word(words[0].group(0))):
        words.pop(0)
    while words and _not_a_place_word(words[-1].group(0)):
        words.pop()
    if not words:
        return
    s, e = start + words[0].start(), start + words[-1].end()
    name = text[s:e]
    if any(_not_a_place_word(w.group(0)) for w in words) or not _A_CAPITAL.search(name):
        return
    if len(name) < 3 and not _STATION_NAME.fullmatch(name):
        return  # but pumping stations are "T2", "T3"
    if _ACRONYM.fullmatch(name):
        return  # acronyms: SDF, ISIS
    if _LONGER_NAME_GOES_ON.match(text, e):
        return  # "the Charitable al-Bir Wal Ihsan Association": the grammar took the first words of a longer name
    yield s, e, name


# A capitalised word right after a name (not a kind word: "Al-Tayyana Town"): the name goes on past what a place name holds.
_LONGER_NAME_GOES_ON = re.compile(r" (?!(?:Town|Village|City|Camp|Area|District|Neighbou?rhood|Countryside|Desert|Field|Base|Crossing|Station|Dam|Farms?|Oil|Gas|River|Road|Highway|Governorate|Province|Subdistrict|Region|Bridge|Prison|Airport|Hospital|Square|Market|Street|Roundabout|Checkpoint)\b)[A-Z][a-z]")
_SIDE_AFTER = re.compile(r"\s+(?:forces|regime|army|government|troops|militias?|men|fighters|loyalists)\b")  # on folded text
# "Jassem al-Saleh, 31, a member of ...", "Omar (a pseudonym) lost ...": a person's age or alias after the name
_AGE_OR_ALIAS_AFTER = re.compile(r"(?:\s+(?:[Aa]l-|[Ee]l-)?[A-Z][\w'’-]+){0,3},\s*(?:aged\s+)?\d{1,2}\s*,|\s*\((?:a\s+)?(?:pseudonym|nom\s+de\s+guerre|not\s+(?:his|her)\s+real\s+name)\)")
# A facility named after a place ("the Old Hal Market in the city of al-Raqqa"): its name, not the place; a
# capital, unlike "the Hajin market", which is the town's
_FACILITY_AFTER = re.compile(r"\s+(?:Market|Street|Roundabout|Square|Mosque|School|Bridge|Bakery|Hotel|Stadium)\b")
# "Akçakale, which is right across the border, heard the explosion" (on folded text)
_HEARD_AFTER = re.compile(r"[^.;]{0,80}?\b(?:heard|felt)\s+(?:the|an?|loud|several|two)\s+(?:[\w-]+\s+)?(?:explosions?|blasts?|sounds?|gunfire|shots)")


def _heard_there(text: str, end: int) -> bool:
    """Whether the clause after a place says its people heard the blast (they were not at it)."""
    window = text[end:end + 120]
    return ("heard" in window or "felt" in window) and _HEARD_AFTER.match(_fold(window)) is not None


# "Those detained were identified as Mazen al-Sarih, ..., Madin al-Salem": the names of a list of people
_PEOPLE_LISTED = re.compile(r"\b(?:were|was|are|is)\s+(?:identified|named)\s+as\b[^.;\n]*$", re.I)


def _launched_from_afar(text: str, start: int) -> bool:
    """Where attackers came from, told in a long phrase ("from three different directions in the Syrian
    regime-controlled areas of X"): a "from" further back than the usual window."""
    wide = text[max(0, start - 110):max(0, start - 70)]
    return "from" in wide and _LAUNCH_CONTEXT_FOLDED.search(_fold(text[max(0, start - 110):start])) is not None


def _people_listed_before(text: str, start: int) -> bool:
    """Whether a place name stands in a list of people ("... were identified as A, B and C")."""
    window = text[max(0, start - 200):start]
    return ("identified" in window or "named" in window) and _PEOPLE_LISTED.search(window) is not None


_CLOSE_PAREN, _OPEN_PAREN_END = re.compile(r"\s*\)"), re.compile(r"\(\s*$")


def _given_name_of(m: Mention, before: str) -> bool:
    """Whether the name starts with a given name, or follows one ("Khaled Al-Hassan"), and is not a place the
    gazetteer has under that whole name."""
    w = _WORD_BEFORE.search(before[-20:])  # "Khaled Al-Hassan", "Bilal Hasan al-Jasim": a surname after a given name
    if w is not None and m.text[:3] in ("Al-", "al-", "El-", "el-") and _GIVEN_NAME.match(w.group(1)) is not None:
        return True
    if m.match is not None and (m.match.score >= 0.9 or fold(m.match.matched) == fold(m.text)):
        return False  # the gazetteer knows the name well enough: a place ("Tal Hassan"), whatever word is before it
    if _PLACE_OF.search(before[-40:]):
        return False  # "the villages of Arab Hassan Kabir and ...": the text says it is a place
    first = m.text.split()[0] if " " in m.text else None
    return first is not None and _GIVEN_NAME.match(first) is not None


def _role(text: str, m: Mention, datelines: list[tuple[int, int, str]]) -> str:
    before = text[max(0, m.start - 70):m.start]
    after = text[m.end:m.end + 40]
    n = bisect_right(datelines, (m.start, len(text) + 1, "~"))  # the datelines that start at or before the mention
    for s, e, role in datelines[max(0, n - 3):n]:  # lines: at most a few can hold it
        if s <= m.start < e:
            return role
    before_low, after_low = _fold(before), _fold(after)  # the patterns below run case-sensitively on these
    if _ORIGIN_CONTEXT_FOLDED.search(before_low) or "from" in before_low[-30:] and _PERSON_FROM.search(before):
        return "origin"
    if _CLOSE_PAREN.match(after) and _OPEN_PAREN_END.search(before):
        return "alias"  # "Kobani (Kobane)": the same place again
    if (_PERSON_TITLE_FOLDED.search(before_low) or _given_name_of(m, before) or _AGE_OR_ALIAS_AFTER.match(after)
            or _people_listed_before(text, m.start)):
        return "person"  # "ISIS leader Abu Yusif, known as Mahmud", "journalist Ammar Al-Khalaf": a name, not a place
    if _LAUNCH_CONTEXT_FOLDED.search(before_low) or _launched_from_afar(text, m.start):
        return "launch"
    if _POSITION_CONTEXT_FOLDED.search(before_low):
        return "position"
    if _ROAD_BEFORE_FOLDED.search(before_low) or _ROAD_AFTER_FOLDED.match(after_low):
        return "road"
    if m.match is None and _BROAD_AFTER_FOLDED.match(after_low):
        return "container"  # "the Sajur river front line": a container the gazetteer lacks
    if _ORGANISATION_AFTER_FOLDED.search(after_low) or _TOLD_TO_FOLDED.search(before_low) or _FACILITY_AFTER.match(after) \
            or m.text.endswith(("'s", "’s")) and _SIDE_AFTER.match(after_low):
        return "organisation"  # "Raqqa Military Hospital", "told SMART", "the Assad's forces"
    if _NAME_LIST_AFTER.match(after) and _PERSON_BEFORE.search(before, max(0, len(before) - 30)) \
            and not _not_a_place_word(before.split()[-1]):
        return "person"  # "its fighters Hozan Qamishlo, Gule Halab and Amed Afrin": noms de guerre
    if m.match is not None and m.match.kind == "country":
        return "container"
    if m.relation.distance_km is not None or _heard_there(text, m.end):
        return "reference"  # "45 km east of X"; "residents of X ... heard the explosion": near it, not where it was
    return "place"
