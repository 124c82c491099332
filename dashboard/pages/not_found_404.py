"""The page for an unknown address (Dash uses the module named ``not_found_404``)."""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from dashboard.components import shell

dash.register_page(
    __name__,
    path="/404",
    name="Seite nicht gefunden",
    title="Seite nicht gefunden – Bildungsmonitor Herne",
)


def layout(**_query: Any) -> html.Div:
    return html.Div(
        [
            shell.page_header(
                "Seite nicht gefunden", "Zu dieser Adresse gibt es keine Seite im Bildungsmonitor."
            ),
            dcc.Link("Zur Übersicht", href="/"),
        ]
    )
