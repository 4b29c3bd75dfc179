"""Who did what to whom, on classes of phrasing seen in real news: each checked end to end
on sentences written for this test (never copied from an article).

A plural pronoun for a body named by its proper name, a sector word on an event noun, the
victims a result verb leaves dead or hurt, a state's acronym on an attack noun, weapons an
interception stopped (the launching side's), and a spokesman for a group of forces.
"""

from __future__ import annotations

from news import codes, event

from sitreport.pipeline import Pipeline


def test_they_after_a_named_body_is_that_body(pipeline: Pipeline) -> None:
    """ "Hamas said they had ...": news calls a named group "they" as often as "it"."""
    e = event(pipeline, "Hamas said on Monday that they had fired rockets at Sderot, Israel.", "fired")
    assert ("PSE", "REB") in codes(e["actors"])


def test_a_sector_word_on_an_event_noun_is_its_actor(pipeline: Pipeline) -> None:
    """ "a rebel assault": the rebels attacked, in the country where it happened."""
    e = event(pipeline, "A rebel assault on a garrison near Tillaberi, Niger, was repelled on Friday.", "assault")
    assert ("NER", "REB") in codes(e["actors"])


def test_a_sector_word_on_an_event_noun_yields_to_the_named_subject(pipeline: Pipeline) -> None:
    """ "Kenyan troops held military drills": the troops, not "military"."""
    body = "Kenyan and Ugandan troops held joint military drills near Lodwar, Kenya, in May."
    e = event(pipeline, body, "drills")
    assert all(a["text"] != "military" for a in e["actors"])


def test_whom_an_event_noun_left_dead_are_its_recipients(pipeline: Pipeline) -> None:
    """ "an ambush left four soldiers dead": the soldiers were attacked."""
    body = "An insurgent ambush on Tuesday left four soldiers dead near Mocimboa da Praia, Mozambique."
    e = event(pipeline, body, "ambush")
    assert ("MOZ", "MIL") in codes(e["recipients"])


def test_whom_a_result_verb_left_hurt_are_the_recipients(pipeline: Pipeline) -> None:
    """ "... left three fishermen injured": the casualty word's victims are the verb's object."""
    body = "Last week a standoff near Sabina Shoal left three Filipino fishermen injured, officials said."
    e = event(pipeline, body, "injured")
    assert ("PHL", "CVL") in codes(e["recipients"])


def test_a_result_verb_after_the_attack_names_its_victims(pipeline: Pipeline) -> None:
    """ "raided the village, leaving six herders dead": the herders."""
    body = "Gunmen raided a village near Jos, Nigeria, on Sunday, leaving six herders dead."
    e = event(pipeline, body, "raided")
    assert ("NGA", "CVL") in codes(e["recipients"])


def test_a_state_acronym_on_an_attack_noun_is_its_actor(pipeline: Pipeline) -> None:
    """ "U.S. drone strikes": the US armed forces, not a place called US."""
    body = "U.S. drone strikes hit a militant compound in Jilib, Somalia, on Thursday."
    e = event(pipeline, body, "strikes")
    assert ("USA", "MIL") in codes(e["actors"])


def test_weapons_shot_down_are_the_launching_side(pipeline: Pipeline) -> None:
    """Drones an air defence stopped belong to who launched them, not to the place."""
    body = (
        "Russia launched 25 attack drones at Odesa, Ukraine, overnight. "
        "Air defence crews shot down 19 of the drones, the regional governor said."
    )
    e = event(pipeline, body, "shot")
    assert ("UKR", "MIL") in codes(e["actors"])
    assert ("RUS", "MIL") in codes(e["recipients"])


def test_a_spokesman_for_a_group_of_forces_speaks_for_the_military(pipeline: Pipeline) -> None:
    """ "a spokesman for the country's southern group of forces" is the army's, not the government's."""
    body = "A spokesman for Ukraine's southern group of forces rejected the claim on Sunday."
    e = event(pipeline, body, "rejected")
    assert ("UKR", "MIL") in codes(e["actors"])
