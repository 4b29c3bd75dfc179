"""Who did what to whom in news prose: the failure classes found on real articles, each
checked end to end on sentences written for this test (never copied from an article).

Each case names the class it guards: partitive subjects, a body's members, possessive
pronouns, "the group" for the organisation last named, a person coded from an apposition
or a possessor, recipients of requests and refusals, the released as recipients, and the
verbal and political events (resignations, legal action, opposition) real news reports.
"""

from __future__ import annotations

from news import codes, event

from sitreport.pipeline import Pipeline


def test_a_counted_group_stands_for_the_group(pipeline: Pipeline) -> None:
    """ "Dozens of Kenyan teachers ...", "a number of Polish lawmakers ...": the actor is the
    group counted, not the number."""
    e = event(pipeline, "Dozens of Kenyan teachers marched through the capital on Monday.", "marched")
    assert ("KEN", "CVL") in codes(e["actors"]) or ("KEN", "EDU") in codes(e["actors"])
    e = event(pipeline, "A number of Polish lawmakers have demanded a recount.", "demanded")
    assert ("POL", "LEG") in codes(e["actors"])


def test_members_of_a_body_take_its_sector(pipeline: Pipeline) -> None:
    """ "opposition chiefs", "the sheriff's office": the word before the member noun codes it."""
    e = event(pipeline, "Kenyan opposition chiefs rejected the budget on Tuesday.", "rejected")
    assert ("KEN", "OPP") in codes(e["actors"])


def test_a_possessive_pronoun_is_the_person_named_before(pipeline: Pipeline) -> None:
    """ "demanded his ouster": the recipient is the person "his" refers to."""
    body = (
        "Prime Minister Viktor Halden of Norway faced a revolt on Monday. "
        "Norwegian opposition leaders demanded his immediate ouster."
    )
    e = event(pipeline, body, "demanded")
    assert ("NOR", "GOV") in codes(e["recipients"])


def test_the_group_is_the_organisation_named_last(pipeline: Pipeline) -> None:
    """ "Al-Shabaab fighters stormed ... The group said ...": the source is the group's name."""
    body = "Al-Shabaab fighters stormed a hotel in Mogadishu on Friday. The group said its fighters killed ten guards."
    e = event(pipeline, body, "killed")
    names = [link["name"] for link in e["attribution"]["chain"]]
    assert names and "Shabaab" in names[0]
    assert ("SOM", "REB") in codes(e["actors"]) or ("SOM", "MIL") in codes(e["actors"])


def test_a_name_is_coded_by_its_apposition(pipeline: Pipeline) -> None:
    """ "Anan Qassem, a Houthi spokesman, accused ...": the person is the group's."""
    e = event(pipeline, "Anan Qassem, a Houthi spokesman, accused Riyadh of lying.", "accused")
    assert ("YEM", "REB") in codes(e["actors"]) or ("YEM", "GOV") in codes(e["actors"])
    assert ("SAU", "GOV") in codes(e["recipients"])


def test_a_possessor_gives_the_country(pipeline: Pipeline) -> None:
    """ "Modi's adviser criticised the strikes in Caracas": the adviser is of the
    possessor's country, not of the place the sentence is about."""
    e = event(pipeline, "Narendra Modi's adviser criticised the strikes in Caracas.", "criticised")
    adviser = [a for a in e["actors"] if "adviser" in a["text"]]
    assert adviser and (adviser[0]["country"], adviser[0]["sector"]) == ("IND", "GOV")


def test_requests_and_refusals_have_recipients(pipeline: Pipeline) -> None:
    """ "called on X to", "refused to meet X", "demanded that X withdraw"."""
    e = event(pipeline, "The Chilean president called on Peru to reopen the border.", "called")
    assert ("PER", "GOV") in codes(e["recipients"])
    e = event(pipeline, "The Chilean president refused to meet Ecuador's foreign minister.", "refused")
    assert ("ECU", "GOV") in codes(e["recipients"])
    e = event(pipeline, "The Chilean president demanded that Bolivia withdraw its envoy.", "demanded")
    assert ("BOL", "GOV") in codes(e["recipients"])


def test_the_released_are_recipients_not_actors(pipeline: Pipeline) -> None:
    """ "The hostages were released": no actor named, the hostages are the recipient."""
    e = event(pipeline, "Three Filipino hostages were released near Jolo on Sunday.", "released")
    assert e["actors"] == []
    assert ("PHL", "CVL") in codes(e["recipients"])
    e = event(pipeline, "Nigerian soldiers rescued nine farmers near Zaria on Tuesday.", "rescued")
    assert e["type"] == "AID"
    assert ("NGA", "MIL") in codes(e["actors"])
    assert ("NGA", "CVL") in codes(e["recipients"])


def test_political_and_legal_events_are_found(pipeline: Pipeline) -> None:
    """Resignations, indictments, lawsuits and opposition are events of their own."""
    e = event(pipeline, "Ghana's finance minister resigned on Friday.", "resigned")
    assert e["type"] == "RETREAT"
    assert ("GHA", "GOV") in codes(e["actors"])
    e = event(pipeline, "A federal grand jury in Ohio indicted two deputies on Thursday.", "indicted")
    assert e["type"] == "ACCUSE"
    assert any(a["sector"] == "JUD" for a in e["actors"])
    e = event(pipeline, "Farmers in Iowa filed a lawsuit against the state on Monday.", "lawsuit")
    assert e["type"] == "ACCUSE"
    e = event(pipeline, "Brazil and Mexico said they opposed the new tariffs.", "opposed")
    assert e["type"] == "REJECT"


def test_an_act_announced_by_its_actor_is_asserted(pipeline: Pipeline) -> None:
    """ "announced that he had resigned": the announcement is the act; a claim of force or of
    someone else's act stays reported."""
    own = event(pipeline, "Prime Minister Sean Walsh of Ireland announced on Monday that he had resigned.", "resigned")
    assert own["factuality"] == "asserted"
    force = event(pipeline, "The Malian army announced that it had killed 40 militants.", "killed")
    assert force["factuality"] == "reported"
    other = event(pipeline, "The union announced that the drivers had resigned.", "resigned")
    assert other["factuality"] == "reported"


def test_a_quotation_is_sourced_to_its_speaker(pipeline: Pipeline) -> None:
    """A quotation over several sentences, its speaker named after it closes: every event
    inside is the speaker's claim (the speaker named with the office the text gives them),
    and "we" inside it is the speaker's side."""
    body = (
        "“We will not retreat. We call on Chile and Peru to talk,” Argentine foreign ministry "
        "spokesman Luis Varela said on Monday."
    )
    e = event(pipeline, body, "call")
    speaker = "Argentine foreign ministry spokesman Luis Varela"
    assert [link["name"] for link in e["attribution"]["chain"]] == [speaker]
    assert ("ARG", "GOV") in codes(e["actors"])
    first = event(pipeline, body, "retreat")  # the quotation's first sentence, before any verb of saying
    assert [link["name"] for link in first["attribution"]["chain"]] == [speaker]
    body = '"Earlier this week we arrested two suspects," Kenyan police superintendent Ann Cole told reporters.'
    e = event(pipeline, body, "arrested")
    assert ("KEN", "COP") in codes(e["actors"])
    assert any(link["name"].endswith("Ann Cole") for link in e["attribution"]["chain"])
    outside = event(pipeline, "Troops shelled the town on Monday. “It was terrible,” she said.", "shelled")
    assert outside["attribution"]["chain"] == []


def test_a_known_name_matches_with_or_without_its_accents(pipeline: Pipeline) -> None:
    """ "Recep Tayyip Erdoğan" is the lexicon's "Recep Tayyip Erdogan"."""
    e = event(pipeline, "Recep Tayyip Erdoğan criticised the sanctions on Monday.", "criticised")
    assert ("TUR", "GOV") in codes(e["actors"])


def test_the_country_is_the_state_named_last(pipeline: Pipeline) -> None:
    """ "Turkey said ... the country's military invaded ... in Iraq": Turkey's military, not
    the country of the place."""
    body = "Turkey said on Monday it was ready to act. Last year the country's military invaded an enclave in Iraq."
    e = event(pipeline, body, "invaded")
    assert ("TUR", "MIL") in codes(e["actors"])
