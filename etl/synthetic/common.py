"""Shared pieces of the synthetic generator: random streams, the synthetic marker, value styles.

Every file of the generator carries the same marker text so nobody mistakes it for real data, and
every source draws from its own random stream so that changing one source leaves the files of the
others byte-identical.
"""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np

from etl.sources import SOURCES as SOURCE_MODULES

# Import order (that of etl.sources): units first, then what later sources refer to (schools
# come with school social work).
SOURCES = tuple(SOURCE_MODULES)

FILE_PREFIX = "synthetisch_"
NOTE = (
    "Synthetische Beispieldaten: erfundene Personen, Kitas und Schulen in Herner Raumeinheiten; "
    "für Demo, Tests und Lasttests, nicht für Aussagen über Herne."
)
# Kitas and schools are the city's fixed infrastructure: the same for every seed (the seed
# varies the people), so figures that depend on where facilities are stay comparable.
MASTER_SEED = 2017
# Fixed workbook timestamp, so the same seed gives byte-identical files.
FIXED_TIMESTAMP = dt.datetime(2017, 11, 23, 12, 0, 0)


def title_line(seed: int) -> str:
    """The marker written above the header of every sheet and CSV."""
    return (
        "SYNTHETISCHE BEISPIELDATEN – erzeugt von bildungsmonitor samples "
        f"(Seed {seed}) – keine echten Personen"
    )


def rng_for(seed: int, stream: str) -> np.random.Generator:
    """An independent generator per source (or purpose), derived from the seed and a name."""
    return np.random.default_rng(
        np.random.SeedSequence(seed, spawn_key=(zlib.crc32(stream.encode()),))
    )


def scaled(n: float, scale: float, minimum: int = 0) -> int:
    """A person count at the requested scale (never below `minimum`)."""
    return max(minimum, round(n * scale))


# --- value styles (one per file, to exercise the tolerated variations) -----------------------


def date_text(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def date_iso(d: dt.date) -> str:
    return d.isoformat()


def format_date(d: dt.date | None, style: str) -> dt.date | str | None:
    """style: "excel" (a real date cell), "text" (TT.MM.JJJJ) or "iso" (JJJJ-MM-TT)."""
    if d is None:
        return None
    if style == "excel":
        return d
    if style == "text":
        return date_text(d)
    if style == "iso":
        return date_iso(d)
    raise ValueError(style)


def decimal_text(x: float, decimals: int = 2, comma: bool = True) -> str:
    """A number as text, German style ("3,25") unless comma=False."""
    text = f"{x:.{decimals}f}"
    return text.replace(".", ",") if comma else text


def thousands_text(n: int) -> str:
    """An integer as text with a German thousands separator ("1.234")."""
    return f"{n:,}".replace(",", ".")


DATE_TAGS = {"excel": "date-excel", "text": "date-text", "iso": "date-iso"}

# The tolerated variations of formats.md, as the tags the manifest lists per file.
VARIATIONS: dict[str, str] = {
    "title-rows": "Titel- und Hinweiszeilen über der Kopfzeile",
    "header-case": "Kopfzeile in anderer Groß-/Kleinschreibung",
    "header-spaces": "Kopfzeile mit doppelten oder umgebenden Leerzeichen",
    "header-linebreak": "Zeilenumbruch in einer Kopfzelle",
    "header-colon": "Doppelpunkt am Ende einer Kopfzelle",
    "column-order": "Spalten in anderer Reihenfolge",
    "extra-column": "zusätzliche Spalte (wird ignoriert)",
    "empty-rows": "leere Zeilen mitten in den Daten",
    "total-row": 'Summen- oder Gesamtzeile am Ende ("Summe"/"Gesamt")',
    "numbers-as-text": "Zahlen als Text gespeichert",
    "decimal-comma": 'Dezimalkomma in Text-Zahlen ("0,5")',
    "thousands-separator": 'Tausenderpunkt in ganzen Zahlen ("1.234")',
    "date-excel": "Datum als Excel-Datum",
    "date-text": "Datum als Text TT.MM.JJJJ",
    "date-iso": "Datum als ISO-Text JJJJ-MM-TT",
    "birth-month-date": "Geburtsmonat als Excel-Datum (Monatserster) statt MM.JJJJ",
    "school-year-spelling": 'Schuljahr als "2014/2015" oder "15/16"',
    "yes-no:ja/nein": "ja/nein",
    "yes-no:Ja/Nein": "Ja/Nein (Großschreibung)",
    "yes-no:j/n": "j/n",
    "yes-no:x/leer": "x/leer",
    "yes-no:1/0": "1/0",
    "yes-no:true/false": "true/false",
    "missing:empty": "fehlende Antwort als leere Zelle",
    "missing:k.A.": 'fehlende Antwort als "k.A."',
    "missing:-": 'fehlende Antwort als "-"',
    "missing:keine Angabe": 'fehlende Antwort als "keine Angabe"',
    "missing:99": 'fehlende Antwort als "99"',
    "secret:•": 'vom Statistikamt geheim gehaltene kleine Fallzahl als "•"',
    "secret:.": 'vom Statistikamt geheim gehaltene kleine Fallzahl als "."',
    "csv-cp1252": "CSV in Windows-1252",
    "csv-utf8-bom": "CSV in UTF-8 mit BOM",
    "csv-utf8": "CSV in UTF-8 ohne BOM",
    "second-sheet": 'zweites Blatt ("Rücklauf")',
    "all-day-ogs": 'Ganztagsform "offen" als "OGS" oder "offen (OGS)"',
}

YES_NO_STYLES: dict[str, tuple[object, object]] = {
    "ja/nein": ("ja", "nein"),
    "Ja/Nein": ("Ja", "Nein"),
    "j/n": ("j", "n"),
    "x/leer": ("x", None),
    "1/0": (1, 0),
    "true/false": ("true", "false"),
}


def format_yes_no(value: bool | None, style: str, missing: object = None) -> object:
    """A yes/no answer in one of the tolerated spellings; None (missing) becomes `missing`."""
    if value is None:
        return missing
    yes, no = YES_NO_STYLES[style]
    return yes if value else no
