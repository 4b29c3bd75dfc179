"""A trigger finder over a fixed table of trigger words, shipped for tests and as the
simplest example of a finder plugged in by configuration.

`StaticTriggers({"shell": (ASSAULT, "explosives")})` makes every token whose lemma (or
"lemma particle") is in the table a mention of that type and mode, with no anchoring
and no cues. Given earlier candidates it keeps them, re-types one at a token the table
knows and adds the rest, as a learned typer placed after the rules would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sitreport.frames import is_verbal, trigger_lemma
from sitreport.lexicon import Lexicons
from sitreport.model import EventType, Mention, Trigger
from sitreport.triggers.base import ParsedSentence


@dataclass
class StaticTriggers:
    table: Mapping[str, tuple[EventType, str | None]]
    name: str = "sitreport.triggers.static.v1"

    def find(self, sentence: ParsedSentence, candidates: Sequence[Mention]) -> list[Mention]:
        doc, tree = sentence.doc, sentence.tree
        by_head = {m.trigger.head: m for m in candidates}
        for i in range(sentence.sentence.first, sentence.sentence.last):
            tok = doc.tokens[i]
            lemma = trigger_lemma(doc, tree, i)
            known = self.table.get(lemma) or self.table.get(tok.lemma.lower())
            if known is None:
                continue
            etype, mode = known
            if i in by_head:
                by_head[i] = replace(by_head[i], type=etype, mode=mode, cued_mode=None)
            else:
                trigger = Trigger(tok.text, tok.idx, tok.end, i, sentence.n, lemma)
                by_head[i] = Mention(trigger, etype, mode, noun=not is_verbal(doc, i))
        return [by_head[i] for i in sorted(by_head)]


def v1(lexicons: Lexicons) -> StaticTriggers:
    """`sitreport.triggers.static.v1`: every verb the event lexicon knows, by its lemma alone."""
    return StaticTriggers({lemma: (e.type, e.mode) for lemma, e in lexicons.events.verbs.items()})
