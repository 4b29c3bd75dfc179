#!/usr/bin/env python3
"""Re-pin the evaluation floors from a fresh measurement; never lower one silently.

    .venv/bin/python scripts/pin_floors.py                    # every section
    .venv/bin/python scripts/pin_floors.py --only gold,real   # some of them
    .venv/bin/python scripts/pin_floors.py --dry-run          # print, write nothing
    .venv/bin/python scripts/pin_floors.py --lower "REASON"   # allow floors to go down, recorded

Sections: `gold` (our articles in tests/gold -> tests/eval/eval_baseline.json), and in
eval_shared/baseline.json `seed` (the shared seed article), `real` (the real articles of
../shared/gold/real, per article and over the set) and `acled` (the ACLED development
files already listed there; never the held-out world-check.csv). A floor that would go
down stops the script (exit 1) unless --lower gives the reason, which is recorded beside
the floor in the file's `lowered` list; the gate tests refuse a file whose floors changed
without this script. Run with PYTHONPATH=src.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sitreport.eval.floors import FloorError, flatten, measure, measure_set, repin
from sitreport.eval.gold import load_gold, score
from sitreport.extract import default_pipeline
from sitreport.io.read import read_text
from sitreport.pipeline import Pipeline
from sitreport.serialize import document_to_dict

REPO = Path(__file__).resolve().parents[1]
GOLD_BASELINE = REPO / "tests" / "eval" / "eval_baseline.json"
SHARED_BASELINE = REPO / "eval_shared" / "baseline.json"
HELD_OUT = "world-check.csv"
SECTIONS = ("gold", "seed", "real", "acled")


def shared_folder() -> Path:
    return Path(os.environ.get("SITREPORT_SHARED") or REPO.parent / "shared").resolve()


def extractor(pipeline: Pipeline) -> Any:
    def extract(gold: Mapping[str, Any], text: str) -> Mapping[str, Any]:
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        return document_to_dict(pipeline(read_text(text, outlet=gold.get("outlet"), published=published)))

    return extract


def corpus_digest(paths: list[Path]) -> str:
    """The digest test_gold_gate.py checks: every article's text, then its gold file."""
    digest = hashlib.sha256()
    for path in paths:
        gold = json.loads(path.read_text())
        digest.update((path.parent.parent / gold["doc"]).read_text(encoding="utf-8").encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def measure_gold(pipeline: Pipeline) -> dict[str, Any]:
    paths = sorted((REPO / "tests" / "gold").glob("*.json"))
    return measure_set(paths, extractor(pipeline))


def measure_seed(pipeline: Pipeline, shared: Path) -> dict[str, Any]:
    gold, text = load_gold(shared / "gold" / "newsweek-2024-10-17-north-korean-deserters.json")
    result = score(gold, extractor(pipeline)(gold, text), text)
    return {**{k: v for k, v in measure(result).items() if k != "mean_field"}, "fields": dict(result["fields"])}


def measure_real(pipeline: Pipeline, shared: Path) -> dict[str, Any]:
    return measure_set(sorted((shared / "gold" / "real").glob("*.json")), extractor(pipeline))


def measure_acled(baseline: Mapping[str, Any], shared: Path) -> dict[str, Any]:
    from typer.testing import CliRunner

    from sitreport.cli import app

    out: dict[str, Any] = {}
    for name, floors in sorted(baseline.get("acled", {}).items()):
        if name == HELD_OUT:
            raise SystemExit(f"{HELD_OUT} is held out: it has no floors")
        run = CliRunner().invoke(app, ["eval", "acled", str(shared / "gold" / "acled" / name), "--format", "json"])
        if run.exit_code != 0:
            raise SystemExit(f"sitreport eval acled {name} failed: {run.output}")
        got = json.loads(run.stdout)
        out[name] = {metric: float(got[metric]) for metric in floors}
    return out


def show(old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    before, after = flatten(old), flatten(new)
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a != b:
            print(f"  {key}: {a} -> {b}")


def write(path: Path, old: dict[str, Any], measured: dict[str, Any], args: argparse.Namespace) -> int:
    try:
        new = repin(old, measured, lower=args.lower)
    except FloorError as exc:
        print(f"{path.relative_to(REPO)}: refused: {exc}", file=sys.stderr)
        return 1
    print(f"{path.relative_to(REPO)}:")
    show(old, new)
    if not args.dry_run:
        path.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--lower", metavar="REASON", help="allow floors to go down, recording REASON")
    parser.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    if args.lower is not None and not args.lower.strip():
        parser.error("--lower needs a reason")
    pipeline = default_pipeline()
    rc = 0
    if "gold" in chosen:
        old = json.loads(GOLD_BASELINE.read_text(encoding="utf-8"))
        paths = sorted((REPO / "tests" / "gold").glob("*.json"))
        old_with_hash = {**old, "corpus_sha256": corpus_digest(paths)}
        rc |= write(GOLD_BASELINE, old_with_hash, measure_gold(pipeline), args)
    shared_sections = [s for s in chosen if s != "gold"]
    if shared_sections:
        shared = shared_folder()
        old = json.loads(SHARED_BASELINE.read_text(encoding="utf-8"))
        measured: dict[str, Any] = {}
        if "seed" in shared_sections:
            measured["seed"] = measure_seed(pipeline, shared)
        if "real" in shared_sections:
            measured["real"] = measure_real(pipeline, shared)
            old = {**old, "real_articles": len(measured["real"]["files"])}
        if "acled" in shared_sections:
            measured["acled"] = measure_acled(old, shared)
        rc |= write(SHARED_BASELINE, old, measured, args)
    return rc


if __name__ == "__main__":
    sys.exit(main())
