"""A feed server on 127.0.0.1 for the import tests: well-behaved, slow, oversized or redirecting.

``mode``:
- ``feed``: 200 with ``body``.
- ``trickle``: 200 and a Content-Length, then one byte every ``delay`` seconds (a deadline per
  read would never fire; only a deadline for the whole fetch ends it).
- ``silent``: accepts the connection and sends nothing for ``delay`` seconds.
- ``huge``: 200 and no Content-Length, then ``size`` bytes of a feed that never ends.
- ``huge-declared``: 200 with a Content-Length of ``size`` and a short body.
- ``redirect``: 302 to ``location``.
- ``status``: the HTTP status ``status`` with a short page.
"""

from __future__ import annotations

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode: str = "feed", body: bytes = b"", **settings: object) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode, self.body = mode, body
        self.delay = float(settings.get("delay", 0.2))  # type: ignore[arg-type]
        self.size = int(settings.get("size", 0))  # type: ignore[call-overload]
        self.location = str(settings.get("location", ""))
        self.status = int(settings.get("status", 404))  # type: ignore[call-overload]
        self.requests: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/feed/"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        server: FeedServer = self.server  # type: ignore[assignment]
        server.requests.append(self.path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
            getattr(self, "_" + server.mode.replace("-", "_"))(server)

    def _headers(self, status: int, length: int | None, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/rss+xml; charset=UTF-8")
        if length is not None:
            self.send_header("Content-Length", str(length))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()

    def _feed(self, server: FeedServer) -> None:
        self._headers(200, len(server.body))
        self.wfile.write(server.body)

    def _trickle(self, server: FeedServer) -> None:
        self._headers(200, len(server.body))
        for byte in server.body:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(server.delay)

    def _silent(self, server: FeedServer) -> None:
        time.sleep(server.delay)

    def _huge(self, server: FeedServer) -> None:
        self._headers(200, None)
        self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>')
        chunk = b"x" * 65536
        for _ in range(server.size // len(chunk) + 1):
            self.wfile.write(chunk)

    def _huge_declared(self, server: FeedServer) -> None:
        self._headers(200, server.size)
        self.wfile.write(b'<?xml version="1.0"?><rss version="2.0">')

    def _redirect(self, server: FeedServer) -> None:
        self._headers(302, 0, {"Location": server.location})

    def _status(self, server: FeedServer) -> None:
        page = b"<html><body>Not here</body></html>"
        self._headers(server.status, len(page))
        self.wfile.write(page)
