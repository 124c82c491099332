"""The slides of the Lenkungskreis as one list (:func:`build_deck`): kind, title, texts and chart of
every slide, in order. The meeting pack (``publish.pack.layout``: PPTX and PDF) and the app's
Präsentation (``dashboard/pages/praesentation.py``) both render this list and nothing else, so
the projector and the printed pack show the same slides in the same order with the same titles
and the same (shortened) texts; only the placing differs.

Sequence: title, overview of the goals, per goal a goal slide (statement, measures in brief with
their departments, the chart of measures by department, the conference feedback in brief) and
one slide per key indicator (by Ortsteil, else Stadtbezirk, with the city's value as a dashed
line) or, without one, a slide naming the missing data; methods and confidentiality last.

Long lists are cut here, not by the renderers: at most :data:`MAX_MEASURES` measures and
:data:`MAX_FEEDBACK` feedback items per side, each shortened at a word, then "… und N weitere".
The full texts go to the speaker notes of the PPTX and stay on the Handlungsziel page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indicators.registry import BY_ID
from indicators.targets import ON_TRACK
from publish import formatting as fmt
from publish.pack.content import (
    ADAPT_HEADING,
    INFERRED_NOTE,
    KEEP_HEADING,
    NO_COMMENTS,
    PACK_TITLE,
    GoalContent,
    PackContent,
)
from publish.read import FeedbackItem, GoalDetail, MeasureRow
from publish.text import (
    CHANGE_MARK,
    CHANGE_NOTE,
    CONFIDENTIALITY_TITLE,
    SYMBOL_LEGEND,
    confidentiality_rules,
)
from publish.views.kinds.departments import RECONSTRUCTED_NOTE, what_is_counted
from publish.views.request import ExportRequest

TITLE, OVERVIEW, GOAL, INDICATOR, NO_INDICATOR, METHODS = (
    "titel",
    "ueberblick",
    "ziel",
    "kennzahl",
    "ohne_kennzahl",
    "methodik",
)
MAX_MEASURES = 6  # a seventh is shown rather than "… und 1 weitere"
MEASURE_CHARS = 70
MAX_FEEDBACK = 3  # per side (keep, adapt)
FEEDBACK_CHARS = 130
OVERVIEW_COLUMNS = (
    "Nr.",
    "Handlungsziel",
    "Maßnahmen",
    "Arbeitsbereiche",
    "Kennzahlen",
    "Ziele auf Kurs",
    "Rückmeldungen beibehalten",
    "Rückmeldungen anpassen",
    "Folie",
)
NO_MEASURES = "Für dieses Handlungsziel sind keine Maßnahmen erfasst."
NO_LINK = "Diesem Handlungsziel ist noch kein Indikator des Bildungsmonitorings zugeordnet."
CHALLENGES_HEADING = "Genannte Schwierigkeiten und Herausforderungen:"


@dataclass(frozen=True)
class ShortList:
    """A list cut for a slide: the items shown, how many were left out, what to say if none."""

    heading: str
    items: tuple[str, ...]
    left_out: int = 0
    empty: str = ""

    @property
    def more(self) -> str | None:
        return f"… und {self.left_out} weitere" if self.left_out else None


@dataclass(frozen=True)
class DeckSlide:
    """One slide: ``kind`` says which fields it uses.

    title: title and overview: the title; goal: statement, ``lead`` (the goal's lineage),
    ``lists`` (measures, keep, adapt), ``footnotes``, ``chart`` (departments); indicator:
    ``chart`` (units), ``lines`` (definition, link, target); no indicator: ``lists`` (missing
    data, challenges); methods: ``lists`` (method, confidentiality), ``lines`` (closing words).
    """

    kind: str
    title: str
    goal: GoalContent | None = None
    chart: ExportRequest | None = None
    chart_title: str | None = None
    statement: str = ""
    lead: str = ""
    lines: tuple[str, ...] = ()
    lists: tuple[ShortList, ...] = ()
    footnotes: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    notes: str = ""  # speaker notes: the full texts


def dash(period: str) -> str:
    return period.replace("-", "–")


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word with "…"; sub-points ("- " at
    the start of a line) run on after "; "."""
    points = re.sub(r"([.:;!?])?\n- ", lambda m: f"{m.group(1)} " if m.group(1) else "; ", text)
    flat = " ".join(points.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + " …"


def shown(total: int, most: int) -> int:
    """How many of ``total`` items a slide shows: all up to ``most`` + 1 (one more rather than
    "… und 1 weitere"), else ``most``."""
    return total if total <= most + 1 else most


def short_list(heading: str, texts: list[str], most: int, chars: int, empty: str = "") -> ShortList:
    """Up to ``most`` texts, each shortened to ``chars``."""
    count = shown(len(texts), most)
    return ShortList(
        heading, tuple(shorten(t, chars) for t in texts[:count]), len(texts) - count, empty
    )


def build_deck(content: PackContent) -> list[DeckSlide]:
    """The slides of the Lenkungskreis for ``content`` (see the module's docstring)."""
    goal_slides: list[list[DeckSlide]] = [
        _goal_slides(goal, content.source) for goal in content.goals
    ]
    first = 3  # title and overview come first
    numbers = []
    for slides in goal_slides:
        numbers.append(first)
        first += len(slides)
    slides = [_title(content), _overview(content, numbers)]
    for group in goal_slides:
        slides += group
    slides.append(_methods(content))
    return slides


# --- the kinds of slides ----------------------------------------------------------------------


def _title(content: PackContent) -> DeckSlide:
    lines = [
        f"Handlungsziele {dash(content.period)} des Leitbilds „Lernen! in Herne“",
        "Maßnahmen, Kennzahlen und Rückmeldungen der Bildungskonferenz",
        f"Sitzungsunterlage vom {fmt.date(content.meeting_date)} · Datenstand "
        f"{fmt.date(content.data_date)}",
    ]
    if content.unit_label:
        lines.append(f"Hervorgehoben: {content.unit_label} (▶ in den Diagrammen)")
    return DeckSlide(TITLE, PACK_TITLE, lines=tuple(lines))


def _overview(content: PackContent, numbers: list[int]) -> DeckSlide:
    rows = []
    for goal, number in zip(content.goals, numbers, strict=True):
        detail = goal.detail
        rows.append(
            (
                str(detail.number),
                detail.title,
                fmt.integer(len(detail.measures)),
                fmt.integer(len({m.department for m in detail.measures})),
                fmt.integer(len(goal.indicators)),
                target_summary(goal),
                fmt.integer(len(detail.supporting_keep)),
                fmt.integer(len(detail.adapt)),
                str(number),
            )
        )
    return DeckSlide(
        OVERVIEW,
        f"Die Handlungsziele {dash(content.period)} im Überblick",
        columns=OVERVIEW_COLUMNS,
        rows=tuple(rows),
    )


def _goal_slides(goal: GoalContent, source: str | None) -> list[DeckSlide]:
    detail = goal.detail
    found = [_goal(goal, source)]
    statuses = {status.indicator: status for status in goal.statuses}
    for request in goal.indicators:
        indicator = BY_ID[request.indicator]
        status = statuses.get(indicator.id)
        lines = [indicator.definition]
        if reason := detail.reason(indicator.id):
            lines.append(f"Bezug zum Handlungsziel: {reason}")
        if status:
            lines.append(f"{status.target}; Stand {status.current}: {status.status}")
        found.append(
            DeckSlide(
                INDICATOR,
                f"Handlungsziel {detail.number} {detail.title} – {indicator.title}",
                goal=goal,
                chart=request,
                chart_title=f"{indicator.title} – Ziel: {status.status}"
                if status
                else indicator.title,
                lines=tuple(lines),
                notes=f"{indicator.title}: {indicator.definition}",
            )
        )
    if not goal.indicators:
        lists = [ShortList(NO_LINK, tuple(detail.gap_texts()))]
        if detail.challenges:
            lists.append(ShortList(CHALLENGES_HEADING, tuple(t for t, _ in detail.challenges)))
        found.append(
            DeckSlide(
                NO_INDICATOR,
                f"Handlungsziel {detail.number} {detail.title} – noch ohne Kennzahl",
                goal=goal,
                lists=tuple(lists),
            )
        )
    return found


def _goal(goal: GoalContent, source: str | None) -> DeckSlide:
    detail = goal.detail
    count = shown(len(detail.measures), MAX_MEASURES)
    measures = ShortList(  # the title shortened, the department whole
        f"Maßnahmen und Projekte ({fmt.integer(len(detail.measures))})",
        tuple(measure_line(m, MEASURE_CHARS) for m in detail.measures[:count]),
        len(detail.measures) - count,
        NO_MEASURES,
    )
    keep = short_list(
        KEEP_HEADING, [feedback_text(i) for i in detail.keep], MAX_FEEDBACK, FEEDBACK_CHARS,
        NO_COMMENTS,
    )  # fmt: skip
    adapt = short_list(
        ADAPT_HEADING, [feedback_text(i) for i in detail.adapt], MAX_FEEDBACK, FEEDBACK_CHARS,
        NO_COMMENTS,
    )  # fmt: skip
    footnotes = []
    if any(m.inferred for m in detail.measures):
        footnotes.append(INFERRED_NOTE)
    if detail.reconstructed:
        footnotes.append(RECONSTRUCTED_NOTE)
    if any(item.requests_change for item in detail.keep):
        footnotes.append(f"{CHANGE_MARK} {CHANGE_NOTE}")
    return DeckSlide(
        GOAL,
        f"Handlungsziel {detail.number}: {detail.title}",
        goal=goal,
        chart=goal.departments,
        chart_title=f"{what_is_counted(detail)} nach Arbeitsbereichen",
        statement=detail.statement,
        lead=detail.lineage_text() or "",
        lists=(measures, keep, adapt),
        footnotes=tuple(footnotes),
        notes=goal_notes(goal, source),
    )


def _methods(content: PackContent) -> DeckSlide:
    method = ShortList(
        "Datengrundlage und Berechnung",
        (
            "Kennzahlen je Raumebene aus den Einzeldaten summiert, nicht aus der Ebene darunter "
            "gemittelt; Datensätze ohne Wohnort zählen nur stadtweit.",
            "KOMPIK und UWE nach Wohnort des Kindes, Elternbefragung nach Standort des "
            "Familienzentrums, Schulsozialarbeit nach Standort der Schule.",
            "Normgruppe 1–2 („unterstes Fünftel“) ist eine Konvention des Bildungsmonitorings, "
            "keine KOMPIK-Norm für Förderbedarf.",
            f"Maßnahmen, Arbeitsbereiche und Rückmeldungen: {content.citation}; "
            "mit * markierte Arbeitsbereiche sind aus dem Text erschlossen.",
            f"Kennzahlen im neuesten Jahr je Indikator; Datenstand {fmt.date(content.data_date)}. "
            "Definitionen, Quellen, Zeitreihen und Tabellen: Dashboard, Seite Indikatoren.",
        ),
    )
    secrecy = ShortList(
        CONFIDENTIALITY_TITLE, (*confidentiality_rules(), f"Zeichen: {SYMBOL_LEGEND}.")
    )
    closing = ("Alle Werte dieser Unterlage sind synthetische Beispieldaten.",)
    return DeckSlide(
        METHODS,
        "Methodik und Geheimhaltung",
        lists=(method, secrecy),
        lines=closing if content.synthetic else (),
    )


# --- texts ------------------------------------------------------------------------------------


def target_summary(goal: GoalContent) -> str:
    """ "1 von 2": linked indicators on course of those with a target ("–": no target)."""
    if not goal.statuses:
        return "–"
    on = sum(status.status == ON_TRACK for status in goal.statuses)
    return f"{on} von {len(goal.statuses)}"


def measure_line(measure: MeasureRow, limit: int | None = None) -> str:
    """ "Titel – Arbeitsbereich", with "*" where the department is inferred and "(Abfrage)"
    where the department named it in the Maßnahmen-Abfrage; the title cut at ``limit``."""
    mark = "*" if measure.inferred else " (Abfrage)" if measure.from_survey else ""
    title = shorten(measure.title, limit) if limit else measure.title
    return f"{title} – {measure.department}{mark}"


def feedback_text(item: FeedbackItem) -> str:
    return item.text + (f" {CHANGE_MARK}" if item.requests_change else "")


def goal_notes(goal: GoalContent, source: str | None = None) -> str:
    """Speaker notes of a goal slide: every measure with its description, every feedback item
    in full (with where it comes from), the challenges and every target with its status."""
    detail: GoalDetail = goal.detail
    lines = [f"Handlungsziel {detail.number}: {detail.title}", ""]
    for measure in detail.measures:
        lines.append(f"{measure.title} ({measure.department})")
        if measure.description:
            lines.append(measure.description)
        if measure.inferred and measure.evidence:
            lines.append(f"Zuordnung erschlossen: {measure.evidence}")
        lines.append("")
    lines.append(f"Rückmeldungen: {source}." if source else "Rückmeldungen:")
    for heading, items in ((KEEP_HEADING, detail.keep), (ADAPT_HEADING, detail.adapt)):
        lines.append(heading)
        lines += [f"- {feedback_text(item)}" for item in items] or [f"- {NO_COMMENTS}"]
        lines.append("")
    if detail.challenges:
        lines.append("Schwierigkeiten / Herausforderungen:")
        lines += [f"- {title}" for title, _ in detail.challenges]
        lines.append("")
    lines += [
        f"{s.indicator}: {s.target}; Stand {s.current}; {s.status} ({s.note})"
        for s in goal.statuses
    ]
    lines += detail.gap_texts()
    return "\n".join(lines).strip()
