"""Publishing: turning indicator values into things people look at, for the Dash app and the
command line alike (``etl <- indicators <- publish <- dashboard``; no Dash or Flask here).

- ``read``: the read model (``ReadModel``), the one door to the database; it never writes
- ``formatting``: German presentation of indicator values (numbers from ``etl.german``)
- ``text``: publisher, source lines, citation of a goal period, data date, confidentiality prose
- ``figures``: pure plotly builders (maps, bars, series, profile, scatter)
- ``tables``: the screen tables as German text
- ``views``: one registry entry per view kind (what it gathers, its figure, table, file name)
- ``render``: chart images (kaleido), XLSX/CSV, slides (PPTX/PDF)
- ``pack``: the meeting pack of the Lenkungskreis
"""
