"""Property: on generated news-like articles every offset an event carries slices Document.text.

Sentences are assembled from fragments with random actors, places, numbers and
dates, joined with the spacing real articles have (double spaces, blank lines,
a header), and run through the real pipeline.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitreport.io.read import read_text
from sitreport.pipeline import Pipeline

ACTORS = ["Russian forces", "Ukrainian troops", "North Korean soldiers", "Israeli jets", "Hamas fighters",
          "police", "gunmen", "the army", "Kremlin officials", "M23 rebels", "protesters", "Sudanese militias"]
PLACES = ["Kharkiv", "Lozova", "the Donetsk region", "Kursk", "Gaza City", "Goma", "Tbilisi", "Khartoum",
          "northern Mali", "a village near Bakhmut"]
SOURCES = ["officials said", "Reuters reported", "the ministry said in a statement", "according to local media",
           "sources quoted by the Kyiv Post said", "witnesses told AFP"]
DATES = ["on Tuesday", "on October 3", "last week", "in June", "on 16 February 2024", "overnight", "earlier this year"]
NUMBERS = ["two", "six", "18", "1,200", "dozens of", "at least 12", "some 40", "three"]
VICTIMS = ["civilians", "soldiers", "people", "officers", "protesters", "children"]

CLAIMS = [
    "{actor} shelled {place} {date}, killing {n} {victims}",
    "{n} {victims} were killed in a drone strike on {place} {date}",
    "{actor} attacked {place} {date}",
    "{actor} are believed to have deserted near {place}",
    "{actor} seized {place} {date}",
    "{actor} arrested {n} {victims} in {place}",
    "{actor} did not attack {place}",
    "{actor} will deploy {n} troops to {place}",
    "{actor} rallied in {place} {date}",
    "an explosion hit {place} {date}, injuring {n} {victims}",
    "{actor} shot down {n} drones over {place}",
    "if {actor} attack {place}, {n} {victims} could die",
    "{actor} said “{place} was shelled {date}”",
    "the strike on {place}—the third {date}—killed {n} {victims}",
    "{actor}’s attack on {place} ({date}) wounded {n} {victims}",
]


def _sentence(claim: str, actor: str, place: str, date: str, n: str, victims: str, source: str, how: int) -> str:
    """One sentence; `how` puts the source before (1), after (2) or nowhere (0)."""
    text = claim.format(actor=actor, place=place, date=date, n=n, victims=victims)
    if how == 1:
        text = f"{source} that {text}"
    elif how == 2:
        text = f"{text}, {source}"
    return text[0].upper() + text[1:] + "."


SENTENCE = st.builds(
    _sentence,
    st.sampled_from(CLAIMS),
    st.sampled_from(ACTORS),
    st.sampled_from(PLACES),
    st.sampled_from(DATES),
    st.sampled_from(NUMBERS),
    st.sampled_from(VICTIMS),
    st.sampled_from(SOURCES),
    st.integers(min_value=0, max_value=2),
)
GLUE = st.sampled_from([" ", "  ", "\n", "\n\n", " \n", "\t", "\u00a0", "\r\n"])


@st.composite
def articles(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(SENTENCE, min_size=1, max_size=6))
    glue = draw(st.lists(GLUE, min_size=len(sentences), max_size=len(sentences)))
    body = "".join(s + g for s, g in zip(sentences, glue, strict=True)).rstrip()
    header = draw(st.sampled_from(["", "Test Wire\nOct 17, 2024\n", "Oct 17, 2024\n\n"]))
    return header + body


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=articles())
def test_offsets_property_events_slice_the_text(pipeline: Pipeline, text: str) -> None:
    doc = pipeline(read_text(text, published=dt.date(2024, 10, 17), outlet="Test Wire"))
    assert doc.text == text
    for e in doc.events:
        assert e.evidence is not None
        assert 0 <= e.evidence.start < e.evidence.end <= len(text)
        assert text[e.evidence.start : e.evidence.end] == e.evidence.sentence
        assert text[e.trigger_start : e.trigger_end] == e.trigger
        assert e.evidence.start <= e.trigger_start < e.trigger_end <= e.evidence.end
        assert doc.sentences[e.sentence].start == e.evidence.start
        for actor in (*e.actors, *e.recipients):
            assert text[actor.start : actor.end] == actor.text
        if e.location is not None:
            assert text[e.location.start : e.location.end] == e.location.text
        if e.date is not None and e.date.text:
            assert text[e.date.start_char : e.date.end_char] == e.date.text
