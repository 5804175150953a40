"""Who fought and who says so: the armed actors (and civilians) a clause
names, normalised, and the source it cites. The names are data:
``vocabulary/actors.json`` and ``vocabulary/sources.json``."""

from __future__ import annotations

import re

from ..casefold import Cued, fold_text as _fold, folded as _folded
from .vocabulary import load

_ACTOR_DATA, _SOURCE_DATA = load("actors"), load("sources")
ACTORS = [(e["name"], e["pattern"]) for e in _ACTOR_DATA["entries"]]
SOURCES = [(e["name"], e["pattern"]) for e in _SOURCE_DATA["entries"]]

__all__ = ["ACTORS", "SOURCES", "actors_in", "source_in"]

def _one_pattern(entries: list[tuple[str, str]], flags: int = 0) -> tuple[re.Pattern, dict[str, str]]:
    """One alternation of named groups: a single scan finds every entry."""
    groups = {f"g{n}": name for n, (name, _) in enumerate(entries)}
    pattern = "|".join(f"(?P<g{n}>{p})" for n, (_, p) in enumerate(entries))
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", flags), groups


_ACTORS_ONE, _ACTOR_GROUPS = _one_pattern(ACTORS)
_ACTORS_NEEDED = tuple(_ACTOR_DATA["cues"])  # one of them is in every match: most clauses name no actor


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
_SOURCES_FOLDED = Cued(_folded(_SOURCES_ONE), _SOURCE_DATA["cues"])


def source_in(text: str, low: str | None = None) -> str | None:
    """Who the clause says reported it: the first source named. ``low``: ``_fold(text)``, if made."""
    m = _SOURCES_FOLDED.search(_fold(text) if low is None else low)
    return _SOURCE_GROUPS[m.lastgroup] if m else None
