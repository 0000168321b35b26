#!/usr/bin/env bash
# The command-line, follow-up command and card end-to-end tests again under faketime: the nights,
# weekend and DST hour that once found the sample data with nothing due, in the zones at both
# ends of the clock.
# Run by scripts/run-tests.sh after the whole suite; extra arguments go to each pytest.
#   usage: scripts/test-at-any-hour.sh [PYTEST-ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
instants=(
  "2026-12-06 02:00:00"  # a Sunday night
  "2026-12-07 01:00:00"  # a Monday night
  "2026-12-04 23:30:00"  # a Friday, late
  "2026-11-01 01:30:00"  # Los Angeles: the hour that happens twice; Kiritimati: a Sunday
  "2026-03-29 03:30:00"  # Berlin's spring-forward night (and a Sunday everywhere)
)
zones=(Pacific/Kiritimati America/Los_Angeles)
for zone in "${zones[@]}"; do
  for instant in "${instants[@]}"; do
    echo "== at $instant in $zone"
    # faketime reads the instant in TZ; the tests give the same zone to every command they run.
    TZ="$zone" FOLLOWUP_TEST_TZ="$zone" faketime "$instant" \
      .venv/bin/python -m pytest -q -p no:cacheprovider tests/e2e/test_cli.py \
      tests/e2e/test_card_command.py tests/e2e/test_follow_up_commands.py "$@"
  done
done
