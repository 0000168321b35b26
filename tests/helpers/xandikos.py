"""A real Xandikos (PyPI `xandikos`) for the sync tests, the second server that proves the sync
is not tuned to Radicale. Its data is a Git-backed store in `root`; the principal is /{user}/,
created on first use (`--autocreate`).

Xandikos checks passwords only over TLS (`--htpasswd` requires `--autocert`), so this one runs
without authentication on loopback: the client still sends its user and password, which the
server ignores. Wrong-password cases run against Radicale. See tests/helpers/dav_server.py.
"""

from __future__ import annotations

import re

from helpers.dav_server import PASSWORD, USER, DavServer

__all__ = ["PASSWORD", "USER", "Xandikos"]


class Xandikos(DavServer):
    name = "xandikos"

    def prepare(self) -> None:
        (self.root / "data").mkdir(exist_ok=True)
        (self.root / "state").mkdir(exist_ok=True)

    def command(self) -> list[str]:
        return ["-m", "xandikos", "serve", "--directory", str(self.root / "data"),
                "--state-dir", str(self.root / "state"), "--autocreate",
                "--listen-address", "127.0.0.1", "--port", str(self.port),
                "--current-user-principal", f"/{self.user}/", "--no-detect-systemd"]

    def _logged(self, method: str) -> int:
        return len(re.findall(rf'"{re.escape(method)} /', self.logs()))
