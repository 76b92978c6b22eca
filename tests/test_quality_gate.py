"""CI quality gate: accuracy on the development data must not fall below the
pinned floors in benchmarks/floors.json (floors only go up)."""

import json
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import devsets  # noqa: E402
import scoring  # noqa: E402
from run import code_in_process  # noqa: E402

pytestmark = pytest.mark.model
FLOORS = json.loads((ROOT / "benchmarks" / "floors.json").read_text())


def _load(reader, *args):
    try:
        return reader(*args)
    except devsets.Missing as exc:
        pytest.skip(str(exc))


def test_plover_gold_records_stay_above_floors(coder):
    items = _load(devsets.plover_gsr)
    s = scoring.score_plover(items, code_in_process(items, coder))
    assert s["type_accuracy"] >= FLOORS["plover_type_accuracy"], s["type_accuracy"]
    assert s["actor_country"]["f1"] >= FLOORS["plover_actor_country_f1"], s["actor_country"]
    assert s["recipient_country"]["f1"] >= FLOORS["plover_recipient_country_f1"], s["recipient_country"]
    assert s["extra_events_per_gold"] <= FLOORS["plover_extra_events_per_gold_max"], s["extra_events_per_gold"]
    assert s["sector_accuracy"] >= FLOORS["plover_sector_accuracy"], (s["sector_accuracy"], s["sector_compared"])


def test_conflibert_quad_class_stays_above_floor(coder):
    items = _load(devsets.conflibert_quad, "test")
    s = scoring.score_quad(items, code_in_process(items, coder))
    assert s["quad_accuracy"] >= FLOORS["conflibert_quad_accuracy"], s


def test_petrarch_real_news_root_recall_stays_above_floor(coder):
    items = _load(devsets.petrarch_gsr)
    s = scoring.score_petrarch(items, code_in_process(items, coder))
    assert s["real_news"]["root_recall"] >= FLOORS["petrarch_real_news_root_recall"], s


def test_geocoding_of_ucdp_headlines_stays_above_floors(coder):
    import places_bench

    if not places_bench.UCDP_FILE.is_file():
        pytest.skip(f"{places_bench.UCDP_FILE} not found: the development data (../shared/data) is not beside this checkout")
    nlp = coder.nlp
    s = places_bench.geocoding(nlp, nlp.get_pipe("whimbrel_places"), sample=FLOORS["ucdp_geocoding_sample"])
    assert s["within_50km"] >= FLOORS["ucdp_within_50km"], s
    assert s["admin1_correct"] >= FLOORS["ucdp_admin1_accuracy"], s
    assert s["country_correct"] >= FLOORS["ucdp_country_accuracy"], s


def test_event_location_stays_above_floors(coder):
    """The first items of Halterman's event-location set (a fixed slice: the whole set takes minutes):
    the place chosen for the annotated verb, on items that have a gold place."""
    import places_bench

    if not places_bench.LOCATION_FILE.is_file():
        pytest.skip(f"{places_bench.LOCATION_FILE} not found: the development data (../shared/data) is not beside this checkout")
    nlp = coder.nlp
    s = places_bench.event_location(nlp, nlp.get_pipe("whimbrel_places"), FLOORS["event_location_items"])
    verb = s["via_verb_items_with_gold"]
    assert verb["precision"] >= FLOORS["event_location_verb_precision"], verb
    assert verb["recall"] >= FLOORS["event_location_verb_recall"], verb
