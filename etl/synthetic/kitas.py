"""The Kita register: about 150 invented Kitas, 23 of them Familienzentren, two lists (2016, 2021).

Kitas sit where the children live (more in districts with more under-sixes), Familienzentren
preferably in deprived districts. The 2021 list drops two Kitas (closed) and adds three new ones
in deprived districts, so a later list replacing an earlier one has something to show. Not
scaled: the number of facilities is Herne's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from etl.sources import kitas as declared
from etl.synthetic.common import (
    FILE_PREFIX,
    MASTER_SEED,
    format_date,
    format_yes_no,
    rng_for,
    title_line,
)
from etl.synthetic.geography import DISTRICTS, SMALL_DISTRICT
from etl.synthetic.population import expected_residents
from etl.synthetic.writers import entry, make_sheet, save

if TYPE_CHECKING:
    from etl.synthetic.world import World

SOURCE = declared.SOURCE

LIST_DATES = (dt.date(2016, 3, 1), dt.date(2021, 3, 1))
N_KITAS = 150
# The world has more Kitas than Herne (about 90) so that districts keep the two Kitas of the KECK
# rule; their places are scaled so that the city has about 125 places per 100 children aged 3-5
# (places include children under three), as in NRW's larger cities.
PLACES_SCALE = 0.47
N_FAMILY_CENTRES = 23
N_CLOSED = 2
N_NEW = 3
PROVIDERS = (
    "Stadt Herne",
    "AWO",
    "Ev. Kirchenkreis",
    "Kath. Kirchengemeinde",
    "DRK",
    "Elterninitiative",
)
_PROVIDER_SHARES = (0.30, 0.15, 0.20, 0.20, 0.07, 0.08)
_MOTIFS = (
    "Sonnenblume", "Regenbogen", "Pusteblume", "Löwenzahn", "Kunterbunt", "Spatzennest",
    "Zwergenland", "Wirbelwind", "Sternschnuppe", "Schatzkiste", "Abenteuerland", "Kleine Strolche",
    "Schmetterling", "Marienkäfer", "Hummelnest", "Rappelkiste", "Entdeckerland", "Wolkenburg",
    "Purzelbaum", "Sausewind", "Arche Noah", "Senfkorn", "Kleeblatt", "Apfelbaum", "Baumhaus",
    "Farbklecks", "Glühwürmchen", "Igelnest", "Kuckucksnest", "Mäuseburg", "Pfiffikus",
    "Seepferdchen", "Sonnenschein", "Traumland", "Waldwichtel", "Wiesenzwerge", "Zauberwald",
    "Bärenhöhle", "Eulennest", "Flohkiste", "Gänseblümchen", "Hasenbau", "Kastanie", "Leuchtturm",
    "Lummerland", "Pünktchen", "Rasselbande", "Schlaumäuse", "Tausendfüßler", "Weltentdecker",
)  # fmt: skip
_SAINTS = (
    "St. Marien", "St. Josef", "St. Laurentius", "St. Bonifatius", "St. Elisabeth", "St. Barbara",
    "St. Antonius", "St. Konrad", "St. Peter und Paul", "St. Christophorus", "St. Ludgerus",
    "St. Michael", "St. Franziskus", "St. Hedwig", "St. Georg", "St. Martin", "Herz Jesu",
    "Heilig Geist", "St. Anna", "St. Clemens",
)  # fmt: skip
_PREFIX = {
    "Stadt Herne": "Städt. Kita",
    "AWO": "AWO-Kita",
    "Ev. Kirchenkreis": "Ev. Kita",
    "Kath. Kirchengemeinde": "Kath. Kita",
    "DRK": "DRK-Kita",
    "Elterninitiative": "Elterninitiative",
}


@dataclass(frozen=True)
class Kita:
    number: str  # "0107": text with a leading zero
    name: str
    provider: str
    district: str
    family_centre: bool
    places: int
    opened: dt.date | None = None  # listed first in the 2021 list
    closed: dt.date | None = None  # missing from the 2021 list

    def listed_on(self, day: dt.date) -> bool:
        return (self.opened is None or day >= self.opened) and (
            self.closed is None or day < self.closed
        )


def _name(
    provider: str, motif_pool: list[str], saint_pool: list[str], used: set[str], district: str
) -> str:
    pool = saint_pool if provider == "Kath. Kirchengemeinde" else motif_pool
    base = f"{_PREFIX[provider]} {pool.pop()}"
    if provider == "Elterninitiative":
        base += " e.V."
    name = base if base not in used else f"{base} {district}"
    used.add(name)
    return name


def build_register() -> list[Kita]:
    """All Kitas ever listed (2016 list plus the 2021 newcomers), ordered by Kita-Nr.

    The same for every seed (MASTER_SEED).
    """
    rng = rng_for(MASTER_SEED, "kitas")
    districts = [d for d in DISTRICTS if d.number != SMALL_DISTRICT]
    under_six = np.array([expected_residents(d, range(0, 6)) for d in districts])
    expected = N_KITAS * under_six / under_six.sum()
    per_district = np.floor(expected).astype(int)
    for i in np.argsort(-(expected - per_district), kind="stable")[: N_KITAS - per_district.sum()]:
        per_district[i] += 1
    motif_pool = [str(m) for m in rng.permutation(_MOTIFS)] * 4
    saint_pool = [str(m) for m in rng.permutation(_SAINTS)] * 3
    used: set[str] = set()
    drafts = []
    for district, n in zip(districts, per_district, strict=True):
        for _ in range(n):
            provider = str(rng.choice(PROVIDERS, p=_PROVIDER_SHARES))
            low, high = (20, 45) if provider == "Elterninitiative" else (40, 121)
            places = _scaled(int(rng.integers(low, high)))
            drafts.append(
                (
                    district,
                    provider,
                    places,
                    _name(provider, motif_pool, saint_pool, used, district.name),
                )
            )
    # Familienzentren: preferably deprived districts, at most one per district while possible.
    chosen: list[int] = []
    districts_with_fc: set[str] = set()
    candidates = [i for i, d in enumerate(drafts) if d[1] != "Elterninitiative"]
    while len(chosen) < N_FAMILY_CENTRES:
        weights = np.array(
            [
                (0.2 + drafts[i][0].social_index) ** 2
                * (0.15 if drafts[i][0].number in districts_with_fc else 1.0)
                for i in candidates
            ]
        )
        pick = candidates[int(rng.choice(len(candidates), p=weights / weights.sum()))]
        candidates.remove(pick)
        chosen.append(pick)
        districts_with_fc.add(drafts[pick][0].number)
    # Two ordinary Kitas close before the 2021 list.
    ordinary = [i for i in range(len(drafts)) if i not in chosen]
    closing = {int(i) for i in rng.choice(ordinary, size=N_CLOSED, replace=False)}
    kitas = [
        Kita(
            number=f"{101 + i:04d}",
            name=name,
            provider=provider,
            district=district.number,
            family_centre=i in chosen,
            places=places,
            closed=LIST_DATES[1] if i in closing else None,
        )
        for i, (district, provider, places, name) in enumerate(drafts)
    ]
    # Three new Kitas in the most deprived districts.
    deprived = sorted(districts, key=lambda d: -d.social_index)[: N_NEW * 2]
    for k in range(N_NEW):
        district = deprived[int(rng.integers(len(deprived)))]
        provider = str(rng.choice(PROVIDERS[:5]))
        kitas.append(
            Kita(
                number=f"{101 + len(drafts) + k:04d}",
                name=_name(provider, motif_pool, saint_pool, used, district.name),
                provider=provider,
                district=district.number,
                family_centre=False,
                places=_scaled(int(rng.integers(8, 19)) * 5),
                opened=LIST_DATES[1],
            )
        )
    return kitas


def _scaled(drawn: int) -> int:
    """Places of a Kita from the drawn size (the draws stay as they were: same random stream)."""
    return max(10, round(drawn * PLACES_SCALE / 5) * 5)


def listed(kitas: list[Kita], day: dt.date) -> list[Kita]:
    return [k for k in kitas if k.listed_on(day)]


# --- files -----------------------------------------------------------------------------------


def keys(world: World) -> list[dt.date]:
    return list(LIST_DATES)


def write(out_dir: Path, world: World, stand: dt.date) -> dict:
    """One Stand of the list: 2016 as a Windows-1252 CSV, 2021 as a workbook."""
    rows = listed(world.kitas, stand)
    first = stand == LIST_DATES[0]
    columns = {
        "list_date": [format_date(stand, "text" if first else "excel")] * len(rows),
        "number": [k.number for k in rows],
        "name": [k.name for k in rows],
        "provider": [k.provider for k in rows],
        "district_number": [k.district for k in rows],
        "is_family_centre": [
            format_yes_no(k.family_centre, "j/n" if first else "ja/nein") for k in rows
        ],
        "places": [str(k.places) if first else k.places for k in rows],
    }
    title = [title_line(world.seed), f"Kita-Verzeichnis des Jugendamts, Stand {stand:%d.%m.%Y}"]
    if first:
        sheet = make_sheet(
            "Kitas",
            title,
            columns,
            contract=declared.COLUMNS,
            spelling={"provider": "TRÄGER", "places": "Plätze:"},
            variations=["date-text", "yes-no:j/n"],
        )
    else:
        remarks = [
            "neu eröffnet" if k.opened else ("Familienzentrum" if k.family_centre else None)
            for k in rows
        ]
        sheet = make_sheet(
            "Kitas",
            title,
            columns,
            contract=declared.COLUMNS,
            order=[
                "number",
                "name",
                "provider",
                "district_number",
                "places",
                "is_family_centre",
                "Bemerkung",
                "list_date",
            ],
            spelling={"number": "Kita-Nr:"},
            extra={"Bemerkung": remarks},
            variations=["date-excel", "yes-no:ja/nein"],
        )
    name = save(
        out_dir,
        f"{FILE_PREFIX}kita_verzeichnis_{stand.isoformat()}",
        [sheet],
        "csv-cp1252" if first else "xlsx",
        f"Kita-Verzeichnis {stand:%d.%m.%Y} (synthetisch)",
    )
    return entry(SOURCE, name, sheet, f"{stand:%d.%m.%Y}")
