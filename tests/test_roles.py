"""Actor roles from a sentence: each cue with an example and a counter-example (sentences written for the project)."""

from __future__ import annotations

import pytest

from geoincidents.incidents import Incident
from geoincidents.roles import Roles, actor_roles, with_roles


@pytest.mark.parametrize("sentence, actors, kind, expected", [
    # active voice: the actor before the event word acted, the one after it was acted upon
    ("SDF fighters clashed with ISIS cells near Thiban.", ["SDF", "ISIS"], "armed_clash", ("SDF", "ISIS", ())),
    # passive voice with an agent: "by X"
    ("An ISIS hideout was struck by Coalition warplanes in the desert.", ["ISIS", "International Coalition"], "air_strike",
     ("International Coalition", "ISIS", ())),
    # the nearest cue wins: "by unknown jets targeting sites of X" makes X the target
    ("Explosions were caused by strikes by unknown jets targeting sites of Iranian militias near Albu Kamal.",
     ["Iran-backed militias"], "air_strike", (None, "Iran-backed militias", ())),
    # support is not agency: "backed by X", "with the support of X"
    ("The SDF, backed by the Coalition, raided a house in Hajin and detained two men.",
     ["SDF", "International Coalition"], "arrest", ("SDF", None, ("International Coalition",))),
    ("With the support of the Coalition, the SDF arrested an ISIS emir in Shuhayl.",
     ["International Coalition", "SDF", "ISIS"], "arrest", ("SDF", "ISIS", ("International Coalition",))),
    # "between X and Y"
    ("Fighting broke out between regime forces and ISIS in the Mayadin desert.",
     ["Syrian regime forces", "ISIS"], "armed_clash", ("Syrian regime forces", "ISIS", ())),
    # blame is agency, not a target ("on the coalition")
    ("State media reported the deaths of 4 civilians in strikes on a village, putting the blame on the coalition.",
     ["civilians", "International Coalition"], "air_strike", ("International Coalition", "civilians", ())),
    # a passive without an agent: "X were subjected to"
    ("US forces at the Conoco base were subjected to rocket fire overnight.", ["US forces"], "shelling", (None, "US forces", ())),
    # "areas controlled by X" is where it hit: X was the target
    ("Shells fell on neighbourhoods controlled by regime forces in Deir ez-Zor.", ["Syrian regime forces"], "shelling",
     (None, "Syrian regime forces", ())),
    # civilians never acted
    ("Civilians were killed when a mine exploded near Sur.", ["civilians"], "explosion", (None, "civilians", ())),
    # "facilities used by X" is where it hit
    ("Warplanes struck facilities used by Iran-backed militias near Albu Kamal.", ["Iran-backed militias"], "air_strike",
     (None, "Iran-backed militias", ())),
    # a convoy has no target, even when a name says "against"
    ("A convoy of the Global Coalition against ISIS entered Hasakah from Iraq.", ["International Coalition", "ISIS"],
     "convoy", ("International Coalition", None, ("ISIS",))),
    # one-sided types: an exercise or convoy has no one acted upon
    ("The Coalition and the SDF held joint exercises near the Koniko field.", ["International Coalition", "SDF"],
     "military_exercise", ("International Coalition", None, ("SDF",))),
])
def test_roles_from_cues(sentence, actors, kind, expected):
    roles = actor_roles(sentence, actors, kind)
    assert (roles.actor1, roles.actor2, roles.assoc_actors) == expected


@pytest.mark.parametrize("sentence, actors, kind, not_expected", [
    # counter-example: "killed by X" is agency even though "killed" is a target cue
    ("Two shepherds were killed by ISIS gunmen near Shuhayl.", ["ISIS"], "attack", Roles(None, "ISIS", ())),
    # counter-example: "clashes with X" in a two-sided event does not make X a helper
    ("Regime forces clashed with ISIS near Palmyra.", ["Syrian regime forces", "ISIS"], "armed_clash",
     Roles("Syrian regime forces", None, ("ISIS",))),
])
def test_counter_examples(sentence, actors, kind, not_expected):
    assert actor_roles(sentence, actors, kind) != not_expected


def test_no_actors_no_roles():
    assert actor_roles("Shells fell on Hajin.", []) == Roles()


def test_with_roles_keeps_the_flat_list_and_roles_already_set():
    plain = Incident("r.txt", "air_strike", "Coalition jets struck ISIS positions near Hajin.", 0, 45,
                     actors=("International Coalition", "ISIS"))
    [done] = with_roles([plain])
    assert (done.actor1, done.actor2, done.actors) == ("International Coalition", "ISIS", ("International Coalition", "ISIS"))
    preset = Incident("r.txt", "air_strike", "ISIS struck.", 0, 12, actors=("ISIS",), actor1="Someone")
    assert with_roles([preset]) == [preset]
