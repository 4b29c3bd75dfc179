"""The single-document pipeline: build it once, run it on many articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from sitreport.acled import AcledTable
from sitreport.budget import DEFAULT_TIME_BUDGET
from sitreport.errors import PipelineError
from sitreport.geocode import Gazetteer, Geocoder, ensure_gazetteer
from sitreport.io.read import read_text
from sitreport.lexicon import Lexicons
from sitreport.model import Document
from sitreport.nlp import load_nlp
from sitreport.pipeline import Pipeline, Stage
from sitreport.stages.acled import AcledStage
from sitreport.stages.actors import ActorsStage
from sitreport.stages.arguments import ArgumentsStage
from sitreport.stages.attribution import AttributionStage
from sitreport.stages.coreference import CoreferenceStage
from sitreport.stages.counts import CountsStage
from sitreport.stages.dates import DatesStage
from sitreport.stages.event_date import EventDateStage
from sitreport.stages.event_place import EventPlaceStage
from sitreport.stages.factuality import FactualityStage
from sitreport.stages.parse import ParseStage
from sitreport.stages.places import PlacesStage, place_patterns
from sitreport.stages.quantities import NumberWords, QuantitiesStage
from sitreport.stages.roles import RolesStage
from sitreport.stages.triggers import TriggersStage
from sitreport.triggers import registry
from sitreport.typer import registry as typer_registry
from sitreport.typer.registry import DEFAULT_TYPER

STAGE_ORDER = (
    "parse",
    "places",
    "actors",
    "dates",
    "quantities",
    "triggers",
    "roles",
    "coreference",
    "event_place",
    "arguments",
    "counts",
    "attribution",
    "factuality",
    "event_date",
    "acled",
)
OPTIONAL_STAGES = frozenset({"acled"})
DEFAULT_TRIGGERS = "sitreport.triggers.rules.v1"


@dataclass(frozen=True)
class PipelineConfig:
    """What a user can choose: the spaCy model, the gazetteer file, the trigger finders
    (registry names, run in order: a learned typer goes after the rules), stages to leave
    out, seconds one document may take (None: no limit), the ACLED typer that may re-type
    the rules' ACLED coding (a registry name; None for the rules alone)."""

    model: str | None = None
    gazetteer: Path | None = None
    disable: frozenset[str] = field(default_factory=frozenset)
    time_budget: float | None = DEFAULT_TIME_BUDGET
    triggers: str | tuple[str, ...] = DEFAULT_TRIGGERS
    acled_typer: str | None = DEFAULT_TYPER

    @property
    def trigger_finders(self) -> tuple[str, ...]:
        return (self.triggers,) if isinstance(self.triggers, str) else tuple(self.triggers)


def default_pipeline(
    config: PipelineConfig | None = None,
    *,
    nlp: Any = None,
    geocoder: Geocoder | None = None,
) -> Pipeline:
    """The full pipeline; `nlp` and `geocoder` may be passed in to share or fake them."""
    config = config or PipelineConfig()
    unknown = config.disable - OPTIONAL_STAGES
    if unknown:
        raise PipelineError(f"cannot disable {sorted(unknown)}; optional stages are {sorted(OPTIONAL_STAGES)}")
    lex = Lexicons.load()
    finders = [registry.build(name, lex) for name in config.trigger_finders]
    typer = typer_registry.build(config.acled_typer) if config.acled_typer else None
    if geocoder is None:
        geocoder = Gazetteer(ensure_gazetteer(config.gazetteer))
    patterns = cached_place_patterns(geocoder)
    if nlp is None:
        nlp = load_nlp(config.model, patterns)
    stages: dict[str, Stage] = {
        "parse": ParseStage(nlp, frozenset(p["pattern"] for p in patterns)),
        "places": PlacesStage(geocoder, lex.actors),
        "actors": ActorsStage(lex.actors),
        "dates": DatesStage(),
        "quantities": QuantitiesStage(NumberWords.load()),
        "triggers": TriggersStage(finders),
        "roles": RolesStage(lex.events),
        "coreference": CoreferenceStage(lex.events, lex.cues),
        "event_place": EventPlaceStage(lex.events, lex.cues),
        "arguments": ArgumentsStage(lex.arguments, lex.actors),
        "counts": CountsStage(lex.events),
        "attribution": AttributionStage(lex.cues, lex.actors),
        "factuality": FactualityStage(lex.cues),
        "event_date": EventDateStage(lex.events, lex.cues),
        "acled": AcledStage(AcledTable.load(), typer),
    }
    return Pipeline(
        [stages[name] for name in STAGE_ORDER if name not in config.disable], time_budget=config.time_budget
    )


def cached_place_patterns(geocoder: Geocoder) -> list[dict[str, str]]:
    """`place_patterns`, cached when they come from a gazetteer file (~0.3-0.7 s saved).

    The key is the gazetteer file and the code and resource that pick the
    names from it; other geocoders are cheap to list and are not cached.
    """
    path = getattr(geocoder, "path", None)
    if not isinstance(geocoder, Gazetteer) or not isinstance(path, Path):
        return place_patterns(geocoder)
    from sitreport import cache
    from sitreport.geocode import base, gazetteer
    from sitreport.stages import places

    sources = [Path(m.__file__ or "") for m in (places, base, gazetteer)]
    key = [cache.file_key(path), files("sitreport.resources").joinpath("places.yaml").read_bytes()]
    key += [source.read_bytes() for source in sources]
    patterns: list[dict[str, str]] = cache.cached_json("place-patterns", key, lambda: place_patterns(geocoder))
    return patterns


def extract(
    text: str,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Events from one plain-text article (builds a pipeline when none is given)."""
    doc = read_text(text, outlet=outlet, published=published, title=title, url=url)
    return (pipeline or default_pipeline())(doc)


def extract_many(docs: Iterable[Document], pipeline: Pipeline) -> Iterable[Document]:
    """Run one pipeline over many documents."""
    return pipeline.pipe(docs)
