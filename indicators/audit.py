"""The attacker: what everything published reveals about a withheld cell.

Per population (the persons of one survey year, one KOMPIK year) one linear program over the
counts of all withheld cells of all indicators on those persons, solved with HiGHS. What the
attacker is assumed to know, and so what the program holds:

- every published cell of every indicator: numerator, denominator and n (its unknowns are only
  the withheld cells; the pseudo unit of records without residence counts as published unless
  withheld, which gives the attacker more than the truth);
- the sums that tie the cells together (a parent = its children, a total = its categories); where
  a sum has a remainder (records in the total but in no category), the remainder is one more
  unknown, >= 0 and bound like a cell;
- counts are >= 0; a withheld cell has at least one person (the public rule: 0 is never
  withheld); an indicator's n is at most the persons of its cell; a share's numerator is at most
  its denominator, a mean lies in its scale; the shares of one partition (well-being high,
  medium, low) have one n and add up to it.

The attacker wins on a cell when the program fixes its persons to fewer than ``threshold``
integer values (in particular to one), or fixes one of its shares or means exactly.
Integrality is applied by rounding the program's bounds (as tau-ARGUS's audit does). An attacker
with an integer solver may narrow further where the mean bounds or the partition leave gaps
between possible counts; that is not checked.

Most cells are settled by a few solutions of random objectives that already show the cell
varying enough ("witnesses"); only the rest get their own minimum and maximum.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd

_EPS = 1e-6  # rounding dust of the solver: bounds are taken to the integer within this
_WITNESSES = 8  # random objectives solved before single cells get their own programs
_LARGE = 3000  # variables


@dataclass(frozen=True)
class Measure:
    """One indicator as the attacker sees it: its count columns and what bounds them."""

    id: str
    numerator: str
    denominator: str
    n_is_numerator: bool  # the indicator counts persons in its numerator (a participation)
    record_range: tuple[float, float] | None  # per-record value range (share 0..1, mean 1..5)
    cells: np.ndarray  # mask of the population's cells where the indicator has a value


@dataclass(frozen=True)
class Population:
    """The cells of one population in one period and the indicators on them."""

    cells: pd.DataFrame  # unit, parent, breakdown and the count columns, one row per cell
    equations: list[tuple[int, list[int]]]  # (parent row or -1, children rows)
    persons: str  # column counting the persons of a cell
    measures: tuple[Measure, ...]
    partitions: tuple[tuple[str, ...], ...] = ()  # measure ids whose shares add up to 1
    threshold: int = 10


@dataclass
class Finding:
    """A withheld cell the attacker pins down, and how."""

    row: int
    what: str  # "persons" or a measure id
    low: float
    high: float


@dataclass
class Result:
    attacked: int  # withheld cells examined
    findings: list[Finding] = field(default_factory=list)
    remainders: int = 0  # sums with a remainder the program carried as an unknown >= 0

    @property
    def cells(self) -> set[int]:
        return {finding.row for finding in self.findings}

    def count(self, exact: bool) -> int:
        """Cells whose persons or a share are pinned exactly (True) or only narrowed (False)."""
        pinned = {f.row for f in self.findings if _is_exact(f)}
        return len(pinned) if exact else len(self.cells - pinned)


def _is_exact(finding: Finding) -> bool:
    if finding.what == "persons":
        return math.floor(finding.high + _EPS) == math.ceil(finding.low - _EPS)
    return True  # a share is only reported when pinned


def attack(
    population: Population,
    hidden: np.ndarray,
    full: bool = False,
    targets: np.ndarray | None = None,
    unpublished: np.ndarray | None = None,
) -> Result:
    """What the attacker learns about the withheld cells (``hidden``) of ``population``.

    ``targets``: the hidden cells to examine (default: all); an unknown that is no target is
    the pseudo unit of records without residence when its count needs no protection.
    ``unpublished``: hidden cells that are never published at all (the pseudo unit, seen from
    outside): they may hold 0 persons. ``full``: every target gets its own minimum and maximum
    (no witnesses); slower, for tests that check the shortcut."""
    targets = hidden if targets is None else hidden & targets
    rows = np.flatnonzero(targets)
    result = Result(attacked=len(rows))
    if not len(rows):
        return result
    program = _Program(population, hidden, unpublished)
    result.remainders = len(program.remainder)
    # A large program (sparse data, almost everything withheld) takes long per witness and is
    # loose, so fewer witnesses settle as much.
    count = _WITNESSES if len(program.variables) < _LARGE else 4
    witnesses = [] if full else program.witnesses(count)
    for target in program.targets(rows):
        if not full and target.settled_by(witnesses):
            continue
        low, high = program.bounds(target)
        if target.fails(low, high):
            result.findings.append(Finding(target.row, target.what, low, high))
    return result


@dataclass
class _Target:
    """One quantity of a withheld cell: its persons (a count) or a share (num - s0 * den)."""

    row: int
    what: str
    coefficients: dict[int, float]  # variable -> coefficient
    threshold: int = 0  # persons: the fewest integer values it must keep

    def value(self, solution: np.ndarray) -> float:
        return sum(c * solution[v] for v, c in self.coefficients.items())

    def settled_by(self, witnesses: list[np.ndarray]) -> bool:
        if not witnesses:
            return False
        values = [self.value(w) for w in witnesses]
        return not self.fails(min(values), max(values))

    def fails(self, low: float, high: float) -> bool:
        if self.what == "persons":
            if math.isinf(high) or math.isinf(low):
                return False
            possible = math.floor(high + _EPS) - math.ceil(low - _EPS) + 1
            return possible < self.threshold
        return high - low <= _EPS  # num - s0 * den is 0 in every solution: the share is s0


class _Program:
    """The linear program of one population and withheld pattern."""

    def __init__(
        self, population: Population, hidden: np.ndarray, unpublished: np.ndarray | None
    ) -> None:
        self.population = population
        cells = population.cells
        self.columns = [population.persons]
        for measure in population.measures:
            self.columns += [measure.numerator, measure.denominator]
        self.columns = list(dict.fromkeys(self.columns))
        self.values = {c: cells[c].fillna(0.0).to_numpy(dtype=float) for c in self.columns}
        present = {population.persons: np.ones(len(cells), dtype=bool)}
        for measure in population.measures:
            for column in (measure.numerator, measure.denominator):
                mask = present.get(column, np.zeros(len(cells), dtype=bool))
                present[column] = mask | measure.cells
        # A sum with a remainder (records in the total but in no category, e.g. without sex):
        # the remainder is one more unknown cell, >= 0 and bound like any cell, never a target.
        self.remainder: dict[int, int] = {}  # equation -> its remainder's row (after the cells)
        parents = []
        for eq, (parent, children) in enumerate(population.equations):
            if parent >= 0 and not all(
                self._closes(column, parent, [k for k in children if present[column][k]])
                for column in self.columns
                if present[column][parent]
            ):
                self.remainder[eq] = len(cells) + len(parents)
                parents.append(parent)
        extend = np.array(parents, dtype=int)
        self.present = {c: np.concatenate([m, m[extend]]) for c, m in present.items()}
        self.measure_cells = {
            m.id: np.concatenate([m.cells, m.cells[extend]]) for m in population.measures
        }
        self.hidden = np.concatenate([hidden, np.ones(len(parents), dtype=bool)])
        self.variables: dict[tuple[str, int], int] = {}
        for column in self.columns:
            for row in np.flatnonzero(self.hidden & self.present[column]):
                self.variables[(column, int(row))] = len(self.variables)
        self.lower = np.zeros(len(self.variables))
        withheld = hidden if unpublished is None else hidden & ~unpublished
        for row in np.flatnonzero(withheld):  # the public rule: a cell of nobody is shown as 0
            self.lower[self.variables[(population.persons, int(row))]] = 1.0
        self._rows: list[tuple[dict[int, float], float, float]] = []
        self._equations()
        self._relations()
        self.solver = self._solver()

    # --- the constraints ---

    def _closes(self, column: str, parent: int, children: list[int]) -> bool:
        values = self.values[column]
        total = values[parent] - sum(values[k] for k in children)
        return abs(total) <= 1e-9 * (1.0 + values[parent] + sum(values[k] for k in children))

    def _equations(self) -> None:
        for column in self.columns:
            values, present = self.values[column], self.present[column]
            for eq, (parent, children) in enumerate(self.population.equations):
                kids = [k for k in children if present[k]]
                if not kids or (parent >= 0 and not present[parent]):
                    continue
                members = [(parent, 1.0)] if parent >= 0 else []
                members += [(k, -1.0) for k in kids]
                if eq in self.remainder:
                    members.append((self.remainder[eq], -1.0))
                elif parent < 0 and any(values[k] for k in kids):
                    continue  # a missing total over non-empty categories: no sum to use
                elif parent >= 0 and not self._closes(column, parent, kids):
                    continue
                coefficients: dict[int, float] = {}
                constant = 0.0
                for member, sign in members:
                    if self.hidden[member]:
                        coefficients[self.variables[(column, member)]] = sign
                    else:
                        constant += sign * values[member]
                if coefficients:
                    self._rows.append((coefficients, -constant, -constant))

    def _relations(self) -> None:
        persons = self.population.persons
        by_id = {m.id: m for m in self.population.measures}
        for measure in self.population.measures:
            for row in np.flatnonzero(self.hidden & self.measure_cells[measure.id]):
                row = int(row)
                num = self.variables[(measure.numerator, row)]
                den = self.variables[(measure.denominator, row)]
                own = num if measure.n_is_numerator else den
                base = self.variables[(persons, row)]
                if own != base:
                    self._rows.append(({own: 1.0, base: -1.0}, -np.inf, 0.0))
                if measure.record_range is not None:
                    low, high = measure.record_range
                    self._rows.append(({num: 1.0, den: -high}, -np.inf, 0.0))
                    self._rows.append(({num: 1.0, den: -low}, 0.0, np.inf))
        for partition in self.population.partitions:
            members = [by_id[i] for i in partition]
            for row in np.flatnonzero(self.hidden & self.measure_cells[members[0].id]):
                row = int(row)
                dens = [self.variables[(m.denominator, row)] for m in members]
                for other in dens[1:]:
                    self._rows.append(({dens[0]: 1.0, other: -1.0}, 0.0, 0.0))
                total = {self.variables[(m.numerator, row)]: 1.0 for m in members}
                total[dens[0]] = total.get(dens[0], 0.0) - 1.0
                self._rows.append((total, 0.0, 0.0))

    def _solver(self) -> highspy.Highs:
        with _quiet():
            solver = highspy.Highs()
        solver.setOptionValue("output_flag", False)
        solver.setOptionValue("presolve", "off")  # each solve starts from the last basis
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.variables)
        lp.num_row_ = len(self._rows)
        lp.col_cost_ = np.zeros(lp.num_col_)
        lp.col_lower_ = self.lower
        lp.col_upper_ = np.full(lp.num_col_, highspy.kHighsInf)
        row_lower = np.array([r[1] for r in self._rows], dtype=float)
        row_upper = np.array([r[2] for r in self._rows], dtype=float)
        lp.row_lower_ = np.where(np.isinf(row_lower), -highspy.kHighsInf, row_lower)
        lp.row_upper_ = np.where(np.isinf(row_upper), highspy.kHighsInf, row_upper)
        entries = [
            (col, row, v) for row, (cs, _, _) in enumerate(self._rows) for col, v in cs.items()
        ]
        entries.sort()
        cols = np.array([e[0] for e in entries], dtype=np.int32)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.searchsorted(cols, np.arange(lp.num_col_ + 1)).astype(np.int32)
        lp.a_matrix_.index_ = np.array([e[1] for e in entries], dtype=np.int32)
        lp.a_matrix_.value_ = np.array([e[2] for e in entries], dtype=float)
        solver.passModel(lp)
        return solver

    # --- what the attacker asks ---

    def targets(self, rows: np.ndarray) -> Iterator[_Target]:
        population = self.population
        for row in rows:
            row = int(row)
            base = self.variables[(population.persons, row)]
            yield _Target(row, "persons", {base: 1.0}, population.threshold)
            for measure in population.measures:
                if not measure.cells[row]:
                    continue
                num_true = self.values[measure.numerator][row]
                den_true = self.values[measure.denominator][row]
                if den_true <= 0:
                    continue  # no value to protect
                share = num_true / den_true
                num = self.variables[(measure.numerator, row)]
                den = self.variables[(measure.denominator, row)]
                coefficients = {num: 1.0}
                coefficients[den] = coefficients.get(den, 0.0) - share
                yield _Target(row, measure.id, coefficients)

    def witnesses(self, count: int) -> list[np.ndarray]:
        """Solutions of opposite objectives, in pairs (seeded: the audit is reproducible).

        A pair pushes a random half of the persons up and the rest down, then the reverse, so
        every cell's persons meet both ends of their range; all numerators go up in one and down
        in the other, so a share that can move does."""
        rng = np.random.default_rng(len(self.variables))
        kinds = np.array([column for column, _ in self.variables], dtype=object)
        persons = kinds == self.population.persons
        numerators = np.isin(kinds, [m.numerator for m in self.population.measures]) & ~persons
        denominators = np.isin(kinds, [m.denominator for m in self.population.measures])
        denominators &= ~persons & ~numerators
        found = []
        for _ in range((count + 1) // 2):
            costs = np.zeros(len(self.variables))
            costs[persons] = rng.choice([-1.0, 1.0], int(persons.sum()))
            costs[numerators] = 0.1
            for sign in (1.0, -1.0):
                # Denominators always up, so that shares stay defined while numerators move.
                signed = sign * costs
                signed[denominators] = rng.uniform(0.02, 0.05, int(denominators.sum()))
                solution = self._solve(signed, maximize=True, bounded=True)
                if solution is not None:
                    found.append(solution)
        return found

    def bounds(self, target: _Target) -> tuple[float, float]:
        """The smallest and largest value of ``target`` over everything published."""
        costs = np.zeros(len(self.variables))
        for variable, coefficient in target.coefficients.items():
            costs[variable] = coefficient
        low = self._optimum(costs, maximize=False)
        high = self._optimum(costs, maximize=True)
        return low, high

    def _optimum(self, costs: np.ndarray, maximize: bool) -> float:
        # Primal simplex: the last basis stays feasible under a new objective (about 5x faster
        # here than the default dual simplex, which has to start over).
        self.solver.setOptionValue("simplex_strategy", 4)
        self._set(costs, maximize)
        self.solver.run()
        status = self.solver.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return float(self.solver.getInfo().objective_function_value)
        if status in (
            highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            return math.inf if maximize else -math.inf
        raise RuntimeError(f"Prüfprogramm ohne Lösung: {self.solver.modelStatusToString(status)}")

    def _solve(self, costs: np.ndarray, maximize: bool, bounded: bool) -> np.ndarray | None:
        """A vertex for ``costs``; with ``bounded`` the variables are capped so that a maximum
        exists (the cap lies far above any real count)."""
        if bounded:
            cap = 10.0 * (1.0 + max(float(np.abs(v).sum()) for v in self.values.values()))
            self.solver.changeColsBounds(
                len(self.variables),
                np.arange(len(self.variables), dtype=np.int32),
                self.lower,
                np.full(len(self.variables), cap),
            )
        self.solver.setOptionValue("simplex_strategy", 1)  # dual: new bounds, new objective
        self._set(costs, maximize)
        self.solver.run()
        ok = self.solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
        solution = np.array(self.solver.getSolution().col_value) if ok else None
        if bounded:
            self.solver.changeColsBounds(
                len(self.variables),
                np.arange(len(self.variables), dtype=np.int32),
                self.lower,
                np.full(len(self.variables), highspy.kHighsInf),
            )
        return solution

    def _set(self, costs: np.ndarray, maximize: bool) -> None:
        self.solver.changeColsCost(
            len(costs), np.arange(len(costs), dtype=np.int32), costs.astype(float)
        )
        sense = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        self.solver.changeObjectiveSense(sense)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """HiGHS prints a banner to the process's stdout when the first solver is made."""
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
