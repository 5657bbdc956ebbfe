"""The orchestration: sources → templates → merged catalogs → memory → machine translation.

Nothing is written until every input has been read and checked, and each file
is written atomically and only when its content changed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import polib

from i18n_pub import clock, morph, site_strings
from i18n_pub.agreement import agree_restored
from i18n_pub.blocks import segment_blocks, segments_of
from i18n_pub.cache import with_cache
from i18n_pub.cas import Snapshot
from i18n_pub.catalog import (
    CREATION_DATE,
    FUZZY,
    GLOSSARY_PREFIX,
    MT_PREFIX,
    PREVIOUS_PREFIX,
    REVISION_DATE,
    TM_PREFIX,
    Status,
    build_template,
    comment_lines,
    entry_status,
    finalize,
    is_plural,
    live_entries,
    machine_engine,
    merge,
    mt_comment,
    read_catalog,
    set_comment_lines,
    without_mt_line,
)
from i18n_pub.config import Config
from i18n_pub.engines import Answer, Engine, create_engine, unknown_words
from i18n_pub.errors import EngineError, SourceError, SourceErrors
from i18n_pub.fsutil import WriteBatch, write_if_changed
from i18n_pub.fuzzy import FuzzyIndex, repaired
from i18n_pub.glossary import Glossary, find_automatic_spans, load_glossary
from i18n_pub.headline import for_engine, headline_case, is_headline, proper_nouns
from i18n_pub.localize import localize_spans
from i18n_pub.markup import markup_spans
from i18n_pub.masking import Masked, PostRestore, Protection, SpanFinder, shape_for
from i18n_pub.memory import MEMORY_SLUG, load_memory, memory_path, update_memory
from i18n_pub.organisations import organisation_articles, possessive_of
from i18n_pub.people import find_honorifics, people
from i18n_pub.postedit import Correction, apply_to_entry, corrections_for, without_learned_lines
from i18n_pub.protect import Span
from i18n_pub.rebase import Outcome, Pending, read_current, write_catalogs
from i18n_pub.reviews import record_machine_outputs
from i18n_pub.shipped import fill_from_shipped
from i18n_pub.sources import (
    Article,
    duplicate_slug,
    load_articles,
    read_article,
    read_source_bytes,
    source_files,
)
from i18n_pub.state import (
    CatalogRecord,
    SourceRecord,
    State,
    code_version,
    digest_of,
    file_digest,
    folder_digest,
    sha256_bytes,
    template_key,
)
from i18n_pub.subjects import compound_subjects
from i18n_pub.textsafe import scrub


class Progress(Protocol):
    """What a long machine translation run reports: the CLI draws a bar or prints lines."""

    def start(self, language: str, engine: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def finish(self) -> None: ...


class Extracted:
    """One article and its template, both loaded only when needed.

    An article whose source is unchanged since the last run (same bytes, same
    path, same project, same i18n-pub code) and whose template file is intact
    costs a read and a hash: it is neither parsed nor segmented, and its template
    is read back from disk only if one of its catalogs must be redone.
    """

    def __init__(self, config: Config, path: Path, label: str, slug: str, digest: str, key: str, template_digest: str | None) -> None:
        self.config = config
        self.path = path
        self.label = label
        self.slug = slug
        self.digest = digest  # SHA-256 of the source
        self.key = key  # what its template is built from
        self.template_digest = template_digest  # SHA-256 of the template file; None until it is known to be current
        self._article: Article | None = None
        self._template: polib.POFile | None = None

    @property
    def article(self) -> Article:
        if self._article is None:
            self._article = read_article(self.path, self.label, self.config.front_matter)
        return self._article

    @property
    def template(self) -> polib.POFile:
        if self._template is None:
            path = self.config.template_path(self.slug)
            self._template = read_catalog(path, self.config.relative(path))
        return self._template

    def release(self) -> None:
        """Drop what was loaded: a run holds nothing per article beyond this index."""
        self._article = self._template = None


@dataclass(frozen=True)
class LanguageResult:
    language: str
    engine: str
    written: tuple[str, ...]
    from_memory: int
    from_engine: int
    error: EngineError | None = None
    lost: int = 0  # protected spans (glossary terms, names …) the engine lost; those entries say which


@dataclass(frozen=True)
class _Prepared:
    """A batch of catalogs ready for the engine: their entries, and what the engine is asked."""

    catalogs: list[_Catalog]
    work: EngineWork | None  # None without an engine


@dataclass
class _Catalog:
    """A catalog being updated: its merged entries and what was on disk before."""

    slug: str
    path: Path
    merged: polib.POFile
    old: polib.POFile | None
    template_digest: str | None = None
    snapshot: Snapshot | None = None  # of the file ``old`` was read from (None: no file, or not taken)


# --- extract ----------------------------------------------------------------


def load_sources(config: Config) -> tuple[Article, ...]:
    return load_articles(config.sources_dir, label_of=config.relative, keys=config.front_matter)


def scan_sources(config: Config, state: State) -> list[Extracted]:
    """Every source, checked and sorted by slug; only new or changed ones are parsed.

    Raises every bad source at once, before anything is written.
    """
    project = config.feed.organization or config.feed.title
    files, errors = source_files(config.sources_dir, config.relative)
    items: list[Extracted] = []
    for source in files:
        try:
            digest = sha256_bytes(read_source_bytes(source.path, source.label))
            # The keys read from the front matter decide the slug as much as the bytes do.
            key = template_key(digest, source.label, f"{project}\n{config.front_matter!r}")
            record = state.sources.get(source.label)
            if record is not None and record.digest == digest and record.key == key:
                slug = record.slug  # this exact text was parsed and checked before
            else:
                slug = read_article(source.path, source.label, config.front_matter).slug
                record = None
        except SourceError as error:
            errors.append(error)
            continue
        template_path = config.template_path(slug)
        current = record.template if record is not None and file_digest(template_path) == record.template else None
        items.append(Extracted(config, source.path, source.label, slug, digest, key, current))
    seen: dict[str, Extracted] = {}
    for item in items:
        if item.slug in seen:
            errors.append(duplicate_slug(item.article, seen[item.slug].label))
        else:
            seen[item.slug] = item
    SourceErrors.raise_any(errors)
    return sorted(items, key=lambda item: item.slug)


def ensure_template(config: Config, item: Extracted, state: State, timestamp: str, batch: WriteBatch | None = None) -> bool:
    """Build and write the item's template unless the file on disk is current; say whether it wrote."""
    if item.template_digest is not None:
        return False
    project = config.feed.organization or config.feed.title
    blocks = segment_blocks(item.article)
    state.sentences.remember(item.digest, blocks)  # publish maps blocks to sentences with these, not pysbd
    template = build_template(segments_of(blocks), item.label, project)
    path = config.template_path(item.slug)
    old = read_catalog(path, config.relative(path)) if path.exists() else None
    text = finalize(template, old, CREATION_DATE, timestamp)
    written = False
    if text is None:
        # Unchanged: the catalogs take the creation date already on disk.
        assert old is not None  # finalize calls a template unchanged only against the file on disk
        template.metadata[CREATION_DATE] = old.metadata.get(CREATION_DATE, "")
        item.template_digest = file_digest(path)
    else:
        written = batch.write_if_changed(path, text) if batch else write_if_changed(path, text)
        item.template_digest = sha256_bytes(text.encode("utf-8"))
    item._template = template
    state.sources[item.label] = SourceRecord(item.digest, item.slug, item.key, item.template_digest)
    return written


def extract(config: Config) -> tuple[list[Extracted], list[str]]:
    """Write every template whose source changed. Returns the articles and the paths written."""
    state = State.load(config.cache_dir)
    items = scan_sources(config, state)
    timestamp = clock.po_timestamp()
    written: list[str] = []
    with WriteBatch() as batch:
        for index, item in enumerate(items, 1):
            if ensure_template(config, item, state, timestamp, batch):
                written.append(config.relative(config.template_path(item.slug)))
            item.release()
            if index % CHUNK == 0:
                batch.commit()
    written += site_strings.write_template(config, timestamp)
    state.keep_only((i.label for i in items), (i.slug for i in items))
    state.save()
    return items, written


# --- translate --------------------------------------------------------------

# Catalogs made from scratch are done this many articles at a time, so memory stays flat. The
# first chunk is small so that the engine starts early: it sets the pace (see translate()).
NO_PROTECTION = Protection()  # the default: nothing masked, no hooks (frozen, so one shared value is safe)
CHUNK = 100
FIRST_CHUNK = 25


def chunks(items: Sequence[Extracted]) -> Iterator[Sequence[Extracted]]:
    """
    >>> [len(c) for c in chunks(list(range(330)))]
    [25, 100, 100, 100, 5]
    """
    start, size = 0, FIRST_CHUNK
    while start < len(items):
        yield items[start : start + size]
        start, size = start + size, CHUNK


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
        _LanguageRun(config, language, engine_name, progress, state, shared, timestamp, glossary, protection)
        for language in languages
    ]
    for run in runs:
        run.redo_existing(items, ensure)
        templates.commit()
    for item in items:
        item.release()  # templates built for the catalogs redone above serve every language, then go
    # The engine has its own thread and always a chunk waiting: while it translates chunk k, the main
    # thread writes out chunk k-1 and prepares (segments, merges, masks) chunk k+1. Apertium keeps
    # both cores busy, so the time that counts is CPU time; the engine must never wait for us.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="i18n-pub-engine") as engine_thread:
        waiting: deque[tuple[list[_Prepared], Future[list[EngineAnswers | None]]]] = deque()
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
    for run in runs:
        run.translate_site_strings()
        run.save_memory()
        run.close()
    state.keep_only((i.label for i in items), (i.slug for i in items))
    state.save()
    return templates_written, [run.result() for run in runs]


def load_site_glossary(config: Config) -> Glossary:
    return load_glossary(config.glossary_dir, config.source_language, label_of=config.relative)


def span_finders(glossary: Glossary) -> tuple[SpanFinder, ...]:
    """What is protected from the engine, in priority order (on equal length the earlier finder wins).

    Each finder is ``find(text, language) -> list[Span]``. Inline markup (code spans, link
    destinations, tags, the delimiters of emphasis …), URLs, shortcodes, file paths and version
    numbers are kept verbatim (:func:`~i18n_pub.markup.markup_spans`). Dates and numbers are written
    by Babel in the target locale (``on March 29, 2021`` → ``el 29 de marzo de 2021``).
    """
    return (markup_spans, glossary.spans, find_automatic_spans, honorific_finder(glossary), localize_spans)


def post_restore_hooks() -> tuple[PostRestore, ...]:
    """``(translated_text, restored_spans, language) -> text`` functions run after the spans are restored:
    the determiner before each restored term agrees with its gender and number (``la Organización``),
    an organisation takes its article (``de la ICESCO``), a person with an honorific too (``el Dr. …``,
    ``a la Sra. …``, a woman's title feminine), a compound subject a plural verb (``firmaron``)."""
    return (agree_restored, organisation_articles, people, compound_subjects)


def honorific_finder(glossary: Glossary) -> SpanFinder:
    """Honorifics before a name, in the target language's abbreviation for that person's gender
    (the glossary's ``<lang>:gender`` of the name after it, when the title does not say)."""

    def find(text: str, language: str) -> list[Span]:
        def gender_of(rest: str) -> str | None:
            match = next((m for m in glossary.find(rest[:120]) if m.start == 0), None)
            return match.term.gender(language) if match is not None else None

        return find_honorifics(text, language, gender_of)

    return find


def native_glossary(glossary: Glossary, language: str) -> dict[str, str]:
    """English term → required form, for an engine that takes a glossary of its own."""
    return {t.source: t.required(language) for t in glossary.terms if t.required(language)}  # type: ignore[misc]


def protection_for(glossary: Glossary) -> Protection:
    return Protection(span_finders(glossary), post_restore_hooks(), (possessive_of,))


def _ask_all(runs: Sequence[_LanguageRun], prepared: Sequence[_Prepared]) -> list[EngineAnswers | None]:
    return [run.ask(batch) for run, batch in zip(runs, prepared, strict=True)]


def _complete_all(runs: Sequence[_LanguageRun], prepared: Sequence[_Prepared], answers: Future[list[EngineAnswers | None]]) -> None:
    for run, batch, answer in zip(runs, prepared, answers.result(), strict=True):
        run.complete(batch, answer)


def language_inputs(config: Config) -> str:
    """A digest of what every catalog depends on besides its template and its own file."""
    return digest_of(
        code_version(),
        file_digest(config.pyproject),
        folder_digest(config.glossary_dir),
    )


class _LanguageRun:
    """One language's catalogs: which must be redone, and redoing them."""

    def __init__(
        self, config: Config, language: str, engine_name: str | None, progress: Progress | None,
        state: State, shared: str, timestamp: str, glossary: Glossary | None = None, protection: Protection | None = None,
    ) -> None:
        self.config = config
        self.language = language
        self.name = engine_name or config.engine_for(language)
        self.engine = with_cache(create_engine(self.name, config.engine_settings.get(self.name)), config.cache_dir)
        self.glossary = glossary or Glossary()
        self.protection = protection or Protection()
        if self.engine is not None and hasattr(self.engine, "set_glossary"):  # engines with native glossaries (DeepL)
            self.engine.set_glossary(native_glossary(self.glossary, language))
        self.progress = progress
        self.state = state
        self.timestamp = timestamp
        # Files of the language that are not an article's catalog count as inputs too; not ``_site.po``,
        # which no article catalog reads (the site strings feed no article's memory).
        others = [
            (p.name, file_digest(p))
            for p in sorted(config.locales_dir.joinpath(language).glob("_*"))
            if p.is_file() and p.stem not in (site_strings.SITE_SLUG, MEMORY_SLUG)  # the memory: see memory_digest
        ]
        self.inputs = digest_of(shared, self.name, others)
        self.memory: dict[str, tuple[str, str]] = {}  # text → (reviewed translation, where from)
        self.fuzzy = FuzzyIndex(())  # the same, found by similarity (built with the memory)
        self.reviews: dict[str, tuple[str, str]] = {}  # the reviewed translations of the catalogs, for the site memory
        self.memory_digest = ""
        self.redo: set[str] = set()  # slugs whose catalog on disk is redone with the existing ones
        self.on_disk: dict[str, str | None] = {}  # SHA-256 of each catalog file as found
        self.written: list[str] = []
        self.from_memory = self.from_engine = self.lost = 0
        self.error: EngineError | None = None
        self._corrections: tuple[Correction, ...] | None = None  # learned from the reviews, on first use

    def translate_site_strings(self) -> None:
        """``_site.po`` (feed title, disclaimers) takes the articles' path: merge, memory, engine, write.

        The engine sees ``{placeholders}`` masked; after an engine failure it is not asked again.
        Six short entries: redone on every run, which costs two small reads.
        """
        path = self.config.catalog_path(self.language, site_strings.SITE_SLUG)
        merged, old, snapshot = site_strings.merged_catalog(self.config, self.language)
        catalog = _Catalog(site_strings.SITE_SLUG, path, merged, old, snapshot=snapshot)
        stale_hints = refresh_hints([catalog], self.glossary, self.language)
        self.from_memory += fill_from_shipped(catalog.merged, self.language)  # the package's reviewed wording first
        self.from_memory += fill_from_memory([catalog])
        engine = self.engine if self.error is None else None
        # The articles' protection (glossary, names, dates …) with the {placeholders} as protected spans too.
        protection = Protection((site_strings.placeholder_spans, *self.protection.finders), self.protection.post_restore)
        filled, _, failure = fill_from_engine(
            [catalog], engine, self.config.source_language, self.language, protection=protection, also=stale_hints
        )
        self.from_engine += filled
        self.error = self.error or failure
        site_strings.repair_placeholders(catalog.merged)
        self._write_files([catalog])

    def _inputs_of(self, item: Extracted) -> str | None:
        return digest_of(self.inputs, item.template_digest) if item.template_digest else None

    def redo_existing(self, items: Sequence[Extracted], ensure: Callable[[Extracted], None]) -> None:
        """Merge every catalog on disk whose inputs changed, build the memory, then fill and write those."""
        records = self.state.catalogs.get(self.language, {})
        offered: dict[str, tuple[tuple[str, str], ...]] = {}
        catalogs: list[_Catalog] = []
        unchanged_pending: list[tuple[Extracted, str]] = []
        for item in items:
            path = self.config.catalog_path(self.language, item.slug)
            on_disk = self.on_disk[item.slug] = file_digest(path)
            if on_disk is None:
                continue  # made from scratch later, a chunk at a time
            record = records.get(item.slug)
            if record is not None and record.digest == on_disk and record.inputs == self._inputs_of(item):
                offered[item.slug] = record.reviewed
                if record.pending:
                    unchanged_pending.append((item, record.memory or ""))
                continue
            if not catalogs:
                self.warm_up()  # the engine loads while the catalogs are merged
            ensure(item)
            catalogs.append(self._merge(item))
            self.redo.add(item.slug)
        for catalog in catalogs:
            offered[catalog.slug] = _reviewed(catalog.merged)
        for slug in sorted(offered):
            for msgid, msgstr in offered[slug]:
                self.memory.setdefault(msgid, (msgstr, slug))
        self.reviews = dict(self.memory)
        for msgid, msgstr in load_memory(self.config, self.language).items():
            self.memory.setdefault(msgid, (msgstr, MEMORY_SLUG))  # the site memory comes after every catalog
        self.fuzzy = FuzzyIndex((text, msgstr, slug) for text, (msgstr, slug) in sorted(self.memory.items()))
        self.memory_digest = digest_of(sorted(self.memory.items()))
        # Entries still waiting for a translation depend on the memory and the engine: retry them
        # when there is an engine, or when the memory changed.
        for item, memory in unchanged_pending:
            if self.engine is not None or memory != self.memory_digest:
                ensure(item)
                catalogs.append(self._merge(item))
                self.redo.add(item.slug)
        self._fill_and_write(catalogs)

    def warm_up(self) -> None:
        """Let an engine that takes time to start (Apertium loads its data) start now, off our path."""
        if self.engine is not None and self.error is None and hasattr(self.engine, "warm_up"):
            self.engine.warm_up(self.config.source_language, self.language)

    def save_memory(self) -> None:
        """Add every reviewed translation seen in this run to the site memory (``_memory.po``)."""
        if update_memory(self.config, self.language, {m: s for m, (s, _) in self.reviews.items()}, self.timestamp):
            self.written.append(self.config.relative(memory_path(self.config, self.language)))

    def close(self) -> None:
        if self.engine is not None and hasattr(self.engine, "close"):
            self.engine.close()

    def prepare_new(self, chunk: Sequence[Extracted]) -> list[_Catalog]:
        """Catalogs not on disk yet, merged and filled from memory; :meth:`finish` does the rest."""
        catalogs = []
        for item in chunk:
            if item.slug in self.redo:
                continue
            record = self.state.catalog(self.language, item.slug)
            if record is not None and record.inputs == self._inputs_of(item) and record.digest == self.on_disk.get(item.slug):
                continue
            catalogs.append(self._merge(item))
        self.from_memory += self._fill(catalogs) if catalogs else 0
        return catalogs

    def _merge(self, item: Extracted) -> _Catalog:
        return _merged_catalog(self.config, item, self.language)

    def _fill_and_write(self, catalogs: list[_Catalog]) -> None:
        if catalogs:
            self.from_memory += self._fill(catalogs)
            self.finish(catalogs)

    def _fill(self, catalogs: list[_Catalog]) -> int:
        """Exact reviewed matches first, then fuzzy ones above the site's threshold (still fuzzy)."""
        filled = fill_from_memory(catalogs, self.memory)
        return filled + fill_from_fuzzy(catalogs, self.fuzzy, self.config.fuzzy_threshold, self.language)

    def finish(self, catalogs: list[_Catalog]) -> None:
        """Machine-translate what is still empty or changed, write each catalog that changed, record it."""
        if catalogs:
            prepared = self.prepare(catalogs)
            self.complete(prepared, self.ask(prepared))

    # finish() in three steps, so that translate() can run the engine on one chunk while it
    # prepares the next: prepare and complete on the main thread, ask on the engine's thread.

    def prepare(self, catalogs: list[_Catalog]) -> _Prepared:
        """Refresh the glossary hints and mask what the engine will get."""
        also = refresh_hints(catalogs, self.glossary, self.language)
        if self.engine is None:
            return _Prepared(catalogs, None)
        return _Prepared(catalogs, plan_engine_work(catalogs, self.engine, self.language, self.protection, also))

    def ask(self, prepared: _Prepared) -> EngineAnswers | None:
        """The engine's answers; after a failure it is not asked again in this run (runs on one thread)."""
        if prepared.work is None or self.error is not None or self.engine is None:  # no engine: prepare planned no work
            return None
        answers = ask_for(prepared.work, self.engine, self.config.source_language, self.language, self.progress)
        if answers.failure is not None:
            self.error = answers.failure
        return answers

    def complete(self, prepared: _Prepared, answers: EngineAnswers | None) -> None:
        """Apply the answers (spans restored), write each catalog that changed, record it."""
        if answers is not None and prepared.work is not None and self.engine is not None:
            filled, lost = apply_answers(prepared.work, answers, self.engine.name, self.language, self.protection)
            self.from_engine += filled
            self.lost += lost
            show_matches(prepared.work.pending, self.fuzzy)
            record_machine_outputs(self.engine, self.language, prepared.catalogs, prepared.work.pending)
            self._post_edit(prepared.work, answers)  # after the engine's own text is recorded: reviews compare with it
        self._write(prepared.catalogs)

    def _post_edit(self, work: EngineWork, answers: EngineAnswers) -> None:
        """Apply the corrections reviewers keep making (:mod:`i18n_pub.postedit`) to what the engine just wrote."""
        if self.engine is None:
            return
        if self._corrections is None:
            self._corrections = corrections_for(self.config, self.language, self.engine.name)
        if self._corrections:
            apply_learned(work, answers, self.engine.name, self._corrections)

    def _write_files(self, catalogs: list[_Catalog]) -> list[Outcome]:
        """Write each catalog that changed, never over a translator's save (see :mod:`i18n_pub.rebase`)."""
        items = [
            Pending(c.path, self.config.relative(c.path), self.language, c.merged, c.old, c.snapshot) for c in catalogs
        ]
        outcomes = write_catalogs(items, self.timestamp, REVISION_DATE)
        for catalog, outcome in zip(catalogs, outcomes, strict=True):
            catalog.merged = outcome.merged
            if outcome.written:
                self.written.append(self.config.relative(catalog.path))
        return outcomes

    def _write(self, catalogs: list[_Catalog]) -> None:
        for catalog, outcome in zip(catalogs, self._write_files(catalogs), strict=True):
            for msgid, msgstr in _reviewed(catalog.merged):
                if self.reviews.get(msgid, (None, catalog.slug))[1] == catalog.slug:
                    self.reviews[msgid] = (msgstr, catalog.slug)
            digest = outcome.digest or file_digest(catalog.path)
            pending = any(_needs_translation(e) for e in live_entries(catalog.merged))
            self.state.set_catalog(
                self.language,
                catalog.slug,
                CatalogRecord(
                    inputs=digest_of(self.inputs, catalog.template_digest),
                    digest=digest,
                    pending=pending,
                    memory=self.memory_digest if pending else None,
                    reviewed=_reviewed(catalog.merged),
                ),
            )

    def result(self) -> LanguageResult:
        return LanguageResult(
            self.language, self.name, tuple(self.written), self.from_memory, self.from_engine, self.error, self.lost
        )


def _reviewed(po: polib.POFile) -> tuple[tuple[str, str], ...]:
    return tuple(
        (e.msgid, e.msgstr) for e in live_entries(po) if entry_status(e) is Status.REVIEWED and not is_plural(e)
    )


def _merged_catalog(config: Config, item: Extracted, language: str) -> _Catalog:
    path = config.catalog_path(language, item.slug)
    old, snapshot = read_current(path, config.relative(path), language) if path.exists() else (None, None)
    return _Catalog(item.slug, path, merge(item.template, old, language), old, item.template_digest, snapshot)


def _needs_translation(entry: polib.POEntry) -> bool:
    """Empty or changed; never a translator's plural entry (its forms are theirs to fill)."""
    return entry_status(entry) in (Status.UNTRANSLATED, Status.CHANGED) and not is_plural(entry)


def refresh_hints(catalogs: Sequence[_Catalog], glossary: Glossary, language: str) -> set[int]:
    """Write each live entry's ``#. glossary: term → form`` lines for ``language``.

    Returns the ids of machine entries whose lines changed: the glossary was edited
    since their translation, so the engine translates them again. Reviewed entries
    keep their translation (their hints still change, so the translator sees the rule).
    """
    stale: set[int] = set()
    for catalog in catalogs:
        for entry in live_entries(catalog.merged):
            others, old_hints = _split_glossary_lines(entry.comment.split("\n") if entry.comment else [])
            hints = glossary.hints(entry.msgid, language)
            if old_hints == hints:
                continue  # keep the lines as read: same text, same bytes
            entry.comment = "\n".join([*others, *hints])
            if entry_status(entry) is Status.MACHINE:
                stale.add(id(entry))
    return stale


_COMMENT_PREFIXES = (GLOSSARY_PREFIX, MT_PREFIX, TM_PREFIX, PREVIOUS_PREFIX)


def _split_glossary_lines(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Other lines, and ``glossary: …`` lines re-joined where a PO writer wrapped them.

    >>> _split_glossary_lines(["note", "glossary: A long → Una", "larga", "glossary: B → B"])
    (['note'], ['glossary: A long → Una larga', 'glossary: B → B'])
    """
    others: list[str] = []
    glossary: list[str] = []
    in_glossary = False
    for line in lines:
        if line.startswith(GLOSSARY_PREFIX):
            glossary.append(line)
            in_glossary = True
        elif in_glossary and not line.startswith(_COMMENT_PREFIXES):
            glossary[-1] += " " + line
        else:
            others.append(line)
            in_glossary = False
    return others, glossary


def _keep_previous_translation(entry: polib.POEntry, lines: list[str]) -> list[str]:
    """Before a changed entry gets new text, its old translation moves into a comment: no work is lost."""
    if entry.msgstr and entry.previous_msgid is not None:
        kept = PREVIOUS_PREFIX + entry.msgstr.replace("\n", " ")
        if kept not in lines:
            lines.append(kept)
    return lines


def fill_from_memory(catalogs: Sequence[_Catalog], memory: dict[str, tuple[str, str]] | None = None) -> int:
    """Reuse reviewed translations of the exact same text from this language's catalogs (``msgmerge -C``).

    ``memory`` maps a text to (translation, slug); by default it is built from ``catalogs``.
    """
    if memory is None:
        memory = {}
        for catalog in sorted(catalogs, key=lambda c: c.slug):
            for msgid, msgstr in _reviewed(catalog.merged):
                memory.setdefault(msgid, (msgstr, catalog.slug))
    filled = 0
    for catalog in catalogs:
        for entry in live_entries(catalog.merged):
            if _needs_translation(entry) and entry.msgid in memory:
                msgstr, slug = memory[entry.msgid]
                lines = _keep_previous_translation(entry, comment_lines(entry))
                set_comment_lines(entry, [*(line for line in lines if not line.startswith(TM_PREFIX)), TM_PREFIX + slug])
                entry.msgstr = msgstr
                entry.flags = [f for f in entry.flags if f != FUZZY]
                entry.previous_msgid = entry.previous_msgctxt = None
                filled += 1
    return filled


def fill_from_fuzzy(catalogs: Sequence[_Catalog], index: FuzzyIndex, threshold: int, language: str | None = None) -> int:
    """Pre-fill each untranslated entry whose best fuzzy match scores ``threshold`` or more: the match's
    translation (numbers and names repaired), fuzzy, with ``# tm: 87% <slug>``. The engine skips it."""
    if not len(index):
        return 0
    filled = 0
    for catalog in catalogs:
        for entry in live_entries(catalog.merged):
            if entry_status(entry) is not Status.UNTRANSLATED or is_plural(entry):
                continue
            match = index.best(entry.msgid, minimum=threshold)
            if match is None or _ends(match.source) != _ends(entry.msgid):
                continue
            lines = [line for line in comment_lines(entry) if not line.startswith(TM_PREFIX)]
            set_comment_lines(entry, [*lines, f"{TM_PREFIX}{match.score}% {match.origin}"])
            entry.msgstr = repaired(entry.msgid, match, language)
            if FUZZY not in entry.flags:
                entry.flags.append(FUZZY)
            filled += 1
    return filled


def show_matches(entries: Iterable[polib.POEntry], index: FuzzyIndex) -> None:
    """An entry the engine translated shows its best fuzzy match below the threshold, if any scores 50 or
    more: ``# tm: 62% <slug>``, so the translator can compare."""
    if not len(index):
        return
    for entry in entries:
        if machine_engine(entry) is None or FUZZY not in entry.flags:
            continue  # the engine gave this entry nothing this time
        match = index.best(entry.msgid)
        if match is not None:
            lines = [line for line in comment_lines(entry) if not line.startswith(TM_PREFIX)]
            set_comment_lines(entry, [*lines, f"{TM_PREFIX}{match.score}% {match.origin}"])


def _ends(text: str) -> tuple[bool, bool]:
    return text.startswith("\n"), text.endswith("\n")


@dataclass(frozen=True)
class EngineWork:
    """What one batch of catalogs asks the engine, prepared before the engine runs (masking included)."""

    pending: tuple[polib.POEntry, ...]  # the entries to fill
    texts: tuple[str, ...]  # their unique source texts
    masked: tuple[Masked, ...]  # each text as the engine gets it, protected spans masked
    headlines: frozenset[str]  # texts sent in sentence case, put back in headline case after

    @property
    def requests(self) -> list[str]:
        """The unique masked texts, in order: what the engine is asked."""
        return list(dict.fromkeys(m.text for m in self.masked))


@dataclass(frozen=True)
class EngineAnswers:
    """The engine's answers to an :class:`EngineWork`, by masked text, and its failure if it failed."""

    outputs: Mapping[str, Answer]
    failure: EngineError | None = None


def plan_engine_work(
    catalogs: Sequence[_Catalog],
    engine: Engine,
    target: str,
    protection: Protection = NO_PROTECTION,
    also: AbstractSet[int] = frozenset(),
) -> EngineWork:
    """Every entry still empty or changed (and machine entries in ``also``), its text masked for ``engine``."""
    pending = [
        entry
        for catalog in catalogs
        for entry in live_entries(catalog.merged)
        if _needs_translation(entry) or (id(entry) in also and entry_status(entry) is Status.MACHINE)
    ]
    texts = list(dict.fromkeys(entry.msgid for entry in pending))
    if texts and protection.rewrites:
        morph.prepare(texts, "en")  # the possessive and headline rules read English words: one lt-proc for the batch
    sent = _headlines_for_engine(catalogs, pending, protection, target) if texts else {}
    masked = [protection.mask(sent.get(text, text), target, shape_for(engine)) for text in texts]
    return EngineWork(tuple(pending), tuple(texts), tuple(masked), frozenset(sent))


def ask_for(work: EngineWork, engine: Engine, source: str, target: str, progress: Progress | None = None) -> EngineAnswers:
    """Run the engine over ``work``: the only step that waits for it (and the only one off the main thread)."""
    requests = work.requests
    if not requests:
        return EngineAnswers({})
    return EngineAnswers(*ask_engine(engine, requests, source, target, progress))


def apply_answers(
    work: EngineWork, answers: EngineAnswers, engine_name: str, target: str, protection: Protection = NO_PROTECTION
) -> tuple[int, int]:
    """Restore the protected spans in every answer and write it into its entries. Returns entries filled and spans lost.

    When the engine failed part way (``answers.failure``), every answer it gave is still applied
    and the rest stays as it was.
    """
    outputs = answers.outputs
    if protection.post_restore and outputs:
        # The grammar rules read the target words: one lt-proc for the batch (targets of masked spans too).
        target_words = [*(a.text for a in outputs.values()), *(s.target for m in work.masked for s in m.spans)]
        morph.prepare(target_words, target.split("-")[0].split("_")[0])
    answered = [(text, m) for text, m in zip(work.texts, work.masked, strict=True) if m.text in outputs]
    results = {text: protection.restore(outputs[m.text].text, m, target) for text, m in answered}
    unknown = {text: outputs[m.text].unknown for text, m in answered}
    for text in work.headlines & results.keys():
        results[text] = replace(results[text], text=headline_case(results[text].text, target))
    applied = lost = 0
    for entry in work.pending:
        result = results.get(entry.msgid)
        if result is not None:
            words = unknown_words(unknown[entry.msgid], entry.msgid, result.text)
            apply_machine_translation(entry, result.text, engine_name, result.notes, words)
            applied += 1
            lost += len(result.lost)
    return applied, lost


def fill_from_engine(
    catalogs: Sequence[_Catalog],
    engine: Engine | None,
    source: str,
    target: str,
    progress: Progress | None = None,
    protection: Protection = NO_PROTECTION,
    also: AbstractSet[int] = frozenset(),
) -> tuple[int, int, EngineError | None]:
    """Machine-translate every entry still empty or changed (and machine entries in ``also``), in one
    batch of unique texts, with the protected spans masked. Returns entries filled, spans lost and the
    engine's failure, if it failed (the answers it gave before are applied).

    The three steps in one call; :func:`translate` runs them apart so that the engine
    works on one chunk while the next is prepared.
    """
    if engine is None:
        return 0, 0, None
    work = plan_engine_work(catalogs, engine, target, protection, also)
    answers = ask_for(work, engine, source, target, progress)
    return (*apply_answers(work, answers, engine.name, target, protection), answers.failure)


def _headlines_for_engine(
    catalogs: Sequence[_Catalog], pending: Sequence[polib.POEntry], protection: Protection, target: str
) -> dict[str, str]:
    """Headline text → what the engine gets instead (see :func:`engine_text`)."""
    wanted = {id(entry) for entry in pending if is_headline(entry.msgid, entry.msgctxt)}
    if not wanted:
        return {}
    sent: dict[str, str] = {}
    for catalog in catalogs:  # each headline keeps the names of its own article's body
        entries = live_entries(catalog.merged)
        headlines = {entry.msgid: entry.msgctxt for entry in entries if id(entry) in wanted}
        if headlines:
            names = headline_names(entries)
            sent.update((text, engine_text(text, context, protection, target, names)) for text, context in headlines.items())
    return sent


def headline_names(entries: Iterable[polib.POEntry]) -> frozenset[str]:
    """Words the articles always capitalise inside sentences (``Rabat``): a headline keeps their capitals."""
    return proper_nouns(entry.msgid for entry in entries if not is_headline(entry.msgid, entry.msgctxt))


def engine_text(text: str, context: str | None, protection: Protection, target: str, names: frozenset[str]) -> str:
    """What the engine gets for a segment, before masking: a Title Case headline goes in sentence case,
    keeping protected spans, acronyms, names after honorifics and ``names``; anything else as it is."""
    if not is_headline(text, context):
        return text
    return for_engine(text, [(s.start, s.end) for s in protection.spans(text, target)], names)


def ask_engine(
    engine: Engine, texts: Sequence[str], source: str, target: str, progress: Progress | None = None
) -> tuple[dict[str, Answer], EngineError | None]:
    """Every answer the engine gave, by text, and its failure if it failed (answers before it are kept)."""
    if progress:
        progress.start(target, engine.name, len(texts))
    on_result = (lambda index, answer: progress.advance()) if progress else None
    try:
        result = engine.translate(texts, source, target, on_result=on_result)
    finally:
        if progress:
            progress.finish()
    return {text: answer for text, answer in zip(texts, result.answers, strict=True) if answer is not None}, result.error


def apply_learned(work: EngineWork, answers: EngineAnswers, engine_name: str, corrections: Sequence[Correction]) -> int:
    """Post-edit every entry the engine answered, its protected spans (restored as they are) left alone."""
    answered = [(text, m) for text, m in zip(work.texts, work.masked, strict=True) if m.text in answers.outputs]
    protected = {text: [span.target for span in m.spans] for text, m in answered}
    return sum(
        apply_to_entry(entry, engine_name, corrections, protected[entry.msgid]) for entry in work.pending if entry.msgid in protected
    )


def apply_machine_translation(
    entry: polib.POEntry, text: str, engine: str, notes: Iterable[str] = (), unknown: Sequence[str] = ()
) -> None:
    """Machine output is always fuzzy and says which engine wrote it, and which words it did not know."""
    lines = _keep_previous_translation(entry, comment_lines(entry))
    lines = [line for line in _split_glossary_lines(without_mt_line(lines))[0] if not line.startswith(TM_PREFIX)]
    lines = without_learned_lines(lines)  # the corrections of an older machine text
    set_comment_lines(entry, [mt_comment(engine, unknown), *notes, *lines])
    entry.msgstr = scrub(text)  # an engine's output is outside input: no control characters, no lone surrogates
    if FUZZY not in entry.flags:
        entry.flags.append(FUZZY)
