"""Kita places: licensed places of the Kita-Verzeichnis per 100 children aged 3 to 5.

Places are counted where the Kita is, children where they live (population at 31.12. of the year
before, as for KOMPIK coverage), so a district with a large Kita can exceed 100 and its
neighbour fall short: a supply ratio of the area, not the share of its children with a place.
One period per year that has a Kita list (its latest Stand that year); years without a list have
no value. Places describe facilities and the children are a population count of the area, so
there is nobody to protect: no suppression (stated in the rule's note).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from etl.vocabulary import HIGHER, KITA, PLACES_PER_100
from indicators.disclosure import CellRule
from indicators.families import Part, den, merge_parts, num, population_part, sources
from indicators.indicator import Indicator, declarer

FAMILY = KITA
AGES = [3, 4, 5]  # the age group of KOMPIK coverage

declare = declarer(KITA)

PLACES = declare(
    "places_per_100",
    "Kita-Plätze je 100 Kinder (3–5 Jahre)",
    "Genehmigte Plätze der Kitas im Gebiet je 100 Kinder von 3 bis 5 Jahren, die im Gebiet wohnen.",
    source="Kita-Verzeichnis (nach Standort der Kita); Bevölkerung am 31.12. des Vorjahres",
    inputs=(*KITA.sources, "population"),
    numerator="genehmigte Plätze laut Kita-Verzeichnis des Jahres (letzter Stand)",
    denominator="Kinder von 3 bis 5 Jahren am 31.12. des Vorjahres (nach Wohnort)",
    unit=PLACES_PER_100,
    scale=100,
    direction=HIGHER,
    rule=CellRule(
        "none",
        0,
        note="keine Sperrung: Plätze sind Angaben über Einrichtungen, die Kinderzahl ist eine "
        "Bevölkerungszahl des Gebiets; über einzelne Personen sagt der Wert nichts",
    ),
    notes="Plätze nach Standort der Kita, Kinder nach Wohnort: Gebiete mit großen Kitas liegen "
    "über 100, ihre Nachbarn darunter; der Wert ist keine Versorgungsquote. Das Verzeichnis "
    "zählt alle genehmigten Plätze, auch solche für Kinder unter 3 Jahren. Jahre ohne "
    "Kita-Verzeichnis haben keinen Wert.",
)
INDICATORS: tuple[Indicator, ...] = (PLACES,)


def places(lists: pd.DataFrame) -> pd.DataFrame:
    """Per Kita of each year's latest list: period, year, district and its places."""
    dates = pd.to_datetime(lists["list_date"])
    latest = lists[dates == dates.groupby(dates.dt.year).transform("max")]
    year = pd.to_datetime(latest["list_date"]).dt.year
    return pd.DataFrame(
        {
            "period": year.astype(str),
            "year": year,
            "district": latest["district_number"],
            num(PLACES): latest["places"].astype(float),
            den(PLACES): 0.0,
        }
    )


def parts(conn: Connection) -> list[Part]:
    lists = sources.kita_lists(conn)
    if lists.empty:
        return []
    frame = places(lists)
    years = sorted(frame["year"].unique().tolist())
    periods = {str(year): (year, year - 1) for year in years}  # Stichtag 31.12. of the year before
    ages = {str(year): AGES for year in years}
    return [Part(frame), population_part(sources.population(conn), periods, ages, PLACES, ())]


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    merged = merge_parts(parts(conn), geography)
    if merged.empty:
        return merged
    # No children in the area (or no population of the year before): no ratio to publish.
    merged.loc[merged[den(PLACES)].fillna(0) <= 0, num(PLACES)] = np.nan
    return merged
