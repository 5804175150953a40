"""Event words: the type of incident a clause tells, and where its trigger is.

Order in a clause decides the type (the main verb comes first), but an
explosion gives way to what caused it. The words are data:
``vocabulary/triggers.json``.
"""

from __future__ import annotations

import re

from ..casefold import fold_text as _fold, folded as _folded
from .vocabulary import load, vocab_list

_DATA = load("triggers")
_LISTS = {kind: vocab_list(spec) for kind, spec in _DATA["kinds"].items()}
TRIGGERS: list[tuple[str, re.Pattern]] = [(kind, v.pattern) for kind, v in _LISTS.items()]
_TRIGGERS_FOLDED = [(kind, v.cued) for kind, v in _LISTS.items()]  # for fold_text-ed text: see casefold
_CAUSES = ("drone_strike", "air_strike", "shelling")
# Stems every trigger contains: one cheap search rules out most clauses
# (anchored at word starts: the engine gives up at once elsewhere).
_TRIGGER_CUE = re.compile(_DATA["stems"], re.I)
_TRIGGER_CUE_FOLDED = _folded(_TRIGGER_CUE)
_SPECIFIC = {kind: spec["specificity"] for kind, spec in _DATA["kinds"].items()}

__all__ = ["TRIGGERS", "clause_type"]

_SUPPORT = re.compile(r"\b(?:backed|supported|covered|aided)\s+by\b|\bwith\s+(?:the\s+)?(?:support|backing|cover)\s+of\b"
                      r"|\bunder\s+(?:the\s+)?cover\s+of\b")  # on folded text
_SEARCHING = re.compile(r"\bsearch(?:ing)?\s+for\b|\bin\s+search\s+of\b|\bwanted\s+(?:men|persons|people|suspects)\b")  # on folded text


def has_trigger_cue(low: str) -> bool:
    """Whether a folded text holds any stem an event word starts with (most sentences do not)."""
    return _TRIGGER_CUE_FOLDED.search(low) is not None


def clause_type(text: str, low: str | None = None) -> tuple[str | None, int]:
    """The event type of a clause and where its trigger starts (-1: none). ``low``: ``fold_text(text)``, if made."""
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
    if len(hits) > 1 and ("by" in low or "support" in low or "cover" in low):
        # "repulsed several attacks, backed by coalition airstrikes": the support named is not the event
        support = [m.end() for m in _SUPPORT.finditer(low)]
        own = [(p, k) for p, k in hits if not any(0 <= p - e < 40 for e in support)]
        hits = own or hits
    hits.sort()
    pos, kind = hits[0]
    kinds = {k for _, k in hits}
    if kind in ("explosion", "attack", "armed_clash") and kinds & set(_CAUSES):
        # "explosions ... caused by a missile", "attacks by drones", "clashes ... amid shelling"
        cause = next(k for _, k in hits if k in _CAUSES)
        if kind == "explosion" or (kind == "attack" and cause in ("drone_strike", "air_strike")):
            kind = cause
    if kind == "attack" and "shelling" in kinds and next(p for p, k in hits if k == "shelling") - pos < 60:
        kind = "shelling"  # "targeted with artillery shells", "attacked ... with mortars": how it was attacked
    if kind == "attack" and "explosion" in kinds and next(p for p, k in hits if k == "explosion") - pos < 60:
        kind = "explosion"  # "targeted by an explosive device", "an attack with an IED": what hit was a bomb
    if kind == "air_strike" and "drone_strike" in kinds and next(p for p, k in hits if k == "drone_strike") - pos < 25:
        kind = "drone_strike"  # "a Turkish drone strike": the air-strike words start earlier but name a drone
    if "military_exercise" in kinds and kind in ("attack", "armed_clash", "shelling", "explosion"):
        kind = "military_exercise"  # drills that rehearse an attack, live fire, explosions heard from them: not a fight
    if kind == "attack" and ("arrest" in kinds and re.search(r"\bstorm|\braid|\bto\s+(?:arrest|detain|capture)\b", text, re.I)
                             or _SEARCHING.search(low) and re.search(r"\bstorm", low)):
        kind = "arrest"  # a house stormed or a village ambushed to arrest someone, or to search for suspects, is a raid
    if kind == "attack" and "armed_clash" in kinds and "clash" in text.lower():
        kind = "armed_clash" if re.search(r"\bclash", text[:pos + 40], re.I) else kind
    return kind, pos


def compatible(a: str, b: str) -> bool:
    """Whether two types can tell one event (an explosion and the strike that caused it)."""
    if a == b:
        return True
    pair = {a, b}
    if "explosion" in pair and pair & set(_CAUSES):
        return True
    return pair <= {"attack", "armed_clash"}


def merged_type(a: str, b: str) -> str:
    """The more specific of two types told of one event."""
    if a == b:
        return a
    return max((a, b), key=lambda t: _SPECIFIC.get(t, 0))
