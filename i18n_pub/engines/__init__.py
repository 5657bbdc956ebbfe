"""Machine translation engines behind one small protocol.

An engine translates many segments in one call, so each can batch the way it
works best (one Apertium process per batch; concurrent requests online).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Mapping, Protocol

from i18n_pub.errors import ConfigError


class Engine(Protocol):
    name: str

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate ``texts`` in order; raise :class:`~i18n_pub.errors.EngineError` on failure."""
        ...


OFFLINE = ("apertium", "pseudo", "none")


def create_engine(name: str, settings: Mapping[str, Any] | None = None) -> Engine | None:
    """The engine called ``name``; ``None`` for ``none`` (memory and glossary only)."""
    settings = settings or {}
    if name == "none":
        return None
    if name == "apertium":
        from i18n_pub.engines.apertium import ApertiumEngine

        return ApertiumEngine(**settings)
    if name == "pseudo":
        from i18n_pub.engines.pseudo import PseudoEngine

        return PseudoEngine()
    raise ConfigError(
        f"engine {name!r} is not available in this version",
        fix="use --engine apertium, pseudo or none",
    )
