"""``i18n-pub import SOURCE``: an RSS/Atom feed or a WordPress export → ``sources/<slug>.md``.

Every item is checked and converted first; only then is anything written, all files in one
:class:`~i18n_pub.fsutil.WriteBatch` (each one atomically). With an error and no ``keep_going``
nothing is written at all; with ``keep_going`` the good items are written and the errors still
reported (the command exits 1 either way, so a script notices).

Each source written by import ends its front matter with ``imported-digest: sha256:<hex>``, the
SHA-256 of the file without that line. On the next import a file whose digest still matches is
import's to replace; one whose digest does not match was edited by hand, and one without the
key was not written by import: both are kept unless ``force``. One line in the file itself (no
record elsewhere to lose or merge): it moves with the file and shows in a diff beside the change.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from i18n_pub import fetch
from i18n_pub.config import Config
from i18n_pub.errors import FeedError, SourceError
from i18n_pub.feed_items import (
    FeedItem,
    ParsedFeed,
    Skipped,
    html_text,
    parse_feed,
    rfc3339_date,
)
from i18n_pub.front_matter_keys import DEFAULT_KEYS, FrontMatterKeys
from i18n_pub.fsutil import WriteBatch, already_holds, read_bytes
from i18n_pub.html_markdown import ConversionError, convert
from i18n_pub.sources import BUNDLE_INDEX, SLUG_RE, SUFFIXES, ascii_slug, parse_article, read_source_bytes
from i18n_pub.textsafe import describe, first_unsafe_in_source

DIGEST_KEY = "imported-digest"
_DIGEST_LINE = re.compile(rf"^{DIGEST_KEY}: sha256:([0-9a-f]{{64}})\n", re.MULTILINE)
_MORE = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|(?:…|\.\.\.)\s*(?:Continue reading|Read more)\b.*)\s*$", re.IGNORECASE)
_SLUG_MAX = 80


@dataclass(frozen=True)
class Options:
    force: bool = False  # replace sources edited by hand, or not written by import
    keep_going: bool = False  # write the good items even when others are bad
    limits: fetch.Limits = field(default_factory=fetch.Limits)


@dataclass(frozen=True)
class Planned:
    """One item, checked and converted: the file it becomes."""

    slug: str
    line: int
    link: str | None
    text: str
    excerpt_only: bool = False  # the feed gives only the post's excerpt, ending in […]


@dataclass(frozen=True)
class ImportResult:
    label: str
    kind: str
    written: tuple[str, ...] = ()  # new or updated sources (site-relative paths)
    unchanged: tuple[str, ...] = ()
    kept: tuple[tuple[str, str], ...] = ()  # (path, why) not overwritten without --force
    excerpts: tuple[str, ...] = ()  # sources holding only the excerpt the feed gave
    gone: tuple[str, ...] = ()  # imported sources whose item is no longer in the feed (kept)
    skipped: tuple[Skipped, ...] = ()
    errors: tuple[FeedError, ...] = ()
    new: frozenset[str] = field(default_factory=frozenset)  # of ``written``, the files that did not exist


def run_import(config: Config, source: str, options: Options = Options()) -> ImportResult:
    label, data = read_source(source, options.limits)
    parsed = parse_feed(data, label)
    planned, errors = plan(parsed, label, config.front_matter)
    if errors and not options.keep_going:
        return ImportResult(label, parsed.kind, skipped=parsed.skipped, errors=errors)
    return _write(config, parsed, planned, options, errors, label)


def read_source(source: str, limits: fetch.Limits) -> tuple[str, bytes]:
    """The label errors name the source by, and its bytes."""
    if fetch.is_url(source):
        return source, fetch.fetch(source, limits)
    path = Path(source)
    if not path.is_file():
        raise FeedError("no such file", path=source, fix="give a feed file, a WordPress export (.xml) or an http(s) address")
    return source, read_bytes(path, source, FeedError)


def plan(parsed: ParsedFeed, label: str, keys: FrontMatterKeys = DEFAULT_KEYS) -> tuple[tuple[Planned, ...], tuple[FeedError, ...]]:
    """Every item as the source it becomes, and every item that cannot become one."""
    planned: list[Planned] = []
    errors = list(parsed.errors)
    lines: dict[str, int] = {}
    for item in parsed.items:
        try:
            one = plan_item(item, label, keys)
        except FeedError as error:
            errors.append(error)
            continue
        if one.slug in lines:
            what = f"slug {one.slug!r} is also the slug of the item at line {lines[one.slug]}"
            errors.append(_error(label, item, what, "give one of the posts another permalink (slug)"))
            continue
        lines[one.slug] = one.line
        planned.append(one)
    return tuple(planned), tuple(sorted(errors, key=lambda e: e.line or 0))


def _error(label: str, item: FeedItem, what: str, fix: str) -> FeedError:
    return FeedError(what, path=label, line=item.line, fix=fix)


def plan_item(item: FeedItem, label: str, keys: FrontMatterKeys = DEFAULT_KEYS) -> Planned:
    title, date = item.title, item.date
    if not title:
        raise _error(label, item, "the item has no title", "give the post a title")
    if date is None:
        raise _error(label, item, f"the item {_shown(title)} has no date", "give the post a publication date (RSS pubDate, Atom published)")
    slug = make_slug(item)
    if slug is None:
        raise _error(label, item, f"cannot make a slug for {_shown(title)}", "give the post a permalink (slug) in Latin letters or digits")
    excerpt_only = not item.content_html and _MORE.search(html_text(item.summary_html or "")) is not None
    body_html = f"<p>{html.escape(_summary(item.summary_html) or '')}</p>" if excerpt_only else item.content_html or item.summary_html
    try:
        body = convert(body_html or "", autop=item.autop)
    except ConversionError as exc:
        raise _error(label, item, f"cannot convert the HTML of {_shown(title)}: {exc.what}", exc.fix) from None
    if not body.strip():
        raise _error(label, item, f"the item {_shown(title)} has no text", "give the post some content")
    link = item.link if item.link and fetch.is_url(item.link) else None
    summary = _summary(item.summary_html) if item.content_html else None
    fields: dict[str, str | list[str] | None] = {"title": title, "summary": summary, "author": item.author}
    fields |= {"tags": list(item.tags), "link": link}
    for key, value in [*fields.items(), ("body", body)]:
        unsafe = first_unsafe_in_source(" ".join(value) if isinstance(value, list) else value or "")
        if unsafe:
            what = f"invisible character {describe(unsafe[1])} in the {key} of {_shown(title)}"
            raise _error(label, item, what, "delete it in the post (control characters and bidi overrides can hide or reorder text)")
    text = source_text(fields, date, body, keys)
    _read_back(text, slug, keys, lambda what: _error(label, item, f"the source of {_shown(title)} does not read back: {what}", "report it"))
    return Planned(slug, item.line, link, text, excerpt_only)


def _read_back(text: str, slug: str, keys: FrontMatterKeys, error: Callable[[str], FeedError]) -> None:
    """The source as ``translate`` will read it: the same title, and the body import wrote."""
    try:
        article = parse_article(text, f"{slug}.md", slug, keys)
    except SourceError as exc:
        raise error(exc.what) from None
    if article.slug != slug:
        raise error(f"its slug reads as {article.slug!r}")


def _shown(title: str) -> str:
    """A title as messages quote it: bounded, invisible characters named."""
    shown = "".join(f"<{describe(c)}>" if first_unsafe_in_source(c) else c for c in title[:80])
    return f"“{shown}{'…' if len(title) > 80 else ''}”"


def _summary(fragment: str | None) -> str | None:
    """The excerpt as one line of text, without WordPress's ``[…]`` or “Continue reading” tail."""
    if not fragment:
        return None
    return _MORE.sub("", html_text(fragment)).strip() or None


def slugify(text: str) -> str:
    """
    >>> slugify("ICESCO & WHO: Coordinate — Education Response!"), slugify("Café déjà-vu"), slugify("مرحبا")
    ('icesco-who-coordinate-education-response', 'cafe-deja-vu', '')
    """
    slug = ascii_slug(text)
    if len(slug) > _SLUG_MAX:
        slug = slug[:_SLUG_MAX].rsplit("-", 1)[0]
    return slug


def make_slug(item: FeedItem) -> str | None:
    """From WordPress's post_name, else the link's last path segment, else the title.

    >>> make_slug(FeedItem(1, "T", None, link="https://x.org/2021/04/12/icesco-unesco/"))
    'icesco-unesco'
    >>> make_slug(FeedItem(1, "Hello World", None, link="https://x.org/?p=12"))
    'hello-world'
    """
    segment = ""
    if item.link and fetch.is_url(item.link):
        parts = [p for p in urlsplit(item.link).path.split("/") if p]
        segment = re.sub(r"\.(html?|php|aspx?)$", "", unquote(parts[-1])) if parts else ""
        segment = "" if segment in ("index", "feed") else segment
    for candidate in (unquote(item.name or ""), segment, item.title or ""):
        slug = slugify(candidate)
        if slug and SLUG_RE.fullmatch(slug):
            return slug
    return None


def rfc3339(moment: datetime) -> str:
    """
    >>> from datetime import timedelta, timezone
    >>> rfc3339(datetime(2021, 4, 2, 8, tzinfo=timezone.utc)), rfc3339(datetime(2021, 4, 2, 8, tzinfo=timezone(timedelta(hours=1))))
    ('2021-04-02T08:00:00Z', '2021-04-02T08:00:00+01:00')
    """
    text = moment.isoformat()
    return text[: -len("+00:00")] + "Z" if text.endswith("+00:00") else text


def source_text(fields: Mapping[str, object], date: datetime, body: str, keys: FrontMatterKeys = DEFAULT_KEYS) -> str:
    """The whole file: YAML front matter (the digest line last), then the body.

    Each meaning is written under the first key the site reads for it (``[tool.i18n-pub.front-matter]``).
    """
    kept = {getattr(keys, meaning)[0]: value for meaning, value in fields.items() if value not in (None, "", [])}
    title = yaml.safe_dump({keys.title[0]: kept.pop(keys.title[0])}, allow_unicode=True, width=1 << 20, sort_keys=False)
    rest = yaml.safe_dump(kept, allow_unicode=True, width=1 << 20, sort_keys=False) if kept else ""
    without_digest = f"---\n{title}{keys.date[0]}: {rfc3339(date)}\n{rest}---\n{body}"
    return _with_digest(without_digest)


def _with_digest(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    head, _, body = text[4:].partition("---\n")  # after the opening fence: the front matter, then the body
    return f"---\n{head}{DIGEST_KEY}: sha256:{digest}\n---\n{body}"


def ownership(text: str) -> str:
    """``imported`` (as import wrote it), ``edited`` (by hand since) or ``foreign`` (not written by import).

    >>> from datetime import timezone
    >>> text = source_text({"title": "T"}, datetime(2021, 4, 2, tzinfo=timezone.utc), "Body.\\n")
    >>> ownership(text), ownership(text.replace("Body", "Edited body")), ownership("---\\ntitle: T\\n---\\n")
    ('imported', 'edited', 'foreign')
    >>> ownership(text.replace("\\n", "\\r\\n"))
    'imported'
    """
    text = text.replace("\r\n", "\n")  # a checkout with Windows line ends is not a hand edit
    match = _DIGEST_LINE.search(text)
    if match is None:
        return "foreign"
    without = text[: match.start()] + text[match.end() :]
    return "imported" if hashlib.sha256(without.encode("utf-8")).hexdigest() == match.group(1) else "edited"


def _write(config: Config, parsed: ParsedFeed, planned: tuple[Planned, ...], options: Options,
           errors: tuple[FeedError, ...], label: str) -> ImportResult:  # fmt: skip
    written, unchanged, kept, new = [], [], [], set()
    with WriteBatch() as batch:
        for item in planned:
            path = config.sources_dir / f"{item.slug}.md"
            name = config.relative(path)
            if already_holds(path, item.text.encode("utf-8")):
                unchanged.append(name)
                continue
            other = _other_source(config.sources_dir, item.slug)
            if other is not None:  # even with --force: two sources would share the slug
                kept.append((config.relative(other), f"another source has the slug {item.slug!r}; {name} not written (rename one of them)"))
                continue
            state = _state(path)
            if state in ("edited", "foreign") and not options.force:
                kept.append((name, _why(state)))
                continue
            if state == "absent":
                new.add(name)
            batch.write_if_changed(path, item.text)
            written.append(name)
    gone = _gone(config, planned, parsed)
    excerpts = tuple(config.relative(config.sources_dir / f"{item.slug}.md") for item in planned if item.excerpt_only)
    return ImportResult(
        label, parsed.kind, tuple(written), tuple(unchanged), tuple(kept), excerpts, gone, parsed.skipped, errors, frozenset(new)
    )


def _other_source(sources_dir: Path, slug: str) -> Path | None:
    """A source other than ``<slug>.md`` whose file name gives it this slug (``.markdown``, a page bundle)."""
    candidates = [sources_dir / f"{slug}{suffix}" for suffix in SUFFIXES if suffix != ".md"]
    candidates += [sources_dir / slug / f"{BUNDLE_INDEX}{suffix}" for suffix in SUFFIXES]
    return next((path for path in candidates if path.exists()), None)


def _text_of(path: Path) -> str:
    """A source's text, read the way sources are read: a FIFO or device named ``x.md`` is refused, never opened blocking."""
    return read_source_bytes(path, path.name).decode("utf-8-sig")


def _state(path: Path) -> str:
    if not path.exists() and not path.is_symlink():
        return "absent"
    try:
        return ownership(_text_of(path))
    except (SourceError, UnicodeDecodeError):
        return "foreign"


def _why(state: str) -> str:
    return {
        "edited": "edited by hand since it was imported; not overwritten (use --force to replace it with the feed's version)",
        "foreign": "not written by import; not overwritten (use --force to replace it with the feed's version)",
    }[state]


def _value_line(key: str, text: str) -> re.Match[str] | None:
    """The value import wrote under ``key`` (one plain or quoted scalar on its line)."""
    return re.search(rf"^{re.escape(key)}: *['\"]?(\S+?)['\"]?$", text, re.MULTILINE)


def _gone(config: Config, planned: tuple[Planned, ...], parsed: ParsedFeed) -> tuple[str, ...]:
    """Sources import wrote that the feed should still hold but does not: reported, never deleted.

    A feed holds only its newest items, so a source dated before the feed's oldest item has just
    left the feed's window; one dated within it, found neither by slug nor by link, was removed.
    """
    dates = [item.date for item in parsed.items if item.date is not None]
    if not dates:
        return ()
    oldest, slugs, keys = min(dates), {item.slug for item in planned}, config.front_matter
    links = {item.link for item in parsed.items if item.link}
    gone = []
    for path in sorted(config.sources_dir.glob("*.md")):
        try:
            text = "" if path.stem in slugs else _text_of(path)
        except (SourceError, UnicodeDecodeError):
            continue
        link, date = _value_line(keys.link[0], text), _value_line(keys.date[0], text)
        moment = rfc3339_date(date.group(1)) if date else None
        if _DIGEST_LINE.search(text) and not (link and link.group(1) in links) and moment is not None and moment >= oldest:
            gone.append(config.relative(path))
    return tuple(gone)


def report(result: ImportResult) -> tuple[list[str], list[str]]:
    """What the command prints: lines for standard output, and warnings that even ``--quiet`` shows."""
    lines = [f"{'wrote' if path not in result.new else 'new'} {path}" for path in result.written]
    others: dict[str, int] = {}
    for skip in result.skipped:
        if skip.why.endswith("post") or skip.why == "page":
            lines.append(f"skipped {_shown(skip.title)} ({result.label}:{skip.line}): {skip.why}")
        else:
            others[skip.why] = others.get(skip.why, 0) + 1
    if others:
        lines.append("skipped " + ", ".join(f"{count} {why}(s)" for why, count in sorted(others.items())))
    warnings = [f"warning: {path}: {why}" for path, why in result.kept]
    warnings += [
        f"warning: {path}: the feed gives only the post's excerpt; for the whole text set WordPress's Settings → Reading → "
        "“For each post in a feed, include” to “Full text”, or import a WordPress export"
        for path in result.excerpts
    ]
    warnings += [f"warning: {path}: no longer in {result.label}; kept (delete it yourself if the post was removed)" for path in result.gone]
    lines.append(
        f"{result.kind} {result.label}: {len(result.new)} new, {len(result.written) - len(result.new)} updated, "
        f"{len(result.unchanged)} unchanged, {len(result.kept)} kept, {len(result.errors)} with errors"
    )
    return lines, warnings
