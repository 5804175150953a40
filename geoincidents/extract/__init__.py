"""Incidents from reports: what happened, where, when, to whom, and who says so.

The extractor reads a cleaned ``Document`` in steps, one module each:

1. ``sentences``: sentences, and clauses where a report strings several
   events together (", where", ", and", ";").
2. ``mentions``: every gazetteer name in the text (``Gazetteer.spot``) and the
   capitalised names the gazetteer lacks but the grammar marks as places
   ("the village of X", "X and Y districts"); each gets a *role* from the
   words around it: a place of the event, a container ("X province",
   "the countryside of X"), a distance reference ("65 km from X"), or no
   place of the event at all (a dead man's home village, "displaced from X",
   an organisation like "the Deir ez-Zor military council", a dateline).
3. ``triggers``: a clause with an event word (airstrike, shelling, clashes,
   arrest, convoy...) starts an incident of that type.
4. ``counts``, ``dates``, ``actors`` (and sources), ``modality``: counts
   (digits, number words, "at least"; "including N children" is a part,
   not more), dates (absolute or relative to the publication date), actors,
   source, denial ("reports ... were untrue"), and clauses that are not
   incidents: aggregate tolls ("rose to 924"), habits ("periodically"),
   the future, the background.
5. ``drafts``: incidents being assembled from clauses; a clause without an
   event word may add counts to the incident before it.
6. ``merging``: one incident once: an explosion and the air strike that
   explains it at the same place merge; a restated event merges; an event
   with no place takes the place of the next sentence that names one.
7. ``assemble``: each draft placed, dated and counted as an ``Incident``.

The vocabularies are data (``vocabulary/*.json``), each entry with examples
and counter-examples that ``tests/test_vocabulary.py`` runs. Everything is
regular expressions over a few hundred words of vocabulary, so a 5 KB report
takes a few milliseconds on one core.
"""

from .actors import ACTORS, SOURCES, actors_in, source_in  # noqa: F401 (the public API)
from .assemble import incidents_from_document
# the batch runner (skipping bad documents, worker processes) is the one entry point; kept importable from here
from ..batch import Summary, extract_incidents, iter_incidents  # noqa: E402
from .counts import COUNT_PATTERNS, counts_in, number_value  # noqa: F401 (the public API)
from .dates import DATE_PATTERNS, When, dates_in, reference_date  # noqa: F401 (the public API)
from .mentions import Mention, place_mentions  # noqa: F401 (the public API)
from .sentences import clause_spans, heading_spans, sentence_spans, title_lines_end  # noqa: F401 (the public API)
from .triggers import TRIGGERS  # noqa: F401 (the public API)

__all__ = ["incidents_from_document", "extract_incidents", "iter_incidents", "Summary"]
