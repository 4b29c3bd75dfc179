"""ActorsStage on hand-built parses: country and sector coding, carry-over and pronouns."""

from __future__ import annotations

import pytest
from builders import document, sentence

from sitreport.lexicon import Lexicons
from sitreport.model import Actor, Document
from sitreport.pipeline import Stage
from sitreport.stages.actors import ActorsStage


@pytest.fixture(scope="module")
def stage(lexicons: Lexicons) -> ActorsStage:
    return ActorsStage(lexicons.actors)


def coded(stage: ActorsStage, doc: Document) -> dict[str, Actor]:
    """Actors by their text, after checking that every offset slices the text."""
    out = stage(doc).actors
    for a in out:
        assert doc.text[a.start : a.end] == a.text
        assert a.start <= doc.tokens[a.head].idx < a.end
    return {a.text: a for a in out}


def codes(actor: Actor) -> tuple[str | None, str | None]:
    return actor.country, actor.sector


def test_actors_stage_declares_its_fields(stage: ActorsStage) -> None:
    assert isinstance(stage, Stage)
    assert (stage.requires, stage.assigns) == (("doc.tokens", "doc.sentences", "doc.entities"), ("doc.actors",))


# "<modifier> forces attacked the village." with the modifier coding the country.
_SUBJECTS = {
    "demonym": (
        """
        Russian  russian ADJ   JJ  amod  1 NORP
        forces   force   NOUN  NNS nsubj 2
        attacked attack  VERB  VBD ROOT  2
        the      the     DET   DT  det   4
        village  village NOUN  NN  dobj  2
        .        .       PUNCT .   punct 2
        """,
        "Russian forces",
        ("RUS", "MIL"),
    ),
    "possessive": (
        """
        Ukraine  Ukraine PROPN NNP poss  2 GPE
        ’s       ’s      PART  POS case  0
        forces   force   NOUN  NNS nsubj 3
        attacked attack  VERB  VBD ROOT  3
        the      the     DET   DT  det   5
        village  village NOUN  NN  dobj  3
        .        .       PUNCT .   punct 3
        """,
        "Ukraine’s forces",
        ("UKR", "MIL"),
    ),
    "of-phrase with a two-word country": (
        """
        Officers officer NOUN  NNS nsubj    4
        from     from    ADP   IN  prep     0
        North    North   PROPN NNP compound 3 GPE
        Korea    Korea   PROPN NNP pobj     1 GPE
        attacked attack  VERB  VBD ROOT     4
        the      the     DET   DT  det      6
        village  village NOUN  NN  dobj     4
        .        .       PUNCT .   punct    4
        """,
        "Officers from North Korea",
        ("PRK", "MIL"),
    ),
    "two-word demonym": (
        """
        North    north   ADJ   JJ  amod  1 NORP
        Korean   korean  ADJ   JJ  amod  2 NORP
        soldiers soldier NOUN  NNS nsubj 3
        attacked attack  VERB  VBD ROOT  3
        the      the     DET   DT  det   5
        village  village NOUN  NN  dobj  3
        .        .       PUNCT .   punct 3
        """,
        "North Korean soldiers",
        ("PRK", "MIL"),
    ),
    "capital as the government": (
        """
        Moscow   Moscow  PROPN NNP nsubj 1 GPE
        attacked attack  VERB  VBD ROOT  1
        the      the     DET   DT  det   3
        village  village NOUN  NN  dobj  1
        .        .       PUNCT .   punct 1
        """,
        "Moscow",
        ("RUS", "GOV"),
    ),
    "generic noun: sector only": (
        """
        Gunmen   gunman  NOUN  NNS nsubj 1
        attacked attack  VERB  VBD ROOT  1
        the      the     DET   DT  det   3
        village  village NOUN  NN  dobj  1
        .        .       PUNCT .   punct 1
        """,
        "Gunmen",
        (None, "REB"),
    ),
    "non-state group keeps its sector over a state noun": (
        """
        Hamas    Hamas   PROPN NNP compound 1 ORG
        fighters fighter NOUN  NNS nsubj    2
        attacked attack  VERB  VBD ROOT     2
        the      the     DET   DT  det      4
        village  village NOUN  NN  dobj     2
        .        .       PUNCT .   punct    2
        """,
        "Hamas fighters",
        ("PSE", "REB"),
    ),
}


@pytest.mark.parametrize(("table", "text", "expected"), list(_SUBJECTS.values()), ids=list(_SUBJECTS))
def test_actors_stage_codes_country_and_sector(
    stage: ActorsStage, table: str, text: str, expected: tuple[str | None, str | None]
) -> None:
    found = coded(stage, sentence(table))
    assert codes(found[text]) == expected
    assert "the village" not in found  # a place noun is not an actor


@pytest.mark.parametrize(
    ("noun", "lemma", "sector"),
    [("civilians", "civilian", "CVL"), ("police", "police", "COP"), ("journalists", "journalist", "MED"),
     ("lawmakers", "lawmaker", "LEG"), ("protesters", "protester", "CVL")],
)
def test_actors_stage_generic_noun_gives_sector_without_country(
    stage: ActorsStage, noun: str, lemma: str, sector: str
) -> None:
    doc = sentence(f"""
        Two   two   NUM   CD  nummod    1
        {noun} {lemma} NOUN NNS nsubjpass 3
        were  be    AUX   VBD auxpass   3
        hurt  hurt  VERB  VBN ROOT      3
        .     .     PUNCT .   punct     3
    """)
    assert codes(coded(stage, doc)[f"Two {noun}"]) == (None, sector)


_PUTIN_VISITS = """
    Vladimir  Vladimir  PROPN NNP compound 1 PERSON
    Putin     Putin     PROPN NNP nsubj    2 PERSON
    visited   visit     VERB  VBD ROOT     2
    Pyongyang Pyongyang PROPN NNP dobj     2 GPE
    .         .         PUNCT .   punct    2
"""


def test_actors_stage_known_person_and_later_surname(stage: ActorsStage) -> None:
    later = sentence("""
        Putin    Putin    PROPN NNP nsubj 1 PERSON
        returned return   VERB  VBD ROOT  1
        .        .        PUNCT .   punct 1
    """)
    found = coded(stage, document(sentence(_PUTIN_VISITS), later))
    full = found["Vladimir Putin"]
    assert (full.country, full.sector, full.name) == ("RUS", "GOV", "Vladimir Putin")
    assert (found["Putin"].country, found["Putin"].name) == ("RUS", "Vladimir Putin")
    assert codes(found["Pyongyang"]) == ("PRK", "GOV")


def test_actors_stage_bare_surname_without_full_name_is_not_coded(stage: ActorsStage) -> None:
    doc = sentence("""
        Putin     Putin     PROPN NNP nsubj 1 PERSON
        visited   visit     VERB  VBD ROOT  1
        Pyongyang Pyongyang PROPN NNP dobj  1 GPE
        .         .         PUNCT .   punct 1
    """)
    assert "Putin" not in coded(stage, doc)


def test_actors_stage_title_codes_an_unknown_person_and_carries_to_surname(stage: ActorsStage) -> None:
    first = sentence("""
        General General PROPN NNP compound 2
        Ivan    Ivan    PROPN NNP compound 2 PERSON
        Petrov  Petrov  PROPN NNP nsubj    3 PERSON
        arrived arrive  VERB  VBD ROOT     3
        .       .       PUNCT .   punct    3
    """)
    second = sentence("""
        Petrov Petrov PROPN NNP nsubj 1 PERSON
        spoke  speak  VERB  VBD ROOT  1
        .      .      PUNCT .   punct 1
    """)
    found = coded(stage, document(first, second))
    assert codes(found["General Ivan Petrov"]) == (None, "MIL")
    assert (found["Petrov"].sector, found["Petrov"].name) == ("MIL", "Ivan Petrov")


def test_actors_stage_he_resolves_to_the_earlier_person(stage: ActorsStage) -> None:
    second = sentence("""
        He   he   PRON  PRP nsubj    1
        met  meet VERB  VBD ROOT     1
        Kim  Kim  PROPN NNP compound 4 PERSON
        Jong Jong PROPN NNP compound 4 PERSON
        Un   Un   PROPN NNP dobj     1 PERSON
        .    .    PUNCT .   punct    1
    """)
    found = coded(stage, document(sentence(_PUTIN_VISITS), second))
    he = found["He"]
    assert (he.country, he.sector, he.name) == ("RUS", "GOV", "Vladimir Putin")
    assert codes(found["Kim Jong Un"]) == ("PRK", "GOV")


def test_actors_stage_they_resolves_to_the_earlier_plural_group(stage: ActorsStage) -> None:
    first = sentence("""
        Russian  russian  ADJ   JJ  amod     1 NORP
        soldiers soldier  NOUN  NNS nsubj    2
        crossed  cross    VERB  VBD ccomp    8
        the      the      DET   DT  det      4
        border   border   NOUN  NN  dobj     2
        ,        ,        PUNCT ,   punct    8
        Vladimir Vladimir PROPN NNP compound 7 PERSON
        Putin    Putin    PROPN NNP nsubj    8 PERSON
        said     say      VERB  VBD ROOT     8
        .        .        PUNCT .   punct    8
    """)
    second = sentence("""
        They     they    PRON  PRP nsubj 1
        attacked attack  VERB  VBD ROOT  1
        a        a       DET   DT  det   3
        village  village NOUN  NN  dobj  1
        .        .       PUNCT .   punct 1
    """)
    they = coded(stage, document(first, second))["They"]
    assert codes(they) == ("RUS", "MIL")  # the plural soldiers, not the nearer singular Putin


def test_actors_stage_it_in_a_reported_clause_is_the_speaker(stage: ActorsStage) -> None:
    doc = sentence("""
        The      the      DET   DT  det   1
        ministry ministry NOUN  NN  nsubj 2
        said     say      VERB  VBD ROOT  2
        it       it       PRON  PRP nsubj 5
        had      have     AUX   VBD aux   5
        attacked attack   VERB  VBN ccomp 2
        the      the      DET   DT  det   7
        village  village  NOUN  NN  dobj  5
        .        .        PUNCT .   punct 2
    """)
    found = coded(stage, doc)
    assert found["it"].sector == found["The ministry"].sector == "GOV"


def test_actors_stage_it_never_resolves_to_a_person(stage: ActorsStage) -> None:
    doc = sentence("""
        Vladimir Vladimir PROPN NNP compound 1 PERSON
        Putin    Putin    PROPN NNP nsubj    2 PERSON
        said     say      VERB  VBD ROOT     2
        it       it       PRON  PRP nsubj    4
        worked   work     VERB  VBD ccomp    2
        .        .        PUNCT .   punct    2
    """)
    assert "it" not in coded(stage, doc)


def test_actors_stage_definite_noun_takes_the_antecedent_country(stage: ActorsStage) -> None:
    first = sentence("""
        Russian  russian ADJ   JJ  amod  1 NORP
        soldiers soldier NOUN  NNS nsubj 2
        crossed  cross   VERB  VBD ROOT  2
        the      the     DET   DT  det   4
        border   border  NOUN  NN  dobj  2
        .        .       PUNCT .   punct 2
    """)
    second = sentence("""
        The      the     DET   DT  det   1
        soldiers soldier NOUN  NNS nsubj 2
        withdrew withdraw VERB VBD ROOT  2
        .        .       PUNCT .   punct 2
    """)
    indefinite = sentence("""
        Soldiers soldier NOUN  NNS nsubj 1
        withdrew withdraw VERB VBD ROOT  1
        .        .       PUNCT .   punct 1
    """)
    assert codes(coded(stage, document(first, second))["The soldiers"]) == ("RUS", "MIL")
    assert codes(coded(stage, document(first, indefinite))["Soldiers"]) == (None, "MIL")


def test_actors_stage_upper_case_acronym_codes_the_organisation(stage: ActorsStage) -> None:
    doc = sentence("""
        The     the     DET   DT  det      2
        UN      UN      PROPN NNP compound 2 ORG
        mission mission NOUN  NN  nsubj    3
        arrived arrive  VERB  VBD ROOT     3
        .       .       PUNCT .   punct    3
    """)
    mission = coded(stage, doc)["The UN mission"]
    assert (mission.country, mission.sector, mission.name) == (None, "IGO", "UN")


@pytest.mark.parametrize("word", ["Un", "un"])
def test_actors_stage_acronym_does_not_match_other_case(stage: ActorsStage, word: str) -> None:
    """ "Un" in a Korean name and "un" in a phrase are not the United Nations."""
    doc = sentence(f"""
        Pak     Pak     PROPN NNP compound 2 PERSON
        Jong    Jong    PROPN NNP compound 2 PERSON
        {word}  {word}  PROPN NNP nsubj    3 PERSON
        arrived arrive  VERB  VBD ROOT     3
        .       .       PUNCT .   punct    3
    """)
    assert coded(stage, doc) == {}


def test_actors_stage_multiword_name_matches_any_case(stage: ActorsStage) -> None:
    doc = sentence("""
        The    the    DET   DT  det      2
        red    red    ADJ   JJ  amod     2
        cross  cross  NOUN  NN  nsubj    3
        helped help   VERB  VBD ROOT     3
        .      .      PUNCT .   punct    3
    """)
    assert coded(stage, doc)["The red cross"].sector == "NGO"


def test_actors_stage_possessive_pronoun_takes_the_antecedent_country(stage: ActorsStage) -> None:
    doc = sentence("""
        Moscow  Moscow  PROPN NNP  nsubj 1 GPE
        denied  deny    VERB  VBD  ROOT  1
        that    that    SCONJ IN   mark  5
        its     its     PRON  PRP$ poss  4
        forces  force   NOUN  NNS  nsubj 5
        shelled shell   VERB  VBD  ccomp 1
        Lozova  Lozova  PROPN NNP  dobj  5 GPE
        .       .       PUNCT .    punct 1
    """)
    assert codes(coded(stage, doc)["its forces"]) == ("RUS", "MIL")
