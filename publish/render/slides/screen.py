"""The projector variant of a figure (:func:`projector`): the same figure the pages show, with
type large enough for the back of a meeting room (nothing under :data:`MIN_PX` CSS pixels) and
no fixed height, so the page's slide decides how tall the chart is.

Set on the built figure rather than in the figure builders: the builders keep one look for the
pages and the exports, and the presentation only scales its type.
"""

from __future__ import annotations

import plotly.graph_objects as go

MIN_PX = 18  # the smallest text on a slide (tick labels, values on bars, legend)
BASE_PX = 20  # running text of a chart: axis titles, notes, the city's value
TITLE_PX = 26


def projector(fig: go.Figure, *, base: int = BASE_PX, least: int = MIN_PX) -> go.Figure:
    """``fig`` with projector type (changed in place and returned): every text of the figure
    at least ``least`` px, titles and notes ``base`` px or more; height and width left to the
    page (``autosize``)."""
    fig.update_layout(
        font_size=base,
        title_font_size=TITLE_PX,
        legend_font_size=least,
        hoverlabel_font_size=least,
        height=None,
        width=None,
        autosize=True,
        # bars' values: never shrunk below the least size to fit inside a bar
        uniformtext=dict(minsize=least, mode="show"),
    )
    fig.update_xaxes(tickfont_size=least, title_font_size=base)
    fig.update_yaxes(tickfont_size=least, title_font_size=base)
    for trace in fig.data:
        font = getattr(trace, "textfont", None)
        if font is not None and not isinstance(font.size, tuple | list):
            font.size = max(font.size or 0, least)
    for annotation in fig.layout.annotations or ():
        annotation.font.size = max(annotation.font.size or 0, base)
    return fig
