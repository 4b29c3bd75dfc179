"""Hand-built documents and a small gazetteer for the geocode and places tests.

`document` tokenises with a regex the way spaCy's English tokenizer splits
these sentences ("Russia’s" -> "Russia", "’s"; "Russian-occupied" ->
"Russian", "-", "occupied") and tags just enough for the stage: proper nouns,
adjectives, numbers. No model is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitreport.geocode import GeoCandidate, StaticGeocoder
from sitreport.geocode.base import Feature
from sitreport.model import Document, Entity, Sentence, Token

_TOKEN = re.compile(r"’s|'s|\w+|[^\w\s]")
ADJECTIVES = frozenset({"Russian", "Ukrainian", "Korean", "North-Korean", "military", "occupied"})
PREPOSITIONS = frozenset({"in", "near", "of", "on", "at", "to", "from", "over", "with", "by"})


def _tag(text: str) -> tuple[str, str]:
    if text in ADJECTIVES:
        return "JJ", "ADJ"
    if text.isdigit():
        return "CD", "NUM"
    if text in ("’s", "'s"):
        return "POS", "PART"
    if text.lower() in PREPOSITIONS:
        return "IN", "ADP"
    if text[:1].isupper():
        return "NNP", "PROPN"
    if text.isalpha():
        return "NN", "NOUN"
    return text, "PUNCT"


def document(text: str, entities: Sequence[tuple[str, str]] = ()) -> Document:
    """A parsed Document; `entities` are (label, exact text), matched left to right."""
    tokens: list[Token] = []
    for i, match in enumerate(_TOKEN.finditer(text)):
        tag, pos = _tag(match.group())
        tokens.append(Token(i=i, text=match.group(), idx=match.start(), lemma=match.group().lower(),
                            pos=pos, tag=tag, dep="", head=i))
    sentences: list[Sentence] = []
    first = 0
    for t in tokens:
        if t.text == "." or t.i == len(tokens) - 1:
            start, end = tokens[first].idx, t.end
            sentences.append(Sentence(start, end, text[start:end], first, t.i + 1))
            first = t.i + 1
    ents: list[Entity] = []
    cursor = 0
    for label, span in entities:
        start = text.index(span, cursor)
        end = start + len(span)
        cursor = end
        covered = [t.i for t in tokens if t.idx >= start and t.end <= end]
        ents.append(Entity(label, span, start, end, covered[0], covered[-1] + 1))
    return Document(id="test", text=text, tokens=tuple(tokens), sentences=tuple(sentences),
                    entities=tuple(ents))


def _city(name: str, country: str, admin1: str, lat: float, lon: float, population: int,
          admin2: str | None = None) -> GeoCandidate:
    return GeoCandidate(name, country, admin1, admin2, lat, lon, "city", population, None)


def _unit(name: str, country: str | None, feature: Feature, lat: float, lon: float,
          population: int = 0, admin1: str | None = None) -> GeoCandidate:
    return GeoCandidate(name, country, admin1, None, lat, lon, feature, population, None)


PLACES = (
    _unit("Ukraine", "UKR", "country", 50.45, 30.52, 40_000_000),
    _unit("Russia", "RUS", "country", 55.75, 37.62, 144_000_000),
    _unit("Mali", "MLI", "country", 12.65, -8.0, 20_000_000),
    _unit("Kharkiv Oblast", "UKR", "admin1", 49.98, 36.25, 2_600_000),
    _unit("Donetsk Oblast", "UKR", "admin1", 48.02, 37.80, 4_100_000),
    _unit("Dnipropetrovsk Oblast", "UKR", "admin1", 48.45, 34.98, 3_100_000),
    _unit("Zhytomyr Oblast", "UKR", "admin1", 50.25, 28.66, 1_200_000),
    _unit("Crimea", "UKR", "admin1", 44.95, 34.11, 1_900_000),
    _unit("Kursk Oblast", "RUS", "admin1", 51.73, 36.18, 1_100_000),
    _unit("Bryansk Oblast", "RUS", "admin1", 53.27, 34.32, 1_200_000),
    _unit("Rostov Oblast", "RUS", "admin1", 47.22, 39.71, 4_200_000),
    _unit("Gaza Strip", "PSE", "admin1", 31.50, 34.47, 1_800_000),
    _unit("Pavlohrad Raion", "UKR", "admin2", 48.53, 35.87, 140_000, admin1="Dnipropetrovsk Oblast"),
    _unit("Donbas", "UKR", "region", 48.2, 38.3),
    _city("Kharkiv", "UKR", "Kharkiv Oblast", 49.98, 36.25, 1_421_125),
    _city("Lozova", "UKR", "Kharkiv Oblast", 48.89, 36.31, 54_026),
    _city("Katerynivka", "UKR", "Donetsk Oblast", 48.42, 37.76, 670),
    _city("Katerynivka", "UKR", "Luhansk Oblast", 48.56, 39.18, 16_948),
    _city("Donetsk", "UKR", "Donetsk Oblast", 48.02, 37.80, 901_645),
    _city("Donetsk", "RUS", "Rostov Oblast", 48.34, 39.95, 50_850),
    _city("Kursk", "RUS", "Kursk Oblast", 51.73, 36.18, 448_733),
    _city("Pavlohrad", "UKR", "Dnipropetrovsk Oblast", 48.53, 35.87, 101_430, "Pavlohrad Raion"),
    _city("Yuryivka", "UKR", "Dnipropetrovsk Oblast", 48.74, 36.02, 2_193),
    _city("Yurivka", "UKR", "Zhytomyr Oblast", 49.94, 27.78, 922),
    _city("Khān Yūnis", "PSE", "Gaza Strip", 31.34, 34.31, 173_183),
    _city("Simferopol", "UKR", "Crimea", 44.96, 34.11, 336_460),
    _city("Yoro", "HND", "Yoro", 15.14, -87.13, 15_000),
)

ALIASES = {
    "Khan Younis": ["Khān Yūnis"],
    "Khan Yunis": ["Khān Yūnis"],
    "Pavlohrad": ["Pavlohrad Raion"],
}


def geocoder() -> StaticGeocoder:
    return StaticGeocoder(PLACES, ALIASES)
