"""What the last run produced and from which inputs, so a rerun skips every unchanged article.

``.i18n-pub/state.json`` holds one small record per source and per catalog:

- a source: the SHA-256 of its bytes, its slug, the key its template was built
  under (source digest, path, project name, i18n-pub's code) and the template's
  digest. An unchanged article costs a read, a hash and a look-up: it is not
  parsed, segmented, or rebuilt.
- a catalog: the digest of every input that can change it (its template's
  digest, the language-wide inputs: configuration, glossary files, the
  language's other files such as ``_site.po``, engine name, i18n-pub's code)
  and the SHA-256 of the file as written. A catalog is parsed and rewritten only
  when one of those changed; the file is hashed on every run, so a catalog
  edited by hand (or by a PO editor) is always re-read.
- a catalog's reviewed entries, the translation memory it offers the others,
  and whether it still has entries waiting for a translation (those depend on
  the memory and the engine, so they are retried).

The state is only ever a shortcut: each record is checked against the files'
own digests, so a stale, missing or corrupt state file costs time, never
correctness. It is written atomically at the end of a run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import babel
import markdown_it
import polib
import pysbd
import yaml

from i18n_pub import __version__
from i18n_pub.fsutil import atomic_write

if TYPE_CHECKING:
    import sqlite3

    from i18n_pub.sentence_store import SentenceStore

STATE_NAME = "state.json"
FORMAT = 1


def sha256_bytes(data: bytes) -> str:
    """
    >>> sha256_bytes(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it does not exist."""
    try:
        return sha256_bytes(path.read_bytes())
    except (FileNotFoundError, NotADirectoryError):
        return None


def digest_of(*parts: object) -> str:
    """One digest of several values (JSON-encoded, so ``("a", "b")`` and ``("ab",)`` differ).

    >>> digest_of("a", "b") == digest_of("ab")
    False
    """
    return sha256_bytes(json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))


def folder_digest(folder: Path) -> str:
    """A digest of every file under ``folder`` (names and contents); missing folder → digest of nothing."""
    if not folder.is_dir():
        return digest_of("no folder")
    return digest_of(
        [
            (p.relative_to(folder).as_posix(), file_digest(p))
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")
        ]
    )


@lru_cache(maxsize=1)
def code_version() -> str:
    """What every cached result depends on besides its inputs: this package's code, byte for byte, and the
    versions of the libraries that shape what it writes. A change to any of them (a fix, an upgrade, a
    developer's edit that keeps the version number) makes every cache a miss, never a stale hit.

    Hashing the package's sources takes about 2 ms (``importlib.metadata`` would take 40 ms per run).
    """
    package = Path(__file__).resolve().parent
    sources = [(p.relative_to(package).as_posix(), file_digest(p)) for p in sorted(package.rglob("*.py"))]
    libraries = {m.__name__: getattr(m, "__version__", "") for m in (babel, markdown_it, polib, pysbd, yaml)}
    return digest_of(__version__, sources, libraries)


def template_key(source_digest: str, label: str, project: str) -> str:
    """What a template is built from: the source's bytes, its path as references show it, the project name, our code."""
    return digest_of("template", source_digest, label, project, code_version())


@dataclass(frozen=True)
class SourceRecord:
    digest: str  # SHA-256 of the source file
    slug: str
    key: str  # template_key(...) the template was built under
    template: str | None  # SHA-256 of the template file as written (None: it was gone when recorded)


@dataclass(frozen=True)
class CatalogRecord:
    inputs: str  # digest of everything that can change the catalog
    digest: str | None  # SHA-256 of the catalog file as written (None: it was gone when recorded)
    pending: bool  # entries still untranslated or changed after the run
    memory: str | None  # digest of the translation memory used, for pending catalogs
    reviewed: tuple[tuple[str, str], ...]  # (msgid, msgstr) of its reviewed entries


class State:
    """The records of the last run; changes are collected and saved at once with :meth:`save`."""

    def __init__(self, path: Path, data: Mapping[str, Any] | None = None) -> None:
        self.path = path
        data = data or {}
        self.sources: dict[str, SourceRecord] = {
            label: SourceRecord(*record) for label, record in data.get("sources", {}).items()
        }
        self.catalogs: dict[str, dict[str, CatalogRecord]] = {
            language: {
                slug: CatalogRecord(r[0], r[1], r[2], r[3], tuple(tuple(pair) for pair in r[4]))
                for slug, r in records.items()
            }
            for language, records in data.get("catalogs", {}).items()
        }
        self._saved = self._serialise()
        self._sentences: SentenceStore | None = None

    @property
    def sentences(self) -> SentenceStore:
        """Where the run leaves the sentences of each article it segments, for publish (:mod:`i18n_pub.sentence_store`)."""
        if self._sentences is None:
            from i18n_pub.sentence_store import SentenceStore  # it imports this module

            self._sentences = SentenceStore(self.path.parent)
        return self._sentences

    @classmethod
    def load(cls, cache_dir: Path) -> State:
        path = cache_dir / STATE_NAME
        try:
            data = json.loads(path.read_bytes())
            if data.get("format") != FORMAT or data.get("version") != code_version():
                data = None
        except (OSError, ValueError, AttributeError):
            data = None
        try:
            return cls(path, data)
        except (TypeError, ValueError, IndexError, AttributeError):
            return cls(path, None)  # a damaged state only costs a full run

    def catalog(self, language: str, slug: str) -> CatalogRecord | None:
        return self.catalogs.get(language, {}).get(slug)

    def set_catalog(self, language: str, slug: str, record: CatalogRecord) -> None:
        self.catalogs.setdefault(language, {})[slug] = record

    def keep_only(self, labels: Iterable[str], slugs: Iterable[str]) -> None:
        """Forget articles that no longer exist."""
        labels, slugs = set(labels), set(slugs)
        self.sources = {k: v for k, v in self.sources.items() if k in labels}
        for language in self.catalogs:
            self.catalogs[language] = {k: v for k, v in self.catalogs[language].items() if k in slugs}

    def _serialise(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": code_version(),
            "sources": {k: [r.digest, r.slug, r.key, r.template] for k, r in sorted(self.sources.items())},
            "catalogs": {
                language: {
                    slug: [r.inputs, r.digest, r.pending, r.memory, [list(p) for p in r.reviewed]]
                    for slug, r in sorted(records.items())
                }
                for language, records in sorted(self.catalogs.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def save(self) -> None:
        data = self._serialise()
        if data != self._saved:
            atomic_write(self.path, data)
            self._saved = data
        if self._sentences is not None:
            self._sentences.close()
            self._sentences = None


class KeyedStore:
    """JSON values by key in one SQLite file under ``.i18n-pub/``: one transaction per run, looked up one key at a time.

    Only ever a shortcut: a damaged file is deleted and started again.
    """

    NAME = ""  # the file's name, set by each kind of store

    def __init__(self, cache_dir: Path) -> None:
        import sqlite3

        cache_dir.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open(cache_dir / self.NAME)
        except sqlite3.DatabaseError:
            (cache_dir / self.NAME).unlink(missing_ok=True)  # only a cache: start again
            self._db = self._open(cache_dir / self.NAME)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        import sqlite3

        db = sqlite3.connect(path, isolation_level="DEFERRED")
        db.execute("CREATE TABLE IF NOT EXISTS rendered (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
        return db

    def get(self, key: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT value FROM rendered WHERE key=?", (key,)).fetchone()
        try:
            value = json.loads(row[0]) if row else None
        except (TypeError, ValueError):
            return None  # a damaged value is a miss
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        self._db.execute("INSERT OR REPLACE INTO rendered VALUES (?, ?)", (key, json.dumps(value, ensure_ascii=False)))

    def close(self, keep: Iterable[str] | None = None) -> None:
        """Commit; with ``keep``, forget every value not among those keys (a run's own)."""
        try:
            if keep is not None:
                self._db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY) WITHOUT ROWID")
                self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in keep))
                self._db.execute("DELETE FROM rendered WHERE key NOT IN (SELECT key FROM used)")
            self._db.commit()
        finally:
            self._db.close()


class RenderCache(KeyedStore):
    """Per-article results of ``publish`` (a translated entry, or why it is held), keyed by a digest of their inputs.

    A publish with unchanged sources and catalogs then neither parses a catalog nor
    segments or renders an article.
    """

    NAME = "publish-cache.sqlite3"
