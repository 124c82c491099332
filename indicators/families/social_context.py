"""Sozialstruktur: children in SGB-II households, unemployed, residents without German
citizenship, arrivals from abroad and a Sozialindex, from the statistics office's aggregated
counts per statistical district; one period per Stichtag year (its last Stichtag).

The counts are official aggregates, not records of persons, so the shares are protected on
their own (``RESIDENTS``: a denominator below the minimum is withheld, then secondary
suppression), not in the shared pattern of a population.

A count the office kept secret ("•": fewer than 3) is unknown. Its district has no value for
that indicator, and the levels above leave the district out of numerator *and* denominator.
Summing the unknown count as 0 would publish a wrong number as if it were complete; leaving the
district out keeps every published value a true share of the districts it covers, and the
difference between a level and its known districts is 0, so it reveals nothing (the count was
never known). The price: a value above covers only the districts with a known count.

The Sozialindex is derived from published values only (see ``INDEX``), so it needs no
protection of its own and cannot reveal a withheld share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from etl.vocabulary import BEZIRK, LOWER, NEUTRAL, PER_1000_RESIDENTS, PERCENT, SOCIAL, Z_INDEX
from indicators import disclosure
from indicators.aggregate import KEYS, UNASSIGNED
from indicators.disclosure import RESIDENTS, CellRule
from indicators.families import Part, den, merge_parts, num, sources
from indicators.indicator import MEAN, Indicator, declarer

FAMILY = SOCIAL
WITH_POPULATION = (*SOCIAL.sources, "population")

MISSING = (
    "Vom Statistikamt geheim gehaltene Zahlen („•“, weniger als 3) fehlen: der statistische "
    "Bezirk hat dann keinen Wert, und die Ebenen darüber rechnen ohne ihn (in Zähler und "
    "Nenner), statt die unbekannte Zahl als 0 zu zählen."
)

declare = declarer(
    SOCIAL,
    source="Sozialstruktur des Statistikamts (nach Wohnort)",
    unit=PERCENT,
    scale=100,
    rule=RESIDENTS,
)

SGB2_UNDER_15 = declare(
    "sgb2_under15",
    "Kinder unter 15 in SGB-II-Bedarfsgemeinschaften",
    "Anteil der Einwohnerinnen und Einwohner unter 15 Jahren, die in einer "
    "SGB-II-Bedarfsgemeinschaft leben.",
    numerator="Einwohner unter 15 in SGB-II-Bedarfsgemeinschaften",
    denominator="Einwohner unter 15",
    direction=LOWER,
    notes=MISSING,
)
UNEMPLOYMENT = declare(
    "unemployment",
    "Arbeitslose je 100 Einwohner (15–64 Jahre)",
    "Arbeitslose je 100 Einwohnerinnen und Einwohner von 15 bis 64 Jahren.",
    numerator="Arbeitslose",
    denominator="Einwohner von 15 bis 64 Jahren",
    direction=LOWER,
    notes="Keine Arbeitslosenquote: die Quote der Bundesagentur für Arbeit bezieht die "
    "Arbeitslosen auf die zivilen Erwerbspersonen und liegt um etwa ein Viertel höher (Herne "
    "Dezember 2019: 9,8 %). Die Einwohner im Erwerbsalter gibt es für jedes Gebiet, die "
    f"Erwerbspersonen nicht. {MISSING}",
)
FOREIGN = declare(
    "foreign",
    "Einwohner ohne deutsche Staatsangehörigkeit",
    "Anteil der Einwohnerinnen und Einwohner ohne deutsche Staatsangehörigkeit an allen "
    "Einwohnern.",
    source="Sozialstruktur des Statistikamts; Bevölkerung am selben Stichtag (nach Wohnort)",
    inputs=WITH_POPULATION,
    numerator="Einwohner ohne deutsche Staatsangehörigkeit",
    denominator="Einwohner aller Altersjahre am selben Stichtag (Bevölkerung)",
    direction=NEUTRAL,
    notes="Der Nenner stammt aus der Bevölkerungsdatei desselben Stichtags, weil die "
    "Sozialstruktur nur Einwohner unter 65 zählt, die Ausländerzahl aber alle Altersjahre "
    "umfasst; ohne Bevölkerung dieses Stichtags fehlt der Wert. Kein Werturteil: der Anteil "
    "zeigt, wo Sprach- und Integrationsangebote gebraucht werden. " + MISSING,
)
IMMIGRATION = declare(
    "immigration",
    "Zuzüge aus dem Ausland je 1.000 Einwohner",
    "Zuzüge aus dem Ausland im Jahr bis zum Stichtag je 1.000 Einwohnerinnen und Einwohner am "
    "Stichtag.",
    source="Sozialstruktur des Statistikamts; Bevölkerung am selben Stichtag (nach Wohnort)",
    inputs=WITH_POPULATION,
    numerator="Zuzüge aus dem Ausland (Vorjahr)",
    denominator="Einwohner aller Altersjahre am selben Stichtag (Bevölkerung)",
    unit=PER_1000_RESIDENTS,
    scale=1000,
    direction=NEUTRAL,
    notes="Die Spalte ist optional: Stichtage ohne sie haben keinen Wert. „Vorjahr“ wird als "
    "das Jahr bis zum Stichtag gelesen (Stichtag 31.12.2019: Zuzüge 2019). " + MISSING,
)
# The shares the Sozialindex combines, each with weight 1; higher = more need for all three.
COMPONENTS: tuple[Indicator, ...] = (SGB2_UNDER_15, UNEMPLOYMENT, FOREIGN)
INDEX_RULE = CellRule(
    "none",
    0,
    note="keine eigene Sperrung: der Index wird nur aus veröffentlichten Anteilen berechnet; "
    "ist ein Teilindikator gesperrt oder fehlt er, fehlt der Index",
)
INDEX = declare(
    "index",
    "Sozialindex",
    "Mittelwert der z-standardisierten Anteile „Kinder unter 15 in "
    "SGB-II-Bedarfsgemeinschaften“, „Arbeitslose je 100 Einwohner (15–64 Jahre)“ und "
    "„Einwohner ohne deutsche Staatsangehörigkeit“; z-Wert = (Anteil der Einheit − Mittelwert "
    "der statistischen Bezirke des Jahres) / Standardabweichung der statistischen Bezirke des "
    "Jahres. 0 entspricht dem durchschnittlichen Bezirk, höhere Werte bedeuten mehr sozialen "
    "Unterstützungsbedarf.",
    source="Sozialstruktur des Statistikamts; Bevölkerung am selben Stichtag (nach Wohnort)",
    inputs=WITH_POPULATION,
    numerator="Summe der drei z-Werte",
    denominator="Zahl der Teilindikatoren (3)",
    unit=Z_INDEX,
    scale=1,
    kind=MEAN,
    direction=LOWER,
    decimals=2,
    rule=INDEX_RULE,
    notes="Mittelwert und Standardabweichung (mit n − 1) werden je Jahr und Teilindikator über "
    "die statistischen Bezirke mit veröffentlichtem Anteil gebildet, ungewichtet. Auf jeder "
    "Ebene wird der aus den Summen der Einheit berechnete Anteil damit standardisiert; die "
    "Stadt liegt daher nicht genau bei 0 (ihr Anteil ist nach Einwohnern gewichtet). Fehlt "
    "einer der drei Anteile der Einheit oder ist er gesperrt, fehlt der Index; gesperrte "
    "Bezirksanteile gehen auch nicht in Mittelwert und Standardabweichung ein, damit der Index "
    "nichts über sie verrät. Die Zuzüge zählen nicht mit (optionale Spalte). Der Index "
    "vergleicht Gebiete innerhalb eines Jahres; ein Anstieg über die Jahre heißt nur, dass die "
    "Einheit sich gegenüber den Bezirken verschoben hat.",
)
RATES: tuple[Indicator, ...] = (SGB2_UNDER_15, UNEMPLOYMENT, FOREIGN, IMMIGRATION)
INDICATORS: tuple[Indicator, ...] = (SGB2_UNDER_15, UNEMPLOYMENT, FOREIGN, IMMIGRATION, INDEX)
# Per district and rate: 1.0 where numerator and denominator are known (summed like the rest).
KNOWN = "known"


def known(indicator: Indicator) -> str:
    """The cell column counting the districts whose counts of ``indicator`` are known."""
    return f"{indicator.id}|{KNOWN}"


def latest_per_year(records: pd.DataFrame) -> pd.DataFrame:
    """The rows of each year's last Stichtag (as the population source does)."""
    dates = pd.to_datetime(records["reference_date"])
    return records[dates == dates.groupby(dates.dt.year).transform("max")]


def districts(records: pd.DataFrame, residents: pd.DataFrame) -> pd.DataFrame:
    """Per district and Stichtag: period and the additive columns of every rate.

    ``residents``: reference_date, district, count (all ages, population source)."""
    records = latest_per_year(records).rename(columns={"district_number": "district"})
    records = records.merge(residents, on=["reference_date", "district"], how="left")
    counts = {
        SGB2_UNDER_15: ("under_15_sgb2", "residents_under_15"),
        UNEMPLOYMENT: ("unemployed", "residents_15_64"),
        FOREIGN: ("foreign_residents", "count"),
        IMMIGRATION: ("arrivals_from_abroad", "count"),
    }
    year = pd.to_datetime(records["reference_date"]).dt.year
    columns: dict[str, pd.Series] = {
        "period": year.astype(str),
        "year": year,
        "district": records["district"],
    }
    for indicator, (numerator, denominator) in counts.items():
        top = pd.to_numeric(records[numerator], errors="coerce").astype(float)
        bottom = pd.to_numeric(records[denominator], errors="coerce").astype(float)
        ok = top.notna() & bottom.notna()
        # An unknown count contributes to no sum at any level (see the module docstring).
        columns[num(indicator)] = top.where(ok, 0.0)
        columns[den(indicator)] = bottom.where(ok, 0.0)
        columns[known(indicator)] = ok.astype(float)
    return pd.DataFrame(columns, index=records.index)


def without_unknown(cells: pd.DataFrame) -> pd.DataFrame:
    """Cells with no known district (a district with a secret count, an undelivered optional
    column, a Stichtag without population) or an empty denominator get no value."""
    cells = cells.copy()
    for indicator in RATES:
        empty = (cells[known(indicator)] == 0) | (cells[den(indicator)] <= 0)
        cells.loc[empty, [num(indicator), den(indicator)]] = np.nan
    return cells


def published_share(cells: pd.DataFrame, indicator: Indicator) -> pd.Series:
    """The share of ``indicator`` per cell as the build publishes it (NaN: no value or withheld):
    the same rows and rule as ``indicators.build.values``, so the same pattern."""
    levels = [*indicator.levels, UNASSIGNED]
    rows = cells[num(indicator)].notna() & cells["level"].isin(levels) & (cells["breakdown"] == "")
    chosen = cells[rows]
    frame = pd.DataFrame(
        {
            **{key: chosen[key] for key in KEYS},
            "numerator": chosen[num(indicator)].astype(float),
            "denominator": chosen[den(indicator)].astype(float),
        }
    )
    frame["n"] = frame["denominator"].round().astype(int)
    protected = disclosure.protect(frame, indicator.rule)
    share = protected["numerator"] / protected["denominator"]
    share = share.where(~protected["suppressed"].astype(bool) & (protected["denominator"] > 0))
    return share.reindex(cells.index)


def with_index(cells: pd.DataFrame) -> pd.DataFrame:
    """Add the Sozialindex columns: per cell the sum of the components' z-values over 3."""
    cells = cells.copy()
    total = pd.Series(0.0, index=cells.index)
    district_level = cells["level"] == BEZIRK.key
    for indicator in COMPONENTS:
        share = published_share(cells, indicator)
        reference = share[district_level].groupby(cells.loc[district_level, "period"])
        mean = cells["period"].map(reference.mean())
        spread = cells["period"].map(reference.std(ddof=1))  # NaN with fewer than 2 districts
        total = total + (share - mean) / spread.where(spread > 0)
    cells[num(INDEX)] = total  # NaN wherever a component is missing or withheld
    cells[den(INDEX)] = float(len(COMPONENTS))
    return cells


def parts(conn: Connection) -> list[Part]:
    records = sources.social_context(conn)
    if records.empty:
        return []
    frame = districts(records, sources.residents(conn))
    return [Part(frame)]


def cells(conn: Connection, geography: pd.DataFrame) -> pd.DataFrame:
    merged = merge_parts(parts(conn), geography)
    if merged.empty:
        return merged
    return with_index(without_unknown(merged))
