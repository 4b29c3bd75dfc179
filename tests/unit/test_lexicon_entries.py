"""Every class of dictionary entry is loadable and codes what it says."""

from __future__ import annotations

import pytest

from sitreport.data import words
from sitreport.errors import ResourceError
from sitreport.lexicon import Lexicons
from sitreport.model import EventType, Token
from sitreport.stages.quantities import NumberWords
from sitreport.syntax import ENGLISH

LEX = Lexicons.load()


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Ukraine", "UKR"),
        ("North Korean", "PRK"),
        ("Kremlin", "RUS"),
        ("Pyongyang", "PRK"),
        ("Kyiv", "UKR"),
        ("the United States", "USA"),
        ("Britons", "GBR"),
        ("Burkinabe", "BFA"),
        ("Congo", "COD"),
    ],
)
def test_lexicon_countries_demonyms_capitals(text: str, iso: str) -> None:
    assert LEX.actors.country_of(text) == iso


@pytest.mark.parametrize(
    ("noun", "sector"),
    [
        ("troops", "MIL"),
        ("lawmakers", "LEG"),
        ("police", "COP"),
        ("protesters", "CVL"),
        ("rebels", "REB"),
        ("journalists", "MED"),
        ("air defence crew", "MIL"),
    ],
)
def test_lexicon_generic_nouns(noun: str, sector: str) -> None:
    assert LEX.actors.nouns[noun] == sector


def test_lexicon_people_and_organizations() -> None:
    assert LEX.actors.people["vladimir putin"].country == "RUS"
    assert LEX.actors.organizations["main intelligence directorate"].sector == "SPY"
    assert LEX.actors.titles["defense minister"] == "MIL"


@pytest.mark.parametrize(
    ("lemma", "etype"),
    [
        ("shell", "ASSAULT"),
        ("arrest", "COERCE"),
        ("deploy", "MOBILIZE"),
        ("sign", "AGREE"),
        ("accuse", "ACCUSE"),
        ("deny", "REJECT"),
        ("protest", "PROTEST"),
        ("sanction", "SANCTION"),
        ("desert", "RETREAT"),
        ("close", "COERCE"),
    ],
)
def test_lexicon_event_verbs(lemma: str, etype: str) -> None:
    assert LEX.events.verbs[lemma].type == etype


def test_lexicon_every_type_is_plover() -> None:
    plover = {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
    types = {t.type for t in [*LEX.events.verbs.values(), *LEX.events.nouns.values()]}
    assert types <= plover


@pytest.mark.parametrize(("word", "value"), [("six", 6), ("18", 18), ("1,200", 1200), ("twenty-five", 25)])
def test_lexicon_number_words(word: str, value: int) -> None:
    assert NumberWords.load().value(word) == value


def test_lexicon_vague_dozens_is_twelve() -> None:
    assert NumberWords.load().vague["dozens"] == 12


def test_lexicon_cues_loaded() -> None:
    assert "reportedly" in LEX.cues.hedge_words
    assert "say" in LEX.cues.reporting_verbs
    assert "deny" in LEX.cues.deny_verbs


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("he", "person"),
        ("her", "person"),
        ("his", "person"),
        ("they", "group"),
        ("them", "group"),
        ("their", "group"),
        ("it", "thing"),
        ("its", "thing"),
    ],
)
def test_lexicon_function_words_pronouns(word: str, kind: str) -> None:
    assert ENGLISH.pronouns[word] == kind


def test_lexicon_function_words_classes() -> None:
    assert {"down", "out"} <= ENGLISH.particles
    assert "the" in ENGLISH.definite_determiners and "a" not in ENGLISH.definite_determiners
    assert {"which", "who"} <= ENGLISH.relative_pronouns
    assert {"its", "their"} == ENGLISH.possessive_pronouns
    assert {"of", "from"} == ENGLISH.origin_prepositions
    assert {"and", ","} == ENGLISH.list_joiners
    assert {"number", "hundreds", "dozens"} <= ENGLISH.quantity_nouns and "police" not in ENGLISH.quantity_nouns


def test_lexicon_actor_reference_nouns() -> None:
    """Member nouns take their sector from the word before; group nouns refer back."""
    assert {"members", "chiefs", "office"} <= LEX.actors.member_nouns
    assert "soldiers" not in LEX.actors.member_nouns  # a sector noun of its own
    assert {"group", "movement"} <= LEX.actors.group_nouns
    assert "ministry" not in LEX.actors.group_nouns  # a state body, coded by its own noun
    assert {"country", "nation"} == LEX.actors.country_nouns


def test_lexicon_modifier_sectors_are_sides_not_kinds_of_thing() -> None:
    """A rebel or a police word on a noun names a side ("a rebel assault"); a school or a
    media word names a kind of thing ("a school bus", "media reports")."""
    assert {"REB", "MIL", "COP", "GOV"} <= LEX.actors.modifier_sectors
    assert not {"EDU", "MED", "BUS"} & LEX.actors.modifier_sectors


def test_lexicon_role_rules_for_verbal_events() -> None:
    roles = LEX.events.roles
    assert {EventType.REJECT, EventType.REQUEST} <= roles.clause_recipients
    assert EventType.ASSAULT not in roles.clause_recipients
    assert "on" in roles.recipient_prepositions[EventType.REQUEST]
    assert roles.patient_stays == {"release"}
    assert LEX.events.verbs["resign"].type is EventType.RETREAT
    assert LEX.events.verbs["indict"].type is EventType.ACCUSE


@pytest.mark.parametrize(
    ("text", "bare"), [("the Kremlin’s", "Kremlin"), ("The Kyiv Post", "Kyiv Post"), ("Theodore", "Theodore")]
)
def test_lexicon_function_words_bare_name(text: str, bare: str) -> None:
    assert ENGLISH.bare_name(text) == bare


def test_lexicon_source_cues() -> None:
    assert "according to" in LEX.cues.according_to
    assert "tell" in LEX.cues.telling_verbs
    assert {"group", "ministry"} <= LEX.cues.group_nouns
    assert "group" in LEX.cues.open_group_nouns and "service" not in LEX.cues.open_group_nouns
    assert LEX.cues.open_group_nouns <= LEX.cues.group_nouns
    assert "post" in LEX.cues.outlet_name_endings
    assert "should" in LEX.cues.conditional_inversions


def test_lexicon_number_joiners() -> None:
    assert NumberWords.load().phrase_value(["two", "hundred", "and", "ten"]) == 210
    assert NumberWords.load().phrase_value(["twenty", "-", "five"]) == 25


def _tokens(text: str) -> list[Token]:
    out, at = [], 0
    for i, word in enumerate(text.split()):
        out.append(Token(i, word, at, word.lower(), "NOUN", "NN", "dep", 0))
        at += len(word) + 1
    return out


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("a hand grenade", "grenade"),
        ("a roadside bomb", "ied"),
        ("remote - controlled bomb", "ied"),
        ("an anti-personnel mine", "landmine"),
        ("a mine", "mine"),
        ("unexploded ordnance", "uxo"),
        ("a guided aerial bomb", "air_bomb"),
        ("FAB-500 bombs", "air_bomb"),
        ("Su-34 jets", "aircraft"),
        ("Shahed drones", "drone"),
        ("Iskander missiles", "missile"),
        ("mortar fire", "artillery"),
        ("stun grenade", "nonlethal"),
        ("a machine gun", "firearm"),
        ("a machete", "blade"),
        ("chlorine gas", "chemical"),
    ],
)
def test_lexicon_instrument_classes(words: str, kind: str) -> None:
    tokens = _tokens(words)
    assert LEX.arguments.instruments.find(tokens, range(len(tokens))) == (kind,)


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("a Mi-8 helicopter", "aircraft"),
        ("a cruise missile", "projectile"),
        ("a weapons cache", "weapons"),
        ("a fuel depot", "materiel"),
        ("the hospital", "facility"),
        ("a demonstrator", "protesters"),
        ("livestock", "property"),
        ("an outpost", "base"),
        ("the village", "territory"),
        ("control", "control"),
    ],
)
def test_lexicon_target_kinds(words: str, kind: str) -> None:
    tokens = _tokens(words)
    assert kind in LEX.arguments.targets.find(tokens, range(len(tokens)))


def test_lexicon_argument_words_match_the_longest_phrase_and_keep_modifiers_alone() -> None:
    tokens = _tokens("stun grenade")
    assert LEX.arguments.instruments.find(tokens, [0, 1]) == ("nonlethal",)  # no grenade
    tokens = _tokens("mine worker")
    assert LEX.arguments.instruments.find(tokens, [0, 1], alone=[0]) == ()  # only modifies a person
    tokens = _tokens("air and navy missile")
    assert "air_bomb" in LEX.arguments.instruments.find(tokens, range(4), pairs=[(0, 3)])


def test_lexicon_argument_actor_kinds_and_verbs() -> None:
    assert LEX.arguments.actor_kinds.find(_tokens("the mob"), [0, 1]) == ("mob",)  # a crowd called violent
    assert LEX.arguments.actor_kinds.find(_tokens("the villagers"), [0, 1]) == ("crowd",)
    assert LEX.arguments.actor_kinds.find(_tokens("two groups"), [0, 1]) == ("factions",)
    assert {"fire", "launch"} <= LEX.arguments.object_is_instrument
    assert "with" in LEX.arguments.instrument_prepositions
    assert LEX.arguments.instruments.sided >= {"aircraft", "drone"}
    assert "village" in LEX.events.place_nouns  # the territory targets, one list


def test_lexicon_event_anchors_roles_and_casualties() -> None:
    events = LEX.events
    assert "call" in events.anchors.request_verbs and "for" in events.anchors.request_prepositions
    assert "in" in events.anchors.casualty_prepositions and "destroy" in events.anchors.casualty_governors
    assert "on" in events.anchors.place_prepositions  # quoted in the file: YAML reads a bare on as true
    assert events.roles.recipient_prepositions[EventType.ASSAULT] >= {"against", "at"}
    assert EventType.MOBILIZE in events.roles.patient_is_actor and EventType.AID in events.roles.own_theme
    assert EventType.ASSAULT in events.roles.force and "help" in events.roles.sharing_governors
    assert {"by", "between"} == events.roles.noun_agent_prepositions


@pytest.mark.parametrize(
    ("word", "count"),
    [("kill", "killed"), ("dead", "killed"), ("wounded", "injured"), ("detain", "arrested"),
     ("lynch", "killed"), ("behead", "killed"), ("succumb", "killed")],
)
def test_lexicon_casualty_words(word: str, count: str) -> None:
    assert word in getattr(LEX.events.casualties, count)


def test_lexicon_casualty_verbs_and_forms() -> None:
    casualties = LEX.events.casualties
    assert casualties.verbs["die"] == "killed" and casualties.verbs["wound"] == "injured"
    assert "perish" in casualties.intransitive and "a" in casualties.singular and "death" in casualties.death_nouns
    assert "leave" in casualties.result_verbs
    assert "succumb" in casualties.intransitive and "the" in casualties.singular
    assert "him" in casualties.singular_pronouns
    assert "family" in casualties.collective and "no" in casualties.no_one and "to" in casualties.death_prepositions
    assert "threaten" in casualties.attempt_verbs and "almost" in casualties.near_misses
    assert "over" in casualties.cause_prepositions and "protest" in casualties.cause_verbs
    assert "whether" in casualties.doubt_marks and "among" in casualties.victim_prepositions
    assert {"abduct", "sexual"} <= LEX.events.separate_modes
    assert {"coded to", "coded as"} <= set(LEX.events.place_notes)


def test_lexicon_speech_verbs_are_reporting_verbs() -> None:
    assert {"say", "report", "announce"} <= LEX.cues.speech_verbs <= LEX.cues.reporting_verbs
    assert "believe" in LEX.cues.reporting_verbs and "believe" not in LEX.cues.speech_verbs
    assert "of" in ENGLISH.partitive_prepositions


def test_lexicon_word_list_refuses_a_yaml_boolean() -> None:
    with pytest.raises(ResourceError, match="quote"):
        words(["on", False])


def test_closing_quote_reads_the_last_mark_before() -> None:
    from sitreport.syntax import closing_quote

    text = "“One. “Two.” Three, she said.\n\"Four,\" he said. Five."
    assert closing_quote(text, text.index("One")) == text.index("”")
    assert closing_quote(text, text.index("Two")) == text.index("”")  # an unclosed quotation inside
    assert closing_quote(text, text.index("Three")) is None
    assert closing_quote(text, text.index("Four")) == text.index('"', text.index("Four"))
    assert closing_quote(text, text.index("Five")) is None


def test_lexicon_naming_and_source_preposition_cues() -> None:
    assert {"know", "call"} <= LEX.cues.naming_verbs
    assert {"from", "by"} <= LEX.cues.source_prepositions


def test_lexicon_refusal_and_negating_conjunction_cues() -> None:
    assert {"refuse", "fail"} <= LEX.cues.refusal_verbs and "refuse" not in LEX.cues.negations
    assert "nor" in LEX.cues.negating_conjunctions


def test_lexicon_allegation_cues() -> None:
    assert {"suspicion", "accusation"} <= LEX.cues.allege_nouns
    assert "allegedly" in LEX.cues.allege_adverbs and "allegedly" not in LEX.cues.hedge_words


def test_lexicon_plan_cues() -> None:
    assert "plan" in LEX.cues.plan_nouns and "attempt" not in LEX.cues.plan_nouns
    assert {"upcoming", "planned"} <= LEX.cues.plan_modifiers
    assert "expect" in LEX.cues.plan_relatives


def test_lexicon_presupposing_prepositions() -> None:
    assert {"after", "since"} <= LEX.cues.presupposing_prepositions
    assert "before" not in LEX.cues.presupposing_prepositions


def test_lexicon_questions_dismissals_and_senses_that_are_no_event() -> None:
    events = LEX.events
    assert "ask" in events.question_verbs and {"whether", "if", "about", "how"} <= events.question_words
    assert {"allegation", "claim", "report"} <= events.dismissed_nouns
    assert {"baseless", "false", "unfounded"} <= events.dismissive_words  # "false" quoted: YAML reads it as a boolean
    release = events.verbs["release"]
    assert release.type == EventType.RETREAT and {"names", "footage", "statement"} <= release.not_objects
    assert "hostages" not in release.not_objects
    assert {"number", "series", "wave"} <= events.anchors.partitive_nouns
    assert {"convene", "host"} <= events.light_verbs and events.nouns["meeting"].type == EventType.CONSULT
