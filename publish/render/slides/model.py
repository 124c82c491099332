"""Slides as data: boxes of text, images, tables and rectangles on a 16:9 page, laid out once
and written twice (``slides_pptx`` and ``slides_pdf``), so the PPTX and the PDF of the meeting
pack show the same content in the same places.

Text is fitted here, not by PowerPoint: every text box gets the largest font size (within its
bounds) at which its paragraphs, wrapped with the real font metrics, fit the box; what does not
fit even at the smallest size is cut with a line saying how much is left out. The metrics are
those of Liberation Sans, which has the widths of Arial, the font the PPTX names (PowerPoint
has Arial, LibreOffice substitutes Liberation Sans), so PowerPoint's own wrapping of the PPTX
matches the PDF; without Liberation Sans the wider DejaVu Sans measures, which errs on the safe
side.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 13.333, 7.5  # inches: 16:9
LINE = 1.2  # line height as a multiple of the font size
TEXT = "#212529"
MUTED = "#4b5563"
ACCENT = "#3b5b92"
LIGHT = "#eef2f7"
WARNING = "#fde7b0"
PPTX_FONT = "Arial"

_FONT_CANDIDATES = (
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf",
    ),
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
    ),
)


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str

    def name(self, bold: bool = False, italic: bool = False) -> str:
        return self.bold if bold else (self.italic if italic else self.regular)


_FONTS: Fonts | None = None


def fonts() -> Fonts:
    """The fonts registered with reportlab (measuring and the PDF): Liberation Sans, else
    DejaVu Sans, else reportlab's own Bitstream Vera (always there)."""
    global _FONTS
    if _FONTS is not None:
        return _FONTS
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts"
    candidates = [
        *_FONT_CANDIDATES,
        (str(vera / "Vera.ttf"), str(vera / "VeraBd.ttf"), str(vera / "VeraIt.ttf")),
    ]
    for regular, bold, italic in candidates:
        if all(Path(p).is_file() for p in (regular, bold, italic)):
            names = ("BimoSans", "BimoSans-Bold", "BimoSans-Italic")
            for name, path in zip(names, (regular, bold, italic), strict=True):
                pdfmetrics.registerFont(TTFont(name, path))
            _FONTS = Fonts(*names)
            return _FONTS
    raise RuntimeError("Keine Schrift für den PDF-Export gefunden.")  # pragma: no cover


# --- shapes -----------------------------------------------------------------------------------


@dataclass
class Para:
    """One paragraph: a single style, optionally a bullet point."""

    text: str
    bold: bool = False
    italic: bool = False
    bullet: bool = False
    color: str = TEXT
    scale: float = 1.0  # size relative to the box's fitted size (headings 1.1, notes 0.85)
    space_before: float = 0.3  # in multiples of the font size (not before the first one)


@dataclass
class TextBox:
    x: float
    y: float
    w: float
    h: float
    paras: list[Para]
    max_size: float = 16.0
    min_size: float = 9.0
    fill: str | None = None
    align: str = "left"  # left, center, right
    valign: str = "top"  # top, middle
    pad: float = 0.0  # inches inside the box
    # set by fit():
    size: float = 0.0
    lines: list[list[str]] = field(default_factory=list)


@dataclass
class Image:
    x: float
    y: float
    w: float
    h: float
    png: bytes
    description: str = ""  # alternative text


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass
class Table:
    x: float
    y: float
    w: float
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # fractions of w
    align: list[str]  # per column: left or right
    max_size: float = 13.0
    min_size: float = 8.0
    max_h: float = 5.0
    # set by fit():
    size: float = 0.0
    row_heights: list[float] = field(default_factory=list)


@dataclass
class Slide:
    shapes: list = field(default_factory=list)
    notes: str = ""

    def add(self, shape):
        if isinstance(shape, TextBox):
            fit(shape)
        elif isinstance(shape, Table):
            fit_table(shape)
        self.shapes.append(shape)
        return shape


# --- fitting text -----------------------------------------------------------------------------

BULLET_INDENT = 0.22  # inches
_SAFETY = 0.97  # measure against a slightly narrower box: PowerPoint must not wrap earlier


def width_of(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` in inches."""
    return pdfmetrics.stringWidth(text, fonts().name(bold, italic), size) / 72


def wrap(text: str, width: float, size: float, bold: bool = False, italic: bool = False):
    """Greedy word wrap to ``width`` inches; explicit line breaks kept, over-long words split."""
    lines: list[str] = []
    for raw in text.split("\n"):
        line = ""
        for word in raw.split(" "):
            candidate = f"{line} {word}" if line else word
            if width_of(candidate, size, bold, italic) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while width_of(word, size, bold, italic) > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and width_of(word[:cut], size, bold, italic) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _layout(box: TextBox, size: float, paras: list[Para]) -> tuple[float, list[list[str]]]:
    inner = (box.w - 2 * box.pad) * _SAFETY
    height = 0.0
    wrapped = []
    for index, para in enumerate(paras):
        own = size * para.scale
        width = inner - (BULLET_INDENT if para.bullet else 0)
        lines = wrap(para.text, width, own, para.bold, para.italic)
        wrapped.append(lines)
        if index:
            height += para.space_before * own / 72
        height += len(lines) * own * LINE / 72
    return height, wrapped


def needed_height(box: TextBox, size: float) -> float:
    """Inches the box's paragraphs need at ``size`` (padding included)."""
    return _layout(box, size, box.paras)[0] + 2 * box.pad


def fit(box: TextBox) -> TextBox:
    """Choose the largest size that fits (steps of 0.5 pt); cut paragraphs that do not fit at
    the smallest, saying how many were left out."""
    room = box.h - 2 * box.pad
    size = box.max_size
    while size >= box.min_size:
        height, wrapped = _layout(box, size, box.paras)
        if height <= room:
            box.size, box.lines = size, wrapped
            return box
        size -= 0.5
    size = box.min_size
    paras = list(box.paras)
    dropped = 0
    while len(paras) > 1:
        paras.pop()
        dropped += 1
        more = Para(
            f"… und {dropped} weitere (vollständig im Dashboard)",
            italic=True,
            color=MUTED,
            scale=0.9,
        )
        height, wrapped = _layout(box, size, [*paras, more])
        if height <= room:
            box.paras = [*paras, more]
            box.size, box.lines = size, wrapped
            return box
    height, wrapped = _layout(box, size, paras)
    box.paras, box.size, box.lines = paras, size, wrapped
    return box


def fit_table(table: Table) -> Table:
    """The largest size at which the wrapped rows fit ``max_h``; row heights follow."""
    size = table.max_size
    while True:
        heights = []
        split = False  # a word broken inside: smaller, unless at the minimum
        for row in [table.columns, *table.rows]:
            bold = row is table.columns
            lines = 1
            for text, share in zip(row, table.widths, strict=True):
                room = table.w * share - 0.16
                lines = max(lines, len(wrap(text, room, size, bold)))
                split |= any(width_of(word, size, bold) > room for word in text.split())
            heights.append(lines * size * LINE / 72 + 0.1)
        fits = sum(heights) <= table.max_h and not split
        if fits or size <= table.min_size:
            table.size, table.row_heights = size, heights
            return table
        size -= 0.5


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)
