"""Who did it to whom: ``actor1``, ``actor2`` and ``assoc_actors`` from an incident's sentence.

ACLED codes an event with the actor who acted (actor1), the one it was done
to (actor2) and those who acted with them (associated actors). The
extractor gives the flat list of actors a sentence names; this step reads
the sentence again and gives each a role from the words around it:

- "with the support of X", "backed by X", "alongside X": X helped (associated),
- "by X", "carried out by X", "blamed X": X acted (passive voice),
- "against X", "targeting X", "killing X", "arrest of X", "positions of X",
  "areas controlled by X", "X were subjected to": X was the target,
- "between X and Y": X acted, Y was the other side,
- otherwise the actor named before the event word acted and the one after it
  was acted upon. Civilians are never the ones who acted.

The cue lists are data (``CUES``), each with examples in ``tests/test_roles.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from .incidents import Incident

__all__ = ["Roles", "actor_roles", "with_roles", "CUES", "EVENT_WORDS", "PASSIVE_AFTER", "ONE_SIDED", "NO_TARGET"]

#: Role -> (the cue words, how many words may stand between them and the actor).
#: A cue right before an actor's mention gives it that role; the nearest cue wins.
CUES: dict[str, tuple[str, int]] = {
    # "with the support of the International Coalition", "backed by Russian jets"
    "assoc": (r"with\s+the\s+(?:support|help|backing|participation)\s+of|(?:backed|supported|assisted|accompanied|helped)\s+by"
              r"|alongside|together\s+with|in\s+(?:cooperation|coordination|conjunction)\s+with|and\s+(?:their|its)\s+allies(?:\s+of)?", 2),
    # "airstrikes by unknown aircraft believed to belong to the Coalition", "putting the blame on the coalition"
    "agent": (r"by|blam(?:e|ed|ing)(?:\s+on)?|attributed\s+to|claimed\s+by", 6),
    # "clashes between the regime forces and ..." (the first side)
    "between": (r"between", 1),
    # "targeting sites of Iranian militias", "against members of the Islamic State", "areas controlled by the regime"
    "target": (r"against|target(?:ed|ing|s)?|on|kill(?:ed|ing|s)?|wound(?:ed|ing|s)?|injur(?:ed|ing)|deaths?\s+of"
               r"|arrest(?:ed|ing|s)?(?:\s+of)?|detain(?:ed|ing|s)?|detention\s+of|ambush(?:ed|ing)?|attack(?:ed|ing|s)?"
               r"|hit(?:ting|s)?|struck|shell(?:ed|ing|s)|bomb(?:ed|ing|ard(?:ed|ing|ment)\s+(?:of|on))"
               r"|(?:positions?|sites?|posts?|members?|fighters?|cells?|vehicles?|headquarters|militiamen|operatives?)"
               r"\s+(?:of|belonging\s+to|loyal\s+to)|under\s+(?:the\s+)?control\s+of", 3),
    # "neighbourhoods controlled by the regime": where it hit, so X was the target ("by" alone would say agent)
    "held": (r"(?:controlled|held|run|occupied|administered|used|operated|manned|guarded)\s+by", 1),
}
_CUE_AT = {role: re.compile(rf"(?:{cue})\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,{gap}}}$", re.I) for role, (cue, gap) in CUES.items()}

#: After an actor's mention: it was acted upon ("US forces ... were subjected to attacks").
PASSIVE_AFTER = re.compile(
    r"^[^.;:,]{0,90}?\b(?:was|were|has\s+been|have\s+been|had\s+been|came\s+under|come\s+under|being)\s+"
    r"(?:subjected|targeted|hit|struck|attacked|shelled|bombed|killed|wounded|injured|arrested|detained|ambushed|fire)\b", re.I)

#: Words that name the event in a sentence: actors before the first one acted.
EVENT_WORDS = re.compile(
    r"\b(?:air\s*strikes?|strikes?|struck|bomb(?:ed|ing|ardment|arded)?|shell(?:ed|ing|s)?|targeted|targeting|attack(?:ed|s)?"
    r"|clash(?:ed|es)?|fought|kill(?:ed|ing)|ambush(?:ed)?|arrest(?:ed|s)?|detain(?:ed)?|raid(?:ed|s)?|exploded|explosion"
    r"|fired|hit|launched|carried\s+out|conducted|dispatch(?:ed)?|sent|drills?|exercises?|convoy)\b", re.I)

#: Types with no one acted upon: every actor acted or helped, unless a cue says it was the target.
ONE_SIDED = frozenset({"arrest", "convoy", "military_exercise", "other"})

#: Types with no target at all, whatever the cues ("a convoy of the Coalition against ISIS" is a name).
NO_TARGET = frozenset({"convoy", "military_exercise"})

_NEVER_ACTOR1 = {"civilians"}
_WINDOW = 80  # characters before a mention the cues may span


@dataclass(frozen=True)
class Roles:
    """ACLED's actor roles for one incident (names as in ``Incident.actors``)."""

    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: tuple[str, ...] = ()


def _patterns() -> dict[str, re.Pattern]:
    """Each actor's surface forms, from the extractor's vocabulary (normalised name -> pattern)."""
    try:
        from .extract import ACTORS
    except ImportError:  # the extractor's vocabulary moved: find each actor by its own name
        ACTORS = []
    return {name: re.compile(rf"(?<![\w-])(?:{p})(?![\w-])") for name, p in ACTORS}


_ACTOR_PATTERNS: dict[str, re.Pattern] | None = None


def _first_mention(sentence: str, actor: str) -> int | None:
    global _ACTOR_PATTERNS
    if _ACTOR_PATTERNS is None:
        _ACTOR_PATTERNS = _patterns()
    pattern = _ACTOR_PATTERNS.get(actor) or re.compile(rf"(?<![\w-]){re.escape(actor)}(?![\w-])", re.I)
    m = pattern.search(sentence)
    return m.start() if m else None


def _cue(before: str) -> str | None:
    """The role the nearest cue before a mention gives it, if any.

    Tails of the preceding words are tried from the shortest: the nearest
    cue wins ("by unknown aircraft targeting sites of X": X is the target),
    unless the word before it makes a stronger cue: "backed by X" is
    support, not agency; "blame on X" is agency, not a target.
    """
    tail = before[-_WINDOW:]
    starts = [m.start() for m in re.finditer(r"\S+", tail)][::-1]
    for n, at in enumerate(starts):
        role = _role_at(tail[at:])
        if role is not None:
            longer = _role_at(tail[starts[n + 1]:]) if n + 1 < len(starts) else None
            if longer is not None and _PRIORITY.index(longer) < _PRIORITY.index(role):
                return longer
            return role
    return None


_PRIORITY = ("assoc", "held", "agent", "between", "target")


def _role_at(piece: str) -> str | None:
    return next((role for role in _PRIORITY if _CUE_AT[role].match(piece)), None)


def actor_roles(sentence: str, actors: Iterable[str], kind: str | None = None) -> Roles:
    """Who acted, who was acted upon and who helped, in one sentence naming ``actors``.

    ``kind`` is the incident type: in an arrest, a convoy or an exercise
    (``ONE_SIDED``) nobody is acted upon unless a cue says so.

    Example
    -------
    >>> actor_roles("The SDF, with the support of the International Coalition, arrested 5 ISIS members.",
    ...             ["SDF", "International Coalition", "ISIS"])
    Roles(actor1='SDF', actor2='ISIS', assoc_actors=('International Coalition',))
    """
    actors = list(dict.fromkeys(actors))
    if not actors:
        return Roles()
    found = sorted((pos, a) for a in actors if (pos := _first_mention(sentence, a)) is not None)
    seen = {a for _, a in found}
    unseen = [a for a in actors if a not in seen]
    event = EVENT_WORDS.search(sentence)
    event_at = event.start() if event else len(sentence)
    cues = {a: _cue(sentence[:pos]) for pos, a in found}
    passive = {a for pos, a in found if cues[a] is None and PASSIVE_AFTER.match(sentence[pos:])}
    acted, acted_upon, helped = [], [], []
    for pos, actor in found:
        role = cues[actor]
        if role == "assoc":
            helped.append(actor)
        elif role in ("agent", "between"):
            acted.append(actor)
        elif role in ("target", "held") or actor in passive:
            acted_upon.append(actor)
        elif pos < event_at or kind in ONE_SIDED:
            acted.append(actor)
        else:
            acted_upon.append(actor)
    if any(role == "agent" for role in cues.values()):  # "X was struck by Y": Y acted, X was its target
        agents = [a for a in acted if cues[a] in ("agent", "between")]
        acted_upon = [a for a in acted + acted_upon if a not in agents]
        acted = agents
    acted += [a for a in unseen if a not in _NEVER_ACTOR1]
    acted_upon += [a for a in unseen if a in _NEVER_ACTOR1]
    for actor in [a for a in acted if a in _NEVER_ACTOR1]:  # civilians are acted upon
        acted.remove(actor)
        acted_upon.insert(0, actor)
    if kind in NO_TARGET:
        acted, acted_upon = acted + acted_upon, []
    if not acted and helped:
        acted.append(helped.pop(0))
    actor1 = acted[0] if acted else None
    if acted_upon:
        actor2 = acted_upon[0]
    else:
        actor2 = acted[1] if len(acted) > 1 and kind not in ONE_SIDED else None
    assoc = tuple(a for a in helped + acted + acted_upon if a not in (actor1, actor2))
    return Roles(actor1, actor2, tuple(dict.fromkeys(assoc)))


def with_roles(incidents: Iterable[Incident]) -> list[Incident]:
    """Incidents with ``actor1``, ``actor2`` and ``assoc_actors`` read from their evidence sentence."""
    out = []
    for inc in incidents:
        if inc.actor1 or inc.actor2 or not inc.actors:
            out.append(inc)
            continue
        roles = actor_roles(inc.evidence, inc.actors, inc.type)
        out.append(replace(inc, actor1=roles.actor1, actor2=roles.actor2, assoc_actors=roles.assoc_actors))
    return out
