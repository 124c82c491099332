"""Disclosure control: every aggregated value the project publishes passes through ``protect``.

Primary suppression (here) hides cells that rest on too few persons (or, for KOMPIK, too few
Kitas). Secondary suppression (``indicators.secondary``) then hides further cells until no hidden
cell can be recomputed from the published ones by the sums that tie the cells together (a parent
and its children, a total and its categories), and until no group of hidden cells sums to a
small number.

Everything depends only on ``n`` (and, for a group rule, ``groups_ok``) and the structure, never
on numerator or denominator. Indicators on the same persons share one pattern, which
``indicators.population`` computes and checks against an attacker (``indicators.audit``);
``protect`` alone serves indicators without persons (facilities) and custom indicators.

What a page shows for a withheld cell is ``PUBLIC_NOTE``; the precise ``reason`` stays in the
database for the people who manage the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators import secondary

KINDS = ("count", "respondents", "facilities", "residents", "none")
SECONDARY_REASON = "sekundär gesperrt, sonst aus Summen berechenbar"
# The one note a published page, download or slide gives for a withheld cell: it must not say
# whether a cell is small itself or hidden to protect another (that would bound its count).
PUBLIC_NOTE = "zu geringe Fallzahl oder zum Schutz anderer Werte gesperrt"
REQUIRED_COLUMNS = ("period", "unit", "parent", "breakdown", "numerator", "denominator", "n")
# Per cell: how many groups (Kitas, Familienzentren) contributed enough records (see
# ``group_counter``).
GROUPS_COLUMN = "groups_ok"
# Columns blanked on hidden rows: nothing of a suppressed cell may be stored or leak.
VALUE_COLUMNS = ("numerator", "denominator", "n", "value", GROUPS_COLUMN)


@dataclass(frozen=True)
class Thresholds:
    """The confidentiality thresholds of the project, set here and nowhere else.

    - ``min_count``: a count of persons is shown only from 5 persons on (1-4 are hidden).
    - ``min_respondents``: a share or mean from a survey or observation is shown only if it rests
      on at least 10 questionnaires or observed children.
    - ``keck_min_children_per_kita`` and ``keck_min_kitas``: the KECK rule for KOMPIK, a value is
      shown only if at least 2 Kitas contributed at least 4 children each.
    - ``min_centres``: a parent-survey value is shown only if at least 3 Familienzentren
      contributed questionnaires, so that no centre's result stands alone.
    - ``min_facilities``: a share of facilities (Kitas delivering KOMPIK) is shown only for
      units with at least 3 of them: "1 of 2 Kitas delivered" would name a Kita.
    - ``min_schools``: a value on school leavers (aggregated per school) is shown only for units
      where at least 3 schools have leavers, so that no school's result stands alone.
    - ``min_residents``: a share from the statistics office's aggregated counts (SGB-II rate,
      unemployed per residents) is shown only where its denominator counts at least 10
      residents; the office itself already hides counts below 3.

    KECK's values are KECK's own; no threshold is published for UWE or the parent survey, so 5
    and 10 are the project's choice (the Federal Employment Agency uses 3, with secondary
    suppression as here). Cells with n = 0 are never hidden: there is nobody to protect.
    """

    min_count: int = 5
    min_respondents: int = 10
    keck_min_children_per_kita: int = 4
    keck_min_kitas: int = 2
    min_centres: int = 3
    min_facilities: int = 3
    min_schools: int = 3
    min_residents: int = 10


@dataclass(frozen=True)
class GroupRule:
    """A value needs ``min_groups`` groups (Kitas, centres) with ``min_records`` records each."""

    title: str  # the groups, plural, for the internal reason ("Kitas")
    min_records: int
    min_groups: int
    name: str = ""  # the rule's name where it has one ("KECK-Regel")


@dataclass(frozen=True)
class CellRule:
    """The primary rule of one indicator: what ``n`` counts, its minimum, and a group rule.

    ``kind``: "count" (n = the numerator, persons), "respondents" (n = the denominator, persons
    with an answer), "facilities" (n = the denominator, facilities), "residents" (n = the
    denominator, residents in official aggregated counts; not a population of records, so not in
    the shared pattern of ``indicators.population``) or "none" (no rule). ``note``: the rule in
    plain German where the standard wording of its kind does not fit (a derived index)."""

    kind: str
    min_cell: int
    groups: GroupRule | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unbekannte Geheimhaltungsregel {self.kind!r}, erlaubt: {KINDS}")
        if self.min_cell < 0:
            raise ValueError("Mindestfallzahl darf nicht negativ sein")

    @property
    def columns(self) -> tuple[str, ...]:
        """Cell columns the rule reads besides ``n`` (a group rule: ``groups_ok``)."""
        return (GROUPS_COLUMN,) if self.groups else ()

    @property
    def on_persons(self) -> bool:
        """Whether the cells count persons (then indicators on them share one pattern)."""
        return self.kind in ("count", "respondents")


def group_counter(column: str, rule: CellRule) -> tuple[str, int, str]:
    """``Part.group_min`` for ``rule``'s group rule: per cell, how many ``column`` values (Kitas,
    centres) contributed at least its minimum of records, in the column the rule reads."""
    assert rule.groups is not None
    return (column, rule.groups.min_records, GROUPS_COLUMN)


LIMITS = Thresholds()
KECK_GROUPS = GroupRule(
    "Kitas", LIMITS.keck_min_children_per_kita, LIMITS.keck_min_kitas, name="KECK-Regel"
)
CENTRE_GROUPS = GroupRule("Familienzentren", 1, LIMITS.min_centres)
PERSONS = CellRule("count", LIMITS.min_count)
RESPONDENTS = CellRule("respondents", LIMITS.min_respondents)
KECK = CellRule("respondents", LIMITS.min_respondents, groups=KECK_GROUPS)
# The parent survey: respondents, and at least 3 Familienzentren behind every value.
CENTRES = CellRule("respondents", LIMITS.min_respondents, groups=CENTRE_GROUPS)
# The parent survey's response rate counts questionnaires (n = returned ones), same centres.
CENTRES_COUNT = CellRule("count", LIMITS.min_count, groups=CENTRE_GROUPS)
FACILITIES = CellRule("facilities", LIMITS.min_facilities)
INSTITUTIONS = CellRule("none", 0)  # staffing: no persons to protect
# School leavers (counts per school): persons, and at least 3 schools behind every value.
SCHOOL_GROUPS = GroupRule("Schulen", 1, LIMITS.min_schools, name="3-Schulen-Regel")
LEAVERS_SHARE = CellRule("respondents", LIMITS.min_respondents, groups=SCHOOL_GROUPS)
LEAVERS_COUNT = CellRule("count", LIMITS.min_count, groups=SCHOOL_GROUPS)
RESIDENTS = CellRule("residents", LIMITS.min_residents)  # shares of official counts


def protect(cells: pd.DataFrame, rule: CellRule) -> pd.DataFrame:
    """Primary and secondary suppression of one indicator's cells, all periods (each on its own).

    ``cells``: period, unit, parent, breakdown, numerator, denominator, n, for a group rule
    groups_ok; a missing (unit, breakdown) cell means no records. Returns the same rows with
    ``suppressed`` and ``reason``; hidden rows lose numerator, denominator, n, value and
    groups_ok (NaN).
    """
    _check_input(cells)
    reasons = primary_reasons(cells, rule)
    hidden = np.array([reason is not None for reason in reasons], dtype=bool)
    for position in np.flatnonzero(secondary.extra_cells(cells, hidden, rule.min_cell)):
        hidden[position] = True
        reasons[position] = SECONDARY_REASON
    return apply_pattern(cells, hidden, reasons)


def apply_pattern(
    cells: pd.DataFrame, hidden: np.ndarray | pd.Series, reasons: list[str | None]
) -> pd.DataFrame:
    """Apply a pattern ``protect`` computed for other cells with the same rows and n.

    The pattern depends only on the rows, their n (and groups_ok) and the rule, so indicators on
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


def primary_reasons(cells: pd.DataFrame, rule: CellRule) -> list[str | None]:
    """The reason each cell fails ``rule`` by itself (None: it passes); ``cells`` has n."""
    n = cells["n"].to_numpy(dtype=float)
    few = np.zeros(len(n), dtype=bool)
    if rule.kind != "none":
        few = (n > 0) & (n < rule.min_cell)
    persons = {"count": "Personen", "facilities": "Einrichtungen", "residents": "Einwohner"}.get(
        rule.kind, "Befragte/Beobachtete"
    )
    few_reason = f"weniger als {rule.min_cell} {persons}"
    grouped = np.zeros(len(n), dtype=bool)
    group_reason = ""
    if rule.groups is not None:
        groups = cells.get(GROUPS_COLUMN, pd.Series(np.nan, index=cells.index))
        # An unknown group count fails the rule: better hidden than published unchecked.
        enough = groups.to_numpy(dtype=float) >= rule.groups.min_groups
        grouped = (n != 0) & ~enough
        group_reason = (
            f"weniger als {rule.groups.min_groups} {rule.groups.title} mit mindestens "
            f"{rule.groups.min_records} Datensätzen"
        )
    reasons: list[str | None] = []
    for is_few, is_grouped in zip(few, grouped, strict=True):
        parts = [text for text, hit in ((few_reason, is_few), (group_reason, is_grouped)) if hit]
        reasons.append("; ".join(parts) or None)
    return reasons
