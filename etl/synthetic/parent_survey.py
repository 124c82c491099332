"""Parent survey of the 23 Familienzentren, biennial 2014-2024: answers plus a "Rücklauf" sheet.

Each Familienzentrum hands out 60-120 questionnaires (times `scale`) and gets 40-65 % back; one
Familienzentrum gets only a handful back in 2020, so small-number suppression shows. Satisfaction
is mostly good (grades 1-2) with a persistent quality per centre; interest in counselling and
the parent café and non-German family languages are more common in deprived districts. The
yes/no spelling and the missing-answer token change between waves, as they would between
survey tools.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from etl.sources import parent_survey as declared
from etl.synthetic.common import FILE_PREFIX, format_yes_no, rng_for, scaled, title_line
from etl.synthetic.geography import DISTRICT_BY_NUMBER
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

SOURCE = declared.SOURCE

WAVES = tuple(range(2014, 2025, 2))
LOW_RETURN_WAVE = 2020
FIELDS = tuple(column.name for column in declared.COLUMNS)  # in the contract's order
_YES_NO = tuple(column.name for column in declared.COLUMNS if column.kind == "yesno")
_GRADES = tuple(name for name in FIELDS if name.startswith(("overall_grade", "grade_")))
# Languages other than German, with weights (Arabic rises after 2015, Ukrainian from 2022).
_LANGUAGES = {
    "Türkisch": 0.35,
    "Arabisch": 0.06,
    "Polnisch": 0.08,
    "Russisch": 0.06,
    "Rumänisch": 0.05,
    "Bulgarisch": 0.05,
    "Kurdisch": 0.06,
    "Albanisch": 0.03,
    "Griechisch": 0.02,
    "Italienisch": 0.02,
    "Ukrainisch": 0.0,
}
_LAYOUTS: dict[int, dict] = {
    2014: {"yes_no": "ja/nein", "missing": ("",)},
    2016: {
        "yes_no": "j/n",
        "missing": ("k.A.",),
        "text_numbers": True,
        "spelling": {
            "grade_opening_hours": "Note\nÖffnungszeiten",
            "interest_parent_cafe": "Interesse\nElterncafé",
        },
    },
    2018: {"yes_no": "x/leer", "missing": ("-",), "order": True},
    2020: {
        "yes_no": "1/0",
        "missing": ("keine Angabe",),
        "spelling": {"overall_grade": "GESAMTNOTE", "family_language": "Familiensprache:"},
    },
    2022: {"yes_no": "Ja/Nein", "missing": ("", "k.A.", "-", "keine Angabe"), "extra": True},
    2024: {"yes_no": "ja/nein", "missing": ("",), "blank_every": 150},
}
_COMMENTS = (
    "Danke für alles!",
    "Mehr Ausflüge",
    "Mittagessen oft kalt",
    "Sehr nette Erzieherinnen",
    "Bitte längere Öffnungszeiten",
)


def _languages(year: int) -> tuple[list[str], np.ndarray]:
    weights = dict(_LANGUAGES)
    if year >= 2016:
        weights["Arabisch"] = 0.20
        weights["Rumänisch"] = 0.09
        weights["Bulgarisch"] = 0.08
    if year >= 2022:
        weights["Ukrainisch"] = 0.10
    names = list(weights)
    values = np.array([weights[k] for k in names])
    return names, values / values.sum()


def keys(world: World) -> list[int]:
    return list(WAVES)


def write(out_dir: Path, world: World, year: int) -> dict:
    """One wave: sheet "Fragebögen" (one row per returned questionnaire) and sheet "Rücklauf"."""
    centres = [k for k in world.kitas if k.family_centre]
    persistent = rng_for(world.seed, "parent-survey")
    quality = persistent.normal(0.0, 0.35, size=len(centres))  # the same for every wave
    low_return = int(persistent.integers(len(centres)))
    rng = rng_for(world.seed, f"parent-survey:{year}")
    layout = _LAYOUTS[year]
    tokens = layout["missing"]
    style = layout["yes_no"]
    as_text = layout.get("text_numbers", False)
    names, shares = _languages(year)
    rows: list[dict[str, object]] = []
    handed_out: list[int] = []
    for c, centre in enumerate(centres):
        social = DISTRICT_BY_NUMBER[centre.district].social_index
        out = scaled(int(rng.integers(60, 121)), world.scale, minimum=1)
        # at least one questionnaire back: a centre in "Rücklauf" needs answers in the data sheet
        back = max(1, int(rng.binomial(out, rng.uniform(0.40, 0.65))))
        if year == LOW_RETURN_WAVE and c == low_return:
            back = min(out, int(rng.integers(3, 7)))
        handed_out.append(out)
        for _ in range(back):
            satisfaction = quality[c] + 0.03 * (year - 2014) + rng.normal(0.0, 0.8)
            overall = int(np.clip(np.rint(1.9 - 0.9 * satisfaction), 1, 6))
            answer: dict[str, object] = {
                "year": year,
                "centre_number": centre.number,
                "centre_name": centre.name,
                "overall_grade": overall,
                "would_recommend": rng.random()
                < (0.96 if overall <= 3 else 0.5 if overall == 4 else 0.15),
            }
            for column, shift, noise in (
                ("grade_opening_hours", 0.2, 0.9),
                ("grade_settling_in", -0.1, 0.8),
                ("grade_lunch", 0.6, 1.0),
                ("grade_information", 0.3, 0.9),
            ):
                answer[column] = int(
                    np.clip(np.rint(overall + shift + rng.normal(0.0, noise)), 1, 6)
                )
            answer["interest_parent_cafe"] = rng.random() < 0.25 + 0.2 * social
            answer["interest_counselling"] = rng.random() < 0.12 + 0.12 * social
            answer["interest_family_education"] = rng.random() < 0.30
            if rng.random() < 0.85 - 0.55 * social:
                language = "Deutsch" if rng.random() < 0.95 else "deutsch"
            else:
                language = str(names[int(rng.choice(len(names), p=shares))])
                if rng.random() < 0.12:
                    language = f"Deutsch und {language}"
            answer["family_language"] = language
            # Missing answers: rarely a grade, more often the language.
            for column in FIELDS[3:]:
                if rng.random() < (0.06 if column == "family_language" else 0.03):
                    answer[column] = None
            rows.append(answer)
    columns: dict[str, list[object]] = {c: [] for c in FIELDS}
    for answer in rows:
        for column in FIELDS:
            value = answer[column]
            if value is None:
                # with x/leer an empty cell means "no", so no other missing token there
                if not (column in _YES_NO and style == "x/leer"):
                    value = tokens[int(rng.integers(len(tokens)))] or None
            elif column in _YES_NO:
                value = format_yes_no(bool(value), style)
            elif column in _GRADES or column == "year":
                value = str(value) if as_text else value
            columns[column].append(value)
    variations = [f"yes-no:{style}", *(f"missing:{t or 'empty'}" for t in tokens)]
    if as_text:
        variations.append("numbers-as-text")
    order = [FIELDS[1], FIELDS[2], FIELDS[0], *FIELDS[3:][::-1]] if layout.get("order") else None
    extra = None
    if layout.get("extra"):
        extra = {
            "Bemerkung": [str(rng.choice(_COMMENTS)) if rng.random() < 0.1 else None for _ in rows]
        }
    blank_every = layout.get("blank_every")
    answers_sheet = make_sheet(
        "Fragebögen",
        [title_line(world.seed), f"Elternbefragung der Familienzentren {year}"],
        columns,
        contract=declared.COLUMNS,
        order=order,
        spelling=layout.get("spelling"),
        extra=extra,
        blank_after=range(blank_every - 1, len(rows), blank_every) if blank_every else (),
        variations=[*variations, "second-sheet"],
    )
    returns_sheet = make_sheet(
        "Rücklauf",
        [title_line(world.seed), f"Ausgegebene Fragebögen je Familienzentrum {year}"],
        {
            "centre_number": [c.number for c in centres],
            "year": [year] * len(centres),
            "distributed": handed_out,
        },
        contract=declared.RETURN_COLUMNS,
    )
    name = save(
        out_dir,
        f"{FILE_PREFIX}elternbefragung_{year}",
        [answers_sheet, returns_sheet],
        "xlsx",
        f"Elternbefragung {year} (synthetisch)",
    )
    sheet_rows = {"Fragebögen": answers_sheet.n_rows, "Rücklauf": returns_sheet.n_rows}
    return entry(SOURCE, name, answers_sheet, str(year), sheet_rows=sheet_rows)
