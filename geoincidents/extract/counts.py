"""Counts a clause states: fatalities, injured, arrested, vehicles.

A count frame is a number and the word that says what it counts ("at least
14 people were killed", "the arrest of 5"); a single victim described ("a
shepherd was killed") counts 1. The frames, the number words and the cues
are data: ``vocabulary/counts.json``.
"""

from __future__ import annotations

import re

from ..casefold import Cued, fold_text as _fold, folded as _folded
from .vocabulary import expand, load

_DATA = load("counts")
_NUMBER_WORDS: dict[str, int] = _DATA["number_words"]
COUNT_PATTERNS: dict[str, list[re.Pattern]] = {
    f: [re.compile(expand(e["pattern"], _DATA["parts"]), re.I) for e in spec["entries"]] for f, spec in _DATA["fields"].items()}
# A word each count needs nearby; cheap to look for before the full patterns.
_COUNT_CUES = {f: re.compile(spec["cue"], re.I) for f, spec in _DATA["fields"].items()}
_ZERO_CASUALTIES = re.compile(
    _DATA["zero_casualties"]["prefix"] + "|".join(e["pattern"] for e in _DATA["zero_casualties"]["entries"]) + _DATA["zero_casualties"]["suffix"], re.I)
_PARTS = re.compile(_DATA["parts_of_a_group"]["pattern"], re.I)
_PART_OF = re.compile(_DATA["part_of"]["pattern"], re.I)
_COUNT_PATTERNS_FOLDED = {f: [_folded(p) for p in ps] for f, ps in COUNT_PATTERNS.items()}
# with the strings one of which each needs (its cues): a pattern is run only if one is in the clause
_COUNT_PATTERNS_NEEDED = {
    f: [(p, tuple(e["cues"]) if e["cues"] else None) for p, e in zip(ps, _DATA["fields"][f]["entries"])]
    for f, ps in _COUNT_PATTERNS_FOLDED.items()}
_PARTS_NEEDED = tuple(_DATA["parts_of_a_group"]["cues"])
_COUNT_CUES_FOLDED = {f: _folded(p) for f, p in _COUNT_CUES.items()}
_ZERO_CASUALTIES_FOLDED = Cued(_folded(_ZERO_CASUALTIES), _DATA["zero_casualties"]["cues"])
_PARTS_FOLDED, _PART_OF_FOLDED = _folded(_PARTS), _folded(_PART_OF)

_A_NUMBER = re.compile(r"\d|\b(?:" + "|".join(sorted((w for w in _NUMBER_WORDS if " " not in w and len(w) > 2), key=len, reverse=True)) + r")\b")

__all__ = ["COUNT_PATTERNS", "counts_in", "number_value"]


def number_value(text: str) -> int | None:
    """'14' -> 14, 'three' -> 3, 'forty-five' -> 45, '1,200' -> 1200."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t.replace(",", "").isdigit():
        return int(t.replace(",", ""))
    if t in _NUMBER_WORDS:
        return _NUMBER_WORDS[t]
    m = re.fullmatch(r"(\w+)[ -](\w+)", t)
    if m and m.group(1) in _NUMBER_WORDS and m.group(2) in ("hundred", "dozen"):
        return _NUMBER_WORDS[m.group(1)] * _NUMBER_WORDS[m.group(2)]  # "two hundred", "three dozen"
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
    # "14 people, including 5 children, were killed": a part of a group counted before it; with no number
    # before it ("a convoy, including 43 tankers, ..."), the part is the count itself
    parts = [(a, b) for a, b in parts if _A_NUMBER.search(low, max(0, a - 80), a)]
    for a, b in parts:
        text = text[:a] + " " * (b - a) + text[b:]
        low = low[:a] + " " * (b - a) + low[b:]
    for field_name, patterns in _COUNT_PATTERNS_NEEDED.items():
        if not _COUNT_CUES_FOLDED[field_name].search(low):
            continue  # most clauses count nothing: skip the costly patterns
        seen: dict[int, int] = {}
        described: list[tuple[int, int, int]] = []  # victims counted as one without a number ("a shepherd"): span, key
        numbered: list[tuple[int, int]] = []
        for pattern, needed in patterns:
            if needed is not None:
                for s in needed:
                    if s in low:
                        break
                else:
                    continue
            for m in pattern.finditer(low):
                start, end = m.span("n")
                if start in seen or _part_of_a_group(low, start):
                    continue
                n = text[start:end] if start < end else None
                value = number_value(n) if n else 1  # "a child was killed"
                if value is None or (value == 1 and n is not None and n.lower() in ("a", "an") and field_name == "vehicles"):
                    continue
                if n is None and field_name == "vehicles":
                    continue
                if _is_year_or_date(text, start, end):
                    continue
                overlaps = [(a, b, k) for a, b, k in described if a < m.end() and m.start() < b]
                if n is None:
                    # one described victim, told by two frames ("the killing of a young man"), is one
                    if overlaps or any(a < m.end() and m.start() < b for a, b in numbered):
                        continue
                    described.append((*m.span(), start))
                else:
                    for d in overlaps:  # "killed one person": the number of the victim already described
                        described.remove(d)
                        seen.pop(d[2], None)
                    numbered.append(m.span())
                seen[start] = value
        if seen:
            out[field_name] = sum(seen.values())
    zero = _ZERO_CASUALTIES_FOLDED.search(low)
    if zero:
        out.setdefault("fatalities", 0)
        if re.search(r"casualties|causalities|injuries|hurt", text[zero.start():zero.end()], re.I):
            out.setdefault("injured", 0)
    return out


def _part_of_a_group(low: str, start: int) -> bool:
    """Whether the number at ``start`` follows "including", "among them"... after a group's own count
    ("14 people were killed, including 5 children"), not as the only count ("a convoy including 43 tankers")."""
    w = max(0, start - 25)
    m = _PART_OF_FOLDED.search(low[w:start])
    return m is not None and _A_NUMBER.search(low, max(0, w - 80), w + m.start()) is not None


_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
# "July 22", but not "14 October 3 people": a month that already has its day
_MONTH_BEFORE = re.compile(r"(?<![\d\s])\s*\b" + _MONTH + r"\.?\s+$|^" + _MONTH + r"\.?\s+$", re.I)
_MONTH_AFTER = re.compile(r"(?:\s+of)?\s+" + _MONTH + r"\b", re.I)


def _is_year_or_date(text: str, start: int, end: int) -> bool:
    """A year, a day of a month ("July 22", "14 October") or a measure (km, days, %), not a count."""
    digits = text[start:end]
    if digits.isdigit() and len(digits) == 4 and 1900 <= int(digits) <= 2100:
        return True
    if digits.isdigit() and int(digits) <= 31 and (_MONTH_BEFORE.search(text[max(0, start - 14):start])
                                                   or _MONTH_AFTER.match(text, end)):
        return True
    after = text[end:end + 12].lower()
    return bool(re.match(r"\s*(?:km|kilomet|miles?|metres|meters|months?|years?|days?|weeks?|hours?|%|percent|th\b|st\b|nd\b|rd\b)", after))
