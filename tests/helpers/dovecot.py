"""A real IMAP server for the mail tests: Debian's dovecot with a private configuration.

`Dovecot(root)` writes everything into `root` (a folder the dovecot user can read, see
`server_root`): a self-signed certificate made with openssl for localhost and 127.0.0.1, a
passwd-file with one `{PLAIN}` user, a maildir with INBOX and a `Sent` mailbox marked
`\\Sent` (SPECIAL-USE), and a config that listens on 127.0.0.1 only, on two free ports: IMAPS
(TLS from the first byte) and IMAP (STARTTLS; a loopback client may also log in without TLS,
as dovecot counts loopback connections as secured). Messages are placed as maildir files.

Nothing of the system's dovecot is used: `dovecot -F -c FILE` reads this config only, and
base_dir, state_dir and the log are in `root`. The server runs in its own process group, so
`kill()` ends the master and every imap process at once (a server dying mid-fetch), and with
`setpriv --pdeathsig KILL` a crashed test leaves no server behind.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from itertools import count
from pathlib import Path

from helpers.started import Started

USER = "jo@example.org"
PASSWORD = "app-password-1234"  # a test password; the server is private to the test

CONFIG = """# A private test server (tests/helpers/dovecot.py); the system's dovecot is not used.
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = followup-test-{imaps_port}
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
ssl_min_protocol = TLSv1.2
# imap-login refuses to run as root; these are the users the Debian package creates.
default_login_user = {login_user}
default_internal_user = {internal_user}
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
# uid 0 is refused for mail processes: the mail belongs to the dovecot user (or to us).
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  mailbox {sent} {{
    special_use = \\Sent
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
protocol imap {{
  # The bytes each session sent: how much of a 50 MB message was transferred.
  imap_logout_format = in=%i out=%o
}}
"""

_unique = count(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server_root() -> Iterator[Path]:
    """A folder for the server under /tmp (pytest's tmp_path is private to root, and the
    dovecot user must read the passwd file and the maildir); removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="dovecot-", dir="/tmp"))
    try:
        root.chmod(0o755)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


class Dovecot(Started):
    """One private dovecot; use as a context manager (started on enter, stopped on exit)."""

    def __init__(self, root: Path, user: str = USER, password: str = PASSWORD,
                 sent: str = "Sent", others: tuple[str, ...] = (),
                 names: str = "DNS:localhost,IP:127.0.0.1") -> None:
        """`sent`: the folder marked \\Sent; `others`: more folders, marked nothing; `names`:
        the certificate's subjectAltName."""
        self.root = root
        self.names = names
        self.sent = sent
        # name -> Maildir++ subfolder (INBOX is the maildir itself)
        self.folders = {"INBOX": "", sent: f".{sent}", **{name: f".{name}" for name in others}}
        self.user = user
        self.password = password
        self.imaps_port = free_port()
        self.imap_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        if os.getuid() == 0:
            self.login_user, self.internal_user = "dovenull", "dovecot"
            owner = pwd.getpwnam("dovecot")
        else:  # an unprivileged run: every process is the test's own user
            owner = pwd.getpwuid(os.getuid())
            self.login_user = self.internal_user = owner.pw_name
        self.uid, self.gid = owner.pw_uid, owner.pw_gid
        self.maildir = root / "home" / user / "Maildir"

    @property
    def ca_file(self) -> Path:
        """The certificate to trust (SSL_CERT_FILE): the server's own, self-signed."""
        return self.root / "cert.pem"

    @property
    def log_path(self) -> Path:
        return self.root / "dovecot.log"

    def _enter(self) -> None:
        self.prepare()
        self.start()

    def _leave(self) -> None:
        self.stop()

    def prepare(self) -> None:
        """The certificate, the password file, the config and the empty mailboxes."""
        for sub in ("run", "state"):
            (self.root / sub).mkdir(exist_ok=True)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30", "-subj", "/CN=localhost",
             "-addext", f"subjectAltName={self.names}",
             "-keyout", str(self.root / "key.pem"), "-out", str(self.ca_file)],
            check=True, capture_output=True)
        (self.root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}\n")
        (self.root / "dovecot.conf").write_text(CONFIG.format(
            root=self.root, imaps_port=self.imaps_port, imap_port=self.imap_port,
            login_user=self.login_user, internal_user=self.internal_user,
            uid=self.uid, gid=self.gid, sent=self.sent))
        for sub in self.folders.values():
            for part in ("cur", "new", "tmp"):
                (self.maildir / sub / part).mkdir(parents=True, exist_ok=True)
        self._hand_over(self.root / "home")

    def start(self, timeout: float = 15.0) -> None:
        if shutil.which("dovecot") is None and not Path("/usr/sbin/dovecot").exists():
            raise RuntimeError("dovecot is missing (Debian package dovecot-imapd); "
                               "`bash scripts/setup.sh test` installs it")
        binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
        log = (self.root / "dovecot.stdout").open("ab")
        self.process = subprocess.Popen(
            ["setpriv", "--pdeathsig", "KILL", "--", binary, "-F", "-c",
             str(self.root / "dovecot.conf")],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while not self._greets():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dovecot did not start (status {self.process.poll()}):\n"
                                   f"{self.logs()[-4000:]}")
            time.sleep(0.05)

    def _greets(self) -> bool:
        context = ssl.create_default_context(cafile=str(self.ca_file))
        context.check_hostname = False  # up is up, whatever names the certificate has
        try:
            with socket.create_connection(("127.0.0.1", self.imaps_port), timeout=2) as raw, \
                    context.wrap_socket(raw, server_hostname="localhost") as tls:
                return tls.recv(64).startswith(b"* OK")
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILL to the master and every imap process: the server is gone at once."""
        if self.process is not None and self.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        with suppress(ProcessLookupError):  # imap processes that outlived their master
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    # -- messages

    def place(self, raw: bytes, folder: str = "INBOX", *, seen: bool = False,
              received: datetime | None = None) -> Path:
        """A message as a maildir file (unseen unless `seen`); `received` is its INTERNALDATE
        (the file's time), so a test's window of days does not depend on today."""
        number = next(_unique)
        flags = "S" if seen else ""
        name = f"{number:08d}.M{number}P1.test:2,{flags}"
        path = self.maildir / self.folders[folder] / "cur" / name
        path.write_bytes(raw)
        if received is not None:
            stamp = received.timestamp()
            os.utime(path, (stamp, stamp))
        self._hand_over(path)
        return path

    def files(self, folder: str = "INBOX") -> list[Path]:
        return sorted((self.maildir / self.folders[folder] / "cur").iterdir()) + sorted(
            (self.maildir / self.folders[folder] / "new").iterdir())

    def _hand_over(self, path: Path) -> None:
        """The mail processes run as the dovecot user: the mail must be theirs."""
        if os.getuid() != 0:
            return
        for current, _dirs, names in os.walk(path) if path.is_dir() else [(path.parent, [], [])]:
            os.chown(current, self.uid, self.gid)
            for name in names:
                os.chown(Path(current) / name, self.uid, self.gid)
        if path.is_file():
            os.chown(path, self.uid, self.gid)

    # -- what happened

    def logs(self) -> str:
        parts = [p.read_text(errors="replace") for p in (self.log_path,
                                                          self.root / "dovecot.stdout")
                 if p.exists()]
        return "\n".join(parts)

    def bytes_sent(self) -> list[int]:
        """The bytes the server sent in each finished session (its own count, `out=`)."""
        return [int(n) for n in re.findall(r"imap\(.*?\).*?out=(\d+)", self.logs())]
