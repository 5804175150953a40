"""The extractor's vocabularies, read once from the JSON files beside this module.

Each file (``vocabulary/*.json``) holds lists of *entries*: a regular
expression, the ``examples`` it must match and the ``not`` examples it must
not (``tests/test_vocabulary.py`` runs them all). A list is compiled into one
pattern, ``prefix + "|".join(entries) + suffix``, in the order of its
entries (the first alternative that fits wins). ``cues`` are the literal
strings (of the lower-cased text) one of which every match contains: a
cheap ``in`` test that skips the regex for most clauses. They are declared
with the data, and the tests check every example against them.

A pattern may name shared fragments as ``{NAME}`` (a number, a month...):
they are spelt once in the file's ``parts``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Iterator

from ..casefold import Cued, folded

__all__ = ["load", "VocabList", "vocab_list", "entry_checks", "EntryCheck"]

_FLAGS = {"": 0, "i": re.I, "m": re.M, "im": re.I | re.M}


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed ``vocabulary/NAME.json``."""
    return json.loads(files(__package__).joinpath("vocabulary", f"{name}.json").read_text(encoding="utf-8"))


def expand(pattern: str, parts: dict[str, str] | None) -> str:
    """``pattern`` with each ``{NAME}`` of ``parts`` spelt out (other braces, as ``{0,3}``, are left alone)."""
    for name, value in (parts or {}).items():
        pattern = pattern.replace("{" + name + "}", value)
    return pattern


def flags_of(spec: dict) -> int:
    return _FLAGS[spec.get("flags", "")]


@dataclass(frozen=True)
class VocabList:
    """One compiled list: ``pattern`` as written, ``fast`` for folded text (or itself when case matters),
    and ``cued``, ``fast`` behind its cue test."""

    pattern: re.Pattern
    fast: re.Pattern
    cued: Cued

    def search(self, low: str):
        """Search folded text (``fold_text``), cue test first."""
        return self.cued.search(low)


def vocab_list(spec: dict, parts: dict[str, str] | None = None) -> VocabList:
    """Compile a list spec: ``{"flags", "prefix", "suffix", "cues", "entries": [{"pattern", ...}]}``."""
    source = spec.get("prefix", "") + "|".join(expand(e["pattern"], parts) for e in spec["entries"]) + spec.get("suffix", "")
    pattern = re.compile(source, flags_of(spec))
    fast = folded(pattern) if pattern.flags & re.I else pattern
    return VocabList(pattern, fast, Cued(fast, spec.get("cues")))


# ---------------------------------------------------------------------------
# For the tests: every entry as a pattern of its own, with its examples


@dataclass(frozen=True)
class EntryCheck:
    """One entry, ready to test: where it is, its own pattern (in its list's frame), its examples and the
    cues its examples must hold (None: the list declares none)."""

    where: str
    pattern: re.Pattern
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    cues: tuple[str, ...] | None
    raw: str  # the entry's own regex as written (``{NAME}`` parts not spelt out), for the branch-deletion test
    parts: dict | None
    frame: tuple[str, str]  # what stands around the entry in ``pattern``
    flags: int

    def compiled(self, raw: str) -> re.Pattern:
        """``raw`` (this entry's regex, or a variant of it) in the entry's frame."""
        return re.compile(self.frame[0] + expand(raw, self.parts) + self.frame[1], self.flags)


def _checks_of_list(where: str, spec: dict, parts=None, frame=None) -> Iterator[EntryCheck]:
    pre, suf = frame or (spec.get("prefix", ""), spec.get("suffix", ""))
    for n, e in enumerate(spec["entries"]):
        body = expand(e["pattern"], parts)
        yield EntryCheck(f"{where}[{n}]", re.compile(pre + body + suf, flags_of(spec)), tuple(e["examples"]), tuple(e["not"]),
                         tuple(e["cues"]) if e.get("cues") else (tuple(spec["cues"]) if spec.get("cues") else None),
                         e["pattern"], parts, (pre, suf), flags_of(spec))


def entry_checks() -> Iterator[EntryCheck]:
    """Every entry of every vocabulary file."""
    named = (r"(?<![\w-])(?:", r")(?![\w-])")
    t = load("triggers")
    for kind, spec in t["kinds"].items():
        yield from _checks_of_list(f"triggers.{kind}", spec)
    for name, spec in load("modality").items():
        yield from _checks_of_list(f"modality.{name}", spec)
    for name, spec in load("roles").items():
        yield from _checks_of_list(f"roles.{name}", spec)
    c = load("counts")
    for field_name, spec in c["fields"].items():
        yield from _checks_of_list(f"counts.{field_name}", {"flags": "i", **spec}, c["parts"])
    yield from _checks_of_list("counts.zero_casualties", c["zero_casualties"])
    for name in ("parts_of_a_group", "part_of"):
        yield from _checks_of_list(f"counts.{name}", {"flags": "i", "entries": [c[name]]})
    d = load("dates")
    for e in d["patterns"]:  # a date pattern runs only if its kind's cue word (a month, a digit...) is in the text
        cues = e["needs"] or d["kind_cues"][e["cue"]]
        yield from _checks_of_list(f"dates.{e['kind']}", {"flags": e["flags"], "cues": cues, "entries": [e]}, d["parts"])
    for name in ("actors", "sources"):
        spec = load(name)
        yield from _checks_of_list(name, spec, frame=named)
