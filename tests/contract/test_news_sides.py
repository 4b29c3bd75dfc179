"""Who did what to whom, third round: classes of phrasing that hold in any news prose,
each checked end to end on sentences written for this test (never copied from an article).

Nationalities coordinated on one noun are two sides; a relative clause told through a
reporting verb is about its noun; an arrest told in the passive is the teller's, when a
state body tells it; a company's legal suffix names a business; national armed forces,
police and armed groups of every region are known by the names the news uses.
"""

from __future__ import annotations

import pytest
from news import codes, event

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
