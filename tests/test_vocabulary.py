"""Every vocabulary entry of the extractor (``geoincidents/extract/vocabulary/*.json``) against its examples.

An entry must match each of its ``examples`` and none of its ``not``
examples; every example must hold one of the cue strings its list declares
(the prefilter that skips the regex); and deleting any alternative of an
entry (a word, a phrase) must change what it finds in its examples, so that
a lost phrase turns this file red.
"""

from __future__ import annotations

import re

import pytest

from geoincidents.casefold import fold_text
from geoincidents.extract.vocabulary import entry_checks

CHECKS = list(entry_checks())


def branch_spans(src: str) -> list[tuple[int, int]]:
    """(start, end) of every alternative of every alternation in a regex source, at any depth.

    A scan of escapes, character classes and brackets: alternatives are the
    stretches between ``|`` at one bracket depth (the whole source is one
    group); a group with no ``|`` has none.
    """
    stack, groups, i, in_class = [[0, [0]]], [], 0, False  # per open group: its body start, the positions of its '|'s
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if src[i + 1:i + 2] == "^":
                i += 1
            if src[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            body = i + 1
            if src.startswith("(?P<", i):
                body = src.index(">", i) + 1
            elif src.startswith("(?", i):
                m = re.match(r"\(\?(?:[:=!]|<[=!]|[a-zA-Z-]+:)", src[i:])
                body = i + (m.end() if m else 2)
            stack.append([body, [body]])
        elif c == ")":
            body, bars = stack.pop()
            groups.append((bars, i))
        elif c == "|":
            stack[-1][1].append(i + 1)
        i += 1
    groups.append((stack[0][1], len(src)))
    spans = []
    for bars, end in groups:
        if len(bars) < 2:
            continue
        starts = bars
        ends = [b - 1 for b in bars[1:]] + [end]
        spans += list(zip(starts, ends))
    return spans


def _without(src: str, start: int, end: int) -> str:
    """``src`` with the alternative at [start, end) and one of its '|' removed."""
    if end < len(src) and src[end] == "|":
        return src[:start] + src[end + 1:]
    return src[:start - 1] + src[end:]


def _finds(pattern: re.Pattern, texts) -> list:
    return [(m.group(0) if (m := pattern.search(t)) else None) for t in texts]


@pytest.mark.parametrize("check", CHECKS, ids=[c.where for c in CHECKS])
def test_entry_matches_its_examples_and_not_its_counter_examples(check):
    assert check.examples, f"{check.where}: no example"
    assert check.counter, f"{check.where}: no counter-example"
    for text in check.examples:
        assert check.pattern.search(text), f"{check.where} must match {text!r}"
        if check.cues is not None:
            low = fold_text(text) if check.flags & re.I else text  # case-insensitive lists are searched folded
            assert any(c in low for c in check.cues), f"{check.where}: {text!r} holds none of the cues {check.cues}"
    for text in check.counter:
        assert not check.pattern.search(text), f"{check.where} must not match {text!r}"


@pytest.mark.parametrize("check", CHECKS, ids=[c.where for c in CHECKS])
def test_every_alternative_of_an_entry_is_pinned_by_an_example(check):
    texts = check.examples + check.counter
    found = _finds(check.pattern, texts)
    unpinned = []
    for start, end in branch_spans(check.raw):
        try:
            mutant = check.compiled(_without(check.raw, start, end))
        except re.error:
            continue
        if _finds(mutant, texts) == found:
            unpinned.append(check.raw[start:end])
    assert not unpinned, f"{check.where}: no example needs the alternatives {unpinned}"


def test_branch_spans_reads_nested_alternatives():
    src = r"\b(?:drone|UAV(?:s|es)?)\s+(?P<n>\d+|two)"
    assert [src[s:e] for s, e in sorted(branch_spans(src))] == ["drone", "UAV(?:s|es)?", "s", "es", r"\d+", "two"]
    assert _without("a|b|c", 2, 3) == "a|c" and _without("a|b", 2, 3) == "a"


def test_count_examples_hold_their_fields_cue():
    """A count field is skipped when its cue is absent: every frame's examples must hold it."""
    from geoincidents.extract.vocabulary import load

    data = load("counts")
    for field_name, spec in data["fields"].items():
        cue = re.compile(spec["cue"], re.I)
        for e in spec["entries"]:
            for text in e["examples"]:
                assert cue.search(text), f"counts.{field_name}: {text!r} lacks the field's cue {spec['cue']!r}"
