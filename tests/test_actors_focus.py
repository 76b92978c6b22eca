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
