"""The Atom contract the website relies on: RFC 4287 plus the i18n extension, read by lxml and feedparser."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import feedparser
import html5lib
import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from i18n_pub import site_strings
from i18n_pub.cli import app
from i18n_pub.config import load_config
from i18n_pub.feed import Policy, translate_article
from i18n_pub.feed_document import I18N, render_feed, schema_path
from i18n_pub.publishing import publish_all
from i18n_pub.segment import segment_article
from i18n_pub.site_strings import SiteStrings
from i18n_pub.sources import parse_article
from i18n_pub.xmlsafe import parse_bytes
from tests.conftest import REPO, copy_site, msgfmt_check, run_cli, shared_file
from tests.feed_tree import build_feed

ATOM = "{http://www.w3.org/2005/Atom}"
SOURCE_NAME = {"es": "inglés", "fr": "anglais", "ar": "الإنجليزية"}


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None, check: int = 0):
    """The real command line, in this process (a subprocess per call would make the suite slow)."""
    done = CliRunner().invoke(app, [*args, "--site", str(cwd)], env=env)
    assert done.exit_code == check, f"exit {done.exit_code}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}\n{done.exception!r}"
    return done


@pytest.fixture(scope="module")
def schemas() -> tuple[etree.RelaxNG, etree.RelaxNG]:
    atom = etree.RelaxNG(etree.parse(str(shared_file("schemas/atom.rng"))))
    extension = etree.RelaxNG(etree.parse(str(schema_path())))
    return atom, extension


def html_fragment(text: str) -> list:
    """The elements of escaped HTML content as a browser's parser builds them (html5lib, the HTML5 algorithm)."""
    return list(html5lib.parseFragment(text, treebuilder="lxml", namespaceHTMLElements=False))


def validate(data: bytes, schemas) -> etree._Element:
    """Well-formed (hardened parser), valid Atom, valid extension: else the test fails with the log."""
    root = parse_bytes(data)
    for schema in schemas:
        assert schema.validate(root.getroottree()), schema.error_log
    return root


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory) -> Path:
    """The sample sources machine-translated (pseudo engine) into es, fr and ar, once per module."""
    site = copy_site(tmp_path_factory.mktemp("pseudo") / "site")
    run_cli("translate", "--all", "--engine", "pseudo", cwd=site, env={"SOURCE_DATE_EPOCH": "1617000000"})
    return site


@pytest.fixture
def site3(pseudo_site, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(pseudo_site, copy)
    return copy


def _review(po_path: Path, revision: str | None = None) -> None:
    """What a translator does in Poedit: accept every entry (remove fuzzy), the tool stamps the date."""
    po = polib.pofile(str(po_path))
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    if revision:
        po.metadata["PO-Revision-Date"] = revision
    po.save(str(po_path))


def test_every_feed_validates_and_feedparser_reads_the_contract(site3, schemas):
    done = run_cli("publish", "--all", cwd=site3)  # once as a user runs it: a subprocess
    slugs = sorted(p.stem for p in (site3 / "sources").glob("*.md"))
    for language in ("es", "fr", "ar"):
        assert f"{language}: wrote build/feeds/{language}.xml (8 article(s)" in done.stdout
        data = (site3 / "build/feeds" / f"{language}.xml").read_bytes()
        validate(data, schemas)
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.feed.language == language
        assert parsed.feed.title and parsed.feed.subtitle and SOURCE_NAME[language] in parsed.feed.subtitle
        assert sorted(e.id.rsplit("/", 1)[-1] for e in parsed.entries) == slugs
        for entry in parsed.entries:
            slug = entry.id.rsplit("/", 1)[-1]
            assert entry.id == f"https://example.org/news/{language}/{slug}"
            # the disclaimer: text, in the entry's language, naming engine, source language and the original
            assert "pseudo" in entry.i18n_disclaimer and SOURCE_NAME[language] in entry.i18n_disclaimer
            assert f"https://example.org/news/{slug}" in entry.i18n_disclaimer
            assert entry.i18n_status == {"status": "machine"}
            assert entry.i18n_engine == {"name": "pseudo"}
            assert entry.i18n_source == {"href": f"https://example.org/news/{slug}", "hreflang": "en"}
            langs = [link.hreflang for link in entry.links if link.rel == "alternate"]
            # its own page first (the link every consumer reads), then the original, then the other translations
            assert langs[:2] == [language, "en"] and sorted(langs) == sorted(["en", "es", "fr", "ar"])
            assert entry.link == f"https://example.org/news/{language}/{slug}"
            rtl = 'dir="rtl"' in entry.content[0].value
            assert rtl is (language == "ar"), entry.content[0].value[:200]


def test_arabic_content_is_right_to_left_on_every_block(site3, schemas):
    cli("publish", "-l", "ar", cwd=site3)
    root = validate((site3 / "build/feeds/ar.xml").read_bytes(), schemas)
    for content in root.iter(f"{ATOM}content"):
        assert content.get("type") == "html"
        blocks = html_fragment(content.text)
        assert len(blocks) and all(block.get("dir") == "rtl" for block in blocks)
    for entry in feedparser.parse((site3 / "build/feeds/ar.xml").read_bytes()).entries:
        blocks = re.findall(r"<(p|h\d|ul|ol|blockquote)\b([^>]*)>", entry.content[0].value)
        assert blocks and all('dir="rtl"' in attributes for _, attributes in blocks)


def test_site_strings_catalogs_pass_msgfmt_and_keep_placeholders(site3):
    template = site3 / "locales/templates/_site.pot"
    assert template.exists()
    for language in ("es", "fr", "ar"):
        path = site3 / "locales" / language / "_site.po"
        msgfmt_check(path)
        for entry in polib.pofile(str(path)):
            if "python-brace-format" in entry.flags:
                assert sorted(site_strings.placeholders(entry.msgstr)) == sorted(site_strings.placeholders(entry.msgid))


def test_site_strings_get_the_glossary_and_placeholders_through_apertium_and_shipped_disclaimers(site, schemas):
    """Site strings take the articles' protection: the glossary's form of each term, {placeholders} kept."""
    pyproject = site / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text("utf-8").replace(
            'organization = "ICESCO"',
            'organization = "ICESCO"\nsubtitle = "The latest news of ICESCO, from {organization} in {source_language}."',
        ),
        "utf-8",
    )
    cli("translate", "-l", "ar", "--engine", "pseudo", cwd=site)
    cli("translate", "-l", "es", "--engine", "apertium", cwd=site)
    po = polib.pofile(str(site / "locales/es/_site.po"))
    subtitle = next(e for e in po if e.msgctxt == site_strings.FEED_SUBTITLE)
    assert "# mt: apertium" in str(subtitle) and "fuzzy" in subtitle.flags
    assert set(site_strings.placeholders(subtitle.msgstr)) == {"organization", "source_language"}
    assert "ICESCO" in subtitle.msgstr.replace("{organization}", "")  # the glossary's form (es: ICESCO)
    arabic = polib.pofile(str(site / "locales/ar/_site.po"))
    assert "الإيسيسكو" in next(e for e in arabic if e.msgctxt == site_strings.ORGANIZATION).msgstr  # the glossary form
    # the disclaimers: the reviewed translations shipped with i18n-pub, not machine output
    disclaimer = next(e for e in po if e.msgctxt == site_strings.DISCLAIMER_MACHINE)
    assert "fuzzy" not in disclaimer.flags and "shipped with the package" in disclaimer.tcomment
    assert disclaimer.msgstr.startswith("Este artículo fue traducido del {source_language} mediante traducción automática ({engine})")
    msgfmt_check(site / "locales/es/_site.po")
    cli("publish", "-l", "es", cwd=site)
    parsed = feedparser.parse((site / "build/feeds/es.xml").read_bytes())
    assert "inglés" in parsed.entries[0].i18n_disclaimer and "{" not in parsed.entries[0].i18n_disclaimer
    assert "{" not in parsed.feed.subtitle and "inglés" in parsed.feed.subtitle


def test_disclaimer_localises_the_date_with_babel(site3):
    cli("publish", "-l", "es", cwd=site3)
    parsed = feedparser.parse((site3 / "build/feeds/es.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.id.endswith("/icesco-auf-framework-agreement"))
    assert "29 de marzo de 2021" in entry.i18n_disclaimer
    assert entry.published.startswith("2021-03-29")


def test_reviewed_policy_publishes_only_fully_reviewed_articles(site3, schemas):
    slug = "icesco-auf-framework-agreement"
    _review(site3 / "locales/fr/_site.po")
    _review(site3 / f"locales/fr/{slug}.po")
    done = cli("publish", "-l", "fr", "--policy", "reviewed", cwd=site3)
    assert "fr: held back icesco-youth-forum-2021: " in done.stdout and "not reviewed (--policy reviewed)" in done.stdout
    assert "(1 article(s): 1 reviewed, 0 machine, 7 held back)" in done.stdout
    data = (site3 / "build/feeds/fr.xml").read_bytes()
    validate(data, schemas)
    (entry,) = feedparser.parse(data).entries
    assert entry.id.endswith(slug) and entry.i18n_status == {"status": "reviewed"} and "i18n_engine" not in entry
    assert "pseudo" not in entry.i18n_disclaimer and "anglais" in entry.i18n_disclaimer
    # the machine policy publishes everything, this article still reviewed
    cli("publish", "-l", "fr", "--policy", "machine", cwd=site3)
    statuses = {
        e.id.rsplit("/", 1)[-1]: e.i18n_status["status"] for e in feedparser.parse((site3 / "build/feeds/fr.xml").read_bytes()).entries
    }
    assert statuses.pop(slug) == "reviewed" and set(statuses.values()) == {"machine"}


def test_reviewed_policy_refuses_unreviewed_site_strings(site3):
    done = cli("publish", "-l", "fr", "--policy", "reviewed", cwd=site3, check=1)
    assert re.fullmatch(r"Error: locales/fr/_site\.po:\d+: site string '[a-z-]+' is not reviewed — .*--policy machine\n", done.stderr)
    assert not (site3 / "build").exists()


def test_held_back_articles_are_listed_and_linked_only_where_published(site3, schemas):
    slug = "icesco-youth-forum-2021"
    po_path = site3 / f"locales/fr/{slug}.po"
    po = polib.pofile(str(po_path))
    po[3].msgstr = ""
    po.save(str(po_path))
    done = cli("publish", "--all", cwd=site3)
    assert f"fr: held back {slug}: 1 segment(s) untranslated" in done.stdout
    parsed = feedparser.parse((site3 / "build/feeds/es.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.id.endswith(slug))
    assert [link.hreflang for link in entry.links] == ["es", "en", "ar"]
    assert slug not in {e.id.rsplit("/", 1)[-1] for e in feedparser.parse((site3 / "build/feeds/fr.xml").read_bytes()).entries}


def test_out_writes_elsewhere_and_publishing_twice_gives_the_same_bytes(site3, tmp_path):
    out = tmp_path / "elsewhere"
    cli("publish", "--all", "--out", str(out), cwd=site3)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(first) == ["ar.xml", "es.xml", "fr.xml"] and not (site3 / "build").exists()
    done = cli("publish", "--all", "--out", str(out), cwd=site3, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert done.stdout.count("unchanged") == 3
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def _entries(data: bytes) -> dict[str, bytes]:
    root = parse_bytes(data)
    return {e.findtext(f"{ATOM}id"): etree.tostring(e) for e in root.iter(f"{ATOM}entry")}


def test_changing_one_translation_moves_only_that_entrys_updated_and_the_feeds(site3):
    cli("publish", "-l", "es", cwd=site3)
    before = (site3 / "build/feeds/es.xml").read_bytes()
    slug = "badea-literacy-programme-africa"
    po_path = site3 / f"locales/es/{slug}.po"
    po = polib.pofile(str(po_path))
    po[2].msgstr = "Una traducción corregida por una persona."
    po.metadata["PO-Revision-Date"] = "2022-01-10 11:12+0200"  # as Poedit stamps it
    po.save(str(po_path))
    cli("translate", "-l", "es", "--engine", "none", cwd=site3, env={"SOURCE_DATE_EPOCH": "1700000000"})
    cli("publish", "-l", "es", cwd=site3, env={"SOURCE_DATE_EPOCH": "1700000000"})
    after = (site3 / "build/feeds/es.xml").read_bytes()
    old, new = _entries(before), _entries(after)
    changed = f"https://example.org/news/es/{slug}"
    assert {k for k in old if old[k] != new[k]} == {changed}
    old_feed, new_feed = feedparser.parse(before), feedparser.parse(after)
    assert new_feed.feed.updated == "2022-01-10T09:12:00Z" != old_feed.feed.updated
    updated = {e.id: e.updated for e in new_feed.entries}
    assert updated.pop(changed) == "2022-01-10T09:12:00Z"  # the translator's editor stamped it: that moment
    # the others as first published: the later of the catalog's PO-Revision-Date and the article's date, not the clock
    assert updated == {e.id: e.updated for e in old_feed.entries if e.id != changed}
    assert {e.id.rsplit("/", 1)[1]: e.updated for e in old_feed.entries if e.id != changed} == {
        "icesco-women-in-science-award-2021": "2021-06-28T00:00:00Z",  # sources/*.md date: after the catalogs
        "icesco-youth-forum-2021": "2021-06-12T00:00:00Z",
        "icesco-isdb-scholarship-programme": "2021-05-10T00:00:00Z",
        "icesco-science-innovation-conference": "2021-04-22T00:00:00Z",
        # SOURCE_DATE_EPOCH of the translate run, a second apart in the sources' order: no two entries share one
        "icesco-auf-framework-agreement": "2021-03-29T06:40:00Z",
        "icesco-who-covid-education-response": "2021-03-29T06:40:01Z",
        "islamic-world-heritage-week": "2021-03-29T06:40:02Z",
    }


def test_a_translation_that_drops_a_placeholder_is_refused_with_its_line(site3):
    path = site3 / "locales/es/_site.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgctxt == site_strings.NOTICE_REVIEWED)
    entry.msgstr = entry.msgstr.replace("{original_url}", "el sitio")
    po.save(str(path))
    done = cli("publish", "--all", cwd=site3, check=1)
    assert re.fullmatch(r"Error: locales/es/_site\.po:\d+: the translation of 'notice-reviewed' drops \{original_url\} — .*\n", done.stderr)
    assert not (site3 / "build").exists()  # build first, then write: no language half-published


def test_a_missing_site_catalog_names_the_fix(site3):
    (site3 / "locales/ar/_site.po").unlink()
    done = cli("publish", "-l", "ar", cwd=site3, check=1)
    assert done.stderr.startswith("Error: locales/ar/_site.po: the site strings") and "i18n-pub translate -l ar" in done.stderr


# --- hostile translations: property-based -------------------------------------------

ARTICLE = parse_article(
    "---\ntitle: A headline\ndate: 2021-04-01\nsummary: A summary.\n---\n"
    "A first paragraph. It has [a link](https://example.org/a).\n\n## A heading\n\n- an item\n\n> a quote\n",
    "sources/hostile.md",
    "hostile",
)
NASTY = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "<javascript:alert(1)>",
    "![i](javascript:alert(1))",
    "[d](data:text/html;base64,PHNjcmlwdD4=)",
    "[v](vbscript:msgbox)",
    "[ok](https://example.org/ok)",
    "<mailto:a@example.org>",
    "]]>",
    "<![CDATA[",
    "&#0;",
    "&#xD800;",
    "&amp;",
    '<a href="javascript:x">a</a>',
    "<svg onload=alert(1)>",
    "\x00",
    "\x1b[31m",
    "\x7f\x85",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\u202e",
    "{engine}",
    "**bold**",
    "`code`",
    "\n\n",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(st.characters(blacklist_categories=()), max_size=8)), min_size=1, max_size=6
).map(lambda parts: "".join(parts) or "-")
ALLOWED_TAGS = {"div", "p", "h2", "ul", "ol", "li", "blockquote", "em", "strong", "code", "a", "br", "img", "pre", "hr"}


def _catalog_with(translations: list[str]) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"PO-Revision-Date": "2021-04-02 09:12+0000"}
    for segment, text in zip(segment_article(ARTICLE), translations, strict=False):  # as many as there are
        po.append(polib.POEntry(msgctxt=segment.context, msgid=segment.text, msgstr=text, flags=["fuzzy"], tcomment="mt: pseudo"))
    return po


def _strings(language: str, text: str) -> SiteStrings:
    keys = [site_strings.FEED_TITLE, site_strings.FEED_SUBTITLE, site_strings.ORGANIZATION, *site_strings.DISCLAIMERS]
    texts = {key: text for key in keys}
    texts[site_strings.DISCLAIMER_MACHINE] = site_strings.DISCLAIMERS[site_strings.DISCLAIMER_MACHINE]
    return SiteStrings(language, "en", texts, frozenset({site_strings.DISCLAIMER_MACHINE}), "2021-04-02 09:12+0000")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(translations=st.lists(hostile_text, min_size=8, max_size=8), language=st.sampled_from(["es", "ar"]))
def test_hostile_translations_give_a_well_formed_feed_with_nothing_active(translations, language, schemas):
    config = load_config(REPO)
    item = translate_article(ARTICLE, _catalog_with(translations), language)
    assert not hasattr(item, "reason"), item
    data = render_feed(build_feed(config, language, [item], _strings(language, translations[0]), {}))
    root = validate(data, schemas)
    (content,) = root.iter(f"{ATOM}content")
    assert content.get("type") == "html"
    for block in html_fragment(content.text):  # what a browser builds from the escaped HTML
        for element in block.iter():
            assert isinstance(element.tag, str) and element.tag in ALLOWED_TAGS, element.tag
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on") and name in ("href", "src", "alt", "title", "dir", "class"), name
                if name in ("href", "src"):
                    assert re.match(r"(https?|mailto):", value, re.I), value
    text = data.decode("utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", text)
    assert "<script" not in content.text and '<img src="x"' not in content.text
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].i18n_status == {"status": "machine"}
    if language == "ar":
        assert 'dir="rtl"' in parsed.entries[0].content[0].value


def test_extension_schema_rejects_what_feedparser_cannot_read(schemas):
    """The schema is not a rubber stamp: a disclaimer with attributes or a bad status fails it."""
    config = load_config(REPO)
    item = translate_article(ARTICLE, _catalog_with(["Titular", "Resumen.", "Uno.", "Dos.", "Tres.", "Cuatro.", "Cinco.", "Seis."]), "es")
    good = build_feed(config, "es", [item], _strings("es", "Noticias"), {})
    assert schemas[1].validate(good.getroottree())
    for breakage in ("attribute", "status", "missing"):
        root = parse_bytes(render_feed(good))
        entry = root.find(f"{ATOM}entry")
        if breakage == "attribute":
            entry.find(f"{{{I18N}}}disclaimer").set("lang", "es")
        elif breakage == "status":
            entry.find(f"{{{I18N}}}status").set("status", "draft")
        else:
            entry.remove(entry.find(f"{{{I18N}}}disclaimer"))
        assert not schemas[1].validate(root.getroottree()), breakage


def test_publishing_is_pure_same_catalogs_same_bytes(site3, tmp_path):
    config = load_config(site3)
    for out in ("first", "second"):
        publish_all(config, ["es", "fr", "ar"], Policy.MACHINE, out=tmp_path / out)
    first, second = (sorted(p.relative_to(tmp_path / out) for p in (tmp_path / out).rglob("*.xml")) for out in ("first", "second"))
    assert first == second == [Path("ar.xml"), Path("es.xml"), Path("fr.xml")]
    assert all((tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes() for name in first)
    assert not (site3 / "build").exists()


def test_the_feed_contract_documents_every_extension_element():
    section = (REPO / "docs" / "feeds.md").read_text("utf-8")
    schema = etree.parse(str(schema_path()))
    names = {e.get("name") for e in schema.iter("{http://relaxng.org/ns/structure/1.0}element") if e.get("name", "").startswith("i18n:")}
    attributes = {a.get("name") for a in schema.iter("{http://relaxng.org/ns/structure/1.0}attribute") if a.get("name")}
    assert names == {"i18n:disclaimer", "i18n:status", "i18n:engine", "i18n:source"}
    for name in names:
        assert f"`{name}`" in section, name
    for attribute in attributes:
        assert f"`{attribute}`" in section, attribute
    assert "i18n-pub-feed.rng" in section


def test_the_sample_site_publishes_three_languages_offline_with_each_status(tmp_path, schemas):
    """What make demo does: Spanish by Apertium, French reviewed, Arabic partly reviewed, right to left."""
    site = copy_site(tmp_path / "sample", with_locales=True)
    catalogs = {p: p.read_bytes() for p in (site / "locales").rglob("*.po*")}
    for path in catalogs:
        if path.suffix == ".po":
            msgfmt_check(path)
    cli("translate", "-l", "es", cwd=site)
    assert {p: p.read_bytes() for p in catalogs} == catalogs  # the committed catalogs are up to date
    done = cli("publish", "--all", cwd=site)
    assert "fr: wrote build/feeds/fr.xml (8 article(s): 8 reviewed, 0 machine, 0 held back)" in done.stdout
    assert "ar: wrote build/feeds/ar.xml (8 article(s): 5 reviewed, 3 machine, 0 held back)" in done.stdout
    expected = {
        "es": ({"machine"}, "inglés", "mediante traducción automática (apertium)"),
        "fr": ({"reviewed"}, "anglais", "et relu par un traducteur"),
        "ar": ({"machine", "reviewed"}, "الإنجليزية", "وراجعه مترجم"),
    }
    for language, (statuses, source_name, phrase) in expected.items():
        data = (site / "build/feeds" / f"{language}.xml").read_bytes()
        validate(data, schemas)
        parsed = feedparser.parse(data)
        assert not parsed.bozo and parsed.feed.language == language and len(parsed.entries) == 8
        assert {e.i18n_status["status"] for e in parsed.entries} == statuses
        assert any(phrase in e.i18n_disclaimer for e in parsed.entries)
        for entry in parsed.entries:
            assert source_name in entry.i18n_disclaimer
            assert [link.hreflang for link in entry.links] == [language, "en", *sorted({"es", "fr", "ar"} - {language})]
            assert entry.link.startswith(f"https://example.org/news/{language}/")
            assert ('dir="rtl"' in entry.content[0].value) is (language == "ar")
    arabic = feedparser.parse((site / "build/feeds/ar.xml").read_bytes())
    assert arabic.feed.title == "أخبار الإيسيسكو"
    auf = next(e for e in arabic.entries if e.id.endswith("/icesco-auf-framework-agreement"))
    assert "29 مارس 2021" in auf.i18n_disclaimer and auf.i18n_status == {"status": "reviewed"}


def _one_entry(config, article=ARTICLE) -> etree._Element:
    item = translate_article(article, _catalog_with(["Titular", "Resumen.", "Uno.", "Dos.", "Tres.", "Cuatro.", "Cinco.", "Seis."]), "es")
    strings = _strings("es", "Noticias")
    root = parse_bytes(render_feed(build_feed(config, "es", [item], strings, {"hostile": ["es", "fr"]})))
    return root.find(f"{ATOM}entry")


@pytest.mark.parametrize("place", ["top", "bottom", "element"])
def test_the_disclaimer_paragraph_goes_where_the_site_says(place):
    config = load_config(REPO)
    config = replace(config, feed=replace(config.feed, disclaimer=place))
    entry = _one_entry(config)
    disclaimer = entry.findtext(f"{{{I18N}}}disclaimer")
    blocks = html_fragment(entry.findtext(f"{ATOM}content"))
    notes = [b for b in blocks if b.get("class") == "i18n-pub-disclaimer"]
    texts = ["".join(b.itertext()) for b in blocks]
    if place == "element":
        assert notes == [] and disclaimer not in texts
    else:
        assert len(notes) == 1 and "".join(notes[0].itertext()) == disclaimer
        assert texts.index(disclaimer) == (0 if place == "top" else len(texts) - 1)
        assert texts[1 if place == "top" else 0] == "Uno. Dos."  # the body's first paragraph, as the catalog says


def test_the_original_address_from_the_front_matter_is_the_english_alternate_and_the_source():
    config = load_config(REPO)
    original = "https://www.icesco.org/en/2021/04/01/a-headline/"
    entry = _one_entry(config, replace(ARTICLE, link=original))
    links = [(link.get("hreflang"), link.get("href"), link.get("type")) for link in entry.findall(f"{ATOM}link")]
    assert links == [
        ("es", "https://example.org/news/es/hostile", "text/html"),
        ("en", original, "text/html; charset=utf-8"),
        ("fr", "https://example.org/news/fr/hostile", "text/html; charset=utf-8"),
    ]
    assert entry.find(f"{{{I18N}}}source").get("href") == original
    assert original in entry.findtext(f"{{{I18N}}}disclaimer")
    parsed = feedparser.parse(render_feed(entry.getparent()))
    assert parsed.entries[0].link == "https://example.org/news/es/hostile"
