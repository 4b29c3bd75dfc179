"""Registry names of trigger finders, spaCy-style: "sitreport.triggers.rules.v1".

A name maps to a factory that builds the finder from the loaded lexicons. The two
built-in names are listed here; a package that ships its own finder (a learned typer,
say) registers it with `register` before building the pipeline. Nothing registers
itself on import.
"""

from __future__ import annotations

from collections.abc import Callable

from sitreport.errors import PipelineError
from sitreport.lexicon import Lexicons
from sitreport.triggers import rules, static
from sitreport.triggers.base import TriggerFinder

FinderFactory = Callable[[Lexicons], TriggerFinder]

_FINDERS: dict[str, FinderFactory] = {
    "sitreport.triggers.rules.v1": rules.v1,
    "sitreport.triggers.static.v1": static.v1,
}


def register(name: str, factory: FinderFactory) -> None:
    """Make `name` resolve to `factory`; a name is registered once."""
    if name in _FINDERS and _FINDERS[name] is not factory:
        raise PipelineError(f"trigger finder {name!r} is already registered")
    _FINDERS[name] = factory


def names() -> list[str]:
    return sorted(_FINDERS)


def build(name: str, lexicons: Lexicons) -> TriggerFinder:
    """The finder registered as `name`; `PipelineError` naming the known ones otherwise."""
    factory = _FINDERS.get(name)
    if factory is None:
        raise PipelineError(f"unknown trigger finder {name!r}; known: {', '.join(names())}")
    return factory(lexicons)
