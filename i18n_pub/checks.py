"""QA over catalogs: the checks a news desk needs, in the spirit of pofilter.

Every translated entry of a language (reviewed or machine output; not empty,
not obsolete, and not a stale ``changed`` entry, whose translation is of an
older source text and never published) is compared with its source sentence.
Each check has a name and a severity; a finding names the file and the line of
the entry's ``msgstr``.

A translator can accept a deliberate exception on one entry with a translator
comment, which msgfmt, msgmerge, polib, Poedit and Weblate all keep::

    # i18n-pub-ignore: numbers, same-as-source
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib

from i18n_pub import po_text
from i18n_pub.catalog import WRAP, Status, entry_status
from i18n_pub.catalog_read import parse_catalog
from i18n_pub.check_rules import CHECKS, IGNORABLE, IGNORE_CHECK, STRUCTURE_CHECK, UNKNOWN_CHECK
from i18n_pub.check_text import Pair, Severity, quote
from i18n_pub.config import Config
from i18n_pub.errors import CatalogError
from i18n_pub.fsutil import read_utf8
from i18n_pub.glossary import Glossary, load_glossary
from i18n_pub.memory import is_memory
from i18n_pub.po_comments import GLOSSARY_PREFIX, comment_lines, glossary_lines, machine_engine, machine_unknown
from i18n_pub.sentence_store import Sentences, SentenceStore
from i18n_pub.sources import Article
from i18n_pub.structure_check import STRUCTURE, article_findings, sources_by_slug

IGNORE_PREFIX = "i18n-pub-ignore:"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    check: str
    severity: Severity
    message: str
    msgctxt: str | None = None
    msgid: str = ""

    def __str__(self) -> str:
        label = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.path}:{self.line}: {self.check}: {label}{self.message}"

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.check, self.message)


# --- catalogs ------------------------------------------------------------------


def glossary_terms(entry: polib.POEntry) -> tuple[tuple[str, str], ...]:
    """The ``#. glossary: term → form`` lines that ``translate`` writes on each entry.

    A long line comes back wrapped over several ``#.`` lines (polib wraps comments at
    78 columns): :func:`i18n_pub.po_comments.glossary_lines` joins them back.

    >>> glossary_terms(polib.POEntry(msgid="x", comment="glossary: ICESCO → ICESCO\\nglossary: Director-General → Director General"))
    (('ICESCO', 'ICESCO'), ('Director-General', 'Director General'))
    >>> glossary_terms(polib.POEntry(msgid="x", comment="glossary: Arab Bank → Banco Árabe para\\nel Desarrollo"))
    (('Arab Bank', 'Banco Árabe para el Desarrollo'),)
    """
    lines = glossary_lines([line.strip() for line in (entry.comment or "").split("\n")])[1]
    terms = []
    for line in lines:
        term, arrow, form = line[len(GLOSSARY_PREFIX) :].partition("→")
        if arrow and term.strip() and form.strip():
            terms.append((term.strip(), form.strip()))
    return tuple(terms)


Terms = Callable[[polib.POEntry], tuple[tuple[str, str], ...]]


def terms_for(glossary: Glossary, language: str) -> Terms:
    """The rules for an entry: the site's glossary as it is now, and the entry's ``#. glossary:``
    lines for terms the glossary does not have (a catalog made elsewhere, a glossary not loaded).

    >>> from i18n_pub.glossary import Term, TermType
    >>> terms = terms_for(Glossary((Term("IsDB", TermType.ORGANIZATION, (("es", "BIsD"),)),)), "es")
    >>> terms(polib.POEntry(msgid="The IsDB and AUF met.", comment="glossary: IsDB → BID\\nglossary: AUF → AUF"))
    (('IsDB', 'BIsD'), ('AUF', 'AUF'))
    """
    known = {term.source for term in glossary.terms}

    def terms(entry: polib.POEntry) -> tuple[tuple[str, str], ...]:
        live = []
        for match in glossary.find(entry.msgid):
            required = match.term.required(language, match.text)
            if required:
                live.append((match.text, required))
        hinted = [(term, form) for term, form in glossary_terms(entry) if term not in known]
        return tuple(dict.fromkeys([*live, *hinted]))

    return terms


def ignored_checks(entry: polib.POEntry) -> list[str]:
    """Check names listed in ``# i18n-pub-ignore: a, b`` translator comments.

    >>> ignored_checks(polib.POEntry(msgid="x", tcomment="mt: apertium\\ni18n-pub-ignore: numbers, links"))
    ['numbers', 'links']
    """
    names = []
    for line in comment_lines(entry):
        line = line.strip()
        if line.startswith(IGNORE_PREFIX):
            names += [n.strip() for n in line[len(IGNORE_PREFIX) :].split(",") if n.strip()]
    return names


def msgstr_lines(text: str, po: polib.POFile) -> dict[int, int]:
    """Entry start line (polib's ``linenum``) → the line of its ``msgstr`` keyword."""
    lines = text.splitlines()
    found: dict[int, int] = {}
    for entry in po:
        if entry.obsolete:
            continue
        for number in range(max(_start_line(entry) - 1, 0), len(lines)):
            if lines[number].startswith("msgstr"):
                found[_start_line(entry)] = number + 1
                break
    return found


def _start_line(entry: polib.POEntry) -> int:
    """The line an entry starts on: polib sets it on every entry it parses (its stubs allow None)."""
    return entry.linenum or 0


def _msgstr_line(lines: dict[int, int], entry: polib.POEntry) -> int:
    """The line of an entry's ``msgstr`` (from :func:`msgstr_lines`), else the line it starts on."""
    return lines.get(_start_line(entry), _start_line(entry))


def _pairs(entry: polib.POEntry, terms: tuple[tuple[str, str], ...]) -> Iterable[Pair]:
    if entry.msgid_plural:
        for index, text in sorted(entry.msgstr_plural.items()):
            if text:
                yield Pair(entry.msgid if index == 0 else entry.msgid_plural, text, terms)
    elif entry.msgstr:
        yield Pair(entry.msgid, entry.msgstr, terms)


def check_entry(entry: polib.POEntry, path: str, line: int, terms_of: Terms = glossary_terms) -> list[Finding]:
    """The findings for one catalog entry (nothing for untranslated, obsolete or stale entries)."""
    if entry.obsolete or not entry.msgid or entry_status(entry) in (Status.UNTRANSLATED, Status.CHANGED):
        return []
    if entry.msgid_plural and not any(entry.msgstr_plural.values()):
        return []
    ignored = ignored_checks(entry)
    findings = [
        Finding(
            path, line, IGNORE_CHECK.name, IGNORE_CHECK.severity,
            f"unknown check {quote(name)}; checks: {', '.join(IGNORABLE)}", entry.msgctxt, entry.msgid,
        )
        for name in ignored
        if name not in IGNORABLE
    ]
    unknown = machine_unknown(entry) if entry_status(entry) is Status.MACHINE and UNKNOWN_CHECK.name not in ignored else ()
    if unknown:
        message = f"{machine_engine(entry)} did not know: {', '.join(unknown)}"
        findings.append(Finding(path, line, UNKNOWN_CHECK.name, UNKNOWN_CHECK.severity, message, entry.msgctxt, entry.msgid))
    terms = terms_of(entry)
    for pair in _pairs(entry, terms):
        for check in CHECKS:
            if check.name in ignored:
                continue
            problem = check.run(pair)
            if problem:
                findings.append(Finding(path, line, check.name, check.severity, problem, entry.msgctxt, entry.msgid))
    return findings


@dataclass(frozen=True)
class ParsedCatalog:
    """A catalog read once for the checks: its entries, and the line of each entry's ``msgstr``."""

    po: polib.POFile
    lines: dict[int, int]  # see msgstr_lines

    @classmethod
    def of_text(cls, text: str) -> ParsedCatalog:
        po = polib.pofile(text, wrapwidth=WRAP)
        return cls(po, msgstr_lines(text, po))

    @classmethod
    def read(cls, path: Path, label: str) -> ParsedCatalog:
        """The file parsed once; a broken file is an Error: line, not a finding."""
        text = read_utf8(path, label, CatalogError)
        po = parse_catalog(text, label)
        return cls(po, msgstr_lines(po_text.normalize(text, label), po))  # lines as gettext reads the file

    def msgstr_line(self, entry: polib.POEntry) -> int:
        return _msgstr_line(self.lines, entry)


def check_catalog(text: str, path: str, terms_of: Terms = glossary_terms) -> list[Finding]:
    """Every finding in one catalog, given its text and the path to name in messages."""
    return catalog_findings(ParsedCatalog.of_text(text), path, terms_of)


def catalog_findings(catalog: ParsedCatalog, path: str, terms_of: Terms = glossary_terms) -> list[Finding]:
    """Every finding in one catalog already parsed, naming ``path`` in messages."""
    findings: list[Finding] = []
    for entry in catalog.po:
        if not entry.obsolete:
            findings += check_entry(entry, path, catalog.msgstr_line(entry), terms_of)
    return findings


@dataclass(frozen=True)
class CheckReport:
    language: str
    catalogs: tuple[str, ...]
    entries: int  # translated entries checked
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


def language_catalogs(config: Config, language: str) -> list[Path]:
    folder = config.locales_dir / language
    # Not the site memory: a compendium of reviews, not a catalog anyone translates in.
    return sorted(p for p in folder.glob("*.po") if not is_memory(p)) if folder.is_dir() else []


def site_terms(config: Config, language: str) -> Terms:
    """Glossary rules from the site's glossary folder (a bad glossary is an Error: line) and the hints."""
    return terms_for(load_glossary(config.glossary_dir, config.source_language, label_of=config.relative), language)


def structure_findings(label: str, catalog: ParsedCatalog, article: Article, sentences: Sentences) -> list[Finding]:
    """The article's rendered translation against its rendered original, at msgstr lines."""
    found = article_findings(article, catalog.po, catalog.msgstr_line, sentences)
    return [Finding(label, line, STRUCTURE, Severity.ERROR, message) for line, message in found]


def run_checks(config: Config, language: str) -> CheckReport:
    """Check every catalog of ``language`` (``locales/<lang>/*.po``, site strings too); findings sorted."""
    terms_of = site_terms(config, language)
    articles = sources_by_slug(config)
    store = SentenceStore(config.cache_dir)  # each article's blocks as translate split them: no pysbd again
    findings: list[Finding] = []
    labels = []
    entries = 0
    for path in language_catalogs(config, language):
        label = config.relative(path)
        catalog = ParsedCatalog.read(path, label)
        labels.append(label)
        entries += sum(1 for e in catalog.po if not e.obsolete and entry_status(e) in (Status.REVIEWED, Status.MACHINE))
        findings += catalog_findings(catalog, label, terms_of)
        if path.stem in articles:
            article, digest = articles[path.stem]
            findings += structure_findings(label, catalog, article, store.sentences_for(digest, article))
    store.close()
    return CheckReport(language, tuple(labels), entries, tuple(sorted(findings, key=lambda f: f.sort_key)))


def check_document(reports: Sequence[CheckReport]) -> dict[str, Any]:
    """The ``check --json`` document; its shape is ``i18n_pub/schemas/check.schema.json``."""
    return {
        "version": SCHEMA_VERSION,
        "checks": [
            {"name": c.name, "severity": c.severity.value, "description": c.description}
            for c in (*CHECKS, UNKNOWN_CHECK, IGNORE_CHECK, STRUCTURE_CHECK)
        ],
        "languages": {
            r.language: {"catalogs": list(r.catalogs), "entries": r.entries, "errors": r.errors, "warnings": r.warnings}
            for r in reports
        },
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "check": f.check,
                "severity": f.severity.value,
                "message": f.message,
                "msgctxt": f.msgctxt,
                "msgid": f.msgid,
            }
            for r in reports
            for f in r.findings
        ],
    }
