"""KOMPIK: coverage, Kitas delivering, and per area the mean and the lowest/highest fifth.

Children are counted where they live (statistical district of residence), Kitas where they are.
The bands "norm group 1-2" and "9-10" are this project's convention, not a KOMPIK norm. The area
means are raw (not age-adjusted), the norm groups are age- and sex-normed by KOMPIK: both facts
are in the indicators' notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

import pandas as pd
from sqlalchemy import Connection

from etl.instruments import KOMPIK_AREAS, KompikArea
from etl.vocabulary import DOWN_TO_ORTSTEIL, HIGHER, KOMPIK, LOWER, MEAN_1_5, PERCENT
from indicators.disclosure import FACILITIES, KECK, PERSONS, group_counter
from indicators.families import (
    Part,
    answered,
    binary_sex,
    contribution,
    den,
    merge_parts,
    num,
    population_part,
    sources,
)
from indicators.indicator import MEAN, Indicator, declarer
from indicators.population import Relations

FAMILY = KOMPIK
COVERAGE_AGES = [3, 4, 5]  # children of 3 to 5 years, the age group KOMPIK observes
LOW_GROUPS = (1, 2)
HIGH_GROUPS = (9, 10)

# As in KECK, children are published down to the Ortsteil, not per statistical district: most
# districts have one or two Kitas, so a district's value would be close to one Kita's.
declare = declarer(KOMPIK, unit=PERCENT, scale=100, direction=HIGHER, levels=DOWN_TO_ORTSTEIL)

COVERAGE = declare(
    "coverage",
    "KOMPIK-Abdeckung",
    "Anteil der Kinder von 3 bis 5 Jahren, für die im Jahr eine KOMPIK-Beobachtung vorliegt.",
    source="KOMPIK-Beobachtungen; Bevölkerung am 31.12. des Vorjahres",
    inputs=(*KOMPIK.sources, "population"),
    numerator="beobachtete Kinder (nach Wohnort)",
    denominator="Kinder von 3 bis 5 Jahren am 31.12. des Vorjahres",
    rule=PERSONS,
    breakdowns=("sex",),
    ceiling=100,
    notes="Kinder ohne Wohnort-Angabe zählen nur stadtweit. Werte über 100 % zeigen, dass "
    "Beobachtungen und Bevölkerung nicht dieselben Kinder umfassen (Stichtag, Zuzüge); sie "
    "werden markiert, nicht korrigiert.",
)
KITAS_DELIVERING = declare(
    "kitas_delivering",
    "Kitas mit KOMPIK-Lieferung",
    "Anteil der Kitas, die im Jahr KOMPIK-Beobachtungen geliefert haben.",
    source="KOMPIK-Beobachtungen; Kita-Verzeichnis (nach Standort der Kita)",
    numerator="Kitas mit mindestens einer Beobachtung",
    denominator="im Jahr geöffnete Kitas",
    rule=FACILITIES,
    notes="Nur für Einheiten mit mindestens 3 Kitas: sonst ließe sich eine Kita erkennen.",
)


# The raw area means are not age-adjusted; the norm groups are (KOMPIK norms them).
MEAN_NOT_AGE_ADJUSTED = (
    "Nicht altersbereinigt: Der Mittelwert ist der rohe Bereichsmittelwert der beobachteten "
    "Kinder. Ältere Kinder erreichen höhere Werte, und die Altersmischung der beobachteten Kinder "
    "unterscheidet sich zwischen den Stadtteilen; Unterschiede und Rangfolgen zwischen Stadtteilen "
    "können daher das Alter statt der Entwicklung widerspiegeln. Für Vergleiche zwischen "
    "Stadtteilen eignen sich die Anteile der Normgruppen besser: sie sind von KOMPIK alters- und "
    "geschlechtsnormiert."
)
NORMED = "Die Normgruppen sind von KOMPIK alters- und geschlechtsnormiert."


@dataclass(frozen=True)
class AreaIndicators:
    """The three indicators of one KOMPIK area (Entwicklungsbereich)."""

    mean: Indicator
    low: Indicator
    high: Indicator


def _area(area: KompikArea) -> AreaIndicators:
    in_area = partial(
        declare,
        source="KOMPIK-Beobachtungen der Kitas (nach Wohnort des Kindes)",
        denominator="beobachtete Kinder",
        rule=KECK,
        breakdowns=("sex", "german"),
    )
    return AreaIndicators(
        mean=in_area(
            f"{area.key}.mean",
            f"{area.title}: Mittelwert",
            f"Durchschnittlicher KOMPIK-Mittelwert (1 bis 5) im Bereich {area.title}, nicht "
            "altersbereinigt.",
            numerator="Summe der Bereichsmittelwerte",
            notes=MEAN_NOT_AGE_ADJUSTED,
            unit=MEAN_1_5,
            scale=1,
            kind=MEAN,
            decimals=2,
        ),
        low=in_area(
            f"{area.key}.low",
            f"{area.title}: Normgruppe 1–2",
            "Anteil der Kinder in den Normgruppen 1 und 2 (unterstes Fünftel) im Bereich "
            f"{area.title}.",
            numerator="Kinder in Normgruppe 1–2",
            direction=LOWER,
            notes="Eigene Konvention des Bildungsmonitorings, keine KOMPIK-Norm für "
            f"Förderbedarf. {NORMED}",
        ),
        high=in_area(
            f"{area.key}.high",
            f"{area.title}: Normgruppe 9–10",
            "Anteil der Kinder in den Normgruppen 9 und 10 (oberstes Fünftel) im Bereich "
            f"{area.title}.",
            numerator="Kinder in Normgruppe 9–10",
            notes=f"Eigene Konvention des Bildungsmonitorings. {NORMED}",
        ),
    )


AREAS: dict[KompikArea, AreaIndicators] = {area: _area(area) for area in KOMPIK_AREAS}
INDICATORS: tuple[Indicator, ...] = (
    COVERAGE,
    KITAS_DELIVERING,
    *(indicator for a in AREAS.values() for indicator in (a.mean, a.low, a.high)),
)
# The persons are the observed children (coverage's numerator).
RELATIONS = Relations(persons=num(COVERAGE))


def observations(records: pd.DataFrame) -> pd.DataFrame:
    """Per observation: period, breakdowns and the additive columns of every KOMPIK indicator."""
    years = pd.to_datetime(records["observed_on"]).dt.year
    # Children without an answer join "nein" ("not known to speak German at home"): as a
    # category of their own (about 1 %) they would be withheld everywhere and take "nein" along.
    german = records["german_at_home"].map({True: "ja", False: "nein"}).fillna("nein")
    columns = {
        "period": years.astype(str),
        "year": years,
        "district": records["district_number"],
        "sex": binary_sex(records["sex"], records["id"]),
        "german": german,
        "kita": records["kita_number"],
        **contribution(COVERAGE, 1.0),
    }
    for area, declared in AREAS.items():
        mean, norm = records[f"mean_{area.key}"], records[f"norm_{area.key}"]
        graded = norm.notna().astype(float)
        columns |= {
            **answered(declared.mean, mean),
            **contribution(declared.low, norm.isin(LOW_GROUPS).astype(float), graded),
            **contribution(declared.high, norm.isin(HIGH_GROUPS).astype(float), graded),
        }
    return pd.DataFrame(columns, index=records.index)


def kitas_delivering(kitas: pd.DataFrame, records: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Per Kita and year it was open: whether it delivered any observation (by Kita location)."""
    delivered = set(
        zip(pd.to_datetime(records["observed_on"]).dt.year, records["kita_number"], strict=True)
    )
    rows = []
    for year in years:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        for kita in kitas.itertuples():
            if kita.listed_since <= end and (
                kita.closed_on is None or pd.isna(kita.closed_on) or kita.closed_on > start
            ):
                rows.append(
                    {
                        "period": str(year),
                        "year": year,
                        "district": kita.district_number,
                        **contribution(
                            KITAS_DELIVERING, float((year, kita.number) in delivered), 1.0
                        ),
                    }
                )
    columns = ["period", "year", "district", num(KITAS_DELIVERING), den(KITAS_DELIVERING)]
    return pd.DataFrame(rows, columns=columns)


def parts(conn: Connection) -> list[Part]:
    records = sources.kompik(conn)
    if records.empty:
        return []
    frame = observations(records)
    years = sorted(frame["year"].unique().tolist())
    population = sources.population(conn)
    periods = {str(year): (year, year - 1) for year in years}  # Stichtag 31.12. of the year before
    ages = {str(year): COVERAGE_AGES for year in years}
    return [
        Part(frame, dims=("sex", "german"), group_min=group_counter("kita", KECK)),
        population_part(population, periods, ages, COVERAGE),
        Part(kitas_delivering(sources.kitas(conn), records, years)),
    ]


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    return merge_parts(parts(conn), geography)
