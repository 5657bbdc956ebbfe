"""``publish --markdown``: each published article as translated Markdown, for a static-site generator.

``build/<lang>/<slug>.md`` (beside the feeds folder; with ``--out DIR``, ``DIR/<lang>/``)
holds the original front matter with the title and summary translated and every
other byte as written, then the translated body: the English body with each text
block replaced by its translation (:func:`i18n_pub.render.translated_markdown`),
so that it renders with the English body's element structure. Relative links
stay relative: the site that builds the file resolves them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polib

from i18n_pub.catalog_content import catalog_content
from i18n_pub.catalog_read import read_catalog
from i18n_pub.config import Config
from i18n_pub.feed import _translate_text, translated_body
from i18n_pub.front_matter import front_matter_with
from i18n_pub.fsutil import WriteBatch
from i18n_pub.publishing import PublishResult
from i18n_pub.render import Slot
from i18n_pub.segment import SUMMARY_CONTEXT, TITLE_CONTEXT
from i18n_pub.sentence_store import Sentences, SentenceStore
from i18n_pub.sources import Article, iter_articles


def markdown_folder(config: Config, language: str, out: Path | None = None) -> Path:
    """``build/<lang>`` for the default ``build/feeds``; ``<out>/<lang>`` with ``--out``."""
    return (out if out is not None else config.root / config.output_dir.parent) / language


def translated_article(
    article: Article, po: polib.POFile, sentences: Sentences | None = None, slots: Sequence[Slot] | None = None
) -> str:
    """The whole translated file: front matter (title and summary translated), then the body."""
    table = catalog_content(po).table
    title = _translate_text(article.title, TITLE_CONTEXT, table, sentences)
    summary = _translate_text(article.summary, SUMMARY_CONTEXT, table, sentences) if article.summary else None
    return front_matter_with(article, title, summary) + translated_body(article, table, sentences, slots)


def write_markdown(config: Config, results: Sequence[PublishResult], out: Path | None = None) -> list[str]:
    """Write the Markdown of every article each result published; returns the paths written (unchanged files are not)."""
    published = {result.language: set(result.published) for result in results}
    written: list[str] = []
    store = SentenceStore(config.cache_dir)
    try:
        with WriteBatch() as batch:
            for article, digest in iter_articles(config.sources_dir, config.relative, config.front_matter):
                for language, slugs in published.items():
                    if article.slug not in slugs:
                        continue
                    catalog = config.catalog_path(language, article.slug)
                    po = read_catalog(catalog, config.relative(catalog), language)
                    text = translated_article(article, po, store.sentences_for(digest, article), store.slots(digest))
                    path = markdown_folder(config, language, out) / f"{article.slug}.md"
                    path = path if out is not None else config.inside(path)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    if batch.write_if_changed(path, text):
                        written.append(config.relative(path))
    finally:
        store.close()
    return written
