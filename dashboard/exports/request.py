"""What to export: one view of the app as a request, and the data of that view.

A view is a kind (map, ranking, time series, ...) with its parameters. Charts and tables are
built from the same :class:`View`, gathered once through ``dashboard.data``, so an image and the
table downloaded beside it show the same cells. Requests are checked strictly: an unknown
indicator, level, year or breakdown is an :class:`ExportError` with a German message (the CLI
prints it), never a silent fallback to another view.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from dashboard import formatting as fmt
from dashboard.data import DashboardData, ExplorerChoice
from etl.vocabulary import PERCENT
from indicators.registry import BY_ID, LEVEL_TITLES, Indicator

# kind -> German name (file names, messages)
KINDS = {
    "map": "Karte",
    "ranking": "Rangfolge",
    "units": "Einheiten",
    "series": "Zeitverlauf",
    "departments": "Arbeitsbereiche",
    "measures": "Maßnahmen",
    "goals": "Handlungsziele",
    "profile": "Stadtteilprofil",
    "change": "Veränderung",
    "scatter": "Zusammenhang",
}
KIND_ALIASES = {"profil": "profile", "ziele": "goals", "einheit": "units"}
CHART_KINDS = ("map", "ranking", "units", "series", "departments", "profile", "change", "scatter")
TABLE_KINDS = tuple(KINDS)
AREA_LEVELS = ("stadtbezirk", "ortsteil", "bezirk")
DEFAULT_PERIOD = "2013-2017"
PUBLISHER = "Stadt Herne, Bildungsmonitoring"
LEVEL_DATIVES = {  # "nach Ortsteilen"
    "stadtbezirk": "Stadtbezirken",
    "ortsteil": "Ortsteilen",
    "bezirk": "statistischen Bezirken",
}
CATALOGUE_SOURCE = (
    "Zielkatalog 2013-2017 und Maßnahmen-Abfrage (Dokumentation der 8. Herner "
    "Bildungskonferenz, 23.11.2017)"
)


class ExportError(ValueError):
    """A request that cannot be exported; the message is German and names what is wrong."""


@dataclass(frozen=True)
class ExportRequest:
    """One view to export. Which fields count depends on ``kind``:

    - map, ranking, units: indicator, level, year (None: latest), breakdown; ``unit`` highlights
      one unit (ranking, units)
    - series: indicator, level, breakdown, units (drawn in colour; the others grey)
    - departments, measures: goal (key), period
    - goals: period
    - profile: level, unit (number), family (optional: kompik, uwe, parents, ssw)
    - change: indicator, level, year_from, year (None: first and latest year)
    - scatter: indicator (x axis), indicator_y, level, year (None: latest common year)
    """

    kind: str
    indicator: str | None = None
    level: str = "ortsteil"
    year: int | None = None
    breakdown: str = ""
    units: tuple[str, ...] = ()
    unit: str | None = None
    goal: str | None = None
    period: str = DEFAULT_PERIOD
    indicator_y: str | None = None
    year_from: int | None = None
    family: str = ""  # profile: only this family of indicators (kompik, uwe, parents, ssw)

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> ExportRequest:
        """A request from the app's German query parameters, so a page can append ``art=…``
        to its own query string: ``art``, ``indikator``, ``ebene``, ``jahr``,
        ``aufgliederung``, ``einheiten``, ``einheit``, ``bereich``, ``ziel``, ``periode``;
        for "Zusammenhang" ``x`` and ``y``, for "Veränderung" ``von`` and ``bis`` (as on the
        Vergleich page). The English field names are accepted too."""

        def get(*names: str) -> str | None:
            for name in names:
                raw = params.get(name)
                if isinstance(raw, list | tuple):
                    raw = raw[-1] if raw else None
                if raw is not None and str(raw).strip():
                    return str(raw).strip()
            return None

        kind_text = get("art", "kind")
        if not kind_text:
            raise ExportError("Die Art der Ansicht fehlt (art=karte, rangfolge, …).")
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
            "units": tuple(u for u in (get("einheiten", "units") or "").split(",") if u),
            "unit": get("einheit", "unit"),
            "goal": get("ziel", "goal"),
            "family": get("bereich", "family") or "",
        }
        level, period = get("ebene", "level"), get("periode", "period")
        if level:
            values["level"] = level
        if period:
            values["period"] = period
        return cls(**values)


def normalise_kind(kind: str) -> str:
    """Accept the English key or the German name ("Rangfolge", "zeitverlauf")."""
    wanted = kind.strip().casefold()
    if wanted in KIND_ALIASES:
        return KIND_ALIASES[wanted]
    for key, title in KINDS.items():
        if wanted in (key, title.casefold(), _ascii(title).casefold()):
            return key
    raise ExportError(
        f"Unbekannte Ansicht {kind!r}; möglich: " + ", ".join(t for t in KINDS.values()) + "."
    )


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
        parts = [_ascii(KINDS[r.kind]).lower()]
        parts += [p for p in (r.indicator, r.indicator_y, r.goal) if p]
        if r.kind in ("map", "ranking", "units", "series", "change", "scatter", "profile"):
            parts.append(r.level)
        if r.kind == "profile" and r.unit:
            parts += [r.unit, r.family]
        if r.kind == "change" and r.year_from is not None:
            parts.append(str(r.year_from))
        if r.year is not None and r.kind != "series":
            parts.append(str(r.year))
        if r.kind in ("departments", "measures", "goals"):
            parts.append(r.period)
        if r.breakdown:
            parts.append(r.breakdown)
        return re.sub(r"[^A-Za-z0-9._-]+", "-", "_".join(p for p in parts if p)).strip("-")[:120]


def data_date(data: DashboardData) -> dt.date:
    """The "Datenstand": the day of the last indicator build (the values exported are its
    values); today if nothing was built yet."""
    build = data.last_build()
    if build and build.get("built_at"):
        built = build["built_at"]
        return built.date() if isinstance(built, dt.datetime) else dt.date.fromisoformat(built)
    return dt.date.today()


def source_line(source: str, synthetic: bool) -> str:
    line = f"Quelle: {source}; {PUBLISHER}"
    return f"{line} – synthetische Beispieldaten" if synthetic else line


def gather(data: DashboardData, request: ExportRequest) -> View:
    """The data of the requested view, checked and completed (latest year where none given)."""
    kind = normalise_kind(request.kind)
    request = replace(request, kind=kind)
    handler = {
        "map": _cells_view,
        "ranking": _cells_view,
        "units": _cells_view,
        "series": _series_view,
        "departments": _goal_view,
        "measures": _goal_view,
        "goals": _goals_view,
        "profile": _profile_view,
        "change": _change_view,
        "scatter": _scatter_view,
    }[kind]
    return handler(data, request)


# --- per kind ---------------------------------------------------------------------------------


def _base(data: DashboardData) -> dict[str, Any]:
    return {"data_date": data_date(data), "synthetic": data.is_synthetic()}


def indicator_of(indicator_id: str | None) -> Indicator:
    if not indicator_id:
        raise ExportError("Es ist kein Indikator angegeben.")
    if indicator_id not in BY_ID:
        raise ExportError(f"Unbekannter Indikator {indicator_id!r}.")
    return BY_ID[indicator_id]


def _years(data: DashboardData, indicator: Indicator, level: str) -> dict[int, str]:
    if level not in LEVEL_TITLES:
        raise ExportError(
            f"Unbekannte Raumebene {level!r}; möglich: " + ", ".join(LEVEL_TITLES) + "."
        )
    years = dict(data.years(indicator.id, level))
    if not years:
        raise ExportError(
            f"Für „{indicator.title}“ gibt es auf der Ebene {fmt.level_title(level)} keine Werte."
        )
    return years


def _pick_year(years: dict[int, str], year: int | None, indicator: Indicator) -> int:
    if year is None:
        return max(years)
    if year not in years:
        raise ExportError(
            f"Für „{indicator.title}“ gibt es kein Jahr {year}; vorhanden: "
            + ", ".join(years[y] for y in sorted(years))
            + "."
        )
    return year


def _check_breakdown(
    data: DashboardData, indicator: Indicator, level: str, year: int | None, breakdown: str
) -> None:
    if not breakdown:
        return
    found = data.available()
    mask = (found["indicator"] == indicator.id) & (found["level"] == level)
    if year is not None:
        mask &= found["year"] == year
    known = sorted(set(found.loc[mask, "breakdown"]) - {""})
    if breakdown not in known:
        raise ExportError(
            f"Die Aufgliederung {breakdown!r} gibt es für „{indicator.title}“ hier nicht; "
            "vorhanden: " + (", ".join(known) if known else "keine") + "."
        )


def _detail(breakdown: str) -> str:
    return f" ({fmt.breakdown_title(breakdown)})" if breakdown else ""


def _has_suppressed(*columns: pd.Series) -> bool:
    return any(bool(column.fillna(False).astype(bool).any()) for column in columns)


def _cells_view(data: DashboardData, request: ExportRequest) -> View:
    indicator = indicator_of(request.indicator)
    level = request.level
    if level not in AREA_LEVELS:
        raise ExportError("Karten und Rangfolgen gibt es für Stadtbezirke, Ortsteile und Bezirke.")
    years = _years(data, indicator, level)
    year = _pick_year(years, request.year, indicator)
    _check_breakdown(data, indicator, level, year, request.breakdown)
    cells = data.cells(indicator.id, level, year, request.breakdown)
    city = data.city_cell(indicator.id, year, request.breakdown)
    extra: dict[str, Any] = {
        "period": years[year],
        "suppressed": _has_suppressed(cells["suppressed"]) or bool(city and city.get("suppressed")),
    }
    if request.unit and request.unit not in set(cells["number"]):
        raise ExportError(f"Die Einheit {request.unit!r} gibt es auf dieser Ebene nicht.")
    if request.kind == "map":
        geojson = data.geojson(level)
        extra["geojson"] = geojson
        extra["geojson_property"] = data.geojson_property
        extra["tiles"] = data.tiles(level) if geojson is None else None
    title = (
        f"{indicator.title} – {fmt.LEVEL_PLURALS[level]} {years[year]}{_detail(request.breakdown)}"
    )
    return View(
        request=replace(request, year=year),
        title=title,
        unit=fmt.unit_title(indicator),
        source=source_line(indicator.source, data.is_synthetic()),
        indicator=indicator,
        frame=cells,
        city=city,
        extra=extra,
        **_base(data),
    )


def _series_view(data: DashboardData, request: ExportRequest) -> View:
    indicator = indicator_of(request.indicator)
    level = request.level
    if level not in AREA_LEVELS:
        raise ExportError("Zeitverläufe gibt es für Stadtbezirke, Ortsteile und Bezirke.")
    years = _years(data, indicator, level)
    _check_breakdown(data, indicator, level, None, request.breakdown)
    latest = max(years)
    choice = ExplorerChoice(indicator.id, level, latest, request.breakdown, [], [], [], [])
    found = data.explorer(choice)
    numbers = set(found.current["number"])
    unknown = [u for u in request.units if u not in numbers]
    if unknown:
        raise ExportError("Unbekannte Einheiten auf dieser Ebene: " + ", ".join(unknown) + ".")
    series = found.series
    first, last = years[min(years)], years[latest]
    span = first if first == last else f"{first} bis {last}"
    return View(
        request=replace(request, year=None),
        title=f"{indicator.title} – {fmt.LEVEL_PLURALS[level]} und Herne, {span}"
        f"{_detail(request.breakdown)}",
        unit=fmt.unit_title(indicator),
        source=source_line(indicator.source, data.is_synthetic()),
        indicator=indicator,
        frame=series,
        extra={
            "years": years,
            "names": dict(zip(found.current["number"], found.current["name"], strict=True)),
            "suppressed": _has_suppressed(series["suppressed"]),
        },
        **_base(data),
    )


def _goal_detail(data: DashboardData, request: ExportRequest):
    if not request.goal:
        raise ExportError("Es ist kein Handlungsziel angegeben.")
    detail = data.goal(request.period, request.goal)
    if detail is None:
        known = ", ".join(g.key for g in data.goals(request.period)) or "keine"
        raise ExportError(
            f"Das Handlungsziel {request.goal!r} gibt es in der Zielperiode {request.period} "
            f"nicht; vorhanden: {known}."
        )
    return detail


def _goal_view(data: DashboardData, request: ExportRequest) -> View:
    detail = _goal_detail(data, request)
    what = "Maßnahmen und Projekte" if request.kind == "measures" else "Nennungen von Maßnahmen"
    title = f"Handlungsziel {detail.number} {detail.title}: {what} nach Arbeitsbereichen"
    return View(
        request=request,
        title=title,
        unit="Anzahl der Nennungen",
        source=source_line(CATALOGUE_SOURCE, data.is_synthetic()),
        frame=detail.departments,
        extra={"detail": detail, "suppressed": False},
        **_base(data),
    )


def _goals_view(data: DashboardData, request: ExportRequest) -> View:
    goals = data.goals(request.period)
    if not goals:
        raise ExportError(
            f"Für die Zielperiode {request.period} sind keine Handlungsziele erfasst."
        )
    details = [data.goal(request.period, g.key) for g in goals]
    return View(
        request=request,
        title=f"Handlungsziele {request.period}: Maßnahmen, Herausforderungen und Rückmeldungen",
        unit="Anzahl",
        source=source_line(CATALOGUE_SOURCE, data.is_synthetic()),
        extra={"details": [d for d in details if d is not None], "suppressed": False},
        **_base(data),
    )


def _profile_view(data: DashboardData, request: ExportRequest) -> View:
    level = request.level
    if level not in AREA_LEVELS:
        raise ExportError("Profile gibt es für Stadtbezirke, Ortsteile und Bezirke.")
    number = request.unit or (request.units[0] if request.units else None)
    name = data.unit_name(level, number) if number else None
    if name is None:
        raise ExportError(
            f"Die Einheit {number!r} gibt es auf der Ebene {fmt.level_title(level)} nicht."
        )
    profile = data.profile(level, number)
    if request.family:
        profile = profile[profile["family"] == request.family].reset_index(drop=True)
    return View(
        request=replace(request, unit=number),
        title=f"{fmt.level_title(level)} {name}: Abweichungen von Herne insgesamt"
        + (f" ({fmt.FAMILY_TITLES.get(request.family, request.family)})" if request.family else ""),
        unit="Differenz zu Herne (rechts günstiger, links ungünstiger)",
        source=source_line("alle Indikatoren des Bildungsmonitorings", data.is_synthetic()),
        frame=profile,
        extra={
            "name": name,
            "suppressed": _has_suppressed(profile["suppressed"], profile["city_suppressed"]),
        },
        **_base(data),
    )


def _change_view(data: DashboardData, request: ExportRequest) -> View:
    indicator = indicator_of(request.indicator)
    level = request.level
    if level not in AREA_LEVELS:
        raise ExportError("Veränderungen gibt es für Stadtbezirke, Ortsteile und Bezirke.")
    years = _years(data, indicator, level)
    second = _pick_year(years, request.year, indicator)
    first = min(years) if request.year_from is None else request.year_from
    first = _pick_year(years, first, indicator)
    change = data.change(indicator.id, level, first, second)
    return View(
        request=replace(request, year=second, year_from=first),
        title=f"{indicator.title}: Veränderung {years[first]} → {years[second]} nach "
        f"{LEVEL_DATIVES[level]}",
        unit="Prozentpunkte" if indicator.unit is PERCENT else fmt.unit_title(indicator),
        source=source_line(indicator.source, data.is_synthetic()),
        indicator=indicator,
        frame=change,
        extra={
            "first": years[first],
            "second": years[second],
            "suppressed": _has_suppressed(change["suppressed_1"], change["suppressed_2"]),
        },
        **_base(data),
    )


def _scatter_view(data: DashboardData, request: ExportRequest) -> View:
    x = indicator_of(request.indicator)
    y = indicator_of(request.indicator_y)
    level = request.level
    if level not in AREA_LEVELS:
        raise ExportError("Zusammenhänge gibt es für Stadtbezirke, Ortsteile und Bezirke.")
    years_x, years_y = _years(data, x, level), _years(data, y, level)
    common = sorted(set(years_x) & set(years_y))
    if not common:
        raise ExportError("Die beiden Indikatoren haben auf dieser Ebene kein gemeinsames Jahr.")
    year = common[-1] if request.year is None else request.year
    if year not in common:
        raise ExportError(
            "Gemeinsame Jahre der beiden Indikatoren: " + ", ".join(map(str, common)) + "."
        )
    pair = data.pair(x.id, y.id, level, year)
    label = years_x[year] if years_x[year] == years_y[year] else f"{years_x[year]}/{years_y[year]}"
    sources = x.source if x.source == y.source else f"{x.source}; {y.source}"
    return View(
        request=replace(request, year=year),
        title=f"{y.title} und {x.title} – {fmt.LEVEL_PLURALS[level]} {label}",
        unit=f"x: {fmt.unit_title(x)}, y: {fmt.unit_title(y)}",
        source=source_line(sources, data.is_synthetic()),
        indicator=x,
        frame=pair,
        extra={
            "y": y,
            "period": label,
            "city_x": data.city_cell(x.id, year),
            "city_y": data.city_cell(y.id, year),
            "suppressed": _has_suppressed(pair["suppressed_x"], pair["suppressed_y"]),
        },
        **_base(data),
    )


# --- small helpers ----------------------------------------------------------------------------


def _year(text: str) -> int | None:
    if not text:
        return None
    match = re.match(r"^\s*(\d{4})", text)
    if not match:
        raise ExportError(f"Jahr {text!r} ist keine Jahreszahl.")
    return int(match.group(1))


def _ascii(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
    return text.translate(table).replace("ß", "ss")
