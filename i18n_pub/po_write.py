"""The text of a PO file: polib's output, byte for byte, at a third of its cost.

Writing catalogs was the largest of our own costs in a cold ``translate``
(polib's ``__str__`` builds a ``TextWrapper`` and escapes, unescapes and
re-escapes every wrapped line). This writer keeps polib's layout exactly, field
by field (the same wrapping rules, which are close to but not GNU gettext's),
and does each step once. ``tests/test_po_write.py`` compares it byte for byte
with ``str(polib.POFile)`` on every catalog and template the tests produce,
and checks the result with ``msgcat`` and ``msgfmt -c``.
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_right
from functools import cache

import polib

_ESCAPES = str.maketrans(
    {"\\": "\\\\", "\t": "\\t", "\r": "\\r", "\n": "\\n", "\v": "\\v", "\b": "\\b", "\f": "\\f", '"': '\\"'}
)
_SPECIAL = re.compile(r'[\\\n\r\t\v\b\f"]')
_CHUNK = re.compile(r" +|[^ ]+")  # textwrap's chunks in an escaped text with no hyphen: only spaces are left


def escape(text: str) -> str:
    r"""polib's escaping, in one pass.

    >>> print(escape('say "hi"\n\tand \\ go'))
    say \"hi\"\n\tand \\ go
    """
    return text.translate(_ESCAPES) if _SPECIAL.search(text) else text


@cache
def _wrapper(width: int, indent: str = "", *, keep_spaces: bool = False) -> textwrap.TextWrapper:
    return textwrap.TextWrapper(
        width, initial_indent=indent, subsequent_indent=indent, drop_whitespace=not keep_spaces, break_long_words=False
    )


def _wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width, drop_whitespace=False, break_long_words=False)``, as polib calls it.

    Wrapping cuts only at spaces and hyphens, never inside an escape sequence. Without a hyphen
    textwrap's chunks are runs of spaces and runs of the rest, and its greedy fill ends each line
    at the last chunk end that fits (a chunk longer than ``width`` goes on a line of its own):

    >>> _wrap("aa bb  cccccc d", 6)
    ['aa bb', '  ', 'cccccc', ' d']
    >>> _wrap("aa bb  cccccc d", 6) == textwrap.wrap("aa bb  cccccc d", 6, drop_whitespace=False, break_long_words=False)
    True
    >>> _wrap("toolongword b", 4)
    ['toolongword', ' b']
    """
    if "-" in text:  # hyphenated words and dashes: textwrap's own rules
        return _wrapper(width, keep_spaces=True).wrap(text)
    ends = [m.end() for m in _CHUNK.finditer(text)]
    lines, start = [], 0
    while start < len(text):
        i = bisect_right(ends, start + width) - 1
        end = ends[i] if i >= 0 and ends[i] > start else ends[i + 1]
        lines.append(text[start:end])
        start = end
    return lines


def _field(name: str, prefix: str, index: str, text: str, width: int) -> list[str]:
    """``msgid "…"`` and its continuation lines, as polib's ``_str_field`` writes them."""
    lines = text.splitlines(True)
    if len(lines) > 1:
        escaped = ["", *map(escape, lines)]
    else:
        escaped_text = escape(text)
        specials = len(escaped_text) - len(text)  # each special character became two
        limit = width - (len(name) + 3 + len(index)) + specials
        escaped = ["", *_wrap(escaped_text, width - 2)] if width > 0 and len(text) > limit else [escaped_text]
    name = name.removeprefix("previous_")
    return [f'{prefix}{name}{index} "{escaped[0]}"', *(f'{prefix}"{line}"' for line in escaped[1:])]


def _comments(entry: polib.POEntry, width: int) -> list[str]:
    out: list[str] = []
    kinds = (("tcomment", "# "),) if entry.obsolete else (("tcomment", "# "), ("comment", "#. "))
    for attribute, mark in kinds:
        value = getattr(entry, attribute)
        for comment in value.split("\n") if value else ():
            if width > 0 and len(comment) + len(mark) > width:
                out += _wrapper(width, mark).wrap(comment)
            else:
                out.append(mark + comment)
    if not entry.obsolete and entry.occurrences:
        files = " ".join(f"{path}:{line}" if line else path for path, line in entry.occurrences)
        if width > 0 and len(files) + 3 > width:
            # polib's trick: hyphens are not break points in file names
            out += [line.replace("*", "-") for line in _wrapper(width, "#: ").wrap(files.replace("-", "*"))]
        else:
            out.append("#: " + files)
    return out


def entry_text(entry: polib.POEntry, width: int) -> str:
    """One entry, as ``str(entry)`` gives it with ``wrapwidth=width``."""
    out = _comments(entry, width)
    if entry.flags:
        out.append("#, " + ", ".join(entry.flags))
    prefix = "#~| " if entry.obsolete else "#| "
    for name in ("previous_msgctxt", "previous_msgid", "previous_msgid_plural"):
        value = getattr(entry, name)
        if value is not None:
            out += _field(name, prefix, "", value, width)
    dead = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        out += _field("msgctxt", dead, "", entry.msgctxt, width)
    out += _field("msgid", dead, "", entry.msgid, width)
    if entry.msgid_plural:
        out += _field("msgid_plural", dead, "", entry.msgid_plural, width)
    if entry.msgstr_plural:
        for index in sorted(entry.msgstr_plural):
            out += _field("msgstr", dead, f"[{index}]", entry.msgstr_plural[index], width)
    else:
        out += _field("msgstr", dead, "", entry.msgstr, width)
    return "\n".join(out) + "\n"


def _header(po: polib.POFile) -> str:
    lines = []
    for line in po.header.split("\n"):
        lines.append("#" if not line else f"#{line}" if line[:1] in (",", ":") else f"# {line}")
    return "".join(f"{line}\n" for line in lines)


def file_text(po: polib.POFile) -> str:
    """The whole file: what ``str(po)`` returns, ending in a newline."""
    width = po.wrapwidth
    parts = [entry_text(po.metadata_as_entry(), width)]
    parts += [entry_text(e, width) for e in po if not e.obsolete]
    parts += [entry_text(e, width) for e in po if e.obsolete]
    text = _header(po) + "\n".join(parts)
    return text if text.endswith("\n") else text + "\n"
