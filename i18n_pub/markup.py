"""Inline markup held as codes, the way Okapi and XLIFF hold inline tags.

The text of a block (a paragraph's inline tokens, or the text between the tags
of a raw HTML block) becomes a list of :class:`Piece`: translatable text, and
codes — the opening and closing markup of a span (emphasis, a link, a tag pair)
and atoms that are protected whole (code spans, autolinks, inline HTML, footnote
references, escapes and entities, and what :mod:`i18n_pub.protect` finds in
text: URLs, shortcodes, Liquid tags, file paths, version numbers). Joining the
pieces' text gives balanced Markdown again; :func:`markup_spans` gives the
codes of a segment as spans that no engine sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from i18n_pub.protect import Span, protected_regions

TEXT, OPEN, CLOSE, ATOM, SOFT, BREAK = "text", "open", "close", "atom", "soft", "break"
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
LINK_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class Piece:
    kind: str  # TEXT, OPEN, CLOSE, ATOM, SOFT (a line ending), BREAK (a hard line break)
    text: str  # as written in the Markdown (or HTML) source
    pair: int = -1  # OPEN and CLOSE of one span share it


def allowed_link(url: str) -> bool:
    """Links and images to http, https, mailto, or relative to the article; anything else stays text.

    >>> [allowed_link(u) for u in ("https://x.org", "MAILTO:a@b.org", "/docs/a", "#top", "javascript:alert(1)", "data:x")]
    [True, True, True, True, False, False]
    """
    match = _SCHEME.match(url.strip())
    return match is None or match.group(1).lower() in LINK_SCHEMES


def _configure(md: MarkdownIt) -> MarkdownIt:
    md.enable(["table", "strikethrough"]).use(footnote_plugin, inline=False)
    md.validateLink = allowed_link  # type: ignore[method-assign]  # markdown-it's documented link-check hook
    return md


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The one Markdown parser (sources and translations alike): CommonMark, raw HTML recognised,
    GFM tables and strikethrough, footnotes; links limited by :func:`allowed_link`."""
    return _configure(MarkdownIt("commonmark", {"html": True, "xhtmlOut": True}))


@lru_cache(maxsize=1)
def _segmenting_markdown() -> MarkdownIt:
    """The same parser, with escapes and entities kept as their own tokens (their source text is
    needed again): only the core's text_join step, which changes no structure, is off."""
    md = _configure(MarkdownIt("commonmark", {"html": True, "xhtmlOut": True}))
    md.core.ruler.disable(["text_join"])
    return md


def parse(text: str) -> list[Token]:
    return markdown().parse(text)


def parse_for_segments(text: str) -> list[Token]:
    return _segmenting_markdown().parse(text)


def parse_inline(text: str) -> list[Token]:
    """The inline tokens of ``text`` read as the content of one paragraph."""
    tokens = _segmenting_markdown().parseInline(text)
    return (tokens[0].children or []) if tokens else []


# --- Markdown inline tokens → pieces ----------------------------------------------------

_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _destination(url: str, title: str | None) -> str:
    """``](url "title")`` as CommonMark reads it back."""
    if not url or re.search(r"[\s<>]", url) or url.count("(") != url.count(")"):
        url = "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    if title:
        url += ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"]({url})"


def _code(token: Token) -> str:
    content = token.content
    # Padded when CommonMark would strip a space it must keep, or when a backtick inside would read as
    # a delimiter next to the markup: ``` `` x`y `` ``` stays as written, a fixed point of parse and write.
    pad = "`" in content or (content.startswith(" ") and content.endswith(" ") and content.strip())
    inner = f" {content} " if pad else content
    return token.markup + inner + token.markup


class _Pairs:
    def __init__(self) -> None:
        self.count = 0
        self.stack: list[int] = []

    def open(self, text: str) -> Piece:
        self.count += 1
        self.stack.append(self.count)
        return Piece(OPEN, text, self.count)

    def close(self, text: str) -> Piece:
        return Piece(CLOSE, text, self.stack.pop() if self.stack else 0)


def inline_pieces(children: Sequence[Token]) -> list[Piece]:
    """The pieces of one inline token's children (see the module's description)."""
    pieces: list[Piece] = []
    pairs = _Pairs()
    index = 0
    while index < len(children):
        token = children[index]
        kind = token.type
        if kind == "link_open" and token.markup in ("autolink", "linkify"):
            end = next((i for i in range(index, len(children)) if children[i].type == "link_close"), len(children) - 1)
            href = str(token.attrs.get("href", ""))
            label = "".join(t.content for t in children[index + 1 : end])
            pieces.append(Piece(ATOM, f"<{label if href.startswith('mailto:') and not label.startswith('mailto:') else href}>"))
            index = end + 1
            continue
        if kind in ("em_open", "strong_open", "s_open"):
            pieces.append(pairs.open(token.markup))
        elif kind in ("em_close", "strong_close", "s_close"):
            pieces.append(pairs.close(token.markup))
        elif kind == "link_open":
            pieces.append(pairs.open("["))
        elif kind == "link_close":
            opener = _link_opener(children, index)
            pieces.append(pairs.close(_destination(str(opener.attrs.get("href", "")), opener.attrs.get("title"))))  # type: ignore[arg-type]
        elif kind == "image":
            pieces.append(pairs.open("!["))
            pieces += inline_pieces(token.children or [])
            pieces.append(pairs.close(_destination(str(token.attrs.get("src", "")), token.attrs.get("title"))))  # type: ignore[arg-type]
        elif kind == "code_inline":
            pieces.append(Piece(ATOM, _code(token)))
        elif kind == "text_special":
            pieces.append(Piece(ATOM, token.markup or token.content))
        elif kind == "footnote_ref":
            pieces.append(Piece(ATOM, f"[^{token.meta['label']}]"))
        elif kind == "html_inline":
            pieces.append(Piece(ATOM, token.content))
        elif kind == "softbreak":
            pieces.append(Piece(SOFT, "\n"))
        elif kind == "hardbreak":
            pieces.append(Piece(BREAK, "\\\n"))
        elif kind == "text":
            pieces.append(Piece(TEXT, token.content))
        else:  # a token of a plugin not known here: kept as written
            pieces.append(Piece(ATOM, token.content or token.markup))
        index += 1
    return pair_tags(pieces)


def _link_opener(children: Sequence[Token], close: int) -> Token:
    depth = 0
    for index in range(close - 1, -1, -1):
        kind = children[index].type
        if kind == "link_close":
            depth += 1
        elif kind == "link_open":
            if depth == 0:
                return children[index]
            depth -= 1
    return Token("link_open", "a", 1)


def pair_tags(pieces: list[Piece]) -> list[Piece]:
    """Atoms that are an HTML start tag and its end tag in the same text become a pair of codes."""
    names = [_TAG_NAME.match(p.text) if p.kind == ATOM else None for p in pieces]
    result = list(pieces)
    used: set[int] = set()
    pair = 1000 + len(pieces)
    for start, match in enumerate(names):
        if match is None or match.group(1) or match.group(2).lower() in _VOID or pieces[start].text.endswith("/>"):
            continue
        depth = 0
        for end in range(start + 1, len(pieces)):
            other = names[end]
            if other is None or other.group(2).lower() != match.group(2).lower() or end in used:
                continue
            if not other.group(1):
                depth += 1
            elif depth:
                depth -= 1
            else:
                pair += 1
                result[start] = Piece(OPEN, pieces[start].text, pair)
                result[end] = Piece(CLOSE, pieces[end].text, pair)
                used.add(end)
                break
    return result


def protect_text(pieces: list[Piece]) -> list[Piece]:
    """Text pieces split where :func:`protected_regions` finds something to keep verbatim."""
    result: list[Piece] = []
    for piece in pieces:
        if piece.kind != TEXT:
            result.append(piece)
            continue
        last = 0
        for start, end in protected_regions(piece.text):
            if start > last:
                result.append(Piece(TEXT, piece.text[last:start]))
            result.append(Piece(ATOM, piece.text[start:end]))
            last = end
        if last < len(piece.text):
            result.append(Piece(TEXT, piece.text[last:]))
    return _join_shortcodes(result)


_SHORTCODE_START = re.compile(r"\{\{[<%]?\s*$|\{%-?\s*$")
_SHORTCODE_END = re.compile(r"^\s*[>%]?\}\}|^\s*-?%\}")


def _join_shortcodes(pieces: list[Piece]) -> list[Piece]:
    """``{{<figure src="a.png">}}`` parses as text around an HTML tag: the whole of it is one atom."""
    result: list[Piece] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        start = _SHORTCODE_START.search(piece.text) if piece.kind == TEXT else None
        if start and index + 2 < len(pieces) and pieces[index + 2].kind == TEXT:
            end = _SHORTCODE_END.match(pieces[index + 2].text)
            if end and pieces[index + 1].kind in (ATOM, OPEN, CLOSE):
                if start.start():
                    result.append(Piece(TEXT, piece.text[: start.start()]))
                result.append(Piece(ATOM, piece.text[start.start() :] + pieces[index + 1].text + end.group()))
                if end.end() < len(pieces[index + 2].text):
                    result.append(Piece(TEXT, pieces[index + 2].text[end.end() :]))
                index += 3
                continue
        result.append(piece)
        index += 1
    return _unpaired_to_atoms(result)


def _unpaired_to_atoms(pieces: list[Piece]) -> list[Piece]:
    """An OPEN or CLOSE whose other half went into an atom is an atom itself."""
    opens = {p.pair for p in pieces if p.kind == OPEN}
    closes = {p.pair for p in pieces if p.kind == CLOSE}
    both = opens & closes
    return [replace(p, kind=ATOM, pair=-1) if p.kind in (OPEN, CLOSE) and p.pair not in both else p for p in pieces]


# Where inline Markdown can begin (CommonMark and the plugins), and what the parser rewrites (line ends, NUL):
# a text without any of them is one text piece, as the parser reads it (tests/test_markdown.py checks it).
INLINE_SPECIAL = re.compile(r"[\n\r\0!&*<\[\\\]_`~^]")


def text_pieces(text: str) -> list[Piece]:
    """The pieces of a segment or a block read as Markdown inline text (a msgid, a msgstr)."""
    if text and not INLINE_SPECIAL.search(text):
        return protect_text([Piece(TEXT, text)])  # most sentences: no parse needed
    return protect_text(inline_pieces(parse_inline(text)))


def plain_pieces(text: str) -> list[Piece]:
    """The pieces of plain text (a title, a summary): only what :func:`protected_regions` finds is protected."""
    return protect_text([Piece(TEXT, text)])


# --- raw HTML blocks -------------------------------------------------------------------

_HTML_ITEM = re.compile(HTML_TAG_RE.pattern + r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Tags whose start or end ends a run of text: the text between them is one block, as po4a's xhtml module has it.
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hr", "html", "iframe", "legend", "li", "main", "nav", "ol", "option", "p", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul", "video", "audio", "object",
}  # fmt: skip
_RAW_TAGS = {"script", "style", "pre", "code", "textarea", "svg", "math", "kbd", "samp"}  # their text is never translated


@dataclass(frozen=True)
class HtmlRun:
    start: int  # offsets in the HTML text, leading and trailing whitespace excluded
    end: int
    pieces: tuple[Piece, ...]


def html_runs(html: str) -> list[HtmlRun]:
    """The runs of text (with the inline tags and entities inside them) of a raw HTML block."""
    runs: list[HtmlRun] = []
    current: list[tuple[int, int, Piece]] = []
    raw: list[str] = []
    position = 0

    def flush() -> None:
        while current and current[-1][2].kind == TEXT and not current[-1][2].text.strip():
            current.pop()
        if any(p.kind == TEXT and p.text.strip() for _, _, p in current):
            first, last = current[0], current[-1]
            lead = len(first[2].text) - len(first[2].text.lstrip()) if first[2].kind == TEXT else 0
            trail = len(last[2].text) - len(last[2].text.rstrip()) if last[2].kind == TEXT else 0
            start, end = first[0] + lead, last[1] - trail
            runs.append(HtmlRun(start, end, tuple(protect_text(pair_tags(_pieces_of(html[start:end]))))))
        current.clear()

    for match in _HTML_ITEM.finditer(html):
        if match.start() > position and not raw:
            current.append((position, match.start(), Piece(TEXT, html[position : match.start()])))
        item = match.group()
        name = _TAG_NAME.match(item)
        tag = name.group(2).lower() if name else ""
        if tag in _RAW_TAGS and not item.endswith("/>"):
            flush()
            if name.group(1):  # type: ignore[union-attr]
                if raw and raw[-1] == tag:
                    raw.pop()
            else:
                raw.append(tag)
        elif tag in _BLOCK_TAGS or (item.startswith(("<!", "<?")) and not item.startswith("<!--")):
            flush()
        elif not raw:
            current.append((match.start(), match.end(), Piece(ATOM, item)))
        position = match.end()
    if position < len(html) and not raw:
        current.append((position, len(html), Piece(TEXT, html[position:])))
    flush()
    return runs


def _pieces_of(html: str) -> list[Piece]:
    pieces: list[Piece] = []
    last = 0
    for match in _HTML_ITEM.finditer(html):
        if match.start() > last:
            pieces.append(Piece(TEXT, html[last : match.start()]))
        pieces.append(Piece(ATOM, match.group()))
        last = match.end()
    if last < len(html):
        pieces.append(Piece(TEXT, html[last:]))
    return pieces


def html_pieces(text: str) -> list[Piece]:
    """The pieces of a segment of a raw HTML block (a msgid, a msgstr)."""
    return protect_text(pair_tags(_pieces_of(text)))


# --- codes as protected spans ----------------------------------------------------------


def codes(pieces: Iterable[Piece]) -> list[str]:
    """The codes of a text, in order: what a translation must keep verbatim."""
    return [p.text for p in pieces if p.kind in (OPEN, CLOSE, ATOM)]


@lru_cache(maxsize=8192)
def pieces_for(text: str) -> tuple[Piece, ...]:
    """A segment's pieces: as HTML when it is the text of a raw HTML block (it joins back to
    itself that way and not as Markdown, with a tag or without: "` `` x`y ``" split from HTML is
    not one Markdown code span), else as Markdown. (Cached: masking, headlines and the checks
    all ask for the same segments.)"""
    pieces = text_pieces(text)
    if "".join(p.text for p in pieces) != text:
        html = html_pieces(text)
        if "".join(p.text for p in html) == text:
            return tuple(html)
    return tuple(pieces)


# What masking calls each code: an opening code takes no space after it, a closing one none before.
_SPAN_KINDS = {OPEN: "open", CLOSE: "close", ATOM: "markup"}


def markup_spans(text: str, language: str = "") -> list[Span]:
    """Every code of a segment as a :class:`Span` kept verbatim (a span finder for :mod:`i18n_pub.masking`).

    >>> [s.target for s in markup_spans("Run **`make`** [now](https://x.org/a).")]
    ['**', '`make`', '**', '[', '](https://x.org/a)']
    """
    spans: list[Span] = []
    position = 0
    for piece in pieces_for(text):
        found = text.find(piece.text, position) if piece.kind in (OPEN, CLOSE, ATOM) else -1
        if found >= 0:
            spans.append(Span(found, found + len(piece.text), piece.text, _SPAN_KINDS[piece.kind], piece.text))
            position = found + len(piece.text)
        elif piece.kind == TEXT:
            position = max(position, text.find(piece.text, position) + len(piece.text)) if piece.text in text[position:] else position
    return spans


_CODE_SPAN = re.compile(r"((`+)[^`](?:.*?[^`])?\2(?!`))")


def foreign_tags(text: str, allowed: Iterable[str]) -> str:
    """``text`` with every HTML tag that is not in ``allowed`` escaped (``<`` → ``&lt;``): a translation
    carries only the markup of its source.

    >>> foreign_tags('<b>Hi</b> <script>x</script> `<i>`', ["<b>", "</b>"])
    '<b>Hi</b> &lt;script>x&lt;/script> `<i>`'
    >>> foreign_tags('<![CDATA[ <img src=x>]]>', [])
    '&lt;![CDATA[ &lt;img src=x>]]>'
    """
    keep = set(allowed)

    def escape(part: str) -> str:
        # Every "<" of a foreign match: one match can hold more tags (a CDATA section, a comment).
        return HTML_TAG_RE.sub(lambda m: m.group() if m.group() in keep else m.group().replace("<", "&lt;"), part)

    parts = _CODE_SPAN.split(text)  # code spans, where a tag is text already, stay as they are
    return "".join(part if index % 3 == 1 else "" if index % 3 == 2 else escape(part) for index, part in enumerate(parts))
