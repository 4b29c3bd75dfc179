"""Exceptions raised by sitreport.

    SitreportError
    ├── InputError            bad input: empty, binary, not UTF-8, too large, unparsable
    │   └── DateError         a date string that is not a date
    ├── PipelineError         stages composed in an impossible order
    │   └── StageError        a stage failed on a document (its name; the error as the cause)
    ├── ResourceError         a data file or model that cannot be loaded
    └── StoreError            the event store refused an operation
"""


class SitreportError(Exception):
    """Base of every error sitreport raises on purpose."""


class InputError(SitreportError):
    """The input cannot be read as a news article."""


class DateError(InputError):
    """A date given by the user or found in metadata is not a valid date."""


class PipelineError(SitreportError):
    """Stages were composed in an order that cannot work."""


class ResourceError(SitreportError):
    """A packaged data file or language model could not be loaded."""


class StoreError(SitreportError):
    """The store could not complete an operation; nothing was half-written."""


class StageError(PipelineError):
    """A stage raised an error that is not one of ours; `stage` names it, the error is the cause."""

    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(f"stage {stage!r} failed: {type(error).__name__}: {error}")
        self.stage = stage
