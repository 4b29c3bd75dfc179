"""Loading and checking the ACLED table; the stage that applies it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from acled_builders import document, event_in

from sitreport.acled import AcledTable
from sitreport.errors import ResourceError
from sitreport.pipeline import Pipeline
from sitreport.stages.acled import AcledStage

PACKAGED = Path(__file__).resolve().parents[2] / "src" / "sitreport" / "resources" / "acled.yaml"


def raw_table() -> dict[str, Any]:
    data = yaml.safe_load(PACKAGED.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_acled_table_loads_from_the_package() -> None:
    table = AcledTable.load()
    assert table.rules
    assert table == AcledTable.load(PACKAGED)


def test_acled_table_every_sub_event_type_has_a_rule() -> None:
    table = AcledTable.load()
    assert {r.sub_event_type for r in table.rules} == set(table.sub_events)


def test_acled_table_rule_ids_are_unique() -> None:
    ids = [r.id for r in AcledTable.load().rules]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (lambda d: d["rules"][0].update(code=["Battles", "Air/drone strike"]), "not ACLED's"),
        (lambda d: d["rules"][0]["when"].update(colour=["red"]), "unknown conditions"),
        (lambda d: d["rules"][0].update(actor1_role="soldiers"), "actor1_role"),
        (lambda d: d.pop("inter"), "inter"),
        (lambda d: d["rules"][0]["when"].update(instruments=["catapult"]), "unknown instruments"),
        (lambda d: d["rules"][0]["when"].update(lemma="no_such_list"), "no lemma list"),
    ],
    ids=["wrong-pair", "unknown-condition", "bad-role", "missing-section", "unknown-class", "unknown-lemma-list"],
)
def test_acled_table_rejects_malformed_tables(breaks: Any, message: str) -> None:
    data = raw_table()
    breaks(data)
    with pytest.raises(ResourceError, match=message):
        AcledTable.from_dict(data)


def test_acled_table_missing_file_is_a_resource_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError):
        AcledTable.load(tmp_path / "nope.yaml")


def test_acled_table_not_a_mapping_is_a_resource_error(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="mapping"):
        AcledTable.load(path)


class _EventsStage:
    """Stands in for the event stages before ACLED: declares that it assigns what ACLED reads."""

    name = "events"
    requires: tuple[str, ...] = ("text",)
    assigns: tuple[str, ...] = ("doc.events", *AcledStage(AcledTable.load()).requires)

    def __call__(self, doc: Any) -> Any:
        return doc


def test_acled_stage_sets_coding_on_each_event() -> None:
    text = "Russian forces shelled Lozova. Russia accused Ukraine of lying."
    doc = document(
        text,
        event_in(text, "shelled", "ASSAULT", "explosives", lemma="shell"),
        event_in(text, "accused", "ACCUSE"),
    )
    pipeline = Pipeline([_EventsStage(), AcledStage(AcledTable.load())])
    out = pipeline(doc)
    assert out.events[0].acled is not None
    assert out.events[0].acled.sub_event_type == "Shelling/artillery/missile attack"
    assert out.events[1].acled is None
    assert doc.events[0].acled is None  # the input is left as it was


def test_acled_stage_declares_its_fields() -> None:
    stage = AcledStage(AcledTable.load())
    assert (stage.name, stage.assigns) == ("acled", ("event.acled",))
    assert {"event.type", "event.actors", "event.location", "event.counts", "event.cluster"} <= set(stage.requires)


def test_acled_table_firm_rules_are_the_riot_word_and_a_crowd_wrecking_property() -> None:
    firm = {r.id for r in AcledTable.load().rules if r.firm}
    assert firm == {"violent-demonstration", "mob-destruction"}
