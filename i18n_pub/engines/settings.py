"""The settings each engine accepts in ``[tool.i18n-pub.engine.<name>]``: the one list of their names.

The configuration checks values against it (type, lower bound); the online
engines' :class:`~i18n_pub.engines.remote.Policy` takes the :data:`POLICY`
ones, by the same name with ``_`` for ``-``. Keys are never settings: they come
from ``I18N_PUB_<ENGINE>_KEY`` in the environment.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    kind: type  # float accepts whole numbers too; int never accepts a bool
    minimum: float | None = None


# How hard an online engine tries (defaults in remote.Policy).
POLICY: dict[str, Setting] = {
    "concurrency": Setting(int, 1),  # requests in flight (default 8)
    "timeout": Setting(float, 0.001),  # seconds for a whole request, connecting to last byte (default 20)
    "retries": Setting(int, 0),  # attempts after the first on 429, 5xx, timeouts (default 4)
    "backoff": Setting(float, 0),  # first wait in seconds, doubled each retry, with jitter (default 0.5)
    "max-backoff": Setting(float, 0),  # default 30
    "max-wait": Setting(float, 0),  # the longest Retry-After honoured (default 120)
    "max-answer-bytes": Setting(int, 1024),  # a longer answer is an engine error (default 1,000,000)
}
_ONLINE: dict[str, Setting] = {
    "url": Setting(str),  # the server; see the README for what each engine expects
    **POLICY,
    "max-chars": Setting(int, 20),  # longer segments are split at clause boundaries
}
# Every engine, in the order messages list them, with its settings.
ENGINE_SETTINGS: dict[str, dict[str, Setting]] = {
    "apertium": {"command": Setting(str), "batch-size": Setting(int, 1)},
    "google": _ONLINE,
    "microsoft": {**_ONLINE, "region": Setting(str)},
    "libre": _ONLINE,
    "mymemory": _ONLINE,
    "deepl": {**_ONLINE, "formality": Setting(str), "glossary": Setting(bool)},
    "pseudo": {},
    "none": {},
}
ENGINE_NAMES = tuple(ENGINE_SETTINGS)
OFFLINE_ENGINES = ("apertium", "pseudo", "none")  # need nothing online: a dry run runs them


def python_name(setting: str) -> str:
    """The keyword a setting is passed as.

    >>> python_name("max-answer-bytes")
    'max_answer_bytes'
    """
    return setting.replace("-", "_")
