"""Dates a clause states, absolute or relative to the publication date.

The phrase patterns, month and ordinal words and the cue words are data:
``vocabulary/dates.json``.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, insort
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..casefold import fold_text as _fold, folded as _folded
from .vocabulary import expand, flags_of, load

_DATA = load("dates")
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS.update(_DATA["extra_month_abbreviations"])
_ORDINALS: dict[str, int] = _DATA["ordinals"]
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

DATE_PATTERNS = [(e["kind"], re.compile(expand(e["pattern"], _DATA["parts"]), flags_of(e))) for e in _DATA["patterns"]]

# The cheap cue each date pattern needs: a month name, a digit, a weekday, a relative word.
_KIND_CUES = {k: tuple(v) for k, v in _DATA["kind_cues"].items()}  # substrings of the lower-cased text: far cheaper than a regex each
_MONTH_NAME = re.compile(_DATA["month_name"])
_CUE_OF = {e["kind"]: e["cue"] for e in _DATA["patterns"]}
_DATE_PATTERNS_FOLDED = [(kind, p, _folded(p) if p.flags & re.I else p) for kind, p in DATE_PATTERNS]
# and the strings one of which each needs: "week" or "days" or "over", "19" or "20"; the month names are cues already
_DATE_NEEDED = {e["kind"]: tuple(e["needs"]) if e["needs"] else None for e in _DATA["patterns"]}

_RELATIVE = {"yesterday", "today", "weekday", "week", "month"}  # kinds counted back from the publication day

__all__ = ["DATE_PATTERNS", "When", "dates_in", "recalled", "reference_date"]


@dataclass(frozen=True)
class When:
    date: date | None
    text: str | None  # None when carried over from the event told before
    precision: int
    relative: bool = False  # counted from the publication date ("yesterday", "on Tuesday", "last week")
    told: bool = False  # the day a statement was made ("the monitor said on Sunday"), the only date the clause gives


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
    spans: list[tuple[int, int]] = []  # of found, by start
    longest = 0
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
            a, b = m.span()
            # a date already found that holds this one's start or end; only those starting within the longest
            # date's length before it can: a bisect, not a scan (a paragraph may hold thousands of dates)
            lo = bisect_left(spans, (a - longest - 1,))
            if any(s <= a < e or s < b <= e for s, e in spans[lo:bisect_left(spans, (b,))]):
                continue
            if fast is not pattern:
                m = pattern.match(text, m.start())  # the same match (see locate._folded), with the text's own letters
            when = _when(kind, m, ref)
            if when is not None and kind in _RELATIVE:
                when = replace(when, relative=True)
            if when is not None:
                found.append((m.start(), m.end(), when))
                insort(spans, (m.start(), m.end()))
                longest = max(longest, m.end() - m.start())
    return sorted(((s, w) for s, _, w in found), key=lambda t: t[0])


def _when(kind: str, m: re.Match, ref: date | None) -> When | None:
    g = m.groupdict()
    text = m.group(0).strip()
    if kind == "iso":
        d = _safe_date(int(g["year"]), int(g["m"]), int(g["day"]))
        return When(d, text, 1) if d else None
    if kind == "numeric":
        return _numeric(int(g["a"]), int(g["b"]), int(g["year"]), text, ref)
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
    if kind == "month_alone":  # "in late March": the last March on or before the publication date
        month = _MONTHS[g["month"].lower()]
        if ref is None:
            return When(None, text, 3)
        return When(date(ref.year if month <= ref.month else ref.year - 1, month, 1), text, 3)
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


_IN_A_YEAR = re.compile(r"\b(?:in|during)\s+(?:early\s+|late\s+|mid-?)?((?:19|20)\d\d)\b")  # on folded text


def recalled(when: When | None, low: str, ref: date | None) -> bool:
    """Whether a clause dates its event to an earlier month or year than the report's own ("In June 2018, strikes
    killed 55", "At the end of March, a drone attack killed one", in a report of April): a past event recalled as
    background. A day date is not enough: a monthly review tells each event of the month by its day."""
    if ref is None:
        return False
    if when is not None and when.date is not None:
        return when.precision == 3 and (when.date.year, when.date.month) < (ref.year, ref.month)
    m = _IN_A_YEAR.search(low) if "19" in low or "20" in low else None
    return m is not None and int(m.group(1)) < ref.year


def _numeric(a: int, b: int, year: int, text: str, ref: date | None) -> When | None:
    """"12/1/2024": day/month or month/day. A part above 12 decides; else the reading on or before the
    publication date and nearest to it (a report tells the recent past), else day/month."""
    readings = [d for d in (_safe_date(year, b, a), _safe_date(year, a, b)) if d is not None]
    if ref is not None:
        past = [d for d in readings if d <= ref + timedelta(days=2)]
        readings = sorted(past or readings, key=lambda d: abs((ref - d).days))
    return When(readings[0], text, 1) if readings else None


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
