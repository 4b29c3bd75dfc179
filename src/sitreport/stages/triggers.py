"""Triggers stage: every sentence's event mentions, from the configured trigger finders.

The finders run in order on each sentence, each given the previous one's mentions (the
first is given none), so a learned typer placed after the rule finder can re-type, add
or drop the rule candidates. The stage checks what comes back: mentions of the sentence,
in text order, one per trigger token.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sitreport.errors import PipelineError
from sitreport.index import DocIndex
from sitreport.model import Document, Mention
from sitreport.syntax import Tree
from sitreport.triggers import ParsedSentence, TriggerFinder


@dataclass
class TriggersStage:
    finders: Sequence[TriggerFinder]
    name: str = "triggers"
    requires: tuple[str, ...] = ("doc.tokens", "doc.sentences", "doc.actors", "doc.places", "doc.dates")
    assigns: tuple[str, ...] = (
        "doc.mentions",
        "mention.trigger",
        "mention.type",
        "mention.mode",
        "mention.cued_mode",
        "mention.contexts",
        "mention.noun",
    )

    def __post_init__(self) -> None:
        if not self.finders:
            raise PipelineError("the triggers stage needs at least one trigger finder")

    def __call__(self, doc: Document) -> Document:
        tree = Tree.build(doc.tokens)
        index = DocIndex.build(doc)
        mentions: list[Mention] = []
        for n in range(len(doc.sentences)):
            sentence = ParsedSentence(doc, tree, index, n)
            found: list[Mention] = []
            for finder in self.finders:
                found = finder.find(sentence, found)
            mentions.extend(_checked(sentence, found))
        return replace(doc, mentions=tuple(mentions))


def _checked(sentence: ParsedSentence, found: list[Mention]) -> list[Mention]:
    """The finders' mentions, refused if they are not the sentence's, in order, one per token."""
    first, last = sentence.sentence.first, sentence.sentence.last
    heads = [m.trigger.head for m in found]
    if any(not first <= h < last or m.trigger.sentence != sentence.n for h, m in zip(heads, found, strict=True)):
        raise ValueError(f"a trigger finder returned a mention outside sentence {sentence.n}")
    if heads != sorted(set(heads)):
        raise ValueError(f"trigger finders returned mentions of sentence {sentence.n} out of order or twice")
    return found
