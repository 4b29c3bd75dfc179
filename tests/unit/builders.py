"""Hand-built parses for the rule-stage tests; no spaCy model is loaded.

A sentence is written as a table, one token a line:

    text  lemma  pos  tag  dep  head  [ent_type]

`head` is the index of the head token within the sentence (the root points
at itself); a lemma of `_` is the lower-cased text. Consecutive tokens with
the same `ent_type` form one `Entity`; `B-GPE` starts a new entity even right
after another GPE. Tokens are found in `text` left to right, so the offsets
(`Token.idx`, `Sentence.start/end`, `Entity.start/end`) are real offsets into
`Document.text`; only whitespace may lie between two tokens. Without `text`,
tokens are joined with spaces, except that closing punctuation and possessive
"’s" attach to the word before.

`document` puts several sentences into one `Document`; `with_places` adds
resolved places found by their surface text; `run` applies stages in order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sitreport.model import Actor, Document, Entity, Event, GeoPrecision, Place, Sentence, Token
from sitreport.pipeline import Pipeline, Stage

_GLUE_LEFT = {".", ",", ";", ":", "!", "?", ")", "”", "’s", "'s", "n't", "%"}
_GLUE_RIGHT = {"(", "“"}


@dataclass(frozen=True)
class Spec:
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str = ""


def specs(table: str) -> list[Spec]:
    """Token specs from a whitespace-separated table (see the module docstring)."""
    out: list[Spec] = []
    for n, line in enumerate(table.strip().splitlines()):
        fields = line.split()
        if not fields:
            continue  # tables may be pasted together from pieces
        if len(fields) not in (6, 7):
            raise ValueError(f"token line {n}: expected 6 or 7 fields, got {fields!r}")
        text, lemma, pos, tag, dep, head, *ent = fields
        out.append(Spec(text, text.lower() if lemma == "_" else lemma, pos, tag, dep, int(head), *ent))
    return out


def _join(tokens: Sequence[Spec]) -> str:
    text = ""
    for k, t in enumerate(tokens):
        glue = k == 0 or t.text in _GLUE_LEFT or tokens[k - 1].text in _GLUE_RIGHT
        text += ("" if glue else " ") + t.text
    return text


def sentence(table: str, text: str | None = None, **meta: object) -> Document:
    """A one-sentence document from a token table; `meta` sets Document fields (outlet, published...)."""
    toks = specs(table)
    text = _join(toks) if text is None else text
    tokens: list[Token] = []
    pos = 0
    for i, spec in enumerate(toks):
        at = text.find(spec.text, pos)
        if at < 0 or text[pos:at].strip():
            raise ValueError(f"token {i} {spec.text!r} not found after offset {pos} in {text!r}")
        if not 0 <= spec.head < len(toks):
            raise ValueError(f"token {i} {spec.text!r}: head {spec.head} out of range")
        if (spec.dep == "ROOT") != (spec.head == i):
            raise ValueError(f"token {i} {spec.text!r}: only the ROOT may be its own head")
        label = spec.ent_type.removeprefix("B-")
        iob = "O"
        if label:
            prev = toks[i - 1].ent_type.removeprefix("B-") if i else ""
            iob = "I" if prev == label and not spec.ent_type.startswith("B-") else "B"
        tokens.append(Token(i, spec.text, at, spec.lemma, spec.pos, spec.tag, spec.dep, spec.head, label, iob))
        pos = at + len(spec.text)
    if text[pos:].strip():
        raise ValueError(f"text after the last token: {text[pos:]!r}")
    start, end = tokens[0].idx, tokens[-1].end
    sent = Sentence(start, end, text[start:end], 0, len(tokens))
    return _document(text, tokens, [sent], meta)


def _entities(text: str, tokens: Sequence[Token]) -> list[Entity]:
    out: list[Entity] = []
    first = 0
    for i, tok in enumerate(tokens):
        if not tok.ent_type:
            continue
        if tok.ent_iob == "B":
            first = i
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None or nxt.ent_iob != "I":
            start, end = tokens[first].idx, tok.end
            out.append(Entity(tok.ent_type, text[start:end], start, end, first, i + 1))
    return out


def _document(text: str, tokens: Sequence[Token], sents: Sequence[Sentence], meta: dict[str, object]) -> Document:
    doc = Document(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        tokens=tuple(tokens),
        sentences=tuple(sents),
        entities=tuple(_entities(text, tokens)),
    )
    return replace(doc, **meta)  # type: ignore[arg-type]


def document(*parts: Document, sep: str = " ", **meta: object) -> Document:
    """Sentences built with `sentence`, one after another in one document."""
    text = ""
    tokens: list[Token] = []
    sents: list[Sentence] = []
    for n, part in enumerate(parts):
        if n:
            text += sep
        shift, base = len(text), len(tokens)
        text += part.text
        tokens.extend(replace(t, i=t.i + base, idx=t.idx + shift, head=t.head + base) for t in part.tokens)
        for s in part.sentences:
            sents.append(Sentence(s.start + shift, s.end + shift, s.text, s.first + base, s.last + base))
    return _document(text, tokens, sents, meta)


def place(
    doc: Document,
    surface: str,
    country: str | None,
    precision: GeoPrecision = GeoPrecision.POINT,
    *,
    nth: int = 0,
    name: str | None = None,
    admin1: str | None = None,
) -> Place:
    """A resolved place at the `nth` occurrence of `surface` in the text."""
    at = -1
    for _ in range(nth + 1):
        at = doc.text.index(surface, at + 1)
    return Place(surface, at, at + len(surface), name or surface, country, admin1, precision=precision)


def with_places(doc: Document, *places: Place) -> Document:
    return replace(doc, places=tuple(sorted(places, key=lambda p: p.start)))


@dataclass(frozen=True)
class Given:
    """Stands in for the parse and places stages: the hand-built document already has their fields."""

    name: str = "given"
    requires: tuple[str, ...] = ("doc.text",)
    assigns: tuple[str, ...] = ("doc.tokens", "doc.sentences", "doc.entities", "doc.places")

    def __call__(self, doc: Document) -> Document:
        return doc


def pipeline(*stages: Stage) -> Pipeline:
    """A checked pipeline of `stages` over a hand-built document."""
    return Pipeline([Given(), *stages])


def run(doc: Document, *stages: Stage) -> Document:
    for stage in stages:
        doc = stage(doc)
    return doc


def events(stages: Sequence[Stage], doc: Document) -> list[Event]:
    """The events `stages` find in `doc`, each checked to point at its own text."""
    out = run(doc, *stages).events
    for e in out:
        assert doc.text[e.trigger_start : e.trigger_end] == e.trigger
        assert e.evidence is not None
        assert doc.text[e.evidence.start : e.evidence.end] == e.evidence.sentence
    return list(out)


def texts(actors: Sequence[Actor]) -> list[str]:
    return [a.text for a in actors]


def until(stages: Sequence[Stage], name: str) -> tuple[Stage, ...]:
    """`stages` up to and including the one called `name`."""
    names = [s.name for s in stages]
    return tuple(stages[: names.index(name) + 1])


def published(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


# "Ukraine accused Russia of shelling Lozova, which Moscow has denied." An allegation
# with a denial in a relative clause, shared by the attribution and factuality tests.
ACCUSED_WHICH_DENIED = """
    Ukraine  Ukraine PROPN NNP nsubj 1 GPE
    accused  accuse  VERB  VBD ROOT  1
    Russia   Russia  PROPN NNP dobj  1 GPE
    of       of      ADP   IN  prep  1
    shelling shell   VERB  VBG pcomp 3
    Lozova   Lozova  PROPN NNP dobj  4 GPE
    ,        ,       PUNCT ,   punct 4
    which    which   PRON  WDT dobj  10
    Moscow   Moscow  PROPN NNP nsubj 10 GPE
    has      have    AUX   VBZ aux   10
    denied   deny    VERB  VBN relcl 4
    .        .       PUNCT .   punct 1
"""
