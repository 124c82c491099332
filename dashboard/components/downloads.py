"""Download links for a view: charts as PNG/SVG/PDF, tables as Excel/CSV (route ``/export``).

The links carry the view's parameters in the app's own German query names, so the export shows
exactly what the page shows (see ``publish.views.request.ExportRequest.from_query``). The same
parameters, resolved (the year included), make the address "Link kopieren" copies: a shared link
keeps showing the same year after the next delivery. ``assets/downloads.js`` fetches the files
with a progress line and copies the link.
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import html

CHART_FORMATS = (("png", "PNG"), ("svg", "SVG"), ("pdf", "PDF"))
TABLE_FORMATS = (("xlsx", "Excel"), ("csv", "CSV"))


def export_href(query: dict[str, object], art: str, fmt: str) -> str:
    return "/export?" + urlencode({**_present(query), "art": art, "format": fmt})


def _present(query: dict[str, object]) -> dict[str, object]:
    params = {key: value for key, value in query.items() if value not in (None, "", [], ())}
    return {
        k: ",".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in params.items()
    }


def copy_link(query: dict[str, object]) -> html.Button:
    """A button that copies the page's address with the view's resolved parameters."""
    params = _present(query)
    pinned = f"Jahr {params['jahr']} festgehalten" if "jahr" in params else ""
    return html.Button(
        "Link kopieren",
        type="button",
        className="btn btn-link btn-sm p-0 align-baseline bimo-copy-link",
        title="Adresse dieser Ansicht kopieren (mit dem gezeigten Jahr)",
        **{"data-query": urlencode(params), "data-pinned": pinned},
    )


def export_links(query: dict[str, object], items: list[tuple[str, str, bool]]) -> html.Div:
    """One line per (art, label, is_chart): the label and its formats as download links; then
    "Link kopieren"."""
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
        [
            html.Span("Herunterladen – ", className="fw-semibold"),
            *lines,
            html.Span(copy_link(query), className="d-inline-block"),
        ],
        className="bimo-downloads small mb-2",
    )
