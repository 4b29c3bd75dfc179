"""Who did what to whom, third round: classes of phrasing that hold in any news prose,
each checked end to end on sentences written for this test (never copied from an article).

Nationalities coordinated on one noun are two sides; a relative clause told through a
reporting verb is about its noun; an arrest told in the passive is the teller's, when a
state body tells it; a company's legal suffix names a business; national armed forces,
police and armed groups of every region are known by the names the news uses.
"""

from __future__ import annotations

import pytest
from news import codes, event, events

from sitreport.lexicon import Lexicons
from sitreport.pipeline import Pipeline

LEX = Lexicons.load().actors


@pytest.mark.parametrize(
    ("body", "trigger", "sides"),
    [
        ("Moldovan and Romanian troops fought off the raiders near the border on Tuesday.", "fought",
         {("MDA", "MIL"), ("ROU", "MIL")}),
        ("US and British warplanes struck militia depots overnight.", "struck", {("USA", "MIL"), ("GBR", "MIL")}),
    ],
)
def test_coordinated_nationalities_are_each_a_side(
    pipeline: Pipeline, body: str, trigger: str, sides: set[tuple[str, str]]
) -> None:
    """ "Moldovan and Romanian troops": the noun's sector for each nationality."""
    e = event(pipeline, body, trigger)
    assert sides <= codes(e["actors"])


def test_coordinated_nationalities_that_fight_are_each_others_opponent(pipeline: Pipeline) -> None:
    """A fight between the two sides one noun names, with no object: each fought the other."""
    e = event(pipeline, "Sudanese and Chadian soldiers clashed along the border at dawn.", "clashed")
    assert {("SDN", "MIL"), ("TCD", "MIL")} <= codes(e["recipients"])


def test_a_relative_clause_told_through_a_reporting_verb_is_about_its_noun(pipeline: Pipeline) -> None:
    """ "a firm, which officials said had shipped ...": the firm shipped them."""
    body = "The ministry fined Marlow Freight Ltd, which officials said had shipped rifles to the gangs."
    e = event(pipeline, body, "shipped")
    assert any(a["text"].startswith("Marlow Freight") for a in e["actors"])


def test_a_company_suffix_names_a_business(pipeline: Pipeline) -> None:
    e = event(pipeline, "Regulators sanctioned Tavira Coastal Trading Co. on Friday.", "sanctioned")
    assert ("BUS" in {r["sector"] for r in e["recipients"]})


@pytest.mark.parametrize(
    ("body", "trigger", "side"),
    [
        ("A blogger was arrested in Baku on Monday, police said.", "arrested", "COP"),
        ("Police said four students were detained outside the university.", "detained", "COP"),
        ("Six miners were detained on Sunday, according to the Interior Ministry.", "detained", "COP"),
    ],
)
def test_an_arrest_told_in_the_passive_is_the_telling_authoritys(
    pipeline: Pipeline, body: str, trigger: str, side: str
) -> None:
    """No agent in the clause: the state body that tells the arrest made it."""
    e = event(pipeline, body, trigger)
    assert side in {a["sector"] for a in e["actors"]}


def test_an_arrest_told_by_someone_not_of_the_state_has_no_actor(pipeline: Pipeline) -> None:
    """A lawyer or a relative telling it names no one who arrested."""
    e = event(pipeline, "Two students were detained on Sunday, their lawyer said.", "detained")
    assert e["actors"] == []


@pytest.mark.parametrize(
    ("name", "iso", "sector"),
    [
        ("FARDC", "COD", "MIL"),
        ("FAMa", "MLI", "MIL"),
        ("Tatmadaw", "MMR", "MIL"),
        ("PLA", "CHN", "MIL"),
        ("UPDF", "UGA", "MIL"),
        ("Philippine National Police", "PHL", "COP"),
        ("Carabinieri", "ITA", "COP"),
        ("NYPD", "USA", "COP"),
    ],
)
def test_national_forces_and_police_by_name(name: str, iso: str, sector: str) -> None:
    coding = LEX.organizations[name.lower()]
    assert (coding.country, coding.sector) == (iso, sector)


@pytest.mark.parametrize(
    ("name", "iso", "sector"),
    [
        ("Fano", "ETH", "REB"),
        ("Ansarul Islam", "BFA", "REB"),
        ("Kataib Hezbollah", "IRQ", "REB"),
        ("Balochistan Liberation Army", "PAK", "REB"),
        ("TNLA", "MMR", "REB"),
        ("Shining Path", "PER", "REB"),
        ("Tren de Aragua", "VEN", "CRM"),
    ],
)
def test_armed_groups_of_every_region_by_name(name: str, iso: str, sector: str) -> None:
    coding = LEX.organizations[name.lower()]
    assert (coding.country, coding.sector) == (iso, sector)


def test_a_national_army_acronym_codes_its_soldiers_in_a_sentence(pipeline: Pipeline) -> None:
    e = event(pipeline, "UPDF soldiers clashed with ADF fighters near Kasese on Monday.", "clashed")
    assert ("UGA", "MIL") in codes(e["actors"])
    assert ("COD", "REB") in codes(e["recipients"])


@pytest.mark.parametrize(
    ("noun", "sector"),
    [
        ("suicide bomber", "REB"),
        ("merchants", "CVL"),
        ("motorists", "CVL"),
        ("pilgrims", "CVL"),
        ("elders", "CVL"),
        ("smugglers", "CRM"),
        ("cartel", "CRM"),
        ("monks", "REL"),
        ("humanitarian workers", "NGO"),
    ],
)
def test_people_nouns_of_every_kind_have_a_sector(noun: str, sector: str) -> None:
    """Who attacks and who is harmed, named by what they are."""
    assert LEX.nouns[noun] == sector


def test_a_victim_named_by_trade_is_a_recipient(pipeline: Pipeline) -> None:
    e = event(pipeline, "Gunmen on motorbikes shot dead four merchants near the cattle market.", "shot")
    assert "CVL" in {r["sector"] for r in e["recipients"]}
    assert "REB" in {a["sector"] for a in e["actors"]}


@pytest.mark.parametrize(
    ("body", "sector"),
    [
        ("The court jailed the militia leader for twelve years.", "REB"),
        ("Gunmen shot the police chief outside his home.", "COP"),
    ],
)
def test_a_leader_is_of_the_body_named_before_him(pipeline: Pipeline, body: str, sector: str) -> None:
    """ "the militia leader" leads a militia; a leader with no body named is the government's."""
    e = next(e for e in events(pipeline, body) if e["recipients"])
    assert sector in {r["sector"] for r in e["recipients"]}


def test_their_fighters_are_of_the_armed_group_the_pronoun_names(pipeline: Pipeline) -> None:
    e = event(pipeline, "The insurgents said their fighters had captured two villages.", "captured")
    assert "REB" in {a["sector"] for a in e["actors"]}


@pytest.mark.parametrize(
    ("body", "trigger", "side"),
    [
        ("Days earlier a Hamas attack left three guards dead at the crossing.", "attack", ("PSE", "REB")),
        ("A Fano ambush left six soldiers wounded on the highway.", "ambush", ("ETH", "REB")),
    ],
)
def test_a_group_named_on_an_event_noun_carried_it_out(
    pipeline: Pipeline, body: str, trigger: str, side: tuple[str, str]
) -> None:
    """ "a Hamas attack left three dead": no verb of its own names who attacked."""
    e = event(pipeline, body, trigger)
    assert side in codes(e["actors"])


def test_a_place_named_on_an_event_noun_is_no_actor(pipeline: Pipeline) -> None:
    e = event(pipeline, "Talks on a Gaza ceasefire resumed in Cairo on Sunday.", "Talks")
    assert e["actors"] == []


@pytest.mark.parametrize(
    ("body", "trigger"),
    [
        ("The heavy bombardment of Khartoum continued overnight.", "bombardment"),
        ("Witnesses described a brutal attack on the convoy near Kadugli.", "attack"),
    ],
)
def test_a_target_or_a_manner_on_an_event_noun_names_no_actor(pipeline: Pipeline, body: str, trigger: str) -> None:
    """Whom an event hit ("invasion of X") and how it went ("brutal") are not who did it."""
    e = event(pipeline, body, trigger)
    assert all(trigger not in a["text"] for a in e["actors"])


def test_a_presidency_is_the_government(pipeline: Pipeline) -> None:
    e = event(pipeline, "Ghana's presidency warned the strikers against blocking the port.", "warned")
    assert ("GHA", "GOV") in codes(e["actors"])


@pytest.mark.parametrize(
    "body",
    [
        "Soldiers opened fire on mourners outside the mosque, killing five.",
        "Police fired into the crowd of students at the gate.",
    ],
)
def test_who_was_fired_on_or_into_is_the_recipient(pipeline: Pipeline, body: str) -> None:
    e = next(e for e in events(pipeline, body) if e["type"] == "ASSAULT")
    assert "CVL" in {r["sector"] for r in e["recipients"]}


def test_a_visit_to_a_country_is_aimed_at_it(pipeline: Pipeline) -> None:
    e = event(pipeline, "The Kenyan president's visit to Ethiopia ended on Tuesday.", "visit")
    assert "ETH" in {r["country"] for r in e["recipients"]}


@pytest.mark.parametrize(
    ("body", "trigger", "sector"),
    [
        ("A cameraman for a private channel was beaten by masked men near the square.", "beaten", "MED"),
        ("The navy fired water cannon at three Malaysian government vessels.", "fired", "GOV"),
        ("Rioters torched two police vehicles in the old town.", "torched", "COP"),
    ],
)
def test_victims_and_targets_coded_by_what_they_are(pipeline: Pipeline, body: str, trigger: str, sector: str) -> None:
    """A crew member by trade; a vessel or a vehicle by the body named before it."""
    e = event(pipeline, body, trigger)
    assert sector in {r["sector"] for r in e["recipients"]}


def test_a_gerund_after_warned_against_is_done_by_the_warned(pipeline: Pipeline) -> None:
    e = event(pipeline, "Ghana's presidency warned the strikers against blocking the port.", "blocking")
    assert ("GHA", "GOV") not in codes(e["actors"])
