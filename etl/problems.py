"""Problems found in a delivery, worded in German for the user.

An error stops the import of the whole file; a warning is recorded with the load.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from etl import german


@dataclass(frozen=True)
class Problem:
    file: str
    rule: str  # German, says what is required ("Wert muss zwischen 1 und 5 liegen")
    sheet: str | None = None
    row: int | None = None  # row number as Excel (or an editor for CSV) shows it
    column: str | None = None  # header as in the file
    value: object = None

    def message(self) -> str:
        place = [self.file]
        if self.sheet:
            place.append(f"Blatt „{self.sheet}“")
        if self.row is not None:
            place.append(f"Zeile {self.row}")
        if self.column:
            place.append(f"Spalte „{self.column}“")
        text = ", ".join(place) + ": "
        if self.value is not None and str(self.value) != "":
            text += f"Wert „{_shorten(self.value)}“ – "
        return text + self.rule


def _shorten(value: object, limit: int = 60) -> str:
    text = display(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display(value: object) -> str:
    """A value as a German user expects to read it: 7 not 7.0, 2,5 not 2.5, dates TT.MM.JJJJ."""
    if isinstance(value, float):
        return german.plain_number(value)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def count_of(count: int, singular: str, plural: str) -> str:
    """ "1 Kita", "3 Kitas": German labels of deliveries and results."""
    return german.plural(count, singular, plural)


@dataclass
class Findings:
    """Errors and warnings collected over one file, so one run reports everything."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, problem: Problem) -> None:
        self.errors.append(problem)

    def warn(self, problem: Problem) -> None:
        self.warnings.append(problem)

    def extend(self, other: Findings) -> None:
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)


class ImportRejected(Exception):
    """The file was refused; nothing of it was loaded."""

    def __init__(self, file: str, problems: list[Problem], hint: str | None = None):
        self.file = file
        self.problems = problems
        self.hint = hint
        super().__init__(f"{file}: {len(problems)} Fehler")

    def __str__(self) -> str:
        return self.report(limit=20)

    def report(self, limit: int) -> str:
        lines = [f"Import abgelehnt: {self.file} – {len(self.problems)} Fehler, nichts geladen."]
        ordered = sorted(self.problems, key=lambda p: (p.sheet or "", p.row or 0, p.column or ""))
        lines += [f"  • {p.message()}" for p in ordered[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … und {len(self.problems) - limit} weitere Fehler.")
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)
