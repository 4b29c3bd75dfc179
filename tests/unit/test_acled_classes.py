"""ACLED coding by who acts on whom, end to end: one hand-written sentence per class of
event and phrasing (the trigger lexicon's entry classes and acled_actors.yaml's classes).
These are the rules' codings: the pipeline runs without the learned typer."""

from __future__ import annotations

import datetime as dt

import pytest

from sitreport.eval.acled import pick_event
from sitreport.extract import PipelineConfig, default_pipeline, extract
from sitreport.pipeline import Pipeline

PUBLISHED = dt.date(2024, 3, 1)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return default_pipeline(PipelineConfig(acled_typer=None))


def coded(text: str, pipeline: Pipeline) -> tuple[str, str] | None:
    doc = extract(text, published=PUBLISHED, pipeline=pipeline)
    event = pick_event(doc)
    if event is None or event.acled is None:
        return None
    return event.acled.event_type, event.acled.sub_event_type


CASES = [
    # A crowd's violence: against each other or property, mob violence; at a protest or
    # against the police facing it, a violent demonstration.
    ("Supporters of two rival parties clashed with sticks and bricks in Sylhet.", "Riots", "Mob violence"),
    ("A mob beat a suspected thief to death in Kano.", "Riots", "Mob violence"),
    ("Villagers lynched two suspected witches in Kisii.", "Riots", "Mob violence"),
    ("Angry youths torched the office of the ruling party in Bouake.", "Riots", "Mob violence"),
    ("Students staged a demonstration and clashed with police in Dhaka.", "Riots", "Violent demonstration"),
    ("Residents pelted the police with stones in Lagos.", "Riots", "Violent demonstration"),
    ("Youths hurled stones at soldiers at a checkpoint in Hebron.", "Riots", "Violent demonstration"),
    ("Garment workers clashed with police in Gazipur over unpaid wages.", "Riots", "Violent demonstration"),
    ("Protesters torched vehicles and a police post in Lucknow.", "Riots", "Violent demonstration"),
    ("A suspected thief was lynched in Kisumu.", "Riots", "Mob violence"),
    ("Traders staged violent protests in Kumasi over the new market fees.", "Riots", "Violent demonstration"),
    # A crowd's blockade with fire or an attack, and a protest that clashed with the police.
    ("Youths barricaded the highway near Eldoret with burning tyres.", "Riots", "Violent demonstration"),
    ("Traders blocked the main road in Owerri and burned tyres.", "Riots", "Violent demonstration"),
    ("Villagers blocked the road and attacked the police officers at the checkpoint in Moundou.", "Riots",
     "Violent demonstration"),
    ("Dock workers held a protest at the port in Mombasa. Police and workers clashed during the protest.", "Riots",
     "Violent demonstration"),
    ("Villagers burned down the house of a suspected witch in Kisii.", "Riots", "Mob violence"),
    # Fist fights, however worded.
    ("Supporters of two candidates brawled outside the town hall in Tarlac.", "Riots", "Mob violence"),
    ("A brawl broke out between traders at the cattle market in Maradi.", "Riots", "Mob violence"),
    ("Rival student groups engaged in a street fight near the campus in Sylhet.", "Riots", "Mob violence"),
    # Gatherings in protest, however worded, and a crowd's blockade.
    ("Teachers staged a sit-in in front of the ministry in Ouagadougou.", "Protests", "Peaceful protest"),
    ("Hundreds of traders held a rally in Accra to demand lower taxes.", "Protests", "Peaceful protest"),
    ("Farmers blocked the main highway near Nakuru to protest land seizures.", "Protests", "Peaceful protest"),
    ("Protests over fuel prices in Lagos", "Protests", "Peaceful protest"),  # a headline
    ("Protesters took to the streets of Bamako to demand the release of detainees.", "Protests", "Peaceful protest"),
    ("Nurses observed a sit-in outside the regional hospital in Tamale.", "Protests", "Peaceful protest"),
    # How a protest went, told in its next sentence.
    (
        "Taxi drivers protested in Kisumu against bad roads. They burned tyres on the highway.",
        "Riots",
        "Violent demonstration",
    ),
    # Forces stepping in on a crowd told by what it was doing.
    (
        "Police dispersed students chanting outside the university in Kassala with tear gas.",
        "Protests",
        "Protest with intervention",
    ),
    (
        "Soldiers fired on supporters marching on the palace in Antananarivo, killing 28 people.",
        "Protests",
        "Excessive force against protesters",
    ),
    # Two armed sides: exchanges of fire and gun battles.
    ("Soldiers and rebels exchanged fire near Beni.", "Battles", "Armed clash"),
    ("The army and the militants engaged in a gun battle in Marawi.", "Battles", "Armed clash"),
    ("The army regained control of the town of Kidal.", "Battles", "Government regains territory"),
    ("Two people were killed amid clashes between herders and farmers in Lai.", "Battles", "Armed clash"),
    # Armed men on unarmed people.
    ("Gunmen shot dead three farmers in Zamfara.", "Violence against civilians", "Attack"),
    ("Police found the bodies of two men in Kasai.", "Violence against civilians", "Attack"),
    ("Soldiers raped two women in Minova.", "Violence against civilians", "Sexual violence"),
    ("Armed men abducted a priest in Zamfara.", "Violence against civilians", "Abduction/forced disappearance"),
    ("Gunmen strafed the house of a village chief in Masbate.", "Violence against civilians", "Attack"),
    ("Raiders speared a herdsman near Lodwar.", "Violence against civilians", "Attack"),
    # A grenade thrown or hurled is a grenade attack.
    ("Unknown men threw a grenade at a bar in Garissa.", "Explosions/Remote violence", "Grenade"),
    ("Attackers hurled two grenades into a police compound in Cotabato.", "Explosions/Remote violence", "Grenade"),
    # The gravest of what armed men did at once stands for the incident, not the raid or arrest.
    ("Gunmen raided a church and shot the wife of the pastor in Ebonyi.", "Violence against civilians", "Attack"),
    ("Soldiers arrested and killed a trader in Maungdaw.", "Violence against civilians", "Attack"),
    # A bomb or blast with no launcher named went off where it was set; a weapon fired from
    # afar is shelling.
    (
        "A bomb planted by insurgents hit a military vehicle in Nangarhar, killing two soldiers.",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    (
        "A blast at a market in Afgooye killed seven people.",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    ("Rebels fired mortars at the airport in Goma.", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    # Sub-event precedence: the suicide bomber decides, not the market it hit.
    (
        "A suicide bomber blew himself up at a market in Maiduguri, killing 12 people.",
        "Explosions/Remote violence",
        "Suicide bomb",
    ),
    # Strategic developments.
    (
        "Rebels established a base in the forest near Mambasa.",
        "Strategic developments",
        "Headquarters or base established",
    ),
    ("Police arrested 20 people in Kampala.", "Strategic developments", "Arrests"),
    ("15 March. Police arrested 20 people in Kampala.", "Strategic developments", "Arrests"),  # no march
    ("The two factions signed a peace agreement in Juba.", "Strategic developments", "Agreement"),
    ("Fighters looted shops in Bunia.", "Strategic developments", "Looting/property destruction"),
    # Weapons found, recovered or handed in are taken out of use; bodies found stay a killing.
    ("Soldiers recovered a rebel arms cache with 12 rifles near Kisangani.", "Strategic developments",
     "Disrupted weapons use"),
    ("Troops discovered two IEDs buried along the road to Kaya.", "Strategic developments", "Disrupted weapons use"),
    ("Villagers handed over 30 firearms to the district commissioner in Moroto.", "Strategic developments",
     "Disrupted weapons use"),
    # Property destroyed with nobody harmed.
    ("Suspected militants destroyed a telecom mast near Garissa. Nobody was hurt.", "Strategic developments",
     "Looting/property destruction"),
]


@pytest.mark.parametrize(("text", "event_type", "sub_event_type"), CASES)
def test_acled_classes_code_by_who_acts_on_whom(
    text: str, event_type: str, sub_event_type: str, pipeline: Pipeline
) -> None:
    assert coded(text, pipeline) == (event_type, sub_event_type)


def test_acled_classes_a_crowd_in_an_agreement_is_not_named_rioters(pipeline: Pipeline) -> None:
    doc = extract("The two factions signed a peace agreement in Juba.", published=PUBLISHED, pipeline=pipeline)
    event = pick_event(doc)
    assert event is not None and event.acled is not None
    assert event.acled.actor1 is None or "Rioters" not in event.acled.actor1


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Al Shabaab militants ambushed a convoy near Afgooye.", "Al Shabaab"),
        ("Suspected NPA rebels shot dead a soldier in Negros Oriental.", "NPA: New People's Army"),
        # A group named by its name alone, no "militants" or "rebels" beside it.
        ("Al Shabaab ambushed a minibus carrying traders near Baidoa.", "Al Shabaab"),
        ("The BIFF attacked an army detachment in Datu Piang.", "BIFF: Bangsamoro Islamic Freedom Fighters"),
        # An attack told by its victims takes the attacker of the other attack of its sentence.
        ("Three soldiers were killed following an ambush by Al Shabaab militants near Baidoa.", "Al Shabaab"),
        ("A teacher was kidnapped and killed by NPA rebels in Samar.", "NPA: New People's Army"),
        # The hurt are not who hurt them ("were killed and wounded" read as their subject).
        ("Five soldiers were killed and wounded following an attack by Al Shabaab near Jowhar.", "Al Shabaab"),
        # A weapon's planter or thrower carried out the attack, whatever the clause's subject.
        ("A roadside bomb planted by Al Shabaab militants exploded near Jowhar, killing two soldiers.", "Al Shabaab"),
        ("Two policemen were wounded when their car hit an NPA-planted mine in Samar.", "NPA: New People's Army"),
        ("A soldier was wounded by a grenade thrown by BIFF fighters in Datu Piang.",
         "BIFF: Bangsamoro Islamic Freedom Fighters"),
    ],
)
def test_acled_classes_a_named_armed_group_keeps_its_name(text: str, actor1: str, pipeline: Pipeline) -> None:
    doc = extract(text, published=PUBLISHED, pipeline=pipeline)
    event = pick_event(doc)
    assert event is not None and event.acled is not None
    assert event.acled.actor1 == actor1


def test_acled_classes_a_named_group_stops_naming_at_its_until_year() -> None:
    from sitreport.acled import AcledTable

    classes = AcledTable.load().classes
    assert classes.named_group("Taliban fighters", 2019) is not None
    assert classes.named_group("Taliban fighters", 2023) is None
    assert classes.named_group("a panpa village", 2019) is None  # whole words only


def test_acled_classes_every_named_group_is_an_actor_the_actors_stage_finds() -> None:
    """A group ACLED names by its name is coded only when the actors stage sees it as an
    actor: each alias of acled_actors.yaml, written as a report writes it, is an organisation
    of actors.yaml."""
    from importlib import resources

    from sitreport.fastyaml import safe_load
    from sitreport.lexicon import ActorLexicon
    from sitreport.stages.actors import _longest_match

    lexicon = ActorLexicon.load()
    text = (resources.files("sitreport") / "resources" / "acled_actors.yaml").read_text(encoding="utf-8")
    unknown = [
        alias
        for spec in safe_load(text)["named_groups"].values()
        for alias in spec["aliases"]
        if not any(
            _longest_match(form, lexicon.organizations, lexicon.org_starts)
            for form in (alias, alias.upper(), alias.title(), alias.capitalize())
        )
    ]
    assert unknown == []
