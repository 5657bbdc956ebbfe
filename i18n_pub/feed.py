"""Catalogs → one Atom 1.0 feed per language (RFC 4287), built with lxml.

Build, then write: :func:`build_feed` returns an element tree and
:func:`render_feed` its bytes; the same inputs always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone

import polib
from lxml import etree

from i18n_pub.catalog import Status, entry_status, live_entries, machine_engine, read_catalog, REVISION_DATE
from i18n_pub.config import Config
from i18n_pub.fsutil import write_if_changed
from i18n_pub.segment import SUMMARY_CONTEXT, TITLE_CONTEXT, split_block
from i18n_pub.sources import Article, inline_tokens, markdown_parser, parse_body
from i18n_pub.translate import load_sources

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
I18N = "https://i18n-pub.org/ns/translation/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NSMAP = {None: ATOM, "i18n": I18N}


@dataclass(frozen=True)
class TranslatedArticle:
    article: Article
    language: str
    title: str
    summary: str | None
    html: str
    status: Status  # REVIEWED or MACHINE
    engine: str | None
    updated: datetime


@dataclass(frozen=True)
class Held:
    slug: str
    reason: str


@dataclass(frozen=True)
class PublishResult:
    language: str
    path: str
    published: tuple[str, ...]
    held: tuple[Held, ...]
    written: bool


class _Missing(Exception):
    pass


def _translations(po: polib.POFile) -> tuple[dict[tuple[str | None, str], str], list[Status], list[str]]:
    found, statuses, engines = {}, [], []
    for entry in live_entries(po):
        status = entry_status(entry)
        statuses.append(status)
        if status in (Status.REVIEWED, Status.MACHINE):
            found[(entry.msgctxt, entry.msgid)] = entry.msgstr
            if status is Status.MACHINE and machine_engine(entry):
                engines.append(machine_engine(entry))
    return found, statuses, engines


def _translate_text(text: str, context: str | None, table: dict) -> str:
    parts = []
    for segment in split_block(text, 0, context):
        try:
            parts.append(table[(context, segment.text)])
        except KeyError:
            raise _Missing(segment.text) from None
    return " ".join(parts)


def render_translated_body(article: Article, table: dict) -> str:
    """The article body as HTML, every text block replaced by its translation."""
    md = markdown_parser()
    tokens = parse_body(article.body)
    for token in inline_tokens(tokens):
        token.content = _translate_text(token.content, None, table)
        token.children = []
        md.inline.parse(token.content, md, {}, token.children)
    return md.renderer.render(tokens, md.options, {})


def translate_article(article: Article, po: polib.POFile, language: str) -> TranslatedArticle | Held:
    table, statuses, engines = _translations(po)
    if Status.UNTRANSLATED in statuses or Status.CHANGED in statuses:
        left = sum(s in (Status.UNTRANSLATED, Status.CHANGED) for s in statuses)
        return Held(article.slug, f"{left} segment(s) untranslated or changed")
    try:
        title = _translate_text(article.title, TITLE_CONTEXT, table)
        summary = _translate_text(article.summary, SUMMARY_CONTEXT, table) if article.summary else None
        html = render_translated_body(article, table)
    except _Missing as missing:
        return Held(article.slug, f"not in the catalog: {missing}")
    reviewed = all(s is Status.REVIEWED for s in statuses)
    return TranslatedArticle(
        article=article,
        language=language,
        title=title,
        summary=summary,
        html=html,
        status=Status.REVIEWED if reviewed else Status.MACHINE,
        engine=None if reviewed else (sorted(set(engines))[0] if engines else None),
        updated=_po_date(po.metadata.get(REVISION_DATE, "")) or _as_datetime(article.date),
    )


def _po_date(value: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M%z").astimezone(timezone.utc)
    except ValueError:
        return None


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)


def _rfc3339(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _url(config: Config, *parts: str) -> str:
    base = (config.feed.base_url or "https://example.invalid").rstrip("/")
    return "/".join([base, *parts])


def disclaimer_text(config: Config, item: TranslatedArticle) -> str:
    organization = config.feed.organization or config.feed.title
    original = _url(config, item.article.slug)
    if item.status is Status.REVIEWED:
        return f"This article was translated from English and reviewed by a translator. The original is at {original}."
    return (
        f"This article was translated from English by machine translation ({item.engine}). "
        f"{organization} is not responsible for the accuracy of the translation. The original is at {original}."
    )


def _xhtml_div(html: str) -> etree._Element:
    return etree.fromstring(f'<div xmlns="{XHTML}">{html}</div>'.encode("utf-8"))


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-") if k != "xml_lang" else XML_LANG: v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def build_feed(config: Config, language: str, items: Sequence[TranslatedArticle]) -> etree._Element:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=NSMAP)
    feed.set(XML_LANG, language)
    a = lambda tag: f"{{{ATOM}}}{tag}"  # noqa: E731
    _sub(feed, a("id"), _url(config, language, ""))
    _sub(feed, a("title"), config.feed.title)
    newest = max((item.updated for item in items), default=datetime(1970, 1, 1, tzinfo=timezone.utc))
    _sub(feed, a("updated"), _rfc3339(newest))
    _sub(feed, a("link"), rel="self", href=_url(config, "feeds", f"{language}.xml"))
    author = _sub(feed, a("author"))
    _sub(author, a("name"), config.feed.organization or config.feed.title)
    for item in items:
        entry = _sub(feed, a("entry"))
        _sub(entry, a("id"), _url(config, language, item.article.slug))
        _sub(entry, a("title"), item.title)
        _sub(entry, a("published"), _rfc3339(_as_datetime(item.article.date)))
        _sub(entry, a("updated"), _rfc3339(item.updated))
        _sub(entry, a("link"), rel="alternate", hreflang=config.source_language, href=_url(config, item.article.slug))
        _sub(entry, a("link"), rel="alternate", hreflang=language, href=_url(config, language, item.article.slug))
        if item.summary:
            _sub(entry, a("summary"), item.summary)
        content = _sub(entry, a("content"), type="xhtml")
        content.append(_xhtml_div(item.html))
        _sub(entry, f"{{{I18N}}}disclaimer", disclaimer_text(config, item))
        _sub(entry, f"{{{I18N}}}status", status=item.status.value)
        if item.engine:
            _sub(entry, f"{{{I18N}}}engine", name=item.engine)
        _sub(entry, f"{{{I18N}}}source", href=_url(config, item.article.slug), hreflang=config.source_language)
    return feed


def render_feed(feed: etree._Element) -> bytes:
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def publish(config: Config, language: str) -> PublishResult:
    articles = load_sources(config)
    items: list[TranslatedArticle] = []
    held: list[Held] = []
    for article in articles:
        path = config.catalog_path(language, article.slug)
        if not path.exists():
            held.append(Held(article.slug, f"no catalog {config.relative(path)}: run i18n-pub translate -l {language}"))
            continue
        result = translate_article(article, read_catalog(path, config.relative(path), language), language)
        (held if isinstance(result, Held) else items).append(result)
    items.sort(key=lambda item: (item.article.date.isoformat(), item.article.slug), reverse=True)
    out = config.feed_path(language)
    written = write_if_changed(out, render_feed(build_feed(config, language, items)).decode("utf-8"))
    return PublishResult(language, config.relative(out), tuple(i.article.slug for i in items), tuple(held), written)
