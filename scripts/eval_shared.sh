#!/usr/bin/env bash
# Evaluations against the shared data folder (not part of `scripts/test.sh`): the seed
# gold gate, real ACLED development rows, real articles with gold, and agreement with the
# reference scorer, all in eval_shared/ with floors in eval_shared/baseline.json, after
# the shared scorer's own report on the real articles. The folder is $SITREPORT_SHARED, else
# ../shared beside the repository; without it this fails (it never skips).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SITREPORT_SHARED:-../shared}
if [ ! -d "$shared" ]; then
  echo "error: no shared data folder at $shared (set SITREPORT_SHARED)" >&2
  exit 2
fi
SITREPORT_SHARED=$(cd "$shared" && pwd)
export SITREPORT_SHARED
.venv/bin/python "$SITREPORT_SHARED/tools/score_dir.py" "$SITREPORT_SHARED/gold/real"
set +e
.venv/bin/pytest -q eval_shared "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then echo "no shared evaluations were collected" >&2; exit 1; fi
exit "$rc"
