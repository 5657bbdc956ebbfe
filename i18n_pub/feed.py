"""Catalogs → one Atom 1.0 feed per language (RFC 4287), built with lxml.

Build, then write: :func:`build_feeds` reads every catalog and returns each
feed's bytes; :func:`publish` writes them only when all were built. The same
catalogs always give the same bytes: every date comes from the sources or from
a catalog's ``PO-Revision-Date``, never from the clock.

Translation metadata goes into the ``i18n`` extension namespace (schema:
``i18n_pub/schemas/i18n-pub-feed.rng``), shaped for feedparser, which drops the
text of an extension element that has attributes: the disclaimer is text only,
the status, engine and source are attributes only.
"""

from __future__ import annotations

import collections
import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path

import babel
import polib
from lxml import etree
from markdown_it import MarkdownIt

from i18n_pub import __version__, site_strings, xmlsafe
from i18n_pub.textsafe import balance_bidi
from i18n_pub.catalog import REVISION_DATE, Status, entry_status, live_entries, machine_engine, read_catalog
from i18n_pub.config import Config
from i18n_pub.errors import I18nPubError
from i18n_pub.fsutil import write_if_changed
from i18n_pub.segment import SUMMARY_CONTEXT, TITLE_CONTEXT, split_block
from i18n_pub.site_strings import SiteStrings, read_site_strings
from i18n_pub.sources import Article, inline_tokens
from i18n_pub.state import RenderCache, digest_of, file_digest
from i18n_pub.translate import load_sources

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
    article: Article
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
class LanguageFeed:
    language: str
    path: Path
    items: tuple[TranslatedArticle, ...]
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


class _Missing(Exception):
    pass


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
    return md


@lru_cache(maxsize=4096)
def _sentences(text: str, context: str | None) -> tuple[str, ...]:
    """The source sentences of a block: the same for every language, so split once."""
    return tuple(segment.text for segment in split_block(text, 0, context))


def _translate_text(text: str, context: str | None, table: Mapping) -> str:
    parts = []
    for sentence in _sentences(text, context):
        try:
            parts.append(table[(context, sentence)])
        except KeyError:
            raise _Missing(sentence) from None
    return " ".join(parts)


def render_translated_body(article: Article, table: Mapping) -> str:
    """The article body as an XHTML fragment, every text block replaced by its translation."""
    md = publishing_parser()
    env: dict = {}
    tokens = md.parse(article.body, env)  # env keeps the source's link reference definitions
    for token in inline_tokens(tokens):
        token.content = xml_text(_translate_text(token.content, None, table))
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


def translate_article(article: Article, po: polib.POFile, language: str, policy: Policy = Policy.MACHINE) -> TranslatedArticle | Held:
    """The article in ``language``, or why it is held back."""
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
        title = _translate_text(article.title, TITLE_CONTEXT, table)
        summary = _translate_text(article.summary, SUMMARY_CONTEXT, table) if article.summary else None
        html = render_translated_body(article, table)
    except _Missing as missing:
        return Held(article.slug, f"the catalog lacks {str(missing)[:60]!r}: run i18n-pub translate -l {language}")
    reviewed = statuses[Status.MACHINE] == 0
    # The engine that wrote the most segments (ties: by name), so the same catalogs name the same engine.
    engine = None if reviewed or not engines else min(engines, key=lambda name: (-engines[name], name))
    return TranslatedArticle(
        article=article,
        language=language,
        title=xml_text(title),
        summary=xml_text(summary) if summary is not None else None,
        html=html,
        status=Status.REVIEWED if reviewed else Status.MACHINE,
        engine=engine,
        updated=po_date(po.metadata.get(REVISION_DATE, "")) or as_datetime(article.date),
    )


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
    original = article_url(config, config.source_language, item.article.slug)
    return xml_text(strings.disclaimer(kind, engine=item.engine, original_url=original, published=item.article.date))


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = balance_bidi(text)
    return element


def _atom(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _i18n(tag: str) -> str:
    return f"{{{I18N}}}{tag}"


def build_feed(
    config: Config,
    language: str,
    items: Sequence[TranslatedArticle],
    strings: SiteStrings,
    translations: Mapping[str, Sequence[str]] | None = None,
) -> etree._Element:
    """The Atom feed of one language. ``translations`` maps a slug to the other languages it is published in."""
    translations = translations or {}
    rtl = is_rtl(language)
    site_updated = po_date(strings.updated)
    feed = etree.Element(_atom("feed"), nsmap=NSMAP)
    feed.set(XML_LANG, language)
    _sub(feed, _atom("id"), site_url(config, language, ""))
    _sub(feed, _atom("title"), xml_text(strings.title))
    _sub(feed, _atom("subtitle"), xml_text(strings.subtitle))
    newest = max((_entry_updated(item, site_updated) for item in items), default=site_updated or EPOCH)
    _sub(feed, _atom("updated"), rfc3339(newest))
    _sub(feed, _atom("link"), rel="self", type="application/atom+xml", href=site_url(config, "feeds", f"{language}.xml"))
    _sub(feed, _atom("link"), rel="alternate", type="text/html", hreflang=language, href=site_url(config, language, ""))
    author = _sub(feed, _atom("author"))
    _sub(author, _atom("name"), xml_text(strings.organization))
    for item in items:
        slug = item.article.slug
        entry = _sub(feed, _atom("entry"))
        _sub(entry, _atom("id"), article_url(config, language, slug))
        _sub(entry, _atom("title"), item.title)
        _sub(entry, _atom("published"), rfc3339(as_datetime(item.article.date)))
        _sub(entry, _atom("updated"), rfc3339(_entry_updated(item, site_updated)))
        # The original, every other published translation, and this language last (feedparser's entry.link).
        others = sorted(code for code in translations.get(slug, ()) if code != language)
        for code in (config.source_language, *others, language):
            _sub(entry, _atom("link"), rel="alternate", type="text/html", hreflang=code, href=article_url(config, code, slug))
        if item.article.author:
            _sub(_sub(entry, _atom("author")), _atom("name"), xml_text(item.article.author))
        for tag in item.article.tags:
            _sub(entry, _atom("category"), term=xml_text(tag))
        if item.summary:
            _sub(entry, _atom("summary"), item.summary)
        content = _sub(entry, _atom("content"), type="xhtml")
        content.append(xhtml_div(item.html, rtl))
        _sub(entry, _i18n("disclaimer"), disclaimer_text(config, strings, item))
        _sub(entry, _i18n("status"), status=item.status.value)
        if item.engine:
            _sub(entry, _i18n("engine"), name=item.engine)
        _sub(entry, _i18n("source"), href=article_url(config, config.source_language, slug), hreflang=config.source_language)
    return feed


def _entry_updated(item: TranslatedArticle, site_updated: datetime | None) -> datetime:
    """The last change of what the entry shows: its catalog, or the site strings (the disclaimer) if later."""
    return max(item.updated, site_updated) if site_updated else item.updated


def render_feed(feed: etree._Element) -> bytes:
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def schema_path() -> Path:
    """The RELAX NG schema of the extension namespace, shipped in the package."""
    return Path(str(resources.files("i18n_pub") / "schemas" / SCHEMA))


# --- publishing -------------------------------------------------------------------


def plan_language(
    config: Config, articles: Sequence[Article], language: str, policy: Policy, cache: RenderCache | None = None,
    used: set[str] | None = None,
) -> tuple[list[TranslatedArticle], list[Held]]:
    """Every article of one language, translated or held back with the reason.

    With ``cache``, an article whose source and catalog are byte for byte those of
    an earlier run takes that run's result: no catalog parsed, nothing rendered.
    """
    items: list[TranslatedArticle] = []
    held: list[Held] = []
    for article in articles:
        path = config.catalog_path(language, article.slug)
        catalog_digest = file_digest(path)
        if catalog_digest is None:
            held.append(Held(article.slug, f"no catalog {config.relative(path)}: run i18n-pub translate -l {language}"))
            continue
        key = digest_of("publish", __version__, language, policy.value, file_digest(config.root / article.path), catalog_digest)
        result = _from_cache(cache.get(key), article, language) if cache is not None else None
        if result is None:
            result = translate_article(article, read_catalog(path, config.relative(path), language), language, policy)
            if cache is not None:
                cache.put(key, _to_cache(result))
        if used is not None:
            used.add(key)
        (held if isinstance(result, Held) else items).append(result)
    items.sort(key=lambda item: (as_datetime(item.article.date), item.article.slug), reverse=True)
    return items, held


def _to_cache(result: TranslatedArticle | Held) -> dict:
    if isinstance(result, Held):
        return {"held": result.reason}
    return {
        "title": result.title, "summary": result.summary, "html": result.html, "status": result.status.value,
        "engine": result.engine, "updated": result.updated.isoformat(),
    }


def _from_cache(value: dict | None, article: Article, language: str) -> TranslatedArticle | Held | None:
    if value is None:
        return None
    if "held" in value:
        return Held(article.slug, value["held"])
    return TranslatedArticle(
        article=article, language=language, title=value["title"], summary=value["summary"], html=value["html"],
        status=Status(value["status"]), engine=value["engine"], updated=datetime.fromisoformat(value["updated"]),
    )


def build_feeds(config: Config, languages: Sequence[str], policy: Policy = Policy.MACHINE, out: Path | None = None) -> list[LanguageFeed]:
    """Every requested feed, built in memory. Other languages are read too, for the hreflang links."""
    articles = load_sources(config)
    cache = RenderCache(config.cache_dir)
    used: set[str] = set()
    try:
        return _build_feeds(config, articles, languages, policy, out, cache, used)
    finally:
        cache.close(keep=used)


def _build_feeds(
    config: Config, articles: Sequence[Article], languages: Sequence[str], policy: Policy, out: Path | None,
    cache: RenderCache, used: set[str],
) -> list[LanguageFeed]:
    plans = {}
    strings: dict[str, SiteStrings] = {}
    for language in config.languages:
        try:
            strings[language] = read_site_strings(config, language, reviewed_only=policy is Policy.REVIEWED)
        except I18nPubError:
            if language in languages:
                raise
            continue  # a language without usable site strings publishes nothing
        plans[language] = plan_language(config, articles, language, policy, cache, used)
    translations: dict[str, list[str]] = collections.defaultdict(list)
    for language, (items, _) in plans.items():
        for item in items:
            translations[item.article.slug].append(language)
    feeds = []
    for language in languages:
        items, held = plans[language]
        data = render_feed(build_feed(config, language, items, strings[language], translations))
        path = (out / f"{language}.xml") if out is not None else config.feed_path(language)
        feeds.append(LanguageFeed(language, path, tuple(items), tuple(held), data))
    return feeds


def publish_all(config: Config, languages: Sequence[str], policy: Policy = Policy.MACHINE, out: Path | None = None) -> list[PublishResult]:
    """Build every requested feed, then write each one that changed."""
    results = []
    for feed in build_feeds(config, languages, policy, out):
        written = write_if_changed(feed.path, feed.data.decode("utf-8"))
        results.append(
            PublishResult(
                language=feed.language,
                path=config.relative(feed.path),
                published=tuple(item.article.slug for item in feed.items),
                held=feed.held,
                written=written,
                reviewed=sum(item.status is Status.REVIEWED for item in feed.items),
                machine=sum(item.status is Status.MACHINE for item in feed.items),
            )
        )
    return results


def publish(config: Config, language: str, policy: Policy = Policy.MACHINE, out: Path | None = None) -> PublishResult:
    return publish_all(config, [language], policy, out)[0]
