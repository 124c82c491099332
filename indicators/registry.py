"""The indicator registry: every indicator declared once, as data.

An entry says what the number means (German title and definition), where it comes from, how it is
formed (numerator, denominator, unit), which goals of the catalogue it serves, on which levels and
breakdowns it exists, and which confidentiality rule protects it. Computation lives in the
``families`` modules; this file only describes.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.instruments import KOMPIK_AREAS
from etl.vocabulary import (
    COUNT,
    DATE,
    FTE,
    FTE_PER_1000,
    GRADE_1_6,
    MEAN_1_5,
    PER_FTE,
    PERCENT,
    Unit,
)
from indicators.disclosure import CellRule, Thresholds

LEVELS = ("stadt", "stadtbezirk", "ortsteil", "bezirk")
LEVEL_TITLES = {
    "stadt": "Stadt",
    "stadtbezirk": "Stadtbezirk",
    "ortsteil": "Ortsteil",
    "bezirk": "Statistischer Bezirk",
}
BREAKDOWN_TITLES = {
    "sex": "Geschlecht",
    "grade": "Jahrgang",
    "german": "Familiensprache Deutsch (nein: nein oder ohne Angabe)",
    "school_form": "Schulform",
}
DIRECTIONS = ("higher", "lower", "neutral")  # is a higher value better?

LIMITS = Thresholds()
PERSONS = CellRule("count", LIMITS.min_count)
RESPONDENTS = CellRule("respondents", LIMITS.min_respondents)
KECK = CellRule("respondents", LIMITS.min_respondents, keck=True)
INSTITUTIONS = CellRule("none", 0)  # facilities and staffing: no persons to protect


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    definition: str
    source: str
    inputs: tuple[str, ...]  # etl sources it is computed from: rebuilt when one of them changes
    numerator: str
    denominator: str
    unit: Unit
    scale: float  # value = numerator / denominator * scale (None denominator: the numerator)
    direction: str
    goals: tuple[str, ...]
    rule: CellRule
    levels: tuple[str, ...] = LEVELS
    breakdowns: tuple[str, ...] = ()
    notes: str = ""
    ratio: bool = True  # False: the value is the numerator itself (a sum such as FTE)
    decimals: int = 1


def _kompik() -> list[Indicator]:
    inputs = ("kompik", "kitas", "spatial-units")
    common = dict(
        source="KOMPIK-Beobachtungen der Kitas (nach Wohnort des Kindes)",
        inputs=inputs,
        rule=KECK,
        breakdowns=("sex", "german"),
    )
    found = [
        Indicator(
            "kompik.coverage",
            "KOMPIK-Abdeckung",
            "Anteil der Kinder von 3 bis 5 Jahren, für die im Jahr eine KOMPIK-Beobachtung "
            "vorliegt.",
            source="KOMPIK-Beobachtungen; Bevölkerung am 31.12. des Vorjahres",
            inputs=(*inputs, "population"),
            numerator="beobachtete Kinder (nach Wohnort)",
            denominator="Kinder von 3 bis 5 Jahren am 31.12. des Vorjahres",
            unit=PERCENT,
            scale=100,
            direction="higher",
            goals=("bildungsmonitoring",),
            rule=PERSONS,
            breakdowns=("sex",),
            notes="Kinder ohne Wohnort-Angabe zählen nur stadtweit.",
        ),
        Indicator(
            "kompik.kitas_delivering",
            "Kitas mit KOMPIK-Lieferung",
            "Anteil der Kitas, die im Jahr KOMPIK-Beobachtungen geliefert haben.",
            source="KOMPIK-Beobachtungen; Kita-Verzeichnis (nach Standort der Kita)",
            inputs=inputs,
            numerator="Kitas mit mindestens einer Beobachtung",
            denominator="im Jahr geöffnete Kitas",
            unit=PERCENT,
            scale=100,
            direction="higher",
            goals=("bildungsmonitoring",),
            rule=INSTITUTIONS,
        ),
    ]
    goals = ("individuelle_lernfoerderung", "uebergangssystem")
    for area in KOMPIK_AREAS:
        found += [
            Indicator(
                f"kompik.{area.key}.mean",
                f"{area.title}: Mittelwert",
                f"Durchschnittlicher KOMPIK-Mittelwert (1 bis 5) im Bereich {area.title}.",
                numerator="Summe der Bereichsmittelwerte",
                denominator="beobachtete Kinder",
                unit=MEAN_1_5,
                scale=1,
                direction="higher",
                goals=goals,
                decimals=2,
                **common,
            ),
            Indicator(
                f"kompik.{area.key}.low",
                f"{area.title}: Normgruppe 1–2",
                f"Anteil der Kinder in den Normgruppen 1 und 2 (unterstes Fünftel) im Bereich "
                f"{area.title}.",
                numerator="Kinder in Normgruppe 1–2",
                denominator="beobachtete Kinder",
                unit=PERCENT,
                scale=100,
                direction="lower",
                goals=goals,
                notes="Eigene Konvention des Bildungsmonitorings, keine KOMPIK-Norm für "
                "Förderbedarf.",
                **common,
            ),
            Indicator(
                f"kompik.{area.key}.high",
                f"{area.title}: Normgruppe 9–10",
                f"Anteil der Kinder in den Normgruppen 9 und 10 (oberstes Fünftel) im Bereich "
                f"{area.title}.",
                numerator="Kinder in Normgruppe 9–10",
                denominator="beobachtete Kinder",
                unit=PERCENT,
                scale=100,
                direction="higher",
                goals=goals,
                notes="Eigene Konvention des Bildungsmonitorings.",
                **common,
            ),
        ]
    return found


UWE_ASSETS = (
    # (key, title, definition, goals)
    (
        "adults",
        "Unterstützende Erwachsene",
        "Anteil mit hoher Zustimmung (Mittelwert ≥ 4) zu den neun Fragen nach unterstützenden "
        "Erwachsenen in Schule, Zuhause und Nachbarschaft.",
        ("schulsozialarbeit",),
    ),
    (
        "adults_school",
        "Unterstützende Erwachsene in der Schule",
        "Anteil mit Mittelwert ≥ 4 auf der Skala Erwachsene in der Schule.",
        ("schulsozialarbeit",),
    ),
    (
        "adults_home",
        "Unterstützende Erwachsene zu Hause",
        "Anteil mit Mittelwert ≥ 4 auf der Skala Erwachsene zu Hause.",
        ("familienbildungsangebot",),
    ),
    (
        "adults_neighbourhood",
        "Unterstützende Erwachsene in der Nachbarschaft",
        "Anteil mit Mittelwert ≥ 4 auf der Skala Erwachsene in der Nachbarschaft.",
        ("vernetzung_der_akteure",),
    ),
    (
        "peers",
        "Gleichaltrige",
        "Anteil mit Mittelwert ≥ 4 über Zugehörigkeit zu Gleichaltrigen und enge Freundschaft.",
        ("schulsozialarbeit",),
    ),
    (
        "nutrition_sleep",
        "Ernährung und Schlaf",
        "Anteil mit Frühstück an mindestens 5 Tagen pro Woche und gutem Schlaf (≥ 4).",
        ("familienbildungsangebot",),
    ),
    (
        "activities",
        "Organisierte Freizeitaktivitäten",
        "Anteil mit organisierter Aktivität an mindestens einem Tag pro Woche.",
        ("ganztagssysteme",),
    ),
)


def _uwe() -> list[Indicator]:
    inputs = ("uwe", "school-social-work", "spatial-units")
    common = dict(
        source="UWE-Befragung (nach Wohnort)",
        inputs=inputs,
        rule=RESPONDENTS,
        breakdowns=("grade", "sex"),
        numerator="",
        denominator="",
    )
    found = [
        Indicator(
            "uwe.participation",
            "UWE-Beteiligung",
            "Ausgefüllte Fragebögen je 100 Schülerinnen und Schüler der befragten Jahrgänge "
            "(Alter = Jahrgang + 5 am 31.12. des Vorjahres).",
            source="UWE-Befragung; Bevölkerung am 31.12. des Vorjahres",
            inputs=(*inputs, "population"),
            numerator="Fragebögen (nach Wohnort)",
            denominator="Einwohnerinnen und Einwohner im Alter der befragten Jahrgänge",
            unit=PERCENT,
            scale=100,
            direction="higher",
            goals=("bildungsmonitoring",),
            rule=PERSONS,
            breakdowns=("grade", "sex"),
            notes="Näherung: Jahrgang aus dem Alter; Fragebögen ohne Wohnort zählen nur stadtweit.",
        ),
    ]
    levels = (
        (
            "high",
            "Wohlbefinden hoch",
            "higher",
            "hoch auf mindestens 4 der 5 Maße und auf keinem niedrig",
        ),
        ("medium", "Wohlbefinden mittel", "neutral", "weder hoch noch niedrig"),
        ("low", "Wohlbefinden niedrig", "lower", "niedrig auf mindestens einem der 5 Maße"),
    )
    for key, title, direction, rule_text in levels:
        found.append(
            Indicator(
                f"uwe.wellbeing_{key}",
                title,
                f"Anteil der Befragten mit Wohlbefindens-Index „{title.split()[-1]}“: {rule_text} "
                "(Optimismus, Selbstwert, Glück, Abwesenheit von Traurigkeit, Gesundheit).",
                unit=PERCENT,
                scale=100,
                direction=direction,
                goals=("schulsozialarbeit", "bildungsmonitoring"),
                notes="Regel des Middle Years Development Instrument (MDI): ein Maß ist hoch ab "
                "Skalenwert 4 und niedrig unter 3 (Traurigkeit umgekehrt).",
                **{
                    **common,
                    "numerator": f"Befragte mit Index {title.split()[-1]}",
                    "denominator": "Befragte mit allen 5 Maßen",
                },
            )
        )
    for key, title, definition, goals in UWE_ASSETS:
        found.append(
            Indicator(
                f"uwe.asset_{key}",
                f"Ressource: {title}",
                definition,
                unit=PERCENT,
                scale=100,
                direction="higher",
                goals=goals,
                **{
                    **common,
                    "numerator": "Befragte mit der Ressource",
                    "denominator": "Befragte mit auswertbaren Antworten",
                },
            )
        )
    found.append(
        Indicator(
            "uwe.school_positive",
            "Positive Schulerfahrungen",
            "Anteil mit Mittelwert ≥ 4 auf der Skala Schulklima und Zugehörigkeit.",
            unit=PERCENT,
            scale=100,
            direction="higher",
            goals=("ganztagssysteme",),
            notes="Nur nach Wohnort, nie nach Schule ausgewiesen (keine Schulrankings).",
            **{
                **common,
                "numerator": "Befragte mit positiven Schulerfahrungen",
                "denominator": "Befragte mit auswertbaren Antworten",
            },
        )
    )
    return found


PARENT_GRADES = (
    ("overall_grade", "Gesamtnote", "Gesamtzufriedenheit als Schulnote"),
    ("grade_opening_hours", "Note Öffnungszeiten", "Note für die Öffnungszeiten"),
    ("grade_settling_in", "Note Eingewöhnung", "Note für die Eingewöhnung"),
    ("grade_lunch", "Note Mittagessen", "Note für das Mittagessen"),
    ("grade_information", "Note Information", "Note für den Informationsfluss"),
)
PARENT_INTERESTS = (
    ("interest_parent_cafe", "Elterncafé", ("familienbildungsangebot",)),
    ("interest_counselling", "Erziehungsberatung", ("bildungsberatung",)),
    ("interest_family_education", "Familienbildung", ("familienbildungsangebot",)),
)


def _parent_survey() -> list[Indicator]:
    inputs = ("parent-survey", "kitas", "spatial-units")
    common = dict(
        source="Elternbefragung der Familienzentren (nach Standort des Familienzentrums)",
        inputs=inputs,
        rule=RESPONDENTS,
    )
    found = [
        Indicator(
            "parents.response_rate",
            "Rücklaufquote Elternbefragung",
            "Zurückgegebene Fragebögen je 100 ausgegebene.",
            numerator="zurückgegebene Fragebögen",
            denominator="ausgegebene Fragebögen (Blatt Rücklauf)",
            unit=PERCENT,
            scale=100,
            direction="higher",
            goals=("bildungsmonitoring",),
            **{**common, "rule": PERSONS},
            notes="Nur Familienzentren mit Angaben im Blatt Rücklauf.",
        ),
        Indicator(
            "parents.recommend",
            "Weiterempfehlung",
            "Anteil der Eltern, die das Familienzentrum weiterempfehlen würden.",
            numerator="Eltern mit Weiterempfehlung",
            denominator="Eltern mit Angabe",
            unit=PERCENT,
            scale=100,
            direction="higher",
            goals=("familienbildungsangebot",),
            **common,
        ),
    ]
    for key, title, what in PARENT_GRADES:
        found.append(
            Indicator(
                f"parents.{key}",
                title,
                f"Durchschnittliche {what} (1 = sehr gut bis 6).",
                numerator="Summe der Noten",
                denominator="Eltern mit Angabe",
                unit=GRADE_1_6,
                scale=1,
                direction="lower",
                goals=("information_ueber_bildungsangebote",)
                if key == "grade_information"
                else ("familienbildungsangebot",),
                decimals=2,
                **common,
            )
        )
    for key, title, goals in PARENT_INTERESTS:
        found.append(
            Indicator(
                f"parents.{key}",
                f"Interesse: {title}",
                f"Anteil der Eltern mit Interesse am Angebot {title}.",
                numerator="Eltern mit Interesse",
                denominator="Eltern mit Angabe",
                unit=PERCENT,
                scale=100,
                direction="neutral",
                goals=goals,
                **common,
            )
        )
    return found


def _school_social_work() -> list[Indicator]:
    common = dict(
        source="Schulsozialarbeit (nach Standort der Schule)",
        inputs=("school-social-work", "spatial-units"),
        rule=INSTITUTIONS,
        goals=("schulsozialarbeit",),
    )
    return [
        Indicator(
            "ssw.fte",
            "Stellen Schulsozialarbeit",
            "Stellen der Schulsozialarbeit in Vollzeitäquivalenten.",
            numerator="Stellen (VZÄ)",
            denominator="",
            unit=FTE,
            scale=1,
            direction="higher",
            ratio=False,
            **common,
        ),
        Indicator(
            "ssw.fte_per_1000",
            "Stellen je 1.000 Schülerinnen und Schüler",
            "Stellen der Schulsozialarbeit (VZÄ) je 1.000 Schülerinnen und Schüler.",
            numerator="Stellen (VZÄ)",
            denominator="Schülerzahl",
            unit=FTE_PER_1000,
            scale=1000,
            direction="higher",
            decimals=2,
            **common,
        ),
        Indicator(
            "ssw.schools_with_post",
            "Schulen mit mindestens einer Stelle",
            "Anteil der Schulen mit mindestens 1,0 Stelle Schulsozialarbeit (die Konferenz "
            "2017 forderte eine Stelle je Schule).",
            numerator="Schulen mit ≥ 1,0 VZÄ",
            denominator="Schulen",
            unit=PERCENT,
            scale=100,
            direction="higher",
            breakdowns=("school_form",),
            **common,
        ),
        Indicator(
            "ssw.fixed_term_share",
            "Befristete Stellen",
            "Anteil der befristeten an allen Stellen (VZÄ).",
            numerator="befristete Stellen (VZÄ)",
            denominator="Stellen (VZÄ)",
            unit=PERCENT,
            scale=100,
            direction="lower",
            **common,
        ),
        Indicator(
            "ssw.next_end_date",
            "Nächstes Befristungsende",
            "Frühestes Ende einer Befristung nach Beginn des Schuljahres.",
            numerator="",
            denominator="",
            unit=DATE,
            scale=1,
            direction="neutral",
            ratio=False,
            **common,
        ),
        Indicator(
            "ssw.pupils_per_fte",
            "Schülerinnen und Schüler je Stelle",
            "Schülerinnen und Schüler je Stelle Schulsozialarbeit (VZÄ).",
            numerator="Schülerzahl",
            denominator="Stellen (VZÄ)",
            unit=PER_FTE,
            scale=1,
            direction="lower",
            decimals=0,
            **common,
        ),
        Indicator(
            "ssw.all_day_share",
            "Ganztagsschulen",
            "Anteil der Schulen mit gebundenem oder offenem Ganztag.",
            numerator="Schulen mit Ganztag",
            denominator="Schulen",
            unit=PERCENT,
            scale=100,
            direction="higher",
            breakdowns=("school_form",),
            **{**common, "goals": ("ganztagssysteme",)},
        ),
    ]


def _goals() -> list[Indicator]:
    common = dict(
        source="Zielkatalog und Maßnahmen-Abfrage",
        inputs=("measures",),
        rule=INSTITUTIONS,
        levels=("stadt",),
        breakdowns=("goal", "department"),
        denominator="",
        scale=1,
        direction="neutral",
        ratio=False,
        decimals=0,
        goals=(),
    )
    return [
        Indicator(
            "goals.measures",
            "Maßnahmen",
            "Zahl der Maßnahmen und Projekte je "
            "Handlungsziel und Arbeitsbereich in der Zielperiode.",
            numerator="Maßnahmen",
            unit=COUNT,
            **common,
        ),
        Indicator(
            "goals.challenges",
            "Herausforderungen",
            "Zahl der genannten Schwierigkeiten und Herausforderungen je Handlungsziel.",
            numerator="Herausforderungen",
            unit=COUNT,
            **common,
        ),
        Indicator(
            "goals.feedback_keep",
            "Rückmeldungen: beibehalten",
            "Zahl der Rückmeldungen "
            "der Bildungskonferenz, das Handlungsziel unverändert zu lassen.",
            numerator="Rückmeldungen",
            unit=COUNT,
            **common,
        ),
        Indicator(
            "goals.feedback_adapt",
            "Rückmeldungen: anpassen",
            "Zahl der Rückmeldungen der Bildungskonferenz, das Handlungsziel anzupassen.",
            numerator="Rückmeldungen",
            unit=COUNT,
            **common,
        ),
    ]


REGISTRY: tuple[Indicator, ...] = tuple(
    _kompik() + _uwe() + _parent_survey() + _school_social_work() + _goals()
)
BY_ID: dict[str, Indicator] = {indicator.id: indicator for indicator in REGISTRY}


def indicators_for(sources: set[str]) -> list[Indicator]:
    """Indicators to rebuild when any of ``sources`` changed."""
    return [indicator for indicator in REGISTRY if sources & set(indicator.inputs)]
