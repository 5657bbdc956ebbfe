"""A hostile HTTP server on 127.0.0.1, for the security tests.

``mode = "echo"``: every request is answered with ``status`` and a body (and a
header) that repeat the whole request back, headers and key included, as a
careless API's error page might. ``mode = "output"``: every request is answered
as LibreTranslate would, with ``output`` as the translation (``None`` is sent as
JSON ``null``). ``mode = "drip"``: a LibreTranslate answer whose body comes one
byte every ``drip`` seconds; ``"drip-headers"``: the same from the status line
on. ``mode = "huge"``: a LibreTranslate answer of ``size`` bytes, with a
``Content-Length``; ``"huge-chunked"``: the same in chunks, length unannounced.
Every request is counted, so a test can prove that nothing was fetched at all.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = "echo"
        self.status = 403
        self.output: str | None = ""
        self.drip = 1.2  # seconds between two bytes in the drip modes
        self.size = 5_000_000  # bytes of a huge answer
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
        if self.server.mode.startswith("drip"):
            return self._drip(self.server.mode == "drip-headers")
        if self.server.mode.startswith("huge"):
            return self._huge(chunked=self.server.mode == "huge-chunked")
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

    def _drip(self, headers_too: bool) -> None:
        body = json.dumps({"translatedText": "x" * 200}).encode()
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        if not headers_too:
            self.wfile.write(head)
            self.wfile.flush()
        for byte in (head + body if headers_too else body):
            time.sleep(self.server.drip)
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:  # the client gave up: as it should
                return

    def _huge(self, chunked: bool) -> None:
        text = "a" * self.server.size
        data = json.dumps({"translatedText": text}).encode()
        self.protocol_version = "HTTP/1.1" if chunked else self.protocol_version
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            for start in range(0, len(data), 65536):
                piece = data[start : start + 65536]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except OSError:  # the client stopped reading: as it should
            return
