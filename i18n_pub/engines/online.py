"""Google, Microsoft, LibreTranslate and MyMemory through deep-translator's clients.

deep-translator builds each provider's request for us, but sends one text per
call with module-level ``requests.get``/``requests.post`` and no timeout, so a
stalled connection hangs forever and a 429's ``Retry-After`` is invisible. Two
things fix that without forking its clients:

* Inside the four client modules, the name ``requests`` is bound to
  :class:`_RequestsWithTimeout`. Outside an i18n-pub engine call (no exchange
  set on the calling thread) it hands straight through to ``requests``, so
  any other user of deep-translator in the process sees no change. Inside one,
  each call goes through the worker thread's own ``requests.Session`` with the
  engine's timeout, the status and ``Retry-After`` of the answer are recorded
  for the retry logic, and transport errors are raised as
  :class:`_TransportError`, which deep-translator's clients do not catch (its
  Microsoft client otherwise swallows them, logs a warning and crashes).
  ``socket.setdefaulttimeout`` would not do: requests passes ``timeout=None``
  explicitly, which urllib3 turns into a blocking socket.
* Each worker thread gets its own client object: the clients keep the text
  being sent in ``self._url_params``, so one object shared by threads would
  send one thread's text for another.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from i18n_pub.engines.remote import Fatal, OnResult, Policy, Retry, Runner, classify_status, read_key
from i18n_pub.errors import ConfigError

_CLIENT_MODULES = ("deep_translator.google", "deep_translator.libre", "deep_translator.microsoft", "deep_translator.mymemory")
_local = threading.local()


@dataclass
class _Exchange:
    """One request made for an engine on this thread: how to send it, and what came back."""

    session: requests.Session
    timeout: float
    status: int | None = None
    retry_after: str | None = None
    response: requests.Response | None = None


class _TransportError(Exception):
    """No HTTP answer. Deliberately not a ``RequestException``: the clients must not swallow it."""

    def __init__(self, error: requests.RequestException, url: str) -> None:
        super().__init__(type(error).__name__)
        self.error = error
        self.host = urlsplit(url).hostname or "?"
        self.port = urlsplit(url).port


class _RequestsWithTimeout:
    """Stands in for the ``requests`` module inside deep-translator's client modules (see the module doc)."""

    exceptions = requests.exceptions

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url: str, data: Any = None, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, data=data, json=json, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        exchange: _Exchange | None = getattr(_local, "exchange", None)
        if exchange is None:
            return requests.request(method, url, **kwargs)
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = exchange.timeout
        try:
            response = exchange.session.request(method, url, **kwargs)
        except requests.RequestException as error:
            raise _TransportError(error, url) from None
        exchange.status = response.status_code
        exchange.retry_after = response.headers.get("Retry-After")
        exchange.response = response
        return response


def _install() -> None:
    for name in _CLIENT_MODULES:
        module = importlib.import_module(name)
        if not isinstance(getattr(module, "requests", None), _RequestsWithTimeout):
            module.requests = _RequestsWithTimeout()


def classify_transport(error: requests.RequestException, host: str, port: int | None, timeout: float) -> Exception:
    where = f"{host}:{port}" if port else host
    if isinstance(error, requests.Timeout):
        return Retry(f"no answer from {where} within {timeout:g} s (timeout)")
    if isinstance(error, requests.ConnectionError):
        text = str(error)
        if "refused" in text.lower():
            return Retry(f"cannot connect to {where} (connection refused)")
        if "resolve" in text.lower() or "name or service" in text.lower():
            return Retry(f"cannot resolve {host}")
        return Retry(f"the connection to {where} failed or dropped")
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return Retry(f"the connection to {where} dropped mid-answer")
    return Fatal(f"the request to {where} failed ({type(error).__name__})")


def _status_in_body(response: requests.Response | None) -> int | None:
    """A failure status that a JSON answer carries inside an HTTP 200 (MyMemory's ``responseStatus``)."""
    if response is None or "json" not in response.headers.get("Content-Type", ""):
        return None
    try:
        status = int(response.json().get("responseStatus", 200))
    except (ValueError, TypeError, AttributeError):
        return None
    return None if 200 <= status < 300 else status


def pick_code(code: str, supported: Iterable[str]) -> str | None:
    """The client's code for a BCP 47 language: exact, else the base language, else its usual region.

    >>> pick_code("fr", ["de", "fr"]), pick_code("pt-BR", ["pt", "es"]), pick_code("zh-CN", ["zh-CN"])
    ('fr', 'pt', 'zh-CN')
    >>> pick_code("fr", ["fr-CA", "fr-FR"]), pick_code("ar", ["ar-EG", "ar-SA"]), pick_code("xx", ["fr"])
    ('fr-FR', 'ar-EG', None)
    """
    supported = list(supported)
    lowered = {c.lower(): c for c in supported}
    base = code.split("-")[0].lower()
    for candidate in (code.lower(), base, f"{base}-{base}"):
        if candidate in lowered:
            return lowered[candidate]
    variants = [c for c in supported if c.lower().split("-")[0] == base]
    return variants[0] if variants else None


@dataclass(frozen=True)
class _Family:
    """What differs between the deep-translator clients."""

    make: Callable[[OnlineEngine, str, str], Any]  # (engine, source code, target code) → client
    languages: Callable[[], Iterable[str]] | None  # the client's fixed language table, if it has one
    max_chars: int  # longest text one request may carry
    needs_key: bool
    # Placeholder shape for masked spans (a name in masking.SHAPES): braces, ``{0}``, avoid
    # every shape reported broken: Google's ``%s`` → ``% s`` and ``__x__`` in
    # Arabic, LibreTranslate's squeezed ``###T01###``, DeepL's ``{{2}}`` → ``{3}}``.
    token_shape: str = "braces"


def _google(engine: OnlineEngine, source: str, target: str):
    from deep_translator import GoogleTranslator

    client = GoogleTranslator(source=source, target=target)
    if engine.url:
        client._base_url = engine.url  # the client reads BASE_URLS only once, into this attribute
    return client


def _libre(engine: OnlineEngine, source: str, target: str):
    from deep_translator import LibreTranslator

    url = (engine.url or "https://libretranslate.com/").rstrip("/") + "/"
    # deep-translator insists on a key even for a server that needs none; send none then.
    client = LibreTranslator(source=source, target=target, api_key=engine.key or "unused", custom_url=url)
    client.api_key = engine.key
    return client


def _mymemory(engine: OnlineEngine, source: str, target: str):
    from deep_translator import MyMemoryTranslator

    client = MyMemoryTranslator(source=source, target=target)
    if engine.url:
        client._base_url = engine.url
    return client


def _microsoft(engine: OnlineEngine, source: str, target: str):
    from deep_translator import MicrosoftTranslator

    class _Microsoft(MicrosoftTranslator):
        # The stock client downloads the language list from the public endpoint in its
        # constructor; the service itself rejects a language it lacks, so skip that call.
        def _get_supported_languages(self) -> dict[str, str]:
            return {source: source, target: target}

    client = _Microsoft(source=source, target=target, api_key=engine.key, region=engine.region)
    if engine.url:
        client._base_url = engine.url.rstrip("/") + "/translate?api-version=3.0"
    return client


def _table(name: str) -> Callable[[], Iterable[str]]:
    def values() -> Iterable[str]:
        from deep_translator import constants

        return getattr(constants, name).values()

    return values


FAMILIES: Mapping[str, _Family] = {
    "google": _Family(_google, _table("GOOGLE_LANGUAGES_TO_CODES"), max_chars=4900, needs_key=False),
    "libre": _Family(_libre, _table("LIBRE_LANGUAGES_TO_CODES"), max_chars=5000, needs_key=False),
    "mymemory": _Family(_mymemory, _table("MY_MEMORY_LANGUAGES_TO_CODES"), max_chars=480, needs_key=False),
    "microsoft": _Family(_microsoft, None, max_chars=10000, needs_key=True),
}


class OnlineEngine:
    """One of the deep-translator engines, concurrent, with timeouts and retries."""

    def __init__(self, name: str, settings: Mapping[str, Any]) -> None:
        self.name = name
        self.family = FAMILIES[name]
        self.url: str | None = settings.get("url")
        self.region: str | None = settings.get("region")
        self.key = read_key(name, required=self.family.needs_key)
        self.policy = Policy.from_settings(settings)
        self.max_chars = int(settings.get("max-chars", self.family.max_chars))
        self.token_shape = self.family.token_shape
        _install()

    def _code(self, language: str) -> str:
        if self.family.languages is None:
            return language
        code = pick_code(language, self.family.languages())
        if code is None:
            raise ConfigError(
                f"engine {self.name!r} does not translate {language!r}",
                fix=f"choose another engine for {language} in [tool.i18n-pub.engines]",
            )
        return code

    def translate(self, texts: Sequence[str], source: str, target: str, on_result: OnResult | None = None) -> list[str]:
        pair = self._code(source), self._code(target)
        threads = threading.local()
        sessions: list[requests.Session] = []
        lock = threading.Lock()

        def per_thread() -> tuple[Any, requests.Session]:
            if not hasattr(threads, "client"):
                threads.session = requests.Session()
                with lock:
                    sessions.append(threads.session)
                threads.client = self.family.make(self, *pair)
            return threads.client, threads.session

        def send_once(text: str) -> str:
            client, session = per_thread()
            exchange = _local.exchange = _Exchange(session, self.policy.timeout)
            try:
                answer = client.translate(text)
            except _TransportError as exc:
                raise classify_transport(exc.error, exc.host, exc.port, self.policy.timeout) from None
            except Exception as exc:  # the client's own error (or crash) over a failed or odd answer
                if exchange.status is not None and not 200 <= exchange.status < 300:
                    raise classify_status(exchange.status, exchange.retry_after, self.name) from None
                raise Fatal(f"an answer could not be read ({type(exc).__name__})") from None
            finally:
                _local.exchange = None
            if exchange.status is not None and not 200 <= exchange.status < 300:
                raise classify_status(exchange.status, exchange.retry_after, self.name)
            inner = _status_in_body(exchange.response)
            if inner is not None:  # MyMemory says "quota used up" with HTTP 200 and the warning as the "translation"
                raise classify_status(inner, exchange.retry_after, self.name)
            if answer is None:  # Google's answer to a text without letters or digits ("!!!")
                return text
            if not isinstance(answer, str):
                raise Fatal(f"an answer could not be read ({type(answer).__name__})")
            return answer

        try:
            runner = Runner(self.name, self.policy, self.max_chars, [self.key])
            return runner.run(texts, source, target, lambda pieces: [send_once(piece) for piece in pieces], on_result)
        finally:
            for session in sessions:
                session.close()
