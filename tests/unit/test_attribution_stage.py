"""AttributionStage on hand-built parses: source chains, outermost first."""

from __future__ import annotations

from builders import ACCUSED_WHICH_DENIED, document, run, sentence

from sitreport.lexicon import Lexicons
from sitreport.model import Document, Event
from sitreport.pipeline import Stage
from sitreport.stages.attribution import AttributionStage


def event(stages: tuple[Stage, ...], doc: Document, trigger: str) -> Event:
    (found,) = [e for e in run(doc, *stages).events if e.trigger == trigger]
    return found


def chain(e: Event) -> list[tuple[str, str]]:
    return [(s.name, s.kind) for s in e.attribution.chain]


# "Russian forces shelled Lozova" as the reported clause, tokens 0-3 of the clause.
def _shelled(head: int, dep: str = "ccomp", first: int = 0) -> str:
    """Token lines for "Russian forces shelled Lozova" starting at index `first`, hung on `head`."""
    return f"""
        Russian russian ADJ   JJ  amod  {first + 1} NORP
        forces  force   NOUN  NNS nsubj {first + 2}
        shelled shell   VERB  VBD {dep} {head if dep != "ROOT" else first + 2}
        Lozova  Lozova  PROPN NNP dobj  {first + 2} GPE
    """


def test_attribution_stage_declares_its_fields(lexicons: Lexicons) -> None:
    stage = AttributionStage(lexicons.cues, lexicons.actors)
    assert isinstance(stage, Stage)
    assert stage.assigns == ("event.attribution",) and {"event.mentions", "event.cluster"} <= set(stage.requires)


def test_attribution_stage_own_voice_has_an_empty_chain(stages: tuple[Stage, ...]) -> None:
    doc = sentence(_shelled(0, "ROOT") + ". . PUNCT . punct 2")
    e = event(stages, doc, "shelled")
    assert e.attribution.chain == () and e.attribution.cue is None


def test_attribution_stage_reporting_verb_adds_its_subject(stages: tuple[Stage, ...]) -> None:
    doc = sentence(
        """
        Officials official NOUN NNS nsubj 1
        said      say      VERB VBD ROOT  1
    """
        + _shelled(1, first=2)
        + ". . PUNCT . punct 1"
    )
    e = event(stages, doc, "shelled")
    assert chain(e) == [("Officials", "anonymous")]
    assert e.attribution.cue == "said"


def test_attribution_stage_nested_reporting_verbs_outermost_first(stages: tuple[Stage, ...]) -> None:
    doc = sentence(
        """
        Reuters   Reuters  PROPN NNP nsubj 1 ORG
        reported  report   VERB  VBD ROOT  1
        that      that     SCONJ IN  mark  4
        officials official NOUN  NNS nsubj 4
        said      say      VERB  VBD ccomp 1
    """
        + _shelled(4, first=5)
        + ". . PUNCT . punct 1"
    )
    e = event(stages, doc, "shelled")
    assert chain(e) == [("Reuters", "outlet"), ("officials", "anonymous")]
    assert e.attribution.cue == "said"  # the cue nearest the claim


def test_attribution_stage_according_to_is_outermost(stages: tuple[Stage, ...]) -> None:
    doc = sentence(
        """
        Officials official NOUN  NNS nsubj 1
        said      say      VERB  VBD ROOT  1
    """
        + _shelled(1, first=2)
        + """
        ,         ,        PUNCT ,   punct 4
        according accord   VERB  VBG prep  4
        to        to       ADP   IN  prep  7
        Reuters   Reuters  PROPN NNP pobj  8 ORG
        .         .        PUNCT .   punct 1
    """
    )
    e = event(stages, doc, "shelled")
    assert chain(e) == [("Reuters", "outlet"), ("Officials", "anonymous")]


def test_attribution_stage_according_to_alone(stages: tuple[Stage, ...]) -> None:
    doc = sentence(
        _shelled(0, "ROOT")
        + """
        ,         ,        PUNCT ,   punct 2
        according accord   VERB  VBG prep  2
        to        to       ADP   IN  prep  5
        Reuters   Reuters  PROPN NNP pobj  6 ORG
        .         .        PUNCT .   punct 2
    """
    )
    e = event(stages, doc, "shelled")
    assert chain(e) == [("Reuters", "outlet")]
    assert e.attribution.cue == "according to"


def test_attribution_stage_cited_by_puts_the_citer_outside(stages: tuple[Stage, ...]) -> None:
    doc = sentence(
        """
        Officials official NOUN  NNS nsubj 4
        cited     cite     VERB  VBN acl   0
        by        by       ADP   IN  agent 1
        Reuters   Reuters  PROPN NNP pobj  2 ORG
        said      say      VERB  VBD ROOT  4
    """
        + _shelled(4, first=5)
        + ". . PUNCT . punct 4"
    )
    e = event(stages, doc, "shelled")
    assert chain(e) == [("Reuters", "outlet"), ("Officials", "anonymous")]


def test_attribution_stage_quoted_sources_saying(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        The          the          DET   DT  det       2 ORG
        Kyiv         Kyiv         PROPN NNP compound  2 ORG
        Post         Post         PROPN NNP nsubj     3 ORG
        quoted       quote        VERB  VBD ROOT      3
        intelligence intelligence NOUN  NN  compound  5
        sources      source       NOUN  NNS dobj      3
        saying       say          VERB  VBG acl       5
        six          six          NUM   CD  nummod    8
        officers     officer      NOUN  NNS nsubjpass 10
        were         be           AUX   VBD auxpass   10
        killed       kill         VERB  VBN ccomp     6
        .            .            PUNCT .   punct     3
    """)
    e = event(stages, doc, "killed")
    assert chain(e) == [("Kyiv Post", "outlet"), ("intelligence sources", "anonymous")]
    assert e.attribution.cue == "saying"


def test_attribution_stage_told_an_outlet(stages: tuple[Stage, ...]) -> None:
    doc = sentence(
        """
        Officials official NOUN  NNS nsubj 1
        told      tell     VERB  VBD ROOT  1
        Reuters   Reuters  PROPN NNP dobj  1 ORG
        that      that     SCONJ IN  mark  6
    """
        + _shelled(1, first=4)
        + ". . PUNCT . punct 1"
    )
    e = event(stages, doc, "shelled")
    assert chain(e) == [("Reuters", "outlet"), ("Officials", "anonymous")]


def test_attribution_stage_report_noun(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        It        it        PRON  PRP nsubj 1
        comes     come      VERB  VBZ ROOT  1
        after     after     ADP   IN  prep  1
        reports   report    NOUN  NNS pobj  2
        that      that      SCONJ IN  mark  6
        Moscow    Moscow    PROPN NNP nsubj 6 GPE
        assembled assemble  VERB  VBD acl   3
        a         a         DET   DT  det   8
        battalion battalion NOUN  NN  dobj  6
        .         .         PUNCT .   punct 1
    """)
    e = event(stages, doc, "assembled")
    assert chain(e) == [("reports", "report")]
    assert e.attribution.cue == "reports"


def test_attribution_stage_definite_description_names_the_earlier_outlet(stages: tuple[Stage, ...]) -> None:
    first = sentence("""
        Troops   troop    NOUN  NNS nsubj 1
        deserted desert   VERB  VBD ccomp 4
        ,        ,        PUNCT ,   punct 4
        Suspilne Suspilne PROPN NNP nsubj 4 ORG
        reported report   VERB  VBD ROOT  4
        .        .        PUNCT .   punct 4
    """)
    second = sentence(
        """
        Officials   official    NOUN  NNS nsubj 5
        cited       cite        VERB  VBN acl   0
        by          by          ADP   IN  agent 1
        the         the         DET   DT  det   4
        broadcaster broadcaster NOUN  NN  pobj  2
        said        say         VERB  VBD ROOT  5
    """
        + _shelled(5, first=6)
        + ". . PUNCT . punct 5"
    )
    doc = run(document(first, second), *stages)
    deserted, shelled = doc.events
    assert chain(shelled) == [("Suspilne", "outlet"), ("Officials", "anonymous")]
    # Once the article says whom Suspilne cites, the chain stopping at Suspilne goes on to them.
    assert chain(deserted) == [("Suspilne", "outlet"), ("Officials", "anonymous")]


def test_attribution_stage_pronoun_speaker_is_the_earlier_person(stages: tuple[Stage, ...]) -> None:
    first = sentence("""
        Vladimir Vladimir PROPN NNP compound 1 PERSON
        Putin    Putin    PROPN NNP nsubj    2 PERSON
        arrived  arrive   VERB  VBD ROOT     2
        .        .        PUNCT .   punct    2
    """)
    second = sentence(
        """
        He   he   PRON PRP nsubj 1
        said say  VERB VBD ROOT  1
    """
        + _shelled(1, first=2)
        + ". . PUNCT . punct 1"
    )
    e = event(stages, document(first, second), "shelled")
    assert chain(e) == [("Vladimir Putin", "person")]


def test_attribution_stage_accused_of_sources_the_allegation(stages: tuple[Stage, ...]) -> None:
    e = event(stages, sentence(ACCUSED_WHICH_DENIED), "shelling")
    assert chain(e) == [("Ukraine", "government")]
    assert e.attribution.cue == "accused"


def test_attribution_stage_relative_clause_denial_is_in_the_outlets_voice(stages: tuple[Stage, ...]) -> None:
    e = event(stages, sentence(ACCUSED_WHICH_DENIED), "denied")
    assert e.type == "REJECT"
    assert chain(e) == []
