"""Prose that appears on pages, in downloads and on slides, written once: the publisher, the
source line, the citation of a goal period, the data date and the confidentiality rules."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from etl.german import MISSING, SUPPRESSED
from indicators.disclosure import LIMITS

if TYPE_CHECKING:
    from publish.read import ReadModel

PUBLISHER = "Stadt Herne, Bildungsmonitoring"
SUPPRESSION_NOTE = f"{SUPPRESSED} = gesperrt (zu kleine Fallzahl)"
SYMBOL_LEGEND = (
    f"{SUPPRESSED} = gesperrt (zu kleine Fallzahl, Geheimhaltung); {MISSING} = keine Daten"
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
        "Sekundäre Sperrung: Weitere Werte werden gesperrt, wenn sich ein gesperrter Wert sonst "
        "aus Summen (übergeordnete Einheit, andere Kategorien) zurückrechnen ließe.",
        "Einrichtungen und Stellen (Schulsozialarbeit, Kitas, Maßnahmen) schützen keine "
        "Personen und werden nicht gesperrt.",
        "Ein gesperrter Wert wird nirgends als Zahl gezeigt: nicht in Tabellen, Karten, "
        "Diagrammen, Tooltips oder Exporten, auch nicht als 0.",
    ]


def confidentiality_text() -> str:
    """The rules as one paragraph (metadata of XLSX and CSV downloads)."""
    return " ".join(confidentiality_rules())
