"""DeepL through DeepL's own ``deepl`` client (deep-translator's DeepL class no longer works).

Several texts go in one ``/v2/translate`` request, several requests at a time.
The client's own retry loop is turned off (``deepl.http_client.max_network_retries``,
its documented setting) so the shared :class:`~i18n_pub.engines.remote.Runner`
retries the same way for every engine; an adapter mounted on the client's
``requests`` session applies our timeout and records each answer's status and
``Retry-After``, which the client's exceptions do not carry.

Our glossary can be sent as a DeepL native glossary (``set_glossary``); the
masking and the check after translation still apply.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from i18n_pub.engines.online import classify_transport
from i18n_pub.engines.remote import Fatal, OnResult, Policy, Retry, Runner, classify_status, read_key, redact
from i18n_pub.errors import EngineError

BATCH = 25  # texts per request (the API takes up to 50)
_client_settings_lock = threading.Lock()


def deepl_target(language: str) -> str:
    """DeepL's target code for a BCP 47 language.

    >>> deepl_target("fr"), deepl_target("pt-BR"), deepl_target("en"), deepl_target("zh")
    ('FR', 'PT-BR', 'EN-GB', 'ZH-HANS')
    """
    code = language.upper()
    return {"EN": "EN-GB", "PT": "PT-PT", "ZH": "ZH-HANS"}.get(code, code)


class _RecordingAdapter(HTTPAdapter):
    """Our timeout on every request, and the last answer's status and Retry-After per thread."""

    def __init__(self, timeout: float, pool: int) -> None:
        super().__init__(pool_connections=1, pool_maxsize=pool)
        self.timeout = timeout
        self.last = threading.local()

    def send(self, request, **kwargs):  # type: ignore[override]
        kwargs["timeout"] = self.timeout
        self.last.status = self.last.retry_after = None
        response = super().send(request, **kwargs)
        self.last.status = response.status_code
        self.last.retry_after = response.headers.get("Retry-After")
        return response


class DeepLEngine:
    name = "deepl"
    token_shape = "braces"  # single braces, {0}: DeepL has turned double ones, {{2}}, into {3}}

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.url: str | None = settings.get("url")
        self.formality: str | None = settings.get("formality")
        self.use_glossary: bool = settings.get("glossary", True)
        self.key = read_key("deepl", required=True)
        self.policy = Policy.from_settings(settings)
        self.max_chars = int(settings.get("max-chars", 30000))
        self.glossary: dict[str, str] = {}
        self._glossary_ids: dict[tuple[str, str], str] = {}

    def set_glossary(self, entries: Mapping[str, str]) -> None:
        """Terms (English → required form) to send as a DeepL glossary with every request."""
        self.glossary = {source: target for source, target in entries.items() if source and target} if self.use_glossary else {}

    @property
    def cache_key(self) -> str:
        """Answers depend on the glossary sent, so it is part of the cache key."""
        if not self.glossary:
            return self.name
        digest = hashlib.sha256(repr(sorted(self.glossary.items())).encode()).hexdigest()[:12]
        return f"{self.name}+glossary:{digest}"

    def translate(self, texts: Sequence[str], source: str, target: str, on_result: OnResult | None = None) -> list[str]:
        import deepl

        translator = deepl.Translator(self.key, server_url=self.url) if self.url else deepl.Translator(self.key)
        adapter = _RecordingAdapter(self.policy.timeout, max(1, self.policy.concurrency))
        session: requests.Session = translator._client._session  # the client's own session; no public hook
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        where = urlsplit(translator.server_url)
        source_code, target_code = source.split("-")[0].upper(), deepl_target(target)

        def failure(exc: Exception) -> Exception:
            cause = exc.__cause__
            if isinstance(cause, requests.RequestException):
                return classify_transport(cause, where.hostname or "?", where.port, self.policy.timeout)
            status = adapter.last.status
            if status is not None and not 200 <= status < 300:
                return classify_status(status, adapter.last.retry_after, self.name)
            return Fatal(f"an answer could not be read ({type(exc).__name__}: {redact(str(exc), [self.key])[:120]})")

        options: dict[str, Any] = {"source_lang": source_code, "target_lang": target_code}
        if self.formality:
            options["formality"] = self.formality
        glossary_id = self._glossary_id(translator, source_code, target_code, failure, source, target)
        if glossary_id:
            options["glossary"] = glossary_id

        def send(pieces: list[str]) -> list[str]:
            try:
                results = translator.translate_text(pieces, **options)
            except Exception as exc:  # noqa: BLE001 - the client itself chokes on some hostile answers (TypeError)
                raise failure(exc) from None
            return [result.text for result in results]

        with _client_settings_lock:
            saved = deepl.http_client.max_network_retries
            deepl.http_client.max_network_retries = 0  # one attempt per call: the Runner retries
        try:
            runner = Runner(self.name, self.policy, self.max_chars, [self.key], batch_size=BATCH)
            return runner.run(texts, source, target, send, on_result)
        finally:
            deepl.http_client.max_network_retries = saved
            translator.close()

    def _glossary_id(self, translator, source_code: str, target_code: str, failure, source: str, target: str) -> str | None:
        """Create the DeepL glossary for this pair once per run (DeepL glossaries take base codes)."""
        if not self.glossary:
            return None
        pair = (source_code, target_code.split("-")[0])
        if pair not in self._glossary_ids:
            try:
                info = translator.create_glossary(f"i18n-pub {self.cache_key}", pair[0], pair[1], self.glossary)
            except Exception as exc:  # noqa: BLE001 - as in send(): the client chokes on some hostile answers (TypeError)
                problem = failure(exc)
                raise EngineError(f"deepl ({source}→{target}): the glossary could not be created: {problem}",
                                  fix="run again later, or set glossary = false in [tool.i18n-pub.engine.deepl]") from None  # fmt: skip
            self._glossary_ids[pair] = info.glossary_id
        return self._glossary_ids[pair]
