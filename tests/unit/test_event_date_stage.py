"""EventDateStage on hand-built parses: which date each event takes."""

from __future__ import annotations

import datetime as dt

from builders import published, run, sentence

from sitreport.model import Factuality
from sitreport.pipeline import Stage

# "On 4 June, rebels claimed to have killed two soldiers.": the killing is alleged, told of
# through "claimed", which the governing date hangs on.
CLAIMED = """
    On       on      ADP   IN  prep   5
    4        4       NUM   CD  nummod 2 DATE
    June     June    PROPN NNP pobj   0 DATE
    ,        ,       PUNCT ,   punct  5
    rebels   rebel   NOUN  NNS nsubj  5
    claimed  claim   VERB  VBD ROOT   5
    to       to      PART  TO  aux    8
    have     have    AUX   VB  aux    8
    killed   kill    VERB  VBN xcomp  5
    two      two     NUM   CD  nummod 10 CARDINAL
    soldiers soldier NOUN  NNS dobj   8
    .        .       PUNCT .   punct  5
"""


def test_a_governing_date_dates_an_alleged_event(rule_stages: tuple[Stage, ...]) -> None:
    doc = run(sentence(CLAIMED, published=published("2020-06-05")), *rule_stages)
    killed = next(e for e in doc.events if e.trigger == "killed")
    assert killed.factuality is Factuality.ALLEGED
    assert killed.date is not None
    day = dt.date(2020, 6, 4)
    assert (killed.date.start, killed.date.end, killed.date.inferred) == (day, day, False)
