"""Table contracts with pandera: the column rules of ``Column`` plus a source's row rules.

Validation is lazy, so one run reports every broken cell of a file; pandera's failure cases are
translated back into German problems that name row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from etl.columns import Column
from etl.problems import Findings, display
from etl.table import Table

if TYPE_CHECKING:
    # Imported where a table is validated: pandera takes 0.3 s to import, which a file refused
    # before (no header found, a sheet missing) need not wait.
    import pandera.pandas as pa

NOT_NULL = "Pflichtangabe fehlt"


@dataclass(frozen=True)
class RowRule:
    """A rule across columns; ``check`` returns True for rows that are fine."""

    column: str  # Column.name the message points at
    rule: str  # German
    check: Callable[[pd.DataFrame], pd.Series]
    warning: bool = False  # a warning is recorded with the load; an error stops it


@dataclass(frozen=True)
class Unique:
    """A key that may occur only once in the file; messages point at ``columns[-1]``."""

    columns: tuple[str, ...]
    rule: str


def _column_checks(column: Column) -> list[pa.Check]:
    import pandera.pandas as pa

    if column.choices:
        return [pa.Check.isin(list(column.choices), error=column.rule_text())]
    if column.min is not None and column.max is not None:
        return [pa.Check.in_range(column.min, column.max, error=column.rule_text())]
    if column.min is not None:
        return [pa.Check.ge(column.min, error=column.rule_text())]
    return []


def validate(
    table: Table,
    columns: tuple[Column, ...],
    rules: tuple[RowRule, ...] = (),
    unique: tuple[Unique, ...] = (),
    findings: Findings | None = None,
) -> None:
    """Check ``table`` against its contract; problems are added to ``findings``."""
    import pandera.pandas as pa

    data = table.data
    schema = pa.DataFrameSchema(
        {
            c.name: pa.Column(
                checks=_column_checks(c), nullable=c.nullable or c.name in table.absent
            )
            for c in columns
        },
        checks=[pa.Check(_safe(rule.check), error=rule.rule) for rule in rules if not rule.warning],
    )
    try:
        schema.validate(data, lazy=True)
    except pa.errors.SchemaErrors as errors:
        _translate(errors.failure_cases, table, columns, rules, findings)
    for rule in rules:
        if rule.warning:
            for row in data.index[~_safe(rule.check)(data)]:
                findings.warn(
                    table.problem(int(row), rule.column, rule.rule, data.at[row, rule.column])
                )
    for key in unique:
        duplicated = data.duplicated(list(key.columns), keep=False) & data[
            list(key.columns)
        ].notna().all(axis=1)
        for row in data.index[duplicated]:
            findings.error(
                table.problem(
                    int(row),
                    key.columns[-1],
                    key.rule,
                    " / ".join(display(data.at[row, c]) for c in key.columns),
                )
            )


def _safe(check: Callable[[pd.DataFrame], pd.Series]) -> Callable[[pd.DataFrame], pd.Series]:
    # Rules compare nullable columns; a comparison with NA is "not applicable", hence fine.
    return lambda frame: check(frame).fillna(True).astype(bool)


def _translate(
    cases: pd.DataFrame,
    table: Table,
    columns: tuple[Column, ...],
    rules: tuple[RowRule, ...],
    findings: Findings,
) -> None:
    rule_columns = {rule.rule: rule.column for rule in rules}
    seen: set[tuple[int, str, str]] = set()
    for case in cases.itertuples(index=False):
        if case.index is None or pd.isna(case.index):
            continue  # a schema-level failure without a row; cannot occur for parsed tables
        row = int(case.index)
        # A table-wide check reports each cell of a failing row: one message per row is enough.
        key = (row, str(case.column) if case.schema_context == "Column" else "", str(case.check))
        if key in seen:
            continue
        seen.add(key)
        if case.schema_context == "Column":
            if (row, str(case.column)) in table.reported:
                continue  # unreadable cell, already reported as such
            if case.check == "not_nullable" and (row, str(case.column)) in table.secret:
                continue  # kept secret by the office: missing, reported once per sheet
            rule = NOT_NULL if case.check == "not_nullable" else str(case.check)
            value = None if case.check == "not_nullable" else case.failure_case
            findings.error(table.problem(row, case.column, rule, value))
        else:
            column = rule_columns.get(str(case.check))
            findings.error(
                table.problem(
                    row, column, str(case.check), table.data.at[row, column] if column else None
                )
            )
