"""Colour classes of maps and ranked bars: what a colour means, in words.

Three ways to class the published values of one indicator on one level, as statisticians draw
thematic maps (the page's ``klassen`` parameter):

- ``abweichung`` (default): the deviation of each unit from the city's own value, in five
  symmetric classes: "deutlich ungünstiger", "ungünstiger", "etwa wie Herne", "günstiger",
  "deutlich günstiger" (by the indicator's direction). The limits are fixed per unit of
  measurement, not derived from the spread of the values, so that a small spread stays "etwa wie
  Herne" instead of being stretched over the whole palette (four Stadtbezirke at 70,4-70,8 %
  and one at 63,7 % are four "etwa wie Herne" and one "deutlich ungünstiger", not four
  extremes): shares 2 and 5 percentage points, means of the 1-5 scales and grades 0,1 and 0,25
  points, an index 0,25 and 0,5, every other unit 10 % and 25 % of the city's value. They are
  thresholds of relevance, not of significance. Sums (posts, places) and dates have no
  comparable city value (the city's is their total or earliest date): they are classed by
  quantiles instead, and the legend says so.
- ``quantile``: classes with about equally many units (quintiles from 10 units, fewer classes
  for fewer units: half the units, at least two), labelled with the lowest and highest value in
  each class; a class that tied values leave empty is left out.
- ``intervalle``: classes of equal width between the lowest and the highest value (the same
  count of classes), every interval listed even when no unit falls into it.

Colours: ColorBrewer's PuOr (five classes, marked colour-blind safe by ColorBrewer; no red and
green) from orange (unfavourable) over a pale grey to purple (favourable); for indicators without
a direction ColorBrewer's sequential Blues (light = low, dark = high) and the words "niedriger"
and "höher". Only published values are classed: a withheld cell gets no class, no colour on the
scale and no number (the builders draw it grey with "•"), a missing one "–".
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from etl.vocabulary import DIRECTION_TITLES, HIGHER, LOWER
from indicators.indicator import Indicator
from publish import formatting as fmt

DEVIATION, QUANTILES, INTERVALS = "abweichung", "quantile", "intervalle"
MODES = {  # the choices of the page's "Farbklassen" (short: the select is narrow)
    DEVIATION: "Abweichung",
    QUANTILES: "Quantile",
    INTERVALS: "Gleiche Intervalle",
}
DEFAULT_MODE = DEVIATION

# ColorBrewer PuOr, 5 classes: unfavourable (orange) ... favourable (purple).
DIVERGING = ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99")
# ColorBrewer Blues, 5 classes: low ... high, for indicators without a favourable direction.
SEQUENTIAL = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")

# Deviation limits (near, clear) by unit key, in the unit itself; other units: percent of the
# city's value (RELATIVE).
STEPS: dict[str, tuple[float, float, str]] = {
    "percent": (2.0, 5.0, " Pp."),
    "mean_1_5": (0.1, 0.25, " Punkte"),
    "grade_1_6": (0.1, 0.25, " Notenstufen"),
    "z_index": (0.25, 0.5, ""),
}
RELATIVE = (10.0, 25.0, " %")

PARTS = {2: ("Hälfte", "Hälften"), 3: ("Drittel", "Terzile"), 4: ("Viertel", "Quartile")}
PARTS[5] = ("Fünftel", "Quintile")


@dataclass(frozen=True)
class Band:
    """One colour class: its legend words (with the limits), colour and the short words of a
    unit's hover text."""

    label: str
    colour: str
    words: str


@dataclass(frozen=True)
class Classes:
    """How the values of one figure are coloured. ``bands`` in legend order."""

    mode: str  # the classes drawn (a deviation without a comparable city value: quantiles)
    title: str  # the legend's title
    bands: tuple[Band, ...]
    pick: Callable[[float], int]  # a published value -> index into bands
    city: float | None = None  # the city's value the deviations are measured from

    def band(self, value: float | None) -> Band | None:
        if value is None or fmt.is_missing(value) or not self.bands:
            return None
        return self.bands[self.pick(float(value))]

    def colour(self, value: float | None) -> str | None:
        found = self.band(value)
        return found.colour if found else None

    def hover_line(self, indicator: Indicator, value: float | None) -> str:
        """The class of a published value for its hover text ("ungünstiger als Herne: +3,4 Pp.");
        never called for a withheld cell."""
        found = self.band(value)
        if found is None:
            return ""
        if self.mode == DEVIATION and self.city is not None:
            return f"{found.words}: {fmt.difference(indicator, float(value) - self.city)}"
        return f"Farbklasse: {found.label}"


def normalise_mode(mode: str | None) -> str:
    """The mode of a request ("" or None: the default); ValueError for an unknown one."""
    wanted = (mode or DEFAULT_MODE).strip().casefold()
    if wanted not in MODES:
        raise ValueError(f"Unbekannte Farbklassen {mode!r}; möglich: " + ", ".join(MODES) + ".")
    return wanted


def classify(
    indicator: Indicator, values: Sequence[float], city: dict | None, mode: str = DEFAULT_MODE
) -> Classes:
    """The colour classes of the published ``values`` (withheld and missing cells left out by
    the caller) for ``mode``; ``city`` is the city's cell (value, suppressed)."""
    mode = normalise_mode(mode)
    clean = sorted(float(v) for v in values if v is not None and not fmt.is_missing(v))
    if mode == DEVIATION:
        reference = _city_value(city)
        if indicator.unit.is_date:
            return _quantiles(indicator, clean, "Datumsangaben: kein Vergleich mit Herne")
        if not indicator.ratio:  # the city's value is the total of the units
            return _quantiles(indicator, clean, "Summen: kein Vergleich mit Herne")
        if reference is None:
            return _quantiles(indicator, clean, "Herne ohne veröffentlichten Wert")
        return _deviation(indicator, reference)
    if mode == QUANTILES:
        return _quantiles(indicator, clean)
    return _intervals(indicator, clean)


# --- deviation from the city --------------------------------------------------------------------


def _deviation(indicator: Indicator, city: float) -> Classes:
    near, clear, suffix = STEPS.get(indicator.unit.key, RELATIVE)
    relative = indicator.unit.key not in STEPS
    if relative and city == 0:  # no relative deviation from zero: the limits in the unit
        relative, suffix = False, indicator.unit.difference_suffix or ""
    decimals = 1 if relative else indicator.decimals

    def score(value: float) -> float:
        diff = value - city
        if relative:
            diff = diff / abs(city) * 100
        return _round(diff, decimals)

    def pick(value: float) -> int:
        s = score(value)
        step = 2 if abs(s) >= clear else (1 if abs(s) >= near else 0)
        return 2 + (step if s > 0 else -step)  # 0..4 from far below to far above

    near_text, clear_text = _limit(near), _limit(clear)
    below = (
        f"{clear_text}{suffix} und mehr darunter",
        f"{near_text} bis unter {clear_text}{suffix} darunter",
    )
    above = (
        f"{near_text} bis unter {clear_text}{suffix} darüber",
        f"{clear_text}{suffix} und mehr darüber",
    )
    middle = f"weniger als {near_text}{suffix} Abstand"
    limits = (*below, middle, *above)
    city_text = fmt.value(indicator, city)
    if indicator.direction in (HIGHER, LOWER):
        words = (
            "deutlich ungünstiger als Herne",
            "ungünstiger als Herne",
            "etwa wie Herne",
            "günstiger als Herne",
            "deutlich günstiger als Herne",
        )
        # Legend order: from unfavourable to favourable, whatever the direction.
        order = (0, 1, 2, 3, 4) if indicator.direction == HIGHER else (4, 3, 2, 1, 0)
        bands = tuple(
            Band(f"{words[rank]} ({limits[side]})", DIVERGING[rank], words[rank])
            for rank, side in enumerate(order)
        )

        def oriented(value: float) -> int:
            return order.index(pick(value))

        chooser = oriented
    else:
        words = (
            "deutlich niedriger als Herne",
            "niedriger als Herne",
            "etwa wie Herne",
            "höher als Herne",
            "deutlich höher als Herne",
        )
        bands = tuple(Band(f"{words[i]} ({limits[i]})", SEQUENTIAL[i], words[i]) for i in range(5))
        chooser = pick
    title = f"Abweichung von Herne ({city_text}) · {_direction(indicator)}"
    return Classes(DEVIATION, title, bands, chooser, city)


# --- quantiles and equal intervals ----------------------------------------------------------------


def class_count(units: int) -> int:
    """Classes for ``units`` published values: five from ten units, else half of them (at least
    two; one for a single value)."""
    if units <= 1:
        return units
    return max(2, min(5, units // 2))


def _quantiles(indicator: Indicator, values: list[float], note: str = "") -> Classes:
    k = class_count(len(values))
    if k == 0:
        return Classes(QUANTILES, _value_title(indicator, "Quantile", note), (), lambda _v: 0)
    # Right-closed classes as pandas.qcut: a value equal to a limit joins the lower class.
    limits = [_quantile(values, i / k) for i in range(1, k)]
    raw = [bisect.bisect_left(limits, v) for v in values]
    used = sorted(set(raw))  # ties can leave a class empty: it is left out, the others keep
    members = {c: [v for v, r in zip(values, raw, strict=True) if r == c] for c in used}
    colours = _colours(indicator, k)  # their number and colour
    part, name = PARTS.get(k, ("Klasse", "eine Klasse"))
    bands = []
    for c in used:
        label = f"{c + 1}. {part} ({_range(indicator, min(members[c]), max(members[c]))})"
        bands.append(Band(label, colours[c], label))
    title = _value_title(indicator, f"Quantile: {name}", note)

    def pick(value: float) -> int:
        raw_class = bisect.bisect_left(limits, value)
        return min(range(len(used)), key=lambda i: abs(used[i] - raw_class))

    return Classes(QUANTILES, title, _mark_ends(indicator, bands), pick)


def _intervals(indicator: Indicator, values: list[float]) -> Classes:
    k = class_count(len(values))
    title = _value_title(indicator, "Gleiche Intervalle")
    if k == 0:
        return Classes(INTERVALS, title, (), lambda _v: 0)
    low, high = values[0], values[-1]
    if high == low:
        k = 1
    width = (high - low) / k
    edges = [low + i * width for i in range(k)] + [high]
    decimals = indicator.decimals
    while decimals < 4 and len({fmt.number(e, decimals) for e in edges}) < len(edges):
        decimals += 1  # limits closer than the shown digits: one digit more
    colours = _colours(indicator, k)
    bands = []
    for i in range(k):
        start = _number(indicator, edges[i], decimals)
        end = _number(indicator, edges[i + 1], decimals) + _suffix(indicator)
        span = f"{start} bis {end}" if i == k - 1 else f"{start} bis unter {end}"
        label = f"{span}" if k > 1 else _range(indicator, low, high)
        bands.append(Band(label, colours[i], label))

    # Values and limits compared as they are written: a unit shown as "40,0 %" falls into
    # "40,0 bis 45,7 %", not below it.
    limits = [_round(e, decimals) for e in edges]

    def pick(value: float) -> int:
        return min(max(bisect.bisect_right(limits, _round(value, decimals)) - 1, 0), k - 1)

    return Classes(INTERVALS, title, _mark_ends(indicator, bands), pick)


# --- words and colours ---------------------------------------------------------------------------


def _direction(indicator: Indicator) -> str:
    return DIRECTION_TITLES.get(indicator.direction, DIRECTION_TITLES["neutral"])


def _value_title(indicator: Indicator, name: str, note: str = "") -> str:
    lead = f"{name} ({note})" if note else name
    return f"{lead} · {_direction(indicator)}"


def _mark_ends(indicator: Indicator, bands: list[Band]) -> tuple[Band, ...]:
    """The words of the favourable and the unfavourable end on the lowest and highest class."""
    if indicator.direction not in (HIGHER, LOWER) or len(bands) < 2:
        return tuple(bands)
    low_words, high_words = ("am ungünstigsten", "am günstigsten")
    if indicator.direction == LOWER:
        low_words, high_words = high_words, low_words
    out = list(bands)
    for i, words in ((0, low_words), (-1, high_words)):
        head, bracket, rest = out[i].label.partition(" (")
        label = f"{head}, {words} ({rest}" if bracket else f"{head} ({words})"
        out[i] = Band(label, out[i].colour, out[i].words)
    return tuple(out)


def _colours(indicator: Indicator, k: int) -> list[str]:
    """``k`` colours for classes of ascending values, oriented by the indicator's direction."""
    if k <= 0:
        return []
    positions = {1: (2,), 2: (0, 4), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}[k]
    if indicator.direction == HIGHER:
        return [DIVERGING[p] for p in positions]
    if indicator.direction == LOWER:
        return [DIVERGING[4 - p] for p in positions]
    return [SEQUENTIAL[p] for p in positions]


def _range(indicator: Indicator, low: float, high: float) -> str:
    if indicator.kind.text is not None:  # dates
        return f"{indicator.kind.text(low)} – {indicator.kind.text(high)}"
    if _round(low, indicator.decimals) == _round(high, indicator.decimals):
        return fmt.value(indicator, low)
    return f"{fmt.number(low, indicator.decimals)} – {fmt.value(indicator, high)}"


def _number(indicator: Indicator, value: float, decimals: int) -> str:
    if indicator.kind.text is not None:
        return indicator.kind.text(value)
    return fmt.number(value, decimals)


def _suffix(indicator: Indicator) -> str:
    return "" if indicator.kind.text is not None else fmt.unit_suffix(indicator)


def _limit(value: float) -> str:
    """A class limit as written in the legend: "2", "0,1", "0,25"."""
    decimals = 0
    while decimals < 3 and not math.isclose(round(value, decimals), value):
        decimals += 1
    return fmt.number(value, decimals)


def _city_value(city: dict | None) -> float | None:
    if not city or city.get("suppressed"):
        return None
    value = city.get("value")
    return None if value is None or fmt.is_missing(value) else float(value)


def _quantile(values: list[float], share: float) -> float:
    """Linear interpolation between order statistics (numpy's and pandas' default)."""
    position = share * (len(values) - 1)
    below = math.floor(position)
    above = min(below + 1, len(values) - 1)
    return values[below] + (values[above] - values[below]) * (position - below)


def _round(value: float, decimals: int) -> float:
    """Commercial rounding as the shown numbers (``etl.german.number``), so a deviation shown as
    "+2,0 Pp." is classed as 2, not as 1,9999."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, ROUND_HALF_UP))
