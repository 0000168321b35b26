"""Constants the widget tests share (fixtures are in conftest.py)."""

from datetime import UTC, datetime

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # Thursday 13:00 in Berlin
HOSTILE = '<b>Acme</b><img src=x>'
