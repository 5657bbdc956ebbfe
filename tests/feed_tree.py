"""The reference the streamed feed is compared with: one language's subscription feed built as one lxml tree.

Publishing streams each document an entry at a time (:func:`i18n_pub.feed_document.stream_document`);
this builds the same document the plain way, from the same head and entry builders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from lxml import etree

from i18n_pub.archives import Page
from i18n_pub.config import Config
from i18n_pub.feed import TranslatedArticle
from i18n_pub.feed_document import FeedContext, add_entry, feed_head
from i18n_pub.site_strings import SiteStrings


def build_feed(
    config: Config,
    language: str,
    items: Sequence[TranslatedArticle],
    strings: SiteStrings,
    translations: Mapping[str, Sequence[str]] | None = None,
    updated: Mapping[str, datetime] | None = None,
) -> etree._Element:
    """One language's subscription feed with every item, as one tree. ``updated``: slug → the entry's
    ``updated`` (as publish decides it from its record); without it, each entry's inputs' last change."""
    context = FeedContext.of(config, language, strings, translations)
    dated = [(item, (updated or {}).get(item.slug) or context.entry_updated(item)) for item in items]
    feed = feed_head(context, context.newest(when for _, when in dated), Page.subscription(context.feed_url()))
    for item, when in dated:
        add_entry(feed, context, item, when)
    return feed
