"""EventsStage on hand-built parses: triggers, roles, merging, anchoring, modes."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import place, run, sentence, with_places

from sitreport.lexicon import Lexicons
from sitreport.model import Actor, Document, Event
from sitreport.pipeline import Stage
from sitreport.stages.actors import ActorsStage
from sitreport.stages.dates import DatesStage
from sitreport.stages.events import EventsStage
from sitreport.stages.quantities import NumberWords, QuantitiesStage

PUBLISHED = dt.date(2024, 10, 17)


@pytest.fixture(scope="module")
def stages(lexicons: Lexicons, number_words: NumberWords) -> tuple[Stage, ...]:
    return (ActorsStage(lexicons.actors), DatesStage(), QuantitiesStage(number_words), EventsStage(lexicons.events))


def events(stages: tuple[Stage, ...], doc: Document) -> list[Event]:
    out = run(doc, *stages).events
    for e in out:
        assert doc.text[e.trigger_start : e.trigger_end] == e.trigger
        assert e.evidence is not None
        assert doc.text[e.evidence.start : e.evidence.end] == e.evidence.sentence
    return list(out)


def texts(actors: tuple[Actor, ...]) -> list[str]:
    return [a.text for a in actors]


def test_events_stage_declares_its_fields(lexicons: Lexicons) -> None:
    stage = EventsStage(lexicons.events)
    assert isinstance(stage, Stage)
    assert set(stage.requires) == {"tokens", "sentences", "actors", "places", "dates", "quantities"}
    assert stage.assigns == ("events",)


def test_events_stage_verb_trigger_subject_and_object(stages: tuple[Stage, ...]) -> None:
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


def test_events_stage_passive_subject_is_the_victim(stages: tuple[Stage, ...]) -> None:
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


def test_events_stage_passive_deploy_subject_is_the_actor(stages: tuple[Stage, ...]) -> None:
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


def test_events_stage_casualty_verb_folds_into_the_attack(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Russian   russian  ADJ   JJ  amod   1 NORP
        forces    force    NOUN  NNS nsubj  2
        shelled   shell    VERB  VBD ROOT   2
        Lozova    Lozova   PROPN NNP dobj   2 GPE
        ,         ,        PUNCT ,   punct  2
        killing   kill     VERB  VBG advcl  2
        two       two      NUM   CD  nummod 7
        civilians civilian NOUN  NNS dobj   5
        .         .        PUNCT .   punct  2
    """)
    doc = with_places(doc, place(doc, "Lozova", "UKR"))
    (e,) = events(stages, doc)
    assert (e.type, e.mode, e.trigger) == ("ASSAULT", "explosives", "shelled")
    assert texts(e.actors) == ["Russian forces"]
    assert texts(e.recipients) == ["two civilians"]
    assert e.counts.killed == 2 and e.counts.injured is None
    assert e.location is not None and e.location.text == "Lozova"


def test_events_stage_casualty_verb_folds_into_a_noun_attack(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Three    three    NUM   CD  nummod    1
        officers officer  NOUN  NNS nsubjpass 3
        were     be       AUX   VBD auxpass   3
        injured  injure   VERB  VBN ROOT      3
        in       in       ADP   IN  prep      3
        the      the      DET   DT  det       6
        strike   strike   NOUN  NN  pobj      4
        .        .        PUNCT .   punct     3
    """)
    (e,) = events(stages, doc)
    assert (e.type, e.trigger) == ("ASSAULT", "strike")
    assert texts(e.recipients) == ["Three officers"]
    assert (e.counts.injured, e.counts.killed) == (3, None)


def test_events_stage_separate_harm_is_not_folded(stages: tuple[Stage, ...]) -> None:
    """ "killed 21 and abducted 30": two incidents, not one."""
    doc = sentence("""
        Gunmen    gunman   NOUN  NNS nsubj  1
        killed    kill     VERB  VBD ROOT   1
        21        21       NUM   CD  dobj   1
        and       and      CCONJ CC  cc     1
        abducted  abduct   VERB  VBD conj   1
        30        30       NUM   CD  dobj   4
        .         .        PUNCT .   punct  1
    """)
    found = events(stages, doc)
    # "Gunmen" cues the firearms mode of the killing.
    assert [(e.trigger, e.mode) for e in found] == [("killed", "firearms"), ("abducted", "abduct")]


def test_events_stage_noun_anchored_by_a_light_verb(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Russia   Russia   PROPN NNP nsubj    1 GPE
        launched launch   VERB  VBD ROOT     1
        an       an       DET   DT  det      4
        air      air      NOUN  NN  compound 4
        strike   strike   NOUN  NN  dobj     1
        on       on       ADP   IN  prep     4
        Kharkiv  Kharkiv  PROPN NNP pobj     5 GPE
        .        .        PUNCT .   punct    1
    """)
    doc = with_places(doc, place(doc, "Kharkiv", "UKR"))
    (e,) = events(stages, doc)
    assert (e.type, e.mode, e.trigger) == ("ASSAULT", "aerial", "strike")
    assert [(a.text, a.country, a.sector) for a in e.actors] == [("Russia", "RUS", "MIL")]
    assert e.location is not None and e.location.text == "Kharkiv"


@pytest.mark.parametrize("verb", [("remember", "remember"), ("discussed", "discuss")])
def test_events_stage_bare_event_noun_is_not_an_event(stages: tuple[Stage, ...], verb: tuple[str, str]) -> None:
    """A mention of "the attack" that does not say it happened makes no ASSAULT."""
    doc = sentence(f"""
        Residents resident NOUN  NNS nsubj 1
        {verb[0]} {verb[1]} VERB VBD ROOT  1
        the       the      DET   DT  det   3
        attack    attack   NOUN  NN  dobj  1
        .         .        PUNCT .   punct 1
    """)
    assert [e.type for e in events(stages, doc) if e.type == "ASSAULT"] == []


def test_events_stage_noun_with_its_own_date_is_anchored(stages: tuple[Stage, ...]) -> None:
    doc = sentence(
        """
        Residents resident NOUN  NNS nsubj 1
        remember  remember VERB  VBP ROOT  1
        the       the      DET   DT  det   3
        attack    attack   NOUN  NN  dobj  1
        on        on       ADP   IN  prep  3
        October   October  PROPN NNP pobj  4 DATE
        3         3        NUM   CD  nummod 5 DATE
        .         .        PUNCT .   punct 1
        """,
        published=PUBLISHED,
    )
    (e,) = events(stages, doc)
    assert (e.type, e.trigger) == ("ASSAULT", "attack")
    assert e.date is not None and e.date.start == dt.date(2024, 10, 3)


@pytest.mark.parametrize(
    ("obj", "lemma", "expected"),
    [("drones", "drone", "ASSAULT"), ("investigation", "investigation", None)],
)
def test_events_stage_launch_needs_a_munition(
    stages: tuple[Stage, ...], obj: str, lemma: str, expected: str | None
) -> None:
    doc = sentence(f"""
        Russia   Russia   PROPN NNP nsubj  1 GPE
        launched launch   VERB  VBD ROOT   1
        new      new      ADJ   JJ  amod   3
        {obj}    {lemma}  NOUN  NNS dobj   1
        .        .        PUNCT .   punct  1
    """)
    assert [e.type for e in events(stages, doc)] == ([expected] if expected else [])


def test_events_stage_territory_verb_with_a_place_object(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Rebels rebel NOUN  NNS nsubj 1
        seized seize VERB  VBD ROOT  1
        Goma   Goma  PROPN NNP dobj  1 GPE
        .      .     PUNCT .   punct 1
    """)
    doc = with_places(doc, place(doc, "Goma", "COD"))
    (e,) = events(stages, doc)
    assert (e.type, e.mode, e.contexts) == ("ASSAULT", "firearms", ("territory",))
    assert e.location is not None and e.location.text == "Goma"


def test_events_stage_territory_verb_with_a_place_noun(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Rebels rebel NOUN  NNS nsubj 1
        took   take  VERB  VBD ROOT  1
        the    the   DET   DT  det   3
        town   town  NOUN  NN  dobj  1
        .      .     PUNCT .   punct 1
    """)
    (e,) = events(stages, doc)
    assert (e.type, e.contexts) == ("ASSAULT", ("territory",))


@pytest.mark.parametrize(("verb", "lemma"), [("seized", "seize"), ("took", "take")])
def test_events_stage_territory_verb_with_a_thing_object(stages: tuple[Stage, ...], verb: str, lemma: str) -> None:
    doc = sentence(f"""
        Police  police NOUN  NNS nsubj 1
        {verb}  {lemma} VERB VBD ROOT  1
        weapons weapon NOUN  NNS dobj  1
        .       .      PUNCT .   punct 1
    """)
    assert [(e.type, e.mode) for e in events(stages, doc)] == ([("COERCE", "seize")] if lemma == "seize" else [])


_DOWNED_JET = """
    Ukrainian ukrainian ADJ   JJ  amod  1 NORP
    forces    force     NOUN  NNS nsubj 2
    downed    down      VERB  VBD ROOT  2
    a         a         DET   DT  det   5
    Russian   russian   ADJ   JJ  amod  5 NORP
    jet       jet       NOUN  NN  dobj  2
    .         .         PUNCT .   punct 2
"""


def test_events_stage_downing_a_crewed_aircraft_is_an_attack(stages: tuple[Stage, ...]) -> None:
    (e,) = events(stages, sentence(_DOWNED_JET))
    assert (e.type, e.mode) == ("ASSAULT", "explosives")
    assert texts(e.recipients) == ["a Russian jet"]


def test_events_stage_shooting_down_drones_is_disruption(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Ukrainian ukrainian ADJ   JJ  amod     2 NORP
        air       air       NOUN  NN  compound 2
        defences  defence   NOUN  NNS nsubj    3
        shot      shoot     VERB  VBD ROOT     3
        down      down      ADP   RP  prt      3
        20        20        NUM   CD  nummod   6
        drones    drone     NOUN  NNS dobj     3
        .         .         PUNCT .   punct    3
    """)
    (e,) = events(stages, doc)
    assert (e.type, e.mode) == ("COERCE", "disrupt")


def test_events_stage_shooting_down_a_crewed_aircraft_is_an_attack(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Ukrainian ukrainian ADJ   JJ  amod     1 NORP
        forces    force     NOUN  NNS nsubj    2
        shot      shoot     VERB  VBD ROOT     2
        down      down      ADP   RP  prt      2
        a         a         DET   DT  det      7
        Russian   russian   ADJ   JJ  amod     7 NORP
        Su-25     su-25     PROPN NNP compound 7
        jet       jet       NOUN  NN  dobj     2
        .         .         PUNCT .   punct    2
    """)
    (e,) = events(stages, doc)
    assert (e.type, e.mode) == ("ASSAULT", "explosives")


@pytest.mark.parametrize(("obj", "lemma"), [("missiles", "missile"), ("drones", "drone")])
def test_events_stage_intercepting_weapons_is_disruption(
    stages: tuple[Stage, ...], obj: str, lemma: str
) -> None:
    doc = sentence(f"""
        Air         air       NOUN  NN  compound 1
        defences    defence   NOUN  NNS nsubj    2
        intercepted intercept VERB  VBD ROOT     2
        20          20        NUM   CD  nummod   4
        {obj}       {lemma}   NOUN  NNS dobj     2
        .           .         PUNCT .   punct    2
    """)
    (e,) = events(stages, doc)
    assert (e.type, e.mode) == ("COERCE", "disrupt")


def test_events_stage_neutralising_fighters_is_an_attack(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        The         the        DET   DT  det    1
        army        army       NOUN  NN  nsubj  2
        neutralised neutralise VERB  VBD ROOT   2
        15          15         NUM   CD  nummod 4
        fighters    fighter    NOUN  NNS dobj   2
        .           .          PUNCT .   punct  2
    """)
    (e,) = events(stages, doc)
    assert e.type == "ASSAULT"
    assert texts(e.recipients) == ["15 fighters"]


def test_events_stage_neutralising_fighters_has_no_aircraft_mode(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        The         the        DET   DT  det    1
        army        army       NOUN  NN  nsubj  2
        neutralised neutralise VERB  VBD ROOT   2
        15          15         NUM   CD  nummod 4
        fighters    fighter    NOUN  NNS dobj   2
        .           .          PUNCT .   punct  2
    """)
    (e,) = events(stages, doc)
    assert e.mode != "explosives"


def test_events_stage_massed_troops_are_counted_and_owned(stages: tuple[Stage, ...]) -> None:
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


def test_events_stage_ids_are_stable_and_distinct(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Gunmen    gunman   NOUN  NNS nsubj  1
        killed    kill     VERB  VBD ROOT   1
        21        21       NUM   CD  dobj   1
        and       and      CCONJ CC  cc     1
        abducted  abduct   VERB  VBD conj   1
        30        30       NUM   CD  dobj   4
        .         .        PUNCT .   punct  1
    """)
    first = [e.id for e in events(stages, doc)]
    assert first == [e.id for e in events(stages, doc)]
    assert len(set(first)) == len(first) == 2


def test_events_stage_adverb_down_still_makes_shoot_down(stages: tuple[Stage, ...]) -> None:
    # The parser sometimes attaches "down" as an adverb, not a particle.
    doc = sentence("""
        Air     air     NOUN  NN  compound 1
        defence defence NOUN  NN  nsubj    2
        shot    shoot   VERB  VBD ROOT     2
        down    down    ADV   RB  advmod   2
        12      12      NUM   CD  nummod   5
        drones  drone   NOUN  NNS dobj     2
        .       .       PUNCT .   punct    2
    """)
    (e,) = events(stages, doc)
    assert (e.type, e.mode) == ("COERCE", "disrupt")


def test_events_stage_casualty_clause_joins_the_light_verb_object(stages: tuple[Stage, ...]) -> None:
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
