"""``i18n-pub import``: WordPress-like RSS, WXR and Atom fixtures → sources, run as a user runs it.

Expected values are written by hand from the fixtures (tests/data/import/), or come from an
independent reading: YAML front matter read with PyYAML, the body rendered with markdown-it and
compared with lxml, feeds read by a local server on 127.0.0.1.
"""

from __future__ import annotations

import os
import stat
import subprocess
import time
from datetime import UTC
from pathlib import Path

import pytest
import yaml

from tests.conftest import CLI, REPO, run_cli, shared_file, tree_hashes
from tests.feed_server import FeedServer

FIXTURES = REPO / "tests" / "data" / "import"
RSS, WXR, ATOM = (FIXTURES / name for name in ("wordpress-rss.xml", "wordpress-export.xml", "wordpress-atom.xml"))
CONFIG = """[tool.i18n-pub]
languages = ["es", "fr"]

[tool.i18n-pub.engines]
default = "pseudo"
es = "apertium"

[tool.i18n-pub.feed]
title = "ICESCO News"
base-url = "https://example.org/news"
organization = "ICESCO"
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site with no sources yet: the import fills it."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    return root


def split_source(path: Path) -> tuple[dict, str]:
    """Front matter (read by PyYAML, not by i18n-pub) and body of a written source."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(front), body


def sources(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "sources").glob("*.md")) if (site / "sources").exists() else []


# --- what each format gives -------------------------------------------------------------


def test_rss_items_become_sources_with_their_metadata(site):
    done = run_cli("import", str(RSS), cwd=site)
    assert sources(site) == ["icesco-unesco-heritage-programme.md", "icesco-youth-forum-registration.md", "science-week-ends.md"]
    assert "3 new, 0 updated, 0 unchanged" in done.stdout
    meta, body = split_source(site / "sources/icesco-unesco-heritage-programme.md")
    assert meta["title"] == "ICESCO and UNESCO Launch Joint Programme on Heritage Preservation"
    assert meta["date"].isoformat() == "2021-04-12T10:30:00+00:00"
    assert meta["author"] == "ICESCO Media Center"
    assert meta["tags"] == ["Culture", "Heritage", "Partnerships"]
    assert meta["link"] == "https://news.example.org/2021/04/12/icesco-unesco-heritage-programme/"
    # WordPress's excerpt without its "… Continue reading" tail
    assert meta["summary"] == (
        "The Islamic World Educational, Scientific and Cultural Organization (ICESCO) and UNESCO launched "
        "a joint programme to train heritage professionals in ten member states."
    )
    assert meta["imported-digest"].startswith("sha256:")
    for kept in (
        "launched on **Monday, April 12, 2021**, a joint programme to train *heritage professionals*",
        "![Restoration work on a historic mosque](https://news.example.org/wp-content/uploads/2021/04/heritage-1024x576.jpg)",
        "\n\nRestoration work in the old city of Fez, Morocco.\n\n",  # the figure's caption, a paragraph of its own
        "\n## Three areas of work\n",
        "- Documentation of [World Heritage sites](https://whc.unesco.org/en/list/) at risk;",
        "> Heritage is the memory of peoples, and its protection is a shared responsibility.",
        "| Country | Sites |\n| --- | --- |\n| Morocco | 9 |\n| Egypt | 7 |",
        "Read the [call for applications](https://news.example.org/heritage-call/).",
    ):
        assert kept in body
    for dropped in ("window._stats", "stats.example.org", "wp-block-image", "youtube.com/embed", "pixel.wp.example.com", "style", "<"):
        assert dropped not in body


def test_shortcodes_left_by_plugins(site):
    run_cli("import", str(RSS), cwd=site)
    meta, body = split_source(site / "sources/icesco-youth-forum-registration.md")
    assert meta["summary"] == "Registration for the ICESCO Youth Forum is open until May 15, 2021."
    # [caption]: the image and its caption text
    assert body.startswith(
        "![Participants of the 2019 forum](https://news.example.org/wp-content/uploads/2021/04/forum.jpg)\n\n"
        "Participants of the 2019 forum in Rabat.\n\n"
    )
    assert "\n<https://www.youtube.com/watch?v=xyz789>\n" in body  # [embed]URL[/embed]: a link
    assert "gallery" not in body and "caption" not in body and "embed" not in body
    assert "ICESCO Youth Strategy [2020-2025]." in body  # brackets that are words stay
    assert "**June 7 to 9, 2021**" in body and "*two minutes*" in body  # <b>, <i>
    assert "1. Fill in the [online form](https://forms.example.org/youth-2021);\n2. Send" in body


def test_an_item_without_content_takes_its_description_as_body(site):
    run_cli("import", str(RSS), cwd=site)
    meta, body = split_source(site / "sources/science-week-ends.md")
    assert "summary" not in meta  # the description is the body, not repeated
    assert meta["date"].isoformat() == "2021-04-02T08:00:00+01:00"
    assert body == "ICESCO's Science Week ended on April 1, 2021, with a call for open access to research.\n"


def test_wxr_imports_published_posts_only(site):
    done = run_cli("import", str(WXR), cwd=site)
    assert sources(site) == ["badea-literacy-programme.md", "heritage-week.md"]
    assert "“ICESCO Women in Science Award: Draft”" in done.stdout and "draft post" in done.stdout
    assert "“About ICESCO”" in done.stdout and ": page" in done.stdout
    assert "skipped 1 attachment(s)" in done.stdout
    meta, body = split_source(site / "sources/badea-literacy-programme.md")
    assert meta["author"] == "ICESCO Media Center"  # the display name, not the login "media"
    assert meta["tags"] == ["Education", "literacy"]
    assert meta["date"].isoformat() == "2021-04-02T09:15:00+00:00"
    assert meta["summary"] == "ICESCO and BADEA signed an agreement to finance a literacy programme in eight African countries."
    assert "wp:paragraph" not in body and "grant of **2.5 million dollars**" in body
    # a classic-editor post: blank lines were its paragraphs
    _, classic = split_source(site / "sources/heritage-week.md")
    assert classic == (
        "Classic editor text without paragraph tags: WordPress adds them when it displays the post.\n\n"
        "The *Islamic World Heritage Week* runs from March 15-18, 2021.\n\n"
        "## Programme\n\n"
        "Lectures, exhibitions and [virtual visits](https://news.example.org/heritage-week/visits/).\n"
    )


def test_atom_entries_html_and_xhtml_content(site):
    run_cli("import", str(ATOM), cwd=site)
    assert sources(site) == ["icesco-auf-framework-agreement.md", "icesco-who-education-response.md"]
    meta, body = split_source(site / "sources/icesco-who-education-response.md")
    assert meta["title"] == "ICESCO & WHO Coordinate Education Response"  # type="html": &#038; is "&"
    assert meta["author"] == "Amina Benali" and meta["tags"] == ["Health"]
    assert body == (
        "ICESCO and the [World Health Organization](https://www.who.int/) (WHO) agreed to coordinate their response in schools.\n\n"
        "A joint *guide for teachers* will be published in May 2021.\n"
    )
    meta, body = split_source(site / "sources/icesco-auf-framework-agreement.md")
    assert meta["date"].isoformat() == "2021-04-06T16:45:00+02:00"  # published, not updated
    assert meta["summary"].endswith("on April 6, 2021.")
    assert "1. Higher education and research;" in body and "\n> This agreement opens" in body


# --- running again ------------------------------------------------------------------------


def test_running_again_writes_nothing(site):
    run_cli("import", str(RSS), cwd=site)
    before = {p: p.stat().st_mtime_ns for p in (site / "sources").iterdir()}
    hashes = tree_hashes(site)
    done = run_cli("import", str(RSS), cwd=site)
    assert "0 new, 0 updated, 3 unchanged" in done.stdout and not done.stderr
    assert tree_hashes(site) == hashes
    assert {p: p.stat().st_mtime_ns for p in (site / "sources").iterdir()} == before


def test_a_changed_item_rewrites_only_its_source(site, tmp_path):
    run_cli("import", str(RSS), cwd=site)
    other = (site / "sources/science-week-ends.md").stat().st_mtime_ns
    changed = tmp_path / "feed.xml"
    changed.write_text(
        RSS.read_text(encoding="utf-8").replace("Training of <strong>200 restorers</strong>", "Training of <strong>250 restorers</strong>"),
        encoding="utf-8",
    )
    done = run_cli("import", str(changed), cwd=site)
    assert "wrote sources/icesco-unesco-heritage-programme.md" in done.stdout
    assert "0 new, 1 updated, 2 unchanged" in done.stdout
    assert "**250 restorers**" in (site / "sources/icesco-unesco-heritage-programme.md").read_text(encoding="utf-8")
    assert (site / "sources/science-week-ends.md").stat().st_mtime_ns == other


def test_a_source_edited_by_hand_is_kept_unless_forced(site, tmp_path):
    run_cli("import", str(RSS), cwd=site)
    path = site / "sources/science-week-ends.md"
    edited = path.read_text(encoding="utf-8").replace("call for open access", "call for open access (edited)")
    path.write_text(edited, encoding="utf-8")
    changed = tmp_path / "feed.xml"
    changed.write_text(
        RSS.read_text(encoding="utf-8").replace("with a call for open access to research", "with a call for open science"), encoding="utf-8"
    )
    done = run_cli("import", str(changed), cwd=site)
    assert "warning: sources/science-week-ends.md: edited by hand since it was imported" in done.stderr
    assert "--force" in done.stderr
    assert path.read_text(encoding="utf-8") == edited
    run_cli("import", "--force", str(changed), cwd=site)
    assert "open science" in path.read_text(encoding="utf-8")


def test_a_source_not_written_by_import_is_kept(site):
    (site / "sources").mkdir()
    own = "---\ntitle: Mine\ndate: 2021-01-01\n---\nWritten by an editor.\n"
    (site / "sources/science-week-ends.md").write_text(own, encoding="utf-8")
    done = run_cli("import", str(RSS), cwd=site)
    assert "warning: sources/science-week-ends.md: not written by import" in done.stderr
    assert (site / "sources/science-week-ends.md").read_text(encoding="utf-8") == own


def test_an_item_deleted_upstream_is_reported_not_deleted(site, tmp_path):
    run_cli("import", str(RSS), cwd=site)
    text = RSS.read_text(encoding="utf-8")
    start = text.index("\t<item>\n\t\t<title>ICESCO Youth Forum")
    fewer = tmp_path / "feed.xml"
    fewer.write_text(text[:start] + text[text.index("</item>", start) + len("</item>") :], encoding="utf-8")
    done = run_cli("import", str(fewer), cwd=site)
    assert f"warning: sources/icesco-youth-forum-registration.md: no longer in {fewer}; kept" in done.stderr
    assert (site / "sources/icesco-youth-forum-registration.md").exists()
    # An item older than the feed's oldest one left the feed's window: that is not a deletion.
    newest_only = tmp_path / "newest.xml"
    newest_only.write_text(text[: text.index("\t<item>\n\t\t<title>ICESCO Youth Forum")] + "\t</channel>\n</rss>\n", encoding="utf-8")
    assert "no longer in" not in run_cli("import", str(newest_only), cwd=site).stderr


# --- bad input ---------------------------------------------------------------------------------


def one_error_line(done) -> str:
    lines = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    assert lines and "Traceback" not in done.stderr, done.stderr
    return "\n".join(lines)


def test_a_feed_that_is_not_well_formed(site, tmp_path):
    bad = tmp_path / "feed.xml"
    bad.write_text(
        RSS.read_text(encoding="utf-8").replace("<category><![CDATA[Heritage]]></category>", "<category>Heritage</categry>"),
        encoding="utf-8",
    )
    done = run_cli("import", str(bad), cwd=site, check=1)
    line = one_error_line(done)
    assert line.startswith(f"Error: {bad}:30: not well-formed XML:") and " — " in line, line
    assert sources(site) == []


def test_an_unknown_format(site, tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<html>\n<body><p>Not a feed</p></body>\n</html>\n", encoding="utf-8")
    done = run_cli("import", str(page), cwd=site, check=1)
    assert one_error_line(done) == (
        f"Error: {page}:1: unknown format: the document is <html>, not an RSS 2.0 feed, an Atom feed or a WordPress export"
        " — give the site's feed (WordPress: https://<site>/feed/) or a file from WordPress's Tools → Export"
    )


def test_entities_are_refused_and_nothing_is_read(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    xxe = tmp_path / "feed.xml"
    xxe.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY x SYSTEM "file://{secret}">\n]>\n'
        '<rss version="2.0"><channel><item><title>&x;</title><pubDate>Fri, 02 Apr 2021 08:00:00 +0000</pubDate>'
        "<description>Text</description></item></channel></rss>\n",
        encoding="utf-8",
    )
    done = run_cli("import", str(xxe), cwd=site, check=1)
    assert f"Error: {xxe}:3: " in one_error_line(done) and "entities" in done.stderr
    assert "TOP SECRET" not in done.stdout + done.stderr and sources(site) == []


def _broken_items_feed(tmp_path: Path) -> Path:
    """The RSS fixture with one item lacking a title, one lacking a date, one with a nested table."""
    text = RSS.read_text(encoding="utf-8")
    text = text.replace("<title>Science Week Ends with Call for Open Access</title>", "<title>  </title>")
    text = text.replace("<pubDate>Thu, 08 Apr 2021 14:05:12 +0000</pubDate>", "")
    text = text.replace("<td>Egypt</td>", "<td><table><tr><td>Egypt</td></tr></table></td>")
    path = tmp_path / "feed.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_bad_item_is_reported_and_nothing_is_written(site, tmp_path):
    feed = _broken_items_feed(tmp_path)
    done = run_cli("import", str(feed), cwd=site, check=1)
    lines = one_error_line(done).splitlines()
    assert lines == [
        (
            f"Error: {feed}:22: cannot convert the HTML of “ICESCO and UNESCO Launch Joint Programme on Heritage Preservation”: "
            "a table inside a table cannot be a Markdown table — flatten the nested table in the post"
        ),
        (
            f"Error: {feed}:78: the item “ICESCO Youth Forum Opens Registration for 2021 Edition” has no date"
            " — give the post a publication date (RSS pubDate, Atom published)"
        ),
        f"Error: {feed}:100: the item has no title — give the post a title",
    ]
    assert sources(site) == []


def test_keep_going_imports_the_good_items_and_still_fails(site, tmp_path):
    text = RSS.read_text(encoding="utf-8").replace("<pubDate>Thu, 08 Apr 2021 14:05:12 +0000</pubDate>", "")
    feed = tmp_path / "feed.xml"
    feed.write_text(text, encoding="utf-8")
    done = run_cli("import", "--keep-going", str(feed), cwd=site, check=1)
    assert "has no date" in one_error_line(done)
    assert sources(site) == ["icesco-unesco-heritage-programme.md", "science-week-ends.md"]
    assert "2 new, 0 updated, 0 unchanged, 0 kept, 1 with errors" in done.stdout


def test_invisible_characters_in_an_item_are_an_error(site, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS.read_text(encoding="utf-8").replace("Science Week Ends", "Science Week \u202eEnds"), encoding="utf-8")
    done = run_cli("import", str(feed), cwd=site, check=1)
    line = one_error_line(done)
    assert "invisible character U+202E RIGHT-TO-LEFT OVERRIDE in the title" in line
    assert "\u202e" not in done.stderr and sources(site) == []


def test_a_missing_file(site):
    done = run_cli("import", "no-such-feed.xml", cwd=site, check=1)
    assert (
        one_error_line(done) == "Error: no-such-feed.xml: no such file — give a feed file, a WordPress export (.xml) or an http(s) address"
    )


# --- feeds over http, from 127.0.0.1 -------------------------------------------------------------


def test_a_feed_address(site):
    with FeedServer("feed", RSS.read_bytes()) as server:
        done = run_cli("import", server.url, cwd=site)
    assert server.requests == ["/feed/"]
    assert f"RSS 2.0 feed {server.url}: 3 new" in done.stdout
    assert sources(site) == ["icesco-unesco-heritage-programme.md", "icesco-youth-forum-registration.md", "science-week-ends.md"]


@pytest.mark.parametrize("mode", ["trickle", "silent"])
def test_a_slow_server_is_given_up_on_at_the_deadline(site, mode):
    with FeedServer(mode, RSS.read_bytes(), delay=0.2 if mode == "trickle" else 30) as server:
        start = time.monotonic()
        done = run_cli("import", "--timeout", "1.5", server.url, cwd=site, check=1)
        elapsed = time.monotonic() - start
    assert (
        one_error_line(done)
        == f"Error: {server.url}: no complete answer within 1.5 s — check the address, or give more time with --timeout"
    )
    assert elapsed < 1.5 + 8  # the deadline, plus starting Python on a busy machine
    assert sources(site) == []


@pytest.mark.parametrize("mode", ["huge", "huge-declared"])
def test_an_oversized_answer_is_refused(site, mode):
    with FeedServer(mode, size=21 * 1024 * 1024) as server:
        done = run_cli("import", server.url, cwd=site, check=1)
    assert one_error_line(done) == (
        f"Error: {server.url}: the answer is larger than 20,971,520 bytes"
        " — import a smaller feed, or download the export and import the file"
    )
    assert sources(site) == []


def test_redirects_are_followed_to_http_only(site, tmp_path):
    with FeedServer("feed", ATOM.read_bytes()) as target, FeedServer("redirect", location=target.url) as hop:
        run_cli("import", hop.url, cwd=site)
    assert sources(site) == ["icesco-auf-framework-agreement.md", "icesco-who-education-response.md"]
    (tmp_path / "local.xml").write_bytes(RSS.read_bytes())
    with FeedServer("redirect", location=(tmp_path / "local.xml").as_uri()) as hop:
        done = run_cli("import", hop.url, cwd=site, check=1)
    assert one_error_line(done) == f"Error: {hop.url}: redirected to a file address, not http(s) — give the feed's final http(s) address"


def test_an_http_error(site):
    with FeedServer("status", status=404) as server:
        done = run_cli("import", server.url, cwd=site, check=1)
    assert one_error_line(done) == f"Error: {server.url}: the server answered HTTP 404 Not Found — check the feed's address"


# --- round trip: the Markdown written reads as the sanitised HTML --------------------------------

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
CONTAINERS = {"ul", "ol", "table", "tr", "blockquote"}  # their text is their children's


def _fixture_bodies() -> list[tuple[Path, str, str, bool]]:
    """(fixture, slug, the item's HTML, is a WordPress export) for every item the import keeps."""
    from lxml import etree

    wp = "{http://wordpress.org/export/1.2/}"
    rss = [i.findtext(CONTENT) for i in etree.parse(str(RSS)).iter("item")]
    posts = [i.findtext(CONTENT) for i in etree.parse(str(WXR)).iter("item")
             if i.findtext(f"{wp}status") == "publish" and i.findtext(f"{wp}post_type") == "post"]  # fmt: skip
    bodies = [(RSS, "icesco-unesco-heritage-programme", rss[0], False), (RSS, "icesco-youth-forum-registration", rss[1], False),
              (WXR, "badea-literacy-programme", posts[0], True), (WXR, "heritage-week", posts[1], True)]  # fmt: skip
    entries = etree.parse(str(ATOM)).getroot().iter(f"{ATOM_NS}entry")
    first, second = (e.find(f"{ATOM_NS}content") for e in entries)
    xhtml = "".join(etree.tostring(child, encoding="unicode", method="html") for child in second[0])
    bodies += [(ATOM, "icesco-auf-framework-agreement", first.text, False), (ATOM, "icesco-who-education-response", xhtml, False)]
    return bodies


def _shape(html: str) -> list[tuple[str, tuple, str | None]]:
    """Every element in document order: tag, link/image attributes, text (for elements that hold their own:
    a list, a table or a list item of paragraphs shows its children's, already compared)."""
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(html, create_parent="div")
    shape = []
    for element in root.iterdescendants():
        if element.tag in ("thead", "tbody"):
            continue  # what markdown-it adds around table rows
        attributes = tuple((name, element.get(name)) for name in ("href", "src", "alt") if element.get(name) is not None)
        holds_blocks = element.tag == "li" and any(child.tag in ("p", "ul", "ol", "pre", "blockquote") for child in element)
        text = None if element.tag in CONTAINERS or holds_blocks else " ".join(element.text_content().split())
        shape.append((element.tag, attributes, text))
    return shape


@pytest.mark.parametrize("fixture", [RSS, WXR, ATOM], ids=["rss", "wxr", "atom"])
def test_the_markdown_renders_to_the_sanitised_html(site, fixture):
    from markdown_it import MarkdownIt

    from i18n_pub.html_markdown import sanitise

    render = MarkdownIt("commonmark", {"html": False}).enable("table").render  # CommonMark with GFM tables
    run_cli("import", str(fixture), cwd=site)
    checked = 0
    for source, slug, html, export in _fixture_bodies():
        if source is not fixture:
            continue
        _, body = split_source(site / f"sources/{slug}.md")
        expected, got = _shape(sanitise(html, autop=export)), _shape(render(body))
        assert got == expected, slug
        assert {tag for tag, _, _ in expected} >= {"p"}
        checked += 1
    assert checked == 2
    if fixture is RSS:  # every kind of element the issue names came through
        tags = {tag for _, slug, html, _ in _fixture_bodies() for tag, _, _ in _shape(sanitise(html)) if slug.startswith("icesco-")}
        assert tags >= {"p", "a", "strong", "em", "ul", "ol", "li", "h2", "h3", "img", "table", "tr", "th", "td", "blockquote"}


# --- the site's own articles, as WordPress would serve them --------------------------------------


def _as_wordpress_feed(articles) -> bytes:
    """The sample site's articles as a WordPress RSS feed: the body as WordPress shows it, in content:encoded."""
    from datetime import datetime
    from email.utils import format_datetime
    from xml.sax.saxutils import escape

    from markdown_it import MarkdownIt

    render = MarkdownIt("commonmark", {"html": False}).enable("table").render
    items = []
    for article in articles:
        moment = datetime(article.date.year, article.date.month, article.date.day, 9, tzinfo=UTC)
        categories = "".join(f"<category><![CDATA[{tag}]]></category>" for tag in article.tags)
        items.append(
            f"<item><title>{escape(article.title)}</title><link>https://news.example.org/{article.slug}/</link>"
            f"<dc:creator><![CDATA[{article.author}]]></dc:creator><pubDate>{format_datetime(moment)}</pubDate>{categories}"
            f"<description><![CDATA[{escape(article.summary or '')}]]></description>"
            f"<content:encoded><![CDATA[{render(article.body)}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>ICESCO News</title><link>https://news.example.org</link>'
        + "".join(items)
        + "</channel></rss>"
    ).encode("utf-8")


def test_the_sample_articles_come_back_with_the_same_sentences(site, tmp_path):
    """Every sentence translators would see (glossary terms, names, dates) is the same as when written as Markdown."""
    import dataclasses

    from i18n_pub.segment import segment_article
    from i18n_pub.sources import load_articles

    originals = load_articles(REPO / "sources")
    feed = tmp_path / "feed.xml"
    feed.write_bytes(_as_wordpress_feed(originals))
    run_cli("import", str(feed), cwd=site)
    assert sources(site) == sorted(f"{a.slug}.md" for a in originals)
    for original in originals:
        meta, body = split_source(site / f"sources/{original.slug}.md")
        assert (meta["title"], meta["author"], meta.get("summary"), meta.get("tags", [])) == (
            original.title,
            original.author,
            original.summary,
            list(original.tags),
        )
        assert meta["date"].date() == original.date
        imported = dataclasses.replace(original, body=body)
        assert [s.text for s in segment_article(imported)] == [s.text for s in segment_article(original)], original.slug


def _realworld_bodies() -> list[Path]:
    folders = ("realworld/prometheus-blog", "realworld/opensource-guide/en")
    return [path for folder in folders for path in sorted(shared_file(folder).glob("*.md"))]


def test_real_articles_rendered_as_html_convert_back_to_the_same_structure():
    """72 real articles (Prometheus blog, opensource.guide), shown as HTML by markdown-it as a CMS would:
    each converts to Markdown that renders to the same elements, links, images and text."""
    from markdown_it import MarkdownIt

    from i18n_pub.html_markdown import convert, sanitise

    render = MarkdownIt("commonmark", {"html": False}).enable("table").render
    paths = _realworld_bodies()
    assert len(paths) == 72
    for path in paths:
        text = path.read_text(encoding="utf-8")
        html = render(text.split("---", 2)[2] if text.startswith("---") else text)
        assert _shape(render(convert(html))) == _shape(sanitise(html)), path.name


def test_excerpt_only_feeds_are_flagged_and_seo_footers_dropped(site, tmp_path):
    text = RSS.read_text(encoding="utf-8")
    start = text.index("<content:encoded><![CDATA[<p>[caption")  # the second item keeps only its excerpt
    text = text[:start] + text[text.index("</content:encoded>", start) + len("</content:encoded>") :]
    footer = '<p>The post <a href="https://news.example.org/x/">X</a> appeared first on <a href="https://news.example.org">News</a>.</p>'
    text = text.replace("]]></content:encoded>", footer + "]]></content:encoded>", 1)
    feed = tmp_path / "feed.xml"
    feed.write_text(text, encoding="utf-8")
    done = run_cli("import", str(feed), cwd=site)
    assert done.stderr.splitlines() == [
        "warning: sources/icesco-youth-forum-registration.md: the feed gives only the post's excerpt; for the whole text set "
        "WordPress's Settings → Reading → “For each post in a feed, include” to “Full text”, or import a WordPress export"
    ]
    meta, body = split_source(site / "sources/icesco-youth-forum-registration.md")
    assert body == "Registration for the ICESCO Youth Forum is open until May 15, 2021.\n" and "summary" not in meta
    _, body = split_source(site / "sources/icesco-unesco-heritage-programme.md")
    assert "appeared first on" not in body and body.endswith("Read the [call for applications](https://news.example.org/heritage-call/).\n")


def test_a_page_bundle_with_the_slug_is_never_doubled(site):
    bundle = site / "sources/science-week-ends/index.md"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("---\ntitle: Mine\ndate: 2021-01-01\n---\nA bundle.\n", encoding="utf-8")
    done = run_cli("import", "--force", str(RSS), cwd=site)
    assert (
        "warning: sources/science-week-ends/index.md: another source has the slug 'science-week-ends'; "
        "sources/science-week-ends.md not written (rename one of them)"
    ) in done.stderr
    assert not (site / "sources/science-week-ends.md").exists()
    assert "2 new, 0 updated, 0 unchanged, 1 kept" in done.stdout


def test_unusable_links_and_addresses_are_errors_or_ignored_never_a_crash(site, tmp_path):
    feed = tmp_path / "feed.xml"
    text = RSS.read_text(encoding="utf-8").replace("https://news.example.org/2021/04/02/science-week-ends/", "http://[::1/broken")
    feed.write_text(text, encoding="utf-8")
    run_cli("import", str(feed), cwd=site)
    meta, _ = split_source(site / "sources/science-week-ends-with-call-for-open-access.md")  # the slug falls back to the title
    assert "link" not in meta
    done = run_cli("import", "http://127.0.0.1:99999/feed/", cwd=site, check=1)
    assert one_error_line(done).startswith("Error: http://127.0.0.1:99999/feed/: cannot fetch the feed: ")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Thu, 01 Apr 2021 10:00:00 GMT", "2021-04-01T10:00:00+00:00"),
        ("Thu, 01 Apr 2021 10:00:00 -0500", "2021-04-01T10:00:00-05:00"),
        ("2021-04-01T10:00:00+02:00", "2021-04-01T10:00:00+02:00"),  # generators that write RFC 3339 in pubDate
        ("2021-04-01", "2021-04-01T00:00:00+00:00"),
    ],
)
def test_rss_dates_as_generators_write_them(written, expected):
    from i18n_pub.feed_items import parse_feed

    feed = f'<rss version="2.0"><channel><item><title>T</title><pubDate>{written}</pubDate></item></channel></rss>'
    assert parse_feed(feed.encode(), "f.xml").items[0].date.isoformat() == expected


def test_a_date_that_is_not_one_is_an_error_on_its_line():
    from i18n_pub.feed_items import parse_feed

    feed = '<rss version="2.0"><channel>\n<item><title>T</title>\n<pubDate>yesterday</pubDate></item></channel></rss>'
    parsed = parse_feed(feed.encode(), "f.xml")
    assert parsed.items == () and [str(e) for e in parsed.errors] == [
        "f.xml:3: bad date 'yesterday' — give the item an RFC 822 date such as 'Fri, 02 Apr 2021 08:00:00 +0000'"
    ]


def test_import_writes_the_keys_the_site_reads(site):
    config = site / "pyproject.toml"
    keys = '\n[tool.i18n-pub.front-matter]\ndate = ["publishDate"]\nlink = ["canonicalUrl"]\n'
    config.write_text(config.read_text(encoding="utf-8") + keys, encoding="utf-8")
    run_cli("import", str(ATOM), cwd=site)
    meta, _ = split_source(site / "sources/icesco-who-education-response.md")
    assert "date" not in meta and meta["publishDate"].isoformat() == "2021-03-30T12:00:00+00:00"
    assert meta["canonicalUrl"] == "https://news.example.org/2021/03/30/icesco-who-education-response/"
    run_cli("extract", cwd=site)  # the site reads them back
    assert sorted(p.name for p in (site / "locales/templates").glob("icesco-*.pot")) == [
        "icesco-auf-framework-agreement.pot",
        "icesco-who-education-response.pot",
    ]


def test_a_fifo_among_the_sources_cannot_hang_import(site):
    """A FIFO named like a source (an item's own slug, and another name) is never opened for reading."""
    (site / "sources").mkdir()
    os.mkfifo(site / "sources/science-week-ends.md")
    os.mkfifo(site / "sources/pipe.md")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([*CLI, "import", str(RSS)], cwd=site, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    assert "sources/pipe.md" in done.stderr or "sources/science-week-ends.md" in done.stderr, done.stderr
    assert stat.S_ISFIFO((site / "sources/science-week-ends.md").lstat().st_mode)  # kept, not replaced
