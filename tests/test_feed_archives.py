"""RFC 5005 archived feeds: the subscription feed holds the newest entries, archive pages the rest, complete and stable."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from i18n_pub.config import load_config
from i18n_pub.publishing import publish_all
from i18n_pub.translate import translate
from tests.conftest import copy_site, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"
HISTORY = "{http://purl.org/syndication/history/1.0}"
FEEDS = "https://example.org/news/feeds"


def _set_feed_keys(site: Path, lines: str) -> None:
    pyproject = site / "pyproject.toml"
    text = pyproject.read_text("utf-8").replace('organization = "ICESCO"', f'organization = "ICESCO"\n{lines}')
    pyproject.write_text(text, "utf-8")


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> Path:
    site = copy_site(tmp_path_factory.mktemp("archives") / "site")
    _set_feed_keys(site, "page-size = 3")
    run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site, env={"SOURCE_DATE_EPOCH": "1617000000"})
    return site


@pytest.fixture
def site(translated, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(translated, copy)
    return copy


def _local(site: Path, href: str) -> Path:
    """Where publish wrote the document served at ``href`` (``<base>/feeds/…`` ↔ ``build/feeds/…``)."""
    assert href.startswith(FEEDS + "/"), href
    return site / "build/feeds" / href[len(FEEDS) + 1 :]


def _links(root: etree._Element) -> dict[str, str]:
    return {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}


def _walk(site: Path) -> list[tuple[str, list[str]]]:
    """What a consumer does (RFC 5005 section 4.2): from the subscription feed, follow prev-archive to the end."""
    documents = []
    href: str | None = f"{FEEDS}/es.xml"
    while href:
        root = etree.parse(str(_local(site, href))).getroot()
        documents.append((href, [e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")]))
        href = _links(root).get("prev-archive")
        assert len(documents) < 50, "prev-archive loops"
    return documents


def _add_article(site: Path, slug: str, day: str) -> None:
    (site / "sources" / f"{slug}.md").write_text(
        f"---\ntitle: A new article {slug}\ndate: {day}\n---\nICESCO published a new article today.\n", "utf-8"
    )
    translate(load_config(site), ["es"], "pseudo")


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "build/feeds").rglob("*.xml"))}


def test_walking_prev_archive_reaches_every_published_entry_exactly_once(site):
    done = run_cli("publish", "-l", "es", cwd=site)
    assert "es: wrote build/feeds/es.xml (8 article(s): 0 reviewed, 8 machine, 0 held back; 2 archive page(s), 2 written)" in done.stdout
    documents = _walk(site)
    slugs = sorted(p.stem for p in (site / "sources").glob("*.md"))
    seen = [entry_id for _, ids in documents for entry_id in ids]
    assert sorted(seen) == sorted(f"https://example.org/news/es/{slug}" for slug in slugs)  # each once
    assert [href for href, _ in documents] == [f"{FEEDS}/es.xml", f"{FEEDS}/es/archive-2.xml", f"{FEEDS}/es/archive-1.xml"]
    assert [len(ids) for _, ids in documents] == [3, 2, 3]  # page 1 holds the oldest three; only the newest page is short
    # newest first throughout: the subscription feed, then each page, back in time
    published = [e.published for href, _ in documents for e in feedparser.parse(_local(site, href).read_bytes()).entries]
    assert published == sorted(published, reverse=True)
    for href, _ in documents[1:]:
        root = etree.parse(str(_local(site, href))).getroot()
        assert root.find(f"{HISTORY}archive") is not None
        links = _links(root)
        assert links["current"] == f"{FEEDS}/es.xml" and links["self"] == href
    assert _links(etree.parse(str(_local(site, f"{FEEDS}/es/archive-1.xml"))).getroot()).get("next-archive") == f"{FEEDS}/es/archive-2.xml"
    assert "next-archive" not in _links(etree.parse(str(_local(site, f"{FEEDS}/es/archive-2.xml"))).getroot())
    assert "prev-archive" not in _links(etree.parse(str(_local(site, f"{FEEDS}/es/archive-1.xml"))).getroot())


def test_a_new_article_rewrites_the_subscription_feed_and_at_most_the_newest_archive_page(site):
    config = load_config(site)
    publish_all(config, ["es"])
    before = _snapshot(site)
    _add_article(site, "new-one", "2021-07-01")
    (result,) = publish_all(config, ["es"])
    after = _snapshot(site)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"build/feeds/es.xml", "build/feeds/es/archive-2.xml"} and set(after) == set(before)
    assert result.written and result.pages_written == ("build/feeds/es/archive-2.xml",)
    # page 2 is full now: the next article opens page 3, and page 2 gains its next-archive link
    before = after
    _add_article(site, "new-two", "2021-07-02")
    publish_all(config, ["es"])
    after = _snapshot(site)
    assert {name for name in before if before[name] != after[name]} == {"build/feeds/es.xml", "build/feeds/es/archive-2.xml"}
    assert set(after) - set(before) == {"build/feeds/es/archive-3.xml"}
    assert after["build/feeds/es/archive-1.xml"] == before["build/feeds/es/archive-1.xml"]
    assert sorted(i for _, ids in _walk(site) for i in ids) == sorted(
        f"https://example.org/news/es/{p.stem}" for p in (site / "sources").glob("*.md")
    )


def test_a_smaller_site_removes_the_archive_pages_it_no_longer_has(site):
    config = load_config(site)
    publish_all(config, ["es"])
    assert (site / "build/feeds/es/archive-2.xml").exists()
    for path in sorted((site / "sources").glob("*.md"))[:4]:
        path.unlink()
    (result,) = publish_all(config, ["es"])
    # four entries fit in the subscription feed (up to twice page-size): no archive page is left
    assert result.pages == 0 and list((site / "build/feeds/es").iterdir()) == []
    assert len([i for _, ids in _walk(site) for i in ids]) == 4


def test_page_size_and_the_disclaimer_place_are_checked_in_the_config(site):
    cases = (
        ("page-size = 0", "page-size"),
        ('disclaimer = "middle"', "disclaimer"),
        ('machine-disclaimer = "yes"', "machine-disclaimer"),
        ("pages = 3", "pages"),
    )
    for line, key in cases:
        broken = site.parent / f"broken-{key}"
        shutil.copytree(site, broken)
        pyproject = broken / "pyproject.toml"
        pyproject.write_text(pyproject.read_text("utf-8").replace("page-size = 3", line), "utf-8")
        done = run_cli("publish", "-l", "es", cwd=broken, check=1)
        assert done.stderr.startswith("Error: pyproject.toml:") and f"'{key}'" in done.stderr and done.stderr[-1] == "\n"
        assert done.stderr.count("\n") == 1
