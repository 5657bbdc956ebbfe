"""The site memory: every reviewed translation ever seen, per language, committed with the site.

``locales/<lang>/_memory.po`` is a compendium (what ``msgmerge -C`` reads): one
reviewed entry per English text, sorted by text so that a git diff shows only
what changed, no references, no dates but ``PO-Revision-Date`` (moved only when
an entry changes). ``translate`` adds every reviewed translation it sees and
reuses the memory before any engine, after the reviewed entries of the
language's catalogs; so a review survives a gettext tool that drops entries
(``msgattrib --only-fuzzy``), a renamed slug and a deleted catalog. An entry is
replaced when a catalog holds a different reviewed translation of its text, and
never removed. It is not an article's catalog: publish, status and check skip it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polib

from i18n_pub import language_codes
from i18n_pub.catalog import (
    REVISION_DATE,
    WRAP,
    Status,
    entry_status,
    is_plural,
    language_header,
    live_entries,
    render,
)
from i18n_pub.config import Config
from i18n_pub.errors import CatalogError
from i18n_pub.fsutil import WriteBatch
from i18n_pub.rebase import read_current

MEMORY_SLUG = "_memory"  # never an article slug: those start with a letter or digit
ATTEMPTS = 8


def memory_path(config: Config, language: str) -> Path:
    return config.catalog_path(language, MEMORY_SLUG)


def is_memory(path: Path) -> bool:
    return path.name == f"{MEMORY_SLUG}.po"


def reviewed_entries(po: polib.POFile) -> dict[str, str]:
    """Text → translation of every reviewed (translated, not fuzzy) singular entry."""
    return {
        e.msgid: e.msgstr
        for e in live_entries(po)
        if e.msgid and entry_status(e) is Status.REVIEWED and not is_plural(e)
    }


def load_memory(config: Config, language: str) -> dict[str, str]:
    """The site memory of ``language`` (empty when there is none yet)."""
    path = memory_path(config, language)
    if not path.exists():
        return {}
    po, _ = read_current(path, config.relative(path), language)
    return reviewed_entries(po)


def _render(entries: Mapping[str, str], language: str, project: str, date: str) -> str:
    po = polib.POFile(wrapwidth=WRAP)
    name = language_codes.english_name(language)
    po.header = (
        f"{name} site memory: every reviewed translation i18n-pub has seen in this site, reused before any engine.\n"
        "Kept by i18n-pub; commit it with the site. An entry changes when a catalog holds another reviewed translation."
    )
    po.metadata = language_header(project, language, revised=date, translator="i18n-pub site memory")
    for msgid in sorted(entries):
        po.append(polib.POEntry(msgid=msgid, msgstr=entries[msgid]))
    return render(po)


def update_memory(config: Config, language: str, seen: Mapping[str, str], timestamp: str) -> bool:
    """Add ``seen`` (text → reviewed translation) to the memory file; say whether it was written.

    The write is a compare-and-swap like every catalog write: should someone save the file meanwhile,
    it is read again and ``seen`` added to what it holds now.
    """
    path = memory_path(config, language)
    label = config.relative(path)
    project = config.feed.organization or config.feed.title
    for _ in range(ATTEMPTS):
        old, snapshot = read_current(path, label, language) if path.exists() else (None, None)
        entries = reviewed_entries(old) if old is not None else {}
        if all(entries.get(msgid) == msgstr for msgid, msgstr in seen.items()):
            return False
        entries.update(seen)
        date = timestamp if old is None or entries != reviewed_entries(old) else old.metadata.get(REVISION_DATE, timestamp)
        batch = WriteBatch()
        with batch:
            batch.write_if_changed(path, _render(entries, language, project, date), unless_changed_since=snapshot)
        if not batch.conflicts:
            return True
    raise CatalogError(
        f"the file changed {ATTEMPTS} times while i18n-pub was writing it; it was left as last saved",
        path=label,
        fix="run the command again once the other program has finished saving",
    )
