"""The Dash app: ``create_app(database_url)`` builds it; the CLI serves ``app.server``.

Everything the browser loads comes from the app itself: Bootstrap's CSS from the bootstrap-flask
package (route ``/_bimo/bootstrap/``), plotly.js and the Dash components from the installed
packages (``serve_locally``), the German plotly locale and the app's CSS from ``assets/``. No
fonts or scripts from elsewhere, so the dashboard works without internet.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import dash
import flask_bootstrap
from flask import send_from_directory

from dashboard import data
from dashboard.components import shell

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
) -> dash.Dash:
    """The dashboard for the database at ``database_url``.

    A GeoJSON of the units (``geojson``, default: the setting ``BIMO_GEOJSON``) whose features
    carry the unit number in the property ``geojson_property`` (default ``BIMO_GEOJSON_PROPERTY``
    or "nummer") turns the schematic tile map into a real choropleth. Several apps may live in one
    process (each keeps its data source on its own Flask server)."""
    geojson = geojson or os.environ.get("BIMO_GEOJSON") or None
    geojson_property = geojson_property or os.environ.get("BIMO_GEOJSON_PROPERTY") or "nummer"
    source = data.DashboardData(
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
    server.add_url_rule(
        BOOTSTRAP_ROUTE + "<path:filename>",
        endpoint="bimo_bootstrap",
        view_func=lambda filename: send_from_directory(BOOTSTRAP_DIR, filename, max_age=86400),
    )
    for page in dash.page_registry.values():
        module = sys.modules.get(page["module"])
        register = getattr(module, "register_callbacks", None)
        if register is not None:
            register(app)
    with server.app_context():  # the layout reads notices from the data source
        app.layout = shell.app_layout
    return app
