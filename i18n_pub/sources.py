"""``sources/<slug>.md`` → :class:`Article`: YAML front matter and a CommonMark body."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from i18n_pub.errors import SourceError
from i18n_pub.fsutil import decode_utf8, read_bytes
from i18n_pub.textsafe import describe, first_unsafe_in_source, line_of

SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
_KEYS = {"title", "date", "slug", "summary", "author", "tags"}
_FENCE = "---"


@dataclass(frozen=True)
class Article:
    slug: str
    path: str  # relative to the site, as references and messages show it
    title: str
    date: date | datetime
    body: str
    body_line: int  # line of the file where the body starts
    title_line: int
    summary: str | None = None
    summary_line: int | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    slug_line: int = 1
    link: str | None = None  # the English original's address, when the front matter gives it
    draft: bool = False  # draft: true / published: false: never published
    front_matter: str = ""  # the front matter as written, between its fences
    front_fence: str = "---"  # '---' (YAML) or '+++' (TOML)


@dataclass(frozen=True)
class TextBlock:
    """The inline text of one Markdown block (paragraph, heading, list item …)."""

    text: str  # as written, newlines included
    line: int  # line of the file where the block starts


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one CommonMark parser. Raw HTML is not recognised, so it stays text and gets escaped."""
    return MarkdownIt("commonmark", {"html": False})


def parse_body(body: str) -> list[Token]:
    return markdown_parser().parse(body)


def inline_tokens(tokens: list[Token]) -> Iterator[Token]:
    """The tokens that hold translatable text, in document order (extraction and publishing share this)."""
    for token in tokens:
        if token.type == "inline" and token.content.strip():
            yield token


def text_blocks(article: Article) -> Iterator[TextBlock]:
    for token in inline_tokens(parse_body(article.body)):
        start = token.map[0] if token.map else 0
        yield TextBlock(token.content, article.body_line + start)


def load_articles(sources_dir: Path, label_of=lambda p: p.as_posix()) -> tuple[Article, ...]:
    """Every ``*.md`` under ``sources_dir``, sorted by slug. Raises on the first bad file, before anything is written."""
    articles = [read_article(inside_sources(path, label_of(path)), label_of(path)) for path in sorted(sources_dir.glob("*.md"))]
    seen: dict[str, str] = {}
    for article in articles:
        _check_unique_slug(article, seen)
    return tuple(sorted(articles, key=lambda a: a.slug))


def iter_articles(sources_dir: Path, label_of=lambda p: p.as_posix()) -> Iterator[tuple[Article, str]]:
    """Every source with the SHA-256 of its bytes, read and checked one at a time (in file name order).

    For a caller that holds no text per article: it raises on the first bad source,
    so the caller must write nothing before the iteration ends.
    """
    seen: dict[str, str] = {}
    for path in sorted(sources_dir.glob("*.md")):
        label = label_of(path)
        data = read_bytes(inside_sources(path, label), label, SourceError)
        article = article_from_bytes(data, label, path.stem)
        _check_unique_slug(article, seen)
        yield article, hashlib.sha256(data).hexdigest()


def _check_unique_slug(article: Article, seen: dict[str, str]) -> None:
    """Raise when an earlier article (``seen``: slug → its file) has this one's slug; else add it."""
    if article.slug in seen:
        raise duplicate_slug(article, seen[article.slug])
    seen[article.slug] = article.path


def duplicate_slug(article: Article, other: str) -> SourceError:
    """The error for ``article`` taking the slug of the source ``other``."""
    return SourceError(
        f"duplicate slug {article.slug!r}, also used by {other}",
        path=article.path,
        line=article.slug_line,
        fix="give each article its own slug",
    )


def inside_sources(path: Path, label: str) -> Path:
    """A source may be a symlink, but only to a file inside its own folder: nothing outside is read.

    Call it before reading ``path`` at all. A file that is not a symlink is where its folder is:
    only links are resolved (resolving every path took 0.8 s of a 1,000-article run).
    """
    if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
        raise SourceError(
            "is a symlink to a file outside the sources folder",
            path=label,
            fix="copy the article into the sources folder instead of linking to it",
        )
    return path


def read_article(path: Path, label: str) -> Article:
    return article_from_bytes(read_bytes(path, label, SourceError), label, path.stem)


def article_from_bytes(data: bytes, label: str, stem: str) -> Article:
    """The article in a source file's bytes (read once by a caller that also hashes them)."""
    text = decode_utf8(data, label, SourceError)
    unsafe = first_unsafe_in_source(text)
    if unsafe:
        raise SourceError(
            f"invisible character {describe(unsafe[1])}",
            path=label,
            line=line_of(text, unsafe[0]),
            fix="delete it (control characters and bidi overrides can hide or reorder text)",
        )
    return parse_article(text, label, stem)


def parse_article(text: str, label: str, stem: str) -> Article:
    """Parse one article. ``label`` names the file in errors; ``stem`` is the default slug.

    >>> a = parse_article("---\\ntitle: Hello\\ndate: 2021-03-29\\n---\\nBody text.\\n", "x.md", "x")
    >>> a.slug, a.title, a.date.isoformat(), a.body_line
    ('x', 'Hello', '2021-03-29', 5)
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        raise SourceError("no front matter", path=label, line=1, fix="start the file with a '---' line, then title: and date:")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == _FENCE)
    except StopIteration:
        raise SourceError("front matter is not closed", path=label, line=1, fix="end the front matter with a '---' line") from None
    front_text = "\n".join(lines[1:end])
    meta = _load_yaml(front_text, label)
    key_lines = _key_lines(lines[1:end])

    def error(what: str, key: str | None, fix: str) -> SourceError:
        return SourceError(what, path=label, line=key_lines.get(key, 1) if key else 1, fix=fix)

    unknown = sorted(set(meta) - _KEYS)
    if unknown:
        raise error(f"unknown front matter key {unknown[0]!r}", unknown[0], "allowed keys: " + ", ".join(sorted(_KEYS)))
    for key in ("title", "date"):
        if key not in meta or meta[key] in (None, ""):
            raise error(f"missing required front matter key {key!r}", None, f"add {key}: to the front matter")
    title = _string(meta["title"], "title", error)
    slug = meta.get("slug", stem)
    if not isinstance(slug, str) or not SLUG_RE.fullmatch(slug):
        raise error(
            f"bad slug {slug!r}",
            "slug" if "slug" in meta else None,
            "use lower-case letters, digits and hyphens, starting with a letter or digit (rename the file or set slug:)",
        )
    summary = meta.get("summary")
    tags = meta.get("tags") or ()
    if isinstance(tags, str):
        tags = (tags,)
    if not isinstance(tags, (list, tuple)) or not all(isinstance(t, str) for t in tags):
        raise error("'tags' must be a list of strings", "tags", "write tags: [culture, education]")
    return Article(
        slug=slug,
        path=label,
        title=title,
        date=_date(meta["date"], error),
        body="\n".join(lines[end + 1 :]),
        body_line=end + 2,
        title_line=key_lines.get("title", 2),
        summary=_string(summary, "summary", error) if summary not in (None, "") else None,
        summary_line=key_lines.get("summary"),
        author=_string(meta["author"], "author", error) if meta.get("author") else None,
        tags=tuple(tags),
        slug_line=key_lines.get("slug", 1),
    )


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


def _load_yaml(front_text: str, label: str) -> dict:
    if not front_text.strip():
        return {}
    try:
        meta = yaml.load(front_text, Loader=_FastFrontMatterLoader)
    except yaml.YAMLError:
        meta = _load_yaml_for_error(front_text, label)
    if not isinstance(meta, dict):
        raise SourceError("front matter is not a mapping", path=label, line=2, fix="write key: value lines such as title: …")
    return meta


def _load_yaml_for_error(front_text: str, label: str) -> object:
    try:
        return yaml.load(front_text, Loader=_FrontMatterLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 0-based, +1 for the opening ---
        problem = getattr(exc, "problem", None) or "syntax error"
        raise SourceError(f"invalid YAML in front matter: {problem}", path=label, line=line, fix="fix the YAML syntax") from None


def _key_lines(front_lines: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for offset, line in enumerate(front_lines):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if match:
            found.setdefault(match.group(1), offset + 2)
    return found


def _string(value: object, key: str, error) -> str:
    if not isinstance(value, str):
        raise error(f"{key!r} must be text", key, f"quote the {key}")
    return value


def _date(value: object, error) -> date | datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise error(f"date {value} has no time zone", "date", "write an RFC 3339 date-time such as 2021-03-29T10:00:00Z")
        return value
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return date.fromisoformat(value)
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if parsed.tzinfo is not None:
                return parsed
        except ValueError:
            pass
    raise error(f"bad date {value!r}", "date", "write YYYY-MM-DD or an RFC 3339 date-time such as 2021-03-29T10:00:00Z")
