"""Maßnahmen-Abfrage 2013-2017: the catalogue's measures as the departments would report them.

The rows are the transcribed measures of data/catalogue/2013-2017.yaml (so the counts by
department stay those of the conference documentation), each with a synthetic Status. The goal is
named by number in some rows and by title in others, as real returns do.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from etl.catalogue import CATALOGUE_DIR
from etl.sources import measures as declared
from etl.synthetic.common import FILE_PREFIX, rng_for, title_line
from etl.synthetic.world import World
from etl.synthetic.writers import entry, make_sheet, save

SOURCE = declared.SOURCE
PERIOD = "2013-2017"
STATUS = ("laufend", "abgeschlossen", "geplant")


def keys(world: World) -> list[str]:
    return [PERIOD]


def write(out_dir: Path, world: World, period: str) -> dict:
    catalogue = yaml.safe_load((CATALOGUE_DIR / f"{period}.yaml").read_text(encoding="utf-8"))
    rng = rng_for(world.seed, f"measures-{period}")
    rows = [(goal, measure) for goal in catalogue["goals"] for measure in goal["measures"]]
    status = rng.choice(STATUS, size=len(rows), p=[0.6, 0.3, 0.1])
    columns = {
        "period": [period] * len(rows),
        "goal": [
            str(goal["number"]) if i % 2 else goal["title"]
            for i, (goal, _measure) in enumerate(rows)
        ],
        "title": [measure["title"] for _goal, measure in rows],
        "department": [measure["department"] for _goal, measure in rows],
        "description": [None] * len(rows),  # the catalogue keeps the descriptions
        "status": [str(s) for s in status],
    }
    sheet = make_sheet(
        "Maßnahmen",
        [title_line(world.seed), f"Maßnahmen-Abfrage der Arbeitsbereiche, Zielperiode {period}"],
        columns,
        contract=declared.COLUMNS,
        spelling={"title": "Maßnahme/Projekt:"},
    )
    name = save(out_dir, f"{FILE_PREFIX}massnahmen_{period}", [sheet], "xlsx", "Maßnahmen")
    return entry(SOURCE, name, sheet, period)
