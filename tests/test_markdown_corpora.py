"""Real articles go through whole (issue 13): the Prometheus blog and opensource.guide, copied as they are.

One site holds all 72 articles; one ``translate --all`` run fills Spanish with
Apertium and French with the pseudo engine, one ``publish --all --markdown`` writes
the feeds and the Markdown. For every article and both languages, the rendered
translation has the rendered original's elements in order, with the same link
targets, image sources and code texts — in the translated Markdown file and in
the feed entry — and no segment of the templates is unbalanced Markdown.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from i18n_pub.blocks import block, body_blocks
from i18n_pub.config import load_config
from i18n_pub.markup import ATOM, CLOSE, OPEN, html_pieces, parse_for_segments, pieces_for
from i18n_pub.render import render_markdown, structure, structure_difference, translated_markdown
from i18n_pub.sentence_store import SentenceStore, article_blocks
from i18n_pub.sources import load_articles, parse_article
from tests.conftest import SHARED, require_tool, run_cli

CORPORA = [SHARED / "realworld" / "prometheus-blog", SHARED / "realworld" / "opensource-guide" / "en"]
BASE = "https://example.org/news"
CONFIG = f"""[tool.i18n-pub]
languages = ["es", "fr"]

[tool.i18n-pub.engines]
es = "apertium"
fr = "pseudo"

[tool.i18n-pub.feed]
title = "Corpus"
base-url = "{BASE}"
organization = "Corpus"
"""


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tool("apertium")
    site = tmp_path_factory.mktemp("corpora")
    (site / "pyproject.toml").write_text(CONFIG, "utf-8")
    (site / "sources").mkdir()
    for folder in CORPORA:
        for path in sorted(folder.glob("*.md")):
            shutil.copy(path, site / "sources" / path.name)
    run_cli("translate", "--all", "--quiet", cwd=site)
    run_cli("publish", "--all", "--markdown", "--quiet", cwd=site)
    return site


def _body(text: str) -> str:
    """The body of a Markdown file with YAML front matter."""
    match = re.match(r"---\n.*?\n---\n", text, re.S)
    assert match, text[:80]
    return text[match.end() :]


def test_every_article_is_published_in_both_languages(corpus_site):
    config = load_config(corpus_site)
    articles = load_articles(config.sources_dir, config.relative, config.front_matter)
    assert len(articles) == 72
    drafts = [a.slug for a in articles if a.draft]
    assert drafts == ["2024-09-11-prometheus-3-beta"]  # draft: true, never published
    for language in ("es", "fr"):
        written = sorted(p.stem for p in (corpus_site / "build" / language).glob("*.md"))
        assert written == sorted(a.slug for a in articles if not a.draft)


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_translated_markdown_renders_with_the_originals_structure(corpus_site, language):
    config = load_config(corpus_site)
    mismatches = []
    for article in load_articles(config.sources_dir, config.relative, config.front_matter):
        if article.draft:
            continue
        translated = (corpus_site / "build" / language / f"{article.slug}.md").read_text("utf-8")
        again = parse_article(translated, f"{article.slug}.md", article.slug, config.front_matter)  # the front matter still reads
        assert again.slug == article.slug and again.date == article.date
        difference = structure_difference(structure(render_markdown(article.body)), structure(render_markdown(_body(translated))))
        if difference:
            mismatches.append(f"{article.slug}: {difference}")
    assert mismatches == []


@pytest.mark.parametrize("language", ["es", "fr"])
def test_each_feed_entry_has_the_originals_structure(corpus_site, language):
    config = load_config(corpus_site)
    feed = etree.parse(str(corpus_site / "build" / "feeds" / f"{language}.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom", "h": "http://www.w3.org/1999/xhtml"}
    contents = {}
    for entry in feed.getroot().iterfind("a:entry", ns):
        slug = entry.findtext("a:id", namespaces=ns).rstrip("/").rsplit("/", 1)[-1]
        content = entry.find("a:content", ns)
        assert content is not None and content.get("type") == "html"  # escaped HTML, what every consumer reads
        # The disclaimer paragraph is the feed's, not the article's.
        html = re.sub(r'<p class="i18n-pub-disclaimer"[^>]*>.*?</p>\s*', "", content.text or "", flags=re.S)
        # Read as HTML (libxml2's HTML parser), then written as XML for the structure comparison.
        wrapper = lxml_html.fragment_fromstring(html, create_parent="div")
        contents[slug] = (wrapper.text or "") + "".join(etree.tostring(c, encoding="unicode", method="xml") for c in wrapper)
    mismatches = []
    for article in load_articles(config.sources_dir, config.relative, config.front_matter):
        if article.draft:
            continue
        original = structure(render_markdown(article.body, f"{BASE}/{article.slug}/"))
        difference = structure_difference(original, structure(contents[article.slug]))
        if difference:
            mismatches.append(f"{article.slug}: {difference}")
    assert len(contents) == 71 and mismatches == []


def test_no_segment_is_unbalanced(corpus_site):
    """Every segment of every article (what the templates hold) pairs each code it opens, has no
    stray emphasis or code delimiter (in Markdown; inside raw HTML they are text), and has words."""
    import polib

    config = load_config(corpus_site)
    in_templates = {e.msgid for t in (corpus_site / "locales" / "templates").glob("*.pot") for e in polib.pofile(str(t))}
    bad, count = [], 0
    for article in load_articles(config.sources_dir, config.relative, config.front_matter):
        for source in body_blocks(parse_for_segments(article.body)):
            for unit in block(None, source.text, source.pieces, 0).units:
                if not unit.translate:
                    continue
                count += 1
                assert unit.text in in_templates
                pieces = html_pieces(unit.text) if source.html else pieces_for(unit.text)
                opened = sorted(p.pair for p in pieces if p.kind == OPEN)
                closed = sorted(p.pair for p in pieces if p.kind == CLOSE)
                stray = "".join(p.text for p in pieces if p.kind not in (ATOM, OPEN, CLOSE))
                delimiters = not source.html and re.search(r"(?<!\\)(?:\*|`|~~)", stray)
                if opened != closed or delimiters or not re.search(r"[^\W\d_]", stray):
                    bad.append(f"{article.slug}: {unit.text[:80]!r}")
    assert count > 5000 and bad == []


@pytest.mark.parametrize("language", ["es", "fr"])
def test_protected_spans_come_back_verbatim_and_check_finds_no_structure_error(corpus_site, language):
    """Code, tags, paths and version numbers (``Prometheus 2.43``, never ``2,43``) as written; check agrees."""
    import polib

    versions = 0
    for catalog in (corpus_site / "locales" / language).glob("*.po"):
        for entry in polib.pofile(str(catalog)):
            for version in re.findall(r"Prometheus (\d+\.\d+)\b(?!\.\d)", entry.msgid):
                versions += 1
                assert version in entry.msgstr, (entry.msgid, entry.msgstr)
    assert versions >= 40
    check = run_cli("check", "-l", language, cwd=corpus_site, check=None)
    assert [line for line in check.stdout.splitlines() if ": structure:" in line or ": protected:" in line] == []


def test_every_catalog_is_written_as_polib_writes_it(corpus_site):
    """The PO writer (i18n_pub/po_write.py) against polib, the writer it replaced, on real articles' catalogs."""
    import polib

    from i18n_pub.catalog import WRAP

    files = sorted(corpus_site.glob("locales/**/*.po*"))
    assert len(files) >= 3 * 71
    for path in files:
        text = path.read_text("utf-8")
        reference = str(polib.pofile(str(path), wrapwidth=WRAP))
        assert text == (reference if reference.endswith("\n") else reference + "\n"), path


def test_the_places_translate_keeps_rebuild_every_real_body_as_a_fresh_parse_does(tmp_path):
    """Publish rebuilds each translated body from the places of its text blocks that translate kept in the
    store (:class:`~i18n_pub.render.Slot`), not from a new parse: on every real article, the same bytes."""
    store = SentenceStore(tmp_path)
    try:
        for folder in CORPORA:
            for path in sorted(folder.glob("*.md")):
                article = parse_article(path.read_text("utf-8"), f"sources/{path.name}", path.stem)
                store.remember(path.name, *article_blocks(article))
                slots = store.slots(path.name)
                assert slots, path.name
                translate = lambda text, html: f"«{text.upper()}»"  # noqa: E731  (any text: both paths must agree)
                assert translated_markdown(article.body, translate, slots) == translated_markdown(article.body, translate), path
    finally:
        store.close()
