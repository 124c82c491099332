"""Zielkatalog 2018-2022: a synthetic catalogue of the next goal period, as the education office
would return the workbook of ``bildungsmonitor period new`` after editing it.

Built with the same pre-fill (:func:`etl.goal_workbook.prefill`) from the committed 2013-2017
catalogue file (read when the sample is written, not from a database), then edited
deterministically from the seed:

- two of the goals pre-filled "angepasst" keep that status with an adapted statement; the other
  ones are set back to "beibehalten" (the conference feedback was weighed and the goal stays);
- one new goal ("neu", no Vorgänger) with a challenge and a data gap;
- targets for the Leitindikatoren of the catalogue: Ausgangsjahr 2017 (Ausgangswert empty: read
  from the data), Zieljahr 2022, some with a Zielwert and some with a Richtung only, one for every
  Ortsteil.

The generator cannot ask the indicator registry (etl does not import ``indicators``); the few
facts it needs about indicators are the constants below, which tests/etl/test_goals_source.py
checks against the registry.
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import numpy as np
import yaml
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from etl.catalogue import CATALOGUE_DIR
from etl.goal_workbook import Draft, change_requests, prefill, workbook
from etl.sources import goals as declared
from etl.synthetic.common import FILE_PREFIX, FIXED_TIMESTAMP, rng_for, title_line
from etl.synthetic.world import World
from etl.synthetic.writers import _FixedTimeZipFile

SOURCE = declared.SOURCE
PERIOD = "2018-2022"
PREVIOUS = "2013-2017"
BASELINE_YEAR, TARGET_YEAR = 2017, 2022
ADAPTED = 2  # goals with an adapted statement

# Indicators whose values are dates: they cannot carry a target.
DATE_INDICATORS = frozenset({"ssw.next_end_date"})
# Families whose indicators have values down to the Ortsteil (persons by residence).
ORTSTEIL_FAMILIES = ("kompik.", "uwe.")
# Plausible synthetic targets of Leitindikatoren: (direction, target value or None). A lead not
# listed gets the direction "halten".
TARGETS: dict[str, tuple[str, float | None]] = {
    "kompik.coverage": ("steigen", 80.0),
    "kompik.language.low": ("sinken", 15.0),
    "uwe.wellbeing_low": ("sinken", 45.0),
    "uwe.asset_activities": ("steigen", 75.0),
    "uwe.asset_adults_neighbourhood": ("steigen", None),
    "ssw.schools_with_post": ("steigen", 95.0),
    "ssw.all_day_bound_share": ("steigen", None),
    "parents.recommend": ("steigen", 95.0),
    "parents.grade_information": ("sinken", 1.8),
    "parents.interest_counselling": ("halten", None),
    "parents.interest_family_education": ("halten", None),
    "allday.participation": ("steigen", 60.0),
    "entry.german_deficit": ("sinken", None),
    "transition_system.share": ("sinken", None),
}
NEW_GOAL = {
    "title": "Digitale Bildung",
    "statement": (
        "Kinder, Jugendliche und Erwachsene in Herne erwerben digitale Kompetenzen; die "
        "Bildungseinrichtungen sind dafür ausgestattet, qualifiziert und vernetzt."
    ),
    "challenges": [
        {
            "title": "AUSSTATTUNG",
            "description": (
                "Die technische Ausstattung der Schulen und Kitas ist sehr unterschiedlich; "
                "Wartung und Support sind nicht überall geregelt."
            ),
        }
    ],
    "data_gaps": [
        {
            "topic": "Digitale Ausstattung der Schulen",
            "sources": "Medienentwicklungsplan der Schulverwaltung (noch keine Lieferung)",
        }
    ],
}


def keys(world: World) -> list[str]:
    return [PERIOD]


def write(out_dir: Path, world: World, period: str) -> dict:
    text = (CATALOGUE_DIR / f"{PREVIOUS}.yaml").read_text(encoding="utf-8")
    draft = prefill(yaml.safe_load(text), period)
    edit(draft, rng_for(world.seed, f"goals-{period}"))
    book = workbook(draft, title_lines=[title_line(world.seed)])
    name = f"{FILE_PREFIX}zielkatalog_{period}.xlsx"
    _save(book, out_dir / name, f"Zielkatalog {period}")
    return {
        "source": SOURCE,
        "file": name,
        "rows": len(draft.catalogue["goals"]),
        "delivery": period,
        "variations": ["title-rows", "yes-no:ja/nein"],
    }


def edit(draft: Draft, rng: np.random.Generator) -> None:
    """The synthetic editors' decisions (see the module docstring)."""
    goals = draft.catalogue["goals"]
    adapted = [goal for goal in goals if goal["status"] == "angepasst"]
    chosen = {
        int(i) for i in rng.choice(len(adapted), size=min(ADAPTED, len(adapted)), replace=False)
    }
    for index, goal in enumerate(adapted):
        if index in chosen:
            earlier = next(g for g in draft.previous["goals"] if g["number"] == goal["number"])
            request = change_requests(earlier)[0]
            goal["statement"] = (
                f"{goal['statement'].rstrip()} Dabei wird die Rückmeldung der Bildungskonferenz "
                f"aufgegriffen: „{request.rstrip('.')}“."
            )
            draft.notes[goal["number"]] = (
                "Zielformulierung nach den Rückmeldungen angepasst (synthetisch)."
            )
        else:
            goal["status"] = "beibehalten"
            draft.notes[goal["number"]] = (
                "Rückmeldungen geprüft: das Ziel bleibt unverändert (synthetische Entscheidung)."
            )
    number = max(goal["number"] for goal in goals) + 1
    goals.append(
        {
            "number": number,
            "status": "neu",
            "predecessor": None,
            "feedback": {"keep": [], "adapt": []},
            "indicators": [],
            **NEW_GOAL,
        }
    )
    draft.notes[number] = "Neues Handlungsziel (synthetisch)."
    _targets(goals, rng)


def _targets(goals: list[dict], rng: np.random.Generator) -> None:
    """A target for every Leitindikator that can carry one."""
    leads = [
        link
        for goal in goals
        for link in goal["indicators"]
        if link["lead"] and link["id"] not in DATE_INDICATORS
    ]
    valued = [
        i for i, link in enumerate(leads) if TARGETS.get(link["id"], ("", None))[1] is not None
    ]
    with_value = {
        valued[int(i)] for i in rng.permutation(len(valued))[: math.ceil(len(valued) / 2)]
    }
    ortsteil = next(
        (i for i, link in enumerate(leads) if link["id"].startswith(ORTSTEIL_FAMILIES)), None
    )
    for index, link in enumerate(leads):
        direction, value = TARGETS.get(link["id"], ("halten", None))
        link["baseline"] = {"year": BASELINE_YEAR, "value": None}
        link["target"] = {
            "year": TARGET_YEAR,
            "value": value if index in with_value else None,
            "direction": None if index in with_value else direction,
            "level": "ortsteil" if index == ortsteil else None,
        }


def _save(book: Workbook, path: Path, title: str) -> None:
    """Save with fixed timestamps, so the same seed gives the same bytes."""
    book.properties.creator = "bildungsmonitor samples"
    book.properties.lastModifiedBy = "bildungsmonitor samples"
    book.properties.title = title
    book.properties.created = FIXED_TIMESTAMP
    book.properties.modified = FIXED_TIMESTAMP
    with _FixedTimeZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()
