"""The `sitreport extract` contract (docs/contract.md), checked through the real CLI.

Runs the full pipeline on the bundled example article (examples/kharkiv-strike.txt,
written for this project): the README's first command. The shared seed article's
own facts are checked by eval_shared/test_seed.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pycountry
import pytest
from typer.testing import CliRunner, Result

from sitreport.cli import app
from sitreport.io.read import MAX_BYTES

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kharkiv-strike.txt"
OUTLET, PUBLISHED = "Frontline Wire", "2024-03-14"  # its header lines
FLAGS = ["--published", PUBLISHED, "--outlet", OUTLET]

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
FACTUALITY = {"asserted", "reported", "hedged", "alleged", "denied", "planned", "hypothetical", "negated"}
DATE_PRECISION = {"day", "week", "month", "year"}
GEO_PRECISION = {"point", "admin1", "country", "region"}
SOURCE_KINDS = {"outlet", "person", "organization", "government", "anonymous", "report"}
COUNT_KEYS = {"killed", "injured", "people", "arrested"}
# ACLED's public export layout, in order.
ACLED_HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
ACLED_EVENT_TYPES = {
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
}  # fmt: skip
ISO3 = re.compile(r"^[A-Z]{3}$")


def extract(*args: str, stdin: bytes | None = None) -> Result:
    # A wide terminal so the table never truncates its cells.
    return CliRunner(env={"COLUMNS": "300"}).invoke(app, ["extract", *args], input=stdin)


@pytest.fixture(scope="module")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def example_run(example_text: str) -> Result:
    return extract(str(EXAMPLE), *FLAGS, "--format", "json")


@pytest.fixture(scope="module")
def output(example_run: Result) -> dict[str, Any]:
    assert example_run.exit_code == 0, example_run.stderr
    data = json.loads(example_run.stdout)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def events(output: dict[str, Any]) -> list[dict[str, Any]]:
    found = output["events"]
    assert isinstance(found, list) and found, "the example article yields events"
    return found


def test_extract_contract_prints_one_json_object(example_run: Result) -> None:
    assert example_run.exit_code == 0
    assert example_run.stderr == ""
    json.loads(example_run.stdout)  # the whole of stdout is one JSON document


def test_extract_contract_document(output: dict[str, Any], example_text: str) -> None:
    doc = output["document"]
    assert {"id", "outlet", "published", "title"} <= set(doc)
    assert doc["id"] == hashlib.sha256(example_text.encode("utf-8")).hexdigest()
    assert (doc["outlet"], doc["published"]) == (OUTLET, PUBLISHED)
    assert doc["title"] is None or isinstance(doc["title"], str)


def test_extract_contract_event_fields(events: list[dict[str, Any]]) -> None:
    keys = {"id", "type", "mode", "contexts", "acled", "actors", "recipients", "location", "date", "counts",
            "attribution", "factuality", "evidence"}
    ids = [e["id"] for e in events]
    assert len(set(ids)) == len(ids)
    for e in events:
        assert keys <= set(e), sorted(keys - set(e))
        assert isinstance(e["id"], str) and e["id"]
        assert e["type"] in PLOVER_TYPES
        assert e["mode"] is None or (isinstance(e["mode"], str) and e["mode"])
        assert isinstance(e["contexts"], list) and all(isinstance(c, str) for c in e["contexts"])
        assert e["factuality"] in FACTUALITY


def test_extract_contract_event_ids_are_stable(events: list[dict[str, Any]]) -> None:
    again = json.loads(extract(str(EXAMPLE), *FLAGS).stdout)["events"]
    assert [e["id"] for e in again] == [e["id"] for e in events]


def test_extract_contract_acled(events: list[dict[str, Any]]) -> None:
    coded = [e["acled"] for e in events if e["acled"] is not None]
    assert coded, "the example has conflict events"
    for acled in coded:
        assert acled["event_type"] in ACLED_EVENT_TYPES
        assert isinstance(acled["sub_event_type"], str) and acled["sub_event_type"]


def test_extract_contract_actors(events: list[dict[str, Any]], example_text: str) -> None:
    actors = [a for e in events for a in (*e["actors"], *e["recipients"])]
    assert actors
    for a in actors:
        assert isinstance(a["text"], str) and a["text"]
        assert a["country"] is None or ISO3.match(a["country"]), a
        assert a["country"] is None or pycountry.countries.get(alpha_3=a["country"]) is not None, a
        assert a["sector"] is None or (ISO3.match(a["sector"]) and a["sector"].isupper()), a
        if "start" in a:  # an added field; where present it must point at the mention
            assert example_text[a["start"] : a["end"]] == a["text"]
    assert {a["country"] for a in actors} >= {"RUS", "UKR"}


def test_extract_contract_location(events: list[dict[str, Any]]) -> None:
    located = [e["location"] for e in events if e["location"] is not None]
    assert located
    for loc in located:
        assert {"text", "name", "country", "admin1", "lat", "lon", "precision"} <= set(loc)
        assert isinstance(loc["text"], str) and loc["text"]
        assert loc["country"] is None or ISO3.match(loc["country"])
        assert loc["precision"] is None or loc["precision"] in GEO_PRECISION, loc["precision"]
        for coord, bound in (("lat", 90), ("lon", 180)):
            assert loc[coord] is None or (isinstance(loc[coord], float) and -bound <= loc[coord] <= bound)


def test_extract_contract_date(events: list[dict[str, Any]]) -> None:
    dated = [e["date"] for e in events if e["date"] is not None]
    assert dated
    for d in dated:
        assert {"text", "start", "end", "precision"} <= set(d)
        start, end = dt.date.fromisoformat(d["start"]), dt.date.fromisoformat(d["end"])
        assert start <= end <= dt.date.fromisoformat(PUBLISHED)  # news reports the past
        assert d["precision"] in DATE_PRECISION
        assert d["text"] is None or isinstance(d["text"], str)


def test_extract_contract_counts_are_null_not_zero(events: list[dict[str, Any]]) -> None:
    for e in events:
        counts = e["counts"]
        assert set(counts) >= COUNT_KEYS
        for key in COUNT_KEYS:
            assert counts[key] is None or (isinstance(counts[key], int) and counts[key] > 0), (key, counts)
    killed = [e["counts"]["killed"] for e in events if e["counts"]["killed"] is not None]
    assert 3 in killed  # "killing three civilians"
    arrested = [e["counts"]["arrested"] for e in events if e["counts"]["arrested"] is not None]
    assert 40 in arrested  # "Police detained 40 protesters"


def test_extract_contract_attribution(events: list[dict[str, Any]]) -> None:
    for e in events:
        attribution = e["attribution"]
        assert set(attribution) >= {"chain", "cue"}
        assert attribution["cue"] is None or isinstance(attribution["cue"], str)
        for link in attribution["chain"]:
            assert isinstance(link["name"], str) and link["name"]
            assert link["kind"] in SOURCE_KINDS
            assert link["name"] != OUTLET  # the document's own outlet is never a link
        if e["factuality"] == "asserted":
            assert attribution["chain"] == [], e["evidence"]["sentence"]
        if e["factuality"] == "reported":
            assert attribution["chain"], e["evidence"]["sentence"]


def test_extract_contract_evidence_slices_the_text(events: list[dict[str, Any]], example_text: str) -> None:
    for e in events:
        ev = e["evidence"]
        assert isinstance(ev["start"], int) and isinstance(ev["end"], int)
        assert 0 <= ev["start"] < ev["end"] <= len(example_text)
        assert example_text[ev["start"] : ev["end"]] == ev["sentence"]
        if "trigger" in e:  # an added field; it lies inside its sentence
            trig = e["trigger"]
            assert example_text[trig["start"] : trig["end"]] == trig["text"]
            assert ev["start"] <= trig["start"] < trig["end"] <= ev["end"]


def test_extract_contract_known_chain(events: list[dict[str, Any]]) -> None:
    """ "Russia's Defense Ministry claimed its forces had struck ..., according to the state news
    agency TASS": outermost first, the outlet that carries the claim, then who made it."""
    (struck,) = [e for e in events if e.get("trigger", {}).get("text") == "struck"]
    chain = [(s["name"], s["kind"]) for s in struck["attribution"]["chain"]]
    assert chain == [("TASS", "outlet"), ("Defense Ministry", "government")]
    assert struck["factuality"] in {"reported", "alleged"}  # told through sources, not asserted
    (denial,) = [e for e in events if e.get("trigger", {}).get("text") == "denied"]
    assert (denial["type"], denial["factuality"], denial["attribution"]["chain"]) == ("REJECT", "asserted", [])


def test_extract_contract_stdin_gives_the_same_output(example_run: Result) -> None:
    piped = extract("-", *FLAGS, "--format", "json", stdin=EXAMPLE.read_bytes())
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout == example_run.stdout


def test_extract_contract_header_supplies_outlet_and_date(output: dict[str, Any]) -> None:
    """Without --published/--outlet the "Frontline Wire / Mar 14, 2024" header lines are used."""
    plain = extract(str(EXAMPLE))
    assert plain.exit_code == 0, plain.stderr
    data = json.loads(plain.stdout)
    assert (data["document"]["outlet"], data["document"]["published"]) == (OUTLET, PUBLISHED)
    assert data["events"] == output["events"]


def test_extract_contract_flags_override_the_header() -> None:
    run = extract(str(EXAMPLE), "--outlet", "Other Desk", "--published", "2024-03-20")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)["document"]
    assert (doc["outlet"], doc["published"]) == ("Other Desk", "2024-03-20")


def test_extract_contract_table_format(events: list[dict[str, Any]]) -> None:
    result = extract(str(EXAMPLE), *FLAGS, "--format", "table")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith(OUTLET)
    assert f"{len(events)} events" in out.splitlines()[0]
    for column in ("type", "where", "when", "counts", "source chain", "factuality"):
        assert column in out
    assert "TASS ← Defense Ministry" in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


@pytest.mark.parametrize("width", [80, 160])
def test_extract_contract_table_fits_the_terminal(events: list[dict[str, Any]], width: int) -> None:
    result = CliRunner(env={"COLUMNS": str(width)}).invoke(app, ["extract", str(EXAMPLE), "--format", "table"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    names = {w for e in events for link in e["attribution"]["chain"] for w in link["name"].split()}
    names |= {w for e in events for a in e["actors"] for w in a["text"].split()}
    assert names and all(w in result.stdout for w in names)  # wrapped between words, never inside
    assert ("left out for width" in result.stdout) is (width == 80)


def test_extract_contract_acled_csv_format(events: list[dict[str, Any]]) -> None:
    result = extract(str(EXAMPLE), *FLAGS, "--format", "acled-csv")
    assert result.exit_code == 0, result.stderr
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert header[: len(ACLED_HEADER)] == ACLED_HEADER
    assert rows
    assert len(rows) <= sum(1 for e in events if e["acled"] is not None)
    sentences = {e["evidence"]["sentence"] for e in events}
    for row in rows:
        record = dict(zip(header, row, strict=True))
        assert record["event_type"] in ACLED_EVENT_TYPES
        assert record["notes"] in sentences
        assert record["fatalities"].isdigit()


# -- bad input -------------------------------------------------------------------------


def _sparse(path: Path) -> None:
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)


BAD_FILES = {
    "empty": (lambda p: p.write_bytes(b""), "empty"),
    "blank": (lambda p: p.write_bytes(b"  \n\t\n"), "empty"),
    "binary": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary"),
    "not UTF-8": (lambda p: p.write_bytes("Kämpfe in Charkiw.".encode("latin-1")), "UTF-8"),
    "over the size limit": (_sparse, "limit"),
    "HTML without text": (lambda p: p.write_bytes(b"<html><body><div></div></body></html>"), "no article text"),
    "header without body": (lambda p: p.write_bytes(b"Newsweek\nOct 17, 2024\n"), "no text"),
}


def assert_refused(result: Result, message: str) -> None:
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "error" in result.stderr
    assert message.lower() in result.stderr.lower(), result.stderr


@pytest.mark.parametrize(("write", "message"), list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_extract_contract_refuses_bad_files(tmp_path: Path, write: Any, message: str) -> None:
    path = tmp_path / "article.txt"
    write(path)
    assert_refused(extract(str(path), *FLAGS), message)


@pytest.mark.parametrize(("data", "message"), [(b"", "empty"), (b"\x00\x01\x02\x03", "binary")])
def test_extract_contract_refuses_bad_stdin(data: bytes, message: str) -> None:
    assert_refused(extract("-", *FLAGS, stdin=data), message)


def test_extract_contract_refuses_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert_refused(extract(str(missing), *FLAGS), "no such file")


@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30", "yesterday"])
def test_extract_contract_refuses_a_bad_published_date(example_text: str, value: str) -> None:
    assert_refused(extract(str(EXAMPLE), "--published", value), value)


def test_extract_contract_refuses_an_unknown_format(example_text: str) -> None:
    result = extract(str(EXAMPLE), "--format", "xml")
    assert result.exit_code != 0 and result.stdout == ""


# -- the reference document ------------------------------------------------------------

CONTRACT_DOC = Path(__file__).resolve().parents[2] / "docs" / "contract.md"


def _section(heading: str) -> str:
    """The text of docs/contract.md under the heading that contains `heading`."""
    text = CONTRACT_DOC.read_text(encoding="utf-8")
    parts = re.split(r"^#+ ", text, flags=re.M)
    (found,) = [p for p in parts if p and heading in p.splitlines()[0]]
    return found


def test_extract_contract_every_printed_field_is_documented(output: dict[str, Any]) -> None:
    """Each key the CLI prints is described in docs/contract.md, in its object's section."""
    events = output["events"]
    objects: dict[str, list[dict[str, Any]]] = {
        "`document`": [output["document"]],
        "`events[]`": events,
        "Actors": [a for e in events for a in (*e["actors"], *e["recipients"])],
        "`location`": [e["location"] for e in events if e["location"]],
        "`date`": [e["date"] for e in events if e["date"]],
        "`attribution`": [e["attribution"] for e in events],
        "`acled`": [e["acled"] for e in events if e["acled"]],
    }
    missing = []
    for heading, found in objects.items():
        section = _section(heading)
        keys = sorted({k for obj in found for k in obj})
        missing += [f"{heading}.{key}" for key in keys if f"`{key}`" not in section]
    chain_keys = {k for e in events for link in e["attribution"]["chain"] for k in link}
    missing += [f"chain[].{k}" for k in sorted(chain_keys) if f"`chain[].{k}`" not in _section("`attribution`")]
    missing += [f"counts.{k}" for k in sorted(COUNT_KEYS) if f"`{k}`" not in _section("`counts`")]
    assert not missing, f"fields printed but not described in docs/contract.md: {missing}"
