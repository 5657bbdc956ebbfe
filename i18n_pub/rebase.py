"""Writing catalogs that a translator may be saving at the same moment.

A run reads a catalog, works on it (the engine can take minutes), then writes
it. If a translator saved the file in between (Poedit writes a new file and
renames it; a text editor may write in place), writing blindly would throw
their review away. So every catalog write is a compare-and-swap
(:func:`i18n_pub.fsutil.replace_if_unchanged`): the file is replaced only if it
still holds the bytes that were read. When it does not, the new file is read
again and the run's work is merged into it with :func:`rebase` (every entry the
translator changed is theirs, the run's work fills the rest), and the write is
tried again, a bounded number of times.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from i18n_pub.cas import Snapshot, read_snapshot
from i18n_pub.catalog import WRAP, Key, _clone, finalize, key_of, translation
from i18n_pub.catalog_read import parse_catalog
from i18n_pub.errors import CatalogError
from i18n_pub.fsutil import WriteBatch, decode_utf8
from i18n_pub.state import sha256_bytes

ATTEMPTS = 8  # writes tried per catalog before the run gives up on it (each after a fresh read)
_SETTLE_TRIES = 40  # reads of a file being written in place before it counts as broken
_SETTLE_PAUSE = 0.025  # seconds between them
_RETRIES = 4  # reads of a catalog that does not parse, at the start of a run


def read_catalog_snapshot(path: Path, label: str, language: str | None = None) -> tuple[polib.POFile, Snapshot]:
    """A catalog and the snapshot of the very bytes it was parsed from."""
    data, snapshot = read_snapshot(path, label, CatalogError)
    return parse_catalog(decode_utf8(data, label, CatalogError), label, language), snapshot


def _edited(theirs: polib.POEntry, base: polib.POEntry | None) -> bool:
    """Whether the translator changed this entry since the run read the file."""
    return base is None or _content(theirs) != _content(base)


def _content(entry: polib.POEntry) -> tuple[object, ...]:
    return (
        entry.msgstr, sorted(entry.msgstr_plural.items()), entry.msgid_plural, sorted(entry.flags), entry.tcomment,
        entry.previous_msgid, entry.previous_msgctxt, entry.obsolete,
    )


def _by_key(po: polib.POFile | None) -> dict[Key, polib.POEntry]:
    found: dict[Key, polib.POEntry] = {}
    for entry in po or ():
        found.setdefault(key_of(entry), entry)
    return found


def rebase(ours: polib.POFile, base: polib.POFile | None, theirs: polib.POFile) -> polib.POFile:
    """``ours`` was made from ``base``; ``theirs`` is what the file holds now. Every entry the translator
    changed (``theirs`` differs from ``base``) is theirs, with the run's references and glossary hints;
    every other entry is the run's. A changed entry whose text left the template stays, obsolete.
    Header fields the translator's tool changed are theirs too.
    """
    base_by, theirs_by = _by_key(base), _by_key(theirs)
    result = polib.POFile(wrapwidth=WRAP)
    result.header = theirs.header if base is None or theirs.header != base.header else ours.header
    result.metadata = dict(ours.metadata)
    for field, value in theirs.metadata.items():
        if base is None or base.metadata.get(field) != value:
            result.metadata[field] = value
    taken: set[Key] = set()
    for obsolete in (False, True):
        for entry in ours:
            key = key_of(entry)
            if entry.obsolete != obsolete or key in taken:
                continue
            taken.add(key)
            mine = theirs_by.get(key)
            if mine is None or not _edited(mine, base_by.get(key)):
                result.append(entry)
            elif obsolete:
                result.append(_clone(mine, obsolete=True))
            else:
                result.append(_clone(mine, occurrences=list(entry.occurrences), comment=entry.comment, obsolete=False))
    for key, mine in theirs_by.items():
        if key not in taken and _edited(mine, base_by.get(key)) and translation(mine):
            result.append(_clone(mine, obsolete=True, occurrences=[], previous_msgid=None, previous_msgctxt=None))
    return result


@dataclass
class Pending:
    """A catalog to write: the run's version, what it was made from and the snapshot of that file."""

    path: Path
    label: str
    language: str
    merged: polib.POFile
    old: polib.POFile | None
    snapshot: Snapshot | None  # None with ``old``: write unconditionally (no snapshot was taken)


@dataclass(frozen=True)
class Outcome:
    written: bool
    digest: str | None  # SHA-256 of the file as left
    merged: polib.POFile  # what the file holds (the run's version, or the merge with a translator's save)


def write_catalogs(items: Sequence[Pending], timestamp: str, date_field: str) -> list[Outcome]:
    """Write each catalog that changed, never over a translator's save; one outcome per item, in order."""
    outcomes: dict[int, Outcome] = {}
    todo = list(range(len(items)))
    for _ in range(ATTEMPTS):
        texts: dict[int, str] = {}
        batch = WriteBatch()
        with batch:
            for index in todo:
                item = items[index]
                text = finalize(item.merged, item.old, date_field, timestamp)
                if text is None:
                    outcomes[index] = Outcome(False, item.snapshot.digest if item.snapshot else None, item.merged)
                    continue
                texts[index] = text
                expect = item.snapshot if item.old is not None else None
                cas = {} if item.old is not None and item.snapshot is None else {"unless_changed_since": expect}
                wrote = batch.write_if_changed(item.path, text, **cas)
                outcomes[index] = Outcome(wrote, sha256_bytes(text.encode("utf-8")), item.merged)
        conflicts = set(batch.conflicts)
        todo = [index for index in texts if items[index].path in conflicts]
        if not todo:
            return [outcomes[index] for index in range(len(items))]
        for index in todo:
            item = items[index]
            theirs, snapshot = read_settled(item.path, item.label, item.language)
            item.merged, item.old, item.snapshot = rebase(item.merged, item.old, theirs), theirs, snapshot
    item = items[todo[0]]
    raise CatalogError(
        f"the file changed {ATTEMPTS} times while i18n-pub was writing it; it was left as last saved",
        path=item.label,
        fix="run the command again once the editor has finished saving",
    )


def read_settled(path: Path, label: str, language: str, tries: int = _SETTLE_TRIES) -> tuple[polib.POFile, Snapshot]:
    """A catalog as its editor saved it, and its snapshot. A file caught half-written (saved in place)
    is read again until it parses and holds still; one that stays broken is an error."""
    error: CatalogError | None = None
    for _ in range(tries):
        try:
            po, snapshot = read_catalog_snapshot(path, label, language)
        except CatalogError as exc:
            error = exc
            time.sleep(_SETTLE_PAUSE)
            continue
        time.sleep(_SETTLE_PAUSE)
        try:
            still = path.stat()
        except OSError:
            continue
        if (still.st_size, still.st_mtime_ns) == (snapshot.size, snapshot.mtime_ns):
            return po, snapshot
    if error is None:
        return read_catalog_snapshot(path, label, language)
    raise error


def read_current(path: Path, label: str, language: str) -> tuple[polib.POFile, Snapshot]:
    """:func:`read_catalog_snapshot`, read again a few times if it does not parse: a file saved in place
    by an editor at this very moment is complete a moment later; a broken file stays broken."""
    for _ in range(_RETRIES):
        try:
            return read_catalog_snapshot(path, label, language)
        except CatalogError:
            time.sleep(_SETTLE_PAUSE)
    return read_catalog_snapshot(path, label, language)
