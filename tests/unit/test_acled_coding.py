"""ACLED coding of hand-made PLOVER events: one case per sub-event type, inter code, rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from acled_builders import (
    LOZOVA,
    RUS_MIL,
    UKR_COP,
    UKR_CVL,
    UKR_MIL,
    actor,
    document,
    event_in,
    single,
    with_location,
)

from sitreport.acled import (
    AcledTable,
    code_event,
    geo_precision,
    interaction,
    time_precision,
)
from sitreport.model import (
    AcledCoding,
    DateRange,
    Document,
    Factuality,
    GeoPrecision,
    Place,
    Precision,
)


@pytest.fixture(scope="module")
def table() -> AcledTable:
    return AcledTable.load()


def coded(doc: Document, table: AcledTable, index: int = 0) -> AcledCoding:
    coding = code_event(doc.events[index], doc, table)
    assert coding is not None, doc.events[index]
    return coding


WORKERS = actor("workers", "UKR", "LAB")
PROTESTERS = actor("protesters", "UKR", "CVL")
DEMONSTRATORS = actor("demonstrators", "UKR", "CVL")
DRONE = actor("a Russian drone", "RUS", None)

# (sub-event type, event type, document)
SUB_EVENT_CASES: list[tuple[str, str, Document]] = [
    (
        "Armed clash",
        "Battles",
        single(
            "Russian forces clashed with Ukrainian forces near Lozova.",
            "clashed",
            "ASSAULT",
            "firearms",
            recipients=(UKR_MIL,),
        ),
    ),
    (
        "Government regains territory",
        "Battles",
        single(
            "Ukrainian forces recaptured the village of Lozova.",
            "recaptured",
            "ASSAULT",
            "firearms",
            contexts=("territory",),
            actors=(UKR_MIL,),
            recipients=(RUS_MIL,),
        ),
    ),
    (
        "Non-state actor overtakes territory",
        "Battles",
        single(
            "Following clashes, Russian forces took the village of Lozova.",
            "took",
            "ASSAULT",
            None,
            recipients=(UKR_MIL,),
            lemma="take",
            targets=("territory",),
        ),
    ),
    (
        "Chemical weapon",
        "Explosions/Remote violence",
        single(
            "Russian forces used chemical agents against Ukrainian troops in Lozova.",
            "used",
            "ASSAULT",
            "cbrn",
            recipients=(UKR_MIL,),
        ),
    ),
    (
        "Air/drone strike",
        "Explosions/Remote violence",
        single("Russian forces launched an air strike near Lozova.", "air strike", "ASSAULT", "aerial"),
    ),
    (
        "Suicide bomb",
        "Explosions/Remote violence",
        single(
            "A suicide bomber blew himself up at a checkpoint in Lozova.",
            "blew",
            "ASSAULT",
            "suicide",
            actors=(),
        ),
    ),
    (
        "Shelling/artillery/missile attack",
        "Explosions/Remote violence",
        single("Russian forces shelled Lozova.", "shelled", "ASSAULT", "explosives", lemma="shell"),
    ),
    (
        "Remote explosive/landmine/IED",
        "Explosions/Remote violence",
        single(
            "An IED exploded next to a police car in Lozova.",
            "exploded",
            "ASSAULT",
            "explosives",
            actors=(),
            recipients=(UKR_COP,),
            instruments=("ied",),
        ),
    ),
    (
        "Grenade",
        "Explosions/Remote violence",
        single(
            "A man threw a grenade into a cafe in Lozova.",
            "threw",
            "ASSAULT",
            "explosives",
            actors=(),
            recipients=(UKR_CVL,),
            instruments=("grenade",),
        ),
    ),
    (
        "Sexual violence",
        "Violence against civilians",
        single(
            "Soldiers raped a woman in Lozova.",
            "raped",
            "ASSAULT",
            "sexual",
            recipients=(UKR_CVL,),
        ),
    ),
    (
        "Attack",
        "Violence against civilians",
        single(
            "Russian soldiers shot two civilians in Lozova.",
            "shot",
            "ASSAULT",
            "firearms",
            recipients=(UKR_CVL,),
        ),
    ),
    (
        "Abduction/forced disappearance",
        "Violence against civilians",
        single(
            "Russian soldiers abducted the village head of Lozova.",
            "abducted",
            "ASSAULT",
            "abduct",
            recipients=(UKR_CVL,),
        ),
    ),
    (
        "Peaceful protest",
        "Protests",
        single(
            "Hundreds of workers protested in Lozova.",
            "protested",
            "PROTEST",
            "demonstrate",
            actors=(WORKERS,),
        ),
    ),
    (
        "Protest with intervention",
        "Protests",
        document(
            "Police dispersed a rally in Lozova and detained 20 protesters.",
            event_in(
                "Police dispersed a rally in Lozova and detained 20 protesters.",
                "rally",
                "PROTEST",
                "demonstrate",
                actors=(PROTESTERS,),
            ),
            event_in(
                "Police dispersed a rally in Lozova and detained 20 protesters.",
                "detained",
                "COERCE",
                "arrest",
                actors=(UKR_COP,),
                recipients=(PROTESTERS,),
                targets=("protesters",),
            ),
        ),
    ),
    (
        "Excessive force against protesters",
        "Protests",
        single(
            "Police opened fire on demonstrators in Lozova, killing two.",
            "opened fire",
            "ASSAULT",
            "firearms",
            actors=(UKR_COP,),
            recipients=(DEMONSTRATORS,),
            killed=2,
            targets=("protesters",),
        ),
    ),
    (
        "Violent demonstration",
        "Riots",
        single(
            "Rioters torched cars in Lozova.",
            "Rioters",
            "PROTEST",
            "riot",
            actors=(actor("Rioters", "UKR", "CVL"),),
        ),
    ),
    (
        "Mob violence",
        "Riots",
        single(
            "A mob of villagers beat a suspected thief in Lozova.",
            "beat",
            "ASSAULT",
            "beat",
            actors=(actor("A mob of villagers", "UKR", "CVL"),),
            recipients=(UKR_CVL,),
            actor_kinds=("crowd",),
        ),
    ),
    (
        "Agreement",
        "Strategic developments",
        single(
            "Russia and Ukraine signed a prisoner exchange deal in Lozova.",
            "signed",
            "AGREE",
            "sign",
            actors=(actor("Russia", "RUS", "GOV"), actor("Ukraine", "UKR", "GOV")),
        ),
    ),
    (
        "Arrests",
        "Strategic developments",
        single(
            "Police arrested a suspected saboteur in Lozova.",
            "arrested",
            "COERCE",
            "arrest",
            actors=(UKR_COP,),
            recipients=(UKR_CVL,),
        ),
    ),
    (
        "Change to group/activity",
        "Strategic developments",
        single(
            "Eighteen soldiers deserted their unit near Lozova.",
            "deserted",
            "RETREAT",
            "desert",
        ),
    ),
    (
        "Disrupted weapons use",
        "Strategic developments",
        single(
            "Ukrainian forces shot down a Russian drone over Lozova.",
            "shot",
            "COERCE",
            "disrupt",
            actors=(UKR_MIL,),
            recipients=(DRONE,),
        ),
    ),
    (
        "Headquarters or base established",
        "Strategic developments",
        single(
            "Russian forces set up a new base near Lozova.",
            "set up",
            "MOBILIZE",
            "troops",
            targets=("base",),
        ),
    ),
    (
        "Looting/property destruction",
        "Strategic developments",
        single(
            "Soldiers looted shops in Lozova.",
            "looted",
            "COERCE",
            "destroy",
            recipients=(actor("shops", "UKR", "BUS"),),
        ),
    ),
    (
        "Non-violent transfer of territory",
        "Strategic developments",
        single(
            "Russian forces handed Lozova over to Ukrainian forces after the deal.",
            "handed",
            "RETREAT",
            "withdraw",
            contexts=("territory",),
            recipients=(UKR_MIL,),
        ),
    ),
    (
        "Other",
        "Strategic developments",
        single(
            "Russian forces pulled back from the front near Lozova.",
            "pulled",
            "RETREAT",
            "withdraw",
            lemma="pull back",
        ),
    ),
]


@pytest.mark.parametrize(
    ("text", "trigger", "type_", "mode", "lemma", "sub_event"),
    [
        ("Russia deployed more troops to Lozova.", "deployed", "MOBILIZE", "troops", None, "Change to group/activity"),
        ("Twelve fighters surrendered to the army in Lozova.", "surrendered", "RETREAT", "withdraw", "surrender",
         "Agreement"),
    ],
)  # fmt: skip
def test_acled_strategic_developments_by_plover_type(
    text: str, trigger: str, type_: str, mode: str, lemma: str | None, sub_event: str, table: AcledTable
) -> None:
    doc = single(text, trigger, type_, mode, lemma=lemma)
    assert coded(doc, table).sub_event_type == sub_event


def test_acled_cases_cover_every_sub_event_type(table: AcledTable) -> None:
    assert {c[0] for c in SUB_EVENT_CASES} == set(table.sub_events)
    assert len(table.sub_events) == 25
    assert len(table.event_types) == 6


@pytest.mark.parametrize(("sub_event_type", "event_type", "doc"), SUB_EVENT_CASES, ids=[c[0] for c in SUB_EVENT_CASES])
def test_acled_codes_each_sub_event_type(
    sub_event_type: str, event_type: str, doc: Document, table: AcledTable
) -> None:
    coding = coded(doc, table)
    assert (coding.event_type, coding.sub_event_type) == (event_type, sub_event_type)
    assert coding.disorder_type == table.sub_events[sub_event_type].disorder


@pytest.mark.parametrize(
    ("event_type", "disorder"),
    [
        ("Battles", "Political violence"),
        ("Explosions/Remote violence", "Political violence"),
        ("Violence against civilians", "Political violence"),
        ("Protests", "Demonstrations"),
        ("Riots", "Demonstrations"),
        ("Strategic developments", "Strategic developments"),
    ],
)
def test_acled_each_event_type_has_its_disorder_type(event_type: str, disorder: str, table: AcledTable) -> None:
    subs = table.event_types[event_type]
    assert subs
    typical = [table.sub_events[s].disorder for s in subs]
    assert disorder in typical


@pytest.mark.parametrize("plover", ["CONSULT", "ACCUSE", "REJECT", "THREATEN", "REQUEST", "SUPPORT", "SANCTION"])
def test_acled_non_conflict_types_are_not_coded(plover: str, table: AcledTable) -> None:
    doc = single("Russia criticised Ukraine over Lozova.", "criticised", plover)
    assert code_event(doc.events[0], doc, table) is None


def test_acled_protest_with_intervention_codes_the_arrest_too(table: AcledTable) -> None:
    doc = next(c[2] for c in SUB_EVENT_CASES if c[0] == "Protest with intervention")
    arrest = coded(doc, table, 1)
    assert arrest.sub_event_type == "Protest with intervention"
    assert arrest.actor1 == "Protesters (Ukraine)"
    assert arrest.actor2 == "Police Forces of Ukraine (2019-)"
    assert (arrest.inter1, arrest.inter2, arrest.interaction) == (6, 1, 16)


def test_acled_excessive_force_names_protesters_first_and_counts_dead(table: AcledTable) -> None:
    doc = next(c[2] for c in SUB_EVENT_CASES if c[0] == "Excessive force against protesters")
    coding = coded(doc, table)
    assert coding.actor1 == "Protesters (Ukraine)"
    assert coding.actor2 == "Police Forces of Ukraine (2019-)"
    assert coding.fatalities == 2
    assert coding.disorder_type == "Political violence; Demonstrations"


# ------------------------------------------------------------------ aircraft, interception


def test_acled_downing_a_crewed_aircraft_is_shelling_not_interception(table: AcledTable) -> None:
    doc = single(
        "Russian forces shot down a Ukrainian Su-27 aircraft near Lozova.",
        "shot",
        "COERCE",
        "disrupt",
        recipients=(actor("a Ukrainian Su-27 aircraft", "UKR", "MIL"),),
        lemma="shoot down",
        targets=("aircraft",),
    )
    coding = coded(doc, table)
    assert coding.sub_event_type == "Shelling/artillery/missile attack"
    assert coding.actor2 == "Military Forces of Ukraine (2019-) Air Force"
    assert coding.interaction == 18


def test_acled_aircraft_downing_aircraft_is_an_armed_clash(table: AcledTable) -> None:
    doc = single(
        "A Russian fighter jet shot down a Ukrainian transport helicopter close to Lozova.",
        "shot",
        "COERCE",
        "disrupt",
        actors=(actor("A Russian fighter jet", "RUS", "MIL"),),
        recipients=(actor("a Ukrainian transport helicopter", "UKR", "MIL"),),
        lemma="shoot down",
        instruments=("aircraft",),
        targets=("aircraft",),
    )
    coding = coded(doc, table)
    assert (coding.event_type, coding.sub_event_type) == ("Battles", "Armed clash")
    assert coding.actor1 == "Military Forces of Russia (2000-) Air Force"


def test_acled_interception_names_the_drone_owner_air_force(table: AcledTable) -> None:
    doc = next(c[2] for c in SUB_EVENT_CASES if c[0] == "Disrupted weapons use")
    coding = coded(doc, table)
    assert coding.actor1 == "Military Forces of Ukraine (2019-)"
    assert coding.actor2 == "Military Forces of Russia (2000-) Air Force"
    assert (coding.inter1, coding.inter2, coding.interaction) == (1, 8, 18)


def test_acled_missile_strike_by_air_force_is_an_air_strike(table: AcledTable) -> None:
    doc = single(
        "Russian aviation carried out a missile strike on Lozova.",
        "missile strike",
        "ASSAULT",
        "explosives",
        actors=(actor("Russian aviation", "RUS", "MIL"),),
        instruments=("aircraft", "missile"),
    )
    coding = coded(doc, table)
    assert coding.sub_event_type == "Air/drone strike"
    assert coding.actor1 == "Military Forces of Russia (2000-) Air Force"
    assert coding.interaction == 80


def test_acled_destroying_military_materiel_is_shelling(table: AcledTable) -> None:
    doc = single(
        "Russian forces destroyed the fuel depot near Lozova.",
        "destroyed",
        "ASSAULT",
        None,
        lemma="destroy",
        targets=("materiel", "facility"),
    )
    assert coded(doc, table).sub_event_type == "Shelling/artillery/missile attack"


def test_acled_unexploded_ordnance_has_no_named_perpetrator(table: AcledTable) -> None:
    doc = single(
        "A civilian car ran over an explosive near Lozova.",
        "ran",
        "ASSAULT",
        None,
        actors=(UKR_CVL,),
        lemma="run over",
        targets=("weapons",),
    )
    coding = coded(doc, table)
    assert coding.sub_event_type == "Remote explosive/landmine/IED"
    assert coding.actor1 == "Unidentified Military Forces"
    assert coding.actor2 == "Civilians (Ukraine)"
    assert (coding.inter1, coding.inter2, coding.interaction) == (8, 7, 78)
    assert coding.civilian_targeting


def test_acled_shelling_with_a_mine_word_elsewhere_stays_shelling(table: AcledTable) -> None:
    text = "Russian forces shelled Lozova. A mine worker was hurt."
    doc = single(text, "shelled", "ASSAULT", "explosives", lemma="shell")
    assert coded(doc, table).sub_event_type == "Shelling/artillery/missile attack"


# ------------------------------------------------------------------ inter codes and names

INTER_CASES = [
    (1, UKR_MIL),
    (2, actor("separatist rebels", "UKR", "REB", name="Luhansk People's Republic")),
    (3, actor("separatist rebels", "UKR", "REB")),  # unnamed: an unidentified armed group
    (3, actor("armed men", None, "UAF")),
    (4, actor("ethnic militia", "UKR", "ETH")),
    (5, UKR_CVL),  # unarmed people who attack are rioters, not civilians
    (8, RUS_MIL),
]


@pytest.mark.parametrize(("inter", "who"), INTER_CASES, ids=[str(c[0]) for c in INTER_CASES])
def test_acled_inter_code_of_actor(inter: int, who: object, table: AcledTable) -> None:
    doc = single(
        "Armed men attacked a checkpoint in Lozova.",
        "attacked",
        "ASSAULT",
        "firearms",
        actors=(who,),
    )
    coding = coded(doc, table)
    assert coding.inter1 == inter
    assert coding.interaction == inter * 10


@pytest.mark.parametrize(("inter", "sub_event"), [(5, "Violent demonstration"), (6, "Peaceful protest")])
def test_acled_inter_code_of_crowds(inter: int, sub_event: str, table: AcledTable) -> None:
    doc = next(c[2] for c in SUB_EVENT_CASES if c[0] == sub_event)
    coding = coded(doc, table)
    assert coding.inter1 == inter
    assert coding.interaction == inter * 10
    assert coding.actor1 == ("Rioters (Ukraine)" if inter == 5 else "Protesters (Ukraine)")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (8, None, 80),
        (1, 8, 18),
        (8, 1, 18),
        (6, None, 60),
        (8, 7, 78),
        (7, None, 70),
        (None, None, None),
        (None, 3, 30),
    ],
)
def test_acled_interaction(a: int | None, b: int | None, expected: int | None) -> None:
    assert interaction(a, b) == expected


def test_acled_names_follow_acled(table: AcledTable) -> None:
    doc = single(
        "Russian forces shelled Lozova, wounding civilians.",
        "shelled",
        "ASSAULT",
        "explosives",
        recipients=(UKR_CVL,),
    )
    coding = coded(doc, table)
    assert coding.actor1 == "Military Forces of Russia (2000-)"
    assert coding.actor2 == "Civilians (Ukraine)"
    assert (coding.inter1, coding.inter2, coding.interaction) == (8, 7, 78)
    assert coding.civilian_targeting


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2016, 5, 1), "Military Forces of Ukraine (2014-2019)"),
        (dt.date(2023, 5, 1), "Military Forces of Ukraine (2019-)"),
    ],
)
def test_acled_regime_follows_event_date(day: dt.date, expected: str, table: AcledTable) -> None:
    doc = single(
        "Ukrainian forces shelled Lozova.",
        "shelled",
        "ASSAULT",
        "explosives",
        actors=(UKR_MIL,),
        day=day,
    )
    assert coded(doc, table).actor1 == expected


def test_acled_article_and_external_forces(table: AcledTable) -> None:
    usa = actor("US forces", "USA", "MIL")
    doc = single(
        "US forces struck Lozova.",
        "struck",
        "ASSAULT",
        "aerial",
        actors=(usa,),
        day=dt.date(2022, 3, 1),
    )
    coding = coded(doc, table)
    assert coding.actor1 == "Military Forces of the United States (2021-2025) Air Force"
    assert coding.inter1 == 8


def test_acled_country_only_actor_in_violence_is_its_military(table: AcledTable) -> None:
    doc = single(
        "Russia shelled Lozova.",
        "shelled",
        "ASSAULT",
        "explosives",
        actors=(actor("Russia", "RUS", None),),
    )
    assert coded(doc, table).actor1 == "Military Forces of Russia (2000-)"


def test_acled_unknown_attacker_is_unidentified_armed_group(table: AcledTable) -> None:
    doc = single("Gunmen attacked Lozova.", "attacked", "ASSAULT", "firearms", actors=())
    coding = coded(doc, table)
    assert coding.actor1 == "Unidentified Armed Group (Ukraine)"
    assert coding.inter1 == 3


# ------------------------------------------------------------------ fatalities


@pytest.mark.parametrize(
    ("killed", "expected"),
    [(None, 0), (0, 0), (1, 1), (12, 12)],
    ids=["none", "zero", "one", "dozen"],
)
def test_acled_fatalities_are_the_killed_count(killed: int | None, expected: int, table: AcledTable) -> None:
    doc = single("Russian forces shelled Lozova.", "shelled", "ASSAULT", "explosives", lemma="shell", killed=killed)
    assert coded(doc, table).fatalities == expected


def test_acled_fatalities_ignore_the_injured(table: AcledTable) -> None:
    doc = single("Russian forces shelled Lozova, wounding 8.", "shelled", "ASSAULT", "explosives", lemma="shell")
    event = replace(doc.events[0], counts=replace(doc.events[0].counts, injured=8))
    doc = replace(doc, events=(event,))
    assert coded(doc, table).fatalities == 0


@pytest.mark.parametrize("sub_event", ["Peaceful protest", "Arrests", "Other", "Agreement"])
def test_acled_no_fatalities_where_acled_records_none(sub_event: str, table: AcledTable) -> None:
    doc = next(c[2] for c in SUB_EVENT_CASES if c[0] == sub_event)
    event = replace(doc.events[0], counts=replace(doc.events[0].counts, killed=3))
    doc = replace(doc, events=(event, *doc.events[1:]))
    coding = coded(doc, table)
    assert coding.sub_event_type == sub_event
    assert coding.fatalities == 0


# ------------------------------------------------------------------ precision


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        (LOZOVA, 1),
        (replace(LOZOVA, near=True), 2),
        (replace(LOZOVA, precision=GeoPrecision.ADMIN2), 2),
        (replace(LOZOVA, precision=GeoPrecision.ADMIN1), 3),
        (replace(LOZOVA, precision=GeoPrecision.COUNTRY), 3),
        (None, 3),
    ],
    ids=["point", "near", "admin2", "admin1", "country", "none"],
)
def test_acled_geo_precision(place: Place | None, expected: int) -> None:
    assert geo_precision(place) == expected


def _range(start: dt.date, end: dt.date, precision: Precision) -> DateRange:
    return DateRange("", 0, 0, start, end, precision)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (_range(dt.date(2024, 2, 16), dt.date(2024, 2, 16), Precision.DAY), 1),
        (_range(dt.date(2024, 2, 12), dt.date(2024, 2, 18), Precision.WEEK), 2),
        (_range(dt.date(2024, 2, 1), dt.date(2024, 2, 10), Precision.MONTH), 2),
        (_range(dt.date(2024, 2, 1), dt.date(2024, 2, 29), Precision.MONTH), 3),
        (_range(dt.date(2024, 1, 1), dt.date(2024, 12, 31), Precision.YEAR), 3),
        (None, 3),
    ],
    ids=["day", "week", "early-month", "month", "year", "none"],
)
def test_acled_time_precision(date: DateRange | None, expected: int) -> None:
    assert time_precision(date) == expected


def test_acled_coding_does_not_depend_on_factuality(table: AcledTable) -> None:
    doc = single(
        "Russian forces may have shelled Lozova.",
        "shelled",
        "ASSAULT",
        "explosives",
        lemma="shell",
        factuality=Factuality.HEDGED,
    )
    assert coded(doc, table).sub_event_type == "Shelling/artillery/missile attack"


# ------------------------------------------------------------------ casualty reports


def _report(text: str, trigger: str, **kw: object) -> object:
    return event_in(text, trigger, "ASSAULT", None, actors=(), **kw)  # type: ignore[arg-type]


def _stage(doc: Document, table: AcledTable) -> Document:
    from sitreport.stages.acled import AcledStage

    return AcledStage(table)(doc)


def test_acled_casualty_report_folds_into_the_attack(table: AcledTable) -> None:
    text = "Russian forces shelled Lozova. 1 civilian was killed, 1 was injured."
    victims = (actor("1 civilian", None, "CVL"),)
    doc = _stage(
        document(
            text,
            event_in(text, "shelled", "ASSAULT", "explosives", lemma="shell"),
            _report(text, "killed", recipients=victims, killed=1, lemma="kill"),  # type: ignore[arg-type]
        ),
        table,
    )
    attack, report = doc.events
    assert report.acled is None
    assert attack.acled is not None
    assert attack.acled.fatalities == 1
    assert attack.acled.actor2 == "Civilians (Ukraine)"
    assert attack.acled.interaction == 78
    assert attack.acled.civilian_targeting


def test_acled_casualty_report_keeps_the_most_conservative_figure(table: AcledTable) -> None:
    text = "Russian forces shelled Lozova, killing 3. Officials said 5 people were killed."
    doc = _stage(
        document(
            text,
            event_in(text, "shelled", "ASSAULT", "explosives", lemma="shell", killed=3),
            _report(text, "killed", killed=5, lemma="kill"),  # type: ignore[arg-type]
        ),
        table,
    )
    assert doc.events[0].acled is not None and doc.events[0].acled.fatalities == 3


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Russian forces shelled Lozova. 1 civilian was killed.",
            replace(LOZOVA, name="Kherson", admin1="Kherson Oblast"),
        ),
        ("Russian forces shelled Lozova. A. B. C. 1 civilian was killed.", LOZOVA),
    ],
    ids=["other-place", "too-far"],
)
def test_acled_casualty_report_stays_apart(text: str, place: Place, table: AcledTable) -> None:
    doc = document(
        text,
        event_in(text, "shelled", "ASSAULT", "explosives", lemma="shell"),
        _report(
            text,
            "killed",
            killed=1,
            location=place,  # type: ignore[arg-type]
            recipients=(UKR_CVL,),
            lemma="kill",
        ),
    )
    out = _stage(doc, table)
    attack, report = out.events
    assert attack.acled is not None and attack.acled.fatalities == 0
    assert report.acled is not None and report.acled.fatalities == 1


def test_acled_casualty_report_with_an_attacker_is_its_own_event(table: AcledTable) -> None:
    text = "Russian forces shelled Lozova. Ukrainian forces killed 3 soldiers."
    doc = _stage(
        document(
            text,
            event_in(text, "shelled", "ASSAULT", "explosives", lemma="shell"),
            event_in(text, "killed", "ASSAULT", None, actors=(UKR_MIL,), recipients=(RUS_MIL,), killed=3),
        ),
        table,
    )
    assert doc.events[1].acled is not None
    assert doc.events[0].acled is not None and doc.events[0].acled.fatalities == 0


def test_acled_report_at_another_place_is_the_same_attack_there(table: AcledTable) -> None:
    text = "Israeli jets struck villages in Lebanon. In Maarake, a house was flattened, killing 11."
    maarake = replace(LOZOVA, text="Maarake", name="Maarake", country="LBN", admin1="South")
    lebanon = replace(
        LOZOVA, text="Lebanon", name="Lebanon", country="LBN", admin1=None, precision=GeoPrecision.COUNTRY
    )
    jets = actor("Israeli jets", "ISR", "MIL")
    doc = _stage(
        document(
            text,
            event_in(text, "struck", "ASSAULT", "aerial", actors=(jets,), location=lebanon),
            _report(
                text,
                "killing",
                killed=11,
                location=maarake,  # type: ignore[arg-type]
                recipients=(actor("a family", None, "CVL"),),
                lemma="kill",
            ),
        ),
        table,
    )
    strike, report = doc.events
    assert strike.acled is not None and strike.acled.fatalities == 0
    assert report.acled is not None
    assert report.acled.sub_event_type == "Air/drone strike"
    assert report.acled.actor1 == "Military Forces of Israel (2022-) Air Force"
    assert report.acled.actor2 == "Civilians (Lebanon)"
    assert report.acled.fatalities == 11
    assert report.acled.civilian_targeting


def test_acled_uncoded_attack_mention_folds_into_the_lede(table: AcledTable) -> None:
    text = "Gunmen killed 21 villagers in Lozova. The attack took place at noon."
    doc = _stage(
        document(
            text,
            event_in(
                text,
                "killed",
                "ASSAULT",
                "firearms",
                actors=(actor("Gunmen", None, "UAF"),),
                recipients=(UKR_CVL,),
                killed=21,
            ),
            _report(text, "attack"),  # type: ignore[arg-type]
        ),
        table,
    )
    assert doc.events[1].acled is None
    assert doc.events[0].acled is not None and doc.events[0].acled.fatalities == 21


# ------------------------------------------------------------------ wording rules

WORDING_CASES = [
    (
        "nonlethal-at-sea",
        single(
            "Chinese coast guard ships fired water cannon at two Philippine vessels.",
            "fired",
            "ASSAULT",
            None,
            actors=(actor("Chinese coast guard ships", "CHN", "MIL"),),
            lemma="fire",
            instruments=("nonlethal",),
        ),
        ("Strategic developments", "Other"),
    ),
    (
        "tear-gas-on-protesters",
        single(
            "Riot police fired tear gas to disperse thousands of protesters in Lozova.",
            "fired",
            "ASSAULT",
            None,
            actors=(UKR_COP,),
            lemma="fire",
            instruments=("nonlethal",),
            targets=("protesters",),
        ),
        ("Protests", "Protest with intervention"),
    ),
    (
        "clash-with-civilian-victims",
        single(
            "M23 fighters clashed with militias, killing seven civilians in Lozova.",
            "clashed",
            "ASSAULT",
            "firearms",
            actors=(actor("M23 fighters", "COD", "REB"),),
            recipients=(UKR_CVL,),
            lemma="clash",
        ),
        ("Battles", "Armed clash"),
    ),
    (
        "strike-unnamed-weapon",
        single(
            "An Israeli strike on a building killed three people.",
            "strike",
            "ASSAULT",
            None,
            actors=(actor("Israeli", "ISR", None),),
            recipients=(UKR_CVL,),
        ),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ),
    (
        "fighters-neutralised-in-air-strike",
        single(
            "The army neutralised 15 terrorists in an air strike near Lozova.",
            "neutralised",
            "COERCE",
            "disrupt",
            actors=(UKR_MIL,),
            recipients=(actor("15 terrorists", None, "REB"),),
            instruments=("aircraft",),
        ),
        ("Explosions/Remote violence", "Air/drone strike"),
    ),
    (
        "fighters-neutralised",
        single(
            "The army neutralised 15 terrorists near Lozova.",
            "neutralised",
            "COERCE",
            "disrupt",
            actors=(UKR_MIL,),
            recipients=(actor("15 terrorists", None, "REB"),),
        ),
        ("Battles", "Armed clash"),
    ),
    (
        "power-seized-is-no-looting",
        single(
            "The junta seized power in Lozova.", "seized", "COERCE", "seize", actors=(actor("The junta", "UKR", "MIL"),)
        ),
        ("Strategic developments", "Other"),
    ),
    (
        "cattle-seized-is-looting",
        single(
            "Fighters seized cattle and food in Lozova.",
            "seized",
            "COERCE",
            "seize",
            actors=(actor("Fighters", None, "REB"),),
            targets=("property",),
        ),
        ("Strategic developments", "Looting/property destruction"),
    ),
    (
        "soldiers-killed-no-attacker",
        single(
            "Six North Korean officers were killed in Lozova.",
            "killed",
            "ASSAULT",
            None,
            actors=(),
            recipients=(actor("Six North Korean officers", "PRK", "MIL"),),
        ),
        ("Battles", "Armed clash"),
    ),
    (
        "attack-took-place-is-no-takeover",
        single("The attack took place at the market in Lozova district.", "attack", "ASSAULT", None, actors=()),
        None,
    ),
]


@pytest.mark.parametrize(("doc", "expected"), [c[1:] for c in WORDING_CASES], ids=[c[0] for c in WORDING_CASES])
def test_acled_wording_rules(doc: Document, expected: tuple[str, str] | None, table: AcledTable) -> None:
    coding = code_event(doc.events[0], doc, table)
    got = None if coding is None else (coding.event_type, coding.sub_event_type)
    assert got == expected


def test_acled_arrest_without_arrester_is_by_police(table: AcledTable) -> None:
    doc = single("41 people were detained in Lozova.", "detained", "COERCE", "arrest", actors=(), recipients=(UKR_CVL,))
    assert coded(doc, table).actor1 == "Police Forces of Ukraine (2019-)"


def test_acled_unexploded_ordnance_away_from_a_war_between_states_is_an_armed_groups(table: AcledTable) -> None:
    """Only where states fight each other is a mine nobody claims left by "Unidentified
    Military Forces"; in a civil conflict an unidentified armed group of the country left it."""
    place = with_location(LOZOVA, name="Phonsavan", country="LAO", admin1="Xiangkhouang")
    doc = single(
        "A farmer ran over a landmine near Phonsavan.",
        "ran",
        "ASSAULT",
        None,
        actors=(actor("A farmer", "LAO", "CVL"),),
        location=place,
        lemma="run over",
        instruments=("landmine",),
    )
    coding = coded(doc, table)
    assert coding.sub_event_type == "Remote explosive/landmine/IED"
    assert coding.actor1 == "Unidentified Armed Group (Laos)"
    assert coding.actor2 == "Civilians (Laos)"


def test_acled_armed_forces_on_the_ground_of_unknown_country_are_the_countrys(table: AcledTable) -> None:
    place = with_location(LOZOVA, name="Kindu", country="COD", admin1="Maniema")
    doc = single(
        "Soldiers clashed with a militia near Kindu.",
        "clashed",
        "ASSAULT",
        "firearms",
        actors=(actor("Soldiers", None, "MIL"),),
        recipients=(actor("a militia", None, "UAF"),),
        location=place,
        lemma="clash",
    )
    coding = coded(doc, table)
    assert coding.actor1 is not None and coding.actor1.startswith("Military Forces of the Democratic Republic of Congo")
    assert coding.inter1 == 1


def test_acled_armed_forces_of_unknown_country_stay_unidentified(table: AcledTable) -> None:
    doc = single(
        "Its fighter jets struck Lozova.",
        "struck",
        "ASSAULT",
        "aerial",
        actors=(actor("Its fighter jets", None, "MIL"),),
    )
    coding = coded(doc, table)
    assert coding.actor1 == "Unidentified Military Forces"
    assert coding.inter1 == 8


def test_acled_non_violent_event_without_actor_names_nobody(table: AcledTable) -> None:
    doc = single("Prisoners were released in Lozova.", "released", "RETREAT", "release", actors=())
    coding = coded(doc, table)
    assert coding.sub_event_type == "Other"
    assert coding.actor1 is None and coding.interaction is None
