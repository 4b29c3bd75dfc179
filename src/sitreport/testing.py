"""Fakes and builders for tests, benchmarks and demos; no models are loaded.

`FakePipeline` is a deterministic, regex-based stand-in for the real
extraction pipeline: it finds one event per sentence with a trigger word and
fills actors, place, date, counts, attribution and factuality from small
tables. It is good enough to exercise storage, ingest, linking and exports at
scale, and nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import time
from collections.abc import Callable

from sitreport.model import (
    Actor,
    Attribution,
    Counts,
    DateRange,
    Document,
    Event,
    EventType,
    Evidence,
    Factuality,
    GeoPrecision,
    Place,
    Precision,
    Sector,
    Source,
    SourceKind,
)

__all__ = [
    "COUNTRIES",
    "PLACES",
    "TRIGGERS",
    "FakePipeline",
    "fake_pipeline",
    "make_document",
    "text_id",
]

TRIGGERS: dict[str, EventType] = {
    "shelled": EventType.ASSAULT,
    "attacked": EventType.ASSAULT,
    "struck": EventType.ASSAULT,
    "bombed": EventType.ASSAULT,
    "protested": EventType.PROTEST,
    "marched": EventType.PROTEST,
    "arrested": EventType.COERCE,
    "detained": EventType.COERCE,
    "clashed": EventType.ASSAULT,
    "fought": EventType.ASSAULT,
}

COUNTRIES: dict[str, str] = {
    "Russian": "RUS",
    "Ukrainian": "UKR",
    "Israeli": "ISR",
    "Palestinian": "PSE",
    "Sudanese": "SDN",
    "Syrian": "SYR",
    "Turkish": "TUR",
    "Malian": "MLI",
    "Nigerian": "NGA",
    "Burmese": "MMR",
}

# name -> (country, admin1, lat, lon)
PLACES: dict[str, tuple[str, str, float, float]] = {
    "Kharkiv": ("UKR", "Kharkiv Oblast", 49.99, 36.23),
    "Chuhuiv": ("UKR", "Kharkiv Oblast", 49.84, 36.69),
    "Donetsk": ("UKR", "Donetsk Oblast", 48.02, 37.80),
    "Kramatorsk": ("UKR", "Donetsk Oblast", 48.74, 37.58),
    "Belgorod": ("RUS", "Belgorod Oblast", 50.60, 36.59),
    "Kursk": ("RUS", "Kursk Oblast", 51.73, 36.19),
    "Gaza City": ("PSE", "Gaza Strip", 31.50, 34.47),
    "Khan Younis": ("PSE", "Gaza Strip", 31.35, 34.31),
    "Khartoum": ("SDN", "Khartoum", 15.50, 32.56),
    "El Fasher": ("SDN", "North Darfur", 13.63, 25.35),
    "Aleppo": ("SYR", "Aleppo", 36.20, 37.16),
    "Idlib": ("SYR", "Idlib", 35.93, 36.63),
    "Bamako": ("MLI", "Bamako", 12.64, -8.00),
    "Maiduguri": ("NGA", "Borno", 11.85, 13.16),
    "Mandalay": ("MMR", "Mandalay", 21.97, 96.08),
}

_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_TRIGGER = re.compile(r"\b(" + "|".join(TRIGGERS) + r")\b")
_ACTOR = re.compile(r"\b(" + "|".join(COUNTRIES) + r") (forces|troops|police|protesters|drones)\b")
_PLACE = re.compile(r"\b(" + "|".join(re.escape(p) for p in PLACES) + r")\b")
_DATE = re.compile(r"\bon (\d{4}-\d{2}-\d{2})\b")
_KILLED = re.compile(r"\b(\d+) (?:people|civilians|soldiers|fighters) (?:were )?killed\b")
_SOURCE = re.compile(r"\b(?:according to|said|told) (?:the )?([A-Z][\w]*(?: [A-Z][\w]*)*)")


def text_id(text: str) -> str:
    """The document id for `text`: the SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_document(
    text: str,
    *,
    outlet: str | None = None,
    published: dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
    events: tuple[Event, ...] = (),
) -> Document:
    return Document(
        id=text_id(text),
        text=text,
        outlet=outlet,
        published=published,
        title=title,
        url=url,
        events=events,
    )


def _actor(m: re.Match[str], offset: int) -> Actor:
    sector = {"police": Sector.COP, "protesters": Sector.CVL}.get(m.group(2), Sector.MIL)
    return Actor(
        text=m.group(0),
        start=offset + m.start(),
        end=offset + m.end(),
        country=COUNTRIES[m.group(1)],
        sector=sector,
    )


def _event(doc: Document, n: int, start: int, sentence: str) -> Event | None:
    trig = _TRIGGER.search(sentence)
    if trig is None:
        return None
    actors = [_actor(m, start) for m in _ACTOR.finditer(sentence)]
    before = [a for a in actors if a.start < start + trig.start()]
    after = [a for a in actors if a.start > start + trig.start()]
    place = None
    pm = _PLACE.search(sentence)
    if pm is not None:
        country, admin1, lat, lon = PLACES[pm.group(1)]
        place = Place(
            text=pm.group(0),
            start=start + pm.start(),
            end=start + pm.end(),
            name=pm.group(1),
            country=country,
            admin1=admin1,
            lat=lat,
            lon=lon,
            precision=GeoPrecision.POINT,
        )
    date = None
    dm = _DATE.search(sentence)
    if dm is not None:
        day = dt.date.fromisoformat(dm.group(1))
        date = DateRange(dm.group(0), start + dm.start(), start + dm.end(), day, day, Precision.DAY)
    elif doc.published is not None:
        date = DateRange("", start, start, doc.published, doc.published, Precision.DAY)
    km = _KILLED.search(sentence)
    sm = _SOURCE.search(sentence)
    chain = (Source(sm.group(1), SourceKind.ORGANIZATION),) if sm else ()
    lowered = sentence.lower()
    if "denied" in lowered:
        factuality = Factuality.DENIED
    elif " not " in lowered:
        factuality = Factuality.NEGATED
    elif chain:
        factuality = Factuality.REPORTED
    else:
        factuality = Factuality.ASSERTED
    return Event(
        id=f"e{n}",
        type=TRIGGERS[trig.group(1)],
        trigger=trig.group(1),
        trigger_start=start + trig.start(),
        trigger_end=start + trig.end(),
        sentence=n,
        actors=tuple(before),
        recipients=tuple(after),
        location=place,
        date=date,
        counts=Counts(killed=int(km.group(1)) if km else None),
        attribution=Attribution(chain=chain, cue=sm.group(0) if sm else None),
        factuality=factuality,
        evidence=Evidence(sentence.strip(), start, start + len(sentence)),
    )


@dataclasses.dataclass(frozen=True)
class FakePipeline:
    """A `Document -> Document` callable with the shape of the real pipeline.

    `delay` sleeps per document (to stand in for parsing time in crash tests);
    a text containing `fail_marker` raises `ValueError`, one containing
    `crash_marker` ends the process at once (a stand-in for a segfault).
    """

    delay: float = 0.0
    fail_marker: str = "<<FAIL>>"
    crash_marker: str = "<<CRASH>>"

    def __call__(self, doc: Document) -> Document:
        if self.delay:
            time.sleep(self.delay)
        if self.fail_marker and self.fail_marker in doc.text:
            raise ValueError("the fake pipeline was told to fail")
        if self.crash_marker and self.crash_marker in doc.text:
            os._exit(70)
        events = []
        for n, m in enumerate(_SENTENCE.finditer(doc.text)):
            ev = _event(doc, n, m.start(), m.group(0))
            if ev is not None:
                events.append(ev)
        return dataclasses.replace(doc, events=tuple(events))


def fake_pipeline(delay: float = 0.0) -> Callable[[Document], Document]:
    """A pipeline factory (picklable as `functools.partial(fake_pipeline, delay=...)`)."""
    return FakePipeline(delay=delay)


class TemporaryPostgres:
    """A throwaway PostgreSQL server for tests: initdb in a temporary directory,
    listening only on a Unix socket there, stopped and deleted on exit.

    Needs Debian's postgresql package (initdb, pg_ctl). As root, the server runs
    as the `postgres` user, since PostgreSQL refuses to run as root.
    """

    def __init__(self) -> None:
        self.dir = ""
        self._prefix: list[str] = []
        self._bin = ""

    @staticmethod
    def find_bin() -> str | None:
        """The directory holding pg_ctl and initdb, or None if PostgreSQL is not installed."""
        import glob
        import shutil

        found = shutil.which("pg_ctl")
        if found and shutil.which("initdb"):
            return os.path.dirname(os.path.realpath(found))
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        return os.path.dirname(candidates[-1]) if candidates else None

    def _run(self, *args: str) -> None:
        import subprocess

        subprocess.run([*self._prefix, *args], check=True, capture_output=True, timeout=120)

    def __enter__(self) -> TemporaryPostgres:
        import pwd
        import tempfile

        bindir = self.find_bin()
        if bindir is None:
            raise FileNotFoundError("PostgreSQL (initdb, pg_ctl) is not installed")
        self._bin = bindir
        self.dir = tempfile.mkdtemp(prefix="sitreport-pg-")
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self._prefix = ["runuser", "-u", "postgres", "--"]
        data = os.path.join(self.dir, "data")
        self._run(
            f"{bindir}/initdb",
            "-D",
            data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = f"-k {self.dir} -c listen_addresses='' -c fsync=off -p 5432"
        self._run(
            f"{bindir}/pg_ctl",
            "-D",
            data,
            "-l",
            os.path.join(self.dir, "log"),
            "-o",
            options,
            "-w",
            "start",
        )
        return self

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host={self.dir} port=5432 user=postgres dbname={dbname}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its connection string."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def __exit__(self, *exc: object) -> None:
        import shutil

        try:
            self._run(
                f"{self._bin}/pg_ctl",
                "-D",
                os.path.join(self.dir, "data"),
                "-m",
                "immediate",
                "stop",
            )
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
