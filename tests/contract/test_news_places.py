"""Where an event happened, on sentences written for the test, through the whole pipeline."""

from __future__ import annotations

from news import event

from sitreport.pipeline import Pipeline


def test_a_country_naming_an_actor_does_not_locate_the_event_beside_a_named_state(pipeline: Pipeline) -> None:
    # "the Myanmar army" says whose the soldiers are; the opening phrase says where.
    body = "On 4 May 2021, in Magway Region, clashes between the Myanmar army and a local militia broke out."
    location = event(pipeline, body, "clashes")["location"]
    assert (location["country"], location["admin1"]) == ("MMR", "Magway")


def test_the_towns_a_road_is_named_by_yield_to_the_place_of_the_event_on_it(pipeline: Pipeline) -> None:
    body = "On 3 March 2024, drivers blocked the Dhaka - Sylhet highway at Bhairab upazila (Kishoreganj, Dhaka)."
    location = event(pipeline, body, "blocked")["location"]
    assert location["admin1"] == "Dhaka"
    assert location["text"] == "Bhairab upazila"
