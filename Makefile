# The two commands of the README. Both do all set-up on a fresh machine (Python 3.11+ with pip).
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(HOME)/.local/bin/uv
endif

.PHONY: demo test lint setup browser

# Bytecode is compiled at install time: where PYTHONDONTWRITEBYTECODE is set, Python would
# otherwise compile every imported module on every start (about 6 s for the command line).
# Stale .pyc files of the project's own modules are harmless: Python checks them against the
# source and compiles a changed module anew.
setup:
	@test -x "$(UV)" || python3 -m pip install --quiet --user "uv==$(UV_VERSION)" || python3 -m pip install --quiet "uv==$(UV_VERSION)"
	@"$(UV)" sync --locked --quiet --compile-bytecode
	@"$(UV)" run --no-sync python -m compileall -q -j 0 bildungsmonitor etl indicators publish dashboard

# Synthetic Herne-sized deliveries imported into the default SQLite database, then the dashboard.
demo: setup browser
	"$(UV)" run bildungsmonitor demo

# Debian's Chromium: chart exports (kaleido) and the browser tests. Needs root; without it the
# app runs, only chart downloads are unavailable.
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } || echo "Chromium nicht installierbar: ohne Diagramm-Export; Browser-Tests werden übersprungen (außer mit CI=true)."

test: setup browser
	"$(UV)" run ruff check .
	"$(UV)" run pytest -n 2 --dist loadfile

lint: setup
	"$(UV)" run ruff format --check .
	"$(UV)" run ruff check .
