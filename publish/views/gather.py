"""What each view kind gathers through the read model (checked and completed: the latest year
where none is given)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from etl.vocabulary import AREA_LEVELS, FAMILY, LEVEL, PERCENT
from indicators.indicator import Indicator
from indicators.registry import BY_ID
from publish import formatting as fmt
from publish.read import ExplorerChoice, ReadModel
from publish.text import catalogue_citation, data_date, source_line
from publish.views.request import ExportError, ExportRequest, View


def _base(data: ReadModel) -> dict[str, Any]:
    return {"data_date": data_date(data), "synthetic": data.is_synthetic()}


def indicator_of(indicator_id: str | None) -> Indicator:
    if not indicator_id:
        raise ExportError("Es ist kein Indikator angegeben.")
    if indicator_id not in BY_ID:
        raise ExportError(f"Unbekannter Indikator {indicator_id!r}.")
    return BY_ID[indicator_id]


def _years(data: ReadModel, indicator: Indicator, level: str) -> dict[int, str]:
    if level not in LEVEL:
        raise ExportError(f"Unbekannte Raumebene {level!r}; möglich: " + ", ".join(LEVEL) + ".")
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
    data: ReadModel, indicator: Indicator, level: str, year: int | None, breakdown: str
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


def _area(
    data: ReadModel, request: ExportRequest, what: str
) -> tuple[Indicator, str, dict[int, str]]:
    """The requested indicator, its level (one of the areas: ``what`` "gibt es" only there)
    and the years it has values on that level."""
    indicator = indicator_of(request.indicator)
    if request.level not in AREA_LEVELS:
        raise ExportError(f"{what} gibt es für Stadtbezirke, Ortsteile und Bezirke.")
    return indicator, request.level, _years(data, indicator, request.level)


def cells_view(data: ReadModel, request: ExportRequest) -> View:
    indicator, level, years = _area(data, request, "Karten und Rangfolgen")
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
        f"{indicator.title} – {fmt.level_plural(level)} {years[year]}{_detail(request.breakdown)}"
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


def series_view(data: ReadModel, request: ExportRequest) -> View:
    indicator, level, years = _area(data, request, "Zeitverläufe")
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
        title=f"{indicator.title} – {fmt.level_plural(level)} und Herne, {span}"
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


def with_period(data: ReadModel, request: ExportRequest) -> ExportRequest:
    """The request with its goal period: the latest in the database where none is given."""
    if request.period:
        return request
    latest = data.latest_period()
    if latest is None:
        raise ExportError("In der Datenbank ist keine Zielperiode erfasst.")
    return replace(request, period=latest)


def _catalogue_line(data: ReadModel, period: str) -> str:
    return source_line(catalogue_citation(data, period), data.is_synthetic())


def _family_title(family: str) -> str:
    return FAMILY[family].title if family in FAMILY else family


def _goal_detail(data: ReadModel, request: ExportRequest):
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


def goal_view(data: ReadModel, request: ExportRequest) -> View:
    request = with_period(data, request)
    detail = _goal_detail(data, request)
    what = "Maßnahmen und Projekte" if request.kind == "measures" else "Nennungen von Maßnahmen"
    title = f"Handlungsziel {detail.number} {detail.title}: {what} nach Arbeitsbereichen"
    return View(
        request=request,
        title=title,
        unit="Anzahl der Nennungen",
        source=_catalogue_line(data, request.period),
        frame=detail.departments,
        extra={"detail": detail, "suppressed": False},
        **_base(data),
    )


def goals_view(data: ReadModel, request: ExportRequest) -> View:
    request = with_period(data, request)
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
        source=_catalogue_line(data, request.period),
        extra={"details": [d for d in details if d is not None], "suppressed": False},
        **_base(data),
    )


def profile_view(data: ReadModel, request: ExportRequest) -> View:
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
        + (f" ({_family_title(request.family)})" if request.family else ""),
        unit="Differenz zu Herne (rechts günstiger, links ungünstiger)",
        source=source_line("alle Indikatoren des Bildungsmonitorings", data.is_synthetic()),
        frame=profile,
        extra={
            "name": name,
            "suppressed": _has_suppressed(profile["suppressed"], profile["city_suppressed"]),
        },
        **_base(data),
    )


def change_view(data: ReadModel, request: ExportRequest) -> View:
    indicator, level, years = _area(data, request, "Veränderungen")
    second = _pick_year(years, request.year, indicator)
    first = min(years) if request.year_from is None else request.year_from
    first = _pick_year(years, first, indicator)
    change = data.change(indicator.id, level, first, second)
    return View(
        request=replace(request, year=second, year_from=first),
        title=f"{indicator.title}: Veränderung {years[first]} → {years[second]} nach "
        f"{LEVEL[level].dative}",
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


def scatter_view(data: ReadModel, request: ExportRequest) -> View:
    x, level, years_x = _area(data, request, "Zusammenhänge")
    y = indicator_of(request.indicator_y)
    years_y = _years(data, y, level)
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
        title=f"{y.title} und {x.title} – {fmt.level_plural(level)} {label}",
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
