"""Loaded by every Python process of a test run under faketime (tests/conftest.py puts this
folder on PYTHONPATH and leaves the monotonic clock real, or timed waits never return).

libfaketime 0.9.10 then turns the absolute clock_nanosleep that time.sleep uses into EINVAL,
so time.sleep waits in select() instead: the same wait, by a call libfaketime leaves alone."""

import os
import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


if os.environ.get("FAKETIME_DONT_FAKE_MONOTONIC") and "faketime" in os.environ.get(
        "LD_PRELOAD", ""):
    time.sleep = _sleep
