/* Präsentation: keys for the projector. → Bild ab Leertaste forward, ← Bild auf back, Pos1 and
   Ende to the first and last slide, "f" toggles full screen; the "zurück"/"weiter" links step
   the same way.

   No press is lost: every step starts from the slide in the address (the newest wish), not from
   the slide on screen, which may still be on its way from the server, and writes the new
   address at once (history.pushState, then the event Dash's dcc.Location listens to). Five
   quick presses are five steps; Dash renders the last address (an answer for an address that
   has changed since is dropped by Dash: a newer request of the same callback supersedes it). */
(function () {
    "use strict";

    var FORWARD = ["ArrowRight", "PageDown", " "];
    var BACKWARD = ["ArrowLeft", "PageUp"];

    function deck() {
        return document.querySelector(".bimo-presentation");
    }

    function total(element) {
        return Math.max(parseInt(element.dataset.slides, 10) || 1, 1);
    }

    function clamp(number, element) {
        return Math.min(Math.max(number, 1), total(element));
    }

    function wanted(element) {
        var raw = parseInt(new URLSearchParams(window.location.search).get("folie"), 10);
        return clamp(isNaN(raw) ? 1 : raw, element);
    }

    function go(target) {
        var element = deck();
        if (!element) {
            return;
        }
        target = clamp(target, element);
        if (target === wanted(element)) {
            return;
        }
        var params = new URLSearchParams(window.location.search);
        if (!params.get("periode") && element.dataset.period) {
            params.set("periode", element.dataset.period);
        }
        params.set("folie", String(target));
        window.history.pushState({}, "", window.location.pathname + "?" + params.toString());
        window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    }

    function step(delta) {
        var element = deck();
        if (element) {
            go(wanted(element) + delta);
        }
    }

    function toggleFullscreen() {
        if (document.fullscreenElement) {
            document.exitFullscreen();
        } else if (document.documentElement.requestFullscreen) {
            document.documentElement.requestFullscreen();
        }
    }

    document.addEventListener("keydown", function (event) {
        var element = deck();
        if (!element || event.altKey || event.ctrlKey || event.metaKey) {
            return;
        }
        var target = event.target;
        if (target.closest && target.closest("input, select, textarea")) {
            return;
        }
        if (event.key === " " && target.closest && target.closest("button")) {
            return; // a focused button keeps its space bar
        }
        var handled = true;
        if (FORWARD.indexOf(event.key) >= 0) {
            step(1);
        } else if (BACKWARD.indexOf(event.key) >= 0) {
            step(-1);
        } else if (event.key === "Home") {
            go(1);
        } else if (event.key === "End") {
            go(total(element));
        } else if (event.key === "f") {
            toggleFullscreen();
        } else {
            handled = false;
        }
        if (handled) {
            event.preventDefault();
        }
    });

    document.addEventListener("click", function (event) {
        if (!event.target.closest) {
            return;
        }
        if (event.target.closest("#praesentation-vollbild")) {
            toggleFullscreen();
            return;
        }
        var link = event.target.closest("#praesentation-weiter, #praesentation-zurueck");
        if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
            return;
        }
        event.preventDefault();
        step(link.id === "praesentation-weiter" ? 1 : -1);
    });
})();
