"""Finding and typing event triggers: the `TriggerFinder` seam, its rule implementation,
a static fake, and the registry that resolves their names.

    TriggerFinder (Protocol)   find(sentence, candidates) -> mentions
    ├── RuleTriggers           sitreport.triggers.rules.v1: the event lexicon and anchoring rules
    └── StaticTriggers         sitreport.triggers.static.v1: a fixed table of trigger words
"""

from __future__ import annotations

from sitreport.triggers.base import ParsedSentence, TriggerFinder
from sitreport.triggers.registry import build, names, register
from sitreport.triggers.rules import RuleTriggers
from sitreport.triggers.static import StaticTriggers

__all__ = ["ParsedSentence", "RuleTriggers", "StaticTriggers", "TriggerFinder", "build", "names", "register"]
