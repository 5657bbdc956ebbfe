"""Machine translation engines behind one small protocol.

An engine translates many segments in one call, so each can batch the way it
works best (one Apertium process per batch; concurrent requests online).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from i18n_pub.errors import ConfigError, EngineError


@dataclass(frozen=True)
class Answer:
    """One text as an engine translated it, and the words it did not know (left in the source language)."""

    text: str
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True)
class EngineResult:
    """What one call to an engine gave: an answer per text asked (``None`` where there is none), in order,
    and the failure that stopped it, if any. Every answer obtained before a failure is kept."""

    answers: tuple[Answer | None, ...]
    error: EngineError | None = None

    @property
    def texts(self) -> tuple[str | None, ...]:
        """
        >>> EngineResult((Answer("Hola"), None)).texts
        ('Hola', None)
        """
        return tuple(None if answer is None else answer.text for answer in self.answers)


OnResult = Callable[[int, Answer], None]


def unknown_words(words: Sequence[str], source: str, output: str) -> tuple[str, ...]:
    """The words an engine marked unknown that are real words: with a letter, in the ``source`` text
    and still in the ``output`` as they were. A mark on a masked token (``⟦P0⟧`` → ``⟦*P0⟧``) or a
    glossary token does not count: the token is gone from the output once its span is restored.

    >>> unknown_words(["governance", "P0", "ICESCO", "42"], "The Governance of {organization}.", "La governance de {organization}.")
    ('governance',)
    """
    # The source in any case: a Title Case headline reaches the engine in sentence case.
    lowered = source.lower()
    return tuple(w for w in words if any(c.isalpha() for c in w) and has_word(lowered, w.lower()) and has_word(output, w))


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")  # what \w matches


def has_word(text: str, word: str) -> bool:
    r"""Whether ``word`` stands in ``text`` as a whole word (no word character touches it), like
    ``(?<!\w)word(?!\w)`` but with no pattern compiled per word (one per unknown word cost seconds).

    >>> has_word("La governance, y más", "governance"), has_word("governances", "governance"), has_word("a_b", "b")
    (True, False, False)
    """
    start = text.find(word)
    while start >= 0 and word:
        if not _is_word_char(text, start - 1) and not _is_word_char(text, start + len(word)):
            return True
        start = text.find(word, start + 1)
    return False


class Engine(Protocol):
    """``name`` names the engine in catalogs; an engine may also set ``token_shape`` (a ``%d`` format
    like ``"{%d}"``, or a key of ``i18n_pub.masking.SHAPES``) to choose how masked glossary terms
    look to it (default ``{%d}``)."""

    name: str

    def translate(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        on_result: OnResult | None = None,
    ) -> EngineResult:
        """Translate ``texts`` in order, calling ``on_result(index, answer)`` as each answer arrives.

        A failure is returned in :attr:`EngineResult.error`, never raised, beside every answer obtained.
        """
        ...


def create_engine(name: str, settings: Mapping[str, Any] | None = None) -> Engine | None:
    """The engine called ``name``; ``None`` for ``none`` (memory and glossary only)."""
    settings = settings or {}
    if name == "none":
        return None
    if name == "apertium":
        from i18n_pub.engines.apertium import ApertiumEngine

        return ApertiumEngine(**{key.replace("-", "_"): value for key, value in settings.items()})
    if name == "pseudo":
        from i18n_pub.engines.pseudo import PseudoEngine

        return PseudoEngine()
    if name in ("google", "microsoft", "libre", "mymemory"):
        from i18n_pub.engines.online import OnlineEngine

        return OnlineEngine(name, settings)
    if name == "deepl":
        from i18n_pub.engines.deepl import DeepLEngine

        return DeepLEngine(settings)
    raise ConfigError(
        f"engine {name!r} is not available in this version",
        fix="use one of the engines listed by i18n-pub translate --help",
    )
