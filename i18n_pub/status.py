"""What is left to do per language and article: the numbers behind ``i18n-pub status``.

Counts follow the sources as they are now, the way ``publish`` reads them: a
sentence of the source that its catalog lacks (a new article, or an edit not yet
merged by ``translate``) counts as untranslated, and an entry the source no
longer has does not count. Building the report reads files and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import polib
from rich.table import Table

from i18n_pub.blocks import segment_article
from i18n_pub.cache import read_machine_outputs
from i18n_pub.catalog import Key, Status, entry_status, live_entries
from i18n_pub.catalog_read import read_catalog
from i18n_pub.config import Config
from i18n_pub.po_comments import machine_unknown
from i18n_pub.reviews import Effort, Reviewed, effort, reviewed_pairs
from i18n_pub.sources import Article

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class CatalogStats:
    segments: int
    reviewed: int
    machine: int
    changed: int
    untranslated: int
    words_left: int
    unknown_words: int = 0  # words the engine did not know, in machine output not yet reviewed (# mt: …; unknown: …)

    @property
    def publishable(self) -> bool:
        return self.segments > 0 and self.changed == 0 and self.untranslated == 0

    @property
    def fully_reviewed(self) -> bool:
        return self.segments > 0 and self.reviewed == self.segments


def count_statuses(segments: Iterable[tuple[str, Status]]) -> CatalogStats:
    """Counts of (source text, status) pairs; every word of a segment not yet reviewed is a word left.

    >>> count_statuses([("Two words", Status.REVIEWED), ("Three more words", Status.MACHINE)])
    CatalogStats(segments=2, reviewed=1, machine=1, changed=0, untranslated=0, words_left=3, unknown_words=0)
    """
    counts = {status: 0 for status in Status}
    words_left = 0
    for text, status in segments:
        counts[status] += 1
        if status is not Status.REVIEWED:
            words_left += len(text.split())
    return CatalogStats(
        segments=sum(counts.values()),
        reviewed=counts[Status.REVIEWED],
        machine=counts[Status.MACHINE],
        changed=counts[Status.CHANGED],
        untranslated=counts[Status.UNTRANSLATED],
        words_left=words_left,
    )


@dataclass(frozen=True)
class ArticleStatus:
    slug: str
    catalog: str  # the catalog's path relative to the site
    exists: bool  # False: no catalog yet, every segment counts as untranslated
    stats: CatalogStats
    draft: bool = False  # draft: true / published: false: publish holds it back whatever its catalog

    @property
    def publishable(self) -> bool:
        return self.stats.publishable and not self.draft


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    articles: tuple[ArticleStatus, ...]
    effort: tuple[Effort, ...] = ()  # per engine: how much reviewers changed its output

    @property
    def totals(self) -> CatalogStats:
        return _sum(a.stats for a in self.articles)

    @property
    def publishable(self) -> int:
        return sum(a.publishable for a in self.articles)

    @property
    def fully_reviewed(self) -> int:
        return sum(a.stats.fully_reviewed for a in self.articles)


def _sum(stats: Iterable[CatalogStats]) -> CatalogStats:
    stats = list(stats)
    return CatalogStats(
        **{name: sum(getattr(s, name) for s in stats) for name in CatalogStats.__dataclass_fields__}
    )


def article_stats(article: Article, po: polib.POFile | None) -> CatalogStats:
    """Each distinct sentence of the source, with the status of its catalog entry (untranslated if none)."""
    entries: dict[Key, polib.POEntry] = {(e.msgctxt, e.msgid): e for e in live_entries(po)} if po is not None else {}
    keys = dict.fromkeys((s.context, s.text) for s in segment_article(article))
    stats = count_statuses((key[1], entry_status(entries[key]) if key in entries else Status.UNTRANSLATED) for key in keys)
    machine = [entries[key] for key in keys if key in entries and entry_status(entries[key]) is Status.MACHINE]
    return replace(stats, unknown_words=sum(len(machine_unknown(entry)) for entry in machine))


def collect_status(config: Config, articles: Sequence[Article], languages: Sequence[str]) -> tuple[LanguageStatus, ...]:
    report = []
    for language in languages:
        rows = []
        outputs = read_machine_outputs(config.cache_dir, language)
        pairs: list[Reviewed] = []
        for article in articles:
            path = config.catalog_path(language, article.slug)
            label = config.relative(path)
            po = read_catalog(path, label) if path.exists() else None
            rows.append(ArticleStatus(article.slug, label, po is not None, article_stats(article, po), article.draft))
            pairs += reviewed_pairs(po, article.slug, outputs) if po is not None and outputs else []
        report.append(LanguageStatus(language, tuple(rows), effort(pairs)))
    return tuple(report)


def _counts(stats: CatalogStats) -> dict[str, int]:
    return {name: getattr(stats, name) for name in CatalogStats.__dataclass_fields__}


def status_document(report: Sequence[LanguageStatus]) -> dict[str, Any]:
    """The ``status --json`` document; its shape is ``i18n_pub/schemas/status.schema.json``."""
    return {
        "version": SCHEMA_VERSION,
        "languages": {
            lang.language: {
                a.slug: {
                    **_counts(a.stats),
                    "publishable": a.publishable,
                    "fully_reviewed": a.stats.fully_reviewed,
                    "catalog": a.catalog,
                    "exists": a.exists,
                }
                for a in lang.articles
            }
            for lang in report
        },
        "effort": {
            lang.language: {
                e.engine: {"reviewed": e.entries, "changed_characters": e.changed, "characters": e.length, "share": round(e.share, 4)}
                for e in lang.effort
            }
            for lang in report
        },
        "totals": {
            lang.language: {
                "articles": len(lang.articles),
                "publishable_articles": lang.publishable,
                "reviewed_articles": lang.fully_reviewed,
                **_counts(lang.totals),
            }
            for lang in report
        },
    }


# --- tables for people ----------------------------------------------------------

_COLUMNS = ("segments", "reviewed", "machine", "changed", "untranslated", "words left", "unknown words")


def _row(stats: CatalogStats) -> list[str]:
    values = (stats.segments, stats.reviewed, stats.machine, stats.changed, stats.untranslated, stats.words_left, stats.unknown_words)
    return [str(v) for v in values]


def language_table(report: Sequence[LanguageStatus]) -> Table:
    """One row per language; ``publishable`` counts the articles publish would include."""
    table = Table()
    for name in ("language", "articles", *_COLUMNS, "publishable"):
        table.add_column(name, justify="left" if name == "language" else "right")
    for lang in report:
        table.add_row(lang.language, str(len(lang.articles)), *_row(lang.totals), f"{lang.publishable}/{len(lang.articles)}")
    return table


def article_table(lang: LanguageStatus) -> Table:
    table = Table()
    for name in ("article", *_COLUMNS, "publishable"):
        table.add_column(name, justify="left" if name == "article" else "right")
    for a in lang.articles:
        slug = a.slug if a.exists else f"{a.slug} (no catalog)"
        verdict = "no (draft)" if a.draft else "reviewed" if a.stats.fully_reviewed else "yes" if a.stats.publishable else "no"
        table.add_row(slug, *_row(a.stats), verdict)
    return table


def effort_table(report: Sequence[LanguageStatus]) -> Table | None:
    """Per language and engine: how much reviewers changed the machine output they reviewed."""
    if not any(lang.effort for lang in report):
        return None
    table = Table()
    for name in ("language", "engine", "reviewed", "characters changed", "effort"):
        table.add_column(name, justify="left" if name in ("language", "engine") else "right")
    for lang in report:
        for e in lang.effort:
            table.add_row(lang.language, e.engine, str(e.entries), f"{e.changed} of {e.length}", f"{100 * e.share:.1f}%")
    return table
