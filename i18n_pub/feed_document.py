"""Translated articles → the Atom 1.0 documents of one language (RFC 4287, RFC 5005 archives), with lxml.

What every consumer reads the same way (``docs/feeds.md`` is the contract):

- the entry's first ``link rel="alternate"`` is its own-language page (feedparser,
  SimplePie, the npm parsers and atoma all take the first one); the English
  original and the other published translations follow as ``hreflang`` alternates;
- the content is escaped HTML (``type="html"``), which every parser tested hands
  out (atoma drops ``type="xhtml"`` content); it is built from the sanitised
  XHTML fragment of :func:`i18n_pub.feed.render_translated_body`, so only that
  markup appears;
- the disclaimer is a paragraph ``<p class="i18n-pub-disclaimer">`` inside the
  content (top, bottom, or left out, per ``[tool.i18n-pub.feed] disclaimer``) and
  always the ``i18n:disclaimer`` element.

Translation metadata goes into the ``i18n`` extension namespace (schema:
``i18n_pub/schemas/i18n-pub-feed.rng``), shaped for feedparser, which drops the
text of an extension element that has attributes: the disclaimer is text only,
the status, engine and source are attributes only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from lxml import etree

from i18n_pub import xmlsafe
from i18n_pub.archives import Page
from i18n_pub.config import Config
from i18n_pub.feed import TranslatedArticle, as_datetime, is_rtl, po_date, rfc3339, xml_text
from i18n_pub.site_strings import SiteStrings
from i18n_pub.site_trust import disclaimer_kind
from i18n_pub.textsafe import balance_bidi

ATOM = "http://www.w3.org/2005/Atom"
I18N = "https://i18n-pub.org/ns/translation/1.0"
HISTORY = "http://purl.org/syndication/history/1.0"  # RFC 5005
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NSMAP = {None: ATOM, "i18n": I18N}
ARCHIVE_NSMAP = {**NSMAP, "fh": HISTORY}
SCHEMA = "i18n-pub-feed.rng"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# An entry's alternates: its own page first, as ``text/html`` (the first alternate is what SimplePie, the npm
# parsers and atoma users take); the others as ``text/html; charset=utf-8``, the same pages' type with its
# parameter, which feedparser does not count as HTML (it takes the *last* alternate of type exactly text/html).
OWN_PAGE = "text/html"
OTHER_PAGE = "text/html; charset=utf-8"
DISCLAIMER_CLASS = "i18n-pub-disclaimer"  # the content's disclaimer paragraph: a stable hook for a site's CSS
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table")


# --- addresses ---------------------------------------------------------------------


def site_url(config: Config, *parts: str) -> str:
    base = (config.feed.base_url or "https://example.invalid").rstrip("/")
    return "/".join([base, *parts])


def article_url(config: Config, language: str, slug: str) -> str:
    """Where the website shows an article: the original at ``<base>/<slug>``, a translation at ``<base>/<lang>/<slug>``."""
    return site_url(config, slug) if language == config.source_language else site_url(config, language, slug)


def original_url(config: Config, item: TranslatedArticle) -> str:
    """The English original: the address its front matter gives (``link``), else the site's own."""
    return item.original or article_url(config, config.source_language, item.slug)


def disclaimer_text(config: Config, strings: SiteStrings, item: TranslatedArticle) -> str:
    kind = disclaimer_kind(item.status, item.engine)
    # An undated original: the disclaimer's "published on" falls back to the translation's date.
    published = item.date if item.date is not None else item.updated
    text = strings.disclaimer(kind, engine=item.engine, original_url=original_url(config, item), published=published)
    return xml_text(text)


# --- the content -------------------------------------------------------------------


def content_html(html: str, disclaimer: str, place: str, rtl: bool = False) -> str:
    """The entry's content as HTML text: the body with the disclaimer paragraph at ``place`` (top, bottom, element).

    The fragment is parsed (it is XHTML from the renderer) and serialised again, so what
    comes out is exactly its elements; no text leaves a bidi override open; right to left
    puts ``dir="rtl"`` on every block (parsers hand out the blocks, not a wrapper).

    >>> content_html("<p>Hola <em>mundo</em></p>", "Traducido.", "top")
    '<p class="i18n-pub-disclaimer">Traducido.</p>\\n<p>Hola <em>mundo</em></p>'
    >>> content_html("<p>a<br />b</p>", "D", "bottom", rtl=True)
    '<p dir="rtl">a<br>b</p>\\n<p class="i18n-pub-disclaimer" dir="rtl">D</p>'
    """
    div = xmlsafe.parse_bytes(f"<div>{html}</div>".encode())
    if place != "element":
        note = etree.Element("p", {"class": DISCLAIMER_CLASS})
        note.text = disclaimer
        if place == "top":
            div.insert(0, note)
        else:
            div.append(note)
    for element in div.iter():  # no text node leaves a bidi override or isolate open for what follows it
        element.text = readable(element.text) if element.text else element.text
        element.tail = readable(element.tail) if element.tail else element.tail
    if rtl:
        for element in div.iter(*_BLOCKS):
            element.set("dir", "rtl")
    parts = [etree.tostring(child, encoding="unicode", method="html", with_tail=False) for child in div]
    return "\n".join(parts)


# --- the documents -------------------------------------------------------------------


def readable(text: str) -> str:
    """Text as a feed may show it: no bidi override left open, no U+FFFD (the mark of a character lost
    on the way, e.g. CommonMark's ``&#0;``, which feed validators take for a wrongly decoded file).

    >>> readable("a\ufffdb \u202ec")
    'ab \u202ec\u202c'
    """
    return balance_bidi(text.replace("\ufffd", ""))


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = readable(text)
    return element


def _atom(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _i18n(tag: str) -> str:
    return f"{{{I18N}}}{tag}"


@dataclass(frozen=True)
class FeedContext:
    """What every entry of one language's documents is built with."""

    config: Config
    language: str
    strings: SiteStrings
    translations: Mapping[str, Sequence[str]]  # slug → the languages it is published in
    site_updated: datetime | None  # the site strings' PO-Revision-Date
    rtl: bool

    @classmethod
    def of(cls, config: Config, language: str, strings: SiteStrings, translations: Mapping[str, Sequence[str]] | None) -> FeedContext:
        return cls(config, language, strings, translations or {}, po_date(strings.updated), is_rtl(language))

    def newest(self, updated: Iterable[datetime]) -> datetime:
        """A document's ``updated``: its newest entry's, or the site strings' when it has none."""
        return max(updated, default=self.site_updated or EPOCH)

    def entry_updated(self, item: TranslatedArticle) -> datetime:
        """Without a record of what was published: the last change of the catalog, the site strings or the source."""
        moments = [item.updated, *([as_datetime(item.date)] if item.date is not None else [])]
        return max([*moments, *([self.site_updated] if self.site_updated else [])])

    def feed_url(self) -> str:
        return site_url(self.config, "feeds", f"{self.language}.xml")


def feed_head(context: FeedContext, newest: datetime, page: Page) -> etree._Element:
    """A document with everything but its entries: the subscription feed or an archive page (RFC 5005)."""
    config, language, strings = context.config, context.language, context.strings
    feed = etree.Element(_atom("feed"), nsmap=ARCHIVE_NSMAP if page.number else NSMAP)  # type: ignore[arg-type]  # lxml-stubs: None, the default namespace, is a valid key
    feed.set(XML_LANG, language)
    _sub(feed, _atom("id"), site_url(config, language, ""))
    _sub(feed, _atom("title"), xml_text(strings.title))
    _sub(feed, _atom("subtitle"), xml_text(strings.subtitle))
    _sub(feed, _atom("updated"), rfc3339(newest))
    _sub(feed, _atom("link"), rel="self", type="application/atom+xml", href=page.url)
    _sub(feed, _atom("link"), rel="alternate", type="text/html", hreflang=language, href=site_url(config, language, ""))
    if page.number:
        _sub(feed, _atom("link"), rel="current", type="application/atom+xml", href=context.feed_url())
    if page.prev_url:
        _sub(feed, _atom("link"), rel="prev-archive", type="application/atom+xml", href=page.prev_url)
    if page.next_url:
        _sub(feed, _atom("link"), rel="next-archive", type="application/atom+xml", href=page.next_url)
    author = _sub(feed, _atom("author"))
    _sub(author, _atom("name"), xml_text(strings.organization))
    if page.number:
        _sub(feed, f"{{{HISTORY}}}archive")
    return feed


def add_entry(feed: etree._Element, context: FeedContext, item: TranslatedArticle, updated: datetime) -> None:
    config, language, slug = context.config, context.language, item.slug
    disclaimer = disclaimer_text(config, context.strings, item)
    entry = _sub(feed, _atom("entry"))
    _sub(entry, _atom("id"), article_url(config, language, slug))
    _sub(entry, _atom("title"), item.title)
    if item.date is not None:  # Atom allows an entry without one
        _sub(entry, _atom("published"), rfc3339(as_datetime(item.date)))
    _sub(entry, _atom("updated"), rfc3339(updated))
    for number, (code, href) in enumerate(entry_links(config, language, item, context.translations.get(slug, ()))):
        _sub(entry, _atom("link"), rel="alternate", type=OTHER_PAGE if number else OWN_PAGE, hreflang=code, href=href)
    if item.author:
        _sub(_sub(entry, _atom("author")), _atom("name"), xml_text(item.author))
    for tag in item.tags:
        _sub(entry, _atom("category"), term=xml_text(tag))
    if item.summary:
        _sub(entry, _atom("summary"), item.summary)
    _sub(entry, _atom("content"), content_html(item.html, disclaimer, config.feed.disclaimer, context.rtl), type="html")
    _sub(entry, _i18n("disclaimer"), disclaimer)
    _sub(entry, _i18n("status"), status=item.status.value)
    if item.engine:
        _sub(entry, _i18n("engine"), name=item.engine)
    _sub(entry, _i18n("source"), href=original_url(config, item), hreflang=config.source_language)


def entry_links(config: Config, language: str, item: TranslatedArticle, published_in: Iterable[str]) -> list[tuple[str, str]]:
    """(hreflang, href) of an entry's alternates: its own page (the link every consumer reads), the English
    original, the other languages it is published in."""
    slug = item.slug
    others = sorted(code for code in published_in if code != language)
    return [
        (language, article_url(config, language, slug)),
        (config.source_language, original_url(config, item)),
        *((code, article_url(config, code, slug)) for code in others),
    ]


_FEED_END = b"</feed>\n"


def stream_document(
    context: FeedContext, newest: datetime, page: Page, entries: Iterable[tuple[TranslatedArticle, datetime]]
) -> Iterator[bytes]:
    """The bytes of :func:`render_feed` of a document with ``entries``, an entry at a time: no tree of the whole.

    The feed's children are all elements, so lxml's pretty printer indents each one by its
    depth alone: an entry serialised as the only child of an otherwise empty feed element
    (same namespaces) has exactly the bytes it has in the whole feed. (``etree.xmlfile``
    writes an element at depth 0, so its indentation would differ.)
    """
    head = render_feed(feed_head(context, newest, page))
    yield head[: -len(_FEED_END)]
    nsmap = ARCHIVE_NSMAP if page.number else NSMAP
    for item, updated in entries:
        holder = etree.Element(_atom("feed"), nsmap=nsmap)  # type: ignore[arg-type]  # lxml-stubs: None, the default namespace, is a valid key
        add_entry(holder, context, item, updated)
        data = etree.tostring(holder, encoding="UTF-8", xml_declaration=False, pretty_print=True)
        yield data[data.index(b">\n") + 2 : -len(_FEED_END)]  # between <feed …>\n and </feed>\n
    yield _FEED_END


def render_feed(feed: etree._Element) -> bytes:
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def schema_path() -> Path:
    """The RELAX NG schema of the extension namespace, shipped in the package."""
    return Path(str(resources.files("i18n_pub") / "schemas" / SCHEMA))
