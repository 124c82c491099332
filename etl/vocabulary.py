"""The project's vocabulary, declared once: spatial levels, source families, units of measure,
breakdowns and directions.

Every layer (importers, indicators, publishing, the app, the command line) imports these names
instead of spelling out tuples of level keys or label dicts of its own. The keys are the strings
stored in the database (``indicator_values.level``, ``.breakdown``), so they never change; the
German words beside them are what people read.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- spatial levels ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    key: str  # stored in indicator_values.level
    title: str  # "Ortsteil"
    plural: str  # "Ortsteile"
    dative: str  # "nach Ortsteilen"
    parent: str | None  # the level above (None for the city)


CITY = Level("stadt", "Stadt", "Stadt", "Stadt", None)
STADTBEZIRK = Level("stadtbezirk", "Stadtbezirk", "Stadtbezirke", "Stadtbezirken", "stadt")
ORTSTEIL = Level("ortsteil", "Ortsteil", "Ortsteile", "Ortsteilen", "stadtbezirk")
BEZIRK = Level(
    "bezirk", "Statistischer Bezirk", "Statistische Bezirke", "statistischen Bezirken", "ortsteil"
)

LEVELS: tuple[Level, ...] = (CITY, STADTBEZIRK, ORTSTEIL, BEZIRK)  # top-down
LEVEL: dict[str, Level] = {level.key: level for level in LEVELS}
LEVEL_KEYS: tuple[str, ...] = tuple(level.key for level in LEVELS)
# Where results about children and students by residence are published (as KECK does): a
# statistical district has too few of them per year, grade or Kita for values worth protecting.
DOWN_TO_ORTSTEIL: tuple[str, ...] = (CITY.key, STADTBEZIRK.key, ORTSTEIL.key)
# The levels below the city: the units of maps, rankings and profiles, and of the
# spatial-units delivery ("bezirk" = statistical district).
AREA_LEVELS: tuple[str, ...] = LEVEL_KEYS[1:]


def level_title(key: str) -> str:
    return LEVEL[key].title if key in LEVEL else key


# --- units of measure -------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    key: str  # stable identifier used in code ("percent"); never a label
    label: str  # shown after titles and in metadata ("%", "Mittelwert (1–5)")
    axis_title: str  # value axis of a chart
    difference_axis: str  # axis of a chart of differences to the city or between years
    decimals: int = 1  # digits of a difference shown on that axis
    suffix: str = ""  # after a number in running text ("53,2 %")
    difference_suffix: str = ""  # after a signed difference ("+1,2 Pp.")
    difference_name: str = "Veränderung"  # column title of a change table
    is_date: bool = False  # values are dates (text), not numbers: no charts of them
    value_range: tuple[float, float] | None = None  # of a mean: the scale's lowest and highest


PERCENT = Unit(
    "percent",
    "%",
    "Anteil in %",
    "Anteile: Differenz in Prozentpunkten",
    decimals=0,
    suffix=" %",
    difference_suffix=" Pp.",
    difference_name="Veränderung (Prozentpunkte)",
)
MEAN_1_5 = Unit(
    "mean_1_5",
    "Mittelwert (1–5)",
    "Mittelwert (1–5)",
    "Mittelwerte (1–5): Differenz in Skalenpunkten",
    decimals=2,
    value_range=(1.0, 5.0),
)
GRADE_1_6 = Unit(
    "grade_1_6",
    "Note (1–6)",
    "Note (1–6)",
    "Noten (1 = sehr gut): Differenz in Notenstufen",
    decimals=2,
    value_range=(1.0, 6.0),
)
FTE = Unit("fte", "VZÄ", "VZÄ", "VZÄ: Differenz")
FTE_PER_1000 = Unit("fte_per_1000", "VZÄ je 1.000", "VZÄ je 1.000", "VZÄ je 1.000: Differenz", 2)
PER_FTE = Unit("per_fte", "je VZÄ", "je VZÄ", "je VZÄ: Differenz")
COUNT = Unit("count", "Anzahl", "Anzahl", "Anzahl: Differenz")
DATE = Unit("date", "Datum", "Datum", "Datum", is_date=True)

PER_1000_RESIDENTS = Unit(
    "per_1000_residents",
    "je 1.000 Einwohner",
    "je 1.000 Einwohnerinnen und Einwohner",
    "je 1.000 Einwohner: Differenz",
)
PLACES_PER_100 = Unit(
    "places_per_100",
    "Plätze je 100 Kinder",
    "Plätze je 100 Kinder",
    "Plätze je 100 Kinder: Differenz",
)
# A composite index: the mean of z-standardised indicators (0 = mean of the districts).
Z_INDEX = Unit(
    "z_index",
    "Indexwert (Mittel der z-Werte)",
    "Indexwert (z-Werte)",
    "Indexwert: Differenz in Standardabweichungen",
    decimals=2,
)

UNITS: tuple[Unit, ...] = (
    PERCENT,
    MEAN_1_5,
    GRADE_1_6,
    FTE,
    FTE_PER_1000,
    PER_FTE,
    COUNT,
    DATE,
    PER_1000_RESIDENTS,
    PLACES_PER_100,
    Z_INDEX,
)

# --- directions -------------------------------------------------------------------------------

HIGHER, LOWER, NEUTRAL = "higher", "lower", "neutral"  # is a higher value better?
DIRECTION_TITLES = {
    HIGHER: "ein höherer Wert ist günstiger",
    LOWER: "ein niedrigerer Wert ist günstiger",
    NEUTRAL: "keine Bewertungsrichtung",
}

# --- breakdowns -------------------------------------------------------------------------------

BREAKDOWN_TITLES = {
    "sex": "Geschlecht",
    "grade": "Jahrgang",
    "german": "Familiensprache Deutsch (nein: nein oder ohne Angabe)",
    "school_form": "Schulform",
    "goal": "Handlungsziel",
    "department": "Arbeitsbereich",
    "all_day_form": "Ganztagsform",
    "kita_years": "Kita-Besuch",
}
BREAKDOWN_VALUE_TITLES = {
    ("sex", "m"): "männlich",
    ("sex", "w"): "weiblich",
    ("sex", "d"): "divers",
    ("german", "ja"): "ja",
    ("german", "nein"): "nein",
    ("all_day_form", "gebunden"): "gebunden (auch teilgebunden)",
    ("all_day_form", "offen"): "offen (OGS)",
    ("kita_years", "bis3"): "bis 3 Jahre (auch ohne Kita oder ohne Angabe)",
    ("kita_years", "ueber3"): "mehr als 3 Jahre",
}

# --- source families --------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """A group of indicators computed from one instrument.

    ``prefix`` is the first part of its indicator ids ("parents" in "parents.recommend"); the ids
    are public (URLs, downloads, notebooks), so the prefix stays even where it is shorter than the
    source id. ``sources`` are the deliveries (command-line ids) its values are computed from.
    """

    prefix: str
    title: str  # "Elternbefragung Familienzentren"
    short: str  # in indicator selectors: "Eltern · Weiterempfehlung"
    sources: tuple[str, ...]


KOMPIK = Family("kompik", "KOMPIK (Kitas)", "KOMPIK", ("kompik", "kitas", "spatial-units"))
UWE = Family("uwe", "UWE (Schülerbefragung)", "UWE", ("uwe", "school-social-work", "spatial-units"))
PARENTS = Family(
    "parents",
    "Elternbefragung Familienzentren",
    "Eltern",
    ("parent-survey", "kitas", "spatial-units"),
)
SCHOOL_SOCIAL_WORK = Family(
    "ssw", "Schulsozialarbeit und Ganztag", "Schule", ("school-social-work", "spatial-units")
)
LEAVERS = Family(
    "leavers", "Schulabgänge", "Abgänge", ("school-leavers", "school-social-work", "spatial-units")
)
TRANSITION_SYSTEM = Family(
    "transition_system",
    "Übergangsbereich (Schulabgänge)",
    "Übergangsbereich",
    ("school-leavers", "school-social-work", "spatial-units"),
)
ALL_DAY = Family(
    "allday", "Ganztag und OGS", "Ganztag", ("all-day", "school-social-work", "spatial-units")
)
GOALS = Family("goals", "Handlungsziele", "Ziele", ("measures",))
SOCIAL = Family("social", "Sozialstruktur", "Sozial", ("social-context", "spatial-units"))
KITA = Family("kita", "Kita-Plätze", "Kita", ("kitas", "spatial-units"))
SCHOOL_ENTRY = Family(
    "entry", "Schuleingangsuntersuchung", "Einschulung", ("school-entry", "spatial-units")
)
TRANSITIONS = Family(
    "transition",
    "Übergänge nach Klasse 4",
    "Übergang",
    ("transitions", "school-social-work", "spatial-units"),
)

FAMILIES: tuple[Family, ...] = (
    KOMPIK,
    UWE,
    PARENTS,
    SCHOOL_SOCIAL_WORK,
    LEAVERS,
    TRANSITION_SYSTEM,
    ALL_DAY,
    SOCIAL,
    KITA,
    SCHOOL_ENTRY,
    TRANSITIONS,
    GOALS,
)
FAMILY: dict[str, Family] = {family.prefix: family for family in FAMILIES}
