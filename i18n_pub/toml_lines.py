"""Where a key is set in a TOML text, for error messages: tomllib parses without positions.

A small table-aware scan: each ``[table]`` header and ``key = value`` line is
recorded under its full dotted path, so ``timeout`` under
``[tool.i18n-pub.engine.google]`` is told apart from ``timeout`` under
``[tool.i18n-pub.engine.libre]``. A key set inside an inline table is reported
at the line of the nearest enclosing key or table the scan saw.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from i18n_pub.errors import ConfigError

_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_PATH = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"\s*\[\[?\s*({_PATH})\s*\]\]?")
_KEY = re.compile(rf"\s*({_PATH})\s*=")
_PARTS = re.compile(_PART)


def _parts(path: str) -> tuple[str, ...]:
    """A dotted TOML key as its parts, quotes taken off (escapes in quoted keys are kept as written)."""
    return tuple(part[1:-1] if part[0] in "\"'" else part for part in _PARTS.findall(path))


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Each table and key path set in ``text`` → the first line (from 1) that sets it.

    >>> lines = key_lines('[a.b]\\nx = 1\\n[a."c"]\\nx = 2\\ny.z = 3\\ns = \"""\\nw = 4\\n\"""\\n')
    >>> lines[("a", "b", "x")], lines[("a", "c", "x")], lines[("a", "c", "y", "z")]
    (2, 4, 5)
    >>> ("a", "c", "w") in lines
    False
    """
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    closing: str | None = None  # the delimiter of the multi-line string the scan is inside
    for number, line in enumerate(text.splitlines(), 1):
        if closing is not None:
            if line.count(closing) % 2:
                closing = None
            continue
        if header := _HEADER.match(line):
            table = _parts(header.group(1))
            lines.setdefault(table, number)
        elif key := _KEY.match(line):
            lines.setdefault((*table, *_parts(key.group(1))), number)
        closing = next((quotes for quotes in ('"""', "'''") if line.count(quotes) % 2), None)
    return lines


def key_line(text: str, path: Sequence[str]) -> int | None:
    """The line that sets ``path`` (a table or a key); else the first that sets something inside it
    (``[a.b.c]`` for the implicit table ``a.b``); else the nearest enclosing table or key the text sets.

    >>> text = '[t.engine.libre]\\ntimeout = 5\\n\\n[t.engine.google]\\nurl = "x"\\ntimeout = 0\\n'
    >>> key_line(text, ("t", "engine", "google", "timeout")), key_line(text, ("t", "engine", "google", "max-wait"))
    (6, 4)
    >>> key_line(text, ("t", "engine")), key_line(text, ("u", "v")) is None
    (1, True)
    """
    lines = key_lines(text)
    path = tuple(path)
    if path in lines:
        return lines[path]
    inside = [line for key, line in lines.items() if key[: len(path)] == path]
    if inside:
        return min(inside)
    for end in range(len(path) - 1, 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


@dataclass(frozen=True)
class KeyErrors:
    """Builds the ConfigError for (what is wrong, the key of ``table`` it is about, how to fix it),
    naming ``file`` at the key's line. The key ``""`` is the table itself."""

    file: str
    text: str
    table: tuple[str, ...]

    def __call__(self, what: str, key: str, fix: str) -> ConfigError:
        path = (*self.table, key) if key else self.table
        return ConfigError(what, path=self.file, line=key_line(self.text, path), fix=fix)

    def within(self, *keys: str) -> KeyErrors:
        return KeyErrors(self.file, self.text, (*self.table, *keys))

    def check_known(self, table: Mapping[str, object], allowed: Collection[str]) -> None:
        """Raise for the first key of ``table`` (in sorted order) that is not ``allowed``."""
        unknown = sorted(set(table) - set(allowed))
        if unknown:
            where = ".".join(self.table)
            raise self(f"unknown key {unknown[0]!r} in [{where}]", unknown[0], "allowed keys: " + ", ".join(sorted(allowed)))
