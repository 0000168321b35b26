"""A stand-in CalDAV server for the faults no real server is made to show: every request is
answered with one fixed status and body (a 500, or a 207 whose XML is cut off), or, with
`stall`, read and never answered (a server that hangs). A thread of the
test's own on 127.0.0.1 and a free port; `requests` counts what it was asked."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from helpers.started import Started

CUT_OFF_XML = (b'<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:">'
               b"<d:response><d:href>/jo/</d:href><d:propstat><d:prop><d:current-user-pri")


class DavStub(Started):
    def __init__(self, status: int, body: bytes = b"",
                 content_type: str = "application/xml; charset=utf-8",
                 stall: bool = False) -> None:
        self.status, self.body, self.content_type = status, body, content_type
        self.stalling = threading.Event() if stall else None
        self.requests: list[str] = []
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self) -> None:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                stub.requests.append(self.command)
                if stub.stalling is not None:
                    stub.stalling.wait()  # until close: the client's time-out gives up first
                    return
                self.send_response(stub.status)
                self.send_header("Content-Type", stub.content_type)
                self.send_header("Content-Length", str(len(stub.body)))
                self.end_headers()
                self.wfile.write(stub.body)

            do_GET = do_PUT = do_DELETE = do_OPTIONS = do_PROPFIND = do_REPORT = _answer
            do_MKCALENDAR = do_PROPPATCH = _answer

            def log_message(self, format: str, *args: object) -> None:
                pass  # the test reads `requests`, not stderr

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        if self.stalling is not None:
            self.stalling.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        if self.thread is not None:
            self.thread.join(timeout=5)
            self.thread = None
