"""sitreport: conflict and political news -> structured, sourced PLOVER/ACLED events.

The public API is pinned in `__all__`; everything else is internal.
"""

from sitreport.errors import DateError, InputError, PipelineError, ResourceError, SitreportError, StoreError
from sitreport.model import (
    AcledCoding,
    Actor,
    Attribution,
    Counts,
    DateRange,
    Document,
    Event,
    Evidence,
    Factuality,
    Place,
    Source,
)
from sitreport.pipeline import Pipeline, Stage

__version__ = "0.1.0"

__all__ = [
    "AcledCoding",
    "Actor",
    "Attribution",
    "Counts",
    "DateError",
    "DateRange",
    "Document",
    "Event",
    "Evidence",
    "Factuality",
    "InputError",
    "Pipeline",
    "PipelineError",
    "Place",
    "ResourceError",
    "SitreportError",
    "Source",
    "Stage",
    "StoreError",
    "__version__",
]
