"""The site strings carry the disclaimer, whose wording has legal weight: publish puts in no wording nobody vouched for.

- A ``check`` error in ``locales/<lang>/_site.po`` (glossary form, names,
  numbers, placeholders …) stops ``publish`` with that finding's file and line.
- A disclaimer that a published entry would show and that nobody reviewed stops
  ``publish`` too, unless ``[tool.i18n-pub.feed] machine-disclaimer = "allow"``.
  The package ships reviewed translations of its own site strings
  (:mod:`i18n_pub.shipped`), which ``translate`` puts into a new ``_site.po``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from i18n_pub import site_strings
from i18n_pub.catalog import Status
from i18n_pub.config import Config
from i18n_pub.errors import CatalogError
from i18n_pub.fsutil import read_utf8


class _Entry(Protocol):
    @property
    def status(self) -> Status: ...

    @property
    def engine(self) -> str | None: ...


def check_site_strings(config: Config, language: str) -> None:
    """Raise the first ``check`` error of the language's ``_site.po``, as ``check`` prints it."""
    from i18n_pub.check_text import Severity
    from i18n_pub.checks import check_catalog, site_terms  # checks reads glossaries: only when publishing

    path = config.catalog_path(language, site_strings.SITE_SLUG)
    if not path.is_file():
        return  # read_site_strings says what to do
    label = config.relative(path)
    findings = check_catalog(read_utf8(path, label, CatalogError), label, site_terms(config, language))
    errors = sorted((f for f in findings if f.severity is Severity.ERROR), key=lambda f: f.sort_key)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise CatalogError(
            f"{first.check}: {first.message}{more}",
            path=label,
            line=first.line,
            fix=f"correct the site string and review it (i18n-pub check -l {language} lists every finding)",
        )


def disclaimer_kind(status: Status, engine: str | None) -> str:
    """The site string an entry's disclaimer is made from."""
    if status is Status.REVIEWED:
        return site_strings.NOTICE_REVIEWED
    return site_strings.DISCLAIMER_MACHINE if engine else site_strings.DISCLAIMER_UNREVIEWED


def refuse_unreviewed_disclaimers(config: Config, strings: site_strings.SiteStrings, entries: Iterable[_Entry]) -> None:
    """Raise when a published entry would show a disclaimer nobody reviewed (unless the site allows it)."""
    if config.feed.machine_disclaimer == "allow" or not strings.unreviewed:
        return
    kinds = {disclaimer_kind(entry.status, entry.engine) for entry in entries}
    for kind in sorted(kinds & set(strings.unreviewed)):
        path = config.catalog_path(strings.language, site_strings.SITE_SLUG)
        label = config.relative(path)
        lines = read_utf8(path, label, CatalogError).splitlines()
        line = next((number for number, text in enumerate(lines, 1) if text == f'msgctxt "{kind}"'), None)
        raise CatalogError(
            f"the disclaimer {kind!r} is a machine translation nobody reviewed, and its wording is a legal statement",
            path=label,
            line=line or strings.unreviewed[kind] or None,
            fix='have a translator review it (remove the fuzzy flag), or set machine-disclaimer = "allow" in [tool.i18n-pub.feed]',
        )
