"""The translate command: sources → templates → merged catalogs → memory → machine translation, per language.

Nothing is written until every input has been read and checked, and each file
is written atomically and only when its content changed. The steps live in
:mod:`i18n_pub.extract`, :mod:`i18n_pub.catalog_work`, :mod:`i18n_pub.prefill`,
:mod:`i18n_pub.machine` and :mod:`i18n_pub.language_run`; this module runs them
over every language at once, the engine on its own thread.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from i18n_pub import clock, site_strings
from i18n_pub.config import Config
from i18n_pub.extract import Extracted, chunks, ensure_template, scan_sources
from i18n_pub.extract import extract as extract
from i18n_pub.extract import load_sources as load_sources
from i18n_pub.fsutil import WriteBatch
from i18n_pub.language_run import LanguageResult as LanguageResult
from i18n_pub.language_run import LanguageRun, Prepared
from i18n_pub.machine import EngineAnswers
from i18n_pub.machine import Progress as Progress
from i18n_pub.protection_rules import load_site_glossary, protection_for
from i18n_pub.state import State, code_version, digest_of, file_digest, folder_digest


def translate(
    config: Config,
    languages: Sequence[str],
    engine_name: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[str], list[LanguageResult]]:
    """Extract, then update every catalog of each language. Returns templates written and per-language results.

    A catalog is redone only when one of its inputs changed (see :mod:`i18n_pub.state`).
    Catalogs already on disk that must be redone go first, all together, because
    their reviewed entries feed the translation memory; catalogs made from scratch
    offer the memory nothing, so they go a chunk at a time.
    """
    glossary = load_site_glossary(config)  # a bad glossary stops the run before anything is written
    protection = protection_for(glossary)
    state = State.load(config.cache_dir)
    items = scan_sources(config, state)
    timestamp = clock.po_timestamp()
    templates_written: list[str] = site_strings.write_template(config, timestamp)

    templates = WriteBatch()

    def ensure(item: Extracted) -> None:
        if ensure_template(config, item, state, timestamp, templates):
            templates_written.append(config.relative(config.template_path(item.slug)))

    shared = language_inputs(config)
    runs = [
        LanguageRun(config, language, engine_name, progress, state, shared, timestamp, glossary, protection)
        for language in languages
    ]
    for run in runs:
        run.redo_existing(items, ensure)
        templates.commit()
    for item in items:
        item.release()  # templates built for the catalogs redone above serve every language, then go
    _translate_new(runs, items, ensure, templates)
    for run in runs:
        run.translate_site_strings()
        run.save_memory()
        run.close()
    state.keep_only((i.label for i in items), (i.slug for i in items))
    state.save()
    return templates_written, [run.result() for run in runs]


def _translate_new(
    runs: Sequence[LanguageRun], items: Sequence[Extracted], ensure: Callable[[Extracted], None], templates: WriteBatch
) -> None:
    """Every catalog not redone yet, a chunk of articles at a time.

    The engine has its own thread and always a chunk waiting: while it translates chunk k, the main
    thread writes out chunk k-1 and prepares (segments, merges, masks) chunk k+1. Apertium keeps
    both cores busy, so the time that counts is CPU time; the engine must never wait for us.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="i18n-pub-engine") as engine_thread:
        waiting: deque[tuple[list[Prepared], Future[list[EngineAnswers | None]]]] = deque()
        if any(run.on_disk.get(item.slug) is None for run in runs for item in items):
            for run in runs:
                run.warm_up()  # catalogs to make from scratch: the engine loads while the first chunk is prepared
        for chunk in chunks(items):
            for item in chunk:
                ensure(item)
            templates.commit()
            prepared = [run.prepare(run.prepare_new(chunk)) for run in runs]
            for item in chunk:
                item.release()
            waiting.append((prepared, engine_thread.submit(_ask_all, runs, prepared)))
            # Write out what the engine has done; at most two chunks wait, so memory stays flat.
            while waiting and (len(waiting) > 2 or waiting[0][1].done()):
                _complete_all(runs, *waiting.popleft())
        while waiting:
            _complete_all(runs, *waiting.popleft())


def _ask_all(runs: Sequence[LanguageRun], prepared: Sequence[Prepared]) -> list[EngineAnswers | None]:
    return [run.ask(batch) for run, batch in zip(runs, prepared, strict=True)]


def _complete_all(runs: Sequence[LanguageRun], prepared: Sequence[Prepared], answers: Future[list[EngineAnswers | None]]) -> None:
    for run, batch, answer in zip(runs, prepared, answers.result(), strict=True):
        run.complete(batch, answer)


def language_inputs(config: Config) -> str:
    """A digest of what every catalog depends on besides its template and its own file."""
    return digest_of(
        code_version(),
        file_digest(config.pyproject),
        folder_digest(config.glossary_dir),
    )
