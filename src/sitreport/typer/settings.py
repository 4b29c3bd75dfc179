"""The typer's settings, from resources/typer/typer.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitreport.data import load_yaml
from sitreport.errors import ResourceError
from sitreport.vocab import EventType

__all__ = ["TyperSettings"]


@dataclass(frozen=True)
class TyperSettings:
    candidate_types: frozenset[EventType]
    training_files: tuple[str, ...]
    min_probability: float
    margin: float
    c: float
    min_df: int
    fact_weight: float

    @property
    def training_key(self) -> tuple[object, ...]:
        """The settings that shape the trained model (not the prediction thresholds)."""
        return (sorted(t.value for t in self.candidate_types), self.training_files, self.c, self.min_df,
                self.fact_weight)

    @classmethod
    def load(cls) -> TyperSettings:
        data = load_yaml("typer/typer.yaml")
        try:
            return cls._build(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"resources/typer/typer.yaml: {type(exc).__name__}: {exc}") from exc

    @classmethod
    def _build(cls, data: dict[str, Any]) -> TyperSettings:
        return cls(
            candidate_types=frozenset(EventType(t) for t in data["candidate_types"]),
            training_files=tuple(str(p) for p in data["training_files"]),
            min_probability=float(data["min_probability"]),
            margin=float(data["margin"]),
            c=float(data["c"]),
            min_df=int(data["min_df"]),
            fact_weight=float(data["fact_weight"]),
        )
