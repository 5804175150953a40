"""Incidents from documents, texts or paths: the public entry points."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterator

from ..gazetteer import Gazetteer
from ..incidents import Incident
from .assemble import incidents_from_document

__all__ = ["Summary", "iter_incidents", "extract_incidents"]


@dataclass
class Summary:
    """What an extraction run did: for the one-line report on stderr."""

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

    def line(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.by_type.items(), key=lambda kv: -kv[1]))
        text = f"{self.documents} documents, {self.incidents} incidents" + (f" ({kinds})" if kinds else "")
        text += f", {self.unplaced} unplaced"
        if self.skipped:
            text += f", {len(self.skipped)} inputs skipped"
        return text


def _as_documents(inputs, published) -> Iterator:
    from ..documents import Document, document_from_text, read_documents

    if isinstance(inputs, (str, Document)):
        inputs = [inputs]
    for n, item in enumerate(inputs):
        if isinstance(item, Document):
            yield item if published is None else replace(item, published=_as_date(published))
        elif isinstance(item, str) and ("\n" in item or len(item) > 260 or not _looks_like_path(item)):
            yield document_from_text(item, id=f"text-{n + 1}", published=published)
        else:
            yield from read_documents([item], published=published)


def _looks_like_path(value: str) -> bool:
    from pathlib import Path

    return value == "-" or Path(value).exists()


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def iter_incidents(inputs, published=None, gazetteer: Gazetteer | None = None, summary: Summary | None = None) -> Iterator[Incident]:
    """Incidents from documents, texts or paths, as they are found (streams)."""
    gaz = gazetteer or Gazetteer.default()
    for doc in _as_documents(inputs, published):
        found = incidents_from_document(doc, gaz)
        if summary is not None:
            summary.add(found)
        yield from found


def extract_incidents(inputs, published=None, gazetteer: Gazetteer | None = None):
    """Incidents from reports as a GeoDataFrame (EPSG:4326), one row an incident.

    ``inputs``: report texts, ``Document``s or file paths (.txt, .md, .html,
    .jsonl, .csv), or one of them. ``published`` (date or "YYYY-MM-DD") is the
    date relative dates ("yesterday", "Tuesday") resolve against.

    Example
    -------
    >>> gdf = extract_incidents(["Shelling hit Hajin yesterday, killing two people."], published="2021-01-31")
    >>> gdf[["type", "place", "fatalities", "date"]].values.tolist()
    [['shelling', 'Hajin', 2, '2021-01-30']]
    """
    from ..export import incidents_to_geodataframe

    return incidents_to_geodataframe(list(iter_incidents(inputs, published, gazetteer)))
