"""HTTP for the online engines: every request bounded in total time and in answer size.

The standard library's ``http.client``, one keep-alive connection per thread and
server, owned by a :class:`Transport` (nothing process-wide is changed). A
per-read timeout is not enough: a server that drips one byte a second never
trips it and holds the request forever. So each read and write on the socket
gets as its timeout the time left before the request's deadline, from the
connection to the answer's last byte; and the body is read in pieces and
refused as soon as it passes the size limit, so a huge answer costs at most
the limit in memory. Both are :class:`~i18n_pub.engines.remote.Failure` values,
as are refused or dropped connections; nothing here raises.

Proxies from the environment (``HTTPS_PROXY``) are not used.
"""

from __future__ import annotations

import http.client
import io
import json
import math
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from i18n_pub.engines.remote import Failure, unreadable

_PIECE = 65536  # bytes asked of the socket per read


@dataclass(frozen=True)
class Reply:
    """A complete HTTP answer."""

    status: int
    body: bytes
    content_type: str = ""
    retry_after: str | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any | Failure:
        """The body as JSON, or why it is not."""
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
            return unreadable("not JSON")


class _DeadlineSocket:
    """A connected socket whose every send and receive may take only the time left before ``deadline``."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.deadline = math.inf

    def _arm(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline")
        self.sock.settimeout(left)

    def sendall(self, data: bytes) -> None:
        self._arm()
        self.sock.sendall(data)

    def makefile(self, mode: str = "rb", *args: object, **kwargs: object) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self))

    def close(self) -> None:
        self.sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)


class _DeadlineReader(io.RawIOBase):
    """The socket's own reader (which keeps the socket open while an answer is read after the connection
    is closed, as ``http.client`` does), each read armed with the time left."""

    def __init__(self, owner: _DeadlineSocket) -> None:
        super().__init__()
        self.owner = owner
        self.raw = owner.sock.makefile("rb", buffering=0)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.owner._arm()
        return self.raw.readinto(buffer) or 0  # None only for a non-blocking socket, which this is not

    def close(self) -> None:
        self.raw.close()
        super().close()


@dataclass(frozen=True)
class _Request:
    method: str
    scheme: str
    host: str
    port: int | None
    target: str  # path and query
    body: bytes | None
    headers: Mapping[str, str]

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}" if self.port else self.host


class Transport:
    """Sends requests for one engine run; call :meth:`close` at the end."""

    def __init__(self, timeout: float, max_bytes: int) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._local = threading.local()
        self._all: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
        json_body: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> Reply | Failure:
        """One request, at most ``timeout`` seconds from start to the answer's last byte."""
        built = _build(method, url, params, form, json_body, headers or {})
        if isinstance(built, Failure):
            return built
        deadline = time.monotonic() + self.timeout
        for fresh in (False, True):  # a kept-alive connection the server has closed meanwhile: once more, new
            connection, reused = self._connection(built, fresh)
            try:
                return self._exchange(connection, built, deadline)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
                self._drop(built)
                if not reused:
                    return self._failure(error, built, deadline)
            except (OSError, http.client.HTTPException) as error:
                self._drop(built)
                return self._failure(error, built, deadline)
        return self._failure(ConnectionResetError(), built, deadline)

    def _exchange(self, connection: http.client.HTTPConnection, request: _Request, deadline: float) -> Reply | Failure:
        if connection.sock is None:
            connection.timeout = max(0.001, deadline - time.monotonic())
            connection.connect()
            connection.sock = _DeadlineSocket(connection.sock)  # type: ignore[arg-type]
        wrapped: object = connection.sock
        if isinstance(wrapped, _DeadlineSocket):
            wrapped.deadline = deadline
        connection.request(request.method, request.target, body=request.body, headers=dict(request.headers))
        response = connection.getresponse()
        length = response.getheader("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            self._drop(request)
            return self._too_big(request)
        body = bytearray()
        while piece := response.read1(_PIECE):
            body += piece
            if len(body) > self.max_bytes:
                self._drop(request)
                return self._too_big(request)
        response.close()  # read to the end: the connection may serve the next request
        if response.will_close:
            self._drop(request)
        return Reply(response.status, bytes(body), response.getheader("Content-Type", ""), response.getheader("Retry-After"))

    def _too_big(self, request: _Request) -> Failure:
        return Failure(
            f"the answer from {request.where} is longer than {self.max_bytes:,} bytes",
            fix="check the engine's url, or raise max-answer-bytes in its [tool.i18n-pub.engine.…] table",
        )

    def _failure(self, error: BaseException, request: _Request, deadline: float) -> Failure:
        where = request.where
        if isinstance(error, TimeoutError) or time.monotonic() >= deadline:
            return Failure(f"no answer from {where} within {self.timeout:g} s (timeout)", retry=True)
        if isinstance(error, ConnectionRefusedError):
            return Failure(f"cannot connect to {where} (connection refused)", retry=True)
        if isinstance(error, socket.gaierror):
            return Failure(f"cannot resolve {request.host}", retry=True)
        if isinstance(error, ssl.SSLCertVerificationError):
            return Failure(f"the TLS certificate of {request.host} was refused", fix="check the engine's url")
        return Failure(f"the connection to {where} failed or dropped", retry=True)

    def _connection(self, request: _Request, fresh: bool) -> tuple[http.client.HTTPConnection, bool]:
        """This thread's connection to the request's server, and whether it served a request before."""
        connections: dict[tuple[str, str, int | None], http.client.HTTPConnection] = self._local.__dict__.setdefault("by_origin", {})
        origin = (request.scheme, request.host, request.port)
        if fresh or origin not in connections:
            self._drop(request)
            if request.scheme == "https":
                connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                    request.host, request.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                connection = http.client.HTTPConnection(request.host, request.port, timeout=self.timeout)
            connections[origin] = connection
            with self._lock:
                self._all.append(connection)
            return connection, False
        return connections[origin], True

    def _drop(self, request: _Request) -> None:
        connections = self._local.__dict__.get("by_origin", {})
        connection = connections.pop((request.scheme, request.host, request.port), None)
        if connection is not None:
            connection.close()

    def close(self) -> None:
        with self._lock:
            for connection in self._all:
                connection.close()
            self._all.clear()


def _build(
    method: str,
    url: str,
    params: Mapping[str, str] | None,
    form: Mapping[str, str] | None,
    json_body: object,
    headers: Mapping[str, str],
) -> _Request | Failure:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Failure(f"the url {parts.scheme}://… is not http or https", fix="set url to an http:// or https:// address")
    try:
        port = parts.port
    except ValueError:
        return Failure("the url has a bad port", fix="check the engine's url")
    query = "&".join(q for q in (parts.query, urlencode(params or {})) if q)
    target = (parts.path or "/") + (f"?{query}" if query else "")
    sent = {"User-Agent": "i18n-pub", "Accept-Encoding": "identity", **headers}
    body: bytes | None = None
    if form is not None:
        body = urlencode(form).encode()
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
    elif json_body is not None:
        body = json.dumps(json_body, ensure_ascii=False).encode()
        sent.setdefault("Content-Type", "application/json")
    return _Request(method, parts.scheme, parts.hostname, port, target, body, sent)
