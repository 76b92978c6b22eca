"""Lexicon coverage and precision discipline of the coder, on sentences we wrote in news style."""

import pytest

from conftest import countries, only

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text, event_type, cameo", [
    ("Jordanian intelligence officers shared evidence with Iraqi investigators about the smuggling network.",
     "COOPERATE", "064"),
    ("Egypt has strengthened its forces along the border with Libya, military sources said.", "MOBILIZE", "154"),
    ("Kenyan troops remained on alert in Mandera county after the raid.", "MOBILIZE", "151"),
    ("Somali soldiers engaged al-Shabaab fighters in a firefight near Afgooye on Sunday.", "ASSAULT", "193"),
    ("Police in Harare prevented a march by opposition supporters on Saturday.", "COERCE", "172"),
    ("Belarusian police sexually abused detained protesters, a rights group said.", "ASSAULT", "182"),
    ("The Moldovan parliament cancelled restrictions on foreign broadcasters.", "CONCEDE", "081"),
    ("Ghana supplied rifles and ammunition to Togolese border guards.", "AID", "070"),
    ("Peruvian officials have been pressuring striking miners to return to work.", "REQUEST", "100"),
    ("A court in Lima indicted the former interior minister for abuse of office.", "ACCUSE", "112"),
    ("The president reneged on his commitment to the opposition alliance.", "REJECT", "120"),
])
def test_verbs_and_nouns_of_every_kind(code, text, event_type, cameo):
    e = only(code(text), event_type)
    assert e.cameo_code == cameo


def test_sworn_to_fight_is_a_threat(code):
    e = only(code("Tuareg rebels have sworn to fight until the army leaves the north, a spokesman said."))
    assert e.event_type == "THREATEN" and e.mode == "violence"


def test_a_relative_clause_describing_a_participant_is_no_second_event(code):
    events = code("Sudan handed back a cargo plane that was seized by its navy last month, officials said.")
    assert [e.event_type for e in events] == ["RETREAT"]
    events = code("Chad agreed to extradite two men suspected of bombing a market in N'Djamena.")
    assert [e.event_type for e in events] == ["AGREE"]


def test_a_weak_second_event_gives_way_to_the_sentence_news(code):
    events = code("Norway pledged to send field hospitals to Mali, which it said would ease the way to peace talks.")
    assert [e.event_type for e in events] == ["AGREE"]


def test_a_denied_accusation_is_a_statement_not_an_event(code):
    assert code("Rwanda's government on Monday rejected accusations that its troops had shelled villages in North Kivu.") == []
    assert code("The defence minister denied charges by opposition lawmakers that the army tortured detainees.") == []


def test_agreeing_with_an_opinion_is_no_agreement(code):
    assert code("Two senators said they agree with the ruling that the ban should stay in place.") == []
    e = only(code("Armenia and Azerbaijan agreed on Tuesday to exchange prisoners of war."))
    assert e.event_type == "AGREE"


def test_an_event_noun_that_is_the_topic_of_a_feeling_is_no_event(code):
    assert code("The foreign minister expressed pessimism about the chances of a peace deal this year.") == []
    assert code("The king sent his condolences over the bombing of the mosque.") == []


def test_who_acts_changes_the_act(code):
    e = only(code("Israeli troops on Friday reimposed blockades on three villages near Nablus."))
    assert e.event_type == "COERCE" and e.cameo_code == "172"
    e = only(code("Protesters blocked the main highway into Lagos on Monday."))
    assert e.event_type == "PROTEST" and e.mode == "obstruct"
    e = only(code("Greek and Cypriot warships on Monday began five days of naval drills off Crete."))
    assert e.event_type == "COOPERATE" and sorted(countries(e.actors)) == ["CYP", "GRC"]


def test_guilty_of_an_act_names_its_doer_and_outcomes_join_the_attack(code):
    e = only(code("Both the army and the rebels are guilty of violating the truce, monitors said."))
    assert e.event_type == "ASSAULT" and len(e.actors) == 2
    e = only(code("Government forces launched artillery, mortar and rocket fire against rebel camps, killing or wounding 40."))
    assert e.event_type == "ASSAULT" and e.mode == "heavy-weapons"


@pytest.mark.parametrize("text, cameo", [
    ("Jihadist fighters overran an army outpost in Tillaberi region on Sunday.", "190"),
    ("Kurdish-led forces captured three villages from Islamic State militants near Hajin.", "192"),
    ("Border guards exchanged fire with smugglers near the Algerian frontier.", "193"),
    ("A roadside device detonated near a police patrol in Helmand, wounding two officers.", "183"),
])
def test_battlefield_verbs(code, text, cameo):
    e = only(code(text), "ASSAULT")
    assert e.cameo_code == cameo


def test_both_sides_of_a_clash_are_actors(code):
    e = only(code("Clashes between soldiers and rebels broke out near Bunia on Thursday."), "ASSAULT")
    assert sorted(a.sector for a in e.actors) == ["MIL", "REB"]


def test_received_from_makes_the_giver_the_actor(code):
    e = only(code("Somali forces received armoured vehicles from Turkey on Monday."), "AID")
    assert countries(e.actors) == ["TUR"] and countries(e.recipients) == ["SOM"]


@pytest.mark.parametrize("text, event_type", [
    ("Militants stormed a checkpoint &gt;&gt; in Bauchi on Monday, killing two guards.", "ASSAULT"),
    ("The navy shelled <<< separatist positions >>> near Donetsk on Tuesday.", "ASSAULT"),
    ("Police arrested && dozens of students || in Dhaka on Friday.", "COERCE"),
])
def test_markup_of_scraped_text_is_never_an_argument(code, text, event_type):
    e = only(code(text), event_type)
    for a in e.actors + e.recipients:
        assert a.text and not any(ch in a.text for ch in "<>&;|"), a


def test_an_unnamed_attacker_takes_no_place_name_as_its_text(code):
    e = only(code("Two aid workers were shot dead in Kismayo on Thursday."), "ASSAULT")
    unknown = [a for a in e.actors if a.sector == "UAF"]
    assert unknown and unknown[0].country == "SOM" and unknown[0].how.startswith("place:")
    assert "Kismayo" not in unknown[0].text and e.location.text == "Kismayo"
