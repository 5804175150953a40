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


def test_words_that_are_not_places_do_not_become_places():
    text = ("Gunmen shot a trader dead in Hajin on Tuesday. Since then, gunmen have roamed the area. "
            "Six people died in Monday's ambush near Hajin, a relative told us via WhatsApp. "
            "The killing was claimed by a cell loyal to Abu Bakr al-Baghdadi.")
    named = _named(incidents(text))
    assert not {"Since", "Monday's", "WhatsApp", "al-Baghdadi", "Baghdad", "Sinah"} & named, named
    assert "Hajin" in named


def test_tolls_and_trends_are_not_incidents():
    for text in ("Since then, cells have carried out attacks near Hajin, killing 13 fighters.",
                 "Raids over the last six months led to 119 arrests in Hasakah province.",
                 "The town of Hajin has seen dozens of attacks on checkpoints.",
                 "Assassinations in Hajin have been a regular occurrence."):
        assert incidents(text) == [], text


def test_a_town_in_a_country_is_placed_at_the_town():
    i = [i for i in incidents("A drone hit a car on the outskirts of Hasaka in northeast Syria on Saturday, killing one.")]
    assert i and i[0].place != "Syria" and i[0].lat > 36.0 and i[0].lon > 40.0, [(x.place, x.lat, x.lon) for x in i]


def test_count_frames_of_real_reporting():
    from geoincidents.extract import counts_in

    assert counts_in("a farmer lost four of his relatives when a shell hit the house") == {"fatalities": 4}
    assert counts_in("the strike left seven local and foreign guards dead") == {"fatalities": 7}
    assert counts_in("the raid ended with the arrest of a cell member") == {"arrested": 1}
    assert counts_in("a convoy, including 38 tankers, crossed the border") == {"vehicles": 38}
    assert counts_in("nine people died, among them two women") == {"fatalities": 9}


def test_a_count_is_not_read_from_a_date_a_cargo_or_a_victim_told_twice():
    from geoincidents.extract import counts_in

    # the day of a month is no toll; a bracketed alias stays inside the noun phrase
    assert counts_in("the March 17 raid by warplanes killed two guards") == {"fatalities": 2}
    assert counts_in("Five members of the Internal Security Forces (Asayish) were killed") == {"fatalities": 5}
    assert counts_in("on 3 May 6 people were killed") == {"fatalities": 6}
    # a cargo before "and arrested" is not the detainees
    assert counts_in("the patrol seized some 40 jerrycans of petrol and arrested three drivers") == {"arrested": 3}
    # one victim, told by two frames, is one; two victims are two
    assert counts_in("the group claimed the killing of a shepherd near the well") == {"fatalities": 1}
    assert counts_in("a teacher was killed and a farmer was killed") == {"fatalities": 2}
    assert counts_in("a resident lost his life in the shelling") == {"fatalities": 1}
    assert counts_in("two guards were shot to death at the gate") == {"fatalities": 2}


def test_event_wording_of_real_reports():
    cases = {
        "Warplanes conducted three raids on the village of Hajin on Tuesday.": "air_strike",
        "The US Air Force attacked militia posts in Hajin on Tuesday.": "air_strike",
        "Cells targeted with machine guns a checkpoint in Hajin on Tuesday.": "attack",
        "On Tuesday a patrol car was targeted in the village of Hajin.": "attack",
        "Militants targeted with mortar shells the village of Hajin on Tuesday.": "shelling",
        "A Turkish drone strike hit a car on the road near Hajin on Tuesday.": "drone_strike",
        "Troops raided homes in Hajin on Tuesday and detained four men.": "arrest",
        "Forces held live-fire drills simulating an attack near Hajin on Tuesday.": "military_exercise",
    }
    for text, kind in cases.items():
        assert [i.type for i in incidents(text)] == [kind], text


def test_a_convoy_is_never_placed_at_its_origin_and_places_hold_only_the_events_own():
    found = incidents("On Sunday the army brought a convoy of tanks from Damascus to the countryside of Deir ez-Zor.")
    assert found and all("Damascus" not in (i.place, i.place_mention, *i.places) for i in found), [(i.place, i.places) for i in found]
    assert found[0].origin == "Damascus"
    found = incidents("Gunmen shot dead a teacher in Hajin on Monday, 20 km from Deir ez-Zor.")
    assert [i.places for i in found] == [("Hajin",)]


def test_a_denial_covers_the_report_it_answers():
    text = ("State media said on Sunday that 20 civilians were killed in a coalition attack in Hajin.\n\n"
            "The coalition denied on Monday launching any airstrikes in Deir ez-Zor province over the past days.")
    found = incidents(text)
    assert found and all(i.status == "denied" for i in found), [(i.type, i.place, i.status) for i in found]


def test_a_denial_does_not_cover_another_sides_deed():
    text = ("The SDF denied reports of military movements in the countryside of Deir ez-Zor on Tuesday.\n\n"
            "Regime forces brought a convoy of tanks to the town of Hajin on Sunday.")
    statuses = {i.type: i.status for i in incidents(text)}
    assert statuses.get("convoy") in ("denied", "reported")
    assert [i.status for i in incidents(text) if "Hajin" in i.places] == ["reported"]


def test_a_report_dated_by_its_month_only_gives_month_precision_to_relative_dates():
    doc = document_from_text("Gunmen killed a shepherd in Hajin on Tuesday.\n\nA landmine killed two men near Hajin on 3 March.",
                             id="t.txt", published="2021-03-15")
    object.__setattr__(doc, "published_precision", 3)  # what a YYYY-MM sidecar gives a Document
    found = {i.type: i for i in incidents_from_document(doc)}
    assert (found["attack"].date, found["attack"].time_precision) == ("2021-03-15", 3)
    assert (found["explosion"].date, found["explosion"].time_precision) == ("2021-03-03", 1)


def test_numeric_dates():
    from datetime import date

    from geoincidents.extract import dates_in

    assert [w.date for _, w in dates_in("on 12/1/2024", date(2024, 1, 13))] == [date(2024, 1, 12)]
    assert [w.date for _, w in dates_in("on 12/1/2024", date(2024, 12, 2))] == [date(2024, 12, 1)]
    assert [w.date for _, w in dates_in("on 25/12/2023", None)] == [date(2023, 12, 25)]
    assert dates_in("a 50/50 chance", date(2024, 1, 1)) == []


def test_an_event_told_again_more_broadly_is_one_incident_with_the_facts_of_both():
    text = ("A Turkish drone hit a car in the village of Tal Hamis, south of Qamishli, on Friday.\n\n"
            "Three people were killed in the attack, a source in Qamishli said.")
    found = incidents(text, published="2022-07-23")
    assert [(i.type, i.place, i.fatalities) for i in found] == [("drone_strike", "Tall Hamis", 3)]


def test_two_events_at_two_named_places_stay_two():
    text = ("Gunmen attacked a checkpoint in al-Sha'fa on Monday, killing one guard.\n\n"
            "On Monday aircraft also struck a motorcycle in the desert of al-Baghouz, killing two.")
    assert len(incidents(text)) == 2


def test_a_fighters_nom_de_guerre_is_not_a_place():
    text = "A drone killed three fighters near Kobani on Tuesday, Hozan Qamishlo, Gule Halab and Amed Afrin, the SDF said."
    named = _named(incidents(text))
    assert "Kobani" in named and not {"Qamishlo", "Halab", "Afrin", "Aleppo", "Al Qamishli"} & named, named


def test_a_list_of_places_stays_places():
    named = _named(incidents("Clashes broke out on Tuesday in Hajin, Upper Baghuz, and Gharanij."))
    assert {"Hajin", "Gharanij"} <= named, named


def test_an_aside_between_the_aircraft_and_its_verb():
    for text, kind in (("Drones (UAVs) targeted a car near Hajin on Tuesday.", "drone_strike"),
                       ("Aircraft, thought to be Israeli, targeted a depot near Hajin on Tuesday.", "air_strike")):
        assert [i.type for i in incidents(text)] == [kind], text


def test_a_vague_attack_takes_the_type_of_the_strikes_it_continues_or_its_headline():
    text = "Jets struck militia posts in Hajin on Tuesday. Depots near Gharanij were also targeted."
    assert [i.type for i in incidents(text)] == ["air_strike", "air_strike"]
    text = "Drone strike kills five in Hajin\n\nFive soldiers were killed in the attack on two trucks in Hajin on Tuesday."
    assert [i.type for i in incidents(text)] == ["drone_strike"]


def test_the_date_nearest_the_event_word_dates_it():
    i = incidents("The command announced on Friday that its jets struck a depot in Hajin on Wednesday.", published="2024-12-20")
    assert [(x.type, x.date) for x in i] == [("air_strike", "2024-12-18")]


def test_a_name_after_a_title_is_a_person():
    found = incidents("Jets struck a car in Hajin on Thursday, killing the cell leader Mahmud and a guard.")
    named = _named(found)
    assert "Hajin" in named and "Mahmud" not in named, named


def test_what_an_event_answers_is_not_another_incident():
    found = incidents("Turkish artillery shelled the outskirts of Ain Issa on Monday in retaliation for an attack "
                      "on a Turkish post near Tal Abyad.")
    assert [(i.type, i.place) for i in found] == [("shelling", "Ayn Isa")], [(i.type, i.place) for i in found]
    assert not incidents("The blast comes days after a series of attacks on the al-Omar oil field.")


def test_a_series_of_raids_on_a_named_day_is_an_incident():
    found = incidents("On 2 March, the SDF carried out a series of raids in the villages of Hajin and al-Shuhail.")
    assert {i.type for i in found} == {"arrest"} and found[0].date == "2021-03-02", [(i.type, i.date) for i in found]


def test_a_fighters_home_town_after_his_name_is_not_the_place():
    found = incidents("Gunmen attacked a checkpoint in the village of Jdid Bakara on Monday, killing two guards "
                      "(Khalid Omar Saleh from Dhiban and Samer Ali from the village of Hawayij).")
    assert found and not _named(found) & {"Dhiban", "Hawayij", "Samer Ali"}, [(i.place_mention, i.places) for i in found]


def test_villages_the_gazetteer_lacks_are_incidents_of_their_own_beside_a_broad_summary():
    found = incidents("The SDF said two members of the group were arrested in two operations in the Deir ez-Zor countryside.\n\n"
                      "In the operations, the SDF arrested one member in the village of Qarqozah Sharqi and another in Tall Jadid Umran town.")
    assert {"Qarqozah Sharqi", "Tall Jadid Umran"} <= {i.place_mention for i in found}, [(i.place_mention, i.places) for i in found]


def test_a_town_placed_by_the_province_its_city_names_stays_at_the_town():
    found = incidents("US warplanes struck militia posts on the outskirts of al-Bukamal city, eastern Deir Ezzor, last night.")
    assert [i.place for i in found] == ["Albu Kamal"], [(i.place, i.place_mention) for i in found]


def test_an_airdrop_on_a_village_is_a_raid():
    found = incidents("Coalition helicopters conducted an airdrop in the village of Hajin at dawn and detained three men.")
    assert [(i.type, i.place) for i in found] == [("arrest", "Hajin")], [(i.type, i.place) for i in found]
    assert not incidents("Cargo planes conducted an airdrop of food parcels over the besieged city of Deir ez-Zor.")


def test_trends_an_outlet_told_and_an_association_are_not_incidents_or_places():
    assert not incidents("Lately, the Deir ez-Zor countryside has witnessed increasing assassinations of local officials.")
    found = incidents("A source told SMART that the SDF stormed the town of Hajin on Monday and arrested four people.")
    assert found and "SMART" not in _named(found), [(i.place_mention, i.places) for i in found]
    found = incidents("Gunmen shot dead two employees of the Charitable al-Amal Wal Salam Association in Hajin on Monday.")
    assert found and not any("Charitable" in n for n in _named(found)), [(i.place_mention, i.places) for i in found]
    assert not incidents("The fighters withdrew from the al-Omar oil field on Monday without news of clashes.")


def test_one_strike_told_with_other_words_and_places_is_one_incident():
    found = incidents("Warplanes struck militia positions in the al-Mayadin countryside east of Deir ez-Zor yesterday.\n\n"
                      "Some 9 fighters were killed in the shelling, which hit new positions. Two trucks were also destroyed in the attack.\n\n"
                      "On Tuesday evening, activists heard explosions in rural al-Mayadin as the aircraft struck the militia posts.")
    assert [(i.type, i.place, i.fatalities) for i in found] == [("air_strike", "Al Mayadin", 9)], [(i.type, i.place, i.fatalities) for i in found]


def test_the_date_of_a_statement_does_not_date_the_event_it_tells():
    found = incidents("On Sunday, the commander called for help after two fighters were killed in a drone strike "
                      "near Tal Tamr on July 9.")
    assert [i.date for i in found] == ["2021-07-09"], [(i.date, i.date_text) for i in found]


def test_a_reference_point_is_not_a_place_of_the_incident():
    found = incidents("An explosive device hit a car in the town of Jdid Bakara, 40 km east of Deir ez-Zor, on Saturday.")
    assert found and not {"Deir ez-Zor"} & _named(found), [(i.place, i.place_mention, i.places) for i in found]
    found = incidents("An IED killed two soldiers in al-Quriyah, a town affiliated with the city of al-Mayadin, on Friday.")
    assert len(found) == 1 and "Mayadin" not in (found[0].place or ""), [(i.place, i.place_mention) for i in found]


def test_what_hit_decides_the_type_and_adjectives_are_not_places():
    found = incidents("Two fighters were wounded on Saturday after their car was targeted by an explosive device in Hajin.")
    assert [i.type for i in found] == ["explosion"], [(i.type, i.place) for i in found]
    found = incidents("An unidentified drone reportedly killed three fighters of Iran-backed groups near Albu Kamal on Monday.")
    assert [i.type for i in found] == ["drone_strike"] and not {"Iran-backed"} & _named(found), [(i.type, i.places) for i in found]
    found = incidents("A Turkish drone hit a car in a Kurdish-controlled town in northeast Syria on Tuesday.")
    assert not any("Kurdish" in n for n in _named(found)), [(i.type, i.places) for i in found]


def test_a_province_level_lead_is_the_raids_it_sums_up():
    found = incidents("The SDF said on Thursday it had arrested several ISIS members in Syria's eastern Deir ez-Zor province.\n\n"
                      "In the first raid, the forces arrested a cell leader in al-Shuhail.\n\n"
                      "A second raid in Hajin led to the arrest of two more members.", published="2021-07-16")
    assert sorted(i.place for i in found) == ["Al-Shuhayl", "Hajin"], [(i.place, i.place_mention) for i in found]


def test_air_raids_prisoners_and_captured_ground_are_not_arrests():
    found = incidents("Unidentified aircraft carried out raids on militia positions west of Albu Kamal on Monday.")
    assert [i.type for i in found] == ["air_strike"], [(i.type, i.place) for i in found]
    assert not incidents("Hundreds of ISIS members detained in the Ghwayran prison in Hasaka went on hunger strike.")
    found = incidents("The fighters captured three points near Hajin on Monday after clashes with the SDF.")
    assert all(i.type != "arrest" and i.arrested is None for i in found), [(i.type, i.arrested) for i in found]
    found = incidents("Militants loyal to Damascus shelled the village of Hajin on Monday.")
    assert found and "Damascus" not in _named(found), [(i.type, i.places) for i in found]


def test_the_past_a_hospital_a_side_and_a_search_raid():
    assert not incidents("In the past, American and Israeli warplanes have targeted these groups in Deir ez-Zor.")
    found = incidents("An IED wounded two fighters in Hajin on Sunday; they were taken to the Raqqa Military Hospital.")
    assert found and "Raqqa" not in _named(found), [(i.place, i.places) for i in found]
    found = incidents("ISIS launched an attack on the Assad's forces in al-Shuhail last night.")
    assert found and not any("Assad" in n for n in _named(found)), [(i.place, i.places) for i in found]
    found = incidents("Counter-terrorism units stormed Hajin town at dawn, searching for wanted suspects.")
    assert [i.type for i in found] == ["arrest"], [(i.type, i.place) for i in found]


def test_a_similar_attack_and_a_road_in_a_province():
    found = incidents("A Turkish drone struck a car near Qamishli on Tuesday, killing two.\n\n"
                      "On Saturday, a similar attack targeting a car in Amuda killed four people.")
    assert [i.type for i in found] == ["drone_strike", "drone_strike"], [(i.type, i.place) for i in found]
    found = incidents("An IED hit a patrol on the road between Ain Issa and Tal Abyad in Raqqa on Thursday.")
    assert found and found[0].place != "Ar Raqqah", [(i.place, i.place_mention) for i in found]


def test_a_mixed_case_dateline_a_launch_base_and_an_aim_are_not_event_places():
    found = incidents("Hasakah (ANHA) – Gunmen attacked a checkpoint in the village of Tal Tamr on Sunday.")
    assert found and "Hasakah" not in _named(found), [(i.place, i.places) for i in found]
    found = incidents("Coalition helicopters that set out from Kobani raided a house in Hajin on Monday and detained two men.")
    assert found and "Kobani" not in _named(found) and "Kobane" not in _named(found), [(i.place, i.places) for i in found]
    assert not incidents("Government forces aim to enter the Conoco field next week, a commander said.")


def test_car_bombs_further_arrests_and_tolls_of_a_period():
    found = incidents("At least three fighters were killed in a suicide car bombing at a post in al-Shuhail on Monday.")
    assert [(i.type, i.fatalities) for i in found] == [("explosion", 3)], [(i.type, i.fatalities) for i in found]
    found = incidents("The raid coincided with the arrest of another five men in the village of Hajin on Monday.")
    assert [i.arrested for i in found] == [5], [(i.type, i.arrested) for i in found]
    assert not incidents("In late July, the forces reported 13 deaths in drone strikes in Qamishli.")


def test_an_unplaced_retelling_of_the_only_event_of_its_kind_is_that_event():
    found = incidents("A Turkish drone struck a car in the village of Tal Hamis on Friday.\n\n"
                      "The strike killed three people, the monitor said.", published="2022-07-23")
    assert [(i.type, i.fatalities) for i in found] == [("drone_strike", 3)], [(i.type, i.place, i.fatalities) for i in found]


def test_hundreds_martyrdom_and_arrests_as_a_noun():
    from geoincidents.extract import counts_in

    assert counts_in("a convoy of two hundred trucks crossed") == {"vehicles": 200}
    assert counts_in("the group mourned the martyrdom of one of its fighters") == {"fatalities": 1}
    assert counts_in("the campaign ended after making 40 arrests") == {"arrested": 40}


def test_a_lead_at_the_provinces_city_is_the_event_told_below_far_from_it():
    found = incidents("The monitor reported on Monday that an unidentified drone targeted Iran-backed groups in Deir ez-Zor.\n\n"
                      "A military vehicle of the group was targeted in the desert near al-Bukamal, it said.", published="2021-07-13")
    assert [i.place for i in found] == ["Albu Kamal"], [(i.type, i.place) for i in found]


def test_the_last_line_of_a_report_cut_short_is_a_sentence():
    found = incidents("Clashes broke out in Hajin on Monday.\n\nMoreover, drones of the SDF targeted militia positions near al-Mayadin")
    assert {i.place for i in found} >= {"Al Mayadin"}, [(i.type, i.place) for i in found]


def test_event_wording_of_real_reports_more():
    cases = {
        "The exercises took place near the al-Omar oil field on Tuesday.": "military_exercise",
        "During a strike on a road used by the group, two fighters were killed near Hajin.": "air_strike",
        "The ministry announced the killing of 7 soldiers by an SDF suicide drone near Hajin.": "drone_strike",
        "Gunmen opened machinegun fire on a military post in Hajin.": "attack",
        "The forces launched an inspection and storming campaign in Hajin.": "arrest",
        "The tribes took control of the SDF points in Hajin on Saturday.": "armed_clash",
        "Gunmen set fire to an oil well near Hajin on Monday.": "attack",
        "Seven people who were slaughtered by the group were buried in Hajin.": "attack",
    }
    for text, kind in cases.items():
        found = incidents(text)
        assert [i.type for i in found] == [kind], (text, [(i.type, i.place) for i in found])
    assert not incidents("The water station has been out of service since Turkish forces took control of the area in 2019.")
    assert not incidents("Prisoners in Hasaka went on hunger strike against the conditions on Monday.")


def test_places_hold_the_village_not_the_areas_around_it():
    found = incidents("The SDF arrested three men in the town of al-Shuhail in the eastern countryside of Deir ez-Zor on Monday.")
    assert [i.places for i in found] == [("al-Shuhail",)], [i.places for i in found]
    found = incidents("Clashes broke out in the eastern countryside of Deir ez-Zor on Monday.")
    assert found and "Deir ez-Zor" in found[0].places, [i.places for i in found]


def test_a_close_spelling_far_from_the_town_the_text_puts_it_by_is_not_that_village():
    from geoincidents.gazetteer import Gazetteer

    m = Gazetteer.default().resolve("al-Taebah")
    found = incidents("An IED killed two soldiers in al-Taebah, a town affiliated with the city of al-Mayadin, on Friday.")
    if m is not None and m.score < 0.95:  # the shipped gazetteer reads it as a namesake 30 km off
        assert found and found[0].place != m.name, [(i.place, i.place_mention) for i in found]


def test_people_outlets_institutions_and_datelines_are_not_places():
    found = incidents("The SDF arrested journalists Ammar Al-Khalaf and Khaled Al-Hassan in Raqqa on Saturday.")
    assert found and not {"Ammar Al-Khalaf", "Al-Khalaf", "Khaled Al-Hassan", "Al-Hassan"} & _named(found), [i.places for i in found]
    found = incidents("Damascus: Gunmen attacked two oil tankers near al-Shuhail on Thursday.")
    assert found and "Damascus" not in _named(found), [i.places for i in found]
    found = incidents("Hasaka, SANA - A motorcycle bomb exploded near al-Bassel roundabout in the Ghuwairan neighborhood on Sunday.")
    assert len(found) == 1 and "Hasaka" not in (found[0].place_mention or ""), [(i.place, i.place_mention) for i in found]
    found = incidents("An IED wounded five people in Hajin on Monday; they were sent to the national hospital in Hasakah.")
    assert found and "Hasakah" not in _named(found), [i.places for i in found]
    found = incidents("Violent explosions were heard due to joint military exercises with live ammunition in the al-Omar oil field.")
    assert [i.type for i in found] == ["military_exercise"], [(i.type, i.place) for i in found]


def test_counts_of_one_named_victim_a_cell_and_escaped_unharmed():
    from geoincidents.extract import counts_in

    assert counts_in("Shater Dawood, an element of the SDF, was assassinated by gunmen") == {"fatalities": 1}
    assert counts_in("the special forces captured a 7-mercenary ISIS cell") == {"arrested": 7}
    assert counts_in("the driver escaped unharmed") == {"fatalities": 0}
    assert counts_in("a local gunman was killed by the explosion of an IED") == {"fatalities": 1}


def test_a_fronted_cause_and_more_wording():
    found = incidents("In response to the attack, government forces bombarded the villages of Hajin and al-Shuhail with heavy artillery on Monday.")
    assert {i.type for i in found} == {"shelling"}, [(i.type, i.place) for i in found]
    cases = {
        "Gunmen shot at a military vehicle in al-Shuhail on Monday.": "attack",
        "The SDF found four of its members slaughtered near Hajin on Monday.": "attack",
        "Two children were injured by SDF gunfire in the town of Hajin on Monday.": "attack",
        "A drone, believed to belong to the SDF, reportedly targeted a car in Hajin on Monday.": "drone_strike",
    }
    for text, kind in cases.items():
        found = incidents(text)
        assert [i.type for i in found] == [kind], (text, [(i.type, i.place) for i in found])
    assert [i.fatalities for i in incidents("The SDF found four of its members slaughtered near Hajin on Monday.")] == [4]


def test_a_denied_rumour_repeated_attacks_and_a_count_of_attacks():
    found = incidents("The security forces denied what was circulated by some outlets that the explosion in Hajin was the result of an airstrike.")
    assert all(i.status == "denied" for i in found if i.type == "air_strike"), [(i.type, i.status) for i in found]
    assert not incidents("The campaign came as a result of the group's repeated attacks on patrols in Deir ez-Zor.")
    assert not incidents("In the past few days, at least four Turkish attacks were carried out in northeast Syria.")


def test_a_town_beside_an_event_in_another_country_is_no_namesake():
    found = incidents("Three airstrikes hit the border region of Boukamal overnight.\n\n"
                      "The strikes came hours after a militia claimed an attack on a US base in the city of Irbil in northern Iraq.")
    strikes = [i for i in found if i.type == "air_strike"]
    assert strikes and strikes[0].place == "Albu Kamal", [(i.type, i.place) for i in found]


def test_the_province_of_x_and_a_home_region():
    found = incidents("At least 30 people were killed overnight by airstrikes in the eastern Syrian province of Deir al-Zour.\n\n"
                      "The airstrikes targeted the towns of Hajin and al-Shuhail, the agency said.")
    assert {i.place for i in found} == {"Hajin", "Al-Shuhayl"}, [(i.place, i.place_mention, i.geo_precision) for i in found]
    found = incidents("A commander who is originally from Iranian Kurdistan was killed in a Turkish drone strike near Qamishli on Monday.")
    assert found and not any("Kurdistan" in n for n in _named(found)), [i.places for i in found]


def test_running_totals_trends_and_an_ambush_to_arrest():
    assert not incidents("Close to 1,000 IS fighters have been killed since the offensive on Hajin began.")
    assert not incidents("The arrivals bring the number of trucks that entered through the crossing this month to about 170.")
    assert not incidents("In recent weeks, Turkish forces have intensified their shelling of areas near Ain Issa.")
    found = incidents("Intelligence personnel ambushed the village of Hajin on Sunday and surrounded several houses to arrest opponents.")
    assert [i.type for i in found] == ["arrest"], [(i.type, i.place) for i in found]
    found = incidents("Drones of unidentified origin, which are believed to belong to US forces, targeted a farm near al-Mayadin on Monday.")
    assert [i.type for i in found] == ["drone_strike"], [(i.type, i.place) for i in found]


def test_monitor_tallies_habits_and_raids_on_positions():
    assert not incidents("The Observatory documented the assassination of 175 civilians in the eastern Deir ez-Zor countryside since January.")
    assert not incidents("From time to time, the SDF carry out security operations in the Deir ez-Zor countryside.")
    found = incidents("Air strikes killed 13 fighters on Friday in eastern Syria.\n\nThe raids targeted IS positions in Hajin, the monitor said.")
    assert [(i.type, i.place) for i in found] == [("air_strike", "Hajin")], [(i.type, i.place) for i in found]


def test_a_toll_told_in_the_next_sentence_of_the_paragraph():
    found = incidents("On Monday, a drone targeted a checkpoint on the outskirts of Hajin. However, no casualties were reported.")
    assert [(i.type, i.fatalities) for i in found] == [("drone_strike", 0)], [(i.type, i.fatalities) for i in found]


def test_deaths_at_a_place_told_after_the_strike_join_it():
    found = incidents("Coalition air strikes killed 13 fighters on Friday in eastern Syria.\n\n"
                      "“At least 27 people were killed this morning in Hajin,” the monitor's director said.", published="2021-07-16")
    assert [(i.type, i.place, i.fatalities) for i in found] == [("air_strike", "Hajin", 27)], [(i.type, i.place, i.fatalities) for i in found]
    assert not incidents("At least 27 people were killed in Hajin, the monitor said.")  # no violence told before: no type to give


def test_a_regional_breakdown_a_claim_of_control_and_think_tanks():
    assert not incidents("Al-Raqqah: 11 attacks left ten combatants and a civilian dead.")
    assert not incidents("The ministry claimed full control over Manbij on Sunday.")
    found = incidents("A study by the Washington Institute counted a car bomb in Hajin on Monday.")
    assert not any("Institute" in n for n in _named(found)), [i.places for i in found]


def test_claims_tallies_and_earlier_events_are_not_incidents():
    assert not incidents("The commander said his forces have killed 450 fighters of the factions.")
    assert not incidents("The dam has been subjected to more than 180 airstrikes by Turkish drones.")
    assert not incidents("Washington attributed the drone attack on January 28 that killed three soldiers to the militias.")
    found = incidents("Gunmen attacked a checkpoint in Hajin on Monday. This attack came as a part of the group's escalating operations.")
    assert len(found) == 1, [(i.type, i.place) for i in found]
    from geoincidents.extract import counts_in
    assert "fatalities" not in counts_in("the group said 50 soldiers were killed and injured in the blast")


def test_a_past_event_recalled_by_its_month_or_year_is_background():
    text = ("A drone struck a car near Hajin on Monday, killing two fighters. "
            "In June 2018, strikes near the Iraqi border killed 55. "
            "At the end of March, a drone attack near Shaddadi killed one contractor. "
            "In 2019, the coalition bombed al-Bukamal.")
    found = incidents(text, published="2023-04-12")
    assert [(i.place, i.fatalities) for i in found] == [("Hajin", 2)], [(i.place, i.fatalities, i.evidence) for i in found]
    # the month of the report itself is not the past: its events stand
    found = incidents("In April, a drone attack near Shaddadi killed one contractor.", published="2023-04-12")
    assert [(i.place, i.fatalities, i.time_precision) for i in found] == [("Ash Shaddadah", 1, 3)]


def test_one_victim_numbered_and_described_is_one():
    from geoincidents.extract import counts_in

    for text in ("a drone killed one person", "one contractor was killed", "killing one civilian"):
        assert counts_in(text) == {"fatalities": 1}, text
    assert counts_in("a drone killed two people") == {"fatalities": 2}


def test_what_a_paragraph_tells_on_of_a_recalled_event_is_background_too():
    text = ("Rockets hit the Conoco base on Monday, without causing casualties, officials said.\n\n"
            "At the end of March, a drone attack killed one contractor near Hasakah. "
            "The Pentagon said the retaliatory strikes killed eight militants.\n\n"
            "At the start of that month, air raids killed 18 fighters near Hajin.")
    found = incidents(text, published="2023-04-12")
    assert [(i.type, i.fatalities) for i in found] == [("shelling", 0)], [(i.type, i.fatalities, i.evidence) for i in found]


def test_strikes_with_their_time_between_noun_and_verb():
    found = incidents("The strikes late Saturday targeted militia positions on the edge of the town of Albukamal.",
                      published="2019-12-09")
    assert [(i.type, i.date) for i in found] == [("air_strike", "2019-12-07")]


def test_zero_and_elimination_counts():
    from geoincidents.extract import counts_in

    assert counts_in("There were no reports of damage or casualties so far") == {"fatalities": 0, "injured": 0}
    assert counts_in("no causalities were reported") == {"fatalities": 0, "injured": 0}
    assert counts_in("the SDF announced the elimination of 19 mercenaries") == {"fatalities": 19}


def test_a_village_the_gazetteer_lacks_in_a_known_place_is_one_incident_there():
    for text in ("The shelling hit the village of Hoshan in northwest Ain Issa on Monday, killing two.",
                 "Drones targeted the village of Tawila in Tel Tamr on Monday."):
        found = incidents(text)
        assert len(found) == 1 and found[0].place is None and found[0].place_mention in ("Hoshan", "Tawila"), \
            [(i.place, i.place_mention, i.places) for i in found]


def test_a_close_spelling_outside_the_province_the_text_names_is_rejected():
    # "al-Sabha" is spelt close to As Sabkhah, a village in Raqqa province, not in Deir ez-Zor's countryside
    found = incidents("Gunmen shot at a military vehicle in Al-Sabha town in the eastern Deir Ezzor countryside on Monday.")
    assert len(found) == 1 and found[0].place is None and found[0].admin1 == "Deir ez-Zor", \
        [(i.place, i.place_mention, i.admin1) for i in found]


def test_places_hit_told_in_the_passive_after_the_strikes():
    found = incidents("On Monday, the villages of Arab Hassan Kabir and Yalanli, north of Manbij, were shelled with mortars.")
    assert {i.place_mention for i in found} == {"Hassan Kabir", "Yalanli"}  # a place after "villages of", not a person
    found = incidents("Turkish drones struck Amuda on Monday. The village of al-Qasf and the town of Sirrin were also hit.\n\n"
                      "Additionally, a motorcycle in the village of Jalabiya was also targeted.")
    assert [(i.type, i.place_mention) for i in found] == [
        ("drone_strike", "Amuda"), ("drone_strike", "al-Qasf"), ("drone_strike", "Sirrin"), ("drone_strike", "Jalabiya")]
    # with no strike told before, "was also targeted" is no strike
    assert all(i.type != "drone_strike" for i in incidents("A car in the village of Jalabiya was also targeted."))


def test_where_the_attackers_came_from_is_not_where_they_struck():
    found = incidents("Gunmen attacked SDF posts in Dhiban at dawn on Sunday from three different directions in "
                      "\u201cthe regime-controlled areas of Sabikhan, Dweir and Al-Mayadin\u201d, the SDF said.")
    assert {i.place_mention for i in found} == {"Dhiban"}, [(i.place_mention, i.places) for i in found]


def test_a_convoy_leaving_a_town_came_from_it():
    found = incidents("Army soldiers intercepted a US convoy of 20 vehicles near Tal Tamr while it was leaving Qamishli city.")
    convoys = [i for i in found if i.type == "convoy"]
    assert convoys and all("Qamishli" not in i.places for i in convoys), [(i.type, i.places, i.origin) for i in found]


def test_a_person_named_like_a_place_stays_a_person():
    text = ("Omar (a pseudonym) said a mortar round killed three of his family in Hajin on Friday. "
            "\u201cIt fell at dawn,\u201d Omar said.\n\n"
            "On Monday gunmen shot Jassem al-Ali, 28, an Asayish officer, outside his home in Hajin.")
    named = _named(incidents(text))
    assert not {"Omar", "Al-Omar oil field", "Jassem"} & named, named


def test_deir_e_zor_is_one_name():
    found = incidents("Shelling hit villages in the countryside of Deir e-Zor on Friday.")
    assert [i.place_mention for i in found] == ["Deir e-Zor"]


def test_the_vehicles_of_a_raid_are_not_a_convoy():
    text = ("SDF patrols raided the town of Hajin on Tuesday and arrested four men.\n\n"
            "Four SDF armoured vehicles entered the town and carried out raids on the ferry workers.")
    assert [i.type for i in incidents(text)] == ["arrest"]
    # a convoy that says where it went is one, raid or not
    text = "SDF patrols raided Hajin on Tuesday. A US convoy of 30 trucks entered the al-Omar oil field on Tuesday."
    assert "convoy" in [i.type for i in incidents(text)]


def test_a_lead_at_a_town_then_the_village_the_gazetteer_lacks():
    text = ("A Turkish drone strike killed two SDF members near the entrance of Hasakah city on Tuesday.\n\n"
            "The drone hit Tel Tawil village at the northern entrance to Hasakah city.")
    found = incidents(text)
    assert [(i.place_mention, i.fatalities) for i in found] == [("Tel Tawil", 2)], [(i.place_mention, i.fatalities) for i in found]


def test_a_monitor_documenting_the_toll_of_this_attack_is_no_tally():
    text = ("Airstrikes pounded militia positions in the Hajin desert at dawn. Activists documented the killing of "
            "nine militiamen due to this attack.")
    assert [i.fatalities for i in incidents(text)] == [9]


def test_a_place_struck_in_the_passive_after_air_strikes():
    text = ("US bombers targeted two sites in Syria early this morning, the Pentagon said.\n\n"
            "A militia said its headquarters in the border town of al-Bukamal had been struck and four of its fighters killed.")
    found = [(i.type, i.place_mention, i.fatalities) for i in incidents(text)]
    assert ("air_strike", "al-Bukamal", 4) in found, found
    # no strike told before: a car "was hit" is no air strike
    assert incidents("A car was hit near al-Bukamal on Monday.") == []


def test_statements_ranges_and_trends_about_attacks_are_not_incidents():
    for text in ("The tribal commander in Hajin commented on the attack: we will fight on.",
                 "From Aug. 27 to Sept. 12, heavy clashes broke out in Hajin.",
                 "US bases near Hajin increasingly came under attack by armed groups.",
                 "Yesterday's clashes were the heaviest since they took over Hajin."):
        assert incidents(text) == [], text


def test_a_displaced_victims_home_and_a_facility_named_after_a_place_are_not_event_places():
    found = incidents("SDF forces raided the village of Gharanij at dawn on Monday and killed a displaced person from al-Bukamal.")
    assert "al-Bukamal" not in _named(found) and "Albu Kamal" not in _named(found), _named(found)
    found = incidents("An explosive device went off near the Old Hal Market in the city of al-Raqqa on Tuesday, killing one.")
    assert [(i.type, i.place) for i in found] == [("explosion", "Ar Raqqah")], [(i.type, i.place, i.places) for i in found]


def test_a_nationality_before_a_base_is_not_part_of_its_name():
    found = incidents("Drones struck the US Rumailan base in Hasakah on Friday night.")
    assert [i.place_mention for i in found] == ["Rumailan"], [i.place_mention for i in found]


def test_missiles_of_unknown_origin_are_a_strike_not_a_vague_attack():
    found = incidents("Missiles of unidentified origin targeted a militia headquarters in the town of Albu Kamal, killing five.")
    assert [(i.type, i.fatalities) for i in found] == [("shelling", 5)]


def test_trends_and_series_are_not_incidents():
    for text in ("SDF units swept the town of Hajin, a region that has witnessed routine ISIS attacks on checkpoints.",
                 "Attacks continue on the positions of the SDF in the Syrian Jazira.",
                 "Cells have detonated car bombs in several areas, the most recent of which was in Hajin."):
        assert all(i.type not in ("attack", "explosion") for i in incidents(text)), text


def test_a_village_named_in_full_after_village_of_wins_over_a_town_its_first_word_names():
    found = incidents("Turkish air strikes hit the village of Bab al-Kheir on Friday, killing 14 civilians.")
    assert [(i.place_mention, i.place) for i in found] == [("Bab al-Kheir", None)], [(i.place_mention, i.place) for i in found]


def test_a_refugees_home_and_a_continued_campaign_are_not_incidents():
    found = incidents("Cells continued to carry out attacks in Tal Abyad and Ras al-Ayn districts.")
    assert found == []
    found = incidents("A car bomb exploded in Tal Abyad on Monday, killing six, said an Iraqi refugee from Mosul.")
    assert "Mosul" not in _named(found)


def test_dated_attacks_of_an_undated_report_stay_apart_and_find_their_town():
    text = ("A car bomb exploded in an industrial zone of Tal Abyad, injuring 20.\n\n"
            "Three more car bombs have hit Tal Abyad this month, killing 25 people.\n\n"
            "On Nov. 2, another deadly attack in the town killed 13 people.\n\n"
            "Eight people died on Nov. 10, when a car bomb exploded in southern Tal Abyad.")
    found = incidents_from_document(document_from_text(text, id="t.txt"))  # no publication date: no year
    got = sorted((i.fatalities, i.date_text) for i in found if i.date_text)
    assert got == [(8, "Nov. 10"), (13, "Nov. 2")], got  # two days, two events; the 21 is the month's tally
    assert all(i.place == "Tall Abyad" for i in found), [(i.place, i.place_mention) for i in found]


def test_a_lead_this_week_and_the_statement_on_its_day_are_one_strike_on_that_day():
    text = ("The US conducted an airstrike in the eastern Syrian province of Deir ez-Zur this week, killing two.\n\n"
            "\u201cOn Dec. 23, CENTCOM forces conducted a precision airstrike in the Dayr az Zawr Province, killing two,\u201d "
            "the statement read.")
    found = incidents(text, published="2024-12-24")
    assert [(i.date, i.fatalities) for i in found] == [("2024-12-23", 2)], [(i.date, i.place_mention) for i in found]
    assert found[0].place_mention in ("Deir ez-Zur", "Dayr az Zawr")


def test_a_surname_after_a_given_name_is_a_person_even_when_a_town_bears_it():
    found = incidents("US forces killed Hamza Hasan al-Jasim in a strike near Hajin on Monday.")
    assert "al-Jasim" not in _named(found) and "Jasim" not in _named(found), _named(found)


def test_a_photo_caption_a_list_of_detainees_and_tallies_are_not_incidents():
    text = ("Coalition and SDF vehicles during a training drill near Derik in September 2022. (Photo: AFP)\n\n"
            "The SDF raided a house in Dhiban on Sunday and arrested five men. The men held were identified as "
            "Khalil al-Hamad, called \u201cAbu Ali,\u201d Omar al-Hamad and Madin al-Hussein.\n\n"
            "The group has carried out seven attacks in the Syrian desert, killing 40 people. About 90 people died "
            "over three days around Manbij. The group expands attacks to army posts in Suwayda.")
    found = incidents(text)
    assert [(i.type, i.place_mention) for i in found] == [("arrest", "Dhiban")], [(i.type, i.place_mention) for i in found]


def test_support_named_and_a_blast_heard_elsewhere_are_not_the_event():
    found = incidents("SDF fighters fought off several attacks on their posts near Hajin on Friday, backed by coalition airstrikes.")
    assert [i.type for i in found] == ["attack"], [i.type for i in found]
    found = incidents("A bomb-laden vehicle blew up near the market of Tal Abyad on Saturday, killing 13. People in "
                      "Akcakale, across the border, heard the blast.")
    assert [(i.type, i.place_mention) for i in found] == [("explosion", "Tal Abyad")], [(i.type, i.place_mention) for i in found]


def test_events_told_without_a_place_stand_at_the_town_the_headline_names():
    text = ("Clashes as ISIS fights to cling on to Hajin\n\n"
            "The Observatory reported violent clashes between the SDF and ISIS on Friday, killing 15 militants.\n\n"
            "Two SDF commanders were assassinated in eastern Deir ez-Zor on Thursday.")
    found = {i.type: i for i in incidents(text)}
    assert round(found["armed_clash"].lat, 1) == 34.7 and found["armed_clash"].geo_precision >= 2, found["armed_clash"]


def test_strikes_in_the_desert_are_kept_at_the_desert_and_the_airspace_they_came_from_is_not_a_place():
    text = ("Bombers struck more than 75 targets in the Syrian desert on Sunday, Central Command said.\n\n"
            "Jets struck militia positions near Hajin on Tuesday. The attack was carried out from the airspace of the Syrian desert.")
    found = [(i.type, i.place_mention) for i in incidents(text)]
    assert found == [("air_strike", "Syrian desert"), ("air_strike", "Hajin")], found


def test_one_described_detainee_is_one_arrest():
    from geoincidents.extract import counts_in

    assert counts_in("the SDF arrested an ISIS terrorist in the village of Al-Ezba") == {"arrested": 1}
    assert counts_in("a suspect was detained at a checkpoint") == {"arrested": 1}


def test_an_attack_and_the_bomb_that_made_it_are_one_event_unless_their_tolls_differ():
    found = incidents("Ten people were killed in an attack on the market of Tal Abyad on Saturday.\n\n"
                      "A car bomb went off near the market in the centre of Tal Abyad on Saturday afternoon.")
    assert [(i.type, i.fatalities) for i in found] == [("explosion", 10)], [(i.type, i.fatalities) for i in found]
    found = incidents("Gunmen shot dead a man in Tal Abyad on Monday.\n\n"
                      "On the same day a roadside bomb hit a tanker in Tal Abyad, without causing casualties.")
    assert sorted(i.type for i in found) == ["attack", "explosion"], [(i.type, i.fatalities) for i in found]


def test_a_campaign_told_in_general_and_the_context_of_an_attack_are_not_incidents():
    for text in ("Backed by air power, the SDF have battled village by village around Hajin.",
                 "Russian jets increased the range of their targeting around Deir ez-Zor city."):
        assert incidents(text) == [], text
    found = incidents("Gunmen attacked an SDF post in Hajin on Monday.\n\nThe attack comes as the two sides negotiate in Deir ez-Zor.")
    assert [i.place_mention for i in found] == ["Hajin"], [i.place_mention for i in found]


def test_foreign_countries_are_no_places_and_a_loose_retelling_joins_the_only_battle():
    text = ("Factions launched an offensive on the city of Manbij on Monday, killing 30 fighters.\n\n"
            "The SDF holds territory near Iraq and Turkey. It confirmed fierce clashes that killed 22 of its soldiers.\n\n"
            "Rebels entered Damascus last week. Damascus is calm.")
    found = incidents(text)
    assert [i.place_mention for i in found] == ["Manbij"] and "Turkey" not in _named(found), [(i.type, i.place_mention) for i in found]


def test_gunmen_beside_airstrikes_are_two_events():
    text = ("Fighting goes on around Hajin\n\n"
            "At least 30 civilians were killed in coalition airstrikes on Thursday, the monitor said.\n\n"
            "Gunmen on a motorcycle assassinated two local officials in eastern Deir ez-Zor on Thursday.")
    found = sorted((i.type, i.fatalities) for i in incidents(text))
    assert ("air_strike", 30) in found and any(t == "attack" and f != 30 for t, f in found), found


def test_a_strike_at_a_field_and_near_it_the_same_day_is_one():
    text = ("A rocket attack targeted the US base in the Conoco field last night.\n\n"
            "Explosions were heard near the Conoco gas plant when rockets hit it, the monitor said.")
    found = incidents(text, published="2024-08-14")
    assert len(found) == 1, [(i.type, i.place_mention, i.geo_precision) for i in found]


def test_quoted_village_names_after_the_villages_of():
    found = incidents('Armed factions attacked the villages of "Aloush" and "Tel Arish" near the Tishrin Dam yesterday.',
                      published="2025-01-07")
    assert {i.place_mention for i in found} == {"Aloush", "Tel Arish"}, [i.place_mention for i in found]
