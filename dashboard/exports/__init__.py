"""Exports for reports: chart images, tables for Excel and the meeting pack of the Lenkungskreis.

- ``request``: :class:`ExportRequest`, one view of the app (kind + parameters), shared by charts
  and tables so the app's download buttons and the CLI take the same path.
- ``charts``: figures rendered on the server with kaleido (PNG, SVG, PDF), carrying title, unit,
  source, data date and the suppression note inside the image.
- ``tables``: the same views as XLSX (data and metadata sheet) and CSV for German Excel.
- ``meeting_pack``: the 14 goals as PPTX or PDF (``build_pack``).

Only the dashboard pages and the CLI import this package; it imports ``dashboard.data``,
``dashboard.figures``, ``dashboard.formatting``, ``indicators`` and ``etl``, never the reverse.
Every value passes through ``indicator_values``: a suppressed cell is "•", never a number.
"""
