"""Slides (``slides``) as a PDF with reportlab: one 16:9 page per slide, the same boxes, the
same fitted font sizes and line breaks as the PPTX, fonts embedded.

Charts are embedded as the PNGs rendered for the PPTX (scale 2.5, about 240 dpi at their size
on the page). A vector route (kaleido's PDF or SVG of each chart placed as a form) would need
svglib or pdfrw, which are not dependencies of the project (pypdf is a test dependency only);
the PNGs are rendered once and shared by both formats, which keeps the full pack within its
time budget, and they print sharply on A4 and on a projector.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from publish.render.slides import model as sl

PT = 72.0  # points per inch


def write(pages: list[sl.Slide], *, title: str, author: str, subject: str = "") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=(sl.WIDTH * PT, sl.HEIGHT * PT), pageCompression=1, lang="de-DE"
    )
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator("Bildungsmonitor Herne")
    fonts = sl.fonts()
    for page in pages:
        for shape in page.shapes:
            if isinstance(shape, sl.Rect):
                _rect(canvas, shape.x, shape.y, shape.w, shape.h, shape.fill)
            elif isinstance(shape, sl.TextBox):
                _text(canvas, shape, fonts)
            elif isinstance(shape, sl.Image):
                canvas.drawImage(
                    ImageReader(io.BytesIO(shape.png)),
                    shape.x * PT,
                    (sl.HEIGHT - shape.y - shape.h) * PT,
                    shape.w * PT,
                    shape.h * PT,
                )
            elif isinstance(shape, sl.Table):
                _table(canvas, shape, fonts)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rect(canvas: Canvas, x: float, y: float, w: float, h: float, fill: str) -> None:
    canvas.setFillColor(HexColor(fill))
    canvas.rect(x * PT, (sl.HEIGHT - y - h) * PT, w * PT, h * PT, stroke=0, fill=1)


def _text(canvas: Canvas, box: sl.TextBox, fonts: sl.Fonts) -> None:
    if box.fill:
        _rect(canvas, box.x, box.y, box.w, box.h, box.fill)
    total = 0.0
    for index, (para, lines) in enumerate(zip(box.paras, box.lines, strict=True)):
        size = box.size * para.scale
        total += (para.space_before * size if index else 0) + len(lines) * size * sl.LINE
    top = (sl.HEIGHT - box.y - box.pad) * PT
    if box.valign == "middle":
        top -= max(0.0, ((box.h - 2 * box.pad) * PT - total) / 2)
    left = (box.x + box.pad) * PT
    inner = (box.w - 2 * box.pad) * PT
    y = top
    for index, (para, lines) in enumerate(zip(box.paras, box.lines, strict=True)):
        size = box.size * para.scale
        if index:
            y -= para.space_before * size
        font = fonts.name(para.bold, para.italic)
        canvas.setFillColor(HexColor(para.color))
        indent = sl.BULLET_INDENT * PT if para.bullet else 0.0
        for number, line in enumerate(lines):
            baseline = y - size * sl.LINE * 0.82  # ascent of Arial-like fonts in the line
            canvas.setFont(font, size)
            if para.bullet and number == 0:
                canvas.drawString(left, baseline, "•")
            if box.align == "center":
                canvas.drawCentredString(left + indent + (inner - indent) / 2, baseline, line)
            elif box.align == "right":
                canvas.drawRightString(left + inner, baseline, line)
            else:
                canvas.drawString(left + indent, baseline, line)
            y -= size * sl.LINE


def _table(canvas: Canvas, table: sl.Table, fonts: sl.Fonts) -> None:
    y = table.y
    for r, (row, height) in enumerate(
        zip([table.columns, *table.rows], table.row_heights, strict=True)
    ):
        fill = sl.ACCENT if r == 0 else (sl.LIGHT if r % 2 == 0 else "#ffffff")
        _rect(canvas, table.x, y, table.w, height, fill)
        x = table.x
        bold = r == 0
        canvas.setFillColor(HexColor("#ffffff" if r == 0 else sl.TEXT))
        canvas.setFont(fonts.name(bold), table.size)
        for text, share, align in zip(row, table.widths, table.align, strict=True):
            width = table.w * share
            lines = sl.wrap(text, width - 0.16, table.size, bold)
            block = len(lines) * table.size * sl.LINE / PT
            line_y = y + (height - block) / 2
            for line in lines:
                baseline = (sl.HEIGHT - line_y) * PT - table.size * 0.95
                if align == "right":
                    canvas.drawRightString((x + width - 0.08) * PT, baseline, line)
                else:
                    canvas.drawString((x + 0.08) * PT, baseline, line)
                line_y += table.size * sl.LINE / PT
            x += width
        y += height
