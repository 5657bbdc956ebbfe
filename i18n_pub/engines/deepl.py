"""DeepL through DeepL's own ``deepl`` client (deep-translator's DeepL class no longer works).

Several texts go in one ``/v2/translate`` request, several requests at a time.
The client builds each request and reads each answer; its HTTP goes through
our :class:`~i18n_pub.engines.http.Transport` by subclassing: every
:class:`deepl.Translator` method sends through ``_api_call``, the one method
DeepL's own subclass (``DeepLClient``) builds on, and ours makes one bounded
attempt there (the shared :class:`~i18n_pub.engines.remote.Runner` retries
the same way for every engine), with no setting of the ``deepl`` module
changed. A failed attempt is recorded as a value for the thread that made it and
leaves the client through its own exception type, ``deepl.DeepLException``.

Our glossary can be sent as a DeepL native glossary (``set_glossary``); the
masking and the check after translation still apply.
"""

from __future__ import annotations

import hashlib
import threading
import urllib.parse
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from i18n_pub.engines import EngineResult, OnResult
from i18n_pub.engines.http import Transport
from i18n_pub.engines.remote import Attempt, Failure, RetryPolicy, Runner, classify_status, read_key, redact, unreadable
from i18n_pub.errors import EngineError

BATCH = 25  # texts per request (the API takes up to 50)
# What DeepL's client raises when an answer of status 2xx has not the shape it expects.
_SHAPE_ERRORS = (TypeError, KeyError, AttributeError, ValueError, IndexError)


def deepl_target(language: str) -> str:
    """DeepL's target code for a BCP 47 language.

    >>> deepl_target("fr"), deepl_target("pt-BR"), deepl_target("en"), deepl_target("zh")
    ('FR', 'PT-BR', 'EN-GB', 'ZH-HANS')
    """
    code = language.upper()
    return {"EN": "EN-GB", "PT": "PT-PT", "ZH": "ZH-HANS"}.get(code, code)


@cache
def _translator_class() -> type:
    import deepl

    class Translator(deepl.Translator):
        """DeepL's client, its requests sent through a :class:`Transport` (see the module doc)."""

        def __init__(self, key: str, server_url: str | None, transport: Transport, engine: str) -> None:
            super().__init__(key, server_url=server_url) if server_url else super().__init__(key)
            super().close()  # type: ignore[no-untyped-call]  # the client's own requests session: never used
            self.transport = transport
            self.engine = engine
            self.failures = threading.local()

        def _api_call(self, url: str, *, method: str = "POST", data: dict[str, Any] | None = None,
                      json: Any = None, stream: bool = False, headers: dict[str, str] | None = None,
                      **kwargs: Any) -> tuple[int, str, Any]:  # fmt: skip
            reply = self.transport.request(
                method, urllib.parse.urljoin(self.server_url, url), form=data or None, json_body=json,
                headers={**self.headers, **(headers or {})},
            )  # fmt: skip
            if isinstance(reply, Failure):
                return self._fail(reply)
            if not reply.ok:
                return self._fail(classify_status(reply.status, reply.retry_after, self.engine))
            body = reply.json()
            if isinstance(body, Failure):
                return self._fail(body)
            return reply.status, reply.text(), body

        def _fail(self, failure: Failure) -> tuple[int, str, Any]:
            self.failures.last = failure
            raise deepl.DeepLException(failure.cause)

        def failure(self, error: Exception) -> Failure:
            """What made the call that raised ``error`` fail, as recorded on this thread."""
            recorded: Failure | None = getattr(self.failures, "last", None)
            self.failures.last = None
            return recorded or Failure(f"DeepL's client refused the request ({error})")

    return Translator


class DeepLEngine:
    name = "deepl"
    token_shape = "braces"  # single braces, {0}: DeepL has turned double ones, {{2}}, into {3}}

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.url: str | None = settings.get("url")
        self.formality: str | None = settings.get("formality")
        self.use_glossary: bool = settings.get("glossary", True)
        self.key = read_key("deepl", required=True)
        self.policy = RetryPolicy.from_settings(settings)
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

    def translate(self, texts: Sequence[str], source: str, target: str, on_result: OnResult | None = None) -> EngineResult:
        import deepl

        transport = Transport(self.policy.timeout, self.policy.max_answer_bytes)
        translator = _translator_class()(self.key, self.url, transport, self.name)
        source_code, target_code = source.split("-")[0].upper(), deepl_target(target)
        options: dict[str, Any] = {"source_lang": source_code, "target_lang": target_code}
        if self.formality:
            options["formality"] = self.formality

        def send(pieces: list[str]) -> Attempt:
            try:
                results = translator.translate_text(pieces, **options)
            except deepl.DeepLException as error:
                return translator.failure(error)  # type: ignore[no-any-return]
            except _SHAPE_ERRORS as error:
                return unreadable(f"not DeepL's answer: {type(error).__name__}")
            answers = [getattr(result, "text", None) for result in results]
            if not all(isinstance(answer, str) for answer in answers):
                return unreadable("null instead of a text")
            return answers  # type: ignore[return-value]

        try:
            glossary = self._glossary_id(translator, source_code, target_code)
            if isinstance(glossary, Failure):
                error = EngineError(redact(f"deepl ({source}→{target}): the glossary could not be created: {glossary.cause}", [self.key]),
                                    fix="run again later, or set glossary = false in [tool.i18n-pub.engine.deepl]")  # fmt: skip
                return EngineResult((None,) * len(texts), error)
            if glossary:
                options["glossary"] = glossary
            return Runner(self.name, self.policy, self.max_chars, [self.key], batch_size=BATCH).run(texts, source, target, send, on_result)
        finally:
            transport.close()

    def _glossary_id(self, translator: Any, source_code: str, target_code: str) -> str | Failure | None:
        """Create the DeepL glossary for this pair once per run (DeepL glossaries take base codes)."""
        import deepl

        if not self.glossary:
            return None
        pair = (source_code, target_code.split("-")[0])
        if pair not in self._glossary_ids:
            try:
                info = translator.create_glossary(f"i18n-pub {self.cache_key}", pair[0], pair[1], self.glossary)
            except deepl.DeepLException as error:
                return translator.failure(error)  # type: ignore[no-any-return]
            except _SHAPE_ERRORS as error:
                return unreadable(f"not DeepL's answer: {type(error).__name__}")
            self._glossary_ids[pair] = info.glossary_id
        return self._glossary_ids[pair]
