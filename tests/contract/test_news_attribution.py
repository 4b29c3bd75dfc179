"""Attribution and factuality on sentences written for these tests: who a claim comes
through when news names the speaker in another sentence, after or before a quotation, by
surname, pronoun or office; and how hedges, denials, allegations and plans bind."""

from __future__ import annotations

from news import event

from sitreport.pipeline import Pipeline


def names(e: dict[str, object]) -> list[str]:
    chain = e["attribution"]["chain"]  # type: ignore[index]
    return [link["name"] for link in chain]


def test_he_said_is_the_person_named_before_with_their_office(pipeline: Pipeline) -> None:
    body = (
        "Defence Minister Paul Orban toured the front on Tuesday. "
        "Rebels shelled the town of Varna overnight, he said."
    )
    assert names(event(pipeline, body, "shelled")) == ["Defence Minister Paul Orban"]


def test_a_surname_and_an_office_name_the_person_named_in_full(pipeline: Pipeline) -> None:
    body = (
        "Colonel Ivan Petrov said his forces had repelled an assault near Lysa. "
        "Petrov said troops destroyed three tanks."
    )
    assert names(event(pipeline, body, "destroyed")) == ["Colonel Ivan Petrov"]
    body = "Police Chief Omar Haddad praised his officers. The police chief said they had arrested four suspects."
    assert names(event(pipeline, body, "arrested")) == ["Police Chief Omar Haddad"]


def test_a_quotation_running_on_keeps_its_speaker(pipeline: Pipeline) -> None:
    """A paragraph that is all quotation goes on quoting the previous paragraph's speaker,
    never the subject of the paragraph after it."""
    body = (
        "Health Minister Dana Ibrahim visited the hospital on Sunday.\n"
        "“Gunmen shot three nurses at the gate,” Ibrahim said.\n"
        "“They also abducted a doctor.”\n"
        "A shopkeeper said the market had reopened."
    )
    assert names(event(pipeline, body, "abducted")) == ["Health Minister Dana Ibrahim"]


def test_a_speaker_named_before_the_quotation_opens(pipeline: Pipeline) -> None:
    body = "Army spokesman Tomas Vidal spoke in the capital. He said: “Our soldiers captured the hill this morning.”"
    assert names(event(pipeline, body, "captured")) == ["Army spokesman Tomas Vidal"]


def test_a_closing_reporting_clause_sources_the_sentence(pipeline: Pipeline) -> None:
    body = (
        "The two sides also agreed to free detainees through the Red Cross, "
        "Norway's foreign ministry said in a statement."
    )
    assert any("foreign ministry" in n for n in names(event(pipeline, body, "agreed")))


def test_an_act_coordinated_with_the_saying_is_told_not_said(pipeline: Pipeline) -> None:
    body = (
        "The regional bloc said on Tuesday that the talks had stalled, "
        "and urged the two generals to return to the table."
    )
    urged = event(pipeline, body, "urged")
    assert names(urged) == [] and urged["factuality"] == "asserted"
    body = "Police arrested five men and said they had seized rifles."
    assert names(event(pipeline, body, "seized")) == ["Police"]


def test_what_an_accuser_accuses_others_of_is_the_accusers_claim(pipeline: Pipeline) -> None:
    """Also when the accusing verb is coordinated with a saying and the parser hangs the
    "of" phrase on the accused rather than on the verb."""
    body = (
        "A militia commander told a local radio station that his men would hold the truce, "
        "but accused army units of launching mortar attacks on the camp at dawn."
    )
    ev = event(pipeline, body, "attacks")
    assert names(ev) == ["militia commander"]
    assert ev["factuality"] == "alleged"


def test_a_source_goes_by_the_name_set_beside_it(pipeline: Pipeline) -> None:
    body = "A local rights group, Civic Watch Armenia, said a reporter was beaten by masked men near the station."
    assert names(event(pipeline, body, "beaten")) == ["Civic Watch Armenia"]
    body = "The interior ministry's special unit, known as Falcon, said it had arrested six smugglers."
    assert names(event(pipeline, body, "arrested")) == ["Falcon"]


def test_a_statement_keeps_who_it_comes_from(pipeline: Pipeline) -> None:
    body = "Militants ambushed a patrol on Monday, according to a statement from the army."
    (link,) = names(event(pipeline, body, "ambushed"))
    assert "army" in link and "statement" in link


def test_a_denied_claim_is_denied(pipeline: Pipeline) -> None:
    body = "Police rejected claims that officers beat the protesters."
    assert event(pipeline, body, "beat")["factuality"] == "denied"


def test_accusations_and_allegedly_make_an_allegation(pipeline: Pipeline) -> None:
    body = "Residents fled the district amid accusations that soldiers looted shops."
    assert event(pipeline, body, "looted")["factuality"] == "alleged"
    assert event(pipeline, body, "fled")["factuality"] == "asserted"
    body = "Soldiers allegedly tortured the detainees in the camp."
    assert event(pipeline, body, "tortured")["factuality"] == "alleged"


def test_plans_and_planned_events_are_planned(pipeline: Pipeline) -> None:
    body = "The council approved a plan to evacuate residents from the valley."
    assert event(pipeline, body, "evacuate")["factuality"] == "planned"
    body = "The summit, which is expected to take place next month, will discuss the border."
    assert event(pipeline, body, "summit")["factuality"] == "planned"
    body = "The planned talks in Doha were postponed."
    assert event(pipeline, body, "talks")["factuality"] == "planned"


def test_an_event_after_which_something_followed_happened(pipeline: Pipeline) -> None:
    """ "after the attack": the attack is taken as fact, whatever mood the clause around it has."""
    body = (
        "Prosecutors say the suspect reached Vienna by bus, which would mean he crossed two borders "
        "after the attack that killed nine people."
    )
    assert event(pipeline, body, "killed")["factuality"] == "reported"


def test_quoted_as_saying_puts_the_quoting_outlet_outside(pipeline: Pipeline) -> None:
    body = "The state news agency quoted a police colonel as saying that militants had attacked the checkpoint."
    assert names(event(pipeline, body, "attacked")) == ["state news agency", "police colonel"]
    body = "A local commander was quoted by the agency as saying his men had repelled the assault."
    assert names(event(pipeline, body, "assault")) == ["agency", "local commander"]


def test_a_statement_put_out_is_its_issuers_claim(pipeline: Pipeline) -> None:
    body = "The army later issued a statement saying troops had rescued 10 students."
    assert names(event(pipeline, body, "rescued")) == ["army"]


def test_a_participle_of_saying_shares_its_verbs_subject(pipeline: Pipeline) -> None:
    body = "The junta denied the reports, saying its troops had targeted rebel fighters."
    assert names(event(pipeline, body, "targeted")) == ["junta"]


def test_as_confirmed_by_names_the_source(pipeline: Pipeline) -> None:
    body = (
        "The country is seeking a firm deal with its neighbours on fishing rights before the summit "
        "in June, as confirmed by Foreign Minister Karl Berg."
    )
    assert names(event(pipeline, body, "summit")) == ["Foreign Minister Karl Berg"]


def test_a_warning_sources_what_it_warns_of(pipeline: Pipeline) -> None:
    body = "Army officials warned on Monday that rebels could attack the capital within days."
    attack = event(pipeline, body, "attack")
    assert names(attack) == ["Army officials"] and attack["factuality"] == "hedged"


def test_we_inside_a_quotation_is_its_speaker_not_an_earlier_phrase(pipeline: Pipeline) -> None:
    body = (
        "Superintendent Ruth Adebayo said the victim was a bystander.\n"
        "“I can tell you that this morning we arrested two men carrying a rifle.”\n"
    )
    assert names(event(pipeline, body, "arrested")) == ["Superintendent Ruth Adebayo"]


def test_a_description_with_a_word_of_its_own_is_a_source_of_its_own(pipeline: Pipeline) -> None:
    """"the national border service" is not the health ministry named before it, though
    both are state bodies ("the rights group" may still stand for a group named before)."""
    body = (
        "Rebels shelled two villages on Friday, according to the regional health ministry. "
        "The national border service said the rebels had fired rockets at its posts."
    )
    assert names(event(pipeline, body, "fired")) == ["national border service"]


def test_a_source_cited_between_the_reporting_verb_and_its_claim(pipeline: Pipeline) -> None:
    body = "The state news agency Varta reported, citing the coast guard, that navy gunboats fired on a trawler."
    chain = names(event(pipeline, body, "fired"))
    assert len(chain) == 2 and "news agency" in chain[0] and chain[1] == "coast guard"


def test_a_two_sentence_quotation_is_its_closing_speakers_told_to_an_outlet(pipeline: Pipeline) -> None:
    """The speaker after a quotation of two sentences, with the outlet the speaker told
    further out (outermost first)."""
    body = (
        "“Soldiers torched the market and took our cattle. We hid in the forest for two days,” "
        "a farmer from the valley, who gave only his first name, told the radio station Radio Kaya."
    )
    ev = event(pipeline, body, "torched")
    assert names(ev) == ["Radio Kaya", "farmer"]
    assert ev["attribution"]["chain"][0]["kind"] == "outlet"
