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
# Ganztag und OGS (all-day source): "teilgebunden" is bound for some grades or classes only; the
# open form also arrives as "OGS" or "offen (OGS)". School social work knows only ALL_DAY_FORMS.
ALL_DAY_TYPES = ("gebunden", "teilgebunden", "offen", "keiner")
ALL_DAY_TYPE_SPELLINGS = (("OGS", "offen"), ("offen (OGS)", "offen"))
# Schulabgänge: the qualification a leaver leaves school with, lowest first.
QUALIFICATIONS = (
    "ohne Abschluss",
    "Förderschulabschluss",
    "Hauptschulabschluss",
    "mittlerer Abschluss (FOR)",
    "Fachhochschulreife",
    "Hochschulreife",
)
QUALIFICATION_SPELLINGS = (("mittlerer Abschluss", "mittlerer Abschluss (FOR)"),)
LEAVER_SEXES = ("m", "w")  # the school statistics report two sexes
# Leavers of these forms are leavers of general schools (allgemeinbildende Schulen), reported
# apart from the Berufskollegs as the official statistics do; Grundschulen have no leavers.
GENERAL_SCHOOL_FORMS = tuple(f for f in SCHOOL_FORMS if f not in ("Grundschule", "Berufskolleg"))
EMPLOYERS = ("Stadt", "Land", "Freier Träger")
MEASURE_STATUS = ("geplant", "laufend", "abgeschlossen")

# Schuleingangsuntersuchung (health office; NRW rates German only for children whose first
# language is not German, so a missing rating is normal).
GERMAN_FLUENT, GERMAN_MINOR_ERRORS, GERMAN_BROKEN, GERMAN_NONE = (
    "fehlerfrei/flüssig",
    "mit leichten Fehlern",
    "radebrechend",
    "kaum/keine",
)
GERMAN_LEVELS = (GERMAN_FLUENT, GERMAN_MINOR_ERRORS, GERMAN_BROKEN, GERMAN_NONE)
SCREENING_RESULTS = ("unauffällig", "grenzwertig", "auffällig")  # coordination, visuomotor
WEIGHT_CLASSES = ("nein", "Übergewicht", "Adipositas")  # BMI percentile classes
ENTRY_RECOMMENDATIONS = ("regulär", "mit Förderbedarf", "Zurückstellung")

# Übergänge nach Klasse 4: the primary school's recommendation ("eingeschränkt": one form
# recommended and the next higher one with a restriction, e.g. "Realschule, eingeschränkt
# Gymnasium") and the school form of the new school.
RECOMMENDATIONS = ("Gymnasium", "Realschule", "Hauptschule", "eingeschränkt")
OUTSIDE_HERNE = "außerhalb Herne"
NEW_SCHOOL_FORMS = (
    "Gymnasium",
    "Gesamtschule",
    "Realschule",
    "Hauptschule",
    "Sekundarschule",
    "Förderschule",
    OUTSIDE_HERNE,
)
