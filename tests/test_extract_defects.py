"""Defects of issue 9 that are the extractor's (D11, D12, D18), each pinned by a test that failed before its fix."""

from __future__ import annotations

import pytest

from geoincidents.documents import document_from_text
from geoincidents.extract import incidents_from_document


def incidents(text, published="2021-07-14"):
    return incidents_from_document(document_from_text(text, id="t.txt", published=published))


@pytest.mark.parametrize("marker", [" [1]", " (1)", "[12]", " [3] [4]", "¹"])
def test_d12_a_trailing_footnote_marker_keeps_the_incident(marker):
    found = incidents(f"Warplanes struck Hajin on Monday, killing 3 people.{marker}\n")
    assert [(i.type, i.place, i.fatalities) for i in found] == [("air_strike", "Hajin", 3)]


def test_d12_a_heading_with_a_number_stays_a_heading():
    found = incidents("Strikes on Hajin (2)\n\nWarplanes struck Hajin on Monday, killing 3 people.\n")
    assert len(found) == 1 and found[0].evidence.startswith("Warplanes")
