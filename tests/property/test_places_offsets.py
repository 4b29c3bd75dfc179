"""Property: every Place slices Document.text to exactly Place.text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sitreport.geocode import GeoCandidate, StaticGeocoder
from sitreport.model import Document, Entity, Sentence, Token
from sitreport.stages.places import PlacesStage

_TOKEN = re.compile(r"’s|'s|\w+|[^\w\s]")

GEOCODER = StaticGeocoder([
    GeoCandidate("Ukraine", "UKR", None, None, 50.45, 30.52, "country", 40_000_000),
    GeoCandidate("Kharkiv Oblast", "UKR", None, None, 49.98, 36.25, "admin1", 2_600_000),
    GeoCandidate("Kharkiv", "UKR", "Kharkiv Oblast", None, 49.98, 36.25, "city", 1_421_125),
    GeoCandidate("Lozova", "UKR", "Kharkiv Oblast", None, 48.89, 36.31, "city", 54_026),
    GeoCandidate("Kursk Oblast", "RUS", None, None, 51.73, 36.18, "admin1", 1_100_000),
    GeoCandidate("Gaza Strip", "PSE", None, None, 31.50, 34.47, "admin1", 1_800_000),
])
STAGE = PlacesStage(GEOCODER)

WORDS = ["in", "near", "the", "Kharkiv", "Lozova", "Kursk", "Ukraine", "Gaza", "Strip", "region", "oblasts",
         "and", ",", "(", ")", "coded", "to", "village", "of", "Russian", "’s", "-", "km", "from", "10", "Nowhere",
         "forces", "shelled", "."]


def parse(text: str, ent_every: int) -> Document:
    """Tokens, one sentence per ".", and every n-th capitalised token as a GPE entity."""
    tokens = []
    for i, m in enumerate(_TOKEN.finditer(text)):
        word = m.group()
        tag = "NNP" if word[:1].isupper() else ("JJ" if word == "Russian" else "NN")
        tokens.append(Token(i, word, m.start(), word.lower(), "PROPN" if tag == "NNP" else "X", tag, "", i))
    sentences, first = [], 0
    for t in tokens:
        if t.text == "." or t.i == len(tokens) - 1:
            sentences.append(Sentence(tokens[first].idx, t.end, text[tokens[first].idx:t.end], first, t.i + 1))
            first = t.i + 1
    entities = [Entity("GPE", t.text, t.idx, t.end, t.i, t.i + 1)
                for t in tokens if t.tag == "NNP" and ent_every and t.i % ent_every == 0]
    return Document(id="p", text=text, tokens=tuple(tokens), sentences=tuple(sentences), entities=tuple(entities))


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=40),
    spaces=st.lists(st.sampled_from([" ", "  ", "\n", ""]), max_size=40),
    ent_every=st.integers(min_value=0, max_value=3),
)
def test_place_offsets_slice_the_text(words: list[str], spaces: list[str], ent_every: int) -> None:
    text = "".join(w + (spaces[i] if i < len(spaces) else " ") for i, w in enumerate(words))
    doc = STAGE(parse(text, ent_every))
    previous_end = 0
    for place in doc.places:
        assert 0 <= place.start < place.end <= len(text)
        assert text[place.start:place.end] == place.text
        assert place.start >= previous_end  # in text order, no overlaps
        previous_end = place.end
