"""Exceptions raised by sitreport.

    SitreportError
    ├── InputError            bad input: empty, binary, not UTF-8, too large, unparsable
    │   └── DateError         a date string that is not a date
    ├── PipelineError         stages composed in an impossible order
    ├── ResourceError         a data file or model that cannot be loaded
    └── StoreError            the event store refused an operation
        └── StoreLockedError  another process holds the store file
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


class StoreLockedError(StoreError):
    """Another process (often `sitreport serve`) has the store file open for writing."""

    def __init__(self, path: str, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"the store {path} is open in another process (DuckDB lets one process write a file); "
            "stop that process, or use a PostgreSQL store (--db postgresql://...) for several writers"
        )
