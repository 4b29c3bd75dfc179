"""ACLED's names and inter codes for the two sides of an event.

ACLED conventions applied here:
- a country named without a sector ("Russia shelled") is its armed forces in armed events,
  its government otherwise; an attack with no attacker named was by an unidentified armed
  group of the country where it happened;
- state forces are "Military Forces of Russia (2000-)", with the regime period of the year,
  coded 1 at home and 8 ("External/Other forces") abroad; police and security services
  with no country named act where the event is;
- `interaction` is the two inter codes as one number, smaller first, and a lone actor's
  code times ten (protesters alone: 60).
"""

from __future__ import annotations

from dataclasses import dataclass

import pycountry

from sitreport.acled.classes import NamedGroup
from sitreport.acled.table import AcledTable
from sitreport.model import Actor, Sector
from sitreport.vocab import PLOVER

_STATE_TEMPLATES = PLOVER.group("state")

def acled_country_name(iso3: str, table: AcledTable) -> str:
    """ACLED's name for a country ("Russia", "United States")."""
    if iso3 in table.country_names:
        return table.country_names[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return str(getattr(country, "common_name", None) or country.name)


def _regime(iso3: str, year: int | None, table: AcledTable) -> str:
    periods = table.regimes.get(iso3)
    if not periods:
        return ""
    chosen = periods[-1]
    if year is not None:
        fitting = [p for p in periods if p[0] <= year and (p[1] is None or year <= p[1])]
        if fitting:
            chosen = max(fitting)
    first, last = chosen
    return f" ({first}-{'' if last is None else last})"


@dataclass(frozen=True)
class Side:
    name: str | None
    inter: int | None
    civilian: bool = False


def name_actor(
    actor: Actor | None,
    *,
    role: str | None,
    unit: str | None,
    default: str | None,
    armed: bool,
    violent: bool,
    year: int | None,
    location: str | None,
    table: AcledTable,
    klass: str | None = None,
) -> Side:
    """ACLED name and inter code of one side (None: nobody is named).

    `armed`: a country named without a sector ("Russia shelled") is its armed forces, not
    its government. `violent`: an attack with no attacker named was by an unidentified
    armed group. `klass`: the side's ACLED class (acled/classes.py), which names a side its
    words describe but no actor codes ("gunmen", "a clan militia", "villagers").
    """
    names = table.actor_names
    if role is not None:
        country = (actor.country if actor else None) or location
        if country is None:
            return Side(role.capitalize(), table.inter_roles[role])
        cname = acled_country_name(country, table)
        return Side(names[role].format(country=cname), table.inter_roles[role])
    if actor is None:
        if default is not None:
            name = default.format(country=acled_country_name(location, table)) if location else default
            return Side(name, table.inter_named.get(default, table.inter_unidentified))
        if klass in ("civilians", "communal"):
            return _unnamed(klass, location, table)
        if not violent and klass != "militia":
            return Side(None, None)
        return _unnamed("militia", location, table)
    group = table.classes.named_group(actor.text, year)
    if group is not None:
        return Side(_group_name(group, location or actor.country, table), table.classes.inter[group.klass])
    if klass in ("civilians", "communal", "militia") and not actor.name and actor.sector not in _STATE_TEMPLATES:
        return _unnamed(klass, actor.country or location, table)
    sector = actor.sector
    if sector is None or (sector is Sector.GOV and armed):
        sector = Sector.MIL if armed else Sector.GOV
    if sector in _STATE_TEMPLATES:
        return _state_side(actor.country, sector, unit, year, location, table)
    country = actor.country or location
    inter = table.inter_sectors.get(sector, table.inter_unidentified)
    country_name = acled_country_name(country, table) if country else None
    if sector in table.civilian_name_sectors:
        if country_name is None:
            return Side("Civilians", inter, civilian=True)
        return Side(names["civilians"].format(country=country_name), inter, civilian=True)
    if sector in table.communal_name_sectors and country_name is not None:
        return Side(names["communal"].format(country=country_name), inter)
    if actor.name:
        return Side(actor.name, inter)
    return _unnamed("militia", country, table)


def _group_name(group: NamedGroup, country: str | None, table: AcledTable) -> str:
    """ACLED's name of a named group where it acted: its branch there, or, away from its home,
    its name with the country ("Al Shabaab (Mozambique)" is no Somali Al Shabaab)."""
    if country is None:
        return group.name
    if country in group.branches:
        return group.branches[country]
    if group.home is not None and country not in group.home:
        return f"{group.name} ({acled_country_name(country, table)})"
    return group.name


def _unnamed(klass: str, country: str | None, table: AcledTable) -> Side:
    """A side named by its class alone: "Civilians (Mali)", "Unidentified Communal Militia
    (Mali)", else "Unidentified Armed Group (Mali)"; without a country, the bare name."""
    names = table.actor_names
    key = {"civilians": "civilians", "communal": "communal"}.get(klass, "unidentified")
    inter = table.classes.inter.get(klass, table.inter_unidentified)
    if country is None:
        bare = {"civilians": "Civilians"}.get(klass, names["unknown_country"])
        return Side(bare, inter, civilian=klass == "civilians")
    cname = acled_country_name(country, table)
    return Side(names[key].format(country=cname), inter, civilian=klass == "civilians")


def _state_side(
    country: str | None,
    sector: str,
    unit: str | None,
    year: int | None,
    location: str | None,
    table: AcledTable,
) -> Side:
    """State forces: "Military Forces of Russia (2000-) Air Force", coded 1 at home, 8 abroad.

    Police and security services with no country named act where the event is, and so do
    armed forces on the ground ("soldiers clashed with militants" at home); from the air they
    stay unidentified ("its fighter jets" may be anyone's).
    """
    names = table.actor_names
    if country is None and (sector in table.domestic_sectors or (sector == "MIL" and unit is None)):
        country = location
    if country is None:
        if sector == "MIL":
            name = names["unknown_military"]
            return Side(name, table.inter_named.get(name, table.inter_external))
        return Side(names["unknown_country"], table.inter_unidentified)
    the = "the " if country in table.with_article else ""
    name = names[sector].format(
        the=the,
        country=acled_country_name(country, table),
        regime=_regime(country, year, table),
    )
    if unit and sector == "MIL":
        name = f"{name} {unit}"
    own = location is None or country == location
    return Side(name, table.inter_state if own else table.inter_external)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: smaller code first; a lone actor's code times ten."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]
