"""Characters that must never reach a catalog or a feed, and how to find or remove them.

XML 1.0 forbids most C0 control characters, so one in a title would make the feed
ill-formed (lxml refuses it); C1 controls, lone surrogates (not encodable as
UTF-8) and noncharacters are no better. Bidi overrides and embeddings
(U+202A–U+202E) can make text display differently from what it says ("Trojan
source"); English sources have no use for them, and in translations the feed
closes any that are left open (:func:`balance_bidi`).
"""

from __future__ import annotations

import re
import reprlib
import unicodedata

# C0 controls but tab, newline and carriage return; DEL and C1; surrogates; the two noncharacters XML forbids.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_BIDI_OVERRIDE = "\u202a-\u202e"
_UNSAFE_TEXT = re.compile(f"[{_CONTROL}]")
_UNSAFE_SOURCE = re.compile(f"[{_CONTROL}{_BIDI_OVERRIDE}]")

_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
            "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_CLOSERS = {"\u202c", "\u2069"}
_BIDI_CONTROLS = re.compile("[" + "".join(_OPENERS) + "".join(_CLOSERS) + "]")


def describe(char: str) -> str:
    """
    >>> describe("\\u202e"), describe("\\x0b"), describe("\\ud800")
    ('U+202E RIGHT-TO-LEFT OVERRIDE', 'U+000B control character', 'U+D800 lone surrogate')
    """
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} lone surrogate"
    return f"U+{code:04X} " + unicodedata.name(char, "control character" if unicodedata.category(char) == "Cc" else "noncharacter")


def _first(pattern: re.Pattern[str], text: str) -> tuple[int, str] | None:
    match = pattern.search(text)
    return (match.start(), match.group()) if match else None


def first_unsafe(text: str) -> tuple[int, str] | None:
    """Offset and character of the first control character, lone surrogate or noncharacter, or None.

    >>> first_unsafe("fine\\ttext\\n"), first_unsafe("bad\\x07bell")
    (None, (3, '\\x07'))
    """
    return _first(_UNSAFE_TEXT, text)


def first_unsafe_in_source(text: str) -> tuple[int, str] | None:
    """As :func:`first_unsafe`, and bidi overrides and embeddings too (English sources need none)."""
    return _first(_UNSAFE_SOURCE, text)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def without_controls(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (C0 controls but tab, LF and CR; surrogates;
    U+FFFE, U+FFFF) and the control characters that have no business in a news feed (DEL, C1)."""
    return _UNSAFE_TEXT.sub("", text)


def scrub(text: str) -> str:
    """Make text from outside (an engine's output) safe: controls and overrides go, a lone surrogate becomes U+FFFD.

    >>> scrub("ok\\x00 \\u202eevil\\ud800")
    'ok evil\\ufffd'
    """
    text = re.sub("[\ud800-\udfff]", "\ufffd", text)
    return re.sub(f"[{_CONTROL}{_BIDI_OVERRIDE}]", "", text)


def balance_bidi(text: str) -> str:
    """Close every bidi embedding, override or isolate the text leaves open, and drop unmatched closers,
    so a translation can never change how the text after it is displayed.

    >>> balance_bidi("a \\u202eb") == "a \\u202eb\\u202c"
    True
    >>> balance_bidi("\\u2069x\\u2067y") == "x\\u2067y\\u2069"
    True
    """
    if not _BIDI_CONTROLS.search(text):  # nearly every text: one regular expression scan, not a Python loop
        return text
    out, stack = [], []
    for char in text:
        if char in _OPENERS:
            stack.append(_OPENERS[char])
        elif char in _CLOSERS:
            if char not in stack:
                continue
            while stack:  # closing an isolate also closes the embeddings opened inside it
                closed = stack.pop()
                if closed == char:
                    break
                out.append(closed)
        out.append(char)
    out.extend(reversed(stack))
    return "".join(out)


_ESCAPE = re.compile(f"[{_CONTROL}{_BIDI_OVERRIDE}\u2066-\u2069\u200e\u200f\u061c\u2028\u2029\ufeff]")


def printable(text: str) -> str:
    """Text from a file as a terminal may show it: control and bidi characters escaped (``\\x1b``, ``\\u202e``).

    >>> printable("a\\x1b]0;x\\x07\\u202eb\\nc")
    'a\\\\x1b]0;x\\\\x07\\\\u202eb\\\\nc'
    """
    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _ESCAPE.sub(escape, text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))


def excerpt(value: object, limit: int = 60) -> str:
    """A short quotation of a value read from a file, for an error message: bounded whatever the value.

    Strings are quoted; lists and mappings (even a YAML "billion laughs", whose aliases
    make a few hundred bytes stand for gigabytes) show a few items, never all of them.

    >>> excerpt("x" * 100, 10), excerpt([[[[["deep"]]]]]), excerpt("\\u202eevil")
    ("'xxxxxxxx…", '[[[[...]]]]', "'\\\\u202eevil'")
    """
    shown = printable(_REPR.repr(value))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class _BoundedRepr(reprlib.Repr):
    def __init__(self) -> None:
        super().__init__()
        self.maxlevel, self.maxstring, self.maxother = 3, 200, 60
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = 4


_REPR = _BoundedRepr()


def escape_json(text: str) -> str:
    r"""JSON text (from ``json.dumps``) with the characters :func:`printable` escapes written as ``\uXXXX``:
    the same document, safe for a terminal (tab, newline and CR are already escaped inside its strings).

    >>> escape_json('{"a": "x\u202ey\x85"}')
    '{"a": "x\\u202ey\\u0085"}'
    """
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
