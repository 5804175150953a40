"""Sentences and clauses: where a report's sentences end, where a sentence
strings several events together, and which lines are headings or headlines."""

from __future__ import annotations

import re

from ..casefold import fold_text as _fold, folded as _folded

__all__ = ["sentence_spans", "clause_spans", "heading_spans", "title_lines_end"]

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


# Footnote or reference markers at the end of a line ("... killing 3 people. [1]"): not the line's last word.
_FOOTNOTES_END = re.compile(r"(?:\s*(?:\[\d{1,3}\]|\(\d{1,3}\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+))+\s*$")


_FOOTNOTE_LAST = frozenset("])¹²³⁴⁵⁶⁷⁸⁹⁰")  # how a line with a footnote marker ends


def _line_end_stripped(line: str) -> str:
    """A line without its surrounding spaces and trailing footnote markers: what decides whether it ends a sentence."""
    line = line.strip()
    return _FOOTNOTES_END.sub("", line) if line[-1:] in _FOOTNOTE_LAST else line


# A line that opens as a sentence goes on from the one before: "Moreover, drones targeted ..." is no heading
_CONNECTIVE_START = re.compile(r"(?:Moreover|Meanwhile|However|Furthermore|Additionally|In addition|Also|Besides|Separately|Later),")


# A photo's caption ("... on Sep. 7, 2022. (Photo: AFP)", "Photo: DAANES"): it shows a scene, often an old one
_CAPTION = re.compile(r"\bPhoto(?:\s+credit)?\s*:|\((?:Photo|File\s+photo|Archive)\b[^)\n]*\)\s*$|\bFile\s+photo\b"
                      r"|^\s*(?:This|In\s+this)\s+(?:frame\s+grab|photo|image|picture|handout)\b", re.I)


def _is_caption(line: str) -> bool:
    return ("hoto" in line or "rame grab" in line or "mage" in line or "icture" in line or "andout" in line
            or "Archive" in line) and _CAPTION.search(line) is not None


def heading_spans(text: str) -> list[tuple[int, int]]:
    """Lines that are headings: short, no full stop, with something below them to head, and photo captions.
    Not evidence of an event: they restate or announce what the paragraphs below tell, or show a scene. (The
    last line of a report cut short, or a line that opens with "Moreover,", is a sentence that lost its full stop.)"""
    spans, pos = [], 0
    last = len(text.rstrip())
    for line in text.split("\n"):
        stripped = _line_end_stripped(line)
        if stripped and len(stripped) < 160 and not re.search(r"[.!?:;”\"]\s*$", stripped) and len(stripped.split()) < 20 \
                and pos + len(line.rstrip()) < last and not _CONNECTIVE_START.match(stripped) or _is_caption(line):
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
        stripped = _line_end_stripped(line)
        if stripped and (re.search(r"[.!?:”\"]\s*$", stripped) or len(stripped) > 320):
            return end
        pos += len(line) + 1
        if stripped:
            end = pos
    return end if end < len(text) * 0.6 else 0
