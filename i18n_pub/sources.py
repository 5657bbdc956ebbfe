"""``sources/`` → :class:`Article`: front matter (YAML or TOML) and a CommonMark body.

Sources are found as static-site generators lay them out (``docs/sources.md``):
every ``*.md`` (or ``*.markdown``) under ``sources/``, in sections (sub-folders) too;
a page bundle ``<name>/index.md`` is one article named after its folder (its other
files are the bundle's resources); a section's ``_index.md`` and hidden files are
not articles. Every bad source is reported, not only the first
(:class:`~i18n_pub.errors.SourceErrors`).
"""

from __future__ import annotations

import bisect
import errno
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt

from i18n_pub import front_matter
from i18n_pub.errors import SourceError, SourceErrors
from i18n_pub.front_matter_keys import DEFAULT_KEYS, FrontMatterKeys, read_fields
from i18n_pub.fsutil import decode_utf8
from i18n_pub.textsafe import (
    describe,
    excerpt,
    first_unsafe_in_source,
    line_of,
    printable,
)

SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
SUFFIXES = (".md", ".markdown")
BUNDLE_INDEX = "index"  # <name>/index.md: the article <name>
SECTION_INDEX = "_index"  # Hugo's list page of a section: not an article


@dataclass(frozen=True)
class Article:
    slug: str
    path: str  # relative to the site, as references and messages show it
    title: str
    date: date | datetime | None  # None: the front matter gives none (published without a date, with a warning)
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
    title_key: str = "title"  # the front matter key the title came from (front_matter.front_matter_with rewrites it)
    summary_key: str | None = None  # … and the summary's


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one CommonMark parser. Raw HTML is not recognised, so it stays text and gets escaped."""
    return MarkdownIt("commonmark", {"html": False})


# --- finding the sources -------------------------------------------------------------

Label = Callable[[Path], str]


def _posix(path: Path) -> str:
    return path.as_posix()


@dataclass(frozen=True)
class SourceFile:
    path: Path
    label: str  # relative to the site, as messages show it
    stem: str  # what the default slug derives from: the file's name, or a bundle's folder name


def default_stem(path: Path) -> str:
    """The name a source's slug derives from: ``x`` for ``x.md`` and for the bundle ``x/index.md``."""
    return path.parent.name if path.stem == BUNDLE_INDEX else path.stem


def source_files(sources_dir: Path, label_of: Label = _posix) -> tuple[list[SourceFile], list[SourceError]]:
    """Every source under ``sources_dir`` in the order of their labels, and what is wrong with the entries that cannot be sources."""
    errors: list[SourceError] = []
    return list(walk_sources(sources_dir, errors, label_of)), errors


def walk_sources(sources_dir: Path, errors: list[SourceError], label_of: Label = _posix) -> Iterator[SourceFile]:
    """Every source under ``sources_dir``, one at a time in the order of their labels; what cannot be a source goes to ``errors``.

    Nothing here opens a file: a FIFO or a device named ``x.md`` is refused from its
    ``stat``, so nothing can hang. Symlinks to folders are not followed (a loop, or a
    second copy of a section); a symlink to a file must stay inside ``sources_dir``.
    Only the names of the folders being walked are held (publish's memory must not grow
    with the site): a folder sorts as its name plus ``/``, so walking each folder in
    that order gives the labels' own order. A stack, not recursion: any depth of folders.
    """
    if not sources_dir.is_dir():
        return  # no sources folder: no sources yet
    stack = [_listing(sources_dir, sources_dir, errors, label_of)]
    while stack:
        found = next(stack[-1], None)
        if found is None:
            stack.pop()
        elif isinstance(found, Path):
            stack.append(_listing(found, sources_dir, errors, label_of))
        else:
            yield found


def _listing(folder: Path, sources_dir: Path, errors: list[SourceError], label_of: Label) -> Iterator[SourceFile | Path]:
    """One folder's sources and the subfolders to walk, in label order."""
    try:
        with os.scandir(folder) as scan:  # hidden names: editors' and version control's files, and our own temporary files
            keys = sorted(entry.name + "/" if _is_folder(entry) else entry.name for entry in scan if not entry.name.startswith("."))
    except OSError as exc:
        errors.append(_unreadable(folder, label_of, exc))
        return
    bundle = folder != sources_dir and any(_holds(keys, BUNDLE_INDEX + suffix) for suffix in SUFFIXES)
    for key in keys:
        entry = _Entry(key.removesuffix("/"), str(folder / key.removesuffix("/")), key.endswith("/"))
        path = Path(entry.path)
        is_source = path.suffix in SUFFIXES and path.stem != SECTION_INDEX and (not bundle or path.stem == BUNDLE_INDEX)
        if not is_source and not entry.folder and not _is_loop(entry):
            continue
        problem = _entry_problem(entry, path, sources_dir)
        if problem is not None:
            errors.append(SourceError(problem[0], path=printable(label_of(path)), fix=problem[1]))
        elif not entry.folder:
            yield SourceFile(path, label_of(path), default_stem(path))
        elif not bundle:  # a leaf bundle holds resources, not pages
            yield path


def _holds(keys: list[str], name: str) -> bool:
    at = bisect.bisect_left(keys, name)
    return at < len(keys) and keys[at] == name


@dataclass(frozen=True)
class _Entry:
    """What the walk asks of a folder's entry (``os.DirEntry``'s methods), from ``stat`` calls made when asked."""

    name: str
    path: str
    folder: bool  # a folder, or a symlink to one

    def is_symlink(self) -> bool:
        try:
            return stat.S_ISLNK(os.lstat(self.path).st_mode)
        except OSError:
            return False

    def stat(self) -> os.stat_result:
        return os.stat(self.path)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows a symlink: a link to a folder is looked at (and refused)
    except OSError:
        return entry.is_symlink()


def _is_loop(entry: _Entry) -> bool:
    """A symlink that leads back to itself: reported whatever its name (it is always a mistake)."""
    if not entry.is_symlink():
        return False
    try:
        os.stat(entry.path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _entry_problem(entry: _Entry, path: Path, sources_dir: Path) -> tuple[str, str] | None:
    """What makes this entry unusable (what, how to fix), or None."""
    unsafe = first_unsafe_in_source(entry.name) or _first_line_break(entry.name)
    if unsafe:  # a newline in a name would end a PO reference and start a line of its own
        return f"the name holds the invisible character {describe(unsafe[1])}", "rename it with visible characters only"
    try:
        mode = entry.stat().st_mode  # follows symlinks, never opens
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symlink loop", "replace the symlink with the file it should point to"
        return "is a broken symlink" if entry.is_symlink() else f"cannot be read: {exc.strerror}", "fix or remove it"
    if stat.S_ISDIR(mode):
        if entry.is_symlink():
            return "is a symlink to a folder, which i18n-pub does not follow", "move the folder itself into the sources folder"
        return None
    if not stat.S_ISREG(mode):
        return f"is not a regular file ({_kind(mode)})", "replace it with a Markdown file, or move it out of the sources folder"
    if entry.is_symlink() and not path.resolve().is_relative_to(sources_dir.resolve()):
        return "is a symlink to a file outside the sources folder", "copy the article into the sources folder instead of linking to it"
    return None


def _first_line_break(name: str) -> tuple[int, str] | None:
    """The tab, newline or carriage return that :func:`first_unsafe_in_source` allows in text, not in names."""
    match = re.search("[\t\n\r]", name)
    return (match.start(), match.group()) if match else None


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
    return next((name for test, name in kinds if test(mode)), "not a file")


def _unreadable(folder: Path, label_of: Label, exc: OSError) -> SourceError:
    return SourceError(f"cannot read the folder: {exc.strerror}", path=printable(label_of(folder)), fix="check its permissions")


# --- reading them ----------------------------------------------------------------------


def read_source_bytes(path: Path, label: str) -> bytes:
    """A source's bytes. Opened without blocking and checked to be a regular file before reading:
    a FIFO put in place after the folder was listed cannot hang the run either."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        what = "is a symlink loop" if exc.errno == errno.ELOOP else f"cannot read the file: {exc.strerror}"
        raise SourceError(what, path=printable(label), fix="check that it is a readable Markdown file") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SourceError("is not a regular file", path=printable(label), fix="replace it with a Markdown file")
        try:
            return handle.read()
        except OSError as exc:
            what = f"cannot read the file: {exc.strerror}"
            raise SourceError(what, path=printable(label), fix="check that it is a readable file") from None


def load_articles(sources_dir: Path, label_of: Label = _posix, keys: FrontMatterKeys = DEFAULT_KEYS) -> tuple[Article, ...]:
    """Every source, sorted by slug. Raises every bad source at once, before anything is written."""
    return tuple(sorted((article for article, _ in iter_articles(sources_dir, label_of, keys)), key=lambda a: a.slug))


def iter_articles(
    sources_dir: Path, label_of: Label = _posix, keys: FrontMatterKeys = DEFAULT_KEYS, seen: MutableMapping[str, str] | None = None
) -> Iterator[tuple[Article, str]]:
    """Every good source with the SHA-256 of its bytes, read and checked one at a time (in path order).

    For a caller that holds no text per article. The bad sources (and duplicate slugs)
    are raised together once every source was read: the caller must write nothing
    before the iteration ends. ``seen`` (slug → file) is where the slugs met so far are
    kept: publish passes one on disk.
    """
    errors: list[SourceError] = []
    seen = {} if seen is None else seen
    for source in walk_sources(sources_dir, errors, label_of):
        try:
            data = read_source_bytes(source.path, source.label)
            article = article_from_bytes(data, source.label, source.stem, keys)
            check_unique_slug(article, seen)
        except SourceError as error:
            errors.append(error)
            continue
        yield article, hashlib.sha256(data).hexdigest()
    SourceErrors.raise_any(errors)


def check_unique_slug(article: Article, seen: MutableMapping[str, str]) -> None:
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
        fix="give each article its own slug (set slug: in one of them)",
    )


def read_article(path: Path, label: str, keys: FrontMatterKeys = DEFAULT_KEYS) -> Article:
    return article_from_bytes(read_source_bytes(path, label), label, default_stem(path), keys)


def article_from_bytes(data: bytes, label: str, stem: str, keys: FrontMatterKeys = DEFAULT_KEYS) -> Article:
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
    return parse_article(text, label, stem, keys)


def parse_article(text: str, label: str, stem: str, keys: FrontMatterKeys = DEFAULT_KEYS) -> Article:
    """Parse one article. ``label`` names the file in errors; ``stem`` is what the default slug derives from.

    >>> a = parse_article("---\\ntitle: Hello\\ndate: 2021-03-29\\n---\\nBody text.\\n", "x.md", "x")
    >>> a.slug, a.title, a.date.isoformat(), a.body_line
    ('x', 'Hello', '2021-03-29', 5)
    >>> a = parse_article("+++\\ntitle = 'Hi'\\ndraft = true\\n+++\\nBody.\\n", "Posts/My_Post.md", "My_Post")
    >>> a.slug, a.date, a.draft, a.front_fence
    ('my-post', None, True, '+++')
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    block = front_matter.split(text, label)
    lines = front_matter.key_lines(block)
    meta = front_matter.load(block, label)
    found = read_fields(meta, lines, label, keys)
    slug_key = next((key for key in keys.slug if key in lines), None)
    return Article(
        slug=_slug(found.slug, stem, label, lines.get(slug_key or "", 1)),
        path=label,
        title=found.title,
        date=found.date,
        body=block.body,
        body_line=block.body_line,
        title_line=lines.get(found.title_key, 2),
        summary=found.summary,
        summary_line=lines.get(found.summary_key or ""),
        author=found.author,
        tags=found.tags,
        slug_line=lines.get(slug_key or "", 1),
        link=found.link,
        draft=found.draft,
        front_matter=block.text,
        front_fence=block.fence,
        title_key=found.title_key,
        summary_key=found.summary_key,
    )


def _slug(explicit: str | None, stem: str, label: str, line: int) -> str:
    """An explicit ``slug:`` as written (it must be a slug); else one derived from the file or bundle name."""
    if explicit is not None:
        if not SLUG_RE.fullmatch(explicit):
            raise SourceError(
                f"bad slug {excerpt(explicit)}", path=label, line=line,
                fix="use lower-case letters, digits and hyphens, starting with a letter or digit",
            )  # fmt: skip
        return explicit
    slug = slug_from_name(stem)
    if slug is None:
        raise SourceError(
            f"no slug can be made from the name {excerpt(stem)}", path=label, line=1,
            fix="set slug: in the front matter (lower-case letters, digits and hyphens)",
        )  # fmt: skip
    return slug


def slug_from_name(name: str) -> str | None:
    """A file or folder name as a slug: a name that is one stays as it is; else lower-cased, accents
    dropped, every run of other characters one ``-``.

    >>> slug_from_name("my-post"), slug_from_name("My_Post.v2"), slug_from_name("2021-02-18-the-@-modifier")
    ('my-post', 'my-post-v2', '2021-02-18-the-modifier')
    >>> slug_from_name("Café Réunion"), slug_from_name("日本")
    ('cafe-reunion', None)
    """
    if SLUG_RE.fullmatch(name):
        return name
    return ascii_slug(name) or None


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits, accents dropped, every other run a hyphen (the one slug rule).

    >>> ascii_slug("Café: Déjà-vu!"), ascii_slug("مرحبا")
    ('cafe-deja-vu', '')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def undated_warning(article: Article) -> str:
    """What publish says about an article without a date."""
    return f"{printable(article.path)}: no date in the front matter: its entries have no published date — add date: YYYY-MM-DD"
