"""Incidents from reports: what happened, where, when, to whom, and who says so.

The extractor reads a cleaned ``Document`` in four steps:

1. **places**: every gazetteer name in the text (``Gazetteer.spot``) and the
   capitalised names the gazetteer lacks but the grammar marks as places
   ("the village of X", "X and Y districts"); each gets a *role* from the
   words around it: a place of the event, a container ("X province",
   "the countryside of X"), a distance reference ("65 km from X"), or no
   place of the event at all (a dead man's home village, "displaced from X",
   an organisation like "the Deir ez-Zor military council", a dateline).
2. **clauses**: sentences split where a report strings several events
   together (", where", ", and", ";"); a clause with an event word (a
   *trigger*: airstrike, shelling, clashes, arrest, convoy...) starts an
   incident, a clause without one may add counts to the incident before it.
3. **facts**: counts (digits, number words, "at least"; "including N
   children" is a part, not more), dates (absolute or relative to the
   publication date), actors, source, denial ("reports ... were untrue"),
   and clauses that are not incidents: aggregate tolls ("rose to 924"),
   habits ("periodically"), the future.
4. **one incident once**: an explosion and the air strike that explains it
   at the same place merge; a restated event merges; an event with no
   place takes the place of the next sentence that names one.

Everything is regular expressions over a few hundred words of vocabulary, so
a 5 KB report takes a few milliseconds on one core.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Iterator

from .gazetteer import Gazetteer, Match, _is_common_word
from .incidents import Incident
from .locate import Relation, _fold, _folded, _needed, _Needing, locate, relation_around
from .names import fold

__all__ = ["incidents_from_document", "extract_incidents", "iter_incidents", "Summary"]


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

# ---------------------------------------------------------------------------
# Vocabulary: event triggers. Order in a clause decides the type (the main
# verb comes first), but an explosion gives way to what caused it.

_W = r"(?:\s+[\w'’-]+){0,%d}?\s+"  # a few words in between

TRIGGERS: list[tuple[str, re.Pattern]] = [
    ("drone_strike", re.compile(
        r"\b(?:drone|UAV|unmanned(?:\s+aerial)?\s+(?:vehicle|aircraft)|kamikaze|suicide\s+drones?)s?"
        r"(?:\s+[\w'’-]+){0,6}?\s+(?:strikes?|struck|attacks?|attacked|targeted|targeting|bomb\w*|hit|fired|shelled|raids?)\b"
        r"|\b(?:strikes?|attacks?|attacked|targeted|bombed|hit)\s+(?:\w+\s+){0,2}?by\s+(?:an?\s+)?(?:\w+\s+)?(?:drones?|UAVs?)\b"
        r"|\bdrone\s+strikes?\b", re.I)),
    ("air_strike", re.compile(
        r"\b(?:air\s*strikes?|airstrikes?|air\s+raids?|aerial\s+(?:bombardment|bombing|attacks?|strikes?)|air\s+bombardment"
        r"|(?:war)?planes?(?:\s+[\w'’-]+){0,12}?\s+(?:struck|strikes?|targeted|targeting|bombed|bombard\w*|hit|raided|carried\s+out)"
        r"|(?:jets|aircraft|helicopters?|warplanes?)(?:\s+[\w'’-]+){0,6}?\s+(?:struck|targeted|targeting|bombed|bombing|bombard\w*|hit|raided|strikes?)"
        r"|bomb(?:ing|ed)\s+by\s+(?:\w+\s+){0,3}?(?:jets|aircraft|warplanes?|planes?)"
        r"|(?:jets|aircraft|warplanes)['’]?\s+(?:\w+\s+){0,3}?bombing"
        r"|(?:Coalition|Russian|Turkish|Israeli|American|US|U\.S\.)(?:['’]s)?\s+(?:\w+\s+)?(?:bombing|bombardment|air\s+power|strikes?)"
        r"|strikes?\s+(?:hit|targeted|struck|killed|destroyed|focused)|(?:bombers?|gunships?)(?:\s+[\w'’-]+){0,6}?\s+(?:struck|hit|targeted|bombed))\b", re.I)),
    ("shelling", re.compile(
        r"\b(?:shelling|shelled|artillery|mortars?|rocket\s+(?:fire|attacks?|launchers?)|rockets?(?:\s+[\w'’-]+){0,8}?\s+(?:fired|struck|landed|hit|targeted|fell)"
        r"|missiles?\s+(?:(?:were|was)\s+)?(?:fired|struck|strikes?|landed|hit|targeted|targeting|attacks?)|missile\s+shells?|shells?\s+(?:(?:were|was)\s+)?(?:landed|fell|struck|hit|fired)"
        r"|indirect\s+(?:fire|attacks?)|Grad\s+rockets?|tank\s+fire|(?:fired|launched)\s+(?:\w+\s+){0,2}?(?:rockets?|missiles?|shells?))\b", re.I)),
    ("explosion", re.compile(
        r"\b(?:explosions?|blasts?|exploded|detonat\w+|IEDs?|improvised\s+explosive|landmines?|land\s+mines?|car\s+bombs?"
        r"|explosive\s+device|booby[\s-]trap\w*|bomb\s+(?:blast|attack|exploded|went\s+off))\b", re.I)),
    ("armed_clash", re.compile(
        r"\b(?:clash(?:es|ed)?|fighting\s+(?:between|broke|erupted|in|near|raged)|firefights?|gunfights?|exchange\s+of\s+(?:fire|gunfire)"
        r"|battles?\s+(?:between|in|near|against)|(?:fierce|violent|heavy)\s+(?:fighting|battles?|confrontations?)|confrontations?\s+between)\b", re.I)),
    ("attack", re.compile(
        r"\b(?:attack(?:s|ed|ing)?|ambush(?:ed|es)?|assault(?:ed|s)?|assassinat\w+|shot\s+dead|gunned\s+down|opened\s+fire"
        r"|(?:killed|executed|beheaded|kidnapped|abducted|slaughtered|murdered|shot)\s+(?:a|an|one|two|three|four|five|several|\d+|the)\s"
        r"|(?:kidnapping|abduction|assassination|execution)\s+of|found\s+dead|bod(?:y|ies)\s+(?:\w+\s+){0,3}?(?:was|were)\s+found"
        r"|(?:was|were)\s+shot|shooting\s+(?:him|her|them|at)|(?:by|after)\s+shooting|infiltrat\w+|storm(?:ed|ing)?\s+(?:the|a|an)\b"
        r"|stormed|raided\s+(?:a|the)\s+(?:checkpoint|position|post|base))\b", re.I)),
    ("arrest", re.compile(
        r"\b(?:arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|detention\s+campaign|apprehend(?:ed)?|round(?:ed)?[\s-]up"
        r"|security\s+(?:operations?|campaigns?|crackdowns?|raids?|sweeps?)|raids?\s+(?:on|in|targeting)|crackdowns?|dragnet"
        r"|air[\s-]?drop\s+(?:operation|raid)s?|captured\s+(?:a|an|one|two|three|\d+|the)\s)\b", re.I)),
    ("convoy", re.compile(
        r"\b(?:convoys?|reinforcements?|(?:military|logistic\w*)\s+support\s+(?:arrived|entered)"
        r"|trucks?(?:\s+[\w'’-]+){0,6}?\s+(?:entered|arrived|crossed)|entry\s+of\s+(?:\d+|\w+)\s+(?:\w+\s+){0,2}?(?:trucks?|vehicles?)"
        r"|(?:\d+|\w+)\s+batches|(?:vehicles|helicopters|troops|armou?red\s+vehicles)(?:\s+[\w'’-]+){0,6}?\s+(?:arrived|entered|reached))\b", re.I)),
    ("military_exercise", re.compile(
        r"\b(?:military\s+(?:exercises?|drills?|manoeuvres?|maneuvers?)|(?:joint|live[\s-]fire)\s+(?:exercises?|drills?)"
        r"|conducted\s+(?:\w+\s+)?(?:exercises?|drills?|manoeuvres?|maneuvers?))\b", re.I)),
]
_CAUSES = ("drone_strike", "air_strike", "shelling")
# Stems every trigger contains: one cheap search rules out most clauses.
_TRIGGER_CUE = re.compile(  # anchored at word starts: the engine gives up at once elsewhere
    r"\b(?:drone|uav|unmanned|kamikaze|strik|struck|attack|raid|bomb|plane|warplane|jet|aircraft|helicopter|aerial|air|"
    r"shell|artiller|mortar|rocket|missile|indirect|grad|fire|explo|blast|detonat|ied|mine|landmine|booby|clash|fight|"
    r"gunfight|battle|confront|ambush|assault|assassinat|shot|gunned|storm|arrest|detain|detention|apprehend|round|"
    r"security|crackdown|dragnet|convoy|reinforcement|support|truck|entry|batch|exercise|drill|manoeuv|maneuv|kill|"
    r"kidnap|abduct|execut|behead|slaughter|murder|dead|shoot|found|captur|drop|arriv|bomber|gunship|infiltrat|"
    r"vehicle|troop|helicopter)", re.I)
_TRIGGERS_FOLDED = [(kind, _Needing(_folded(p))) for kind, p in TRIGGERS]  # for _fold-ed text: see locate._folded
_TRIGGER_CUE_FOLDED = _folded(_TRIGGER_CUE)
_SPECIFIC = {"drone_strike": 3, "air_strike": 3, "shelling": 2, "explosion": 1, "armed_clash": 2,
             "attack": 1, "arrest": 2, "convoy": 2, "military_exercise": 3}

# Clauses that report no incident.
# Clauses about another, earlier event than the one reported: background, not an incident.
_BACKGROUND = re.compile(r"\banniversary\b|\bin\s+(?:retaliation|response|revenge)\s+(?:for|to)\b", re.I)
_AGGREGATE = re.compile(
    r"\b(?:rose\s+to|risen\s+to|rises\s+to|raising\s+the\s+(?:death\s+)?toll|death\s+toll|toll\s+(?:rose|reached|climbed|stands)"
    r"|the\s+number\s+of\s+(?:\w+\s+){0,6}?(?:killed|dead|casualties|victims|deaths|members)|in\s+total|a\s+total\s+of"
    r"|since\s+the\s+(?:start|beginning)|a\s+series\s+of|a\s+wave\s+of|cumulative|so\s+far\s+this\s+year"
    r"|(?:killed|dead|died|casualties)\s+(?:\w+\s+){0,6}?since\s+(?:last\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|January|February|March|April|May|June|July|August|September|October|November|December|\d{4})"
    r"|(?:during|over|in)\s+(?:the\s+(?:past|last)\s+)?(?:\d+|two|three|four|five|six|several)\s+(?:months|years)\s+of)\b", re.I)
_HABITUAL = re.compile(r"\b(?:periodically|regularly|routinely|usually|often|continues?\s+to\s+(?:send|carry)|continu\w+\s+sending)\b", re.I)
_FUTURE = re.compile(r"\b(?:will|plans?\s+to|planning(?:\s+to)?|plotting(?:\s+to)?|preparing\s+to|threaten\w*\s+to|intends?\s+to|vowed\s+to|would)\s+(?:\w+\s+)?"
                     r"(?:attacks?|strikes?|launch|send|hit|target|bomb|carry\s+out|be\s+(?:attacked|targeted))\b", re.I)
_DENIAL = re.compile(
    r"\b(?:reports?|claims?|news|allegations?|rumou?rs?|footage|videos?)\b[^.;]{0,260}?\b(?:were|was|are|is)\s+(?:completely\s+|entirely\s+|totally\s+|utterly\s+)?"
    r"(?:untrue|false|baseless|fabricated|incorrect|fake|unfounded)\b"
    r"|\bden(?:ied|ies|y)\s+(?:the\s+|these\s+|such\s+)?(?:reports?|claims?|news|allegations?|that\s+(?:any\s+)?(?:an?\s+)?(?:attack|strike|convoy|raid|arrest|shelling|bombing|operation))"
    r"|\b(?:reports?|claims?|news|allegations?|rumou?rs?)\b[^.;]{0,200}?\b(?:was|were|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:denied|refuted|dismissed)\b"
    r"|\bno\s+truth\s+(?:to|in)\b", re.I)
_SPECULATIVE = re.compile(r"\b(?:likely|believed|suspected|not\s+known|unclear|unconfirmed|reportedly|possibly|may\s+have|alleged\w*)\b", re.I)
_CIVILIANS = re.compile(r"\bcivilians?\b|\bchildren\b|\bwomen\b", re.I)
_NOT_AN_INCIDENT_FOLDED = [_Needing(_folded(p), min_len=2) for p in (_AGGREGATE, _FUTURE, _HABITUAL, _BACKGROUND)]
_DENIAL_FOLDED, _SPECULATIVE_FOLDED, _CIVILIANS_FOLDED = (_Needing(_folded(p), min_len=2) for p in (_DENIAL, _SPECULATIVE, _CIVILIANS))

# ---------------------------------------------------------------------------
# Numbers and counts

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "dozen": 12, "a dozen": 12, "two dozen": 24,
}
_NUM = (r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|a\s+hundred|a\s+dozen|two\s+dozen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?:one|two|three|four|five|six|seven|eight|nine)"
        r"|one|two|three|four|five|six|seven|eight|nine|ten|both|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
        r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen)")
_QUAL = r"(?:(?:at\s+least|more\s+than|over|nearly|about|around|some|approximately|up\s+to|as\s+many\s+as)\s+)?"
_NOUNS = r"(?:(?!\d)(?!(?:but|while|where|after|before|which|who|killed|injured|wounded)\b)[\w'’-]+\s+){0,14}?"
_BE = r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|been|got)\s+)?(?:(?:also|reportedly|all)\s+)?"

_ONE_PERSON = (r"\b(?:a|an|one|the)\s+(?:[\w'’-]+\s+){0,2}?(?:child|civilian|man|woman|boy|girl|soldier|fighter|"
               r"member|militant|militiaman|shepherd|person|officer|guard|driver|farmer|teacher|doctor|worker|commander|elder|"
               r"mukhtar|journalist|activist|leader|official|employee|contractor|nurse|student|youth|young\s+man)\b")
COUNT_PATTERNS: dict[str, list[re.Pattern]] = {
    "fatalities": [
        re.compile(rf"{_ONE_PERSON}\s+(?:was\s+)?(?:found\s+)?(?:killed|dead|died|shot\s+dead|slain)\b(?P<n>)", re.I),
        re.compile(rf"\b(?:killed|killing|shot\s+dead|executed|murdered|beheaded)(?P<n>)\s+(?:[^,.;]{{0,40}}?\s)?{_ONE_PERSON}", re.I),
        re.compile(r"\b(?:killing|killed)\s+(?:him|her)(?P<n>)\b", re.I),
        re.compile(rf"\b{_QUAL}{_NUM}\s+{_NOUNS}{_BE}(?:killed|dead|died|slain|massacred|executed|martyred|lost\s+their\s+lives)\b", re.I),
        re.compile(rf"\b(?:killing|killed|kill|deaths?|death\s+toll|bodies|lives|executed|execution|massacre)\s+(?:of\s+)?{_QUAL}{_NUM}\b", re.I),
        re.compile(rf"\b{_QUAL}{_NUM}\s+(?:\w+\s+)?(?:bodies|fatalities|deaths|dead)\b", re.I),
        re.compile(rf"\b{_NUM}\s+(?:\w+\s+){{0,4}}?(?:at\s+least|more)\s+(?:\w+\s+){{0,6}}?{_BE}(?:killed|dead)\b", re.I),
    ],
    "injured": [
        re.compile(rf"{_ONE_PERSON}\s+(?:was\s+)?(?:injured|wounded|hurt)\b(?P<n>)", re.I),
        re.compile(rf"\b{_QUAL}{_NUM}\s+{_NOUNS}{_BE}(?:injured|wounded|hurt)\b", re.I),
        re.compile(rf"\b(?:injuring|wounding|injuries\s+to|injured|wounded)\s+{_QUAL}{_NUM}\b", re.I),
    ],
    "arrested": [
        re.compile(rf"\b(?:arrest(?:ed|ing)?|detain(?:ed|ing)?|captur(?:ed|ing)|abduct(?:ed|ing)|kidnapp(?:ed|ing))(?P<n>)\s+{_ONE_PERSON}", re.I),
        re.compile(rf"{_ONE_PERSON}\s+(?:was\s+)?(?:arrested|detained|captured|abducted|kidnapped)\b(?P<n>)", re.I),
        re.compile(rf"\b(?:arrest(?:ed|ing)?|detain(?:ed|ing)?|detention|captur(?:e|ed|ing)|apprehend(?:ed|ing)?|abduct(?:ed|ion|ing)?)\s+(?:of\s+)?{_QUAL}{_NUM}\b", re.I),
        re.compile(rf"\b{_QUAL}{_NUM}\s+{_NOUNS}{_BE}(?:arrested|detained|captured|apprehended|rounded\s+up)\b", re.I),
    ],
    "vehicles": [
        re.compile(rf"\b{_QUAL}{_NUM}\s+(?:[\w'’-]+\s+){{0,3}}?(?:trucks?|vehicles?|tanks?|armou?red\s+vehicles|cars|APCs|Humvees|lorries|tankers|trailers)\b", re.I),
    ],
}
# A word each count needs nearby; cheap to look for before the full patterns.
_COUNT_CUES = {
    "fatalities": re.compile(r"kill|dead|died|death|bodies|slain|massacr|execut|lives|martyr", re.I),
    "injured": re.compile(r"injur|wound|hurt", re.I),
    "arrested": re.compile(r"arrest|detain|detention|captur|apprehend|abduct|kidnap|rounded", re.I),
    "vehicles": re.compile(r"truck|vehicle|tank|cars\b|APC|Humvee|lorr|trailer", re.I),
}
_ZERO_CASUALTIES = re.compile(
    r"\b(?:no|without|zero)\s+(?:any\s+)?(?:human\s+)?(?:casualties|fatalities|deaths|losses|injuries)\b"
    r"|\bdid\s+not\s+(?:result\s+in|cause|lead\s+to)\s+(?:any\s+)?(?:casualties|fatalities|deaths|injuries)\b"
    r"|\bno\s+one\s+was\s+(?:killed|hurt|injured)\b"
    r"|\bwithout\s+(?:causing|leaving|resulting\s+in|any)\s+(?:any\s+)?(?:casualties|fatalities|deaths|injuries|losses)\b"
    r"|\b(?:material|property)\s+damage\s+only\b|\bonly\s+(?:caus\w+\s+)?(?:material|property)\s+(?:damage|losses)\b", re.I)
_PARTS = re.compile(r",\s*(?:including|among\s+them|among\s+whom|of\s+whom)\s+[^,;.]{1,80},", re.I)
_PART_OF = re.compile(r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them)\s*$", re.I)
_COUNT_PATTERNS_FOLDED = {f: [_folded(p) for p in ps] for f, ps in COUNT_PATTERNS.items()}
# with the strings one of which each needs (_needed): a pattern is run only if one is in the clause
_COUNT_PATTERNS_NEEDED = {f: [(p, _needed(p, min_len=2)) for p in ps] for f, ps in _COUNT_PATTERNS_FOLDED.items()}
_PARTS_NEEDED = _needed(_folded(_PARTS), min_len=2)
_COUNT_CUES_FOLDED = {f: _folded(p) for f, p in _COUNT_CUES.items()}
_ZERO_CASUALTIES_FOLDED, _PARTS_FOLDED, _PART_OF_FOLDED = _Needing(_folded(_ZERO_CASUALTIES), min_len=2), _folded(_PARTS), _folded(_PART_OF)


def number_value(text: str) -> int | None:
    """'14' -> 14, 'three' -> 3, 'forty-five' -> 45, '1,200' -> 1200."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t.replace(",", "").isdigit():
        return int(t.replace(",", ""))
    if t in _NUMBER_WORDS:
        return _NUMBER_WORDS[t]
    m = re.fullmatch(r"(\w+)[ -](\w+)", t)
    if m and m.group(1) in _NUMBER_WORDS and m.group(2) in _NUMBER_WORDS:
        return _NUMBER_WORDS[m.group(1)] + _NUMBER_WORDS[m.group(2)]
    return None


def counts_in(text: str) -> dict[str, int]:
    """Counts a clause states: fatalities, injured, arrested, vehicles.

    Distinct groups add up ("6 IS members ... and 4 soldiers were killed");
    a part of a group does not ("14 people, including 5 children").

    Example
    -------
    >>> counts_in("the deaths of at least 14 people, including 5 children")
    {'fatalities': 14}
    """
    return _counts_in(text, _fold(text))


def _counts_in(text: str, low: str) -> dict[str, int]:
    """``counts_in`` with the text's ``_fold`` already made: the patterns run on it, case-sensitively."""
    out: dict[str, int] = {}
    parts = [m.span() for m in _PARTS_FOLDED.finditer(low)] if any(s in low for s in _PARTS_NEEDED) else []
    # "14 people, including 5 children, were killed"
    for a, b in parts:
        text = text[:a] + " " * (b - a) + text[b:]
        low = low[:a] + " " * (b - a) + low[b:]
    for field_name, patterns in _COUNT_PATTERNS_NEEDED.items():
        if not _COUNT_CUES_FOLDED[field_name].search(low):
            continue  # most clauses count nothing: skip the costly patterns
        seen: dict[int, int] = {}
        for pattern, needed in patterns:
            if needed is not None:
                for s in needed:
                    if s in low:
                        break
                else:
                    continue
            for m in pattern.finditer(low):
                start, end = m.span("n")
                if _PART_OF_FOLDED.search(low[max(0, start - 25):start]) or start in seen:
                    continue
                n = text[start:end] if start >= 0 else None
                value = number_value(n) if n else 1  # "a child was killed"
                if value is None or (value == 1 and n.lower() in ("a", "an") and field_name == "vehicles"):
                    continue
                if _is_year_or_date(text, start, end):
                    continue
                seen[start] = value
        if seen:
            out[field_name] = sum(seen.values())
    zero = _ZERO_CASUALTIES_FOLDED.search(low)
    if zero:
        out.setdefault("fatalities", 0)
        if re.search(r"casualties|injuries|hurt", text[zero.start():zero.end()], re.I):
            out.setdefault("injured", 0)
    return out


def _is_year_or_date(text: str, start: int, end: int) -> bool:
    digits = text[start:end]
    if digits.isdigit() and len(digits) == 4 and 1900 <= int(digits) <= 2100:
        return True
    after = text[end:end + 12].lower()
    return bool(re.match(r"\s*(?:km|kilomet|miles?|metres|meters|months?|years?|days?|weeks?|hours?|%|percent|th\b|st\b|nd\b|rd\b)", after))


# ---------------------------------------------------------------------------
# Dates

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
             "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20}
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

DATE_PATTERNS = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,\s*|\s+){_YEAR}\b", re.I)),
    ("dmy", re.compile(rf"\b(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)(?!\s*(?:km|kilomet))", re.I)),
    ("dm", re.compile(rf"\b(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}\b(?!,?\s+(?:19|20)\d\d)", re.I)),
    ("my", re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.I)),
    ("ordinal_of_month", re.compile(r"\b(?:on\s+)?the\s+(?P<ord>\w+?|\d{1,2}(?:st|nd|rd|th))\s+of\s+(?:this|the\s+same|the)\s+month\b", re.I)),
    ("day_ordinal", re.compile(r"\bon\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+of\s+\w)", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|last\s+night|the\s+previous\s+day|the\s+day\s+before)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight|earlier\s+today)\b", re.I)),
    ("weekday", re.compile(r"\b(?:(?:last|late|early|on|this|past)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?\b", re.I)),
    ("week", re.compile(r"\b(?:last|past|this)\s+week(?:end)?\b|\bover\s+the\s+(?:past\s+)?(?:week(?:end)?|weekend)\b|\b(?:a\s+few|several|two|three)\s+days\s+ago\b", re.I)),
    ("month", re.compile(r"\b(?:last|past|previous)\s+month\b|\bthe\s+last\s+month\b", re.I)),
]


# The cheap cue each date pattern needs: a month name, a digit, a weekday, a relative word.
_KIND_CUES = {  # substrings of the lower-cased text: far cheaper than a regex each
    "month": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    "digit": tuple("0123456789"),
    "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "relative": ("yesterday", "night", "previous", "day before", "today", "morning", "afternoon", "evening",
                 "week", "days ago", "month"),
}
_MONTH_NAME = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
_CUE_OF = {"iso": "digit", "mdy": "month", "dmy": "month", "md": "month", "dm": "month", "my": "month",
           "ordinal_of_month": "relative", "day_ordinal": "digit", "yesterday": "relative", "today": "relative",
           "weekday": "weekday", "week": "relative", "month": "relative"}


_DATE_PATTERNS_FOLDED = [(kind, p, _folded(p) if p.flags & re.I else p) for kind, p in DATE_PATTERNS]
# and the strings one of which each needs (_needed): "week" or "days" or "over", "19" or "20"; the month names are cues already
_DATE_NEEDED = {kind: None if _CUE_OF[kind] == "month" else _needed(fast, min_len=2) for kind, _, fast in _DATE_PATTERNS_FOLDED}


@dataclass(frozen=True)
class When:
    date: date | None
    text: str | None  # None when carried over from the event told before
    precision: int


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _before(ref: date, month: int, day: int) -> date | None:
    """The date with this month and day on or before ``ref`` (a report tells the past)."""
    d = _safe_date(ref.year, month, day)
    if d and d > ref + timedelta(days=2):
        d = _safe_date(ref.year - 1, month, day)
    return d


def dates_in(text: str, ref: date | None, folded: str | None = None) -> list[tuple[int, When]]:
    """(position, When) for each date phrase, resolved against ``ref``.

    Example
    -------
    >>> [w.date.isoformat() for _, w in dates_in("late on Saturday night", date(2021, 7, 12))]
    ['2021-07-10']
    """
    found: list[tuple[int, int, When]] = []
    ascii_text = text.isascii()
    low = folded if folded is not None and ascii_text else text.lower()  # _fold is lower() for ASCII
    cues = set()
    for name, words in _KIND_CUES.items():
        for w in words:
            if w in low:
                cues.add(name)
                break
    if "month" in cues and not _MONTH_NAME.search(text):
        cues.discard("month")  # "market", "may": not a month
    if not cues:
        return []
    folded = low if ascii_text else (_fold(text) if folded is None else folded)
    for kind, pattern, fast in _DATE_PATTERNS_FOLDED:
        if _CUE_OF[kind] not in cues:
            continue  # a pattern whose cue word is absent cannot match
        haystack = folded if fast is not pattern else text
        needed = _DATE_NEEDED[kind]
        if needed is not None:
            for s in needed:
                if s in haystack:
                    break
            else:
                continue
        for m in fast.finditer(haystack):
            if any(s <= m.start() < e or s < m.end() <= e for s, e, _ in found):
                continue
            if fast is not pattern:
                m = pattern.match(text, m.start())  # the same match (see locate._folded), with the text's own letters
            when = _when(kind, m, ref)
            if when is not None:
                found.append((m.start(), m.end(), when))
    return sorted(((s, w) for s, _, w in found), key=lambda t: t[0])


def _when(kind: str, m: re.Match, ref: date | None) -> When | None:
    g = m.groupdict()
    text = m.group(0).strip()
    if kind == "iso":
        d = _safe_date(int(g["year"]), int(g["m"]), int(g["day"]))
        return When(d, text, 1) if d else None
    if kind in ("mdy", "dmy"):
        d = _safe_date(int(g["year"]), _MONTHS[g["month"].lower().rstrip(".")], int(g["day"]))
        return When(d, text, 1) if d else None
    if kind == "my":
        return When(date(int(g["year"]), _MONTHS[g["month"].lower().rstrip(".")], 1), text, 3)
    if kind in ("md", "dm"):
        if g["month"].lower() == "may" and kind == "md" and not re.match(r"May\s", m.group(0)):
            return None  # the verb "may"
        month = _MONTHS[g["month"].lower().rstrip(".")]
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None
        return When(_before(ref, month, day) if ref else None, text, 1)
    if ref is None:
        return When(None, text, 3 if kind == "month" else 2 if kind == "week" else 1)
    if kind == "ordinal_of_month":
        o = g["ord"].lower()
        day = _ORDINALS.get(o) or (int(re.sub(r"\D", "", o)) if re.sub(r"\D", "", o) else None)
        d = _safe_date(ref.year, ref.month, day) if day else None
        return When(d, text, 1) if d else None
    if kind == "day_ordinal":
        d = _safe_date(ref.year, ref.month, int(g["day"]))
        if d and d > ref + timedelta(days=2):
            prev = ref.replace(day=1) - timedelta(days=1)
            d = _safe_date(prev.year, prev.month, int(g["day"]))
        return When(d, text, 1) if d else None
    if kind == "yesterday":
        return When(ref - timedelta(days=1), text, 1)
    if kind == "today":
        return When(ref, text, 1)
    if kind == "weekday":
        back = (ref.weekday() - _WEEKDAYS[g["wd"].lower()]) % 7
        if text.lower().startswith("last") and back == 0:
            back = 7
        return When(ref - timedelta(days=back), text, 1)
    if kind == "week":
        return When(ref - timedelta(days=3), text, 2)
    if kind == "month":
        first = ref.replace(day=1) - timedelta(days=1)
        return When(first.replace(day=15), text, 3)
    return None


def reference_date(text: str) -> date | None:
    """A stand-in publication date for a report that gives none: the latest
    full date or month-and-year it names (its own dateline, or the month it
    reviews)."""
    best: date | None = None
    for _, w in dates_in(text, None):
        if w.date is None:
            continue
        d = w.date
        if w.precision == 3:  # "January 2021": the report looks back on the whole month
            d = d.replace(day=calendar.monthrange(d.year, d.month)[1])
        best = max(best, d) if best else d
    return best


# ---------------------------------------------------------------------------
# Actors and sources

ACTORS = [
    ("SDF", r"SDF|Syrian\s+Democratic\s+Forces|Syria\s+Democratic\s+Forces|QSD"),
    ("International Coalition", r"(?:International|US[\s-]led|U\.S\.[\s-]led|anti[\s-]ISIS|Global)\s+Coalition|Coalition(?:\s+forces|\s+jets|\s+warplanes|['’]s)?|CJTF-OIR"),
    ("US forces", r"(?:US|U\.S\.|American)\s+(?:forces|troops|military|army|soldiers)"),
    ("ISIS", r"ISIS|ISIL|Daesh|IS\b|Islamic\s+State|[“\"]Islamic\s+State[”\"]"),
    ("Syrian regime forces", r"regime\s+forces|Syrian\s+(?:army|regime|government\s+forces)|government\s+forces|SAA|Assad\s+forces|National\s+Defen[cs]e\s+Forces|NDF"),
    ("Iran-backed militias", r"(?:pro[\s-])?Iran(?:ian)?(?:[\s-](?:backed|affiliated|linked|aligned))?\s+(?:militias?|groups?|militiamen)|IRGC|Revolutionary\s+Guards?|Hezbollah|Fatemiyoun|Nujaba|Kata[ie]b\s+Hezbollah"),
    ("Russian forces", r"Russian\s+(?:forces|troops|military|jets|warplanes|army)"),
    ("Turkish forces", r"Turkish\s+(?:forces|army|military|troops|drones?|jets)|Turkey"),
    ("Syrian National Army", r"Syrian\s+National\s+Army|SNA|Turkish[\s-]backed\s+(?:factions|militias|groups)"),
    ("Iraqi forces", r"Iraqi\s+(?:forces|army|planes|warplanes|jets|security\s+forces)|Popular\s+Mobili[sz]ation\s+(?:Forces|Units)|PMF|Hashd"),
    ("Internal Security Forces", r"Internal\s+Security\s+Forces|Asayish|Asayesh"),
    ("Deir ez-Zor Military Council", r"Deir\s+ez-Zor\s+[Mm]ilitary\s+[Cc]ouncil"),
    ("YPG", r"YPG|YPJ|People['’]s\s+Protection\s+Units"),
    ("unknown gunmen", r"unknown\s+gunmen|unidentified\s+gunmen|gunmen"),
    ("civilians", r"civilians?"),
]

SOURCES = [
    ("SOHR", r"SOHR|Syrian\s+Observatory(?:\s+for\s+Human\s+Rights)?|the\s+Observatory|UK[\s-]based\s+(?:conflict\s+)?monitor"),
    ("Syrian state media", r"(?:Syrian\s+)?state\s+media|SANA|Syrian\s+TV|Syrian\s+state\s+(?:TV|television|news\s+agency)|regime\s+media"),
    ("Reuters", r"Reuters"), ("AFP", r"AFP|Agence\s+France[\s-]Presse"), ("AP", r"Associated\s+Press"),
    ("Rudaw", r"Rudaw"), ("Hawar News (ANHA)", r"ANHA|Hawar\s+News"), ("North Press", r"North\s+Press"),
    ("Deir Ezzor 24", r"Deir\s*Ezzor\s*24"), ("Eye of Euphrates", r"Eye\s+of\s+(?:the\s+)?Euphrates|Ain\s+al-Furat"),
    ("US officials", r"(?:US|U\.S\.|American|Pentagon)\s+(?:official|officials|defen[cs]e\s+official|military\s+official)|CENTCOM|Pentagon"),
    ("Coalition", r"Coalition\s+(?:spokesman|statement|said|announced)|CJTF-OIR"),
    ("SDF", r"SDF\s+(?:said|announced|statement|media\s+(?:office|center))|Syrian\s+Democratic\s+Forces\s+(?:said|announced)"),
    ("local sources", r"local\s+sources|sources\s+from\s+the\s+area|locals|residents\s+said|activists"),
]


def _one_pattern(entries: list[tuple[str, str]], flags: int = 0) -> tuple[re.Pattern, dict[str, str]]:
    """One alternation of named groups: a single scan finds every entry."""
    groups = {f"g{n}": name for n, (name, _) in enumerate(entries)}
    pattern = "|".join(f"(?P<g{n}>{p})" for n, (_, p) in enumerate(entries))
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", flags), groups


_ACTORS_ONE, _ACTOR_GROUPS = _one_pattern(ACTORS)
_ACTORS_NEEDED = _needed(_ACTORS_ONE, min_len=2)  # one of them is in every match: most clauses name no actor
assert _ACTORS_NEEDED is not None


def actors_in(text: str) -> tuple[str, ...]:
    """The armed actors (and civilians) a clause names, normalised, in order of mention."""
    for s in _ACTORS_NEEDED:
        if s in text:
            break
    else:
        return ()
    names = [_ACTOR_GROUPS[m.lastgroup] for m in _ACTORS_ONE.finditer(text)]
    if "Deir ez-Zor Military Council" in names and "SDF" not in names:
        names.append("SDF")
    return tuple(dict.fromkeys(names))


_SOURCES_ONE, _SOURCE_GROUPS = _one_pattern(SOURCES, re.I)
_SOURCES_FOLDED = _Needing(_folded(_SOURCES_ONE), min_len=2)
assert _SOURCES_FOLDED.needed is not None


def source_in(text: str, low: str | None = None) -> str | None:
    """Who the clause says reported it: the first source named. ``low``: ``_fold(text)``, if made."""
    m = _SOURCES_FOLDED.search(_fold(text) if low is None else low)
    return _SOURCE_GROUPS[m.lastgroup] if m else None


# ---------------------------------------------------------------------------
# Sentences and clauses

_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Maj|Col|Lt|Sgt|Capt|Brig|St|No|Vol|approx|vs|etc|U\.S|U\.K|U\.N|e\.g|i\.e|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$")
_SENTENCE_END = re.compile(r"[.!?]+[”\"’')\]]*(?=\s+[“\"(\[]?[A-Z0-9\u0600-\u06ff])|[.!?]+[”\"’')\]]*$|\n+")
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?=(?:where|while|whereas|but|and\s+(?:the|in|after|two|three|\d+|a|an|at|on|it|they|this|that|its|their|also)\b|and\s+after|followed\s+by|which\s+led|resulting|amid|in\s+(?:retaliation|response|revenge))\b)"
    r"|,?\s+(?=(?:and\s+)?the\s+Syrians?\s+Observatory\s+(?:published|reported|learned|monitored|documented)\b)",
    re.I)
_CLAUSE_BREAK_FOLDED = _folded(_CLAUSE_BREAK)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a newline always ends one."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        # the sentence so far, but only its end: an abbreviation is at most 7 characters and ends it ("$")
        piece = text[max(start, m.start() - 8):m.start() + 1]
        if m.group(0).startswith(".") and _ABBREV.search(piece):
            continue
        if text[start:end].strip():
            spans.append(_trimmed(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trimmed(text, start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence cut where it strings events together (", where", ", and the", ";")."""
    spans, s = [], start
    for m in _CLAUSE_BREAK_FOLDED.finditer(_fold(text[start:end])):  # no lookbehind: the span alone decides
        if m.start() + start - s > 15:
            spans.append((s, m.start() + start))
            s = m.end() + start
    spans.append((s, end))
    return spans


def heading_spans(text: str) -> list[tuple[int, int]]:
    """Lines that are headings: short, no full stop. Not evidence of an event:
    they restate or announce what the paragraphs below tell."""
    spans, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and len(stripped) < 160 and not re.search(r"[.!?:;”\"]\s*$", stripped) and len(stripped.split()) < 20:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def title_lines_end(text: str) -> int:
    """Where the headline lines at the top of a report end.

    Why: a headline restates the story's main event; counting it would make
    every event twice. A line at the top without a full stop is a headline
    as long as a real sentence follows.
    """
    pos, end = 0, 0
    for line in text.split("\n")[:8]:
        stripped = line.strip()
        if stripped and (re.search(r"[.!?:”\"]\s*$", stripped) or len(stripped) > 320):
            return end
        pos += len(line) + 1
        if stripped:
            end = pos
    return end if end < len(text) * 0.6 else 0


# ---------------------------------------------------------------------------
# Places in the text

_NAME_WORD = r"(?:[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*|T\d)"
_ARTICLE = r"(?:(?:al|el|Al|El|as|ash|ad|ar|az|at|an)[-\s]|(?:Abu|Abou|Umm|Tal|Tel|Tell|Ain|Ayn|Bir|Khirbet|Jabal|Jebel|Deir|Dayr|Sheikh|Hawi|Hawaij|Hawayij)\s+)"
_PLACE_NAME = rf"(?:{_ARTICLE}*{_NAME_WORD}(?:\s+(?:{_ARTICLE})?{_NAME_WORD}){{0,2}})"
_PLACE_NOUN = r"(?:villages?|towns?|city|area|areas|districts?|neighbou?rhoods?|hamlets?|farms|desert|countryside|region|camp|field|oil\s+field|gas\s+field|base|crossing|station|station\s+“T\d”)"
_UNRESOLVED = [
    re.compile(rf"\b(?:villages?|towns?|city|areas?|districts?|neighbou?rhoods?|hamlets?|region|outskirts|farms)\s+of\s+(?:the\s+)?(?P<name>{_PLACE_NAME})(?P<more>(?:(?:,\s+|\s+and\s+)(?:the\s+)?{_PLACE_NAME})*)"),
    re.compile(rf"\b(?i:station|field|base|camp|area|village|town|plant|crossing)\s+[“\"](?P<name>{_PLACE_NAME})[”\"]"
               rf"|[“\"](?P<name2>{_PLACE_NAME})[”\"]\s+(?i:station|field|base|camp|area|village|town|plant|crossing|gas|oil)\b"),
    re.compile(rf"(?P<name>{_PLACE_NAME})(?P<more>(?:(?:,\s+|\s+and\s+)(?:the\s+)?{_PLACE_NAME})*)\s+(?:{_PLACE_NOUN})\b"),
    re.compile(rf"\b(?:in|near|at|into|towards?|around|outside|via|through|from|targeted|targeting|hit|struck|shelled|stormed|raided|on)\s+(?:the\s+)?(?P<name>{_PLACE_NAME})(?P<more>(?:(?:,\s+|\s+and\s+){_PLACE_NAME})*)"),
]
_ORIGIN_CONTEXT = re.compile(
    r"\b(?:hails?|hailing|originat\w*|natives?|residents?|displaced|fled|refugees|abductees|belongs?|belonging|comes?|came)\s+"
    r"(?:(?:originally|mostly|mainly|all|back)\s+)?(?:from|of|to)\s+(?:the\s+)?(?:(?:village|town|city|area)\s+of\s+)?$"
    r"|\b(?:not\s+(?:to|in|at|from)|rather\s+than|instead\s+of)\s+(?:the\s+)?$"
    r"|\b(?:people|members|sons?|tribes?|clans?|others?|families|abductees|hundreds|thousands|dozens)\s+(?:of|from)\s+(?:the\s+)?$"
    r"|\bfrom\s+(?:the\s+)?(?:city|town|village)\s+of\s+$"
    r"|\b(?:flee|fled|fleeing|displaced|evacuated|returned|returning|relocated|sought\s+refuge)(?:\s+[\w'’-]+){0,5}?\s+(?:to|into|in)\s+(?:the\s+)?$"
    r"|\b(?:correspondents?|reporters?|journalists?|activists?|offices?)\s+in\s+(?:the\s+)?$"
    r"|\b(?:since|after|before|during)\s+the\s+(?:\w+\s+)?(?:occupation|capture|liberation|fall|seizure|invasion|takeover)\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+(?:and|,)\s+)?$",
    re.I)
# Where the shooting came from, or the road it happened on: places that say where, but not where it hit.
_LAUNCH_CONTEXT = re.compile(
    r"\b(?:(?:launched|fired|came|coming)\s+from|from\s+the\s+direction\s+of|"
    r"from\s+(?:their\s+)?(?:positions|areas|bases?)\s+(?:in|of|near))\s+(?:the\s+)?(?:[\w'’-]+\s+and\s+)?$", re.I)
_POSITION_CONTEXT = re.compile(r"\b(?:positioned|stationed|deployed|based|entrenched)\s+in\s+(?:the\s+)?$", re.I)
_ROAD_BEFORE = re.compile(r"\b(?:road|highway|route|way)\s+(?:to|from|between|linking|connecting)\s+(?:the\s+)?(?:[\w'’-]+\s+and\s+)?$", re.I)
_BROAD_AFTER = re.compile(r"\s*(?:river|valley|desert|mountains?|plain|region|front|basin)\b", re.I)
_ROAD_AFTER = re.compile(r"\s*(?:[–—-]\s*\S+(?:\s\S+)?\s+)?(?:road|highway|motorway)\b", re.I)
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{1,30}){0,2}\s*\([^)\n]{2,40}\)\s*[–—-]", re.M)
_ORGANISATION_AFTER = re.compile(
    r"^\s*(?:military\s+council|civil\s+council|council|brigades?|battalions?|regiment|front|tribes?|clans?|university|hospital|media|[“\"]?(?:24|News|TV|Post))\b"
    r"|^[’']s\s+(?:offensive|operation|forces|military\s+council)", re.I)
_ORIGIN_CONTEXT_FOLDED, _LAUNCH_CONTEXT_FOLDED, _POSITION_CONTEXT_FOLDED, _ROAD_BEFORE_FOLDED = (
    _Needing(_folded(p)) for p in (_ORIGIN_CONTEXT, _LAUNCH_CONTEXT, _POSITION_CONTEXT, _ROAD_BEFORE))
_ROAD_AFTER_FOLDED, _BROAD_AFTER_FOLDED, _ORGANISATION_AFTER_FOLDED = (_folded(p) for p in (_ROAD_AFTER, _BROAD_AFTER, _ORGANISATION_AFTER))
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’()-]{2,60}[–—-]|^[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{2,30})?\s*(?:\([^)\n]{2,40}\))?\s*[–—-]\s|^[^.\n]{0,50}\b(?:province|governorate|countryside)\s*[,:–—-]", re.M)

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
    mentions = [Mention(s.start, s.end, s.mention, s.match) for s in gaz.spot(text)]
    for start, end, name in _unresolved_names(text):
        inside = [m for m in mentions if m.start < end and start < m.end]
        if inside and not _longer_name_wins(text, start, end, inside):
            continue
        for m in inside:
            mentions.remove(m)
        # a name the grammar marks as a place: a close spelling will do, else the opt-in online geocoder
        match = gaz._best(name, min_score=0.88) or (gaz.fallback.resolve(name) if gaz.fallback is not None else None)
        mentions.append(Mention(start, end, name, match))
    mentions.sort(key=lambda m: m.start)
    datelines = [(m.start(), m.end()) for m in _DATELINE.finditer(text)]
    datelines += [(m.start(), m.end()) for m in _WIRE_DATELINE.finditer(text)]
    previous = None
    for m in mentions:
        m.relation = relation_around(text, m.start, m.end)
        m.role = _role(text, m, datelines)
        if previous is not None and previous.role in ("origin", "organisation", "dateline") and _COORDINATED.fullmatch(text, previous.end, m.start):
            m.role = previous.role  # "abductees from Ayn al-Arab (Kobani) and Afrin"
        if previous is not None and m.level >= previous.level and _LOCATOR.fullmatch(text, previous.end, m.start) and (
                not m.relation.exact or m.level > previous.level or "(" in text[previous.end:m.start]):
            m.locates_another = True  # "Sikka area on the outskirts of al-Bukamal", "Koniko field, northeast of X"
            previous.located_by = m
        previous = m
    return mentions


# The words between a place and the place that says where it is.
_LOCATOR = re.compile(
    r"[”\"’]?\s*(?:(?:area|areas|village|villages|town|city|districts?|(?:oil\s+|gas\s+)?field|base|camp|station|plant|desert|region)\s+)?"
    r"[,(]?\s*(?:(?:which\s+is\s+|that\s+is\s+)?(?:located\s+|situated\s+)?(?:in|on|near|at|of|to)\s+)?(?:the\s+)?"
    r"(?:(?:north|south|east|west)[\w-]*\s+)?(?:(?:\d+\s*(?:km|kilometers|kilometres)\s+(?:away\s+)?(?:from|of)\s+)|"
    r"(?:outskirts|countryside|desert|suburbs|vicinity|edge|environs)\s+of\s+|of\s+)?(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?[“\"]?")


def _longer_name_wins(text: str, start: int, end: int, inside: list[Mention]) -> bool:
    """Whether a name the gazetteer lacks replaces the readings inside its span.

    The gazetteer's reading wins, unless it was a fuzzy guess or the text
    names a longer village around it ("the village of Hawaij Dhiban").
    """
    for m in inside:
        if m.match is None or not (start <= m.start and m.end <= end):
            return False
        if m.match.score < 1 or (start < m.start and _VILLAGE_OF.search(text, max(0, start - 20), start)):
            continue
        return False
    return True


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
_KIND_WORDS_NEEDED = _needed(_UNRESOLVED_FAST[2])


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

    while words and (_is_common_word(words[0].group(0).split("-")[-1]) or _is_common_word(words[0].group(0))):
        words.pop(0)
    while words and _is_common_word(words[-1].group(0)):
        words.pop()
    if not words:
        return
    s, e = start + words[0].start(), start + words[-1].end()
    name = text[s:e]
    if any(_is_common_word(w.group(0)) for w in words) or not _A_CAPITAL.search(name):
        return
    if len(name) < 3 and not _STATION_NAME.fullmatch(name):
        return  # but pumping stations are "T2", "T3"
    if _ACRONYM.fullmatch(name):
        return  # acronyms: SDF, ISIS
    yield s, e, name


_CLOSE_PAREN, _OPEN_PAREN_END = re.compile(r"\s*\)"), re.compile(r"\(\s*$")


def _role(text: str, m: Mention, datelines: list[tuple[int, int]]) -> str:
    before = text[max(0, m.start - 70):m.start]
    after = text[m.end:m.end + 40]
    if any(s <= m.start < e for s, e in datelines):
        return "byline" if _WIRE_DATELINE.match(text, max(0, text.rfind("\n", 0, m.start) + 1)) else "dateline"
    before_low, after_low = _fold(before), _fold(after)  # the patterns below run case-sensitively on these
    if _ORIGIN_CONTEXT_FOLDED.search(before_low):
        return "origin"
    if _CLOSE_PAREN.match(after) and _OPEN_PAREN_END.search(before):
        return "alias"  # "Kobani (Kobane)": the same place again
    if _LAUNCH_CONTEXT_FOLDED.search(before_low):
        return "launch"
    if _POSITION_CONTEXT_FOLDED.search(before_low):
        return "position"
    if _ROAD_BEFORE_FOLDED.search(before_low) or _ROAD_AFTER_FOLDED.match(after_low):
        return "road"
    if m.match is None and _BROAD_AFTER_FOLDED.match(after_low):
        return "container"  # "the Sajur river front line": a container the gazetteer lacks
    if _ORGANISATION_AFTER_FOLDED.search(after_low):
        return "organisation"
    if m.match is not None and m.match.kind == "country":
        return "container"
    if m.relation.distance_km is not None:
        return "reference"
    return "place"


# ---------------------------------------------------------------------------
# From clauses to incidents


@dataclass
class _Draft:
    """An incident being assembled from one or more clauses."""

    type: str
    start: int
    end: int
    sentence: tuple[int, int]
    mentions: list[Mention]
    counts: dict[str, int]
    when: When | None
    actors: tuple[str, ...]
    source: str | None
    denied: bool
    speculative: bool
    civilians: bool
    origin: list[Mention] = field(default_factory=list)
    destinations: list[Mention] = field(default_factory=list)
    context: list[Mention] = field(default_factory=list)  # resolved places of the sentence, then the dateline
    fallback: Mention | None = None  # the report's main place: its province stands in at precision 3
    retold: bool = False  # merged from several sentences about one event

    @property
    def anchor(self) -> Mention | None:
        """The resolved place that locates the incident: its own, the nearest
        container, a place of the same sentence, or the report's main place."""
        for m in self.primary:
            if m.match is not None:
                return m
        candidates = self.containers or sorted(self.context, key=lambda m: m.level)
        return next((m for m in candidates if m.match is not None and m.match.kind != "country"), self.fallback)

    @property
    def primary(self) -> list[Mention]:
        """The places the event happened at: not those that only say where another
        place is ("Sikka, on the outskirts of al-Bukamal"), nor much broader ones."""
        places = [m for m in self.mentions if m.role == "place" and not m.locates_another]
        if not places:
            # only the road named: the event is on it, near its first end ("on the Deir Ezzor-Palmyra road")
            places = [m for m in self.mentions if m.role == "road"][:1]
        if not places:
            # where the sides are positioned, when the text names no target: an exchange of fire between them
            places = [m for m in self.mentions if m.role == "position"]
            if not places:
                return []
        lowest = min(m.level for m in places)
        if self.retold:  # the same event told again, more precisely: the most specific telling wins
            return [min(reversed(places), key=lambda m: m.level)] if lowest < 4 else []
        return [m for m in places if m.level <= lowest + 1.5 and m.level < 4]

    @property
    def containers(self) -> list[Mention]:
        return sorted((m for m in self.mentions if m.role in ("place", "container", "reference", "road", "position") and m.match is not None),
                      key=lambda m: m.level)


def _clause_type(text: str, low: str | None = None) -> tuple[str | None, int]:
    """The event type of a clause and where its trigger starts (-1: none). ``low``: ``_fold(text)``, if made."""
    low = _fold(text) if low is None else low
    if not _TRIGGER_CUE_FOLDED.search(low):
        return None, -1
    hits = []
    for kind, pattern in _TRIGGERS_FOLDED:
        m = pattern.search(low)
        if m:
            hits.append((m.start(), kind))
    if not hits:
        return None, -1
    hits.sort()
    pos, kind = hits[0]
    kinds = {k for _, k in hits}
    if kind in ("explosion", "attack", "armed_clash") and kinds & set(_CAUSES):
        # "explosions ... caused by a missile", "attacks by drones", "clashes ... amid shelling"
        cause = next(k for _, k in hits if k in _CAUSES)
        if kind == "explosion" or (kind == "attack" and cause in ("drone_strike", "air_strike")):
            kind = cause
    if kind == "attack" and "arrest" in kinds and re.search(r"\bstorm|\braid", text, re.I):
        kind = "arrest"  # a house stormed to arrest someone is a raid
    if kind == "attack" and "armed_clash" in kinds and "clash" in text.lower():
        kind = "armed_clash" if re.search(r"\bclash", text[:pos + 40], re.I) else kind
    return kind, pos


def _compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    pair = {a, b}
    if "explosion" in pair and pair & set(_CAUSES):
        return True
    return pair <= {"attack", "armed_clash"}


def _merged_type(a: str, b: str) -> str:
    if a == b:
        return a
    return max((a, b), key=lambda t: _SPECIFIC.get(t, 0))


def _main_place(mentions: list[Mention]) -> Mention | None:
    """The city or province a report names most: where its unplaced events were, at least."""
    counts: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.match is not None and m.match.kind in ("city", "province") and m.role in ("place", "container", "dateline"):
            counts.setdefault(m.match.id, []).append(m)
    if not counts:
        return None
    best = max(counts.values(), key=len)[0]
    return replace(best, relation=Relation(area="province"), role="dateline")


class _SentenceFacts:
    """Dates, source, actors and denial of one sentence, each read when first needed."""

    def __init__(self, sentence: str, ref: date | None, skip: int = 0, low: str | None = None):
        self.sentence, self.ref, self.skip = sentence, ref, skip
        self.low = _fold(sentence) if low is None else low

    @cached_property
    def when(self) -> list[tuple[int, When]]:
        """The sentence's dates, but not the one in a wire byline ("QAMISHLI, Aug 19 (Reuters) -")."""
        return [(pos, w) for pos, w in dates_in(self.sentence, self.ref, self.low) if pos >= self.skip]

    @cached_property
    def source(self) -> str | None:
        return source_in(self.sentence, self.low)

    @cached_property
    def actors(self) -> tuple[str, ...]:
        return actors_in(self.sentence)

    @cached_property
    def denied(self) -> bool:
        return bool(_DENIAL_FOLDED.search(self.low))


def _byline_end(text: str, start: int) -> int:
    """Length of a wire byline at the start of a sentence (0 if none)."""
    m = _WIRE_DATELINE.match(text, start)
    return m.end() - start if m else 0


def _drafts(doc_text: str, ref: date | None, mentions: list[Mention], skip_until: int) -> list[_Draft]:
    drafts: list[_Draft] = []
    main_place = _main_place(mentions)
    pending: _Draft | None = None  # an event with no place yet, waiting for the next sentence
    previous_places: list[Mention] = []  # the places of the sentence before, for a toll that names none
    headings = set(heading_spans(doc_text))
    starts = [m.start for m in mentions]  # in text order: the mentions of a span are a slice
    datelines = any(m.match is not None and m.role == "dateline" for m in mentions)
    for s_start, s_end in sentence_spans(doc_text):
        if s_end <= skip_until or any(h0 <= s_start and s_end <= h1 for h0, h1 in headings):
            continue
        sentence = doc_text[s_start:s_end]
        sentence_low = _fold(sentence)  # the case-insensitive patterns run on it case-sensitively (locate._folded)
        if not _TRIGGER_CUE_FOLDED.search(sentence_low):
            pending = None if pending is None or not _COUNT_CUES_FOLDED["fatalities"].search(sentence_low) else pending
            previous_places = [m for m in mentions[bisect_left(starts, s_start):bisect_left(starts, s_end)] if m.role == "place"]
            continue  # no event word at all: most sentences of a report
        facts = _SentenceFacts(sentence, ref, _byline_end(doc_text, s_start), sentence_low)
        in_sentence = mentions[bisect_left(starts, s_start):bisect_left(starts, s_end)]
        if datelines:
            context = [m for m in mentions if m.match is not None and (
                s_start <= m.start < s_end and m.role in ("place", "container", "reference") or m.role == "dateline")]
        else:
            context = [m for m in in_sentence if m.match is not None and m.role in ("place", "container", "reference")]
        first_new = len(drafts)
        last: _Draft | None = None
        for c_start, c_end in clause_spans(doc_text, s_start, s_end):
            whole = c_start == s_start and c_end == s_end  # the clause is the sentence: its facts are the clause's
            clause = doc_text[c_start:c_end]
            clause_low = _fold(clause)
            kind, _ = _clause_type(clause, clause_low)
            if kind is None and last is None:
                continue
            in_clause = mentions[bisect_left(starts, c_start):bisect_left(starts, c_end)]
            if any(p.search(clause_low) for p in _NOT_AN_INCIDENT_FOLDED):
                continue  # a toll, the future, a habit, the background
            counts = _counts_in(clause, clause_low)
            sentence_when = facts.when
            clause_when = [w for pos, w in sentence_when if c_start <= s_start + pos < c_end]
            when = clause_when[0] if clause_when else None
            if kind is None:
                if last is not None and not any(m.role == "place" for m in in_clause):
                    _add_counts(last, counts)  # "and at least 4 members ... were also killed"
                    last.end = max(last.end, c_end)
                    last.when = last.when or when
                elif last is not None and not counts:
                    last.mentions += in_clause  # "..., and the SDF which are stationed in Muhaymida"
                    last.end = max(last.end, c_end)
                    if last.type == "convoy":
                        _convoy_roles(doc_text, last)
                continue
            draft = _Draft(
                type=kind, start=c_start, end=c_end, sentence=(s_start, s_end), mentions=in_clause,
                fallback=main_place, context=list(context),
                counts=counts, when=when, actors=actors_in(clause) or (facts.actors if whole is False else ()),
                source=source_in(clause, clause_low) or (facts.source if whole is False else None), denied=facts.denied,
                speculative=bool(_SPECULATIVE_FOLDED.search(clause_low)), civilians=bool(_CIVILIANS_FOLDED.search(clause_low)),
            )
            if not draft.primary and last is not None and _compatible(last.type, kind):
                # the clause before, told on: "... the explosions were caused by ...", "in the attack 6 were killed"
                last.end = max(last.end, c_end)
                last.type = _merged_type(last.type, kind) if last.type == "explosion" else last.type
                _add_counts(last, counts)
                last.when = last.when or when
                continue
            prior = None if draft.primary else _told_before(doc_text, drafts, draft)
            if prior is not None:
                _absorb(prior, draft)  # "... the shelling went on until noon, and no casualties were reported"
                last = prior  # what the next clauses add is about it too
                continue
            if draft.type == "convoy":
                _convoy_roles(doc_text, draft)
            drafts.append(draft)
            last = draft
        # a sentence-level date applies to the sentence's incidents that have none
        new = drafts[first_new:]  # the drafts of this sentence: appended last, none removed yet
        for d in new:
            if d.when is None and facts.when:
                d.when = facts.when[0][1]
        # carry an unplaced event to the next sentence that places a compatible one
        if pending is not None and new:
            target = next((d for d in new if _compatible(pending.type, d.type) and d.primary), None)
            if target is not None and not (target.counts and pending.counts):
                _absorb(target, pending)
                drafts.remove(pending)
            pending = None
        placeless = [d for d in new if not d.primary and not d.destinations]
        for d in placeless:
            if _counted(d) and previous_places and "\n" not in doc_text[previous_places[-1].end:d.start]:
                # "... towards the village of Jahbal. Clashes lasted two hours, in which three were killed."
                d.mentions = d.mentions + [m for m in previous_places if m not in d.mentions]
        placeless = [d for d in placeless if not d.primary]
        pending = placeless[-1] if placeless else None
        previous_places = [m for m in in_sentence if m.role == "place"]
    return drafts


_DEFINITE_EVENT = re.compile(r"\b(?:the|this|that|these|those)\s+(?:shelling|bombardment|bombing|attacks?|clashes|fighting|strikes?|"
                             r"airstrikes?|explosions?|blasts?|raids?|arrests?|operation|campaign|convoy)\b", re.I)


def _told_before(text: str, drafts: list[_Draft], draft: _Draft) -> _Draft | None:
    """The event a placeless clause speaks of again ("the shelling started at 8 am"), if told in the last paragraphs."""
    if not _DEFINITE_EVENT.search(text, draft.start, draft.end):
        return None
    for prior in reversed(drafts):
        if text.count("\n\n", prior.end, draft.start) > 2:
            return None
        if _compatible(prior.type, draft.type) and prior.primary:
            return prior
    return None


def _add_counts(draft: _Draft, counts: dict[str, int]) -> None:
    """Counts of a following clause are more of the same event: they add up."""
    for k, v in counts.items():
        draft.counts[k] = draft.counts.get(k, 0) + v


def _absorb(target: _Draft, other: _Draft) -> None:
    """Fold ``other`` (the same event, told elsewhere) into ``target``."""
    for k, v in other.counts.items():
        target.counts[k] = max(target.counts.get(k, v), v)
    target.when = target.when or other.when
    target.actors = tuple(dict.fromkeys(target.actors + other.actors))
    target.source = target.source or other.source
    target.type = target.type if target.type != "explosion" else other.type
    target.civilians = target.civilians or other.civilians
    target.start, target.end = min(target.start, other.start), max(target.end, other.end)


_ORIGIN_WORDS = re.compile(r"\b(?:from|via|through|out\s+of)\s+(?:the\s+)?(?:\w+\s+){0,2}?$", re.I)
_DEST_WORDS = re.compile(r"\b(?:to|towards?|into|reach\w*|arriv\w+\s+(?:at|in)|bases?\s+(?:in|at)|in)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,5}?$", re.I)


def _convoy_roles(text: str, draft: _Draft) -> None:
    """Split a convoy's places into where it came from and where it went."""
    draft.origin, draft.destinations = [], []
    for m in draft.mentions:
        if m.role not in ("place", "container") or m.match is not None and m.match.kind == "country":
            continue
        before = text[max(draft.start, m.start - 45):m.start]
        if _ORIGIN_WORDS.search(before):
            draft.origin.append(m)
        elif m.role == "place" and m.level < 4 and m.relation.exact:
            draft.destinations.append(m)


# ---------------------------------------------------------------------------
# Assembly


def _near_hint(draft: _Draft, mention: Mention):
    others = [m for m in draft.containers if m is not mention and m.match is not None]
    return others[0].match if others else None


def _resolved(gaz: Gazetteer, mention: Mention, near) -> Match | None:
    """Re-resolve an ambiguous mention near the other places of its clause."""
    if mention.match is None or near is None or not mention.match.alternatives:
        return mention.match
    return gaz.resolve(mention.text, near=near) or mention.match


def _nearest_container(draft: _Draft, place: Mention) -> Mention | None:
    """For a place the gazetteer lacks, the resolved place named closest to it:
    "Al-Falaha in the eastern countryside of Hasaka", "the Sikka area on the
    outskirts of al-Bukamal". Ties go to the one after it."""
    pool = [m for m in draft.mentions if m.match is not None and m.role in ("place", "container", "reference")
            and m.match.kind != "country"] or [m for m in draft.context if m.match.kind != "country"]
    if not pool:
        return None
    return min(pool, key=lambda m: (abs(m.start - place.end) if m.start >= place.end else abs(place.start - m.end) + 1, m.level))


def _far_from_its_locator(place: Mention, limit_km: float = 100.0) -> bool:
    """Whether the gazetteer's reading of a place contradicts the place the text says it is near."""
    loc = place.located_by
    if loc is None or loc.match is None or place.match is None:
        return False
    from .gazetteer import haversine_km

    return haversine_km(place.match.lat, place.match.lon, loc.match.lat, loc.match.lon) > limit_km


def _incident(doc_id: str, text: str, draft: _Draft, gaz: Gazetteer, place: Mention | None, first: bool, ref: date | None) -> Incident:
    if place is not None and place.match is not None and not _far_from_its_locator(place):
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
    if place is not None and place.match is None and loc is not None:
        precision = max(precision, 2)  # the place itself is unknown: its container stands in
    when = draft.when
    date_value = when.date if when else None
    precision_t = when.precision if when else None
    if date_value is None and ref is not None and when is None:
        date_value, precision_t = ref, 2
    counts = draft.counts if first else {}
    places = tuple(dict.fromkeys(m.text for m in draft.mentions if m.role in ("place", "container")))
    s, e = _evidence_span(text, draft)
    confidence = 0.45 + 0.1 * min(_SPECIFIC.get(draft.type, 1), 3) / 3
    confidence += 0.2 if loc and loc.geo_precision == 1 else 0.1 if loc else -0.15
    confidence += 0.1 if counts else 0.0
    confidence -= 0.2 if draft.speculative else 0.0
    origin = draft.origin[0] if draft.origin else None
    return Incident(
        doc=doc_id, type=draft.type, evidence=text[s:e], char_start=s, char_end=e,
        status="denied" if draft.denied else "reported",
        date=date_value.isoformat() if date_value else None, date_text=when.text if when else None,
        time_precision=precision_t,
        place=match.name if match else None, place_id=match.id if match else None,
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
    mentions = place_mentions(text, gaz)
    drafts = _same_events_merged(text, _drafts(text, ref, mentions, title_lines_end(text)))
    _dates_carried_forward(drafts)
    incidents: list[Incident] = []
    for draft in drafts:
        if draft.type == "convoy":
            if not (draft.destinations or draft.primary or draft.origin or draft.counts):
                continue
            where = draft.destinations[0] if draft.destinations else (draft.primary or [None])[0]
            incidents.append(_incident(doc.id, text, draft, gaz, where, True, ref))
            continue
        places = draft.primary
        if not places:
            if any(m.role == "container" and m.match and m.match.kind != "country" for m in draft.mentions) or _counted(draft):
                incidents.append(_incident(doc.id, text, draft, gaz, None, True, ref))
            continue
        for n, place in enumerate(places):
            incidents.append(_incident(doc.id, text, draft, gaz, place, n == 0, ref))
    return [incident.with_document(doc) for incident in _deduplicated(incidents)]


_BLASTS = {"explosion", *_CAUSES}
# "the Syrian Observatory published before midnight that ...": another report, maybe another event.
_NEW_REPORT = re.compile(r"\b(?:published|reported|announced|stated|said)\s+(?:\w+\s+){0,4}?that\b", re.I)
# A clause that tells more of an event already told: "The convoy entered ...", "The arrests came ..."
_RETELLS = re.compile(r"\W*(?:the|this|that|these|those)\s+(?:convoy|convoys|arrests?|raids?|operation|campaign|attack|attacks|clashes|fighting|strikes?|explosions?|shelling|incident|bombing)\b", re.I)
# (both used with .match/.search from a clause's start: no "^", which only matches at the string's start)
_PRONOUN_START = re.compile(r"\W*(?:they|it|this|these)\b", re.I)
_REFERS_BACK = re.compile(r"\b(?:the|these|those|both)\s+(?:explosions?|blasts?|strikes?|attacks?|shelling|bombing|bombardment)\b", re.I)


def _same_events_merged(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Explosions and strikes told in one paragraph at one place are one event.

    Why: a report first hears "violent explosions near al-Bukamal", then
    says they were "likely air strikes", then "a missile on the Sikka area on
    the outskirts of al-Bukamal": three sentences, one incident.
    """
    out: list[_Draft] = []
    anchor_ids: dict[int, str | None] = {}  # id(draft) -> its anchor's place id, read once

    def anchor_id(draft: _Draft) -> str | None:
        if id(draft) not in anchor_ids:
            a = draft.anchor
            anchor_ids[id(draft)] = a.match.id if a is not None else None
        return anchor_ids[id(draft)]

    for d in drafts:
        twin = None
        if _RETELLS.match(text, d.start):
            twin = next((o for o in reversed(out) if _compatible(o.type, d.type) and text.count("\n", o.end, d.start) <= 2), None)
        if twin is None and d.type in _BLASTS and anchor_id(d) is not None:
            for o in reversed(out):
                if text.find("\n", o.end, d.start) != -1:
                    break  # only within one paragraph
                if (o.type in _BLASTS and anchor_id(o) == anchor_id(d)
                        and (o.when is None or d.when is None or o.when.date == d.when.date)
                        and (_PRONOUN_START.match(text, d.start) or _REFERS_BACK.search(text, d.start, d.end)
                             or "explosion" in (o.type, d.type) and not _NEW_REPORT.search(text, o.end, d.end))):
                    twin = o
                    break
        if twin is None:
            out.append(d)
            continue
        twin.type = twin.type if twin.type != "explosion" else d.type
        twin.mentions = twin.mentions + [m for m in d.mentions if m not in twin.mentions]
        twin.retold = True
        if twin.type == "convoy":
            _convoy_roles(text, twin)
        _absorb(twin, d)
        twin.end = max(twin.end, d.end)
        anchor_ids.pop(id(twin), None)  # its places changed
    return out


def _dates_carried_forward(drafts: list[_Draft]) -> None:
    """An event the text does not date happened, as far as we know, when the one told
    before it did ("...on Tuesday. In the evening, helicopters landed at..."): within a week."""
    last = None
    for d in drafts:
        if d.when is not None and d.when.date is not None:
            last = d.when
        elif last is not None:
            d.when = When(last.date, None, max(2, last.precision))


def _counted(draft: _Draft) -> bool:
    return any(draft.counts.get(k) for k in ("fatalities", "injured", "arrested"))


def _place_key(i: Incident) -> str:
    return i.place_id if i.place_id and i.place_mention and i.geo_precision == 1 else fold(i.place_mention or "")


def _deduplicated(incidents: list[Incident]) -> list[Incident]:
    """One incident once: the same event at the same place, told twice, is merged."""
    out: list[Incident] = []
    by_place: dict[tuple[str, str], list[int]] = {}  # (status, place key) -> positions in out
    for inc in incidents:
        key = _place_key(inc)
        slots = by_place.setdefault((inc.status, key), []) if key else []
        twin = next((out[n] for n in slots if _compatible(out[n].type, inc.type)
                     and (out[n].date == inc.date or not out[n].date_text or not inc.date_text)
                     and (out[n].type != "convoy" or inc.type == "convoy")), None)
        if twin is None:
            slots.append(len(out))
            out.append(inc)
            continue
        merged = replace(
            twin,
            type=_merged_type(twin.type, inc.type) if "explosion" in (twin.type, inc.type) else twin.type,
            fatalities=_max(twin.fatalities, inc.fatalities), injured=_max(twin.injured, inc.injured),
            arrested=_max(twin.arrested, inc.arrested), vehicles=_max(twin.vehicles, inc.vehicles),
            actors=tuple(dict.fromkeys(twin.actors + inc.actors)),
            places=tuple(dict.fromkeys(twin.places + inc.places)),
            date=twin.date if twin.date_text else inc.date, date_text=twin.date_text or inc.date_text,
            time_precision=twin.time_precision if twin.date_text else inc.time_precision,
            source=twin.source or inc.source, confidence=min(0.99, max(twin.confidence, inc.confidence) + 0.05),
        )
        out[out.index(twin)] = merged
    return out


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


# ---------------------------------------------------------------------------
# Public API


@dataclass
class Summary:
    """What an extraction run did: for the one-line report on stderr."""

    documents: int = 0
    incidents: int = 0
    unplaced: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def add(self, incidents: list[Incident]) -> None:
        self.documents += 1
        for i in incidents:
            self.incidents += 1
            self.unplaced += not i.placed
            self.by_type[i.type] = self.by_type.get(i.type, 0) + 1

    def line(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.by_type.items(), key=lambda kv: -kv[1]))
        text = f"{self.documents} documents, {self.incidents} incidents" + (f" ({kinds})" if kinds else "")
        text += f", {self.unplaced} unplaced"
        if self.skipped:
            text += f", {len(self.skipped)} inputs skipped"
        return text


def _as_documents(inputs, published) -> Iterator:
    from .documents import Document, document_from_text, read_documents

    if isinstance(inputs, (str, Document)):
        inputs = [inputs]
    for n, item in enumerate(inputs):
        if isinstance(item, Document):
            yield item if published is None else replace(item, published=_as_date(published))
        elif isinstance(item, str) and ("\n" in item or len(item) > 260 or not _looks_like_path(item)):
            yield document_from_text(item, id=f"text-{n + 1}", published=published)
        else:
            yield from read_documents([item], published=published)


def _looks_like_path(value: str) -> bool:
    from pathlib import Path

    return value == "-" or Path(value).exists()


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def iter_incidents(inputs, published=None, gazetteer: Gazetteer | None = None, summary: Summary | None = None) -> Iterator[Incident]:
    """Incidents from documents, texts or paths, as they are found (streams)."""
    gaz = gazetteer or Gazetteer.default()
    for doc in _as_documents(inputs, published):
        found = incidents_from_document(doc, gaz)
        if summary is not None:
            summary.add(found)
        yield from found


def extract_incidents(inputs, published=None, gazetteer: Gazetteer | None = None):
    """Incidents from reports as a GeoDataFrame (EPSG:4326), one row an incident.

    ``inputs``: report texts, ``Document``s or file paths (.txt, .md, .html,
    .jsonl, .csv), or one of them. ``published`` (date or "YYYY-MM-DD") is the
    date relative dates ("yesterday", "Tuesday") resolve against.

    Example
    -------
    >>> gdf = extract_incidents(["Shelling hit Hajin yesterday, killing two people."], published="2021-01-31")
    >>> gdf[["type", "place", "fatalities", "date"]].values.tolist()
    [['shelling', 'Hajin', 2, '2021-01-30']]
    """
    from .export import incidents_to_geodataframe

    return incidents_to_geodataframe(list(iter_incidents(inputs, published, gazetteer)))
