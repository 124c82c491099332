/* Präsentation: keys for the projector. Arrow keys, Bild auf/ab and the space bar follow the
   "zurück"/"weiter" links (so each slide keeps its own URL); "f" toggles full screen. */
document.addEventListener("keydown", function (event) {
    if (!document.querySelector(".bimo-presentation")) {
        return;
    }
    if (event.target.closest("input, select, textarea")) {
        return;
    }
    var forward = ["ArrowRight", "PageDown", " "];
    var backward = ["ArrowLeft", "PageUp"];
    var link = null;
    if (forward.indexOf(event.key) >= 0) {
        link = document.getElementById("praesentation-weiter");
    } else if (backward.indexOf(event.key) >= 0) {
        link = document.getElementById("praesentation-zurueck");
    } else if (event.key === "f") {
        toggleFullscreen();
    }
    if (link) {
        event.preventDefault();
        link.click();
    }
});

function toggleFullscreen() {
    if (document.fullscreenElement) {
        document.exitFullscreen();
    } else {
        document.documentElement.requestFullscreen();
    }
}

document.addEventListener("click", function (event) {
    if (event.target.closest("#praesentation-vollbild")) {
        toggleFullscreen();
    }
});
