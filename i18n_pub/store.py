"""The one cache store: ``.i18n-pub/cache.sqlite3``, every table i18n-pub keeps between runs.

One SQLite file (standard library), in WAL mode: atomic commits, readers never
block the writer, and every connection waits up to :data:`BUSY_SECONDS` for
another's write. Writes are short transactions (``BEGIN IMMEDIATE``, one batch of
rows, ``COMMIT``: milliseconds), so a translate committing machine answers from its
worker threads and a publish (or a ``check``, which takes no site lock) filling its
tables never hold each other up for longer than one batch.

Each table, what it caches, who writes and reads it, and what makes a row stale:

``machine_answers``: an engine's answer and the words it did not know, by (engine key,
    source language, target language, masked text sent). Written by translate as answers
    arrive, read by translate (:mod:`i18n_pub.cache`). Never invalidated: answers were paid
    for; one holding a configured key is ignored. Only deleting the file asks again.
``machine_outputs``: the machine text each catalog entry got, by (language, slug,
    msgctxt, msgid). Written by translate, read by ``status`` and ``glossary suggest
    --from-reviews`` (:func:`i18n_pub.cache.read_machine_outputs`). The entry's next
    machine text replaces it.
``source_records``: per source file, its SHA-256, slug, the key its template was built
    under and the template's digest. Written and read by translate and extract
    (:class:`i18n_pub.state.State`). Checked against the files' digests on every run;
    all dropped when ``store_meta`` names other code.
``catalog_records``: per (language, slug), the digest of every input of the catalog, the
    file's digest, whether entries still wait, the memory used, the reviewed pairs.
    Written and read by translate (:class:`i18n_pub.state.State`); invalidated like
    ``source_records``.
``store_meta``: ``records_code``, the ``code_version`` the two record tables were written
    under. Written and read with them.
``article_sentences``: each article's text blocks and sentences, by the source's SHA-256.
    Written by translate when it builds a template, and by publish, check and publish
    ``--markdown`` when a row is missing; read by those three
    (:mod:`i18n_pub.sentence_store`). A row of other code is a miss; publish drops the
    rows of sources that are gone.
``rendered_entries``: publish's result per article and language (the entry, or why it
    is held), by a digest of every input (code, language, policy, source bytes, catalog
    bytes). Written and read by publish (:class:`i18n_pub.state.RenderCache`); publish
    drops the rows its run did not use.
``reviewed_pairs``: each catalog's reviewed entries with the machine text they replaced, by
    ``<language>/<slug>``, with a digest of the catalog's bytes, its machine texts and the code.
    Written and read by translate when it learns post-edits (:mod:`i18n_pub.reviewed_store`);
    a row whose digest differs is a miss, and replaced.
``catalog_contents``: what publish needs of each catalog translate wrote (translations, counts by
    status, engines, header dates), by ``<language>/<slug>``, with the SHA-256 of the bytes written
    and the code. Written by translate, read by publish (:mod:`i18n_pub.catalog_content`); a row
    whose digest is not the file's is a miss (publish parses the catalog).

Everything but the two ``machine_*`` tables is only ever a shortcut: each row is
checked against the files' own digests or the code that wrote it, and a damaged
row is a miss, so a stale or missing row costs time, never correctness. The
machine tables hold paid answers and the figures of translator effort: they are
never dropped behind the user's back. A file that SQLite cannot read is an error
naming it (move it aside or delete it), not a silent fresh start; and the
``mt-cache.sqlite3`` of earlier versions is copied in by the first translate,
then removed (:func:`adopt_old_machine_cache`). The other files of earlier
versions (``state.json``, ``sentences.sqlite3``, ``publish-cache.sqlite3``) are
only deleted when the store is created.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from i18n_pub.errors import EngineError, I18nPubError

FILENAME = "cache.sqlite3"
SCHEMA_VERSION = 2  # kept in PRAGMA user_version
BUSY_SECONDS = 30.0  # how long a connection waits for another's write before "database is locked"
OLD_MACHINE_CACHE = "mt-cache.sqlite3"
_OLD_SHORTCUTS = ("state.json", "sentences.sqlite3", "publish-cache.sqlite3", "publish-cache.sqlite3-journal",
                  "sentences.sqlite3-journal")  # fmt: skip

_KEYED = "(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS machine_answers (
        engine TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, text TEXT NOT NULL,
        translation TEXT NOT NULL, unknown TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (engine, source, target, text)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS machine_outputs (
        language TEXT NOT NULL, slug TEXT NOT NULL, context TEXT NOT NULL, msgid TEXT NOT NULL,
        engine TEXT NOT NULL, text TEXT NOT NULL,
        PRIMARY KEY (language, slug, context, msgid)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS source_records (
        label TEXT PRIMARY KEY, digest TEXT NOT NULL, slug TEXT NOT NULL, key TEXT NOT NULL, template TEXT
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS catalog_records (
        language TEXT NOT NULL, slug TEXT NOT NULL, inputs TEXT NOT NULL, digest TEXT,
        pending INTEGER NOT NULL, memory TEXT, reviewed TEXT NOT NULL,
        PRIMARY KEY (language, slug)
    ) WITHOUT ROWID""",
    f"CREATE TABLE IF NOT EXISTS store_meta {_KEYED}",
    f"CREATE TABLE IF NOT EXISTS article_sentences {_KEYED}",
    f"CREATE TABLE IF NOT EXISTS rendered_entries {_KEYED}",
    f"CREATE TABLE IF NOT EXISTS reviewed_pairs {_KEYED}",
    f"CREATE TABLE IF NOT EXISTS catalog_contents {_KEYED}",
)
_DAMAGED_FIX = (
    "move the file aside or delete it: it holds the machine translations already received"
    " (asked again once it is gone) and shortcuts that only save time"
)


def damaged(path: Path, exc: sqlite3.Error) -> I18nPubError:
    """The error for a store file SQLite cannot read: bad input (exit 1), naming the file."""
    return I18nPubError(f"the cache cannot be read: {exc}", path=path, fix=_DAMAGED_FIX)


def connect(cache_dir: Path, *, any_thread: bool = False) -> sqlite3.Connection:
    """A connection to the store (created with its schema when missing); autocommit, so write with :func:`transaction`.

    ``any_thread``: the caller moves the connection between threads, one at a time.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / FILENAME
    try:
        db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=not any_thread)
        try:
            _patiently(lambda: _prepare(db, cache_dir))
        except BaseException:
            db.close()
            raise
    except sqlite3.DatabaseError as exc:
        raise (_locked(path, exc) if _busy(exc) else damaged(path, exc)) from None
    return db


def _busy(exc: sqlite3.Error) -> bool:
    """Whether SQLite refused because another connection holds a lock (not because the file is bad)."""
    return exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _locked(path: object, exc: sqlite3.Error) -> I18nPubError:
    return I18nPubError(
        f"the cache stayed locked for {BUSY_SECONDS:g} s ({exc})",
        path=str(path),
        fix="another process kept writing it; run the command again when it is done",
    )


def _prepare(db: sqlite3.Connection, cache_dir: Path) -> None:
    db.execute("PRAGMA journal_mode=WAL")  # persistent: a no-op once the file is in WAL mode
    # Each commit survives the process being killed; only a power cut can lose the last ones.
    db.execute("PRAGMA synchronous=NORMAL")
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    with transaction(db):
        for statement in SCHEMA:
            db.execute(statement)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    for name in _OLD_SHORTCUTS:  # what earlier versions kept in files of their own: only shortcuts
        (cache_dir / name).unlink(missing_ok=True)


def connect_read_only(cache_dir: Path) -> sqlite3.Connection | None:
    """A connection that never writes (``status``, reviews), or None when there is no store yet."""
    path = cache_dir / FILENAME
    if not path.is_file():
        return None
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS)
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from None


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One short write transaction; ``IMMEDIATE`` takes the write lock at once (waiting for another writer)."""
    _begin(db)
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.commit()


def _begin(db: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``, waiting up to :data:`BUSY_SECONDS` for another writer; past that, an error naming the file."""
    try:
        _patiently(lambda: db.execute("BEGIN IMMEDIATE"))
    except sqlite3.OperationalError as exc:
        if not _busy(exc):
            raise
        path = next(row[2] for row in db.execute("PRAGMA database_list").fetchall() if row[1] == "main")
        raise _locked(path, exc) from None


def _patiently(action: Callable[[], object]) -> None:
    """Run ``action``, again while another connection holds a lock, for up to :data:`BUSY_SECONDS`.

    SQLite's own busy handler does the waiting, except where it answers SQLITE_BUSY at once
    (two processes making the store at the same moment, a WAL file being recovered after a
    killed run): those are retried here.
    """
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            action()
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def adopt_old_machine_cache(db: sqlite3.Connection, cache_dir: Path) -> None:
    """Copy the answers and machine outputs of an earlier version's ``mt-cache.sqlite3`` in, then remove that file.

    Rows the store already has win. A file SQLite cannot read stays where it is, and is the
    error it always was: its answers were paid for, so only the user may throw them away.
    """
    old = cache_dir / OLD_MACHINE_CACHE
    if not old.is_file():
        return
    try:
        source = sqlite3.connect(old, timeout=BUSY_SECONDS)
        try:
            tables = {name for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            with transaction(db):
                if "translations" in tables:
                    columns = {row[1] for row in source.execute("PRAGMA table_info(translations)")}
                    unknown = "unknown" if "unknown" in columns else "''"  # older caches kept no unknown words
                    rows = source.execute(f"SELECT engine, source, target, text, translation, {unknown} FROM translations")
                    db.executemany("INSERT OR IGNORE INTO machine_answers VALUES (?, ?, ?, ?, ?, ?)", rows)
                if "machine_outputs" in tables:
                    rows = source.execute("SELECT language, slug, context, msgid, engine, text FROM machine_outputs")
                    db.executemany("INSERT OR IGNORE INTO machine_outputs VALUES (?, ?, ?, ?, ?, ?)", rows)
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise EngineError(
            f"the translation cache cannot be opened: {exc}",
            path=old,
            fix="delete the file; it only holds answers that can be asked again",
        ) from None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{old}{suffix}").unlink(missing_ok=True)


class KeyedStore:
    """JSON values by key in one table of the store, looked up one key at a time.

    Puts are kept in memory and written :data:`BATCH` at a time, each batch one short
    transaction: a run never holds the store's write lock while it works. Only ever a
    shortcut: a damaged value is a miss.
    """

    TABLE = ""  # the table's name, set by each kind of store (one of :data:`SCHEMA`'s)
    BATCH = 500  # puts per transaction

    def __init__(self, cache_dir: Path) -> None:
        self._db = connect(cache_dir)
        self._pending: dict[str, str] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        text = self._pending.get(key)
        if text is None:
            row = self._db.execute(f"SELECT value FROM {self.TABLE} WHERE key=?", (key,)).fetchone()
            text = row[0] if row else None
        try:
            value = json.loads(text) if text is not None else None
        except (TypeError, ValueError):
            return None  # a damaged value is a miss
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        self._pending[key] = json.dumps(value, ensure_ascii=False)
        if len(self._pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Write every pending put, in one transaction."""
        if self._pending:
            with transaction(self._db):
                self._db.executemany(f"INSERT OR REPLACE INTO {self.TABLE} VALUES (?, ?)", self._pending.items())
            self._pending.clear()

    def close(self, keep: Iterable[str] | None = None) -> None:
        """Write what is pending; with ``keep``, forget every value not among those keys (a run's own)."""
        try:
            self.flush()
            if keep is not None:
                with transaction(self._db):
                    self._db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY) WITHOUT ROWID")
                    self._db.executemany("INSERT OR IGNORE INTO temp.used VALUES (?)", ((k,) for k in keep))
                    self._db.execute(f"DELETE FROM {self.TABLE} WHERE key NOT IN (SELECT key FROM temp.used)")
        finally:
            self._db.close()
