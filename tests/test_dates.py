import datetime as dt

import pytest

from whimbrel.dates import resolve

PUB = dt.date(2017, 5, 21)  # a Sunday


@pytest.mark.parametrize("text,value,precision", [
    ("Thursday", "2017-05-18", "day"),
    ("late on Sunday", "2017-05-21", "day"),
    ("last Sunday", "2017-05-14", "day"),
    ("yesterday", "2017-05-20", "day"),
    ("last night", "2017-05-20", "day"),
    ("today", "2017-05-21", "day"),
    ("earlier this month", "2017-05", "month"),
    ("last month", "2017-04", "month"),
    ("last week", "2017-05-08", "week"),
    ("over the weekend", "2017-05-20", "week"),
    ("May 10", "2017-05-10", "day"),
    ("May 10, 2017", "2017-05-10", "day"),
    ("10 May 2016", "2016-05-10", "day"),
    ("December 28", "2016-12-28", "day"),  # a date after publication is last year's
    ("March 2014", "2014-03", "month"),
    ("in 2011", "2011", "year"),
    ("last year", "2016", "year"),
])
def test_resolves_relative_and_explicit_dates(text, value, precision):
    d = resolve(text, PUB)
    assert d is not None and (d.value, d.precision) == (value, precision)


def test_unplaceable_expressions_give_none():
    assert resolve("for decades", PUB) is None
    assert resolve("Thursday", None) is None


@pytest.mark.parametrize("text,value,precision", [
    ("three days ago", "2017-05-18", "day"),  # dateparser, relative to publication
    ("2 weeks ago", "2017-05-07", "week"),
    ("mid-March", "2017-03", "month"),
    ("in December", "2016-12", "month"),  # a month after publication is last year's
    ("02/05/2017", "2017-05-02", "day"),  # day first: the other reading is after publication
    ("05/02/2017", "2017-05-02", "day"),  # month first: ditto
    ("19/05/17", "2017-05-19", "day"),
])
def test_dateparser_and_numeric_dates(text, value, precision):
    d = resolve(text, PUB)
    assert d is not None and (d.value, d.precision) == (value, precision)


def test_truce_day_counts_are_not_dates():
    assert resolve("the 34th day", PUB) is None
    assert resolve("the 46 day", PUB) is None
    assert resolve("may", PUB) is None


@pytest.mark.model
def test_a_sentence_without_a_date_takes_the_one_just_before_in_its_paragraph(code):
    # ACLED-style notes and wire copy give the date once: the next sentence of the paragraph, and the
    # other events of a sentence that opens with the date, happened then; a blank line stops it.
    def dates(text):
        return [(e.evidence.trigger, e.date.value, e.date.precision) for e in code(text, published="2023-03-07")]

    assert dates("On 5 March 2023, Al Shabaab militants attacked a base in Bulo Burte. Separately, gunmen "
                 "abducted two aid workers near Jowhar.") == [("attacked", "2023-03-05", "day"),
                                                             ("abducted", "2023-03-05", "day")]
    assert dates("On 5 March 2023, Al Shabaab militants attacked a base in Bulo Burte.\n\nGunmen abducted two "
                 "aid workers near Jowhar.")[1] == ("abducted", "2023-03-07", "reported")
    assert dates("On 21 September 2022, women protested in Zahedan; security forces fired live ammunition, "
                 "killing 3.")[-1][1] == "2022-09-21"
