#!/usr/bin/env bash
# Set up (first run only) and open the app on its default data folder.
# Extra arguments go to the app, e.g.: scripts/run-app.sh --hidden
# `scripts/run-app.sh demo` opens the window on fresh sample data instead, in a folder of its
# own that is made anew each time (dated around now), never in your data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
if [ "${1:-}" = demo ]; then
  shift
  demo_dir="${FOLLOWUP_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/followup-desktop-demo}"
  if [ -e "$demo_dir" ] && [ ! -e "$demo_dir/followup.sqlite3" ]; then
    echo "$demo_dir exists and is not a Follow-up data folder; not replacing it." >&2
    exit 2
  fi
  rm -rf -- "$demo_dir"
  .venv/bin/followup-desktop --data-dir "$demo_dir" demo
  exec .venv/bin/followup-desktop --data-dir "$demo_dir" "$@"
fi
exec .venv/bin/followup-desktop "$@"
