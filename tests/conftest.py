"""Shared test set-up. Qt must find a platform before it loads: offscreen unless a test
session deliberately provides a display (the e2e tests start their own Xvfb)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing a test runs may fall back to the real user's data folder.
os.environ.pop("FOLLOWUP_DESKTOP_DATA_DIR", None)
