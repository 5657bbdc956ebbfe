"""Fetch a feed over http(s), bounded in total time and in size, following redirects only to http(s).

``http.client`` rather than ``urllib``: its socket is public, so every blocking step (connect,
send, each read) gets the time that is *left*, and a server that trickles a byte at a time cannot
stretch the fetch past its deadline (a per-read timeout, as urllib and requests have, can).
No proxy from the environment is used.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from i18n_pub import __version__
from i18n_pub.errors import FeedError

SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
_CHUNK = 1 << 16
_SAFE = "/%:@!$&'()*+,;=?~"  # kept as written in a path or query: only other characters are percent-encoded
_HEADERS = {
    "User-Agent": f"i18n-pub/{__version__} (feed import)",
    "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    "Accept-Encoding": "identity",
}


@dataclass(frozen=True)
class Limits:
    timeout: float = 30.0  # seconds for the whole fetch, redirects included
    max_bytes: int = 20 * 1024 * 1024


def is_url(source: str) -> bool:
    """
    >>> is_url("https://example.org/feed/"), is_url("feed.xml"), is_url("ftp://x/feed"), is_url("http://[::1/")
    (True, False, False, False)
    """
    try:
        return urlsplit(source).scheme.lower() in SCHEMES and bool(urlsplit(source).hostname)
    except ValueError:  # an address Python cannot split (a broken IPv6 literal, a bad port)
        return False


def fetch(url: str, limits: Limits = Limits()) -> bytes:
    """The body of a 200 answer for ``url``; anything else is a :class:`FeedError` naming ``url``."""
    deadline = time.monotonic() + limits.timeout
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            location, body = _get(current, deadline, limits)
        except TimeoutError:
            raise _error(
                url, f"no complete answer within {limits.timeout:g} s", "check the address, or give more time with --timeout"
            ) from None
        except (OSError, ValueError, http.client.HTTPException) as exc:  # ValueError: a bad port, host or path
            raise _error(url, f"cannot fetch the feed: {exc}", "check the address and that the site is up") from None
        if location is None:
            return body
        target = urljoin(current, location)
        if urlsplit(target).scheme.lower() not in SCHEMES:
            raise _error(
                url,
                f"redirected to a {urlsplit(target).scheme or 'relative'} address, not http(s)",
                "give the feed's final http(s) address",
            )
        current = target
    raise _error(url, f"more than {MAX_REDIRECTS} redirects", "give the feed's final address")


def _error(url: str, what: str, fix: str) -> FeedError:
    return FeedError(what, path=url, fix=fix)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _connection(url: str, deadline: float) -> tuple[http.client.HTTPConnection, str]:
    parts = urlsplit(url)
    if not parts.hostname:
        raise OSError("the address names no host")
    host = parts.hostname.encode("idna").decode("ascii")  # an international domain name, as DNS knows it
    timeout = _remaining(deadline)
    if parts.scheme.lower() == "https":
        context = ssl.create_default_context()
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(host, parts.port, timeout=timeout, context=context)
    else:
        conn = http.client.HTTPConnection(host, parts.port, timeout=timeout)
    target = quote(parts.path or "/", safe=_SAFE) + (f"?{quote(parts.query, safe=_SAFE)}" if parts.query else "")
    return conn, target


def _get(url: str, deadline: float, limits: Limits) -> tuple[str | None, bytes]:
    """(redirect target, b"") for a redirect, (None, body) for a 200 answer."""
    conn, target = _connection(url, deadline)
    try:
        conn.connect()
        sock = conn.sock  # kept: the connection lets go of it once the response owns it
        assert sock is not None
        sock.settimeout(_remaining(deadline))
        conn.request("GET", target, headers=_HEADERS)
        sock.settimeout(_remaining(deadline))
        response = conn.getresponse()
        if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
            return response.getheader("Location"), b""
        if response.status != 200:
            raise _error(url, f"the server answered HTTP {response.status} {response.reason}", "check the feed's address")
        return None, _read_body(sock, response, url, deadline, limits)
    finally:
        conn.close()


def _read_body(sock: socket.socket, response: http.client.HTTPResponse, url: str, deadline: float, limits: Limits) -> bytes:
    too_big = _error(
        url, f"the answer is larger than {limits.max_bytes:,} bytes", "import a smaller feed, or download the export and import the file"
    )
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limits.max_bytes:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    while True:
        sock.settimeout(_remaining(deadline))
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.max_bytes:
            raise too_big
        chunks.append(chunk)
