"""Pure figure builders: a DataFrame (and an indicator's metadata) in, a plotly figure out.

No database, no Dash. Every figure carries ``separators=",."`` (decimal comma, thousands dot);
values in labels and hover texts are formatted in Python (``publish.formatting``), so a figure
reads German even before the browser's locale is registered. A suppressed cell never becomes a
number: no bar, no colour, no coordinate, only "•" with the public note. Colours come from
colour-blind-safe palettes (ColorBrewer PuOr and Blues for the colour classes of maps and
ranked bars, ``classes``; Okabe-Ito for categories and for better/worse), every class is named
in words in the figure's legend and every value is also written as text, so nothing is told by
colour alone.

One module per family of charts (``maps``, ``bars``, ``series``, ``profile``, ``scatter``),
``classes`` for the colour classes and ``style`` for what they share; this package exports the
builders by name.
"""

from publish.figures.bars import (
    RECONSTRUCTED_NOTE,
    change_bars,
    department_bars,
    ranked_bars,
    unit_bars,
)
from publish.figures.classes import MODES, Classes, classify
from publish.figures.maps import choropleth_map, tile_map
from publish.figures.profile import deviation_chart
from publish.figures.scatter import scatter
from publish.figures.series import sparkline, time_series
from publish.figures.style import (
    BAR_COLOR,
    BETTER,
    CITY_COLOR,
    COLORSCALE,
    CONTEXT_COLOR,
    FONT_FAMILY,
    GRID,
    HOVER,
    MISSING_FILL,
    NEUTRAL,
    OKABE_ITO,
    SEPARATORS,
    SUPPRESSED_FILL,
    TEMPLATE,
    TEXT,
    WORSE,
    cell_text,
    empty,
    hover_text,
    hover_texts,
    new_figure,
)

__all__ = [
    "BAR_COLOR",
    "BETTER",
    "CITY_COLOR",
    "COLORSCALE",
    "CONTEXT_COLOR",
    "FONT_FAMILY",
    "GRID",
    "HOVER",
    "MISSING_FILL",
    "MODES",
    "NEUTRAL",
    "OKABE_ITO",
    "RECONSTRUCTED_NOTE",
    "SEPARATORS",
    "SUPPRESSED_FILL",
    "TEMPLATE",
    "TEXT",
    "WORSE",
    "Classes",
    "cell_text",
    "change_bars",
    "choropleth_map",
    "classify",
    "department_bars",
    "deviation_chart",
    "empty",
    "hover_text",
    "hover_texts",
    "new_figure",
    "ranked_bars",
    "scatter",
    "sparkline",
    "tile_map",
    "time_series",
    "unit_bars",
]
