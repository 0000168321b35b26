"""Constants the widget tests share (their fixtures are in tests/gui/conftest.py)."""

from datetime import UTC, datetime

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # Thursday 13:00 in Berlin
HOSTILE = '<b>Acme</b><img src=x>'
