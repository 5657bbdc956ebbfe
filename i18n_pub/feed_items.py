"""RSS 2.0, Atom 1.0 and WordPress export (WXR) documents → :class:`FeedItem` records.

The bytes go through the project's hardened parser (:mod:`i18n_pub.xmlsafe`: no DTD, no
entities, no network). This module knows the three formats and nothing else: it says what each
item holds, with its line; :mod:`i18n_pub.importer` decides what becomes a source.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from i18n_pub import xmlsafe
from i18n_pub.errors import FeedError

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
WP = "http://wordpress.org/export/"  # followed by the WXR version: 1.0, 1.1, 1.2
RSS, ATOM_FEED, WXR = "RSS 2.0 feed", "Atom feed", "WordPress export"


@dataclass(frozen=True)
class FeedItem:
    line: int
    title: str | None
    date: datetime | None
    link: str | None = None
    name: str | None = None  # WordPress's post_name (the permalink's slug), in an export
    author: str | None = None
    tags: tuple[str, ...] = ()
    summary_html: str | None = None
    content_html: str | None = None
    autop: bool = False  # a post as stored in WordPress: blank lines are its paragraphs


@dataclass(frozen=True)
class Skipped:
    line: int
    title: str
    why: str  # "draft post", "page", "attachment" …


@dataclass(frozen=True)
class ParsedFeed:
    kind: str
    items: tuple[FeedItem, ...]
    skipped: tuple[Skipped, ...] = ()
    errors: tuple[FeedError, ...] = ()


def parse_feed(data: bytes, label: str) -> ParsedFeed:
    """Every item of the document; raises :class:`FeedError` when the document itself is unusable."""
    try:
        root = xmlsafe.parse_bytes(data)
    except etree.XMLSyntaxError as exc:
        raise FeedError(
            f"not well-formed XML: {exc.msg}", path=label, line=exc.lineno or 1, fix="export the feed again, or fix the XML at that line"
        ) from None
    name = etree.QName(root)
    channel = root.find("channel") if name.localname == "rss" and not name.namespace else None
    if channel is not None:
        if any(_is_wp(child, "wxr_version") for child in channel):
            return _wxr(channel, label)
        return _rss(channel, label)
    if name.namespace == ATOM and name.localname == "feed":
        return _atom(root, label)
    raise FeedError(
        f"unknown format: the document is <{name.localname}>, not an RSS 2.0 feed, an Atom feed or a WordPress export",
        path=label,
        line=source_line(root),
        fix="give the site's feed (WordPress: https://<site>/feed/) or a file from WordPress's Tools → Export",
    )


# --- small readers ---------------------------------------------------------------------


def source_line(element: etree._Element | None, default: int = 1) -> int:
    """The element's line in the document (lxml's stubs type ``sourceline`` loosely)."""
    line = getattr(element, "sourceline", None)
    return line if isinstance(line, int) and line > 0 else default


def _is_wp(element: etree._Element, localname: str) -> bool:
    if not isinstance(element.tag, str):
        return False
    name = etree.QName(element)
    return name.localname == localname and (name.namespace or "").startswith(WP) and "excerpt" not in name.namespace


def _wp(item: etree._Element, localname: str) -> str:
    return next(((child.text or "").strip() for child in item if _is_wp(child, localname)), "")


def _text(element: etree._Element | None) -> str | None:
    """The element's text, stripped; None when absent or blank."""
    text = "" if element is None else (element.text or "").strip()
    return text or None


def plain(text: str) -> str:
    """Text with runs of whitespace as one space.

    >>> plain("  two\\n   lines ")
    'two lines'
    """
    return " ".join(text.split())


def html_text(fragment: str) -> str:
    """The text an HTML fragment shows, whitespace collapsed.

    >>> html_text("ICESCO &#038; <b>WHO</b>")
    'ICESCO & WHO'
    """
    if "<" not in fragment and "&" not in fragment:
        return plain(fragment)
    return plain(lxml_html.fragment_fromstring(fragment, create_parent="div").text_content())


def _tags(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(plain(html.unescape(v)) for v in values if v and v.strip()))


def _item_error(label: str, line: int, what: str, fix: str) -> FeedError:
    return FeedError(what, path=label, line=line, fix=fix)


# --- dates -----------------------------------------------------------------------------


def rfc822_date(text: str) -> datetime | None:
    """An RSS date (RFC 822), as aware UTC when it names no zone; None when it is not one.

    >>> rfc822_date("Fri, 02 Apr 2021 08:00:00 +0100").isoformat()
    '2021-04-02T08:00:00+01:00'
    """
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def rfc3339_date(text: str) -> datetime | None:
    """An Atom date (RFC 3339); None when it is not one or names no zone.

    >>> rfc3339_date("2021-04-06T16:45:00+02:00").isoformat(), rfc3339_date("2021-04-06")
    ('2021-04-06T16:45:00+02:00', None)
    """
    if not re.fullmatch(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)", text):
        return None
    try:
        return datetime.fromisoformat(text.upper())
    except ValueError:
        return None


# --- RSS 2.0 -----------------------------------------------------------------------------


def _rss(channel: etree._Element, label: str) -> ParsedFeed:
    items, errors = [], []
    for item in channel.iter("item"):
        try:
            items.append(_rss_item(item, label))
        except FeedError as error:
            errors.append(error)
    return ParsedFeed(RSS, tuple(items), errors=tuple(errors))


def _rss_date(item: etree._Element, label: str) -> datetime | None:
    """``pubDate`` (RFC 822), else ``dc:date``; either written as RFC 822 or RFC 3339, as generators do."""
    element = item.find("pubDate")
    if element is None:
        element = item.find(f"{{{DC}}}date")
    text = _text(element)
    if not text:
        return None
    parsed = rfc822_date(text) or rfc3339_date(text) or _day(text)
    if parsed is None:
        what = f"bad date {text[:40]!r}"
        raise _item_error(label, source_line(element), what, "give the item an RFC 822 date such as 'Fri, 02 Apr 2021 08:00:00 +0000'")
    return parsed


def _day(text: str) -> datetime | None:
    """A bare ``YYYY-MM-DD``, as midnight UTC."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        return None


def _rss_author(item: etree._Element) -> str | None:
    creator = _text(item.find(f"{{{DC}}}creator"))
    if creator:
        return plain(creator)
    author = _text(item.find("author"))  # RSS 2.0: "mail@example.org (Name)"
    if author:
        match = re.fullmatch(r"\S+@\S+\s*\((.+)\)", author)
        return plain(match.group(1) if match else author)
    return None


def _rss_item(item: etree._Element, label: str) -> FeedItem:
    title = _text(item.find("title"))
    return FeedItem(
        line=source_line(item, 1),
        title=plain(html.unescape(title)) if title else None,
        date=_rss_date(item, label),
        link=_text(item.find("link")),
        author=_rss_author(item),
        tags=_tags([c.text or "" for c in item.findall("category")]),
        summary_html=_text(item.find("description")),
        content_html=_text(item.find(f"{{{CONTENT}}}encoded")),
    )


# --- WordPress export ------------------------------------------------------------------------


def _wxr(channel: etree._Element, label: str) -> ParsedFeed:
    names = {_wp(a, "author_login"): _wp(a, "author_display_name") for a in channel if _is_wp(a, "author")}
    items, skipped, errors = [], [], []
    for item in channel.iter("item"):
        kind, status = _wp(item, "post_type") or "post", _wp(item, "status")
        title = plain(html.unescape(_text(item.find("title")) or "")) or "(no title)"
        if kind != "post" or status != "publish" or _wp(item, "post_password"):
            why = kind if kind != "post" else (f"{status or 'unpublished'} post" if status != "publish" else "password-protected post")
            skipped.append(Skipped(source_line(item, 1), title, why))
            continue
        try:
            items.append(_wxr_item(item, label, names))
        except FeedError as error:
            errors.append(error)
    return ParsedFeed(WXR, tuple(items), tuple(skipped), tuple(errors))


def _wxr_item(item: etree._Element, label: str, names: dict[str, str]) -> FeedItem:
    rss = _rss_item(item, label)
    gmt = _wp(item, "post_date_gmt")
    date = rss.date
    if gmt and not gmt.startswith("0000"):
        try:
            date = datetime.fromisoformat(gmt).replace(tzinfo=UTC)
        except ValueError:
            raise _item_error(label, source_line(item, 1), f"bad wp:post_date_gmt {gmt[:40]!r}", "export the site again") from None
    excerpt = next((_text(c) for c in item if isinstance(c.tag, str) and etree.QName(c).localname == "encoded"
                    and "excerpt" in (etree.QName(c).namespace or "")), None)  # fmt: skip
    author = names.get(rss.author or "") or rss.author
    return FeedItem(
        line=rss.line, title=rss.title, date=date, link=rss.link, name=_wp(item, "post_name") or None, author=author,
        tags=rss.tags, summary_html=excerpt, content_html=rss.content_html, autop=True,
    )  # fmt: skip


# --- Atom ------------------------------------------------------------------------------------


def _atom(feed: etree._Element, label: str) -> ParsedFeed:
    feed_author = _atom_author(feed)
    items, errors = [], []
    for entry in feed.iterchildren(f"{{{ATOM}}}entry"):
        try:
            items.append(_atom_entry(entry, label, feed_author))
        except FeedError as error:
            errors.append(error)
    return ParsedFeed(ATOM_FEED, tuple(items), errors=tuple(errors))


def _atom_author(element: etree._Element) -> str | None:
    name = element.find(f"{{{ATOM}}}author/{{{ATOM}}}name")
    return plain(name.text or "") or None if name is not None else None


def atom_html(element: etree._Element | None) -> str | None:
    """An Atom text construct (``title``, ``summary``, ``content``) as HTML; None for an external ``src``."""
    if element is None or element.get("src"):
        return None
    kind = element.get("type", "text")
    if kind == "xhtml":
        div = element.find(f"{{{XHTML}}}div")
        if div is None:
            return None
        inner = (html.escape(div.text or "")) + "".join(etree.tostring(child, encoding="unicode", method="html") for child in div)
        inner = re.sub(r'\sxmlns(?::[\w.-]+)?="[^"]*"', "", inner)
        return inner.strip() or None
    text = (element.text or "").strip()
    if not text:
        return None
    if kind == "html":
        return text
    if kind == "text":
        return "".join(f"<p>{html.escape(p.strip())}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())
    return None  # another media type: nothing to convert


def _atom_link(entry: etree._Element) -> str | None:
    links = [link for link in entry.iterchildren(f"{{{ATOM}}}link") if link.get("rel", "alternate") == "alternate" and link.get("href")]
    links.sort(key=lambda link: link.get("type", "text/html") != "text/html")
    if not links:
        return None
    try:
        return urljoin(links[0].base or "", links[0].get("href", "").strip())
    except ValueError:  # an address Python cannot split: as if there were none
        return None


def _atom_entry(entry: etree._Element, label: str, feed_author: str | None) -> FeedItem:
    line = source_line(entry, 1)
    date_element = entry.find(f"{{{ATOM}}}published")
    if date_element is None:
        date_element = entry.find(f"{{{ATOM}}}updated")
    text = _text(date_element)
    date = rfc3339_date(text) if text else None
    if text and date is None:
        raise _item_error(
            label,
            source_line(date_element, line),
            f"bad date {text[:40]!r}",
            "give the entry an RFC 3339 date such as 2021-04-06T16:45:00Z",
        )
    title = atom_html(entry.find(f"{{{ATOM}}}title"))
    return FeedItem(
        line=line,
        title=html_text(title) or None if title else None,
        date=date,
        link=_atom_link(entry),
        author=_atom_author(entry) or feed_author,
        tags=_tags([c.get("label") or c.get("term") or "" for c in entry.iterchildren(f"{{{ATOM}}}category")]),
        summary_html=atom_html(entry.find(f"{{{ATOM}}}summary")),
        content_html=atom_html(entry.find(f"{{{ATOM}}}content")),
    )
