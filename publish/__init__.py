"""Publishing: turning indicator values into things people look at, for the Dash app and the
command line alike (``etl <- indicators <- publish <- dashboard``; no Dash or Flask here).

- ``read``: the read model (``ReadModel``), the one door to the database; it never writes
- ``formatting``: German presentation of indicator values (numbers from ``etl.german``)
- ``text``: publisher, source lines, citation of a goal period, data date, confidentiality prose
- ``figures``: pure plotly builders (maps, bars, series, profile, scatter)
- ``tables``: a view's table as German text for the screen (``screen_frame``), the Datenstand
  tables
- ``views``: the views. One module per view kind in ``views.kinds`` declares ``KIND =
  ViewKind(...)`` with its gather, table and figure functions beside it; ``views.common`` holds
  what kinds share, ``views.table`` the table model of downloads and screen, ``views.request``
  the request and the gathered view; ``views.registry`` finds the kinds and is what pages,
  downloads and the command line call (``gather``, ``figure_of``, ``table_of``, ``screen_of``)
- ``render``: chart images (kaleido), XLSX/CSV, slides (PPTX/PDF)
- ``pack``: the meeting pack of the Lenkungskreis
"""
