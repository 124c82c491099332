"""The disclosure attacker: what can anyone derive about a withheld cell from what is published?

An audit in the way τ-ARGUS and sdcTable audit a suppression pattern: per population (one
instrument in one period: a KOMPIK year, a UWE survey year, ...) one linear program holds every
published cell of every indicator on those persons, and for each withheld cell the smallest and
largest count (n) and numerator the attacker can reach are computed with SciPy's HiGHS.

What the attacker is assumed to know (everything a visitor sees, plus the public rules):
- n and numerator of every published cell (a share with its decimals and its n give the
  numerator; a cell that is absent holds nobody);
- the sums that tie cells together: a parent unit is the sum of its child units, and the city is
  the sum of its Stadtbezirke plus the records without residence (an unpublished pseudo unit);
  a unit's total is the sum of the categories of each breakdown;
- relations between indicators on the same persons (``Relations``): the same n, numerators
  that partition n, and every n bounded by the population's base count (for example the
  questionnaires of the UWE participation);
- counts are never negative, a withheld cell holds at least one person (empty cells are never
  withheld), a share's numerator lies between 0 and n, a mean's sum between n·min and n·max.

The linear relaxation is used (bounds rounded inward to integers), as τ-ARGUS does: an integer
attacker may be a little sharper. A withheld cell is *exact* when its count or its share is
determined, and *narrowed* when fewer than T counts remain possible (T: its rule's minimum).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix, csr_matrix, vstack
from scipy.sparse.csgraph import connected_components

CITY = "stadt:0"
UNASSIGNED = "ohne-wohnort"  # the pseudo unit of records without residence, below the city
_EPS = 1e-6


@dataclass(frozen=True)
class Relations:
    """What ties the indicators of one population together (see the module's docstring).

    ``per_person`` gives, for indicators whose numerator is a sum of per-person values (means,
    grades), the range of one person's value; shares are (0, 1); a count indicator (rule
    "count") has numerator = n.
    """

    base: str | None = None
    same_n: tuple[tuple[str, ...], ...] = ()
    partitions: tuple[tuple[str, ...], ...] = ()
    per_person: Mapping[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """One indicator of the population: its id, minimum cell size and whether n is the count."""

    indicator: str
    min_cell: int
    count: bool  # the numerator is the count of persons itself (coverage, participation)


@dataclass
class _Model:
    variables: dict[tuple, int] = field(default_factory=dict)
    rows_eq: list[tuple[dict[int, float], float]] = field(default_factory=list)
    rows_le: list[tuple[dict[int, float], float]] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # same n: one variable for a group

    def alias(self, indicator: str) -> str:
        return self.aliases.get(indicator, indicator)

    def var(self, key: tuple, low: float) -> int:
        if key not in self.variables:
            self.variables[key] = len(self.lower)
            self.lower.append(low)
        return self.variables[key]


def audit_population(
    cells: pd.DataFrame,
    parent_of: Mapping[str, str | None],
    targets: Iterable[Target],
    relations: Relations = Relations(),
) -> pd.DataFrame:
    """Intervals of every withheld cell of one population.

    ``cells``: indicator, unit (key such as "ortsteil:11"), breakdown, n, numerator, suppressed
    (one period). ``parent_of`` maps a unit key to its parent's key (the city's is None).
    Returns one row per withheld cell (and per pseudo unit of records without residence): its
    keys, n_low, n_high, num_low, num_high, share_exact, count_exact, narrowed.
    """
    targets = {t.indicator: t for t in targets}
    cells = cells[cells["indicator"].isin(targets)]
    if cells.empty:
        return _empty()
    model = _Model()
    for group in relations.same_n:
        members = [i for i in group if i in targets]
        model.aliases.update({i: members[0] for i in members[1:]})
    known: dict[tuple, float] = {}
    units = sorted(set(parent_of) | {CITY})
    breakdowns = sorted(set(cells["breakdown"]))
    for row in cells.itertuples(index=False):
        if not row.suppressed:
            known[("n", row.indicator, row.unit, row.breakdown)] = float(row.n)
            known[("num", row.indicator, row.unit, row.breakdown)] = float(row.numerator)
    withheld = [
        (row.indicator, row.unit, row.breakdown)
        for row in cells.itertuples(index=False)
        if row.suppressed
    ]
    present = {(r.indicator, r.unit, r.breakdown) for r in cells.itertuples(index=False)}
    present |= {(i, UNASSIGNED, b) for i, _, b in present}  # every city cell has a remainder

    def term(kind: str, indicator: str, unit: str, breakdown: str) -> tuple[int | None, float]:
        """A variable index, or None and the known value."""
        target = targets[indicator]
        if kind == "num" and target.count:
            kind = "n"
        key = (kind, indicator, unit, breakdown)
        if key in known:
            return None, known[key]
        if kind == "n":  # indicators on the same persons share one n variable
            key = ("n", model.alias(indicator), unit, breakdown)
            if key in known:
                return None, known[key]
        if unit != UNASSIGNED and (indicator, unit, breakdown) not in present:
            return None, 0.0  # absent: nobody
        low = 0.0 if unit == UNASSIGNED or kind == "num" else 1.0
        return model.var(key, low), 0.0

    def equation(plus: list[tuple], minus: list[tuple]) -> None:
        """sum(plus) = sum(minus), over cell specs (kind, indicator, unit, breakdown)."""
        terms = [(1.0, term(*spec)) for spec in plus] + [(-1.0, term(*spec)) for spec in minus]
        _add(model.rows_eq, terms)

    children: dict[str, list[str]] = defaultdict(list)
    for unit, parent in parent_of.items():
        if parent is not None:
            children[parent].append(unit)
    dims: dict[str, list[str]] = defaultdict(list)
    for breakdown in breakdowns:
        if breakdown:
            dims[breakdown.split("=")[0]].append(breakdown)
    for indicator in targets:
        kinds = ("n",) if targets[indicator].count else ("n", "num")
        mine = cells[cells["indicator"] == indicator]
        if mine.empty:
            continue
        my_breakdowns = sorted(set(mine["breakdown"]))
        for kind in kinds:
            for breakdown in my_breakdowns:
                for parent, kids in children.items():
                    extra = [(kind, indicator, UNASSIGNED, breakdown)] if parent == CITY else []
                    equation(
                        [(kind, indicator, parent, breakdown)],
                        [(kind, indicator, kid, breakdown) for kid in kids] + extra,
                    )
            mine_dims = {b.split("=")[0] for b in my_breakdowns if b}
            for unit in [*units, UNASSIGNED]:
                for dim in mine_dims:
                    equation(
                        [(kind, indicator, unit, "")],
                        [(kind, indicator, unit, b) for b in dims[dim]],
                    )
    # Relations between indicators on the same persons, cell by cell.
    every_cell = [(u, b) for u in [*units, UNASSIGNED] for b in breakdowns]
    for group in relations.partitions:
        group = [i for i in group if i in targets]
        if not group:
            continue
        for unit, breakdown in every_cell:
            if any(_exists(present, i, unit, breakdown) for i in group):
                equation(
                    [("n", group[0], unit, breakdown)],
                    [("num", i, unit, breakdown) for i in group],
                )
    for indicator, target in targets.items():
        low, high = relations.per_person.get(indicator, (0.0, 1.0))
        base = relations.base if relations.base in targets and relations.base != indicator else None
        for unit, breakdown in every_cell:
            if not _exists(present, indicator, unit, breakdown):
                continue
            n = term("n", indicator, unit, breakdown)
            if base is not None and _exists(present, base, unit, breakdown):  # n <= base count
                _add(model.rows_le, [(1.0, n), (-1.0, term("n", base, unit, breakdown))])
            if target.count:
                continue
            num = term("num", indicator, unit, breakdown)
            _add(model.rows_le, [(low, n), (-1.0, num)])  # low * n <= num
            _add(model.rows_le, [(1.0, num), (-high, n)])  # num <= high * n
    return _solve(model, withheld, targets, relations.per_person)


def _exists(present: set, indicator: str, unit: str, breakdown: str) -> bool:
    return (indicator, unit, breakdown) in present


def _add(rows: list, terms: list[tuple[float, tuple[int | None, float]]]) -> None:
    """Append sum(weight * term) (= or <=) 0 as (coefficients, right-hand side)."""
    coefs: dict[int, float] = defaultdict(float)
    constant = 0.0
    for weight, (index, value) in terms:
        if index is None:
            constant += weight * value
        else:
            coefs[index] += weight
    coefs = {k: v for k, v in coefs.items() if abs(v) > _EPS}
    if coefs:
        rows.append((coefs, -constant))


def _matrix(rows: list[tuple[dict[int, float], float]], size: int) -> tuple[csr_matrix, np.ndarray]:
    data, row_ids, col_ids, rhs = [], [], [], []
    for r, (coefs, value) in enumerate(rows):
        for c, v in coefs.items():
            row_ids.append(r)
            col_ids.append(c)
            data.append(v)
        rhs.append(value)
    matrix = coo_matrix((data, (row_ids, col_ids)), shape=(len(rows), size)).tocsr()
    return matrix, np.array(rhs, dtype=float)


class _Program:
    """One connected part of the attacker's system in HiGHS, kept between queries.

    Only the objective changes from one query to the next, so each solve starts from the last
    basis (warm start) and takes a few pivots instead of a solve from scratch.
    """

    def __init__(self, matrix: csr_matrix, row_low, row_high, col_low: np.ndarray) -> None:
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        lp = highspy.HighsLp()
        columns = matrix.tocsc()
        lp.num_col_, lp.num_row_ = columns.shape[1], columns.shape[0]
        lp.col_cost_ = np.zeros(lp.num_col_)
        lp.col_lower_ = col_low
        lp.col_upper_ = np.full(lp.num_col_, highspy.kHighsInf)
        lp.row_lower_ = row_low
        lp.row_upper_ = row_high
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = columns.indptr
        lp.a_matrix_.index_ = columns.indices
        lp.a_matrix_.value_ = columns.data
        self.highs.passModel(lp)
        self.costs: list[int] = []

    def range(self, objective: Mapping[int, float]) -> tuple[float, float]:
        """The smallest and largest value of sum(weight * column)."""
        for column in self.costs:
            self.highs.changeColCost(column, 0.0)
        for column, weight in objective.items():
            self.highs.changeColCost(column, weight)
        self.costs = list(objective)
        found = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            self.highs.changeObjectiveSense(sense)
            self.highs.run()
            status = self.highs.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal:
                found.append(self.highs.getInfo().objective_function_value)
            elif status == highspy.HighsModelStatus.kUnbounded:
                found.append(math.inf if sense == highspy.ObjSense.kMaximize else -math.inf)
            else:
                raise RuntimeError(
                    f"Angreifer-LP nicht lösbar: {self.highs.modelStatusToString(status)}"
                )
        return found[0], found[1]


def _solve(
    model: _Model,
    withheld: list[tuple],
    targets: Mapping[str, Target],
    per_person: Mapping[str, tuple[float, float]],
) -> pd.DataFrame:
    size = len(model.lower)
    if size == 0:
        return _empty()
    a_eq, b_eq = _matrix(model.rows_eq, size)
    a_le, b_le = _matrix(model.rows_le, size)
    matrix = vstack([a_eq, a_le]).tocsr()
    row_low = np.concatenate([b_eq, np.full(len(b_le), -highspy.kHighsInf)])
    row_high = np.concatenate([b_eq, b_le])
    # Independent parts of the system are solved on their own (much smaller programs).
    _, component = connected_components(abs(matrix).T @ abs(matrix), directed=False)
    lower = np.array(model.lower)
    checks = list(withheld) + [
        (indicator, UNASSIGNED, breakdown)
        for (kind, indicator, unit, breakdown) in model.variables
        if unit == UNASSIGNED and kind == "n"
    ]
    programs: dict[int, tuple[_Program, dict[int, int]]] = {}
    ranges: dict[tuple, tuple[float, float]] = {}

    def value_range(objective: dict[int, float]) -> tuple[float, float]:
        key = tuple(sorted(objective.items()))
        if key not in ranges:
            part = component[next(iter(objective))]
            if part not in programs:
                columns = np.flatnonzero(component == part)
                rows = np.flatnonzero(abs(matrix[:, columns]).sum(axis=1).A1 > 0)
                program = _Program(
                    matrix[rows][:, columns], row_low[rows], row_high[rows], lower[columns]
                )
                programs[part] = (program, {c: i for i, c in enumerate(columns)})
            program, position = programs[part]
            ranges[key] = program.range({position[c]: w for c, w in objective.items()})
        return ranges[key]

    results = []
    seen = set()
    for indicator, unit, breakdown in checks:
        if (indicator, unit, breakdown) in seen:
            continue
        seen.add((indicator, unit, breakdown))
        target = targets[indicator]
        n_var = model.variables.get(("n", model.alias(indicator), unit, breakdown))
        if n_var is None:
            continue
        n_low, n_high = value_range({n_var: 1.0})
        num_low = num_high = rest_high = np.nan
        if not target.count:
            num_var = model.variables[("num", indicator, unit, breakdown)]
            num_low, num_high = value_range({num_var: 1.0})
            if indicator not in per_person:  # a share: who does not have it
                rest_high = value_range({n_var: 1.0, num_var: -1.0})[1]
        results.append(
            {
                "indicator": indicator,
                "unit": unit,
                "breakdown": breakdown,
                "min_cell": target.min_cell,
                "n_low": n_low,
                "n_high": n_high,
                "num_low": num_low,
                "num_high": num_high,
                "rest_high": rest_high,
                "mean": indicator in per_person,
            }
        )
    return _verdicts(pd.DataFrame(results)) if results else _empty()


def _verdicts(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    low = np.ceil(frame["n_low"] - _EPS)
    high = np.floor(frame["n_high"] + _EPS)
    frame["count_exact"] = (high - low) < 0.5
    frame["narrowed"] = (high - low + 1) < frame["min_cell"]
    num_exact = (frame["num_high"] - frame["num_low"]) < _EPS
    # A share is known when nobody or everybody has it, or when count and numerator are known;
    # a mean when count and sum are known; a count indicator's rate (of the public population)
    # with its count.
    share = ~frame["mean"] & frame["num_high"].notna()
    nobody = share & (frame["num_high"] < _EPS)
    everybody = share & (frame["rest_high"] < _EPS)
    frame["share_exact"] = (
        nobody
        | everybody
        | (frame["count_exact"] & num_exact)
        | (frame["count_exact"] & frame["num_high"].isna())
    )
    # The pseudo unit of records without residence is only a problem when it is small.
    pseudo = frame["unit"] == UNASSIGNED
    harmless = pseudo & ((low >= frame["min_cell"]) | (high < 0.5))
    for column in ("count_exact", "narrowed", "share_exact"):
        frame[column] = frame[column] & ~harmless
    return frame


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        columns=[
            "indicator",
            "unit",
            "breakdown",
            "min_cell",
            "n_low",
            "n_high",
            "num_low",
            "num_high",
            "rest_high",
            "mean",
            "count_exact",
            "narrowed",
            "share_exact",
        ]
    )


# --- the whole database ----------------------------------------------------------------------


def relations_of(prefix: str, ids: Iterable[str]) -> Relations:
    """The relations between the indicators of one family (see ``Relations``)."""
    ids = sorted(ids)
    if prefix == "kompik":
        areas = sorted({i.split(".")[1] for i in ids if i.count(".") == 2})
        return Relations(
            base="kompik.coverage",
            same_n=tuple(tuple(f"kompik.{a}.{s}" for s in ("mean", "low", "high")) for a in areas),
            per_person={i: (1.0, 5.0) for i in ids if i.endswith(".mean")},
        )
    if prefix == "uwe":
        wellbeing = tuple(f"uwe.wellbeing_{k}" for k in ("high", "medium", "low"))
        return Relations(base="uwe.participation", same_n=(wellbeing,), partitions=(wellbeing,))
    if prefix == "parents":
        grades = {i for i in ids if ".grade" in i or i.endswith("overall_grade")}
        return Relations(base=None, per_person={i: (1.0, 6.0) for i in grades})
    return Relations()


def audit_values(
    values: pd.DataFrame, units: pd.DataFrame, rules: Mapping[str, tuple]
) -> pd.DataFrame:
    """Audit every population in ``values`` (rows of indicator_values).

    ``units``: key and parent of every spatial unit (indicators.geography.units);
    ``rules``: indicator id -> (rule kind, minimum cell size). Indicators without persons
    (rule "none") are not attacked.
    """
    parent_of = dict(zip(units["key"], units["parent"], strict=True))
    frame = values.assign(
        unit=values["level"] + ":" + values["unit"].astype(str),
        family=values["indicator"].str.split(".").str[0],
    )
    frame = frame[frame["indicator"].map(lambda i: rules.get(i, ("none", 0))[0] != "none")]
    found = []
    for (family, period), part in frame.groupby(["family", "period"], sort=True):
        ids = set(part["indicator"])
        targets = [Target(i, rules[i][1], rules[i][0] == "count") for i in sorted(ids)]
        result = audit_population(part, parent_of, targets, relations_of(family, ids))
        if not result.empty:
            found.append(result.assign(family=family, period=period))
    return pd.concat(found, ignore_index=True) if found else _empty()
