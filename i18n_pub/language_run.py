"""One language's catalogs in a translate run: which must be redone, and redoing them.

Each catalog goes merge → memory (:mod:`i18n_pub.prefill`) → engine
(:mod:`i18n_pub.machine`) → write (never over a translator's save, see
:mod:`i18n_pub.rebase`) → recorded in the run's state, so an unchanged catalog
costs nothing next time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from i18n_pub import site_strings
from i18n_pub.cache import CachedEngine, with_cache
from i18n_pub.catalog import REVISION_DATE, live_entries
from i18n_pub.catalog_content import ContentStore, catalog_content
from i18n_pub.catalog_work import WorkingCatalog, merged_catalog, needs_translation, refresh_hints, reviewed_pairs
from i18n_pub.config import Config
from i18n_pub.engines import create_engine
from i18n_pub.errors import EngineError
from i18n_pub.extract import Extracted
from i18n_pub.fuzzy import FuzzyIndex
from i18n_pub.glossary import Glossary
from i18n_pub.machine import EngineAnswers, EngineStep, EngineWork, Progress
from i18n_pub.masking import Protection
from i18n_pub.memory import MEMORY_SLUG, load_memory, memory_path, update_memory
from i18n_pub.postedit import Correction, apply_to_entry, corrections_for
from i18n_pub.prefill import fill_from_fuzzy, fill_from_memory, show_matches
from i18n_pub.protection_rules import native_glossary
from i18n_pub.rebase import Outcome, Pending, write_catalogs
from i18n_pub.reviews import record_machine_outputs
from i18n_pub.shipped import fill_from_shipped
from i18n_pub.state import CatalogRecord, State, digest_of, file_digest

# slug → the reviewed (msgid, msgstr) pairs its catalog offers the memory
Offered = Mapping[str, tuple[tuple[str, str], ...]]


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
class Prepared:
    """A batch of catalogs ready for the engine: their entries, and what the engine is asked."""

    catalogs: list[WorkingCatalog]
    work: EngineWork | None  # None when the engine will not be asked


@dataclass(frozen=True)
class Memory:
    """A language's translation memory for a run: the reviewed translations of its catalogs, then the site memory."""

    exact: dict[str, tuple[str, str]]  # text → (reviewed translation, where from)
    fuzzy: FuzzyIndex  # the same, found by similarity
    digest: str  # what the catalogs still waiting for a translation were filled with

    @classmethod
    def of(cls, reviews: Mapping[str, tuple[str, str]], site_memory: Mapping[str, str]) -> Memory:
        exact = dict(reviews)
        for msgid, msgstr in site_memory.items():
            exact.setdefault(msgid, (msgstr, MEMORY_SLUG))  # the site memory comes after every catalog
        fuzzy = FuzzyIndex((text, msgstr, slug) for text, (msgstr, slug) in sorted(exact.items()))
        return cls(exact, fuzzy, digest_of(sorted(exact.items())))


def reviewed_by_text(offered: Offered) -> dict[str, tuple[str, str]]:
    """Text → (reviewed translation, slug), the first slug in order when catalogs disagree."""
    reviews: dict[str, tuple[str, str]] = {}
    for slug in sorted(offered):
        for msgid, msgstr in offered[slug]:
            reviews.setdefault(msgid, (msgstr, slug))
    return reviews


class LanguageRun:
    """One language's catalogs: which must be redone, and redoing them."""

    def __init__(
        self, config: Config, language: str, engine_name: str | None, progress: Progress | None,
        state: State, shared: str, timestamp: str, glossary: Glossary | None = None, protection: Protection | None = None,
    ) -> None:  # fmt: skip
        self.config = config
        self.language = language
        self.name = engine_name or config.engine_for(language)
        self.glossary = glossary or Glossary()
        self.step = EngineStep(self._engine(), config.source_language, language, protection or Protection())
        self.progress = progress
        self.state = state
        self.timestamp = timestamp
        self.inputs = digest_of(shared, self.name, self._other_files())
        self.memory = Memory({}, FuzzyIndex(()), "")  # built by redo_existing
        self.reviews: dict[str, tuple[str, str]] = {}  # the reviewed translations of the catalogs, for the site memory
        self._corrections: tuple[Correction, ...] | None = None  # learned from the reviews, on first use
        self.redo: set[str] = set()  # slugs whose catalog on disk is redone with the existing ones
        self.on_disk: dict[str, str | None] = {}  # SHA-256 of each catalog file as found
        self.written: list[str] = []
        self.from_memory = 0
        self._contents: ContentStore | None = None  # what publish needs of the catalogs written, opened on first write

    def _engine(self) -> CachedEngine | None:
        engine = with_cache(create_engine(self.name, self.config.engine_settings.get(self.name)), self.config.cache_dir)
        if engine is not None and hasattr(engine, "set_glossary"):  # engines with native glossaries (DeepL)
            engine.set_glossary(native_glossary(self.glossary, self.language))
        return engine

    def _other_files(self) -> list[tuple[str, str | None]]:
        """Files of the language that are not an article's catalog count as inputs too; not ``_site.po``,
        which no article catalog reads (the site strings feed no article's memory)."""
        return [
            (p.name, file_digest(p))
            for p in sorted(self.config.locales_dir.joinpath(self.language).glob("_*"))
            if p.is_file() and p.stem not in (site_strings.SITE_SLUG, MEMORY_SLUG)  # the memory: see Memory.digest
        ]

    def translate_site_strings(self) -> None:
        """``_site.po`` (feed title, disclaimers) takes the articles' path: merge, memory, engine, write.

        The engine sees ``{placeholders}`` masked; after an engine failure it is not asked again.
        Six short entries: redone on every run, which costs two small reads.
        """
        path = self.config.catalog_path(self.language, site_strings.SITE_SLUG)
        merged, old, snapshot = site_strings.merged_catalog(self.config, self.language)
        catalog = WorkingCatalog(site_strings.SITE_SLUG, path, merged, old, snapshot=snapshot)
        refresh_hints([catalog], self.glossary, self.language)
        self.from_memory += fill_from_shipped(catalog.merged, self.language)  # the package's reviewed wording first
        self.from_memory += fill_from_memory([catalog])
        # The articles' protection (glossary, names, dates …) with the {placeholders} as protected spans too.
        protection = self.step.protection
        work = self.step.plan([catalog], Protection((site_strings.placeholder_spans, *protection.finders), protection.post_restore))
        self.step.apply(work, self.step.ask(work))
        site_strings.repair_placeholders(catalog.merged)
        self._write_files([catalog])

    def _inputs_of(self, item: Extracted) -> str | None:
        return digest_of(self.inputs, item.template_digest) if item.template_digest else None

    def redo_existing(self, items: Sequence[Extracted], ensure: Callable[[Extracted], None]) -> None:
        """Merge every catalog on disk whose inputs changed, build the memory, then fill and write those."""
        catalogs, offered, unchanged_pending = self._changed_on_disk(items, ensure)
        offered.update((catalog.slug, reviewed_pairs(catalog.merged)) for catalog in catalogs)
        self.reviews = reviewed_by_text(offered)
        self.memory = Memory.of(self.reviews, load_memory(self.config, self.language))
        # Entries still waiting for a translation depend on the memory and the engine: retry them
        # when there is an engine, or when the memory changed.
        for item, memory in unchanged_pending:
            if self.step.engine is not None or memory != self.memory.digest:
                ensure(item)
                catalogs.append(self._merge(item))
                self.redo.add(item.slug)
        if catalogs:
            self.from_memory += self._fill(catalogs)
            self.finish(catalogs)

    def _changed_on_disk(
        self, items: Sequence[Extracted], ensure: Callable[[Extracted], None]
    ) -> tuple[list[WorkingCatalog], dict[str, tuple[tuple[str, str], ...]], list[tuple[Extracted, str]]]:
        """The catalogs on disk whose inputs changed, merged; what the unchanged ones offer the memory;
        the unchanged ones with entries still waiting (and the memory digest they were filled with)."""
        records = self.state.catalogs.get(self.language, {})
        offered: dict[str, tuple[tuple[str, str], ...]] = {}
        catalogs: list[WorkingCatalog] = []
        unchanged_pending: list[tuple[Extracted, str]] = []
        for item in items:
            on_disk = self.on_disk[item.slug] = file_digest(self.config.catalog_path(self.language, item.slug))
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
        return catalogs, offered, unchanged_pending

    def warm_up(self) -> None:
        """Let an engine that takes time to start (Apertium loads its data) start now, off our path."""
        engine = self.step.engine
        if engine is not None and self.step.error is None and hasattr(engine, "warm_up"):
            engine.warm_up(self.config.source_language, self.language)

    def save_memory(self) -> None:
        """Add every reviewed translation seen in this run to the site memory (``_memory.po``)."""
        if update_memory(self.config, self.language, {m: s for m, (s, _) in self.reviews.items()}, self.timestamp):
            self.written.append(self.config.relative(memory_path(self.config, self.language)))

    def close(self) -> None:
        if self._contents is not None:
            self._contents.close()
        if self.step.engine is not None and hasattr(self.step.engine, "close"):
            self.step.engine.close()

    def prepare_new(self, chunk: Sequence[Extracted]) -> list[WorkingCatalog]:
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

    def _merge(self, item: Extracted) -> WorkingCatalog:
        return merged_catalog(self.config, item, self.language)

    def _fill(self, catalogs: list[WorkingCatalog]) -> int:
        """Exact reviewed matches first, then fuzzy ones above the site's threshold (still fuzzy)."""
        filled = fill_from_memory(catalogs, self.memory.exact)
        return filled + fill_from_fuzzy(catalogs, self.memory.fuzzy, self.config.fuzzy_threshold, self.language)

    def finish(self, catalogs: list[WorkingCatalog]) -> None:
        """Machine-translate what is still empty or changed, write each catalog that changed, record it."""
        if catalogs:
            prepared = self.prepare(catalogs)
            self.complete(prepared, self.ask(prepared))

    # finish() in three steps, so that translate() can run the engine on one chunk while it
    # prepares the next: prepare and complete on the main thread, ask on the engine's thread.

    def prepare(self, catalogs: list[WorkingCatalog]) -> Prepared:
        """Refresh the glossary hints and mask what the engine will get."""
        refresh_hints(catalogs, self.glossary, self.language)
        return Prepared(catalogs, self.step.plan(catalogs))

    def ask(self, prepared: Prepared) -> EngineAnswers | None:
        return self.step.ask(prepared.work, self.progress)

    def complete(self, prepared: Prepared, answers: EngineAnswers | None) -> None:
        """Apply the answers (spans restored), write each catalog that changed, record it."""
        if answers is not None and prepared.work is not None:
            self.step.apply(prepared.work, answers)
            show_matches(prepared.work.pending, self.memory.fuzzy)
            record_machine_outputs(self.step.engine, self.language, prepared.catalogs, prepared.work.pending)
            self._post_edit(prepared.work, answers)  # after the engine's own text is recorded: reviews compare with it
        self._write(prepared.catalogs)

    def _post_edit(self, work: EngineWork, answers: EngineAnswers) -> None:
        """Apply the corrections reviewers keep making (:mod:`i18n_pub.postedit`) to what the engine just wrote."""
        engine = self.step.engine
        if engine is None or not work.pending:
            return  # nothing the engine wrote: the reviews need not be read (a rerun reads no catalog)
        if self._corrections is None:
            records = self.state.catalogs.get(self.language, {}).items()
            unreviewed = {slug: r.digest for slug, r in records if r.digest and not r.reviewed}  # as last written
            self._corrections = corrections_for(self.config, self.language, engine.name, unreviewed)
        if self._corrections:
            apply_learned(work, answers, engine.name, self._corrections)

    def _write_files(self, catalogs: list[WorkingCatalog]) -> list[Outcome]:
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

    def _write(self, catalogs: list[WorkingCatalog]) -> None:
        for catalog, outcome in zip(catalogs, self._write_files(catalogs), strict=True):
            for msgid, msgstr in reviewed_pairs(catalog.merged):
                if self.reviews.get(msgid, (None, catalog.slug))[1] == catalog.slug:
                    self.reviews[msgid] = (msgstr, catalog.slug)
            pending = any(needs_translation(e) for e in live_entries(catalog.merged))
            record = CatalogRecord(
                inputs=digest_of(self.inputs, catalog.template_digest),
                digest=outcome.digest or file_digest(catalog.path),
                pending=pending,
                memory=self.memory.digest if pending else None,
                reviewed=reviewed_pairs(catalog.merged),
            )
            self.state.set_catalog(self.language, catalog.slug, record)
            if outcome.written and outcome.digest:  # publish reads these bytes without parsing them again
                self._contents = self._contents or ContentStore(self.config.cache_dir)
                self._contents.remember(self.language, catalog.slug, outcome.digest, catalog_content(outcome.merged))

    def result(self) -> LanguageResult:
        step = self.step
        return LanguageResult(self.language, self.name, tuple(self.written), self.from_memory, step.filled, step.error, step.lost)


def apply_learned(work: EngineWork, answers: EngineAnswers, engine_name: str, corrections: Sequence[Correction]) -> int:
    """Post-edit every entry the engine answered, its protected spans (restored as they are) left alone."""
    answered = [(text, m) for text, m in zip(work.texts, work.masked, strict=True) if m.text in answers.outputs]
    protected = {text: [span.target for span in m.spans] for text, m in answered}
    return sum(
        apply_to_entry(entry, engine_name, corrections, protected[entry.msgid]) for entry in work.pending if entry.msgid in protected
    )
