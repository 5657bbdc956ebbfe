"""A catalog being updated for one language: merged with its template, its glossary hints refreshed.

What the memory step (:mod:`i18n_pub.prefill`) and the engine step
(:mod:`i18n_pub.machine`) fill, and what they share about entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from i18n_pub.cas import Snapshot
from i18n_pub.catalog import Status, entry_status, is_plural, live_entries, merge
from i18n_pub.config import Config
from i18n_pub.glossary import Glossary
from i18n_pub.po_comments import PREVIOUS_PREFIX, glossary_lines
from i18n_pub.rebase import read_current

if TYPE_CHECKING:
    from i18n_pub.extract import Extracted

# (msgctxt, msgid): one live entry of a catalog
EntryKey = tuple[str | None, str]


@dataclass
class WorkingCatalog:
    """A catalog being updated: its merged entries and what was on disk before."""

    slug: str
    path: Path
    merged: polib.POFile
    old: polib.POFile | None
    template_digest: str | None = None
    snapshot: Snapshot | None = None  # of the file ``old`` was read from (None: no file, or not taken)
    stale: set[EntryKey] = field(default_factory=set)  # machine entries to translate again (see refresh_hints)


def merged_catalog(config: Config, item: Extracted, language: str) -> WorkingCatalog:
    path = config.catalog_path(language, item.slug)
    old, snapshot = read_current(path, config.relative(path), language) if path.exists() else (None, None)
    return WorkingCatalog(item.slug, path, merge(item.template, old, language), old, item.template_digest, snapshot)


def reviewed_pairs(po: polib.POFile) -> tuple[tuple[str, str], ...]:
    """(msgid, msgstr) of every reviewed singular entry: what the translation memory offers."""
    return tuple(
        (e.msgid, e.msgstr) for e in live_entries(po) if entry_status(e) is Status.REVIEWED and not is_plural(e)
    )


def needs_translation(entry: polib.POEntry) -> bool:
    """Empty or changed; never a translator's plural entry (its forms are theirs to fill)."""
    return entry_status(entry) in (Status.UNTRANSLATED, Status.CHANGED) and not is_plural(entry)


def refresh_hints(catalogs: Sequence[WorkingCatalog], glossary: Glossary, language: str) -> None:
    """Write each live entry's ``#. glossary: term → form`` lines for ``language``.

    A machine entry whose lines changed goes into its catalog's ``stale``: the glossary was edited
    since its translation, so the engine translates it again. Reviewed entries keep their
    translation (their hints still change, so the translator sees the rule).
    """
    for catalog in catalogs:
        for entry in live_entries(catalog.merged):
            others, old_hints = glossary_lines(entry.comment.split("\n") if entry.comment else [])
            hints = glossary.hints(entry.msgid, language)
            if old_hints == hints:
                continue  # keep the lines as read: same text, same bytes
            entry.comment = "\n".join([*others, *hints])
            if entry_status(entry) is Status.MACHINE:
                catalog.stale.add((entry.msgctxt, entry.msgid))


def keep_previous_translation(entry: polib.POEntry, lines: list[str]) -> list[str]:
    """Before a changed entry gets new text, its old translation moves into a comment: no work is lost."""
    if entry.msgstr and entry.previous_msgid is not None:
        kept = PREVIOUS_PREFIX + entry.msgstr.replace("\n", " ")
        if kept not in lines:
            lines.append(kept)
    return lines
