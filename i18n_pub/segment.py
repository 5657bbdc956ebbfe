"""Text → sentences (:mod:`i18n_pub.blocks` makes an article's segments with it).

pysbd does the sentence splitting (47 of the 48 English Golden Rules); a small
post-pass re-joins the splits news copy must never have: after an honorific or
an initial (``H.E. Dr. Salim M. AlMalik``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import pysbd
from pysbd.utils import TextSpan

from i18n_pub.honorifics import WORDS as HONORIFIC_WORDS

if TYPE_CHECKING:
    from i18n_pub.blocks import Block
    from i18n_pub.sources import Article


TITLE_CONTEXT = "title"
SUMMARY_CONTEXT = "summary"

# Whitespace runs collapse to one space; a no-break space is kept as written.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
# A sentence may not end right after one of these: it is a title or an initial, not a full stop.
_NO_BREAK_AFTER = re.compile(
    rf"(?:^|[\s(\"“‘'])(?:{HONORIFIC_WORDS}|Sr|Jr|St|No|Nos|Art|Fig|[A-HJ-Z])\.$"  # not "I.": the pronoun ends sentences
)


@dataclass(frozen=True)
class Segment:
    text: str
    line: int
    context: str | None = None


def normalize_space(text: str) -> str:
    """Collapse whitespace runs to one space, keeping no-break spaces.

    >>> normalize_space("  Dr.\\u00a0Said \\n met  them ")
    'Dr.\\xa0Said met them'
    """
    return _SPACES.sub(" ", text).strip()


class _Segmenter(pysbd.Segmenter):  # type: ignore[misc]  # pysbd ships no type hints
    r"""pysbd, with the sentences located in the text by ``str.find`` instead of a regular expression.

    pysbd finds each sentence's offsets with ``re.finditer(re.escape(sentence) + r"\s*", text)``:
    one new pattern per sentence, compiled once and never reused, which also pushes pysbd's own
    abbreviation patterns out of ``re``'s cache. That took about 40% of segmenting (8.8 s against
    5.4 s for the 10,032 blocks of the 1,000-article benchmark site, same output byte for byte).
    This method keeps pysbd's rule: the first occurrence, trailing whitespace included, that ends
    after the previous sentence.
    """

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        text = self.original_text
        spans: list[TextSpan] = []
        prior_end = 0
        for sentence in sentences:
            found = _span_after(text, sentence, prior_end)
            if found is not None:
                start, end = found
                spans.append(TextSpan(text[start:end], start, end))
                prior_end = end
        return spans


def _span_after(text: str, sentence: str, prior_end: int) -> tuple[int, int] | None:
    """The first non-overlapping occurrence of ``sentence`` (plus the whitespace after it) ending after ``prior_end``.

    >>> _span_after("A b. A b. C", "A b.", 5)
    (5, 10)
    """
    if not sentence:
        return None
    position = 0
    while (start := text.find(sentence, position)) >= 0:
        end = start + len(sentence)
        while end < len(text) and text[end].isspace():
            end += 1
        if end > prior_end:
            return start, end
        position = end
    return None


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return _Segmenter(language="en", clean=False, char_span=True)


# Punctuation after which pysbd may end a sentence (or start a list item). A block with none of it
# but at its very end (a heading, a list item, a caption) is one sentence: pysbd is not asked, which
# spared 12% of segmenting on the benchmark site (tests/test_segment.py checks the shortcut against pysbd).
_MAY_END_SENTENCE = re.compile(r"[.!?…:;)\]\"“”«»‘]|(?<!\w)['’]|['’](?!\w)")  # quotes too; not it's, ICESCO’s


def _single_sentence(flat: str) -> list[tuple[int, int]] | None:
    """The one span of a block that cannot hold two sentences; None when pysbd must decide."""
    body = flat.rstrip()
    if _MAY_END_SENTENCE.search(body[:-1] if body.endswith((".", "!", "?")) else body):
        return None
    start = len(flat) - len(flat.lstrip())
    return [(start, len(flat))] if start < len(flat) else []


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of each sentence in ``text``."""
    flat = text.replace("\n", " ").replace("\r", " ")
    single = _single_sentence(flat)
    if single is not None:
        return single
    spans: list[tuple[int, int]] = []
    for span in _segmenter().segment(flat):
        start, end = span.start, span.end
        if not flat[start:end].strip():
            continue
        if spans and _NO_BREAK_AFTER.search(flat[spans[-1][0] : spans[-1][1]].rstrip()):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[str]:
    """Split text into normalised sentences.

    >>> split_sentences("H.E. Dr. Salim M. AlMalik met Mr. J. Smith in the U.S. on Monday. It rained 2.5 mm.")
    ['H.E. Dr. Salim M. AlMalik met Mr. J. Smith in the U.S. on Monday.', 'It rained 2.5 mm.']
    """
    return [s for s in (normalize_space(text[a:b]) for a, b in sentence_spans(text)) if s]


def split_block(text: str, first_line: int, context: str | None = None) -> list[Segment]:
    """Sentences of a block, each with the line of the file it starts on."""
    segments = []
    for start, end in sentence_spans(text):
        sentence = normalize_space(text[start:end])
        if sentence:
            leading = len(text[start:end]) - len(text[start:end].lstrip())
            segments.append(Segment(sentence, first_line + text.count("\n", 0, start + leading), context))
    return segments


# An article's blocks and segments are made in i18n_pub.blocks (on the Markdown structure, with this
# module's sentence splitting); these names stay here for the callers that know them from here.


def segment_blocks(article: Article) -> tuple[Block, ...]:
    from i18n_pub.blocks import segment_blocks as blocks_of

    return blocks_of(article)


def segment_article(article: Article) -> tuple[Segment, ...]:
    from i18n_pub.blocks import segment_article as segments

    return segments(article)
