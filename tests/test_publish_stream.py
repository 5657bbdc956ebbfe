"""Publish in two passes: sentences as translate split them, feeds streamed entry by entry, replaced only when whole."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n_pub.catalog_read import _ALL_LINES_PLAIN, check_lines, read_catalog
from i18n_pub.config import load_config
from i18n_pub.feed import Policy, TranslatedArticle, as_datetime, translate_article
from i18n_pub.feed_document import render_feed
from i18n_pub.fsutil import WriteBatch
from i18n_pub.publishing import publish_all
from i18n_pub.sentence_store import SentenceStore
from i18n_pub.site_strings import read_site_strings
from i18n_pub.state import RenderCache, code_version, sha256_bytes
from i18n_pub.store import FILENAME
from i18n_pub.translate import load_sources, translate
from tests.conftest import copy_site
from tests.feed_tree import build_feed

SLUG = "icesco-auf-framework-agreement"
# The sentences of sources/icesco-auf-framework-agreement.md per block, split by hand: abbreviations
# (H.E., Dr., M., Prof.) and a quotation's inner comma do not end a sentence, a soft line break does not either.
AGREEMENT_SENTENCES = [
    ("title", ["ICESCO and AUF Sign Framework Cooperation Agreement"]),
    (
        "summary",
        [
            "ICESCO and the Agence universitaire de la Francophonie signed a framework agreement in Rabat to strengthen"
            " their cooperation in higher education, research and digital learning."
        ],
    ),
    (
        None,
        [
            "H.E. Dr. Salim M. AlMalik, Director-General of the Islamic World Educational, Scientific and Cultural Organization"
            " (ICESCO), and Prof. Slim Khalbous, Rector of the Agence universitaire de la Francophonie (AUF), signed a framework"
            " cooperation agreement at ICESCO's headquarters in Rabat on March 29, 2021.",
            "The agreement establishes a general framework for joint action in higher education, scientific research and the"
            " promotion of cultural diversity across the member states of both organizations.",
        ],
    ),
    (
        None,
        [
            "The signing ceremony was attended by ambassadors, university presidents and representatives of international"
            " organizations accredited in the Kingdom of Morocco.",
            "Under the agreement, the two organizations will develop joint programmes to support universities in the Islamic"
            " world and in French-speaking countries, with a particular focus on Africa.",
            "They will also work together on *digital transformation* in higher education, the mobility of researchers and the"
            " training of academic leaders.",
        ],
    ),
    (
        None,
        [
            "In his speech, Dr. AlMalik stressed that the partnership opens a new chapter in ICESCO's relations with the"
            " French-speaking academic community.",
            '"This agreement reflects our shared conviction that universities are engines of development and that no country'
            ' can build its future alone," he said.',
            "He added that the Organization's new strategic vision places partnerships with specialized networks at the heart"
            " of its work.",
        ],
    ),
    (
        None,
        [
            "For his part, Prof. Khalbous noted that the AUF brings together hundreds of member institutions in more than 110"
            " countries and shares many of ICESCO's priorities.",
            "He expressed the hope that the agreement would quickly translate into concrete projects that benefit students and"
            " researchers.",
            "He also praised the Organization's efforts to promote dialogue between cultures and languages.",
        ],
    ),
    (
        None,
        [
            "The two sides agreed to set up a joint committee to prepare an annual action plan and to follow up on the"
            " implementation of the agreement.",
            "The first projects are expected to include a training programme for young researchers and a series of webinars"
            " on quality assurance in higher education.",
            "The agreement is valid for four years and may be renewed by mutual consent.",
        ],
    ),
]


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
        slug = digests[digest].stem
        sentences = {unit[0] for _, _, _, units in row["blocks"] for unit in units if unit[1]}
        catalog = read_catalog(config.catalog_path("es", slug), "x", "es")
        assert sentences == {e.msgid for e in catalog if not e.obsolete}  # what publish looks up is what translate wrote
    agreement = rows[sha256_bytes((translated / "sources" / f"{SLUG}.md").read_bytes())]
    split = [(context, [unit[0] for unit in units]) for context, _, _, units in agreement["blocks"]]
    assert split == AGREEMENT_SENTENCES
    assert all(html is False for _, html, _, _ in agreement["blocks"])  # no raw HTML in it
    assert all(unit[1:] == [True, [], [], False] for _, _, _, units in agreement["blocks"] for unit in units)  # no markup spans
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
    at = next(i for i, (context, _, _, sentences) in enumerate(blocks) if context is None and len(sentences) >= 2)
    context, html, text, sentences = blocks[at]
    joined = [" ".join(unit[0] for unit in sentences), True, [], [], False]
    wrong = {**row, "blocks": [*blocks[:at], [context, html, text, [joined]], *blocks[at + 1 :]]}
    _set_row(translated, digest, wrong)  # one sentence where the catalogs have several
    _, held = _fresh_publish(translated)
    assert held == {"es": [SLUG], "fr": [SLUG], "ar": [SLUG]}  # the row was used: its "sentence" is in no catalog
    _set_row(translated, digest, {**wrong, "code": "0" * 64})  # the same row from other segmentation code
    _, held = _fresh_publish(translated)
    assert held == {"es": [], "fr": [], "ar": []}  # not used: the article was split again …
    assert _rows(translated)[digest] == row  # … and its row rewritten
    old_shape = [[context, text, [u[:4] for u in units]] for context, _, text, units in wrong["blocks"]]  # as main wrote them
    _set_row(translated, digest, {**wrong, "blocks": old_shape})
    _, held = _fresh_publish(translated)
    assert held == {"es": [], "fr": [], "ar": []}  # not used either, even with this code's version
    assert _rows(translated)[digest] == row


def test_the_streamed_feed_has_the_bytes_of_the_tree_built_one(translated, tmp_path):
    """publish streams the feed from the cache; the same articles through translate_article and build_feed as one tree."""
    config = load_config(translated)
    done = {result.language: result for result in publish_all(config, ["es", "fr", "ar"], Policy.MACHINE, out=tmp_path)}
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
        record = (translated / "locales" / language / "published.tsv").read_text("utf-8").splitlines()
        updated = {  # from the publish record (there was none: the inputs' last change)
            slug: datetime.fromisoformat(when.replace("Z", "+00:00"))
            for slug, when, _ in (line.split("\t") for line in record if not line.startswith("#"))
        }
        tree = render_feed(build_feed(config, language, items, strings, translations, updated))
        assert (tmp_path / f"{language}.xml").read_bytes() == tree, language
        assert list(done[language].published) == [i.slug for i in items]


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
