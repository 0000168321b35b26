#!/usr/bin/env bash
# Set up (first run only) and run the lint and the whole test suite.
# Extra arguments go to pytest, e.g.: scripts/run-tests.sh tests/unit -x
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/ruff check src tests benchmarks packaging scripts
exec .venv/bin/python -m pytest "$@"
