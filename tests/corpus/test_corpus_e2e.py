"""End to end on a multi-outlet corpus with known truth (see README.md): ingest with the
real pipeline, link, and check the events, their figures, corroboration and the exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from sitreport.ingest import ingest
from sitreport.io.exports import write_export
from sitreport.io.sources import iter_records
from sitreport.pipeline import Pipeline
from sitreport.query import with_representatives
from sitreport.store import DuckDBStore, EventQuery, Store
from sitreport.store.base import Cluster

CORPUS = Path(__file__).parent / "multi-outlet.jsonl"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Store:
    from sitreport.link import link_store

    store = DuckDBStore(tmp_path_factory.mktemp("corpus") / "corpus.duckdb")
    report = ingest(iter_records([CORPUS]), store, lambda: pipeline, progress=False)
    assert (report.added, report.failed) == (8, 0)
    link_store(store)
    return store


def _events(store: Store) -> dict[tuple[str, str | None], Cluster]:
    found = store.query_clusters(EventQuery(limit=None))
    return {(c.type, c.location.name if c.location else None): c for c in found}


def test_corpus_e2e_one_event_per_real_event(store: Store) -> None:
    events = _events(store)
    assert sorted(events) == [
        ("ASSAULT", "Izmayil"),
        ("ASSAULT", "Kupyansk"),
        ("PROTEST", "Tbilisi"),
        ("REJECT", "Kupyansk"),
    ]
    assert store.count_clusters(EventQuery()) == 4
    assert [c.size for c in (events[("ASSAULT", "Kupyansk")], events[("ASSAULT", "Izmayil")],
                             events[("PROTEST", "Tbilisi")])] == [4, 2, 2]


def test_corpus_e2e_figures_follow_the_most_conservative_rule(store: Store) -> None:
    events = _events(store)
    kupiansk = events[("ASSAULT", "Kupyansk")]
    assert sorted(r.killed for r in kupiansk.reports if r.killed is not None) == [3, 3, 4]
    assert kupiansk.counts.killed == 3 and kupiansk.acled is not None and kupiansk.acled.fatalities == 3
    izmail = events[("ASSAULT", "Izmayil")]
    assert izmail.counts.killed == 2 and izmail.acled is not None and izmail.acled.fatalities == 2
    # "Thousands of people protested" counts its crowd as ACLED's floor for "thousands", 1,000,
    # below the other report's "about 5,000": the most conservative figure is kept.
    assert events[("PROTEST", "Tbilisi")].counts.people == 1000


def test_corpus_e2e_corroboration_counts_independent_supporting_voices(store: Store) -> None:
    events = _events(store)
    kupiansk = events[("ASSAULT", "Kupyansk")]
    # Governor Marchenko and the regional administration are one voice; the police another;
    # the denying ministry does not count.
    assert kupiansk.corroboration == 2
    assert "office:regional authority:UKR/Kharkiv Oblast" in kupiansk.roots
    assert not any("military" in r for r in kupiansk.roots)
    assert events[("ASSAULT", "Izmayil")].corroboration == 2  # the navy, and one outlet's unnamed sources
    assert events[("PROTEST", "Tbilisi")].corroboration == 2


def test_corpus_e2e_denial_is_flagged_and_not_counted(store: Store) -> None:
    kupiansk = _events(store)[("ASSAULT", "Kupyansk")]
    assert kupiansk.contradiction
    (denial,) = kupiansk.contradictions
    report = next(r for r in kupiansk.reports if r.key == denial)
    assert report.outlet == "Moscow Evening" and report.factuality.value == "denied"
    assert kupiansk.factuality.value in {"reported", "asserted"}


def test_corpus_e2e_acled_csv_has_one_row_per_event(store: Store) -> None:
    rows = with_representatives(store, store.query_clusters(EventQuery(limit=None)))
    out = io.StringIO()
    result = write_export(rows, "acled-csv", out)
    written = list(csv.DictReader(io.StringIO(out.getvalue())))
    # Three real conflict or protest events; the ministry's statement is no ACLED event.
    assert len(written) == result.written == 3 and result.left_out == {"uncoded": 1}
    by_place = {r["location"]: r for r in written}
    kupiansk = by_place["Kupyansk"]
    assert kupiansk["fatalities"] == "3"
    assert set(kupiansk["source"].split("; ")) == {"Northern Courier", "Steppe Herald", "Continental Wire"}
    assert "denied in reports by Moscow Evening" in kupiansk["notes"]
    assert by_place["Tbilisi"]["tags"] == "crowd size=1000"
    assert sum(int(r["fatalities"]) for r in written) == 5
