"""FactualityStage on hand-built parses: how firmly the text commits to each event."""

from __future__ import annotations

from dataclasses import replace

import pytest
from builders import ACCUSED_WHICH_DENIED, run, sentence, until

from sitreport.lexicon import Lexicons
from sitreport.model import Attribution, Document, Factuality, Source
from sitreport.pipeline import Stage
from sitreport.stages.factuality import FactualityStage


def judged(stages: tuple[Stage, ...], doc: Document) -> dict[str, Factuality]:
    return {e.trigger: e.factuality for e in run(doc, *stages).events}


CASES: dict[str, tuple[str, str, Factuality]] = {
    "asserted": (
        """
        Russian russian ADJ   JJ  amod  1 NORP
        forces  force   NOUN  NNS nsubj 2
        shelled shell   VERB  VBD ROOT  2
        Lozova  Lozova  PROPN NNP dobj  2 GPE
        .       .       PUNCT .   punct 2
        """,
        "shelled",
        Factuality.ASSERTED,
    ),
    "negated with not": (
        """
        Russian russian ADJ   JJ  amod  1 NORP
        forces  force   NOUN  NNS nsubj 4
        did     do      AUX   VBD aux   4
        not     not     PART  RB  neg   4
        shell   shell   VERB  VB  ROOT  4
        Lozova  Lozova  PROPN NNP dobj  4 GPE
        .       .       PUNCT .   punct 4
        """,
        "shell",
        Factuality.NEGATED,
    ),
    "negated with never": (
        """
        Russian russian ADJ   JJ  amod  1 NORP
        forces  force   NOUN  NNS nsubj 3
        never   never   ADV   RB  neg   3
        shelled shell   VERB  VBD ROOT  3
        Lozova  Lozova  PROPN NNP dobj  3 GPE
        .       .       PUNCT .   punct 3
        """,
        "shelled",
        Factuality.NEGATED,
    ),
    "denied": (
        """
        Moscow  Moscow  PROPN NNP  nsubj 1 GPE
        denied  deny    VERB  VBD  ROOT  1
        that    that    SCONJ IN   mark  5
        its     its     PRON  PRP$ poss  4
        forces  force   NOUN  NNS  nsubj 5
        shelled shell   VERB  VBD  ccomp 1
        Lozova  Lozova  PROPN NNP  dobj  5 GPE
        .       .       PUNCT .    punct 1
        """,
        "shelled",
        Factuality.DENIED,
    ),
    "alleged": (
        """
        Ukraine  Ukraine PROPN NNP nsubj 1 GPE
        accused  accuse  VERB  VBD ROOT  1
        Russia   Russia  PROPN NNP dobj  1 GPE
        of       of      ADP   IN  prep  1
        shelling shell   VERB  VBG pcomp 3
        Lozova   Lozova  PROPN NNP dobj  4 GPE
        .        .       PUNCT .   punct 1
        """,
        "shelling",
        Factuality.ALLEGED,
    ),
    "alleged, then denied in a relative clause": (
        ACCUSED_WHICH_DENIED,
        "shelling",
        Factuality.DENIED,
    ),
    "hypothetical with if": (
        """
        If      if      SCONJ IN  mark  2
        Russia  Russia  PROPN NNP nsubj 2 GPE
        attacks attack  VERB  VBZ advcl 7
        Lozova  Lozova  PROPN NNP dobj  2 GPE
        ,       ,       PUNCT ,   punct 7
        Ukraine Ukraine PROPN NNP nsubj 7 GPE
        will    will    AUX   MD  aux   7
        respond respond VERB  VB  ROOT  7
        .       .       PUNCT .   punct 7
        """,
        "attacks",
        Factuality.HYPOTHETICAL,
    ),
    "hypothetical with an inverted should": (
        """
        Should  should  AUX   MD  aux   2
        Russia  Russia  PROPN NNP nsubj 2 GPE
        attack  attack  VERB  VB  advcl 7
        Lozova  Lozova  PROPN NNP dobj  2 GPE
        ,       ,       PUNCT ,   punct 7
        Ukraine Ukraine PROPN NNP nsubj 7 GPE
        will    will    AUX   MD  aux   7
        respond respond VERB  VB  ROOT  7
        .       .       PUNCT .   punct 7
        """,
        "attack",
        Factuality.HYPOTHETICAL,
    ),
    "planned with will": (
        """
        Russia Russia PROPN NNP nsubj 2 GPE
        will   will   AUX   MD  aux   2
        attack attack VERB  VB  ROOT  2
        Lozova Lozova PROPN NNP dobj  2 GPE
        .      .      PUNCT .   punct 2
        """,
        "attack",
        Factuality.PLANNED,
    ),
    "planned with a plan verb": (
        """
        Russia Russia PROPN NNP nsubj 1 GPE
        plans  plan   VERB  VBZ ROOT  1
        to     to     PART  TO  aux   3
        attack attack VERB  VB  xcomp 1
        Lozova Lozova PROPN NNP dobj  3 GPE
        .      .      PUNCT .   punct 1
        """,
        "attack",
        Factuality.PLANNED,
    ),
    "hedged with an adverb": (
        """
        Russian    russian    ADJ   JJ  amod   1 NORP
        forces     force      NOUN  NNS nsubj  3
        reportedly reportedly ADV   RB  advmod 3
        shelled    shell      VERB  VBD ROOT   3
        Lozova     Lozova     PROPN NNP dobj   3 GPE
        .          .          PUNCT .   punct  3
        """,
        "shelled",
        Factuality.HEDGED,
    ),
    "hedged with an evidential passive": (
        """
        Some     some    DET   DT  quantmod  1
        18       18      NUM   CD  nummod    2
        soldiers soldier NOUN  NNS nsubjpass 4
        are      be      AUX   VBP auxpass   4
        believed believe VERB  VBN ROOT      4
        to       to      PART  TO  aux       7
        have     have    AUX   VB  aux       7
        deserted desert  VERB  VBN xcomp     4
        .        .       PUNCT .   punct     4
        """,
        "deserted",
        Factuality.HEDGED,
    ),
    "reported": (
        """
        Officials official NOUN  NNS nsubj 1
        said      say      VERB  VBD ROOT  1
        Russian   russian  ADJ   JJ  amod  3 NORP
        forces    force    NOUN  NNS nsubj 4
        shelled   shell    VERB  VBD ccomp 1
        Lozova    Lozova   PROPN NNP dobj  4 GPE
        .         .        PUNCT .   punct 1
        """,
        "shelled",
        Factuality.REPORTED,
    ),
    "a hedge inside a reported clause wins over reported": (
        """
        Officials official NOUN  NNS nsubj  1
        said      say      VERB  VBD ROOT   1
        Russian   russian  ADJ   JJ  amod   3 NORP
        forces    force    NOUN  NNS nsubj  5
        probably  probably ADV   RB  advmod 5
        shelled   shell    VERB  VBD ccomp  1
        Lozova    Lozova   PROPN NNP dobj   5 GPE
        .         .        PUNCT .   punct  1
        """,
        "shelled",
        Factuality.HEDGED,
    ),
}


@pytest.mark.parametrize(("table", "trigger", "expected"), list(CASES.values()), ids=list(CASES))
def test_factuality_stage_judges_the_claim(
    stages: tuple[Stage, ...], table: str, trigger: str, expected: Factuality
) -> None:
    assert judged(stages, sentence(table))[trigger] is expected


_YAML_NO = (
    "bug: cues.yaml lists negations as a YAML flow sequence with a bare `no`, which YAML reads "
    "as the boolean False, so CueLexicon.negations holds 'false' and never 'no'"
)


def test_factuality_stage_no_before_an_event_noun_negates_it(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        No     no     DET   DT  det   1
        attack attack NOUN  NN  nsubj 2
        took   take   VERB  VBD ROOT  2
        place  place  NOUN  NN  dobj  2
        .      .      PUNCT .   punct 2
    """)
    assert judged(stages, doc) == {"attack": Factuality.NEGATED}


def test_factuality_cue_tables_hold_words_not_yaml_booleans(lexicons: Lexicons) -> None:
    cues = lexicons.cues
    assert "no" in cues.negations
    tables = [getattr(cues, name) for name in cues.__dataclass_fields__]
    assert not [w for table in tables for w in table if w in {"false", "true", "none"}]


def test_factuality_stage_the_denial_itself_is_asserted(stages: tuple[Stage, ...]) -> None:
    found = judged(stages, sentence(CASES["denied"][0]))
    assert found == {"denied": Factuality.ASSERTED, "shelled": Factuality.DENIED}


def test_factuality_stage_negation_above_a_reporting_verb_does_not_negate(stages: tuple[Stage, ...]) -> None:
    """ "Officials did not say why forces shelled Lozova": the shelling is not negated."""
    doc = sentence("""
        Officials official NOUN  NNS nsubj  3
        did       do       AUX   VBD aux    3
        not       not      PART  RB  neg    3
        say       say      VERB  VB  ROOT   3
        why       why      SCONJ WRB advmod 6
        forces    force    NOUN  NNS nsubj  6
        shelled   shell    VERB  VBD ccomp  3
        Lozova    Lozova   PROPN NNP dobj   6 GPE
        .         .        PUNCT .   punct  3
    """)
    assert judged(stages, doc)["shelled"] is not Factuality.NEGATED


def test_factuality_stage_chain_alone_makes_reported(lexicons: Lexicons, stages: tuple[Stage, ...]) -> None:
    """Judged on the event as given: a chain set by any stage makes an own-voice claim reported."""
    doc = run(sentence(CASES["asserted"][0]), *until(stages, "coreference"))
    (event,) = doc.events
    sourced = replace(event, attribution=Attribution((Source("Reuters", "outlet"),), "said"))
    stage = FactualityStage(lexicons.cues)
    assert stage(doc).events[0].factuality is Factuality.ASSERTED
    assert stage(replace(doc, events=(sourced,))).events[0].factuality is Factuality.REPORTED
