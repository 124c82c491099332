"""The Dash app: ``create_app(database_url)`` builds it; the CLI serves ``app.server``.

Everything the browser loads comes from the app itself: Bootstrap's CSS from the bootstrap-flask
package (route ``/_bimo/bootstrap/``), plotly.js and the Dash components from the installed
packages (``serve_locally``), the German plotly locale and the app's CSS from ``assets/``. No
fonts or scripts from elsewhere, so the dashboard works without internet.

Security headers, request limits and the bounded number of exports at once:
``dashboard.hardening``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import dash
import flask_bootstrap
from flask import Response, request, send_from_directory

from dashboard import auth, data, delivery, hardening, uploads
from dashboard.components import shell, urlnotice
from etl.db import make_engine
from etl.settings import load_settings
from publish.read import ReadModel

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
BOOTSTRAP_DIR = Path(flask_bootstrap.__file__).resolve().parent / "static" / "bootstrap5" / "css"
BOOTSTRAP_ROUTE = "/_bimo/bootstrap/"
TITLE = "Bildungsmonitor Herne"

INDEX = """<!DOCTYPE html>
<html lang="de">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="bimo-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


def _download(content: bytes, name: str, media: str) -> Response:
    return Response(
        content,
        content_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _refused(message: str, status: int) -> Response:
    return Response(message, status, content_type="text/plain; charset=utf-8")


def _export() -> Response:
    """One view as PNG/SVG/PDF (chart) or XLSX/CSV (table), from the page's query parameters."""
    from publish.render.images import export_chart
    from publish.render.xlsx_csv import export_table
    from publish.views.request import ExportError, ExportRequest

    fmt = request.args.get("format", "png")
    try:
        wanted = ExportRequest.from_query(request.args)  # checked before waiting for a slot
        export = export_chart if fmt in ("png", "svg", "pdf") else export_table
        with hardening.export_slot():
            return _download(*export(data.current(), wanted, fmt))
    except ExportError as error:
        return _refused(f"Export nicht möglich: {error}", 400)
    except hardening.ExportBusy:
        return hardening.busy_response()
    except RuntimeError:  # kaleido found no browser
        return _refused("Diagramm-Export nicht verfügbar: Chromium fehlt auf dem Server.", 503)


def _export_pack() -> Response:
    """The meeting pack of the Lenkungskreis (``periode``, ``format`` pptx or pdf)."""
    from publish.pack import build_pack, pack_filename
    from publish.views.request import ExportError

    source = data.current()
    period = request.args.get("periode") or source.latest_period() or ""
    fmt = request.args.get("format", "pptx")
    media = {
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf",
    }
    try:
        with hardening.export_slot():
            content = build_pack(source, period, fmt)
    except ExportError as error:
        return _refused(f"Sitzungsunterlage nicht möglich: {error}", 400)
    except hardening.ExportBusy:
        return hardening.busy_response()
    except RuntimeError:
        return _refused("Sitzungsunterlage nicht verfügbar: Chromium fehlt auf dem Server.", 503)
    return _download(content, pack_filename(period, fmt), media.get(fmt, "application/pdf"))


class _GermanDash(dash.Dash):
    """Dash with the German text for the moment before the app has loaded."""

    def interpolate_index(self, **kwargs):  # type: ignore[override]
        kwargs["app_entry"] = kwargs["app_entry"].replace("Loading...", "Wird geladen …")
        return super().interpolate_index(**kwargs)


def create_app(
    database_url: str,
    *,
    geojson: str | Path | None = None,
    geojson_property: str | None = None,
    may_run_open: bool = True,
) -> dash.Dash:
    """The dashboard for the database at ``database_url``.

    A GeoJSON of the units (``geojson``, default: the setting ``BIMO_GEOJSON``) whose features
    carry the unit number in the property ``geojson_property`` (default ``BIMO_GEOJSON_PROPERTY``
    or "nummer") turns the schematic tile map into a real choropleth. Several apps may live in one
    process (each keeps its data source on its own Flask server).

    ``may_run_open``: while no user exists, the app runs without login (the demo on this machine;
    the command line passes False when it serves beyond localhost, see ``dashboard.auth``)."""
    settings = load_settings()
    geojson = geojson or settings.geojson
    geojson_property = geojson_property or settings.geojson_property
    source = ReadModel(
        database_url,
        geojson_path=Path(geojson) if geojson else None,
        geojson_property=geojson_property,
    )
    app = _GermanDash(
        "dashboard",
        use_pages=True,
        pages_folder=str(PACKAGE_DIR / "pages"),
        assets_folder=str(PACKAGE_DIR / "assets"),
        serve_locally=True,
        external_stylesheets=[BOOTSTRAP_ROUTE + "bootstrap.min.css"],
        index_string=INDEX,
        title=TITLE,
        update_title=None,
        # Pages are rendered per request; their ids are checked by the tests, and skipping
        # Dash's validation layout keeps every page from being rendered into the index page.
        suppress_callback_exceptions=True,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "Bildungsmonitoring der Stadt Herne"},
        ],
    )
    server = app.server
    server.extensions[data.EXTENSION_KEY] = source
    # login first: a request without one learns nothing, not even that its body is malformed
    auth.install(app, make_engine(database_url), settings, may_run_open=may_run_open)
    uploads.install(app, settings)  # POST /lieferungen/hochladen (page Lieferungen)
    hardening.install(app, settings.max_exports)
    delivery.install(app)  # compression, cache headers, Server-Timing (dashboard.delivery)
    server.add_url_rule(
        BOOTSTRAP_ROUTE + "<path:filename>",
        endpoint="bimo_bootstrap",
        view_func=lambda filename: send_from_directory(BOOTSTRAP_DIR, filename, max_age=86400),
    )
    server.add_url_rule("/export", endpoint="bimo_export", view_func=_export)
    server.add_url_rule("/export/pack", endpoint="bimo_export_pack", view_func=_export_pack)
    for page in dash.page_registry.values():
        module = sys.modules.get(page["module"])
        register = getattr(module, "register_callbacks", None)
        if register is not None:
            register(app)
    urlnotice.install()
    with server.app_context():  # the layout reads notices from the data source
        app.layout = shell.app_layout
    return app
