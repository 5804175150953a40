"""General mechanisms behind the misses on real reports (issue 7, part 2), each on a fixture written for it."""

from __future__ import annotations

from geoincidents.documents import document_from_text
from geoincidents.extract import incidents_from_document


def incidents(text, published="2021-07-14"):
    return incidents_from_document(document_from_text(text, id="t.txt", published=published))


def _named(found):
    return {n for i in found for n in (i.place, i.place_mention, *i.places) if n}


def test_a_capitals_dateline_is_never_the_event_place():
    for line in ("ERBIL/HASAKAH — Shelling hit the village of Hajin on Friday, killing two.",
                 "DAMASCUS: Warplanes struck an oil field near the town of Qahtaniyah on Saturday night."):
        found = incidents(line)
        assert found, line
        assert not {"Erbil", "ERBIL", "Damascus", "DAMASCUS"} & _named(found), [(i.place, i.places) for i in found]
