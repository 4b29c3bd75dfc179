"""The arguments stage on hand-built parses: instruments and targets bound to the event's
own clause, each on its side; actor kinds from the actors' phrases."""

from __future__ import annotations

from builders import run, sentence

from sitreport.lexicon import Lexicons
from sitreport.model import Event
from sitreport.pipeline import Stage
from sitreport.stages.arguments import ArgumentsStage


def by_trigger(stages: tuple[Stage, ...], table: str) -> dict[str, Event]:
    return {e.trigger: e for e in run(sentence(table), *stages).events}


def test_arguments_stage_declares_its_fields(lexicons: Lexicons) -> None:
    stage = ArgumentsStage(lexicons.arguments)
    assert isinstance(stage, Stage)
    assert {"event.instruments", "event.targets", "event.actor_kinds", "event.actors"} <= set(stage.assigns)
    assert "event.location" in stage.requires  # actors named without a country are local


def test_arguments_stage_what_is_fired_is_the_instrument(stages: tuple[Stage, ...]) -> None:
    e = by_trigger(
        stages,
        """
        Police     police    NOUN  NNS nsubj    1
        fired      fire      VERB  VBD ROOT     1
        tear       tear      NOUN  NN  compound 3
        gas        gas       NOUN  NN  dobj     1
        at         at        ADP   IN  prep     1
        protesters protester NOUN  NNS pobj     4
        .          .         PUNCT .   punct    1
        """,
    )["fired"]
    assert (e.instruments, e.targets) == (("nonlethal",), ("protesters",))


def test_arguments_stage_a_drone_shot_down_is_a_target(stages: tuple[Stage, ...]) -> None:
    e = by_trigger(
        stages,
        """
        Ukrainian ukrainian ADJ   JJ  amod  1 NORP
        forces    force     NOUN  NNS nsubj 2
        shot      shoot     VERB  VBD ROOT  2
        down      down      ADP   RP  prt   2
        a         a         DET   DT  det   6
        Russian   russian   ADJ   JJ  amod  6 NORP
        drone     drone     NOUN  NN  dobj  2
        .         .         PUNCT .   punct 2
        """,
    )["shot"]
    assert (e.type, e.mode) == ("COERCE", "disrupt")
    assert (e.instruments, e.targets) == ((), ("projectile",))
    assert e.mentions[0].lemma == "shoot down"


def test_arguments_stage_a_drone_that_hits_is_an_instrument(stages: tuple[Stage, ...]) -> None:
    e = by_trigger(
        stages,
        """
        A       a       DET   DT  det   2
        Russian russian ADJ   JJ  amod  2 NORP
        drone   drone   NOUN  NN  nsubj 3
        hit     hit     VERB  VBD ROOT  3
        a       a       DET   DT  det   5
        school  school  NOUN  NN  dobj  3
        .       .       PUNCT .   punct 3
        """,
    )["hit"]
    assert (e.instruments, e.targets) == (("drone",), ("facility", "civilian_places"))


def test_arguments_stage_aircraft_downing_aircraft(stages: tuple[Stage, ...]) -> None:
    e = by_trigger(
        stages,
        """
        Russian   russian   ADJ   JJ  amod  1 NORP
        aircraft  aircraft  NOUN  NN  nsubj 2
        shot      shoot     VERB  VBD ROOT  2
        down      down      ADP   RP  prt   2
        a         a         DET   DT  det   6
        Ukrainian ukrainian ADJ   JJ  amod  6 NORP
        helicopter helicopter NOUN NN dobj  2
        .         .         PUNCT .   punct 2
        """,
    )["shot"]
    assert (e.instruments, e.targets) == (("aircraft",), ("aircraft",))


def test_arguments_stage_a_weapon_of_another_clause_is_not_this_events(stages: tuple[Stage, ...]) -> None:
    """ "Gunmen shot two villagers and soldiers shelled the camp with artillery": the
    artillery is the shelling's, not the shooting's."""
    found = by_trigger(
        stages,
        """
        Gunmen    gunman   NOUN  NNS nsubj  1
        shot      shoot    VERB  VBD ROOT   1
        two       two      NUM   CD  nummod 3
        villagers villager NOUN  NNS dobj   1
        and       and      CCONJ CC  cc     1
        soldiers  soldier  NOUN  NNS nsubj  6
        shelled   shell    VERB  VBD conj   1
        the       the      DET   DT  det    8
        camp      camp     NOUN  NN  dobj   6
        with      with     ADP   IN  prep   6
        artillery artillery NOUN NN  pobj   9
        .         .        PUNCT .   punct  1
        """,
    )
    assert found["shot"].instruments == ()
    assert "artillery" in found["shelled"].instruments
    assert found["shelled"].targets == ("base",)


def test_arguments_stage_a_word_on_an_actors_noun_is_no_instrument(stages: tuple[Stage, ...]) -> None:
    e = by_trigger(
        stages,
        """
        Drone     drone    NOUN  NN  compound 1
        operators operator NOUN  NNS nsubj    2
        attacked  attack   VERB  VBD ROOT     2
        the       the      DET   DT  det      4
        village   village  NOUN  NN  dobj     2
        .         .        PUNCT .   punct    2
        """,
    )["attacked"]
    assert e.instruments == ()
    assert e.targets == ("civilian_places", "territory")


def test_arguments_stage_a_crowd_is_an_actor_kind(stages: tuple[Stage, ...]) -> None:
    e = by_trigger(
        stages,
        """
        A        a        DET   DT  det   1
        mob      mob      NOUN  NN  nsubj 4
        of       of       ADP   IN  prep  1
        villagers villager NOUN NNS pobj  2
        beat     beat     VERB  VBD ROOT  4
        a        a        DET   DT  det   6
        thief    thief    NOUN  NN  dobj  4
        .        .        PUNCT .   punct 4
        """,
    )["beat"]
    # "mob" is a crowd the words call violent, "villagers" a crowd: both are kinds of crowd.
    assert set(e.actor_kinds) == {"mob", "crowd"}
