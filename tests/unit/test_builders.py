"""The hand-built parse helper the stage tests rely on: offsets, entities, joining."""

from __future__ import annotations

import pytest
from builders import document, place, sentence

_TABLE = """
    The      the      DET   DT  det      2 ORG
    Kyiv     Kyiv     PROPN NNP compound 2 ORG
    Post     Post     PROPN NNP nsubj    6 ORG
    and      and      CCONJ CC  cc       2
    Interfax Interfax PROPN NNP conj     2 ORG
    Ukraine  Ukraine  PROPN NNP appos    4 B-ORG
    reported report   VERB  VBD ROOT     6
    .        .        PUNCT .   punct    6
"""


def test_builders_offsets_slice_the_text() -> None:
    doc = sentence(_TABLE)
    assert doc.text == "The Kyiv Post and Interfax Ukraine reported."
    for tok in doc.tokens:
        assert doc.text[tok.idx : tok.end] == tok.text
    (sent,) = doc.sentences
    assert (sent.start, sent.end, sent.first, sent.last) == (0, len(doc.text), 0, 8)


def test_builders_entities_from_runs_and_explicit_starts() -> None:
    doc = sentence(_TABLE)
    assert [(e.label, e.text, e.first, e.last) for e in doc.entities] == [
        ("ORG", "The Kyiv Post", 0, 3), ("ORG", "Interfax", 4, 5), ("ORG", "Ukraine", 5, 6)]
    assert [t.ent_iob for t in doc.tokens] == ["B", "I", "I", "O", "B", "B", "O", "O"]


def test_builders_given_text_keeps_its_spacing() -> None:
    doc = sentence("""
        Troops troop NOUN  NNS nsubj 1
        left   leave VERB  VBD ROOT  1
        .      .     PUNCT .   punct 1
    """, text="Troops  left.")
    assert [t.idx for t in doc.tokens] == [0, 8, 12]


@pytest.mark.parametrize(
    ("table", "text", "message"),
    [
        ("Troops troop NOUN NNS nsubj 1\nleft leave VERB VBD ROOT 1", "Troops went", "not found"),
        ("Troops troop NOUN NNS nsubj 5\nleft leave VERB VBD ROOT 1", None, "out of range"),
        ("Troops troop NOUN NNS nsubj 0\nleft leave VERB VBD ROOT 1", None, "only the ROOT"),
        ("Troops troop NOUN NNS\nleft leave VERB VBD ROOT 1", None, "6 or 7 fields"),
    ],
)
def test_builders_refuse_inconsistent_tables(table: str, text: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sentence(table, text=text)


def test_builders_document_joins_sentences_and_shifts_indices() -> None:
    first = sentence("Troops troop NOUN NNS nsubj 1\nleft leave VERB VBD ROOT 1\n. . PUNCT . punct 1")
    second = sentence("Kursk Kursk PROPN NNP nsubj 1 GPE\nfell fall VERB VBD ROOT 1\n. . PUNCT . punct 1")
    doc = document(first, second, outlet="Wire")
    assert doc.text == "Troops left. Kursk fell."
    assert [(s.text, s.first, s.last) for s in doc.sentences] == [("Troops left.", 0, 3), ("Kursk fell.", 3, 6)]
    assert [t.head for t in doc.tokens] == [1, 1, 1, 4, 4, 4]
    (kursk,) = doc.entities
    assert (kursk.text, kursk.start, kursk.first) == ("Kursk", 13, 3)
    assert doc.outlet == "Wire"
    assert doc.sentence_of(4) == 1
    assert doc.text[place(doc, "Kursk", "RUS").start :].startswith("Kursk")
