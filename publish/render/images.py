"""Chart images for reports: the figure of a view with what a reader of a printed report needs
inside the image: the title, the unit, a source line, the data date (Datenstand, TT.MM.JJJJ) and,
when a cell is withheld, the one public note ("• = zu geringe Fallzahl oder zum Schutz anderer
Werte gesperrt"). PNG (print quality), SVG and PDF through ``publish.render.kaleido``.

(About 450 lines: the layout arithmetic of header, footer and legend needs its estimates of label
extents together.)
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import textwrap
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from publish import figures
from publish import formatting as fmt
from publish.read import ReadModel
from publish.render.kaleido import FORMATS, HEIGHT, PNG_SCALE, RENDERER, WIDTH, render_figure

__all__ = ["PNG_SCALE", "RENDERER", "SUPPRESSION_NOTE", "Chart", "chart_for", "decorate", "render"]
from publish.text import SUPPRESSION_NOTE
from publish.views.registry import figure_of, gather, unit_line
from publish.views.request import ExportError, ExportRequest, View

FOOTER_LINE_PX = 17
MUTED = "#4b5563"
INDENT = 14  # px from the image's left edge to header and footer


# --- title, unit, source and date inside the image --------------------------------------------


def render(
    fig: go.Figure,
    fmt: str,
    *,
    title: str,
    unit: str,
    source: str,
    data_date: dt.date | dt.datetime | str,
    suppression_note: bool | str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
    scale: float | None = None,
) -> bytes:
    """The figure as an image with its title, unit, source line, data date and (when cells are
    withheld) the suppression note inside it.

    ``suppression_note``: None detects "•" in the figure; True adds the standard note, a text
    adds that text, False none. ``scale`` multiplies the pixels of a PNG (default 2: print
    quality); SVG and PDF are vector."""
    decorated = decorate(
        fig,
        title=title,
        unit=unit,
        source=source,
        data_date=data_date,
        suppression_note=suppression_note,
        width=width,
        height=height,
    )
    return render_figure(decorated, fmt, width=width, height=height, scale=scale)


def decorate(
    fig: go.Figure,
    *,
    title: str,
    unit: str,
    source: str,
    data_date: dt.date | dt.datetime | str,
    suppression_note: bool | str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> go.Figure:
    """A copy of ``fig`` sized ``width`` x ``height`` with header and footer (pure)."""
    out = go.Figure(fig)
    note = _note(out, suppression_note)
    date_text = data_date if isinstance(data_date, str) else fmt.date(data_date)
    # Annotations are placed against the plot area (paper), which automargin may move. The
    # left margin is therefore set to at least the estimated width of the bar labels: the
    # plot area then starts at exactly that margin, or further right where the labels need
    # more, and header and footer shifted left by the margin start at the image's left edge
    # or just right of it, never outside.
    margin = out.layout.margin
    left = max(margin.l if margin.l is not None else 10, _left_extent(out), INDENT)
    shift = -(left - INDENT)
    room = max(320, width - INDENT - 16)
    title_lines = _wrap(title, room / (19 * 0.6), 24)
    unit_lines = _wrap(unit, room / (14 * 0.55), 30) if unit else []
    footer_text = f"{source} · Datenstand: {date_text}"
    lines = _wrap(footer_text, room / (12 * 0.55), 40)
    if note:
        lines.append(note)
    header = int(19 * 1.3 * (len(title_lines) + len(unit_lines))) + 14
    footer = 10 + FOOTER_LINE_PX * len(lines)
    right = margin.r if margin.r is not None else 20
    above = 26 if _has_top_labels(out) else 10
    top = header + above
    bottom_guess = _bottom_extent(out, width, height - top - 60)
    legend_rows = _move_bottom_legend(out, width, height, top, bottom_guess, footer)
    bottom = bottom_guess + legend_rows * 22 + footer + 6
    out.update_layout(
        width=width,
        height=height,
        autosize=False,
        margin=dict(l=left, r=max(right, 16), t=top, b=bottom),
        title=None,
    )
    heading = "<br>".join(f"<b>{_escape(t)}</b>" for t in title_lines)
    if unit_lines:
        heading += "<br>" + "<br>".join(
            f"<span style='font-size:14px;color:{MUTED}'>{_escape(u)}</span>" for u in unit_lines
        )
    out.add_annotation(
        text=heading,
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        xanchor="left",
        yanchor="bottom",
        xshift=shift,
        yshift=above,
        align="left",
        showarrow=False,
        font=dict(size=19, color=figures.TEXT),
    )
    out.add_annotation(
        text="<br>".join(_escape(line) for line in lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        xshift=shift,
        yshift=-(bottom - footer),
        align="left",
        showarrow=False,
        font=dict(size=12, color=MUTED),
    )
    return out


def _wrap(text: str, chars: float, least: int) -> list[str]:
    """Lines of at most ``chars`` characters, broken at blanks only (never inside
    "KOMPIK-Abdeckung")."""
    width = max(least, int(chars))
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False) or [""]


def _note(fig: go.Figure, wanted: bool | str | None) -> str | None:
    if isinstance(wanted, str):
        note = wanted
    else:
        if wanted is None:
            wanted = shows_suppressed(fig)
        note = SUPPRESSION_NOTE if wanted else None
    if _shows(fig, fmt.IMPLAUSIBLE):
        flag = f"{fmt.IMPLAUSIBLE} {fmt.IMPLAUSIBLE_NOTE}"
        note = f"{note}; {flag}" if note else flag
    return note


def shows_suppressed(fig: go.Figure) -> bool:
    """True when "•" appears in a trace's text or an annotation of the figure."""
    return _shows(fig, fmt.SUPPRESSED)


def _shows(fig: go.Figure, symbol: str) -> bool:
    """True when ``symbol`` appears in a trace's text or an annotation of the figure."""
    for trace in fig.data:
        for name in ("text", "texttemplate"):
            value = getattr(trace, name, None)
            if value is not None and symbol in str(value):
                return True
    return any(symbol in str(a.text or "") for a in fig.layout.annotations or ())


def _escape(text: str) -> str:
    """Names from deliveries are text, not plotly's HTML subset (no links, no tags)."""
    return html.escape(str(text), quote=False)


def _has_top_labels(fig: go.Figure) -> bool:
    """Annotations above the plot (the city's value, subplot titles) need room below the
    header."""
    return any(
        a.yref == "paper"
        and a.y is not None
        and a.y >= 0.98
        and (a.yanchor in (None, "auto", "bottom"))
        for a in fig.layout.annotations or ()
    )


def _bottom_axes(fig: go.Figure) -> list[Any]:
    """The visible x axes at the bottom of the plot area (their ticks hang below it)."""
    layout = fig.layout
    found = []
    names = {"xaxis"} | {k for k in layout.to_plotly_json() if re.fullmatch(r"xaxis\d*", k)}
    for name in sorted(names):
        axis = layout[name]
        if axis is None or axis.visible is False:
            continue
        anchor = axis.anchor if axis.anchor not in (None, "free") else "y"
        y_axis = layout["yaxis" + anchor[1:]] if anchor.startswith("y") else None
        domain = y_axis.domain if y_axis is not None and y_axis.domain else (0, 1)
        if domain[0] <= 0.02:
            found.append((name, axis))
    return found


def _bottom_extent(fig: go.Figure, width: int, plot_height: int) -> int:
    """Pixels the bottom axes' tick labels and titles take below the plot area (estimated
    from the labels; exported charts come from known builders, this keeps generic figures
    readable too)."""
    extent = 0
    for name, axis in _bottom_axes(fig):
        size = (axis.tickfont.size if axis.tickfont and axis.tickfont.size else None) or 13
        labels = _category_labels(fig, name, axis)
        need = size * 1.35 + 10
        if labels:
            longest = max(len(_plain(label)) for label in labels) * size * 0.55
            angle = axis.tickangle
            if not isinstance(angle, int | float):
                total = sum(len(_plain(label)) * size * 0.55 + 10 for label in labels)
                angle = 30 if total > width * 0.8 else 0
            radians = math.radians(abs(angle))
            need = longest * math.sin(radians) + size * math.cos(radians) + 6
        title = axis.title.text if axis.title else None
        if title:
            need += 14 * 1.4 + 18
        extent = max(extent, need)
    return math.ceil(extent)


def _left_extent(fig: go.Figure) -> int:
    """Pixels the category labels of horizontal bars take left of the plot area (estimated)."""
    labels = [
        str(v)
        for trace in fig.data
        if getattr(trace, "orientation", None) == "h" and getattr(trace, "y", None) is not None
        for v in trace.y
        if isinstance(v, str)
    ]
    if not labels:
        return 0
    return int(max(len(_plain(label)) for label in labels) * 13 * 0.6) + 16


def _category_labels(fig: go.Figure, name: str, axis: Any) -> list[str]:
    if axis.ticktext:
        return [str(t) for t in axis.ticktext]
    if axis.categoryarray:
        return [str(c) for c in axis.categoryarray]
    if axis.type not in (None, "-", "category"):
        return []
    suffix = name[len("xaxis") :]
    ref = "x" + suffix
    labels = []
    for trace in fig.data:
        if getattr(trace, "orientation", None) == "h":
            continue
        if (getattr(trace, "xaxis", None) or "x") != ref:
            continue
        values = getattr(trace, "x", None)
        if values is None:
            continue
        labels += [str(v) for v in values if isinstance(v, str)]
    return labels


def _plain(label: str) -> str:
    return label.replace("<b>", "").replace("</b>", "").split("<br>")[0]


def _move_bottom_legend(
    fig: go.Figure, width: int, height: int, top: int, ticks: int, footer: int
) -> int:
    """A legend below the plot goes right under the tick labels; returns its rows."""
    layout = fig.layout
    if not layout.showlegend or layout.legend is None:
        return 0
    legend = layout.legend
    at_bottom = legend.yref == "container" and legend.y == 0  # the colour classes' legend
    if legend.orientation != "h" or not (at_bottom or (legend.y is not None and legend.y < 0)):
        return 0
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    size = 13
    lines = [name.split("<br>") for name in names]  # an entry may have several lines
    entries = [40 + max(len(part) for part in parts) * size * 0.6 for parts in lines]
    rows = 1
    if sum(entries) > width - 40:  # plotly.js then sets the entries in columns of the widest
        rows = math.ceil(len(entries) / max(1, int((width - 40) // max(entries))))
    rows *= max((len(parts) for parts in lines), default=1)
    if legend.title.text and str(legend.title.side or "").startswith("top"):
        rows += legend.title.text.count("<br>") + 1  # the title above the entries
    if at_bottom:  # just above the footer; the margin below the plot makes the room
        legend.y = (footer + 6) / height
        legend.yanchor = "bottom"
        return rows
    plot_height = height - top - (ticks + rows * 22 + footer + 6)
    legend.y = -(ticks + 4) / max(plot_height, 1)
    legend.yanchor = "top"
    return rows


# --- figures from requests --------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A figure for export with what goes inside the image."""

    figure: go.Figure
    title: str
    unit: str
    source: str
    data_date: dt.date
    suppressed: bool
    stem: str
    width: int = WIDTH
    height: int = HEIGHT

    def render(self, fmt: str, *, width: int | None = None, height: int | None = None, scale=None):
        return render(
            self.figure,
            fmt,
            title=self.title,
            unit=self.unit,
            source=self.source,
            data_date=self.data_date,
            suppression_note=self.suppressed,
            width=width or self.width,
            height=height or self.height,
            scale=scale,
        )


def chart_for(data: ReadModel, request: ExportRequest) -> Chart:
    """The figure of a requested view, built as the app builds it (the view registry)."""
    view = gather(data, request)
    return chart_from_view(view)


def chart_from_view(view: View) -> Chart:
    figure, height = figure_of(view)
    return Chart(
        figure=figure,
        title=view.title,
        unit=unit_line(view),
        source=view.source,
        data_date=view.data_date,
        suppressed=view.suppressed,
        stem=view.stem,
        height=height,
    )


def export_chart(
    data: ReadModel,
    request: ExportRequest,
    fmt: str = "png",
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float | None = None,
) -> tuple[bytes, str, str]:
    """(image bytes, file name, media type) of a requested view: the one call of the app's
    download route and of the CLI."""
    if fmt not in FORMATS:
        raise ExportError(f"Unbekanntes Bildformat {fmt!r}; möglich: png, svg, pdf.")
    chart = chart_for(data, request)
    content = chart.render(fmt, width=width, height=height, scale=scale)
    return content, f"{chart.stem}.{fmt}", FORMATS[fmt]


# --- a small cache of rendered images ---------------------------------------------------------


class ImageCache:
    """Rendered images by key (bounded): the meeting pack renders each chart once and the PDF
    after the PPTX reuses them; the key carries the data version, so a new build renders anew."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple, value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


IMAGES = ImageCache()
