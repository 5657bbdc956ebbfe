"""Articles → text blocks → segments, on the parsed Markdown structure.

A text block is the inline text of a paragraph, heading, list item, block quote,
table cell or footnote definition, a run of text inside a raw HTML block, or the
title or summary. Its pieces (:mod:`i18n_pub.markup`) are split into sentences
with :func:`i18n_pub.segment.sentence_spans`, never inside a code; a span that
crosses a sentence boundary is closed at the end of one sentence and reopened at
the start of the next, so each segment is balanced on its own. A sentence with
nothing to translate (only codes and punctuation) is kept as it is, not a segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from i18n_pub.markup import (
    ATOM,
    BREAK,
    CLOSE,
    OPEN,
    SOFT,
    TEXT,
    Piece,
    html_runs,
    inline_pieces,
    parse_for_segments,
    plain_pieces,
    protect_text,
)
from i18n_pub.segment import SUMMARY_CONTEXT, TITLE_CONTEXT, Segment, normalize_space, sentence_spans
from i18n_pub.sources import Article

HARD_BREAK = "\\\n"
_PLACEHOLDER = "item"  # what sentence splitting reads in place of a code


@dataclass(frozen=True)
class Unit:
    """One sentence of a block: a segment to translate, or text kept as it is."""

    text: str
    translate: bool
    opens: tuple[str, ...] = ()  # codes opened again at its start: the previous sentence closed them
    closes: tuple[str, ...] = ()  # codes closed at its end: the next sentence opens them again
    glued: bool = False  # no whitespace between it and the sentence before it in the source ("end.*.")

    @property
    def is_break(self) -> bool:
        return self.text == HARD_BREAK


# What publish looks a block up by: (context, inside raw HTML, text as written). The same text splits
# differently as Markdown and inside a raw HTML block (where ``*`` and backticks are characters), so
# one article can hold both, with different sentences.
BlockKey = tuple[str | None, bool, str]


@dataclass(frozen=True)
class Block:
    """One text block of an article and its sentences."""

    context: str | None
    text: str  # as written
    segments: tuple[Segment, ...]
    units: tuple[Unit, ...] = ()
    html: bool = False  # a run of text inside a raw HTML block (Markdown is not read there)

    @property
    def key(self) -> BlockKey:
        return (self.context, self.html, self.text)


@dataclass(frozen=True)
class SourceBlock:
    """A text block of the body, where it is (``token``: the inline or html_block token it belongs to)."""

    text: str
    line: int  # line of the body (0-based) where the block starts
    pieces: tuple[Piece, ...]
    html: bool = False  # a run of text inside a raw HTML block (Markdown is not read there)


def body_blocks(tokens: Iterable[Token]) -> Iterator[SourceBlock]:
    """The text blocks of a parsed body (parsed with :func:`i18n_pub.markup.parse_for_segments`)."""
    for token in tokens:
        line = token.map[0] if token.map else 0
        if token.type == "inline" and token.content.strip():
            yield SourceBlock(token.content, line, tuple(protect_text(inline_pieces(token.children or []))))
        elif token.type == "html_block":
            for run in html_runs(token.content):
                text = token.content[run.start : run.end]
                yield SourceBlock(text, line + token.content.count("\n", 0, run.start), run.pieces, html=True)


def _has_text(pieces: Iterable[Piece]) -> bool:
    return any(p.kind == TEXT and any(c.isalpha() for c in p.text) for p in pieces)


def _split_at_breaks(pieces: list[Piece]) -> list[list[Piece]]:
    runs: list[list[Piece]] = [[]]
    for piece in pieces:
        if piece.kind == BREAK:
            runs += [[piece], []]
        else:
            runs[-1].append(piece)
    return [run for run in runs if run]


def _inside_images(pieces: list[Piece]) -> set[int]:
    """Pieces after the start of an image and up to its end: an alt text is never split."""
    inside: set[int] = set()
    open_pairs: set[int] = set()
    for index, piece in enumerate(pieces):
        if open_pairs:
            inside.add(index)
        if piece.kind == OPEN and piece.text == "![":
            open_pairs.add(piece.pair)
        elif piece.kind == CLOSE:
            open_pairs.discard(piece.pair)
    return inside


def _cut(pieces: list[Piece]) -> list[list[Piece]]:
    """The pieces of one run (no hard break inside) split into sentences."""
    plain: list[str] = []
    owner: list[tuple[int, int]] = []  # for each character of ``plain``: (piece, offset in it)
    for index, piece in enumerate(pieces):
        if piece.kind in (TEXT, SOFT):
            text = piece.text.replace("\n", " ")
        elif piece.kind == ATOM:
            text = _PLACEHOLDER
        else:
            continue
        plain.append(text)
        owner += [(index, offset if piece.kind != ATOM else 0) for offset in range(len(text))]
    flat = "".join(plain)
    starts = [start for start, _ in sentence_spans(flat)][1:]
    if not starts:
        return [pieces]
    sentences: list[list[Piece]] = []
    current: list[Piece] = []
    inside = _inside_images(pieces)
    cuts = sorted({owner[s] for s in starts if owner[s][0] not in inside})
    if not cuts:
        return [pieces]
    position = 0
    for index, piece in enumerate(pieces):
        while position < len(cuts) and cuts[position][0] == index:
            offset = cuts[position][1]
            if offset and piece.kind == TEXT:
                current.append(Piece(TEXT, piece.text[:offset]))
                piece = Piece(TEXT, piece.text[offset:])
                cuts = [(i, o - offset if i == index else o) for i, o in cuts]
            moved: list[Piece] = []
            while current and current[-1].kind == OPEN:  # a span that starts the next sentence
                moved.insert(0, current.pop())
            sentences.append(current)
            current = moved
            position += 1
        current.append(piece)
    sentences.append(current)
    return [s for s in sentences if s]


def _balance(sentences: list[list[Piece]]) -> list[tuple[list[Piece], tuple[str, ...], tuple[str, ...]]]:
    """Close each span still open at the end of a sentence, and open it again at the start of the next.

    Returns each sentence with the codes opened again at its start and those closed at its end.
    """
    closer = {p.pair: p for s in sentences for p in s if p.kind == CLOSE}
    balanced = []
    carried: list[Piece] = []  # spans open before this sentence, outermost first
    for sentence in sentences:
        pieces = list(carried) + sentence
        stack = list(carried)
        for piece in sentence:
            if piece.kind == OPEN:
                stack.append(piece)
            elif piece.kind == CLOSE:
                stack = [p for p in stack if p.pair != piece.pair]
        tail: list[Piece] = []
        while pieces and pieces[-1].kind in (TEXT, SOFT) and not pieces[-1].text.strip():
            tail.insert(0, pieces.pop())
        if pieces and pieces[-1].kind in (TEXT, SOFT):
            text = pieces[-1].text
            pieces[-1] = Piece(pieces[-1].kind, text.rstrip())
            tail.insert(0, Piece(TEXT, text[len(text.rstrip()) :]))
        closes = [closer.get(p.pair, Piece(CLOSE, "", p.pair)) for p in reversed(stack)]
        balanced.append((pieces + closes + tail, tuple(p.text for p in carried), tuple(p.text for p in closes)))
        carried = stack
    return balanced


def _joined(pieces: Iterable[Piece]) -> str:
    return "".join(p.text for p in pieces)


def units_of(pieces: Iterable[Piece], first_line: int, context: str | None = None) -> tuple[list[Unit], list[Segment]]:
    """The units of a block, and its segments with the line each starts on."""
    units: list[Unit] = []
    segments: list[Segment] = []
    lines = first_line
    spaced = True  # whitespace (or nothing) before the next sentence
    for run in _split_at_breaks(list(pieces)):
        if run[0].kind == BREAK:
            units.append(Unit(HARD_BREAK, False))
            lines += 1
            spaced = True
            continue
        for sentence, opens, closes in _balance(_cut(run)):
            raw = _joined(sentence)
            text = _normalized(sentence)
            if text and _has_text(sentence):
                leading = len(raw) - len(raw.lstrip())
                units.append(Unit(text, True, opens, closes, not spaced))
                segments.append(Segment(text, lines + raw.count("\n", 0, leading), context))
            elif text:
                units.append(Unit(text, False, opens, closes, not spaced))
            lines += raw.count("\n")
            spaced = raw[-1].isspace() if raw else spaced
    return units, segments


def _normalized(pieces: list[Piece]) -> str:
    """A sentence as one line: whitespace of the text collapsed, codes as written (line endings as spaces)."""
    held: list[str] = []
    codes: list[str] = []
    for piece in pieces:
        if piece.kind in (TEXT, SOFT):
            held.append(piece.text.replace("\ue000", " "))
        else:
            held.append("\ue000")
            codes.append(piece.text.replace("\n", " "))
    flat = normalize_space("".join(held)).split("\ue000")
    return "".join(part + (codes[i] if i < len(codes) else "") for i, part in enumerate(flat))


def block(context: str | None, text: str, pieces: Iterable[Piece], line: int, html: bool = False) -> Block:
    units, segments = units_of(pieces, line, context)
    return Block(context, text, tuple(segments), tuple(units), html)


def segment_blocks(article: Article, tokens: Sequence[Token] | None = None) -> tuple[Block, ...]:
    """Title, summary, then every text block of the body, each split into sentences. ``tokens``: the body
    as :func:`~i18n_pub.markup.parse_for_segments` parsed it, if the caller has it."""
    found = [block(TITLE_CONTEXT, article.title, plain_pieces(article.title), article.title_line)]
    if article.summary:
        line = article.summary_line or article.title_line
        found.append(block(SUMMARY_CONTEXT, article.summary, plain_pieces(article.summary), line))
    for source in body_blocks(parse_for_segments(article.body) if tokens is None else tokens):
        found.append(block(None, source.text, source.pieces, article.body_line + source.line, source.html))
    return tuple(found)


def segments_of(blocks: Iterable[Block]) -> tuple[Segment, ...]:
    return tuple(segment for block in blocks for segment in block.segments)


def segment_article(article: Article) -> tuple[Segment, ...]:
    """Title, summary, then every text block of the body, split into sentences."""
    return segments_of(segment_blocks(article))
