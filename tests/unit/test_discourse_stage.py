"""DiscourseStage on hand-built documents: one event told across several sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import document, place, run, sentence, with_places

from sitreport.model import Document, Event, Factuality, GeoPrecision, Precision
from sitreport.pipeline import Stage
from sitreport.stages.discourse import DiscourseStage

PUBLISHED = dt.date(2024, 10, 17)


@pytest.fixture(scope="module")
def before(rule_stages: tuple[Stage, ...]) -> tuple[Stage, ...]:
    """Every stage the discourse stage runs after."""
    return rule_stages


def both(before: tuple[Stage, ...], doc: Document) -> tuple[list[Event], list[Event]]:
    """Events before and after the discourse stage."""
    prepared = run(doc, *before)
    return list(prepared.events), list(DiscourseStage()(prepared).events)


def chain(e: Event) -> list[str]:
    return [s.name for s in e.attribution.chain]


_BELIEVED_DESERTED = """
    Some     some    DET   DT  quantmod  1
    18       18      NUM   CD  nummod    2
    soldiers soldier NOUN  NNS nsubjpass 4
    are      be      AUX   VBP auxpass   4
    believed believe VERB  VBN ROOT      4
    to       to      PART  TO  aux       7
    have     have    AUX   VB  aux       7
    deserted desert  VERB  VBN xcomp     4
    .        .       PUNCT .   punct     4
"""
_DESERTED = """
    Some     some    DET   DT  quantmod  1
    18       18      NUM   CD  nummod    2
    soldiers soldier NOUN  NNS nsubj     3
    deserted desert  VERB  VBD ROOT      3
    .        .       PUNCT .   punct     3
"""
_THEY_DESERTED_IN_KURSK_SUSPILNE_REPORTED = """
    They     they     PRON  PRP nsubj 1
    deserted desert   VERB  VBD ccomp 6
    in       in       ADP   IN  prep  1
    Kursk    Kursk    PROPN NNP pobj  2 GPE
    ,        ,        PUNCT ,   punct 6
    Suspilne Suspilne PROPN NNP nsubj 6 ORG
    reported report   VERB  VBD ROOT  6
    .        .        PUNCT .   punct 6
"""


def test_discourse_stage_declares_its_fields() -> None:
    stage = DiscourseStage()
    assert isinstance(stage, Stage)
    assert stage.assigns == ("events",) and set(stage.requires) >= {"events", "sentences", "places"}


def test_discourse_stage_hedged_lede_takes_the_later_source_place_and_count(before: tuple[Stage, ...]) -> None:
    doc = document(
        sentence(_BELIEVED_DESERTED), sentence(_THEY_DESERTED_IN_KURSK_SUSPILNE_REPORTED), published=PUBLISHED
    )
    doc = with_places(doc, place(doc, "Kursk", "RUS", GeoPrecision.ADMIN1))
    (lede_before, later_before), (lede, later) = both(before, doc)
    assert lede_before.factuality is Factuality.HEDGED and chain(lede_before) == []
    assert chain(later_before) == ["Suspilne"]
    assert chain(lede) == ["Suspilne"]
    assert lede.attribution.cue == "reported"
    assert lede.location is not None and lede.location.text == "Kursk"
    assert later.counts.people == 18 == lede.counts.people  # the count told only in the lede
    assert later_before.counts.people is None


def test_discourse_stage_asserted_lede_keeps_its_own_voice(before: tuple[Stage, ...]) -> None:
    doc = document(sentence(_DESERTED), sentence(_THEY_DESERTED_IN_KURSK_SUSPILNE_REPORTED), published=PUBLISHED)
    doc = with_places(doc, place(doc, "Kursk", "RUS", GeoPrecision.ADMIN1))
    _, (lede, _later) = both(before, doc)
    assert lede.factuality is Factuality.ASSERTED
    assert chain(lede) == []
    assert lede.location is not None and lede.location.text == "Kursk"  # place is still shared


_RALLIED_IN_TBILISI = """
    Protesters protester NOUN  NNS nsubj 1
    rallied    rally     VERB  VBD ROOT  1
    in         in        ADP   IN  prep  1
    Tbilisi    Tbilisi   PROPN NNP pobj  2 GPE
    .          .         PUNCT .   punct 1
"""
_POLICE_ARRESTED_DOZENS = """
    Police   police  NOUN  NNS nsubj 1
    arrested arrest  VERB  VBD ROOT  1
    dozens   dozen   NOUN  NNS dobj  1
    .        .       PUNCT .   punct 1
"""
_THE_CROWD_WAS_LARGE = """
    The   the   DET   DT  det   1
    crowd crowd NOUN  NN  nsubj 2
    was   be    AUX   VBD ROOT  2
    large large ADJ   JJ  acomp 2
    .     .     PUNCT .   punct 2
"""


def test_discourse_stage_scene_place_from_the_previous_sentence(before: tuple[Stage, ...]) -> None:
    doc = document(sentence(_RALLIED_IN_TBILISI), sentence(_POLICE_ARRESTED_DOZENS), published=PUBLISHED)
    doc = with_places(doc, place(doc, "Tbilisi", "GEO"))
    (_, arrest_before), (rally, arrest) = both(before, doc)
    assert arrest_before.type == "COERCE" and arrest_before.location is None
    assert arrest.location is not None and arrest.location.text == "Tbilisi"
    assert rally.location is not None and rally.location.text == "Tbilisi"
    # Actors named without a nationality belong to the country where it happened.
    assert [(a.text, a.country) for a in arrest.actors] == [("Police", "GEO")]
    assert [(a.text, a.country) for a in rally.actors] == [("Protesters", "GEO")]


def test_discourse_stage_scene_place_reaches_back_one_sentence_only(before: tuple[Stage, ...]) -> None:
    doc = document(
        sentence(_RALLIED_IN_TBILISI),
        sentence(_THE_CROWD_WAS_LARGE),
        sentence(_POLICE_ARRESTED_DOZENS),
        published=PUBLISHED,
    )
    doc = with_places(doc, place(doc, "Tbilisi", "GEO"))
    _, after = both(before, doc)
    (arrest,) = [e for e in after if e.type == "COERCE"]
    assert arrest.sentence == 2 and arrest.location is None
    assert arrest.actors[0].country == "GEO"  # still the article's home country


def test_discourse_stage_first_sentence_gets_no_scene_place(before: tuple[Stage, ...]) -> None:
    doc = document(sentence(_POLICE_ARRESTED_DOZENS), sentence(_RALLIED_IN_TBILISI), published=PUBLISHED)
    doc = with_places(doc, place(doc, "Tbilisi", "GEO"))
    _, (arrest, _rally) = both(before, doc)
    assert arrest.location is None


def test_discourse_stage_undated_event_takes_the_publication_date(before: tuple[Stage, ...]) -> None:
    doc = document(sentence(_DESERTED), published=PUBLISHED)
    (raw,), (e,) = both(before, doc)
    assert raw.date is None
    assert e.date is not None
    assert (e.date.start, e.date.end, e.date.precision) == (PUBLISHED, PUBLISHED, Precision.WEEK)
    assert e.date.inferred and e.date.text == ""


def test_discourse_stage_no_default_date_without_publication_date(before: tuple[Stage, ...]) -> None:
    _, (e,) = both(before, document(sentence(_DESERTED)))
    assert e.date is None


def test_discourse_stage_no_default_date_for_planned_events(before: tuple[Stage, ...]) -> None:
    doc = document(
        sentence("""
        Russia Russia PROPN NNP nsubj 2 GPE
        will   will   AUX   MD  aux   2
        attack attack VERB  VB  ROOT  2
        Lozova Lozova PROPN NNP dobj  2 GPE
        .      .      PUNCT .   punct 2
    """),
        published=PUBLISHED,
    )
    _, (e,) = both(before, doc)
    assert e.factuality is Factuality.PLANNED and e.date is None


def test_discourse_stage_extends_a_chain_with_the_sources_own_source(before: tuple[Stage, ...]) -> None:
    cited = sentence("""
        Officials official NOUN  NNS nsubj 4
        cited     cite     VERB  VBN acl   0
        by        by       ADP   IN  agent 1
        Suspilne  Suspilne PROPN NNP pobj  2 ORG
        said      say      VERB  VBD ROOT  4
        troops    troop    NOUN  NNS nsubj 6
        retreated retreat  VERB  VBD ccomp 4
        .         .        PUNCT .   punct 4
    """)
    plain = sentence("""
        Russian  russian  ADJ   JJ  amod  1 NORP
        forces   force    NOUN  NNS nsubj 2
        attacked attack   VERB  VBD ccomp 5
        ,        ,        PUNCT ,   punct 5
        Suspilne Suspilne PROPN NNP nsubj 5 ORG
        reported report   VERB  VBD ROOT  5
        .        .        PUNCT .   punct 5
    """)
    (retreat_before, attack_before), (retreat, attack) = both(before, document(cited, plain))
    assert chain(retreat_before) == ["Suspilne", "Officials"] == chain(retreat)
    assert chain(attack_before) == ["Suspilne"]
    assert chain(attack) == ["Suspilne", "Officials"]
