"""Self-checks of the synthetic data against the published Herne figures.

The indicator rules below are the project's reading of the MDI/UWE and school social work
definitions; the indicator engineer should confirm them (they live here so the generator's
calibration can be tested without the indicator package).

UWE (all items 1-5 except FRUEH and AKT, 0-7 days; 99 and empty are missing):
- Scale score = mean of the answered items of a scale, at least 2 of 3 answered; a single-item
  scale is the item itself.
- Well-being measures: optimism (OPT), self-esteem (SWG), happiness (GLU), absence of sadness (TRA,
  a high sadness score is bad) and general health (GES1). A measure is in the HIGH range if its
  score >= 4 (sadness: score <= 2) and in the LOW range if its score < 3 (sadness: score > 3).
- Well-being index: HIGH ("thriving") = high on at least 4 of the 5 measures and low on none;
  LOW = low on at least one; MEDIUM = the rest. A questionnaire with any of the five measures
  missing is not classified and leaves the denominator.
- Assets (share with the asset among the questionnaires where it can be computed):
  supportive adults = mean of all 9 ERW items (at least 6 answered) >= 4; adults at school, at
  home, in the neighbourhood = that scale >= 4; peers = mean of the 6 PEER and FREU items (at
  least 4 answered) >= 4; nutrition and sleep = FRUEH >= 5 and SCHLAF >= 4; organised activities
  = AKT >= 1; positive school experiences = SCHUL scale >= 4.

School social work: FTE = sum of "Stellen (VZÄ)"; fixed-term = sum of "davon befristet (VZÄ)";
schools served = schools with Stellen > 0 (any post: the count of the published "28 of 46
schools"); schools with a full post = Stellen >= 1.0; staff = sum of "Fachkräfte". All-day:
schools per form and "Ganztag" (gebunden, offen, keiner), bound and open counted apart.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from etl.instruments import UWE_SCALES
from etl.sources import school_social_work

WELLBEING_MEASURES = ("optimism", "self_esteem", "happiness", "sadness", "general_health")
ADULT_SCALES = ("adults_school", "adults_home", "adults_neighbourhood")


def _items(df: pd.DataFrame, names: tuple[str, ...]) -> np.ndarray:
    values = df[list(names)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, copy=True)
    values[values == 99] = np.nan
    return values


def _mean_of_answered(values: np.ndarray, minimum: int) -> np.ndarray:
    answered = (~np.isnan(values)).sum(axis=1)
    with np.errstate(invalid="ignore"):
        mean = np.nanmean(np.where(answered[:, None] > 0, values, 0.0), axis=1)
    return np.where(answered >= minimum, mean, np.nan)


def scale_score(df: pd.DataFrame, scale: str) -> np.ndarray:
    """Mean of the answered items of a UWE scale (at least 2 of 3; single items as they are)."""
    items = UWE_SCALES[scale]
    return _mean_of_answered(_items(df, items), 1 if len(items) == 1 else 2)


def wellbeing_class(df: pd.DataFrame) -> np.ndarray:
    """Per questionnaire "high", "medium", "low" or "" (not classified)."""
    high = np.zeros(len(df), dtype=int)
    low = np.zeros(len(df), dtype=int)
    complete = np.ones(len(df), dtype=bool)
    for measure in WELLBEING_MEASURES:
        score = scale_score(df, measure)
        complete &= ~np.isnan(score)
        if measure == "sadness":
            high += score <= 2
            low += score > 3
        else:
            high += score >= 4
            low += score < 3
    return np.where(~complete, "", np.where(low >= 1, "low", np.where(high >= 4, "high", "medium")))


def _share(flag: np.ndarray, valid: np.ndarray) -> float:
    return float(flag[valid].mean()) if valid.any() else float("nan")


def uwe_figures(df: pd.DataFrame) -> dict[str, float]:
    """Well-being shares and asset shares (0..1) of the questionnaires in `df`."""
    classes = wellbeing_class(df)
    classified = classes != ""
    figures = {
        f"wellbeing_{c}": _share(classes == c, classified) for c in ("high", "medium", "low")
    }
    adults = _mean_of_answered(_items(df, sum((UWE_SCALES[s] for s in ADULT_SCALES), ())), 6)
    figures["supportive_adults"] = _share(adults >= 4, ~np.isnan(adults))
    for scale in ADULT_SCALES:
        score = scale_score(df, scale)
        figures[scale] = _share(score >= 4, ~np.isnan(score))
    peers = _mean_of_answered(
        _items(df, UWE_SCALES["peer_belonging"] + UWE_SCALES["friendship"]), 4
    )
    figures["peers"] = _share(peers >= 4, ~np.isnan(peers))
    breakfast = _items(df, ("FRUEH",))[:, 0]
    sleep = _items(df, ("SCHLAF",))[:, 0]
    figures["nutrition_sleep"] = _share(
        (breakfast >= 5) & (sleep >= 4), ~np.isnan(breakfast) & ~np.isnan(sleep)
    )
    activity = _items(df, ("AKT",))[:, 0]
    figures["activities"] = _share(activity >= 1, ~np.isnan(activity))
    school = scale_score(df, "school_climate")
    figures["school_experiences"] = _share(school >= 4, ~np.isnan(school))
    return figures


def ssw_totals(df: pd.DataFrame) -> dict[str, float]:
    """City totals of one school year of school social work (canonical column names)."""

    def number(column: str) -> pd.Series:
        text = df[column].astype(str).str.replace(",", ".", regex=False)
        return pd.to_numeric(text, errors="coerce").fillna(0.0)

    header = {column.name: column.header for column in school_social_work.COLUMNS}
    fte = number(header["fte"])
    return {
        "fte": round(float(fte.sum()), 2),
        "fixed_term": round(float(number(header["fte_fixed_term"]).sum()), 2),
        "schools": int((fte > 0).sum()),
        "schools_full_post": int((fte >= 1.0).sum()),
        "staff": int(number(header["staff"]).sum()),
        "all_schools": len(df),
    }


def all_day_by_form(df: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Schools per school form and all-day form ("gebunden", "offen", "keiner") of one school
    year of school social work (canonical column names)."""
    header = {column.name: column.header for column in school_social_work.COLUMNS}
    forms = df[header["school_form"]].astype(str).str.strip()
    all_day = df[header["all_day"]].astype(str).str.strip().str.casefold()
    counts = pd.crosstab(forms, all_day)
    return {
        str(form): {str(kind): int(n) for kind, n in row.items() if n}
        for form, row in counts.iterrows()
    }


# --- reading the files back (for the tests and the self-check) -------------------------------

TOTAL_LABELS = ("summe", "gesamt")


def normalise_header(value: object) -> str:
    """Header comparison as formats.md allows: case, spaces, line breaks, a trailing colon."""
    text = " ".join(str(value or "").split()).casefold()
    return text[:-1].rstrip() if text.endswith(":") else text


def raw_rows(path: Path, sheet: str | None = None) -> list[list[object]]:
    """All rows of a CSV (any tolerated encoding) or of one xlsx sheet, cells as read."""
    if path.suffix == ".csv":
        data = path.read_bytes()
        if data.startswith(b"\xef\xbb\xbf"):
            text = data[3:].decode("utf-8")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=";")]
    workbook = CalamineWorkbook.from_path(str(path))
    name = sheet or workbook.sheet_names[0]
    return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)


def read_table(path: Path, required: Sequence[str], sheet: str | None = None) -> pd.DataFrame:
    """The data rows under the header that holds all `required` columns, with canonical names.

    Title rows above the header, empty rows and a trailing Summe/Gesamt row are skipped; cells
    stay as read (text stays text). Raises ValueError if no row holds all required columns.
    """
    rows = raw_rows(path, sheet)
    wanted = {normalise_header(c): c for c in required}
    found = [i for i, row in enumerate(rows) if set(wanted) <= {normalise_header(c) for c in row}]
    if not found:
        raise ValueError(f"{path.name}: no header row with {sorted(required)}")
    start = found[0]
    header = [wanted.get(normalise_header(raw), str(raw)) for raw in rows[start]]
    data = []
    for cells in rows[start + 1 :]:
        values = [None if c == "" else c for c in cells]
        if all(v is None for v in values):
            continue
        first = next(v for v in values if v is not None)
        if isinstance(first, str) and first.strip().casefold() in TOTAL_LABELS:
            continue
        data.append(values + [None] * (len(header) - len(values)))
    return pd.DataFrame(data, columns=header, dtype=object)
