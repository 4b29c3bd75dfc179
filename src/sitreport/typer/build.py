"""Training the learned ACLED typer on our own notes, once, into the data dir.

    python -m sitreport.typer.build [--force]

The training notes (resources/typer/*.jsonl) are ACLED-style event descriptions and
no-event texts that we wrote for the project (resources/typer/README.md); no ACLED row is
read. Each note goes through the rule pipeline (without the typer) so that the model
learns from the facts the rules find, as they find them at prediction time. The model
file is named after a fingerprint of everything that shapes it — the notes, the settings
and the package's code and resources — and is rebuilt when that changes, so a stale model
never pairs with newer rules. Building takes a minute or two (the pipeline over the notes
dominates) and is done by the setup script; the file is written under a temporary name
and renamed, so concurrent builds cannot corrupt it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np

from sitreport import cache
from sitreport.errors import ResourceError
from sitreport.model import Document, Event
from sitreport.typer.features import event_facts, event_text, opening_text
from sitreport.typer.linear import LinearModel
from sitreport.typer.settings import TyperSettings
from sitreport.typer.vectorize import TextVectorizer

__all__ = ["Note", "ensure_model", "fingerprint", "model_path", "pick", "train", "training_notes"]

_BATCH = 64


@dataclass(frozen=True)
class Note:
    """One training text with its label (an ACLED sub-event type, or "none": `base.NO_EVENT`)."""

    text: str
    published: dt.date
    label: str


def training_notes(settings: TyperSettings) -> list[Note]:
    folder = files("sitreport.resources") / "typer"
    out: list[Note] = []
    for pattern in settings.training_files:
        for path in sorted(Path(str(folder)).glob(pattern)):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    out.append(Note(row["notes"], dt.date.fromisoformat(row["event_date"]), row["sub_event_type"]))
    if not out:
        raise ResourceError("no training notes for the event typer in resources/typer/")
    return out


_SETTINGS_FILE = Path("resources") / "typer" / "typer.yaml"
# Parts of the package downstream of extraction (shells, store, linking, evaluation): they
# cannot change what the rule pipeline finds in a note, so editing them needs no retraining.
_DOWNSTREAM = frozenset({"ui", "store", "link", "eval", "cli.py", "cli_corpus.py", "cli_eval.py", "cli_serve.py",
                         "api.py", "query.py", "ingest.py", "scale.py", "termtable.py", "independence.py"})


def fingerprint(settings: TyperSettings | None = None) -> str:
    """Hash of what shapes the model: the code and resources of extraction (the notes among
    them) and the settings training reads; the thresholds of prediction are left out, so
    changing them needs no retraining."""
    settings = settings or TyperSettings.load()
    root = Path(str(files("sitreport")))
    digest = hashlib.sha256(repr(settings.training_key).encode())
    for path in sorted(p for p in root.rglob("*") if p.suffix in {".py", ".yaml", ".csv", ".jsonl"}):
        rel = path.relative_to(root)
        if rel.parts[0] in _DOWNSTREAM or "__pycache__" in rel.parts or rel == _SETTINGS_FILE:
            continue
        digest.update(rel.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path(data_dir: Path | None = None) -> Path:
    return (data_dir or cache.data_dir()) / f"typer-acled-{fingerprint()}.npz"


def pick(doc: Document, settings: TyperSettings) -> Event | None:
    """The event a note stands for, as the typer will meet it: the first coded event that
    happened, else the first event of a candidate type, in sentence order."""
    from sitreport.acled.coding import happened

    coded = [e for e in doc.events if e.acled is not None and happened(e)]
    pool = coded or [e for e in doc.events if e.type in settings.candidate_types and happened(e)]
    return min(pool, key=lambda e: (e.sentence, e.trigger_start)) if pool else None


def _examples(notes: Sequence[Note], settings: TyperSettings) -> Iterator[tuple[str, list[str]]]:
    from sitreport.extract import PipelineConfig, default_pipeline
    from sitreport.io.read import read_text

    pipeline = default_pipeline(PipelineConfig(acled_typer=None, time_budget=None))
    docs = (read_text(n.text, published=n.published) for n in notes)
    for doc in pipeline.pipe(docs, batch_size=_BATCH):
        event = pick(doc, settings)
        if event is None:
            yield opening_text(doc), event_facts(None, None)
        else:
            yield event_text(doc, event), event_facts(event, event.acled)


def train(notes: Sequence[Note], settings: TyperSettings, examples: Sequence[tuple[str, list[str]]]) -> LinearModel:
    """Fit the model to `examples` (text and facts per note) labelled by `notes`."""
    from sklearn.linear_model import LogisticRegression

    texts = [t for t, _ in examples]
    facts = [f for _, f in examples]
    vectorizer = TextVectorizer.fit(texts, facts, min_df=settings.min_df, fact_weight=settings.fact_weight)
    classifier = LogisticRegression(C=settings.c, max_iter=5000)
    classifier.fit(vectorizer.transform(texts, facts), [n.label for n in notes])
    coef = np.asarray(classifier.coef_, dtype=np.float32)
    intercept = np.asarray(classifier.intercept_, dtype=np.float32)
    if coef.shape[0] == 1:  # two classes: one score for the second, which a zero row makes a softmax
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([np.zeros_like(intercept), intercept])
    return LinearModel(vectorizer, tuple(str(c) for c in classifier.classes_), coef, intercept, fingerprint(settings))


def build(path: Path) -> LinearModel:
    settings = TyperSettings.load()
    notes = training_notes(settings)
    model = train(notes, settings, list(_examples(notes, settings)))
    path.parent.mkdir(parents=True, exist_ok=True)
    model.save(path)
    cache.prune(path.parent, "typer-acled-*.npz")
    return model


def ensure_model(data_dir: Path | None = None) -> Path:
    """The model file for the current code, built first when there is none."""
    path = model_path(data_dir)
    if not path.exists():
        print("sitreport: training the ACLED typer for this code (once, about two minutes)", file=sys.stderr)
        build(path)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitreport.typer.build", description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if a model for this code exists")
    args = parser.parse_args(argv)
    path = model_path()
    if args.force or not path.exists():
        build(path)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
