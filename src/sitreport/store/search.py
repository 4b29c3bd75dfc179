"""The search key of a stored event: its evidence, actors, places and sources, normalised.

Every store keeps the same key per event (computed here, in Python, when the event is
written), so a search means the same on every backend: each word of the query,
normalised the same way, must begin a word of one report's key ("strik" finds
"striking", "trike" does not). Normalising folds case and accents and turns
punctuation into spaces ("Kharkiv's" -> " kharkiv s "), so a word matches whatever
the text's case, accents or apostrophes.

DuckDB's full-text extension is not part of the duckdb wheel (it downloads at run
time, which sitreport never does), so the SQL stores match with `strpos` on this
column: a scan of one narrow column, a few milliseconds per 100k events.
"""

from __future__ import annotations

import re
import unicodedata

from sitreport.model import Event

__all__ = ["MAX_TERMS", "normalise", "search_terms", "search_text"]

MAX_TERMS = 8  # words of one query that are matched; more would only slow the scan
_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare.casefold()).strip()


def search_text(ev: Event) -> str:
    """The text a search looks in for one report, normalised, with a space at each end."""
    parts: list[str | None] = [ev.evidence.sentence if ev.evidence is not None else ev.trigger]
    for a in (*ev.actors, *ev.recipients):
        parts += [a.text, a.name, a.country]
    if ev.location is not None:
        p = ev.location
        parts += [p.text, p.name, p.admin1, p.admin2, p.country]
    parts += [s.name for s in ev.attribution.chain]
    return f" {normalise(' '.join(p for p in parts if p))} "


def search_terms(query: str | None) -> tuple[str, ...]:
    """The normalised words of a query, each once, at most `MAX_TERMS`, each with the
    space before it: a term is found where it begins a word of `search_text`."""
    if not query:
        return ()
    return tuple(f" {w}" for w in dict.fromkeys(normalise(query).split()))[:MAX_TERMS]
