"""A real Radicale (PyPI `radicale`) for the sync tests: one htpasswd user with a plain-text
password, its collections in `root`, no configuration file of the system's or the user's
(`--config ""`), listening on 127.0.0.1 only. See tests/helpers/dav_server.py."""

from __future__ import annotations

import re

from helpers.dav_server import PASSWORD, USER, DavServer

__all__ = ["PASSWORD", "USER", "Radicale"]


class Radicale(DavServer):
    name = "radicale"

    def prepare(self) -> None:
        (self.root / "users").write_text(f"{self.user}:{self.password}\n")
        (self.root / "collections").mkdir(exist_ok=True)

    def command(self) -> list[str]:
        return ["-m", "radicale", "--config", "",
                "--server-hosts", f"127.0.0.1:{self.port}",
                "--storage-filesystem-folder", str(self.root / "collections"),
                "--auth-type", "htpasswd",
                "--auth-htpasswd-filename", str(self.root / "users"),
                "--auth-htpasswd-encryption", "plain",
                "--logging-level", "info"]

    def _logged(self, method: str) -> int:
        return len(re.findall(rf"\] {re.escape(method)} request for ", self.logs()))
