"""Publish in two passes: sentences as translate split them, feeds streamed entry by entry, replaced only when whole."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n_pub.catalog_read import _ALL_LINES_PLAIN, check_lines, read_catalog
from i18n_pub.config import load_config
from i18n_pub.feed import Policy, TranslatedArticle, as_datetime, translate_article
from i18n_pub.feed_document import render_feed
from i18n_pub.fsutil import WriteBatch
from i18n_pub.publishing import build_feeds, publish_all
from i18n_pub.segment import segment_blocks
from i18n_pub.sentence_store import SentenceStore, stored_units
from i18n_pub.site_strings import read_site_strings
from i18n_pub.state import RenderCache, code_version, sha256_bytes
from i18n_pub.store import FILENAME
from i18n_pub.translate import load_sources, translate
from tests.conftest import copy_site
from tests.feed_tree import build_feed

SLUG = "icesco-auf-framework-agreement"


@pytest.fixture
def translated(tmp_path):
    """The sample site with its committed fr and ar catalogs, Spanish machine-translated (pseudo engine)."""
    site = copy_site(tmp_path / "site", with_locales=True)
    translate(load_config(site), ["es"], "pseudo")
    return site


def _rows(site) -> dict[str, dict]:
    with sqlite3.connect(site / ".i18n-pub" / FILENAME) as db:
        return {key: json.loads(value) for key, value in db.execute(f"SELECT key, value FROM {SentenceStore.TABLE}")}


def _set_row(site, digest: str, value: dict) -> None:
    with sqlite3.connect(site / ".i18n-pub" / FILENAME) as db:
        db.execute(f"UPDATE {SentenceStore.TABLE} SET value=? WHERE key=?", (json.dumps(value), digest))


def _clear(site, table: str) -> None:
    with sqlite3.connect(site / ".i18n-pub" / FILENAME) as db:
        db.execute(f"DELETE FROM {table}")


def _fresh_publish(site) -> tuple[dict[str, bytes], dict[str, list[str]]]:
    """Publish every language with no publish cache, as the first publish after a translate: feeds, held slugs."""
    _clear(site, RenderCache.TABLE)
    results = publish_all(load_config(site), ["es", "fr", "ar"])
    held = {r.language: [h.slug for h in r.held] for r in results}
    return {lang: (site / "build/feeds" / f"{lang}.xml").read_bytes() for lang in ("es", "fr", "ar")}, held


def test_translate_stores_each_articles_sentences_and_publish_gives_the_same_feed_with_or_without_them(translated):
    config = load_config(translated)
    rows = _rows(translated)
    digests = {sha256_bytes(p.read_bytes()): p for p in (translated / "sources").glob("*.md")}
    assert set(rows) == set(digests)  # one row per article, by the source's SHA-256
    for digest, row in rows.items():
        assert row["code"] == code_version()
        article = next(a for a in load_sources(config) if a.path == config.relative(digests[digest]))
        expected = [[b.context, b.text, stored_units(b)] for b in segment_blocks(article)]
        assert row["blocks"] == expected
    with_rows, held = _fresh_publish(translated)
    assert held == {"es": [], "fr": [], "ar": []}
    _clear(translated, SentenceStore.TABLE)
    assert _fresh_publish(translated) == (with_rows, held)  # split again by pysbd: the same bytes
    assert set(_rows(translated)) == set(digests)  # and stored again


def test_publish_reads_the_stored_sentences_but_not_those_of_other_segmentation_code(translated):
    source = translated / "sources" / f"{SLUG}.md"
    digest = sha256_bytes(source.read_bytes())
    row = _rows(translated)[digest]
    blocks = row["blocks"]
    at = next(i for i, (context, _, sentences) in enumerate(blocks) if context is None and len(sentences) >= 2)
    context, text, sentences = blocks[at]
    joined = [" ".join(unit[0] for unit in sentences), True, [], []]
    wrong = {**row, "blocks": [*blocks[:at], [context, text, [joined]], *blocks[at + 1 :]]}
    _set_row(translated, digest, wrong)  # one sentence where the catalogs have several
    _, held = _fresh_publish(translated)
    assert held == {"es": [SLUG], "fr": [SLUG], "ar": [SLUG]}  # the row was used: its "sentence" is in no catalog
    _set_row(translated, digest, {**wrong, "code": "0" * 64})  # the same row from other segmentation code
    _, held = _fresh_publish(translated)
    assert held == {"es": [], "fr": [], "ar": []}  # not used: the article was split again …
    assert _rows(translated)[digest] == row  # … and its row rewritten


def test_the_streamed_feed_has_the_bytes_of_the_tree_built_one(translated):
    """build_feeds streams the feed from the cache; the same articles through translate_article and build_feed as one tree."""
    config = load_config(translated)
    feeds = {feed.language: feed for feed in build_feeds(config, ["es", "fr", "ar"], Policy.MACHINE)}
    articles = load_sources(config)
    published: dict[str, list[TranslatedArticle]] = {}
    for language in ("es", "fr", "ar"):
        results = [translate_article(a, read_catalog(config.catalog_path(language, a.slug), "x", language), language) for a in articles]
        published[language] = [r for r in results if isinstance(r, TranslatedArticle)]
    assert all(len(items) == 8 for items in published.values())
    translations = {a.slug: [lang for lang in published if any(i.slug == a.slug for i in published[lang])] for a in articles}
    for language, items in published.items():
        items.sort(key=lambda item: (as_datetime(item.date), item.slug), reverse=True)
        strings = read_site_strings(config, language)
        updated = {p.slug: p.updated for p in feeds[language].items}  # from the publish record (none yet: the inputs)
        tree = render_feed(build_feed(config, language, items, strings, translations, updated))
        assert feeds[language].data == tree, language
        assert [p.slug for p in feeds[language].items] == [i.slug for i in items]


def test_a_failure_while_streaming_replaces_no_feed_and_leaves_no_temporary(tmp_path):
    es, fr = tmp_path / "es.xml", tmp_path / "fr.xml"
    es.write_bytes(b"old es\n")
    fr.write_bytes(b"old fr\n")

    def breaking():
        yield b"<feed>\n"
        yield b"  <entry/>\n"
        raise RuntimeError("an entry failed")

    with pytest.raises(RuntimeError, match="an entry failed"), WriteBatch() as batch:
        assert batch.write_stream_if_changed(es, iter([b"new ", b"es\n"]))
        batch.write_stream_if_changed(fr, breaking())
    assert es.read_bytes() == b"old es\n" and fr.read_bytes() == b"old fr\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["es.xml", "fr.xml"]


def test_streaming_the_same_bytes_leaves_the_file_alone(tmp_path):
    path = tmp_path / "es.xml"
    path.write_bytes(b"<feed>\n</feed>\n")
    before = path.stat()
    with WriteBatch() as batch:
        assert not batch.write_stream_if_changed(path, iter([b"<feed>\n", b"</feed>\n"]))
        assert batch.write_stream_if_changed(tmp_path / "new.xml", iter([b"x"]))
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["es.xml", "new.xml"]


po_line = st.one_of(
    st.sampled_from(["", " ", "#", "# x", "#, fuzzy", "#~", "#~ msgid", "#| msgid \"a\"", "#~| msgctxt \"b\"", "#:", "x"]),
    st.builds(
        lambda prefix, keyword, body, tail: f'{prefix}{keyword}"{body}"{tail}',
        st.sampled_from(["", " ", "#~ ", "#| ", "#~|"]),
        st.sampled_from(["", "msgid ", "msgstr ", "msgstr[0] ", "msgid_plural\t", "msgctxt ", "msgsrt ", "msgid"]),
        st.text(st.sampled_from(['a', 'é', ' ', '\\', '"', '\t', '\r', '\x85', '\u2028', '\x1c', '\x0c']), max_size=6),
        st.sampled_from(["", " ", " x", "\t"]),
    ),
)


@settings(max_examples=2000, deadline=None)
@given(lines=st.lists(po_line, max_size=6), end=st.sampled_from(["", "\n", "\r\n"]))
def test_the_fast_syntax_check_accepts_only_what_the_line_by_line_check_accepts(lines, end):
    text = "\n".join(lines) + end
    if _ALL_LINES_PLAIN.fullmatch(text):  # check_syntax takes its fast path: the loop it skips must agree
        assert check_lines(text) is None, text


@pytest.mark.parametrize("damage", ["not json {", '"a string"', '{"title": 1}', '{"held": "x"}'])
def test_a_damaged_publish_cache_row_is_rendered_again_not_a_failure(translated, damage):
    first, held = _fresh_publish(translated)
    with sqlite3.connect(translated / ".i18n-pub" / FILENAME) as db:
        rows = db.execute(f"SELECT count(*) FROM {RenderCache.TABLE}").fetchone()[0]
        db.execute(f"UPDATE {RenderCache.TABLE} SET value=?", (damage,))
    assert rows >= 24  # 8 articles × 3 languages
    results = publish_all(load_config(translated), ["es", "fr", "ar"])
    assert {r.language: [h.slug for h in r.held] for r in results} == held
    assert {lang: (translated / "build/feeds" / f"{lang}.xml").read_bytes() for lang in ("es", "fr", "ar")} == first
