"""Maßnahmen-Abfrage: the returns of the departments whose measures the documentation attributes.

Most departments of the catalogue 2013-2017 are reconstructed (``department_inferred``);
writing every catalogue measure as a return would make those reconstructed counts look like
Nennungen of the Abfrage. So the samples hold the returns of exactly two departments
(``DEPARTMENTS``), one file each, as departments answer one by one: each restates those of its
catalogue measures whose attribution the documentation settles (``department`` named and
``department_inferred: false``, read from data/catalogue/<period>.yaml when the files are
written), with a synthetic Status, Zielgruppe and Stadtteile. The goal is named by number in
some rows and by title in others, as real returns do.

A return is keyed by (period, department). The returns of the synthetic period 2018-2022
(etl/synthetic/goals.py) restate the department's measures of 2013-2017 under the goals that
continue them (same number there), as the pre-filled questionnaire of ``bildungsmonitor survey``
offers them, plus the new measures in ``NEW_MEASURES``.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import yaml

from etl.catalogue import CATALOGUE_DIR, slug
from etl.sources import measures as declared
from etl.synthetic import goals as later_catalogue
from etl.synthetic.common import FILE_PREFIX, rng_for, title_line
from etl.synthetic.geography import ORTSTEILE, STADTBEZIRKE
from etl.synthetic.world import World
from etl.synthetic.writers import entry, make_sheet, save

SOURCE = declared.SOURCE
PERIOD = "2013-2017"
# Settled by the documentation: Ganztagssysteme "6 Schulverwaltungsaufgaben" and
# Übergangssystem "4 Bildungsbüro" (see data/catalogue/README.md, Departments).
DEPARTMENTS = ("Schulverwaltung", "Kommunales Bildungsbüro")
STATUS = ("laufend", "abgeschlossen", "geplant")
TARGET_GROUPS = (
    "Schülerinnen und Schüler",
    "Eltern",
    "Lehrkräfte und pädagogische Fachkräfte",
    "Jugendliche und junge Erwachsene",
    "Schulen und Träger",
)


# Periods without a catalogue file: their returns restate the measures of the previous period.
RESTATED = {later_catalogue.PERIOD: later_catalogue.PREVIOUS}
# (period, department) -> (goal number, goal title, measure title) added in that return.
NEW_MEASURES = {
    (later_catalogue.PERIOD, "Kommunales Bildungsbüro"): [
        (15, later_catalogue.NEW_GOAL["title"], "FORTBILDUNGSREIHE MEDIENKOMPETENZ"),
    ],
}


class Return(NamedTuple):
    """One department's return for one goal period (a delivery of the samples)."""

    period: str
    department: str


def settled_measures(period: str, department: str) -> list[tuple[dict, dict]]:
    """(goal, measure) of the catalogue file of ``period`` (or of the period it restates) that
    the documentation attributes to ``department`` (not inferred), in catalogue order, then the
    department's NEW_MEASURES of ``period``."""
    path = CATALOGUE_DIR / f"{RESTATED.get(period, period)}.yaml"
    catalogue = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [
        (goal, measure)
        for goal in catalogue["goals"]
        for measure in goal.get("measures") or []
        if measure.get("department") == department and not measure.get("department_inferred")
    ]
    for number, goal_title, title in NEW_MEASURES.get((period, department), []):
        found.append(({"number": number, "title": goal_title}, {"title": title}))
    return found


def keys(world: World, periods: tuple[str, ...] = (PERIOD, *RESTATED)) -> list[Return]:
    """The returns: each of DEPARTMENTS that the catalogue of the period credits with a
    settled measure."""
    return [
        Return(period, department)
        for period in periods
        for department in DEPARTMENTS
        if settled_measures(period, department)
    ]


def _districts(rng, n: int) -> list[str]:
    """Stadtteile per row: mostly the whole city, else one to three Ortsteile or a Stadtbezirk."""
    ortsteile, bezirke = list(ORTSTEILE.values()), list(STADTBEZIRKE.values())
    found = []
    for _ in range(n):
        kind = rng.choice(3, p=[0.5, 0.35, 0.15])
        if kind == 0:
            found.append(declared.WHOLE_CITY)
        elif kind == 1:
            picked = rng.choice(len(ortsteile), size=int(rng.integers(1, 4)), replace=False)
            found.append("; ".join(ortsteile[i] for i in sorted(picked)))
        else:
            found.append(bezirke[int(rng.integers(len(bezirke)))])
    return found


def write(out_dir: Path, world: World, key: Return) -> dict:
    period, department = key
    rows = settled_measures(period, department)
    rng = rng_for(world.seed, f"measures-{period}-{department}")
    status = rng.choice(STATUS, size=len(rows), p=[0.6, 0.3, 0.1])
    groups = rng.choice(len(TARGET_GROUPS), size=len(rows))
    columns = {
        "period": [period] * len(rows),
        "goal": [
            str(goal["number"]) if i % 2 else goal["title"]
            for i, (goal, _measure) in enumerate(rows)
        ],
        "title": [measure["title"] for _goal, measure in rows],
        "department": [department] * len(rows),
        "description": [None] * len(rows),  # the catalogue keeps the descriptions
        "status": [str(s) for s in status],
        "target_group": [TARGET_GROUPS[i] for i in groups],
        "districts": _districts(rng, len(rows)),
    }
    sheet = make_sheet(
        "Maßnahmen",
        [
            title_line(world.seed),
            f"Maßnahmen-Abfrage {period}, Rückmeldung des Arbeitsbereichs {department}",
        ],
        columns,
        contract=declared.COLUMNS,
        spelling={"title": "Maßnahme/Projekt:"},
    )
    name = save(
        out_dir,
        f"{FILE_PREFIX}massnahmen_{period}_{slug(department)}",
        [sheet],
        "xlsx",
        "Maßnahmen",
    )
    return entry(SOURCE, name, sheet, f"{period}, {department}")
