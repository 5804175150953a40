"""Incident extraction on short reports written for these tests (the hard cases of the issue)."""

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from geoincidents.documents import document_from_text
from geoincidents.errors import DocumentError
from geoincidents.incidents import TYPES
from geoincidents.extract import counts_in, dates_in, incidents_from_document, reference_date


def incidents(text, published="2021-07-12"):
    return incidents_from_document(document_from_text(text, id="t.txt", published=published))


def one(text, **kw):
    found = incidents(text, **kw)
    assert len(found) == 1, [(i.type, i.place_mention, i.evidence) for i in found]
    return found[0]


def test_a_strike_with_place_date_and_toll():
    i = one("Warplanes struck the town of Hajin on Saturday, killing three civilians, according to SOHR.")
    assert (i.type, i.place, i.fatalities, i.date, i.time_precision) == ("air_strike", "Hajin", 3, "2021-07-10", 1)
    assert i.source == "SOHR" and i.geo_precision == 1
    assert i.evidence.startswith("Warplanes struck")
    assert i.properties()["acled_sub_event_type"] == "Air/drone strike"


def test_evidence_is_the_sentence_and_its_span():
    text = "Nothing happened in March.\nArtillery shelled Hajin yesterday. Markets were open."
    i = one(text)
    assert i.evidence == "Artillery shelled Hajin yesterday."
    assert text[i.char_start:i.char_end] == i.evidence
    assert i.type == "shelling" and i.date == "2021-07-11"


def test_a_dead_mans_home_village_is_no_incident_place():
    found = incidents("A drone strike hit a car near Hajin on Monday, killing two men. "
                      "One of the dead hails from the village of Hawaij Dhiban.")
    assert [i.place for i in found] == ["Hajin"]
    assert all("Hawaij Dhiban" not in (i.places or ()) for i in found)


def test_a_report_called_untrue_is_denied():
    i = one("Reports that a Coalition convoy carried prisoners to the al-Tanf base were completely untrue, sources said.")
    assert i.status == "denied" and i.type == "convoy"


def test_an_aggregate_toll_is_not_an_incident():
    assert incidents("The death toll of two months of clashes in Deir ez-Zor and Homs rose to 924, the Observatory said.") == []


def test_a_pasted_twice_sentence_is_one_incident():
    text = "Clashes broke out in al-Mayadin on Tuesday between ISIS and regime forces.\n" * 2
    assert len(incidents(text)) == 1


def test_counts_in_words_at_least_and_parts():
    assert counts_in("the Coalition killed three ISIS members") == {"fatalities": 3}
    assert counts_in("at least 14 people, including 5 children, were killed") == {"fatalities": 14}
    assert counts_in("6 fighters were killed and at least 4 soldiers were also killed") == {"fatalities": 10}
    assert counts_in("the arrest of 52 people in several villages") == {"arrested": 52}
    assert counts_in("240 trucks and vehicles entered in seven batches") == {"vehicles": 240}
    assert counts_in("two missile shells landed without casualties") == {"fatalities": 0, "injured": 0}
    assert counts_in("there was no information about casualties") == {}


@pytest.mark.parametrize("phrase, expected, precision", [
    ("late on Saturday night", "2021-07-10", 1),
    ("yesterday", "2021-07-11", 1),
    ("on January 15", "2021-01-15", 1),
    ("on March 21, 2019", "2019-03-21", 1),
    ("the 21st of May 2016", "2016-05-21", 1),
    ("last month", "2021-06-15", 3),
    ("over the past week", "2021-07-09", 2),
])
def test_dates_resolve_against_the_publication_date(phrase, expected, precision):
    (_, when), = dates_in(f"It happened {phrase}.", date(2021, 7, 12))
    assert (when.date.isoformat(), when.precision) == (expected, precision)


def test_a_historical_incident_keeps_its_own_date():
    i = one("SOHR recalled that jets bombed al-Baghouz camp on March 21, 2019, killing 200 people.")
    assert i.date == "2019-03-21" and i.fatalities == 200


def test_reference_date_from_the_text_when_none_is_given():
    assert reference_date("January 2021… another month passes. On January 15 drills took place.") == date(2021, 1, 31)


def test_relative_places_get_a_point_and_a_radius():
    i = one("Explosions shook the outskirts of al-Bukamal on Monday after a drone strike.")
    assert i.place == "Albu Kamal" and i.geo_precision == 2 and i.uncertainty_km > 4


def test_a_place_the_gazetteer_lacks_takes_its_container():
    i = one("Gunmen attacked a checkpoint in the village of Zarzour Kabir in the eastern countryside of Deir ez-Zor on Sunday.")
    # the village is named by its words alone; its point and province are the container's
    assert i.place_mention == "Zarzour Kabir" and i.place is None and i.admin1 == "Deir ez-Zor" and i.geo_precision == 2
    assert i.lon > 40.14  # moved east of the city


def test_an_unplaceable_incident_is_kept_with_a_null_point():
    i = one("Gunmen attacked a checkpoint in the village of Zarzour Kabir, killing two guards.")
    assert i.place_mention == "Zarzour Kabir" and not i.placed and i.fatalities == 2
    assert i.to_feature()["geometry"] is None


def test_convoy_origin_destinations_and_vehicles():
    i = one("A convoy of 40 trucks entered from the Semalka crossing on Monday and headed to the Coalition bases "
            "in Tell Beydar and al-Omar oil field.")
    assert i.type == "convoy" and i.vehicles == 40
    assert "Semalka" in i.origin and i.origin_point is not None
    assert i.destinations[:1] == ("Tell Beydar",) and len(i.destination_points) == 2


def test_ordinary_sentences_give_nothing():
    assert incidents("The Coalition met SDF leaders in Deir ez-Zor to discuss services on Tuesday.") == []


def test_incident_ids_are_stable():
    text = "Shelling hit Hajin on Monday."
    assert incidents(text)[0].id == incidents(text)[0].id


# Reports in other outlets' styles (written for these tests).

def test_a_wire_dateline_is_not_an_incident_place():
    i = one("QAMISHLI, Syria (Reuters) - A Turkish drone struck a car in Qamishli on Monday, killing two members of the Asayish.")
    assert (i.type, i.place_mention, i.fatalities, i.date) == ("drone_strike", "Qamishli", 2, "2021-07-12")
    assert "Turkish forces" in i.actors


def test_a_name_that_goes_on_is_not_its_first_word():
    i = one("A child was killed and three others wounded when a drone attacked the village of Tal Jihan.")
    assert i.place_mention == "Tal Jihan" and (i.fatalities, i.injured) == (1, 3)


def test_a_killing_by_gunmen_is_an_attack_near_a_town():
    i = one("ISIS cells killed a shepherd in the desert near al-Sukhnah and kidnapped his son.")
    assert i.type == "attack" and i.fatalities == 1 and i.geo_precision == 2


def test_the_desert_of_a_town_is_the_place_not_a_locator():
    i = one("Russian warplanes carried out 20 airstrikes on ISIS positions in the Badia of al-Mayadin.")
    assert i.type == "air_strike" and i.place_mention == "al-Mayadin" and i.geo_precision == 2


def test_rockets_fired_explain_an_explosion():
    i = one("Two explosions rocked the Conoco gas field on Saturday, after rockets were fired from areas west of the Euphrates.")
    assert i.type == "shelling" and i.place_id == "gi:conoco-gas-field"


def test_the_byline_date_is_not_the_event_date():
    i = one("HASAKAH, Syria, Jul 12 (Reuters) - Gunmen shot dead a local official in Tal Tamr on Saturday.")
    assert i.date == "2021-07-10" and i.place == "Tall Tamr" and i.fatalities == 1


def test_a_convoy_retold_is_one_convoy():
    found = incidents("US forces brought a convoy of 30 trucks to the Tell Beydar base on Sunday.\n\n"
                      "The convoy entered from Iraq through the Semalka crossing in the morning.")
    assert [i.type for i in found] == ["convoy"] and found[0].vehicles == 30


def test_a_toll_with_no_place_takes_the_place_of_the_sentence_before():
    found = incidents("Fighters tried to storm the village of Hatla on Friday. Clashes lasted an hour, and two attackers were killed.")
    assert [(i.place_mention, i.fatalities) for i in found] == [("Hatla", 2)]
    assert found[0].type in ("attack", "armed_clash")


def test_where_fire_came_from_and_where_people_fled_are_not_incident_places():
    found = incidents("Rockets launched from the direction of al-Mayadin hit the Conoco gas field on Monday, "
                      "and families fled to al-Hol camp.")
    assert [i.place_id for i in found] == ["gi:conoco-gas-field"]


def test_an_apostrophe_inside_a_name():
    i = one("Clashes broke out in al-Sha'fah on Monday.")
    assert i.place == "Al-Sha'fah" or i.place_id.startswith("gi:al-sha")


# Any text, however garbled, gives incidents or nothing: never an exception.
_PIECES = ("the", "of", "in", "near", "killed", "three", "at least", "including", "children", "airstrike", "drone",
           "struck", "shelling", "clashes", "arrested", "convoy", "trucks", "Deir ez-Zor", "al-Bukamal", "Hajin",
           "Koniko", "“T2”", "Tuesday", "yesterday", "March 21, 2019", "province", "countryside of", "northeast of",
           "65 km from", "(", ")", ",", ".", ";", "—", "SDF", "ISIS", "reports were untrue", "rose to", "fled to",
           "from the direction of", "village of", "Tal Jihan", "al-Sha'fa", "\n\n", "QAMISHLI, Syria (Reuters) -",
           "دير الزور", "<script>", "&amp;", "0", "999999")


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60))
@settings(max_examples=60, deadline=None)
def test_extraction_never_fails_on_garbled_text(pieces):
    text = " ".join(pieces)
    try:
        found = incidents(text)
    except DocumentError:
        return  # nothing left to read: a clear error, which the CLI prints as one line
    for i in found:
        assert i.type in TYPES and i.evidence
        assert i.char_start <= i.char_end
