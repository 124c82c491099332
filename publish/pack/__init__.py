"""The meeting pack of the Lenkungskreis: the goals of a period as PPTX or PDF.

Slides (``deck.build_deck``, the one list that the app's Präsentation renders too): a title
slide (period, date, data date, "Synthetische Beispieldaten" when the database holds the
samples), an overview of the goals, per goal a goal slide (statement, measures in brief with
their departments, the chart of measures by department, the conference feedback in brief, keep
and adapt) and one slide per key indicator (up to two; by Ortsteil, else Stadtbezirk, in the
latest year with the city's value) or a slide naming the missing data, and a closing slide on
methods and confidentiality with the thresholds of ``indicators.registry.LIMITS``.

What goes on the slides (:func:`pack_content`, then :func:`build_deck`) is separate from how it is
laid out (``layout``) and written (``slides.pptx``, ``slides.pdf``). Every chart is an export of
``publish.render.images`` (title, unit, source, data date and suppression note inside the
image), rendered once per data version and reused, so the PDF after the PPTX costs no rendering.
"""

from __future__ import annotations

import datetime as dt

from publish.pack.content import PACK_TITLE, PackContent, Progress, pack_content
from publish.pack.deck import DeckSlide, build_deck, dash
from publish.pack.layout import build_slides
from publish.read import ReadModel
from publish.text import PUBLISHER
from publish.views.request import ExportError

__all__ = [
    "PACK_TITLE",
    "DeckSlide",
    "PackContent",
    "build_deck",
    "build_pack",
    "build_slides",
    "pack_content",
    "pack_filename",
]


def build_pack(
    data: ReadModel,
    period: str | None = None,
    fmt: str = "pptx",
    goals: list[str] | None = None,
    unit: str | None = None,
    progress: Progress | None = None,
    *,
    level: str = "ortsteil",
    meeting_date: dt.date | None = None,
) -> bytes:
    """The meeting pack as PPTX or PDF bytes.

    ``data``: the read model of the caller (the app's, or one the command line opened on its
    engine); ``period``: default the latest in the database; ``goals``: goal keys (default:
    all of the period, in their order); ``unit``: a unit key such as "ortsteil:11" whose bars
    are highlighted (its level is then the level of the key indicators; otherwise ``level``);
    ``progress(done, total, goal title)`` is called after each goal."""
    if fmt not in ("pptx", "pdf"):
        raise ExportError(f"Unbekanntes Format {fmt!r}; möglich: pptx, pdf.")
    content = pack_content(data, period, goals, unit, level=level, meeting_date=meeting_date)
    pages = build_slides(data, content, progress)
    meta = {
        "title": f"{PACK_TITLE} – Handlungsziele {dash(content.period)}",
        "author": PUBLISHER,
        "subject": "Sitzungsunterlage"
        + (" (synthetische Beispieldaten)" if content.synthetic else ""),
    }
    if fmt == "pptx":
        from publish.render.slides import pptx

        return pptx.write(pages, **meta)
    from publish.render.slides import pdf

    return pdf.write(pages, **meta)


def pack_filename(period: str, fmt: str, when: dt.date | None = None) -> str:
    when = when or dt.date.today()
    return f"lenkungskreis_{period}_{when:%Y-%m-%d}.{fmt}"
