"""Rows for the linker, read from the SQL tables: the link view and its conversions.

One SELECT (`link_view`) gives, per stored event, what the linker scores (family,
place, dates as day ordinals, participants, text hashes) and what a cluster summary
needs (counts, factuality, ACLED coding, roots, outlet and URL). `SQLStore` wraps it
in the queries of a `LinkSession`; `members` and `frame` turn fetched columns into
`Member`s and a `LinkFrame`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from sitreport.model import (
    AcledCoding,
    Counts,
    DateRange,
    Factuality,
    GeoPrecision,
    Place,
    Precision,
)
from sitreport.store.base import EventKey, LinkFrame, Member

__all__ = ["Columns", "frame", "link_view", "members"]

Columns = dict[str, list[Any]]

_ORDINAL_BASE = dt.date(1970, 1, 1).toordinal()
_PRECISE = frozenset({"point", "admin2"})


def _family_sql(families: Mapping[str, str]) -> str:
    cases = " ".join(f"WHEN '{t}' THEN '{f}'" for t, f in sorted(families.items()))
    return f"CASE upper(e.type) {cases} ELSE upper(e.type) END"


def link_view(families: Mapping[str, str], documents: str | None = None) -> str:
    """SELECT of stored events with their link and summary columns; `documents` (what
    goes inside `IN (...)`: listed ids or a subquery) selects some documents' events. It filters every joined
    table before the join, so a few documents' rows cost a few lookups, not hash tables
    built over the whole store."""

    def table(name: str, key: str = "document_id") -> str:
        return f"(SELECT * FROM {name} WHERE {key} IN ({documents}))" if documents else name

    events, docs = table("events"), table("documents", "id")
    places, evidence, cluster_members = table("places"), table("evidence"), table("cluster_members")
    return f"""
        SELECT e.document_id, e.event_id, e.type, {_family_sql(families)} AS family,
            p.country, p.admin1, lower(p.admin1) AS admin1_key, p.admin2, p.name AS place_name,
            p.text AS place_text, p.start_char AS place_start, p.end_char AS place_end,
            p.lat, p.lon, p.precision AS geo_precision, p.near,
            e.date_text, e.date_start_char, e.date_end_char, e.date_start, e.date_end, e.date_precision,
            (COALESCE(e.date_start, e.date_end, d.published) - DATE '1970-01-01') AS lo,
            (COALESCE(e.date_end, e.date_start, d.published) - DATE '1970-01-01') AS hi,
            e.mode, e.killed, e.injured, e.people, e.arrested, e.factuality,
            e.acled_event_type, e.acled_sub_event_type, e.acled_disorder_type, e.acled_actor1,
            e.acled_actor2, e.acled_inter1, e.acled_inter2, e.acled_interaction, e.acled_fatalities,
            e.acled_civilian_targeting, e.roots, COALESCE(e.people_mask, 0) AS people_mask,
            e.text_hashes, COALESCE(v.sentence, e.trigger) AS text,
            d.outlet, d.url, d.published, d.title, m.cluster_id
        FROM {events} e
        JOIN {docs} d ON d.id = e.document_id
        LEFT JOIN {places} p ON p.document_id = e.document_id AND p.event_id = e.event_id
        LEFT JOIN {evidence} v ON v.document_id = e.document_id AND v.event_id = e.event_id
        LEFT JOIN {cluster_members} m ON m.document_id = e.document_id AND m.event_id = e.event_id
    """


def _date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    raise TypeError(f"not a date: {value!r}")


def members(cols: Columns) -> list[Member]:
    """`Member`s from fetched link-view columns."""
    out: list[Member] = []
    rows = zip(*(cols[name] for name in _MEMBER_COLUMNS), strict=True)
    for (
        document_id,
        event_id,
        type_,
        factuality,
        mode,
        place_text,
        place_start,
        place_end,
        place_name,
        country,
        admin1,
        admin2,
        lat,
        lon,
        geo_precision,
        near,
        date_text,
        date_start_char,
        date_end_char,
        date_start,
        date_end,
        date_precision,
        killed,
        injured,
        people,
        arrested,
        a_type,
        a_sub,
        a_disorder,
        a_actor1,
        a_actor2,
        a_inter1,
        a_inter2,
        a_interaction,
        a_fatalities,
        a_civilian,
        roots,
        outlet,
        url,
        published,
        title,
        cluster_id,
    ) in rows:
        place = None
        if place_text is not None:
            place = Place(
                place_text,
                place_start,
                place_end,
                place_name,
                country,
                admin1,
                admin2,
                lat,
                lon,
                _GEO[geo_precision] if geo_precision else None,
                bool(near),
            )
        date = None
        if date_start_char is not None:
            date = DateRange(
                date_text or "",
                date_start_char,
                date_end_char,
                _date(date_start),
                _date(date_end),
                _PRECISION[date_precision] if date_precision else None,
            )
        acled = None
        if a_type is not None:
            acled = AcledCoding(
                a_type,
                a_sub,
                a_disorder,
                a_actor1,
                a_actor2,
                a_inter1,
                a_inter2,
                a_interaction,
                a_fatalities,
                bool(a_civilian),
            )
        out.append(
            Member(
                EventKey(document_id, event_id),
                type_,
                _FACTUALITY[factuality],
                mode,
                place,
                date,
                Counts(killed, injured, people, arrested),
                acled,
                tuple(roots or ()),
                outlet,
                url,
                _date(published),
                title,
                cluster_id,
            )
        )
    return out


_MEMBER_COLUMNS = [
    "document_id",
    "event_id",
    "type",
    "factuality",
    "mode",
    "place_text",
    "place_start",
    "place_end",
    "place_name",
    "country",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "geo_precision",
    "near",
    "date_text",
    "date_start_char",
    "date_end_char",
    "date_start",
    "date_end",
    "date_precision",
    "killed",
    "injured",
    "people",
    "arrested",
    "acled_event_type",
    "acled_sub_event_type",
    "acled_disorder_type",
    "acled_actor1",
    "acled_actor2",
    "acled_inter1",
    "acled_inter2",
    "acled_interaction",
    "acled_fatalities",
    "acled_civilian_targeting",
    "roots",
    "outlet",
    "url",
    "published",
    "title",
    "cluster_id",
]
_GEO = {g.value: g for g in GeoPrecision}
_PRECISION = {p.value: p for p in Precision}
_FACTUALITY = {f.value: f for f in Factuality}


class Coder:
    """Integer codes for strings (blocks, documents, types), stable within one session."""

    def __init__(self) -> None:
        self.codes: dict[Any, int] = {}

    def __call__(self, values: Sequence[Any]) -> np.ndarray[Any, np.dtype[np.int64]]:
        codes = self.codes
        return np.fromiter((codes.setdefault(v, len(codes)) for v in values), dtype=np.int64, count=len(values))


def _floats(values: Sequence[Any]) -> np.ndarray[Any, np.dtype[np.float64]]:
    return np.fromiter((np.nan if v is None else float(v) for v in values), dtype=np.float64, count=len(values))


def frame(
    cols: Columns,
    *,
    n: Sequence[int] | None = None,
    blocks: Coder | Sequence[int],
    docs: Coder | Sequence[int],
    types: Coder | Sequence[int],
) -> LinkFrame:
    """A `LinkFrame` from fetched link-view columns; codes come precomputed (a full relink
    numbers them in SQL) or from a session's `Coder`s."""
    size = len(cols["document_id"])

    def code(given: Coder | Sequence[int], values: Sequence[Any]) -> np.ndarray[Any, np.dtype[np.int64]]:
        return given(values) if isinstance(given, Coder) else np.asarray(given, np.int64)

    # SQL gives days since 1970 (None when undated); the linker compares day ordinals.
    start = np.fromiter((-1 if v is None else int(v) + _ORDINAL_BASE for v in cols["lo"]), np.int64, size)
    end = np.fromiter((-1 if v is None else int(v) + _ORDINAL_BASE for v in cols["hi"]), np.int64, size)
    keys = list(zip(cols["family"], cols["country"], cols["admin1_key"], strict=True))
    masks = np.fromiter((int(v or 0) for v in cols["people_mask"]), dtype=np.int64, count=size)
    return LinkFrame(
        n=np.asarray(n if n is not None else range(size), np.int64),
        block=code(blocks, keys),
        start=start,
        end=np.maximum(end, start),
        doc=code(docs, cols["document_id"]),
        type_=code(types, cols["type"]),
        regional=np.fromiter((v is not None for v in cols["admin1"]), dtype=np.bool_, count=size),
        precise=np.fromiter(
            (
                p in _PRECISE and lat is not None and lon is not None
                for p, lat, lon in zip(cols["geo_precision"], cols["lat"], cols["lon"], strict=True)
            ),
            dtype=np.bool_,
            count=size,
        ),
        lat=_floats(cols["lat"]),
        lon=_floats(cols["lon"]),
        people=masks.view(np.uint64),
        hashes=[bytes(h) if h is not None else b"" for h in cols["text_hashes"]],
        texts=[str(t) for t in cols["text"]],
    )
