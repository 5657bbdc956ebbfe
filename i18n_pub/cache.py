"""A persistent cache of machine translations, around every engine call.

Keyed by engine, language pair and the exact text sent to the engine (after
masking), holding the answer and the words the engine did not know, so a second run, or an interrupted run started again, never asks an
engine for a text it already answered. Answers are committed as they arrive,
grouped in one transaction at most 50 ms apart: a run killed halfway keeps all
it was told but the last few milliseconds.

The answers and the machine text each entry got live in the store's
``machine_answers`` and ``machine_outputs`` tables (:mod:`i18n_pub.store`, which
says who else writes that file and how they share it).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from i18n_pub import store
from i18n_pub.engines import Answer, Engine, EngineResult, OnResult
from i18n_pub.engines.remote import configured_keys
from i18n_pub.errors import I18nPubError
from i18n_pub.textsafe import scrub

# (slug, msgctxt or "", msgid) → (engine, machine text)
MachineOutputs = dict[tuple[str, str, str], tuple[str, str]]
COMMIT_EVERY = 0.05  # seconds: the most a killed run can lose of what an engine answered
_LOOKUP_BATCH = 500  # texts per look-up query (SQLite allows 999 parameters in old builds)


class TranslationCache:
    """Answers already received, by (engine, source, target, text)."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / store.FILENAME
        self._unsaved: list[tuple[str, str, str, str, str, str]] = []
        self._unsaved_outputs: list[tuple[str, str, str, str, str, str]] = []
        self._queue = threading.Lock()  # the outputs are queued from another thread than the one that flushes
        self._saved_at = time.monotonic()
        # translate runs the engine in a worker thread while the next chunk is prepared; one thread
        # at a time uses the connection, so it may move between threads.
        self._db = store.connect(cache_dir, any_thread=True)
        try:
            store.adopt_old_machine_cache(self._db, cache_dir)  # an earlier version's answers, once
        except BaseException:
            self._db.close()
            raise

    def get_many(self, engine: str, source: str, target: str, texts: Sequence[str]) -> dict[str, Answer]:
        found: dict[str, Answer] = {}
        unique = list(dict.fromkeys(texts))
        for start in range(0, len(unique), _LOOKUP_BATCH):  # one query per few hundred texts, not one per text
            batch = unique[start : start + _LOOKUP_BATCH]
            query = (
                "SELECT text, translation, unknown FROM machine_answers WHERE engine=? AND source=? AND target=?"
                f" AND text IN ({', '.join('?' * len(batch))})"
            )
            for text, translation, unknown in self._db.execute(query, (engine, source, target, *batch)):
                found[text] = Answer(translation, tuple(unknown.split()))
        return found

    def put(self, engine: str, source: str, target: str, text: str, answer: Answer) -> None:
        """Store one answer. Answers are committed together at most :data:`COMMIT_EVERY` seconds apart.

        One commit per answer cost 2.7 s of the 1,000-article benchmark's cold run (18,448
        answers, which Apertium gives all at once per batch); an online engine's answers
        trickle in, so each is still committed within a fraction of a second of arriving.
        """
        self._unsaved.append((engine, source, target, text, answer.text, " ".join(answer.unknown)))
        if time.monotonic() - self._saved_at >= COMMIT_EVERY:
            self.flush()

    def flush(self) -> None:
        """Commit every answer (and machine output) stored so far, in one transaction."""
        answers, self._unsaved = self._unsaved, []
        with self._queue:
            outputs, self._unsaved_outputs = self._unsaved_outputs, []
        if answers or outputs:
            with store.transaction(self._db):
                self._db.executemany("INSERT OR REPLACE INTO machine_answers VALUES (?, ?, ?, ?, ?, ?)", answers)
                self._db.executemany("INSERT OR REPLACE INTO machine_outputs VALUES (?, ?, ?, ?, ?, ?)", outputs)
        self._saved_at = time.monotonic()

    def remember_outputs(self, language: str, outputs: MachineOutputs) -> None:
        """Keep the machine text each entry was given (the newest replaces an older one of the same entry).

        Only queued here: translate's main thread calls this while the engine's thread may be using the
        connection, so the rows are written by the next :meth:`flush` (with answers, or at :meth:`close`).
        """
        rows = [(language, slug, context, msgid, engine, text) for (slug, context, msgid), (engine, text) in outputs.items()]
        with self._queue:
            self._unsaved_outputs += rows

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM machine_answers").fetchone()[0])

    def close(self) -> None:
        self.flush()
        self._db.close()


class CachedEngine:
    """An engine behind the cache: only texts never answered before reach it."""

    def __init__(self, engine: Engine, cache: TranslationCache) -> None:
        self.engine = engine
        self.cache = cache
        self.name = engine.name

    @property
    def cache_key(self) -> str:
        """What the answers depend on besides the text: the engine, and its variant if it has one."""
        return str(getattr(self.engine, "cache_key", self.engine.name))

    def __getattr__(self, name: str) -> Any:  # token shape, set_glossary …: whatever the engine declares (duck-typed)
        if name == "engine":  # not set yet (copying, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.engine, name)

    def close(self) -> None:
        """Write what the cache still holds, and let the engine end what it started."""
        self.cache.close()
        if hasattr(self.engine, "close"):
            self.engine.close()

    def translate(self, texts: Sequence[str], source: str, target: str, on_result: OnResult | None = None) -> EngineResult:
        key = self.cache_key
        results: list[Answer | None] = [*self._known(key, source, target, texts)]
        for index, answer in enumerate(results):
            if answer is not None and on_result:
                on_result(index, answer)
        missing = [index for index, answer in enumerate(results) if answer is None]
        if not missing:
            return EngineResult(tuple(results))

        def store(position: int, answer: Answer) -> None:
            index = missing[position]
            answer = Answer(scrub(answer.text), answer.unknown)  # from outside: no control characters or lone surrogates
            self.cache.put(key, source, target, texts[index], answer)
            results[index] = answer
            if on_result:
                on_result(index, answer)

        try:
            result = self.engine.translate([texts[i] for i in missing], source, target, on_result=store)
            for position, answer in enumerate(result.answers):  # an engine that did not report every answer as it came
                if answer is not None and results[missing[position]] is None:
                    store(position, answer)
        finally:
            self.cache.flush()
        return EngineResult(tuple(results), result.error)

    def _known(self, key: str, source: str, target: str, texts: Sequence[str]) -> list[Answer | None]:
        """The cached answers; one holding a configured key (kept by an older version) counts as none."""
        known = self.cache.get_many(key, source, target, texts)
        keys = [k for k in configured_keys() if len(k) >= 4]
        answers = [known.get(text) for text in texts]
        return [None if a is not None and any(k in a.text for k in keys) else a for a in answers]


def read_machine_outputs(cache_dir: Path, language: str) -> MachineOutputs:
    """The machine text every entry of ``language`` was given, read without writing anything
    (no store, or one made before these were kept: none). An earlier version's ``mt-cache.sqlite3``
    that no translate has copied into the store yet is read too; the store's rows win."""
    outputs: MachineOutputs = {}
    old = cache_dir / store.OLD_MACHINE_CACHE
    if old.is_file():
        try:
            outputs.update(_outputs(sqlite3.connect(f"{old.resolve().as_uri()}?mode=ro", uri=True, timeout=30), language))
        except sqlite3.DatabaseError as exc:
            # Bad input (exit 1), not an engine failure: nothing was asked of an engine.
            raise I18nPubError(
                f"the translation cache cannot be read: {exc}",
                path=old,
                fix="delete the file; it only holds answers that can be asked again",
            ) from None
    db = store.connect_read_only(cache_dir)
    if db is not None:
        try:
            outputs.update(_outputs(db, language))
        except sqlite3.DatabaseError as exc:
            raise store.damaged(cache_dir / store.FILENAME, exc) from None
    return outputs


def _outputs(db: sqlite3.Connection, language: str) -> MachineOutputs:
    try:
        rows = db.execute("SELECT slug, context, msgid, engine, text FROM machine_outputs WHERE language=?", (language,)).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return {}  # a cache made before these were kept
        raise
    finally:
        db.close()
    return {(slug, context, msgid): (engine, text) for slug, context, msgid, engine, text in rows}


def with_cache(engine: Engine | None, cache_dir: Path) -> CachedEngine | None:
    """``engine`` behind the site's persistent cache; ``None`` stays ``None``."""
    if engine is None:
        return None
    return CachedEngine(engine, TranslationCache(cache_dir))
