"""Score an extraction output against a hand-made gold file (shared/gold/*.json).

The same semantics as shared/tools/score.py, typed: a predicted event matches a gold event
when its evidence covers the gold anchor; each gold event is scored by its best-matching
prediction (type first, then the number of fields right); field scores are taken over
the required gold events that were found.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypedDict

from sitreport.errors import InputError

__all__ = ["GoldScore", "covers", "field_checks", "load_gold", "norm", "score"]

Json = Mapping[str, Any]


class GoldScore(TypedDict):
    required_events: int
    recall: float | None
    precision: float
    predicted_events: int
    fields: dict[str, float]
    field_counts: dict[str, str]
    missed: list[str]
    per_event: dict[str, dict[str, bool] | None]


def norm(value: object) -> str:
    """Lower case, typographic apostrophes straightened, whitespace collapsed."""
    return " ".join(str(value or "").lower().replace("\u2019", "'").split())


def _country_set(value: object) -> set[str] | None:
    if value is None:
        return None
    if isinstance(value, list):
        return {str(v) for v in value}
    return {str(value)}


def _names_match(want: str, names: Iterable[str]) -> bool:
    w = norm(want)
    return any(w in norm(n) or (bool(norm(n)) and norm(n) in w) for n in names)


def covers(pred: Json, text: str, anchor: str) -> bool:
    """Whether the prediction's evidence holds the gold anchor."""
    ev: Json = pred.get("evidence") or {}
    sentence = ev.get("sentence") or ""
    if norm(anchor) in norm(sentence):
        return True
    start, end = ev.get("start"), ev.get("end")
    pos = text.find(anchor)
    if isinstance(start, int) and isinstance(end, int) and pos >= 0:
        return start <= pos and pos + len(anchor) <= end + 1
    return False


def _role_ok(spec: Json, entities: Sequence[Json]) -> bool:
    want = _country_set(spec.get("country"))
    ok = bool(entities) and (want is None or any(e.get("country") in want for e in entities))
    if ok and spec.get("sector"):
        ok = any(e.get("sector") == spec["sector"] and (want is None or e.get("country") in want) for e in entities)
    return ok


def _location_ok(spec: Json, pred: Json) -> bool:
    place: Json = pred.get("location") or {}
    ok = bool(place.get("country") == spec["country"])
    if ok and spec.get("admin1"):
        seen = norm(place.get("admin1")) + " " + norm(place.get("name"))
        ok = any(norm(x) in seen for x in spec["admin1"])
    return ok


def _date_ok(spec: Json, pred: Json) -> bool:
    date: Json = pred.get("date") or {}
    start, end = date.get("start"), date.get("end")
    if not start or not end:
        return False
    if "latest" in spec:
        return bool(end <= spec["latest"])
    ok = bool(spec["start"] <= start and end <= spec["end"])
    if spec.get("precision") == "day":
        ok = ok and start == end
    return ok


def _chain_names(pred: Json) -> list[str]:
    chain = (pred.get("attribution") or {}).get("chain") or []
    return [c.get("name", "") if isinstance(c, dict) else str(c) for c in chain]


def field_checks(gold: Json, pred: Json) -> dict[str, bool]:
    """{field: right?} for each field the gold event specifies."""
    out = {"type": pred.get("type") in gold["types"]}
    for role, key in (("actor", "actors"), ("recipient", "recipients")):
        if role in gold:
            out[role] = _role_ok(gold[role], pred.get(key) or [])
    if "location" in gold:
        out["location"] = _location_ok(gold["location"], pred)
    if "date" in gold:
        out["date"] = _date_ok(gold["date"], pred)
    if "counts" in gold:
        counts: Json = pred.get("counts") or {}
        out["counts"] = all(counts.get(k) == v for k, v in gold["counts"].items())
    if "attribution" in gold:
        names = _chain_names(pred)
        out["attribution"] = all(_names_match(w, names) for w in gold["attribution"])
    if "factuality" in gold:
        out["factuality"] = pred.get("factuality") in gold["factuality"]
    return out


def score(gold_doc: Json, output: Json, text: str) -> GoldScore:
    """Recall, precision and per-field accuracy of `output` against `gold_doc`."""
    preds: Sequence[Json] = output.get("events") or []
    golds: Sequence[Json] = gold_doc["events"]
    matched: set[int] = set()
    per_gold: dict[str, dict[str, bool] | None] = {}
    for gold in golds:
        best: tuple[tuple[bool, int], dict[str, bool]] | None = None
        for i, pred in enumerate(preds):
            if covers(pred, text, gold["anchor"]):
                matched.add(i)
                checks = field_checks(gold, pred)
                rank = (checks["type"], sum(checks.values()))
                if best is None or rank > best[0]:
                    best = (rank, checks)
        per_gold[gold["id"]] = best[1] if best else None
    required = [g for g in golds if g.get("required")]
    found = [g for g in required if per_gold[g["id"]] is not None]
    tallies: dict[str, list[int]] = {}
    for gold in found:
        for name, ok in (per_gold[gold["id"]] or {}).items():
            tally = tallies.setdefault(name, [0, 0])
            tally[0] += ok
            tally[1] += 1
    return {
        "required_events": len(required),
        "recall": round(len(found) / len(required), 3) if required else None,
        "precision": round(len(matched) / len(preds), 3) if preds else 0.0,
        "predicted_events": len(preds),
        "fields": {f: round(a / b, 3) for f, (a, b) in sorted(tallies.items())},
        "field_counts": {f: f"{a}/{b}" for f, (a, b) in sorted(tallies.items())},
        "missed": [g["id"] for g in required if per_gold[g["id"]] is None],
        "per_event": dict(per_gold),
    }


def load_gold(path: Path) -> tuple[dict[str, Any], str]:
    """The gold file and the text it annotates (its `doc`, relative to the gold folder's parent).

    `InputError` when the file is missing, is not JSON, or lacks `doc` or `events`.
    """
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read gold file {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"gold file {path} is not valid JSON: {exc}") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("events"), list) or "doc" not in gold:
        raise InputError(f"gold file {path} needs a `doc` path and an `events` list")
    root = path.resolve().parent.parent
    doc_path = root / str(gold["doc"])
    try:
        text = doc_path.read_text(encoding="utf-8")
    except OSError as exc:
        why = exc.strerror or exc
        raise InputError(f"cannot read the gold document {doc_path}: {why}") from exc
    return gold, text
