"""Case-insensitive patterns, run faster: the same pattern without re.I on folded text.

sre compares each character case-insensitively at three to four times the
cost of a plain comparison. ``fold_text`` lower-cases a text keeping every
character at its place (the three characters whose lower case is not one
character, or that re.I still takes for an ASCII letter, are mapped to that
letter first); ``folded`` lower-cases a pattern's literals. Then
``folded(p).search(fold_text(t), pos, endpos)`` finds exactly the spans
``p.search(t, pos, endpos)`` does: for every character c that folding
changes, c and its folded form agree on \\w, \\s and \\d, and an ASCII letter
under re.I matches exactly the characters that fold to it (checked over all
of Unicode by benchmarks/check_folded_patterns.py). The text of a match is
read from the original text, by its span.

``Cued`` adds a prefilter: the literal *cues* one of which every match
contains, declared with the vocabulary (and checked against its examples by
the tests), so that ``in`` can rule out most texts before the regex runs.
"""

from __future__ import annotations

import re

__all__ = ["fold_text", "folded", "Cued"]

_FOLD_FIRST = {0x130: "i", 0x131: "i", 0x17F: "s"}  # İ (whose lower case is two characters), ı, ſ


def fold_text(text: str) -> str:
    """``text`` lower-cased, each character where it was (see above)."""
    return text.lower() if text.isascii() else text.translate(_FOLD_FIRST).lower()


def folded(pattern: re.Pattern) -> re.Pattern:
    """A case-insensitive pattern as a case-sensitive one for ``fold_text``-ed text (see above)."""
    assert pattern.flags & re.I
    src, out, i = pattern.pattern, [], 0
    while i < len(src):
        if src[i] == "\\":
            out.append(src[i:i + 2])  # an escape (\S, \W, \B...) keeps its case
            i += 2
        elif src.startswith(("(?P<", "(?P="), i):
            j = src.index(">" if src[i + 3] == "<" else ")", i)
            out.append(src[i:j + 1])  # a group name keeps its case
            i = j + 1
        else:
            out.append(src[i].lower())
            i += 1
    return re.compile("".join(out), pattern.flags & ~re.I)


def has_cue(text: str, cues: tuple[str, ...] | None) -> bool:
    """Whether ``text`` holds one of ``cues`` (None: no cue is known, so it may match)."""
    if cues is None:
        return True
    for s in cues:
        if s in text:
            return True
    return False


class Cued:
    """A pattern whose ``search`` first checks, by ``in``, for one of the strings every match contains."""

    __slots__ = ("pattern", "needed")

    def __init__(self, pattern: re.Pattern, cues):
        self.pattern, self.needed = pattern, (tuple(cues) if cues is not None else None)

    def search(self, text: str):
        needed = self.needed
        if needed is not None:
            for s in needed:
                if s in text:
                    break
            else:
                return None
        return self.pattern.search(text)
