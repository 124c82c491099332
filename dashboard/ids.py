"""Component ids, one block per page, each id prefixed by its page.

Kept out of the page modules so that tests and other modules can use them without importing a
page (a page module registers itself with Dash when imported).
"""

from __future__ import annotations


class Overview:
    URL = "uebersicht-url"
    RENDERED = "uebersicht-gezeigt"
    PERIOD = "uebersicht-periode"
    GOALS = "uebersicht-ziele"
    SPARKLINE = "uebersicht-verlauf"  # pattern id: {"type": SPARKLINE, "goal": key}
    STATUS = "uebersicht-datenstand"
    NEEDS = "uebersicht-handlungsbedarf"


class Goal:
    URL = "ziel-url"
    RENDERED = "ziel-gezeigt"
    KEY = "ziel-schluessel"
    LEVEL = "ziel-ebene"
    INDICATORS = "ziel-indikatoren"
    INDICATOR_CHART = "ziel-indikator"  # pattern id: {"type": ..., "indikator": id}
    DEPARTMENTS = "ziel-arbeitsbereiche"


class Explorer:
    DOWNLOADS = "indikatoren-downloads"
    URL = "indikatoren-url"
    RENDERED = "indikatoren-gezeigt"
    INDICATOR = "indikatoren-indikator"
    LEVEL = "indikatoren-ebene"
    YEAR = "indikatoren-jahr"
    BREAKDOWN = "indikatoren-aufgliederung"
    UNITS = "indikatoren-einheiten"
    HEADING = "indikatoren-ueberschrift"
    MAP = "indikatoren-karte"
    BARS = "indikatoren-rangfolge"
    SERIES = "indikatoren-zeitreihe"
    TABLE = "indikatoren-tabelle"
    INFO = "indikatoren-steckbrief"
    LENS = "indikatoren-sozialindex"


class Profile:
    URL = "profil-url"
    DOWNLOADS = "profil-downloads"
    RENDERED = "profil-gezeigt"
    LEVEL = "profil-ebene"
    UNIT = "profil-einheit"
    FAMILY = "profil-bereich"
    HEADING = "profil-ueberschrift"
    CHART = "profil-abweichungen"
    TABLE = "profil-tabelle"
    LENS = "profil-sozialindex"


class Compare:
    URL = "vergleich-url"
    DOWNLOADS = "vergleich-downloads"
    RENDERED = "vergleich-gezeigt"
    LEVEL = "vergleich-ebene"
    YEAR = "vergleich-jahr"
    X = "vergleich-x"
    Y = "vergleich-y"
    SCATTER = "vergleich-streuung"
    SCATTER_NOTE = "vergleich-streuung-hinweis"
    INDICATOR = "vergleich-indikator"
    FIRST = "vergleich-von"
    SECOND = "vergleich-bis"
    CHANGE = "vergleich-veraenderung"
    CHANGE_TABLE = "vergleich-veraenderung-tabelle"


class Status:
    URL = "datenstand-url"
    RENDERED = "datenstand-gezeigt"
    SOURCE = "datenstand-quelle"
    WARNINGS = "datenstand-hinweise"
