"""Parse stage: run spaCy once and keep the parse in our own typed form.

Paragraphs (lines) are parsed separately, so a header line or a headline never
runs into the first sentence, and `nlp.pipe` batches them. Every offset is
shifted back into `Document.text`.

A line longer than `MAX_CHUNK_CHARS` (a page with no line breaks, a dump) is cut
between sentences into pieces of at most that size, and batches hold at most
`MAX_BATCH_CHARS`: spaCy never sees a text over its `max_length` (error E088),
its memory stays bounded, and parse time grows linearly with length. The time
budget (`sitreport.budget`) is checked between batches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sitreport.budget import check_budget
from sitreport.model import Document, Entity, Sentence, Token
from sitreport.syntax import ENGLISH

_PARAGRAPH = re.compile(r"[^\n]+")
# Where a sentence may end: its final punctuation and closing quotes, before a space.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s)")
_WHITESPACE = re.compile(r"\s+")
MAX_CHUNK_CHARS = 10_000  # news paragraphs are far shorter; only runaway lines are cut
MAX_BATCH_CHARS = 200_000
# Labels the small English model gives to place names it does not know.
_MISLABELS = {"PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "FAC", "PERSON", "ORG"}


def paragraphs(text: str, start: int) -> Iterator[tuple[int, str]]:
    """(offset, text) for each non-blank line of `text` from `start` on."""
    for match in _PARAGRAPH.finditer(text, start):
        if match.group().strip():
            yield match.start(), match.group()


def chunks(text: str, start: int, max_chars: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """`paragraphs`, with lines over `max_chars` cut into pieces at sentence ends.

    A piece ends at the last sentence end within `max_chars`, else at the last space,
    else (a run with no space at all) at `max_chars`.
    """
    for offset, line in paragraphs(text, start):
        pos = 0
        while len(line) - pos > max_chars:
            window = line[pos : pos + max_chars]
            cut = _last_end(_SENTENCE_END, window) or _last_start(_WHITESPACE, window) or max_chars
            if window[:cut].strip():
                yield offset + pos, window[:cut]
            pos += cut
            while pos < len(line) and line[pos].isspace():
                pos += 1
        if line[pos:].strip():
            yield offset + pos, line[pos:]


def _last_end(pattern: re.Pattern[str], text: str) -> int:
    end = 0
    for m in pattern.finditer(text):
        end = m.end()
    return end


def _last_start(pattern: re.Pattern[str], text: str) -> int:
    start = 0
    for m in pattern.finditer(text):
        start = m.start()
    return start


@dataclass
class ParseStage:
    """Tokens, sentences and entities from a spaCy Language."""

    nlp: Any
    place_names: frozenset[str] = frozenset()
    batch_size: int = 256
    name: str = "parse"
    requires: tuple[str, ...] = ("doc.text",)
    assigns: tuple[str, ...] = ("doc.tokens", "doc.sentences", "doc.entities")

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]

    def pipe(self, docs: Sequence[Document]) -> list[Document]:
        """Parse the paragraphs of all `docs` in shared spaCy batches (a third faster on short news)."""
        limit = min(MAX_CHUNK_CHARS, getattr(self.nlp, "max_length", MAX_CHUNK_CHARS))
        pieces = [list(chunks(doc.text, doc.body_start, limit)) for doc in docs]
        parsed = self._parse([text for ps in pieces for _, text in ps])
        return [
            self._assemble(doc, [(offset, next(parsed)) for offset, _ in ps])
            for doc, ps in zip(docs, pieces, strict=True)
        ]

    def _parse(self, texts: list[str]) -> Iterator[Any]:
        """spaCy docs for `texts`, in batches of at most `batch_size` texts and `MAX_BATCH_CHARS`."""
        group: list[str] = []
        size = 0
        for text in texts:
            if group and (len(group) >= self.batch_size or size + len(text) > MAX_BATCH_CHARS):
                yield from self.nlp.pipe(group, batch_size=len(group))
                check_budget("a parse batch")
                group, size = [], 0
            group.append(text)
            size += len(text)
        if group:
            yield from self.nlp.pipe(group, batch_size=len(group))

    def _assemble(self, doc: Document, parsed: list[tuple[int, Any]]) -> Document:
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        entities: list[Entity] = []
        for offset, sdoc in parsed:
            base = len(tokens)
            tokens.extend(_tokens(sdoc, offset, base))
            for sent in sdoc.sents:
                first, last = _trim(sent)
                if first >= last:
                    continue
                start = sdoc[first].idx + offset
                end = sdoc[last - 1].idx + len(sdoc[last - 1].text) + offset
                sentences.append(Sentence(start, end, doc.text[start:end], base + first, base + last))
            for ent in sdoc.ents:
                start = ent.start_char + offset
                end = ent.end_char + offset
                label = self._label(ent)
                if label != ent.label_:
                    for k in range(base + ent.start, base + ent.end):
                        tokens[k] = replace(tokens[k], ent_type=label)
                entities.append(Entity(label, doc.text[start:end], start, end, base + ent.start, base + ent.end))
        return replace(doc, tokens=tuple(tokens), sentences=tuple(sentences), entities=tuple(entities))

    def _label(self, ent: Any) -> str:
        """GPE for a whole-entity gazetteer name the NER mislabelled ("Kursk" as PRODUCT)."""
        if ent.label_ not in _MISLABELS or ent.text not in self.place_names:
            return str(ent.label_)
        if ent.label_ in {"PERSON", "ORG"} and len(ent) > 1:
            return str(ent.label_)
        return "GPE"


def _tokens(sdoc: Any, offset: int, base: int) -> Iterator[Token]:
    for t in sdoc:
        yield Token(
            i=base + t.i,
            text=t.text,
            idx=t.idx + offset,
            lemma=ENGLISH.lemma_fixes.get(t.lower_, t.lemma_),
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=base + t.head.i,
            ent_type=t.ent_type_,
            ent_iob=t.ent_iob_ or "O",
        )


def _trim(sent: Any) -> tuple[int, int]:
    """Token range of a sentence without leading or trailing whitespace tokens."""
    first, last = sent.start, sent.end
    while first < last and sent.doc[first].is_space:
        first += 1
    while last > first and sent.doc[last - 1].is_space:
        last -= 1
    return first, last
