"""Slides (``slides``) as a PowerPoint file with python-pptx: 16:9, text in real text boxes
(editable, searchable, read by screen readers), charts as pictures with alternative text."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from publish.render.slides import model as sl

_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
BLANK_LAYOUT = 6


def write(pages: list[sl.Slide], *, title: str, author: str, subject: str = "") -> bytes:
    deck = Presentation()
    deck.slide_width = Inches(sl.WIDTH)
    deck.slide_height = Inches(sl.HEIGHT)
    deck.core_properties.title = title
    deck.core_properties.author = author
    deck.core_properties.subject = subject
    deck.core_properties.language = "de-DE"
    layout = deck.slide_layouts[BLANK_LAYOUT]
    for page in pages:
        slide = deck.slides.add_slide(layout)
        for shape in page.shapes:
            if isinstance(shape, sl.Rect):
                _rect(slide, shape)
            elif isinstance(shape, sl.TextBox):
                _text(slide, shape)
            elif isinstance(shape, sl.Image):
                _image(slide, shape)
            elif isinstance(shape, sl.Table):
                _table(slide, shape)
        if page.notes:
            slide.notes_slide.notes_text_frame.text = page.notes
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _colour(value: str) -> RGBColor:
    return RGBColor(*sl.rgb(value))


def _rect(slide, rect: sl.Rect) -> None:
    shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Inches(rect.x), Inches(rect.y), Inches(rect.w), Inches(rect.h)
    )
    shape.fill.solid()
    shape.fill.fore_color.rgb = _colour(rect.fill)
    shape.line.fill.background()
    shape.shadow.inherit = False
    style = shape._element.find(qn("p:style"))  # the theme's shadow (LibreOffice shows it)
    if style is not None:
        shape._element.remove(style)


def _text(slide, box: sl.TextBox) -> None:
    shape = slide.shapes.add_textbox(Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h))
    if box.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _colour(box.fill)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    pad = Inches(box.pad)
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = pad
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE if box.valign == "middle" else MSO_ANCHOR.TOP
    for index, para in enumerate(box.paras):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        size = box.size * para.scale
        paragraph.alignment = _ALIGN[box.align]
        paragraph.line_spacing = Pt(size * sl.LINE)
        paragraph.space_before = Pt(para.space_before * size if index else 0)
        run = paragraph.add_run()
        run.text = para.text
        font = run.font
        font.name = sl.PPTX_FONT
        font.size = Pt(size)
        font.bold = para.bold
        font.italic = para.italic
        font.color.rgb = _colour(para.color)
        if para.bullet:
            _bullet(paragraph, para.color)


def _bullet(paragraph, colour: str) -> None:
    """A hanging "•" (python-pptx has no API for bullets in a plain text box)."""
    p_pr = paragraph._p.get_or_add_pPr()
    indent = Emu(Inches(sl.BULLET_INDENT))
    p_pr.set("marL", str(indent))
    p_pr.set("indent", str(-indent))
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buClr", "a:buFont"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    clr = _element(p_pr, "a:buClr")
    _element(clr, "a:srgbClr", val=colour.lstrip("#").upper())
    _element(p_pr, "a:buFont", typeface=sl.PPTX_FONT)
    _element(p_pr, "a:buChar", char="•")


def _element(parent, tag: str, **attributes: str):
    child = OxmlElement(tag)
    for name, value in attributes.items():
        child.set(name, value)
    parent.append(child)
    return child


def _image(slide, image: sl.Image) -> None:
    picture = slide.shapes.add_picture(
        io.BytesIO(image.png), Inches(image.x), Inches(image.y), Inches(image.w), Inches(image.h)
    )
    if image.description:
        picture._element.nvPicPr.cNvPr.set("descr", image.description)


def _table(slide, table: sl.Table) -> None:
    rows, cols = len(table.rows) + 1, len(table.columns)
    height = sum(table.row_heights)
    frame = slide.shapes.add_table(
        rows, cols, Inches(table.x), Inches(table.y), Inches(table.w), Inches(height)
    )
    grid = frame.table
    for index, share in enumerate(table.widths):
        grid.columns[index].width = Inches(table.w * share)
    for index, row_height in enumerate(table.row_heights):
        grid.rows[index].height = Inches(row_height)
    for r, row in enumerate([table.columns, *table.rows]):
        for c, text in enumerate(row):
            cell = grid.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(0.08)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = _colour(
                sl.ACCENT if r == 0 else (sl.LIGHT if r % 2 == 0 else "#ffffff")
            )
            frame_ = cell.text_frame
            frame_.word_wrap = True
            paragraph = frame_.paragraphs[0]
            paragraph.alignment = _ALIGN[table.align[c]]
            run = paragraph.add_run()
            run.text = text
            run.font.name = sl.PPTX_FONT
            run.font.size = Pt(table.size)
            run.font.bold = r == 0
            run.font.color.rgb = _colour("#ffffff" if r == 0 else sl.TEXT)
