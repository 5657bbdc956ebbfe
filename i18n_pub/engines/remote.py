"""What every online engine shares: settings, concurrency, retries, long-text splitting, key handling.

An online engine only knows how to send one text (or one small batch) once,
and says how that went as a value: the answers, or a :class:`Failure`.
:class:`Runner` sends many at a time with a bounded thread pool, retries what
may succeed later (429 honouring ``Retry-After``, 5xx, timeouts, dropped
connections) with exponential backoff and jitter, stops asking as soon as a
failure is final, refuses any answer that contains a configured key, and
reports each answer the moment it arrives so the cache can keep it.
"""

from __future__ import annotations

import os
import random
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from i18n_pub.engines import Answer, EngineResult, OnResult
from i18n_pub.engines.settings import POLICY, python_name
from i18n_pub.errors import ConfigError, EngineError

# Every engine that takes a key: an answer from any engine containing any of these keys is refused.
KEYED_ENGINES = ("deepl", "google", "libre", "microsoft", "mymemory")


def key_variable(engine: str) -> str:
    """The environment variable holding an engine's key.

    >>> key_variable("deepl")
    'I18N_PUB_DEEPL_KEY'
    """
    return f"I18N_PUB_{engine.upper()}_KEY"


def read_key(engine: str, *, required: bool) -> str | None:
    """The engine's key from the environment, never from a file."""
    key = os.environ.get(key_variable(engine), "").strip() or None
    if key is None and required:
        raise ConfigError(
            f"engine {engine!r} needs a key and {key_variable(engine)} is not set",
            fix=f"export {key_variable(engine)}=… in the environment (keys are never read from files)",
        )
    return key


def configured_keys() -> tuple[str, ...]:
    """Every engine key set in the environment (see :func:`key_variable`)."""
    return tuple(key for key in (read_key(engine, required=False) for engine in KEYED_ENGINES) if key)


def redact(text: str, secrets: Sequence[str | None]) -> str:
    """``text`` with every secret replaced, for anything that may be shown.

    >>> redact("403 for https://x/?api_key=s3cr3t", ["s3cr3t", None])
    '403 for https://x/?api_key=[key]'
    """
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[key]")
    return text


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: ``[tool.i18n-pub.engine.<name>]`` settings with their defaults."""

    concurrency: int = 8  # requests in flight
    timeout: float = 20.0  # seconds for a whole request: connecting, sending, the answer's last byte
    retries: int = 4  # further attempts after the first, on 429, 5xx, timeouts, dropped connections
    backoff: float = 0.5  # first wait in seconds; doubled each retry, with jitter
    max_backoff: float = 30.0
    max_wait: float = 120.0  # the longest Retry-After honoured; longer is a failure
    max_answer_bytes: int = 1_000_000  # a longer answer is a failure

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> RetryPolicy:
        """The policy the settings ask for: each of :data:`~i18n_pub.engines.settings.POLICY` becomes the field of its name.

        >>> RetryPolicy.from_settings({"max-wait": 5, "url": "http://x"})
        RetryPolicy(concurrency=8, timeout=20.0, retries=4, backoff=0.5, max_backoff=30.0, max_wait=5, max_answer_bytes=1000000)
        """
        return cls(**{python_name(key): settings[key] for key in POLICY if key in settings})


def backoff_delay(attempt: int, policy: RetryPolicy, retry_after: float | None = None, rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry number ``attempt`` (0 for the first retry).

    Exponential with "equal jitter" (half fixed, half random), so concurrent
    workers do not retry in lockstep; never shorter than the server's
    ``Retry-After``.

    >>> p = RetryPolicy(backoff=1.0, max_backoff=8.0)
    >>> [backoff_delay(n, p, rand=lambda: 1.0) for n in range(5)]
    [1.0, 2.0, 4.0, 8.0, 8.0]
    >>> backoff_delay(0, p, rand=lambda: 0.0)
    0.5
    >>> backoff_delay(0, p, retry_after=3, rand=lambda: 0.0)
    3.0
    """
    step = float(min(policy.max_backoff, policy.backoff * 2**attempt))
    return max(step / 2 + step / 2 * rand(), float(retry_after or 0))


# Where a long sentence may be cut, best first: after a semicolon or colon, a dash,
# a comma, then any space. Each boundary keeps its punctuation on the left piece.
_BOUNDARIES = (re.compile(r"(?<=[;:])\s+"), re.compile(r"\s+(?=[—–]\s)|(?<=[—–])\s+"), re.compile(r"(?<=,)\s+"), re.compile(r"\s+"))


def split_for_limit(text: str, limit: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters at sentence-internal boundaries.

    The pieces are translated one by one and joined back with a space.

    >>> split_for_limit("One clause; another clause, and a third.", 20)
    ['One clause;', 'another clause,', 'and a third.']
    >>> split_for_limit("short", 20)
    ['short']
    >>> split_for_limit("abcdefghij", 4)
    ['abcd', 'efgh', 'ij']
    """
    if len(text) <= limit:
        return [text]
    for boundary in _BOUNDARIES:
        cuts = [m for m in boundary.finditer(text) if 0 < m.start() <= limit]
        if cuts:
            cut = cuts[-1]
            return [text[: cut.start()], *split_for_limit(text[cut.end() :], limit)]
    return [text[:limit], *split_for_limit(text[limit:], limit)]


@dataclass(frozen=True)
class Failure:
    """One attempt that got no usable answer: ``retry`` when asking again may succeed (429, 5xx, timeouts,
    dropped connections), with the server's ``Retry-After`` if it sent one; otherwise final."""

    cause: str
    retry: bool = False
    retry_after: float | None = None
    fix: str | None = None


Attempt = list[str] | Failure  # what sending one request gives: an answer per piece, in order, or why not


def classify_status(status: int, retry_after: str | None, engine: str) -> Failure:
    """The failure an HTTP status means.

    >>> classify_status(429, "2", "libre").retry_after
    2.0
    >>> classify_status(503, None, "libre").retry
    True
    >>> classify_status(403, None, "libre").cause
    'the key was refused (HTTP 403)'
    """
    if status == 429:
        return Failure("rate limited (HTTP 429)", retry=True, retry_after=parse_retry_after(retry_after))
    if status >= 500:
        return Failure(f"server error (HTTP {status})", retry=True)
    if status in (401, 403):
        return Failure(
            f"the key was refused (HTTP {status})",
            fix=f"check {key_variable(engine)} (a missing, wrong or expired key)",
        )
    if status == 456:
        return Failure("the quota is used up (HTTP 456)", fix="wait for the next billing period or raise the quota")
    return Failure(f"the request was refused (HTTP {status})")


def unreadable(what: str) -> Failure:
    """An answer that is not what the protocol promises (wrong shape, ``null``, not JSON).

    >>> unreadable("null instead of a text").cause
    'an answer could not be read (null instead of a text)'
    """
    return Failure(f"an answer could not be read ({what})", fix="check the engine's url; run again later")


_KEY_IN_ANSWER = Failure(
    "an answer contained a configured key (not shown); nothing of it was kept",
    fix="the server echoes what it is sent: check the engine's url and the server",
)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (seconds or an HTTP date).

    >>> parse_retry_after("3"), parse_retry_after(None), parse_retry_after("soon")
    (3.0, None, None)
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from datetime import datetime
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Runner:
    """Send many texts concurrently, ``batch_size`` pieces per request, with retries; keep every answer."""

    def __init__(
        self, engine: str, policy: RetryPolicy, max_chars: int, secrets: Sequence[str | None] = (), batch_size: int = 1
    ) -> None:
        self.engine = engine
        self.policy = policy
        self.max_chars = max_chars
        self.secrets = tuple(s for s in (*secrets, *configured_keys()) if s and len(s) >= 4)  # as redact()
        self.batch_size = batch_size

    def run(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        send: Callable[[list[str]], Attempt],
        on_result: OnResult | None = None,
    ) -> EngineResult:
        """Translate every text through ``send`` (one request: pieces in, answers out, in order).

        A final failure stops every worker; the result holds the answers obtained and the error.
        """
        results: list[Answer | None] = [None] * len(texts)
        stop = threading.Event()
        failure: Failure | None = None
        indices = list(range(len(texts)))
        batches = [indices[i : i + self.batch_size] for i in range(0, len(indices), self.batch_size)]
        pool = ThreadPoolExecutor(max_workers=max(1, self.policy.concurrency), thread_name_prefix=f"i18n-pub-{self.engine}")
        try:
            pending = {pool.submit(self._work, texts, batch, send, stop) for batch in batches}
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    if future.cancelled():
                        continue
                    answered = future.result()
                    if isinstance(answered, Failure):
                        failure = failure or answered
                        stop.set()
                        for other in pending:
                            other.cancel()
                        continue
                    for index, text in answered:
                        results[index] = Answer(text)
                        if on_result:
                            on_result(index, results[index])  # type: ignore[arg-type]
        finally:
            stop.set()  # also on an interrupt: no worker starts another request
            pool.shutdown(wait=True, cancel_futures=True)
        return EngineResult(tuple(results), None if failure is None else self._error(failure, results, source, target))

    def _error(self, failure: Failure, results: Sequence[Answer | None], source: str, target: str) -> EngineError:
        done_count = sum(r is not None for r in results)
        return EngineError(
            redact(f"{self.engine} ({source}→{target}): {failure.cause}; {done_count} of {len(results)} text(s) translated", self.secrets),
            fix=redact(failure.fix or "the translations received are kept; run the same command again to translate the rest", self.secrets),
        )

    def _work(
        self, texts: Sequence[str], batch: list[int], send: Callable[[list[str]], Attempt], stop: threading.Event
    ) -> list[tuple[int, str]] | Failure:
        """One worker's texts: each split to fit the engine's limit, sent ``batch_size`` pieces at a time."""
        split = [split_for_limit(texts[index], self.max_chars) for index in batch]
        pieces = [piece for parts in split for piece in parts]
        answers: list[str] = []
        for start in range(0, len(pieces), self.batch_size):
            answer = self._send_with_retries(pieces[start : start + self.batch_size], send, stop)
            if answer is None:  # stopped: another request failed for good
                return []
            if isinstance(answer, Failure):
                stop.set()  # at once, so no worker starts another request
                return answer
            answers += answer
        done, position = [], 0
        for index, parts in zip(batch, split, strict=True):
            done.append((index, " ".join(answers[position : position + len(parts)])))
            position += len(parts)
        return done

    def _send_with_retries(
        self, pieces: list[str], send: Callable[[list[str]], Attempt], stop: threading.Event
    ) -> list[str] | Failure | None:
        attempt = 0
        while not stop.is_set():
            answers = send(pieces)
            if not isinstance(answers, Failure):
                return self._checked(pieces, answers)
            if not answers.retry:
                return answers
            if answers.retry_after is not None and answers.retry_after > self.policy.max_wait:
                return Failure(
                    f"{answers.cause}, Retry-After {answers.retry_after:g} s is longer than max-wait {self.policy.max_wait:g} s",
                    fix="run the same command again later; the translations received are kept",
                )
            if attempt >= self.policy.retries:
                return Failure(f"{answers.cause}, gave up after {attempt + 1} attempt(s)", fix=answers.fix)
            if stop.wait(backoff_delay(attempt, self.policy, answers.retry_after)):
                return None
            attempt += 1
        return None

    def _checked(self, pieces: list[str], answers: list[str]) -> list[str] | Failure:
        """The answers, unless there is not one per piece or one of them carries a key."""
        if len(answers) != len(pieces):
            return Failure(f"asked for {len(pieces)} translation(s), got {len(answers)}")
        if any(secret in answer for answer in answers for secret in self.secrets):
            return _KEY_IN_ANSWER
        return answers
