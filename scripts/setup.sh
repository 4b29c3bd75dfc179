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
.venv/bin/python -m pip install -q -e ".[dev]"
# Offline gazetteer (GeoNames/ISO data from installed packages) -> ~/.cache/sitreport
.venv/bin/python -c "from sitreport.geocode import ensure_gazetteer; print(ensure_gazetteer())"
# Web UI modules, from the npm registry only (never a CDN at run time)
if [ -f src/sitreport/ui/package-lock.json ] && [ ! -d src/sitreport/ui/node_modules ]; then
  (cd src/sitreport/ui && npm ci --no-audit --no-fund --silent)
fi
# Headless browser for the UI tests
if [ "${SITREPORT_SKIP_BROWSER:-0}" != 1 ] && [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will fail" >&2
fi
