"""The packaged MiniLM encoder: offline, unit-length, and paraphrase-aware.

The setup installs the `embeddings` extra, so these tests fail (never skip)
when it is missing."""

from __future__ import annotations

import numpy as np
import pytest

from sitreport.link import link_events
from sitreport.link.embeddings import MiniLMEncoder
from sitreport.link.similarity import HashingEncoder, TextEncoder

SAME = (
    "Russian forces shelled Kharkiv on Tuesday, killing three civilians.",
    "Three civilians died when Russian artillery hit Kharkiv on Tuesday.",
)
OTHER = "Protesters marched in Tbilisi against a draft media law."


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return MiniLMEncoder()


def test_link_embeddings_is_a_text_encoder(encoder: MiniLMEncoder) -> None:
    assert isinstance(encoder, TextEncoder)


def test_link_embeddings_rows_are_unit_vectors(encoder: MiniLMEncoder) -> None:
    vectors = encoder.encode([*SAME, OTHER])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert encoder.encode([]).shape == (0, 384)


def test_link_embeddings_see_paraphrases_that_share_few_words(encoder: MiniLMEncoder) -> None:
    dense = encoder.encode([*SAME, OTHER])
    sparse = HashingEncoder().encode([*SAME, OTHER])
    assert dense[0] @ dense[1] > 0.6 > dense[0] @ dense[2]
    assert dense[0] @ dense[1] > sparse[0] @ sparse[1]


def test_link_embeddings_plug_into_the_linker(encoder: MiniLMEncoder) -> None:
    from test_link_events import EventKey, shelling_reports

    result = link_events(shelling_reports(), None, encoder)
    members = {m for c in result.multi for m in c.members}
    assert {EventKey("d1", "e0"), EventKey("d2", "e0")} <= members
    assert EventKey("d5", "e0") not in members  # same day, other region: still apart
