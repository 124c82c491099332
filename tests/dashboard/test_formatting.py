"""German presentation of numbers, dates and symbols."""

from __future__ import annotations

import datetime as dt
import math

from indicators.registry import BY_ID
from publish import formatting as fmt


def test_numbers_have_decimal_comma_and_thousands_dot():
    assert fmt.number(1234567.891, 2) == "1.234.567,89"
    assert fmt.number(0.5, 1) == "0,5"
    assert fmt.number(-3.25, 1) == "−3,3"  # commercial rounding
    assert fmt.number(46.15, 1) == "46,2"
    assert fmt.number(2.675, 2) == "2,68"
    assert fmt.integer(2036) == "2.036"
    assert fmt.number(None) == fmt.MISSING
    assert fmt.number(math.nan) == fmt.MISSING


def test_signed_numbers():
    assert fmt.number(2.04, 1, signed=True) == "+2,0"
    assert fmt.number(-0.01, 1, signed=True) == "±0,0"
    assert fmt.number(-1.5, 1, signed=True) == "−1,5"


def test_dates_are_day_month_year():
    assert fmt.date(dt.date(2021, 7, 31)) == "31.07.2021"
    assert fmt.date("2026-11-26T09:03:14") == "26.11.2026"
    assert fmt.timestamp(dt.datetime(2020, 3, 5, 14, 30)) == "05.03.2020 14:30"
    assert fmt.date(None) == fmt.MISSING


def test_cell_shows_symbols_and_units():
    share = BY_ID["uwe.wellbeing_low"]
    assert fmt.cell(share, {"value": 53.25, "suppressed": False}) == "53,3 %"
    assert fmt.cell(share, {"value": None, "suppressed": True, "reason": "x"}) == "•"
    assert fmt.cell(share, {"value": None, "suppressed": False}) == "–"
    assert fmt.cell(share, {"value": 0.0, "suppressed": False}) == "0,0 %"
    grade = BY_ID["parents.overall_grade"]
    assert fmt.cell(grade, {"value": 2.125, "suppressed": False}) == "2,13"
    date = BY_ID["ssw.next_end_date"]
    assert fmt.cell(date, {"value": None, "value_text": "31.07.2021"}) == "31.07.2021"
    assert fmt.cell(date, {"value": None, "value_text": math.nan}) == "–"


def test_difference_in_percentage_points():
    assert fmt.difference(BY_ID["uwe.wellbeing_low"], 5.0) == "+5,0 Pp."
    assert fmt.difference(BY_ID["parents.overall_grade"], -0.25) == "−0,25"


def test_labels():
    assert fmt.breakdown_title("") == "insgesamt"
    assert fmt.breakdown_title("sex=w") == "Geschlecht: weiblich"
    assert fmt.breakdown_title("grade=7") == "Jahrgang 7"
    # One note for every withheld cell: it never says whether the cell itself is small.
    assert fmt.suppressed_note() == "zu geringe Fallzahl oder zum Schutz anderer Werte gesperrt"
    assert "10" in fmt.rule_text(BY_ID["uwe.wellbeing_low"])
    assert "KECK" in fmt.rule_text(BY_ID["kompik.language.low"])
