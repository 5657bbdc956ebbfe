"""Each article's text blocks and their sentences, as translate split them, for publish to reuse.

Publish must map every text block of an article to the sentences its catalog
holds. Splitting them again with pysbd was about 65% of a first publish (a
cProfile of the 1,000-article benchmark site), although translate had just done
exactly that. So translate leaves the result here, and publish looks it up.

The store's ``article_sentences`` table (:mod:`i18n_pub.store`) holds one row per article: the blocks as
``[context, html, text, [unit, …]]`` (see :class:`~i18n_pub.blocks.Block` and
:class:`~i18n_pub.blocks.Unit`; a row of another shape is never used) and the places of the body's text
blocks (:class:`~i18n_pub.render.Slot`: publish rebuilds the translated Markdown from them without parsing
the English again, which was a fifth of a first publish), keyed by the SHA-256 of the source file and
stored with :func:`~i18n_pub.state.code_version` (the package's code and
pysbd's version, like every other cache). A row written by other code is never
used, so a change to the splitting (or to how blocks are found) can never
publish stale boundaries; a missing, stale or damaged row only costs the time
to split the article again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from i18n_pub.blocks import Block, BlockKey, Unit, segment_blocks
from i18n_pub.markup import parse_for_segments
from i18n_pub.render import Slot, body_slots
from i18n_pub.sources import Article
from i18n_pub.state import code_version
from i18n_pub.store import KeyedStore

# (context, inside raw HTML, block text) → the block's sentences
Sentences = Mapping[BlockKey, tuple[Unit, ...]]


class SentenceStore(KeyedStore):
    """Blocks and sentences by source digest (one row per article). :meth:`close` writes what is pending."""

    TABLE = "article_sentences"

    def sentences(self, source_digest: str) -> Sentences | None:
        """The blocks of the article with these bytes, if this segmentation code split them."""
        value = self.get(source_digest)
        if value is None or value.get("code") != code_version():
            return None
        try:
            return {
                (context, html, text): tuple(Unit(u, bool(t), tuple(o), tuple(c), bool(g)) for u, t, o, c, g in units)
                for context, html, text, units in value["blocks"]  # a row of an older shape fails to unpack
            }
        except (KeyError, TypeError, ValueError):
            return None  # a damaged row: split the article again

    def slots(self, source_digest: str) -> tuple[Slot, ...] | None:
        """The text blocks of the body with these bytes, as this code found them (no Markdown parse needed)."""
        value = self.get(source_digest)
        if value is None or value.get("code") != code_version():
            return None
        try:
            return tuple(
                Slot(str(kind), int(start), int(end), tuple(prefixes), tuple(texts), tuple(tuple(t) for t in tags))
                for kind, start, end, prefixes, texts, tags in value["slots"]
            )
        except (KeyError, TypeError, ValueError):
            return None  # a damaged row, or one of an older shape: parse the body again

    def remember(self, source_digest: str, blocks: Sequence[Block], slots: Sequence[Slot]) -> None:
        value = [[block.context, block.html, block.text, stored_units(block)] for block in blocks]
        places = [[s.kind, s.start, s.end, list(s.prefixes), list(s.texts), [list(t) for t in s.tags]] for s in slots]
        self.put(source_digest, {"code": code_version(), "blocks": value, "slots": places})

    def sentences_for(self, source_digest: str, article: Article) -> Sentences:
        """The article's sentences by block: as stored when this code split these bytes, else split now (and stored)."""
        found = self.sentences(source_digest)
        if found is None:
            blocks, slots = article_blocks(article)
            self.remember(source_digest, blocks, slots)
            found = {block.key: block.units for block in blocks}
        return found


def article_blocks(article: Article) -> tuple[tuple[Block, ...], tuple[Slot, ...]]:
    """The article's blocks split into sentences, and the places of its body's text blocks: one Markdown parse."""
    tokens = parse_for_segments(article.body)
    return segment_blocks(article, tokens), body_slots(tokens, article.body.split("\n"))


def stored_units(block: Block) -> list[list[object]]:
    """A block's units as the store keeps them: ``[text, translate, opens, closes, glued]``."""
    return [[u.text, u.translate, list(u.opens), list(u.closes), u.glued] for u in block.units]
