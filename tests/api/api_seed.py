"""Hand-made documents for the HTTP API, web UI and load tests; no model is loaded.

Three reports of one Kharkiv shelling (two report it, one denies it) form a cluster with a
contradiction; two unrelated events elsewhere give the filters something to drop; one
article carries markup in its text to prove the UI renders it as text.
"""

from __future__ import annotations

import datetime as dt

from sitreport.model import (
    Actor,
    Attribution,
    Counts,
    DateRange,
    Document,
    Event,
    Evidence,
    Factuality,
    GeoPrecision,
    Place,
    Precision,
    Source,
)
from sitreport.store import Cluster, EventKey, Store
from sitreport.testing import make_document

TOKEN = "test-token-0123456789abcdef"

KHARKIV = ("Kharkiv", "UKR", "Kharkiv Oblast", 49.99, 36.23)
KHAN_YOUNIS = ("Khan Younis", "PSE", "Gaza Strip", 31.35, 34.31)
BAMAKO = ("Bamako", "MLI", "Bamako", 12.64, -8.0)


def _event(
    text: str,
    sentence: str,
    *,
    id: str,
    type: str,
    trigger: str,
    place: tuple[str, str, str, float, float] | None = None,
    day: dt.date | None = None,
    actors: tuple[tuple[str, str, str], ...] = (),
    recipients: tuple[tuple[str, str, str], ...] = (),
    chain: tuple[Source, ...] = (),
    cue: str | None = None,
    factuality: Factuality = Factuality.ASSERTED,
    killed: int | None = None,
) -> Event:
    """An event whose evidence is `sentence`, found in `text` (offsets computed, not typed)."""
    start = text.index(sentence)
    end = start + len(sentence)
    t = text.index(trigger, start)

    def actor(spec: tuple[str, str, str]) -> Actor:
        a = text.index(spec[0], start)
        return Actor(spec[0], a, a + len(spec[0]), country=spec[1], sector=spec[2])

    location = None
    if place is not None:
        p = text.find(place[0], start)
        location = Place(
            place[0],
            p,
            p + len(place[0]),
            name=place[0],
            country=place[1],
            admin1=place[2],
            lat=place[3],
            lon=place[4],
            precision=GeoPrecision.POINT,
        )
    return Event(
        id=id,
        type=type,
        trigger=trigger,
        trigger_start=t,
        trigger_end=t + len(trigger),
        sentence=0,
        actors=tuple(actor(a) for a in actors),
        recipients=tuple(actor(r) for r in recipients),
        location=location,
        date=DateRange("", start, start, day, day, Precision.DAY) if day else None,
        counts=Counts(killed=killed),
        attribution=Attribution(chain=chain, cue=cue),
        factuality=factuality,
        evidence=Evidence(sentence, start, end),
    )


def seed_documents() -> list[Document]:
    docs = []

    text = (
        "Kyiv Independent\nOct 3, 2024\n"
        "Overnight attack on Kharkiv.\n"
        "Russian forces shelled Kharkiv overnight, killing three civilians, "
        "regional governor Oleh Syniehubov said on Telegram.\n"
        "Repair crews worked through the morning."
    )
    s = (
        "Russian forces shelled Kharkiv overnight, killing three civilians, "
        "regional governor Oleh Syniehubov said on Telegram."
    )
    docs.append(
        make_document(
            text,
            outlet="Kyiv Independent",
            published=dt.date(2024, 10, 3),
            title="Overnight attack on Kharkiv",
            url="https://example.org/kharkiv",
            events=(
                _event(
                    text,
                    s,
                    id="e1",
                    type="ASSAULT",
                    trigger="shelled",
                    place=KHARKIV,
                    day=dt.date(2024, 10, 2),
                    actors=(("Russian forces", "RUS", "MIL"),),
                    chain=(Source("Oleh Syniehubov", "government"),),
                    cue="said",
                    factuality=Factuality.REPORTED,
                    killed=3,
                ),
            ),
        )
    )

    text = (
        "Reuters\nOct 3, 2024\n"
        "Ukrainian officials said Russian drones struck Kharkiv overnight, according to "
        "Suspilne, which cited the city's mayor.\n"
        "Air defence units were active across the region."
    )
    s = (
        "Ukrainian officials said Russian drones struck Kharkiv overnight, according to "
        "Suspilne, which cited the city's mayor."
    )
    docs.append(
        make_document(
            text,
            outlet="Reuters",
            published=dt.date(2024, 10, 3),
            title="Drones strike Kharkiv",
            events=(
                _event(
                    text,
                    s,
                    id="e1",
                    type="ASSAULT",
                    trigger="struck",
                    place=KHARKIV,
                    day=dt.date(2024, 10, 2),
                    actors=(("Russian drones", "RUS", "MIL"),),
                    chain=(Source("Suspilne", "outlet"), Source("the city's mayor", "government")),
                    cue="according to",
                    factuality=Factuality.REPORTED,
                ),
            ),
        )
    )

    text = "TASS\nOct 4, 2024\nThe Russian defence ministry denied that its forces attacked civilian sites in Kharkiv."
    s = "The Russian defence ministry denied that its forces attacked civilian sites in Kharkiv."
    docs.append(
        make_document(
            text,
            outlet="TASS",
            published=dt.date(2024, 10, 4),
            title="Ministry denies Kharkiv strike",
            events=(
                _event(
                    text,
                    s,
                    id="e1",
                    type="ASSAULT",
                    trigger="attacked",
                    place=KHARKIV,
                    day=dt.date(2024, 10, 2),
                    actors=(("its forces", "RUS", "MIL"),),
                    chain=(Source("The Russian defence ministry", "government"),),
                    cue="denied",
                    factuality=Factuality.DENIED,
                ),
            ),
        )
    )

    text = (
        "Al Jazeera\nSep 20, 2024\n"
        "Israeli forces struck a house in Khan Younis, killing 5 people, "
        "the health ministry said.\n"
        "Hundreds protested in Bamako against fuel prices on 2024-09-19."
    )
    s1 = "Israeli forces struck a house in Khan Younis, killing 5 people, the health ministry said."
    s2 = "Hundreds protested in Bamako against fuel prices on 2024-09-19."
    docs.append(
        make_document(
            text,
            outlet="Al Jazeera",
            published=dt.date(2024, 9, 20),
            title="Strike in Khan Younis",
            events=(
                _event(
                    text,
                    s1,
                    id="e1",
                    type="ASSAULT",
                    trigger="struck",
                    place=KHAN_YOUNIS,
                    day=dt.date(2024, 9, 20),
                    actors=(("Israeli forces", "ISR", "MIL"),),
                    chain=(Source("the health ministry", "government"),),
                    cue="said",
                    factuality=Factuality.REPORTED,
                    killed=5,
                ),
                _event(
                    text,
                    s2,
                    id="e2",
                    type="PROTEST",
                    trigger="protested",
                    place=BAMAKO,
                    day=dt.date(2024, 9, 19),
                    actors=(("Hundreds", "MLI", "CVL"),),
                ),
            ),
        )
    )

    # Markup in an article must show as text, never run.
    text = (
        "Example Wire\nSep 1, 2024\n"
        'Militants <img src=x onerror="window.__xss=1"> attacked a convoy near Idlib.\n'
        "<script>window.__xss=2</script> The claim could not be verified."
    )
    s = 'Militants <img src=x onerror="window.__xss=1"> attacked a convoy near Idlib.'
    docs.append(
        make_document(
            text,
            outlet="Example Wire",
            published=dt.date(2024, 9, 1),
            title="<b>Convoy</b> attacked",
            events=(
                _event(
                    text,
                    s,
                    id="e1",
                    type="ASSAULT",
                    trigger="attacked",
                    place=("Idlib", "SYR", "Idlib", 35.93, 36.63),
                    day=dt.date(2024, 9, 1),
                    actors=(("Militants", "SYR", "REB"),),
                ),
            ),
        )
    )
    return docs


KHARKIV_CLUSTER = "c-kharkiv"


def seed(store: Store) -> list[Document]:
    """Write the seed documents and the Kharkiv cluster into `store`."""
    docs = seed_documents()
    for doc in docs:
        store.add_document(doc)
    members = tuple(EventKey(d.id, "e1") for d in docs[:3])
    store.save_clusters(
        [
            Cluster(
                id=KHARKIV_CLUSTER,
                members=members,
                type="ASSAULT",
                corroboration=2,
                roots=("Oleh Syniehubov", "the city's mayor"),
                contradiction=True,
                country="UKR",
                admin1="Kharkiv Oblast",
                date_start=dt.date(2024, 10, 2),
                date_end=dt.date(2024, 10, 2),
            )
        ]
    )
    return docs
