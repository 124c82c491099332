"""A DataFrame of strings as an accessible HTML table (caption, header cells with scope)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from dash import html

from publish import formatting as fmt
from publish.tables import NUMERIC


def table(
    frame: pd.DataFrame,
    caption: str,
    numeric: Iterable[str] = (),
    table_id: str | None = None,
    max_rows: int | None = None,
    class_name: str = "",
    first_column_header: bool = True,
) -> html.Div:
    """Render ``frame``; numeric columns right-aligned; "•" and "–" explained in their title.

    With ``max_rows`` only the first rows are shown and a line says how many were left out."""
    right = set(numeric) | (NUMERIC & set(frame.columns))
    shown = frame if max_rows is None else frame.head(max_rows)
    head = html.Thead(
        html.Tr(
            [
                html.Th(str(c), scope="col", className="text-end" if c in right else None)
                for c in frame.columns
            ]
        )
    )
    body = []
    for row in shown.itertuples(index=False):
        cells = []
        for index, (column, text) in enumerate(zip(frame.columns, row, strict=True)):
            text = "" if text is None else str(text)
            content: object = text
            if text == fmt.SUPPRESSED:
                content = html.Span(text, title=fmt.SUPPRESSED_MEANING, className="bimo-symbol")
            elif text == fmt.MISSING:
                content = html.Span(text, title=fmt.MISSING_MEANING)
            class_name_cell = "text-end text-nowrap" if column in right else None
            if index == 0 and first_column_header:
                cells.append(html.Th(content, scope="row", className=class_name_cell))
            else:
                cells.append(html.Td(content, className=class_name_cell))
        body.append(html.Tr(cells))
    extra = {"id": table_id} if table_id else {}
    children = [
        html.Table(
            [html.Caption(caption), head, html.Tbody(body)],
            className="table table-sm table-striped table-hover align-middle caption-top "
            "bimo-table",
            **extra,
        )
    ]
    if max_rows is not None and len(frame) > max_rows:
        children.append(
            html.P(
                f"… und {fmt.integer(len(frame) - max_rows)} weitere Zeilen.",
                className="text-muted small",
            )
        )
    # Any table may scroll sideways on a phone: a scrolling region must be reachable by keyboard.
    return html.Div(
        children,
        className=f"table-responsive {class_name}".strip(),
        tabIndex="0",
        role="region",
        **{"aria-label": caption},
    )
