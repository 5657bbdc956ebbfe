"""The consumer matrix: the sample site's feeds read by the parsers websites use, each reading what the feed says.

feedparser and atoma (Python), SimplePie (PHP, Debian's libphp-simplepie, the parser WordPress uses, with a
documented date shim for PHP 8: tests/consumers/read_feed.php), @rowanmanning/feed-parser, rss-parser and
feedsmith (npm, installed by ``make test`` from tests/consumers/package-lock.json). For every entry of es, fr
and ar: the own-language link, title, published, updated, content text, language where the parser reports
one, and the disclaimer (in the content for all; the extension element where the parser exposes it).

The expected values come from the catalogs and sources (link, title, published) or from the feed document read
with lxml (updated, the disclaimer element), never from a parser. Run with ``-s`` to see the matrix.
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import atoma
import feedparser
import html5lib
import polib
import pytest
import yaml
from lxml import etree

from tests.conftest import REPO, copy_site, require_tool, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"
I18N = "{https://i18n-pub.org/ns/translation/1.0}"
CONSUMERS_DIR = REPO / "tests" / "consumers"
FIELDS = ("link", "title", "published", "updated", "content", "language", "disclaimer")
LANGUAGES = ("es", "fr", "ar")


def text_of(html: str | None) -> str:
    """The text a reader sees in HTML content (html5lib: the HTML5 parsing algorithm), whitespace collapsed."""
    if not html:
        return ""
    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    parts = [fragment.text or ""] + ["".join(child.itertext()) + (child.tail or "") for child in fragment]
    return " ".join(" ".join(parts).split())


def instant(value: object) -> str | None:
    """Any date a parser gives (ISO text, struct_time, datetime) as UTC ``YYYY-MM-DDTHH:MM:SSZ``."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if hasattr(value, "tm_year"):
        value = datetime(*value[:6], tzinfo=UTC)
    assert isinstance(value, datetime)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The sample site as make demo leaves it: Spanish by Apertium, French reviewed, Arabic partly reviewed."""
    site = copy_site(tmp_path_factory.mktemp("consumers") / "site", with_locales=True)
    run_cli("translate", "-l", "es", cwd=site)
    run_cli("publish", "--all", cwd=site)
    return site


def expected(site: Path, language: str) -> dict[str, dict]:
    """slug → what every consumer must read, from the sources, the catalogs and the document (lxml)."""
    root = etree.parse(str(site / "build/feeds" / f"{language}.xml")).getroot()
    found = {}
    for entry in root.iter(f"{ATOM}entry"):
        slug = entry.findtext(f"{ATOM}id").rsplit("/", 1)[1]
        front = yaml.safe_load((site / "sources" / f"{slug}.md").read_text("utf-8").split("---")[1])
        catalog = polib.pofile(str(site / "locales" / language / f"{slug}.po"))
        found[slug] = {
            "link": f"https://example.org/news/{language}/{slug}",
            "title": next(e.msgstr for e in catalog if e.msgctxt == "title"),
            "published": f"{front['date']}T00:00:00Z",
            "updated": entry.findtext(f"{ATOM}updated"),
            "content": text_of(entry.findtext(f"{ATOM}content")),
            "language": language,
            "disclaimer": entry.findtext(f"{I18N}disclaimer"),
        }
    return found


def _slug(entry_id: str | None) -> str:
    return (entry_id or "").rsplit("/", 1)[-1]


def read_feedparser(path: Path) -> dict[str, dict]:
    parsed = feedparser.parse(path.read_bytes())
    return {
        _slug(e.id): {
            "link": e.link, "title": e.title, "published": instant(e.published_parsed), "updated": instant(e.updated_parsed),
            "content": e.content[0].value, "language": parsed.feed.get("language"), "disclaimer": e.get("i18n_disclaimer"),
        }
        for e in parsed.entries
    }  # fmt: skip


def read_atoma(path: Path) -> dict[str, dict]:
    feed = atoma.parse_atom_bytes(path.read_bytes())
    return {
        _slug(e.id_): {
            "link": e.links[0].href if e.links else None, "title": e.title.value if e.title else None,
            "published": instant(e.published), "updated": instant(e.updated),
            "content": e.content.value if e.content else None, "language": e.content.lang if e.content else None,
            "disclaimer": None,  # atoma drops extension elements
        }
        for e in feed.entries
    }  # fmt: skip


def _run_json(command: list[str]) -> dict:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{command}: {done.stderr}"
    return json.loads(done.stdout)


def read_simplepie(path: Path) -> dict[str, dict]:
    result = _run_json([require_tool("php"), str(CONSUMERS_DIR / "read_feed.php"), str(path)])
    assert not result["error"], result["error"]
    return {_slug(e["id"]): {**e, "language": result["language"]} for e in result["entries"]}


def read_npm(path: Path) -> dict[str, dict[str, dict]]:
    if not (CONSUMERS_DIR / "node_modules" / "rss-parser").is_dir():
        pytest.fail("the npm feed parsers are not installed: run make test (npm ci in tests/consumers)")
    result = _run_json([require_tool("node"), str(CONSUMERS_DIR / "read_feed.js"), str(path)])
    readings = {}
    for name, reading in result.items():
        assert "error" not in reading, (name, reading)
        readings[name] = {
            _slug(e["id"]): {**e, "published": instant(e["published"]), "updated": instant(e["updated"]),
                             "language": e["language"] or reading["language"], "disclaimer": None}
            for e in reading["entries"]
        }  # fmt: skip
    return readings


def readings(path: Path) -> dict[str, dict[str, dict]]:
    """consumer → slug → what it reads."""
    return {"feedparser": read_feedparser(path), "atoma": read_atoma(path), "SimplePie": read_simplepie(path), **read_npm(path)}


def cell(field: str, want: dict, got: dict) -> str:
    """✔ when the consumer read the expected value, "—" when it does not report the field, else what it read."""
    value = got.get(field)
    if field == "content":
        value = text_of(value)
        ok = value == want["content"] and value.startswith(want["disclaimer"])  # the disclaimer paragraph on top
    elif field == "disclaimer":
        if value is None:  # not exposed: the reader still shows it, at the top of the content
            return "in content" if text_of(got.get("content")).startswith(want["disclaimer"]) else "missing"
        ok = value == want["disclaimer"]
    elif field in ("language", "updated") and value is None:
        return "—"  # not reported
    else:
        ok = value == want[field]
    return "✔" if ok else f"got {str(value)[:60]!r}"


def matrix(site: Path) -> dict[str, dict[str, set[str]]]:
    """consumer → field → the distinct cells over every entry of every language."""
    table: dict[str, dict[str, set[str]]] = {}
    for language in LANGUAGES:
        path = site / "build/feeds" / f"{language}.xml"
        want = expected(site, language)
        for consumer, got in readings(path).items():
            assert sorted(got) == sorted(want), f"{consumer} {language}: entries {sorted(got)}"
            for slug, values in want.items():
                for field in FIELDS:
                    table.setdefault(consumer, {}).setdefault(field, set()).add(cell(field, values, got[slug]))
    return table


def render_matrix(table: dict[str, dict[str, set[str]]]) -> str:
    lines = ["| consumer | " + " | ".join(FIELDS) + " |", "|---" * (len(FIELDS) + 1) + "|"]
    for consumer, fields in table.items():
        lines.append(f"| {consumer} | " + " | ".join(" / ".join(sorted(fields[f])) for f in FIELDS) + " |")
    return "\n".join(lines)


def test_every_consumer_reads_each_entry_its_own_link_title_dates_content_and_disclaimer(published):
    table = matrix(published)
    print("\n" + render_matrix(table))
    assert set(table) == {"feedparser", "atoma", "SimplePie", "@rowanmanning/feed-parser", "rss-parser", "feedsmith"}
    for consumer, fields in table.items():
        for field in ("link", "title", "published", "content"):
            assert fields[field] == {"✔"}, (consumer, field, fields[field])
        assert fields["disclaimer"] <= {"✔", "in content"}, (consumer, fields["disclaimer"])
        assert fields["language"] <= {"✔", "—"}, (consumer, fields["language"])
        # rss-parser maps atom:updated onto its pubDate and reports no updated of its own
        assert fields["updated"] == ({"—"} if consumer == "rss-parser" else {"✔"}), (consumer, fields["updated"])
    assert table["feedparser"]["disclaimer"] == {"✔"} and table["SimplePie"]["disclaimer"] == {"✔"}
