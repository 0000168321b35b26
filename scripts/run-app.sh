#!/usr/bin/env bash
# Set up (first run only) and open the app on its default data folder.
# Extra arguments go to the app, e.g.: scripts/run-app.sh demo
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
exec .venv/bin/followup-desktop "$@"
