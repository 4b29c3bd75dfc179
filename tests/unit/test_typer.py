"""The learned ACLED typer: features, the model file, the choice against the rules, the seam."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
from acled_builders import UKR_CVL, UKR_MIL, document, event_in, single

from sitreport.acled import AcledTable, code_events
from sitreport.acled.match import rule_for
from sitreport.errors import PipelineError, ResourceError
from sitreport.extract import PipelineConfig
from sitreport.model import AcledCoding, Factuality
from sitreport.stages.acled import AcledStage
from sitreport.typer import registry
from sitreport.typer.base import NO_EVENT, StaticAcledTyper
from sitreport.typer.build import Note, fingerprint, train, training_notes
from sitreport.typer.features import event_facts, event_text
from sitreport.typer.learned import LearnedAcledTyper
from sitreport.typer.linear import LinearModel
from sitreport.typer.settings import TyperSettings
from sitreport.typer.vectorize import Block, TextVectorizer, char_grams, normalise, word_grams


@pytest.fixture(scope="module")
def table() -> AcledTable:
    return AcledTable.load()


@pytest.fixture(scope="module")
def settings() -> TyperSettings:
    return TyperSettings.load()


# A tiny hand-written training set: two kinds of event told two ways each.
DAY = dt.date(2020, 1, 1)
TINY = [
    ("Protesters marched to the parliament demanding higher wages.", ["plover=PROTEST"], "Peaceful protest"),
    ("Hundreds of students rallied outside the ministry.", ["plover=PROTEST"], "Peaceful protest"),
    ("Soldiers clashed with rebels near the border town.", ["plover=ASSAULT"], "Armed clash"),
    ("Rebels and troops exchanged fire for hours.", ["plover=ASSAULT"], "Armed clash"),
]


@pytest.fixture(scope="module")
def tiny_model(settings: TyperSettings) -> LinearModel:
    notes = [Note(text, DAY, label) for text, _, label in TINY]
    small = replace(settings, min_df=1)
    return train(notes, small, [(text, facts) for text, facts, _ in TINY])


# --- features -------------------------------------------------------------------------


def test_normalise_drops_coder_remarks_and_digits() -> None:
    assert normalise("On 12 May, 300 Marched [size=around 300]") == "on 00 may, 000 marched  "


def test_word_grams_are_words_and_bigrams() -> None:
    assert word_grams("gunmen attacked a village") == [
        "gunmen", "attacked", "village", "gunmen attacked", "attacked village",
    ]


def test_char_grams_stay_inside_words() -> None:
    grams = char_grams("ab cd", 3, 3)
    assert grams == [" ab", "ab ", " cd", "cd "]


def test_block_keeps_terms_seen_in_enough_documents_and_rows_have_unit_length() -> None:
    block = Block.fit([["riot", "mob"], ["riot"], ["clash"]], min_df=2)
    assert block.terms == ("riot",)
    rows = block.transform([["riot", "riot", "unknown"], ["unknown"]]).toarray()
    assert rows[0, 0] == pytest.approx(1.0)
    assert rows[1].sum() == 0.0


def test_vectorizer_weights_the_facts_block() -> None:
    vec = TextVectorizer.fit(["a riot broke out"], [["plover=PROTEST"]], min_df=1, fact_weight=0.5)
    row = vec.transform(["a riot broke out"], [["plover=PROTEST"]]).toarray()[0]
    assert row[-1] == pytest.approx(0.5)  # the facts block is the last column block
    assert row.shape == (vec.size,)


def test_event_text_is_the_sentence_and_the_next() -> None:
    text = "Gunmen opened fire on a market. Four people were killed. Police arrived later."
    doc = single(text, "opened fire", "ASSAULT", "firearms")
    assert event_text(doc, doc.events[0]) == "Gunmen opened fire on a market. Four people were killed."


def test_event_facts_name_type_mode_rule_and_actors() -> None:
    doc = single("Soldiers clashed with rebels.", "clashed", "ASSAULT", "firearms", recipients=(UKR_MIL,),
                 killed=3, instruments=("firearms",))
    coding = AcledCoding("Battles", "Armed clash")
    facts = event_facts(doc.events[0], coding)
    assert {"plover=ASSAULT", "mode=ASSAULT/firearms", "rule=Armed clash", "rule_type=Battles",
            "instrument=firearms", "actor=MIL", "recipient=MIL", "killed"} <= set(facts)
    assert event_facts(None, None) == ["plover=none", f"rule={NO_EVENT}"]


# --- the model file -------------------------------------------------------------------


def test_tiny_model_learns_the_two_kinds(tiny_model: LinearModel) -> None:
    p = tiny_model.probabilities(["Workers rallied in the square."], [["plover=PROTEST"]])
    assert tiny_model.classes[int(np.argmax(p[0]))] == "Peaceful protest"
    assert p.sum() == pytest.approx(1.0, abs=1e-5)
    assert tiny_model.probabilities([], []).shape == (0, 2)


def test_model_round_trips_through_its_file(tiny_model: LinearModel, tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    tiny_model.save(path)
    loaded = LinearModel.load(path)
    texts, facts = ["Troops fought insurgents."], [["plover=ASSAULT"]]
    assert loaded.classes == tiny_model.classes
    assert loaded.fingerprint == tiny_model.fingerprint
    np.testing.assert_allclose(loaded.probabilities(texts, facts), tiny_model.probabilities(texts, facts), atol=1e-6)


def test_load_refuses_a_file_that_is_no_model(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    path.write_bytes(b"not a numpy archive")
    with pytest.raises(ResourceError, match="cannot read"):
        LinearModel.load(path)


def test_load_refuses_arrays_that_do_not_fit(tiny_model: LinearModel, tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    replace(tiny_model, coef=tiny_model.coef[:, :-1]).save(path)
    with pytest.raises(ResourceError, match="inconsistent"):
        LinearModel.load(path)


def test_fingerprint_follows_training_settings_not_thresholds(settings: TyperSettings) -> None:
    assert fingerprint(replace(settings, min_probability=0.9, margin=9.0)) == fingerprint(settings)
    assert fingerprint(replace(settings, c=settings.c * 2)) != fingerprint(settings)


# --- the choice against the rules -----------------------------------------------------


def test_typer_overrides_only_when_clearly_surer(tiny_model: LinearModel, settings: TyperSettings) -> None:
    typer = LearnedAcledTyper(tiny_model, replace(settings, min_probability=0.3, margin=2.0))
    protest, clash = (tiny_model.classes.index(c) for c in ("Peaceful protest", "Armed clash"))
    sure = np.zeros(2, dtype=np.float32)
    sure[protest], sure[clash] = 0.9, 0.1
    torn = np.zeros(2, dtype=np.float32)
    torn[protest], torn[clash] = 0.6, 0.4
    ruled_clash = AcledCoding("Battles", "Armed clash")
    assert typer._choose(sure, ruled_clash) == "Peaceful protest"
    assert typer._choose(torn, ruled_clash) is None  # 0.6 is not twice 0.4
    assert typer._choose(sure, AcledCoding("Protests", "Peaceful protest")) is None  # agrees
    assert typer._choose(sure, None) == "Peaceful protest"  # the rules coded nothing


def test_typer_leaves_unreal_and_non_candidate_events_to_the_rules(
    tiny_model: LinearModel, settings: TyperSettings
) -> None:
    text = "Protesters did not march. Officials met the envoy."
    denied = event_in(text, "march", "PROTEST", factuality=Factuality.NEGATED, actors=(UKR_CVL,))
    meeting = event_in(text, "met", "CONSULT", actors=(UKR_CVL,))
    typer = LearnedAcledTyper(tiny_model, settings)
    doc = document(text, denied, meeting)
    assert typer.propose(doc, [(denied, None), (meeting, None)]) == [None, None]


# --- the seam in the acled stage ------------------------------------------------------


def test_static_typer_recodes_through_the_stage(table: AcledTable) -> None:
    doc = single("Villagers gathered in the square of Lozova.", "gathered", "PROTEST", actors=(UKR_CVL,))
    before = AcledStage(table)(doc).events[0].acled
    after = AcledStage(table, StaticAcledTyper({"gathered": "Mob violence"}))(doc).events[0].acled
    assert before is None or before.sub_event_type != "Mob violence"
    assert after is not None
    assert (after.event_type, after.sub_event_type) == ("Riots", "Mob violence")
    assert after.inter1 == 5  # named as rioters by the typer rule


def test_typer_keeps_the_event_type_of_a_firm_rule(table: AcledTable) -> None:
    """A crowd wrecking property riots (a firm rule): the typer may pick another riot
    sub-event, not property destruction by an organised group, nor no event."""
    doc = single("A crowd of youths smashed the windows of the tax office in Lozova.", "smashed", "COERCE",
                 "destroy", actors=(), actor_kinds=("crowd",))
    ruled = code_events(doc.events, doc, table)[0].acled
    assert ruled is not None and (ruled.event_type, ruled.sub_event_type) == ("Riots", "Mob violence")
    for proposal in ("Looting/property destruction", NO_EVENT):
        kept = code_events(doc.events, doc, table, StaticAcledTyper({"smashed": proposal}))[0].acled
        assert kept == ruled
    refined = code_events(doc.events, doc, table, StaticAcledTyper({"smashed": "Violent demonstration"}))[0].acled
    assert refined is not None and refined.sub_event_type == "Violent demonstration"


def test_static_typer_can_uncode_an_event(table: AcledTable) -> None:
    doc = single("Russian forces clashed with Ukrainian forces near Lozova.", "clashed", "ASSAULT",
                 "firearms", recipients=(UKR_MIL,))
    assert code_events(doc.events, doc, table)[0].acled is not None
    assert code_events(doc.events, doc, table, StaticAcledTyper({"clashed": NO_EVENT}))[0].acled is None


def test_rule_for_prefers_a_matching_rule_and_falls_back_to_plain_naming(table: AcledTable) -> None:
    doc = single("Villagers gathered in Lozova.", "gathered", "PROTEST", actors=(UKR_CVL,))
    event = doc.events[0]
    chosen = rule_for("Peaceful protest", event, doc.events, "UKR", table)
    assert chosen.sub_event_type == "Peaceful protest"
    assert not chosen.id.startswith("typer:")
    fallback = rule_for("Looting/property destruction", event, doc.events, "UKR", table)
    assert fallback.id == "typer:Looting/property destruction"
    assert fallback.event_type == "Strategic developments"


def test_every_typer_rule_codes_a_known_sub_event(table: AcledTable) -> None:
    assert table.typer_rules
    for rule in table.typer_rules:
        assert table.sub_events[rule.sub_event_type].event_type == rule.event_type


# --- registry and settings ------------------------------------------------------------


def test_registry_builds_by_name_and_refuses_unknown_names() -> None:
    assert isinstance(registry.build("sitreport.typer.static.v1"), StaticAcledTyper)
    with pytest.raises(PipelineError, match="unknown ACLED typer"):
        registry.build("sitreport.typer.nonexistent.v9")
    with pytest.raises(PipelineError, match="already registered"):
        registry.register("sitreport.typer.static.v1", lambda: StaticAcledTyper({}))
    assert PipelineConfig().acled_typer == registry.DEFAULT_TYPER


def test_settings_errors_name_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sitreport.typer.settings.load_yaml", lambda _: {"candidate_types": ["FIGHT"]})
    with pytest.raises(ResourceError, match=r"typer\.yaml"):
        TyperSettings.load()


# --- the training notes (data we wrote) -----------------------------------------------


def test_training_notes_are_labelled_with_known_sub_events(settings: TyperSettings, table: AcledTable) -> None:
    notes = training_notes(settings)
    labels = {n.label for n in notes}
    assert labels <= set(table.sub_events) | {NO_EVENT}
    assert NO_EVENT in labels
    # every sub-event type the typer can propose has enough notes to learn it from
    assert all(sum(n.label == label for n in notes) >= 20 for label in labels)
    assert all(n.text.strip() and dt.date(1990, 1, 1) <= n.published <= dt.date(2027, 1, 1) for n in notes)


def test_every_training_file_row_has_the_written_schema() -> None:
    folder = Path(str(files("sitreport.resources") / "typer"))
    keys = {"id", "style", "event_date", "event_type", "sub_event_type", "notes"}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert keys <= set(row), (path.name, row.get("id"))
            assert row["style"] in {"acled-note", "news"}, (path.name, row["id"])


def test_downstream_parts_left_out_of_the_fingerprint_exist() -> None:
    from sitreport.typer.build import _DOWNSTREAM

    root = Path(str(files("sitreport")))
    assert all((root / name).exists() for name in _DOWNSTREAM)
    assert not {"stages", "acled", "triggers", "resources", "typer"} & _DOWNSTREAM
