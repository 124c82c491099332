"""Ganztag und OGS: places, participation and waiting lists, by school location and form.

Places, pupils and participants are school data, like the staffing of school social work: no
person can be singled out from a school's number of places or of all-day pupils, so they are
published without a minimum (``disclosure.INSTITUTIONS``), down to the statistical district.
The waiting list is different: it counts children who asked for a place and did not get one, a
small number at most schools. Both waiting-list indicators therefore follow the count rule of
persons (``disclosure.PERSONS``: 1 to 4 children withheld, with secondary suppression). They rest
on the same records and the same n (the children waiting), so their withheld cells are the
same; they are no population of the shared pattern, as no other indicator counts these children.

The form breakdown puts "teilgebunden" with "gebunden" (bound all-day, in all or some grades) and
sets it against "offen" (OGS); schools without all-day count in the totals only. The share of
schools with a bound or open offer is ``ssw.all_day_bound_share`` / ``ssw.all_day_open_share``
(from the school social work file); this family is about places, participation and waiting.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from etl.vocabulary import ALL_DAY, COUNT, HIGHER, LOWER, PERCENT
from indicators.disclosure import INSTITUTIONS, PERSONS
from indicators.families import Part, contribution, merge_parts, sources
from indicators.indicator import SUM, Indicator, declarer

FAMILY = ALL_DAY
BOUND, OPEN = "gebunden", "offen"  # the values of the breakdown "all_day_form"
FORM_GROUPS = {"gebunden": BOUND, "teilgebunden": BOUND, "offen": OPEN}  # keiner: no group

declare = declarer(
    ALL_DAY,
    source="Ganztag und OGS (nach Standort der Schule)",
    rule=INSTITUTIONS,
    breakdowns=("all_day_form", "school_form"),
    unit=PERCENT,
    scale=100,
)
FORMS_NOTE = (
    "Nach Ganztagsform: gebunden (auch teilgebunden) und offen (OGS); Schulen ohne Ganztag "
    "zählen nur in der Summe."
)

PLACES = declare(
    "places",
    "Ganztagsplätze",
    "Plätze im gebundenen, teilgebundenen und offenen Ganztag.",
    numerator="Ganztagsplätze",
    denominator="",
    unit=COUNT,
    scale=1,
    kind=SUM,
    direction=HIGHER,
    decimals=0,
    notes=FORMS_NOTE,
)
PLACES_PER_100 = declare(
    "places_per_100",
    "Ganztagsplätze je 100 Schülerinnen und Schüler",
    "Ganztagsplätze je 100 Schülerinnen und Schüler (Versorgungsquote).",
    numerator="Ganztagsplätze",
    denominator="Schülerzahl",
    direction=HIGHER,
    notes=FORMS_NOTE + " Im gebundenen Ganztag sind die Plätze die Schülerinnen und Schüler "
    "der gebundenen Jahrgänge.",
)
PARTICIPATION = declare(
    "participation",
    "Teilnahme am Ganztag",
    "Anteil der Schülerinnen und Schüler, die am Ganztag teilnehmen.",
    numerator="Ganztagsteilnehmende",
    denominator="Schülerzahl",
    direction=HIGHER,
    notes=FORMS_NOTE + " Zum Vergleich: an den Grundschulen in NRW 38,5 % (2013/14) und "
    "52,7 % (2023/24) im offenen oder gebundenen Ganztag (IT.NRW).",
)
WAITING_NOTE = (
    "Nur Schulen mit Angabe zur Warteliste (die Spalte ist freiwillig). Kinder auf der "
    "Warteliste sind Personen: Werte von 1 bis 4 Kindern werden gesperrt. "
)
WAITING = declare(
    "waiting",
    "Kinder auf der Warteliste",
    "Kinder auf der Warteliste für einen Ganztagsplatz.",
    numerator="Kinder auf der Warteliste",
    denominator="",
    unit=COUNT,
    scale=1,
    kind=SUM,
    direction=LOWER,
    rule=PERSONS,
    decimals=0,
    notes=WAITING_NOTE + FORMS_NOTE,
)
WAITING_PER_100 = declare(
    "waiting_per_100_places",
    "Warteliste je 100 Ganztagsplätze",
    "Kinder auf der Warteliste je 100 Ganztagsplätze.",
    numerator="Kinder auf der Warteliste",
    denominator="Ganztagsplätze der Schulen mit Angabe zur Warteliste",
    direction=LOWER,
    rule=PERSONS,
    notes=WAITING_NOTE + FORMS_NOTE,
)
INDICATORS: tuple[Indicator, ...] = (
    PLACES,
    PLACES_PER_100,
    PARTICIPATION,
    WAITING,
    WAITING_PER_100,
)


def _base(records: pd.DataFrame) -> dict:
    return {
        "period": records["school_year"],
        "year": records["school_year"].str[:4].astype(int),
        "district": records["district_number"],
        "all_day_form": records["form"].map(FORM_GROUPS),
        "school_form": records["school_form"],
    }


def schools(records: pd.DataFrame) -> pd.DataFrame:
    """Per school and school year: places, participants and pupils."""
    places, pupils = records["places"].astype(float), records["pupils"].astype(float)
    return pd.DataFrame(
        {
            **_base(records),
            **contribution(PLACES, places),
            **contribution(PLACES_PER_100, places, pupils),
            **contribution(PARTICIPATION, records["participants"].astype(float), pupils),
        },
        index=records.index,
    )


def waiting_lists(records: pd.DataFrame) -> pd.DataFrame:
    """The schools that report a waiting list: a unit where none does has no value."""
    rows = records[records["waiting_list"].notna()]
    waiting = rows["waiting_list"].astype(float)
    return pd.DataFrame(
        {
            **_base(rows),
            **contribution(WAITING, waiting),
            **contribution(WAITING_PER_100, waiting, rows["places"].astype(float)),
        },
        index=rows.index,
    )


def parts(conn: Connection) -> list[Part]:
    records = sources.all_day(conn)
    if records.empty:
        return []
    dims = ("all_day_form", "school_form")
    result = [Part(schools(records), dims=dims)]
    reported = waiting_lists(records)
    if not reported.empty:
        result.append(Part(reported, dims=dims))
    return result


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    return merge_parts(parts(conn), geography)
