"""A hostile HTTP server on 127.0.0.1, for the security tests.

``mode = "echo"``: every request is answered with ``status`` and a body (and a
header) that repeat the whole request back, headers and key included, as a
careless API's error page might. ``mode = "output"``: every request is answered
as LibreTranslate would, with ``output`` as the translation. Every request is
counted, so a test can prove that nothing was fetched at all.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = "echo"
        self.status = 403
        self.output = ""
        self.requests: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        raw = f"{self.command} {self.path}\n{self.headers}\n{body}"
        self.server.requests.append(raw)
        if self.server.mode == "output":
            status, payload = 200, {"translatedText": self.server.output}
        else:
            status = self.server.status
            payload = {"error": f"invalid request: {raw}", "message": raw, "detail": [raw]}
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if self.server.mode == "echo":
            self.send_header("X-Echo", " ".join(raw.split())[:2000])
        self.end_headers()
        self.wfile.write(data)
