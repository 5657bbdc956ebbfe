"""Sources → templates: each article's POT file, written only when its source changed.

An article whose source is unchanged since the last run costs a read and a hash
(see :class:`Extracted`); :func:`scan_sources` checks every source before
anything is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import polib

from i18n_pub import clock, site_strings
from i18n_pub.blocks import segment_blocks, segments_of
from i18n_pub.catalog import CREATION_DATE, build_template, finalize
from i18n_pub.catalog_read import read_catalog
from i18n_pub.config import Config
from i18n_pub.errors import SourceError, SourceErrors
from i18n_pub.fsutil import WriteBatch, write_if_changed
from i18n_pub.markup import parse_for_segments
from i18n_pub.render import body_slots
from i18n_pub.sources import Article, duplicate_slug, load_articles, read_article, read_source_bytes, source_files
from i18n_pub.state import SourceRecord, State, file_digest, sha256_bytes, template_key

# Catalogs made from scratch are done this many articles at a time, so memory stays flat. The
# first chunk is small so that the engine starts early: it sets the pace (see translate.translate()).
CHUNK = 100
FIRST_CHUNK = 25


class Extracted:
    """One article and its template, both loaded only when needed.

    An article whose source is unchanged since the last run (same bytes, same
    path, same project, same i18n-pub code) and whose template file is intact
    costs a read and a hash: it is neither parsed nor segmented, and its template
    is read back from disk only if one of its catalogs must be redone.
    """

    def __init__(self, config: Config, path: Path, label: str, slug: str, digest: str, key: str, template_digest: str | None) -> None:
        self.config = config
        self.path = path
        self.label = label
        self.slug = slug
        self.digest = digest  # SHA-256 of the source
        self.key = key  # what its template is built from
        self.template_digest = template_digest  # SHA-256 of the template file; None until it is known to be current
        self._article: Article | None = None
        self._template: polib.POFile | None = None

    @property
    def article(self) -> Article:
        if self._article is None:
            self._article = read_article(self.path, self.label, self.config.front_matter)
        return self._article

    @property
    def template(self) -> polib.POFile:
        if self._template is None:
            path = self.config.template_path(self.slug)
            self._template = read_catalog(path, self.config.relative(path))
        return self._template

    def release(self) -> None:
        """Drop what was loaded: a run holds nothing per article beyond this index."""
        self._article = self._template = None


def load_sources(config: Config) -> tuple[Article, ...]:
    return load_articles(config.sources_dir, label_of=config.relative, keys=config.front_matter)


def scan_sources(config: Config, state: State) -> list[Extracted]:
    """Every source, checked and sorted by slug; only new or changed ones are parsed.

    Raises every bad source at once, before anything is written.
    """
    project = config.feed.organization or config.feed.title
    files, errors = source_files(config.sources_dir, config.relative)
    items: list[Extracted] = []
    for source in files:
        try:
            digest = sha256_bytes(read_source_bytes(source.path, source.label))
            # The keys read from the front matter decide the slug as much as the bytes do.
            key = template_key(digest, source.label, f"{project}\n{config.front_matter!r}")
            record = state.sources.get(source.label)
            if record is not None and record.digest == digest and record.key == key:
                slug = record.slug  # this exact text was parsed and checked before
            else:
                slug = read_article(source.path, source.label, config.front_matter).slug
                record = None
        except SourceError as error:
            errors.append(error)
            continue
        template_path = config.template_path(slug)
        current = record.template if record is not None and file_digest(template_path) == record.template else None
        items.append(Extracted(config, source.path, source.label, slug, digest, key, current))
    seen: dict[str, Extracted] = {}
    for item in items:
        if item.slug in seen:
            errors.append(duplicate_slug(item.article, seen[item.slug].label))
        else:
            seen[item.slug] = item
    SourceErrors.raise_any(errors)
    return sorted(items, key=lambda item: item.slug)


def ensure_template(config: Config, item: Extracted, state: State, timestamp: str, batch: WriteBatch | None = None) -> bool:
    """Build and write the item's template unless the file on disk is current; say whether it wrote."""
    if item.template_digest is not None:
        return False
    project = config.feed.organization or config.feed.title
    tokens = parse_for_segments(item.article.body)  # one parse for the sentences and the places of the blocks
    blocks = segment_blocks(item.article, tokens)
    # Publish maps blocks to sentences with these (not pysbd), and rebuilds the body without parsing it.
    state.sentences.remember(item.digest, blocks, body_slots(tokens, item.article.body.split("\n")))
    template = build_template(segments_of(blocks), item.label, project)
    path = config.template_path(item.slug)
    old = read_catalog(path, config.relative(path)) if path.exists() else None
    text = finalize(template, old, CREATION_DATE, timestamp)
    written = False
    if text is None:
        # Unchanged: the catalogs take the creation date already on disk.
        assert old is not None  # finalize calls a template unchanged only against the file on disk
        template.metadata[CREATION_DATE] = old.metadata.get(CREATION_DATE, "")
        item.template_digest = file_digest(path)
    else:
        written = batch.write_if_changed(path, text) if batch else write_if_changed(path, text)
        item.template_digest = sha256_bytes(text.encode("utf-8"))
    item._template = template
    state.sources[item.label] = SourceRecord(item.digest, item.slug, item.key, item.template_digest)
    return written


def extract(config: Config) -> tuple[list[Extracted], list[str]]:
    """Write every template whose source changed. Returns the articles and the paths written."""
    state = State.load(config.cache_dir)
    items = scan_sources(config, state)
    timestamp = clock.po_timestamp()
    written: list[str] = []
    with WriteBatch() as batch:
        for index, item in enumerate(items, 1):
            if ensure_template(config, item, state, timestamp, batch):
                written.append(config.relative(config.template_path(item.slug)))
            item.release()
            if index % CHUNK == 0:
                batch.commit()
    written += site_strings.write_template(config, timestamp)
    state.keep_only((i.label for i in items), (i.slug for i in items))
    state.save()
    return items, written


def chunks(items: Sequence[Extracted]) -> Iterator[Sequence[Extracted]]:
    """
    >>> [len(c) for c in chunks(list(range(330)))]
    [25, 100, 100, 100, 5]
    """
    start, size = 0, FIRST_CHUNK
    while start < len(items):
        yield items[start : start + size]
        start, size = start + size, CHUNK
