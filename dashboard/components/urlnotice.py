"""A visible note when a page's address asks for something it cannot show.

Pages fall back to the nearest valid view (an unknown indicator shows the first one, a unit that
does not exist is dropped). Silently, a pasted link would show something else than its sender
meant; so every page's layout is wrapped: the address's parameters are compared with the view
the page actually rendered (the canonical query string in its ``dcc.Store``, see
``components.urlsync``), and what was ignored or replaced is said above the page.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import dash
from dash import dcc, html
from flask import current_app

from dashboard.urlstate import parse_query

STATES_KEY = "bildungsmonitor_url_states"  # rendered-store id -> the page's state class
WRAPPED = "_bimo_url_notice"


def remember_state(app: dash.Dash, rendered_id: str, state_cls: type) -> None:
    app.server.extensions.setdefault(STATES_KEY, {})[rendered_id] = state_cls


def problems(query: dict[str, Any], state_cls: type, canonical: str) -> list[str]:
    """What of ``query`` the rendered view (``canonical``) did not take, in German."""
    fields = {f.name: f for f in dataclasses.fields(state_cls)}
    shown = parse_query(canonical)
    found = []
    for key, raw in query.items():
        value = str(raw[-1] if isinstance(raw, list) else raw)
        if key not in fields:
            found.append(f"Unbekannter Parameter „{key}“ – nicht berücksichtigt.")
            continue
        default = fields[key].default
        if isinstance(default, tuple):  # a list: name what was dropped
            dropped = [v for v in value.split(",") if v and v not in shown.get(key, "").split(",")]
            if dropped:
                found.append(f"{key}: „{', '.join(dropped)}“ gibt es nicht – weggelassen.")
            continue
        if key in shown:
            if value != shown[key] and value != "":
                found.append(f"„{key}={value}“ gibt es nicht – gezeigt wird {key}={shown[key]}.")
        elif value not in ("", str(default)):
            found.append(f"„{key}={value}“ gibt es nicht – gezeigt wird die Voreinstellung.")
    return found


def _canonical(layout: Any, states: dict[str, type]) -> tuple[type, str] | None:
    if not hasattr(layout, "_traverse"):
        return None
    for component in layout._traverse():
        if isinstance(component, dcc.Store) and getattr(component, "id", None) in states:
            return states[component.id], component.data or ""
    return None


def _with_notice(layout_function: Callable[..., Any], path_variables: set[str]) -> Callable:
    @functools.wraps(layout_function)
    def layout(**query: Any) -> Any:
        rendered = layout_function(**query)
        found = _canonical(rendered, current_app.extensions.get(STATES_KEY, {}))
        if not found:
            return rendered
        notes = problems({k: v for k, v in query.items() if k not in path_variables}, *found)
        if not notes:
            return rendered
        notice = html.Div(
            [html.Strong("Adresse nicht ganz verstanden: "), " ".join(notes)],
            className="alert alert-warning py-2 small bimo-url-notice",
            role="alert",
        )
        return html.Div([notice, rendered])

    setattr(layout, WRAPPED, True)
    return layout


def _path_variables(page: dict) -> set[str]:
    """Parameters that are part of the path (e.g. ``key`` of /ziel/<key>), not the query."""
    template = page.get("path_template") or ""
    return {part[1:-1] for part in template.split("/") if part.startswith("<")}


def install() -> None:
    """Wrap every page's layout function once (the page registry is shared by all apps)."""
    for page in dash.page_registry.values():
        layout = page.get("layout")
        if callable(layout) and not getattr(layout, WRAPPED, False):
            page["layout"] = _with_notice(layout, _path_variables(page))
