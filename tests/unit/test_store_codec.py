"""The lossless JSON codec used for event payloads and Dask shards."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sitreport.errors import StoreError
from sitreport.model import Document, Entity, Sentence, Token
from sitreport.store.codec import (
    document_from_json,
    document_to_json,
    from_jsonable,
    to_jsonable,
)
from sitreport.testing import FakePipeline, make_document


def _doc() -> Document:
    doc = FakePipeline()(
        make_document(
            "Russian forces shelled Kharkiv on 2024-10-03, according to Reuters.",
            outlet="AP",
            published=dt.date(2024, 10, 4),
        )
    )
    return dataclasses.replace(
        doc,
        tokens=(Token(0, "Russian", 0, "russian", "ADJ", "JJ", "amod", 1, "NORP", "B"),),
        sentences=(Sentence(0, 67, doc.text, 0, 12),),
        entities=(Entity("GPE", "Kharkiv", 23, 30, 3, 4),),
    )


def test_store_codec_round_trips_documents_with_annotations() -> None:
    doc = _doc()
    assert document_from_json(document_to_json(doc, annotations=True)) == doc
    lean = document_from_json(document_to_json(doc))
    assert lean.tokens == () and lean.events == doc.events


def test_store_codec_tolerates_unknown_and_missing_keys() -> None:
    data = to_jsonable(_doc().events[0])
    data["field_from_the_future"] = 1
    del data["mode"]
    event = from_jsonable(type(_doc().events[0]), data)
    assert event.mode is None and event.type == "ASSAULT"


def test_store_codec_rejects_non_objects() -> None:
    with pytest.raises(StoreError):
        from_jsonable(Document, ["not", "an", "object"])
