"""Actor resolution, user dictionaries and PETRARCH-format dictionaries."""

from dataclasses import replace

import pytest
from click.testing import CliRunner

from whimbrel.cli import main
from whimbrel.knowledge import is_petrarch_dictionary, read_petrarch_actors
from whimbrel.pipeline import Coder
from whimbrel.settings import Settings

from conftest import only

# Our own small dictionary in the TABARI/PETRARCH format, for an invented country.
PETRARCH_DICT = """<!-- a test dictionary written for whimbrel -->
VALDORIA [VLD]
+VALDORIAN
VALDORIAN_ARMY_ [VLDMIL]
GENERAL_ODRAN_KESS
\t[VLDMIL <20010101]
\t[VLDGOV 20010101 - 20091231]
\t[VLDOPP >20100101]
RED_HAND_BRIGADE [VLDREBRHB] # a militia
"""


def test_petrarch_dictionary_is_read_with_synonyms_stems_and_dated_codes(tmp_path):
    path = tmp_path / "valdoria.actors.txt"
    path.write_text(PETRARCH_DICT)
    assert is_petrarch_dictionary(path)
    rows = {(r["name"], r["code"]): r for r in read_petrarch_actors(path)}
    assert rows[("VALDORIA", "VLD")]["aliases"] == "VALDORIAN" and rows[("VALDORIA", "VLD")]["role"] == "stem"
    assert rows[("VALDORIAN ARMY", "VLDMIL")]["role"] == ""  # a trailing underscore: no stemming
    kess = [r for (n, _), r in rows.items() if n == "GENERAL ODRAN KESS"]
    assert [(r["sector"], r["start"], r["end"]) for r in kess] == [
        ("MIL", "", "2001-01-01"), ("GOV", "2001-01-01", "2009-12-31"), ("OPP", "2010-01-01", "")]
    assert rows[("RED HAND BRIGADE", "VLDREBRHB")]["sector"] == "REB"


@pytest.mark.model
def test_a_petrarch_dictionary_codes_its_actors(tmp_path):
    path = tmp_path / "valdoria.actors.txt"
    path.write_text(PETRARCH_DICT)
    coder = Coder(Settings(actor_files=(str(path),)))
    e = only(coder.code("The Red Hand Brigade attacked Valdorian army posts near the border.", published="2005-05-05"))
    assert e.actors[0].code == "VLDREBRHB" and e.recipients[0].country == "VLD"
    g = only(coder.code("General Odran Kess met Russian diplomats on Monday.", published="2005-05-05"))
    assert g.actors[0].code == "VLDGOV"
    later = only(coder.code("General Odran Kess met Russian diplomats on Monday.", published="2012-05-05"))
    assert later.actors[0].sector == "OPP"


@pytest.mark.model
def test_user_tsv_actor_file_overrides_the_packaged_entry(tmp_path, coder):
    path = tmp_path / "mine.tsv"
    path.write_text("name\taliases\tcountry\tsector\tcode\tsource\n"
                    "Hezbollah\tHizbollah\tLBN\tPTY\tLBNPTY\tour desk treats it as a party\n")
    assert only(coder.code("Hezbollah fighters attacked an army post.")).actors[0].sector == "REB"
    mine = Coder(Settings(actor_files=(str(path),)))
    assert only(mine.code("Hezbollah fighters attacked an army post.")).actors[0].code == "LBNPTY"


@pytest.mark.model
@pytest.mark.parametrize("text,country,sector", [
    ("Syrian government forces", "SYR", "MIL"),
    ("the pro-Assad militia", "SYR", "PRM"),
    ("Defense Secretary James Mattis", "USA", "GOV"),
    ("the Pentagon", "USA", "MIL"),
    ("Islamic State militants", "IMG", "REB"),
    ("Hamas officials", "PSE", "REB"),
    ("the Russian Federation", "RUS", "GOV"),
    ("UN peacekeepers", "IGO", None),
    ("Bosnian Serbs", "BIH", None),  # a people named with another state's adjective
    ("the Albanians of southern Serbia", "SRB", None),  # a people placed where it lives
    ("an anti-Syria journalist", "UNK", "JRN"),  # whom it opposes is not its country
    ("Ethopia", "ETH", None),  # a slip inside a country name
    ("Afganistan's government", "AFG", "GOV"),
    ("the governor of Indiana", "UNK", "GOV"),  # another word, not a slip ("Indian" + a)
    ("Columbia University officials", "UNK", None),  # a real place, not a slip of Colombia
    ("the District of Columbia police", "UNK", "COP"),
    ("the mayor of Granada", "UNK", "GOV"),  # a real city, not a slip of Grenada
    ("Jordon", "UNK", None),  # a name, not a slip of Jordan
    ("Britian's government", "GBR", "GOV"),
    ("President Abdelaziz Bouteflicka", "DZA", "GOV"),  # a slip inside a listed person's surname
    ("Faylaq al-Rahman", "SYR", "REB"),
    ("Hawar Kilis Operations Room", "SYR", "REB"),
    ("Irish nationalist guerrillas", "GBR", "REB"),  # Northern Ireland's nationalists, not the Irish state
    ("Sikh militants", "IND", "REB"),
    ("Inkatha", "ZAF", "PTY"),
])
def test_actors_lookup_resolves_common_news_actors(text, country, sector):
    res = CliRunner().invoke(main, ["actors", "lookup", text, "--date", "2017-05-21"])
    assert res.exit_code == 0, res.output
    assert f"country: {country}" in res.output
    if sector:
        assert f"sector:  {sector}" in res.output


@pytest.mark.model
def test_a_slip_stands_alone_not_inside_a_longer_name(coder, monkeypatch):
    """Without the list of real words, a word inside a multi-word name or tagged as an
    organisation is still never read as a misspelt country."""
    import whimbrel.actors as actors

    monkeypatch.setattr(actors, "_not_misspelt", lambda: frozenset())
    index = actors.ActorIndex()
    doc = coder.nlp("Columbia University said Ethopia and Afganistan signed the deal with Granada Television.")
    words = {t.text: t for t in doc}
    assert index._fuzzy(words["Columbia"]) is None  # inside "Columbia University"
    assert index._fuzzy(words["Granada"]) is None  # inside "Granada Television"
    assert index._fuzzy(words["Ethopia"]).country == "ETH"
    assert index._fuzzy(words["Afganistan"]).country == "AFG"
    assert index._near("columbia")[0].country == "COL"  # the list, not the distance, keeps it apart


def test_real_words_near_a_country_name_are_listed_with_a_source():
    from whimbrel.knowledge import read_table

    rows = read_table("actors/not_misspelt.tsv")
    words = {r["word"] for r in rows}
    assert {"Columbia", "Granada", "Jordon", "Hungry", "Greens"} <= words
    assert all(r["source"] for r in rows)
    assert not words & {"Ethopia", "Afganistan", "Britian"}  # real slips stay correctable


@pytest.mark.model
def test_user_actor_files_in_yaml_and_csv(tmp_path):
    yml = tmp_path / "mine.yaml"
    yml.write_text("- name: Northern Shield Brigade\n  aliases: [NSB, the Shield]\n  country: MLI\n  sector: PRM\n"
                   "  code: MLIPRM\n  source: our desk\n")
    csv = tmp_path / "mine.csv"
    csv.write_text("name,aliases,country,sector,code,source\nRiver Guard,,NER,PRM,NERPRM,our desk\n")
    coder = Coder(Settings(actor_files=(str(yml), str(csv))))
    e = only(coder.code("The Northern Shield Brigade attacked River Guard positions near Menaka."))
    assert e.actors[0].code == "MLIPRM" and e.recipients[0].country == "NER"


@pytest.mark.model
@pytest.mark.parametrize("text,event_type,recipients", [
    ("The foreign ministry demanded that Ethiopia withdraw its troops from the border area.", "REQUEST", ["ETH"]),
    ("Qatar threatened on Monday to cut off gas supplies to Armenia over unpaid bills.", "THREATEN", ["ARM"]),
    ("Thailand warned it would sever diplomatic ties with Peru and Denmark.", "THREATEN", ["DNK", "PER"]),
    ("The rebels refused to allow United Nations aircraft to land at the airport.", "REJECT", ["IGO"]),
    ("Parliament demanded an immediate apology from Moscow.", "REQUEST", ["RUS"]),
])
def test_recipients_in_complement_clauses_and_owners_of_acts(code, text, event_type, recipients):
    """The recipient of an event can sit in its complement clause (the subject of a demanded act,
    the object of a plain verb under a threat or refusal) or own the act named as recipient."""
    from conftest import countries

    e = only(code(text), event_type)
    assert sorted(c for c in countries(e.recipients) if c != "UNK") == recipients


@pytest.mark.model
def test_an_event_in_another_country_with_no_named_recipient_acts_on_that_country(code):
    e = only(code("Serbia lifted the night curfew in Montenegro on Sunday."), "CONCEDE")
    place = [r for r in e.recipients if r.country == "MNE"]
    assert place and place[0].how.startswith("place:") and place[0].sector is None
    # a statement's place says nothing of whom it is about; the actors' own country is no recipient
    accuse = code("Kenya's foreign ministry accused the rebels in Nairobi on Friday of looting aid.")
    assert all(not (r.how or "").startswith("place:") for e in accuse for r in e.recipients)
    home = only(code("Police in Kenya arrested 40 protesters in Nairobi on Friday."), "COERCE")
    assert all(not (r.how or "").startswith("place:") for r in home.recipients)
    # the host of a visit is its recipient; the venue of talks is not a party
    visit = only(code("The Iraqi president arrived in Amman on an unannounced visit on Wednesday."), "CONSULT")
    assert [r.country for r in visit.recipients] == ["JOR"]
    talks = code("Ethiopian and Eritrean negotiators met in Geneva on Monday for talks on the border.")
    assert all(not (r.how or "").startswith("place:") for e in talks for r in e.recipients)


@pytest.mark.model
def test_unnamed_people_in_an_article_about_one_country_get_that_country(code):
    events = code("Syrian government forces shelled the town of Saraqib on Monday. "
                  "The shelling killed seven civilians, residents said.")
    victims = [r for e in events for r in e.recipients if r.sector == "CVL"]
    assert victims and all(r.country == "SYR" for r in victims)


@pytest.mark.model
def test_an_attack_without_a_named_doer_is_coded_to_unidentified_forces_of_the_place(code):
    e = only(code("A roadside bomb killed three soldiers near the town of Baiji on Sunday."), "ASSAULT")
    assert [(a.country, a.sector) for a in e.actors] == [("IRQ", "UAF")] and e.actors[0].how.startswith("place:")
    # a nationality in the sentence is no place: no doer is made up from it
    e2 = only(code("Gunmen killed two French aid workers on Tuesday."), "ASSAULT")
    assert all(a.sector != "UAF" or a.country != "FRA" for a in e2.actors)


@pytest.mark.model
def test_a_protest_is_aimed_at_whom_its_demand_names(code):
    e = only(code("Egyptian demonstrators rioted in Cairo on Friday, demanding the removal of President Hosni Mubarak.",
                  published="2010-05-07"), "PROTEST")
    assert [(r.country, r.sector) for r in e.recipients] == [("EGY", "GOV")]


@pytest.mark.model
def test_an_ethnic_minority_acts_in_the_country_where_the_event_happens(code):
    e = only(code("Croat police shot two ethnic Hungarians in a clash in northern Croatia on Monday."), "ASSAULT")
    assert [(r.country, r.how.split(":")[0]) for r in e.recipients] == [("HRV", "resident")]


@pytest.mark.model
def test_a_protest_noun_reaches_its_demand_through_its_verb(code):
    e = only(code("Thousands of students staged mass demonstrations on Saturday to demand political reforms by "
                  "President Ruto's government."), "PROTEST")
    assert [(r.country, r.sector) for r in e.recipients] == [("KEN", "GOV")]


@pytest.mark.model
def test_a_doer_owned_by_a_pronoun_takes_the_antecedents_country(code):
    e = only(code("Hamas denied that its fighters had attacked the convoy."), "ASSAULT")
    assert [(a.country, a.sector) for a in e.actors] == [("PSE", "REB")] and e.actors[0].how.startswith("possessor:")


@pytest.mark.model
def test_a_pronoun_doer_in_a_later_sentence_takes_the_last_doer(code):
    events = code("Kenyan police fired tear gas at protesters in Nairobi on Monday. They arrested 40 people.")
    arrest = only(events, "COERCE")
    assert [(a.country, a.sector) for a in arrest.actors] == [("KEN", "COP")]
    assert arrest.actors[0].how == "pronoun:Kenyan police"
    visit = code("Defense Secretary James Mattis visited Baghdad on Monday. He met Iraqi officials there.",
                 published="2017-05-21")
    met = [e for e in visit if e.evidence.trigger == "met"]
    assert met and met[0].actors[0].country == "USA" and met[0].actors[0].how.startswith("pronoun:")


@pytest.mark.model
def test_a_threat_is_put_to_whoever_must_act_to_avoid_it(code):
    e = only(code("Iran threatened on Monday to launch a new offensive unless Baghdad accepted its conditions."), "THREATEN")
    assert [r.country for r in e.recipients] == ["IRQ"]


@pytest.mark.model
def test_pro_government_militias_get_the_focus_country(code):
    events = code("Syrian army troops shelled rebel positions near Hama on Monday. "
                  "Pro-government gunmen later attacked the village of Kafr Zita.")
    militia = [a for e in events for a in e.actors if a.sector == "PRM"]
    assert militia and militia[0].country == "SYR" and militia[0].how == "focus:SYR"


@pytest.mark.model
def test_place_fills_follow_the_settings(code):
    """The doer of an attack told without one, and the types whose place is no recipient, are settings."""
    from dataclasses import replace

    from whimbrel.focus import fill_place_attackers, fill_place_recipients

    attack = only(code("A car bomb killed four police officers near Herat on Sunday."), "ASSAULT")
    assert [(a.country, a.sector) for a in attack.actors] == [("AFG", "UAF")]
    bare = replace(attack, actors=())
    assert [(a.country, a.sector) for a in fill_place_attackers([bare])[0].actors] == [("AFG", "UAF")]
    other = fill_place_attackers([bare], Settings(unknown_attacker_sector="INS"))[0]
    assert [(a.country, a.code) for a in other.actors] == [("AFG", "AFGINS")]

    talks = only(code("Brazilian and Japanese diplomats held talks in Vienna on Thursday."), "CONSULT")
    assert talks.recipients == ()  # a venue, not a party
    venue = fill_place_recipients([talks], Settings(place_recipient_skip_types=()))[0]
    assert [(r.country, r.how.split(":")[0]) for r in venue.recipients] == [("AUT", "place")]


@pytest.mark.model
def test_a_later_we_is_not_the_last_doer(code):
    """'They' in a later sentence is the last resolved doer; 'we' (in a quote, the speaker) is not."""
    events = code("Ugandan soldiers fired on protesters in Kampala on Monday. They detained 30 people.")
    later = [e for e in events if e.sentence_index == 1]
    assert later and later[0].actors[0].how.startswith("pronoun:")
    from dataclasses import replace

    from whimbrel.focus import fill_pronouns
    we = replace(later[0], actors=(replace(later[0].actors[0], text="We", how="pronoun", country="UNK"),))
    first = [e for e in events if e.sentence_index == 0]
    assert fill_pronouns(first + [we])[-1].actors[0].how == "pronoun"
    they = replace(we, actors=(replace(we.actors[0], text="They"),))
    assert fill_pronouns(first + [they])[-1].actors[0].how.startswith("pronoun:")


class _NoScan(dict):
    def items(self):
        raise AssertionError("the spelling tables were built again")


def test_the_spelling_tables_are_built_once_even_when_no_word_qualifies():
    from whimbrel.actors import ActorIndex

    index = ActorIndex()
    index.phrases = {}  # no country word, no surname: the tables stay empty
    assert index._near("ethopia") == (None, None)
    index.phrases = _NoScan()
    assert index._near("afganistan") == (None, None)


@pytest.mark.model
def test_the_spelling_memo_of_the_long_lived_index_is_bounded(coder, monkeypatch):
    import whimbrel.actors as actors

    monkeypatch.setattr(actors, "FUZZY_SEEN_MAX", 3)
    index = actors.ActorIndex()
    doc = coder.nlp("Ethopia, Afganistan, Britian, Pakistann, Somalya and Ethopia met Tuesday.")
    first = index._fuzzy(doc[0])
    for t in doc[1:]:
        if t.is_alpha and len(t) >= 6:
            index._fuzzy(t)
    assert len(index._fuzzy_seen) <= 3
    assert "ethopia" not in index._fuzzy_seen  # forgotten ...
    again = index._fuzzy(doc[0])
    assert first.country == again.country == "ETH"  # ... and checked again, the same way


@pytest.mark.model
def test_an_act_in_the_actors_own_country_falls_on_that_country(code):
    """A curfew or a march in the actors' own country with no named recipient acts on that country:
    its people (CVL) for a curfew, its government (GOV) for a protest; the sector by type is a setting."""
    from whimbrel.focus import fill_place_recipients

    curfew = only(code("Tajik authorities imposed a night curfew in the town of Kulob on Saturday after two days "
                       "of rioting."), "COERCE")
    assert [(r.country, r.sector, r.how.split(":")[0]) for r in curfew.recipients] == [("TJK", "CVL", "place")]
    march = only(code("Thousands of Peruvian farmers marched through Cusco on Tuesday."), "PROTEST")
    assert [(r.country, r.sector) for r in march.recipients] == [("PER", "GOV")]
    bare = fill_place_recipients([replace(curfew, recipients=())], Settings(place_recipient_domestic_types=()))[0]
    assert bare.recipients == ()
    other = fill_place_recipients([replace(curfew, recipients=())], Settings(place_recipient_domestic_types=("COERCE:REF",)))[0]
    assert [(r.country, r.code) for r in other.recipients] == [("TJK", "TJKREF")]
    # two sides fighting in their own country act on each other, not on the place
    clash = only(code("M23 rebels clashed with Congolese soldiers in Rutshuru territory on Wednesday."), "ASSAULT")
    assert sorted(a.sector for a in clash.actors) == ["MIL", "REB"] and clash.recipients == ()


@pytest.mark.model
@pytest.mark.parametrize("text,country,sector", [
    ("Chechen rebels ambushed a police convoy near Grozny on Monday.", "RUS", "REB"),
    ("Kampuchean guerrillas attacked a government outpost on Sunday.", "KHM", "REB"),
    ("Igbo community leaders demanded on Tuesday that the federal government release the detained activists.",
     "NGA", None),
])
def test_a_people_that_lives_in_one_state_is_of_that_state(code, text, country, sector):
    """Peoples (data/actors/peoples.tsv) and old country names read like a nation's adjective."""
    doers = [a for e in code(text) for a in e.actors]
    assert doers and doers[0].country == country
    assert sector is None or doers[0].sector == sector


def test_peoples_named_like_places_or_shared_by_states_are_not_listed():
    from whimbrel.knowledge import read_table

    names = {n.lower() for r in read_table("actors/peoples.tsv") for n in [r["people"], *r["aliases"].split("|")] if n}
    assert "chechen" in names and "uighurs" in names
    assert not names & {"kurd", "kurds", "tamil", "amhara", "kachin", "fulani", "hutu", "pashtun", "fleming"}
    assert all(r["source"] for r in read_table("actors/peoples.tsv"))


@pytest.mark.model
def test_members_of_a_party_named_with_a_participle_belong_to_it(code):
    """'Activists from the ruling party': an adjectival verb inside the phrase is no clause."""
    e = only(code("Activists from the ruling Awami League staged a rally in Dhaka on Sunday."), "PROTEST")
    assert [(a.country, a.how) for a in e.actors] == [("BGD", "organization:Awami League")]
    acc = only(code("Sudan accused the RSF of looting aid convoys in Darfur."), "ACCUSE")
    assert [r.text for r in acc.recipients] == ["the RSF"]  # the act stays out of the phrase


@pytest.mark.model
def test_an_apposition_names_the_country_of_a_titled_actor(code):
    e = only(code("The country's top judge, Justice Amina Bello of Nigeria, ordered the release of the detainees."))
    assert [(a.country, a.sector) for a in e.actors] == [("NGA", "JUD")] and e.actors[0].how.startswith("apposition:")


@pytest.mark.model
def test_a_word_of_a_place_name_gives_no_sector(code):
    e = only(code("Palestinians of the West Bank marched on Friday against the new checkpoint."), "PROTEST")
    assert [(a.country, a.sector) for a in e.actors] == [("PSE", "CVL")]  # not BUS from "Bank"


@pytest.mark.model
def test_who_came_for_a_rally_or_talks_holds_it(code):
    """An event noun after 'for' on a verb with no object: the verb's subject is its actor."""
    rally = only(code("Thousands of Kenyans gathered on Saturday for a rally in Nairobi against the new tax."), "PROTEST")
    assert [(a.country, a.sector) for a in rally.actors] == [("KEN", "CVL")]
    talks = only(code("French and German negotiators returned to Brussels on Monday for talks on the budget."), "CONSULT")
    assert sorted(a.country for a in talks.actors) == ["DEU", "FRA"]


@pytest.mark.model
def test_an_adjective_deep_in_an_actors_phrase_stays_in_it(code):
    """'Doctors from two British charities': only the head's own trailing modifiers are cut, not the PP's."""
    e = only(code("Doctors from two British charities donated medical supplies to a hospital in Gaza."), "AID")
    assert [(a.country, a.sector) for a in e.actors] == [("GBR", "MED")]


@pytest.mark.model
def test_an_actor_named_by_its_allegiance_takes_that_country(code):
    """'Fighters loyal to X', 'nurses belonging to the Y union': whom they serve names them (lexicon kind
    'allegiance'); fighters loyal to a government are a pro-government militia."""
    e = only(code("Fighters loyal to Syrian President Bashar al-Assad shelled the town on Monday.",
                  published="2015-06-01"), "ASSAULT")
    assert [(a.country, a.sector) for a in e.actors] == [("SYR", "PRM")] and e.actors[0].how.startswith("allegiance:")
    strike = only(code("Nurses belonging to the Uganda Nurses and Midwives Union went on strike on Monday over unpaid "
                       "wages."), "PROTEST")
    assert [(a.country, a.sector) for a in strike.actors] == [("UGA", "MED")]


@pytest.mark.model
def test_a_named_group_owns_the_thing_a_phrase_names(code):
    """'shells of the Islamic State group': a named group inside the phrase's preposition is its owner
    (a country there is not: 'the borders of Jordan' places no actor)."""
    e = only(code("Shells of the Islamic State group killed seven civilians in Deir Ezzor on Sunday."), "ASSAULT")
    assert [(a.country, a.sector) for a in e.actors] == [("IMG", "REB")]


@pytest.mark.model
def test_clashes_with_no_doer_named_make_up_no_recipient(code):
    e = only(code("Clashes erupted near the town of Kafr Nabl on Monday."), "ASSAULT")
    assert [(a.country, a.sector) for a in e.actors] == [("SYR", "UAF")] and e.recipients == ()


@pytest.mark.model
def test_sector_words_for_peers_opponents_and_hackers(code):
    met = only(code("The Greek foreign minister met his Turkish counterpart in Ankara on Monday."), "CONSULT")
    assert [(r.country, r.sector) for r in met.recipients] == [("TUR", "GOV")]
    hack = only(code("Chinese hackers attacked the servers of the Taiwanese defence ministry."))
    assert [(a.country, a.sector) for a in hack.actors] == [("CHN", "CRM")]


def test_a_bare_military_or_junta_is_the_focus_countrys(code):
    events = code("The military junta detained two opposition leaders in Bamako on Tuesday. "
                  "Soldiers later freed one of them in Bamako.")
    detained = next(e for e in events if e.event_type == "COERCE")
    assert [(a.country, a.how) for a in detained.actors] == [("MLI", "focus:MLI")]


@pytest.mark.model
def test_a_name_with_for_in_it_is_one_name(code):
    """'the Movement for Democratic Change': a preposition between proper nouns belongs to the name
    ('the United Nations on Tuesday' does not)."""
    e = only(code("Police in Harare arrested 30 members of the Movement for Democratic Change on Saturday."), "COERCE")
    assert [(r.country, r.sector, r.how) for r in e.recipients] == [("ZWE", "PTY", "organization:Movement for Democratic Change")]


def test_an_all_capital_name_read_as_a_word_takes_the_names_normal_form():
    import spacy

    from whimbrel.actors import mark_caps_names

    nlp = spacy.blank("en")

    def norms(text):
        return [t.norm_ for t in mark_caps_names(nlp.make_doc(text)) if t.text == "IS"]

    assert norms("Clashes broke out between rebels and IS near the town") == ["isis"]
    assert norms("IS fighters attacked army posts near Deir ez-Zor") == ["isis"]
    assert norms("THE WAR IS OVER, SAYS THE MINISTER") == ["is"]  # a headline in capitals: the verb
    assert norms("The minister said it IS over") == ["is"]  # after a pronoun: the verb
    assert norms("THE WAR IS OVER\nRebels said the war was over") == ["is"]  # the line, not the next, decides


def test_the_yugoslavia_tribunal_is_an_international_court(code):
    e = only(code("The International Criminal Tribunal for the former Yugoslavia sentenced a Bosnian Croat "
                  "commander to 25 years."))
    assert [(a.country, a.sector) for a in e.actors] == [("IGO", "JUD")]


@pytest.mark.model
def test_a_local_councillor_is_local_government(code):
    e = only(code("Unidentified gunmen shot dead a local councillor in Jalalabad on Tuesday."), "ASSAULT")
    assert [r.sector for r in e.recipients] == ["GOV"]


@pytest.mark.model
def test_a_group_that_governs_is_a_government(code):
    e = only(code("The Taliban government banned women from working for aid agencies in Afghanistan."))
    assert [(a.country, a.sector) for a in e.actors] == [("AFG", "GOV")]
    e = only(code("Hamas officials condemned the raid."))
    assert [(a.country, a.sector) for a in e.actors] == [("PSE", "REB")]


@pytest.mark.model
def test_a_nations_people_with_no_trade_who_attack_are_its_forces(code):
    e = only(code("Malian soldiers and Russian mercenaries killed at least 20 civilians in central Mali."))
    assert [(a.country, a.sector) for a in e.actors] == [("MLI", "MIL"), ("RUS", "MIL")]
    e = only(code("A Pakistani man stabbed two people in Paris."))
    assert [(a.country, a.sector) for a in e.actors] == [("PAK", "CVL")]


def test_conflict_groups_of_acled_style_notes_are_known(coder):
    events = coder.code("On 14 May 2023, suspected members of the Dawlah Islamiyah ambushed a military patrol in "
                        "Butig (Lanao del Sur), killing 2 soldiers.")
    assert [(a.country, a.sector) for e in events for a in e.actors] == [("PHL", "REB")]
    events = coder.code("On 12 June 2023, militants fired on a security post in Moreh (Tengnoupal, Manipur), "
                        "injuring 2 Assam Rifles personnel.")
    assert ("IND", "MIL") in {(r.country, r.sector) for e in events for r in e.recipients}
