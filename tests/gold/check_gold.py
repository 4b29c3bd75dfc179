#!/usr/bin/env python3
"""Sanity-check the hand-annotated gold set in this directory (stdlib only).

Usage: python3 tests/gold/check_gold.py [GOLD.json ...]   (default: every *.json here)

For each gold file it checks that the article exists and starts with the outlet line and a
"Mon D, YYYY" date line matching "published"; that every anchor occurs verbatim in the text,
exactly once, inside a single line and without crossing a sentence boundary; and that the
field values use the vocabularies of docs/contract.md (and of the reference scorer, score.py).
Exits non-zero and lists the problems if any check fails.
"""
import datetime as dt
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
ACLED = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
         "Riots", "Strategic developments"}
FACTUALITY = {"asserted", "reported", "hedged", "alleged", "denied", "planned", "hypothetical",
              "negated"}
SECTORS = {"GOV", "MIL", "COP", "REB", "OPP", "PTY", "CVL", "SPY", "LEG", "JUD", "IGO", "NGO",
           "MED", "BUS", "REL", "ETH", "UAF", "EDU", "HLH", "LAB", "AGR", "CRM", "REF", "ELI"}
COUNT_KEYS = {"killed", "injured", "people", "arrested"}
KNOWN_KEYS = {"id", "required", "anchor", "types", "acled", "actor", "recipient", "location",
              "date", "counts", "attribution", "factuality", "same_event_as", "report_date", "note"}
# a sentence boundary: end punctuation (optionally a closing quote) then space and a capital
BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019]?\s+[\"\u201c]?[A-Z]")


def iso_date(s):
    return dt.date.fromisoformat(s)


def check_role(eid, role, v, errs):
    c = v.get("country")
    for code in (c if isinstance(c, list) else [c] if c else []):
        if not re.fullmatch(r"[A-Z]{3}", code):
            errs.append(f"{eid}: {role} country {code!r} is not ISO-3")
    if v.get("sector") and v["sector"] not in SECTORS:
        errs.append(f"{eid}: {role} sector {v['sector']!r} unknown")


def check_file(path):
    errs = []
    gold = json.load(open(path, encoding="utf-8"))
    # like score.py: "doc" is relative to the parent of the gold file's directory
    doc = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(path))), gold["doc"])
    if not os.path.exists(doc):
        return [f"missing article {doc}"]
    text = open(doc, encoding="utf-8").read()
    lines = text.split("\n")
    if lines[0].strip() != gold["outlet"]:
        errs.append(f"first line {lines[0]!r} != outlet {gold['outlet']!r}")
    try:
        shown = dt.datetime.strptime(lines[1].strip(), "%b %d, %Y").date()
        if shown != iso_date(gold["published"]):
            errs.append(f"date line {lines[1]!r} != published {gold['published']}")
    except ValueError:
        errs.append(f"second line {lines[1]!r} is not like 'Mar 5, 2024'")
    ids = [e["id"] for e in gold["events"]]
    if len(ids) != len(set(ids)):
        errs.append("duplicate event ids")
    for e in gold["events"]:
        eid, a = e["id"], e["anchor"]
        if set(e) - KNOWN_KEYS:
            errs.append(f"{eid}: unknown keys {sorted(set(e) - KNOWN_KEYS)}")
        n = text.count(a)
        if n == 0:
            errs.append(f"{eid}: anchor not found verbatim: {a!r}")
            continue
        if n > 1:
            errs.append(f"{eid}: anchor occurs {n} times (must be unique): {a!r}")
        if "\n" in a or not any(a in ln for ln in lines[2:]):
            errs.append(f"{eid}: anchor not inside one body line")
        if BOUNDARY.search(a):
            errs.append(f"{eid}: anchor crosses a sentence boundary")
        if not e.get("types") or set(e["types"]) - PLOVER:
            errs.append(f"{eid}: bad types {e.get('types')}")
        if set(e.get("acled", [])) - ACLED:
            errs.append(f"{eid}: bad acled {e.get('acled')}")
        if not e.get("factuality") or set(e["factuality"]) - FACTUALITY:
            errs.append(f"{eid}: bad factuality {e.get('factuality')}")
        for role in ("actor", "recipient"):
            if role in e:
                check_role(eid, role, e[role], errs)
        if "location" in e:
            loc = e["location"]
            if not re.fullmatch(r"[A-Z]{3}", loc.get("country") or ""):
                errs.append(f"{eid}: location needs one ISO-3 country")
            if "admin1" in loc and not isinstance(loc["admin1"], list):
                errs.append(f"{eid}: admin1 must be a list")
        if "date" in e:
            d = e["date"]
            try:
                if "latest" in d:
                    iso_date(d["latest"])
                else:
                    if iso_date(d["start"]) > iso_date(d["end"]):
                        errs.append(f"{eid}: date start after end")
                    if d.get("precision") == "day" and d["start"] != d["end"]:
                        errs.append(f"{eid}: day precision needs start == end")
            except (KeyError, ValueError) as x:
                errs.append(f"{eid}: bad date {d} ({x})")
        if "counts" in e:
            if set(e["counts"]) - COUNT_KEYS:
                errs.append(f"{eid}: bad count keys {sorted(e['counts'])}")
            if any(not isinstance(v, int) or v <= 0 for v in e["counts"].values()):
                errs.append(f"{eid}: counts must be positive integers (missing = absent, never 0)")
        if "attribution" in e and not all(isinstance(x, str) and x for x in e["attribution"]):
            errs.append(f"{eid}: attribution must be a list of names")
        if e.get("same_event_as") and e["same_event_as"] not in ids:
            errs.append(f"{eid}: same_event_as points nowhere")
    if not any(e.get("required") for e in gold["events"]):
        errs.append("no required events")
    return errs


def main(argv):
    paths = argv[1:] or sorted(
        os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".json"))
    bad = 0
    for p in paths:
        errs = check_file(p)
        g = json.load(open(p, encoding="utf-8"))
        req = sum(1 for e in g["events"] if e.get("required"))
        status = "ok" if not errs else "FAIL"
        print(f"{status:4s} {os.path.basename(p)}: {len(g['events'])} events, {req} required")
        for x in errs:
            print("     -", x)
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
