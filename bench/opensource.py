"""A reference nobody here wrote: opensource.guide's own human Spanish translations, aligned block by block.

The English guides (``tests/data/shared/realworld/opensource-guide/en``) and the
site's Spanish translations (``…/es``, CC BY 4.0) are parsed with the project's
CommonMark parser. Each text block gets a type: its HTML element and where it
sits (``h2``, ``p``, ``li>p``, ``blockquote>p``, ``td`` …). The two type sequences
of a guide are aligned with :class:`difflib.SequenceMatcher`; blocks in equal runs
are pairs, the rest (a paragraph the translator split, an aside one side lacks)
is skipped, and so is a pair whose lengths are not those of a translation or whose
Spanish lacks every link target of the English (the translations keep them).
Text is compared without Markdown markup (link text kept, targets dropped, HTML
entities decoded), the same way on every side.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from i18n_pub.segment import split_block
from i18n_pub.sources import markdown_parser

GUIDES = Path(__file__).resolve().parent.parent / "tests" / "data" / "shared" / "realworld" / "opensource-guide"
_FRONT = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.DOTALL)


@dataclass(frozen=True)
class Pair:
    guide: str
    kind: str
    english: str  # the block as written (Markdown inline text)
    spanish: str  # the reference block, as written


def _split(text: str) -> tuple[dict, str]:
    match = _FRONT.match(text)
    if match is None:
        return {}, text
    return yaml.safe_load(match.group("yaml")) or {}, text[match.end() :]


def typed_blocks(body: str) -> list[tuple[str, str]]:
    """(type, inline text) of every text block, in order."""
    blocks, parents = [], []
    tokens = markdown_parser().parse(body)
    for index, token in enumerate(tokens):
        if token.nesting == 1 and token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open", "table_open"):
            parents.append(token.tag)
        elif token.nesting == -1 and token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close", "table_close"):
            parents.pop()
        elif token.type == "inline" and token.content.strip():
            opener = tokens[index - 1].tag if index else ""
            blocks.append((">".join([*parents, opener]), token.content))
    return blocks


def aligned_pairs(guides: Path = GUIDES) -> list[Pair]:
    """Every English block paired with its Spanish block, by guide (titles included)."""
    pairs = []
    for spanish_path in sorted((guides / "es").glob("*.md")):
        english_path = guides / "en" / spanish_path.name
        if not english_path.exists():
            continue
        en_meta, en_body = _split(english_path.read_text(encoding="utf-8"))
        es_meta, es_body = _split(spanish_path.read_text(encoding="utf-8"))
        english = [("title", str(en_meta.get("title", ""))), *typed_blocks(en_body)]
        spanish = [("title", str(es_meta.get("title", ""))), *typed_blocks(es_body)]
        matcher = difflib.SequenceMatcher(None, [k for k, _ in english], [k for k, _ in spanish], autojunk=False)
        for tag, a0, a1, b0, _b1 in matcher.get_opcodes():
            if tag == "equal":
                pairs += [Pair(spanish_path.stem, english[a0 + i][0], english[a0 + i][1], spanish[b0 + i][1]) for i in range(a1 - a0)]
    return [p for p in pairs if _same_block(p)]


_TARGET = re.compile(r"\]\(([^)\s]+)")


def _same_block(pair: Pair) -> bool:
    """A pair kept for scoring: both sides have text, it differs, the lengths are those of a translation
    (Spanish runs 0.7–2 times the English), and links the English has are in the Spanish too (the
    translations keep link targets: a block without any of them is another block)."""
    english, spanish = plain(pair.english), plain(pair.spanish)
    if not english or not spanish or english == spanish or not 0.7 <= len(spanish) / len(english) <= 2.0:
        return False
    links = set(_TARGET.findall(pair.english))
    return not links or bool(links & set(_TARGET.findall(pair.spanish)))


def segments(block: str) -> list[str]:
    """The block's sentences, as the pipeline makes its msgids."""
    return [segment.text for segment in split_block(block, 1)]


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAGS = re.compile(r"<[^>]+>")
_MARKS = re.compile(r"[*_`]+")


def plain(text: str) -> str:
    """Inline Markdown as plain text: link text kept, targets, tags and emphasis marks dropped.

    >>> plain("Read **the [guide](https://x.org/g)** and `run it`.")
    'Read the guide and run it.'
    """
    text = html.unescape(_TAGS.sub("", _LINK.sub(r"\1", _IMAGE.sub(r"\1", text))))
    return " ".join(_MARKS.sub("", text).split())


def site_sources(destination: Path, guides: Path = GUIDES) -> None:
    """The English guides that have a Spanish translation, as sources of a site (title and date added)."""
    destination.mkdir(parents=True, exist_ok=True)
    for spanish_path in sorted((guides / "es").glob("*.md")):
        english_path = guides / "en" / spanish_path.name
        if english_path.exists():
            meta, body = _split(english_path.read_text(encoding="utf-8"))
            title = str(meta.get("title", spanish_path.stem)).replace('"', "'")
            front = f'---\ntitle: "{title}"\ndate: 2020-01-01\n---\n'
            (destination / english_path.name).write_text(front + body, encoding="utf-8")


def block_outputs(pairs: Sequence[Pair], translations: dict[str, str]) -> Iterator[str]:
    """Each pair's English block as a system translated it: its sentences' translations, joined."""
    for pair in pairs:
        yield " ".join(translations.get(segment, "") for segment in segments(pair.english))
