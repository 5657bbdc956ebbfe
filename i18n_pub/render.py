"""Translated Markdown, and Markdown → the XHTML a feed entry carries.

The translated body is the English body with each text block's source lines
replaced by its translation (container prefixes, list markers, table pipes and
everything else kept), as po4a does; it is rendered with the same parser and
plugins as the English (:func:`i18n_pub.markup.markdown`). Raw HTML, from the
source or not, passes an allow-list sanitiser (nh3); a translation carries only
the HTML tags of its source (others are escaped); relative links and images are
resolved against the original article's address.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

import nh3
from lxml import etree
from lxml import html as lxml_html
from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.token import Token

from i18n_pub.blocks import BlockKey, Unit
from i18n_pub.markup import LINK_SCHEMES, foreign_tags, html_runs, markdown, parse_for_segments

# (block text, inside raw HTML) → its translation (raises KeyError when a segment has none). The same
# text splits differently as Markdown and as raw HTML, so a block is found by both.
Translate = Callable[[str, bool], str]


# --- joining the translated sentences of a block ------------------------------------------


def _occurrences(text: str, code: str) -> list[int]:
    """Where ``code`` stands in ``text``; a delimiter run (``~~``, ``*``) only where it is the whole run,
    not part of a longer one (``**``, or an engine's own ``~~~``)."""
    if code and len(set(code)) == 1:
        mark = re.escape(code[0])
        return [m.start() for m in re.finditer(f"(?<!{mark}){re.escape(code)}(?!{mark})", text)]
    found, at = [], text.find(code)
    while code and at >= 0:
        found.append(at)
        at = text.find(code, at + 1)
    return found


def _delimiter_runs(text: str, code: str) -> list[tuple[int, int]]:
    """Runs of a delimiter ``code``'s character at least as long as it (``*`` in ``**``)."""
    return [m.span() for m in re.finditer(f"{re.escape(code[0])}{{{len(code)},}}", text)]


def _is_delimiter(code: str) -> bool:
    return bool(code) and len(set(code)) == 1


def _remove_last(text: str, code: str) -> str:
    """``text`` without the last ``code``: a span closed at the end of a sentence closes last, so a
    delimiter is taken from the end of the last run of its character (``**Uno.**`` where an inner
    ``*`` closed first, then the split one).

    >>> _remove_last("**Uno.** y", "*"), _remove_last("*a* b*", "*"), _remove_last("[a](x) b](y)", "](y)")
    ('**Uno.* y', '*a* b', '[a](x) b')
    """
    if _is_delimiter(code):
        runs = _delimiter_runs(text, code)
        return text[: runs[-1][1] - len(code)] + text[runs[-1][1] :] if runs else text
    found = _occurrences(text, code)
    return text[: found[-1]] + text[found[-1] + len(code) :] if found else text


def _remove_first(text: str, code: str) -> str:
    """``text`` without the first ``code``: a span opened again at a sentence's start opens first.

    >>> _remove_first("**ţĥé* ţĥé*", "*")
    '*ţĥé* ţĥé*'
    """
    if _is_delimiter(code):
        runs = _delimiter_runs(text, code)
        return text[: runs[0][0]] + text[runs[0][0] + len(code) :] if runs else text
    found = _occurrences(text, code)
    return text[: found[0]] + text[found[0] + len(code) :] if found else text


def join_units(units: Sequence[Unit], texts: Sequence[str]) -> str:
    """The block's text from its units' translations: a span that segmentation closed at the end of
    one sentence and opened again in the next is one span again; a hard break keeps its line; a space
    between two sentences only where the source has whitespace.

    >>> u = [Unit("**One.**", True, closes=("**",)), Unit("**Two.**", True, opens=("**",))]
    >>> join_units(u, ["**Uno.**", "**Dos.**"])
    '**Uno. Dos.**'
    """
    parts = list(texts)
    for index in range(len(parts) - 1):
        closes, opens = units[index].closes, units[index + 1].opens
        if closes and opens:
            # The codes as one run where the translation kept them together (an engine's own
            # characters, like the pseudo engine's "~~~", can look like one of them); else one by one.
            whole, again = "".join(closes), "".join(opens)
            if _occurrences(parts[index], whole) and _occurrences(parts[index + 1], again):
                parts[index] = _remove_last(parts[index], whole)
                parts[index + 1] = _remove_first(parts[index + 1], again)
                continue
            for code in closes:
                parts[index] = _remove_last(parts[index], code)
            for code in opens:
                parts[index + 1] = _remove_first(parts[index + 1], code)
    joined = ""
    for index, (unit, part) in enumerate(zip(units, parts, strict=True)):
        if index and not unit.is_break and not units[index - 1].is_break and not unit.glued:
            joined += " "
        joined += part
    return joined


# --- the translated Markdown body ----------------------------------------------------------

_STARTS_BLOCK = re.compile(r"(?:#{1,6}|[-+*>]|=+|`{3,}|~{3,})(?=\s|$)|\[[^\]]*\]:|(?:[*_-]\s*){3,}$")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?=\s|$)")


def _starts_html_block(line: str, first: bool) -> bool:
    """Whether the parser reads the line as the start of a raw HTML block (CommonMark's seven kinds, as
    markdown-it knows them); the last kind only on a block's first line, as it cannot interrupt a paragraph."""
    return line.startswith("<") and any(start.search(line) and (first or interrupts) for start, _, interrupts in HTML_SEQUENCES)


def _guard(line: str, first: bool = False) -> str:
    """A translated line that would start a block of its own (``# …``, ``- …``, ``1. …``, ``<div>``,
    ``<![CDATA[``) with its marker escaped. ``first``: the line starts the block."""
    line = line.lstrip(" \t")
    ordered = _ORDERED.match(line)
    if ordered:
        return ordered.group(1) + "\\" + line[len(ordered.group(1)) :]
    return "\\" + line if _STARTS_BLOCK.match(line) or _starts_html_block(line, first) else line


def _prefixes(lines: Sequence[str], first: int, content: str) -> list[str]:
    """What stands before the content on each of its source lines (``> ``, ``- ``, indentation)."""
    found = []
    for offset, text in enumerate(content.split("\n")):
        source = lines[first + offset] if first + offset < len(lines) else ""
        head, tail = source.rstrip(), text.rstrip()
        if tail and head.endswith(tail):
            found.append(source[: len(head) - len(tail)])
        else:
            found.append(re.match(r"(?:[ \t]*>)*[ \t]*", source).group())  # type: ignore[union-attr]
    return found


def _lines_with(prefixes: Sequence[str], text: str, guard: bool) -> list[str]:
    result = []
    for index, line in enumerate(text.split("\n")):
        prefix = prefixes[min(index, len(prefixes) - 1)]
        result.append(prefix + (_guard(line, index == 0) if guard else line))
    return result


def _cell(text: str) -> str:
    return re.sub(r"(?<!\\)\|", r"\\|", text)


def _row(line: str, cells: Sequence[str]) -> str:
    prefix = re.match(r"(?:[ \t]*>)*[ \t]*", line).group()  # type: ignore[union-attr]
    rest = line[len(prefix) :].rstrip()
    lead = rest.startswith("|")
    trail = (rest.endswith("|") and not rest.endswith("\\|")) or len(cells) == 1
    return prefix + ("| " if lead else "") + " | ".join(_cell(c) for c in cells) + (" |" if trail else "")


def _html_block(content: str, translate: Translate) -> str:
    pieces, last = [], 0
    for run in html_runs(content):
        source = content[run.start : run.end]
        tags = [p.text for p in run.pieces if p.text.startswith("<")]
        translated = re.sub(r"&(?!#?\w+;)", "&amp;", foreign_tags(translate(source, True), tags))
        pieces += [content[last : run.start], translated]
        last = run.end
    pieces.append(content[last:])
    return "".join(pieces)


_LEAVES = ("paragraph_open", "heading_open")


@dataclass(frozen=True)
class Slot:
    """A place in the body that takes translated text: all that :func:`translated_markdown` needs of the
    English parse, so publish can keep it from translate (:mod:`i18n_pub.sentence_store`) instead of parsing again."""

    kind: str  # "row" (a table row), "inline" (a paragraph or heading), "html" (a raw HTML block)
    start: int  # its first line in the body
    end: int  # the line after its last
    prefixes: tuple[str, ...]  # what stands before the text on each line; a row: the row's line as written
    texts: tuple[str, ...]  # its text; a row: each cell's
    tags: tuple[tuple[str, ...], ...]  # the raw inline HTML tags in each text, the only ones a translation keeps


def _tags(token: Token) -> tuple[str, ...]:
    return tuple(child.content for child in token.children or [] if child.type == "html_inline")


def body_slots(tokens: Sequence[Token], lines: Sequence[str]) -> tuple[Slot, ...]:
    """Every text block of a body (parsed into ``tokens``, split into ``lines``), in order."""
    slots = []
    for index, token in enumerate(tokens):
        if token.type == "tr_open" and token.map:
            cells = []
            for inner in tokens[index + 1 :]:
                if inner.type == "tr_close":
                    break
                if inner.type == "inline":
                    cells.append(inner)
            texts, tags = tuple(c.content for c in cells), tuple(_tags(c) for c in cells)
            slots.append(Slot("row", token.map[0], token.map[0] + 1, (lines[token.map[0]],), texts, tags))
        elif token.type == "inline" and token.map and token.content.strip() and tokens[index - 1].type in _LEAVES:
            end = token.map[0] + token.content.count("\n") + 1
            prefixes = tuple(_prefixes(lines, token.map[0], token.content))
            slots.append(Slot("inline", token.map[0], end, prefixes, (token.content,), (_tags(token),)))
        elif token.type == "html_block" and token.map:
            start, end = token.map
            prefixes = tuple(_prefixes(lines, start, token.content.rstrip("\n")))
            slots.append(Slot("html", start, end, prefixes, (token.content,), ((),)))
    return tuple(slots)


def _filled(slot: Slot, translate: Translate) -> list[str]:
    """The lines of ``slot`` with its text translated."""
    if slot.kind == "row":
        cells = [foreign_tags(translate(t, False), tags) if t.strip() else t for t, tags in zip(slot.texts, slot.tags, strict=True)]
        return [_row(slot.prefixes[0], cells)]
    if slot.kind == "inline":
        return _lines_with(slot.prefixes, foreign_tags(translate(slot.texts[0], False), slot.tags[0]), True)
    return _lines_with(slot.prefixes, _html_block(slot.texts[0], translate).rstrip("\n"), False)


def translated_markdown(body: str, translate: Translate, slots: Sequence[Slot] | None = None) -> str:
    """The body with every text block replaced by ``translate(block text, inside raw HTML)``; ``slots``: the
    body's text blocks as :func:`body_slots` found them, if known (else the body is parsed)."""
    lines = body.split("\n")
    if slots is None:
        slots = body_slots(parse_for_segments(body), lines)
    for slot in sorted(slots, key=lambda slot: (slot.start, slot.end), reverse=True):
        lines[slot.start : slot.end] = _filled(slot, translate)
    return "\n".join(lines)


# --- Markdown → safe XHTML ------------------------------------------------------------------

_TAGS = set(nh3.ALLOWED_TAGS) | {"section", "input"}
_GENERIC = {"id", "class", "title", "lang", "dir"}
_ATTRIBUTES = {tag: set(nh3.ALLOWED_ATTRIBUTES.get(tag, ())) | _GENERIC for tag in _TAGS}
_ATTRIBUTES["a"] |= {"rel"}
_ATTRIBUTES["input"] |= {"type", "checked", "disabled"}
_URL_ATTRIBUTES = ("href", "src", "cite")


def sanitize(html: str) -> str:
    """Only allowed tags and attributes; URLs only http, https, mailto or relative; no comments."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set(LINK_SCHEMES), link_rel=None, strip_comments=True)


def _resolved(url: str, base: str | None) -> str | None:
    absolute = urljoin(base, url.strip()) if base else url.strip()
    scheme = absolute.split(":", 1)[0].lower() if ":" in absolute else ""
    return absolute if scheme in LINK_SCHEMES or (not base and not scheme) else None


def to_xhtml(html: str, base: str | None) -> str:
    """Sanitised HTML as an XHTML fragment (well-formed XML), relative URLs resolved against ``base``."""
    clean = sanitize(html)
    if not clean.strip():
        return ""
    holder = lxml_html.fragment_fromstring(clean, create_parent="div")
    for element in holder.iter():
        for name in _URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                resolved = _resolved(value, base)
                if resolved is None:
                    del element.attrib[name]
                else:
                    element.set(name, resolved)
    text = etree.tostring(holder, method="xml", encoding="unicode")
    return text[len("<div>") : -len("</div>")] if text.startswith("<div>") else ""


def render_markdown(text: str, base: str | None = None) -> str:
    """Markdown (an English body or a translated one) as a safe XHTML fragment."""
    return to_xhtml(markdown().render(text), base)


# --- structure ------------------------------------------------------------------------------

_KEPT_TEXT = {"code", "pre", "kbd", "samp"}


def structure(xhtml: str) -> list[tuple[str, ...]]:
    """The elements of a rendered body in order, with the link targets, image sources and code texts
    a translation must keep (what the structure check and the tests compare)."""
    if not xhtml.strip():
        return []
    holder = etree.fromstring(f"<div>{xhtml}</div>".encode())
    found: list[tuple[str, ...]] = []
    for element in holder.iter():
        if not isinstance(element.tag, str) or element is holder:
            continue
        tag = etree.QName(element).localname
        item: tuple[str, ...] = (tag,)
        for name in ("href", "src"):
            if element.get(name) is not None:
                item += (f"{name}={element.get(name)}",)
        if tag in _KEPT_TEXT:
            item += ("".join(element.itertext()),)  # type: ignore[arg-type]  # lxml-stubs: str for a str-parsed tree
        found.append(item)
    return found


def structure_difference(original: list[tuple[str, ...]], translated: list[tuple[str, ...]]) -> str | None:
    """The first place where two structures differ, said in words; None when they are the same."""
    for index, (a, b) in enumerate(zip(original, translated, strict=False)):
        if a != b:
            return f"element {index + 1}: the original has {_say(a)}, the translation {_say(b)}"
    if len(original) > len(translated):
        return f"the translation lacks {_say(original[len(translated)])}"
    if len(original) < len(translated):
        return f"the translation adds {_say(translated[len(original)])}"
    return None


def _say(item: tuple[str, ...]) -> str:
    """
    >>> _say(("a", "href=https://x.org"))
    '<a href=“https://x.org”>'
    """
    attributes = [f"{part.split('=', 1)[0]}=“{part.split('=', 1)[1]}”" for part in item[1:] if "=" in part and item[0] not in _KEPT_TEXT]
    text = f" “{item[-1][:60]}”" if item[0] in _KEPT_TEXT else ""
    return "<" + " ".join([item[0], *attributes]) + ">" + text


def block_translator(units_of: Mapping[BlockKey, Sequence[Unit]], table: Mapping[str, str]) -> Translate:
    """``translate`` for :func:`translated_markdown`: the units of a body block (context None) looked up in
    ``table`` (segment → translation)."""

    def translate(text: str, html: bool) -> str:
        units = units_of[(None, html, text)]
        return join_units(units, [table[u.text] if u.translate else u.text for u in units])

    return translate
