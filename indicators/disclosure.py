"""Disclosure control: every aggregated value the project publishes passes through ``protect``.

Primary suppression (here) hides cells that rest on too few persons (or, for KOMPIK, too few
Kitas). Secondary suppression (``indicators.secondary``) then hides further cells until no hidden
cell can be recomputed from the published ones by the sums that tie the cells together (a parent
and its children, a total and its categories), and until no group of hidden cells sums to a
small number.

Everything depends only on ``n`` (and, for the KECK rule, ``kitas_ok``) and the structure, never
on numerator or denominator, so indicators on the same records get the same pattern (see
``apply_pattern``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators import secondary

KINDS = ("count", "respondents", "none")
SECONDARY_REASON = "sekundär gesperrt, sonst aus Summen berechenbar"
REQUIRED_COLUMNS = ("period", "unit", "parent", "breakdown", "numerator", "denominator", "n")
# Per cell: how many Kitas contributed enough children (the KECK rule; see ``keck_counter``).
KECK_COLUMN = "kitas_ok"
# Columns blanked on hidden rows: nothing of a suppressed cell may be stored or leak.
VALUE_COLUMNS = ("numerator", "denominator", "n", "value", KECK_COLUMN)


@dataclass(frozen=True)
class Thresholds:
    """The confidentiality thresholds of the project, set here and nowhere else.

    - ``min_count``: a count of persons is shown only from 5 persons on (1-4 are hidden).
    - ``min_respondents``: a share or mean from a survey or observation is shown only if it rests
      on at least 10 questionnaires or observed children.
    - ``keck_min_children_per_kita`` and ``keck_min_kitas``: the KECK rule for KOMPIK, a value is
      shown only if at least 2 Kitas contributed at least 4 children each.

    KECK's values are KECK's own; no threshold is published for UWE or the parent survey, so 5
    and 10 are the project's choice (the Federal Employment Agency uses 3, with secondary
    suppression as here). Cells with n = 0 are never hidden: there is nobody to protect.
    """

    min_count: int = 5
    min_respondents: int = 10
    keck_min_children_per_kita: int = 4
    keck_min_kitas: int = 2


@dataclass(frozen=True)
class CellRule:
    """The primary rule of one indicator: what ``n`` counts, its minimum, and the KECK rule."""

    kind: str
    min_cell: int
    keck: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unbekannte Geheimhaltungsregel {self.kind!r}, erlaubt: {KINDS}")
        if self.min_cell < 0:
            raise ValueError("Mindestfallzahl darf nicht negativ sein")

    @property
    def columns(self) -> tuple[str, ...]:
        """Cell columns the rule reads besides ``n`` (the KECK rule: ``kitas_ok``)."""
        return (KECK_COLUMN,) if self.keck else ()


def keck_counter(group: str, thresholds: Thresholds = Thresholds()) -> tuple[str, int, str]:
    """``Part.group_min`` for the KECK rule: per cell, how many ``group``s (Kitas) contributed
    at least ``keck_min_children_per_kita`` records, in the column the rule reads."""
    return (group, thresholds.keck_min_children_per_kita, KECK_COLUMN)


LIMITS = Thresholds()
PERSONS = CellRule("count", LIMITS.min_count)
RESPONDENTS = CellRule("respondents", LIMITS.min_respondents)
KECK = CellRule("respondents", LIMITS.min_respondents, keck=True)
INSTITUTIONS = CellRule("none", 0)  # facilities and staffing: no persons to protect


def protect(
    cells: pd.DataFrame, rule: CellRule, thresholds: Thresholds = Thresholds()
) -> pd.DataFrame:
    """Primary and secondary suppression of one indicator's cells, all periods (each on its own).

    ``cells``: period, unit, parent, breakdown, numerator, denominator, n, for KECK kitas_ok; a
    missing (unit, breakdown) cell means no records. Returns the same rows with ``suppressed``
    and ``reason``; hidden rows lose numerator, denominator, n, value and kitas_ok (NaN).
    """
    _check_input(cells)
    n = cells["n"].to_numpy(dtype=float)
    reasons = _primary_reasons(cells, n, rule, thresholds)
    hidden = np.array([reason is not None for reason in reasons], dtype=bool)
    for position in np.flatnonzero(secondary.extra_cells(cells, hidden, rule.min_cell)):
        hidden[position] = True
        reasons[position] = SECONDARY_REASON
    return apply_pattern(cells, hidden, reasons)


def apply_pattern(
    cells: pd.DataFrame, hidden: np.ndarray | pd.Series, reasons: list[str | None]
) -> pd.DataFrame:
    """Apply a pattern ``protect`` computed for other cells with the same rows and n.

    The pattern depends only on the rows, their n (and kitas_ok) and the rule, so indicators on
    the same records may share it; this blanks the values exactly as ``protect`` does.
    """
    hidden = np.asarray(hidden, dtype=bool)
    if len(hidden) != len(cells) or len(reasons) != len(cells):
        raise ValueError("Sperrmuster passt nicht zu den Zellen")
    out = cells.copy()
    for column in VALUE_COLUMNS:
        if column not in out:
            continue
        values = out[column]
        if pd.api.types.is_numeric_dtype(values):
            values = values.astype(float)  # an int column cannot hold NaN
        out[column] = values.mask(hidden)
    out["suppressed"] = hidden
    out["reason"] = pd.Series(list(reasons), index=out.index, dtype=object)
    return out


def _check_input(cells: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in cells.columns]
    if missing:
        raise ValueError(f"Zellen ohne Spalte(n) {', '.join(missing)}")
    if cells["n"].isna().any() or (cells["n"] < 0).any():
        raise ValueError("Spalte n enthält fehlende oder negative Werte")
    duplicated = cells.duplicated(["period", "unit", "breakdown"])
    if duplicated.any():
        first = cells[duplicated].iloc[0]
        raise ValueError(
            f"Zelle doppelt: Zeitraum {first['period']}, Einheit {first['unit']}, "
            f"Aufgliederung {first['breakdown']!r}"
        )
    bad = [b for b in cells["breakdown"].unique() if b != "" and "=" not in str(b)]
    if bad:
        raise ValueError(f"Aufgliederung muss '' oder 'merkmal=wert' sein, nicht {bad[0]!r}")


def _primary_reasons(
    cells: pd.DataFrame, n: np.ndarray, rule: CellRule, thresholds: Thresholds
) -> list[str | None]:
    few = np.zeros(len(n), dtype=bool)
    if rule.kind != "none":
        few = (n > 0) & (n < rule.min_cell)
    persons = "Personen" if rule.kind == "count" else "Befragte/Beobachtete"
    few_reason = f"weniger als {rule.min_cell} {persons}"
    keck = np.zeros(len(n), dtype=bool)
    if rule.keck:
        kitas = cells.get(KECK_COLUMN, pd.Series(np.nan, index=cells.index))
        # An unknown Kita count fails the rule: better hidden than published unchecked.
        enough = kitas.to_numpy(dtype=float) >= thresholds.keck_min_kitas
        keck = (n != 0) & ~enough
    keck_reason = (
        f"KECK-Regel: weniger als {thresholds.keck_min_kitas} Kitas mit mindestens "
        f"{thresholds.keck_min_children_per_kita} Kindern"
    )
    reasons: list[str | None] = []
    for is_few, is_keck in zip(few, keck, strict=True):
        parts = [text for text, hit in ((few_reason, is_few), (keck_reason, is_keck)) if hit]
        reasons.append("; ".join(parts) or None)
    return reasons
