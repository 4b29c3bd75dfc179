"""EventPlaceStage on hand-built parses: where each event happened."""

from __future__ import annotations

from builders import document, place, run, sentence, with_places

from sitreport.model import Document, GeoPrecision
from sitreport.pipeline import Stage

# "Residents of Lozova protested in Ukraine.": the town is named only inside the subject.
RESIDENTS = """
    Residents resident NOUN  NNS nsubj 3
    of        of       ADP   IN  prep  0
    Lozova    Lozova   PROPN NNP pobj  1 GPE
    protested protest  VERB  VBD ROOT  3
    in        in       ADP   IN  prep  3
    Ukraine   Ukraine  PROPN NNP pobj  4 GPE
    .         .        PUNCT .   punct 3
"""


# "Gunmen raided Lozova, Kharkiv region." and "Police arrested two men.": an event with a
# place and one without.
RAID = """
    Gunmen  gunman  NOUN  NNS nsubj 1
    raided  raid    VERB  VBD ROOT  1
    Lozova  Lozova  PROPN NNP dobj  1 GPE
    ,       ,       PUNCT ,   punct 2
    Kharkiv Kharkiv PROPN NNP compound 5 GPE
    region  region  NOUN  NN  appos 2
    .       .       PUNCT .   punct 1
"""
ARREST = """
    Police   police   NOUN  NNS nsubj 1
    arrested arrest   VERB  VBD ROOT  1
    two      two      NUM   CD  nummod 3
    men      man      NOUN  NNS dobj  1
    .        .        PUNCT .   punct 1
"""


def located(stages: tuple[Stage, ...], doc: Document, trigger: str) -> str | None:
    out = run(doc, *stages)
    event = next(e for e in out.events if e.trigger == trigger)
    return event.location.text if event.location else None


def test_a_town_inside_the_subject_locates_an_event_that_names_only_its_country(
    rule_stages: tuple[Stage, ...],
) -> None:
    doc = sentence(RESIDENTS)
    doc = with_places(doc, place(doc, "Lozova", "UKR"), place(doc, "Ukraine", "UKR", GeoPrecision.COUNTRY))
    assert located(rule_stages, doc, "protested") == "Lozova"
    # A town of another country inside the subject is where the residents come from.
    abroad = with_places(doc, place(doc, "Lozova", "POL"), place(doc, "Ukraine", "UKR", GeoPrecision.COUNTRY))
    assert located(rule_stages, abroad, "protested") == "Ukraine"


def test_an_event_with_no_place_is_at_the_previous_sentences_finest_place(rule_stages: tuple[Stage, ...]) -> None:
    first = sentence(RAID)
    second = sentence(ARREST)
    doc = document(first, second)
    doc = with_places(doc, place(doc, "Lozova", "UKR"), place(doc, "Kharkiv region", "UKR", GeoPrecision.ADMIN1))
    assert located(rule_stages, doc, "arrested") == "Lozova"


def test_an_opening_event_with_no_place_is_where_the_next_sentence_is(rule_stages: tuple[Stage, ...]) -> None:
    """A report that opens on the event and names its place only after: "Police arrested two
    men. Gunmen raided Lozova, Kharkiv region." Once a sentence before has named a place, a
    later sentence lends none: the nearest sentence before that names one does, however far."""
    doc = document(sentence(ARREST), sentence(RAID))
    doc = with_places(doc, place(doc, "Lozova", "UKR"), place(doc, "Kharkiv region", "UKR", GeoPrecision.ADMIN1))
    assert located(rule_stages, doc, "arrested") == "Lozova"
    later = document(sentence(RAID), sentence(ARREST), sentence(ARREST), sentence(RAID.replace("Lozova", "Izium")))
    later = with_places(later, place(later, "Lozova", "UKR"), place(later, "Izium", "UKR"))
    out = run(later, *rule_stages)
    arrests = [e for e in out.events if e.trigger == "arrested"]
    assert [e.location.text if e.location else None for e in arrests] == ["Lozova", "Lozova"]


def test_a_verbless_fragment_the_parser_cut_off_lends_its_place(rule_stages: tuple[Stage, ...]) -> None:
    """ "Rebels clashed with Mai | Mai militia in Lozova, Kharkiv region.": the parser ended
    the sentence inside a name; the fragment after the cut has no verb, so its places are
    the event's. A following sentence with a verb of its own is not such a fragment."""
    first = sentence(
        """
        Rebels  rebel   NOUN  NNS nsubj 1
        clashed clash   VERB  VBD ROOT  1
        with    with    ADP   IN  prep  1
        Mai     Mai     PROPN NNP pobj  2
        """
    )
    fragment = sentence(
        """
        Mai     Mai     PROPN NNP compound 1
        militia militia NOUN  NN  ROOT  1
        in      in      ADP   IN  prep  1
        Lozova  Lozova  PROPN NNP pobj  2 GPE
        ,       ,       PUNCT ,   punct 3
        Kharkiv Kharkiv PROPN NNP compound 6 GPE
        region  region  NOUN  NN  appos 3
        .       .       PUNCT .   punct 1
        """
    )
    doc = document(first, fragment)
    doc = with_places(doc, place(doc, "Lozova", "UKR"), place(doc, "Kharkiv region", "UKR", GeoPrecision.ADMIN1))
    assert located(rule_stages, doc, "clashed") == "Lozova"
    with_verb = sentence(
        """
        Police  police  NOUN  NNS nsubj 1
        patrol  patrol  VERB  VBP ROOT  1
        in      in      ADP   IN  prep  1
        Lozova  Lozova  PROPN NNP pobj  2 GPE
        .       .       PUNCT .   punct 1
        """
    )
    before = sentence(
        """
        Police  police  NOUN  NNS nsubj 1
        patrol  patrol  VERB  VBP ROOT  1
        in      in      ADP   IN  prep  1
        Izium   Izium   PROPN NNP pobj  2 GPE
        .       .       PUNCT .   punct 1
        """
    )
    doc = document(before, first, with_verb)
    doc = with_places(doc, place(doc, "Izium", "UKR"), place(doc, "Lozova", "UKR"))
    assert located(rule_stages, doc, "clashed") == "Izium"  # the previous sentence's, not the next's
