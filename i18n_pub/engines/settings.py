"""The settings each engine accepts in ``[tool.i18n-pub.engine.<name>]``: the one list of their names.

The configuration checks values against it (type, lower bound); the online
engines' :class:`~i18n_pub.engines.remote.RetryPolicy` takes the :data:`POLICY`
ones, by the same name with ``_`` for ``-``. Keys are never settings: they come
from ``I18N_PUB_<ENGINE>_KEY`` in the environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from i18n_pub.toml_lines import KeyErrors


@dataclass(frozen=True)
class Setting:
    kind: type  # float accepts whole numbers too; int never accepts a bool
    minimum: float | None = None


# How hard an online engine tries (defaults in remote.RetryPolicy).
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


def check_engine_settings(name: str, values: Mapping[str, Any], error: KeyErrors) -> None:
    """Each setting of ``[tool.i18n-pub.engine.<name>]`` known to that engine, of its type, at least its minimum."""
    allowed = ENGINE_SETTINGS[name]
    table = f"[tool.i18n-pub.engine.{name}]"
    for key, value in values.items():
        if key not in allowed:
            hint = "allowed keys: " + ", ".join(sorted(allowed)) if allowed else f"{name} takes no settings"
            if key in ("key", "api-key", "api_key", "auth-key"):
                hint = f"keys are read only from the environment variable I18N_PUB_{name.upper()}_KEY; remove it from the file"
            raise error(f"unknown key {key!r} in {table}", key, hint)
        kind, minimum = allowed[key].kind, allowed[key].minimum
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok:
            raise error(f"{key!r} in {table} must be a {kind.__name__}", key, f"write {key} = …")
        if minimum is not None and value < minimum:
            raise error(f"{key!r} in {table} must be at least {minimum:g}", key, f"write {key} = {minimum:g} or more")
