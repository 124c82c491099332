"""Download links for a view: charts as PNG/SVG/PDF, tables as Excel/CSV (route ``/export``).

The links carry the view's parameters in the app's own German query names, so the export shows
exactly what the page shows (see ``dashboard.exports.request.ExportRequest.from_query``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import html

CHART_FORMATS = (("png", "PNG"), ("svg", "SVG"), ("pdf", "PDF"))
TABLE_FORMATS = (("xlsx", "Excel"), ("csv", "CSV"))


def export_href(query: dict[str, object], art: str, fmt: str) -> str:
    params = {key: value for key, value in query.items() if value not in (None, "", [], ())}
    params = {
        k: ",".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in params.items()
    }
    return "/export?" + urlencode({**params, "art": art, "format": fmt})


def export_links(query: dict[str, object], items: list[tuple[str, str, bool]]) -> html.Div:
    """One line per (art, label, is_chart): the label and its formats as download links."""
    lines = []
    for art, label, is_chart in items:
        formats = (*CHART_FORMATS, *TABLE_FORMATS) if is_chart else TABLE_FORMATS
        links: list = []
        for fmt, name in formats:
            if links:
                links.append(" · ")
            links.append(
                html.A(
                    name,
                    href=export_href(query, art, fmt),
                    download="",
                    title=f"{label} als {name} herunterladen",
                    **{"aria-label": f"{label} als {name} herunterladen"},
                )
            )
        # The label may wrap on a phone; the formats stay together on one line.
        lines.append(
            html.Span(
                [f"{label}: ", html.Span(links, className="text-nowrap")],
                className="me-4 d-inline-block",
            )
        )
    return html.Div(
        [html.Span("Herunterladen – ", className="fw-semibold"), *lines],
        className="bimo-downloads small mb-2",
    )
