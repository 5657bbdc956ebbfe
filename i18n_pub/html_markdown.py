"""A feed item's HTML → a CommonMark body (GFM tables): sanitised first, converted, then checked.

Three steps, each with one job:

1. :func:`sanitise` keeps only what a Markdown article can hold. WordPress shortcodes left in the
   text by plugins are handled first (:mod:`i18n_pub.shortcodes`); then ``nh3`` (the Rust
   ``ammonia`` allow-list sanitiser) drops scripts, styles, iframes, forms, comments and every
   attribute but links' ``href`` and images' ``src``/``alt`` (inline styles, classes, ``srcset``);
   then an lxml pass gives the result Markdown's shape: tracking pixels (1x1 images) removed,
   ``<figure>`` unwrapped with its caption as a paragraph, ``b``/``i`` as ``strong``/``em``, loose
   text in the body or a block quote wrapped in paragraphs, lists made tight or loose as a whole
   (Markdown has no mix), a table's first row as its header.
2. :func:`to_markdown` converts that HTML with ``markdownify`` (ATX headings, ``-`` bullets,
   pipe tables), escaping only what CommonMark would read as markup.
3. :func:`convert` renders the Markdown again with markdown-it and compares its words with the
   sanitised HTML's: anything that would come out different (text turned into markup, a table
   row longer than its header) is refused with :class:`ConversionError` instead of written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

import nh3
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from markdownify import MarkdownConverter

from i18n_pub.shortcodes import expand_shortcodes

_INLINE = {"a", "strong", "em", "code", "br", "img"}
_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "hr", "figure", "figcaption"}
_TABLE = {"table", "thead", "tbody", "tfoot", "tr", "th", "td"}
_ALLOWED = _INLINE | _BLOCK | _TABLE | {"b", "i"}
# Dropped with everything inside them: code, embedded players, forms, invisible fallbacks.
_DROPPED = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
            "form", "select", "textarea", "button", "audio", "video", "canvas", "map"}  # fmt: skip
_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}}
_SCHEMES = {"http", "https", "mailto"}
_CELL_BLOCKS = ("ul", "ol", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6")
_RENAMED = {"b": "strong", "i": "em"}


class ConversionError(ValueError):
    """The HTML cannot become Markdown without losing or changing something: ``what``, and ``fix``."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(f"{what} — {fix}")
        self.what, self.fix = what, fix


def convert(html: str, *, autop: bool = False) -> str:
    """The Markdown body for an item's HTML; raises :class:`ConversionError`.

    >>> convert('<p style="color:red">A <b>bold</b> <a href="https://x.org/">link</a>.</p><script>x()</script>')
    'A **bold** [link](https://x.org/).\\n'
    """
    clean = sanitise(html, autop=autop)
    markdown = to_markdown(clean)
    _check_same_words(clean, markdown)
    return markdown


def sanitise(html: str, *, autop: bool = False) -> str:
    """The HTML that :func:`to_markdown` converts: safe, and in the shapes Markdown has.

    ``autop``: the text is a WordPress post as stored (the classic editor's blank lines are its paragraphs).

    >>> sanitise('<figure><img src="a.jpg" alt="A" width="800"><figcaption>Caption</figcaption></figure>')
    '<p><img src="a.jpg" alt="A"></p><p>Caption</p>'
    """
    text = expand_shortcodes(html)
    if autop:
        text = wpautop(text)
    text = nh3.clean(
        text,
        tags=_ALLOWED,
        clean_content_tags=_DROPPED,
        attributes=_ATTRIBUTES,
        link_rel=None,
        url_schemes=_SCHEMES,
        strip_comments=True,
    )
    return _reshape(text)


_BLOCK_TAG = re.compile(r"(</?(?:p|h[1-6]|ul|ol|li|blockquote|pre|table|figure|div|hr)\b[^>]*>)", re.IGNORECASE)


def wpautop(text: str) -> str:
    """Paragraphs from blank lines, as WordPress does when it displays a classic-editor post.

    >>> wpautop("One.\\n\\nTwo\\nlines.\\n<h2>Head</h2>\\nThree.")
    '<p>One.</p>\\n<p>Two<br>\\nlines.</p>\\n<h2>Head</h2>\\n<p>Three.</p>'
    """
    if "<!-- wp:" in text:  # block-editor content already has its paragraphs
        return text
    pieces = []
    for chunk in re.split(r"\n\s*\n", _BLOCK_TAG.sub(r"\n\n\1\n\n", text.replace("\r\n", "\n"))):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _BLOCK_TAG.fullmatch(chunk) or not chunk.strip("\n "):
            pieces.append(chunk)
        else:
            pieces.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return _join_blocks(pieces)


def _join_blocks(pieces: list[str]) -> str:
    """Rejoin the chunks; a paragraph between an opening and a closing tag of an inline-holding block is unwrapped."""
    joined = "\n".join(pieces)
    return re.sub(r"(<(li|h[1-6])\b[^>]*>)\n<p>(.*?)</p>\n(</\2>)", r"\1\3\4", joined, flags=re.DOTALL)


def _unwrap(element: etree._Element) -> None:
    """The element goes, its text and children stay where it was."""
    cast(lxml_html.HtmlElement, element).drop_tag()


def _remove(element: etree._Element) -> None:
    """The element and its content go, the text after it stays."""
    cast(lxml_html.HtmlElement, element).drop_tree()


def _reshape(clean: str) -> str:
    parser = lxml_html.HTMLParser()
    try:
        root = lxml_html.fragment_fromstring(clean or "<p></p>", create_parent="div", parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ConversionError(f"the HTML cannot be read ({exc})", "check the post's markup") from None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):  # libxml2 drops what is deeper: refuse
        raise ConversionError("the HTML is nested too deeply to convert", "simplify the post's markup")
    for img in list(root.iter("img")):
        _keep_image_or_drop(img)
    for anchor in list(root.iter("a")):
        if not anchor.get("href"):  # an anchor name, or a link whose address the sanitiser refused
            _unwrap(anchor)
    for element in list(root.iter()):
        if element.tag in _RENAMED:
            element.tag = _RENAMED[element.tag]
        elif element.tag == "figure":
            _unwrap(element)
        elif element.tag == "figcaption":
            element.tag = "p"
    for inline in list(root.iter("a", "strong", "em", "code")):
        if next(inline.iterdescendants(*_BLOCK), None) is not None:  # Markdown's inline markup cannot hold a block
            _unwrap(inline)
    for table in list(root.iter("table")):
        _shape_table(table)
    for container in [root, *root.iter("blockquote")]:
        _wrap_loose_inline(container)
    _line_breaks(root)
    for listing in list(root.iter("ul", "ol")):
        _shape_list(listing)
    _drop_empty_blocks(root)
    _join_lines(root)
    return "".join(etree.tostring(child, encoding="unicode", method="html", with_tail=False) for child in root)


def _shape_list(listing: etree._Element) -> None:
    """Markdown has tight lists (items hold text) and loose ones (every item holds paragraphs), not a mix.

    A list whose items are each one paragraph at most becomes tight; one with an item of several
    blocks becomes loose, each item's text in a paragraph.
    """
    items = [child for child in listing if child.tag == "li"]
    if all(_one_paragraph(item) for item in items):
        for item in items:
            if len(item) and item[0].tag == "p" and len(item) == 1:
                _unwrap(item[0])
        return
    if any(child.tag == "p" for item in items for child in item):
        for item in items:
            _wrap_loose_inline(item, force=True)


def _one_paragraph(item: etree._Element) -> bool:
    children = list(item)
    if len(children) == 1 and children[0].tag == "p":
        return not (item.text or "").strip() and not (children[0].tail or "").strip()
    return not any(child.tag == "p" for child in children)


def _keep_image_or_drop(img: etree._Element) -> None:
    """A tracking pixel (1x1) or an image with no address goes, keeping the text around it.

    An emoji WordPress turned into an image for feeds (``…/images/core/emoji/…/1f600.png``) is
    its character again: the ``alt`` text.
    """
    width, height = img.attrib.pop("width", ""), img.attrib.pop("height", "")
    src, alt = img.get("src", ""), img.get("alt", "")
    if "/images/core/emoji/" in src and alt:
        img.tail = alt + (img.tail or "")
        _remove(img)
    elif not src or (width.strip() in ("0", "1") and height.strip() in ("0", "1")):
        _remove(img)


def _line_breaks(root: etree._Element) -> None:
    """A paragraph's line breaks split it into paragraphs; any other ``<br>`` becomes a space.

    Markdown's hard break (a trailing backslash or two spaces) lives inside a sentence, and
    sentences are what translators get: the break would reach them, and the feed, as a stray
    backslash. A dateline or an address line becomes a paragraph of its own instead.
    """
    for paragraph in list(root.iter("p")):
        if next(paragraph.iterchildren("br"), None) is None:
            continue
        pieces, current = [], etree.Element("p")
        current.text = paragraph.text
        for child in list(paragraph):
            if child.tag == "br":
                pieces.append(current)
                current = etree.Element("p")
                current.text = child.tail
            else:
                current.append(child)
        pieces.append(current)
        for piece in pieces:
            paragraph.addprevious(piece)
        pieces[-1].tail = paragraph.tail
        _remove_with_tail(paragraph)
    for br in list(root.iter("br")):
        br.tail = ("\n" if next(br.iterancestors("pre"), None) is not None else " ") + (br.tail or "")
        _remove(br)


def _remove_with_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _shape_table(table: etree._Element) -> None:
    """A GFM table: one header row first, cells holding inline content only."""
    if next(table.iterdescendants("table"), None) is not None:
        raise ConversionError("a table inside a table cannot be a Markdown table", "flatten the nested table in the post")
    for cell in table.iter("td", "th"):
        blocks = [element.tag for element in cell.iterdescendants(*_CELL_BLOCKS)]
        if blocks:
            raise ConversionError(
                f"a table cell holds a <{blocks[0]}>, which a Markdown table cell cannot hold", "keep table cells to text and links"
            )
        for element in list(cell.iterdescendants("p", "br")):
            element.tail = " " + (element.tail or "")
            _unwrap(element) if element.tag == "p" else _remove(element)
    rows = list(table.iter("tr"))
    if rows:
        for cell in rows[0]:
            cell.tag = "th"
        for row in rows[1:]:
            for cell in row:
                cell.tag = "td"


def _wrap_loose_inline(container: etree._Element, force: bool = False) -> None:
    """Text and inline elements beside blocks go into paragraphs of their own, as Markdown makes them."""
    children = list(container)
    if container.tag == "li" and not force and not any(child.tag in _BLOCK for child in children):
        return  # a tight list item: its text is the item's own
    paragraph: etree._Element | None = None
    if container.text and container.text.strip():
        paragraph = etree.Element("p")
        paragraph.text, container.text = container.text, None
        container.insert(0, paragraph)
    elif container.text:
        container.text = None
    for child in children:
        if child.tag in _BLOCK:
            paragraph = None
            if child.tail and child.tail.strip():
                paragraph = etree.Element("p")
                paragraph.text = child.tail
                child.addnext(paragraph)
            child.tail = None
            continue
        if paragraph is None:
            paragraph = etree.Element("p")
            child.addprevious(paragraph)
        paragraph.append(child)  # moves the child (its tail with it)


def _drop_empty_blocks(root: etree._Element) -> None:
    """``<p>&nbsp;</p>`` and other blocks with neither text nor an image: WordPress leaves many."""
    for element in reversed(list(root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "ul", "ol", "table"))):
        empty = not "".join(str(text) for text in element.itertext()).strip() and next(element.iter("img"), None) is None
        if empty and element.getparent() is not None:
            _remove(element)


_NEWLINES = re.compile(r"[ \t\r\n]*\n[ \t\r\n]*")


def _join_lines(root: etree._Element) -> None:
    """A newline in HTML text is a space; kept in the Markdown, a line starting "- " or "> " would be a list or a quote."""
    for element in root.iter():
        in_pre = next(element.iterancestors("pre"), None) is not None
        if element.text and not in_pre and element.tag != "pre":
            element.text = _NEWLINES.sub(" ", element.text)
        if element.tail and not in_pre:
            element.tail = _NEWLINES.sub(" ", element.tail)


# --- 2. HTML → Markdown ---------------------------------------------------------------

_AT_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[-+*](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|>|=+(?=\s*$))")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINK_LIKE = re.compile(r"\](?=[(\[:])")  # "[text](x)", "[text][x]", "[x]: …" written as text are not links
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CLOSING_HASHES = re.compile(r"(?<!\S)(#+)(?=\s*$)")  # "## Room #" would lose its last "#" as a closing sequence
_AUTOLINK_LIKE = re.compile(r"<(?=[A-Za-z])")  # nor is "<https://…>"


class _Converter(MarkdownConverter):
    """markdownify with escapes for what CommonMark reads as markup, and images kept everywhere."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = super().escape(text.replace("\\", "\\\\"), parent_tags).replace("`", r"\`")  # type: ignore[misc]
        text = _ENTITY.sub(r"\\&", text)
        text = _LINK_LIKE.sub(r"\\]", _AUTOLINK_LIKE.sub(r"\\<", text))
        if {"td", "th"} & parent_tags:
            text = text.replace("|", r"\|")
        if _HEADINGS & parent_tags:
            return _CLOSING_HASHES.sub(r"\\\1", text)
        if {"td", "th"} & parent_tags:
            return text  # a heading or a cell starts no block: "1. Introduction" stays as written
        return _AT_LINE_START.sub(_escape_marker, text)

    def convert_em(self, el, text: str, parent_tags: set[str]) -> str:  # type: ignore[no-untyped-def]
        """``**_x_**`` for emphasis filling a strong span: ``***x***`` would read back as em around strong."""
        parent = el.parent
        if parent is not None and parent.name == "strong" and not _siblings_with_text(el) and text.strip():
            return f"_{text.strip()}_"
        return str(super().convert_em(el, text, parent_tags))  # type: ignore[misc]

    def convert_img(self, el, text: str, parent_tags: set[str]) -> str:  # type: ignore[no-untyped-def]
        alt = (el.attrs.get("alt") or "").replace("[", r"\[").replace("]", r"\]")
        return f"![{alt}]({_destination(el.attrs.get('src') or '')})"


def _siblings_with_text(el) -> bool:  # type: ignore[no-untyped-def]
    return any(node is not el and (getattr(node, "name", None) or str(node).strip()) for node in el.parent.contents)


def _escape_marker(match: re.Match[str]) -> str:
    marker = match.group(2)
    return match.group(1) + (marker + "\\" if marker[0].isdigit() else "\\" + marker)


def _destination(url: str) -> str:
    """A link destination CommonMark reads back whole (spaces and parentheses included)."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def to_markdown(clean: str) -> str:
    """CommonMark (with GFM tables) for HTML that :func:`sanitise` returned."""
    converter = _Converter(heading_style="ATX", bullets="-", newline_style="BACKSLASH", strong_em_symbol="*", bs4_options="lxml")
    try:
        markdown = converter.convert(clean)
    except RecursionError:
        raise ConversionError("the HTML is nested too deeply to convert", "simplify the post's markup") from None
    markdown = re.sub(r"[ \t]+\n", "\n", markdown.strip("\n"))
    return re.sub(r"\n{3,}", "\n\n", markdown) + "\n" if markdown.strip() else ""


# --- 3. the check ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    """CommonMark with GFM tables, raw HTML off: as sources are read."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def words(html: str) -> list[str]:
    """The words of an HTML fragment, in order, text node by text node (a word split by markup stays split)."""
    root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
    return [word for piece in root.itertext() for word in piece.split()]


def _check_same_words(clean: str, markdown: str) -> None:
    before, after = words(clean), words(_renderer().render(markdown))
    if before == after:
        return
    index = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), min(len(before), len(after)))
    near = " ".join(before[max(0, index - 3) : index + 3])[:80]
    raise ConversionError(f"the Markdown would not read as the HTML does near {near!r}", "simplify the markup there in the post")
