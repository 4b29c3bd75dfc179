#!/usr/bin/env bash
# Run the whole test suite and the static checks. pytest's exit 5 ("no tests
# collected") is a failure here: a suite that runs nothing must not look green.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check src tests eval_shared benchmarks scripts
.venv/bin/mypy src/sitreport
set +e
.venv/bin/pytest -q "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then echo "no tests were collected" >&2; exit 1; fi
exit "$rc"
