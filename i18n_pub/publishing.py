"""``publish``: catalogs → each language's feed documents, in two passes, so that memory does not grow with the site.

Pass 1 checks every source, then decides for each article of each language
whether it is published (its status, its date, its ``updated`` from the publish
record, :mod:`i18n_pub.published`) or held back, keeping that index on disk
(:mod:`i18n_pub.publish_index`: memory does not grow with the site); the
rendered entry goes into the publish cache (:class:`RenderCache`). Pass 2
streams each document (the subscription feed and the RFC 5005 archive pages,
:mod:`i18n_pub.archives`) from the cache, an entry at a time, into a temporary
file beside the target; the targets are replaced only when every document was
written, and only those whose bytes changed. The same catalogs and record always
give the same bytes.

Before anything is built, the site strings must be fit to publish: no ``check``
error in ``_site.po``, and no disclaimer that nobody reviewed unless the site
allows it (:mod:`i18n_pub.site_trust`).
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from i18n_pub import clock
from i18n_pub.archives import Paging, split
from i18n_pub.catalog import Status
from i18n_pub.catalog_content import ContentStore
from i18n_pub.catalog_read import read_catalog
from i18n_pub.config import Config
from i18n_pub.errors import I18nPubError
from i18n_pub.feed import Held, Policy, TranslatedArticle, as_datetime, translate_article
from i18n_pub.feed_document import FeedContext, article_url, disclaimer_text, entry_links, site_url, stream_document
from i18n_pub.fsutil import WriteBatch
from i18n_pub.publish_index import Planned, PublishIndex
from i18n_pub.published import Dating, Publication, entry_digest, iter_record, record_path, render_record
from i18n_pub.sentence_store import SentenceStore
from i18n_pub.site_strings import SiteStrings, read_site_strings
from i18n_pub.site_trust import check_site_strings, refuse_unreviewed_disclaimers
from i18n_pub.sources import Article, iter_articles, undated_warning
from i18n_pub.state import RenderCache, code_version, digest_of, file_digest


@dataclass(frozen=True)
class LanguagePlan:
    language: str
    items: Sequence[Planned]  # newest first, as the feed lists them: read from the index as they are used
    held: tuple[Held, ...]
    record: Callable[[], Iterator[tuple[str, Publication]]]  # the publish record to write, by slug
    warnings: tuple[str, ...] = ()  # about sources: an article without a date


@dataclass(frozen=True)
class PublishResult:
    language: str
    path: str
    published: tuple[str, ...]
    held: tuple[Held, ...]
    written: bool
    reviewed: int = 0
    machine: int = 0
    pages: int = 0  # archive pages
    pages_written: tuple[str, ...] = ()  # archive pages whose bytes changed
    warnings: tuple[str, ...] = ()


# What a cached entry is filed under changes with what it holds.
CACHE_FORMAT = 3


def plan_article(
    config: Config, article: Article, source_digest: str, language: str, policy: Policy, cache: RenderCache,
    sentences: SentenceStore, contents: ContentStore,
) -> tuple[str | None, TranslatedArticle | Held]:
    """One article in one language: its entry, filed in ``cache`` under the returned key, or why it is held back.

    An article whose source and catalog are byte for byte those of an earlier run
    takes that run's entry: no catalog parsed, nothing rendered. Otherwise its blocks
    map to sentences through ``sentences``, as translate split them, and a catalog
    translate wrote is read from ``contents``, not parsed.
    """
    if article.draft:
        return None, Held(article.slug, "a draft (draft: true or published: false in its front matter)")
    path = config.catalog_path(language, article.slug)
    catalog_digest = file_digest(path)
    if catalog_digest is None:
        return None, Held(article.slug, f"no catalog {config.relative(path)}: run i18n-pub translate -l {language}")
    key = digest_of("publish", CACHE_FORMAT, code_version(), language, policy.value, article.path, source_digest, catalog_digest)
    result = _from_cache(cache.get(key), language)
    if result is None:
        po = contents.content(language, article.slug, catalog_digest) or read_catalog(path, config.relative(path), language)
        # The original's page, as a folder: relative links and images are the page's own (a Hugo bundle's).
        base = article.link or article_url(config, config.source_language, article.slug) + "/"
        found = sentences.sentences_for(source_digest, article)
        result = translate_article(article, po, language, policy, found, base, sentences.slots(source_digest))
        cache.put(key, _to_cache(result))
    return key, result


@dataclass(frozen=True)
class _Pass1:
    """What pass 1 works with, besides the sources."""

    config: Config
    contexts: Mapping[str, FeedContext]  # every language with usable site strings
    policy: Policy
    now: datetime  # the time of this publish: an entry changed without a newer catalog date gets it


def plan_site(
    run: _Pass1, cache: RenderCache, sentences: SentenceStore, index: PublishIndex, contents: ContentStore
) -> dict[str, LanguagePlan]:
    """Pass 1: every source checked, and each article published or held back in each language.

    One source at a time, each parsed once for all languages; what is kept goes into ``index``
    (with the cache keys of the entries and the sources' SHA-256), the publish record as read already in it.
    """
    held: dict[str, list[Held]] = {language: [] for language in run.contexts}
    dating = {language: Dating(index.recorded(language), run.now, index.taken(language)) for language in run.contexts}
    warnings: list[str] = []
    config = run.config
    for article, digest in iter_articles(config.sources_dir, config.relative, config.front_matter, index.sources()):
        index.add_digest(digest)
        if article.date is None and not article.draft:
            warnings.append(undated_warning(article))
        results: dict[str, tuple[str, TranslatedArticle]] = {}
        for language in run.contexts:
            key, result = plan_article(run.config, article, digest, language, run.policy, cache, sentences, contents)
            if key is not None:
                index.use(key)
            if isinstance(result, Held):
                held[language].append(result)
            elif key is not None:
                results[language] = (key, result)
        for language, (key, item) in results.items():
            publication = _publication(run.config, run.contexts[language], item, results, dating[language])
            order = as_datetime(item.date) if item.date is not None else item.updated
            index.add(language, Planned(item.slug, key, order, publication.updated, item.status, item.engine), publication)
    index.rank()
    return {
        language: LanguagePlan(
            language,
            index.items(language),
            tuple(sorted(held[language], key=lambda h: h.slug)),  # the order of the sources' slugs
            functools.partial(index.record, language),  # held back: its record stays
            tuple(warnings),
        )
        for language in run.contexts
    }


def _publication(config: Config, context: FeedContext, item: TranslatedArticle, published_in: Iterable[str], dating: Dating) -> Publication:
    """What the entry shows (its digest) and its ``updated``, given what was recorded."""
    links = entry_links(config, context.language, item, published_in)
    digest = entry_digest(item, disclaimer_text(config, context.strings, item), links, config.feed.disclaimer)
    return dating.publication(item.slug, digest, context.entry_updated(item))


def _to_cache(result: TranslatedArticle | Held) -> dict[str, Any]:
    if isinstance(result, Held):
        return {"held": result.reason, "slug": result.slug}
    return {
        "slug": result.slug, "date": result.date.isoformat() if result.date else None, "author": result.author, "tags": list(result.tags),
        "title": result.title, "summary": result.summary, "html": result.html, "status": result.status.value,
        "engine": result.engine, "updated": result.updated.isoformat(), "original": result.original,
    }  # fmt: skip


def _from_cache(value: dict[str, Any] | None, language: str) -> TranslatedArticle | Held | None:
    """The cached result, or None when there is none or it cannot be read (it is rendered again)."""
    if value is None:
        return None
    try:
        return _cached_result(value, language)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # a damaged row costs a render, never a failed publish


def _cached_result(value: dict[str, Any], language: str) -> TranslatedArticle | Held:
    if "held" in value:
        return Held(value["slug"], value["held"])
    when = value["date"]  # a date-time has a "T" in ISO 8601, a date does not
    day = None if when is None else datetime.fromisoformat(when) if "T" in when else date.fromisoformat(when)
    return TranslatedArticle(
        slug=value["slug"], date=day,
        author=value["author"], tags=tuple(value["tags"]), language=language, title=value["title"],
        summary=value["summary"], html=value["html"], status=Status(value["status"]), engine=value["engine"],
        updated=datetime.fromisoformat(value["updated"]), original=value["original"],
    )  # fmt: skip


def _entries(cache: RenderCache, language: str, items: Iterable[Planned]) -> Iterator[tuple[TranslatedArticle, datetime]]:
    """Pass 2's input: each published entry read back from the cache, one at a time, with its ``updated``."""
    for planned in items:
        item = _from_cache(cache.get(planned.key), language)
        if not isinstance(item, TranslatedArticle):  # pass 1 of this very run stored it
            raise RuntimeError(f"the publish cache lost the entry of {planned.slug} ({language})")
        yield item, planned.updated


Documents = list[tuple[Path, Iterator[bytes]]]  # the subscription feed first, then archive pages 1..n


def _documents(context: FeedContext, plan: LanguagePlan, paging: Paging, cache: RenderCache) -> Documents:
    """Each document of one language: its path and its bytes, produced only when read."""
    current, archived = split(plan.items, context.config.feed.page_size)
    pages = paging.pages(len(archived))
    paths = [paging.feed_path, *(paging.page_path(page.number) for page in pages[1:])]
    return [
        (path, stream_document(context, context.newest(i.updated for i in items), page, _entries(cache, plan.language, items)))
        for path, page, items in zip(paths, pages, [current, *archived], strict=True)
    ]


def _string_sets(config: Config, languages: Sequence[str], policy: Policy) -> dict[str, SiteStrings]:
    strings: dict[str, SiteStrings] = {}
    for language in config.languages:
        try:
            strings[language] = read_site_strings(config, language, reviewed_only=policy is Policy.REVIEWED)
        except I18nPubError:
            if language in languages:
                raise
            continue  # a language without usable site strings publishes nothing
    for language in languages:
        check_site_strings(config, language)
    return strings


def _publishing(
    config: Config, languages: Sequence[str], policy: Policy, out: Path | None,
    take: Callable[[LanguagePlan, Paging, Documents], object],
) -> None:
    """Pass 1 (the other languages too, for the hreflang links), then hand ``take`` each requested language's documents."""
    strings = _string_sets(config, languages, policy)
    cache = RenderCache(config.cache_dir)
    sentences = SentenceStore(config.cache_dir)
    contents = ContentStore(config.cache_dir)  # only read: translate writes it
    index = PublishIndex()
    try:
        for language in strings:
            index.add_recorded(language, iter_record(config, language))
        contexts = {language: FeedContext.of(config, language, strings[language], None) for language in strings}
        plans = plan_site(_Pass1(config, contexts, policy, clock.now()), cache, sentences, index, contents)
        for language in languages:
            refuse_unreviewed_disclaimers(config, strings[language], plans[language].items)
        translations = index.published_in(list(strings))
        for language in languages:
            context = FeedContext.of(config, language, strings[language], translations)
            inside = config.inside if out is None else (lambda path: path)  # --out: the folder the user names
            paging = Paging(language, out if out is not None else config.output_dir, site_url(config, "feeds"), inside)
            take(plans[language], paging, _documents(context, plans[language], paging, cache))
        cache.close(keep=index.used_keys())
        sentences.close(keep=index.digests())
    except BaseException:
        cache.close()  # keeps what was rendered; the run stopped before it saw every article
        sentences.close()
        raise
    finally:
        contents.close()
        index.close()


def publish_all(config: Config, languages: Sequence[str], policy: Policy = Policy.MACHINE, out: Path | None = None) -> list[PublishResult]:
    """Stream every requested document to a temporary file, then put in place each one that changed, and the record.

    Nothing is replaced unless every document was written: a failure leaves every old file as it was.
    Archive pages beyond the last one (the site shrank) are removed afterwards.
    """
    results: list[PublishResult] = []
    stale: list[Path] = []

    def take(plan: LanguagePlan, paging: Paging, documents: Documents) -> None:
        written = [path for path, chunks in documents if batch.write_stream_if_changed(path, chunks)]
        batch.write_stream_if_changed(record_path(config, plan.language), render_record(plan.record()))
        counts = collections.Counter(item.status for item in plan.items)
        stale.extend(paging.stale_pages(len(documents) - 1))
        results.append(
            PublishResult(
                language=plan.language,
                path=config.relative(paging.feed_path),
                published=tuple(item.slug for item in plan.items),
                held=plan.held,
                written=paging.feed_path in written,
                reviewed=counts[Status.REVIEWED],
                machine=counts[Status.MACHINE],
                pages=len(documents) - 1,
                pages_written=tuple(config.relative(path) for path in written if path != paging.feed_path),
                warnings=plan.warnings,
            )
        )

    with WriteBatch() as batch:
        _publishing(config, languages, policy, out, take)
    for path in stale:
        path.unlink(missing_ok=True)
    return results
