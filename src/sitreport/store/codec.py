"""A lossless JSON form of the model's dataclasses, for the store and shards.

This is not the public CONTRACT shape (that is `sitreport.serialize`): it keeps
every field, so `from_jsonable(Document, to_jsonable(doc)) == doc`. It is
driven by the dataclasses' type hints, so new model fields need no change here.
Each class's converter is built once from its hints and reused: decoding
100,000 events this way is several times faster than inspecting types per value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from sitreport.errors import StoreError
from sitreport.model import Document

__all__ = ["document_from_json", "document_to_json", "from_jsonable", "to_jsonable"]

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


def document_to_json(doc: Document, *, annotations: bool = False) -> str:
    """JSON text for `doc`; parse annotations (tokens, sentences...) only when asked."""
    if not annotations:
        doc = dataclasses.replace(
            doc, tokens=(), sentences=(), entities=(), actors=(), places=(), dates=(), quantities=(), mentions=()
        )
    return json.dumps(to_jsonable(doc), ensure_ascii=False, separators=(",", ":"))


def document_from_json(text: str) -> Document:
    return from_jsonable(Document, json.loads(text))
