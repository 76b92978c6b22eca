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


def test_competing_claims_stay_separate_values_with_their_sources():
    from whimbrel.records import Attribution, Claim, Size

    aamaq = Attribution("Aamaq", Actor("Aamaq", 0, 5, country="IMG", sector="JRN"), False, "claimed")
    army = Attribution("the army", Actor("the army", 0, 8, country="SYR", sector="MIL"), False, "reported")
    a = make_event(sentence_index=1, size=Size(dead=100, text=("100 soldiers",)), attribution=aamaq,
                   claims=(Claim("dead", 100, text="100 soldiers", source="Aamaq", stance="claimed"),))
    b = replace(make_event(sentence_index=5), event_id="e2", attribution=army,
                size=Size(dead=12, injured=30, text=("12 soldiers", "30")))  # no claims: derived from its size
    merged = only_one(merge_mentions([a, b]))
    got = sorted((c.field, c.value, c.source, c.stance) for c in merged.claims)
    assert got == [("dead", 12, "the army", "reported"), ("dead", 100, "Aamaq", "claimed"),
                   ("injured", 30, "the army", "reported")]
    # the headline takes each field from the best-placed source (reported beats claimed), never an average
    assert (merged.size.dead, merged.size.injured) == (12, 30)
    assert merged.other_mentions[0].size.dead == 12 and merged.attribution.text == "Aamaq"


def test_the_same_figure_from_the_same_source_is_one_claim():
    from whimbrel.records import Size

    a = make_event(sentence_index=1, size=Size(dead=4))
    b = replace(a, event_id="e2", sentence_index=3)
    merged = only_one(merge_mentions([a, b]))
    assert len(merged.claims) == 1 and merged.claims[0].value == 4 and merged.mentions == 2


def only_one(events):
    assert len(events) == 1, events
    return events[0]


@pytest.mark.model
def test_an_article_with_two_tellings_and_two_tolls_keeps_both_claims(code):
    text = ("Gunmen attacked a police station in Zamfara state on Tuesday, killing eight officers, the police said.\n\n"
            "Residents said the attack on the police station killed at least 15 people.")
    attacks = [e for e in code(text) if e.event_type == "ASSAULT"]
    e = only_one(attacks)
    assert e.mentions == 2
    figures = sorted((c.value, c.source, c.low) for c in e.claims if c.field == "dead")
    assert figures == [(8, "the police", None), (15, "Residents", 15)]


def test_two_towns_far_apart_are_two_events():
    from whimbrel.records import Place

    here = Place("Abeokuta", country="NGA", lat=7.15, lon=3.35, precision="town")
    there = Place("Kaduna", country="NGA", lat=10.52, lon=7.44, precision="town")
    near = Place("Ifo", country="NGA", lat=6.82, lon=3.20, precision="town")  # ~40 km from Abeokuta
    a = make_event(sentence_index=0, location=here)
    assert merge_reason(a, replace(a, event_id="e2", sentence_index=3, location=there)) is None
    assert merge_reason(a, replace(a, event_id="e2", sentence_index=3, location=near)) is not None
    assert merge_reason(a, replace(a, event_id="e2", sentence_index=3, location=near), max_km=20) is None


@pytest.mark.model
def test_the_coder_merges_tellings_within_its_settings_cluster_max_km(coder):
    """Within an article, two towns ~40 km apart are one event under the packaged 50 km and two
    events when the coder's settings say cluster_max_km = 20."""
    text = ("Nigerian troops attacked a militia camp in Abeokuta on Tuesday, the army said. "
            "Nigerian troops attacked a militia camp in Ifo on Tuesday, residents said.")
    packaged = coder.settings
    try:
        found = {}
        for km in (50.0, 20.0):
            coder.settings = replace(packaged, cluster_max_km=km)
            found[km] = [e for e in coder.code(text, published="2024-03-14") if e.event_type == "ASSAULT"]
    finally:
        coder.settings = packaged
    assert [e.mentions for e in found[50.0]] == [2]
    assert sorted(e.location.name for e in found[20.0]) == ["Abeokuta", "Ifo"]


def test_dedup_distance_is_the_gazetteer_distance_and_dedup_loads_no_spacy():
    """dedup keeps its own haversine so the store and the query CLI start without spaCy; it must
    stay the same function as places.haversine_km."""
    import subprocess
    import sys

    from whimbrel import dedup, places

    for a in ((35.33, 40.14, 35.02, 40.45), (7.15, 3.35, 10.52, 7.44), (-33.9, 151.2, 51.5, -0.1), (0, 179.9, 0, -179.9)):
        assert dedup._haversine_km(*a) == places.haversine_km(*a)
    probe = "import sys, whimbrel.dedup, whimbrel.store; print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60).stdout.strip() == "False"
