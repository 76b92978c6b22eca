"""Casualty, arrest and crowd counts attached to their events (our own sentences)."""

import pytest

from conftest import only

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text,field,value,approx", [
    ("Government troops killed 12 rebels near Kidal on Monday.", "dead", 12, False),
    ("Three soldiers were killed by a roadside bomb near Kandahar.", "dead", 3, False),
    ("An airstrike hit a market, killing twenty-five civilians.", "dead", 25, False),
    ("Shelling of the town killed four people and wounded at least 11.", "injured", 11, False),
    ("Police arrested dozens of protesters in Nairobi.", "arrested", 24, True),
    ("Thousands of students marched through Bogota on Friday.", "participants", 2000, True),
    ("Some 5,000 protesters rallied outside parliament in Tbilisi.", "participants", 5000, False),
    ("15 killed in mortar fire on Jisr al-Shughur outskirts", "dead", 15, False),
    ("Gunmen killed a village chief in Zamfara state.", "dead", 1, False),
    ("Police fatally shot two men after a car chase in Fresno.", "dead", 2, False),
    ("A shopkeeper was fatally stabbed during a robbery in Leeds.", "dead", 1, False),
    ("Four policemen and 11 bandits were killed in a gunfight near Gusau.", "dead", 15, False),
    ("Insurgents killed a teacher and three pupils in a raid on a school in Borno.", "dead", 4, False),
])
def test_counts_attach_to_their_event(code, text, field, value, approx):
    events = [e for e in code(text) if getattr(e.size, field) is not None]
    e = only(events)
    assert getattr(e.size, field) == value
    assert (field in e.size.approximate) is approx and e.size.text


def test_no_casualties_is_zero_and_competing_numbers_stay_with_their_event(code):
    e = only(code("Insurgents raided a police post in Yobe, but there were no casualties."), "ASSAULT")
    assert e.size.dead == 0 and e.size.injured == 0
    events = code("Rebels shelled the town, killing 8 people. Police arrested 30 students in the capital.")
    assert only(events, "ASSAULT").size.dead == 8 and only(events, "ASSAULT").size.arrested is None
    assert only(events, "COERCE").size.arrested == 30


def test_number_words_and_figures_parse():
    import spacy

    from whimbrel.counts import parse_number

    nlp = spacy.blank("en")
    for text, value in [("1,500", 1500), ("twenty-five", 25), ("three hundred", 300), ("2.5 million", 2_500_000),
                        ("12", 12), ("one hundred and twenty", 120)]:
        assert parse_number(list(nlp(text))) == value, text


def test_tens_of_thousands_and_user_count_words(code, tmp_path):
    e = only(code("Tens of thousands of people rallied in Tbilisi on Sunday."))
    assert e.size.participants == 20000 and "participants" in e.size.approximate
    from whimbrel.pipeline import Coder
    from whimbrel.settings import Settings

    extra = tmp_path / "counts.tsv"
    extra.write_text("word\tkind\tfield\tnote\nshoot\tverb\tinjured\tour desk: 'shot' means wounded\n")
    mine = Coder(Settings(lexicon_files=(str(extra),)))
    s = only(mine.code("Soldiers shot five protesters in Lagos on Monday."))
    assert s.size.injured == 5


@pytest.mark.parametrize("text,field,value,low,high,approx", [
    ("Security forces killed at least twelve protesters in Khartoum on Saturday.", "dead", 12, 12, None, False),
    ("Israeli strikes killed more than 40 Palestinians in Gaza on Tuesday, health officials said.", "dead", 40, 41, None,
     False),
    ("Up to 300 people were arrested in Moscow on Saturday, a monitoring group said.", "arrested", 300, None, 300, False),
    ("Nearly 50 people were wounded in the blast in Quetta, officials said.", "injured", 50, None, 49, False),
    ("Scores of people were killed in fighting between the army and rebels in Darfur.", "dead", 40, 40, 99, True),
    ("Police detained scores of opposition supporters in Kampala.", "arrested", 40, 40, 99, True),
    ("Dozens of civilians were wounded when shells hit a market in Donetsk.", "injured", 24, 24, 99, True),
    ("Hundreds of protesters marched through Kampala on Monday.", "participants", 200, 200, 999, True),
    ("Gunmen shot dead three policemen in Quetta.", "dead", 3, None, None, False),
    ("Fighting displaced about 5,000 families in North Kivu, the UN said.", "displaced", 5000, None, None, False),
])
def test_each_figure_is_a_claim_with_its_range(code, text, field, value, low, high, approx):
    claims = [c for e in code(text) for c in e.claims if c.field == field]
    assert len(claims) == 1, claims
    c = claims[0]
    assert (c.value, c.low, c.high, c.approximate) == (value, low, high, approx) and c.text


def test_zero_counts_need_a_casualty_word(code):
    e = only(code("Nobody was hurt in the attack on the embassy in Kabul."))
    assert (e.size.dead, e.size.injured) == (0, 0)  # nobody hurt: nobody killed either
    killed = [e for e in code("No one was killed when gunmen attacked a bus near Kandahar.") if e.size.dead is not None]
    assert killed and all(e.size.dead == 0 and e.size.injured is None for e in killed)
    quiet = only(code("Gunmen attacked a checkpoint in Mosul on Sunday, and no one claimed responsibility."))
    assert quiet.size.dead is None and quiet.attribution.text is None
    unknown = only(code("Officials had no immediate reports of casualties from the mortar strike on the airfield."))
    assert unknown.size.dead is None  # no report is not a zero


def test_a_count_goes_to_the_nearest_event_that_governs_it(code):
    events = code("A suicide bomber killed 14 people at a checkpoint in Mogadishu, and police arrested two suspects.")
    assert only(events, "ASSAULT").size.dead == 14 and only(events, "ASSAULT").size.arrested is None
    assert only(events, "COERCE").size.arrested == 2


def test_a_figure_larger_than_any_crowd_is_no_count(code):
    e = only(code("Some 4.5 billion people protested against the tax in 40 countries, organisers said."))
    assert e.size.participants is None and not e.claims


def test_a_total_with_its_parts_and_a_figure_for_two_kinds(code):
    # The parts after "including" are inside the total, not added to it; a figure told for the
    # killed and the wounded together is neither's own; a misparsed event noun is no victim.
    def dead(text):
        return [(e.size.dead, e.size.injured) for e in code(text) if e.event_type == "ASSAULT"]

    assert dead("62 were killed yesterday including 21 members of the regime forces and 15 other civilians.") == [(62, None)]
    assert dead("135, including 32 civilians, were killed in seven days of fighting in the truce areas.") == [(135, None)]
    assert dead("About 25 people were killed and wounded in airstrikes on al-Bokamal.") == [(None, None)]
    assert dead("Airstrikes kill 3 women in the countryside of Deir Ezzor and an explosion in Maarrat city.") == [(3, None)]
    assert dead("Five people were killed and 12 wounded in a bombing in Kabul.") == [(5, 12)]
    assert dead("The blast killed two hundred and fifty people in Kabul.") == [(250, None)]
    # a range is not a sum: its first number ("between 20 and 30")
    assert dead("Between 20 and 30 people were killed in the attack on Jos.") == [(20, None)]
    assert dead("Between 20 - 30 people were killed in the attack on Jos, police said.") == [(20, None)]
    assert dead("Gunmen killed 40 to 50 villagers near Jos, witnesses said.") == [(40, None)]
    assert dead("Three people were killed and 5 wounded in Kano.") == [(3, 5)]


def test_a_number_on_a_singular_possessor_counts_what_it_owns(code):
    e = only(code("Two sheriff's deputies in Maricopa County were wounded Saturday in a shootout with a suspect."))
    assert e.size.injured == 2
    e = only(code("Gunmen killed the governor's two bodyguards in Kano."))
    assert e.size.dead == 2


def test_an_unknown_number_is_no_figure(code):
    def dead(text):
        return [e.size.dead for e in code(text) if e.event_type == "ASSAULT"]

    assert dead("Fano militia fighters ambushed soldiers near Debre Markos, killing an unknown number of soldiers.") == [None]
    assert dead("Gunmen killed a number of villagers near Jos.") == [None]
    assert dead("Gunmen killed a village chief near Jos.") == [1]


def test_an_unknown_person_is_still_one(code):
    assert [e.size.dead for e in code("Security forces killed an unknown gunman in Mombasa.")] == [1]


def test_the_victims_of_a_casualty_verb_are_no_crowd(code):
    # the parser hangs 'killing' on 'break up protests': the six dead are not the protest's participants
    events = code("Congolese police fired live rounds and tear gas on Sunday to break up protests by Catholic "
                  "worshippers against President Joseph Kabila, killing at least six people, the United Nations said.")
    assert only(events, "PROTEST").size.participants is None
    assert [e.size.dead for e in events if e.event_type == "ASSAULT"] == [6]
    assert only(code("Some 5,000 protesters rallied outside parliament in Tbilisi.")).size.participants == 5000
