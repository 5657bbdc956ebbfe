"""A real HTTP server on 127.0.0.1 that speaks each translation provider's protocol as far as the clients use it.

Google's mobile page (``GET /m``), LibreTranslate (``POST /translate``),
Microsoft's v3 JSON (``POST /translate?api-version=3.0``), MyMemory
(``GET /get``) and DeepL's v2 API (``POST /v2/translate``, ``/v2/glossaries``).
It "translates" by prefixing the target language, counts every request and
every text, and can misbehave on demand: latency, 429 with ``Retry-After``,
500, a stalled answer, a dropped connection, a refused key (403), dropped
placeholder tokens. Used by the tests and by ``bench/online_concurrency.py``.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TOKEN = re.compile(r"\{\d+\}")


def fake_translation(text: str, target: str) -> str:
    return f"{target.lower()}: {text}"


@dataclass
class Behaviour:
    """What the server does; change it between runs (guarded by ``lock``)."""

    latency: float = 0.0  # seconds added to every request
    script: list[str] = field(default_factory=list)  # one action per request, consumed first
    default: str = "ok"  # "ok", "429", "500", "403", "stall", "drop"
    fail_after: int | None = None  # after this many answers, behave as ``then``
    then: str = "500"
    retry_after: str = "1"  # the Retry-After header of a 429
    stall: float = 30.0  # how long a stalled request waits before answering
    key: str | None = None  # the key the server expects; a different one gets 403
    drop_tokens: bool = False  # answer without the {0}-style placeholder tokens


class MTServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviour = Behaviour()
        self.lock = threading.Lock()
        self.requests = 0  # every request received
        self.answered = 0  # requests answered with a translation
        self.texts: Counter[str] = Counter()  # texts answered, with how often
        self.seen_keys: list[str] = []
        self.in_flight = self.max_in_flight = 0
        self.times: list[tuple[float, str]] = []  # (when, action) of every request
        self.released = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> MTServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self.shutdown()
        self.server_close()

    def reset_counts(self) -> None:
        with self.lock:
            self.requests = self.answered = self.max_in_flight = 0
            self.texts.clear()
            self.times.clear()

    def next_action(self) -> str:
        with self.lock:
            self.requests += 1
            b = self.behaviour
            if b.script:
                action = b.script.pop(0)
            elif b.fail_after is not None and self.answered >= b.fail_after:
                action = b.then
            else:
                action = b.default
            self.times.append((time.monotonic(), action))
            return action

    def record(self, texts: list[str]) -> None:
        with self.lock:
            self.answered += 1
            self.texts.update(texts)

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up on a stalled answer closes its end: expected, not worth a traceback

    def __enter__(self) -> MTServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    server: MTServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms delayed-ACK stall

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        action = self.server.next_action()
        with self.server.lock:
            self.server.in_flight += 1
            self.server.max_in_flight = max(self.server.max_in_flight, self.server.in_flight)
        try:
            self._act(action, parts, query, body)
        finally:
            with self.server.lock:
                self.server.in_flight -= 1

    def _act(self, action: str, parts, query: dict[str, str], body: bytes) -> None:
        behaviour = self.server.behaviour
        if behaviour.latency:
            time.sleep(behaviour.latency)
        if action == "stall":
            self.server.released.wait(behaviour.stall)
        if action == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if action in ("429", "500", "503"):
            headers = {"Retry-After": behaviour.retry_after} if action == "429" else {}
            return self._send(int(action), {"error": "busy" if action == "429" else "internal error"}, headers)
        key = self._key(query, body)
        if key is not None:
            self.server.seen_keys.append(key)
        if action == "403" or (behaviour.key is not None and key != behaviour.key):
            return self._send(403, {"error": "Invalid API key", "message": "Forbidden"})

        if parts.path == "/m":
            return self._google(query)
        if parts.path == "/get":
            return self._mymemory(query)
        if parts.path == "/translate" and "api-version" in query:
            return self._microsoft(query, body)
        if parts.path == "/translate":
            return self._libre(query, body)
        if parts.path == "/v2/translate":
            return self._deepl(body)
        if parts.path == "/v2/glossaries":
            return self._deepl_glossary(body)
        return self._send(404, {"error": "not found"})

    def _key(self, query: dict[str, str], body: bytes) -> str | None:
        if "api_key" in query:
            return query["api_key"]
        is_form = self.headers.get("Content-Type", "").startswith("application/x-www-form")
        form = parse_qs(body.decode("utf-8", "replace")) if is_form else {}
        if "api_key" in form:  # LibreTranslate reads it from a form body too
            return form["api_key"][-1]
        if self.headers.get("Ocp-Apim-Subscription-Key"):
            return self.headers["Ocp-Apim-Subscription-Key"]
        auth = self.headers.get("Authorization", "")
        if auth.startswith("DeepL-Auth-Key "):
            return auth.removeprefix("DeepL-Auth-Key ")
        return None

    def _out(self, text: str, target: str) -> str:
        answer = fake_translation(text, target)
        return TOKEN.sub("", answer) if self.server.behaviour.drop_tokens else answer

    # --- the protocols ---------------------------------------------------------------

    def _google(self, query: dict[str, str]) -> None:
        text, target = query["q"], query["tl"]
        page = f'<html><body><div class="result-container">{html.escape(self._out(text, target))}</div></body></html>'
        self._send(200, page, content_type="text/html; charset=utf-8", texts=[text])

    def _mymemory(self, query: dict[str, str]) -> None:
        text = query["q"]
        target = query["langpair"].split("|")[1]
        if self.server.behaviour.default == "quota":  # what MyMemory really does: HTTP 200, the warning as text
            warning = "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY."
            return self._send(200, {"responseData": {"translatedText": warning}, "responseStatus": 429, "matches": []})
        self._send(200, {"responseData": {"translatedText": self._out(text, target)}, "matches": []}, texts=[text])

    def _libre(self, query: dict[str, str], body: bytes) -> None:
        fields = query or {k: v[-1] for k, v in parse_qs(body.decode()).items()}
        text, target = fields["q"], fields["target"]
        self._send(200, {"translatedText": self._out(text, target)}, texts=[text])

    def _microsoft(self, query: dict[str, str], body: bytes) -> None:
        items = json.loads(body)
        texts = [item["text"] for item in items]
        target = query["to"]
        self._send(200, [{"translations": [{"text": self._out(t, target), "to": target}]} for t in texts], texts=texts)

    def _deepl(self, body: bytes) -> None:
        request = json.loads(body)
        texts, target = request["text"], request["target_lang"]
        glossary = self.server_glossaries().get(request.get("glossary_id", ""), {})
        out = []
        for text in texts:
            answer = self._out(text, target)
            for source_term, target_term in glossary.items():  # whole words, as DeepL matches glossary entries
                answer = re.sub(rf"(?<!\w){re.escape(source_term)}(?!\w)", lambda _m, t=target_term: t, answer)
            out.append({"detected_source_language": "EN", "text": answer, "billed_characters": len(text)})
        self._send(200, {"translations": out}, texts=texts)

    def server_glossaries(self) -> dict[str, dict[str, str]]:
        if not hasattr(self.server, "glossaries"):
            self.server.glossaries = {}
        return self.server.glossaries

    def _deepl_glossary(self, body: bytes) -> None:
        request = json.loads(body)
        entries = dict(line.split("\t", 1) for line in request["entries"].splitlines() if line)
        glossary_id = f"g{len(self.server_glossaries()) + 1}"
        self.server_glossaries()[glossary_id] = entries
        self._send(201, {
            "glossary_id": glossary_id, "name": request["name"], "ready": True,
            "source_lang": request["source_lang"], "target_lang": request["target_lang"],
            "creation_time": "2026-01-01T00:00:00.000000Z", "entry_count": len(entries),
        })  # fmt: skip

    def _send(
        self,
        status: int,
        payload,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
        texts: list[str] | None = None,
    ) -> None:
        """Answer; count ``texts`` as translated only once the answer is written."""
        data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        if texts is not None:
            self.server.record(texts)
