"""The state of a view in its URL: query string <-> typed state, and when to write it.

Every page keeps what the user chose in the query string, so a copied link reproduces the view
and the browser's back button returns to the previous one. A state is a frozen dataclass whose
field names are the German parameter names; text fields map to one parameter, tuple fields to a
comma-separated list.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote

S = TypeVar("S")

_SAFE = ",.-_~/"  # left readable in the query string
OMITTED_WHEN_DEFAULT = {"omitted_when_default": True}  # field metadata: not written at default


def parse_query(search: str | None) -> dict[str, str]:
    """``"?a=1&b="`` -> ``{"a": "1", "b": ""}``; a repeated parameter keeps its last value."""
    return dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=True))


def format_query(params: dict[str, str]) -> str:
    """The inverse of :func:`parse_query`; ``""`` for no parameters."""
    if not params:
        return ""
    return "?" + "&".join(
        f"{quote(k, safe=_SAFE)}={quote(v, safe=_SAFE)}" for k, v in params.items()
    )


def to_search(state: Any) -> str:
    """The query string of a state dataclass, parameters in field order."""
    params = {}
    for field in dataclasses.fields(state):
        raw = getattr(state, field.name)
        if field.metadata.get("omitted_when_default") and raw == field.default:
            continue  # a later option (e.g. klassen): old links and their URLs stay as they were
        params[field.name] = ",".join(raw) if isinstance(raw, tuple) else str(raw)
    return format_query(params)


def from_params(cls: type[S], params: dict[str, Any]) -> S:
    """A state from parameters (query string or a page layout's keyword arguments); unknown
    parameters are ignored and missing ones take the field default."""
    values = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name not in params or params[field.name] is None:
            continue
        raw = params[field.name]
        if isinstance(field.default, tuple) or field.type in ("tuple[str, ...]",):
            if isinstance(raw, list | tuple):
                values[field.name] = tuple(str(v) for v in raw if str(v))
            else:
                values[field.name] = tuple(v for v in str(raw).split(",") if v)
        else:
            values[field.name] = str(raw[-1] if isinstance(raw, list) else raw)
    return cls(**values)


def from_search(cls: type[S], search: str | None) -> S:
    return from_params(cls, parse_query(search))


def url_output(triggered_by_user: bool, canonical: str, current: str | None) -> str | None:
    """The query string to write into the page's ``dcc.Location``, or None to leave it.

    Only a user's change of a control writes (one history entry per change); the first render
    and a change of the URL itself (back button, pasted link) never do, so the back button is not
    trapped by a rewritten URL."""
    if not triggered_by_user or canonical == (current or ""):
        return None
    return canonical


# --- the states of the pages (field names are the URL parameters) -----------------------------


@dataclass(frozen=True)
class OverviewState:
    periode: str = ""


@dataclass(frozen=True)
class GoalState:
    periode: str = ""
    ebene: str = ""


@dataclass(frozen=True)
class ExplorerState:
    indikator: str = ""
    ebene: str = ""
    jahr: str = ""
    aufgliederung: str = ""
    einheiten: tuple[str, ...] = ()
    klassen: str = dataclasses.field(default="", metadata=OMITTED_WHEN_DEFAULT)  # "": abweichung


@dataclass(frozen=True)
class DistrictsState:
    ebene: str = ""
    periode: str = ""
    jahr: str = ""
    sortierung: str = ""


@dataclass(frozen=True)
class ProfileState:
    ebene: str = ""
    einheit: str = ""
    bereich: str = ""
    vergleich: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompareState:
    ebene: str = ""
    jahr: str = ""
    x: str = ""
    y: str = ""
    indikator: str = ""
    von: str = ""
    bis: str = ""


@dataclass(frozen=True)
class StatusState:
    quelle: str = ""
