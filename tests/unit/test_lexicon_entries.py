"""Every class of dictionary entry is loadable and codes what it says."""

from __future__ import annotations

import pytest

from sitreport.lexicon import Lexicons
from sitreport.stages.quantities import NumberWords
from sitreport.syntax import ENGLISH

LEX = Lexicons.load()


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Ukraine", "UKR"),
        ("North Korean", "PRK"),
        ("Kremlin", "RUS"),
        ("Pyongyang", "PRK"),
        ("Kyiv", "UKR"),
        ("the United States", "USA"),
        ("Britons", "GBR"),
        ("Burkinabe", "BFA"),
        ("Congo", "COD"),
    ],
)
def test_lexicon_countries_demonyms_capitals(text: str, iso: str) -> None:
    assert LEX.actors.country_of(text) == iso


@pytest.mark.parametrize(
    ("noun", "sector"),
    [
        ("troops", "MIL"),
        ("lawmakers", "LEG"),
        ("police", "COP"),
        ("protesters", "CVL"),
        ("rebels", "REB"),
        ("journalists", "MED"),
    ],
)
def test_lexicon_generic_nouns(noun: str, sector: str) -> None:
    assert LEX.actors.nouns[noun] == sector


def test_lexicon_people_and_organizations() -> None:
    assert LEX.actors.people["vladimir putin"].country == "RUS"
    assert LEX.actors.organizations["main intelligence directorate"].sector == "SPY"
    assert LEX.actors.titles["defense minister"] == "MIL"


@pytest.mark.parametrize(
    ("lemma", "etype"),
    [
        ("shell", "ASSAULT"),
        ("arrest", "COERCE"),
        ("deploy", "MOBILIZE"),
        ("sign", "AGREE"),
        ("accuse", "ACCUSE"),
        ("deny", "REJECT"),
        ("protest", "PROTEST"),
        ("sanction", "SANCTION"),
        ("desert", "RETREAT"),
    ],
)
def test_lexicon_event_verbs(lemma: str, etype: str) -> None:
    assert LEX.events.verbs[lemma].type == etype


def test_lexicon_every_type_is_plover() -> None:
    plover = {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
    types = {t.type for t in [*LEX.events.verbs.values(), *LEX.events.nouns.values()]}
    assert types <= plover


@pytest.mark.parametrize(("word", "value"), [("six", 6), ("18", 18), ("1,200", 1200), ("twenty-five", 25)])
def test_lexicon_number_words(word: str, value: int) -> None:
    assert NumberWords.load().value(word) == value


def test_lexicon_vague_dozens_is_twelve() -> None:
    assert NumberWords.load().vague["dozens"] == 12


def test_lexicon_cues_loaded() -> None:
    assert "reportedly" in LEX.cues.hedge_words
    assert "say" in LEX.cues.reporting_verbs
    assert "deny" in LEX.cues.deny_verbs


@pytest.mark.parametrize(
    ("word", "kind"), [("he", "person"), ("her", "person"), ("they", "group"), ("them", "group"), ("it", "thing")]
)
def test_lexicon_function_words_pronouns(word: str, kind: str) -> None:
    assert ENGLISH.pronouns[word] == kind


def test_lexicon_function_words_classes() -> None:
    assert {"down", "out"} <= ENGLISH.particles
    assert "the" in ENGLISH.definite_determiners and "a" not in ENGLISH.definite_determiners
    assert {"which", "who"} <= ENGLISH.relative_pronouns
    assert {"its", "their"} == ENGLISH.possessive_pronouns
    assert {"of", "from"} == ENGLISH.origin_prepositions
    assert {"and", ","} == ENGLISH.list_joiners


@pytest.mark.parametrize(
    ("text", "bare"), [("the Kremlin’s", "Kremlin"), ("The Kyiv Post", "Kyiv Post"), ("Theodore", "Theodore")]
)
def test_lexicon_function_words_bare_name(text: str, bare: str) -> None:
    assert ENGLISH.bare_name(text) == bare


def test_lexicon_source_cues() -> None:
    assert "according to" in LEX.cues.according_to
    assert "tell" in LEX.cues.telling_verbs
    assert {"group", "ministry"} <= LEX.cues.group_nouns
    assert "post" in LEX.cues.outlet_name_endings
    assert "should" in LEX.cues.conditional_inversions


def test_lexicon_number_joiners() -> None:
    assert NumberWords.load().phrase_value(["two", "hundred", "and", "ten"]) == 210
    assert NumberWords.load().phrase_value(["twenty", "-", "five"]) == 25
