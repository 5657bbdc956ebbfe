"""A catalog → one article in one language (:class:`TranslatedArticle`), or why it is held back.

The body is rendered from the translated Markdown with the same parser as the
English (:func:`render_translated_body`). What becomes of it: the Atom document
is :mod:`i18n_pub.feed_document`, the two publishing passes
:mod:`i18n_pub.publishing`, the RFC 5005 archive pages :mod:`i18n_pub.archives`,
the entries' ``updated`` :mod:`i18n_pub.published`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

import polib

from i18n_pub import language_codes
from i18n_pub.blocks import Unit, block, segment_blocks
from i18n_pub.catalog import Status
from i18n_pub.catalog_content import CatalogContent, TranslationTable, catalog_content
from i18n_pub.errors import CatalogError
from i18n_pub.markup import plain_pieces
from i18n_pub.render import Slot, Translate, join_units, render_markdown, translated_markdown
from i18n_pub.segment import SUMMARY_CONTEXT, TITLE_CONTEXT
from i18n_pub.sentence_store import Sentences
from i18n_pub.sources import Article
from i18n_pub.textsafe import without_controls


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
    original: str | None = None  # the English original's address, when the source's front matter gives it


@dataclass(frozen=True)
class Held:
    slug: str
    reason: str


class _Missing(CatalogError):
    """A sentence of the source that the catalog lacks: the article is held back, not an error of the run."""


# --- text that XML can carry ----------------------------------------------------

def xml_text(text: str) -> str:
    """Text with every character XML 1.0 forbids (and every control character) removed.

    >>> xml_text("a\\x00b\\x1bc\\ud800d\\te")
    'abcd\\te'
    """
    return without_controls(text)


# --- the body: Markdown → XHTML ------------------------------------------------------


def _units(text: str, html: bool, context: str | None, sentences: Sentences | None) -> tuple[Unit, ...]:
    """A block's units: as translate split them when known, else split now (a title or summary: a body's
    blocks are always known)."""
    known = sentences.get((context, html, text)) if sentences is not None else None
    return known if known is not None else _split(text, context)


@lru_cache(maxsize=4096)
def _split(text: str, context: str | None) -> tuple[Unit, ...]:
    """The units of a title or summary (the same for every language, so split once)."""
    return block(context, text, plain_pieces(text), 0).units


def _translator(table: TranslationTable, context: str | None, sentences: Sentences | None) -> Translate:
    """``(block text, inside raw HTML) → translation`` for one context, raising :class:`_Missing` for a
    segment the catalog lacks."""

    def translate(text: str, html: bool) -> str:
        units = _units(text, html, context, sentences)
        parts = []
        for unit in units:
            if not unit.translate:
                parts.append(unit.text)
                continue
            try:
                parts.append(table[(context, unit.text)])
            except KeyError:
                raise _Missing(unit.text) from None
        return xml_text(join_units(units, parts))

    return translate


def _translate_text(text: str, context: str | None, table: TranslationTable, sentences: Sentences | None = None) -> str:
    """A title or summary, its sentences looked up in ``table``."""
    return _translator(table, context, sentences)(text, False)


def translated_body(
    article: Article, table: TranslationTable, sentences: Sentences | None = None, slots: Sequence[Slot] | None = None
) -> str:
    """The article body in Markdown, every text block replaced by its translation (:mod:`i18n_pub.render`);
    ``slots``: the places of its text blocks as translate found them, if known (else the body is parsed)."""
    if sentences is None:
        sentences = {b.key: b.units for b in segment_blocks(article)}
    return translated_markdown(article.body, _translator(table, None, sentences), slots)


def render_translated_body(
    article: Article, table: TranslationTable, sentences: Sentences | None = None, base: str | None = None,
    slots: Sequence[Slot] | None = None,
) -> str:
    """The article body as an XHTML fragment, every text block replaced by its translation, rendered with the
    English parser; relative links and images resolved against ``base`` (the original article's address)."""
    return xml_text(render_markdown(translated_body(article, table, sentences, slots), base))


def is_rtl(language: str) -> bool:
    """
    >>> is_rtl("ar"), is_rtl("fr")
    (True, False)
    """
    return language_codes.locale(language).text_direction == "rtl"


# --- catalogs → translated articles ---------------------------------------------------


def _content(po: polib.POFile | CatalogContent) -> CatalogContent:
    return po if isinstance(po, CatalogContent) else catalog_content(po)


def translate_article(
    article: Article, po: polib.POFile | CatalogContent, language: str, policy: Policy = Policy.MACHINE,
    sentences: Sentences | None = None, base: str | None = None, slots: Sequence[Slot] | None = None,
) -> TranslatedArticle | Held:
    """The article in ``language``, or why it is held back. ``po``: its catalog, or what publish needs of it;
    ``sentences`` and ``slots``: its blocks as translate split them and found them, if known; ``base``: the
    original's address, which relative links and images are resolved against."""
    content = _content(po)
    table, statuses, engines = content.table, content.statuses, content.engines
    reasons = []
    untranslated, changed, machine = (statuses.get(s, 0) for s in (Status.UNTRANSLATED, Status.CHANGED, Status.MACHINE))
    if untranslated:
        reasons.append(f"{untranslated} segment(s) untranslated")
    if changed:
        reasons.append(f"{changed} segment(s) translate an older English text")
    if reasons:
        return Held(article.slug, ", ".join(reasons))
    if policy is Policy.REVIEWED and machine:
        return Held(article.slug, f"{machine} segment(s) not reviewed (--policy reviewed)")
    try:
        title = _translate_text(article.title, TITLE_CONTEXT, table, sentences)
        summary = _translate_text(article.summary, SUMMARY_CONTEXT, table, sentences) if article.summary else None
        html = render_translated_body(article, table, sentences, base or article.link, slots)
    except _Missing as missing:
        return Held(article.slug, f"the catalog lacks {str(missing)[:60]!r}: run i18n-pub translate -l {language}")
    reviewed = machine == 0
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
        updated=po_date(content.revised) or _fallback_updated(article, content),
        original=article.link,
    )


def _fallback_updated(article: Article, content: CatalogContent) -> datetime:
    """``updated`` for a catalog without a revision date: the source's date, else the template's."""
    if article.date is not None:
        return as_datetime(article.date)
    return po_date(content.created) or datetime(1970, 1, 1, tzinfo=UTC)


def po_date(value: str) -> datetime | None:
    """A gettext header date in UTC, or None when it is not one.

    >>> po_date("2021-04-02 11:12+0200").isoformat()
    '2021-04-02T09:12:00+00:00'
    >>> po_date("YEAR-MO-DA HO:MI+ZONE") is None
    True
    """
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M%z").astimezone(UTC)
    except ValueError:
        return None


def as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def rfc3339(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
