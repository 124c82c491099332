"""Colours of the heat map "Stadtteile im Überblick": five diverging classes from orange
(less favourable than the city) over grey (as the city) to blue (more favourable), the
colour-blind-safe pair of Okabe-Ito's orange and blue as ColorBrewer's PuOr/RdBu shade them.
Every cell also carries its signed number, so no class is told by colour alone; text colours
keep at least 4.5:1 contrast on their fill.
"""

from __future__ import annotations

from dataclasses import dataclass

from publish import formatting as fmt
from publish.figures.style import MISSING_FILL, SUPPRESSED_FILL, TEXT


@dataclass(frozen=True)
class Tone:
    fill: str
    text: str
    label: str  # the legend's words


# tone -2 … 2: sign = direction (negative: less favourable), 2 = at least half as far from the
# city as the farthest unit of the column (the column's scale, since columns differ in unit).
TONES = {
    -2: Tone("#b35806", "#ffffff", "deutlich ungünstiger"),
    -1: Tone("#fdb863", TEXT, "ungünstiger"),
    0: Tone("#f0f0f0", TEXT, "wie Herne"),
    1: Tone("#92c5de", TEXT, "günstiger"),
    2: Tone("#2166ac", "#ffffff", "deutlich günstiger"),
}
SUPPRESSED_TONE = Tone(SUPPRESSED_FILL, TEXT, f"{fmt.SUPPRESSED} gesperrt")
MISSING_TONE = Tone(MISSING_FILL, TEXT, f"{fmt.MISSING} {fmt.MISSING_MEANING}")
STRONG = 0.5  # share of the column's largest deviation from which a cell is "deutlich"


def tone(value: float | None, extent: float) -> int | None:
    """The class of a published, rounded deviation (favourable positive) in a column whose
    largest absolute deviation is ``extent``; None for a cell without a number."""
    if value is None:
        return None
    if value == 0:
        return 0
    sign = 1 if value > 0 else -1
    return sign * (2 if extent and abs(value) >= STRONG * extent else 1)


def colours(level: int | None, suppressed: bool = False) -> Tone:
    """Fill and text colour of a cell (``level`` from :func:`tone`)."""
    if level is None:
        return SUPPRESSED_TONE if suppressed else MISSING_TONE
    return TONES[level]


def legend() -> list[Tone]:
    """The legend from unfavourable to favourable, then "•" and "–"."""
    return [TONES[k] for k in sorted(TONES)] + [SUPPRESSED_TONE, MISSING_TONE]
