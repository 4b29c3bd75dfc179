"""Exceptions raised by sitreport.

    SitreportError
    ├── InputError            bad input: empty, binary, not UTF-8, too large, unparsable
    │   ├── DateError         a date that is not a date, or outside the years we accept
    │   └── TooLargeError     an input over its size limit (found without reading past it)
    ├── ExtractionError       the pipeline could not finish one document
    │   └── TimeBudgetError   it ran past the per-document time budget
    ├── PipelineError         stages composed in an impossible order
    │   └── StageError        a stage failed on a document (its name; the error as the cause)
    ├── ResourceError         a data file or model that cannot be loaded
    └── StoreError            the event store refused an operation
        └── StoreLockedError  another process holds the store file

Anything else escaping the library is a bug: the fuzz suite (`tests/fuzz/`) feeds
the reader, the pipeline, the store and the API arbitrary input and fails on any
exception outside this tree.
"""


class SitreportError(Exception):
    """Base of every error sitreport raises on purpose."""


class InputError(SitreportError):
    """The input cannot be read as a news article."""


class DateError(InputError):
    """A date given by the user or found in metadata is not a valid date, or not a plausible one."""


class TooLargeError(InputError):
    """An input is larger than its limit; reading stopped at the limit."""


class ExtractionError(SitreportError):
    """Extraction of one document could not finish; other documents are unaffected."""


class TimeBudgetError(ExtractionError):
    """Extraction of one document took longer than its time budget."""


class PipelineError(SitreportError):
    """Stages were composed in an order that cannot work."""


class ResourceError(SitreportError):
    """A packaged data file or language model could not be loaded."""


class StoreError(SitreportError):
    """The store could not complete an operation; nothing was half-written."""


class StoreLockedError(StoreError):
    """Another process (often `sitreport serve`) has the store file open for writing."""

    def __init__(self, path: str, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"the store {path} is open in another process (DuckDB lets one process write a file); "
            "stop that process, or use a PostgreSQL store (--db postgresql://...) for several writers"
        )


class StageError(PipelineError):
    """A stage raised an error that is not one of ours; `stage` names it, the error is the cause."""

    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(f"stage {stage!r} failed: {type(error).__name__}: {error}")
        self.stage = stage
