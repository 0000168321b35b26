"""The log file of the data folder, for bugs and for faults no one was there to see.

`<data folder>/logs/followup.log` (folder 0700, files 0600), rotated at LOG_BYTES with
LOG_KEEP older files. An expected condition (errors.expected) is told to the user and not
logged as a bug; anything else is logged with its traceback, and the user is told where.
A fault at a moment when no one can be told (the backup at quit) is logged and kept as a
notice in `logs/notices.txt`, which the window shows at its next start.
`logging` is imported only when something is written: start-up does not pay for it.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.services.errors import expected

if TYPE_CHECKING:
    import logging

LOG_FOLDER = "logs"
LOG_FILE = "followup.log"
NOTICES_FILE = "notices.txt"
LOG_BYTES = 512 * 1024
LOG_KEEP = 3
LOGGER = "followup_desktop"


def log_path(data_dir: Path) -> Path:
    return data_dir / LOG_FOLDER / LOG_FILE


def _folder(data_dir: Path) -> Path:
    folder = data_dir / LOG_FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def logger(data_dir: Path) -> logging.Logger:
    """The app's logger, writing to the data folder's log file (set up on first use)."""
    import logging
    import logging.handlers

    log = logging.getLogger(LOGGER)
    path = log_path(data_dir)
    if not any(getattr(h, "baseFilename", None) == str(path) for h in log.handlers):
        for old in list(log.handlers):  # another data folder (tests): one log at a time
            log.removeHandler(old)
            old.close()
        _folder(data_dir)

        class PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
            def _open(self):  # type: ignore[no-untyped-def]  # owner-only, whatever the umask
                fd = os.open(self.baseFilename, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
                os.fchmod(fd, 0o600)
                return os.fdopen(fd, "a", encoding="utf-8")

        handler = PrivateRotatingHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_KEEP,
                                         encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def report_bug(error: BaseException, data_dir: Path, doing: str = "") -> str:
    """Log `error` with its traceback; the one sentence to show the user."""
    text = "".join(traceback.format_exception(error))
    try:
        logger(data_dir).error("unexpected error%s\n%s", f" while {doing}" if doing else "",
                               text.rstrip())
        where = f"the details are in {log_path(data_dir)}"
    except OSError:  # the log cannot be written either: the traceback goes to stderr
        print(text, file=sys.stderr, end="")
        where = "the details were printed to the terminal"
    return (f"Something unexpected went wrong ({type(error).__name__}: {error}); "
            f"this is a bug: {where}. Please include that file in a report.")


def describe(error: BaseException, data_dir: Path, database: Path | None = None,
             doing: str = "") -> str:
    """What to tell the user of `error`: the expected condition's sentence, or a bug's."""
    known = expected(error, database)
    return str(known) if known is not None else report_bug(error, data_dir, doing)


def log_fault(data_dir: Path, message: str, tell_next_start: bool = False) -> None:
    """Log an expected fault that no one saw; keep it to show at the next start if asked."""
    try:
        logger(data_dir).warning("%s", message)
        if tell_next_start:
            stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")  # the file's own time
            path = _folder(data_dir) / NOTICES_FILE
            fd = os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as out:
                out.write(f"{stamp}: {' '.join(message.split())}\n")
                out.flush()
                os.fsync(out.fileno())
    except OSError as error:
        print(f"{message} (and the log cannot be written: {error.strerror})", file=sys.stderr)


def take_notices(data_dir: Path) -> list[str]:
    """The notices kept since the last start, oldest first; they are removed."""
    path = data_dir / LOG_FOLDER / NOTICES_FILE
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        path.unlink()
    except OSError:
        return []
    return [line for line in lines if line.strip()]
