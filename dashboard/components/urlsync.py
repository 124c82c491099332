"""One callback per page that keeps controls, outputs and the URL in step.

The pattern, the same on every page:

- the page's layout is rendered from the URL's query (Dash passes it to ``layout``), so a pasted
  link shows its view at once, and stores the query string it rendered (a ``dcc.Store``);
- a change of a control computes the view of the new state and writes the state into the page's
  own ``dcc.Location`` (``refresh=False``: one history entry, no reload);
- a change of the URL (back/forward button) computes the view of the URL's state;
- when the requested view is the one already shown (e.g. the Location echoing what was just
  written), nothing is sent.

``view(state, **extras)`` returns a dict with one entry per output and ``"search"``, the
canonical query string of the (normalised) state, or None when there is nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash
from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.urlnotice import remember_state
from dashboard.urlstate import from_params, from_search, parse_query, url_output


def register_view(
    app: dash.Dash,
    *,
    state_cls: type,
    url_id: str,
    rendered_id: str,
    controls: dict[str, str],
    outputs: dict[str, tuple[str, str]],
    view: Callable[..., dict[str, Any] | None],
    extras: dict[str, tuple[str, str]] | None = None,
) -> None:
    """Register the page's callback. ``controls`` maps state fields to control ids (their
    ``value`` is the input), ``outputs`` maps view keys to (id, property), ``extras`` maps
    keyword arguments of ``view`` to (id, property) read as State."""
    extras = extras or {}
    remember_state(app, rendered_id, state_cls)

    @app.callback(
        output={
            "url": Output(url_id, "search"),
            "search": Output(rendered_id, "data"),
            **{key: Output(cid, prop) for key, (cid, prop) in outputs.items()},
        },
        inputs={
            "url_search": Input(url_id, "search"),
            **{f"control_{field}": Input(cid, "value") for field, cid in controls.items()},
        },
        state={
            "rendered": State(rendered_id, "data"),
            **{f"extra_{key}": State(cid, prop) for key, (cid, prop) in extras.items()},
        },
        prevent_initial_call=True,
    )
    def update(url_search: str | None, rendered: str | None, **values: Any) -> dict[str, Any]:
        from_url = ctx.triggered_id == url_id
        if from_url:
            requested = from_search(state_cls, url_search)
        else:
            # Fields without a control (e.g. the goal period) keep their shown value.
            params: dict[str, Any] = parse_query(rendered)
            for field in controls:
                value = values.get(f"control_{field}")
                if value is not None:
                    params[field] = value
            requested = from_params(state_cls, params)
        shown = view(requested, **{key: values.get(f"extra_{key}") for key in extras})
        if shown is None or shown["search"] == rendered:
            raise PreventUpdate
        write = url_output(not from_url, shown["search"], url_search)
        return {
            "url": no_update if write is None else write,
            "search": shown["search"],
            **{key: shown[key] for key in outputs},
        }
