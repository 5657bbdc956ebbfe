"""The engine step: what is still empty or changed goes to the machine translation engine, masked; its
answers come back with the protected spans restored, fuzzy, saying which engine wrote them.

Three steps, so that translate can run the engine on one chunk while it prepares the next:
:meth:`EngineStep.plan` and :meth:`EngineStep.apply` on the main thread, :meth:`EngineStep.ask` on
the engine's. Articles and site strings both go through :class:`EngineStep`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import polib

from i18n_pub import morph
from i18n_pub.catalog import FUZZY, Status, entry_status, live_entries
from i18n_pub.catalog_work import WorkingCatalog, keep_previous_translation, needs_translation
from i18n_pub.engines import Answer, Engine, unknown_words
from i18n_pub.errors import EngineError
from i18n_pub.headline import for_engine, headline_case, is_headline, proper_nouns
from i18n_pub.masking import Masked, Protection, shape_for
from i18n_pub.po_comments import TM_PREFIX, comment_lines, glossary_lines, mt_comment, set_comment_lines, without_mt_line
from i18n_pub.postedit import without_learned_lines
from i18n_pub.textsafe import scrub

NO_PROTECTION = Protection()  # the default: nothing masked, no hooks (frozen, so one shared value is safe)


class Progress(Protocol):
    """What a long machine translation run reports: the CLI draws a bar or prints lines."""

    def start(self, language: str, engine: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def finish(self) -> None: ...


@dataclass(frozen=True)
class EngineWork:
    """What one batch of catalogs asks the engine, prepared before the engine runs (masking included)."""

    pending: tuple[polib.POEntry, ...]  # the entries to fill
    texts: tuple[str, ...]  # their unique source texts
    masked: tuple[Masked, ...]  # each text as the engine gets it, protected spans masked
    headlines: frozenset[str]  # texts sent in sentence case, put back in headline case after
    protection: Protection = NO_PROTECTION  # what masked them, and restores the answers

    @property
    def requests(self) -> list[str]:
        """The unique masked texts, in order: what the engine is asked."""
        return list(dict.fromkeys(m.text for m in self.masked))


@dataclass(frozen=True)
class EngineAnswers:
    """The engine's answers to an :class:`EngineWork`, by masked text, and its failure if it failed."""

    outputs: Mapping[str, Answer]
    failure: EngineError | None = None


class EngineStep:
    """One language's engine for a run: plan, ask, apply, counting what it filled and lost.

    After a failure the engine is not asked again in the run; the answers it gave are applied.
    """

    def __init__(self, engine: Engine | None, source: str, target: str, protection: Protection = NO_PROTECTION) -> None:
        self.engine = engine
        self.source = source
        self.target = target
        self.protection = protection
        self.error: EngineError | None = None
        self.filled = self.lost = 0

    def plan(self, catalogs: Sequence[WorkingCatalog], protection: Protection | None = None) -> EngineWork | None:
        """What to ask for ``catalogs`` (``protection``: instead of the step's); None when nothing will be asked."""
        if self.engine is None or self.error is not None:
            return None
        return plan_engine_work(catalogs, self.engine, self.target, protection or self.protection)

    def ask(self, work: EngineWork | None, progress: Progress | None = None) -> EngineAnswers | None:
        """The engine's answers (the only step that waits for it); a failure is kept in :attr:`error`."""
        if work is None or self.engine is None or self.error is not None:
            return None
        answers = ask_for(work, self.engine, self.source, self.target, progress)
        self.error = answers.failure
        return answers

    def apply(self, work: EngineWork | None, answers: EngineAnswers | None) -> None:
        if work is not None and answers is not None and self.engine is not None:
            filled, lost = apply_answers(work, answers, self.engine.name, self.target)
            self.filled += filled
            self.lost += lost


def plan_engine_work(
    catalogs: Sequence[WorkingCatalog], engine: Engine, target: str, protection: Protection = NO_PROTECTION
) -> EngineWork:
    """Every entry still empty or changed (and each catalog's ``stale`` machine entries), its text masked for ``engine``."""
    by_catalog = [(catalog, _pending(catalog)) for catalog in catalogs]
    pending = [entry for _, entries in by_catalog for entry in entries]
    texts = list(dict.fromkeys(entry.msgid for entry in pending))
    if texts and protection.rewrites:
        morph.prepare(texts, "en")  # the possessive and headline rules read English words: one lt-proc for the batch
    sent = _headlines_for_engine(by_catalog, protection, target)
    masked = [protection.mask(sent.get(text, text), target, shape_for(engine)) for text in texts]
    return EngineWork(tuple(pending), tuple(texts), tuple(masked), frozenset(sent), protection)


def _pending(catalog: WorkingCatalog) -> list[polib.POEntry]:
    def wanted(entry: polib.POEntry) -> bool:
        stale = (entry.msgctxt, entry.msgid) in catalog.stale and entry_status(entry) is Status.MACHINE
        return stale or needs_translation(entry)

    return [entry for entry in live_entries(catalog.merged) if wanted(entry)]


def ask_for(work: EngineWork, engine: Engine, source: str, target: str, progress: Progress | None = None) -> EngineAnswers:
    """Run the engine over ``work``: the only step that waits for it (and the only one off the main thread)."""
    requests = work.requests
    if not requests:
        return EngineAnswers({})
    return EngineAnswers(*ask_engine(engine, requests, source, target, progress))


def apply_answers(
    work: EngineWork, answers: EngineAnswers, engine_name: str, target: str
) -> tuple[int, int]:
    """Restore the protected spans in every answer and write it into its entries. Returns entries filled and spans lost.

    When the engine failed part way (``answers.failure``), every answer it gave is still applied
    and the rest stays as it was.
    """
    outputs, protection = answers.outputs, work.protection
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


def _headlines_for_engine(
    by_catalog: Sequence[tuple[WorkingCatalog, Sequence[polib.POEntry]]], protection: Protection, target: str
) -> dict[str, str]:
    """Headline text → what the engine gets instead (see :func:`engine_text`)."""
    sent: dict[str, str] = {}
    for catalog, pending in by_catalog:  # each headline keeps the names of its own article's body
        headlines = {entry.msgid: entry.msgctxt for entry in pending if is_headline(entry.msgid, entry.msgctxt)}
        if headlines:
            names = headline_names(live_entries(catalog.merged))
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


def apply_machine_translation(
    entry: polib.POEntry, text: str, engine: str, notes: Iterable[str] = (), unknown: Sequence[str] = ()
) -> None:
    """Machine output is always fuzzy and says which engine wrote it, and which words it did not know."""
    lines = keep_previous_translation(entry, comment_lines(entry))
    lines = [line for line in glossary_lines(without_mt_line(lines))[0] if not line.startswith(TM_PREFIX)]
    lines = without_learned_lines(lines)  # the corrections of an older machine text
    set_comment_lines(entry, [mt_comment(engine, unknown), *notes, *lines])
    entry.msgstr = scrub(text)  # an engine's output is outside input: no control characters, no lone surrogates
    if FUZZY not in entry.flags:
        entry.flags.append(FUZZY)
