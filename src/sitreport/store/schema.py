"""The DuckDB schema as an ordered list of migrations.

A migration is applied once, in order, inside one transaction with the row that
records it in `schema_version`. Never edit a migration that has shipped: add a
new one at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MIGRATIONS", "Migration"]


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


# Events are stored twice on purpose: relational columns and child tables for
# filtering, joins and exports in SQL, and `payload` (the lossless JSON of
# `sitreport.store.codec`) as what the store reads back, so a field added to the
# model round-trips before any migration gives it a column. Documents keep their
# metadata the same way in `meta`.
_V1 = (
    """CREATE TABLE documents (
        id VARCHAR PRIMARY KEY,
        text VARCHAR NOT NULL,
        outlet VARCHAR,
        published DATE,
        title VARCHAR,
        url VARCHAR,
        body_start INTEGER NOT NULL,
        meta VARCHAR NOT NULL,
        source VARCHAR,
        added_at TIMESTAMP NOT NULL
    )""",
    # One row per raw input (content hash) that produced a stored document, so a
    # resumed ingest can skip it before parsing.
    """CREATE TABLE sources (
        hash VARCHAR PRIMARY KEY,
        document_id VARCHAR NOT NULL,
        source VARCHAR
    )""",
    """CREATE TABLE events (
        document_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        type VARCHAR NOT NULL,
        trigger VARCHAR NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        mode VARCHAR,
        contexts VARCHAR[] NOT NULL,
        date_text VARCHAR,
        date_start_char INTEGER,
        date_end_char INTEGER,
        date_start DATE,
        date_end DATE,
        date_precision VARCHAR,
        killed INTEGER,
        injured INTEGER,
        people INTEGER,
        arrested INTEGER,
        attribution_cue VARCHAR,
        factuality VARCHAR NOT NULL,
        acled_event_type VARCHAR,
        acled_sub_event_type VARCHAR,
        acled_disorder_type VARCHAR,
        acled_actor1 VARCHAR,
        acled_actor2 VARCHAR,
        acled_inter1 INTEGER,
        acled_inter2 INTEGER,
        acled_interaction INTEGER,
        acled_fatalities INTEGER,
        acled_civilian_targeting BOOLEAN,
        payload VARCHAR NOT NULL,
        PRIMARY KEY (document_id, event_id)
    )""",
    """CREATE TABLE actors (
        document_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        country VARCHAR,
        sector VARCHAR,
        name VARCHAR,
        head INTEGER NOT NULL,
        PRIMARY KEY (document_id, event_id, role, position)
    )""",
    """CREATE TABLE places (
        document_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        name VARCHAR,
        country VARCHAR,
        admin1 VARCHAR,
        admin2 VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        precision VARCHAR,
        near BOOLEAN NOT NULL,
        PRIMARY KEY (document_id, event_id)
    )""",
    """CREATE TABLE attributions (
        document_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        also VARCHAR[] NOT NULL,
        PRIMARY KEY (document_id, event_id, position)
    )""",
    """CREATE TABLE evidence (
        document_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        sentence VARCHAR NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        PRIMARY KEY (document_id, event_id)
    )""",
    """CREATE TABLE failures (
        key VARCHAR PRIMARY KEY,
        source VARCHAR NOT NULL,
        error VARCHAR NOT NULL,
        failed_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE clusters (
        id VARCHAR PRIMARY KEY,
        type VARCHAR NOT NULL,
        corroboration INTEGER NOT NULL,
        roots VARCHAR[] NOT NULL,
        contradiction BOOLEAN NOT NULL,
        country VARCHAR,
        admin1 VARCHAR,
        date_start DATE,
        date_end DATE,
        score DOUBLE NOT NULL,
        size INTEGER NOT NULL
    )""",
    """CREATE TABLE cluster_members (
        document_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        cluster_id VARCHAR NOT NULL,
        PRIMARY KEY (document_id, event_id)
    )""",
)

# v2: every event belongs to a cluster, and a cluster is the reconciled event
# (see sitreport.link.summary); clusters are derived data, rebuilt by `sitreport link`.
# Events keep what the linker reads, computed when they are stored: attribution
# roots, participant countries as a bit set, hashed text features, the blocking key
# and the day range (so candidates of a new event are one indexed scan). Rows stored
# before v2 are filled in by `SQLStore` after migrating (they need Python).
_V2 = (
    "ALTER TABLE events ADD COLUMN roots VARCHAR[]",
    "ALTER TABLE events ADD COLUMN people_mask BIGINT",
    "ALTER TABLE events ADD COLUMN text_hashes BLOB",
    "ALTER TABLE events ADD COLUMN link_block VARCHAR",
    "ALTER TABLE events ADD COLUMN link_lo INTEGER",
    "ALTER TABLE events ADD COLUMN link_hi INTEGER",
    "DROP TABLE clusters",
    "DELETE FROM cluster_members",
    """CREATE TABLE clusters (
        id VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        factuality VARCHAR NOT NULL,
        corroboration INTEGER NOT NULL,
        roots VARCHAR[] NOT NULL,
        contradiction BOOLEAN NOT NULL,
        country VARCHAR,
        admin1 VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        date_start DATE,
        date_end DATE,
        killed INTEGER,
        acled_event_type VARCHAR,
        score DOUBLE NOT NULL,
        size INTEGER NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        payload VARCHAR NOT NULL,
        PRIMARY KEY (id)
    )""",
)

# v3: what the web UI searches, filters and maps. `events.search` is the event's search
# key (`sitreport.store.search`: evidence, actors, places and sources, normalised),
# matched word by word; events keep their article's outlet and their place's country,
# admin1 (as written and case-folded), coordinates and name, so a filtered page of 100k
# events is one scan of `events` with no join; `clusters.place_name` names the reconciled place on
# the map. Rows stored before v3 are filled in by `SQLStore` (the search key and place
# names need Python).
_V3 = (
    "ALTER TABLE events ADD COLUMN search VARCHAR",
    "ALTER TABLE events ADD COLUMN outlet VARCHAR",
    "ALTER TABLE events ADD COLUMN country VARCHAR",
    "ALTER TABLE events ADD COLUMN admin1 VARCHAR",
    "ALTER TABLE events ADD COLUMN admin1_key VARCHAR",
    "ALTER TABLE events ADD COLUMN lat DOUBLE",
    "ALTER TABLE events ADD COLUMN lon DOUBLE",
    "ALTER TABLE events ADD COLUMN place_name VARCHAR",
    "UPDATE events SET outlet = d.outlet FROM documents d WHERE d.id = events.document_id",
    "ALTER TABLE clusters ADD COLUMN place_name VARCHAR",
    "CREATE INDEX events_document ON events (document_id)",
    "CREATE INDEX members_document ON cluster_members (document_id)",
    "CREATE INDEX members_cluster ON cluster_members (cluster_id)",
)

# v4: each report names its event (cluster), as `cluster_members` does; `SQLStore` keeps
# the two equal whenever clusters are written.
_V4 = (
    "ALTER TABLE events ADD COLUMN cluster_id VARCHAR",
    "UPDATE events SET cluster_id = m.cluster_id FROM cluster_members m "
    "WHERE m.document_id = events.document_id AND m.event_id = events.event_id",
)

# v5: each report carries what a listing shows of its article (date, address, title) and
# of its event (corroboration, contradiction), so reading a page of reports is one query
# on `events`; `SQLStore` sets the event's two whenever clusters are written. Places and
# evidence are indexed by article, so linking one new article looks its rows up rather
# than scanning both tables (a write's linking reads: 43 -> 17 ms on 100k events).
_V5 = (
    "CREATE INDEX places_document ON places (document_id)",
    "CREATE INDEX evidence_document ON evidence (document_id)",
    "ALTER TABLE events ADD COLUMN published DATE",
    "ALTER TABLE events ADD COLUMN url VARCHAR",
    "ALTER TABLE events ADD COLUMN title VARCHAR",
    "ALTER TABLE events ADD COLUMN corroboration INTEGER",
    "ALTER TABLE events ADD COLUMN contradiction BOOLEAN",
    "UPDATE events SET published = d.published, url = d.url, title = d.title FROM documents d "
    "WHERE d.id = events.document_id",
    "UPDATE events SET corroboration = c.corroboration, contradiction = c.contradiction FROM clusters c "
    "WHERE c.id = events.cluster_id",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, events and their parts, failures, clusters", _V1),
    Migration(2, "clusters as reconciled events; link columns on events", _V2),
    Migration(3, "search key on events, place name on clusters", _V3),
    Migration(4, "each report's cluster on events", _V4),
    Migration(5, "article and event fields a listing shows on events", _V5),
)
