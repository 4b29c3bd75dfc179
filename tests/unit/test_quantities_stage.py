"""QuantitiesStage on hand-built parses: numbers attached to the nouns they count."""

from __future__ import annotations

import pytest
from builders import sentence

from sitreport.model import Document
from sitreport.pipeline import Stage
from sitreport.stages.quantities import NumberWords, QuantitiesStage


@pytest.fixture(scope="module")
def stage(number_words: NumberWords) -> QuantitiesStage:
    return QuantitiesStage(number_words)


def counted(stage: QuantitiesStage, doc: Document) -> dict[str, int]:
    """Head-noun text -> value, after checking that every offset slices the text."""
    out: dict[str, int] = {}
    for q in stage(doc).quantities:
        assert doc.text[q.start : q.end] == q.text
        out[doc.tokens[q.head].text] = q.value
    return out


def test_quantities_stage_declares_its_fields(stage: QuantitiesStage) -> None:
    assert isinstance(stage, Stage)
    assert (stage.requires, stage.assigns) == (("doc.tokens", "doc.sentences"), ("doc.quantities",))


def test_quantities_stage_some_keeps_the_stated_figure(stage: QuantitiesStage) -> None:
    doc = sentence("""
        Some     some     DET   DT  quantmod 1
        18       18       NUM   CD  nummod   2
        soldiers soldier  NOUN  NNS nsubj    3
        deserted desert   VERB  VBD ROOT     3
        .        .        PUNCT .   punct    3
    """)
    assert counted(stage, doc) == {"soldiers": 18}


@pytest.mark.parametrize(("word", "value"), [("Dozens", 12), ("Hundreds", 100), ("Thousands", 1000)])
def test_quantities_stage_vague_plural_of_noun(stage: QuantitiesStage, word: str, value: int) -> None:
    doc = sentence(f"""
        {word}    _         NOUN  NNS nsubj 3
        of        of        ADP   IN  prep  0
        civilians civilian  NOUN  NNS pobj  1
        fled      flee      VERB  VBD ROOT  3
        .         .         PUNCT .   punct 3
    """)
    (q,) = stage(doc).quantities
    assert (doc.tokens[q.head].text, q.value, q.kind) == ("civilians", value, "vague")


@pytest.mark.parametrize(
    ("number", "value"),
    [("1,200", 1200), ("12", 12), ("six", 6), ("Six", 6), ("twelve", 12), ("40,000", 40000)],
)
def test_quantities_stage_digits_and_number_words(stage: QuantitiesStage, number: str, value: int) -> None:
    doc = sentence(f"""
        Russia  Russia PROPN NNP nsubj  1 GPE
        massed  mass   VERB  VBD ROOT   1
        {number} _     NUM   CD  nummod 3
        troops  troop  NOUN  NNS dobj   1
        .       .      PUNCT .   punct  1
    """)
    assert counted(stage, doc) == {"troops": value}


def test_quantities_stage_year_is_not_a_quantity(stage: QuantitiesStage) -> None:
    doc = sentence("""
        Troops troop  NOUN  NNS nsubj 1
        left   leave  VERB  VBD ROOT  1
        in     in     ADP   IN  prep  1
        2022   2022   NUM   CD  pobj  2
        .      .      PUNCT .   punct 1
    """)
    assert counted(stage, doc) == {}


def test_quantities_stage_at_least_keeps_the_figure(stage: QuantitiesStage) -> None:
    doc = sentence("""
        At     at     ADV   RB  advmod 1
        least  least  ADJ   JJS advmod 2
        12     12     NUM   CD  nummod 3
        people people NOUN  NNS nsubj  4
        died   die    VERB  VBD ROOT   4
        .      .      PUNCT .   punct  4
    """)
    assert counted(stage, doc) == {"people": 12}


def test_quantities_stage_number_word_times_scale(stage: QuantitiesStage) -> None:
    # The parse spaCy's English model gives: "Two" is a compound of "thousand".
    doc = sentence("""
        Two      two      NUM   CD  compound 1
        thousand thousand NUM   CD  nummod   2
        troops   troop    NOUN  NNS nsubj    3
        arrived  arrive   VERB  VBD ROOT     3
        .        .        PUNCT .   punct    3
    """)
    assert counted(stage, doc) == {"troops": 2000}


def test_quantities_stage_hyphenated_number_word(stage: QuantitiesStage) -> None:
    doc = sentence(
        """
        Twenty   twenty  NUM   CD   compound 2
        -        -       PUNCT HYPH punct    2
        five     five    NUM   CD   nummod   3
        soldiers soldier NOUN  NNS  nsubj    4
        deserted desert  VERB  VBD  ROOT     4
        .        .       PUNCT .    punct    4
        """,
        text="Twenty-five soldiers deserted.",
    )
    assert counted(stage, doc) == {"soldiers": 25}


@pytest.mark.parametrize(("text", "value"), [("1,200", 1200), ("1 200", 1200), ("twenty-five", 25), ("seven", 7)])
def test_quantities_number_words_value(number_words: NumberWords, text: str, value: int) -> None:
    assert number_words.value(text) == value


@pytest.mark.parametrize("text", ["1,20", "troops", "", "12a"])
def test_quantities_number_words_value_refuses_non_numbers(number_words: NumberWords, text: str) -> None:
    assert number_words.value(text) is None
