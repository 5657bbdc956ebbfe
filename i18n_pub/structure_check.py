"""The structure checks: a msgstr keeps its msgid's codes, and a rendered translation its original's elements.

Per entry (:func:`check_protected`): the same protected spans verbatim — code
spans, link destinations, autolinks, inline HTML, footnote references, URLs,
shortcodes, file paths, version numbers — and the same emphasis, link and tag
pairs (see :mod:`i18n_pub.markup`). Per article (:func:`article_findings`): the
body rendered from the translated Markdown has the rendered English body's
elements in the same order, with the same link targets, image sources and code
texts; a difference is reported at the first entry of the first block whose
translation renders differently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import polib

from i18n_pub.blocks import segment_blocks
from i18n_pub.catalog import Status, entry_status, live_entries
from i18n_pub.config import Config
from i18n_pub.errors import I18nPubError
from i18n_pub.markup import ATOM, markdown, pieces_for
from i18n_pub.render import block_translator, join_units, render_markdown, structure, structure_difference, to_xhtml, translated_markdown
from i18n_pub.sentence_store import Sentences
from i18n_pub.sources import Article, article_from_bytes, read_source_bytes, source_files
from i18n_pub.state import sha256_bytes

STRUCTURE = "structure"


_URL = re.compile(r"<?(?:https?|ftp|mailto):|<?www\.|<?[^<>@\s]+@")


def _codes(text: str) -> Counter[str]:
    """The atoms of a text; not URLs and autolinks (the ``links`` check's), nor emphasis (``markup``'s)."""
    return Counter(p.text for p in pieces_for(text) if p.kind == ATOM and not _URL.match(p.text))


def _code_spans(codes: Counter[str]) -> int:
    return sum(n for code, n in codes.items() if code.startswith("`"))


def check_protected(source: str, translation: str) -> str | None:
    """The msgid's protected spans, each as often and verbatim, and no other.

    >>> check_protected("Run `make` [now](https://x.org).", "Ejecute `hacer` [ya](https://x.org).")
    'protected “`make`” is missing; protected “`hacer`” is not in the source'
    >>> check_protected("A **bold** move.", "Un paso **audaz**.")
    """
    theirs, ours = _codes(source), _codes(translation)
    if _code_spans(theirs) != _code_spans(ours):  # a code span lost or added is the markup check's finding
        theirs, ours = (Counter({c: n for c, n in codes.items() if not c.startswith("`")}) for codes in (theirs, ours))
    # Each span of the source, verbatim in the translation's text (however that language reads around it) …
    missing = [code for code, n in sorted(theirs.items()) for _ in range(max(0, n - translation.count(code)))]
    problems = [f"protected “{code}” is missing" for code in missing]
    # … and no code or tag of its own (a number Babel localised may look like a version: not counted).
    added = sorted(c for c in (ours - theirs).elements() if c.startswith(("`", "<")))
    problems += [f"protected “{code}” is not in the source" for code in added]
    return "; ".join(problems) or None


def article_findings(
    article: Article, po: polib.POFile, line_of: Callable[[polib.POEntry], int], sentences: Sentences | None = None
) -> list[tuple[int, str]]:
    """(line, message) for an article whose translated body does not render with the original's structure.

    Only an article whose every segment is translated (reviewed or machine) is compared: the others are not
    published. ``sentences``: the article's blocks as translate split them (else they are split now).
    """
    # polib's stubs type msgctxt as str, but it is None for an entry without a context
    entries: dict[tuple[str | None, str], polib.POEntry] = {(e.msgctxt, e.msgid): e for e in live_entries(po)}
    if not entries or any(entry_status(e) not in (Status.REVIEWED, Status.MACHINE) for e in entries.values()):
        return []
    if sentences is None:
        sentences = {b.key: b.units for b in segment_blocks(article)}
    table = {msgid: e.msgstr for (context, msgid), e in entries.items() if context is None}
    try:
        translated = translated_markdown(article.body, block_translator(sentences, table))
    except KeyError:
        return []  # the catalog is not merged with this source yet: translate does that
    difference = structure_difference(structure(render_markdown(article.body)), structure(render_markdown(translated)))
    if difference is None:
        return []
    body = ((text, found) for (context, _, text), found in sentences.items() if context is None)
    for text, found in body:  # the first block whose translation renders differently, if one does alone
        texts = [table.get(u.text, u.text) if u.translate else u.text for u in found]
        alone = structure_difference(_render_alone(text), _render_alone(join_units(found, texts)))
        if alone is not None:
            first = next((entries[(None, u.text)] for u in found if u.translate and (None, u.text) in entries), None)
            return [(line_of(first) if first is not None else 1, f"rendered block differs: {alone}")]
    first = next(iter(entries.values()))
    return [(line_of(first), f"the rendered translation differs: {difference}")]


def _render_alone(text: str) -> list[tuple[str, ...]]:
    """A block's text rendered as inline Markdown (a raw HTML run renders as inline HTML too)."""
    return structure(to_xhtml(markdown().renderInline(text), None))


def sources_by_slug(config: Config) -> dict[str, tuple[Article, str]]:
    """Every source that parses, by slug, with the SHA-256 of its bytes (a bad source is the other
    commands' error, not a finding)."""
    found: dict[str, tuple[Article, str]] = {}
    for source in source_files(config.sources_dir, config.relative)[0]:
        try:
            data = read_source_bytes(source.path, source.label)
            article = article_from_bytes(data, source.label, source.stem, config.front_matter)
        except I18nPubError:
            continue
        found.setdefault(article.slug, (article, sha256_bytes(data)))
    return found
