"""The PLOVER vocabulary: one data file, checked against the enums, used everywhere."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from sitreport.acled import AcledTable
from sitreport.data import load_yaml
from sitreport.errors import ResourceError
from sitreport.lexicon import EventLexicon
from sitreport.link.linker import FAMILIES
from sitreport.vocab import PLOVER, EventType, Sector, Vocabulary

VOCAB_JS = Path(__file__).resolve().parents[2] / "src" / "sitreport" / "ui" / "static" / "vocab.js"


def test_vocab_has_the_sixteen_plover_types() -> None:
    assert len(EventType) == 16
    assert set(PLOVER.types) == set(EventType)
    assert all(info.family and info.colour.startswith("#") for info in PLOVER.types.values())


def test_vocab_sector_groups_name_known_sectors() -> None:
    assert PLOVER.group("state") == {Sector.GOV, Sector.MIL, Sector.SPY, Sector.COP, Sector.LEG, Sector.JUD}
    assert Sector.CVL in PLOVER.group("civilian") and Sector.CVL not in PLOVER.group("armed")
    assert PLOVER.sectors(["armed", "CVL"], "test") == {*PLOVER.group("armed"), Sector.CVL}


def test_vocab_linker_families_cover_exactly_the_plover_types() -> None:
    assert set(FAMILIES) == {t.value for t in EventType}


def test_vocab_quad_codes_put_each_type_in_one_of_the_four_quad_categories() -> None:
    quads = PLOVER.quad_codes
    assert set(quads) == {t.value for t in EventType}
    assert set(quads.values()) == {1, 2, 3, 4}
    assert quads["ASSAULT"] == 4 and quads["AGREE"] == 1 and quads["AID"] == 2 and quads["THREATEN"] == 3


def test_vocab_ui_colours_are_the_data_files() -> None:
    block = re.search(r"export const PLOVER_TYPES = \[(.*?)\];", VOCAB_JS.read_text(encoding="utf-8"), re.S)
    assert block is not None
    colours = dict(re.findall(r'type: "([A-Z]+)", color: "(#[0-9a-f]{6})"', block.group(1)))
    assert colours == PLOVER.colours


@pytest.mark.parametrize(
    ("section", "entry", "message"),
    [
        ("verbs", {"type": "FIGHT"}, "not a PLOVER event type"),
        ("verbs", {"type": "ASSAULT", "mode": "arrest"}, "not a mode of ASSAULT"),
        ("nouns", {"type": "ASSAULT", "context": "weather"}, "not a known context"),
    ],
)
def test_vocab_lexicon_entry_outside_the_vocabulary_fails_at_load(
    section: str, entry: dict[str, str], message: str
) -> None:
    data = copy.deepcopy(load_yaml("events.yaml"))
    data[section]["skirmish"] = entry
    with pytest.raises(ResourceError, match=message):
        EventLexicon.from_dict(data)


def test_vocab_acled_rule_outside_the_vocabulary_fails_at_load() -> None:
    data = copy.deepcopy(load_yaml("acled.yaml"))
    data["rules"][0]["when"]["mode"] = ["troops"]
    with pytest.raises(ResourceError, match="troops"):
        AcledTable.from_dict(data)
    data = copy.deepcopy(load_yaml("acled.yaml"))
    data["rules"][0]["when"]["actor_sector"] = ["SOLDIERS"]
    with pytest.raises(ResourceError, match="SOLDIERS"):
        AcledTable.from_dict(data)


def test_vocab_data_file_must_match_the_enums() -> None:
    data = copy.deepcopy(load_yaml("plover.yaml"))
    data["types"]["FIGHT"] = data["types"].pop("ASSAULT")
    with pytest.raises(ResourceError, match="FIGHT"):
        Vocabulary.from_dict(data)
    data = copy.deepcopy(load_yaml("plover.yaml"))
    data["sector_groups"]["armed"].append("ARMY")
    with pytest.raises(ResourceError):
        Vocabulary.from_dict(data)
