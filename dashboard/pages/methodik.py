"""Methodik: every indicator's definition, source and confidentiality rule, the rules and symbols
of small-number suppression, the conventions behind indicators that are easy to misread, and the
glossary."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.components import shell
from dashboard.components.info import facts
from dashboard.components.table import table
from indicators.registry import REGISTRY
from indicators.targets import STATUS_RULE
from publish import formatting as fmt
from publish.read.lens import MIN_LAGGING
from publish.text import CONFIDENTIALITY_TITLE, confidentiality_rules, protection_scope
from publish.views.kinds.scatter import MIN_POINTS

dash.register_page(
    __name__,
    path="/methodik",
    name="Methodik",
    order=6,
    title="Methodik – Bildungsmonitor Herne",
    description="Definitionen, Quellen, Geheimhaltung und Glossar",
)

GLOSSARY = (
    ("Handlungsziel", "eines der Ziele des Leitbilds „Lernen! in Herne“ in einer Zielperiode"),
    ("Zielperiode", "Zeitraum eines Zielkatalogs, z. B. 2013–2017"),
    ("Maßnahme / Projekt", "Maßnahme, die ein Arbeitsbereich für ein Handlungsziel nennt"),
    ("Arbeitsbereich", "Abteilung oder Stelle, die Maßnahmen nennt (z. B. VHS, Schulamt)"),
    (
        "(zugeordnet)",
        "der Arbeitsbereich einer Maßnahme ist im Quelltext nicht ausdrücklich "
        "genannt, sondern aus dem Text erschlossen; die Begründung steht im Tooltip",
    ),
    ("Schwierigkeit / Herausforderung", "Hindernis, das zu einem Handlungsziel benannt wurde"),
    ("Rückmeldung", "Einschätzung der Bildungskonferenz: Ziel beibehalten oder anpassen"),
    ("Stadtbezirk", "eine der 4 Stadtbezirke Hernes (Wanne, Eickel, Herne-Mitte, Sodingen)"),
    (
        "Ortsteil",
        "einer der 13 Ortsteile; KOMPIK und UWE werden wie bei KECK bis zum Ortsteil berichtet",
    ),
    (
        "Statistischer Bezirk",
        "kleinste Raumeinheit (32 Bezirke); hier nur Schulsozialarbeit (Stellen, keine Personen)",
    ),
    ("Indikator", "eine Kennzahl mit fester Definition, Quelle und Geheimhaltungsregel"),
    ("Zähler / Nenner", "Anzahl mit dem Merkmal / Bezugsgröße eines Anteils oder Mittelwerts"),
    (
        "Fallzahl n",
        "Zahl der Personen (bzw. Befragten, beobachteten Kinder), auf denen ein Wert beruht",
    ),
    ("Aufgliederung", "Wert für eine Teilgruppe, z. B. nach Geschlecht oder Jahrgang"),
    ("Prozentpunkte (Pp.)", "Differenz zweier Anteile: 55 % gegenüber 50 % sind 5 Pp."),
    ("KOMPIK", "Beobachtungsinstrument für Kinder von 3,5 bis 6 Jahren in Kitas (11 Bereiche)"),
    (
        "Normgruppe",
        "Einordnung eines Kindes 1–10 gegenüber einer alters- und geschlechtsspezifischen Norm",
    ),
    (
        "KECK",
        "Kommunale Entwicklung – Chancen für Kinder (Bertelsmann Stiftung): Atlas und "
        "Datenschutzregel für KOMPIK",
    ),
    ("UWE", "Umfeld, Wohlbefinden und Entwicklung: Befragung der Jahrgänge 7 und 9"),
    (
        "Ressource",
        "UWE: Anteil der Kinder mit einer stärkenden Bedingung, z. B. unterstützende Erwachsene",
    ),
    ("Familienzentrum (FZ)", "zertifizierte Kita mit Angeboten für Familien"),
    ("Rücklauf", "zurückgegebene je 100 ausgegebene Fragebögen"),
    ("Schulsozialarbeit", "Fachkräfte der sozialen Arbeit an Schulen"),
    ("Stelle (VZÄ)", "Vollzeitäquivalent: eine volle Stelle = 1,0"),
    ("befristet", "Stelle mit festem Enddatum"),
    (
        "gebundener Ganztag",
        "Ganztagsschule, deren Ganztag für alle oder ganze Jahrgänge verpflichtend ist",
    ),
    ("offener Ganztag (OGS)", "Ganztag mit freiwilliger Teilnahme; an Grundschulen die OGS"),
    ("Lieferung", "eine gelieferte Datei einer Quelle"),
    ("Ladevorgang", "ein Import einer Datei in die Datenbank"),
    ("Sperrung (•)", "ein aus Datenschutzgründen nicht veröffentlichter Wert"),
)


def _rules() -> html.Section:
    items = [html.Li(rule) for rule in confidentiality_rules()]
    items.append(
        html.Li(
            "Befragungsergebnisse werden nach Wohnort ausgewiesen, nie nach Schule "
            "(keine Schulrankings)."
        )
    )
    symbols = pd.DataFrame(
        [
            {
                "Zeichen": fmt.SUPPRESSED,
                "Bedeutung": fmt.SUPPRESSED_MEANING + " – überall derselbe Hinweis: ob ein Wert "
                "selbst zu klein ist oder einen anderen schützt, würde seine Fallzahl verraten",
            },
            {
                "Zeichen": fmt.MISSING,
                "Bedeutung": fmt.MISSING_MEANING + " (für diese Einheit "
                "und dieses Jahr liegt kein Wert vor)",
            },
        ]
    )
    return html.Section(
        [
            html.H2(CONFIDENTIALITY_TITLE, className="h5"),
            html.Ul(items),
            table(symbols, "Zeichen in Tabellen, Karten und Diagrammen"),
            html.H3("Wogegen die Sperrung schützt und wogegen nicht", className="h6 mt-3"),
            html.Ul([html.Li(text) for text in protection_scope()]),
        ],
        className="bimo-panel mb-3",
        id="geheimhaltung",
    )


def _indicators() -> html.Section:
    families: dict[str, list[Any]] = {}
    for indicator in REGISTRY:
        items = []
        for term, description in facts(indicator):
            items += [
                html.Dt(term, className="col-sm-3"),
                html.Dd(description, className="col-sm-9"),
            ]
        families.setdefault(indicator.family.title, []).append(
            html.Div(
                [
                    html.H4(indicator.title, className="h6 mt-3"),
                    html.Dl(items, className="row small mb-0 bimo-facts"),
                ],
                id=f"indikator-{indicator.id.replace('.', '-')}",
            )
        )
    accordion = dbc.Accordion(
        [
            dbc.AccordionItem(children, title=f"{family} ({len(children)} Indikatoren)")
            for family, children in families.items()
        ],
        start_collapsed=True,
        always_open=True,
    )
    return html.Section(
        [
            html.H2("Indikatoren", className="h5"),
            html.P(
                "Definition, Quelle, Zähler und Nenner, Einheit und Geheimhaltungsregel jedes "
                "Indikators.",
                className="small text-muted",
            ),
            accordion,
        ],
        className="bimo-panel mb-3",
    )


def _glossary() -> html.Section:
    frame = pd.DataFrame(GLOSSARY, columns=["Begriff", "Bedeutung"])
    return html.Section(
        [html.H2("Glossar", className="h5"), table(frame, "Begriffe des Bildungsmonitorings")],
        className="bimo-panel mb-3",
        id="glossar",
    )


# The conventions behind indicators that are easy to misread: (heading, explanation, the
# indicators concerned). Each says which part is a published rule and which this project's choice.
CONVENTIONS = (
    (
        "Schulsozialarbeit: jede Stelle oder eine volle Stelle",
        "„Schulen mit Schulsozialarbeit“ zählt jede Schule mit einer Stelle oder einem "
        "Stellenanteil (mehr als 0 VZÄ); so sind die veröffentlichten Zahlen gezählt (2016/17: "
        "26,8 Stellen mit 31 Fachkräften an 28 von 46 Schulen). „Schulen mit mindestens einer "
        "vollen Stelle“ zählt nur Schulen mit 1,0 VZÄ oder mehr: der Maßstab der "
        "Bildungskonferenz 2017, die eine Stelle je Schule forderte.",
        "Schulen mit Schulsozialarbeit; Schulen mit mindestens einer vollen Stelle",
    ),
    (
        "Ganztag: gebunden und offen getrennt",
        "Gebundener Ganztag (verpflichtend für alle oder ganze Jahrgänge) und offener Ganztag "
        "(freiwillige Teilnahme, an Grundschulen die OGS) werden getrennt ausgewiesen und nie "
        "zusammengezählt, wie im Bericht der Bildungskonferenz 2017: Dort sind 3 von 4 "
        "Realschulen, 2 von 5 Gymnasien und 2 von 5 Förderschulen gebundene Ganztagsschulen, "
        "die Hauptschule und die 3 Gesamtschulen bieten Ganztag an, alle Grundschulen die "
        "Ganztagsbetreuung der OGS. Jede Schule zählt mit der Ganztagsform, die die Lieferung "
        "der Schulsozialarbeit für das Schuljahr nennt.",
        "Schulen mit gebundenem Ganztag; Schulen mit offenem Ganztag (OGS)",
    ),
    (
        "UWE-Wohlbefinden: was vom MDI stammt und was festgelegt ist",
        "Vom Middle Years Development Instrument (MDI) stammt die Bildung des Index aus fünf "
        "Maßen (Optimismus, Selbstwert, Glück, Abwesenheit von Traurigkeit, Gesundheit): hoch "
        "bei hohem Bereich auf mindestens 4 der 5 Maße und keinem niedrigen, niedrig bei "
        "mindestens einem niedrigen Bereich, sonst mittel. Die Grenzen der Bereiche je Maß sind "
        "eine Festlegung des Bildungsmonitorings: hoch ab Skalenwert 4, niedrig unter 3 "
        "(Traurigkeit umgekehrt), ebenso die Grenze 4 für die Ressourcen.",
        "Wohlbefinden hoch, mittel, niedrig; die Ressourcen",
    ),
    (
        "UWE-Beteiligung über 100 %",
        "Die Beteiligung setzt die Befragten ins Verhältnis zu den Einwohnerinnen und Einwohnern "
        "des Jahrgangs am Stichtag. Befragt werden aber die Schülerinnen und Schüler Herner "
        "Schulen, darunter auch Kinder, die außerhalb wohnen, und Stichtag und Befragung liegen "
        "auseinander. Werte über 100 % sind deshalb möglich; sie zeigen diese Abweichung an, "
        "keine vollständige Beteiligung.",
        "UWE-Beteiligung",
    ),
    (
        "KOMPIK: Mittelwerte nicht altersbereinigt",
        "Die Bereichsmittelwerte sind rohe Mittelwerte der beobachteten Kinder. Ältere Kinder "
        "erreichen höhere Werte, und die Altersmischung unterscheidet sich zwischen den "
        "Stadtteilen: Rangfolgen der Mittelwerte können das Alter statt der Entwicklung "
        "widerspiegeln. Die Normgruppen sind von KOMPIK alters- und geschlechtsnormiert; die "
        "Bänder „Normgruppe 1–2“ und „9–10“ sind eine Festlegung des Bildungsmonitorings, keine "
        "KOMPIK-Norm für Förderbedarf.",
        "die Mittelwerte und Normgruppen-Anteile aller 11 KOMPIK-Bereiche",
    ),
    (
        "Beteiligung über 100 % wird markiert",
        f"Ein Wert über 100 % (KOMPIK-Abdeckung, UWE-Beteiligung) steht überall mit "
        f"„{fmt.IMPLAUSIBLE}“ und dem Hinweis „{fmt.IMPLAUSIBLE_NOTE}“: in Diagrammen, "
        "Tooltips, Tabellen, Downloads und Folien. Der Wert selbst wird nicht gekappt.",
        "KOMPIK-Abdeckung, UWE-Beteiligung",
    ),
    (
        "Maßnahmen nach Arbeitsbereichen: Nennungen und Rekonstruktion",
        "Das Diagramm der Dokumentation 2017 zählte Nennungen: was die Arbeitsbereiche auf "
        "Nachfrage nannten. Diese Diagramme sind bis auf Reste verloren. Für 2013–2017 zählt "
        "das Bildungsmonitoring stattdessen die gedruckten Maßnahmen; der Arbeitsbereich ist "
        "meist aus dem Text erschlossen (mit Beleg im Zielkatalog) oder „nicht zugeordnet“. "
        "Solche Zahlen heißen „rekonstruiert“ und sind schraffiert; Nennungen aus der "
        "Maßnahmen-Abfrage (bildungsmonitor survey) sind voll gefärbt. Je Arbeitsbereich, der "
        "die Abfrage beantwortet hat, zählen seine Nennungen.",
        "Diagramm und Tabelle „Arbeitsbereiche“, Sitzungsunterlage",
    ),
    (
        "Rückmeldungen der Bildungskonferenz",
        "Der Wortlaut der Dokumentation bleibt erhalten. Unterpunkte zählen mit ihrer "
        "Rückmeldung als eine. Rückmeldungen in der Spalte „kann unverändert bleiben“, die dem "
        "Wortlaut nach eine Änderung verlangen, sind markiert und zählen nicht als Zustimmung "
        "zum Beibehalten (Einordnung des Bildungsmonitorings, im Zielkatalog vermerkt).",
        "Rückmeldungen: beibehalten; Rückmeldungen: beibehalten, mit Änderungswunsch",
    ),
    (
        "Leitindikator, Ziele und Status",
        "Je Handlungsziel nennt der Zielkatalog der Zielperiode die Indikatoren, die seine "
        "Wirkung zeigen, jeden mit Begründung, und genau einen Leitindikator. Fehlen Daten, "
        "nennt er, welche Datenquelle fehlt. Ein Ziel hat ein Ausgangsjahr (der Ausgangswert "
        "wird, wenn nicht angegeben, aus den veröffentlichten Werten gelesen) und einen "
        f"Zielwert für ein Zieljahr oder nur eine Richtung. {STATUS_RULE} Ein Ziel für jedes "
        "Gebiet einer Ebene ist auf Kurs, wenn jedes Gebiet mit Werten auf Kurs ist; jedes "
        "Gebiet wird an seinem eigenen Ausgangswert gemessen.",
        "Übersicht, Handlungsziel, Sitzungsunterlage",
    ),
    (
        "Sozialstruktur als Blickwinkel",
        "Jeder Indikator lässt sich neben die Sozialstruktur stellen: auf der Seite Vergleich "
        "(standardmäßig gegen die SGB-II-Quote der Kinder unter 15) mit der Pearson-Korrelation "
        "über die dargestellten Gebiete, im Explorer als Korrelation mit dem Sozialindex und im "
        "Stadtteilprofil als Rang des Gebiets nach Bedarf. Eine Korrelation wird erst ab "
        f"{MIN_POINTS} Gebieten mit Werten gezeigt und beschreibt Gebiete, keine Personen und "
        "keine Ursache. Die Übersicht nennt Ortsteile, deren Sozialindex ungünstiger als der "
        f"Median der Ortsteile ist und die bei mindestens {MIN_LAGGING} Leitindikatoren der "
        "Zielperiode ungünstiger als die Stadt liegen (jeweils im neuesten Jahr). Alles beruht "
        "nur auf veröffentlichten Werten; gesperrte Werte zählen als fehlend.",
        "Übersicht, Indikatoren, Stadtteilprofil, Vergleich",
    ),
)


def _conventions() -> html.Section:
    entries = [
        html.Div(
            [
                html.H3(heading, className="h6 mt-3"),
                html.P(text, className="mb-1"),
                html.P(f"Betrifft: {concerned}", className="small text-muted"),
            ]
        )
        for heading, text, concerned in CONVENTIONS
    ]
    return html.Section(
        [html.H2("Zählweisen und Festlegungen", className="h5"), *entries],
        className="bimo-panel mb-3",
        id="festlegungen",
    )


def _notes() -> html.Section:
    return html.Section(
        [
            html.H2("Raumeinheiten und Karte", className="h5"),
            html.P(
                "Herne gliedert sich in 4 Stadtbezirke, 13 Ortsteile und 32 statistische "
                "Bezirke. Werte werden nach Wohnort (KOMPIK, UWE) bzw. nach Standort der "
                "Einrichtung (Elternbefragung, Schulsozialarbeit) zugeordnet. Die Karte ist "
                "schematisch: Jede Einheit ist ein gleich großes Quadrat an ihrer ungefähren "
                "Lage im Stadtgebiet (Wanne und Eickel im Westen, Herne-Mitte in der Mitte, "
                "Sodingen im Osten), damit auch kleine Einheiten lesbar bleiben. Liegt eine "
                "Geometrie der Einheiten vor (Einstellung BIMO_GEOJSON), zeigt die Karte die "
                "echten Grenzen."
            ),
            html.P(
                "Zahlen werden mit Dezimalkomma und Tausenderpunkt geschrieben, Daten als "
                "TT.MM.JJJJ. Karten und Rangfolgen färben jede Einheit nach ihrer Abweichung "
                "vom Wert für Herne in der Bewertungsrichtung des Indikators: „etwa wie Herne“ "
                "unter 2 Prozentpunkten Abstand (Mittelwerte und Noten: 0,1 Punkte, andere "
                "Einheiten: 10 % des Herner Werts), „deutlich“ ab 5 Prozentpunkten (0,25 Punkte, "
                "25 %) – fachliche Schwellen, keine Signifikanz. Wahlweise zeigen sie Quantile "
                "oder gleiche Intervalle; Summen und Daten, die sich nicht mit der Stadt "
                "vergleichen lassen, immer Quantile. Die Farben (ColorBrewer PuOr: violett "
                "günstig, orange ungünstig; Blau-Stufen ohne Bewertungsrichtung) sind auch bei "
                "Farbsehschwäche unterscheidbar, die Legende nennt jede Klasse in Worten, und "
                "jeder Wert steht zusätzlich als Zahl daneben."
            ),
        ],
        className="bimo-panel mb-3",
    )


def layout(**_query: Any) -> html.Div:
    return html.Div(
        [
            shell.page_header(
                "Methodik",
                "Wie die Indikatoren gebildet und geschützt werden, und was die Begriffe bedeuten.",
            ),
            _rules(),
            _indicators(),
            _conventions(),
            _notes(),
            _glossary(),
        ]
    )
