"""Pinned evaluation floors that only move down on purpose.

A baseline file (`tests/eval/eval_baseline.json`, `eval_shared/baseline.json`) holds
floors: figures an evaluation must not fall below. `repin` replaces them with freshly
measured figures; a figure below its floor is refused unless the caller gives a reason,
and then every lowered floor is recorded in the file's `lowered` list with that reason.
`signature` is a digest of the floors and that record, written by `seal`; `problems`
reports a file whose floors changed without it (an edit by hand) or whose record is
malformed, so the gate tests can check that no floor went down unrecorded.

Floors are the float leaves of the file's floor sections, addressed by slash paths
("files/x.json/recall"); other keys (epsilon, hashes, counts) are not floors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitreport.eval.gold import load_gold, score

__all__ = [
    "FloorError",
    "Lowering",
    "flatten",
    "measure",
    "measure_set",
    "problems",
    "repin",
    "seal",
    "signature",
]

# How far below its floor a deterministic run may score: the rounding of a shown figure.
MAX_EPSILON = 0.005


class FloorError(ValueError):
    """A re-pin would lower floors and no reason was given."""

    def __init__(self, lowered: list[Lowering]) -> None:
        self.lowered = lowered
        shown = ", ".join(f"{low.floor} {low.before} -> {low.after}" for low in lowered)
        super().__init__(f"these floors would go down: {shown}; re-run with --lower REASON to record why")


@dataclass(frozen=True)
class Lowering:
    floor: str
    before: float
    after: float


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, float]:
    """The float leaves of `tree` by slash path."""
    out: dict[str, float] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, path + "/"))
        elif isinstance(value, float):
            out[path] = value
    return out


def measure(result: Mapping[str, Any]) -> dict[str, float]:
    """The floors kept per scored article: recall, precision, mean field score, type."""
    fields: Mapping[str, float] = result["fields"]
    return {
        "recall": float(result["recall"] or 0.0),
        "precision": float(result["precision"]),
        "mean_field": round(sum(fields.values()) / len(fields), 3) if fields else 0.0,
        "type": float(fields.get("type", 0.0)),
    }


# Extracts a gold file's article: (gold, text) -> the JSON `sitreport extract` prints.
Extract = Callable[[Mapping[str, Any], str], Mapping[str, Any]]


def measure_set(paths: Sequence[Path], extract: Extract) -> dict[str, Any]:
    """Floors for a folder of gold files: each file's `measure`, and over the set the mean
    recall and precision and each field pooled over its matched events (as score_dir.py)."""
    files: dict[str, dict[str, float]] = {}
    recall: list[float] = []
    precision: list[float] = []
    pooled: dict[str, list[int]] = {}
    for path in paths:
        gold, text = load_gold(path)
        result = score(gold, extract(gold, text), text)
        files[path.name] = measure(result)
        recall.append(float(result["recall"] or 0.0))
        precision.append(float(result["precision"]))
        for name, shown in result["field_counts"].items():
            right, total = map(int, shown.split("/"))
            tally = pooled.setdefault(name, [0, 0])
            tally[0] += right
            tally[1] += total
    n = max(len(paths), 1)
    mean = {"recall": round(sum(recall) / n, 3), "precision": round(sum(precision) / n, 3)}
    fields = {name: round(right / total, 3) for name, (right, total) in sorted(pooled.items()) if total}
    return {"files": files, "set": {**mean, "fields": fields}}


def repin(
    baseline: Mapping[str, Any],
    measured: Mapping[str, Any],
    *,
    lower: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """`baseline` with the sections of `measured` replaced by the measured figures.

    A floor that would go down raises `FloorError` unless `lower` gives the reason; with
    one, each lowered floor is appended to `lowered` (floor, from, to, reason, date). A
    floor measured for the first time is new, not lowered; one no longer measured is
    dropped (its article left the set)."""
    old = flatten({k: baseline[k] for k in measured if k in baseline})
    new = flatten(measured)
    lowered = [Lowering(k, old[k], v) for k, v in sorted(new.items()) if k in old and v < old[k]]
    if lowered and not lower:
        raise FloorError(lowered)
    out = dict(baseline)
    out.update({k: json.loads(json.dumps(v)) for k, v in measured.items()})
    record = list(baseline.get("lowered", []))
    when = (today or dt.date.today()).isoformat()
    record += [{"floor": x.floor, "from": x.before, "to": x.after, "reason": lower, "date": when} for x in lowered]
    out["lowered"] = record
    return seal(out)


def signature(baseline: Mapping[str, Any]) -> str:
    """Digest of every floor and of the lowering record (not of the signature itself)."""
    body = {k: v for k, v in baseline.items() if k != "signature"}
    canonical = json.dumps({"floors": flatten(body), "lowered": body.get("lowered", [])}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def seal(baseline: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(baseline)
    out["signature"] = signature(out)
    return out


def problems(baseline: Mapping[str, Any]) -> list[str]:
    """What is wrong with a baseline file: floors changed by hand, a malformed or
    unexplained lowering record, an epsilon wider than a rounding step."""
    found: list[str] = []
    if baseline.get("signature") != signature(baseline):
        found.append("floors or their record changed without scripts/pin_floors.py (signature differs)")
    if not 0 <= float(baseline.get("epsilon", 1.0)) <= MAX_EPSILON:
        found.append(f"epsilon {baseline.get('epsilon')} is wider than {MAX_EPSILON}")
    floors = flatten({k: v for k, v in baseline.items() if k != "lowered"})
    for n, entry in enumerate(baseline.get("lowered", [])):
        where = f"lowered[{n}]"
        if not str(entry.get("reason") or "").strip():
            found.append(f"{where}: no reason")
        if not float(entry.get("to", 0.0)) < float(entry.get("from", 0.0)):
            found.append(f"{where}: 'to' is not below 'from'")
        if entry.get("floor") not in floors:
            continue  # an article that has since left the set
        if floors[entry["floor"]] < float(entry["to"]) and not _later(baseline, n, entry["floor"]):
            found.append(f"{where}: {entry['floor']} is below the recorded {entry['to']}")
    return found


def _later(baseline: Mapping[str, Any], n: int, floor: str) -> bool:
    return any(e.get("floor") == floor for e in baseline.get("lowered", [])[n + 1 :])
