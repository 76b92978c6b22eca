"""Resolution of actor phrases: branches of transnational groups, quantities with coordinated heads."""

import pytest

from conftest import only


@pytest.mark.model
def test_a_transnational_group_named_with_one_state_is_its_branch_there(code):
    e = only(code("Yemeni al-Qaeda militants attacked an army post."), "ASSAULT")
    assert [(a.country, a.sector) for a in e.actors] == [("YEM", "REB")]
    e2 = only(code("Militants loyal to Iraq's al-Qaeda leader attacked a police station."), "ASSAULT")
    assert [a.country for a in e2.actors] == ["IRQ"]
    # named alone, the group stays transnational
    e3 = only(code("Al-Qaeda militants attacked an army post in Yemen."), "ASSAULT")
    assert [a.country for a in e3.actors] == ["IMG"]


@pytest.mark.model
def test_a_quantity_of_coordinated_peoples_counts_each(code):
    e = only(code("Soldiers tortured scores of Sierra Leonean and Liberian refugees."), "ASSAULT")
    assert {"SLE", "LBR"} <= {r.country for r in e.recipients}


@pytest.mark.model
def test_office_holders_of_the_1990s_and_2000s(code):
    e = only(code("Vice-President Moody Awori has declined to resign.", published="2006-02-10"), "REJECT")
    assert [(a.country, a.sector) for a in e.actors] == [("KEN", "GOV")]
