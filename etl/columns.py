"""Column contracts of the deliveries, declared as data.

Each source lists its columns once; header matching, value parsing and the pandera schema are
derived from that list, so a header alias or a range is changed in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from etl import german

Kind = Literal["text", "int", "decimal", "date", "month", "yesno", "school_year", "choice"]

# Tokens meaning "no answer" in every column (formats.md); compared case-insensitively.
MISSING_TOKENS = frozenset({"", "k.a.", "k. a.", "-", "keine angabe"})


@dataclass(frozen=True)
class Column:
    header: str  # German header as in formats.md
    name: str  # English field name in the parsed table
    kind: Kind = "text"
    required: bool = True  # the column must be present in the file
    nullable: bool = False  # a cell may be empty
    min: float | None = None
    max: float | None = None
    choices: tuple = ()  # allowed values; text is matched case-insensitively
    missing_codes: tuple[str, ...] = ()  # extra "no answer" codes of this column, e.g. "99"
    aliases: tuple[str, ...] = ()  # other headers seen in deliveries
    # other spellings of a choice, (spelling, choice), e.g. ("OGS", "offen"); case-insensitive
    value_aliases: tuple[tuple[str, str], ...] = ()
    # Codes an office writes for a value it kept secret (e.g. "•" for fewer than 3): the value is
    # missing, allowed even where an empty cell is not, and reported once per sheet, not per cell.
    secret_codes: tuple[str, ...] = ()

    def rule_text(self) -> str:
        """The column's value rule in German, for messages and the README."""
        if self.choices:
            text = "erlaubt sind: " + ", ".join(str(choice) for choice in self.choices)
            if self.value_aliases:
                text += "; auch: " + ", ".join(f"{a} = {c}" for a, c in self.value_aliases)
            return text
        if self.min is not None and self.max is not None:
            low, high = german.plain_number(self.min), german.plain_number(self.max)
            return f"Wert muss zwischen {low} und {high} liegen"
        if self.min is not None:
            return f"Wert muss mindestens {german.plain_number(self.min)} sein"
        return ""


@dataclass(frozen=True)
class Sheet:
    """One table of a delivery: the main data (name None: the first sheet that matches) or a
    named extra sheet such as "Rücklauf"."""

    key: str
    columns: tuple[Column, ...]
    name: str | None = None
    required: bool = True


_SPACES = re.compile(r"\s+")
_BROKEN_HYPHEN = re.compile(r"-\s+")  # "Bezirk-" + line break + "Nr" is "Bezirk-Nr"


def normalise_header(text: object) -> str:
    """Case, surrounding/doubled spaces, line breaks and a trailing colon do not matter."""
    if text is None:
        return ""
    cleaned = _SPACES.sub(" ", str(text)).strip().rstrip(":").strip()
    return _BROKEN_HYPHEN.sub("-", cleaned).casefold()
