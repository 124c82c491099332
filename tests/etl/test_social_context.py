"""The social-context importer (Sozialstruktur): one tiny named file per rule, on SQLite and
PostgreSQL. Counts the office kept secret ("•", ".") are missing, never 0 and never an error;
a re-delivery replaces exactly its Stichtag; a rejected file changes nothing."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import source_header, write_csv, write_xlsx
from sqlalchemy import func, select

from etl.models import LoadWarning, SocialContext
from etl.pipeline import import_file
from etl.problems import ImportRejected
from etl.sources import SOURCES
from etl.sources.social_context import SECRET

HEADER = source_header("social-context")
WITHOUT_ARRIVALS = HEADER[:-1]


def row(date="31.12.2019", district="0111", u15="100", sgb2="30", a1564="400", unemployed="20",
        foreign="60", arrivals="8") -> list[object]:  # fmt: skip
    return [date, district, u15, sgb2, a1564, unemployed, foreign, arrivals]


def complete(date="31.12.2019", **changes) -> list[list[object]]:
    """One row per district of the reference world (helpers.UNITS)."""
    rows = [HEADER]
    for district in ("0111", "0112", "0121", "0211"):
        rows.append(row(date, district, **changes.get(district, {})))
    return rows


def rejected(engine, settings, path) -> list:
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, "social-context", path, settings)
    return caught.value.problems


def stored(engine) -> dict[tuple[str, str], tuple]:
    """(Stichtag, district) -> the six counts as loaded."""
    with engine.connect() as conn:
        rows = conn.execute(select(SocialContext.__table__)).all()
    return {
        (f"{r.reference_date:%d.%m.%Y}", r.district_number): (
            r.residents_under_15,
            r.under_15_sgb2,
            r.residents_15_64,
            r.unemployed,
            r.foreign_residents,
            r.arrivals_from_abroad,
        )
        for r in rows
    }


def count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(SocialContext)).scalar_one()


def test_secret_marks_are_missing_and_reported_once(world, settings, tmp_path):
    rows = complete(
        **{
            "0112": {"sgb2": "•", "arrivals": "."},
            "0121": {"unemployed": " • ", "arrivals": "•"},
        }
    )
    result = import_file(
        world, "social-context", write_xlsx(tmp_path / "geheim.xlsx", rows), settings
    )
    assert result.rows == 4
    loaded = stored(world)
    assert loaded[("31.12.2019", "0112")] == (100, None, 400, 20, 60, None)
    assert loaded[("31.12.2019", "0121")] == (100, 30, 400, None, 60, None)
    assert loaded[("31.12.2019", "0111")] == (100, 30, 400, 20, 60, 8)
    # One summary warning for the sheet, naming the columns and how many cells: not one per cell.
    secret = [w for w in result.warnings if "geheim" in w.rule]
    assert len(secret) == 1 and secret[0].row is None
    assert "4 Werte" in secret[0].rule and "„•“ bzw. „.“" in secret[0].rule
    assert "„Zuzüge aus dem Ausland (Vorjahr)“ 2" in secret[0].rule
    with world.connect() as conn:
        logged = conn.execute(select(LoadWarning.message)).scalars().all()
    assert sum("geheim" in message for message in logged) == 1


def test_secret_mark_in_a_windows_1252_csv(world, settings, tmp_path):
    rows = complete(**{"0211": {"unemployed": "•"}})
    path = write_csv(tmp_path / "geheim_cp1252.csv", rows, encoding="cp1252")
    import_file(world, "social-context", path, settings)
    assert stored(world)[("31.12.2019", "0211")][3] is None


def test_point_is_secret_but_a_thousands_point_is_a_number(world, settings, tmp_path):
    rows = complete(**{"0111": {"a1564": "1.234", "foreign": "."}})
    import_file(world, "social-context", write_xlsx(tmp_path / "punkt.xlsx", rows), settings)
    assert stored(world)[("31.12.2019", "0111")][2:5] == (1234, 20, None)


def test_empty_required_count_is_an_error(world, settings, tmp_path):
    rows = complete(**{"0112": {"unemployed": ""}})
    (problem,) = rejected(world, settings, write_xlsx(tmp_path / "leer.xlsx", rows))
    assert (problem.row, problem.column, problem.rule) == (3, "Arbeitslose", "Pflichtangabe fehlt")
    assert count(world) == 0


def test_secret_mark_is_no_key(world, settings, tmp_path):
    rows = complete()
    rows[2][1] = "•"  # district of Excel row 3
    (problem,) = rejected(world, settings, write_xlsx(tmp_path / "schluessel.xlsx", rows))
    assert (problem.row, problem.column, problem.value) == (3, "Bezirk-Nr", "•")
    assert "unbekannter statistischer Bezirk" in problem.rule


def test_sgb2_children_cannot_exceed_children(world, settings, tmp_path):
    rows = complete(**{"0121": {"u15": "50", "sgb2": "51"}})
    (problem,) = rejected(world, settings, write_xlsx(tmp_path / "sgb2.xlsx", rows))
    assert (problem.row, problem.column, problem.value) == (
        4,
        "davon in SGB-II-Bedarfsgemeinschaften",
        51,
    )
    assert problem.message() == (
        "sgb2.xlsx, Blatt „Daten“, Zeile 4, Spalte „davon in SGB-II-Bedarfsgemeinschaften“: "
        "Wert „51“ – davon in SGB-II-Bedarfsgemeinschaften darf nicht größer sein als "
        "Einwohner unter 15"
    )


def test_negative_count_and_text_are_errors(world, settings, tmp_path):
    rows = complete(**{"0111": {"foreign": "-5"}, "0112": {"arrivals": "wenige"}})
    problems = rejected(world, settings, write_xlsx(tmp_path / "werte.xlsx", rows))
    assert {(p.row, p.column, p.rule) for p in problems} == {
        (2, "Einwohner ohne deutsche Staatsangehörigkeit", "Wert muss mindestens 0 sein"),
        (3, "Zuzüge aus dem Ausland (Vorjahr)", "keine ganze Zahl"),
    }


def test_unknown_district(world, settings, tmp_path):
    rows = [*complete(), row(district="111")]  # the unit is "0111"
    (problem,) = rejected(world, settings, write_xlsx(tmp_path / "bezirk.xlsx", rows))
    assert (problem.row, problem.value) == (6, "111")
    assert "unbekannter statistischer Bezirk" in problem.rule


def test_duplicate_district_at_a_stichtag(world, settings, tmp_path):
    rows = [*complete(), row(district="0121")]
    problems = rejected(world, settings, write_xlsx(tmp_path / "doppelt.xlsx", rows))
    assert {p.row for p in problems} == {4, 6}
    assert all(p.column == "Bezirk-Nr" and "mehrfach" in p.rule for p in problems)


def test_arrivals_column_is_optional(world, settings, tmp_path):
    rows = [r[:-1] for r in complete()]
    assert rows[0] == WITHOUT_ARRIVALS
    result = import_file(
        world, "social-context", write_xlsx(tmp_path / "ohne.xlsx", rows), settings
    )
    assert result.rows == 4 and not result.warnings
    assert stored(world)[("31.12.2019", "0211")][5] is None


def test_a_district_left_out_is_a_warning(world, settings, tmp_path):
    rows = complete()[:-1]  # no row for 0211
    result = import_file(
        world, "social-context", write_xlsx(tmp_path / "luecke.xlsx", rows), settings
    )
    (warning,) = result.warnings
    assert "31.12.2019" in warning.rule and "0211" in warning.rule


def test_redelivery_replaces_exactly_its_stichtag(world, settings, tmp_path):
    first = write_xlsx(tmp_path / "s2019.xlsx", complete())
    import_file(world, "social-context", first, settings)
    import_file(
        world,
        "social-context",
        write_xlsx(tmp_path / "s2020.xlsx", complete("31.12.2020")),
        settings,
    )
    again = import_file(world, "social-context", first, settings)
    assert again.status == "bereits importiert" and count(world) == 8

    corrected = complete(**{"0111": {"unemployed": "25"}})
    path = write_xlsx(tmp_path / "s2019_korrigiert.xlsx", corrected)
    with pytest.raises(ImportRejected) as caught:
        import_file(world, "social-context", path, settings)
    assert "Stichtag 31.12.2019" in caught.value.problems[0].rule
    assert "--replace" in caught.value.hint
    assert stored(world)[("31.12.2019", "0111")][3] == 20

    result = import_file(world, "social-context", path, settings, replace=True)
    assert result.replaced_rows == 4
    loaded = stored(world)
    assert loaded[("31.12.2019", "0111")][3] == 25
    assert loaded[("31.12.2020", "0111")][3] == 20 and len(loaded) == 8


def test_one_bad_row_loads_nothing(world, settings, tmp_path):
    import_file(world, "social-context", write_xlsx(tmp_path / "s2019.xlsx", complete()), settings)
    before = stored(world)
    rows = complete("31.12.2020", **{"0211": {"sgb2": "500"}})
    rejected(world, settings, write_xlsx(tmp_path / "s2020_fehler.xlsx", rows))
    assert stored(world) == before


# --- synthetic deliveries ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    from etl.synthetic import generate

    out = tmp_path_factory.mktemp("social")
    manifest = generate(out, seed=2017, scale=0.05, sources=["population", "social-context"])
    return out, manifest


def _tables(samples, source):
    from etl.synthetic.checks import read_table

    out, manifest = samples
    headers = [c.header for c in SOURCES[source].COLUMNS if c.required]
    return {
        f["delivery"]: read_table(out / f["file"], headers)
        for f in manifest["files"]
        if f["source"] == source
    }


def _number(cell) -> float:
    """A count as written (int, "1.234" or a secret mark -> NaN)."""
    if isinstance(cell, str):
        return float("nan") if cell.strip() in SECRET else float(cell.replace(".", ""))
    return float(cell)


def test_samples_agree_with_the_population_and_meet_the_city_figures(samples):
    social, population = _tables(samples, "social-context"), _tables(samples, "population")
    assert sorted(social) == sorted(population) and len(social) == 12
    shares = {}
    for stichtag, table in social.items():
        people = population[stichtag]
        age = people["Alter"].map(_number)
        per_district = people.assign(n=people["Anzahl"].map(_number))
        under_15 = per_district[age < 15].groupby("Bezirk-Nr")["n"].sum()
        working = per_district[(age >= 15) & (age < 65)].groupby("Bezirk-Nr")["n"].sum()
        everyone = per_district.groupby("Bezirk-Nr")["n"].sum()
        counts = table.set_index("Bezirk-Nr")[HEADER[2:]].map(_number)
        assert len(counts) == 32
        assert (counts["Einwohner unter 15"] == under_15.reindex(counts.index)).all(), stichtag
        assert (counts["Einwohner 15 bis 64"] == working.reindex(counts.index)).all(), stichtag
        counts["Einwohner"] = everyone.reindex(counts.index)

        def share(numerator: str, denominator: str, counts=counts) -> float:
            known = counts[counts[numerator].notna()]  # a secret count: the district is left out
            return known[numerator].sum() / known[denominator].sum()

        shares[int(stichtag[-4:])] = (
            share("davon in SGB-II-Bedarfsgemeinschaften", "Einwohner unter 15"),
            share("Arbeitslose", "Einwohner 15 bis 64"),
            share("Einwohner ohne deutsche Staatsangehörigkeit", "Einwohner"),
            counts,
        )
    # Herne: SGB-II rate of children under 15 about 27-33 %, unemployed about 7.5-10 % of the
    # residents aged 15-64 (the official rate, of the labour force, is 10-13 %), residents
    # without German citizenship 11 % in 2013 rising to about 21 % in 2021 (IT.NRW).
    assert all(0.26 <= sgb2 <= 0.335 for sgb2, *_ in shares.values())
    assert all(0.07 <= unemployed <= 0.10 for _, unemployed, *_ in shares.values())
    assert shares[2013][2] == pytest.approx(0.11, abs=0.01)
    assert shares[2021][2] == pytest.approx(0.207, abs=0.01)
    assert shares[2016][2] > shares[2015][2] > shares[2014][2]
    # The gradient of the other samples: deprived districts (geography.social_index) have more
    # children in SGB-II households.
    from etl.synthetic.geography import DISTRICT_BY_NUMBER

    counts = shares[2019][3]
    rate = counts["davon in SGB-II-Bedarfsgemeinschaften"] / counts["Einwohner unter 15"]
    social_index = counts.index.map(lambda n: DISTRICT_BY_NUMBER[n].social_index)
    ranks = pd.Series(rate.to_numpy()).rank(), pd.Series(social_index).rank()
    assert ranks[0].corr(ranks[1]) > 0.8  # Spearman's rank correlation


def test_samples_carry_both_secret_marks_and_load(samples, engine, settings):
    out, manifest = samples
    files = [f for f in manifest["files"] if f["source"] == "social-context"]
    tags = {tag for f in files for tag in f["variations"]}
    assert {"secret:•", "secret:."} <= tags
    from etl.synthetic import generate

    generate(out / "units", seed=2017, sources=["spatial-units"])
    (units,) = (out / "units").glob("synthetisch_*")
    import_file(engine, "spatial-units", units, settings)
    for f in files:
        result = import_file(engine, "social-context", out / f["file"], settings)
        assert result.rows == 32, f["file"]
        secret = [w for w in result.warnings if "geheim" in w.rule]
        assert len(secret) == ("secret:•" in f["variations"] or "secret:." in f["variations"])
    assert count(engine) == 12 * 32
