"""What makes `sitreport extract` start fast: our place ruler, its cached patterns, no torch, C YAML."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitreport import cache
from sitreport.fastyaml import safe_load
from sitreport.nlp import PlaceRuler, split_glued_stops, tokenised_patterns

SRC = str(Path(__file__).resolve().parents[2] / "src")
# Overlapping names on purpose: "New York City" / "York City Hall", "Kharkiv Oblast" / "Oblast Road Bridge".
NAMES = ["Kharkiv", "Kharkiv Oblast", "Oblast Road Bridge", "New York", "New York City", "York", "York City Hall",
         "Côte d'Ivoire", "Rio de Janeiro"]  # fmt: skip
FILLER = ["in", ",", "New", "York", "City", "Hall", "Kharkiv", "Oblast", "Road", "Bridge", "de", "Rio", "Janeiro"]


@pytest.fixture(scope="module")
def blank() -> Any:
    import spacy

    return spacy.blank("en")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SITREPORT_DATA_DIR", str(tmp_path))
    return tmp_path


def ruler_for(nlp: Any, names: list[str]) -> PlaceRuler:
    ruler = PlaceRuler()
    ruler.add(tokenised_patterns(nlp, [{"label": "GPE", "pattern": n} for n in names]))
    return ruler


def ents(doc: Any) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def test_place_ruler_prefers_the_longest_then_the_leftmost_match(blank: Any, data_dir: Path) -> None:
    ruler = ruler_for(blank, NAMES)
    doc = ruler(blank("Shelling near New York City and in Kharkiv Oblast"))
    assert [e.text for e in doc.ents] == ["New York City", "Kharkiv Oblast"]
    doc = ruler(blank("Rio de Janeiro"))
    assert [e.text for e in doc.ents] == ["Rio de Janeiro"]
    # A longer match that starts later wins over the overlapping shorter one before it.
    ruler = ruler_for(blank, ["New York", "York City Hall", "Kharkiv Oblast", "Oblast Road"])
    doc = ruler(blank("in New York City Hall"))
    assert [e.text for e in doc.ents] == ["York City Hall"]
    doc = ruler(blank("Kharkiv Oblast Road"))
    assert [e.text for e in doc.ents] == ["Kharkiv Oblast"]  # equal length: the leftmost


def test_place_ruler_leaves_entities_of_the_statistical_ner_alone(blank: Any, data_dir: Path) -> None:
    from spacy.tokens import Span

    ruler = ruler_for(blank, NAMES)
    doc = blank("Kharkiv Oblast officials met in York")
    doc.ents = [Span(doc, 0, 1, label="ORG")]  # the NER took "Kharkiv"
    assert ents(ruler(doc)) == [(0, 1, "ORG"), (5, 6, "GPE")]


def test_place_ruler_matches_like_spacys_entity_ruler(blank: Any, data_dir: Path) -> None:
    """Same entities as EntityRuler (phrase patterns, no overwrite) on random mixes of names and words."""
    from spacy.tokens import Span

    ours = ruler_for(blank, NAMES)
    reference = blank.add_pipe("entity_ruler", name="reference")
    reference.add_patterns([{"label": "GPE", "pattern": n} for n in NAMES])
    rng = random.Random(7)
    for _ in range(500):
        # Whole names, and runs of their words that make overlapping matches.
        words = [rng.choice(NAMES) if rng.random() < 0.2 else rng.choice(FILLER) for _ in range(rng.randrange(1, 14))]
        text = " ".join(words)
        a, b = blank.make_doc(text), blank.make_doc(text)
        if len(a) > 2 and rng.random() < 0.3:  # an NER entity already there
            k = rng.randrange(len(a) - 1)
            a.ents = [Span(a, k, k + 1, label="PERSON")]
            b.ents = [Span(b, k, k + 1, label="PERSON")]
        assert ents(ours(a)) == ents(reference(b)), text


def test_tokenised_patterns_are_cached_in_the_data_dir(blank: Any, data_dir: Path) -> None:
    patterns = [{"label": "GPE", "pattern": "Côte d'Ivoire"}, {"label": "GPE", "pattern": "Kharkiv"}]
    first = tokenised_patterns(blank, patterns)
    assert first == [(("Côte", "d'Ivoire"), "GPE"), (("Kharkiv",), "GPE")]
    (cached,) = data_dir.glob("sitreport_places-*.json")
    # A second process reads the file instead of tokenising: prove it by planting a marker.
    cached.write_text(json.dumps([[["marker"], "GPE"]]), encoding="utf-8")
    assert tokenised_patterns(blank, patterns) == [(("marker",), "GPE")]
    # Other patterns are another key, another file.
    assert tokenised_patterns(blank, patterns[:1]) == [(("Côte", "d'Ivoire"), "GPE")]
    assert len(list(data_dir.glob("sitreport_places-*.json"))) == 2


def test_cache_rebuilds_a_corrupt_file_and_survives_an_unwritable_dir(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def build() -> list[int]:
        calls.append(1)
        return [1, 2]

    assert cache.cached_json("demo", [b"k"], build) == [1, 2]
    (path,) = data_dir.glob("demo-*.json")
    path.write_text("{not json", encoding="utf-8")
    assert cache.cached_json("demo", [b"k"], build) == [1, 2]
    assert len(calls) == 2
    assert cache.cached_json("demo", [b"k"], build) == [1, 2]
    assert len(calls) == 2  # the rebuilt file was read
    blocker = data_dir / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("SITREPORT_DATA_DIR", str(blocker / "sub"))  # a directory under a file cannot be made
    assert cache.cached_json("demo", [b"k"], build) == [1, 2]


def test_cache_keeps_only_the_newest_files(data_dir: Path) -> None:
    for n in range(cache.KEEP + 3):
        cache.cached_json("demo", [str(n).encode()], list)
    assert len(list(data_dir.glob("demo-*.json"))) == cache.KEEP


def test_prune_keeps_the_newest_files_of_one_pattern(tmp_path: Path) -> None:
    import os

    for n in range(cache.KEEP + 2):
        path = tmp_path / f"model-{n}.npz"
        path.write_bytes(b"")
        os.utime(path, (n, n))
    (tmp_path / "other-0.npz").write_bytes(b"")
    cache.prune(tmp_path, "model-*.npz")
    kept = sorted(p.name for p in tmp_path.glob("model-*.npz"))
    assert kept == [f"model-{n}.npz" for n in range(2, cache.KEEP + 2)]
    assert (tmp_path / "other-0.npz").exists()


@pytest.mark.slow
def test_loading_the_pipeline_does_not_import_torch_and_leaves_it_importable() -> None:
    script = (
        "import sys, importlib.util; from sitreport.nlp import load_nlp; load_nlp();"
        "import thinc.compat; assert not thinc.compat.has_torch;"
        "assert 'torch' not in sys.modules, 'torch was imported';"
        "print(importlib.util.find_spec('torch') is not None)"
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in {"True", "False"}  # find_spec works again: the block was lifted


RESOURCES = sorted(p.name for p in files("sitreport.resources").iterdir() if p.name.endswith(".yaml"))


@pytest.mark.parametrize("name", RESOURCES)
def test_resources_parse_the_same_with_the_c_yaml_parser(name: str) -> None:
    text = files("sitreport.resources").joinpath(name).read_text(encoding="utf-8")
    assert safe_load(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Students marched in Ndjamena.[size=no report]", ["Ndjamena", ".", "[size"]),
        ("Police said Wednesday.The violence spread.", ["Wednesday", ".", "The"]),
        ("The U.S. embassy closed.", ["U.S."]),  # an abbreviation ends in a capital: not split
    ],
)
def test_a_full_stop_glued_to_what_follows_is_split(blank: Any, text: str, tokens: list[str]) -> None:
    split_glued_stops(blank)
    words = [t.text for t in blank(text)]
    assert any(words[i : i + len(tokens)] == tokens for i in range(len(words)))
