"""The one cache store: shared by processes writing at once, earlier versions' files taken over, damage never silent."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from i18n_pub import store
from i18n_pub.cache import TranslationCache, read_machine_outputs
from i18n_pub.engines import Answer
from i18n_pub.errors import EngineError, I18nPubError
from i18n_pub.sentence_store import SentenceStore
from i18n_pub.state import RenderCache, State
from tests.conftest import copy_site, run_cli

# The schema of the mt-cache.sqlite3 that versions before the one store wrote, as they created it.
OLD_TRANSLATIONS = """CREATE TABLE translations (engine TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    text TEXT NOT NULL, translation TEXT NOT NULL, unknown TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (engine, source, target, text)) WITHOUT ROWID"""
OLDEST_TRANSLATIONS = """CREATE TABLE translations (engine TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    text TEXT NOT NULL, translation TEXT NOT NULL, PRIMARY KEY (engine, source, target, text)) WITHOUT ROWID"""
OLD_OUTPUTS = """CREATE TABLE machine_outputs (language TEXT NOT NULL, slug TEXT NOT NULL, context TEXT NOT NULL,
    msgid TEXT NOT NULL, engine TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (language, slug, context, msgid)) WITHOUT ROWID"""

WRITES = 3000  # rows each writer puts, a few at a time, over about a second


# --- two writers at once ------------------------------------------------------------------


def _publish_like(cache_dir: Path, start: threading.Barrier, out: multiprocessing.Queue) -> None:
    """What publish does: rendered entries and sentences, two stores in one process, a put at a time."""
    try:
        rendered, sentences = RenderCache(cache_dir), SentenceStore(cache_dir)
        start.wait()
        began = time.monotonic()
        for i in range(WRITES):
            rendered.put(f"entry {i}", {"title": f"Title {i}"})
            sentences.put(f"digest {i}", {"blocks": [i]})
            if i % 10 == 0:
                time.sleep(0.003)  # the rendering between two puts
        rendered.close(keep=[f"entry {i}" for i in range(WRITES)])
        sentences.close()
        out.put(("publish", began, time.monotonic(), None))
    except Exception as exc:  # noqa: BLE001 — reported to the parent, which fails the test with it
        out.put(("publish", 0.0, 0.0, repr(exc)))


def _translate_like(cache_dir: Path, start: threading.Barrier, out: multiprocessing.Queue) -> None:
    """What translate does: answers stored by the engine's worker thread as they arrive, outputs queued by the main one."""
    try:
        cache = TranslationCache(cache_dir)
        start.wait()
        began = time.monotonic()

        def engine() -> None:
            for i in range(WRITES):
                cache.put("pseudo", "en", "es", f"text {i}", Answer(f"texto {i}", ("word",) if i % 2 else ()))
                if i % 10 == 0:
                    time.sleep(0.003)  # answers trickle in

        worker = threading.Thread(target=engine)
        worker.start()
        for i in range(0, WRITES, 100):
            cache.remember_outputs("es", {(f"slug {i}", "", f"text {i}"): ("pseudo", f"texto {i}")})
            time.sleep(0.01)
        worker.join()
        cache.close()
        out.put(("translate", began, time.monotonic(), None))
    except Exception as exc:  # noqa: BLE001
        out.put(("translate", 0.0, 0.0, repr(exc)))


def _child(target: Callable[..., None], cache_dir: Path, start: threading.Barrier, out: multiprocessing.Queue) -> None:
    # A short wait for the other's write lock: a writer holding it for a whole run (as publish once
    # did) makes the other fail with "database is locked" here, where the real 30 s would only hide it.
    store.BUSY_SECONDS = 1.0
    target(cache_dir, start, out)


def test_a_publish_and_a_translate_writing_the_store_at_once_both_succeed(tmp_path):
    cache_dir = tmp_path / ".i18n-pub"
    store.connect(cache_dir).close()  # the site's store exists, as after any earlier run
    context = multiprocessing.get_context("fork")
    start, out = context.Barrier(2), context.Queue()
    children = [context.Process(target=_child, args=(f, cache_dir, start, out)) for f in (_publish_like, _translate_like)]
    for child in children:
        child.start()
    reports = {name: (began, ended, error) for name, began, ended, error in (out.get(timeout=120) for _ in children)}
    for child in children:
        child.join(timeout=60)
    assert reports["publish"][2] is None and reports["translate"][2] is None, reports
    (_, publish_end, _), (_, translate_end, _) = reports["publish"], reports["translate"]
    assert max(r[0] for r in reports.values()) < min(publish_end, translate_end)  # they did write at the same time
    with sqlite3.connect(cache_dir / store.FILENAME) as db:
        tables = ("rendered_entries", "article_sentences", "machine_answers")
        counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        outputs = db.execute("SELECT count(*) FROM machine_outputs").fetchone()[0]
    assert counts == {"rendered_entries": WRITES, "article_sentences": WRITES, "machine_answers": WRITES}
    assert outputs == WRITES // 100
    answers = TranslationCache(cache_dir)
    assert answers.get_many("pseudo", "en", "es", ["text 7", "text 8"]) == {
        "text 7": Answer("texto 7", ("word",)), "text 8": Answer("texto 8", ()),
    }  # fmt: skip
    answers.close()


def _first_run(cache_dir: Path, start: threading.Barrier, out: multiprocessing.Queue) -> None:
    start.wait()
    try:
        rendered = RenderCache(cache_dir)
        rendered.put("k", {"a": 1})
        rendered.close()
        out.put(None)
    except Exception as exc:  # noqa: BLE001 — reported to the parent
        out.put(repr(exc))


def test_processes_making_the_store_at_the_same_moment_all_succeed(tmp_path):
    """SQLite answers "database is locked" at once, without waiting, to some of them (2 trials in 40 before the retry)."""
    context = multiprocessing.get_context("fork")
    errors = []
    for trial in range(20):
        start, out = context.Barrier(3), context.Queue()
        children = [context.Process(target=_first_run, args=(tmp_path / str(trial), start, out)) for _ in range(3)]
        for child in children:
            child.start()
        errors += [error for error in (out.get(timeout=60) for _ in children) if error]
        for child in children:
            child.join(timeout=60)
    assert errors == []


def test_a_keyed_store_commits_a_batch_at_a_time_and_reads_its_own_pending_puts(tmp_path):
    sentences = SentenceStore(tmp_path)
    for i in range(SentenceStore.BATCH + 3):
        sentences.put(f"k{i}", {"n": i})
    with sqlite3.connect(tmp_path / store.FILENAME) as other:  # another connection sees the first batch already
        assert other.execute("SELECT count(*) FROM article_sentences").fetchone()[0] == SentenceStore.BATCH
    assert sentences.get(f"k{SentenceStore.BATCH + 2}") == {"n": SentenceStore.BATCH + 2}  # still pending
    sentences.close(keep=["k1", f"k{SentenceStore.BATCH + 1}"])
    with sqlite3.connect(tmp_path / store.FILENAME) as other:
        assert dict(other.execute("SELECT key, value FROM article_sentences")) == {"k1": '{"n": 1}', "k501": '{"n": 501}'}


# --- earlier versions' files ----------------------------------------------------------------


def _old_cache(cache_dir: Path, translations: str = OLD_TRANSLATIONS, outputs: bool = True) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / store.OLD_MACHINE_CACHE
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(translations)
        columns = 6 if "unknown" in translations else 5
        row = ("apertium", "en", "es", "The team met.", "El equipo se reunió.", "team")[:columns]
        db.execute(f"INSERT INTO translations VALUES ({', '.join('?' * columns)})", row)
        if outputs:
            db.execute(OLD_OUTPUTS)
            db.execute("INSERT INTO machine_outputs VALUES ('es', 'a1', '', 'The team met.', 'apertium', 'El equipo se reunió.')")
    db.close()
    return path


@pytest.mark.parametrize("schema", [OLD_TRANSLATIONS, OLDEST_TRANSLATIONS])
def test_an_earlier_mt_cache_is_copied_into_the_store_once_then_removed(tmp_path, schema):
    cache_dir = tmp_path / ".i18n-pub"
    old = _old_cache(cache_dir, schema)
    expected_outputs = {("a1", "", "The team met."): ("apertium", "El equipo se reunió.")}
    assert read_machine_outputs(cache_dir, "es") == expected_outputs  # status before any translate: read in place
    # The store already holds a newer answer for another text and a newer output for the same entry: they stay.
    db = store.connect(cache_dir)
    with store.transaction(db):
        db.execute("INSERT INTO machine_answers VALUES ('apertium', 'en', 'es', 'New.', 'Nuevo.', '')")
        db.execute("INSERT INTO machine_outputs VALUES ('es', 'a1', '', 'The team met.', 'apertium', 'Otro.')")
    db.close()
    cache = TranslationCache(cache_dir)
    unknown = ("team",) if "unknown" in schema else ()
    assert cache.get_many("apertium", "en", "es", ["The team met.", "New."]) == {
        "The team met.": Answer("El equipo se reunió.", unknown), "New.": Answer("Nuevo.", ()),
    }  # fmt: skip
    cache.close()
    assert sorted(p.name for p in cache_dir.iterdir() if p.name.startswith("mt-cache")) == []
    assert read_machine_outputs(cache_dir, "es") == {("a1", "", "The team met."): ("apertium", "Otro.")}
    assert not old.exists()


def test_a_damaged_earlier_mt_cache_is_an_error_and_stays_where_it_is(tmp_path):
    cache_dir = tmp_path / ".i18n-pub"
    cache_dir.mkdir()
    garbage = b"not a database, garbage" * 10
    (cache_dir / store.OLD_MACHINE_CACHE).write_bytes(garbage)
    with pytest.raises(EngineError) as caught:
        TranslationCache(cache_dir)
    assert "mt-cache.sqlite3: the translation cache cannot be opened" in str(caught.value)
    assert (cache_dir / store.OLD_MACHINE_CACHE).read_bytes() == garbage


def test_the_shortcut_files_of_earlier_versions_go_when_the_store_is_made(tmp_path):
    cache_dir = tmp_path / ".i18n-pub"
    cache_dir.mkdir()
    for name in ("state.json", "sentences.sqlite3", "publish-cache.sqlite3", "lock"):
        (cache_dir / name).write_bytes(b"{}")
    State.load(cache_dir)
    assert sorted(p.name for p in cache_dir.iterdir() if not p.name.startswith(store.FILENAME)) == ["lock"]


# --- damage ---------------------------------------------------------------------------------


def test_a_store_sqlite_cannot_read_is_one_error_line_and_is_kept(tmp_path):
    site = copy_site(tmp_path / "site", with_locales=True)
    (site / ".i18n-pub").mkdir()
    garbage = b"not a database, garbage" * 10
    (site / ".i18n-pub" / store.FILENAME).write_bytes(garbage)
    commands = (
        ["extract", "--quiet"], ["translate", "-l", "es", "--engine", "pseudo", "--quiet"], ["publish", "-l", "fr"], ["check", "-l", "fr"],
    )  # fmt: skip
    for command in commands:
        done = run_cli(*command, cwd=site, check=1)
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith("Error: ") and ".i18n-pub/cache.sqlite3: the cache cannot be read" in line, command
        assert "move the file aside or delete it" in line
    assert (site / ".i18n-pub" / store.FILENAME).read_bytes() == garbage


def test_state_load_names_the_store_it_cannot_read(tmp_path):
    (tmp_path / store.FILENAME).write_bytes(b"\0" * 4096)
    with pytest.raises(I18nPubError, match=r"cache\.sqlite3: the cache cannot be read"):
        State.load(tmp_path)


def test_a_writer_that_keeps_the_store_locked_is_an_error_naming_it_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "BUSY_SECONDS", 0.3)
    holder = store.connect(tmp_path)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write
    sentences = SentenceStore(tmp_path)
    sentences.put("k", {"n": 1})
    began = time.monotonic()
    with pytest.raises(I18nPubError, match=r"cache\.sqlite3: the cache stayed locked for 0\.3 s") as caught:
        sentences.flush()
    assert 0.3 <= time.monotonic() - began < 5 and "run the command again" in str(caught.value)
    holder.rollback()
    sentences.close()  # the lock gone, what was pending is written
    with sqlite3.connect(tmp_path / store.FILENAME) as db:
        assert db.execute("SELECT value FROM article_sentences").fetchall() == [('{"n": 1}',)]


def test_a_site_kept_by_an_earlier_version_translates_from_its_old_answers(tmp_path):
    """End to end: the answers of an old mt-cache.sqlite3 reach the catalogs, so the engine was not asked for them."""
    site = tmp_path / "site"
    (site / "sources").mkdir(parents=True)
    (site / "pyproject.toml").write_text('[tool.i18n-pub]\nlanguages = ["es"]\n', "utf-8")
    (site / "sources" / "a1.md").write_text("---\ntitle: Report one\ndate: 2021-01-01\n---\nThe team met in the city.\n", "utf-8")
    run_cli("translate", "-l", "es", "--engine", "pseudo", "--quiet", cwd=site)
    cache_dir = site / ".i18n-pub"
    with sqlite3.connect(cache_dir / store.FILENAME) as db:
        answers = db.execute("SELECT engine, source, target, text, translation, unknown FROM machine_answers").fetchall()
    db.close()
    assert {a[3] for a in answers} == {"Report one", "The team met in the city.", "News"}  # "News": the feed title
    # The same answers as an earlier version kept them, each marked by hand; the store and the catalog gone.
    for name in (store.FILENAME, f"{store.FILENAME}-wal", f"{store.FILENAME}-shm"):
        (cache_dir / name).unlink(missing_ok=True)
    (site / "locales/es/a1.po").unlink()
    (cache_dir / "state.json").write_text("{}", "utf-8")
    with sqlite3.connect(cache_dir / store.OLD_MACHINE_CACHE) as old:
        old.execute(OLD_TRANSLATIONS)
        old.executemany("INSERT INTO translations VALUES (?, ?, ?, ?, ?, ?)", [(*a[:4], f"KEPT {a[3]}", a[5]) for a in answers])
    old.close()
    run_cli("translate", "-l", "es", "--engine", "pseudo", "--quiet", cwd=site)
    catalog = (site / "locales/es/a1.po").read_text("utf-8")
    assert 'msgstr "KEPT The team met in the city."' in catalog and 'msgstr "KEPT Report one"' in catalog
    assert sorted(p.name for p in cache_dir.iterdir() if not p.name.startswith(store.FILENAME)) == ["lock"]
