"""One static HTML page per language for reviewers: ``build/review/<lang>.html``.

Each article's segments side by side (source, translation, status, glossary
terms highlighted, check findings), filterable by status with a few lines of
plain JavaScript (``#status=machine`` in the address works too); without
JavaScript every segment shows. The page is built with lxml, so every text
and attribute from a catalog is escaped; the same catalogs give the same bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from lxml import etree, html
from lxml.html.builder import E

from i18n_pub import language_codes, site_strings
from i18n_pub.blocks import segment_article
from i18n_pub.catalog import Key, Status, entry_status, live_entries
from i18n_pub.checks import Finding, ParsedCatalog, Terms, catalog_findings, site_terms
from i18n_pub.config import Config
from i18n_pub.fsutil import write_if_changed
from i18n_pub.sources import Article

SITE_STRINGS = site_strings.SITE_SLUG
FILTERS = ("all", *(s.value for s in Status), "findings")


@dataclass(frozen=True)
class Row:
    msgctxt: str | None
    source: str
    translation: str
    status: Status
    line: int | None  # the msgstr line in the catalog; None when the catalog lacks the entry
    previous_source: str | None = None
    terms: tuple[tuple[str, str], ...] = ()
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    catalog: str
    exists: bool
    rows: tuple[Row, ...]


def _row(key: Key, entry: polib.POEntry | None, line: int | None, findings: Sequence[Finding], terms_of: Terms) -> Row:
    if entry is None:
        return Row(key[0], key[1], "", Status.UNTRANSLATED, None)
    return Row(
        entry.msgctxt,
        entry.msgid,
        entry.msgstr,
        entry_status(entry),
        line,
        entry.previous_msgid if entry_status(entry) is Status.CHANGED else None,
        terms_of(entry),
        tuple(findings),
    )


def _msgstr_line(lines: dict[int, int], entry: polib.POEntry) -> int | None:
    """The line of ``entry``'s msgstr, from the ``lines`` that :func:`_read` gives (by the entry's first line)."""
    return lines.get(entry.linenum) if entry.linenum is not None else None


def _read(config: Config, path: Path, terms_of: Terms) -> tuple[polib.POFile | None, dict[int, int], dict[int, list[Finding]]]:
    """A catalog, the msgstr line of each entry, and the check findings per msgstr line."""
    if not path.exists():
        return None, {}, {}
    label = config.relative(path)
    catalog = ParsedCatalog.read(path, label)  # once; a broken file is an Error: line
    by_line: dict[int, list[Finding]] = defaultdict(list)
    for finding in catalog_findings(catalog, label, terms_of):
        by_line[finding.line].append(finding)
    return catalog.po, catalog.lines, by_line


def collect_review(config: Config, articles: Sequence[Article], language: str) -> tuple[Section, ...]:
    """Every article's sentences as the source has them now, with their catalog entries; then the site strings."""
    terms_of = site_terms(config, language)
    sections = []
    for article in articles:
        path = config.catalog_path(language, article.slug)
        po, lines, findings = _read(config, path, terms_of)
        entries: dict[Key, polib.POEntry] = {(e.msgctxt, e.msgid): e for e in live_entries(po)} if po is not None else {}
        rows = []
        for key in dict.fromkeys((s.context, s.text) for s in segment_article(article)):
            entry = entries.get(key)
            line = _msgstr_line(lines, entry) if entry is not None else None
            rows.append(_row(key, entry, line, findings.get(line, ()) if line else (), terms_of))
        sections.append(Section(article.slug, article.title, config.relative(path), po is not None, tuple(rows)))
    site_path = config.catalog_path(language, SITE_STRINGS)
    po, lines, findings = _read(config, site_path, terms_of)
    if po is not None:
        rows = [
            _row((e.msgctxt, e.msgid), e, _msgstr_line(lines, e), findings.get(_msgstr_line(lines, e) or -1, ()), terms_of)
            for e in live_entries(po)
        ]
        sections.append(Section(SITE_STRINGS, "Site strings", config.relative(site_path), True, tuple(rows)))
    return tuple(sections)


# --- the page --------------------------------------------------------------------

STYLE = """
:root { --reviewed: #1a7f37; --machine: #9a6700; --changed: #bc4c00; --untranslated: #cf222e; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Naskh Arabic", sans-serif;
       margin: 0; color: #1f2328; background: #f6f8fa; }
header { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid #d0d7de; padding: .6rem 1.2rem; }
h1 { font-size: 1.25rem; margin: 0 0 .4rem; }
nav.filters { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
nav.filters a { text-decoration: none; color: inherit; border: 1px solid #d0d7de; border-radius: 2rem;
                padding: .1rem .7rem; background: #fff; }
nav.filters a[aria-current="true"] { background: #0969da; border-color: #0969da; color: #fff; }
#shown { margin-left: auto; color: #57606a; }
main { padding: .8rem 1.2rem 3rem; }
section.article { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; margin: 0 0 1.2rem; }
section.article > h2 { font-size: 1.05rem; margin: 0; padding: .6rem .8rem; border-bottom: 1px solid #d0d7de; }
section.article > h2 small { font-weight: normal; color: #57606a; margin-left: .5rem; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: start; vertical-align: top; padding: .45rem .6rem; border-top: 1px solid #eaeef2; overflow-wrap: anywhere; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: #57606a; background: #f6f8fa; }
col.n { width: 3rem; } col.status { width: 9rem; }
td.n { color: #57606a; font-size: .8rem; }
td.source .context, td.n .context { display: block; color: #57606a; font-size: .75rem; text-transform: uppercase; }
.badge { display: inline-block; border-radius: 2rem; padding: 0 .55rem; font-size: .8rem; color: #fff; }
.badge.reviewed { background: var(--reviewed); } .badge.machine { background: var(--machine); }
.badge.changed { background: var(--changed); } .badge.untranslated { background: var(--untranslated); }
mark.term { background: #ddf4ff; border-bottom: 2px solid #54aeff; padding: 0 .1rem; }
.previous { display: block; margin-top: .3rem; color: #57606a; font-size: .85rem; }
.previous del { color: #82071e; }
ul.findings { margin: .35rem 0 0; padding-left: 1.1rem; font-size: .85rem; }
ul.findings li.error { color: #cf222e; } ul.findings li.warning { color: #9a6700; }
td.empty { color: #8c959f; font-style: italic; }
.where { color: #57606a; font-size: .75rem; display: block; margin-top: .2rem; }
"""

SCRIPT = """
(function () {
  "use strict";
  function apply() {
    var match = /status=([a-z]+)/.exec(window.location.hash);
    var wanted = match ? match[1] : "all";
    var rows = document.querySelectorAll("tr.segment");
    var shown = 0;
    rows.forEach(function (row) {
      var keep = wanted === "all" || row.getAttribute("data-status") === wanted ||
        (wanted === "findings" && row.getAttribute("data-findings") !== "0");
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    document.querySelectorAll("section.article").forEach(function (section) {
      section.hidden = !section.querySelector("tr.segment:not([hidden])");
    });
    document.querySelectorAll("nav.filters a").forEach(function (link) {
      link.setAttribute("aria-current", link.getAttribute("data-filter") === wanted ? "true" : "false");
    });
    document.body.setAttribute("data-filter", wanted);
    document.getElementById("shown").textContent = shown + " of " + rows.length + " segments shown";
  }
  window.addEventListener("hashchange", apply);
  apply();
})();
"""


def _spans(text: str, needles: Sequence[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping whole-word occurrences of ``needles`` (longest first), in text order.

    >>> _spans("ICESCO and the ICESCO Youth Forum", ["ICESCO", "ICESCO Youth Forum"])
    [(0, 6, 'ICESCO'), (15, 33, 'ICESCO Youth Forum')]
    """
    found: list[tuple[int, int, str]] = []
    for needle in sorted(set(n for n in needles if n.strip()), key=len, reverse=True):
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in needle.split()) + r"(?!\w)"
        for match in re.finditer(pattern, text):
            if all(match.end() <= s or match.start() >= e for s, e, _ in found):
                found.append((match.start(), match.end(), needle))
    return sorted(found)


def _highlighted(element: etree._Element, text: str, marks: dict[str, str]) -> etree._Element:
    """Put ``text`` into ``element``, after what it holds, with each of ``marks`` (text → tooltip) in a <mark>."""
    position, last = 0, (element[-1] if len(element) else None)
    for start, end, needle in _spans(text, list(marks)):
        piece = text[position:start]
        if last is None:
            element.text = (element.text or "") + piece
        else:
            last.tail = piece
        last = E.mark(text[start:end], {"class": "term", "title": marks[needle]})
        element.append(last)
        position = end
    if last is None:
        element.text = (element.text or "") + text[position:]
    else:
        last.tail = text[position:]
    return element


def _counts(rows: Sequence[Row]) -> dict[str, int]:
    counts = {name: 0 for name in FILTERS}
    counts["all"] = len(rows)
    for row in rows:
        counts[row.status.value] += 1
        counts["findings"] += bool(row.findings)
    return counts


def _row_element(number: int, row: Row, section: Section, language: str, direction: str) -> etree._Element:
    n = E.td(str(number), {"class": "n"})
    source = E.td({"class": "source", "lang": "en"})
    if row.msgctxt:
        source.append(E.span(row.msgctxt, {"class": "context"}))
    _highlighted(source, row.source, {term: f"glossary: {term} → {form}" for term, form in row.terms})
    if row.previous_source is not None:
        source.append(E.span("previously: ", getattr(E, "del")(row.previous_source), {"class": "previous"}))
    if row.translation:
        translation = E.td({"class": "translation", "lang": language, "dir": direction})
        _highlighted(translation, row.translation, {form: f"glossary: {term} → {form}" for term, form in row.terms})
    else:
        translation = E.td("not translated yet", {"class": "translation empty"})
    status = E.td(E.span(row.status.value, {"class": f"badge {row.status.value}"}))
    if row.line:
        status.append(E.span(f"line {row.line}", {"class": "where", "title": f"{section.catalog}:{row.line}"}))
    if row.findings:
        status_list = E.ul({"class": "findings"})
        for finding in row.findings:
            status_list.append(E.li(f"{finding.check}: {finding.message}", {"class": finding.severity.value}))
        translation.append(status_list)
    element: etree._Element = E.tr(  # lxml-stubs have no lxml.html.builder: E is untyped
        n,
        source,
        translation,
        status,
        {"class": "segment", "data-status": row.status.value, "data-findings": str(len(row.findings))},
    )
    return element


def render_review(language: str, sections: Sequence[Section], site_title: str = "") -> str:
    """The whole page as text (build, then write)."""
    locale = language_codes.locale(language)
    direction = "rtl" if locale.text_direction == "rtl" else "ltr"
    rows = [row for section in sections for row in section.rows]
    counts = _counts(rows)
    title = f"Review: {locale.english_name} ({language})" + (f" — {site_title}" if site_title else "")
    nav = E.nav({"class": "filters", "aria-label": "Show segments by status"})
    for name in FILTERS:
        nav.append(E.a(f"{name} ({counts[name]})", {"href": f"#status={name}", "data-filter": name}))
    nav.append(E.output(f"{len(rows)} segments", {"id": "shown"}))
    main = E.main()
    for section in sections:
        heading = E.H2(section.title, E.small(section.catalog + ("" if section.exists else " (no catalog yet)")))
        table = E.table(
            E.colgroup(E.col({"class": "n"}), E.col({"class": "text"}), E.col({"class": "text"}), E.col({"class": "status"})),
            E.thead(E.tr(E.th("#"), E.th("Source (en)"), E.th(f"Translation ({language})"), E.th("Status"))),
            E.tbody(*(_row_element(i, row, section, language, direction) for i, row in enumerate(section.rows, 1))),
        )
        main.append(E.section(heading, table, {"class": "article", "id": f"article-{section.slug}"}))
    page = E.html(
        E.head(
            E.meta(charset="utf-8"),
            E.meta(name="viewport", content="width=device-width, initial-scale=1"),
            E.title(title),
            E.style(STYLE),
        ),
        E.body(E.header(E.H1(title), nav), main, E.script(SCRIPT), {"data-filter": "all"}),
        lang="en",
    )
    document: str = html.tostring(page, doctype="<!DOCTYPE html>", encoding="unicode", pretty_print=True)
    return document


def review_path(config: Config, language: str) -> Path:
    return config.inside(config.root / "build" / "review" / f"{language}.html")


def write_review(config: Config, articles: Sequence[Article], language: str) -> tuple[Path, bool]:
    """Build the page, then write it atomically if it changed; returns the path and whether it was written."""
    text = render_review(language, collect_review(config, articles, language), config.feed.title)
    path = review_path(config, language)
    return path, write_if_changed(path, text)
