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
    CLASSES = "indikatoren-klassen"


class Districts:
    URL = "stadtteile-url"
    RENDERED = "stadtteile-gezeigt"
    LEVEL = "stadtteile-ebene"
    PERIOD = "stadtteile-periode"
    YEAR = "stadtteile-jahr"
    SORT = "stadtteile-sortierung"
    GRID = "stadtteile-tabelle"
    NOTES = "stadtteile-hinweise"
    DOWNLOADS = "stadtteile-downloads"


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
    COMPARE = "profil-vergleich"


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


class Deliveries:
    """Lieferungen (Datenpflege and up: ``dashboard.auth.PROTECTED`` refuses ``lieferungen-``)."""

    FORM = "lieferungen-formular"  # plain HTML form, POST /lieferungen/hochladen
    FILE = "lieferungen-datei"  # <input type="file" name="datei">
    SOURCE = "lieferungen-quelle"  # <select name="quelle">: "automatisch" or a source id
    SUBMIT = "lieferungen-hochladen"
    JOB = "lieferungen-auftrag"  # store: the upload's token (?auftrag=)
    TICK = "lieferungen-takt"  # interval polling the job while it runs
    STATE = "lieferungen-stand"  # the job: file, state, progress, problems, result
    MESSAGE = "lieferungen-meldung"  # live region: stage or outcome in one sentence
    PROBLEMS = "lieferungen-probleme"  # table of a refused file's problems
    LOAD = "lieferungen-laden"
    REPLACE = "lieferungen-ersetzen"
    CHOOSE = "lieferungen-wahl"  # shown when the source was not recognised
    CHOOSE_SOURCE = "lieferungen-wahl-quelle"
    CHOOSE_CHECK = "lieferungen-wahl-pruefen"
    HISTORY = "lieferungen-verlauf"


class Admin:
    """Verwaltung (Administration only: ``dashboard.auth.PROTECTED`` refuses ``verwaltung-``)."""

    MESSAGE = "verwaltung-meldung"
    USERS = "verwaltung-benutzer"
    LOG = "verwaltung-protokoll"
    NEW_LOGIN = "verwaltung-neu-name"
    NEW_ROLE = "verwaltung-neu-rolle"
    NEW_PASSWORD = "verwaltung-neu-passwort"
    ADD = "verwaltung-anlegen"
    WHO = "verwaltung-wer"
    ROLE = "verwaltung-rolle"
    SET_ROLE = "verwaltung-rolle-setzen"
    PASSWORD = "verwaltung-passwort"
    SET_PASSWORD = "verwaltung-passwort-setzen"
    DEACTIVATE = "verwaltung-deaktivieren"
    ACTIVATE = "verwaltung-aktivieren"
