"""Hypothesis strategies for the fuzz suite: news-shaped input that is wrong in every way
we could think of, plus arbitrary bytes.

An article is built from sentences of the class we extract (actor, verb, place, date,
count, source), then spoiled: counts past every integer width, dates near year 1 or
9999, header lines, control characters, stray markup, long runs without spaces, and
encodings from UTF-8 to UTF-32 and Latin-1. `documents()` builds model values directly,
for the store, with integers and text no column may hold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from sitreport.model import Document, Event

# Deterministic and bounded: the same examples on every run, no example database.
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

ACTORS = ["Russian forces", "Ukrainian troops", "Police", "Protesters", "The army", "Rebel fighters",
          "Sudanese troops", "Officials", "A drone", "Unknown gunmen", "the ministry"]
VERBS = ["shelled", "attacked", "killed", "arrested", "struck", "protested in", "clashed with",
         "denied attacking", "may have bombed", "plan to strike", "did not shell", "detained"]
PLACES = ["Kharkiv", "Donetsk", "Gaza City", "Khartoum", "Bamako", "the village", "Kyiv", "Tbilisi",
          "near the Donetsk region", "Zzyzx", "Paris, Texas", "Kursk Oblast"]
DATES = ["on Tuesday", "last week", "on October 3", "on 2024-10-03", "in June 2023", "yesterday",
         "on Jan 2, 0001", "in 9999", "99999999 days ago", "9999999999999999999999 weeks ago",
         "5000 years ago", "on 31 February 2024", "in 0000", "on 29 February 1900", "earlier this month",
         "on December 31, 9999", "two weeks ago", ""]
SOURCES = ["officials said", "according to Reuters", "the ministry claimed", "a source told AFP",
           "residents said, citing the governor", ""]
NUMBERS = st.one_of(
    st.integers(0, 200),
    st.sampled_from([2**31 - 1, 2**31, 3_000_000_000, 2**63, 10**30, 10**4000]),
    st.integers(10**9, 10**20),
).map(str) | st.sampled_from(["dozens of", "hundreds of", "thousands of", "a million", "six", "-5", "1,000,000"])
HEADER_DATES = st.sampled_from(
    ["Oct 17, 2024", "Jan 2, 0001", "9999-12-31", "0001-01-01", "2024-02-30", "17 October 2024", "2101-01-01",
     "Monday, March 3, 2025 10:00", "1900-01-01"]
)
JUNK = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=31), max_size=20),
    st.sampled_from(["<p>", "</div>", "<script>x()</script>", "&amp;", "\u200b", "\ufeff", "\r\n", "\t", "  ", "…"]),
    st.integers(1, 12_000).map(lambda n: "x" * n),  # a long run with no space at all
)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    parts = [
        draw(st.sampled_from(ACTORS)),
        draw(st.sampled_from(VERBS)),
        draw(st.sampled_from(PLACES)),
        draw(st.sampled_from(DATES)),
    ]
    if draw(st.booleans()):
        parts.append(f", killing {draw(NUMBERS)} people")
    if draw(st.booleans()):
        parts.append(f", {draw(st.sampled_from(SOURCES))}")
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), draw(JUNK))
    return " ".join(p for p in parts if p).replace(" ,", ",") + draw(st.sampled_from([".", "!", "?", "", ".\u201d"]))


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    lines: list[str] = []
    if draw(st.booleans()):
        lines += [draw(st.sampled_from(["Reuters", "Kyiv Post", "", "A" * 300])), draw(HEADER_DATES)]
    body = draw(st.lists(sentences(), min_size=1, max_size=6))
    separator = draw(st.sampled_from([" ", "\n", "\n\n", "\r\n", "  \n "]))
    lines.append(separator.join(body))
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = f"<html><body><article><p>{text}</p></article></body></html>"
    return text


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252"]


@st.composite
def article_bytes(draw: st.DrawFn) -> bytes:
    """Mostly encoded news-shaped text; sometimes raw bytes, or text with bytes spliced in."""
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(st.binary(max_size=400))
    text = draw(article_texts())
    encoding = draw(st.sampled_from(ENCODINGS)) if choice <= 3 else "utf-8"
    data = text.encode(encoding, "replace")
    if choice == 4:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=16)) + data[cut:]
    return data


PUBLISHED = st.none() | st.dates() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))


@st.composite
def jsonl_lines(draw: st.DrawFn) -> bytes:
    """One JSONL line: a record of the expected shape with wrong values, or not JSON at all."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=200))
    value = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30) | st.lists(st.integers())
    record = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "text": st.one_of(article_texts(), value),
                "html": st.one_of(article_texts(), value),
                "published": st.one_of(st.dates().map(str), st.sampled_from(["0001-01-01", "2024-13-01", "x"]), value),
                "outlet": st.one_of(st.text(max_size=20), value),
                "title": st.one_of(st.text(max_size=20), st.just("\ud800"), value),
                "url": value,
            },
        )
    )
    line = json.dumps(record)
    if draw(st.booleans()):
        line = line.replace('"', "'", 1)
    if draw(st.integers(0, 9)) == 0:
        line = "[" * 100_000  # nesting deeper than the JSON parser recurses
    return line.encode("utf-8", "surrogatepass")


# ---- model values for the store ------------------------------------------------------------

INTS = st.one_of(
    st.integers(-5, 5000),
    st.sampled_from([2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**63, 10**30]),
)
TEXT = st.text(max_size=30) | st.text(alphabet=st.characters(codec="utf-8"), max_size=10) | st.sampled_from(
    ["a\ud800b", "\x00", "'; DROP TABLE events; --", "\udcff"]
)


def _for(tp: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return st.none() | _for(inner)
    if origin is tuple:
        return st.lists(_for(typing.get_args(tp)[0]), max_size=2).map(tuple)
    if tp is bool:
        return st.booleans()
    if tp is int:
        return INTS
    if tp is float:
        return st.floats(allow_nan=False)
    if tp is str:
        return TEXT
    if tp is dt.date:
        return st.dates()
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    if dataclasses.is_dataclass(tp):
        return model(tp)  # type: ignore[arg-type]
    raise TypeError(f"no strategy for {tp!r}")


def model(cls: type) -> st.SearchStrategy[Any]:
    """Any value of model dataclass `cls`, every field drawn (not left at its default)."""
    hints = typing.get_type_hints(cls)
    return st.builds(cls, **{f.name: _for(hints[f.name]) for f in dataclasses.fields(cls)})


@st.composite
def documents(draw: st.DrawFn, id: str) -> Document:
    """A stored-shape document (no parse annotations) with the given id."""
    events = draw(st.lists(model(Event), max_size=3))
    return Document(
        id=id,
        text=draw(TEXT),
        outlet=draw(st.none() | TEXT),
        published=draw(st.none() | st.dates()),
        title=draw(st.none() | TEXT),
        url=draw(st.none() | TEXT),
        body_start=draw(INTS),
        events=tuple(events),
    )
