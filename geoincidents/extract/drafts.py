"""From clauses to drafts: an incident being assembled from one or more
clauses of a sentence, with its places, counts, date, actors and source;
a clause without an event word may add to the one before, and an event
with no place waits for the next sentence that names one."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date

from ..casefold import fold_text as _fold
from ..locate import Relation
from .actors import actors_in, source_in
from .counts import _COUNT_CUES_FOLDED, _ZERO_CASUALTIES_FOLDED, _counts_in
from .dates import When, dates_in, recalled
from .mentions import _WIRE_DATELINE, Mention, cached_property, names_its_province
from .modality import cause_starts as _cause_starts, _DENIAL_FOLDED, _CIVILIANS_FOLDED, _NOT_AN_INCIDENT_FOLDED, _SPECULATIVE_FOLDED
from .sentences import clause_spans, heading_spans, sentence_spans
from .triggers import _TRIGGER_CUE_FOLDED, clause_type as _clause_type, compatible as _compatible, merged_type as _merged_type

@dataclass
class _Draft:
    """An incident being assembled from one or more clauses."""

    type: str
    start: int
    end: int
    sentence: tuple[int, int]
    mentions: list[Mention]
    counts: dict[str, int]
    when: When | None
    actors: tuple[str, ...]
    source: str | None
    denied: bool
    speculative: bool
    civilians: bool
    origin: list[Mention] = field(default_factory=list)
    destinations: list[Mention] = field(default_factory=list)
    context: list[Mention] = field(default_factory=list)  # resolved places of the sentence, then the dateline
    fallback: Mention | None = None  # the report's main place: its province stands in at precision 3
    retold: bool = False  # merged from several sentences about one event

    @property
    def anchor(self) -> Mention | None:
        """The resolved place that locates the incident: its own, the nearest
        container, a place of the same sentence, or the report's main place."""
        for m in self.primary:
            if m.match is not None:
                return m
        candidates = self.containers or sorted(self.context, key=lambda m: m.level)
        return next((m for m in candidates if m.match is not None and m.match.kind != "country"), self.fallback)

    frozen: list[Mention] | None = None  # ``primary``, kept once the draft is complete (``freeze``)

    def freeze(self) -> None:
        """The draft is complete: its places no longer change, so ``primary`` is read once."""
        self.frozen = None
        self.frozen = self.primary

    @property
    def primary(self) -> list[Mention]:
        """The places the event happened at: not those that only say where another
        place is ("Sikka, on the outskirts of al-Bukamal"), nor much broader ones."""
        if self.frozen is not None:
            return self.frozen
        places = [m for m in self.mentions if m.role == "place" and not m.locates_another]
        if places and any(m.role == "road" for m in self.mentions) \
                and all(m.match is not None and names_its_province(m.match) for m in places):
            places = []  # "on the road between Ain Issa and Tel al-Samn in Raqqa": on the road, in the province
        if not places:
            # only the road named: the event is on it, near its first end ("on the Deir Ezzor-Palmyra road")
            places = [m for m in self.mentions if m.role == "road"][:1]
        if not places:
            # where the sides are positioned, when the text names no target: an exchange of fire between them
            places = [m for m in self.mentions if m.role == "position"]
            if not places:
                return []
        lowest = min(m.level for m in places)
        if self.retold:  # the same event told again, more precisely: the most specific telling wins
            return [min(reversed(places), key=lambda m: m.level)] if lowest < 4 else []
        return [m for m in places if m.level <= lowest + 1.5 and m.level < 4]

    @property
    def containers(self) -> list[Mention]:
        return sorted((m for m in self.mentions if m.role in ("place", "container", "reference", "road", "position") and m.match is not None),
                      key=lambda m: m.level)




def _title_place(mentions: list[Mention], title_end: int) -> Mention | None:
    """The town or site a report's headline names ("... cling on to Hajin"): where its unplaced events were,
    at least, before the province the body names most."""
    for m in mentions:
        if m.start >= title_end:
            return None
        if m.match is not None and m.role == "place" and m.match.kind not in ("country", "province", "region", "desert"):
            return replace(m, relation=Relation(area="countryside"), role="dateline")
    return None


def _main_place(mentions: list[Mention]) -> Mention | None:
    """The city or province a report names most: where its unplaced events were, at least."""
    counts: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.match is not None and m.match.kind in ("city", "province") and m.role in ("place", "container", "dateline"):
            counts.setdefault(m.match.id, []).append(m)
    if not counts:
        return None
    best = max(counts.values(), key=len)[0]
    return replace(best, relation=Relation(area="province"), role="dateline")


class _SentenceFacts:
    """Dates, source, actors and denial of one sentence, each read when first needed."""

    def __init__(self, sentence: str, ref: date | None, skip: int = 0, low: str | None = None):
        self.sentence, self.ref, self.skip = sentence, ref, skip
        self.low = _fold(sentence) if low is None else low

    @cached_property
    def when(self) -> list[tuple[int, When]]:
        """The sentence's dates, but not the one in a wire byline ("QAMISHLI, Aug 19 (Reuters) -")."""
        return [(pos, w) for pos, w in dates_in(self.sentence, self.ref, self.low) if pos >= self.skip]

    @cached_property
    def source(self) -> str | None:
        return source_in(self.sentence, self.low)

    @cached_property
    def actors(self) -> tuple[str, ...]:
        return actors_in(self.sentence)

    @cached_property
    def denied(self) -> bool:
        return bool(_DENIAL_FOLDED.search(self.low))


def _byline_end(text: str, start: int) -> int:
    """Length of a wire byline at the start of a sentence (0 if none)."""
    m = _WIRE_DATELINE.match(text, start)
    return m.end() - start if m else 0


# A date that dates the telling, not the event: "the command announced on Friday that ..."
_TOLD_ON = re.compile(r"\b(?:said|says|announced|reported|stated|told|added|confirmed|published|tweeted|declared|claimed)\s+(?:\w+\s+){0,2}$", re.I)


# ... or the date then its teller: "On Sunday, the commander called on ... after a strike on July 22"
_TELLER_AFTER = re.compile(r"[\s,]*(?:[\w.'’-]+\s+){0,5}?(?:said|says|called|announced|stated|told|added|confirmed|urged|demanded|"
                           r"warned|claimed|accused|denied|published|reported|tweeted|declared)\b", re.I)


def _event_date(clause: str, dates: list[tuple[int, When]]) -> When:
    """The clause's first date that does not date a statement about the event, a day the text spells out
    ("Monday, Jan. 11", "this week ... On Dec. 23") before one counted from the publication date; else its first
    date (a report told "on Sunday" is most often of that day or the day before)."""
    of_event = [w for pos, w in dates if not (_TOLD_ON.search(clause, max(0, pos - 30), pos) or
                                              len(dates) > 1 and w.text and _TELLER_AFTER.match(clause, pos + len(w.text)))]
    spelt = [w for w in of_event if not w.relative and w.precision == 1]
    if spelt:
        return spelt[0]
    return of_event[0] if of_event else replace(dates[0][1], told=True)


_STRIKES = ("drone_strike", "air_strike", "shelling")
# people killed at a place, told with no event word (folded text)
_KILLED_IN = re.compile(r"\b(?:were|was|been)\s+killed\s+(?:[\w'’-]+\s+){0,3}?(?:in|near|at)\s")
_ALSO = re.compile(r"\b(?:also|too|as\s+well)\b")  # on folded text: "... have also been targeted"
_SIMILAR = re.compile(r"\b(?:a|another)\s+similar\s+(?:attack|strike|raid)\b")  # "On Saturday, a similar attack ..."
# A place named before, told again by its kind alone: "in the town", "in the city centre", "in the area"
_THE_PLACE = re.compile(r"\b(?:in|near|at|on|around)\s+the\s+(?:town|city|village|area)\b(?!\s+of\b)", re.I)
# a place hit, told in the passive ("X and Y were also hit", "its headquarters had been struck"): on folded text
_HIT_PASSIVE = re.compile(r"\b(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:also\s+)?(?:hit|targeted|struck|bombed)\b"
                          r"|\b(?:were|was)\s+(?:hit|targeted|struck|bombed)\s+(?:as\s+well|too)\b")


def _hit_in_passive(low: str) -> bool:
    return ("hit" in low or "struck" in low or "targeted" in low or "bombed" in low) and _HIT_PASSIVE.search(low) is not None


def within_paragraphs(text: str, start: int, end: int, most: int = 2) -> bool:
    """Whether ``text[start:end]`` holds at most ``most`` paragraph breaks: stops at the one past it, so a long
    stretch costs no more than a short one."""
    at = start
    for _ in range(most + 1):
        at = text.find("\n\n", at, end)
        if at == -1:
            return True
        at += 2
    return False


def _recent_strike(text: str, drafts: list[_Draft], at: int) -> _Draft | None:
    """The last strike told before ``at``, if within two paragraph breaks of it."""
    for d in reversed(drafts[-6:]):
        if not within_paragraphs(text, d.end, at):
            return None
        if d.type in _STRIKES:
            return d
    return None


def _drafts(doc_text: str, ref: date | None, mentions: list[Mention], skip_until: int) -> list[_Draft]:
    drafts: list[_Draft] = []
    main_place = _title_place(mentions, skip_until) or _main_place(mentions)
    pending: _Draft | None = None  # an event with no place yet, waiting for the next sentence
    previous_places: list[Mention] = []  # the places of the sentence before, for a toll that names none
    headings = sorted(heading_spans(doc_text))  # lines, so disjoint: the one that may hold a sentence starts last before it
    heading_starts = [h0 for h0, _ in headings]
    starts = [m.start for m in mentions]  # in text order: the mentions of a span are a slice
    datelines = any(m.match is not None and m.role == "dateline" for m in mentions)
    recalled_end: int | None = None  # where the last clause that recalls a past event ends
    for s_start, s_end in sentence_spans(doc_text):
        h = bisect_right(heading_starts, s_start) - 1
        if s_end <= skip_until or h >= 0 and s_end <= headings[h][1]:
            continue
        sentence = doc_text[s_start:s_end]
        sentence_low = _fold(sentence)  # the case-insensitive patterns run on it case-sensitively (locate._folded)
        hit_after_strike = _hit_in_passive(sentence_low) and _recent_strike(doc_text, drafts, s_start) is not None
        if not (hit_after_strike or _TRIGGER_CUE_FOLDED.search(sentence_low)):
            pending = None if pending is None or not _COUNT_CUES_FOLDED["fatalities"].search(sentence_low) else pending
            in_sentence = mentions[bisect_left(starts, s_start):bisect_left(starts, s_end)]
            previous_places = [m for m in in_sentence if m.role == "place"]
            if drafts and not previous_places and "\n" not in doc_text[drafts[-1].end:s_start]:
                _counts_told_after(drafts[-1], sentence, sentence_low)  # "However, no casualties were reported."
            continue  # no event word at all: most sentences of a report
        facts = _SentenceFacts(sentence, ref, _byline_end(doc_text, s_start), sentence_low)
        in_sentence = mentions[bisect_left(starts, s_start):bisect_left(starts, s_end)]
        if datelines:
            context = [m for m in mentions if m.match is not None and (
                s_start <= m.start < s_end and m.role in ("place", "container", "reference") or m.role == "dateline")]
        else:
            context = [m for m in in_sentence if m.match is not None and m.role in ("place", "container", "reference")]
        first_new = len(drafts)
        last: _Draft | None = None
        for c_start, c_end in clause_spans(doc_text, s_start, s_end):
            whole = c_start == s_start and c_end == s_end  # the clause is the sentence: its facts are the clause's
            clause = doc_text[c_start:c_end]
            clause_low = _fold(clause)
            cause = _cause_starts(clause_low)
            clause_context = context
            if cause is not None:
                comma = clause_low.find(",", cause)
                if clause_low[:cause].strip(" \t\n\"“") == "" and comma != -1:
                    # "In response to the attack, X bombarded Y": the cause is fronted, the event follows its comma
                    c_start, clause, clause_low = c_start + comma + 1, clause[comma + 1:], clause_low[comma + 1:]
                elif cause == 0:
                    continue
                else:
                    # "X shelled Y in retaliation for an attack on Z": the event is before the cue, the rest its cause
                    c_end, clause, clause_low = c_start + cause, clause[:cause], clause_low[:cause]
                clause_context = [m for m in context if m.start < c_end or m.role == "dateline"]  # nor its places
            kind, _ = _clause_type(clause, clause_low)
            if kind is None and _hit_in_passive(clause_low) or kind == "attack" and (
                    _ALSO.search(clause_low) or _SIMILAR.search(clause_low)):
                # "... camps in X have also been targeted", "X and Y were also hit", "its headquarters in X had been
                # struck", "a similar attack": more of the strikes just told
                strike = _recent_strike(doc_text, drafts, c_start)
                kind = strike.type if strike is not None else kind
            if kind is None and last is None and not (drafts and _KILLED_IN.search(clause_low)):
                continue
            in_clause = mentions[bisect_left(starts, c_start):bisect_left(starts, c_end)]
            if kind is None and last is None:
                # "At least 27 people were killed this morning in Al-Shaafa": deaths at a place, in a report of
                # violence already told, with no word for how: an attack there (merged with the strike it retells)
                if not any(m.role == "place" and m.match is not None for m in in_clause):
                    continue
                kind = "attack"
            if any(p.search(clause_low) for p in _NOT_AN_INCIDENT_FOLDED):
                continue  # a toll, the future, a habit, the background
            counts = _counts_in(clause, clause_low)
            sentence_when = facts.when
            clause_dates = [(s_start + pos - c_start, w) for pos, w in sentence_when if c_start <= s_start + pos < c_end]
            when = _event_date(clause, clause_dates) if clause_dates else None
            if recalled(when, clause_low, ref) or (
                    when is None and recalled_end is not None and doc_text.find("\n", recalled_end, c_start) == -1
                    and not any(m.role == "place" for m in in_clause)):
                # a past event recalled, and what its paragraph tells on of it, clause after clause ("The Pentagon
                # said the strikes killed eight"): neither an incident nor a toll for the event before
                recalled_end = c_end
                continue
            recalled_end = None
            if kind is None:
                if last is not None and not any(m.role == "place" for m in in_clause):
                    _add_counts(last, counts)  # "and at least 4 members ... were also killed"
                    last.end = max(last.end, c_end)
                    last.when = last.when or when
                elif last is not None and not counts:
                    last.mentions += in_clause  # "..., and the SDF which are stationed in Muhaymida"
                    last.end = max(last.end, c_end)
                    if last.type == "convoy":
                        _convoy_roles(doc_text, last)
                continue
            draft = _Draft(
                type=kind, start=c_start, end=c_end, sentence=(s_start, s_end), mentions=in_clause,
                fallback=main_place, context=list(clause_context),
                counts=counts, when=when, actors=actors_in(clause) or (facts.actors if whole is False else ()),
                source=source_in(clause, clause_low) or (facts.source if whole is False else None), denied=facts.denied,
                speculative=bool(_SPECULATIVE_FOLDED.search(clause_low)), civilians=bool(_CIVILIANS_FOLDED.search(clause_low)),
            )
            if not draft.primary and last is not None and _compatible(last.type, kind):
                # the clause before, told on: "... the explosions were caused by ...", "in the attack 6 were killed"
                last.end = max(last.end, c_end)
                last.type = _merged_type(last.type, kind) if last.type == "explosion" else last.type
                _add_counts(last, counts)
                last.when = last.when or when
                continue
            prior = None if draft.primary else _told_before(doc_text, drafts, draft)
            if prior is not None:
                _absorb(prior, draft)  # "... the shelling went on until noon, and no casualties were reported"
                last = prior  # what the next clauses add is about it too
                continue
            if draft.type == "convoy":
                _convoy_roles(doc_text, draft)
            drafts.append(draft)
            last = draft
        # a sentence-level date applies to the sentence's incidents that have none
        new = drafts[first_new:]  # the drafts of this sentence: appended last, none removed yet
        for d in new:
            if d.when is None and facts.when:
                d.when = facts.when[0][1]
        # carry an unplaced event to the next sentence that places a compatible one
        if pending is not None and new:
            target = next((d for d in new if _compatible(pending.type, d.type) and d.primary), None)
            if target is not None and not (target.counts and pending.counts) and not (
                    target.when and pending.when and target.when.date and target.when.date != pending.when.date
                    and not (target.when.told or pending.when.told)):
                _absorb(target, pending)  # (not the clashes of Friday into the killing of Thursday)
                drafts.remove(pending)
            pending = None
        placeless = [d for d in new if not d.primary and not d.destinations]
        for d in placeless:
            if previous_places and (
                    _counted(d) and doc_text.find("\n", previous_places[-1].end, d.start) == -1
                    or _THE_PLACE.search(doc_text, d.start, d.end) and within_paragraphs(doc_text, previous_places[-1].end, d.start, 1)):
                # "... towards the village of Jahbal. Clashes lasted two hours, in which three were killed.";
                # "... hit Tal Abyad. On Nov. 2, another attack in the town killed 13"
                d.mentions = d.mentions + [m for m in previous_places if m not in d.mentions]
        placeless = [d for d in placeless if not d.primary]
        pending = placeless[-1] if placeless else None
        previous_places = [m for m in in_sentence if m.role == "place"]
    return drafts


_DEFINITE_EVENT = re.compile(r"\b(?:the|this|that|these|those)\s+(?:shelling|bombardment|bombing|attacks?|clashes|fighting|strikes?|"
                             r"airstrikes?|explosions?|blasts?|raids?|arrests?|operation|campaign|convoy)\b", re.I)


def _told_before(text: str, drafts: list[_Draft], draft: _Draft) -> _Draft | None:
    """The event a placeless clause speaks of again ("the shelling started at 8 am"), if told in the last paragraphs;
    a strike may be told again in other words when the clause adds its toll ("14 were killed in the shelling")."""
    if not _DEFINITE_EVENT.search(text, draft.start, draft.end):
        return None
    for prior in reversed(drafts):
        if not within_paragraphs(text, prior.end, draft.start):
            return None
        if (_compatible(prior.type, draft.type) or draft.counts and {prior.type, draft.type} <= _ONE_STRIKE) and prior.primary:
            return prior
    return None


# Words one strike is told with again: "airstrikes on the positions ... 14 were killed in the shelling"
_ONE_STRIKE = {"air_strike", "drone_strike", "shelling", "explosion", "attack"}


def _counts_told_after(draft: _Draft, sentence: str, low: str) -> None:
    """The sentence after an event, in its paragraph, naming no place and no event: the counts it gives
    that the event lacks are the event's ("However, no casualties were reported.")."""
    if not any(p.search(low) for p in _COUNT_CUES_FOLDED.values()) and not _ZERO_CASUALTIES_FOLDED.search(low):
        return
    for k, v in _counts_in(sentence, low).items():
        draft.counts.setdefault(k, v)


def _add_counts(draft: _Draft, counts: dict[str, int]) -> None:
    """Counts of a following clause are more of the same event: they add up."""
    for k, v in counts.items():
        draft.counts[k] = draft.counts.get(k, 0) + v


def _absorb(target: _Draft, other: _Draft) -> None:
    """Fold ``other`` (the same event, told elsewhere) into ``target``."""
    for k, v in other.counts.items():
        target.counts[k] = max(target.counts.get(k, v), v)
    target.when = target.when or other.when
    target.actors = tuple(dict.fromkeys(target.actors + other.actors))
    target.source = target.source or other.source
    target.type = target.type if target.type != "explosion" else other.type
    target.civilians = target.civilians or other.civilians
    target.start, target.end = min(target.start, other.start), max(target.end, other.end)


_ORIGIN_WORDS = re.compile(r"\b(?:from|via|through|out\s+of|leaving|left|departing|departed)\s+(?:the\s+)?(?:\w+\s+){0,2}?$", re.I)
_DEST_WORDS = re.compile(r"\b(?:to|towards?|into|reach\w*|arriv\w+\s+(?:at|in)|bases?\s+(?:in|at)|in)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,5}?$", re.I)


def _convoy_roles(text: str, draft: _Draft) -> None:
    """Split a convoy's places into where it came from and where it went."""
    draft.origin, draft.destinations = [], []
    for m in draft.mentions:
        if m.role not in ("place", "container") or m.match is not None and m.match.kind == "country":
            continue
        before = text[max(draft.start, m.start - 45):m.start]
        if _ORIGIN_WORDS.search(before):
            draft.origin.append(m)
        elif m.role == "place" and m.level < 4 and (m.relation.exact or _DEST_WORDS.search(before)):
            draft.destinations.append(m)  # "to the countryside of X" too: where it went, however broadly


def _counted(draft: _Draft) -> bool:
    return any(draft.counts.get(k) for k in ("fatalities", "injured", "arrested"))
