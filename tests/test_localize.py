"""Dates and numbers in the source become the target locale's own forms (Babel/CLDR), never the engine's.

Expected values are written out: Spanish and French by hand; German and Arabic as ICU gives them from the
same CLDR data (Node's ``Intl.DateTimeFormat``/``NumberFormat``, ICU 78, CLDR 48), not by calling Babel
as the code under test does.
"""

from __future__ import annotations

import pytest

from i18n_pub.localize import find_dates, find_numbers, localize_spans


def _targets(text, language, year=None):
    return [(s.label, s.target, s.kind) for s in localize_spans(text, language, year)]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "el 29 de marzo de 2021"), ("fr", "le 29 mars 2021"), ("ar", "29 \u0645\u0627\u0631\u0633 2021")],
)
def test_month_day_year(language, expected):
    # A single day takes the definite article where the language gives it one (es, fr), "on" or not.
    assert _targets("It was signed in Rabat March 29, 2021.", language) == [("March 29, 2021", expected, "date")]


def test_weekday_month_day_year_is_the_full_form():
    assert _targets("signed on Thursday, April 1, 2021, to finance", "es") == [
        ("on Thursday, April 1, 2021", "el jueves, 1 de abril de 2021", "date")
    ]
    assert find_dates("signed Thursday, April 1, 2021", "fr")[0].target == "le jeudi 1 avril 2021"


def test_a_weekday_that_does_not_fit_the_date_is_left_to_a_person():
    assert find_dates("on Friday, April 1, 2021", "es") == []


def test_range_of_days():
    # Issue 18: a range reads "from … to …" in Spanish and French (written by hand, not by Babel).
    assert _targets("held March 15-18 in Rabat", "es", 2021) == [("March 15-18", "del 15 al 18 de marzo", "date")]
    assert find_dates("held March 15–18", "fr", 2021)[0].target == "du 15 au 18 mars"
    assert find_dates("held on March 15-18, 2021, in Rabat", "es")[0].target == "del 15 al 18 de marzo de 2021"


def test_range_across_months():
    assert find_dates("from March 30-April 2", "es", 2021)[0].target == "del 30 de marzo al 2 de abril"
    assert find_dates("held March 30 – April 2, 2021", "fr")[0].target == "du 30 mars au 2 avril 2021"
    assert find_dates("held March 30 and April 2", "es", 2021)[0].target == "el 30 de marzo"  # not a range


def test_a_range_in_a_language_without_a_rule_keeps_babels_interval():
    assert find_dates("held March 15-18", "de", 2021)[0].target == "15.\u201318. M\u00e4rz"


def test_two_days_joined_by_and():
    assert find_dates("held on June 9 and 10 under", "es")[0].target == "los días 9 y 10 de junio"
    assert find_dates("held on June 9 and 10 under", "fr")[0].target == "les 9 et 10 juin"


def test_on_before_a_date_is_the_target_preposition_not_the_engines():
    assert _targets("closed on March 24 and", "es", 2021) == [("on March 24", "el 24 de marzo", "date")]
    assert _targets("closed on March 24 and", "fr", 2021) == [("on March 24", "le 24 mars", "date")]
    # At the start of a sentence the preposition takes the capital.
    assert find_dates("On March 24, the call closed.", "es")[0].target == "El 24 de marzo"


def test_a_date_without_year_is_written_without_year():
    assert find_dates("the deadline is August 31.", "es", 2021)[0].target == "el 31 de agosto"
    assert find_dates("the deadline is August 31.", "de")[0].target == "31. August"


def test_day_month_year_and_month_year():
    assert find_dates("on 29 March 2021", "es")[0].target == "el 29 de marzo de 2021"
    assert find_dates("in March 2021", "es")[0].target == "marzo de 2021"


def test_years_alone_months_alone_and_impossible_dates_stay():
    assert localize_spans("In 2020 and in September, the 2021 edition; February 30, 2021.", "es") == []


@pytest.mark.parametrize(
    ("language", "thousand", "twenty_five_thousand"),
    [
        ("es", "1000", "25.000"),  # CLDR es: minimumGroupingDigits 2
        ("fr", "1\u202f000", "25\u202f000"),  # narrow no-break space
        ("de", "1.000", "25.000"),
        ("ar", "1,000", "25,000"),  # CLDR ar: Latin digits by default
    ],
)
def test_grouped_numbers_take_the_locale_separators(language, thousand, twenty_five_thousand):
    spans = find_numbers("for 1,000 students and a prize of 25,000 dollars", language)
    assert [(s.label, s.target, s.kind) for s in spans] == [
        ("1,000", thousand, "number"),
        ("25,000", twenty_five_thousand, "number"),
    ]


def test_decimals_scales_and_percentages():
    assert _targets("below 0.5 percent of GDP", "es") == [("0.5 percent", "el 0,5\u00a0%", "number")]
    assert _targets("nearly 40 percent of adults", "fr") == [("40 percent", "40\u00a0%", "number")]
    assert _targets("a grant of 2.5 million dollars", "es") == [("2.5 million", "2,5 millones de", "number")]
    assert _targets("more than 400 million learners", "fr") == [("400 million", "400 millions de", "number")]
    assert _targets("a total of 2.5 million.", "es") == [("2.5 million", "2,5 millones", "number")]
    assert _targets("1,234,567.89", "es") == [("1,234,567.89", "1.234.567,89", "number")]


def test_numbers_inside_names_and_links_stay():
    text = "COVID-19, the G20, Goal No. 5, 2021-2022, a 3,000-year-old site and [the report](https://x.org/2,000.pdf)"
    assert localize_spans(text, "es") == []


def test_small_plain_numbers_are_left_alone():
    assert localize_spans("450 submissions from 52 countries", "fr") == []


def test_spans_do_not_overlap_and_point_at_the_source():
    text = "On March 29, 2021, 1,000 students met."
    spans = localize_spans(text, "es")
    assert [text[s.start : s.end] for s in spans] == [s.label for s in spans] == ["On March 29, 2021", "1,000"]
