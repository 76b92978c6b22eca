"""Within-article deduplication: one event per real-world event, with its mentions."""

from dataclasses import replace

import pytest

from whimbrel.dedup import merge_mentions, merge_reason
from whimbrel.records import Actor, EventDate

from test_records import make_event


def actor(country, text="x"):
    return Actor(text, 0, 1, country=country)


def test_same_actor_country_merges_and_keeps_each_mention():
    a = make_event(sentence_index=0, date=EventDate("2024-03-12", "day", "Tuesday"))
    b = replace(make_event(sentence_index=4), event_id="e2", date=EventDate("2024-03-14", "reported"),
                attribution=replace(a.attribution, text="state media", stance="claimed"))
    merged = merge_mentions([a, b])
    assert len(merged) == 1 and merged[0].mentions == 2
    m = merged[0].other_mentions[0]
    assert m.sentence_index == 4 and m.attribution.text == "state media" and "same actor country" in m.reason
    assert merged[0].date.value == "2024-03-12"


def test_different_types_sides_dates_or_modalities_do_not_merge():
    a = make_event(sentence_index=0)
    assert merge_reason(a, replace(a, event_type="ACCUSE")) is None
    assert merge_reason(a, replace(a, actors=(actor("RUS"),))) is None
    assert merge_reason(a, replace(a, date=EventDate("2024-03-01", "day"))) is None
    assert merge_reason(a, replace(a, modality="negated")) is None
    # same victims, another kind of attack: a gunfight is not the air strike
    other = replace(a, actors=(), cameo_code="190", recipients=(actor("SYR"),))
    assert merge_reason(replace(a, recipients=(actor("SYR"),), cameo_code="195"), other) is None


@pytest.mark.model
def test_an_article_telling_one_strike_twice_gives_one_event(coder):
    text = ("Israeli warplanes struck a Hezbollah weapons depot near Nabatieh on Tuesday, the army said.\n\n"
            "Residents said the Israeli strike destroyed two buildings.\n\n"
            "Separately, Lebanese troops arrested three men in Tripoli.")
    events = coder.code(text, published="2024-03-14")
    strikes = [e for e in events if e.event_type == "ASSAULT"]
    assert len(strikes) == 1 and strikes[0].mentions == 2
    assert strikes[0].other_mentions[0].attribution.text == "Residents"
    assert [e.event_type for e in events if e.event_type != "ASSAULT"] == ["COERCE"]


@pytest.mark.model
def test_later_short_mentions_reuse_the_first_resolution(coder):
    text = ("Kenyan Interior Minister Amara Wekesa ordered police to disperse the protesters on Monday.\n\n"
            "On Tuesday, Wekesa banned all marches in the capital.")
    events = coder.code(text, published="2024-03-14")
    later = [e for e in events if e.evidence.trigger == "banned"][0]
    assert later.actors[0].country == "KEN" and later.actors[0].how.startswith("earlier:")
