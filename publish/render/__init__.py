"""Renderers of views: chart images (``images`` through ``kaleido``), spreadsheets (``xlsx_csv``)
and slides (``slides``: PPTX and PDF of the meeting pack, ``publish.pack``)."""
