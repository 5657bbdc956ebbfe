"""Templates and catalogs: build, merge with gettext's semantics, read, render, stats.

The merge follows ``msgmerge --previous``: an unchanged entry keeps its
translation, a changed one keeps the old translation as ``#, fuzzy`` with
``#| msgid`` holding the text it translated, a removed one becomes an obsolete
``#~`` entry, and an obsolete entry whose text comes back is revived.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import babel
import polib
from babel.messages.plurals import get_plural

from i18n_pub import __version__, po_text
from i18n_pub.errors import CatalogError
from i18n_pub.fsutil import read_utf8
from i18n_pub.po_write import entry_text, file_text
from i18n_pub.segment import Segment
from i18n_pub.textsafe import describe, first_unsafe

WRAP = 78
FUZZY = "fuzzy"
MT_PREFIX = "mt: "
TM_PREFIX = "tm: "
PREVIOUS_PREFIX = "previous translation: "
GLOSSARY_PREFIX = "glossary: "
# msgmerge's own threshold for a fuzzy match (fstrcmp ≥ 0.6)
FUZZY_THRESHOLD = 0.6

_CREATION = "POT-Creation-Date"
_REVISION = "PO-Revision-Date"


class Status(enum.Enum):
    REVIEWED = "reviewed"  # translated, not fuzzy
    MACHINE = "machine"  # fuzzy machine (or memory) output for the current text
    CHANGED = "changed"  # fuzzy: the translation is of an older source text
    UNTRANSLATED = "untranslated"


Key = tuple[str | None, str]


def key_of(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def comment_lines(entry: polib.POEntry) -> list[str]:
    return entry.tcomment.split("\n") if entry.tcomment else []


def set_comment_lines(entry: polib.POEntry, lines: Iterable[str]) -> None:
    entry.tcomment = "\n".join(lines)


_UNKNOWN_NOTE = "; unknown: "


def mt_comment(engine: str, unknown: Sequence[str] = ()) -> str:
    """The ``# mt:`` line of machine output: the engine, and the words it did not know.

    >>> mt_comment("apertium", ["governance", "upcoming"]), mt_comment("libre")
    ('mt: apertium; unknown: governance, upcoming', 'mt: libre')
    """
    return MT_PREFIX + engine + (_UNKNOWN_NOTE + ", ".join(unknown) if unknown else "")


def _mt_lines(lines: Sequence[str]) -> range:
    """Where the ``mt:`` line is, with the lines a PO writer wrapped it onto (polib wraps at 78 columns)."""
    for start, line in enumerate(lines):
        if line.startswith(MT_PREFIX):
            end = start + 1
            while end < len(lines) and lines[end - 1].rstrip().endswith((",", ":", ";")):
                if ":" in lines[end].split(" ", 1)[0]:  # a comment of its own (``glossary: …``)
                    break
                end += 1
            return range(start, end)
    return range(0)


def _mt_line(entry: polib.POEntry) -> str | None:
    """What follows ``mt:``, its wrapped lines joined back."""
    lines = comment_lines(entry)
    found = _mt_lines(lines)
    return " ".join(lines[n] for n in found)[len(MT_PREFIX) :].strip() if found else None


def without_mt_line(lines: Sequence[str]) -> list[str]:
    """Comment lines without the ``mt:`` line (wrapped or not).

    >>> without_mt_line(["mt: apertium; unknown: a,", "b", "note"])
    ['note']
    """
    found = _mt_lines(lines)
    return [line for number, line in enumerate(lines) if number not in found]


def machine_engine(entry: polib.POEntry) -> str | None:
    """The engine named by ``# mt: <engine>``, if the current translation is machine output."""
    line = _mt_line(entry)
    return None if line is None else line.split(";", 1)[0].strip()


def machine_unknown(entry: polib.POEntry) -> tuple[str, ...]:
    r"""The words the engine did not know, from ``# mt: <engine>; unknown: a, b``.

    >>> entry = polib.POEntry(msgid="x", tcomment="mt: apertium; unknown: governance,\nupcoming\nnote")
    >>> machine_engine(entry), machine_unknown(entry)
    ('apertium', ('governance', 'upcoming'))
    """
    line = _mt_line(entry)
    if line is None or _UNKNOWN_NOTE.strip() not in line:
        return ()
    listed = line.split(_UNKNOWN_NOTE.strip(), 1)[1]
    return tuple(word for word in (w.strip() for w in listed.split(",")) if re.fullmatch(r"\w+", word))


def is_stale(entry: polib.POEntry) -> bool:
    """Fuzzy with ``#| msgid`` and no machine output yet for the new text: the translation is of an older source."""
    return FUZZY in entry.flags and entry.previous_msgid is not None and machine_engine(entry) is None


def translation(entry: polib.POEntry) -> str:
    """What ``gettext(msgid)`` returns for the entry: its msgstr, or ``msgstr[0]`` of a plural entry."""
    return entry.msgstr or (entry.msgstr_plural.get(0, "") if entry.msgid_plural else "")


def is_plural(entry: polib.POEntry) -> bool:
    return bool(entry.msgid_plural)


def entry_status(entry: polib.POEntry) -> Status:
    if is_plural(entry):
        # A translator's plural entry: translated when every form is (as msgfmt counts it).
        if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
            return Status.UNTRANSLATED
    elif not entry.msgstr:
        return Status.UNTRANSLATED
    if FUZZY not in entry.flags:
        return Status.REVIEWED
    return Status.CHANGED if is_stale(entry) else Status.MACHINE


def live_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


# --- building ---------------------------------------------------------------


def template_header(project: str) -> dict[str, str]:
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        _CREATION: "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Generated-By": f"i18n-pub {__version__}",
    }


def build_template(segments: Sequence[Segment], source_path: str, project: str) -> polib.POFile:
    """A POT catalog: one entry per distinct (context, sentence), with every place it occurs."""
    pot = polib.POFile(wrapwidth=WRAP)
    pot.header = f"Template for {source_path}, made by i18n-pub from the source. Do not edit: edit the source."
    pot.metadata = template_header(project)
    by_key: dict[Key, polib.POEntry] = {}
    for segment in segments:
        key = (segment.context, segment.text)
        occurrence = (source_path, str(segment.line))
        if key in by_key:
            by_key[key].occurrences.append(occurrence)
            continue
        entry = polib.POEntry(msgctxt=segment.context, msgid=segment.text, msgstr="", occurrences=[occurrence])
        by_key[key] = entry
        pot.append(entry)
    return pot


def plural_forms(language: str) -> str:
    """``Plural-Forms`` from Babel's CLDR data.

    >>> plural_forms("ar")  # doctest: +NORMALIZE_WHITESPACE
    'nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 :
    n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);'
    """
    plural = get_plural(babel.Locale.parse(language, sep="-"))
    return plural.plural_forms


def catalog_header(template: polib.POFile, language: str, old: polib.POFile | None) -> dict[str, str]:
    header = {
        "Project-Id-Version": template.metadata.get("Project-Id-Version", ""),
        "Report-Msgid-Bugs-To": "",
        _CREATION: template.metadata.get(_CREATION, ""),
        _REVISION: "",
        "Last-Translator": "Automatically generated",
        "Language-Team": "none",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(language),
        "X-Generator": f"i18n-pub {__version__}",
    }
    if old is not None:
        # Keep what translators' tools wrote (Last-Translator, Language-Team, X-Generator …).
        for field in ("Last-Translator", "Language-Team", _REVISION, "X-Generator"):
            if old.metadata.get(field):
                header[field] = old.metadata[field]
        for field, value in old.metadata.items():
            header.setdefault(field, value)
    return header


def _catalog_comment(template: polib.POFile, language: str) -> str:
    name = babel.Locale.parse(language, sep="-").english_name
    sources = sorted({path for entry in template for path, _ in entry.occurrences})
    return (
        f"{name} translation of {', '.join(sources) or 'the site'}.\n"
        "Remove the fuzzy flag from an entry once you have reviewed it; i18n-pub never overwrites a reviewed entry."
    )


# --- merging ----------------------------------------------------------------


def _clone(entry: polib.POEntry, **changes: Any) -> polib.POEntry:
    fields = dict(
        msgctxt=entry.msgctxt,
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=dict(entry.msgstr_plural),
        occurrences=list(entry.occurrences),
        flags=list(entry.flags),
        comment=entry.comment,
        tcomment=entry.tcomment,
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        obsolete=entry.obsolete,
    )
    fields.update(changes)
    return polib.POEntry(**fields)


def merge(template: polib.POFile, old: polib.POFile | None, language: str) -> polib.POFile:
    """Merge a template into a language's catalog as ``msgmerge --previous`` does."""
    merged = polib.POFile(wrapwidth=WRAP)
    merged.header = old.header if old is not None and old.header else _catalog_comment(template, language)
    merged.metadata = catalog_header(template, language, old)
    old_live = {key_of(e): e for e in old or () if not e.obsolete}
    old_obsolete = {key_of(e): e for e in old or () if e.obsolete}
    used: set[Key] = set()
    unmatched: list[int] = []

    for position, t in enumerate(template):
        key = key_of(t)
        previous = old_live.get(key) or old_obsolete.get(key)
        if previous is not None:
            used.add(key)
            entry = _clone(previous, occurrences=list(t.occurrences), obsolete=False, comment=previous.comment)
            if FUZZY not in entry.flags:
                entry.previous_msgid = entry.previous_msgctxt = None
        else:
            entry = _clone(t)
            unmatched.append(position)
        merged.append(entry)

    candidates = [e for k, e in old_live.items() if k not in used and e.msgstr and not is_plural(e)]
    for position in unmatched:
        entry = merged[position]
        match = _best_fuzzy_match(entry, candidates)
        if match is None:
            continue
        candidates.remove(match)
        used.add(key_of(match))
        merged[position] = _changed_entry(entry, match)

    for key, entry in old_live.items():
        if key not in used and translation(entry):
            merged.append(_clone(entry, obsolete=True, occurrences=[], previous_msgid=None, previous_msgctxt=None))
    for key, entry in old_obsolete.items():
        if key not in used and key not in old_live:
            merged.append(_clone(entry))
    return merged


def _best_fuzzy_match(entry: polib.POEntry, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    best, best_ratio = None, FUZZY_THRESHOLD
    for candidate in candidates:
        if candidate.msgctxt != entry.msgctxt:
            continue
        matcher = difflib.SequenceMatcher(None, entry.msgid, candidate.msgid, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _changed_entry(new: polib.POEntry, old: polib.POEntry) -> polib.POEntry:
    """The old translation, fuzzy, with the text it translated as ``#| msgid``.

    The ``# mt:`` line goes: the machine output was for the old text. Like msgmerge,
    an entry that was already fuzzy keeps its original ``#| msgid``.
    """
    already_changed = FUZZY in old.flags and old.previous_msgid is not None
    flags = list(old.flags) if FUZZY in old.flags else [*old.flags, FUZZY]
    return _clone(
        new,
        msgstr=old.msgstr,
        flags=flags,
        tcomment="\n".join(line for line in comment_lines(old) if not line.startswith(MT_PREFIX)),
        previous_msgid=old.previous_msgid if already_changed else old.msgid,
        previous_msgctxt=old.previous_msgctxt if already_changed else old.msgctxt,
    )


# --- reading and writing ------------------------------------------------------


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
        english = babel.Locale.parse(language, sep="-").english_name
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


def render(po: polib.POFile) -> str:
    return file_text(po)


def _signature(po: polib.POFile, *, ignore: Sequence[str]) -> list[object]:
    """Everything the file would say, ``ignore``'d header fields aside (equal signatures, equal files)."""
    metadata = [(k, v) for k, v in po.ordered_metadata() if k not in ignore]
    entries = [*(e for e in po if not e.obsolete), *(e for e in po if e.obsolete)]  # the order the file has
    return [po.header, metadata, *(entry_text(e, WRAP) for e in entries)]


def _translation_signature(po: polib.POFile) -> list[tuple[object, ...]]:
    return [
        (e.msgctxt, e.msgid, e.msgstr, sorted(e.msgstr_plural.items()), FUZZY in e.flags, e.obsolete, e.previous_msgid)
        for e in po
    ]


def finalize(new: polib.POFile, old: polib.POFile | None, date_field: str, timestamp: str) -> str | None:
    """The text to write for ``new``, or None when it says nothing ``old`` did not.

    ``date_field`` (``POT-Creation-Date`` or ``PO-Revision-Date``) keeps its old value
    unless a translation changed, so a rerun with unchanged inputs writes nothing and
    the date tells when the translation last changed.
    """
    old_date = old.metadata.get(date_field, "") if old is not None else ""
    if old is not None and _signature(new, ignore=(date_field,)) == _signature(old, ignore=(date_field,)):
        return None
    translation_moved = old is None or _translation_signature(new) != _translation_signature(old) or not old_date
    new.metadata[date_field] = timestamp if translation_moved else old_date
    return render(new)


CREATION_DATE = _CREATION
REVISION_DATE = _REVISION


# --- numbers ----------------------------------------------------------------


@dataclass(frozen=True)
class CatalogStats:
    segments: int
    reviewed: int
    machine: int
    changed: int
    untranslated: int
    words_left: int
    unknown_words: int = 0  # words the engine did not know, in machine output not yet reviewed (# mt: …; unknown: …)

    @property
    def publishable(self) -> bool:
        return self.segments > 0 and self.changed == 0 and self.untranslated == 0

    @property
    def fully_reviewed(self) -> bool:
        return self.segments > 0 and self.reviewed == self.segments


def catalog_stats(po: polib.POFile) -> CatalogStats:
    return count_statuses((entry.msgid, entry_status(entry)) for entry in live_entries(po))


def count_statuses(segments: Iterable[tuple[str, Status]]) -> CatalogStats:
    """Counts of (source text, status) pairs; every word of a segment not yet reviewed is a word left.

    >>> count_statuses([("Two words", Status.REVIEWED), ("Three more words", Status.MACHINE)])
    CatalogStats(segments=2, reviewed=1, machine=1, changed=0, untranslated=0, words_left=3, unknown_words=0)
    """
    counts = {status: 0 for status in Status}
    words_left = 0
    for text, status in segments:
        counts[status] += 1
        if status is not Status.REVIEWED:
            words_left += len(text.split())
    return CatalogStats(
        segments=sum(counts.values()),
        reviewed=counts[Status.REVIEWED],
        machine=counts[Status.MACHINE],
        changed=counts[Status.CHANGED],
        untranslated=counts[Status.UNTRANSLATED],
        words_left=words_left,
    )
