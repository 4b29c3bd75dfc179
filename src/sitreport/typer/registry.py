"""Registry names of ACLED typers, spaCy-style: "sitreport.typer.linear.v1".

`PipelineConfig.acled_typer` names one (or None for the rules alone). A package that ships
its own typer registers it with `register` before building the pipeline; nothing
registers itself on import.
"""

from __future__ import annotations

from collections.abc import Callable

from sitreport.errors import PipelineError
from sitreport.typer.base import AcledTyper, StaticAcledTyper

__all__ = ["DEFAULT_TYPER", "build", "names", "register"]

DEFAULT_TYPER = "sitreport.typer.linear.v1"

TyperFactory = Callable[[], AcledTyper]


def _linear() -> AcledTyper:
    from sitreport.typer.build import ensure_model
    from sitreport.typer.learned import LearnedAcledTyper
    from sitreport.typer.linear import LinearModel
    from sitreport.typer.settings import TyperSettings

    return LearnedAcledTyper(LinearModel.load(ensure_model()), TyperSettings.load())


_TYPERS: dict[str, TyperFactory] = {
    DEFAULT_TYPER: _linear,
    "sitreport.typer.static.v1": StaticAcledTyper,
}


def register(name: str, factory: TyperFactory) -> None:
    """Make `name` resolve to `factory`; a name is registered once."""
    if name in _TYPERS and _TYPERS[name] is not factory:
        raise PipelineError(f"ACLED typer {name!r} is already registered")
    _TYPERS[name] = factory


def names() -> list[str]:
    return sorted(_TYPERS)


def build(name: str) -> AcledTyper:
    """The typer registered as `name`; `PipelineError` naming the known ones otherwise."""
    factory = _TYPERS.get(name)
    if factory is None:
        raise PipelineError(f"unknown ACLED typer {name!r}; known: {', '.join(names())}")
    return factory()
