"""Chart images rendered on the server with kaleido: one headless Chromium per process.

Started on first use (2-3 s), or ahead of it by ``RENDERER.warm_up()`` (the dashboard's server
does so at start, see ``dashboard.delivery.warm``), and kept (about 0.2 s per image after that).
kaleido 1.x's own persistent server (``start_sync_server``) is not used: it pairs requests and
results through two shared queues without any lock, and if the browser fails to start its worker
thread dies and every later call waits forever. Here the browser lives in a private event-loop
thread, every call waits with a timeout, a failed or hung browser is closed and started again on
the next call, and one process-wide lock serialises the calls, so concurrent callers (the
waitress threads) each get exactly their own image. kaleido reloads its page after every image;
that reload runs after the image has returned (``ReloadAfter``), not before.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import threading
from typing import Any, ClassVar

import plotly.graph_objects as go

from publish.views.request import ExportError

log = logging.getLogger(__name__)

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
WIDTH, HEIGHT = 1200, 675  # logical (CSS) pixels of a chart on its own
PNG_SCALE = 2.0  # 2400 x 1350 pixels: about 200 dpi across a landscape A4 page
START_TIMEOUT = 60.0  # seconds for the browser to start
RENDER_TIMEOUT = 60.0  # seconds for one image
# drawn once by warm_up: a bar, an axis title and an annotation use what most charts use
WARM_FIGURE = {
    "data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2], "text": ["1,0", "2,0"]}],
    "layout": {
        "separators": ",.",
        "xaxis": {"title": {"text": "x"}},
        "annotations": [{"text": "<b>warm</b>", "x": 0, "y": 1, "showarrow": False}],
    },
}


# --- the renderer -----------------------------------------------------------------------------


class Renderer:
    """A persistent kaleido browser for the whole process; thread-safe through one lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None

    def render(self, figure: dict, fmt_: str, width: int, height: int, scale: float = 1.0) -> bytes:
        """The bytes of one image; raises RuntimeError when the browser fails or hangs."""
        opts = {"format": fmt_, "width": width, "height": height, "scale": scale}
        with self._lock:
            kaleido = self._ensure_started()
            future = asyncio.run_coroutine_threadsafe(
                kaleido.calc_fig(figure, opts=opts), self._loop
            )
            try:
                return future.result(timeout=RENDER_TIMEOUT)
            except BaseException as error:
                future.cancel()
                self._discard()
                if isinstance(error, TimeoutError):
                    raise RuntimeError(
                        f"Die Grafik wurde nicht in {RENDER_TIMEOUT:.0f} s erzeugt."
                    ) from None
                raise

    def warm_up(self) -> None:
        """Start the browser now and draw one small image in it (the first image otherwise
        pays for the start, and the first drawing for plotly.js compiling in the page)."""
        self.render(WARM_FIGURE, "png", 160, 90)

    def close(self) -> None:
        """Stop the browser and its thread (registered with atexit; may be called any time)."""
        with self._lock:
            self._discard()
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self._loop.stop)
                if self._thread is not None:
                    self._thread.join(timeout=5)
                self._loop = None
                self._thread = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def _ensure_started(self) -> Any:
        if self._loop is None:
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
            thread.start()
            self._loop, self._thread = loop, thread
        if self._kaleido is None:
            future = asyncio.run_coroutine_threadsafe(_open_browser(), self._loop)
            try:
                self._kaleido = future.result(timeout=START_TIMEOUT)
            except BaseException as error:
                future.cancel()
                raise RuntimeError(
                    "Der Browser für die Grafik-Exporte (Chromium, von kaleido benutzt) "
                    f"startet nicht: {error}"
                ) from error
        return self._kaleido

    def _discard(self) -> None:
        """Close the browser (best effort); the next call starts a new one."""
        kaleido, self._kaleido = self._kaleido, None
        if kaleido is None or self._loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(kaleido.close(), self._loop).result(timeout=10)
        except BaseException as error:  # a dead browser: nothing left to close
            log.warning("Browser der Grafik-Exporte nicht sauber beendet: %s", error)


async def _open_browser() -> Any:
    import kaleido  # imported late: the app starts without a browser until the first export

    class ReloadAfter(kaleido.Kaleido):
        """kaleido reloads its tab after every image, before the image returns (about half of
        a warm image's time). Here the image returns at once and the tab reloads behind it;
        the next image waits for the tab as before, so nothing runs in a half-reloaded page.
        (Overrides one internal method of kaleido 1.x; without it kaleido behaves as before.)"""

        _reloads: ClassVar[set[asyncio.Task]] = set()

        async def _return_kaleido_tab(self, tab: Any) -> None:
            reload = asyncio.create_task(super()._return_kaleido_tab(tab))
            self._reloads.add(reload)  # a task nobody holds may be collected before it ran
            reload.add_done_callback(_reloaded)

    def _reloaded(task: asyncio.Task) -> None:
        ReloadAfter._reloads.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # the tab never returns: the next image times out and the browser starts anew
            log.warning("Tab der Grafik-Exporte nicht neu geladen: %s", task.exception())

    # mathjax=False: no script from a CDN (the server has no internet); plotly.js comes from
    # the installed plotly package.
    browser = ReloadAfter(n=1, timeout=RENDER_TIMEOUT, mathjax=False)
    await browser.open()
    return browser


RENDERER = Renderer()
atexit.register(RENDERER.close)


def render_figure(
    fig: go.Figure | dict, fmt_: str, *, width: int = WIDTH, height: int = HEIGHT, scale=None
) -> bytes:
    """Render a figure as it is (no title or footer added); ``fmt_``: png, svg or pdf."""
    if fmt_ not in FORMATS:
        raise ExportError(f"Unbekanntes Bildformat {fmt_!r}; möglich: png, svg, pdf.")
    figure = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
    if scale is None:
        scale = PNG_SCALE if fmt_ == "png" else 1.0
    return RENDERER.render(figure, fmt_, int(width), int(height), float(scale))
