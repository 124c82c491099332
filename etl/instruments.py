"""The instruments' fixed vocabularies: KOMPIK areas, UWE items and scales, enumerations.

Declared once here; the models, importers, sample generator and indicators read them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KompikArea:
    key: str  # English identifier, used in column names (mean_<key>, norm_<key>)
    short: str  # short German form used in delivery headers ("Motorik Mittelwert")
    title: str  # full German name of the Entwicklungsbereich


KOMPIK_AREAS: tuple[KompikArea, ...] = (
    KompikArea("motor", "Motorik", "Motorische Kompetenzen"),
    KompikArea("social", "Soziale Kompetenzen", "Soziale Kompetenzen"),
    KompikArea("emotional", "Emotionale Kompetenzen", "Emotionale Kompetenzen"),
    KompikArea("motivation", "Motivation", "Motivationale Kompetenzen"),
    KompikArea("language", "Sprache und Literacy", "Sprache und frühe Literacy"),
    KompikArea("maths", "Mathematik", "Mathematische Kompetenzen"),
    KompikArea("science", "Naturwissenschaft", "Naturwissenschaftliche Kompetenzen und Interessen"),
    KompikArea("arts", "Gestalten", "Gestalterische Kompetenzen und Interessen"),
    KompikArea("music", "Musik", "Musikalische Kompetenzen und Interessen"),
    KompikArea("health", "Gesundheit", "Gesundheitsbezogene Kompetenzen und Interessen"),
    KompikArea("wellbeing", "Wohlbefinden", "Wohlbefinden und soziale Beziehungen"),
)

# UWE raw items: name in the delivery = column name in the database (lower case) = 1-5 scale,
# except FRUEH and AKT (days per week, 0-7).
UWE_SCALES: dict[str, tuple[str, ...]] = {
    "optimism": ("OPT1", "OPT2", "OPT3"),
    "self_esteem": ("SWG1", "SWG2", "SWG3"),
    "happiness": ("GLU1", "GLU2", "GLU3"),
    "sadness": ("TRA1", "TRA2", "TRA3"),
    "general_health": ("GES1",),
    "adults_school": ("ERW_SCH1", "ERW_SCH2", "ERW_SCH3"),
    "adults_home": ("ERW_HAU1", "ERW_HAU2", "ERW_HAU3"),
    "adults_neighbourhood": ("ERW_NAC1", "ERW_NAC2", "ERW_NAC3"),
    "peer_belonging": ("PEER1", "PEER2", "PEER3"),
    "friendship": ("FREU1", "FREU2", "FREU3"),
    "breakfast_days": ("FRUEH",),
    "sleep": ("SCHLAF",),
    "activity_days": ("AKT",),
    "school_climate": ("SCHUL1", "SCHUL2", "SCHUL3"),
}
UWE_DAY_ITEMS = ("FRUEH", "AKT")  # 0-7 days per week
UWE_ITEMS: tuple[str, ...] = tuple(item for items in UWE_SCALES.values() for item in items)
UWE_GRADES = (4, 7, 9)

SEXES = ("m", "w", "d")
SCHOOL_FORMS = (
    "Grundschule",
    "Hauptschule",
    "Realschule",
    "Gymnasium",
    "Gesamtschule",
    "Sekundarschule",
    "Förderschule",
    "Berufskolleg",
)
ALL_DAY_FORMS = ("gebunden", "offen", "keiner")
EMPLOYERS = ("Stadt", "Land", "Freier Träger")
MEASURE_STATUS = ("geplant", "laufend", "abgeschlossen")
