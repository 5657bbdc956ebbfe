"""Site strings: the feed's title and subtitle, the organisation's name and the disclaimers.

They live in ``locales/templates/_site.pot`` (built from ``[tool.i18n-pub.feed]``)
and ``locales/<lang>/_site.po``, and go through the same memory, machine
translation and review flow as the articles. Entries with placeholders carry
``#, python-brace-format``, so ``msgfmt -c`` checks that a translation keeps
every placeholder; :func:`fill` checks it again before anything is published.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import babel.dates
import polib

from i18n_pub import language_codes
from i18n_pub.cas import Snapshot
from i18n_pub.catalog import (
    CREATION_DATE,
    WRAP,
    Status,
    entry_status,
    finalize,
    live_entries,
    merge,
    template_header,
)
from i18n_pub.catalog_read import read_catalog
from i18n_pub.config import Config
from i18n_pub.errors import CatalogError
from i18n_pub.fsutil import write_if_changed
from i18n_pub.protect import Span
from i18n_pub.rebase import read_current

SITE_SLUG = "_site"  # never an article slug: those start with a letter or digit
BRACE_FORMAT = "python-brace-format"

# msgctxt of each site string
FEED_TITLE = "feed-title"
FEED_SUBTITLE = "feed-subtitle"
ORGANIZATION = "organization"
DISCLAIMER_MACHINE = "disclaimer-machine"
DISCLAIMER_UNREVIEWED = "disclaimer-unreviewed"
NOTICE_REVIEWED = "notice-reviewed"

DEFAULT_SUBTITLE = "News from {organization}, translated from {source_language}."
DISCLAIMERS = {
    DISCLAIMER_MACHINE: (
        "This article was translated from {source_language} by machine translation ({engine}) and has not been "
        "fully reviewed by a translator. {organization} is not responsible for the accuracy of the translation. "
        "The original, published on {date}, is at {original_url}."
    ),
    DISCLAIMER_UNREVIEWED: (
        "This article was translated from {source_language} and has not yet been fully reviewed by a translator. "
        "{organization} is not responsible for the accuracy of the translation. "
        "The original, published on {date}, is at {original_url}."
    ),
    NOTICE_REVIEWED: (
        "This article was translated from {source_language} and reviewed by a translator. "
        "The original, published on {date}, is at {original_url}."
    ),
}
# Notes for translators (#.); the title and the organisation's name point at pyproject.toml instead.
_NOTES = {
    FEED_SUBTITLE: "The feed's subtitle. {organization}: the organisation's name as translated above; "
    "{source_language}: the name of the source language in this language (e.g. inglés).",
    DISCLAIMER_MACHINE: "Shown on every machine-translated article. {engine}: the engine's name (apertium, google …); "
    "{source_language}: the source language's name in this language; {organization}: the name above; "
    "{date}: the original's date in this language's long form; {original_url}: the original's address.",
    DISCLAIMER_UNREVIEWED: "Shown on an article translated without an engine (or from memory) whose review is not "
    "finished. Placeholders as above.",
    NOTICE_REVIEWED: "Shown on an article whose every sentence a translator reviewed. Placeholders as above.",
}

# {name} fields, {{ and }} escapes; anything else with a brace is malformed.
_FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")


class FormatError(CatalogError):
    """A brace format that does not parse; the callers say which file and line."""


def placeholders(text: str) -> tuple[str, ...]:
    """The named fields of a brace-format string, in order.

    >>> placeholders("From {source_language} by {engine}; {{literal}}")
    ('source_language', 'engine')
    >>> placeholders("a { b")
    Traceback (most recent call last):
    ...
    i18n_pub.site_strings.FormatError: a lone '{' at offset 2
    """
    found = []
    for match in _FIELD.finditer(text):
        token = match.group()
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            raise FormatError(f"a lone {token!r} at offset {match.start()}")
        found.append(match.group(1))
    return tuple(found)


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` fields (only known names, no attribute access or format specs).

    >>> fill("{organization} is not responsible; {{x}}", {"organization": "ICESCO"})
    'ICESCO is not responsible; {x}'
    """

    def replace(match: re.Match[str]) -> str:
        token = match.group()
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        if name is None:
            raise FormatError(f"a lone {token!r} at offset {match.start()}")
        if name not in values:
            raise FormatError(f"unknown placeholder {{{name}}}")
        return values[name]

    return _FIELD.sub(replace, text)


# --- the template -------------------------------------------------------------


def _has_fields(text: str) -> bool:
    try:
        return bool(placeholders(text))
    except FormatError:
        return False


def build_template(config: Config) -> polib.POFile:
    """``_site.pot``: one entry per site string, brace-format ones flagged for ``msgfmt -c``."""
    pot = polib.POFile(wrapwidth=WRAP)
    pot.header = "Template for the site strings, made by i18n-pub from [tool.i18n-pub.feed] in pyproject.toml. Do not edit."
    pot.metadata = template_header(config.feed.organization or config.feed.title)
    texts = {
        FEED_TITLE: config.feed.title,
        ORGANIZATION: config.feed.organization or config.feed.title,
        FEED_SUBTITLE: config.feed.subtitle or DEFAULT_SUBTITLE,
        **DISCLAIMERS,
    }
    for context, text in texts.items():
        flags = [BRACE_FORMAT] if _has_fields(text) else []
        pot.append(
            polib.POEntry(
                msgctxt=context,
                msgid=text,
                msgstr="",
                flags=flags,
                comment=_NOTES.get(context, ""),
                occurrences=[] if context in _NOTES else [("pyproject.toml", "")],
            )
        )
    return pot


def write_template(config: Config, timestamp: str) -> list[str]:
    """Write ``locales/templates/_site.pot`` when it changed; the paths written."""
    path = config.template_path(SITE_SLUG)
    old = read_catalog(path, config.relative(path)) if path.exists() else None
    text = finalize(build_template(config), old, CREATION_DATE, timestamp)
    return [config.relative(path)] if text is not None and write_if_changed(path, text) else []


def load_template(config: Config) -> polib.POFile:
    """The template as written (with its creation date), else freshly built."""
    path = config.template_path(SITE_SLUG)
    return read_catalog(path, config.relative(path)) if path.exists() else build_template(config)


def merged_catalog(config: Config, language: str) -> tuple[polib.POFile, polib.POFile | None, Snapshot | None]:
    """``_site.pot`` merged into ``locales/<lang>/_site.po`` (``msgmerge --previous``), the old catalog
    and the snapshot of the file it was read from."""
    path = config.catalog_path(language, SITE_SLUG)
    old, snapshot = read_current(path, config.relative(path), language) if path.exists() else (None, None)
    merged = merge(load_template(config), old, language)
    if old is None:
        merged.header = site_header(language)
    return merged, old, snapshot


def site_header(language: str) -> str:
    """
    >>> site_header("fr").splitlines()[0]
    'French site strings of the feed: its title and subtitle, the organisation and the disclaimers.'
    """
    name = language_codes.english_name(language)
    return (
        f"{name} site strings of the feed: its title and subtitle, the organisation and the disclaimers.\n"
        "Keep every {placeholder}. Remove the fuzzy flag from an entry once you have reviewed it; "
        "i18n-pub never overwrites a reviewed entry."
    )


# --- machine translation with the placeholders kept: the glossary's protection, plus the fields -----


def placeholder_spans(text: str, language: str) -> list[Span]:
    """A span finder (:mod:`i18n_pub.masking`) for ``{name}`` fields: the engine never sees them, they come back verbatim.

    >>> [(s.start, s.target) for s in placeholder_spans("From {source_language}; {{x}}", "es")]
    [(5, '{source_language}')]
    """
    return [Span(m.start(), m.end(), m.group(), "placeholder", m.group()) for m in _FIELD.finditer(text) if m.group(1)]


def keep_placeholders(msgid: str, msgstr: str) -> str:
    """``msgstr`` with exactly the fields of ``msgid``: stray braces dropped, lost fields appended for the reviewer.

    >>> keep_placeholders("By {engine} for {organization}.", "Por {engine} {x} }.")
    'Por {engine} x . ({organization})'
    >>> keep_placeholders("By {engine}.", "Por {engine}.")
    'Por {engine}.'
    """
    wanted = placeholders(msgid)
    try:
        if sorted(placeholders(msgstr)) == sorted(wanted):
            return msgstr
    except FormatError:
        pass
    seen: set[str] = set()

    def keep(match: re.Match[str]) -> str:
        token, name = match.group(), match.group(1)
        if token in ("{{", "}}"):
            return token
        if name in wanted and name not in seen:
            seen.add(name)
            return token
        return name or ""

    kept = _FIELD.sub(keep, msgstr)
    missing = [name for name in dict.fromkeys(wanted) if name not in seen]
    return kept.rstrip() + " (" + ", ".join("{" + name + "}" for name in missing) + ")" if missing else kept


def repair_placeholders(po: polib.POFile) -> None:
    """Every brace-format entry keeps its fields (what ``msgfmt -c`` demands), whatever the engine did to them."""
    for entry in live_entries(po):
        if BRACE_FORMAT in entry.flags and entry.msgstr:
            entry.msgstr = keep_placeholders(entry.msgid, entry.msgstr)


# --- reading a language's site strings for publishing ---------------------------------


@dataclass(frozen=True)
class SiteStrings:
    """One language's site strings, checked and ready to fill."""

    language: str
    source_language: str
    texts: Mapping[str, str]  # msgctxt → translation
    formatted: frozenset[str]  # the msgctxts whose text has {placeholders}
    updated: str  # the catalog's PO-Revision-Date
    unreviewed: Mapping[str, int | None] = field(default_factory=dict)  # msgctxt → line (if known) of each string not reviewed

    def source_language_name(self) -> str:
        """The source language's name in this language, from CLDR (``inglés``)."""
        target = language_codes.locale(self.language)
        return language_codes.locale(self.source_language).get_language_name(target) or self.source_language

    def format_date(self, value: date | datetime) -> str:
        """A date in this language's long form, from CLDR (``1 de abril de 2021``)."""
        day = value.date() if isinstance(value, datetime) else value
        return babel.dates.format_date(day, format="long", locale=language_codes.locale(self.language))

    def common(self) -> dict[str, str]:
        return {"organization": self.texts[ORGANIZATION], "source_language": self.source_language_name()}

    @property
    def title(self) -> str:
        return self.texts[FEED_TITLE]

    @property
    def subtitle(self) -> str:
        text = self.texts[FEED_SUBTITLE]
        return fill(text, self.common()) if FEED_SUBTITLE in self.formatted else text

    @property
    def organization(self) -> str:
        return self.texts[ORGANIZATION]

    def disclaimer(self, kind: str, *, engine: str | None, original_url: str, published: date | datetime) -> str:
        values = {**self.common(), "engine": engine or "", "original_url": original_url, "date": self.format_date(published)}
        return fill(self.texts[kind], values)


def read_site_strings(config: Config, language: str, *, reviewed_only: bool = False) -> SiteStrings:
    """Read and check ``locales/<lang>/_site.po``; every error names the file and line and says what to do."""
    path = config.catalog_path(language, SITE_SLUG)
    label = config.relative(path)
    if not path.exists():
        raise CatalogError(
            "the site strings (feed title, disclaimers) are missing",
            path=label,
            fix=f"run i18n-pub translate -l {language}, then review {label}",
        )
    po = read_catalog(path, label, language)
    template = build_template(config)
    expected = {entry.msgctxt: entry.msgid for entry in template}
    formatted = frozenset(entry.msgctxt for entry in template if BRACE_FORMAT in entry.flags)
    found: dict[str, str] = {}
    unreviewed: dict[str, int | None] = {}
    for entry in live_entries(po):
        if entry.msgctxt not in expected or entry.msgid != expected[entry.msgctxt]:
            continue
        status = entry_status(entry)
        line = entry.linenum or None
        if status in (Status.UNTRANSLATED, Status.CHANGED):
            continue
        if reviewed_only and status is not Status.REVIEWED:
            raise CatalogError(
                f"site string {entry.msgctxt!r} is not reviewed",
                path=label,
                line=line,
                fix="review it (remove the fuzzy flag) or publish with --policy machine",
            )
        if status is not Status.REVIEWED:
            unreviewed[entry.msgctxt] = entry.linenum
        if entry.msgctxt in formatted:
            _check_placeholders(entry, label)
        found[entry.msgctxt] = entry.msgstr
    missing = [context for context in expected if context not in found]
    if missing:
        raise CatalogError(
            f"site string {missing[0]!r} is not translated for the current English text",
            path=label,
            fix=f"run i18n-pub translate -l {language} (or translate it in a PO editor)",
        )
    return SiteStrings(
        language, config.source_language, found, formatted, po.metadata.get("PO-Revision-Date", ""), unreviewed
    )


def _check_placeholders(entry: polib.POEntry, label: str) -> None:
    try:
        wanted = set(placeholders(entry.msgid))
        got = set(placeholders(entry.msgstr))
    except FormatError as error:
        raise CatalogError(
            f"the translation of {entry.msgctxt!r} is not a valid brace format: {error}",
            path=label,
            line=entry.linenum or None,
            fix="write placeholders as {name} and a literal brace as {{ or }}",
        ) from None
    if wanted != got:
        lost = sorted(set(wanted) - set(got))
        extra = sorted(set(got) - set(wanted))
        what = f"drops {{{lost[0]}}}" if lost else f"adds {{{extra[0]}}}"
        raise CatalogError(
            f"the translation of {entry.msgctxt!r} {what}",
            path=label,
            line=entry.linenum or None,
            fix="keep exactly the placeholders of the English text: " + " ".join("{" + n + "}" for n in sorted(wanted)),
        )
