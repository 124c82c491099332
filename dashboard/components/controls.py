"""Labelled form controls: native ``<select>`` and checkboxes, reachable by keyboard and named
for screen readers by their ``<label>`` / ``<legend>``."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import html


def select(
    control_id: str,
    label: str,
    options: Sequence[dict],
    value: str | None,
    class_name: str = "",
) -> html.Div:
    return html.Div(
        [
            dbc.Label(label, html_for=control_id, class_name="form-label fw-semibold mb-1"),
            dbc.Select(id=control_id, options=list(options), value=value),
        ],
        className=f"bimo-control {class_name}".strip(),
    )


def checklist(
    control_id: str,
    legend: str,
    options: Sequence[dict],
    value: Sequence[str],
    class_name: str = "",
) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(legend, className="form-label fw-semibold fs-6 mb-1"),
            dbc.Checklist(
                id=control_id,
                options=list(options),
                value=list(value),
                inline=True,
                class_name="bimo-checklist",
            ),
        ],
        className=f"bimo-control {class_name}".strip(),
    )


def options(pairs: Sequence[tuple[str, str]]) -> list[dict]:
    """[(value, label), ...] -> options of a select."""
    return [{"label": label, "value": value} for value, label in pairs]
