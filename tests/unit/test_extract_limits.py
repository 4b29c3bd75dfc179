"""Issue 12, item 3: long documents are parsed in chunks; a document has a time budget."""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import Any

import pytest
import spacy

from sitreport.budget import check_budget, time_budget
from sitreport.errors import TimeBudgetError
from sitreport.ingest import ingest
from sitreport.io.read import read_text
from sitreport.io.sources import RawRecord
from sitreport.model import Document
from sitreport.pipeline import Pipeline
from sitreport.stages.parse import MAX_CHUNK_CHARS, ParseStage, chunks
from sitreport.store import MemoryStore

SENTENCE = "The council met on a quiet afternoon and discussed the budget. "


@pytest.fixture(scope="module")
def blank_nlp() -> Any:
    """spaCy's tokenizer and rule sentencizer: the real `max_length` check, no model to load."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_parse_two_million_character_line_does_not_hit_spacy_max_length(blank_nlp: Any) -> None:
    line = (SENTENCE * (2_000_000 // len(SENTENCE) + 1))[:2_000_000]
    assert len(line) > blank_nlp.max_length  # spaCy alone raises E088 on this
    doc = ParseStage(blank_nlp)(read_text(line))
    assert doc.sentences[-1].end <= len(line)
    for token in doc.tokens[::997]:
        assert line[token.idx : token.end] == token.text
    assert sum(1 for s in doc.sentences if s.text.startswith("The council")) >= 2_000_000 // len(SENTENCE) - 1


def test_parse_chunks_cut_between_sentences_and_cover_the_text() -> None:
    text = "Header line\n" + SENTENCE * 1000 + "\nlast line"
    pieces = list(chunks(text, 0, 1000))
    assert all(len(p) <= 1000 for _, p in pieces)
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert piece in ("Header line", "last line") or piece.rstrip().endswith("budget.")
    covered = "".join(text[o : o + len(p)] for o, p in pieces)
    assert covered.replace(" ", "") == text.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("line", ["x" * 25_000, ("word " * 6000).strip()])
def test_parse_chunks_of_a_line_with_no_sentence_end(line: str) -> None:
    pieces = list(chunks(line, 0))
    assert all(0 < len(p) <= MAX_CHUNK_CHARS for _, p in pieces)
    assert "".join(p for _, p in pieces).replace(" ", "") == line.replace(" ", "")


def test_parse_checks_the_budget_between_batches(blank_nlp: Any) -> None:
    stage = ParseStage(blank_nlp, batch_size=1)
    doc = read_text("\n".join(SENTENCE for _ in range(50)))
    outcome: list[str] = []

    def parse() -> None:  # off the main thread: only the checks between batches apply
        with time_budget(1e-6):
            try:
                stage(doc)
            except TimeBudgetError as exc:
                outcome.append(str(exc))

    thread = threading.Thread(target=parse)
    thread.start()
    thread.join()
    assert "found after a parse batch" in outcome[0]


# ---- the time budget ------------------------------------------------------------------


@dataclasses.dataclass
class Slow:
    """A stage that takes `seconds` on texts holding "slow"."""

    seconds: float
    name: str = "slow"
    requires: tuple[str, ...] = ("text",)
    assigns: tuple[str, ...] = ("events",)

    def __call__(self, doc: Document) -> Document:
        if "slow" in doc.text:
            time.sleep(self.seconds)
        return doc


def test_budget_exceeded_is_a_time_budget_error() -> None:
    pipeline = Pipeline([Slow(0.05)], time_budget=0.01)
    with pytest.raises(TimeBudgetError, match=r"0\.01 s time budget"):
        pipeline(read_text("a slow article"))
    assert pipeline(read_text("a quick article")).text == "a quick article"


def test_budget_is_per_document_in_ingest() -> None:
    """In a batch too: the slow document does not borrow its batch-mates' time."""
    pipeline = Pipeline([Slow(0.2)], time_budget=0.1)
    records = [RawRecord(f"r{n}", f"article {n}".encode(), kind="text") for n in range(3)]
    records.insert(1, RawRecord("slow", b"a slow article", kind="text"))
    store = MemoryStore()
    report = ingest(records, store, lambda: pipeline, batch_size=4, progress=False)
    assert (report.added, report.failed) == (3, 1)
    (failure,) = store.failures()
    assert failure.source == "slow" and failure.error.startswith("TimeBudgetError")


def test_budget_is_off_without_a_limit_and_nests() -> None:
    check_budget("anywhere")  # no budget set: nothing happens
    with time_budget(None):
        check_budget("anywhere")
    with time_budget(10.0):
        with pytest.raises(TimeBudgetError), time_budget(0.01):
            time.sleep(1)
        check_budget("the outer block")  # the outer budget holds again, unspent
    with pytest.raises(TimeBudgetError), time_budget(0.01), time_budget(10.0):  # the inner cannot extend it
        time.sleep(1)


def test_budget_off_the_main_thread_is_checked_not_interrupted() -> None:
    outcome: list[str] = []

    def work() -> None:
        with time_budget(0.01):
            time.sleep(0.05)  # no alarm in a thread: the work runs on to the next check
            outcome.append("slept")
            try:
                check_budget("the check")
            except TimeBudgetError as exc:
                outcome.append(str(exc))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome[0] == "slept" and "found after the check" in outcome[1]


def test_budget_interrupts_a_stage_that_never_checks_on_the_main_thread() -> None:
    started = time.monotonic()
    with pytest.raises(TimeBudgetError, match="stopped at the deadline"), time_budget(0.2):
        while True:  # a stage stuck in a loop that never calls check_budget
            pass
    assert time.monotonic() - started < 2


def test_budget_alarm_is_gone_after_the_block() -> None:
    with time_budget(0.05):
        pass
    time.sleep(0.1)  # an alarm left behind would interrupt this
    with time_budget(10.0):
        with time_budget(0.05):
            pass
        time.sleep(0.1)  # the outer budget's alarm is re-armed for its own deadline only
