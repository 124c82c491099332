"""Secondary suppression: which further cells to hide so that no hidden cell can be recomputed.

``indicators.disclosure.protect`` decides the primary cells and calls ``extra_cells``; this module
is the search behind it. The sums that tie the cells together:

- hierarchy: a parent unit = the sum of its child units (per breakdown value),
- breakdown: a unit's total = the sum of the categories of one dimension (per unit).

Both may leave a non-zero unpublished remainder (records in a total but in no category). A
remainder is an unknown that occurs in its equation only, so for exact recomputation the
equation then constrains nothing; it is left out of the linear system, which is equivalent to
adding the remainder as an unknown column. (That the remainder is >= 0 is a bound: the attacker
of ``indicators.audit`` uses it. Records without residence are no remainder: they form the
pseudo unit of ``indicators.aggregate``.) Whether a remainder exists is judged on ``n`` alone:
n counts the records, and the numerator sums the same records, so no record outside the sum means no
remainder in either. A denominator from another source (population) may not close; if that
switched the equation off, n and numerator of a hidden cell could be recomputed from it.

A hidden cell is recoverable when its value is fixed by the published cells: its unit vector lies
in the row space of the equation matrix restricted to the hidden cells. Per period:

1. primary suppression (given); 2. eliminate the exact equations over the hidden cells; 3. for
every recoverable cell hide a partner from the equations that recompute it (children before
parents, cells that protect it alone first, then the smallest n) and repeat; 4. where the hidden
parts of a published total sum to 1..min-1, hide one more part, then back to 2.

Everything depends only on ``n`` and the structure, never on numerator or denominator, so
indicators on the same records get the same pattern (see ``disclosure.apply_pattern``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

_TOL = 1e-9  # an entry of the eliminated 0/+-1 system below this is zero


def extra_cells(cells: pd.DataFrame, hidden: np.ndarray, min_cell: int) -> np.ndarray:
    """Mask of the cells to hide in addition to the ``hidden`` ones, each period on its own.

    ``cells``: period, unit, parent, breakdown, n (checked by ``disclosure.protect``)."""
    extra = np.zeros(len(cells), dtype=bool)
    if not hidden.any():
        return extra
    parent_of = _parent_map(cells)
    for positions in cells.groupby("period", sort=False, dropna=False).indices.values():
        if not hidden[positions].any():
            continue
        structure = _Structure.build(cells.iloc[positions], parent_of)
        extra[positions[_secondary(structure, hidden[positions], min_cell)]] = True
    return extra


def equations(part: pd.DataFrame) -> list[tuple[int, list[int]]]:
    """The sums of one period's cells (unit, parent, breakdown), as row positions:
    (parent or total, or -1 for a missing row, which is a public zero; children or categories)."""
    units = part["unit"].astype(str).tolist()
    breakdowns = part["breakdown"].astype(str).tolist()
    parent_of = _parent_map(part)
    return _hierarchy_groups(units, breakdowns, parent_of) + _breakdown_groups(units, breakdowns)


@dataclass
class _Structure:
    """The cells of one period and the sums that tie them together.

    ``parent[e]`` is the cell index of equation e's parent or total (-1: no row, a public zero),
    ``children[e]`` the cell indices of its children or categories (missing ones are zeros),
    ``members[e]`` both together,
    ``exact[e]`` whether it holds without remainder in n, ``matrix`` the exact equations as rows
    (+1 parent, -1 children) over all cells as columns, ``row_equation`` their equation ids.
    """

    units: list[str]
    breakdowns: list[str]
    n: np.ndarray
    parent: list[int]
    children: list[list[int]]
    members: list[list[int]]
    exact: np.ndarray
    matrix: np.ndarray
    row_equation: np.ndarray
    cell_equations: list[list[int]]

    @classmethod
    def build(cls, part: pd.DataFrame, parent_of: dict[str, str | None]) -> _Structure:
        units = part["unit"].astype(str).tolist()
        breakdowns = part["breakdown"].astype(str).tolist()
        n = part["n"].to_numpy(dtype=float)
        groups = _hierarchy_groups(units, breakdowns, parent_of)
        groups += _breakdown_groups(units, breakdowns)
        members = [([p] if p >= 0 else []) + kids for p, kids in groups]
        incidence = np.zeros((len(groups), len(units)))
        for eq, (p, kids) in enumerate(groups):
            incidence[eq, kids] = -1.0
            if p >= 0:
                incidence[eq, p] = 1.0
        exact = _closes(incidence, n)
        cell_equations: list[list[int]] = [[] for _ in units]
        for eq, cells in enumerate(members):
            for cell in cells:
                cell_equations[cell].append(eq)
        return cls(
            units=units,
            breakdowns=breakdowns,
            n=n,
            parent=[p for p, _ in groups],
            children=[kids for _, kids in groups],
            members=members,
            exact=exact,
            matrix=incidence[exact],
            row_equation=np.flatnonzero(exact),
            cell_equations=cell_equations,
        )

    def key(self, cell: int) -> tuple[str, str]:
        return (self.units[cell], self.breakdowns[cell])


def _closes(incidence: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Equations without remainder in n (see the module doc for why n alone decides).

    Summed with bincount, not a matrix product: a threaded BLAS call on a busy machine costs
    more than the whole suppression.
    """
    eqs, cells = np.nonzero(incidence)
    remainder = np.bincount(eqs, incidence[eqs, cells] * n[cells], minlength=len(incidence))
    return np.abs(remainder) <= 1e-9 * (1.0 + np.bincount(eqs, n[cells], minlength=len(incidence)))


def _hierarchy_groups(
    units: list[str], breakdowns: list[str], parent_of: dict[str, str | None]
) -> list[tuple[int, list[int]]]:
    """Parent = sum of children, per breakdown value; children attach to the nearest published
    ancestor, so an unpublished level (e.g. no Stadtbezirke) still yields the sum to the city."""
    present = set(units)
    roots = sorted(u for u in present if parent_of.get(u) is None)
    index = {(u, b): i for i, (u, b) in enumerate(zip(units, breakdowns, strict=True))}
    kids_of: dict[str, list[str]] = defaultdict(list)
    for unit in sorted(present):
        ancestor = _published_ancestor(unit, parent_of, present, roots)
        if ancestor is not None:
            kids_of[ancestor].append(unit)
    groups = []
    for parent_unit, kids in sorted(kids_of.items()):
        for b in sorted(set(breakdowns)):
            members = [index[(k, b)] for k in kids if (k, b) in index]
            if members:
                groups.append((index.get((parent_unit, b), -1), members))
    return groups


def _parent_map(cells: pd.DataFrame) -> dict[str, str | None]:
    """Unit -> parent over all periods (a level missing in one period is known from another)."""
    pairs = cells[["unit", "parent"]].drop_duplicates()
    parent_of: dict[str, str | None] = {}
    for unit, parent in zip(pairs["unit"].tolist(), pairs["parent"].tolist(), strict=True):
        parent = None if pd.isna(parent) else str(parent)
        if parent_of.get(str(unit), parent) != parent:
            raise ValueError(f"Einheit {unit} hat mehrere übergeordnete Einheiten")
        parent_of[str(unit)] = parent
    return parent_of


def _published_ancestor(
    unit: str, parent_of: dict[str, str | None], present: set[str], roots: list[str]
) -> str | None:
    """The nearest ancestor with cells in this period; a broken chain ends at the single root.

    Adding a sum that does not hold is harmless (it is found inexact), missing one is not.
    """
    seen = {unit}
    current = parent_of.get(unit)
    while current is not None and current not in present and current not in seen:
        seen.add(current)
        current = parent_of.get(current)
    if current in present and current not in seen:
        return current
    if parent_of.get(unit) is not None and len(roots) == 1 and roots[0] != unit:
        return roots[0]
    return None


def _breakdown_groups(units: list[str], breakdowns: list[str]) -> list[tuple[int, list[int]]]:
    """Total = sum of the categories of one dimension, per unit and dimension."""
    index = {(u, b): i for i, (u, b) in enumerate(zip(units, breakdowns, strict=True))}
    categories: dict[str, list[str]] = defaultdict(list)
    for b in sorted(set(breakdowns)):
        if b:
            categories[b.split("=", 1)[0]].append(b)
    groups = []
    for unit in sorted(set(units)):
        for dim in sorted(categories):
            members = [index[(unit, b)] for b in categories[dim] if (unit, b) in index]
            total = index.get((unit, ""), -1)
            if members:
                groups.append((total, members))
    return groups


def _secondary(st: _Structure, primary: np.ndarray, min_cell: int) -> np.ndarray:
    """Mask of the cells to hide in addition to ``primary`` (one period)."""
    hidden = primary.copy()
    system = _Elimination(st.matrix, np.flatnonzero(hidden))
    for _ in range(len(hidden) + 2):  # every round hides at least one more cell
        if recoverable := system.recoverable():
            picks = _partners_against_recovery(st, hidden, system, recoverable)
        elif not (picks := _partners_against_small_sums(st, hidden, min_cell)):
            if system.consistent():
                return hidden & ~primary
            system = _Elimination(st.matrix, np.flatnonzero(hidden))  # belt and braces
            continue
        hidden[picks] = True
        system.add(picks)
    raise RuntimeError("Sekundärsperrung kommt zu keinem Ende")


class _Elimination:
    """Gauss-Jordan elimination of the exact equations over the hidden cells, grown by columns.

    Elimination rather than an SVD per round: LAPACK's SVD runs threaded from about 50 columns,
    and on a busy machine a 60x60 SVD then took 65 ms instead of 0.4 ms. Hiding more cells only
    appends columns: the old pivots stay and rows without a pivot are zero in all old columns,
    so a round eliminates just its new columns. ``work`` = [T @ A_hidden | T], where T records
    the row operations; the matrices hold 0 and +-1 only.
    """

    def __init__(self, matrix: np.ndarray, hidden: np.ndarray) -> None:
        self.matrix = matrix
        self.cells: list[int] = []
        self.pivots: list[int] = []  # column of the pivot in row i
        self.row_of: dict[int, int] = {}  # pivot cell -> its row
        self.work = np.eye(len(matrix))  # no hidden columns yet, T = I
        self.add(hidden)

    @property
    def transform(self) -> np.ndarray:
        return self.work[:, len(self.cells) :]

    def add(self, cells: np.ndarray | list[int]) -> None:
        """Append hidden cells as columns (a cell twice would look like two free unknowns)."""
        known = set(self.cells)
        cells = [c for c in dict.fromkeys(int(c) for c in cells) if c not in known]
        first = len(self.cells)
        columns = self.reduce(cells)
        self.work = np.hstack([self.work[:, :first], columns, self.transform])
        self.cells += cells
        for col in range(first, len(self.cells)):
            self._pivot_on(col)

    def reduce(self, cells: np.ndarray | list[int]) -> np.ndarray:
        """T @ (the cells' columns): the cells expressed in the current reduced rows."""
        return self.transform @ self.matrix[:, np.asarray(cells, dtype=int)]

    def _pivot_on(self, col: int) -> None:
        work, row = self.work, len(self.pivots)
        if row == len(work):
            return
        below = np.abs(work[row:, col])
        best = row + int(below.argmax())
        if below[best - row] <= _TOL:
            return  # a free column: this cell can take any value
        if best != row:
            work[[row, best]] = work[[best, row]]
        work[row] /= work[row, col]
        hits = np.flatnonzero(work[:, col])
        hits = hits[hits != row]
        if hits.size:
            block = work[hits] - np.outer(work[hits, col], work[row])
            block[np.abs(block) < _TOL] = 0.0  # rounding dust would spoil the sparsity
            work[hits] = block
        self.pivots.append(col)
        self.row_of[self.cells[col]] = row

    def consistent(self) -> bool:
        """Whether the grown state is a valid elimination: T @ A_hidden is the reduced matrix,
        in reduced row echelon form, over distinct hidden cells."""
        k, rank = len(self.cells), len(self.pivots)
        reduced = self.work[:, :k]
        echelon = np.zeros((len(self.work), rank))
        echelon[np.arange(rank), np.arange(rank)] = 1.0
        return (
            len(set(self.cells)) == k
            and np.allclose(self.transform @ self.matrix[:, self.cells], reduced, atol=1e-7)
            and np.allclose(reduced[:, self.pivots], echelon, atol=1e-7)
            and bool((np.abs(reduced[rank:]) <= _TOL).all())
        )

    def recoverable(self) -> list[int]:
        """Hidden cells fixed in every solution: pivots whose row has no free entry."""
        rank, k = len(self.pivots), len(self.cells)
        free = np.ones(k, dtype=bool)
        free[self.pivots] = False
        alone = np.abs(self.work[:rank, :k][:, free]).sum(axis=1) <= _TOL
        return [self.cells[self.pivots[r]] for r in np.flatnonzero(alone)]

    def derivation(self, cell: int) -> np.ndarray:
        """The rows (equations) whose signed sum isolates the recoverable ``cell``."""
        return np.flatnonzero(np.abs(self.transform[self.row_of[cell]]) > _TOL)

    def protection(self, candidates: list[int], recoverable: list[int]) -> dict[int, set[int]]:
        """Candidate -> the recoverable cells that hiding it alone would protect.

        Hiding j protects cell k iff j's column lies in the column space of the hidden columns
        (else j itself would be recoverable and change nothing) and the solution x of
        A_hidden x = -a_j has x_k != 0: then (x, 1) is a null vector of the enlarged matrix.
        In reduced form: T a_j is zero beyond the rank, and non-zero in k's pivot row.
        """
        reduced = self.reduce(candidates)
        fits = (np.abs(reduced[len(self.pivots) :]) <= _TOL).all(axis=0)
        hits = np.abs(reduced[[self.row_of[k] for k in recoverable]]) > _TOL
        return {
            c: {recoverable[i] for i in np.flatnonzero(hits[:, j])} if fits[j] else set()
            for j, c in enumerate(candidates)
        }


def _partners_against_recovery(
    st: _Structure, hidden: np.ndarray, system: _Elimination, recoverable: list[int]
) -> list[int]:
    """One partner per recoverable cell, in a batch of cells that do not interfere.

    Per cell, the candidates are the published cells of the equations that recompute it (its
    own equations first). Children and categories come before parents and totals; among them
    first the ones that protect it alone, then the smallest n. A cell whose own equations a
    partner chosen in this round touches waits for the next round; a cell that partner protects
    needs none (hiding more never makes a cell recoverable again).
    """
    used, candidates = {}, {}
    for x in recoverable:
        own = [eq for eq in st.cell_equations[x] if st.exact[eq]]
        used[x] = set(st.row_equation[system.derivation(x)].tolist()).union(own)
        candidates[x] = _candidates(st, hidden, x, used[x])
    pool = sorted({c for found in candidates.values() for c in found})
    if not pool:  # impossible for consistent data: a hidden cell has n > 0
        raise RuntimeError("Sekundärsperrung findet keine Zelle, die sie noch sperren kann")
    protects = system.protection(pool, recoverable)
    picks: list[int] = []
    done: set[int] = set()
    touched: set[int] = set()
    for x in sorted(candidates, key=st.key):
        if x in done or not candidates[x] or touched.intersection(st.cell_equations[x]):
            continue
        ranked = {
            c: (role, x not in protects[c], indirect, st.n[c], *st.key(c))
            for c, (role, indirect) in candidates[x].items()
        }
        pick = min(ranked, key=ranked.__getitem__)
        if pick in picks:  # already hidden this round: see again next round
            continue
        picks.append(pick)
        touched.update(st.cell_equations[pick])
        done.update(protects[pick])
    return picks


def _candidates(
    st: _Structure, hidden: np.ndarray, cell: int, equations: set[int]
) -> dict[int, tuple[int, int]]:
    """Published non-zero cells of ``equations`` -> (1 if parent/total, 1 if not with ``cell``).

    A zero is never a partner: it adds nothing to the hidden sum, so the small-sum rule would
    ask for yet another cell.
    """
    found: dict[int, tuple[int, int]] = {}
    for eq in sorted(equations):
        indirect = int(cell not in st.members[eq])
        for member in st.members[eq]:
            if not hidden[member] and st.n[member] > 0:
                rank = (int(member == st.parent[eq]), indirect)
                found[member] = min(rank, found.get(member, rank))
    return found


def _partners_against_small_sums(st: _Structure, hidden: np.ndarray, min_cell: int) -> list[int]:
    """Hide one more cell wherever the hidden children of a published parent sum to 1..min-1.

    The attacker learns that sum (up to a remainder) as parent minus published children, so it
    must not be a small number itself. Remainder equations count as well: a remainder may be
    tiny. With no published child left, the parent or total is hidden.
    """
    hidden = hidden.copy()
    picks = []
    for eq, parent in enumerate(st.parent):
        if parent >= 0 and hidden[parent]:
            continue
        kids = np.array(st.children[eq], dtype=int)
        hidden_sum = st.n[kids[hidden[kids]]].sum()
        if not 0 < hidden_sum < min_cell:
            continue
        published = [int(k) for k in kids if not hidden[k] and st.n[k] > 0]
        if published:
            pick = min(published, key=lambda c: (st.n[c], *st.key(c)))
        elif parent >= 0 and st.n[parent] > 0:
            pick = parent
        else:
            continue
        hidden[pick] = True
        picks.append(pick)
    return picks
