"""Clauses that tell no incident, or tell it with a doubt: tolls and series
(aggregates), habits, the future, the background, denials, speculation; and
whether civilians were hit. The cue words are data: ``vocabulary/modality.json``."""

from __future__ import annotations

from .vocabulary import load, vocab_list

_DATA = load("modality")
_LISTS = {name: vocab_list(spec) for name, spec in _DATA.items()}
_AGGREGATE, _FUTURE, _HABITUAL, _BACKGROUND = (_LISTS[n].pattern for n in ("aggregate", "future", "habit", "background"))
_DENIAL, _SPECULATIVE, _CIVILIANS = (_LISTS[n].pattern for n in ("denial", "speculative", "civilians"))
_NOT_AN_INCIDENT_FOLDED = [_LISTS[n].cued for n in ("aggregate", "span", "future", "habit", "background")]
_DENIAL_FOLDED, _SPECULATIVE_FOLDED, _CIVILIANS_FOLDED = (_LISTS[n].cued for n in ("denial", "speculative", "civilians"))
_CAUSE_FOLDED = _LISTS["cause"].cued  # "in retaliation for", "comes after": what follows is another, earlier event


def not_an_incident(low: str) -> bool:
    """A toll, a span of weeks, the future, a habit or the background (``low``: the folded clause)."""
    return any(p.search(low) for p in _NOT_AN_INCIDENT_FOLDED)


def cause_starts(low: str) -> int | None:
    """Where the clause turns to what its event answers or follows ("... in retaliation for ..."), if it does."""
    m = _CAUSE_FOLDED.search(low)
    return m.start() if m else None


def denied(low: str) -> bool:
    """The text says the report is untrue."""
    return bool(_DENIAL_FOLDED.search(low))


def speculative(low: str) -> bool:
    return bool(_SPECULATIVE_FOLDED.search(low))


def civilians(low: str) -> bool:
    return bool(_CIVILIANS_FOLDED.search(low))
