"""PO text as GNU gettext reads it, before polib sees it.

polib understands fewer escapes than gettext: it keeps ``\\047`` (an octal byte),
``\\303\\251`` (the two bytes of ``é`` in UTF-8) and ``\\x46`` as literal text, so
they would be published as such and written back as ``\\\\047``; and it refuses
``#,fuzzy`` (no space), which gettext reads as the fuzzy flag. :func:`normalize`
rewrites every quoted string into the escapes polib knows (``\\\\``, ``\\"``,
``\\n``, ``\\t``, ``\\r``, ``\\v``, ``\\b``, ``\\f``), decoding the others exactly as
gettext's lexer does: up to three octal digits, any number of hex digits (the
value kept modulo 256), ``\\a``; the bytes are then read as UTF-8. An escape
gettext refuses (``\\'``, ``\\?``, ``\\q``) is an error, as it is for ``msgfmt``.
Line numbers do not move: every string stays on its line.
"""

from __future__ import annotations

import re

from i18n_pub.errors import CatalogError
from i18n_pub.textsafe import describe, first_unsafe

# Cheap test for the common case: no backslash other than the escapes polib reads, no "#," without a space.
_NEEDS_WORK = re.compile(r'\\[^\\ntrvbf"]|^[ \t]*#,(?=[^ \t\n])', re.MULTILINE)
_STRING_LINE = re.compile(r'^([ \t]*(?:#~[ \t]*)?(?:#\|[ \t]*)?(?:msg\w+(?:\[\d+\])?[ \t]+)?)"(.*)"([ \t]*)$')
_ESCAPE = re.compile(r'\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))', re.DOTALL)
_SIMPLE = {"n": b"\n", "t": b"\t", "r": b"\r", "v": b"\v", "b": b"\b", "f": b"\f", "a": b"\a", "\\": b"\\", '"': b'"'}
_POLIB = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\v": "\\v", "\b": "\\b", "\f": "\\f"}
# Left to the reader's own check, which names the entry (\v, \b, \f are refused there).
_KNOWN_CONTROLS = {ord(c): None for c in _POLIB}
_POLIB_ESCAPE = re.compile('[\\\\"\n\t\r\v\b\f]')


def normalize(text: str, label: str) -> str:
    r"""``text`` with every string in polib's escapes and every ``#,flag`` as ``#, flag``.

    >>> normalize('msgstr "caf\\303\\251 \\047\\x46"\n#,fuzzy\n', "x.po")
    'msgstr "café \'F"\n#, fuzzy\n'
    >>> normalize('msgstr "\\\\047"\n', "x.po")  # an escaped backslash, then digits
    'msgstr "\\\\047"\n'
    """
    if not _NEEDS_WORK.search(text):
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.lstrip(" \t")
        if stripped.startswith("#,") and not stripped.startswith(("#, ", "#,\t")) and len(stripped) > 2:
            lines[index] = line[: len(line) - len(stripped)] + "#, " + stripped[2:]
            continue
        if "\\" not in line:
            continue
        match = _STRING_LINE.match(line)
        if match:
            decoded = _decode(match.group(2), label, index + 1)
            unsafe = first_unsafe(decoded.translate(_KNOWN_CONTROLS))
            if unsafe:
                raise CatalogError(
                    f"{describe(unsafe[1])} written as an escape", path=label, line=index + 1,
                    fix="remove the character (an escape such as \\a or \\001 counts too)",
                )
            body = _reescape(decoded)
            lines[index] = f'{match.group(1)}"{body}"{match.group(3)}'
    return "\n".join(lines)


def _decode(body: str, label: str, line: int) -> str:
    """A string's content as gettext reads it: escapes become bytes, the bytes are UTF-8."""
    out = bytearray()
    position = 0
    for match in _ESCAPE.finditer(body):
        out += body[position : match.start()].encode("utf-8", "surrogatepass")
        octal, hexa, other = match.groups()
        if octal is not None:
            out.append(int(octal, 8) & 0xFF)
        elif hexa is not None:
            out.append(int(hexa, 16) & 0xFF)
        elif other in _SIMPLE:
            out += _SIMPLE[other]
        else:
            raise CatalogError(
                f"invalid escape \\{other} in a string (gettext refuses it too)",
                path=label,
                line=line,
                fix="write the character itself, or one of \\n \\t \\\" \\\\ or an octal escape such as \\047",
            )
        position = match.end()
    out += body[position:].encode("utf-8", "surrogatepass")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError(
            "an escape in this string gives bytes that are not valid UTF-8",
            path=label,
            line=line,
            fix="write the characters themselves, or octal escapes of their UTF-8 bytes (\\303\\251 for é)",
        ) from None


def _reescape(text: str) -> str:
    return _POLIB_ESCAPE.sub(lambda m: _POLIB[m.group()], text)


_MISPLACED_COMMENT = re.compile(r'^[ \t]*(?:msgctxt|msgid|msgid_plural)\b[^\n]*\n(?:[ \t]*"[^\n]*\n)*[ \t]*#(?![~|])', re.MULTILINE)


def misplaced_comment(text: str) -> int | None:
    """The line of a comment inside an entry, after its msgctxt or msgid (gettext's syntax error), or None.

    >>> misplaced_comment('msgid "a"\\n# note\\nmsgstr "b"\\n'), misplaced_comment('# note\\nmsgid "a"\\nmsgstr "b"\\n')
    (2, None)
    """
    match = _MISPLACED_COMMENT.search(text)
    return text.count("\n", 0, match.end()) + 1 if match else None
