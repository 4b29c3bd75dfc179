"""ACLED coding of PLOVER events: a projection of each finished event.

    table       resources/acled.yaml read and checked: rules, sub-event types, inter codes, names
    match       which rule codes an event, from its fields
    naming      ACLED's actor names and inter codes
    coding      the coding of one event, and one coding per cluster and place
    precision   ACLED's geo_precision and time_precision

`AcledTable.load()` reads the table once and the caller passes it on (to `code_event`,
`AcledStage`, the CSV writer), so nothing is cached at module level.
"""

from __future__ import annotations

from sitreport.acled.coding import code_event, code_events, happened, is_report, one_per_cluster
from sitreport.acled.match import match_rule
from sitreport.acled.naming import acled_country_name, interaction
from sitreport.acled.precision import geo_precision, time_precision
from sitreport.acled.table import AcledTable, Condition, Rule

__all__ = [
    "AcledTable",
    "Condition",
    "Rule",
    "acled_country_name",
    "code_event",
    "code_events",
    "geo_precision",
    "happened",
    "interaction",
    "is_report",
    "match_rule",
    "one_per_cluster",
    "time_precision",
]
