"""Sozialstruktur, Sozialindex and Kita places on the reference world (helpers.UNITS: districts
0111 and 0112 in Ortsteil 11, 0121 in Ortsteil 12, both in Stadtbezirk 1; 0211 in Ortsteil 21,
Stadtbezirk 2), with every expected number worked out by hand here."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import KITAS, source_header, write_xlsx
from sqlalchemy import select

from etl.pipeline import import_file
from indicators.build import build, family_values
from indicators.families import kita, social_context
from indicators.geography import districts
from indicators.store import IndicatorValue

SOCIAL = source_header("social-context")
POPULATION = source_header("population")
AT = "31.12.2019"
# Residents at 31.12.2019 per district: (children aged 4, aged 6, adults); totals 600, 900,
# 400, 700 are the denominators of the foreign share and of arrivals.
RESIDENTS = {
    "0111": (40, 20, 540),
    "0112": (30, 0, 870),
    "0121": (10, 0, 390),
    "0211": (50, 0, 650),
}
# Stichtag, district, under 15, of them SGB-II, 15-64, unemployed, foreign, arrivals:
#   SGB-II shares 10 %, 30 %, 50 %, secret  -> mean 30 %, standard deviation 20 %
#   unemployed 4 %, secret, 8 %, 6 %         -> mean 6 %, standard deviation 2 %
#   foreign 60/600, 180/900, 120/400, secret -> 10 %, 20 %, 30 %: mean 20 %, sd 10 %
ROWS = [
    [AT, "0111", 100, 10, 400, 16, 60, 12],
    [AT, "0112", 200, 60, 600, "•", 180, "."],
    [AT, "0121", 50, 25, 300, 24, 120, 6],
    [AT, "0211", 150, "•", 500, 30, ".", 3],
]


def value(engine, indicator, level, unit, period="2019"):
    """(value, suppressed) of one cell, or None if there is none."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(IndicatorValue.value, IndicatorValue.suppressed).where(
                IndicatorValue.indicator == indicator,
                IndicatorValue.level == level,
                IndicatorValue.unit == unit,
                IndicatorValue.period == period,
                IndicatorValue.breakdown == "",
            )
        ).all()
    assert len(rows) <= 1, rows
    return tuple(rows[0]) if rows else None


def load_population(engine, settings, folder, date=AT):
    rows = [POPULATION]
    for district, (four, six, adults) in RESIDENTS.items():
        rows += [[date, district, 4, "w", four], [date, district, 30, "m", adults]]
        if six:
            rows.append([date, district, 6, "w", six])
    import_file(engine, "population", write_xlsx(folder / f"pop_{date}.xlsx", rows), settings)


@pytest.fixture
def social_world(world, settings, tmp_path):
    load_population(world, settings, tmp_path)
    import_file(world, "social-context", write_xlsx(tmp_path / "s.xlsx", [SOCIAL, *ROWS]), settings)
    build(world, {"social-context"})
    return world


def approx(x: float):
    return pytest.approx(x, abs=1e-6)


def test_shares_by_hand(social_world):
    engine = social_world
    sgb2 = "social.sgb2_under15"
    assert value(engine, sgb2, "bezirk", "0111") == (approx(10.0), False)
    assert value(engine, sgb2, "bezirk", "0121") == (approx(50.0), False)
    assert value(engine, sgb2, "ortsteil", "11") == (approx(100 * 70 / 300), False)
    # 0211's count is secret: no value for it, nor for the units made of it alone; the city
    # counts 0111, 0112 and 0121 only (95 of 350 children), not 95 of 500.
    for level, unit in (("bezirk", "0211"), ("ortsteil", "21"), ("stadtbezirk", "2")):
        assert value(engine, sgb2, level, unit) is None
    assert value(engine, sgb2, "stadt", "0") == (approx(100 * 95 / 350), False)

    unemployment = "social.unemployment"
    assert value(engine, unemployment, "bezirk", "0112") is None
    assert value(engine, unemployment, "ortsteil", "11") == (approx(100 * 16 / 400), False)
    assert value(engine, unemployment, "stadtbezirk", "1") == (approx(100 * 40 / 700), False)
    assert value(engine, unemployment, "stadt", "0") == (approx(100 * 70 / 1200), False)

    foreign = "social.foreign"  # denominator: all residents of the population file
    assert value(engine, foreign, "bezirk", "0121") == (approx(30.0), False)
    assert value(engine, foreign, "ortsteil", "11") == (approx(100 * 240 / 1500), False)
    assert value(engine, foreign, "stadt", "0") == (approx(100 * 360 / 1900), False)

    arrivals = "social.immigration"  # per 1,000; 0112 ".": Ortsteil 11 is 0111 alone
    assert value(engine, arrivals, "ortsteil", "11") == (approx(1000 * 12 / 600), False)
    assert value(engine, arrivals, "stadt", "0") == (approx(1000 * 21 / 1700), False)


def test_sozialindex_by_hand(social_world):
    engine = social_world
    index = "social.index"
    # z = (share - district mean) / district sd, per component; index = mean of the three.
    assert value(engine, index, "bezirk", "0111") == (approx(-1.0), False)  # z -1, -1, -1
    assert value(engine, index, "bezirk", "0121") == (approx(1.0), False)  # z 1, 1, 1
    assert value(engine, index, "ortsteil", "12") == (approx(1.0), False)
    # A unit with a missing component has no index.
    for level, unit in (("bezirk", "0112"), ("bezirk", "0211"), ("ortsteil", "21")):
        assert value(engine, index, level, unit) is None

    def by_hand(sgb2: float, unemployed: float, foreign: float) -> float:
        return ((sgb2 - 0.30) / 0.20 + (unemployed - 0.06) / 0.02 + (foreign - 0.20) / 0.10) / 3

    assert value(engine, index, "ortsteil", "11")[0] == approx(by_hand(70 / 300, 16 / 400, 0.16))
    assert value(engine, index, "stadtbezirk", "1")[0] == approx(
        by_hand(95 / 350, 40 / 700, 360 / 1900)
    )
    assert value(engine, index, "stadt", "0")[0] == approx(by_hand(95 / 350, 70 / 1200, 360 / 1900))


def test_every_stichtag_year_and_level_has_the_lens_values(world, settings, tmp_path):
    """The social lens reads social.index and social.sgb2_under15 per year and level."""
    known = {"0111": [100, 10, 400, 16, 60], "0112": [200, 60, 600, 30, 180],
             "0121": [50, 25, 300, 24, 120], "0211": [150, 45, 500, 30, 70]}  # fmt: skip
    for date in ("31.12.2019", "31.12.2020"):
        load_population(world, settings, tmp_path, date)
        rows = [[date, district, *counts] for district, counts in known.items()]
        path = write_xlsx(tmp_path / f"{date}.xlsx", [SOCIAL[:-1], *rows])
        import_file(world, "social-context", path, settings)
    build(world, {"social-context"})
    counts = {"stadt": 1, "stadtbezirk": 2, "ortsteil": 3, "bezirk": 4}
    for indicator in ("social.index", "social.sgb2_under15"):
        for period in ("2019", "2020"):
            for level, expected in counts.items():
                with world.connect() as conn:
                    values = (
                        conn.execute(
                            select(IndicatorValue.value).where(
                                IndicatorValue.indicator == indicator,
                                IndicatorValue.period == period,
                                IndicatorValue.level == level,
                            )
                        )
                        .scalars()
                        .all()
                    )
                assert len(values) == expected and None not in values, (indicator, period, level)


def test_small_denominator_is_withheld_and_the_index_with_it(world, settings, tmp_path):
    """0112 has 8 children (< 10): its SGB-II share is withheld, a partner too (Ortsteil 11 =
    0111 + 0112 would give it away), and no index rests on a withheld share."""
    load_population(world, settings, tmp_path)
    rows = [
        [AT, "0111", 100, 10, 400, 16, 60, 12],
        [AT, "0112", 8, 4, 600, 30, 180, 9],
        [AT, "0121", 50, 25, 300, 24, 120, 6],
        [AT, "0211", 150, 45, 500, 30, 70, 3],
    ]
    import_file(
        world, "social-context", write_xlsx(tmp_path / "klein.xlsx", [SOCIAL, *rows]), settings
    )
    build(world, {"social-context"})
    assert value(world, "social.sgb2_under15", "bezirk", "0112") == (None, True)
    with world.connect() as conn:
        frame = pd.DataFrame(
            conn.execute(
                select(
                    IndicatorValue.indicator,
                    IndicatorValue.level,
                    IndicatorValue.unit,
                    IndicatorValue.value,
                    IndicatorValue.suppressed,
                ).where(IndicatorValue.indicator.like("social.%"))
            ).all()
        )
    shown = frame[~frame["suppressed"] & frame["value"].notna()]
    published = shown.groupby(["level", "unit"])["indicator"].apply(set)
    components = {"social.sgb2_under15", "social.unemployment", "social.foreign"}
    assert sum(frame["suppressed"] & (frame["indicator"] == "social.sgb2_under15")) >= 2
    for (level, unit), ids in published.items():
        assert ("social.index" in ids) == (components <= ids), (level, unit)
    # The z-values' reference is the published district shares only: withheld ones (0112 and
    # its partner) stay out, so the index reveals nothing about them.
    sgb2 = {"0111": 10 / 100, "0112": 4 / 8, "0121": 25 / 50, "0211": 45 / 150}
    district = shown[(shown["level"] == "bezirk") & (shown["indicator"] == "social.sgb2_under15")]
    reference = [sgb2[unit] for unit in district["unit"]]
    assert len(reference) == 2 and "0112" not in set(district["unit"])
    mean = sum(reference) / 2
    sd = (sum((s - mean) ** 2 for s in reference) / 1) ** 0.5
    unemployed = [0.04, 0.05, 0.08, 0.06]  # all four published
    u_mean = sum(unemployed) / 4
    u_sd = (sum((u - u_mean) ** 2 for u in unemployed) / 3) ** 0.5
    foreign = [0.10, 0.20, 0.30, 0.10]
    f_mean = sum(foreign) / 4
    f_sd = (sum((f - f_mean) ** 2 for f in foreign) / 3) ** 0.5
    expected = ((0.50 - mean) / sd + (0.08 - u_mean) / u_sd + (0.30 - f_mean) / f_sd) / 3
    assert value(world, "social.index", "bezirk", "0121") == (approx(expected), False)


def test_kita_places_per_100_children_by_hand(world, settings, tmp_path):
    # Population at 31.12.2019 (aged 3-5: 40, 30, 10, 50; the six-year-olds do not count);
    # the Kita lists of 2020: 01.03. (helpers.KITAS) and 01.09., the later one counts.
    load_population(world, settings, tmp_path)
    later = [KITAS[0]] + [
        ["01.09.2020", *r[1:-1], "100" if r[1] == "0107" else r[-1]] for r in KITAS[1:]
    ]
    import_file(world, "kitas", write_xlsx(tmp_path / "kitas_sept.xlsx", later), settings)
    with world.begin() as conn:
        rows = family_values(kita, kita.cells(conn, districts(conn)))
    values = {
        (r["level"], r["unit"]): (r["value"], r["suppressed"])
        for r in rows
        if r["period"] == "2020"
    }
    assert {r["period"] for r in rows} == {"2020"}  # one period per year, its latest list
    assert values[("bezirk", "0111")] == (approx(100 * 100 / 40), False)
    assert values[("bezirk", "0112")] == (approx(0.0), False)
    assert values[("bezirk", "0211")] == (approx(100 * 45 / 50), False)
    assert values[("ortsteil", "11")] == (approx(100 * 100 / 70), False)
    assert values[("stadtbezirk", "1")] == (approx(100 * 100 / 80), False)
    assert values[("stadt", "0")] == (approx(100 * 145 / 130), False)
    # Institutional data: nothing is withheld even where few children live.
    assert not any(r["suppressed"] for r in rows)


def test_no_values_without_their_data(world):
    with world.connect() as conn:
        geography = districts(conn)
        assert social_context.cells(conn, geography).empty
        # The world has a Kita list of 2020 but no population at 31.12.2019: no ratio at all.
        assert family_values(kita, kita.cells(conn, geography)) == []
