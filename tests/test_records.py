import json

from whimbrel.records import Actor, Attribution, Event, EventDate, Evidence, Size, stable_id, to_dict


def make_event(**kw):
    base = dict(
        event_id="e1", article_id="a1", sentence_index=2,
        evidence=Evidence("Troops shelled the town.", 10, "shelled", 17, 24, "verb:shell"),
        event_type="ASSAULT", mode="heavy-weapons", cameo_code="194", cameo_root="19", goldstein=-10.0, quad_class=4,
        actors=(Actor("Troops", 10, 16, country="UKR", sector="MIL", code="UKRMIL"),),
        date=EventDate("2024-03-12", "day", "Tuesday"),
        attribution=Attribution("a local official", Actor("a local official", 40, 56, country="UNK"), True, "reported"),
    )
    base.update(kw)
    return Event(**base)


def test_event_serialises_with_contract_field_names():
    data = to_dict(make_event())
    for key in ("event_id", "article_id", "sentence_index", "evidence", "event_type", "mode", "contexts", "cameo_code",
                "cameo_root", "goldstein", "quad_class", "acled_type", "acled_subtype", "actors", "recipients",
                "location", "date", "size", "attribution", "modality", "confidence", "mentions"):
        assert key in data
    assert data["evidence"]["trigger_start"] == 17 and data["actors"][0]["code"] == "UKRMIL"
    assert data["size"] == {"dead": None, "injured": None, "arrested": None, "participants": None, "abducted": None,
                            "approximate": [], "text": []}
    json.dumps(data)  # plain JSON types only


def test_event_round_trips_through_dict():
    e = make_event(size=Size(dead=3, participants=24, approximate=("participants",), text=("dozens of students",)))
    assert Event.from_dict(json.loads(json.dumps(to_dict(e)))) == e


def test_stable_id_is_deterministic_and_distinguishes_parts():
    assert stable_id("a", 1) == stable_id("a", 1)
    assert stable_id("a", 1) != stable_id("a1")
