"""Roots and independent voices (resources/sources.yaml), one test per entry class."""

from __future__ import annotations

import pytest

from sitreport.independence import SourceRules, independent, normalise_source
from sitreport.model import Attribution, Event, Place, Source


@pytest.fixture(scope="module")
def rules() -> SourceRules:
    return SourceRules.load()


def _event(*chain: Source, admin1: str = "Kharkiv Oblast") -> Event:
    return Event(
        id="e0", type="ASSAULT", trigger="x", trigger_start=0, trigger_end=1, sentence=0,
        location=Place("Town", 0, 4, "Town", "UKR", admin1),
        attribution=Attribution(chain),
    )


def test_independence_root_is_the_innermost_source(rules: SourceRules) -> None:
    ev = _event(Source("Moscow Evening", "outlet"), Source("Interfax", "outlet"))
    assert rules.event_roots(ev, outlet="Northern Courier") == ("name:interfax",)
    # Own voice: the outlet itself.
    assert rules.event_roots(_event(), outlet="The Northern Courier") == ("name:northern courier",)


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("the regional military administration", "anonymous", "office:regional authority:UKR/Kharkiv Oblast"),
        ("city council", "organization", "office:city authority:UKR/Kharkiv Oblast"),
        ("Russian defence ministry", "government", "office:military:RUS"),
        ("General Staff", "government", "office:military:?"),
        ("health ministry", "government", "office:health:?"),
        ("State Emergency Service", "government", "office:emergency services:?"),
        ("Ukrainian officials", "anonymous", "office:government:UKR"),
    ],
)
def test_independence_offices_by_name(rules: SourceRules, name: str, kind: str, expected: str) -> None:
    assert rules.root(Source(name, kind), location=("UKR", "Kharkiv Oblast")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Governor Oleh Petrenko said two people died.",
        "Oleh Petrenko, the head of the regional military administration, said two people died.",
        "The regional governor, Oleh Petrenko, said two people died.",
    ],
)
def test_independence_a_person_speaks_for_the_office_of_their_title(rules: SourceRules, text: str) -> None:
    root = rules.root(Source("Oleh Petrenko", "person"), text=text, location=("UKR", "Kharkiv Oblast"))
    assert root == "office:regional authority:UKR/Kharkiv Oblast"
    # The office itself, quoted by another outlet, is the same voice.
    office = rules.root(Source("regional administration", "anonymous"), location=("UKR", "Kharkiv Oblast"))
    assert independent([root, office]) == (root,)


def test_independence_a_person_without_a_title_is_their_own_root(rules: SourceRules) -> None:
    assert rules.root(Source("Maria Kovalenko", "person"), text="Maria Kovalenko said so.") == "name:maria kovalenko"


def test_independence_country_before_the_office_in_the_text(rules: SourceRules) -> None:
    text = "Russia's Defence Ministry said its forces hit the depot. The ministry added nothing."
    assert rules.root(Source("ministry", "government"), text=text) == "office:military:RUS"


def test_independence_state_media_is_one_voice_with_its_government(rules: SourceRules) -> None:
    tass = rules.root(Source("TASS", "outlet"))
    assert tass == "state:RUS"
    ministry = rules.root(Source("Russian defence ministry", "government"))
    assert independent([tass, ministry]) == (ministry,)
    # "The ministry said", relayed by the state agency: one voice.
    bare = rules.root(Source("ministry", "government"))
    assert independent([tass, bare]) == (tass,)


def test_independence_aliases_of_one_outlet(rules: SourceRules) -> None:
    assert rules.root("AP") == rules.root("The Associated Press") == "name:associated press"
    assert rules.root(Source("AFP", "outlet")) == rules.root("Agence France-Presse")


def test_independence_anonymous_sources_count_once_per_outlet(rules: SourceRules) -> None:
    a = rules.root(Source("security sources", "anonymous"), outlet="Kyiv Daily")
    b = rules.root(Source("a source", "anonymous"), outlet="Kyiv Daily")
    c = rules.root(Source("security sources", "anonymous"), outlet="Lviv Herald")
    assert a == b == "anon:kyiv daily" and c == "anon:lviv herald"
    assert len(independent([a, b, c])) == 2


def test_independence_unknown_country_office_joins_the_known_one() -> None:
    assert independent(["office:military:?", "office:military:UKR"]) == ("office:military:UKR",)
    # Two known countries: the unknown one cannot be told apart, so it stays.
    assert len(independent(["office:military:?", "office:military:UKR", "office:military:RUS"])) == 3


def test_independence_normalise_source() -> None:
    assert normalise_source("The Kyiv Post.") == "kyiv post"
    assert normalise_source("Ukraine's General Staff") == "ukraine general staff"
