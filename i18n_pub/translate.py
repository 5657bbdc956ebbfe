"""The orchestration: sources → templates → merged catalogs → memory → machine translation.

Nothing is written until every input has been read and checked, and each file
is written atomically and only when its content changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import polib

from i18n_pub import clock
from i18n_pub.cache import with_cache
from i18n_pub.catalog import (
    CREATION_DATE,
    FUZZY,
    MT_PREFIX,
    PREVIOUS_PREFIX,
    REVISION_DATE,
    TM_PREFIX,
    Status,
    build_template,
    comment_lines,
    entry_status,
    finalize,
    live_entries,
    merge,
    read_catalog,
    set_comment_lines,
)
from i18n_pub.config import Config
from i18n_pub.engines import Engine, create_engine
from i18n_pub.errors import EngineError
from i18n_pub.fsutil import write_if_changed
from i18n_pub.segment import segment_article
from i18n_pub.sources import Article, load_articles


class Progress(Protocol):
    """What a long machine translation run reports: the CLI draws a bar or prints lines."""

    def start(self, language: str, engine: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def finish(self) -> None: ...


@dataclass(frozen=True)
class Extracted:
    article: Article
    template: polib.POFile


@dataclass(frozen=True)
class LanguageResult:
    language: str
    engine: str
    written: tuple[str, ...]
    from_memory: int
    from_engine: int
    error: EngineError | None = None


@dataclass
class _Catalog:
    """A catalog being updated: its merged entries and what was on disk before."""

    slug: str
    path: Path
    merged: polib.POFile
    old: polib.POFile | None


# --- extract ----------------------------------------------------------------


def load_sources(config: Config) -> tuple[Article, ...]:
    return load_articles(config.sources_dir, label_of=lambda p: config.relative(p))


def extract(config: Config) -> tuple[list[Extracted], list[str]]:
    """Build every template; write the ones that changed. Returns the templates and the paths written."""
    articles = load_sources(config)
    project = config.feed.organization or config.feed.title
    extracted = [
        Extracted(article, build_template(segment_article(article), article.path, project)) for article in articles
    ]
    written: list[str] = []
    timestamp = clock.po_timestamp()
    for item in extracted:
        path = config.template_path(item.article.slug)
        old = read_catalog(path, config.relative(path)) if path.exists() else None
        text = finalize(item.template, old, CREATION_DATE, timestamp)
        if text is None:
            # Unchanged: the catalogs take the creation date already on disk.
            item.template.metadata[CREATION_DATE] = old.metadata.get(CREATION_DATE, "")
        elif write_if_changed(path, text):
            written.append(config.relative(path))
    return extracted, written


# --- translate --------------------------------------------------------------


def translate(
    config: Config,
    languages: Sequence[str],
    engine_name: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[str], list[LanguageResult]]:
    """Extract, then update every catalog of each language. Returns templates written and per-language results."""
    extracted, templates_written = extract(config)
    results = [_translate_language(config, extracted, language, engine_name, progress) for language in languages]
    return templates_written, results


def _translate_language(
    config: Config,
    extracted: Sequence[Extracted],
    language: str,
    engine_name: str | None,
    progress: Progress | None,
) -> LanguageResult:
    name = engine_name or config.engine_for(language)
    engine = with_cache(create_engine(name, config.engine_settings.get(name)), config.cache_dir)
    catalogs = [_merged_catalog(config, item, language) for item in extracted]
    from_memory = fill_from_memory(catalogs)
    error = None
    try:
        from_engine = fill_from_engine(catalogs, engine, config.source_language, language, progress)
    except EngineError as exc:
        from_engine, error = exc.applied, exc
    written = _write_catalogs(config, catalogs)
    return LanguageResult(language, name, tuple(written), from_memory, from_engine, error)


def _merged_catalog(config: Config, item: Extracted, language: str) -> _Catalog:
    path = config.catalog_path(language, item.article.slug)
    old = read_catalog(path, config.relative(path), language) if path.exists() else None
    return _Catalog(item.article.slug, path, merge(item.template, old, language), old)


def _needs_translation(entry: polib.POEntry) -> bool:
    return entry_status(entry) in (Status.UNTRANSLATED, Status.CHANGED)


def _keep_previous_translation(entry: polib.POEntry, lines: list[str]) -> list[str]:
    """Before a changed entry gets new text, its old translation moves into a comment: no work is lost."""
    if entry.msgstr and entry.previous_msgid is not None:
        kept = PREVIOUS_PREFIX + entry.msgstr.replace("\n", " ")
        if kept not in lines:
            lines.append(kept)
    return lines


def fill_from_memory(catalogs: Sequence[_Catalog]) -> int:
    """Reuse reviewed translations of the exact same text from this language's catalogs (``msgmerge -C``)."""
    memory: dict[str, tuple[str, str]] = {}
    for catalog in sorted(catalogs, key=lambda c: c.slug):
        for entry in live_entries(catalog.merged):
            if entry_status(entry) is Status.REVIEWED:
                memory.setdefault(entry.msgid, (entry.msgstr, catalog.slug))
    filled = 0
    for catalog in catalogs:
        for entry in live_entries(catalog.merged):
            if _needs_translation(entry) and entry.msgid in memory:
                msgstr, slug = memory[entry.msgid]
                lines = _keep_previous_translation(entry, comment_lines(entry))
                set_comment_lines(entry, [*(l for l in lines if not l.startswith(TM_PREFIX)), TM_PREFIX + slug])
                entry.msgstr = msgstr
                entry.flags = [f for f in entry.flags if f != FUZZY]
                entry.previous_msgid = entry.previous_msgctxt = None
                filled += 1
    return filled


def fill_from_engine(
    catalogs: Sequence[_Catalog],
    engine: Engine | None,
    source: str,
    target: str,
    progress: Progress | None = None,
) -> int:
    """Machine-translate every entry still empty or changed, in one batch of unique texts.

    When the engine fails part way, every answer it gave is still applied, the
    rest stays as it was, and the :class:`EngineError` is raised afterwards
    with ``applied`` set.
    """
    if engine is None:
        return 0
    pending = [entry for catalog in catalogs for entry in live_entries(catalog.merged) if _needs_translation(entry)]
    texts = list(dict.fromkeys(entry.msgid for entry in pending))
    if not texts:
        return 0
    outputs, failure = ask_engine(engine, texts, source, target, progress)
    applied = 0
    for entry in pending:
        if entry.msgid in outputs:
            apply_machine_translation(entry, outputs[entry.msgid], engine.name)
            applied += 1
    if failure is not None:
        failure.applied = applied
        raise failure
    return applied


def ask_engine(
    engine: Engine, texts: Sequence[str], source: str, target: str, progress: Progress | None = None
) -> tuple[dict[str, str], EngineError | None]:
    """Every answer the engine gave, by text, and its failure if it failed (answers before it are kept)."""
    if progress:
        progress.start(target, engine.name, len(texts))
    on_result = (lambda index, text: progress.advance()) if progress else None
    try:
        answers: Sequence[str | None] = engine.translate(texts, source, target, on_result=on_result)
        failure = None
    except EngineError as error:
        answers, failure = error.partial, error
    finally:
        if progress:
            progress.finish()
    return {text: answer for text, answer in zip(texts, answers) if answer is not None}, failure


def apply_machine_translation(entry: polib.POEntry, text: str, engine: str, notes: Iterable[str] = ()) -> None:
    """Machine output is always fuzzy and says which engine wrote it."""
    lines = _keep_previous_translation(entry, comment_lines(entry))
    lines = [l for l in lines if not l.startswith((MT_PREFIX, TM_PREFIX))]
    set_comment_lines(entry, [MT_PREFIX + engine, *notes, *lines])
    entry.msgstr = text
    if FUZZY not in entry.flags:
        entry.flags.append(FUZZY)


def _write_catalogs(config: Config, catalogs: Iterable[_Catalog]) -> list[str]:
    written = []
    timestamp = clock.po_timestamp()
    for catalog in catalogs:
        text = finalize(catalog.merged, catalog.old, REVISION_DATE, timestamp)
        if text is not None and write_if_changed(catalog.path, text):
            written.append(config.relative(catalog.path))
    return written
