"""Machine translation engines behind one small protocol.

An engine translates many segments in one call, so each can batch the way it
works best (one Apertium process per batch; concurrent requests online).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Mapping, Protocol

from i18n_pub.errors import ConfigError


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
        on_result: Callable[[int, str], None] | None = None,
    ) -> list[str]:
        """Translate ``texts`` in order, calling ``on_result(index, translation)`` as each answer arrives.

        On failure raise :class:`~i18n_pub.errors.EngineError` with ``partial``
        holding every answer obtained (``None`` for the others).
        """
        ...


OFFLINE = ("apertium", "pseudo", "none")


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
