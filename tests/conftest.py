"""Shared test set-up. Qt must find a platform before it loads: offscreen unless a test
session deliberately provides a display (the e2e tests start their own Xvfb)."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing a test runs may fall back to the real user's data folder.
os.environ.pop("FOLLOWUP_DESKTOP_DATA_DIR", None)

pytest_plugins = ["helpers.fixtures"]  # the shared fixtures: backend, backend_start


def pytest_configure(config) -> None:
    """Run under faketime (e.g. `faketime '2026-12-07 01:00:00' pytest`), libfaketime 0.9.10
    fakes the monotonic clock too, and then every timed wait (a lock or condition with a
    timeout, in the tests' helpers and in the app's threads) never returns. The tests are about
    the wall clock, so the run starts again with the monotonic clock left real."""
    if "faketime" not in os.environ.get("LD_PRELOAD", "") or os.environ.get(
            "FAKETIME_DONT_FAKE_MONOTONIC"):
        return
    capture = config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        capture.stop_global_capturing()  # the new run writes to the terminal, not to a capture
    os.environ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
    # ...which breaks time.sleep: every Python process of the run sleeps another way.
    site = str(Path(__file__).with_name("faketime"))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [site, os.environ.get("PYTHONPATH", "")]))
    os.execv(sys.executable, sys.orig_argv)
