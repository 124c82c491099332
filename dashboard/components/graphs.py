"""``dcc.Graph`` with the app's settings: German locale, no logo, local resources only."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import dcc, html

# "de" is registered by assets/plotly-locale-de.js. topojsonURL points at the app itself, so even
# a geo trace that wanted a world map could never fetch one from a CDN.
GRAPH_CONFIG = {
    "locale": "de",
    "displaylogo": False,
    "topojsonURL": "/assets/topojson/",
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def graph(
    graph_id: str | dict,
    label: str,
    figure: go.Figure | None = None,
    class_name: str = "",
) -> html.Div:
    """A graph in a labelled region; ``label`` names the chart for screen readers (the visible
    title is inside the figure and changes with the selection)."""
    return html.Div(
        dcc.Graph(
            id=graph_id,
            figure=figure if figure is not None else {"layout": {"separators": ",."}},
            config=GRAPH_CONFIG,
        ),
        role="region",
        className=f"bimo-graph {class_name}".strip(),
        **{"aria-label": label},
    )
