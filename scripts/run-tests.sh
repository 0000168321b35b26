#!/usr/bin/env bash
# Set up (first run only) and run the lint, the command-line tests under faketime at night, on a
# weekend and on a DST night (test-at-any-hour.sh), then the whole test suite.
# Extra arguments go to pytest, e.g.: scripts/run-tests.sh tests/unit -x
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/ruff check src tests benchmarks packaging scripts
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
# The clock-sensitive part at the hours that once failed, then the whole suite at today's hour
# (its summary is the run's last line).
bash scripts/test-at-any-hour.sh
.venv/bin/python -m pytest
