"""Google, Microsoft, LibreTranslate and MyMemory: their HTTP protocols, spoken through :mod:`.http`.

deep-translator's clients send each request with the module-level
``requests.get``/``requests.post``: no session, no timeout, no bound on the
answer's size, and no way to pass any of them in (its Microsoft client even
swallows transport errors). Replacing ``requests`` inside its modules would
change them for the whole process, so i18n-pub speaks the four small
protocols itself, each request bounded in time and size (see :mod:`.http`),
and keeps from deep-translator what it does well: each service's endpoint and
its table of language codes (``deep_translator.constants``).

Each protocol is two functions: one builds the request for one text, the other
reads the answer into the translation or a :class:`~.remote.Failure` (a
``null``, an empty or a malformed answer is a failure, never a translation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from i18n_pub.engines import EngineResult, OnResult
from i18n_pub.engines.http import Reply, Transport
from i18n_pub.engines.remote import Attempt, Failure, RetryPolicy, Runner, classify_status, read_key, unreadable
from i18n_pub.errors import ConfigError


@dataclass(frozen=True)
class _Request:
    method: str
    url: str
    params: Mapping[str, str] | None = None
    form: Mapping[str, str] | None = None
    json_body: object = None
    headers: Mapping[str, str] | None = None


def pick_code(code: str, supported: Iterable[str]) -> str | None:
    """The service's code for a BCP 47 language: exact, else the base language, else its usual region.

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


# --- the four protocols --------------------------------------------------------------


def _google(engine: OnlineEngine, text: str, source: str, target: str) -> _Request:
    return _Request("GET", engine.url or _base_url("GOOGLE_TRANSLATE"), params={"tl": target, "sl": source, "q": text.strip()})


def _read_google(reply: Reply) -> str | Failure:
    """The text of the page's result ``<div>`` (class ``t0``, or ``result-container`` on newer pages)."""
    try:
        page = lxml_html.document_fromstring(reply.text())
    except (etree.ParserError, ValueError):
        return unreadable("not an HTML page")
    for name in ("t0", "result-container"):
        found_all = page.xpath(f'//div[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')
        for found in found_all if isinstance(found_all, list) else []:
            if isinstance(found, lxml_html.HtmlElement):
                return str(found.text_content()).strip()
    return unreadable("no translation on the page")


def _libre(engine: OnlineEngine, text: str, source: str, target: str) -> _Request:
    url = (engine.url or _base_url("LIBRE")).rstrip("/") + "/translate"
    form = {"q": text, "source": source, "target": target, "format": "text"}
    return _Request("POST", url, form={**form, "api_key": engine.key} if engine.key else form)  # a key in the body, not the url


def _read_libre(reply: Reply) -> str | Failure:
    data = reply.json()
    return data if isinstance(data, Failure) else _text_at(data, "translatedText")


def _mymemory(engine: OnlineEngine, text: str, source: str, target: str) -> _Request:
    return _Request("GET", engine.url or _base_url("MYMEMORY"), params={"langpair": f"{source}|{target}", "q": text.strip()})


def _read_mymemory(reply: Reply) -> str | Failure:
    """MyMemory says "quota used up" with HTTP 200, a ``responseStatus`` of 429 and the warning as the "translation"."""
    data = reply.json()
    if isinstance(data, Failure):
        return data
    status = data.get("responseStatus", 200) if isinstance(data, dict) else 200
    if isinstance(status, (int, str)) and str(status).isdigit() and not 200 <= int(status) < 300:
        return classify_status(int(status), reply.retry_after, "mymemory")
    return _text_at(data, "responseData", "translatedText")


def _microsoft(engine: OnlineEngine, text: str, source: str, target: str) -> _Request:
    url = engine.url.rstrip("/") + "/translate?api-version=3.0" if engine.url else _base_url("MICROSOFT_TRANSLATE")
    headers = {"Ocp-Apim-Subscription-Key": engine.key or ""}
    if engine.region:
        headers["Ocp-Apim-Subscription-Region"] = engine.region
    return _Request("POST", url, params={"from": source, "to": target}, json_body=[{"text": text}], headers=headers)


def _read_microsoft(reply: Reply) -> str | Failure:
    data = reply.json()
    return data if isinstance(data, Failure) else _text_at(data, 0, "translations", 0, "text")


def _text_at(data: Any, *path: str | int) -> str | Failure:
    """The string at ``path`` in a JSON answer; anything else (``null`` included) is a failure.

    >>> _text_at({"a": [{"b": "x"}]}, "a", 0, "b")
    'x'
    >>> _text_at({"translatedText": None}, "translatedText").cause
    'an answer could not be read (null instead of a text)'
    """
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return unreadable(f"no {step!r} in it")
    if data is None:
        return unreadable("null instead of a text")
    if not isinstance(data, str):
        return unreadable(f"{type(data).__name__} instead of a text")
    return data


def _base_url(name: str) -> str:
    from deep_translator.constants import BASE_URLS

    return str(BASE_URLS[name])


def _table(name: str) -> Callable[[], Iterable[str]]:
    def values() -> Iterable[str]:
        from deep_translator import constants

        return getattr(constants, name).values()  # type: ignore[no-any-return]

    return values


@dataclass(frozen=True)
class _Family:
    """What differs between the services."""

    ask: Callable[[OnlineEngine, str, str, str], _Request]  # (engine, text, source code, target code) → request
    read: Callable[[Reply], str | Failure]
    languages: Callable[[], Iterable[str]] | None  # the service's language codes, if there is a fixed table
    max_chars: int  # longest text one request may carry
    needs_key: bool
    # Placeholder shape for masked spans (a name in masking.SHAPES): braces, ``{0}``, avoid
    # every shape reported broken: Google's ``%s`` → ``% s`` and ``__x__`` in
    # Arabic, LibreTranslate's squeezed ``###T01###``, DeepL's ``{{2}}`` → ``{3}}``.
    token_shape: str = "braces"


FAMILIES: Mapping[str, _Family] = {
    "google": _Family(_google, _read_google, _table("GOOGLE_LANGUAGES_TO_CODES"), max_chars=4900, needs_key=False),
    "libre": _Family(_libre, _read_libre, _table("LIBRE_LANGUAGES_TO_CODES"), max_chars=5000, needs_key=False),
    "mymemory": _Family(_mymemory, _read_mymemory, _table("MY_MEMORY_LANGUAGES_TO_CODES"), max_chars=480, needs_key=False),
    "microsoft": _Family(_microsoft, _read_microsoft, None, max_chars=10000, needs_key=True),
}


class OnlineEngine:
    """One of the four services, concurrent, with total timeouts, size limits and retries."""

    def __init__(self, name: str, settings: Mapping[str, Any]) -> None:
        self.name = name
        self.family = FAMILIES[name]
        self.url: str | None = settings.get("url")
        self.region: str | None = settings.get("region")
        self.key = read_key(name, required=self.family.needs_key)
        self.policy = RetryPolicy.from_settings(settings)
        self.max_chars = int(settings.get("max-chars", self.family.max_chars))
        self.token_shape = self.family.token_shape

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

    def translate(self, texts: Sequence[str], source: str, target: str, on_result: OnResult | None = None) -> EngineResult:
        source_code, target_code = self._code(source), self._code(target)
        transport = Transport(self.policy.timeout, self.policy.max_answer_bytes)

        def send(pieces: list[str]) -> Attempt:
            answers: list[str] = []
            for piece in pieces:
                answer = self._send_one(transport, piece, source_code, target_code)
                if isinstance(answer, Failure):
                    return answer
                answers.append(answer)
            return answers

        try:
            return Runner(self.name, self.policy, self.max_chars, [self.key]).run(texts, source, target, send, on_result)
        finally:
            transport.close()

    def _send_one(self, transport: Transport, text: str, source: str, target: str) -> str | Failure:
        request = self.family.ask(self, text, source, target)
        reply = transport.request(
            request.method, request.url, params=request.params, form=request.form, json_body=request.json_body, headers=request.headers
        )
        if isinstance(reply, Failure):
            return reply
        if not reply.ok:
            return classify_status(reply.status, reply.retry_after, self.name)
        return self.family.read(reply)
