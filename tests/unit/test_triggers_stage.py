"""The triggers stage and the rule trigger finder on hand-built parses: which words are
triggers, of what type and mode; the finder seam and its registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from builders import events, pipeline, place, sentence, texts, with_places

from sitreport.errors import PipelineError, StageError
from sitreport.extract import PipelineConfig, default_pipeline
from sitreport.geocode import StaticGeocoder
from sitreport.lexicon import Lexicons
from sitreport.model import EventType, Mention
from sitreport.pipeline import Stage
from sitreport.stages.triggers import TriggersStage
from sitreport.triggers import ParsedSentence, RuleTriggers, StaticTriggers, TriggerFinder, registry

PUBLISHED = dt.date(2024, 10, 17)


class _NoParser:
    """Stands in for spaCy: building a pipeline must not need the model."""

    pipe_names: tuple[str, ...] = ()

    def pipe(self, texts: Any, batch_size: int = 0) -> Any:
        raise AssertionError("the parser is never run in these tests")

def test_triggers_stage_noun_anchored_by_a_light_verb(stages: tuple[Stage, ...]) -> None:
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
def test_triggers_stage_bare_event_noun_is_not_an_event(stages: tuple[Stage, ...], verb: tuple[str, str]) -> None:
    """A mention of "the attack" that does not say it happened makes no ASSAULT."""
    doc = sentence(f"""
        Residents resident NOUN  NNS nsubj 1
        {verb[0]} {verb[1]} VERB VBD ROOT  1
        the       the      DET   DT  det   3
        attack    attack   NOUN  NN  dobj  1
        .         .        PUNCT .   punct 1
    """)
    assert [e.type for e in events(stages, doc) if e.type == "ASSAULT"] == []

def test_triggers_stage_noun_with_its_own_date_is_anchored(stages: tuple[Stage, ...]) -> None:
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
    [("drones", "drone", "ASSAULT"), ("website", "website", None)],
)
def test_triggers_stage_launch_needs_a_munition(
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

def test_triggers_stage_territory_verb_with_a_place_object(stages: tuple[Stage, ...]) -> None:
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

def test_triggers_stage_territory_verb_with_a_place_noun(stages: tuple[Stage, ...]) -> None:
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
def test_triggers_stage_territory_verb_with_a_thing_object(stages: tuple[Stage, ...], verb: str, lemma: str) -> None:
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

def test_triggers_stage_downing_a_crewed_aircraft_is_an_attack(stages: tuple[Stage, ...]) -> None:
    (e,) = events(stages, sentence(_DOWNED_JET))
    assert (e.type, e.mode) == ("ASSAULT", "explosives")
    assert texts(e.recipients) == ["a Russian jet"]

def test_triggers_stage_shooting_down_drones_is_disruption(stages: tuple[Stage, ...]) -> None:
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

def test_triggers_stage_shooting_down_a_crewed_aircraft_is_an_attack(stages: tuple[Stage, ...]) -> None:
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
def test_triggers_stage_intercepting_weapons_is_disruption(
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

def test_triggers_stage_neutralising_fighters_is_an_attack(stages: tuple[Stage, ...]) -> None:
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

def test_triggers_stage_neutralising_fighters_has_no_aircraft_mode(stages: tuple[Stage, ...]) -> None:
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

def test_triggers_stage_ids_are_stable_and_distinct(stages: tuple[Stage, ...]) -> None:
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

def test_triggers_stage_adverb_down_still_makes_shoot_down(stages: tuple[Stage, ...]) -> None:
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


_SHELLED = """
    Russian russian ADJ   JJ  amod  1 NORP
    forces  force   NOUN  NNS nsubj 2
    shelled shell   VERB  VBD ROOT  2
    Lozova  Lozova  PROPN NNP dobj  2 GPE
    .       .       PUNCT .   punct 2
"""


def _with_finders(stages: tuple[Stage, ...], *finders: TriggerFinder) -> tuple[Stage, ...]:
    return tuple(TriggersStage(list(finders)) if s.name == "triggers" else s for s in stages)


def test_triggers_stage_declares_its_fields(lexicons: Lexicons) -> None:
    stage = TriggersStage([RuleTriggers(lexicons.events, lexicons.arguments)])
    assert isinstance(stage, Stage)
    assert {"doc.mentions", "mention.type", "mention.mode"} <= set(stage.assigns)
    assert isinstance(stage.finders[0], TriggerFinder)


def test_triggers_stage_registry_resolves_the_shipped_finders(lexicons: Lexicons) -> None:
    assert isinstance(registry.build("sitreport.triggers.rules.v1", lexicons), RuleTriggers)
    assert isinstance(registry.build("sitreport.triggers.static.v1", lexicons), StaticTriggers)
    with pytest.raises(PipelineError, match=r"known: sitreport\.triggers\.rules\.v1"):
        registry.build("sitreport.triggers.learned.v9", lexicons)


def test_triggers_stage_configuration_picks_the_finders() -> None:
    config = PipelineConfig(triggers=("sitreport.triggers.rules.v1", "sitreport.triggers.static.v1"))
    pipeline = default_pipeline(config, nlp=_NoParser(), geocoder=StaticGeocoder([]))
    (stage,) = [s for s in pipeline.stages if isinstance(s, TriggersStage)]
    assert [f.name for f in stage.finders] == list(config.trigger_finders)
    with pytest.raises(PipelineError, match="unknown trigger finder"):
        default_pipeline(PipelineConfig(triggers="nope.v1"), nlp=_NoParser(), geocoder=StaticGeocoder([]))


def test_triggers_stage_static_finder_alone_spots_table_words(stages: tuple[Stage, ...]) -> None:
    finder = StaticTriggers({"shell": (EventType.ASSAULT, "explosives")})
    (e,) = events(_with_finders(stages, finder), sentence(_SHELLED))
    assert (e.type, e.mode, e.trigger) == ("ASSAULT", "explosives", "shelled")
    assert texts(e.actors) == ["Russian forces"]  # the roles stage reads any finder's mentions


def test_triggers_stage_a_finder_after_the_rules_retypes_their_candidates(
    stages: tuple[Stage, ...], lexicons: Lexicons
) -> None:
    """Where a learned typer plugs in: it sees the rule candidates and may re-type them."""
    retyper = StaticTriggers({"shell": (EventType.COERCE, "destroy")})
    (e,) = events(_with_finders(stages, RuleTriggers(lexicons.events, lexicons.arguments), retyper), sentence(_SHELLED))
    assert (e.type, e.mode) == ("COERCE", "destroy")


@dataclass
class _Backwards:
    name: str = "backwards"

    def find(self, sentence: ParsedSentence, candidates: Sequence[Mention]) -> list[Mention]:
        return list(reversed(candidates))


def test_triggers_stage_refuses_mentions_out_of_order(stages: tuple[Stage, ...], lexicons: Lexicons) -> None:
    doc = sentence("""
        Gunmen    gunman   NOUN  NNS nsubj  1
        killed    kill     VERB  VBD ROOT   1
        21        21       NUM   CD  dobj   1
        and       and      CCONJ CC  cc     1
        abducted  abduct   VERB  VBD conj   1
        30        30       NUM   CD  dobj   4
        .         .        PUNCT .   punct  1
    """)
    checked = pipeline(*_with_finders(stages, RuleTriggers(lexicons.events, lexicons.arguments), _Backwards()))
    with pytest.raises(StageError, match=r"'triggers' failed.*out of order") as info:
        checked(doc)
    assert info.value.stage == "triggers"


# Words that look like triggers but, by their construction, tell of no event; each paired
# with the same verb where it does.
_NOT_EVENTS = {
    # A participle standing for people, with its determiner, in a noun's place.
    "participle as people": ("""
        Medics    medic    NOUN  NNS nsubj 1
        carried   carry    VERB  VBD ROOT  1
        the       the      DET   DT  det   3
        wounded   wound    VERB  VBN dobj  1
        to        to       ADP   IN  prep  1
        safety    safety   NOUN  NN  pobj  4
        .         .        PUNCT .   punct 1
    """, "ASSAULT"),
    # A question put to someone, not a demand.
    "question asked": ("""
        Reporters reporter NOUN  NNS nsubj 1
        asked     ask      VERB  VBD ROOT  1
        whether   whether  SCONJ IN  mark  5
        the       the      DET   DT  det   4
        blast     blast    NOUN  NN  nsubj 5
        mattered  matter   VERB  VBD ccomp 1
        .         .        PUNCT .   punct 1
    """, "REQUEST"),
    "question about": ("""
        Reporters reporter NOUN  NNS nsubj 1
        asked     ask      VERB  VBD ROOT  1
        about     about    ADP   IN  prep  1
        the       the      DET   DT  det   4
        curfew    curfew   NOUN  NN  pobj  2
        .         .        PUNCT .   punct 1
    """, "REQUEST"),
    # Releasing information is publishing it, not freeing anyone.
    "release of information": ("""
        The       the      DET   DT  det   1
        ministry  ministry NOUN  NN  nsubj 2
        released  release  VERB  VBD ROOT  2
        new       new      ADJ   JJ  amod  4
        figures   figure   NOUN  NNS dobj  2
        .         .        PUNCT .   punct 2
    """, "RETREAT"),
    # "called ... on Friday" is no "call on".
    "phrasal preposition heading a date": ("""
        The       the      DET   DT  det   1
        party     party    NOUN  NN  nsubj 2
        called    call     VERB  VBD ROOT  2
        a         a        DET   DT  det   4
        congress  congress NOUN  NN  dobj  2
        on        on       ADP   IN  prep  2
        Friday    Friday   PROPN NNP pobj  5 DATE
        .         .        PUNCT .   punct 2
    """, "REQUEST"),
}

_EVENTS = {
    "participle as people": ("""
        Soldiers  soldier  NOUN  NNS nsubj  1
        wounded   wound    VERB  VBD ROOT   1
        three     three    NUM   CD  nummod 3
        marchers  marcher  NOUN  NNS dobj   1
        .         .        PUNCT .   punct  1
    """, "ASSAULT"),
    "question asked": ("""
        Mali      Mali     PROPN NNP nsubj 1 GPE
        asked     ask      VERB  VBD ROOT  1
        Chad      Chad     PROPN NNP dobj  1 GPE
        for       for      ADP   IN  prep  1
        troops    troop    NOUN  NNS pobj  3
        .         .        PUNCT .   punct 1
    """, "REQUEST"),
    "release of information": ("""
        Rebels    rebel    NOUN  NNS nsubj  1
        released  release  VERB  VBD ROOT   1
        nine      nine     NUM   CD  nummod 3
        hostages  hostage  NOUN  NNS dobj   1
        .         .        PUNCT .   punct  1
    """, "RETREAT"),
    "phrasal preposition heading a date": ("""
        The       the      DET   DT  det   1
        party     party    NOUN  NN  nsubj 2
        called    call     VERB  VBD ROOT  2
        on        on       ADP   IN  prep  2
        the       the      DET   DT  det   5
        army      army     NOUN  NN  pobj  3
        to        to       PART  TO  aux   7
        withdraw  withdraw VERB  VB  xcomp 2
        .         .        PUNCT .   punct 2
    """, "REQUEST"),
}


@pytest.mark.parametrize("case", sorted(_NOT_EVENTS))
def test_triggers_stage_construction_that_tells_no_event(stages: tuple[Stage, ...], case: str) -> None:
    table, kind = _NOT_EVENTS[case]
    assert [e.type for e in events(stages, sentence(table)) if e.type == kind] == []


@pytest.mark.parametrize("case", sorted(_EVENTS))
def test_triggers_stage_same_verb_telling_an_event(stages: tuple[Stage, ...], case: str) -> None:
    table, kind = _EVENTS[case]
    assert kind in [e.type for e in events(stages, sentence(table))]


_DISMISSALS = {
    "modifier": ("""
        Such      such      ADJ   JJ  amod  2
        baseless  baseless  ADJ   JJ  amod  2
        charges   charge    NOUN  NNS nsubj 3
        deserve   deserve   VERB  VBP ROOT  3
        no        no        DET   DT  det   5
        answer    answer    NOUN  NN  dobj  3
        .         .         PUNCT .   punct 3
    """, True),
    "preposition's object": ("""
        To        to         ADP   IN  prep  4
        fabricated fabricated ADJ  JJ  amod  2
        allegations allegation NOUN NNS pobj 0
        we        we         PRON  PRP nsubj 4
        say       say        VERB  VBP ROOT  4
        nothing   nothing    PRON  NN  dobj  4
        .         .          PUNCT .   punct 4
    """, True),
    "predicate": ("""
        The       the       DET   DT  det   1
        reports   report    NOUN  NNS nsubj 2
        are       be        AUX   VBP ROOT  2
        unfounded unfounded ADJ   JJ  acomp 2
        .         .         PUNCT .   punct 2
    """, True),
    "bare phrase": ("""
        Baseless  baseless  ADJ   JJ  amod  1
        claims    claim     NOUN  NNS ROOT  1
    """, False),
    "claims made": ("""
        Rebels    rebel     NOUN  NNS nsubj 1
        made      make      VERB  VBD ROOT  1
        false     false     ADJ   JJ  amod  3
        claims    claim     NOUN  NNS dobj  1
        .         .         PUNCT .   punct 1
    """, False),
}


@pytest.mark.parametrize("case", sorted(_DISMISSALS))
def test_triggers_stage_claim_called_false_is_rejected(stages: tuple[Stage, ...], case: str) -> None:
    """A claim the sentence calls false is rejected; one a side makes (its object) is not."""
    table, rejected = _DISMISSALS[case]
    assert ("REJECT" in [e.type for e in events(stages, sentence(table))]) == rejected


def test_triggers_stage_event_noun_counted_takes_the_counting_nouns_place(stages: tuple[Stage, ...]) -> None:
    """ "Launched a wave of strikes": the strikes are what was launched, by whom launched."""
    doc = sentence("""
        Rebels   rebel    NOUN  NNS nsubj 1
        launched launch   VERB  VBD ROOT  1
        a        a        DET   DT  det   3
        wave     wave     NOUN  NN  dobj  1
        of       of       ADP   IN  prep  3
        strikes  strike   NOUN  NNS pobj  4
        .        .        PUNCT .   punct 1
    """)
    (e,) = events(stages, doc)
    assert (e.type, e.trigger) == ("ASSAULT", "strikes")
    assert [a.text for a in e.actors] == ["Rebels"]


def test_triggers_stage_event_noun_counted_in_a_bare_mention_is_no_event(stages: tuple[Stage, ...]) -> None:
    doc = sentence("""
        Residents resident NOUN NNS nsubj 1
        recalled  recall   VERB  VBD ROOT  1
        a         a        DET   DT  det   3
        series    series   NOUN  NN  dobj  1
        of        of       ADP   IN  prep  3
        attacks   attack   NOUN  NNS pobj  4
        .         .        PUNCT .   punct 1
    """)
    assert [e.type for e in events(stages, doc) if e.type == "ASSAULT"] == []


@pytest.mark.parametrize(
    ("verb", "lemma", "noun", "noun_lemma", "expected"),
    [("convened", "convene", "meeting", "meeting", "CONSULT"), ("rammed", "ram", "crowd", "crowd", "ASSAULT")],
)
def test_triggers_stage_meetings_convened_and_vehicles_rammed(
    stages: tuple[Stage, ...], verb: str, lemma: str, noun: str, noun_lemma: str, expected: str
) -> None:
    doc = sentence(f"""
        A        a        DET   DT  det   1
        minister minister NOUN  NN  nsubj 2
        {verb}   {lemma}  VERB  VBD ROOT  2
        a        a        DET   DT  det   4
        {noun}   {noun_lemma} NOUN NN dobj 2
        .        .        PUNCT .   punct 2
    """)
    assert expected in [e.type for e in events(stages, doc)]
