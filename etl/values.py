"""Turning delivered cells into typed values, column by column (vectorised).

Every parser returns the parsed Series and a mask of cells that could not be read, so the caller
can name each bad cell. Tolerated spellings are those of formats.md "Always tolerated".
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from etl.columns import MISSING_TOKENS, Column

Parsed = tuple[pd.Series, pd.Series]  # (values, invalid mask)

YES = frozenset({"ja", "j", "x", "1", "true", "wahr", "yes", "y"})
NO = frozenset({"nein", "n", "0", "false", "falsch", "no"})

_DATE_DE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")
_DATE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{1,2})[./](\d{4})$")
_SCHOOL_YEAR = re.compile(r"^(\d{2}|\d{4})\s*/\s*(\d{2}|\d{4})$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")

KIND_RULES = {
    "int": "keine ganze Zahl",
    "decimal": "keine Zahl (erlaubt z. B. 0,5 oder 0.5)",
    "date": "kein gültiges Datum (erwartet TT.MM.JJJJ, JJJJ-MM-TT oder ein Excel-Datum)",
    "month": "kein gültiger Monat (erwartet MM.JJJJ)",
    "yesno": "kein Ja/Nein-Wert (erlaubt: ja/nein, j/n, x/leer, 1/0, true/false)",
    "school_year": "kein gültiges Schuljahr (erwartet z. B. 2017/18)",
    "choice": "kein erlaubter Wert",
}


# What pandas infers for columns of numeric Excel cells: no text to parse, a vectorised pass.
NUMERIC_CELLS = ("floating", "integer", "mixed-integer-float", "empty")


def to_missing(values: pd.Series, column: Column) -> pd.Series:
    """Cells that mean "no answer" become None; text is stripped.

    Written with list comprehensions rather than Series.map: this runs for every cell of every
    delivery and is the importer's hot spot."""
    codes = (*column.missing_codes, *column.secret_codes)
    tokens = MISSING_TOKENS | {code.casefold() for code in codes}
    numeric_codes = {float(code) for code in column.missing_codes if code.isdigit()}
    cells = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(cells, skipna=True) in NUMERIC_CELLS:
        numbers = pd.Series(cells, index=values.index, dtype=object)
        missing = numbers.isna() | numbers.isin(list(numeric_codes))
        return numbers.where(~missing, None)
    cleaned = [_clean(value, tokens, numeric_codes) for value in cells]
    return pd.Series(cleaned, index=values.index, dtype=object)


def secret_cells(values: pd.Series, column: Column) -> pd.Series:
    """Mask of the raw cells holding one of the column's secret codes (e.g. "•")."""
    codes = {code.casefold() for code in column.secret_codes}
    if not codes:
        return pd.Series(False, index=values.index)
    cells = values.to_numpy(dtype=object)
    found = [isinstance(v, str) and v.strip().casefold() in codes for v in cells]
    return pd.Series(found, index=values.index, dtype=bool)


def _clean(value: object, tokens: frozenset[str], numeric_codes: set[float]) -> object:
    if isinstance(value, str):
        text = value.strip()
        return None if text.casefold() in tokens else text
    if value is None or (isinstance(value, float) and (value != value or value in numeric_codes)):
        return None  # NaN, or a numeric "no answer" code such as 99
    if isinstance(value, int) and not isinstance(value, bool) and value in numeric_codes:
        return None
    return value


def _clean_text(value: object) -> object:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse(values: pd.Series, column: Column) -> Parsed:
    """Parse one column; ``values`` holds raw cells with missing tokens already set to None."""
    return _PARSERS[column.kind](values, column)


def _text(values: pd.Series, _column: Column) -> Parsed:
    def as_text(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # a key typed as a number in Excel: 107.0 -> "107"
        if isinstance(value, dt.datetime | dt.date):
            return value.strftime("%d.%m.%Y")
        return str(value)

    parsed = values.map(as_text, na_action="ignore").astype(object)
    return parsed, pd.Series(False, index=values.index)


def _number_text(text: pd.Series, integer: bool) -> pd.Series:
    """German or international number text -> canonical "1234.5" text."""
    text = text.str.replace(" ", "", regex=False).str.replace("\u00a0", "", regex=False)
    has_comma = text.str.contains(",", regex=False)
    # With a comma, points are thousands separators and the comma is the decimal sign.
    with_comma = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    # Without a comma, "1.234" is 1234 in an integer column; in a decimal column it is 1.234.
    grouped = text.str.match(_THOUSANDS) if integer else pd.Series(False, index=text.index)
    without_comma = text.where(~grouped, text.str.replace(".", "", regex=False))
    return with_comma.where(has_comma, without_comma)


def _numeric(values: pd.Series, integer: bool) -> Parsed:
    present = values.notna()
    cells = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(cells, skipna=True) in NUMERIC_CELLS:
        return _checked(pd.to_numeric(values, errors="coerce").astype(float), present, integer)
    is_text = pd.Series([isinstance(v, str) for v in cells], index=values.index, dtype=bool)
    is_bool = pd.Series([isinstance(v, bool) for v in cells], index=values.index, dtype=bool)
    numbers = values.where(~is_text & ~is_bool)
    numbers = pd.to_numeric(numbers, errors="coerce")
    if is_text.any():
        text = values[is_text].astype(str)
        # Fast path for plain numbers ("4", "0.5"); German spellings take the slow path, and so
        # does every point in an integer column ("1.234" is 1234 there).
        from_text = pd.to_numeric(text, errors="coerce")
        german = from_text.isna()
        if integer:
            german |= text.str.contains(".", regex=False)
        if german.any():
            from_text[german] = pd.to_numeric(_number_text(text[german], integer), errors="coerce")
        numbers = numbers.astype(float)
        numbers[is_text] = from_text
    return _checked(numbers.astype(float), present, integer)


def _checked(numbers: pd.Series, present: pd.Series, integer: bool) -> Parsed:
    """Cells that held something but are no (whole) number are invalid."""
    invalid = present & numbers.isna()
    if integer:
        fractional = numbers.notna() & (np.floor(numbers) != numbers)
        invalid |= fractional
        numbers = numbers.where(~fractional)
        return numbers.astype("Int64"), invalid
    return numbers, invalid


def _int(values: pd.Series, _column: Column) -> Parsed:
    return _numeric(values, integer=True)


def _decimal(values: pd.Series, _column: Column) -> Parsed:
    return _numeric(values, integer=False)


def _date(values: pd.Series, _column: Column) -> Parsed:
    def as_date(value: object) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            text = value.strip().split(" ")[0]  # "31.12.2019 00:00" from some exports
            try:
                if _DATE_DE.match(text):
                    day, month, year = (int(part) for part in text.split("."))
                    return dt.date(year, month, day)
                if _DATE_ISO.match(text):
                    return dt.date.fromisoformat(text)
            except ValueError:
                return None
        return None  # a bare number is not a date: the cell lost its date format

    parsed = values.map(as_date, na_action="ignore")
    return parsed.astype(object), values.notna() & parsed.isna()


def _month(values: pd.Series, _column: Column) -> Parsed:
    def as_month(value: object) -> dt.date | None:
        if isinstance(value, dt.datetime | dt.date):
            return dt.date(value.year, value.month, 1)
        if isinstance(value, str):
            found = _MONTH.match(value.strip())
            if found and 1 <= int(found.group(1)) <= 12:
                return dt.date(int(found.group(2)), int(found.group(1)), 1)
            full = _date(pd.Series([value]), _column)[0].iloc[0]  # a full date: keep the month
            if full is not None:
                return dt.date(full.year, full.month, 1)
        return None

    parsed = values.map(as_month, na_action="ignore")
    return parsed.astype(object), values.notna() & parsed.isna()


def _yesno(values: pd.Series, _column: Column) -> Parsed:
    tokens = values.map(_clean_text, na_action="ignore").str.casefold()
    parsed = pd.Series(pd.NA, index=values.index, dtype="boolean")
    parsed[tokens.isin(YES)] = True
    parsed[tokens.isin(NO)] = False
    invalid = tokens.notna() & parsed.isna()
    if (tokens == "x").any():
        # "x / leer" convention: in a column that marks with x, an empty cell means no.
        parsed = parsed.where(tokens.notna() | invalid, False)
    return parsed, invalid


def _school_year(values: pd.Series, _column: Column) -> Parsed:
    def as_school_year(value: object) -> str | None:
        found = _SCHOOL_YEAR.match(str(value).strip())
        if not found:
            return None
        first, second = found.group(1), found.group(2)
        start = int(first) if len(first) == 4 else 2000 + int(first)
        if int(second[-2:]) != (start + 1) % 100:
            return None
        return f"{start}/{(start + 1) % 100:02d}"

    parsed = values.map(as_school_year, na_action="ignore")
    return parsed.astype(object), values.notna() & parsed.isna()


def _choice(values: pd.Series, column: Column) -> Parsed:
    canonical = {choice.casefold(): choice for choice in column.choices}
    canonical |= {alias.casefold(): choice for alias, choice in column.value_aliases}
    tokens = values.map(_clean_text, na_action="ignore")
    parsed = tokens.str.casefold().map(canonical)
    return parsed.astype(object), tokens.notna() & parsed.isna()


_PARSERS = {
    "text": _text,
    "int": _int,
    "decimal": _decimal,
    "date": _date,
    "month": _month,
    "yesno": _yesno,
    "school_year": _school_year,
    "choice": _choice,
}
