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


def _calls(text: str) -> int:
    """Python function calls (generator steps included) that extracting ``text`` takes: a measure of work
    that, unlike time, does not depend on the machine."""
    import sys

    count = 0

    def profile(frame, event, arg):
        nonlocal count
        count += event == "call"

    doc = document_from_text(text, id="p.txt")
    sys.setprofile(profile)
    try:
        incidents_from_document(doc)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("sentence", [
    "Warplanes struck Hajin on Monday, killing 3 people. ({n})",
    "Gunmen attacked a checkpoint in Hajin on Monday, and two were hurt in the Ghuwayran district on March {d}. ({n})",
])
def test_d11_work_grows_linearly_with_the_sentences_of_one_paragraph(sentence):
    def paragraph(count):
        return " ".join(sentence.format(n=n, d=1 + n % 28) for n in range(count))

    small, large = _calls(paragraph(300)), _calls(paragraph(1200))
    assert large < 5 * small, f"4x the sentences took {large / small:.1f}x the calls: a step is not linear"


def test_d11_headings_are_found_by_position_not_by_a_scan():
    text = "\n".join(f"Note {n}" for n in range(3000)) + "\nWarplanes struck Hajin on Monday, killing 3 people.\n"
    small = _calls("\n".join(f"Note {n}" for n in range(750)) + "\nWarplanes struck Hajin on Monday, killing 3 people.\n")
    assert _calls(text) < 5 * small


def _km(i, lat, lon):
    from geoincidents.gazetteer import haversine_km

    return haversine_km(i.lat, i.lon, lat, lon)


DEIR_EZ_ZOR = (35.33588, 40.14084)


@pytest.mark.parametrize("text", [
    "Gunmen killed two men in the village of Ḥuwayjat Ṣakr al-Qāṣim on Monday. The SDF later sent patrols across Deir ez-Zor province.",
    "Fighting went on in Deir ez-Zor all week. A drone struck a car near قرية_الجديدة on Monday, killing two.",
])
def test_d18_an_unknown_village_does_not_land_on_a_namesake_far_from_the_report(text):
    found = [i for i in incidents(text) if i.type in ("attack", "drone_strike")]
    assert found, "the incident itself must stay"
    for i in found:
        assert i.geo_precision is None or i.geo_precision >= 2, (i.place, i.geo_precision)
        assert i.lat is None or _km(i, *DEIR_EZ_ZOR) < 100, (i.place, i.lat, i.lon)


def test_d18_a_far_place_named_by_its_own_name_stays_put():
    found = incidents("Missiles hit the T4 airbase in the Homs desert on Sunday. On Thursday, aircraft struck a militia post near Albu Kamal.")
    far = [i for i in found if i.place_mention == "Albu Kamal"]
    assert far and far[0].place == "Albu Kamal" and _km(far[0], 34.45226, 40.91854) < 15
