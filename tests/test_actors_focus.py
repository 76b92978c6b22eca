"""The article's focus country and the actors that take it (whimbrel.focus)."""

import pytest

from conftest import only


@pytest.mark.model
def test_a_nationality_of_those_acted_on_is_not_the_articles_country(code):
    """'The government expelled two Russian diplomats': the diplomats are foreigners; the government is
    the article's own, which the sentence does not name (UNK), not Russia's."""
    e = only(code("The government expelled two Russian diplomats."), "SANCTION")
    assert [(a.country, a.sector) for a in e.actors] == [("UNK", "GOV")]
    assert [r.country for r in e.recipients] == ["RUS"]
    # the doers' own nationality still gives the focus: Fijian rebels hold a Fijian prime minister
    e2 = only(code("The Fijian rebels said they will release Prime Minister Mahendra Chaudhry."), "AGREE")
    assert [(r.country, r.how) for r in e2.recipients] == [("FJI", "focus:FJI")]


@pytest.mark.model
def test_a_party_named_by_its_sector_alone_takes_the_focus_country(code):
    e = only(code("The ruling party said it will boycott Zambia's local elections."), "THREATEN")
    assert [(a.country, a.sector, a.how) for a in e.actors] == [("ZMB", "PTY", "focus:ZMB")]


@pytest.mark.model
def test_a_co_actor_that_names_a_country_keeps_the_focus_from_the_others(code):
    """'Palestinian homes and civilian buildings' are one party, not two; 'Israeli tanks and bulldozers' are
    not Palestinian for being in Rafah. Rebels beside their own state's government are its rebels."""
    e = only(code("Israeli tanks and bulldozers demolished Palestinian homes and civilian buildings in Rafah."))
    assert [a.country for a in e.actors + e.recipients if a.country != "UNK"] == ["ISR", "PSE"]
    e2 = only(code("The Sudanese government and the rebels in Darfur must reach an agreement, Britain said."), "REQUEST")
    assert [(r.country, r.sector) for r in e2.recipients] == [("SDN", "GOV"), ("SDN", "REB")]


@pytest.mark.model
def test_deputies_are_police_in_an_article_that_names_a_sheriff(code):
    e = only(code("A deputy shot a man during a traffic stop in Ohio, the county sheriff said."), "ASSAULT")
    assert [(a.country, a.sector) for a in e.actors] == [("USA", "COP")]
    e2 = only(code("Deputies arrested a man after a chase, the sheriff's office said."), "COERCE")
    assert [a.sector for a in e2.actors] == ["COP"]
    # elsewhere deputies sit in a parliament
    e3 = only(code("Opposition deputies walked out of parliament in Kiev."), "PROTEST")
    assert [a.sector for a in e3.actors] == ["LEG"]


@pytest.mark.model
def test_a_correspondent_is_not_taken_for_the_focus_countrys(code):
    e = only(code("Polish police released the correspondent of an American news agency, who was detained for a day."),
             "RETREAT")
    assert all(r.country != "POL" for r in e.recipients if r.sector == "JRN")


@pytest.mark.model
def test_one_actor_code_in_a_role_is_one_party(code):
    """'Prime Minister X and members of his government' are both FJIGOV: one party of the event."""
    e = only(code("The Fijian rebels said they will release Prime Minister Mahendra Chaudhry and more than 30 "
                  "members of his government."), "AGREE")
    assert [(r.country, r.sector) for r in e.recipients] == [("FJI", "GOV")]


def test_a_militia_named_by_its_people_is_of_the_country_of_the_story(code):
    # A militia is most often local (Mali, Nigeria, Congo); one backed or led from abroad says so.
    e = only(code("On 30 October 2020, Fulani militia killed 11 civilians in Kobi village (Bankass, Mopti).",
                  published="2020-11-02"), "ASSAULT")
    assert [(a.country, a.sector) for a in e.actors] == [("MLI", "PRM")]
    e = only(code("An Iranian-backed militia attacked a US base near Deir Ezzor in Syria."), "ASSAULT")
    assert [a.country for a in e.actors] != ["SYR"]


@pytest.mark.model
def test_a_non_governmental_body_named_by_its_kind_alone_is_an_ngo(code):
    """CAMEO codes a rights group or a charity with no country of its own as NGO; a nationality or 'local'
    keeps it a country's ('American aid groups', 'a local rights group' in a story about Kenya)."""
    e = only(code("A human rights group accused the border police of torturing migrants."), "ACCUSE")
    assert [(a.country, a.how) for a in e.actors] == [("NGO", "ngo:rights group")]
    e2 = only(code("An international aid group suspended its deliveries to camps in Darfur."), "SANCTION")
    assert [a.country for a in e2.actors] == ["NGO"]
    e3 = only(code("A British charity sent medical supplies to hospitals in Gaza."), "AID")
    assert [a.country for a in e3.actors] == ["GBR"]
    e4 = only(code("Police in Nairobi shot two protesters, a local rights group said."), "ASSAULT")
    assert e4.recipients and all(r.country == "KEN" for r in e4.recipients)
    assert not any(a.country == "NGO" for ev in code("A local rights group in Mombasa accused police of "
                                                     "killing two men in Kenya.") for a in ev.actors)


@pytest.mark.model
def test_settlers_are_israelis_wherever_the_story_places_them(code):
    e = only(code("Jewish settlers in the West Bank city of Hebron set fire to a Palestinian school overnight."),
             "COERCE")
    assert [(a.country, a.sector) for a in e.actors] == [("ISR", "CVL")]


@pytest.mark.model
def test_a_name_that_is_a_word_for_an_ngo_is_a_person(code):
    e = only(code("Charity Mwangi was arrested by police in Nairobi."), "COERCE")
    assert all(r.country != "NGO" for r in e.recipients)
