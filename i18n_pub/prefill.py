"""The memory step: reviewed translations reused, exactly (``msgmerge -C``) or by similarity (fuzzy)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polib

from i18n_pub.catalog import FUZZY, Status, entry_status, is_plural, live_entries
from i18n_pub.catalog_work import WorkingCatalog, keep_previous_translation, needs_translation, reviewed_pairs
from i18n_pub.fuzzy import FuzzyIndex, repaired
from i18n_pub.po_comments import TM_PREFIX, comment_lines, machine_engine, set_comment_lines


def fill_from_memory(catalogs: Sequence[WorkingCatalog], memory: dict[str, tuple[str, str]] | None = None) -> int:
    """Reuse reviewed translations of the exact same text from this language's catalogs (``msgmerge -C``).

    ``memory`` maps a text to (translation, slug); by default it is built from ``catalogs``.
    """
    if memory is None:
        memory = {}
        for catalog in sorted(catalogs, key=lambda c: c.slug):
            for msgid, msgstr in reviewed_pairs(catalog.merged):
                memory.setdefault(msgid, (msgstr, catalog.slug))
    filled = 0
    for catalog in catalogs:
        for entry in live_entries(catalog.merged):
            if needs_translation(entry) and entry.msgid in memory:
                msgstr, slug = memory[entry.msgid]
                lines = keep_previous_translation(entry, comment_lines(entry))
                set_comment_lines(entry, [*(line for line in lines if not line.startswith(TM_PREFIX)), TM_PREFIX + slug])
                entry.msgstr = msgstr
                entry.flags = [f for f in entry.flags if f != FUZZY]
                entry.previous_msgid = entry.previous_msgctxt = None
                filled += 1
    return filled


def fill_from_fuzzy(catalogs: Sequence[WorkingCatalog], index: FuzzyIndex, threshold: int, language: str | None = None) -> int:
    """Pre-fill each untranslated entry whose best fuzzy match scores ``threshold`` or more: the match's
    translation (numbers and names repaired), fuzzy, with ``# tm: 87% <slug>``. The engine skips it."""
    if not len(index):
        return 0
    filled = 0
    for catalog in catalogs:
        for entry in live_entries(catalog.merged):
            if entry_status(entry) is not Status.UNTRANSLATED or is_plural(entry):
                continue
            match = index.best(entry.msgid, minimum=threshold)
            if match is None or _ends(match.source) != _ends(entry.msgid):
                continue
            lines = [line for line in comment_lines(entry) if not line.startswith(TM_PREFIX)]
            set_comment_lines(entry, [*lines, f"{TM_PREFIX}{match.score}% {match.origin}"])
            entry.msgstr = repaired(entry.msgid, match, language)
            if FUZZY not in entry.flags:
                entry.flags.append(FUZZY)
            filled += 1
    return filled


def show_matches(entries: Iterable[polib.POEntry], index: FuzzyIndex) -> None:
    """An entry the engine translated shows its best fuzzy match below the threshold, if any scores 50 or
    more: ``# tm: 62% <slug>``, so the translator can compare."""
    if not len(index):
        return
    for entry in entries:
        if machine_engine(entry) is None or FUZZY not in entry.flags:
            continue  # the engine gave this entry nothing this time
        match = index.best(entry.msgid)
        if match is not None:
            lines = [line for line in comment_lines(entry) if not line.startswith(TM_PREFIX)]
            set_comment_lines(entry, [*lines, f"{TM_PREFIX}{match.score}% {match.origin}"])


def _ends(text: str) -> tuple[bool, bool]:
    return text.startswith("\n"), text.endswith("\n")
