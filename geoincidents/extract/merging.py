"""One incident once: drafts that tell the same event are merged (an
explosion and the strike that explains it, a restated event), dates carry
forward to events told without one, and incidents at the same place, of
compatible types and dates, are folded together."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..incidents import Incident
from ..names import fold
from .drafts import When, _Draft, _absorb, _convoy_roles
from .triggers import _CAUSES, compatible as _compatible, merged_type as _merged_type

_BLASTS = {"explosion", *_CAUSES}
# "the Syrian Observatory published before midnight that ...": another report, maybe another event.
_NEW_REPORT = re.compile(r"\b(?:published|reported|announced|stated|said)\s+(?:\w+\s+){0,4}?that\b", re.I)
# A clause that tells more of an event already told: "The convoy entered ...", "The arrests came ...",
# "Our correspondent said that the US raids targeted ..."
_RETELLS = re.compile(r"\W*(?:(?:our|the|a|an)\s+(?:\w+\s+){0,3}?(?:said|reported|added|stated)\s+(?:that\s+)?)?"
                      r"(?:the|this|that|these|those)\s+(?:(?:US|U\.S\.|American|Russian|Turkish|Israeli|Iraqi|Syrian|coalition)\s+)?(?:convoy|convoys|arrests?|raids?|operation|campaign|attack|attacks|clashes|fighting|strikes?|explosions?|shelling|incident|bombing)\b", re.I)
# (both used with .match/.search from a clause's start: no "^", which only matches at the string's start)
_PRONOUN_START = re.compile(r"\W*(?:they|it|this|these)\b", re.I)
_REFERS_BACK = re.compile(r"\b(?:the|these|those|both)\s+(?:explosions?|blasts?|strikes?|attacks?|shelling|bombing|bombardment)\b", re.I)


# How many events back a retelling may reach: a report retells what it has just told. The bound keeps
# merging linear in a paragraph of thousands of sentences.
_LOOK_BACK = 12


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
            twin = next((o for o in reversed(out[-_LOOK_BACK:]) if _compatible(o.type, d.type) and text.count("\n", o.end, d.start) <= 2), None)
        if twin is None and d.type in _BLASTS and anchor_id(d) is not None:
            for o in reversed(out[-_LOOK_BACK:]):
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
            d.when = When(last.date, None, max(2, last.precision), last.relative)


def _place_key(i: Incident) -> str:
    """The place an incident is at: its gazetteer id when the text named it ("al-Bukamal countryside" and "rural
    Albu Kamal" are one place), else the words (a village the gazetteer lacks has no id: it stands at its container)."""
    if i.place_id and i.place_mention and i.geo_precision == 1:
        return i.place_id
    if i.place_id and i.place_mention and i.geo_precision == 2:
        return f"{i.place_id}|{i.type}"  # near a place, not at it: only the same kind of event there is surely the same
    return fold(i.place_mention or "")


_HOW_ATTACKED = {"attack", "explosion"}  # "an attack on the market", "a car bomb exploded near the market": at one place, one event


def _other_tolls(a: Incident, b: Incident) -> bool:
    """Whether two tellings give different tolls (a man shot dead; an IED that hurt no one): two events."""
    return any(getattr(a, f) is not None and getattr(b, f) is not None and getattr(a, f) != getattr(b, f)
               for f in ("fatalities", "injured", "arrested"))


def _deduplicated(incidents: list[Incident]) -> list[Incident]:
    """One incident once: the same event at the same place, told twice, is merged."""
    out: list[Incident] = []
    by_place: dict[tuple[str, str], list[int]] = {}  # (status, place key) -> positions in out
    for inc in incidents:
        key = _place_key(inc)
        slots = by_place.setdefault((inc.status, key), []) if key else []
        at = next((n for n in slots if (_compatible(out[n].type, inc.type) or {out[n].type, inc.type} == _HOW_ATTACKED
                                        and not _other_tolls(out[n], inc))
                   and same_day(out[n], inc)
                   and (out[n].type != "convoy" or inc.type == "convoy")), None)
        if at is None and inc.place_id and inc.geo_precision == 2:
            # "near the Conoco gas plant" after "at the Conoco field": the same kind of event there, told again
            at = next((n for n in by_place.get((inc.status, inc.place_id), ()) if out[n].type == inc.type
                       and same_day(out[n], inc)), None)
        if at is None:
            slots.append(len(out))
            out.append(inc)
            continue
        twin = out[at]
        merged = replace(
            twin,
            type=("explosion" if {twin.type, inc.type} == _HOW_ATTACKED  # how the attack was made
                  else _merged_type(twin.type, inc.type) if "explosion" in (twin.type, inc.type) else twin.type),
            fatalities=_max(twin.fatalities, inc.fatalities), injured=_max(twin.injured, inc.injured),
            arrested=_max(twin.arrested, inc.arrested), vehicles=_max(twin.vehicles, inc.vehicles),
            actors=tuple(dict.fromkeys(twin.actors + inc.actors)),
            places=tuple(dict.fromkeys(twin.places + inc.places)),
            **date_of(twin, inc),
            source=twin.source or inc.source, confidence=min(0.99, max(twin.confidence, inc.confidence) + 0.05),
        )
        out[at] = merged
    return out


def date_of(a: Incident, b: Incident) -> dict:
    """The date of two tellings of one event: the one the text gives, the more exact of two ("On Dec. 23" over
    "this week"), else the first's."""
    first = a if a.date_text or not b.date_text else b
    if a.date_text and b.date_text and b.date and (b.time_precision or 1) < (a.time_precision or 1):
        first = b
    return {"date": first.date, "date_text": first.date_text, "time_precision": first.time_precision}


def same_day(a: Incident, b: Incident) -> bool:
    """Whether two tellings may be of one day: one of them gives no date, or both give the same. With no year to
    resolve them ("on Nov. 2", "on Nov. 10" in an undated report), dates are compared by their words."""
    if not a.date_text or not b.date_text:
        return True
    if a.date is None and b.date is None:
        return fold(a.date_text) == fold(b.date_text)
    if a.date is None or b.date is None:
        return False
    if a.date == b.date:
        return True
    # "this week" and "On Dec. 23": a day within the week the vaguer one gives (a month is too wide to tell)
    if max(a.time_precision or 1, b.time_precision or 1) == 2:
        return abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days) <= 6
    return False


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)
