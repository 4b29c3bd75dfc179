"""The coreference stage on hand-built parses: mentions of one event folded within a clause
and linked across sentences, and what the stages after it share within a cluster."""

from __future__ import annotations

import datetime as dt

from builders import document, events, place, run, sentence, texts, with_places

from sitreport.acled import AcledTable
from sitreport.lexicon import Lexicons
from sitreport.model import Document, Event, Factuality, GeoPrecision, Precision
from sitreport.pipeline import Stage
from sitreport.stages.acled import AcledStage
from sitreport.stages.coreference import CoreferenceStage

PUBLISHED = dt.date(2024, 10, 17)


def test_coreference_stage_casualty_verb_folds_into_the_attack(stages: tuple[Stage, ...]) -> None:
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


def test_coreference_stage_casualty_verb_folds_into_a_noun_attack(stages: tuple[Stage, ...]) -> None:
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


def test_coreference_stage_separate_harm_is_not_folded(stages: tuple[Stage, ...]) -> None:
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


def chain(e: Event) -> list[str]:
    return [s.name for s in e.attribution.chain]


def alone(stages: tuple[Stage, ...], part: Document, **meta: object) -> list[Event]:
    """The events of one sentence read without the rest of the article."""
    return events(stages, document(part, **meta))


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


def test_coreference_stage_declares_its_fields(lexicons: Lexicons) -> None:
    stage = CoreferenceStage(lexicons.events, lexicons.cues)
    assert isinstance(stage, Stage)
    assert {"doc.events", "event.mentions", "event.cluster", "event.type"} <= set(stage.assigns)
    assert {"doc.mentions", "mention.actors", "mention.recipients"} <= set(stage.requires)


def test_coreference_stage_hedged_lede_takes_the_later_source_place_and_count(stages: tuple[Stage, ...]) -> None:
    (lede_alone,) = alone(stages, sentence(_BELIEVED_DESERTED), published=PUBLISHED)
    (later_alone,) = alone(stages, sentence(_THEY_DESERTED_IN_KURSK_SUSPILNE_REPORTED), published=PUBLISHED)
    assert lede_alone.factuality is Factuality.HEDGED and chain(lede_alone) == []
    assert chain(later_alone) == ["Suspilne"] and later_alone.counts.people is None
    doc = document(
        sentence(_BELIEVED_DESERTED), sentence(_THEY_DESERTED_IN_KURSK_SUSPILNE_REPORTED), published=PUBLISHED
    )
    doc = with_places(doc, place(doc, "Kursk", "RUS", GeoPrecision.ADMIN1))
    lede, later = events(stages, doc)
    assert lede.cluster == later.cluster
    assert chain(lede) == ["Suspilne"]
    assert lede.attribution.cue == "reported"
    assert lede.factuality is Factuality.HEDGED  # sourced, and still hedged in its own words
    assert lede.location is not None and lede.location.text == "Kursk"
    assert later.counts.people == 18 == lede.counts.people  # the count told only in the lede
    assert [m.text for m in lede.mentions] == ["deserted"]


def test_coreference_stage_asserted_lede_keeps_its_own_voice(stages: tuple[Stage, ...]) -> None:
    doc = document(sentence(_DESERTED), sentence(_THEY_DESERTED_IN_KURSK_SUSPILNE_REPORTED), published=PUBLISHED)
    doc = with_places(doc, place(doc, "Kursk", "RUS", GeoPrecision.ADMIN1))
    lede, later = events(stages, doc)
    assert lede.cluster == later.cluster
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


def test_coreference_stage_scene_place_from_the_previous_sentence(stages: tuple[Stage, ...]) -> None:
    (arrest_alone,) = alone(stages, sentence(_POLICE_ARRESTED_DOZENS), published=PUBLISHED)
    assert arrest_alone.type == "COERCE" and arrest_alone.location is None
    doc = document(sentence(_RALLIED_IN_TBILISI), sentence(_POLICE_ARRESTED_DOZENS), published=PUBLISHED)
    doc = with_places(doc, place(doc, "Tbilisi", "GEO"))
    rally, arrest = events(stages, doc)
    assert arrest.location is not None and arrest.location.text == "Tbilisi"
    assert rally.location is not None and rally.location.text == "Tbilisi"
    assert rally.cluster != arrest.cluster  # a rally and an arrest: two events
    # Actors named without a nationality belong to the country where it happened.
    assert [(a.text, a.country) for a in arrest.actors] == [("Police", "GEO")]
    assert [(a.text, a.country) for a in rally.actors] == [("Protesters", "GEO")]


def test_coreference_stage_scene_place_reaches_back_to_the_nearest_sentence_naming_one(
    stages: tuple[Stage, ...],
) -> None:
    doc = document(
        sentence(_RALLIED_IN_TBILISI),
        sentence(_THE_CROWD_WAS_LARGE),
        sentence(_POLICE_ARRESTED_DOZENS),
        published=PUBLISHED,
    )
    doc = with_places(doc, place(doc, "Tbilisi", "GEO"))
    (arrest,) = [e for e in events(stages, doc) if e.type == "COERCE"]
    # The sentence right before names no place: the one before it does.
    assert arrest.sentence == 2 and arrest.location is not None and arrest.location.text == "Tbilisi"
    assert arrest.actors[0].country == "GEO"


def test_coreference_stage_first_sentence_takes_the_next_sentences_place(stages: tuple[Stage, ...]) -> None:
    # No sentence before names a place: the report names it right after the event.
    doc = document(sentence(_POLICE_ARRESTED_DOZENS), sentence(_RALLIED_IN_TBILISI), published=PUBLISHED)
    doc = with_places(doc, place(doc, "Tbilisi", "GEO"))
    arrest, _rally = events(stages, doc)
    assert arrest.location is not None and arrest.location.text == "Tbilisi"


def test_coreference_stage_undated_event_takes_the_publication_date(stages: tuple[Stage, ...]) -> None:
    (e,) = events(stages, document(sentence(_DESERTED), published=PUBLISHED))
    assert e.date is not None
    assert (e.date.start, e.date.end, e.date.precision) == (PUBLISHED, PUBLISHED, Precision.WEEK)
    assert e.date.inferred and e.date.text == ""


def test_coreference_stage_no_default_date_without_publication_date(stages: tuple[Stage, ...]) -> None:
    (e,) = events(stages, document(sentence(_DESERTED)))
    assert e.date is None


def test_coreference_stage_no_default_date_for_planned_events(stages: tuple[Stage, ...]) -> None:
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
    (e,) = events(stages, doc)
    assert e.factuality is Factuality.PLANNED and e.date is None


def test_coreference_stage_extends_a_chain_with_the_sources_own_source(stages: tuple[Stage, ...]) -> None:
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
    (attack_alone,) = alone(stages, plain)
    assert chain(attack_alone) == ["Suspilne"]
    retreat, attack = events(stages, document(cited, plain))
    assert chain(retreat) == ["Suspilne", "Officials"]
    assert chain(attack) == ["Suspilne", "Officials"]


_SHELLED_KILLING_TWO = """
    Russian   russian  ADJ   JJ  amod   1 NORP
    forces    force    NOUN  NNS nsubj  2
    shelled   shell    VERB  VBD ROOT   2
    Lozova    Lozova   PROPN NNP dobj   2 GPE
    ,         ,        PUNCT ,   punct  2
    killing   kill     VERB  VBG advcl  2
    two       two      NUM   CD  nummod 7
    civilians civilian NOUN  NNS dobj   5
    .         .        PUNCT .   punct  2
"""
_RUSSIAN_FORCES_SHELLED = """
    Russian russian ADJ   JJ  amod  1 NORP
    forces  force   NOUN  NNS nsubj 2
    shelled shell   VERB  VBD ROOT  2
    {town}  {town}  PROPN NNP dobj  2 GPE
    .       .       PUNCT .   punct 2
"""
_TWO_CIVILIANS_WERE_KILLED = """
    Two       two      NUM   CD  nummod    1
    civilians civilian NOUN  NNS nsubjpass 3
    were      be       AUX   VBD auxpass   3
    killed    kill     VERB  VBN ROOT      3
    .         .        PUNCT .   punct     3
"""


def test_coreference_stage_a_folded_event_keeps_all_its_mentions(stages: tuple[Stage, ...]) -> None:
    (e,) = events(stages, sentence(_SHELLED_KILLING_TWO))
    assert [m.text for m in e.mentions] == ["shelled", "killing"]
    assert e.mentions[0].start == e.trigger_start and e.cluster == e.id


def test_coreference_stage_an_attack_and_its_toll_are_one_cluster_coded_once(stages: tuple[Stage, ...]) -> None:
    doc = document(
        sentence(_RUSSIAN_FORCES_SHELLED.format(town="Lozova")),
        sentence(_TWO_CIVILIANS_WERE_KILLED),
        published=PUBLISHED,
    )
    doc = with_places(doc, place(doc, "Lozova", "UKR", admin1="Kharkiv Oblast"))
    attack, toll = run(doc, *stages, AcledStage(AcledTable.load())).events
    assert attack.cluster == toll.cluster == attack.id
    assert toll.location is not None and toll.location.text == "Lozova"  # the cluster's place
    assert attack.counts.killed == 2 == toll.counts.killed  # the attack's toll
    assert attack.acled is not None and toll.acled is None  # one ACLED event, on the attack
    assert attack.acled.fatalities == 2 and attack.acled.actor2 == "Civilians (Ukraine)"


def test_coreference_stage_attacks_on_two_towns_are_two_events(stages: tuple[Stage, ...]) -> None:
    doc = document(
        sentence(_RUSSIAN_FORCES_SHELLED.format(town="Lozova")),
        sentence(_RUSSIAN_FORCES_SHELLED.format(town="Izium")),
        published=PUBLISHED,
    )
    doc = with_places(doc, place(doc, "Lozova", "UKR"), place(doc, "Izium", "UKR"))
    first, second = run(doc, *stages, AcledStage(AcledTable.load())).events
    assert first.cluster != second.cluster
    assert first.acled is not None and second.acled is not None
