"""A lossless JSON form of the model's dataclasses, for the store and shards.

This is not the public CONTRACT shape (that is `sitreport.serialize`): it keeps
every field, so `from_jsonable(Document, to_jsonable(doc)) == doc`. It is
driven by the dataclasses' type hints, so new model fields need no change here.
Each class's converter is built once from its hints and reused: decoding
100,000 events this way is several times faster than inspecting types per value.

`fit_to_columns` is what every store applies before writing, so all stores keep
the same thing: a count larger than the SQL stores' 32-bit integer columns is
lowered to the largest they hold and flagged (`Counts.clamped`); any other
integer out of that range, or text that is not valid Unicode, is refused with
`StoreError` naming the field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import threading
import types
import typing
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cache, lru_cache
from typing import Any, Generic, TypeVar

import orjson

from sitreport.errors import StoreError
from sitreport.model import Counts, Document, Event

__all__ = [
    "INT_MAX",
    "INT_MIN",
    "document_from_json",
    "document_to_json",
    "fit_to_columns",
    "from_jsonable",
    "to_jsonable",
]

INT_MAX = 2**31 - 1  # the SQL stores' INTEGER columns are 32-bit
INT_MIN = -(2**31)
_COUNT_FIELDS = ("killed", "injured", "people", "arrested")

T = TypeVar("T")
Convert = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _optional(inner: Convert) -> Convert:
    return lambda v: None if v is None else inner(v)


@cache
def _encoder(tp: Any) -> Convert:
    """A function turning a value of type `tp` into JSON-ready data."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) != 1:
            raise StoreError(f"cannot encode a value of union type {tp}")
        return _optional(_encoder(options[0]))
    if origin is tuple:
        item = _encoder(typing.get_args(tp)[0])
        return list if item is _identity else (lambda v: [item(x) for x in v])
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            hints = typing.get_type_hints(tp)
            plan = [(f.name, _encoder(hints[f.name])) for f in dataclasses.fields(tp)]
            return lambda obj: {name: enc(getattr(obj, name)) for name, enc in plan}
        if issubclass(tp, enum.Enum):
            return lambda v: v.value
        if issubclass(tp, dt.date):  # also datetime
            return lambda v: v.isoformat()
    return _identity


@cache
def _decoder(tp: Any) -> Convert:
    """A function rebuilding a value of type `tp` from what its encoder wrote."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) != 1:
            raise StoreError(f"cannot decode a value of union type {tp}")
        return _optional(_decoder(options[0]))
    if origin is tuple:
        item = _decoder(typing.get_args(tp)[0])
        return tuple if item is _identity else (lambda v: tuple(item(x) for x in v))
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            return _dataclass_decoder(tp)
        if issubclass(tp, enum.Enum):
            return tp
        if tp is dt.datetime:
            return dt.datetime.fromisoformat
        if tp is dt.date:
            return dt.date.fromisoformat
        if tp is float:
            return float
    return _identity


def _dataclass_decoder(cls: type) -> Convert:
    hints = typing.get_type_hints(cls)
    plan = {f.name: _decoder(hints[f.name]) for f in dataclasses.fields(cls)}

    def decode(data: Any) -> Any:
        if not isinstance(data, dict):
            raise StoreError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
        # Keys the class no longer has are dropped; fields the data lacks take defaults.
        return cls(**{k: plan[k](v) for k, v in data.items() if k in plan})

    return decode


def to_jsonable(obj: object) -> Any:
    """Turn a model value (dataclass, enum, date, tuple, scalar) into JSON-ready data."""
    if isinstance(obj, list):
        return [to_jsonable(v) for v in obj]
    encode: Convert = _encoder(typing.cast(Any, type(obj)))
    return encode(obj)


def from_jsonable(cls: type[T], data: Any) -> T:
    """Rebuild dataclass `cls` from what `to_jsonable` wrote."""
    result: T = _decoder(typing.cast(Any, cls))(data)
    return result


# Decoded payloads kept: enough for the pages and views a busy server reads again and
# again (each payload a few kB decoded), small next to the store's own memory.
PAYLOADS_KEPT = 8192


def from_payload(cls: type[T], payload: str) -> T:
    """`cls` rebuilt from its stored JSON text, remembered for the last `PAYLOADS_KEPT`
    payloads: decoding is most of what a page of stored events costs, and the same
    events are read again and again. Sharing one value is safe because the model's
    dataclasses are frozen and the text alone decides the value."""
    result: T = _decoded(typing.cast(Any, cls), payload)
    return result


@lru_cache(maxsize=PAYLOADS_KEPT)
def _decoded(cls: type, payload: str) -> Any:
    return from_jsonable(cls, orjson.loads(payload))


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """The `size` most recently used entries of a map, safe to share between threads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> V:
        """Keep `value` under `key` (forgetting the least recently used beyond `size`); returns it."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


def document_to_json(doc: Document, *, annotations: bool = False) -> str:
    """JSON text for `doc`; parse annotations (tokens, sentences...) only when asked."""
    if not annotations:
        doc = dataclasses.replace(
            doc, tokens=(), sentences=(), entities=(), actors=(), places=(), dates=(), quantities=(), mentions=()
        )
    return json.dumps(to_jsonable(doc), ensure_ascii=False, separators=(",", ":"))


def document_from_json(text: str) -> Document:
    return from_jsonable(Document, orjson.loads(text))


def _clamp(value: int | None) -> int | None:
    return None if value is None else max(INT_MIN, min(INT_MAX, value))


def _fit_event(ev: Event) -> Event:
    counts = ev.counts
    over = [name for name in _COUNT_FIELDS if _clamp(getattr(counts, name)) != getattr(counts, name)]
    fatalities = ev.acled.fatalities if ev.acled is not None else None
    if not over and _clamp(fatalities) == fatalities:
        return ev
    clamped = Counts(**{name: _clamp(getattr(counts, name)) for name in _COUNT_FIELDS}, clamped=True)
    acled = ev.acled
    if acled is not None and _clamp(fatalities) != fatalities:
        acled = dataclasses.replace(acled, fatalities=_clamp(fatalities))
    return dataclasses.replace(ev, counts=clamped, acled=acled)


def _check(value: Any, where: str) -> None:
    """Refuse what no column can hold: an integer beyond 32 bits, text with a lone surrogate."""
    if value is None or isinstance(value, bool | float | dt.date | enum.Enum):
        return
    if isinstance(value, int):
        if not INT_MIN <= value <= INT_MAX:
            raise StoreError(f"{where} = {value} does not fit the store's 32-bit integer column")
    elif isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise StoreError(f"{where} is not valid Unicode text (a lone surrogate at {exc.start})") from None
    elif isinstance(value, tuple | list):
        for n, item in enumerate(value):
            _check(item, f"{where}[{n}]")
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _check(getattr(value, f.name), f"{where}.{f.name}")


def fit_to_columns(doc: Document) -> Document:
    """`doc` as every store keeps it: oversized counts clamped and flagged, the rest checked.

    Only what a store keeps is checked (text, metadata, events), not parse annotations.
    Returns `doc` itself when nothing needed clamping.
    """
    events = tuple(_fit_event(ev) for ev in doc.events)
    if any(a is not b for a, b in zip(events, doc.events, strict=True)):
        doc = dataclasses.replace(doc, events=events)
    for name in ("id", "text", "outlet", "title", "url", "body_start"):
        _check(getattr(doc, name), f"document.{name}")
    for n, ev in enumerate(doc.events):
        _check(ev, f"event {n} ({ev.id!r})")
    return doc
