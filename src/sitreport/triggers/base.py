"""The seam where event triggers are found and typed.

A `TriggerFinder` looks at one parsed sentence and the mentions the finders before it
returned, and returns the sentence's mentions: it may keep, re-type, add or drop them.
The rule finder (`sitreport.triggers.rules`) comes first and ignores what it is given; a
learned typer placed after it sees the rule candidates with the parse and decides.
Finders are named in `PipelineConfig.triggers` and built through `sitreport.triggers.
registry`, so plugging one in is configuration, not an edit of `default_pipeline`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from sitreport.index import DocIndex
from sitreport.model import Document, Mention, Sentence, Token
from sitreport.syntax import Tree


@dataclass(frozen=True)
class ParsedSentence:
    """One sentence of a parsed document, with the document-wide views a finder needs."""

    doc: Document
    tree: Tree
    index: DocIndex
    n: int

    @property
    def sentence(self) -> Sentence:
        return self.doc.sentences[self.n]

    @property
    def tokens(self) -> Sequence[Token]:
        return self.doc.tokens[self.sentence.first : self.sentence.last]


@runtime_checkable
class TriggerFinder(Protocol):
    """Finds and types the event mentions of one sentence."""

    name: str

    def find(self, sentence: ParsedSentence, candidates: Sequence[Mention]) -> list[Mention]:
        """The sentence's mentions, in text order, given the earlier finders' `candidates`."""
        ...
