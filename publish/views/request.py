"""One view as a request (kind + parameters) and the data gathered for it.

A request is checked strictly: an unknown indicator, level, year or breakdown is an
:class:`ExportError` with a German message (the CLI prints it), never a silent fallback to another
view. Pages normalise their URL state first (nearest valid view) and then ask for the same
request, so a page and its download show the same cells.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from indicators.indicator import Indicator
from publish.figures.classes import DEFAULT_MODE, normalise_mode


class ExportError(ValueError):
    """A request that cannot be exported; the message is German and names what is wrong."""


# Longer than any real parameter (an indicator id, a list of all units of a level): a longer one
# is refused before any work. A list of units is deduplicated, so it is bounded by the units of
# the level (the views refuse unknown units).
MAX_PARAMETER_CHARS = 2000
MAX_UNITS = 300


def unique_units(units: object) -> tuple[str, ...]:
    """A list of unit numbers ("11,12" or a sequence) without blanks and repeats, in order;
    more than ``MAX_UNITS`` distinct ones are an ExportError."""
    parts = str(units).split(",") if isinstance(units, str) else [str(u) for u in units]
    unique = tuple(dict.fromkeys(part.strip() for part in parts if part.strip()))
    if len(unique) > MAX_UNITS:
        raise ExportError(f"Zu viele Einheiten ({len(unique)}); höchstens {MAX_UNITS}.")
    return unique


@dataclass(frozen=True)
class ExportRequest:
    """One view to export. Which fields count depends on ``kind``: the docstring of each
    kind's module in ``publish.views.kinds`` says (e.g. ranking: indicator, level, year (None:
    latest), breakdown; ``unit`` highlights one unit)."""

    kind: str
    indicator: str | None = None
    level: str = "ortsteil"
    year: int | None = None
    breakdown: str = ""
    units: tuple[str, ...] = ()
    unit: str | None = None
    goal: str | None = None
    period: str | None = None  # None: the latest goal period in the database
    indicator_y: str | None = None
    year_from: int | None = None
    family: str = ""  # profile: only this family of indicators (kompik, uwe, parents, ssw)
    classes: str = ""  # map, ranking: colour classes (quantile, intervalle; "": abweichung)

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> ExportRequest:
        """A request from the app's German query parameters, so a page can append ``art=…``
        to its own query string: ``art``, ``indikator``, ``ebene``, ``jahr``,
        ``aufgliederung``, ``einheiten``, ``einheit``, ``bereich``, ``ziel``, ``periode``,
        ``klassen``;
        for "Zusammenhang" ``x`` and ``y``, for "Veränderung" ``von`` and ``bis`` (as on the
        Vergleich page). The English field names are accepted too."""

        def get(*names: str) -> str | None:
            for name in names:
                raw = params.get(name)
                if isinstance(raw, list | tuple):
                    raw = raw[-1] if raw else None
                if raw is not None and len(str(raw)) > MAX_PARAMETER_CHARS:
                    raise ExportError(
                        f"Der Parameter „{name}“ ist zu lang ({len(str(raw))} Zeichen; höchstens "
                        f"{MAX_PARAMETER_CHARS})."
                    )
                if raw is not None and str(raw).strip():
                    return str(raw).strip()
            return None

        kind_text = get("art", "kind")
        if not kind_text:
            raise ExportError("Die Art der Ansicht fehlt (art=karte, rangfolge, …).")
        from publish.views.registry import normalise_kind  # the registry imports this module

        kind = normalise_kind(kind_text)
        if kind == "scatter":
            indicator = get("x", "indikator", "indicator")
            indicator_y = get("y", "indikator_y", "indicator_y")
        else:
            indicator, indicator_y = get("indikator", "indicator"), None
        if kind == "change":
            year, year_from = get("bis", "year"), get("von", "year_from")
        else:
            year, year_from = get("jahr", "year"), None
        breakdown = get("aufgliederung", "breakdown") or ""
        values: dict[str, Any] = {
            "kind": kind,
            "indicator": indicator,
            "indicator_y": indicator_y,
            "year": _year(year or ""),
            "year_from": _year(year_from or ""),
            "breakdown": "" if breakdown == "insgesamt" else breakdown,
            "units": unique_units(get("einheiten", "units") or ""),
            "unit": get("einheit", "unit"),
            "goal": get("ziel", "goal"),
            "family": get("bereich", "family") or "",
            "classes": _classes(get("klassen", "classes")),
        }
        level, period = get("ebene", "level"), get("periode", "period")
        if level:
            values["level"] = level
        if period:
            values["period"] = period
        return cls(**values)


@dataclass(frozen=True)
class View:
    """The data of one view, ready for a chart or a table."""

    request: ExportRequest  # completed: year, year_from and period filled in
    title: str  # e.g. "Wohlbefinden niedrig – Ortsteile 2019"
    unit: str  # the measurement unit as shown ("Anteil in %")
    source: str  # "Quelle: …"
    data_date: dt.date
    synthetic: bool
    indicator: Indicator | None = None
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)
    city: dict | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def suppressed(self) -> bool:
        """True when a cell of the view is withheld ("•" appears in chart and table)."""
        return bool(self.extra.get("suppressed", False))

    @property
    def stem(self) -> str:
        """A file name stem without extension: ``rangfolge_uwe.wellbeing_low_ortsteil_2019``."""
        r = self.request
        from publish.views.registry import VIEWS  # the registry imports this module

        kind = VIEWS[r.kind]
        parts = [kind.file_name]
        parts += [p for p in (r.indicator, r.indicator_y, r.goal) if p]
        if kind.by_level:
            parts.append(r.level)
        parts += [str(getattr(r, name) or "") for name in kind.stem_fields]
        if r.year is not None:  # completed: a series has none
            parts.append(str(r.year))
        if kind.by_period and r.period:
            parts.append(r.period)
        if r.breakdown:
            parts.append(r.breakdown)
        return re.sub(r"[^A-Za-z0-9._-]+", "-", "_".join(p for p in parts if p)).strip("-")[:120]


# --- small helpers ----------------------------------------------------------------------------


def _year(text: str) -> int | None:
    if not text:
        return None
    match = re.match(r"^\s*(\d{4})", text)
    if not match:
        raise ExportError(f"Jahr {text!r} ist keine Jahreszahl.")
    return int(match.group(1))


def _classes(text: str | None) -> str:
    """The colour classes of a map or ranking ("" for the default), checked."""
    try:
        mode = normalise_mode(text)
    except ValueError as error:
        raise ExportError(str(error)) from None
    return "" if mode == DEFAULT_MODE else mode


def _ascii(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
    return text.translate(table).replace("ß", "ss")
