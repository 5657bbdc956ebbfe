"""Reading PO files as GNU gettext reads them: syntax line by line, escapes, header and plural rules.

Every problem is one :class:`~i18n_pub.errors.CatalogError` naming the file and
line, with how to fix it; nothing is half read. The model (statuses, comments)
and the merge are in :mod:`i18n_pub.catalog`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import polib

from i18n_pub import language_codes, po_text
from i18n_pub.catalog import WRAP, Key, plural_forms
from i18n_pub.errors import CatalogError
from i18n_pub.fsutil import read_utf8
from i18n_pub.textsafe import describe, first_unsafe

# A keyword line or a continuation line: the quoted string must be closed and well escaped.
_PO_STRING_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?"(?:[^"\\]|\\.)*"[ \t]*')
_KEYWORD = re.compile(r"msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?")
_COMMENT_PREFIX = re.compile(r"#~?\|?[ \t]*")
# Lines the loop of check_syntax accepts, for the common case (a narrower pattern: any other text takes the loop):
# blank, a comment other than #~ and #|, or a well-formed string line, possibly after #~ or #|. Every character
# str.splitlines() breaks at ends a line here too.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_PLAIN_LINE = (
    rf'[ \t]*(?:#(?![~|])[^{_BREAKS}]*+|(?:#(?:~\|?|\|)[ \t]*)?'
    rf'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?"(?:[^"\\{_BREAKS}]++|\\[^{_BREAKS}])*+"[ \t]*)?'
)
_ALL_LINES_PLAIN = re.compile(f"(?:{_PLAIN_LINE}\n)*+{_PLAIN_LINE}")


def check_syntax(text: str) -> tuple[int, str] | None:
    r"""The first line whose string is broken (polib reads such lines silently wrong), or None.

    >>> check_syntax('msgid "a"\nmsgstr "b"\n')
    >>> check_syntax('msgid "a"\nmsgstr "unclosed\n')
    (2, 'unterminated or badly escaped string')
    >>> check_syntax('msgid "a"\nmsgsrt "b"\n')
    (2, "unknown keyword 'msgsrt'")
    """
    if _ALL_LINES_PLAIN.fullmatch(text):
        return None  # what nearly every file is: one scan in C instead of a Python loop over its lines
    return check_lines(text)


def check_lines(text: str) -> tuple[int, str] | None:
    """:func:`check_syntax`, a line at a time (what tells which line is wrong)."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if not stripped.startswith(("#~", "#|")):
                continue
            stripped = _COMMENT_PREFIX.sub("", stripped, count=1)
            if not stripped or not stripped.startswith(("msg", '"')):
                continue
        if not _PO_STRING_LINE.fullmatch(stripped):
            keyword = re.match(r"[A-Za-z_]\w*(\[\d+\])?", stripped)
            if keyword and not _KEYWORD.fullmatch(keyword.group()):
                return number, f"unknown keyword {keyword.group()!r}"
            what = "unterminated or badly escaped string" if '"' in stripped else f"unexpected line {stripped[:30]!r}"
            return number, what
    return None


def read_catalog(path: Path, label: str, language: str | None = None) -> polib.POFile:
    """Parse a PO/POT file; anything wrong becomes a :class:`CatalogError` naming the line.

    A byte-order mark and CRLF line ends are read as any PO editor reads them. With
    ``language``, the header is checked too (present, UTF-8, that language, a
    ``Plural-Forms`` that fits it): a catalog i18n-pub cannot rewrite faithfully is
    reported and left untouched, never "repaired".
    """
    return parse_catalog(read_utf8(path, label, CatalogError), label, language)


def parse_catalog(text: str, label: str, language: str | None = None) -> polib.POFile:
    """:func:`read_catalog` for text already read."""
    broken = check_syntax(text)
    if broken:
        raise CatalogError(broken[1], path=label, line=broken[0], fix=_FIX)
    misplaced = po_text.misplaced_comment(text)
    if misplaced:
        raise CatalogError(
            "a comment inside an entry, between its msgid and msgstr (gettext refuses it too)",
            path=label,
            line=misplaced,
            fix="move the comment line above the entry's msgid",
        )
    text = po_text.normalize(text, label)
    try:
        po = polib.pofile(text, wrapwidth=WRAP, encoding="utf-8", check_for_duplicates=False)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        what, line = _polib_error(exc)
        raise CatalogError(what, path=label, line=line, fix=_FIX) from None
    lines = text.splitlines()
    _check_entries(po, lines, label)
    if language is not None:
        _check_header(po, lines, label, language)
    return po


_FIX = "fix the file in a PO editor or restore it from version control"


def _msgid_line(lines: list[str], entry: polib.POEntry) -> int | None:
    """The line of an entry's ``msgid`` (polib remembers where the entry's comments start)."""
    start = max((entry.linenum or 1) - 1, 0)
    for number in range(start, len(lines)):
        if re.match(r"(#~\s*)?msgid\b", lines[number]):
            return number + 1
    return entry.linenum


def _check_entries(po: polib.POFile, lines: list[str], label: str) -> None:
    seen: dict[Key, polib.POEntry] = {}
    for entry in po:
        # Like msgfmt: an obsolete #~ entry with the key of another entry, live or not, is a duplicate.
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            first = _msgid_line(lines, seen[key])
            obsolete = " (one of them obsolete, #~)" if entry.obsolete != seen[key].obsolete else ""
            raise CatalogError(
                f"duplicate entry for msgid {_short(entry.msgid)}"
                + (f" in context {entry.msgctxt!r}" if entry.msgctxt is not None else "")
                + f" (first at line {first}){obsolete}",
                path=label,
                line=_msgid_line(lines, entry),
                fix="keep one of the two entries (msguniq lists duplicates; msgfmt refuses them too)",
            )
        seen[key] = entry
        strings = [entry.msgctxt or "", entry.msgid, entry.msgstr, *entry.msgstr_plural.values()]
        for string in strings:
            unsafe = first_unsafe(string)
            if unsafe:
                raise CatalogError(
                    f"{describe(unsafe[1])} in the entry for msgid {_short(entry.msgid)}",
                    path=label,
                    line=_msgid_line(lines, entry),
                    fix="remove the character (an escape such as \\v or \\b counts too)",
                )
        if entry.msgid and not entry.obsolete and entry.msgstr and (
            entry.msgid.startswith("\n") != entry.msgstr.startswith("\n")
            or entry.msgid.endswith("\n") != entry.msgstr.endswith("\n")
        ):
            raise CatalogError(
                f"msgid and msgstr do not both begin and end with \\n (msgid {_short(entry.msgid)})",
                path=label,
                line=_msgid_line(lines, entry),
                fix="begin and end the translation as the English does (msgfmt -c rejects it otherwise)",
            )


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "…")


def _header_line(lines: list[str], field: str | None = None) -> int:
    for number, line in enumerate(lines, 1):
        if field is None and re.match(r'msgid\s+""\s*$', line):
            return number
        if field is not None and line.lstrip().startswith(f'"{field}:'):
            return number
    return 1


def _check_header(po: polib.POFile, lines: list[str], label: str, language: str) -> None:
    if not po.metadata:
        raise CatalogError(
            'no header entry (msgid "" with Language, Content-Type and Plural-Forms)',
            path=label,
            line=1,
            fix="put the header back (copy it from another catalog of this language) or restore the file from version control",
        )
    content_type = po.metadata.get("Content-Type", "")
    charset = re.search(r"charset=([\w.:-]+)", content_type)
    if not charset or charset.group(1).upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        raise CatalogError(
            f"header Content-Type {content_type!r} does not say charset=UTF-8",
            path=label,
            line=_header_line(lines, "Content-Type") if content_type else _header_line(lines),
            fix="convert the file with msgconv -t UTF-8 and set Content-Type: text/plain; charset=UTF-8",
        )
    declared = po.metadata.get("Language", "").strip()
    if declared and declared.replace("_", "-").lower() != language.lower():
        raise CatalogError(
            f"header says Language: {declared}, but the catalog is for {language!r}",
            path=label,
            line=_header_line(lines, "Language"),
            fix=f"set Language: {language}, or move the file to the folder of its language",
        )
    rule = po.metadata.get("Plural-Forms")
    if rule is not None:
        problem = plural_forms_problem(rule, language, [len(e.msgstr_plural) for e in po if e.msgstr_plural])
        if problem:
            raise CatalogError(
                f"wrong Plural-Forms: {problem}",
                path=label,
                line=_header_line(lines, "Plural-Forms"),
                fix=f"write Plural-Forms: {plural_forms(language)}",
            )


def _plural_classes(function: Callable[[int], int], numbers: range) -> list[int]:
    return [int(function(n)) for n in numbers]


def plural_forms_problem(rule: str, language: str, plural_counts: Sequence[int] = ()) -> str | None:
    """What is wrong with a ``Plural-Forms`` value for ``language``, or None.

    Any rule that sorts the numbers 0–200 into as many forms as CLDR's rule does is
    accepted (gettext's traditional ``n != 1`` for Spanish as well as CLDR's own).

    >>> plural_forms_problem("nplurals=2; plural=(n != 1);", "es")
    >>> plural_forms_problem("nplurals=1; plural=0;", "es")
    'it gives Spanish 1 form(s) for the numbers 0–200; CLDR gives 2'
    >>> plural_forms_problem("nplurals=2; plural=n+;", "es")
    "cannot read 'nplurals=2; plural=n+;'"
    """
    problem, nplurals = _rule_problem(rule, language)
    if problem:
        return problem
    wrong = sorted({count for count in plural_counts if count != nplurals})
    if wrong:
        return f"nplurals={nplurals}, but an entry has {wrong[0]} plural translations"
    return None


@lru_cache(maxsize=64)
def _rule_problem(rule: str, language: str) -> tuple[str | None, int]:
    """What is wrong with the rule itself, and its nplurals. Every catalog of a language has the same rule,
    so it is checked once (1,001 evaluations: about 1 ms a catalog, a quarter of reading one)."""
    import gettext

    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", rule)
    try:
        if not match:
            raise ValueError
        nplurals = int(match.group(1))
        function = gettext.c2py(match.group(2))
        values = _plural_classes(function, range(0, 1001))
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError):
        return f"cannot read {rule!r}", 0
    if nplurals < 1 or any(not 0 <= v < nplurals for v in values):
        return f"plural= gives form {max(values)} but nplurals={nplurals}", nplurals
    wanted = len(set(_plural_classes(_cldr_function(language), range(0, 201))))
    got = len(set(values[:201]))
    if got != wanted:
        english = language_codes.english_name(language)
        return f"it gives {english} {got} form(s) for the numbers 0–200; CLDR gives {wanted}", nplurals
    return None, nplurals


def _cldr_function(language: str) -> Callable[[int], int]:
    import gettext

    expression = plural_forms(language).split("plural=", 1)[1].rstrip().rstrip(";")
    return gettext.c2py(expression)


def _polib_error(exc: Exception) -> tuple[str, int | None]:
    text = str(exc)
    match = re.search(r"\(line (\d+)\)", text)
    line = int(match.group(1)) if match else None
    what = re.sub(r"\s*\(line \d+\)", "", text) or type(exc).__name__
    return what.replace("po file", "PO file"), line
