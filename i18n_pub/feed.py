"""Catalogs → one Atom 1.0 feed per language (RFC 4287), built with lxml.

Two passes, so that memory does not grow with the site. Pass 1 checks every
source, then decides for each article of each language whether it is published
(and its status, its ``updated``, its date) or held back, keeping only that small
index; the rendered entry goes into the publish cache (:class:`RenderCache`).
Pass 2 streams each feed from the cache, an entry at a time, into a temporary
file beside the target; the targets are replaced only when every feed was
written, and only those whose bytes changed. The same catalogs always give the
same bytes: every date comes from the sources or from a catalog's
``PO-Revision-Date``, never from the clock.

Translation metadata goes into the ``i18n`` extension namespace (schema:
``i18n_pub/schemas/i18n-pub-feed.rng``), shaped for feedparser, which drops the
text of an extension element that has attributes: the disclaimer is text only,
the status, engine and source are attributes only.
"""

from __future__ import annotations

import collections
import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path

import babel
import polib
from lxml import etree
from markdown_it import MarkdownIt

from i18n_pub import site_strings, xmlsafe
from i18n_pub.textsafe import balance_bidi
from i18n_pub.catalog import REVISION_DATE, Status, entry_status, live_entries, machine_engine, read_catalog
from i18n_pub.config import Config
from i18n_pub.errors import CatalogError, I18nPubError
from i18n_pub.fsutil import WriteBatch
from i18n_pub.segment import SUMMARY_CONTEXT, TITLE_CONTEXT, split_block
from i18n_pub.sentence_store import Sentences, SentenceStore
from i18n_pub.site_strings import SiteStrings, read_site_strings
from i18n_pub.sources import Article, inline_tokens, iter_articles, undated_warning
from i18n_pub.state import RenderCache, code_version, digest_of, file_digest

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
I18N = "https://i18n-pub.org/ns/translation/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NSMAP = {None: ATOM, "i18n": I18N}
SCHEMA = "i18n-pub-feed.rng"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
LINK_SCHEMES = ("http", "https", "mailto")


class Policy(enum.Enum):
    MACHINE = "machine"  # every fully translated article, machine translation included, with its disclaimer
    REVIEWED = "reviewed"  # only articles whose every segment a translator reviewed


@dataclass(frozen=True)
class TranslatedArticle:
    """Everything one feed entry shows (what the publish cache keeps per article and language)."""

    slug: str
    date: date | datetime | None  # the source's (None: it gives none, and the entry has no published)
    author: str | None
    tags: tuple[str, ...]
    language: str
    title: str
    summary: str | None
    html: str  # the body as XHTML fragment text
    status: Status  # REVIEWED or MACHINE (not fully reviewed)
    engine: str | None  # the engine that wrote most machine segments, if any
    updated: datetime  # the catalog's PO-Revision-Date


@dataclass(frozen=True)
class Held:
    slug: str
    reason: str


@dataclass(frozen=True)
class Planned:
    """What pass 1 keeps of a published article: enough to order, date and count the feed's entries."""

    slug: str
    key: str  # of its entry in the publish cache
    order: datetime  # its date
    updated: datetime
    status: Status


@dataclass(frozen=True)
class LanguagePlan:
    language: str
    items: tuple[Planned, ...]  # newest first, as the feed lists them
    held: tuple[Held, ...]
    warnings: tuple[str, ...] = ()  # about sources: an article without a date


@dataclass(frozen=True)
class LanguageFeed:
    language: str
    path: Path
    items: tuple[Planned, ...]
    held: tuple[Held, ...]
    data: bytes


@dataclass(frozen=True)
class PublishResult:
    language: str
    path: str
    published: tuple[str, ...]
    held: tuple[Held, ...]
    written: bool
    reviewed: int = 0
    machine: int = 0
    warnings: tuple[str, ...] = ()


class _Missing(CatalogError):
    """A sentence of the source that the catalog lacks: the article is held back, not an error of the run."""


# --- text that XML can carry ----------------------------------------------------

# Not allowed in XML 1.0 (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF) or control
# characters that have no business in a news feed (DEL, C1).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text with every character XML 1.0 forbids (and every control character) removed.

    >>> xml_text("a\\x00b\\x1bc\\ud800d\\te")
    'abcd\\te'
    """
    return _NOT_XML.sub("", text)


# --- the body: Markdown → XHTML ------------------------------------------------------


def safe_link(url: str) -> bool:
    """Only http, https and mailto targets become links; anything else stays text.

    >>> [safe_link(u) for u in ("https://x.org", "MAILTO:a@b.org", "javascript:alert(1)", " java\\tscript:x", "/relative", "data:x")]
    [True, True, False, False, False, False]
    """
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return bool(match) and match.group(1).lower() in LINK_SCHEMES


@lru_cache(maxsize=1)
def publishing_parser() -> MarkdownIt:
    """CommonMark without raw HTML (it stays text and gets escaped), links limited by :func:`safe_link`."""
    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": True})
    md.validateLink = safe_link
    # Only the translations' inline text is ever rendered, so the source's is not parsed at all (the block
    # structure, link reference definitions included, is): render_translated_body parses each translation.
    md.core.ruler.disable(["inline"])
    return md


@lru_cache(maxsize=4096)
def _sentences(text: str, context: str | None) -> tuple[str, ...]:
    """The source sentences of a block: the same for every language, so split once."""
    return tuple(segment.text for segment in split_block(text, 0, context))


def _translate_text(text: str, context: str | None, table: Mapping, sentences: Sentences | None = None) -> str:
    """The block's sentences looked up in ``table``; ``sentences`` holds the blocks translate already split."""
    known = sentences.get((context, text)) if sentences is not None else None
    parts = []
    for sentence in known if known is not None else _sentences(text, context):
        try:
            parts.append(table[(context, sentence)])
        except KeyError:
            raise _Missing(sentence) from None
    return " ".join(parts)


def render_translated_body(article: Article, table: Mapping, sentences: Sentences | None = None) -> str:
    """The article body as an XHTML fragment, every text block replaced by its translation."""
    md = publishing_parser()
    env: dict = {}
    tokens = md.parse(article.body, env)  # env keeps the source's link reference definitions
    for token in inline_tokens(tokens):  # the text blocks
        token.content = xml_text(_translate_text(token.content, None, table, sentences))
    for token in tokens:
        if token.type != "inline":
            continue
        token.children = []
        md.inline.parse(token.content, md, env, token.children)
        for child in token.children:  # what the core's text_join rule does after a full parse
            if child.type == "text_special":
                child.type = "text"
    return xml_text(md.renderer.render(tokens, md.options, env))


_BLOCKS = {f"{{{XHTML}}}{name}" for name in ("div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre")}


def xhtml_div(html: str, rtl: bool = False) -> etree._Element:
    """The ``content type="xhtml"`` wrapper; right to left puts ``dir="rtl"`` on it and on every block in it.

    (feedparser hands out what is inside the wrapper, so the blocks carry ``dir`` themselves.)
    """
    div = xmlsafe.parse_bytes(f'<div xmlns="{XHTML}">{html}</div>'.encode("utf-8"))
    for element in div.iter():  # no text node leaves a bidi override or isolate open for what follows it
        element.text = balance_bidi(element.text) if element.text else element.text
        element.tail = balance_bidi(element.tail) if element.tail else element.tail
    if rtl:
        for element in div.iter(*_BLOCKS):
            element.set("dir", "rtl")
    return div


def is_rtl(language: str) -> bool:
    """
    >>> is_rtl("ar"), is_rtl("fr")
    (True, False)
    """
    return babel.Locale.parse(language, sep="-").text_direction == "rtl"


# --- catalogs → translated articles ---------------------------------------------------


def _translations(po: polib.POFile) -> tuple[dict, collections.Counter, collections.Counter]:
    found: dict = {}
    statuses: collections.Counter = collections.Counter()
    engines: collections.Counter = collections.Counter()
    for entry in live_entries(po):
        status = entry_status(entry)
        statuses[status] += 1
        if status in (Status.REVIEWED, Status.MACHINE):
            found[(entry.msgctxt, entry.msgid)] = entry.msgstr
            if status is Status.MACHINE and machine_engine(entry):
                engines[machine_engine(entry)] += 1
    return found, statuses, engines


def translate_article(
    article: Article, po: polib.POFile, language: str, policy: Policy = Policy.MACHINE, sentences: Sentences | None = None
) -> TranslatedArticle | Held:
    """The article in ``language``, or why it is held back. ``sentences``: its blocks as translate split them, if known."""
    table, statuses, engines = _translations(po)
    reasons = []
    if statuses[Status.UNTRANSLATED]:
        reasons.append(f"{statuses[Status.UNTRANSLATED]} segment(s) untranslated")
    if statuses[Status.CHANGED]:
        reasons.append(f"{statuses[Status.CHANGED]} segment(s) translate an older English text")
    if reasons:
        return Held(article.slug, ", ".join(reasons))
    if policy is Policy.REVIEWED and statuses[Status.MACHINE]:
        return Held(article.slug, f"{statuses[Status.MACHINE]} segment(s) not reviewed (--policy reviewed)")
    try:
        title = _translate_text(article.title, TITLE_CONTEXT, table, sentences)
        summary = _translate_text(article.summary, SUMMARY_CONTEXT, table, sentences) if article.summary else None
        html = render_translated_body(article, table, sentences)
    except _Missing as missing:
        return Held(article.slug, f"the catalog lacks {str(missing)[:60]!r}: run i18n-pub translate -l {language}")
    reviewed = statuses[Status.MACHINE] == 0
    # The engine that wrote the most segments (ties: by name), so the same catalogs name the same engine.
    engine = None if reviewed or not engines else min(engines, key=lambda name: (-engines[name], name))
    return TranslatedArticle(
        slug=article.slug,
        date=article.date,
        author=article.author,
        tags=article.tags,
        language=language,
        title=xml_text(title),
        summary=xml_text(summary) if summary is not None else None,
        html=html,
        status=Status.REVIEWED if reviewed else Status.MACHINE,
        engine=engine,
        updated=po_date(po.metadata.get(REVISION_DATE, "")) or _fallback_updated(article, po),
    )


def _fallback_updated(article: Article, po: polib.POFile) -> datetime:
    """``updated`` for a catalog without a revision date: the source's date, else the template's."""
    if article.date is not None:
        return as_datetime(article.date)
    return po_date(po.metadata.get("POT-Creation-Date", "")) or EPOCH


def po_date(value: str) -> datetime | None:
    """A gettext header date in UTC, or None when it is not one.

    >>> po_date("2021-04-02 11:12+0200").isoformat()
    '2021-04-02T09:12:00+00:00'
    >>> po_date("YEAR-MO-DA HO:MI+ZONE") is None
    True
    """
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M%z").astimezone(timezone.utc)
    except ValueError:
        return None


def as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)


def rfc3339(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- the feed ----------------------------------------------------------------------


def site_url(config: Config, *parts: str) -> str:
    base = (config.feed.base_url or "https://example.invalid").rstrip("/")
    return "/".join([base, *parts])


def article_url(config: Config, language: str, slug: str) -> str:
    """Where the website shows an article: the original at ``<base>/<slug>``, a translation at ``<base>/<lang>/<slug>``."""
    return site_url(config, slug) if language == config.source_language else site_url(config, language, slug)


def disclaimer_text(config: Config, strings: SiteStrings, item: TranslatedArticle) -> str:
    if item.status is Status.REVIEWED:
        kind = site_strings.NOTICE_REVIEWED
    else:
        kind = site_strings.DISCLAIMER_MACHINE if item.engine else site_strings.DISCLAIMER_UNREVIEWED
    original = article_url(config, config.source_language, item.slug)
    # An undated original: the disclaimer's "published on" falls back to the translation's date.
    published = item.date if item.date is not None else item.updated
    return xml_text(strings.disclaimer(kind, engine=item.engine, original_url=original, published=published))


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = balance_bidi(text)
    return element


def _atom(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _i18n(tag: str) -> str:
    return f"{{{I18N}}}{tag}"


@dataclass(frozen=True)
class _FeedContext:
    """What every entry of one language's feed is built with."""

    config: Config
    language: str
    strings: SiteStrings
    translations: Mapping[str, Sequence[str]]  # slug → the languages it is published in
    site_updated: datetime | None  # the site strings' PO-Revision-Date
    rtl: bool

    @classmethod
    def of(cls, config: Config, language: str, strings: SiteStrings, translations: Mapping[str, Sequence[str]] | None) -> _FeedContext:
        return cls(config, language, strings, translations or {}, po_date(strings.updated), is_rtl(language))

    def newest(self, updated: Iterable[datetime]) -> datetime:
        """The feed's ``updated``: its newest entry's, or the site strings' when it has none."""
        return max((self.entry_updated(value) for value in updated), default=self.site_updated or EPOCH)

    def entry_updated(self, updated: datetime) -> datetime:
        """The last change of what an entry shows: its catalog, or the site strings (the disclaimer) if later."""
        return max(updated, self.site_updated) if self.site_updated else updated


def build_feed(
    config: Config,
    language: str,
    items: Sequence[TranslatedArticle],
    strings: SiteStrings,
    translations: Mapping[str, Sequence[str]] | None = None,
) -> etree._Element:
    """The Atom feed of one language as one tree. ``translations`` maps a slug to the other languages it is published in."""
    context = _FeedContext.of(config, language, strings, translations)
    feed = _feed_head(context, context.newest(item.updated for item in items))
    for item in items:
        _add_entry(feed, context, item)
    return feed


def _feed_head(context: _FeedContext, newest: datetime) -> etree._Element:
    """The feed element with everything but its entries."""
    config, language, strings = context.config, context.language, context.strings
    feed = etree.Element(_atom("feed"), nsmap=NSMAP)
    feed.set(XML_LANG, language)
    _sub(feed, _atom("id"), site_url(config, language, ""))
    _sub(feed, _atom("title"), xml_text(strings.title))
    _sub(feed, _atom("subtitle"), xml_text(strings.subtitle))
    _sub(feed, _atom("updated"), rfc3339(newest))
    _sub(feed, _atom("link"), rel="self", type="application/atom+xml", href=site_url(config, "feeds", f"{language}.xml"))
    _sub(feed, _atom("link"), rel="alternate", type="text/html", hreflang=language, href=site_url(config, language, ""))
    author = _sub(feed, _atom("author"))
    _sub(author, _atom("name"), xml_text(strings.organization))
    return feed


def _add_entry(feed: etree._Element, context: _FeedContext, item: TranslatedArticle) -> None:
    config, language, slug = context.config, context.language, item.slug
    entry = _sub(feed, _atom("entry"))
    _sub(entry, _atom("id"), article_url(config, language, slug))
    _sub(entry, _atom("title"), item.title)
    if item.date is not None:  # Atom allows an entry without one
        _sub(entry, _atom("published"), rfc3339(as_datetime(item.date)))
    _sub(entry, _atom("updated"), rfc3339(context.entry_updated(item.updated)))
    # The original, every other published translation, and this language last (feedparser's entry.link).
    others = sorted(code for code in context.translations.get(slug, ()) if code != language)
    for code in (config.source_language, *others, language):
        _sub(entry, _atom("link"), rel="alternate", type="text/html", hreflang=code, href=article_url(config, code, slug))
    if item.author:
        _sub(_sub(entry, _atom("author")), _atom("name"), xml_text(item.author))
    for tag in item.tags:
        _sub(entry, _atom("category"), term=xml_text(tag))
    if item.summary:
        _sub(entry, _atom("summary"), item.summary)
    content = _sub(entry, _atom("content"), type="xhtml")
    content.append(xhtml_div(item.html, context.rtl))
    _sub(entry, _i18n("disclaimer"), disclaimer_text(config, context.strings, item))
    _sub(entry, _i18n("status"), status=item.status.value)
    if item.engine:
        _sub(entry, _i18n("engine"), name=item.engine)
    _sub(entry, _i18n("source"), href=article_url(config, config.source_language, slug), hreflang=config.source_language)


_FEED_END = b"</feed>\n"


def stream_feed(context: _FeedContext, newest: datetime, items: Iterable[TranslatedArticle]) -> Iterator[bytes]:
    """The bytes of :func:`render_feed` of :func:`build_feed`, an entry at a time: no tree of the whole feed.

    The feed's children are all elements, so lxml's pretty printer indents each one by its
    depth alone: an entry serialised as the only child of an otherwise empty feed element
    (same namespaces) has exactly the bytes it has in the whole feed. (``etree.xmlfile``
    writes an element at depth 0, so its indentation would differ.)
    """
    head = render_feed(_feed_head(context, newest))
    yield head[: -len(_FEED_END)]
    for item in items:
        holder = etree.Element(_atom("feed"), nsmap=NSMAP)
        _add_entry(holder, context, item)
        data = etree.tostring(holder, encoding="UTF-8", xml_declaration=False, pretty_print=True)
        yield data[data.index(b">\n") + 2 : -len(_FEED_END)]  # between <feed …>\n and </feed>\n
    yield _FEED_END


def render_feed(feed: etree._Element) -> bytes:
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def schema_path() -> Path:
    """The RELAX NG schema of the extension namespace, shipped in the package."""
    return Path(str(resources.files("i18n_pub") / "schemas" / SCHEMA))


# --- publishing -------------------------------------------------------------------


# What a cached entry is filed under changes with what it holds.
CACHE_FORMAT = 2


def plan_article(
    config: Config, article: Article, source_digest: str, language: str, policy: Policy, cache: RenderCache,
    sentences: SentenceStore,
) -> tuple[str | None, TranslatedArticle | Held]:
    """One article in one language: its entry, filed in ``cache`` under the returned key, or why it is held back.

    An article whose source and catalog are byte for byte those of an earlier run
    takes that run's entry: no catalog parsed, nothing rendered. Otherwise its blocks
    map to sentences through ``sentences``, as translate split them.
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
        po = read_catalog(path, config.relative(path), language)
        result = translate_article(article, po, language, policy, sentences.sentences_for(source_digest, article))
        cache.put(key, _to_cache(result))
    return key, result


def plan_site(
    config: Config, languages: Sequence[str], policy: Policy, cache: RenderCache, sentences: SentenceStore,
    used: set[str], digests: set[str],
) -> dict[str, LanguagePlan]:
    """Pass 1: every source checked, and each article published or held back in each language.

    One source at a time, each parsed once for all languages; only the index is kept.
    ``used`` collects the cache keys of the entries, ``digests`` the sources' SHA-256.
    """
    found: dict[str, tuple[list[Planned], list[Held]]] = {language: ([], []) for language in languages}
    warnings: list[str] = []
    for article, digest in iter_articles(config.sources_dir, label_of=config.relative, keys=config.front_matter):
        digests.add(digest)
        if article.date is None and not article.draft:
            warnings.append(undated_warning(article))
        for language, (items, held) in found.items():
            key, result = plan_article(config, article, digest, language, policy, cache, sentences)
            if isinstance(result, Held):
                held.append(result)
            else:
                order = as_datetime(result.date) if result.date is not None else result.updated
                items.append(Planned(result.slug, key, order, result.updated, result.status))
            if key is not None:
                used.add(key)
    return {
        language: LanguagePlan(
            language,
            tuple(sorted(items, key=lambda item: (item.order, item.slug), reverse=True)),
            tuple(sorted(held, key=lambda h: h.slug)),  # the order of the sources' slugs
            tuple(warnings),
        )
        for language, (items, held) in found.items()
    }


def _to_cache(result: TranslatedArticle | Held) -> dict:
    if isinstance(result, Held):
        return {"held": result.reason, "slug": result.slug}
    return {
        "slug": result.slug, "date": result.date.isoformat() if result.date else None, "author": result.author, "tags": list(result.tags),
        "title": result.title, "summary": result.summary, "html": result.html, "status": result.status.value,
        "engine": result.engine, "updated": result.updated.isoformat(),
    }  # fmt: skip


def _from_cache(value: dict | None, language: str) -> TranslatedArticle | Held | None:
    """The cached result, or None when there is none or it cannot be read (it is rendered again)."""
    if value is None:
        return None
    try:
        return _cached_result(value, language)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # a damaged row costs a render, never a failed publish


def _cached_result(value: dict, language: str) -> TranslatedArticle | Held:
    if "held" in value:
        return Held(value["slug"], value["held"])
    when = value["date"]  # a date-time has a "T" in ISO 8601, a date does not
    day = None if when is None else datetime.fromisoformat(when) if "T" in when else date.fromisoformat(when)
    return TranslatedArticle(
        slug=value["slug"], date=day,
        author=value["author"], tags=tuple(value["tags"]), language=language, title=value["title"],
        summary=value["summary"], html=value["html"], status=Status(value["status"]), engine=value["engine"],
        updated=datetime.fromisoformat(value["updated"]),
    )  # fmt: skip


def _entries(cache: RenderCache, plan: LanguagePlan) -> Iterator[TranslatedArticle]:
    """Pass 2's input: each published entry read back from the cache, one at a time."""
    for planned in plan.items:
        item = _from_cache(cache.get(planned.key), plan.language)
        if not isinstance(item, TranslatedArticle):  # pass 1 of this very run stored it
            raise RuntimeError(f"the publish cache lost the entry of {planned.slug} ({plan.language})")
        yield item


def _published_in(plans: Iterable[LanguagePlan]) -> dict[str, list[str]]:
    """Slug → the languages it is published in, for the hreflang links."""
    translations: dict[str, list[str]] = collections.defaultdict(list)
    for plan in plans:
        for item in plan.items:
            translations[item.slug].append(plan.language)
    return translations


def _publishing(
    config: Config, languages: Sequence[str], policy: Policy, out: Path | None,
    take: Callable[[LanguagePlan, Path, Iterator[bytes]], object],
) -> None:
    """Pass 1 (the other languages too, for the hreflang links), then hand ``take`` each requested feed's bytes."""
    strings: dict[str, SiteStrings] = {}
    for language in config.languages:
        try:
            strings[language] = read_site_strings(config, language, reviewed_only=policy is Policy.REVIEWED)
        except I18nPubError:
            if language in languages:
                raise
            continue  # a language without usable site strings publishes nothing
    cache = RenderCache(config.cache_dir)
    sentences = SentenceStore(config.cache_dir)
    used: set[str] = set()
    digests: set[str] = set()
    try:
        plans = plan_site(config, list(strings), policy, cache, sentences, used, digests)
        translations = _published_in(plans.values())
        for language in languages:
            plan = plans[language]
            context = _FeedContext.of(config, language, strings[language], translations)
            chunks = stream_feed(context, context.newest(item.updated for item in plan.items), _entries(cache, plan))
            take(plan, (out / f"{language}.xml") if out is not None else config.feed_path(language), chunks)
    except BaseException:
        cache.close()  # keeps what was rendered; the run stopped before it saw every article
        sentences.close()
        raise
    cache.close(keep=used)
    sentences.close(keep=digests)


def build_feeds(config: Config, languages: Sequence[str], policy: Policy = Policy.MACHINE, out: Path | None = None) -> list[LanguageFeed]:
    """Every requested feed's bytes, in memory (publish streams them to files instead)."""
    feeds: list[LanguageFeed] = []

    def take(plan: LanguagePlan, path: Path, chunks: Iterator[bytes]) -> None:
        feeds.append(LanguageFeed(plan.language, path, plan.items, plan.held, b"".join(chunks)))

    _publishing(config, languages, policy, out, take)
    return feeds


def publish_all(config: Config, languages: Sequence[str], policy: Policy = Policy.MACHINE, out: Path | None = None) -> list[PublishResult]:
    """Stream every requested feed to a temporary file, then put in place each one that changed.

    Nothing is replaced unless every feed was written: a failure leaves every old feed as it was.
    """
    results = []

    def take(plan: LanguagePlan, path: Path, chunks: Iterator[bytes]) -> None:
        written = batch.write_stream_if_changed(path, chunks)
        results.append(
            PublishResult(
                language=plan.language,
                path=config.relative(path),
                published=tuple(item.slug for item in plan.items),
                held=plan.held,
                written=written,
                reviewed=sum(item.status is Status.REVIEWED for item in plan.items),
                machine=sum(item.status is Status.MACHINE for item in plan.items),
                warnings=plan.warnings,
            )
        )

    with WriteBatch() as batch:
        _publishing(config, languages, policy, out, take)
    return results


def publish(config: Config, language: str, policy: Policy = Policy.MACHINE, out: Path | None = None) -> PublishResult:
    return publish_all(config, [language], policy, out)[0]
