"""A persistent cache of machine translations in ``.i18n-pub/``, around every engine call.

Keyed by engine, language pair and the exact text sent to the engine (after
masking), so a second run, or an interrupted run started again, never asks an
engine for a text it already answered. Answers are committed as they arrive,
grouped in one transaction at most 50 ms apart: a run killed halfway keeps all
it was told but the last few milliseconds.

SQLite from the standard library, in WAL mode: one small file, atomic commits,
and readers never block the writer.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from i18n_pub.textsafe import scrub
from i18n_pub.errors import EngineError

FILENAME = "mt-cache.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL,
    PRIMARY KEY (engine, source, target, text)
) WITHOUT ROWID
"""

OnResult = Callable[[int, str], None]
COMMIT_EVERY = 0.05  # seconds: the most a killed run can lose of what an engine answered
_LOOKUP_BATCH = 500  # texts per look-up query (SQLite allows 999 parameters in old builds)


class TranslationCache:
    """Answers already received, by (engine, source, target, text)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._unsaved: list[tuple[str, str, str, str, str]] = []
        self._saved_at = time.monotonic()
        try:
            # translate runs the engine in a worker thread while the next chunk is prepared; one thread
            # at a time uses the connection, so it may move between threads.
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            # Each commit survives the process being killed; only a power cut can lose the last ones.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise EngineError(
                f"the translation cache cannot be opened: {exc}",
                path=path,
                fix="delete the file; it only holds answers that can be asked again",
            ) from None

    def get_many(self, engine: str, source: str, target: str, texts: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(texts))
        for start in range(0, len(unique), _LOOKUP_BATCH):  # one query per few hundred texts, not one per text
            batch = unique[start : start + _LOOKUP_BATCH]
            query = (
                "SELECT text, translation FROM translations WHERE engine=? AND source=? AND target=?"
                f" AND text IN ({', '.join('?' * len(batch))})"
            )
            found.update(self._db.execute(query, (engine, source, target, *batch)).fetchall())
        return found

    def put(self, engine: str, source: str, target: str, text: str, translation: str) -> None:
        """Store one answer. Answers are committed together at most :data:`COMMIT_EVERY` seconds apart.

        One commit per answer cost 2.7 s of the 1,000-article benchmark's cold run (18,448
        answers, which Apertium gives all at once per batch); an online engine's answers
        trickle in, so each is still committed within a fraction of a second of arriving.
        """
        self._unsaved.append((engine, source, target, text, translation))
        if time.monotonic() - self._saved_at >= COMMIT_EVERY:
            self.flush()

    def flush(self) -> None:
        """Commit every answer stored so far, in one transaction."""
        if self._unsaved:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)", self._unsaved)
            self._unsaved.clear()
        self._saved_at = time.monotonic()

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM translations").fetchone()[0]

    def close(self) -> None:
        self.flush()
        self._db.close()


class CachedEngine:
    """An engine behind the cache: only texts never answered before reach it."""

    def __init__(self, engine, cache: TranslationCache) -> None:
        self.engine = engine
        self.cache = cache
        self.name = engine.name

    @property
    def cache_key(self) -> str:
        """What the answers depend on besides the text: the engine, and its variant if it has one."""
        return getattr(self.engine, "cache_key", self.engine.name)

    def __getattr__(self, name: str):  # token shape, set_glossary …: whatever the engine declares
        if name == "engine":  # not set yet (copying, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.engine, name)

    def translate(
        self, texts: Sequence[str], source: str, target: str, on_result: OnResult | None = None
    ) -> list[str]:
        key = self.cache_key
        known = self.cache.get_many(key, source, target, texts)
        results: list[str | None] = [known.get(text) for text in texts]
        for index, text in enumerate(results):
            if text is not None and on_result:
                on_result(index, text)
        missing = [index for index, text in enumerate(results) if text is None]
        if not missing:
            return list(results)  # type: ignore[arg-type]

        def store(position: int, translation: str) -> None:
            index = missing[position]
            translation = scrub(translation)  # an answer from outside: no control characters or lone surrogates
            self.cache.put(key, source, target, texts[index], translation)
            results[index] = translation
            if on_result:
                on_result(index, translation)

        try:
            answers = self.engine.translate([texts[i] for i in missing], source, target, on_result=store)
        except EngineError as error:
            # Whatever the engine answered before failing is already stored; hand it on too.
            for position, translation in enumerate(error.partial):
                if translation is not None and results[missing[position]] is None:
                    store(position, translation)
            error.partial = tuple(results)
            raise
        finally:
            self.cache.flush()
        for position, translation in enumerate(answers):
            if results[missing[position]] is None:
                store(position, translation)
        self.cache.flush()
        return list(results)  # type: ignore[arg-type]


def with_cache(engine, cache_dir: Path):
    """``engine`` behind the site's persistent cache; ``None`` stays ``None``."""
    if engine is None:
        return None
    return CachedEngine(engine, TranslationCache(cache_dir / FILENAME))
