"""The lossless JSON codec used for event payloads and Dask shards."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from sitreport.errors import StoreError
from sitreport.model import Document, Entity, Event, Sentence, Token
from sitreport.store.codec import (
    Kept,
    document_from_json,
    document_to_json,
    from_jsonable,
    from_payload,
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


def test_kept_forgets_the_least_recently_used_beyond_its_size() -> None:
    kept: Kept[str, int] = Kept(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "a" is now the most recently used
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)


def test_from_payload_gives_the_decoded_value_and_reuses_it() -> None:
    ev = _doc().events[0]
    text = json.dumps(to_jsonable(ev))
    first = from_payload(Event, text)
    assert first == ev
    assert from_payload(Event, text) is first
    assert from_payload(Event, json.dumps(to_jsonable(dataclasses.replace(ev, trigger="other")))) != first
