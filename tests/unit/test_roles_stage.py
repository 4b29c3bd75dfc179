"""The roles stage on hand-built parses: actors and recipients of each mention."""

from __future__ import annotations

import datetime as dt

from builders import events, sentence, texts

from sitreport.lexicon import Lexicons
from sitreport.pipeline import Stage
from sitreport.stages.roles import RolesStage

PUBLISHED = dt.date(2024, 10, 17)

def test_roles_stage_verb_trigger_subject_and_object(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Russian   russian  ADJ   JJ  amod  1 NORP
        forces    force    NOUN  NNS nsubj 2
        attacked  attack   VERB  VBD ROOT  2
        Ukrainian ukrainian ADJ  JJ  amod  4 NORP
        positions position NOUN  NNS dobj  2
        .         .        PUNCT .   punct 2
    """)
    (e,) = events(stages, doc)
    assert (e.type, e.trigger, e.sentence) == ("ASSAULT", "attacked", 0)
    assert [(a.text, a.country, a.sector) for a in e.actors] == [("Russian forces", "RUS", "MIL")]
    assert [(a.text, a.country) for a in e.recipients] == [("Ukrainian positions", "UKR")]
    assert e.evidence is not None and e.evidence.sentence == doc.text

def test_roles_stage_passive_subject_is_the_victim(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Two       two      NUM   CD  nummod    1
        civilians civilian NOUN  NNS nsubjpass 3
        were      be       AUX   VBD auxpass   3
        killed    kill     VERB  VBN ROOT      3
        by        by       ADP   IN  agent     3
        Russian   russian  ADJ   JJ  amod      6 NORP
        drones    drone    NOUN  NNS pobj      4
        .         .        PUNCT .   punct     3
    """)
    (e,) = events(stages, doc)
    assert e.type == "ASSAULT"
    assert texts(e.actors) == ["Russian drones"]
    assert texts(e.recipients) == ["Two civilians"]
    assert e.counts.killed == 2
    assert e.mode == "aerial"  # from the drones

def test_roles_stage_passive_deploy_subject_is_the_actor(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Russian  russian ADJ   JJ  amod      1 NORP
        troops   troop   NOUN  NNS nsubjpass 3
        were     be      AUX   VBD auxpass   3
        deployed deploy  VERB  VBN ROOT      3
        .        .       PUNCT .   punct     3
    """)
    (e,) = events(stages, doc)
    assert (e.type, e.mode) == ("MOBILIZE", "troops")
    assert texts(e.actors) == ["Russian troops"] and e.recipients == ()

def test_roles_stage_massed_troops_are_counted_and_owned(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Russia Russia PROPN NNP nsubj  1 GPE
        massed mass   VERB  VBD ROOT   1
        1,200  1,200  NUM   CD  nummod 3
        troops troop  NOUN  NNS dobj   1
        .      .      PUNCT .   punct  1
    """)
    (e,) = events(stages, doc)
    assert (e.type, e.mode, e.counts.people) == ("MOBILIZE", "troops", 1200)
    assert [(r.text, r.country) for r in e.recipients] == [("1,200 troops", "RUS")]

def test_roles_stage_casualty_clause_joins_the_light_verb_object(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Russia    Russia   PROPN NNP nsubj 1 GPE
        launched  launch   VERB  VBD ROOT  1
        a         a        DET   DT  det   4
        missile   missile  NOUN  NN  compound 4
        strike    strike   NOUN  NN  dobj  1
        ,         ,        PUNCT ,   punct 1
        killing   kill     VERB  VBG advcl 1
        three     three    NUM   CD  nummod 8
        civilians civilian NOUN  NNS dobj  6
        .         .        PUNCT .   punct 1
    """)
    (e,) = events(stages, doc)
    assert (e.type, e.trigger, e.counts.killed) == ("ASSAULT", "strike", 3)
    assert [(a.text, a.country) for a in e.actors] == [("Russia", "RUS")]


def test_roles_stage_declares_its_fields(lexicons: Lexicons) -> None:
    stage = RolesStage(lexicons.events)
    assert isinstance(stage, Stage)
    assert stage.assigns == ("mention.actors", "mention.recipients")
    assert {"doc.mentions", "mention.type", "doc.actors"} <= set(stage.requires)
