"""Colours of the heat map "Stadtteile im Überblick": the five classes of the map's
"Abweichung von Herne" (``publish.figures.classes``: the same thresholds, e.g. 2 and 5 Pp., and
the same colour-blind-safe PuOr palette), so a colour means the same on every page. Every cell
also carries its signed number, so no class is told by colour alone; text colours keep at least
4.5:1 contrast on their fill.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.indicator import Indicator
from publish import formatting as fmt
from publish.figures.classes import DEVIATION, DIVERGING, classify
from publish.figures.style import MISSING_FILL, SUPPRESSED_FILL, TEXT


@dataclass(frozen=True)
class Tone:
    fill: str
    text: str
    label: str  # the legend's words


# tone -2 … 2: sign = direction (negative: less favourable); 2 = "deutlich" by the
# deviation classes' thresholds (``classes.STEPS``).
TONES = {
    -2: Tone(DIVERGING[0], "#000000", "deutlich ungünstiger"),
    -1: Tone(DIVERGING[1], TEXT, "ungünstiger"),
    0: Tone(DIVERGING[2], TEXT, "etwa wie Herne"),
    1: Tone(DIVERGING[3], TEXT, "günstiger"),
    2: Tone(DIVERGING[4], "#ffffff", "deutlich günstiger"),
}
SUPPRESSED_TONE = Tone(SUPPRESSED_FILL, TEXT, f"{fmt.SUPPRESSED} gesperrt")
MISSING_TONE = Tone(MISSING_FILL, TEXT, f"{fmt.MISSING} {fmt.MISSING_MEANING}")


def tone(indicator: Indicator, value: float, city: dict) -> int:
    """The class of a unit's published ``value`` against the city's cell (both published, the
    indicator with a favourable direction), as the map's deviation classes have it."""
    classes = classify(indicator, [value], city, DEVIATION)
    return classes.pick(float(value)) - 2  # bands run from unfavourable (0) to favourable (4)


def colours(level: int | None, suppressed: bool = False) -> Tone:
    """Fill and text colour of a cell (``level`` from :func:`tone`)."""
    if level is None:
        return SUPPRESSED_TONE if suppressed else MISSING_TONE
    return TONES[level]


def legend() -> list[Tone]:
    """The legend from unfavourable to favourable, then "•" and "–"."""
    return [TONES[k] for k in sorted(TONES)] + [SUPPRESSED_TONE, MISSING_TONE]
