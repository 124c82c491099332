"""Prose that appears on pages, in downloads and on slides, written once: the publisher, the
source line, the citation of a goal period, the data date and the confidentiality rules."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from etl.german import MISSING, SUPPRESSED
from indicators.disclosure import LIMITS, PUBLIC_NOTE
from publish.formatting import IMPLAUSIBLE, IMPLAUSIBLE_NOTE

if TYPE_CHECKING:
    from publish.read import ReadModel

PUBLISHER = "Stadt Herne, Bildungsmonitoring"
SUPPRESSION_NOTE = f"{SUPPRESSED} = {PUBLIC_NOTE}"
SYMBOL_LEGEND = (
    f"{SUPPRESSED} = {PUBLIC_NOTE}; {MISSING} = keine Daten; {IMPLAUSIBLE} = {IMPLAUSIBLE_NOTE}"
)
CONFIDENTIALITY_TITLE = "Geheimhaltung kleiner Fallzahlen"


def source_line(source: str, synthetic: bool) -> str:
    """ "Quelle: …; Stadt Herne, Bildungsmonitoring" (and the synthetic-data note)."""
    line = f"Quelle: {source}; {PUBLISHER}"
    return f"{line} – synthetische Beispieldaten" if synthetic else line


def catalogue_citation(data: ReadModel, period: str) -> str:
    """How downloads and slides cite a goal period's catalogue and measures: the citation
    stored with the period (``etl.catalogue.period_citation``), else one made from the source
    stored with it (``GoalPeriod.source``)."""
    citation = data.period_citation(period)
    if citation:
        return citation
    stored = data.period_source(period)
    where = f" ({stored})" if stored else ""
    return f"Zielkatalog {period} und Maßnahmen-Abfrage{where}"


def data_date(data: ReadModel) -> dt.date:
    """The "Datenstand": the day of the last indicator build (the values shown are its values);
    today if nothing was built yet."""
    build = data.last_build()
    if build and build.get("built_at"):
        built = build["built_at"]
        return built.date() if isinstance(built, dt.datetime) else dt.date.fromisoformat(built)
    return dt.date.today()


def confidentiality_rules() -> list[str]:
    """The confidentiality rules in plain German, one sentence each, with the thresholds of
    ``indicators.registry.LIMITS``: the Methodik page, the meeting pack and (joined) the
    metadata of every download show these."""
    return [
        f"Anzahlen von Personen werden erst ab {LIMITS.min_count} Personen gezeigt; "
        f"1 bis {LIMITS.min_count - 1} Personen werden gesperrt.",
        "Anteile und Mittelwerte aus Befragungen und Beobachtungen werden erst ab "
        f"{LIMITS.min_respondents} Befragten bzw. beobachteten Kindern gezeigt.",
        "KOMPIK zusätzlich (KECK-Regel): Ein Wert für ein Gebiet wird nur gezeigt, wenn "
        f"mindestens {LIMITS.keck_min_kitas} Kitas mit je mindestens "
        f"{LIMITS.keck_min_children_per_kita} Kindern beigetragen haben.",
        "KOMPIK und UWE werden wie bei KECK nur bis zum Ortsteil gezeigt, nicht je "
        "statistischem Bezirk: dort wären es wenige Kinder je Jahrgang oder eine einzelne Kita.",
        "Elternbefragung: nur Stadt und Stadtbezirke, jeder Wert aus mindestens "
        f"{LIMITS.min_centres} Familienzentren. Anteil der Kitas mit KOMPIK-Lieferung: nur für "
        f"Gebiete mit mindestens {LIMITS.min_facilities} Kitas.",
        "Alle Indikatoren derselben Personen (eine UWE-Befragung, ein KOMPIK-Jahr) haben ein "
        "gemeinsames Sperrmuster. Weitere Werte werden gesperrt, bis sich kein gesperrter Wert "
        "aus Summen, Schranken (Anzahlen sind nie negativ) und verwandten Indikatoren "
        "berechnen oder auf weniger Werte als die Mindestfallzahl eingrenzen lässt; ein "
        "Prüfprogramm (lineare Optimierung) kontrolliert das bei jeder Berechnung.",
        "Personen ohne Wohnort-Angabe zählen nur stadtweit und werden dabei wie ein eigenes "
        "Gebiet geschützt. Ein Jahr, in dem die meisten Gebiete unter der Mindestfallzahl "
        "liegen (etwa eine kleine Testlieferung), wird gar nicht veröffentlicht.",
        "Schulsozialarbeit und Maßnahmen schützen keine Personen und werden nicht gesperrt.",
        f"Ein gesperrter Wert steht überall als {SUPPRESSED} mit dem Hinweis „{PUBLIC_NOTE}“: "
        "in Tabellen, Karten, Diagrammen, Tooltips, Exporten und Folien, nie als Zahl, auch "
        "nicht als 0. Der genaue Grund bleibt in der Datenbank.",
    ]


def protection_scope() -> list[str]:
    """What the suppression holds against and what not, in plain German (Methodik; the README
    says the same with the measured figures)."""
    return [
        "Angenommen wird ein Angreifer, der alles Veröffentlichte kennt: jeden Wert mit Zähler, "
        "Nenner und Fallzahl auf allen Ebenen, in allen Aufgliederungen und Jahren, dazu die "
        "Summen zwischen den Ebenen, dass Anzahlen ganze Zahlen ab 0 sind, dass ein gesperrter "
        "Wert mindestens eine Person hat, dass die Fallzahl eines Indikators höchstens die "
        "Personenzahl seiner Zelle ist und dass Wohlbefinden hoch, mittel und niedrig zusammen "
        "100 % ergeben.",
        "Er soll für keinen gesperrten Wert die Personenzahl auf weniger Möglichkeiten eingrenzen "
        "können als die Mindestfallzahl (10) und keinen Anteil oder Mittelwert genau bestimmen. "
        "Das prüft bei jeder Berechnung ein Programm der linearen Optimierung; die Tests "
        "wiederholen den Angriff auf den Beispieldaten und auf 50 zufälligen kleinen Welten "
        "und finden keinen eingrenzbaren Wert.",
        "Nicht geschützt wird gegen Wissen von außerhalb (wer eine Familie im Ortsteil oder die "
        "Daten einer Kita kennt), gegen den Vergleich mit früher kopierten Werten vor einer "
        "ersetzten Lieferung und gegen eigene Auswertungen in Notebooks, die nur ihren eigenen "
        "Indikator schützen. KOMPIK, UWE und Elternbefragung gelten als getrennte "
        "Personengruppen.",
    ]


def confidentiality_text() -> str:
    """The rules as one paragraph (metadata of XLSX and CSV downloads)."""
    return " ".join(confidentiality_rules())


# A "keep" feedback item whose wording asks for a change (marked on page, in tables and slides).
CHANGE_MARK = "[verlangt Änderung]"
CHANGE_NOTE = (
    "in der Spalte „kann unverändert bleiben“ notiert, verlangt dem Wortlaut nach aber eine "
    "Änderung; zählt nicht als Zustimmung zum Beibehalten."
)
