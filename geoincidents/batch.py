"""Incidents from many documents: the batch behind ``extract`` and ``extract_incidents``.

Analysts feed a scraper's dump, a folder of mixed pages or a nightly feed, so
a batch must never die on one bad document: each one is skipped, named and
counted (or, with ``strict``, fails the run). Reading stays in this process
and streams (a corpus file is split record by record); cleaning and
extraction, the costly part, run in worker processes when ``jobs > 1``, each
with the gazetteer loaded once, and incidents come back in input order.
"""

from __future__ import annotations

import os
import pickle
import warnings
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Callable, Iterable, Iterator

from .documents import REPORT_SUFFIXES, Document, Source, document_from_source, document_sources, document_from_text
from .errors import DocumentError, GazetteerError, GeoIncidentsError
from .incidents import Incident

__all__ = ["Summary", "iter_incidents", "extract_incidents", "default_jobs"]

#: Documents a worker takes at a time: few enough to balance the load, enough to hide the hand-over.
CHUNK = 8
#: A string longer than this (or with a newline) is report text, never a path.
_PATH_MAX_CHARS = 260
_PATH_SUFFIXES = tuple(REPORT_SUFFIXES) + (".ndjson", ".tsv", ".xhtml", ".markdown", ".geojson", ".json")


@dataclass
class Summary:
    """What a batch did, for the one-line report on stderr."""

    documents: int = 0
    incidents: int = 0
    unplaced: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def add(self, incidents: list[Incident]) -> None:
        self.documents += 1
        for i in incidents:
            self.incidents += 1
            self.unplaced += not i.placed
            self.by_type[i.type] = self.by_type.get(i.type, 0) + 1

    def skip(self, message: str) -> None:
        self.skipped.append(message)

    def line(self) -> str:
        """``40 documents, 2 skipped, 55 incidents (air_strike 20, ...), 3 unplaced``."""
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.by_type.items(), key=lambda kv: -kv[1]))
        text = f"{self.documents} documents"
        if self.skipped:
            text += f", {len(self.skipped)} skipped"
        text += f", {self.incidents} incidents" + (f" ({kinds})" if kinds else "")
        return text + f", {self.unplaced} unplaced"


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def iter_incidents(
    inputs,
    published: date | str | None = None,
    gazetteer=None,
    summary: Summary | None = None,
    *,
    jobs: int = 1,
    strict: bool = False,
    on_skip: Callable[[str], None] | None = None,
    max_bytes: int = 20_000_000,
) -> Iterator[Incident]:
    """Incidents from report texts, paths or Documents, in input order, as they are found.

    Parameters
    ----------
    inputs : str, path-like, Document or an iterable of them
        A string with a newline or longer than 260 characters is report text;
        a shorter one is a path when it exists or looks like one (a report
        suffix, or a slash and no space), so a mistyped path raises instead
        of being read as a report.
    published : date or str, optional
        ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``) that relative dates resolve against.
    gazetteer : Gazetteer, str or path-like, optional
        The gazetteer or its file (default: the shipped one).  Worker
        processes open a path themselves; a Gazetteer object is sent to them once.
    summary : Summary, optional
        Filled in as documents are done (and skipped).
    jobs : int
        Worker processes; 1 runs everything here.
    strict : bool
        Raise ``DocumentError`` on the first bad document instead of skipping it.
    on_skip : callable, optional
        Called with the message of each skipped document (default: a warning
        unless a ``summary`` collects them).

    Example
    -------
    >>> [i.type for i in iter_incidents(["Shelling hit Hajin on Monday."], published="2021-07-14")]
    ['shelling']
    """
    from .gazetteer import Gazetteer

    skip = _skipper(summary, strict, on_skip)
    items = _work_items(inputs, published, max_bytes, skip)
    if jobs <= 1:
        gaz = gazetteer if isinstance(gazetteer, Gazetteer) else Gazetteer.open(gazetteer)
        results = (_extract_one(item, published, max_bytes, gaz) for item in items)
    else:
        results = _parallel_results(items, jobs, _gazetteer_spec(gazetteer), published, max_bytes)
    try:
        for kind, value in results:
            if kind == "skip":
                skip(value)
                continue
            if summary is not None:
                summary.add(value)
            yield from value
    finally:
        results.close()  # stops the worker processes now, not when the generator is collected


def extract_incidents(inputs, published=None, gazetteer=None, *, jobs: int = 1, strict: bool = False):
    """Incidents from reports as a GeoDataFrame (EPSG:4326), one row an incident.

    ``inputs``: report texts, ``Document``s or file paths (str or
    ``pathlib.Path``: .txt, .md, .html, .jsonl, .csv), or one of them.
    ``published`` (date or "YYYY-MM-DD") is the date relative dates
    ("yesterday", "Tuesday") resolve against. A bad document is skipped with
    a warning (``strict=True`` raises instead); ``jobs`` worker processes
    share the work.

    Example
    -------
    >>> gdf = extract_incidents(["Shelling hit Hajin yesterday, killing two people."], published="2021-01-31")
    >>> gdf[["type", "place", "fatalities"]].values.tolist(), str(gdf["date"][0].date())
    ([['shelling', 'Hajin', 2]], '2021-01-30')
    """
    from .export import incidents_to_geodataframe

    return incidents_to_geodataframe(list(iter_incidents(inputs, published, gazetteer, jobs=jobs, strict=strict)))


# ---------------------------------------------------------------------------
# Inputs


def _skipper(summary: Summary | None, strict: bool, on_skip) -> Callable[[str], None]:
    def skip(message: str) -> None:
        if strict:
            raise DocumentError(message)
        if summary is not None:
            summary.skip(message)
        if on_skip is not None:
            on_skip(message)
        elif summary is None:
            warnings.warn(f"{message}; skipped", stacklevel=4)

    return skip


def _work_items(inputs, published, max_bytes: int, skip) -> Iterator[Document | Source]:
    """Documents (texts, given Documents) and Sources (paths, corpus records) in input order."""
    if isinstance(inputs, (str, bytes, os.PathLike, Document)):
        inputs = [inputs]
    for n, item in enumerate(inputs):
        if isinstance(item, Document):
            yield item if published is None else _redated(item, published)
        elif isinstance(item, Source):
            yield item
        elif isinstance(item, (os.PathLike, bytes)):
            yield from document_sources([item], max_bytes, skip)
        elif isinstance(item, str):
            if _is_text(item):
                try:
                    yield document_from_text(item, id=f"text-{n + 1}", published=published)
                except DocumentError as error:
                    skip(str(error))
            else:
                yield from document_sources([item], max_bytes, skip)
        else:
            raise TypeError(f"expected report texts, paths or Documents, instead got: {type(item).__name__}")


def _redated(doc: Document, published) -> Document:
    from .documents import _published_argument

    day, precision = _published_argument(published)
    return replace(doc, published=day, published_precision=precision)


def _is_text(value: str) -> bool:
    """Report text rather than a path: multi-line, long, or nothing like a path."""
    if value == "-":
        return False
    if "\n" in value or len(value) > _PATH_MAX_CHARS:
        return True
    if os.path.lexists(value):  # os.path never raises here (a name too long for the OS is just absent)
        return False
    if value.lower().endswith(_PATH_SUFFIXES):
        return False
    return not (("/" in value or os.sep in value) and not any(c.isspace() for c in value))


# ---------------------------------------------------------------------------
# Work, here or in worker processes


def _extract_one(item: Document | Source, published, max_bytes: int, gaz) -> tuple[str, Any]:
    """("ok", incidents) or ("skip", message) for one document."""
    from .extract import incidents_from_document

    try:
        doc = item if isinstance(item, Document) else document_from_source(item, published, max_bytes)
    except DocumentError as error:
        return "skip", str(error)
    try:
        found = incidents_from_document(doc, gaz)
    except GazetteerError:
        raise  # the gazetteer, not the document: every other document would fail the same way
    except (RecursionError, MemoryError, ValueError, IndexError, KeyError, TypeError) as error:
        # One pathological document must not end a run of thousands; it is named, and --strict fails on it.
        return "skip", f"{doc.path or doc.id}: extraction failed ({type(error).__name__}: {error}); please report this document"
    return "ok", _dated_by_publication(found, doc)


def _dated_by_publication(incidents: list[Incident], doc: Document) -> list[Incident]:
    """Dates worked out from a month- or year-only publication date are only that precise."""
    precision = doc.published_precision or 1
    if precision <= 1:
        return incidents
    from .extract import dates_in

    def relative(text: str | None) -> bool:
        return text is None or not any(when.date for _, when in dates_in(text, None))

    return [
        replace(i, time_precision=max(i.time_precision or 1, precision)) if i.date and relative(i.date_text) else i
        for i in incidents
    ]


def _gazetteer_spec(gazetteer):
    """What a worker needs to open the gazetteer: None (shipped), a path, or the pickled object."""
    if gazetteer is None or isinstance(gazetteer, (str, os.PathLike)):
        if gazetteer is not None:
            from .gazetteer import Gazetteer

            Gazetteer.open(gazetteer)  # a bad path fails here, once, with its own message
        return ("path", None if gazetteer is None else os.fspath(gazetteer))
    if getattr(gazetteer, "fallback", None) is not None:
        raise GeoIncidentsError("the online geocoder keeps one request a second in one process; use jobs=1 with it")
    try:
        return ("pickle", pickle.dumps(gazetteer))
    except Exception as error:  # noqa: BLE001 - any reason it cannot travel
        raise GeoIncidentsError(f"this gazetteer cannot be sent to worker processes ({error}); pass its file path, or jobs=1") from None


_WORKER: dict[str, Any] = {}


def _init_worker(spec) -> None:
    """Load the gazetteer once per worker process."""
    from .gazetteer import Gazetteer

    kind, value = spec
    _WORKER["gazetteer"] = pickle.loads(value) if kind == "pickle" else Gazetteer.open(value)


def _extract_chunk(items: list, published, max_bytes: int) -> list[tuple[str, Any]]:
    gaz = _WORKER["gazetteer"]
    return [_extract_one(item, published, max_bytes, gaz) for item in items]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel_results(items: Iterator, jobs: int, spec, published, max_bytes: int) -> Iterator[tuple[str, Any]]:
    """Results in input order, with at most a few chunks per worker in flight (bounded memory)."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(spec,))
    pending: deque = deque()
    try:
        for chunk in _chunks(items, CHUNK):
            pending.append(pool.submit(_extract_chunk, chunk, published, max_bytes))
            while len(pending) >= 3 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
