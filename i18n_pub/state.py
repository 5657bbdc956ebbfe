"""What the last run produced and from which inputs, so a rerun skips every unchanged article.

The store (:mod:`i18n_pub.store`, tables ``source_records`` and ``catalog_records``) holds one
small record per source and per catalog:

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
own digests, so stale, missing or damaged records cost time, never
correctness. The records that changed are written in one transaction at the end of a run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import babel
import markdown_it
import polib
import pysbd
import yaml

from i18n_pub import __version__
from i18n_pub.store import KeyedStore, connect, transaction

if TYPE_CHECKING:
    import sqlite3

    from i18n_pub.sentence_store import SentenceStore

CODE_KEY = "records_code"  # the store_meta row naming the code the records were written under


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

    def __init__(
        self, cache_dir: Path, sources: Mapping[str, SourceRecord] | None = None,
        catalogs: Mapping[str, Mapping[str, CatalogRecord]] | None = None,
    ) -> None:  # fmt: skip
        self.cache_dir = cache_dir
        self.sources: dict[str, SourceRecord] = dict(sources or {})
        self.catalogs: dict[str, dict[str, CatalogRecord]] = {language: dict(r) for language, r in (catalogs or {}).items()}
        self._saved_sources = dict(self.sources)
        self._saved_catalogs = _flat(self.catalogs)
        self._replace = sources is None  # nothing was read: what the store holds (other code's, damaged) goes
        self._sentences: SentenceStore | None = None

    @property
    def sentences(self) -> SentenceStore:
        """Where the run leaves the sentences of each article it segments, for publish (:mod:`i18n_pub.sentence_store`)."""
        if self._sentences is None:
            from i18n_pub.sentence_store import SentenceStore  # it imports this module

            self._sentences = SentenceStore(self.cache_dir)
        return self._sentences

    @classmethod
    def load(cls, cache_dir: Path) -> State:
        db = connect(cache_dir)
        try:
            if _code_of_records(db) != code_version():
                return cls(cache_dir)
            return cls(cache_dir, *_read_records(db))
        except (TypeError, ValueError):
            return cls(cache_dir)  # a damaged record only costs a full run
        finally:
            db.close()

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

    def save(self) -> None:
        """Write the records that changed since :meth:`load` (all of them when other code wrote the store's)."""
        catalogs = _flat(self.catalogs)
        if self._replace or self.sources != self._saved_sources or catalogs != self._saved_catalogs:
            db = connect(self.cache_dir)
            try:
                with transaction(db):
                    if self._replace:
                        _clear_records(db)
                    _write_records(db, self._saved_sources, self.sources, self._saved_catalogs, catalogs)
            finally:
                db.close()
            self._saved_sources, self._saved_catalogs, self._replace = dict(self.sources), catalogs, False
        if self._sentences is not None:
            self._sentences.close()
            self._sentences = None


def _flat(catalogs: Mapping[str, Mapping[str, CatalogRecord]]) -> dict[tuple[str, str], CatalogRecord]:
    return {(language, slug): record for language, records in catalogs.items() for slug, record in records.items()}


def _code_of_records(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM store_meta WHERE key=?", (CODE_KEY,)).fetchone()
    return str(row[0]) if row else None


def _read_records(db: sqlite3.Connection) -> tuple[dict[str, SourceRecord], dict[str, dict[str, CatalogRecord]]]:
    """Every record in the store; a value of the wrong kind raises TypeError or ValueError."""
    sources = {
        _text(label): SourceRecord(_text(digest), _text(slug), _text(key), _text(template) if template is not None else None)
        for label, digest, slug, key, template in db.execute("SELECT label, digest, slug, key, template FROM source_records")
    }
    catalogs: dict[str, dict[str, CatalogRecord]] = {}
    query = "SELECT language, slug, inputs, digest, pending, memory, reviewed FROM catalog_records"
    for language, slug, inputs, digest, pending, memory, reviewed in db.execute(query):
        pairs = tuple((_text(msgid), _text(msgstr)) for msgid, msgstr in json.loads(reviewed))
        catalogs.setdefault(_text(language), {})[_text(slug)] = CatalogRecord(
            _text(inputs), None if digest is None else _text(digest), bool(pending), None if memory is None else _text(memory), pairs
        )
    return sources, catalogs


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"a record holds {type(value).__name__}, not text")
    return value


def _clear_records(db: sqlite3.Connection) -> None:
    """Inside a transaction: no records, and the mark that this code writes the next ones."""
    db.execute("DELETE FROM source_records")
    db.execute("DELETE FROM catalog_records")
    db.execute("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", (CODE_KEY, code_version()))


def _write_records(
    db: sqlite3.Connection, old_sources: Mapping[str, SourceRecord], sources: Mapping[str, SourceRecord],
    old_catalogs: Mapping[tuple[str, str], CatalogRecord], catalogs: Mapping[tuple[str, str], CatalogRecord],
) -> None:  # fmt: skip
    """Inside a transaction: the records that differ from what :meth:`State.load` read (all of them after :func:`_clear_records`)."""
    db.executemany("DELETE FROM source_records WHERE label=?", ((label,) for label in old_sources.keys() - sources.keys()))
    db.executemany(
        "INSERT OR REPLACE INTO source_records VALUES (?, ?, ?, ?, ?)",
        ((label, r.digest, r.slug, r.key, r.template) for label, r in sources.items() if old_sources.get(label) != r),
    )
    gone = old_catalogs.keys() - catalogs.keys()
    db.executemany("DELETE FROM catalog_records WHERE language=? AND slug=?", gone)
    db.executemany(
        "INSERT OR REPLACE INTO catalog_records VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (language, slug, r.inputs, r.digest, r.pending, r.memory, json.dumps([list(p) for p in r.reviewed], ensure_ascii=False))
            for (language, slug), r in catalogs.items()
            if old_catalogs.get((language, slug)) != r
        ),
    )


class RenderCache(KeyedStore):
    """Per-article results of ``publish`` (a translated entry, or why it is held), keyed by a digest of their inputs.

    A publish with unchanged sources and catalogs then neither parses a catalog nor
    segments or renders an article.
    """

    TABLE = "rendered_entries"
