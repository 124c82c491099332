"""One withheld pattern for all indicators on the same persons, checked against the attacker.

A population is the persons of one source family in one period (the questionnaires of a UWE
survey year, the observed children of a KOMPIK year). Its indicators are related (one n for
well-being high, medium and low; every share's n at most the persons of its cell), so an
attacker combines them. Each population therefore gets one pattern of withheld cells (period,
unit, breakdown), the same for all its indicators:

1. primary: a cell is withheld when any indicator on it fails its own rule;
2. secondary (``indicators.secondary``) on the persons of the cells, with the population's
   threshold: no withheld cell can be recomputed by sums, no group of them sums to a small count;
3. audit (``indicators.audit``): the attacker's linear program; for every cell it still pins or
   narrows, the nearest published cell of its sums is withheld too, then back to 2.

A period whose cells below the city mostly fail their own rules, or that needs more than
``MAX_ROUNDS`` rounds, is not published at all: sparse data (a test delivery, a tiny partial
year), where the search would cost minutes and leave little to show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.vocabulary import CITY
from indicators import audit, disclosure, secondary
from indicators.aggregate import UNASSIGNED
from indicators.families import den, num
from indicators.indicator import MEAN, Indicator

MAX_ROUNDS = 8
SPARSE = 0.5  # share of the cells below the city failing their own rules (see the module doc)
AUDIT_REASON = "gesperrt, sonst durch Schranken und verwandte Indikatoren eingrenzbar"
SPARSE_REASON = "Zeitraum nicht veröffentlicht: zu viele Gebiete unter der Mindestfallzahl"
PATTERN_KEYS = ["period", "unit", "breakdown"]


@dataclass(frozen=True)
class Relations:
    """What ties a family's person indicators together, as the attacker knows it.

    ``persons``: the cell column that counts the persons every indicator of the family rests on
    (an indicator's n is at most it); ``partitions``: indicators whose shares have one n and add
    up to 100 % (well-being high, medium, low)."""

    persons: str
    partitions: tuple[tuple[Indicator, ...], ...] = ()


@dataclass
class Pattern:
    """The withheld cells of a population: ``frame`` has period, unit, breakdown, suppressed and
    reason; ``attacked``/``rounds``/``sparse`` say what the audit did: cells examined in the last
    round, the most rounds of a period, periods not published."""

    frame: pd.DataFrame
    attacked: int = 0
    rounds: int = 0
    sparse: int = 0


def threshold(indicators: list[Indicator]) -> int:
    """The persons a withheld cell must keep possible: the strictest rule of the population."""
    return max(i.rule.min_cell for i in indicators)


def population_cells(
    cells: pd.DataFrame, indicators: list[Indicator], relations: Relations
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The cells of the population (every level and breakdown of its indicators, with the pseudo
    unit of records without residence) and, per indicator, the mask of its own cells."""
    levels = {level for i in indicators for level in i.levels} | {UNASSIGNED}
    dims = {dim for i in indicators for dim in i.breakdowns}
    dim = cells["breakdown"].str.split("=").str[0]
    keep = cells["level"].isin(levels) & ((cells["breakdown"] == "") | dim.isin(dims))
    frame = cells[keep].reset_index(drop=True)
    frame[relations.persons] = frame[relations.persons].fillna(0.0)
    masks = {}
    frame_dim = frame["breakdown"].str.split("=").str[0]
    for indicator in indicators:
        masks[indicator.id] = (
            frame[num(indicator)].notna()
            & frame["level"].isin([*indicator.levels, UNASSIGNED])
            & ((frame["breakdown"] == "") | frame_dim.isin(indicator.breakdowns))
        ).to_numpy()
    return frame, masks


def measures(
    indicators: list[Indicator], masks: dict[str, np.ndarray]
) -> tuple[audit.Measure, ...]:
    return tuple(
        audit.Measure(
            id=i.id,
            numerator=num(i),
            denominator=den(i),
            n_is_numerator=i.rule.kind == "count",
            record_range=_record_range(i),
            cells=masks[i.id],
        )
        for i in indicators
    )


def _record_range(indicator: Indicator) -> tuple[float, float] | None:
    """What one record adds to the numerator per record of the denominator, publicly known."""
    if indicator.rule.kind == "count":
        return None  # a count over another source (population): may exceed 100 %
    if indicator.kind is MEAN:
        return indicator.unit.value_range
    return (0.0, 1.0)  # a share of records


def periods(
    frame: pd.DataFrame,
    masks: dict[str, np.ndarray],
    indicators: list[Indicator],
    relations: Relations,
) -> Iterator[tuple[np.ndarray, audit.Population]]:
    """Per period of ``population_cells``: the row positions and the attacker's view of them."""
    partitions = tuple(tuple(i.id for i in group) for group in relations.partitions)
    for positions in frame.groupby("period", sort=False).indices.values():
        part = frame.iloc[positions].reset_index(drop=True)
        yield (
            positions,
            audit.Population(
                cells=part,
                equations=secondary.equations(part),
                persons=relations.persons,
                measures=measures(indicators, {i: m[positions] for i, m in masks.items()}),
                partitions=partitions,
                threshold=threshold(indicators),
            ),
        )


def protect(cells: pd.DataFrame, indicators: list[Indicator], relations: Relations) -> Pattern:
    """The shared pattern of ``indicators`` (all on the persons of ``relations.persons``)."""
    frame, masks = population_cells(cells, indicators, relations)
    persons = frame[relations.persons].to_numpy(dtype=float)
    reasons: list[str | None] = [None] * len(frame)
    for indicator in indicators:
        mask = masks[indicator.id]
        own = frame[mask]
        counted = own[num(indicator)] if indicator.rule.kind == "count" else own[den(indicator)]
        view = own.assign(n=counted.fillna(0.0).round())
        if disclosure.GROUPS_COLUMN in view:
            # A group rule is about areas where one Kita or centre dominates; the pseudo unit
            # is no area and never shown, it only has to keep its count (n rule) safe.
            pseudo = view["level"] == UNASSIGNED
            view[disclosure.GROUPS_COLUMN] = view[disclosure.GROUPS_COLUMN].mask(pseudo, np.inf)
        for row, reason in zip(
            np.flatnonzero(mask), disclosure.primary_reasons(view, indicator.rule), strict=True
        ):
            if reason is not None and reasons[row] is None:
                reasons[row] = f"{indicator.title}: {reason}"
    hidden = np.array([r is not None for r in reasons], dtype=bool)
    pattern = Pattern(frame[PATTERN_KEYS].copy())
    for positions, population in periods(frame, masks, indicators, relations):
        local_reasons = [reasons[p] for p in positions]
        local, stats = _protect_period(
            population, hidden[positions], persons[positions], local_reasons
        )
        hidden[positions] = local
        for p, reason in zip(positions, local_reasons, strict=True):
            reasons[p] = reason
        pattern.attacked += stats[0]
        pattern.rounds = max(pattern.rounds, stats[1])
        pattern.sparse += stats[2]
    pattern.frame["suppressed"] = hidden
    pattern.frame["reason"] = pd.Series(reasons, dtype=object)
    return pattern


def _protect_period(
    population: audit.Population, primary: np.ndarray, persons: np.ndarray, reasons: list
) -> tuple[np.ndarray, tuple[int, int, int]]:
    """Secondary suppression and audit of one period until the attacker finds nothing."""
    cells = population.cells
    secondary_frame = cells.assign(n=persons)
    hidden = primary.copy()
    neighbours = _Neighbours(population.equations)
    attacked = 0
    below_city = (cells["level"] != CITY.key).to_numpy() & (persons > 0)
    sparse = hidden[below_city].mean() > SPARSE if below_city.any() else False
    for round_ in range(1, 0 if sparse else MAX_ROUNDS + 1):
        extra = secondary.extra_cells(secondary_frame, hidden, population.threshold)
        for row in np.flatnonzero(extra):
            reasons[row] = disclosure.SECONDARY_REASON
        hidden |= extra
        if not hidden.any():
            return hidden, (0, round_, 0)
        result = audit.attack(population, hidden)
        attacked = result.attacked
        if not result.findings:
            return hidden, (attacked, round_, 0)
        picks = neighbours.partners(result.findings, hidden, persons, population)
        if not picks:
            break
        for row in picks:
            hidden[row] = True
            reasons[row] = AUDIT_REASON
    # Sparse data: nothing of the period is published. Without any published total, no count
    # or share of a withheld cell is bounded; a city-only pattern would need an audit of an
    # almost fully withheld table, which costs minutes.
    for row in np.flatnonzero((persons > 0) & ~hidden):
        reasons[row] = SPARSE_REASON
    hidden |= persons > 0
    return hidden, (attacked, MAX_ROUNDS, 1)


class _Neighbours:
    """Which published cell to withhold next to a cell the attacker pins down."""

    def __init__(self, equations: list[tuple[int, list[int]]]) -> None:
        self.equations = equations
        self.of_cell: dict[int, list[int]] = defaultdict(list)
        for eq, (parent, children) in enumerate(equations):
            for cell in ([parent] if parent >= 0 else []) + children:
                self.of_cell[cell].append(eq)

    def partners(
        self,
        findings: list[audit.Finding],
        hidden: np.ndarray,
        persons: np.ndarray,
        population: audit.Population,
    ) -> list[int]:
        """One published cell per pinned cell: in its own sums if possible, else in the sums of
        the withheld cells it is tied to (breadth first). Children before parents, a cell that
        carries the pinned share's numerator (a 0 % or 100 % sum pins shares) first, then the
        smallest n."""
        picks: list[int] = []
        measure_of = {m.id: m for m in population.measures}
        cells = population.cells
        for finding in sorted(findings, key=lambda f: (f.row, f.what)):
            if finding.row in picks:
                continue
            measure = measure_of.get(finding.what)
            pick = self._nearest(finding.row, hidden, persons, cells, measure, set(picks))
            if pick is not None and pick not in picks:
                picks.append(pick)
        return picks

    def _nearest(
        self,
        row: int,
        hidden: np.ndarray,
        persons: np.ndarray,
        cells: pd.DataFrame,
        measure: audit.Measure | None,
        taken: set[int],
    ) -> int | None:
        seen_cells = {row}
        frontier = [row]
        while frontier:
            candidates: dict[int, tuple] = {}
            next_frontier: list[int] = []
            for cell in frontier:
                for eq in self.of_cell.get(cell, []):
                    parent, children = self.equations[eq]
                    for member in ([parent] if parent >= 0 else []) + children:
                        if member in seen_cells:
                            continue
                        seen_cells.add(member)
                        if hidden[member]:
                            next_frontier.append(member)
                        elif persons[member] > 0 and member not in taken:
                            candidates[member] = (
                                _useless(cells, member, measure),
                                int(member == parent),
                                persons[member],
                                member,
                            )
            if candidates:
                return min(candidates, key=candidates.__getitem__)
            frontier = next_frontier
        return None


def _useless(cells: pd.DataFrame, row: int, measure: audit.Measure | None) -> int:
    """1 if withholding ``row`` cannot unpin ``measure``'s share (its numerator is 0 or all)."""
    if measure is None or measure.record_range != (0.0, 1.0):
        return 0
    numerator = cells[measure.numerator].iat[row]
    denominator = cells[measure.denominator].iat[row]
    if pd.isna(numerator) or pd.isna(denominator):
        return 1
    return int(numerator <= 0 or numerator >= denominator)
