"""Front matter as static-site generators write it: YAML between ``---`` lines, TOML between ``+++`` lines.

This module knows the syntax only: where the block is, how it parses, on which
line each top-level key is, and how to write the block back with the title and
summary translated and every other byte as it was (:func:`front_matter_with`).
What the keys mean is :mod:`i18n_pub.front_matter_keys`.

Hostile front matter cannot hurt: deep nesting is an error (never a
``RecursionError``), YAML aliases are never expanded (a "billion laughs" stays a
few hundred bytes: nothing here walks a value), and messages quote nothing from
the file but a YAML parser's short description of the problem.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from i18n_pub.errors import SourceError

if TYPE_CHECKING:
    from i18n_pub.sources import Article

YAML_FENCE = "---"
TOML_FENCE = "+++"


@dataclass(frozen=True)
class Block:
    """A source split at its front matter fences."""

    fence: str  # YAML_FENCE or TOML_FENCE
    text: str  # between the fences, newlines included, without the fence lines
    body: str
    body_line: int  # the line of the file where the body starts


def split(text: str, label: str) -> Block:
    """The front matter block and the body of a source (a byte-order mark and CRLF line ends already read as text).

    >>> block = split("+++\\ntitle = 'x'\\n+++\\nBody.\\n", "x.md")
    >>> block.fence, block.text, block.body, block.body_line
    ('+++', "title = 'x'", 'Body.\\n', 4)
    """
    lines = text.split("\n")
    fence = lines[0].strip()
    if fence not in (YAML_FENCE, TOML_FENCE):
        raise SourceError(
            "no front matter", path=label, line=1,
            fix="start the file with a '---' line (YAML) or a '+++' line (TOML), then title: and date:",
        )  # fmt: skip
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == fence)
    except StopIteration:
        raise SourceError("front matter is not closed", path=label, line=1, fix=f"end the front matter with a '{fence}' line") from None
    return Block(fence, "\n".join(lines[1:end]), "\n".join(lines[end + 1 :]), end + 2)


def load(block: Block, label: str) -> dict[str, Any]:
    """The front matter as a mapping; invalid syntax, deep nesting or a non-mapping is an error at its line."""
    if not block.text.strip():
        return {}
    meta = _load_toml(block.text, label) if block.fence == TOML_FENCE else _load_yaml(block.text, label)
    if not isinstance(meta, dict):
        raise SourceError("front matter is not a mapping", path=label, line=2, fix="write key: value lines such as title: …")
    return meta


def key_lines(block: Block) -> dict[str, int]:
    """Top-level key → the line of the file that sets it (first wins), for error messages.

    >>> key_lines(Block("+++", "title = 'x'\\n[params]\\ndate = 1", "", 5))
    {'title': 2}
    """
    found: dict[str, int] = {}
    pattern = _TOML_KEY if block.fence == TOML_FENCE else _YAML_KEY
    for offset, line in enumerate(block.text.split("\n")):
        if block.fence == TOML_FENCE and line.lstrip().startswith("["):
            break  # a table header: the keys after it are not top-level
        match = pattern.match(line)
        if match:
            found.setdefault(match.group(1) or match.group(2) or match.group(3), offset + 2)
    return found


_YAML_KEY = re.compile(r"""(?:"([^"]+)"|'([^']+)'|([A-Za-z_][\w-]*))\s*:(?:\s|$)""")
_TOML_KEY = re.compile(r"""\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


# --- YAML ------------------------------------------------------------------------------


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text, so a bad one gets our own error."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastFrontMatterLoader(getattr(yaml, "CSafeLoader", _FrontMatterLoader)):  # type: ignore[misc]
    """The same, with libyaml's parser when PyYAML has it: the pure-Python one took 1.5 s of a
    1,000-article run. Only text that parses goes through it; an error is found again by the
    pure-Python parser, whose messages are clearer (it names the bad character)."""

    yaml_implicit_resolvers = _FrontMatterLoader.yaml_implicit_resolvers


def _too_deep(label: str, line: int = 2) -> SourceError:
    return SourceError(
        "front matter is nested too deeply", path=label, line=line,
        fix="write plain key: value lines (title, date, summary …); lists and tables a few levels deep at most",
    )  # fmt: skip


def _load_yaml(text: str, label: str) -> object:
    try:
        return yaml.load(text, Loader=_FastFrontMatterLoader)
    except yaml.YAMLError:
        return _load_yaml_for_error(text, label)
    except RecursionError:
        raise _too_deep(label) from None


def _load_yaml_for_error(text: str, label: str) -> object:
    try:
        return yaml.load(text, Loader=_FrontMatterLoader)
    except RecursionError:
        raise _too_deep(label) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 0-based, +1 for the opening ---
        problem = str(getattr(exc, "problem", None) or "syntax error")[:80]
        if "nesting depth" in problem:  # libyaml's limit, when the pure-Python parser accepted the text
            raise _too_deep(label, line) from None
        raise SourceError(f"invalid YAML in front matter: {problem}", path=label, line=line, fix="fix the YAML syntax") from None


# --- TOML ------------------------------------------------------------------------------


def _load_toml(text: str, label: str) -> object:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise _too_deep(label) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) + 1 if match else 1
        problem = re.sub(r"\s*\(at .*\)$", "", str(exc))[:80] or "syntax error"
        raise SourceError(f"invalid TOML in front matter: {problem}", path=label, line=line, fix="fix the TOML syntax") from None


# --- writing it back with a translated title and summary ------------------------------


def front_matter_with(article: Article, title: str, summary: str | None = None) -> str:
    """The article's front matter block, fences included, with the title (and the summary, if
    given and the source has one) replaced; every other byte as written.

    The new values are written as double-quoted strings, which YAML and TOML read back
    exactly (quotes, backslashes, control and line-break characters escaped).

    >>> from i18n_pub.sources import parse_article
    >>> a = parse_article("---\\ntitle: Hello  # greeting\\nlayout: post\\n---\\nBody.\\n", "x.md", "x")
    >>> print(front_matter_with(a, 'Hola "amigos"'), end="")
    ---
    title: "Hola \\"amigos\\""  # greeting
    layout: post
    ---
    """
    replacements = {article.title_key: title}
    if summary is not None and article.summary_key is not None:
        replacements[article.summary_key] = summary
    spans = _toml_spans if article.front_fence == TOML_FENCE else _yaml_spans
    text = article.front_matter
    found = spans(text, replacements)
    for key, (start, end) in sorted(found.items(), key=lambda item: item[1][0], reverse=True):
        text = text[:start] + _quoted(replacements[key], toml=article.front_fence == TOML_FENCE) + text[end:]
    _check_rewrite(article, text, {key: replacements[key] for key in found})
    inner = f"{text}\n" if text else ""
    return f"{article.front_fence}\n{inner}{article.front_fence}\n"


def _quoted(value: str, *, toml: bool) -> str:
    """A double-quoted string both YAML and TOML read as ``value``.

    >>> _quoted('a "b" \\\\ c\\u2028\\x7f', toml=False)
    '"a \\\\"b\\\\" \\\\\\\\ c\\\\u2028\\\\u007f"'
    """
    quoted = json.dumps(value, ensure_ascii=False)  # escapes ", \\ and C0 controls the way YAML and TOML read them
    # Characters YAML reads as line breaks (NEL, LS, PS), DEL and C1 controls (TOML forbids DEL raw).
    return re.sub("[\x7f-\x9f\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _yaml_spans(text: str, replacements: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Key → the character span of its scalar value in ``text`` (only top-level scalars written in place)."""
    root = yaml.compose(text, Loader=_FrontMatterLoader)
    found: dict[str, tuple[int, int]] = {}
    if not isinstance(root, yaml.MappingNode):
        return found
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value not in replacements:
            continue
        start, end = value_node.start_mark.index, value_node.end_mark.index
        if not isinstance(value_node, yaml.ScalarNode) or start < key_node.end_mark.index:
            continue  # an alias to a value written elsewhere: left as it is
        written = text[start:end]
        found[key_node.value] = (start, start + len(written.rstrip()))  # a block scalar's span ends after its newline
    return found


_TOML_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""(?:"{0,2})'  # multi-line basic
    r"|'''.*?'''(?:'{0,2})"  # multi-line literal
    r'|"(?:[^"\\\n]|\\.)*"'  # basic
    r"|'[^'\n]*'",  # literal
    re.DOTALL,
)


def _toml_spans(text: str, replacements: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Key → the character span of its string value, for top-level ``key = "…"`` lines."""
    found: dict[str, tuple[int, int]] = {}
    header = re.search(r"^[ \t]*\[", text, re.MULTILINE)
    top = text[: header.start()] if header else text
    for key in replacements:
        name = re.escape(key)
        match = re.search(rf"""^[ \t]*(?:{name}|"{name}"|'{name}')[ \t]*=[ \t]*""", top, re.MULTILINE)
        value = _TOML_STRING.match(top, match.end()) if match else None
        if value is not None:
            found[key] = value.span()
    return found


def _check_rewrite(article: Article, text: str, expected: dict[str, str]) -> None:
    """Read the new block back: the replaced keys hold the translations and no key came or went."""
    block = Block(article.front_fence, text, "", 0)
    before = key_lines(Block(article.front_fence, article.front_matter, "", 0))
    try:
        meta = load(block, article.path)
    except SourceError:
        meta = {}
    if any(meta.get(key) != value for key, value in expected.items()) or set(key_lines(block)) != set(before):
        raise SourceError(
            "cannot write the translated title and summary into this front matter", path=article.path, line=article.title_line,
            fix="write title: and summary: as plain or quoted strings",
        )  # fmt: skip
