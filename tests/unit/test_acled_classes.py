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
    ("University students held a demonstration in Dhaka and then clashed with the police.", "Riots",
     "Violent demonstration"),
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
    # Armed groups seen, on the move or arriving somewhere: a change to their activity.
    ("Heavily armed militants were observed near a watering point outside Tillia.", "Strategic developments",
     "Change to group/activity"),
    ("A large group of armed bandits arrived in the village of Dan Issa on motorcycles.", "Strategic developments",
     "Change to group/activity"),
    # Unarmed people named by what they were doing ("passersby"), and a vehicle seized with
    # its passengers.
    ("Cattle herders wounded four passersby with machetes near Kandi.", "Violence against civilians", "Attack"),
    ("Armed bandits hijacked a minibus on the road out of Kaya.", "Violence against civilians",
     "Abduction/forced disappearance"),
    # An attack by people the words call an armed group, nobody named on the other side.
    ("Clan militiamen attacked Bulo Burte at dawn.", "Battles", "Armed clash"),
    # Someone arrested with explosives: a weapon taken out of use.
    ("Police in Garissa arrested two men carrying a roadside bomb in a sack.", "Strategic developments",
     "Disrupted weapons use"),
    # The dead of a clash nobody tells as crowds or forces: both sides fought.
    ("Eleven people were killed amid intercommunal clashes between two clans near Beledweyne.", "Battles",
     "Armed clash"),
    # A strike a workforce holds is a stoppage, not an attack.
    ("Dock workers observed a strike at the port of Tema over unpaid bonuses.", "Protests", "Peaceful protest"),
    ("Nurses staged a strike at the district hospital in Kasese.", "Protests", "Peaceful protest"),
    # A protest told to turn violent, in its own sentence or the next.
    ("The market women's march in Kumasi turned violent near the district office.", "Riots",
     "Violent demonstration"),
    ("A sit-in by nurses outside the hospital in Tamale degenerated into scuffles with guards.", "Riots",
     "Violent demonstration"),
    ("Farmers rallied in Nakuru over maize prices. The rally later escalated into running battles.", "Riots",
     "Violent demonstration"),
    ("Traders staged a march in Accra. The march turned into a celebration of the new market.", "Protests",
     "Peaceful protest"),
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
    # A clash between state forces and an unarmed crowd is the crowd's riot, however the two
    # sides are worded: named together, the crowd as the other side, at a protest or not.
    ("Police and traders clashed at the bus park in Owerri after a vendor died in custody.", "Riots",
     "Mob violence"),
    ("Soldiers clashed with villagers who were guarding their farmland near Magway.", "Riots", "Mob violence"),
    ("Police clashed with demonstrators in Bukavu who were protesting against the eviction of traders.", "Riots",
     "Violent demonstration"),
    # ... but soldiers and rebels who clash fight a battle, whoever else died.
    ("Soldiers and rebels clashed near Beni, killing three civilians.", "Battles", "Armed clash"),
    ("Police clashed with gunmen in Kaduna.", "Battles", "Armed clash"),
    # Rival groups nobody calls armed fight as crowds.
    ("Two factions of the ruling party engaged in a clash in Feni over a market lease, injuring six people.",
     "Riots", "Mob violence"),
    ("An opposition ward leader died in Bogura when his supporters clashed with rivals.", "Riots", "Mob violence"),
    # A riot the forces act on stays a riot; people the words call rioters riot.
    ("Inmates rioted at the central prison in Kisumu, and guards shot two of them dead.", "Riots",
     "Violent demonstration"),
    ("Rioters protested in Koudougou over the death of a student.", "Riots", "Violent demonstration"),
    # A crowd burning tyres or barricades; followers of an official are a crowd, not the state.
    ("Youths burned tyres at the main junction in Kisumu.", "Riots", "Violent demonstration"),
    ("Supporters of the district governor burned tyres and blocked the main road in Beledweyne.", "Riots",
     "Violent demonstration"),
    # People gathering to press a demand.
    ("Hundreds of workers gathered outside the labour ministry in Yangon to demand unpaid wages.", "Protests",
     "Peaceful protest"),
    ("About 200 residents gathered in front of the governor's office in Bunia, demanding the removal of the mayor.",
     "Protests", "Peaceful protest"),
    ("Villagers gathered outside the district office in protest over the land seizure in Sagaing.", "Protests",
     "Peaceful protest"),
    # An attack that armed men answered is a battle; two communities' violence too.
    ("Gunmen attacked the village of Dogo but were repelled by soldiers.", "Battles", "Armed clash"),
    ("Bandits attacked the village of Dogo and soldiers fought back.", "Battles", "Armed clash"),
    ("Ten people were killed amid intercommunal violence between two clans in Galkayo.", "Battles", "Armed clash"),
    # Armed men against a place where civilians are; an assassination of someone not fighting.
    ("Gunmen attacked a restaurant in Ouagadougou, killing four.", "Violence against civilians", "Attack"),
    ("The mayor of Sibe was assassinated by suspected militants.", "Violence against civilians", "Attack"),
    ("Insurgents assassinated a police commander in Kandahar.", "Battles", "Armed clash"),
    ("Gunmen slit the throat of a farmer in Noma.", "Violence against civilians", "Attack"),
    ("An assassination attempt was made on a human rights lawyer in Cotonou.", "Violence against civilians",
     "Attack"),
    # Goods and animals taken with nobody harmed.
    ("Armed men stole forty goats from herders near Kaya.", "Strategic developments",
     "Looting/property destruction"),
    # Armed men seen or on the move, fighters changing sides or laying down arms, forces set
    # up, and security measures: changes to a group's activity.
    ("Suspected Al Shabaab fighters were spotted near the village of Bula Hawo.", "Strategic developments",
     "Change to group/activity"),
    ("Twelve soldiers switched sides and joined the rebels in Kidal.", "Strategic developments",
     "Change to group/activity"),
    ("Some 300 militiamen laid down their arms in Bunia.", "Strategic developments", "Change to group/activity"),
    ("The army established a joint task force in Negros.", "Strategic developments", "Change to group/activity"),
    ("The governor imposed a curfew on the town of Abeche.", "Strategic developments", "Change to group/activity"),
    ("Martial law was imposed on the province of Maguindanao.", "Strategic developments",
     "Change to group/activity"),
    ("The government armed local vigilantes in Zamfara.", "Strategic developments", "Change to group/activity"),
    # Men "armed with" or "equipped with" weapons are described, not armed by anyone.
    ("A dozen men equipped with whips beat a suspected thief in Am Timan.", "Riots", "Mob violence"),
    # Taking part in a protest, chanting slogans, protesters' demands.
    ("Hundreds of nurses took part in a rally outside the health ministry in Kathmandu.", "Protests",
     "Peaceful protest"),
    ("On 5 May, hundreds of teachers participated in a march in Pokhara to demand unpaid salaries.", "Protests",
     "Peaceful protest"),
    ("Students chanted slogans against the vice chancellor outside the campus in Dhaka.", "Protests",
     "Peaceful protest"),
    ("Protesters in Mombasa demanded the release of the detained activist.", "Protests", "Peaceful protest"),
    # The gravest of what was done at once stands for the incident: a crowd's beating for its
    # wrecking, armed men's killing or rape for their raid or looting.
    ("Youths vandalised the party office and beat two staff members in Feni.", "Riots", "Mob violence"),
    ("Rebels raided the village of Katsiru, shooting a young man dead.", "Violence against civilians", "Attack"),
    ("Armed men looted shops and raped two women in Wamba.", "Violence against civilians", "Sexual violence"),
    # ... and an attack on a place that only looted it, with nobody harmed, is the looting.
    ("Suspected bandits invaded the village of Kadobe and stole cattle.", "Strategic developments",
     "Looting/property destruction"),
    ("Gunmen attacked the village of Kadobe and killed four farmers.", "Violence against civilians", "Attack"),
    # Sides named by the verb a fight noun is the subject of.
    ("On 3 June 2023, a clash took place between two groups in Madhupur over a pond.", "Riots", "Mob violence"),
    ("Clashes broke out between rioters and police in Koudougou.", "Riots", "Mob violence"),
    ("Fighting erupted between soldiers and rebels near Beni.", "Battles", "Armed clash"),
    # A protest held with fire, and one whose crowd stoned the police the next sentence.
    ("On 5 May 2023, students staged a demonstration by burning tyres and blocking a road in Barisal.", "Riots",
     "Violent demonstration"),
    ("Members of a religious group staged a protest in Zaria. Police were pelted with stones.", "Riots",
     "Violent demonstration"),
    # A past tense the parser reads as a noun's modifier is still the verb.
    ("Members of the Awami League assaulted and injured members of the BNP in Feni town.", "Riots",
     "Mob violence"),
    # Barricades a crowd puts up, at a protest or on their own, are a violent demonstration.
    ("Villagers barricaded the road to the quarry near Kisii to stop the company's lorries.", "Riots",
     "Violent demonstration"),
    ("Hundreds of traders marched through Kisii against the new levy. They barricaded the main road with logs.",
     "Riots", "Violent demonstration"),
    # Security measures: a border closed, a quarantine imposed.
    ("The government of Niger closed its border with Benin after a string of raids.", "Strategic developments",
     "Change to group/activity"),
    ("Authorities in Iloilo imposed a two-week quarantine on the port district.", "Strategic developments",
     "Change to group/activity"),
]


@pytest.mark.parametrize(("text", "event_type", "sub_event_type"), CASES)
def test_acled_classes_code_by_who_acts_on_whom(
    text: str, event_type: str, sub_event_type: str, pipeline: Pipeline
) -> None:
    assert coded(text, pipeline) == (event_type, sub_event_type)


@pytest.mark.parametrize(
    "text",
    [
        "A police officer was seen drinking in the market in Kano.",  # nobody armed on the move
        "The minister arrived in Goma on Monday.",  # an official is no armed group
        "Teachers gathered in the hall for the annual prize-giving.",  # a gathering with no demand
        "Mourners gathered at the cemetery in Kano on Friday.",
        "Shops closed early in the main market of Kano on Friday.",  # nothing closed to movement
        "Two police officers arrived at the market in Kano after the quarrel.",  # forces' journey: narrative
    ],
)
def test_acled_classes_what_is_no_conflict_event(text: str, pipeline: Pipeline) -> None:
    assert coded(text, pipeline) is None


def test_acled_classes_a_crowd_unplaced_takes_the_country_its_actors_name(pipeline: Pipeline) -> None:
    """No place resolved: the crowd and the unnamed attackers are of the country the other
    actors belong to ("Kenyan police"), not of no country."""
    doc = extract("Kenyan police and traders clashed at the bus park.", published=PUBLISHED, pipeline=pipeline)
    event = pick_event(doc)
    assert event is not None and event.acled is not None
    assert event.acled.actor1 == "Rioters (Kenya)"


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
        # An attack with no attacker of its own is by the one named group the report names
        # beside it: who claimed it or is suspected.
        ("A mine exploded under a police pickup near Djibo, wounding four officers. JNIM claimed the attack.",
         "JNIM: Group for Support of Islam and Muslims"),
        ("A patrol was ambushed outside Baidoa at dawn; the assailants were thought to be Al Shabaab fighters.",
         "Al Shabaab"),
    ],
)
def test_acled_classes_a_named_armed_group_keeps_its_name(text: str, actor1: str, pipeline: Pipeline) -> None:
    doc = extract(text, published=PUBLISHED, pipeline=pipeline)
    event = pick_event(doc)
    assert event is not None and event.acled is not None
    assert event.acled.actor1 == actor1


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # Away from its home the words name a namesake or a branch, named with the country.
        ("Islamic State militants ambushed a police convoy near Jalalabad.", "Islamic State (Afghanistan)"),
        ("Al Shabaab insurgents raided a village near Mocimboa da Praia.", "Al Shabaab (Mozambique)"),
        # A branch ACLED names on its own where it fights.
        ("Islamic State fighters ambushed a patrol near Bosaso.", "Islamic State Somalia Province"),
        # At home, the name alone.
        ("Al Shabaab militants ambushed a convoy near Garissa.", "Al Shabaab"),
    ],
)
def test_acled_classes_a_named_group_abroad_is_named_with_the_country(
    text: str, actor1: str, pipeline: Pipeline
) -> None:
    doc = extract(text, published=PUBLISHED, pipeline=pipeline)
    event = pick_event(doc)
    assert event is not None and event.acled is not None
    assert event.acled.actor1 == actor1


@pytest.mark.parametrize(
    "text",
    [
        "Rebels shot dead a retired army colonel at his farm near Kananga.",
        "Gunmen killed an off-duty police officer outside a bar in Kisumu.",
        "Militants beheaded an ex-soldier in a village near Palma.",
    ],
)
def test_acled_classes_forces_off_duty_harmed_are_civilians(text: str, pipeline: Pipeline) -> None:
    """A member of the forces who no longer serves or was not on duty is a civilian when
    harmed: violence against civilians, not a battle."""
    assert coded(text, pipeline) == ("Violence against civilians", "Attack")


def test_acled_classes_off_duty_words_are_whole_words_or_prefixes() -> None:
    from sitreport.acled import AcledTable

    classes = AcledTable.load().classes
    assert classes.is_off_duty("a former soldier") and classes.is_off_duty("an ex-rebel")
    assert not classes.is_off_duty("soldiers on patrol") and not classes.is_off_duty("an exiled general")


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


def test_acled_classes_a_security_measure_is_the_governments(pipeline: Pipeline) -> None:
    """A state that imposes a measure does so as its government, not its armed forces."""
    doc = extract("The government of Niger closed its border with Benin on Monday.", published=PUBLISHED,
                  pipeline=pipeline)
    event = pick_event(doc)
    assert event is not None and event.acled is not None
    assert event.acled.actor1 is not None and event.acled.actor1.startswith("Government of Niger")


@pytest.mark.parametrize(
    "text",
    [
        "Four Al Shabaab fighters were wounded in an air strike near Jilib.",
        "On 4 May 2023, the army fired artillery rounds at suspected Al Shabaab positions near Jilib.",
    ],
)
def test_acled_classes_a_named_group_harmed_is_not_the_attacker(text: str, pipeline: Pipeline) -> None:
    doc = extract(text, published=PUBLISHED, pipeline=pipeline)
    event = pick_event(doc)
    assert event is not None and event.acled is not None
    assert event.acled.actor1 != "Al Shabaab"
