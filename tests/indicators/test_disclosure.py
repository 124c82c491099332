"""Disclosure control: hand-worked suppression patterns and an independent attacker.

The attacker below is the test's own code (elimination over the sums, then a Gram-Schmidt rank
check); it sees only the published rows and the structure, never the module's internals.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import numpy as np
import pandas as pd
import pytest

from indicators.disclosure import KECK_GROUPS, CellRule, GroupRule, apply_pattern, protect

CITY = "stadt:0"
SB1, SB2 = "stadtbezirk:1", "stadtbezirk:2"
COUNT = CellRule("count", 5)
RESPONDENTS = CellRule("respondents", 10)
KECK = CellRule("respondents", 10, groups=KECK_GROUPS)
SECONDARY = "sekundär gesperrt, sonst aus Summen berechenbar"
KECK_REASON = "weniger als 2 Kitas mit mindestens 4 Datensätzen"


def cells(rows: list[tuple], period: str = "2019") -> pd.DataFrame:
    """Rows (unit, parent, breakdown, n[, groups_ok]); numerator and denominator follow n."""
    return pd.DataFrame(
        [
            {
                "period": period,
                "unit": unit,
                "parent": parent,
                "breakdown": breakdown,
                "numerator": 0.4 * n,
                "denominator": float(n),
                "n": n,
                "groups_ok": rest[0] if rest else 5,
            }
            for unit, parent, breakdown, n, *rest in rows
        ]
    )


def hidden(result: pd.DataFrame) -> set[tuple[str, str]]:
    rows = result[result["suppressed"]]
    return set(zip(rows["unit"], rows["breakdown"], strict=True))


def two_districts_each(n11: int, n12: int, n21: int, n22: int) -> list[tuple]:
    return [
        (CITY, None, "", n11 + n12 + n21 + n22),
        (SB1, CITY, "", n11 + n12),
        (SB2, CITY, "", n21 + n22),
        ("bezirk:11", SB1, "", n11),
        ("bezirk:12", SB1, "", n12),
        ("bezirk:21", SB2, "", n21),
        ("bezirk:22", SB2, "", n22),
    ]


def sex_rows(unit: str, parent: str | None, m: int, w: int, d: int, extra: int = 0) -> list[tuple]:
    """A unit's total and its sex categories; ``extra`` questionnaires give no sex."""
    return [
        (unit, parent, "", m + w + d + extra),
        (unit, parent, "sex=m", m),
        (unit, parent, "sex=w", w),
        (unit, parent, "sex=d", d),
    ]


# --- hand-worked patterns -------------------------------------------------------------------


def test_small_district_takes_its_sibling_along():
    # bezirk:11 alone could be recomputed as stadtbezirk:1 - bezirk:12.
    result = protect(cells(two_districts_each(3, 20, 15, 18)), RESPONDENTS)
    assert hidden(result) == {("bezirk:11", ""), ("bezirk:12", "")}
    reasons = dict(zip(result["unit"], result["reason"], strict=True))
    assert reasons["bezirk:11"] == "weniger als 10 Befragte/Beobachtete"
    assert reasons["bezirk:12"] == SECONDARY
    assert reasons[CITY] is None


def test_parent_with_a_single_child():
    # stadtbezirk:2 = bezirk:21 (both 3). The pair is closed in its own sum but the city sum
    # recovers stadtbezirk:2: its sibling goes too, and then one of the sibling's districts
    # (the smaller), since stadtbezirk:1 = bezirk:11 + bezirk:12. The city stays.
    rows = [
        (CITY, None, "", 48),
        (SB1, CITY, "", 45),
        (SB2, CITY, "", 3),
        ("bezirk:11", SB1, "", 20),
        ("bezirk:12", SB1, "", 25),
        ("bezirk:21", SB2, "", 3),
    ]
    result = protect(cells(rows), RESPONDENTS)
    assert hidden(result) == {("bezirk:21", ""), (SB2, ""), (SB1, ""), ("bezirk:11", "")}


def test_pair_still_small_takes_a_third_cell():
    # 3 and 4 are not recoverable one by one, but stadtbezirk:1 - bezirk:13 reveals 7 < 10.
    rows = two_districts_each(3, 4, 15, 18)
    rows[1] = (SB1, CITY, "", 37)
    rows[0] = (CITY, None, "", 37 + 33)
    rows.append(("bezirk:13", SB1, "", 30))
    result = protect(cells(rows), RESPONDENTS)
    assert hidden(result) == {("bezirk:11", ""), ("bezirk:12", ""), ("bezirk:13", "")}


def test_a_zero_is_no_partner():
    # Hiding the empty bezirk:12 would hide nothing: bezirk:13 is taken instead.
    rows = two_districts_each(3, 0, 15, 18)
    rows[1] = (SB1, CITY, "", 23)
    rows[0] = (CITY, None, "", 23 + 33)
    rows.append(("bezirk:13", SB1, "", 20))
    result = protect(cells(rows), RESPONDENTS)
    assert hidden(result) == {("bezirk:11", ""), ("bezirk:13", "")}


def test_small_category_takes_the_smallest_other_category():
    result = protect(cells(sex_rows(CITY, None, m=20, w=17, d=3)), RESPONDENTS)
    assert hidden(result) == {(CITY, "sex=d"), (CITY, "sex=w")}


def test_hierarchy_and_breakdown_together_hide_a_rectangle():
    # stadtbezirk:1 sex=d is fixed by its total (40 - 20 - 17) and by the city's d (9 - 6).
    # Hiding the other Stadtbezirk's d and both w cells closes both sums.
    rows = [
        *sex_rows(CITY, None, m=45, w=36, d=9),
        *sex_rows(SB1, CITY, m=20, w=17, d=3),
        *sex_rows(SB2, CITY, m=25, w=19, d=6),
    ]
    result = protect(cells(rows), COUNT)
    assert hidden(result) == {(SB1, "sex=d"), (SB2, "sex=d"), (SB1, "sex=w"), (SB2, "sex=w")}


def test_missing_cell_is_a_published_zero():
    # No row for sex=w means 0 women: d = total - m unless m is hidden too.
    rows = [r for r in sex_rows(CITY, None, m=20, w=0, d=3) if r[2] != "sex=w"]
    result = protect(cells(rows), RESPONDENTS)
    assert hidden(result) == {(CITY, "sex=d"), (CITY, "sex=m")}


@pytest.mark.parametrize(
    ("without_residence", "expected"),
    [(0, {(SB1, ""), (SB2, "")}), (25, {(SB1, "")})],
)
def test_remainder_is_an_unknown(without_residence, expected):
    # stadtbezirk:1 fails the KECK rule with 30 children. city = sum of Stadtbezirke: its
    # sibling must go; with 25 children without residence the city sum reveals nothing.
    rows = [
        (CITY, None, "", 75 + without_residence, 9),
        (SB1, CITY, "", 30, 1),
        (SB2, CITY, "", 45, 8),
    ]
    result = protect(cells(rows), KECK)
    assert hidden(result) == expected
    assert result.set_index("unit").loc[SB1, "reason"] == KECK_REASON


def test_denominator_remainder_does_not_switch_a_sum_off():
    # Counts with a population denominator: 100 residents of the city have no district, but
    # every counted person has one, so stadtbezirk:1 = city - stadtbezirk:2 in n and numerator.
    frame = cells([(CITY, None, "", 43), (SB1, CITY, "", 3), (SB2, CITY, "", 40)])
    frame["denominator"] = [1100.0, 300.0, 700.0]
    assert hidden(protect(frame, COUNT)) == {(SB1, ""), (SB2, "")}


def test_remainder_does_not_excuse_a_small_hidden_sum():
    # city - stadtbezirk:2 = 3 + the unknown remainder of 2: nearly the hidden value.
    rows = [(CITY, None, "", 77), (SB1, CITY, "", 3), (SB2, CITY, "", 72)]
    result = protect(cells(rows), COUNT)
    assert hidden(result) == {(SB1, ""), (SB2, "")}


def test_no_published_category_left_hides_the_total():
    # m and w are hidden (3 and 4), 33 questionnaires give no sex: total - d is 7 + remainder;
    # no category with persons is left, so the total goes.
    rows = [r for r in sex_rows(CITY, None, m=3, w=4, d=0, extra=33) if r[2] != "sex=d"]
    result = protect(cells(rows), RESPONDENTS)
    assert hidden(result) == {(CITY, "sex=m"), (CITY, "sex=w"), (CITY, "")}


def test_unpublished_level_still_ties_the_ortsteile_to_the_city():
    # Stadtbezirke are not published: city = sum of the Ortsteile must still be used.
    rows = [
        (CITY, None, "", 48),
        ("ortsteil:1", SB1, "", 3),
        ("ortsteil:2", SB1, "", 20),
        ("ortsteil:3", SB2, "", 25),
    ]
    result = protect(cells(rows), RESPONDENTS)
    assert hidden(result) == {("ortsteil:1", ""), ("ortsteil:2", "")}


def test_count_rule_keeps_zeros_and_hides_one_to_four():
    rows = [
        (CITY, None, "", 44),
        (SB1, CITY, "", 0),
        (SB2, CITY, "", 4),
        ("stadtbezirk:3", CITY, "", 40),
    ]
    result = protect(cells(rows), COUNT)
    assert hidden(result) == {(SB2, ""), ("stadtbezirk:3", "")}
    zero = result.set_index("unit").loc[SB1]
    assert not zero["suppressed"] and zero["n"] == 0 and zero["reason"] is None
    assert result.set_index("unit").loc[SB2, "reason"] == "weniger als 5 Personen"


def test_respondents_rule_leaves_empty_cells_alone():
    rows = [(CITY, None, "", 30), (SB1, CITY, "", 0), (SB2, CITY, "", 30)]
    assert hidden(protect(cells(rows), RESPONDENTS)) == set()


def test_none_rule_hides_nothing():
    rows = two_districts_each(1, 2, 1, 3)
    result = protect(cells(rows), CellRule("none", 0))
    assert not result["suppressed"].any()
    assert result["reason"].isna().all()
    assert result["n"].tolist() == [7, 3, 4, 1, 2, 1, 3]


def test_keck_rule():
    rows = [
        (CITY, None, "", 80, 9),
        (SB1, CITY, "", 50, 1),  # enough children, too few Kitas
        (SB2, CITY, "", 0, 0),  # no children: nothing to hide
        ("stadtbezirk:3", CITY, "", 3, 1),  # both rules
        ("stadtbezirk:4", CITY, "", 27, float("nan")),  # unknown Kita count: hidden
    ]
    result = protect(cells(rows), KECK).set_index("unit")
    assert result.loc[SB1, "reason"] == KECK_REASON
    assert not result.loc[SB2, "suppressed"]
    assert (
        result.loc["stadtbezirk:3", "reason"]
        == f"weniger als 10 Befragte/Beobachtete; {KECK_REASON}"
    )
    assert result.loc["stadtbezirk:4", "suppressed"]
    assert not result.loc[CITY, "suppressed"]
    one_kita = CellRule("respondents", 10, groups=GroupRule("Kitas", 4, 1))
    looser = protect(cells(rows), one_kita).set_index("unit")
    assert not looser.loc[SB1, "suppressed"]


def test_hidden_rows_keep_nothing_and_periods_are_independent():
    small = cells(two_districts_each(3, 20, 15, 18), period="2019/20")
    large = cells(two_districts_each(30, 20, 15, 18), period="2020/21")
    frame = pd.concat([small, large]).set_index(pd.Index(range(100, 114)))
    frame["value"] = frame["numerator"] / frame["denominator"]
    frame["note"] = "x"
    result = protect(frame, RESPONDENTS)
    assert result.index.tolist() == frame.index.tolist()
    assert result["unit"].tolist() == frame["unit"].tolist()
    assert result["note"].eq("x").all()
    hidden_rows = result[result["suppressed"]]
    assert set(hidden_rows["period"]) == {"2019/20"} and len(hidden_rows) == 2
    for column in ("numerator", "denominator", "n", "value", "groups_ok"):
        assert hidden_rows[column].isna().all(), column
    shown = result[~result["suppressed"]]
    assert shown["n"].notna().all() and shown["reason"].isna().all()


def test_a_shared_pattern_blanks_like_protect():
    frame = cells(two_districts_each(3, 20, 15, 18))
    result = protect(frame, RESPONDENTS)
    other = frame.assign(numerator=frame["numerator"] * 2, value=1.0)
    shared = apply_pattern(other, result["suppressed"], list(result["reason"]))
    assert shared["suppressed"].tolist() == result["suppressed"].tolist()
    assert shared["reason"].tolist() == result["reason"].tolist()
    assert shared.loc[shared["suppressed"], ["numerator", "n", "value"]].isna().all().all()
    with pytest.raises(ValueError, match="Sperrmuster"):
        apply_pattern(other.iloc[1:], result["suppressed"], list(result["reason"]))


def test_rejects_duplicate_cells():
    frame = cells([(CITY, None, "", 30), (CITY, None, "", 30)])
    with pytest.raises(ValueError, match="doppelt"):
        protect(frame, RESPONDENTS)


# --- random Herne-sized hierarchies against an independent attacker ---------------------------

ORTSTEILE_PER_STADTBEZIRK = (3, 3, 4, 3)
DISTRICTS = 32
SEXES = ("m", "w", "d", None)  # None: no sex given
SEX_RATE = {"m": 4.0, "w": 4.0, "d": 0.08, None: 0.15}
GRADES = (4, 7, 9)
RULES = {"count": COUNT, "respondents": RESPONDENTS, "keck": KECK}
SEEDS = range(30)


def random_tree(rng: np.random.Generator) -> dict[str, str | None]:
    """city -> 4 Stadtbezirke -> 13 Ortsteile -> 32 districts, at least one district each."""
    parent_of: dict[str, str | None] = {CITY: None}
    ortsteile = []
    for s, count in enumerate(ORTSTEILE_PER_STADTBEZIRK, start=1):
        for _ in range(count):
            ortsteil = f"ortsteil:{len(ortsteile) + 1:02d}"
            parent_of[ortsteil] = f"stadtbezirk:{s}"
            parent_of[f"stadtbezirk:{s}"] = CITY
            ortsteile.append(ortsteil)
    sizes = 1 + rng.multinomial(
        DISTRICTS - len(ortsteile), np.ones(len(ortsteile)) / len(ortsteile)
    )
    for ortsteil, size in zip(ortsteile, sizes, strict=True):
        for j in range(size):
            parent_of[f"bezirk:{ortsteil[-2:]}{j + 1}"] = ortsteil
    return parent_of


def random_period(rng, parent_of, kind: str, period: str) -> pd.DataFrame:
    """Cells of every unit from crossed records (home x sex x grade); some have no home."""
    districts = [u for u in parent_of if u.startswith("bezirk:")]
    homes = [*districts, None]
    # records[h, s, g] = (n, numerator, second numerator, denominator)
    records = np.zeros((len(homes), len(SEXES), len(GRADES), 4))
    for h, home in enumerate(homes):
        size = rng.lognormal(0.0, 1.0) * (0.15 if home is None else 1.0)
        for s, sex in enumerate(SEXES):
            n = rng.poisson(SEX_RATE[sex] * size, len(GRADES))
            first = n if kind == "count" else rng.binomial(n, 0.4)
            population = n + rng.poisson(4 * size, len(GRADES))
            records[h, s, :, 0] = n
            records[h, s, :, 1] = first
            records[h, s, :, 2] = rng.binomial(n, 0.7)
            records[h, s, :, 3] = n if kind != "count" else population
    rows = []
    for unit, parent in parent_of.items():
        inside = [h for h, home in enumerate(homes) if home is None and unit == CITY]
        inside += [h for h, home in enumerate(homes) if home and _within(home, unit, parent_of)]
        block = records[inside].sum(axis=0)
        sums = {"": block.sum(axis=(0, 1))}
        sums |= {f"sex={sex}": block[s].sum(axis=0) for s, sex in enumerate(SEXES) if sex}
        sums |= {f"grade={g}": block[:, k].sum(axis=0) for k, g in enumerate(GRADES)}
        for breakdown, (n, first, second, denominator) in sums.items():
            if n or denominator:  # no row: no records, a published zero
                level = unit.split(":")[0]
                kitas = rng.integers(0, 4) + {"bezirk": 0, "ortsteil": 2}.get(level, 9)
                rows.append(
                    (period, unit, parent, breakdown, first, second, denominator, int(n), kitas)
                )
    columns = ["period", "unit", "parent", "breakdown", "numerator", "numerator2", "denominator"]
    return pd.DataFrame(rows, columns=[*columns, "n", "groups_ok"])


def _within(unit: str, ancestor: str, parent_of: dict[str, str | None]) -> bool:
    while unit is not None:
        if unit == ancestor:
            return True
        unit = parent_of[unit]
    return False


@cache
def random_case(seed: int, kind: str) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parent_of = random_tree(rng)
    periods = [random_period(rng, parent_of, kind, p) for p in ("2019/20", "2020/21")]
    return pd.concat(periods, ignore_index=True)


def sum_groups(frame: pd.DataFrame) -> list[tuple[tuple, list[tuple]]]:
    """The sums an outsider knows from the structure: (total key, part keys) per period."""
    groups = []
    for period, part in frame.groupby("period"):
        parent_of = dict(zip(part["unit"], part["parent"], strict=True))
        breakdowns = sorted(set(part["breakdown"]))
        kids = defaultdict(list)
        for unit, parent in parent_of.items():
            if isinstance(parent, str):
                kids[parent].append(unit)
        for parent, units in kids.items():
            for b in breakdowns:
                groups.append(((period, parent, b), [(period, u, b) for u in units]))
        dims = defaultdict(list)
        for b in breakdowns:
            if b:
                dims[b.split("=")[0]].append(b)
        for unit in parent_of:
            for categories in dims.values():
                groups.append(((period, unit, ""), [(period, unit, c) for c in categories]))
    return groups


def lookup(frame: pd.DataFrame, columns: list[str]) -> dict[tuple, np.ndarray]:
    keys = zip(frame["period"], frame["unit"], frame["breakdown"], strict=True)
    return dict(zip(keys, frame[columns].to_numpy(dtype=float), strict=True))


def exact_groups(truth: pd.DataFrame) -> list[tuple[tuple, list[tuple]]]:
    """The sums no record falls outside of, which the attacker is granted to know.

    The numerator sums the same records, so it closes there too (checked); the population
    denominator of the count cases need not, and must not protect anything.
    """
    values = lookup(truth, ["n", "numerator"])
    zero = np.zeros(2)
    groups = []
    for total, parts in sum_groups(truth):
        gap = values.get(total, zero) - sum((values.get(p, zero) for p in parts), zero)
        if gap[0] == 0:
            assert gap[1] == 0, total
            groups.append((total, parts))
    return groups


def attack(published: pd.DataFrame, groups) -> dict[tuple, np.ndarray]:
    """Recover (n, numerator) of hidden cells from published rows and exact sums."""
    known = lookup(published[published["n"].notna()], ["n", "numerator"])
    unknown = set(lookup(published[published["n"].isna()], ["n"]))
    zero = np.zeros(2)
    recovered = {}
    progress = True
    while progress:  # a sum with one hidden cell gives it away
        progress = False
        for total, parts in groups:
            open_cells = [k for k in (total, *parts) if k in unknown]
            if len(open_cells) != 1:
                continue
            cell = open_cells[0]
            rest = sum((known.get(p, zero) for p in parts if p != cell), zero)
            known[cell] = rest if cell == total else known.get(total, zero) - rest
            recovered[cell] = known[cell]
            unknown.discard(cell)
            progress = True
    recovered.update(_solve_jointly(sorted(unknown), groups, known))
    return recovered


def _solve_jointly(cells_left, groups, known) -> dict[tuple, np.ndarray]:
    """A hidden cell is determined iff its unit vector lies in the row space of the sums.

    Gram-Schmidt over the sums (re-orthogonalised), keeping each basis row as a combination of
    the sums: the combination that yields e_i also yields the value from the published side.
    """
    column = {cell: i for i, cell in enumerate(cells_left)}
    rows, rhs = [], []
    for total, parts in groups:
        signed = [(total, 1.0)] + [(p, -1.0) for p in parts]
        if not any(cell in column for cell, _ in signed):
            continue
        row, right = np.zeros(len(cells_left)), np.zeros(2)
        for cell, sign in signed:
            if cell in column:
                row[column[cell]] += sign
            else:
                right -= sign * known.get(cell, np.zeros(2))
        rows.append(row)
        rhs.append(right)
    basis = np.zeros((len(rows), len(cells_left)))
    combos = np.zeros((len(rows), len(rows)))
    rank = 0
    for e, row in enumerate(rows):
        v, c = row.copy(), np.zeros(len(rows))
        c[e] = 1.0
        for _ in range(2):
            weights = basis[:rank] @ v
            v -= weights @ basis[:rank]
            c -= weights @ combos[:rank]
        norm = np.linalg.norm(v)
        if norm > 1e-8:
            basis[rank], combos[rank] = v / norm, c / norm
            rank += 1
    basis, combos = basis[:rank], combos[:rank]
    solved = (basis**2).sum(axis=0) > 1.0 - 1e-8
    return {
        cell: (basis[:, i] @ combos) @ np.array(rhs)
        for i, cell in enumerate(cells_left)
        if solved[i]
    }


def primary_only(truth: pd.DataFrame, rule: CellRule) -> pd.DataFrame:
    """The test's own primary rule, no secondary suppression."""
    n = truth["n"]
    hide = (n > 0) & (n < rule.min_cell)
    if rule.groups:
        hide |= (n != 0) & (truth["groups_ok"] < 2)
    return truth.assign(numerator=truth["numerator"].mask(hide), n=n.astype(float).mask(hide))


def check_recovered_values(recovered, truth) -> None:
    """The attacker is right when it claims a value (else it proves nothing)."""
    values = lookup(truth, ["n", "numerator"])
    for cell, value in recovered.items():
        assert np.allclose(value, values[cell]), cell


def test_attacker_solves_what_elimination_alone_cannot():
    # Every sum has two hidden cells, yet x + y, y + z and x + z fix all three.
    published = pd.DataFrame(
        {
            "period": "p",
            "unit": ["a", "b", "c", "x", "y", "z"],
            "breakdown": "",
            "n": [7.0, 9.0, 8.0, np.nan, np.nan, np.nan],
            "numerator": [3.0, 4.0, 5.0, np.nan, np.nan, np.nan],
        }
    )
    key = {u: ("p", u, "") for u in "abcxyz"}
    groups = [
        (key["a"], [key["x"], key["y"]]),
        (key["b"], [key["y"], key["z"]]),
        (key["c"], [key["x"], key["z"]]),
    ]
    recovered = attack(published, groups)
    assert {cell[1]: value.round(9).tolist() for cell, value in recovered.items()} == {
        "x": [3.0, 2.0],
        "y": [4.0, 1.0],
        "z": [5.0, 3.0],
    }


@pytest.mark.parametrize("kind", sorted(RULES))
@pytest.mark.parametrize("seed", SEEDS)
def test_attacker_recovers_no_hidden_cell(seed, kind):
    truth, rule = random_case(seed, kind), RULES[kind]
    result = protect(truth.drop(columns="numerator2"), rule)
    groups = exact_groups(truth)
    recovered = attack(result, groups)
    check_recovered_values(recovered, truth)
    assert not recovered, sorted(recovered)
    primary = primary_only(truth, rule)["n"].isna()
    assert result["suppressed"][primary].all()
    assert not result.loc[truth["unit"].eq(CITY) & truth["breakdown"].eq(""), "suppressed"].any()
    secondary = result["suppressed"] & ~primary
    assert secondary.sum() <= 2 * primary.sum() + 10  # protection, not a blackout
    assert_no_small_hidden_sum(truth, result, rule.min_cell)


def assert_no_small_hidden_sum(truth, result, min_cell) -> None:
    """Where the total is shown, the hidden parts of any sum are 0 or at least the minimum."""
    n = lookup(truth, ["n"])
    is_hidden = lookup(result.assign(h=result["suppressed"].astype(float)), ["h"])
    for total, parts in sum_groups(truth):
        if is_hidden.get(total, [0])[0]:
            continue
        hidden_sum = sum(n[p][0] for p in parts if is_hidden.get(p, [0])[0])
        assert not 0 < hidden_sum < min_cell, (total, hidden_sum)


@pytest.mark.parametrize("kind", sorted(RULES))
def test_pattern_depends_on_n_only(kind):
    # Indicators on the same records share the pattern, whatever numerator and denominator.
    for seed in SEEDS[:5]:
        truth = random_case(seed, kind)
        first = protect(truth.drop(columns="numerator2"), RULES[kind])
        other = truth.drop(columns="numerator").rename(columns={"numerator2": "numerator"})
        other["denominator"] = 2 * other["denominator"] + 1  # no longer adds up
        second = protect(other, RULES[kind])
        assert first["suppressed"].tolist() == second["suppressed"].tolist()


@pytest.mark.parametrize("kind", sorted(RULES))
def test_attacker_has_teeth_without_secondary_suppression(kind):
    successes = 0
    for seed in SEEDS:
        truth = random_case(seed, kind)
        recovered = attack(primary_only(truth, RULES[kind]), exact_groups(truth))
        check_recovered_values(recovered, truth)
        successes += bool(recovered)
    assert successes >= 0.8 * len(SEEDS)
