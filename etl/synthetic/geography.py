"""Herne's spatial units as the generator sees them: 4 Stadtbezirke, 13 Ortsteile, 32 districts.

Names come from domain.md where known; the rest are invented and flagged. Numbers are invented
(Stadtbezirk "1".."4", Ortsteil = Stadtbezirk digit + running digit, district = Ortsteil + digit).
Each district also gets a fixed social index (0 = well-off, 1 = most deprived) and a 2019
population; both drive every other source so that the social gradient is visible everywhere.
They are plausible choices, not measured values.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from etl.resources import data_path
from etl.sources import spatial_units as declared
from etl.synthetic.common import FILE_PREFIX, title_line
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

REFERENCE_CSV = data_path("spatial_units/raumgliederung_herne.csv")
# The delivery's columns plus the note which names are invented.
CSV_COLUMNS = (*(column.header for column in declared.COLUMNS), "Name erfunden")


@dataclass(frozen=True)
class District:
    number: str  # statistical district, "111"
    name: str
    invented: bool  # name not found in public sources
    social_index: float  # 0..1, higher = more deprived
    population_2019: int

    @property
    def ortsteil_number(self) -> str:
        return self.number[:2]

    @property
    def stadtbezirk_number(self) -> str:
        return self.number[:1]

    @property
    def ortsteil(self) -> str:
        return ORTSTEILE[self.ortsteil_number]

    @property
    def stadtbezirk(self) -> str:
        return STADTBEZIRKE[self.stadtbezirk_number]


STADTBEZIRKE = {"1": "Wanne", "2": "Eickel", "3": "Herne-Mitte", "4": "Sodingen"}
ORTSTEILE = {
    "11": "Wanne",
    "12": "Unser Fritz/Crange",
    "13": "Baukau-West",
    "21": "Eickel",
    "22": "Röhlinghausen",
    "23": "Wanne-Süd",
    "31": "Herne-Mitte",
    "32": "Herne-Süd",
    "33": "Baukau-Ost",
    "34": "Holsterhausen",
    "41": "Sodingen",
    "42": "Börnig/Holthausen",
    "43": "Horsthausen",
}

# Population 2019 sums to the published figures: Ortsteil Wanne 23,200, Stadtbezirk Eickel
# 34,600, Ortsteil Sodingen 11,638, Börnig/Holthausen about 12,000; city about 156,400.
DISTRICTS: tuple[District, ...] = (
    District("111", "Wanne-Mitte", True, 0.85, 9_500),
    District("112", "Wanne-Nord", True, 0.75, 7_400),
    District("113", "Bickern", True, 0.70, 6_300),
    District("121", "Unser Fritz", True, 0.80, 6_200),
    District("122", "Crange", True, 0.65, 4_650),
    # Harbour and industrial area: very few inhabitants, so small-number suppression has work.
    District("123", "Hafen Wanne", True, 0.60, 150),
    District("131", "Baukau-West-Nord", True, 0.70, 3_600),
    District("132", "Baukau-West-Süd", True, 0.60, 3_200),
    District("211", "Eickel-Kern", False, 0.25, 8_500),
    District("212", "Hannover", False, 0.40, 6_000),
    District("221", "Pluto", False, 0.55, 3_300),
    District("222", "Röhlinghausen-Kern", False, 0.45, 4_800),
    District("223", "Königsgrube", False, 0.50, 2_700),
    District("231", "Wanne-Süd", False, 0.55, 5_600),
    District("232", "Gartenstadt", False, 0.35, 3_700),
    District("311", "Shamrock", False, 0.70, 4_800),
    District("312", "Herne-Zentrum", False, 0.80, 6_900),
    District("313", "Stadtgarten", False, 0.50, 5_300),
    District("314", "Altenhöfen", False, 0.45, 5_000),
    District("321", "Feldkamp", False, 0.35, 4_600),
    District("322", "Herne-Süd", False, 0.40, 6_400),
    District("331", "Strünkede", False, 0.55, 4_000),
    District("332", "Baukau-Kern", False, 0.75, 5_000),
    District("341", "Holsterhausen", False, 0.15, 6_000),
    District("411", "Sodingen-Kern", False, 0.35, 5_200),
    District("412", "Sodingen-Süd", False, 0.15, 3_600),
    District("413", "Constantin", False, 0.40, 2_838),
    District("421", "Börnig", True, 0.25, 4_600),
    District("422", "Holthausen-Nord", True, 0.30, 3_900),
    District("423", "Holthausen-Süd", True, 0.20, 3_500),
    District("431", "Horsthausen-Kern", True, 0.45, 5_800),
    District("432", "Friedrich der Große", True, 0.50, 3_400),
)
DISTRICT_BY_NUMBER = {d.number: d for d in DISTRICTS}
SMALL_DISTRICT = "123"


def proximity(a: District, b: District) -> float:
    """How likely someone living in `a` uses a facility in `b` (same district > Ortsteil > ...)."""
    if a.number == b.number:
        return 1.0
    if a.ortsteil_number == b.ortsteil_number:
        return 0.35
    if a.stadtbezirk_number == b.stadtbezirk_number:
        return 0.08
    return 0.015


def reference_rows() -> list[list[str]]:
    """Rows of the committed reference list (data/spatial_units/raumgliederung_herne.csv)."""
    return [
        [
            d.stadtbezirk_number,
            d.stadtbezirk,
            d.ortsteil_number,
            d.ortsteil,
            d.number,
            d.name,
            "ja" if d.invented else "nein",
        ]
        for d in DISTRICTS
    ]


def reference_csv_text() -> str:
    """The reference list as semicolon CSV text (UTF-8, no BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(reference_rows())
    return buffer.getvalue()


def write_reference_csv(path: Path = REFERENCE_CSV) -> None:
    """Regenerate the committed reference list from DISTRICTS (kept in sync by a test)."""
    path.write_text(reference_csv_text(), encoding="utf-8")


SOURCE = declared.SOURCE


def keys(world: World) -> list[str]:
    return ["Gesamtliste"]


def write(out_dir: Path, world: World, key: str) -> dict:
    """The Raumgliederung as a delivery (without the "Name erfunden" column)."""
    rows = reference_rows()
    columns = {column.name: [r[i] for r in rows] for i, column in enumerate(declared.COLUMNS)}
    sheet = make_sheet(
        "Raumgliederung",
        [
            title_line(world.seed),
            "Raumgliederung der Stadt Herne: Nummern erfunden, Namen teils erfunden",
        ],
        columns,
        contract=declared.COLUMNS,
        spelling={"bezirk_name": "Statistischer  Bezirk", "ortsteil_name": "ORTSTEIL"},
    )
    name = save(
        out_dir,
        f"{FILE_PREFIX}raumgliederung",
        [sheet],
        "xlsx",
        "Raumgliederung Herne (synthetisch)",
    )
    return entry(SOURCE, name, sheet, key)
