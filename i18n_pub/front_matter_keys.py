"""What the front matter means: which keys i18n-pub reads, and how their values become an article's fields.

The keys are configurable (``[tool.i18n-pub.front-matter]``); the defaults cover
Hugo, Jekyll, MkDocs and Docusaurus. Every other key is kept and ignored. For each
meaning the keys are tried in order and the first one set (not empty) wins.

Values are checked as parsed, not only as written: a YAML escape such as ``"\\e"``,
``"\\0"`` or ``"\\u202e"`` makes a control or bidi character that the raw text does
not show. Nothing here walks a nested value (YAML aliases may make a few hundred
bytes stand for gigabytes), and errors quote a bounded excerpt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from i18n_pub.errors import I18nPubError, SourceError
from i18n_pub.textsafe import describe, excerpt, first_unsafe_in_source


@dataclass(frozen=True)
class FrontMatterKeys:
    """For each meaning, the front matter keys tried in order."""

    title: tuple[str, ...] = ("title",)
    date: tuple[str, ...] = ("date", "publishDate", "created_at", "pubDate")
    summary: tuple[str, ...] = ("summary", "description", "excerpt")
    author: tuple[str, ...] = ("author", "author_name", "authors")
    tags: tuple[str, ...] = ("tags", "categories")
    slug: tuple[str, ...] = ("slug",)
    link: tuple[str, ...] = ("link", "canonical_url", "canonicalUrl")  # the English original's address


DEFAULT_KEYS = FrontMatterKeys()
MEANINGS = tuple(f.name for f in fields(FrontMatterKeys))

ConfigErrorFactory = Callable[[str, str, str], I18nPubError]


def keys_from_config(table: object, error: ConfigErrorFactory) -> FrontMatterKeys:
    """``[tool.i18n-pub.front-matter]``: ``meaning = ["key", …]`` (or one string) overrides that meaning's keys."""
    if not isinstance(table, dict):
        raise error("[tool.i18n-pub.front-matter] must be a table", "", 'write date = ["date", "publishDate"]')
    chosen: dict[str, tuple[str, ...]] = {}
    for meaning, value in table.items():
        if meaning not in MEANINGS:
            raise error(f"unknown key {meaning!r} in [tool.i18n-pub.front-matter]", meaning, "allowed keys: " + ", ".join(MEANINGS))
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise error(
                f"'{meaning}' in [tool.i18n-pub.front-matter] must list front matter keys", meaning, f'write {meaning} = ["{meaning}"]'
            )
        if any(first_unsafe_in_source(n) for n in names):
            raise error(f"'{meaning}' in [tool.i18n-pub.front-matter] holds an invisible character", meaning, "delete it")
        chosen[meaning] = tuple(names)
    return FrontMatterKeys(**chosen)


@dataclass(frozen=True)
class Fields:
    """The values an article takes from its front matter, with the key each came from."""

    title: str
    title_key: str
    date: date | datetime | None
    summary: str | None
    summary_key: str | None
    author: str | None
    tags: tuple[str, ...]
    slug: str | None
    link: str | None
    draft: bool


class _Reader:
    """Reads one front matter's values; every error names the line of the key it is about."""

    def __init__(self, meta: Mapping[str, Any], lines: Mapping[str, int], label: str) -> None:
        self.meta, self.lines, self.label = meta, lines, label

    def error(self, what: str, key: str | None, fix: str) -> SourceError:
        return SourceError(what, path=self.label, line=self.lines.get(key, 1) if key else 1, fix=fix)

    def first(self, keys: tuple[str, ...]) -> tuple[str, Any] | tuple[None, None]:
        """The first of ``keys`` set to something (not null, not empty text, not an empty list)."""
        for key in keys:
            value = self.meta.get(key)
            if value is not None and value != "" and value != []:
                return key, value
        return None, None

    def text(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise self.error(f"{key!r} must be text, not {excerpt(value, 40)}", key, f"quote the {key}")
        unsafe = first_unsafe_in_source(value)
        if unsafe:
            raise self.error(
                f"invisible character {describe(unsafe[1])} in {key!r}", key,
                "delete it, or the escape that writes it (control characters and bidi overrides can hide or reorder text)",
            )  # fmt: skip
        return value


def read_fields(meta: Mapping[str, Any], lines: Mapping[str, int], label: str, keys: FrontMatterKeys = DEFAULT_KEYS) -> Fields:
    """The article's fields from its parsed front matter (``lines``: key → line of the file)."""
    read = _Reader(meta, lines, label)
    title_key, title = read.first(keys.title)
    if title_key is None:
        raise read.error(f"missing required front matter key {keys.title[0]!r}", None, f"add {keys.title[0]}: to the front matter")
    summary_key, summary = read.first(keys.summary)
    slug_key, slug = read.first(keys.slug)
    link_key, link = read.first(keys.link)
    return Fields(
        title=read.text(title_key, title),
        title_key=title_key,
        date=_date(read, *read.first(keys.date)),
        summary=read.text(summary_key, summary) if summary_key else None,
        summary_key=summary_key,
        author=_author(read, *read.first(keys.author)),
        tags=_tags(read, *read.first(keys.tags)),
        slug=read.text(slug_key, slug) if slug_key else None,
        link=_link(read, link_key, link) if link_key else None,
        draft=_is_set(meta.get("draft"), True) or _is_set(meta.get("published"), False),
    )


def _is_set(value: object, wanted: bool) -> bool:
    """Whether a flag holds ``wanted``: YAML/TOML booleans, or the words a person may quote ("true", "no" …)."""
    if isinstance(value, bool):
        return value is wanted
    if isinstance(value, str):
        return value.strip().lower() in (("true", "yes", "on") if wanted else ("false", "no", "off"))
    return False


def _author(read: _Reader, key: str | None, value: object) -> str | None:
    """One name, or several joined with ", ": a string, a mapping with a ``name`` (Jekyll, Docusaurus),
    or a list of either (Hugo's and Docusaurus's ``authors``)."""
    if key is None:
        return None
    items = value[:50] if isinstance(value, list) else [value]  # only the first items: a list may be an alias bomb
    names = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        if not isinstance(item, str):
            raise read.error(
                f"{key!r} must be a name, a list of names or name: entries, not {excerpt(value, 40)}", key,
                f"write {key}: Jane Doe",
            )  # fmt: skip
        names.append(read.text(key, item.strip()))
    return ", ".join(name for name in names if name) or None


def _tags(read: _Reader, key: str | None, value: object) -> tuple[str, ...]:
    if key is None:
        return ()
    items = value if isinstance(value, list) else [value]
    tags = []
    for item in items[:1000]:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)  # tags: [2021, culture]
        if not isinstance(item, str):
            raise read.error(f"{key!r} must be a list of words, not {excerpt(value, 40)}", key, f"write {key}: [culture, education]")
        tags.append(read.text(key, item))
    return tuple(tags)


def _link(read: _Reader, key: str, value: object) -> str:
    link = read.text(key, value).strip()
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", link, re.IGNORECASE):
        raise read.error(f"{key!r} is not an http(s) address: {excerpt(link)}", key, f"write {key}: https://example.org/news/…")
    return link


_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[Tt ]+(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?")


def _date(read: _Reader, key: str | None, value: object) -> date | datetime | None:
    """``YYYY-MM-DD`` or RFC 3339; also Jekyll's ``2021-03-29 10:00:00 +0200`` and MkDocs Material's ``created:``.

    A date-time without a time zone is read as UTC, as Hugo does when its site sets no ``timeZone``.
    """
    if key is None:
        return None
    if isinstance(value, dict) and "created" in value:  # MkDocs Material's blog: date: {created: …, updated: …}
        value = value["created"]
    if isinstance(value, datetime):  # TOML dates are typed
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        parsed = _parse_date(value.strip())
        if parsed is not None:
            return parsed
    raise read.error(f"bad date {excerpt(value, 40)}", key, "write YYYY-MM-DD or an RFC 3339 date-time such as 2021-03-29T10:00:00Z")


def _parse_date(text: str) -> date | datetime | None:
    """
    >>> _parse_date("2021-03-29"), _parse_date("2021-02-30"), _parse_date("March 29")
    (datetime.date(2021, 3, 29), None, None)
    >>> _parse_date("2015-04-24 10:00:00 +0200").isoformat(), _parse_date("2021-03-29T10:00:00.123456789Z").isoformat()
    ('2015-04-24T10:00:00+02:00', '2021-03-29T10:00:00.123456+00:00')
    """
    match = _RFC3339.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, _zulu, sign, zone_hours, zone_minutes = match.groups()
    try:
        day_only = date(int(year), int(month), int(day))
        if hour is None:
            return day_only
        zone = UTC
        if sign:
            offset = int(zone_hours) * 60 + int(zone_minutes)
            zone = timezone(timedelta(minutes=offset if sign == "+" else -offset))
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        return datetime.combine(day_only, time(int(hour), int(minute), int(second or 0), micro), tzinfo=zone)
    except ValueError:
        return None
