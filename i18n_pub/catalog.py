"""Templates and catalogs: build, merge with gettext's semantics, render (reading: catalog_read; counts: status).

The merge follows ``msgmerge --previous``: an unchanged entry keeps its
translation, a changed one keeps the old translation as ``#, fuzzy`` with
``#| msgid`` holding the text it translated, a removed one becomes an obsolete
``#~`` entry, and an obsolete entry whose text comes back is revived.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Sequence
from typing import Any

import polib
from babel.messages.plurals import get_plural

from i18n_pub import __version__, language_codes
from i18n_pub.po_comments import MT_PREFIX, comment_lines, machine_engine
from i18n_pub.po_write import entry_text, file_text
from i18n_pub.segment import Segment

WRAP = 78
FUZZY = "fuzzy"
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
    plural = get_plural(language_codes.locale(language))
    return plural.plural_forms


def language_header(
    project: str, language: str, *, created: str | None = None, revised: str = "", translator: str = "Automatically generated"
) -> dict[str, str]:
    """The header fields of a file i18n-pub writes for ``language``, in gettext's order (no creation date: none)."""
    dates = {_CREATION: created} if created is not None else {}
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        **dates,
        _REVISION: revised,
        "Last-Translator": translator,
        "Language-Team": "none",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(language),
        "X-Generator": f"i18n-pub {__version__}",
    }


def catalog_header(template: polib.POFile, language: str, old: polib.POFile | None) -> dict[str, str]:
    project, created = template.metadata.get("Project-Id-Version", ""), template.metadata.get(_CREATION, "")
    header = language_header(project, language, created=created)
    if old is not None:
        # Keep what translators' tools wrote (Last-Translator, Language-Team, X-Generator …).
        for field in ("Last-Translator", "Language-Team", _REVISION, "X-Generator"):
            if old.metadata.get(field):
                header[field] = old.metadata[field]
        for field, value in old.metadata.items():
            header.setdefault(field, value)
    return header


def _catalog_comment(template: polib.POFile, language: str) -> str:
    name = language_codes.english_name(language)
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
            flags = _template_flags(previous.flags, t)
            entry = _clone(previous, occurrences=list(t.occurrences), obsolete=False, comment=previous.comment, flags=flags)
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


def _template_flags(flags: Sequence[str], template: polib.POEntry) -> list[str]:
    """``fuzzy`` as the old entry has it, every other flag (``python-brace-format``, ``no-wrap``) as the
    template has it, as msgmerge does; the old order where the flags are the same (no needless rewrite).

    >>> t = polib.POEntry(msgid="{n} left", flags=["python-brace-format"])
    >>> _template_flags(["python-brace-format", "fuzzy"], t), _template_flags(["fuzzy", "no-wrap"], t), _template_flags([], t)
    (['python-brace-format', 'fuzzy'], ['fuzzy', 'python-brace-format'], ['python-brace-format'])
    """
    wanted = [flag for flag in template.flags if flag != FUZZY]
    kept = [flag for flag in flags if flag == FUZZY or flag in wanted]
    return kept + [flag for flag in wanted if flag not in kept]


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
    flags = _template_flags(old.flags if FUZZY in old.flags else [*old.flags, FUZZY], new)
    return _clone(
        new,
        msgstr=old.msgstr,
        flags=flags,
        tcomment="\n".join(line for line in comment_lines(old) if not line.startswith(MT_PREFIX)),
        previous_msgid=old.previous_msgid if already_changed else old.msgid,
        previous_msgctxt=old.previous_msgctxt if already_changed else old.msgctxt,
    )


# --- writing ------------------------------------------------------------------


def render(po: polib.POFile) -> str:
    return file_text(po)


def _signature(po: polib.POFile, *, ignore: Sequence[str]) -> list[object]:
    """Everything the file would say, ``ignore``'d header fields aside (equal signatures, equal files)."""
    metadata = [(k, v) for k, v in po.ordered_metadata() if k not in ignore]
    entries = [*(e for e in po if not e.obsolete), *(e for e in po if e.obsolete)]  # the order the file has
    return [po.header, metadata, *(entry_text(e, WRAP) for e in entries)]


def _translation_signature(po: polib.POFile) -> list[tuple[object, ...]]:
    return [(e.msgctxt, e.msgid, e.msgstr, sorted(e.msgstr_plural.items()), FUZZY in e.flags, e.obsolete, e.previous_msgid) for e in po]


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
