"""The environment of the app run as a command by the tests: our sources, UTF-8 output, no data
folder of the machine's own, and each change given (None removes a variable)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def command_env(base: Mapping[str, str] | None = None, **changes: str | None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env.pop("FOLLOWUP_DESKTOP_DATA_DIR", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env
