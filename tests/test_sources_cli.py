"""Sources through the real CLI: real corpora accepted as they are, every bad source in one run,
drafts and undated articles at publish, and hostile sources refused with one bounded, escaped line each."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_cli, shared_file, tree_hashes

CONFIG = '[tool.i18n-pub]\nlanguages = ["es"]\n[tool.i18n-pub.feed]\ntitle = "News"\nbase-url = "https://example.org/news"\n'
ARTICLE = "---\ntitle: A title\ndate: 2021-03-29\n---\nA body sentence.\n"


def _site(root: Path, sources: dict[str, str | bytes] | None = None) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "pyproject.toml").write_text(CONFIG, "utf-8")
    for name, content in (sources or {}).items():
        path = root / "sources" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def _errors(done: subprocess.CompletedProcess) -> list[str]:
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.strip().splitlines() if not line.startswith("Warning: ")]  # config warnings
    for line in lines:
        assert re.match(r"Error: \S.*: .* — \S", line), line
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", line), line  # shown escaped
    return lines


# --- real corpora ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("corpus", "count"),
    [("realworld/prometheus-blog", 59), ("realworld/opensource-guide/en", 13), ("realworld/opensource-guide/es", 12)],
)
def test_real_corpora_are_accepted_as_they_are(tmp_path, corpus, count):
    site = _site(tmp_path / "site")
    files = sorted(shared_file(corpus).glob("*.md"))
    assert len(files) == count
    for path in files:
        shutil.copy(path, site / "sources" / path.name)
    done = run_cli("extract", cwd=site, check=None)
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
    assert len(list((site / "locales/templates").glob("*.pot"))) == count + 1  # and _site.pot


def test_real_corpus_values(tmp_path):
    """A few fields of the real files, read by hand from them."""
    from i18n_pub.sources import load_articles

    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("2021-02-18-introducing-the-@-modifier.md", "2024-09-11-prometheus-3-beta.md"):
        shutil.copy(shared_file(f"realworld/prometheus-blog/{name}"), sources / name)
    shutil.copy(shared_file("realworld/opensource-guide/en/legal.md"), sources / "legal.md")
    modifier, beta, legal = load_articles(sources)
    assert (modifier.slug, modifier.title, modifier.author) == (
        "2021-02-18-introducing-the-modifier",
        "Introducing the '@' Modifier",
        "Ganesh Vernekar",
    )
    assert modifier.date.isoformat() == "2021-02-18" and not modifier.draft
    assert beta.draft and beta.slug == "2024-09-11-prometheus-3-beta"
    assert (legal.slug, legal.date, legal.title) == ("legal", None, "The Legal Side of Open Source")
    assert legal.summary == "Everything you've ever wondered about the legal side of open source, and a few things you didn't."


# --- every bad source in one run ------------------------------------------------------------


def test_every_bad_source_is_reported_in_one_run_sorted_and_nothing_is_written(tmp_path):
    site = _site(
        tmp_path / "site",
        {
            "b-good.md": ARTICLE,
            "c-bad-date.md": "---\ntitle: T\ndate: 2021-02-30\n---\nBody.\n",
            "a-no-title.md": "---\nlayout: post\n---\nBody.\n",
            "news/d-yaml.md": "---\ntitle: T\nsummary: [unclosed\n---\nBody.\n",
            "news/e-toml.md": "+++\ntitle = 'T'\ndate = what\n+++\nBody.\n",
            "My_Post.md": ARTICLE,
            "z/my-post.md": ARTICLE,  # derives the same slug as My_Post.md
        },
    )
    before = tree_hashes(site)
    for command in (("extract",), ("translate", "-l", "es", "--engine", "none")):
        lines = _errors(run_cli(*command, cwd=site, check=None))
        assert [line.split(": ")[1] for line in lines] == [
            "sources/a-no-title.md:1",
            "sources/c-bad-date.md:3",
            "sources/news/d-yaml.md:3",
            "sources/news/e-toml.md:3",
            "sources/z/my-post.md:1",
        ], lines
        assert "duplicate slug 'my-post', also used by sources/My_Post.md" in lines[-1]
        assert tree_hashes(site) == before and not (site / "locales").exists()


# --- drafts and undated articles at publish ------------------------------------------------


def test_drafts_are_held_back_and_an_undated_article_has_no_published(tmp_path):
    from lxml import etree

    site = _site(
        tmp_path / "site",
        {
            "dated.md": ARTICLE,
            "undated.md": "---\ntitle: No date here\n---\nA body sentence.\n",
            "hugo-draft/index.md": "+++\ntitle = 'Draft'\ndate = 2021-04-01\ndraft = true\n+++\nA body sentence.\n",
            "jekyll.md": "---\ntitle: Unpublished\ndate: 2021-04-02\npublished: false\n---\nA body sentence.\n",
        },
    )
    run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site)
    assert (site / "locales/es/hugo-draft.po").exists()  # drafts are extracted and translated ahead of publication
    done = run_cli("publish", "-l", "es", "--policy", "machine", cwd=site, env={"SOURCE_DATE_EPOCH": "1617000000"}, check=None)
    if done.returncode == 1 and "nobody reviewed" in done.stderr:  # the site's own disclaimer, not what this test is about
        (site / "pyproject.toml").write_text(CONFIG + 'machine-disclaimer = "allow"\n', "utf-8")
        done = run_cli("publish", "-l", "es", cwd=site, env={"SOURCE_DATE_EPOCH": "1617000000"})
    assert done.returncode == 0, done.stderr
    assert "es: held back hugo-draft: a draft" in done.stdout and "es: held back jekyll: a draft" in done.stdout
    assert done.stderr.count("Warning: sources/undated.md: no date") == 1
    feed = etree.parse(str(site / "build/feeds/es.xml"))
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entries = {e.findtext("a:id", namespaces=atom).rsplit("/", 1)[1]: e for e in feed.findall("a:entry", atom)}
    assert sorted(entries) == ["dated", "undated"]
    assert entries["dated"].findtext("a:published", namespaces=atom) == "2021-03-29T00:00:00Z"
    assert entries["undated"].find("a:published", atom) is None
    assert etree.RelaxNG(etree.parse(str(shared_file("schemas/atom.rng")))).validate(feed)
    validator = shared_file("tools/feedvalidator/validate.py")  # the W3C Feed Validator: no published is no error
    checked = subprocess.run(
        [sys.executable, str(validator), str(site / "build/feeds/es.xml")], capture_output=True, text=True, timeout=300
    )
    assert checked.returncode == 0 and "ERROR" not in checked.stdout, checked.stdout + checked.stderr

    # status counts what publish would include: not the drafts.
    document = json.loads(run_cli("status", "-l", "es", "--json", cwd=site).stdout)
    publishable = {slug: row["publishable"] for slug, row in document["languages"]["es"].items()}
    assert publishable == {"dated": True, "hugo-draft": False, "jekyll": False, "undated": True}
    assert document["totals"]["es"]["publishable_articles"] == 2

    # Publish reports every bad source too, before writing anything.
    (site / "sources/bad-one.md").write_text("---\ntitle: T\ndate: soon\n---\nBody.\n", "utf-8")
    (site / "sources/bad-two.md").write_text("---\ntitle: [1, 2]\n---\nBody.\n", "utf-8")
    before = tree_hashes(site)
    lines = _errors(run_cli("publish", "-l", "es", cwd=site, check=None))
    assert [line.split(": ")[1] for line in lines] == ["sources/bad-one.md:3", "sources/bad-two.md:2"]
    assert tree_hashes(site) == before


# --- hostile sources (issue 14: items 6, 7, 9, 11, 14) --------------------------------------

_BOMB = "".join(
    [f'a0: &a0 ["{"lol" * 3}"' + ', "lol"' * 8 + "]\n"] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9)]
)


@pytest.mark.parametrize(
    ("front", "line", "what"),
    [
        ('title: "\\e]0;PWNED\\a Title \\u202e"\n', 2, r"invisible character U\+001B .* in 'title'"),
        ('title: "Nul\\0"\n', 2, r"invisible character U\+0000 .* in 'title'"),
        ('title: T\nsummary: "Sum \\u202e mary"\n', 3, r"U\+202E RIGHT-TO-LEFT OVERRIDE in 'summary'"),
        ('title: T\ntags: [ok, "\\u202eevil"]\n', 3, r"U\+202E RIGHT-TO-LEFT OVERRIDE in 'tags'"),
        ('title: T\nauthor: "Ann \\x1b[31m"\n', 3, r"U\+001B .* in 'author'"),
        ('title: T\nauthors: [{name: "\\u202dX"}]\n', 3, r"U\+202D .* in 'authors'"),
        ("title: " + "[" * 1000 + "]" * 1000 + "\n", 2, "nested too deeply"),
        ("title:\n" + "".join(" " * i + "- \n" for i in range(1, 1200)), 2, "nested too deeply"),
        (_BOMB + "title: T\nslug: *a8\n", 12, "'slug' must be text"),
        (_BOMB + "title: T\ndate: *a8\n", 12, "bad date"),
        (_BOMB + "title: *a8\n", 11, "'title' must be text"),
        (_BOMB + "title: T\ntags: *a8\n", 12, "'tags' must be a list of words"),
    ],
    ids=[
        "esc-bel",
        "nul",
        "summary-rlo",
        "tags-rlo",
        "author-esc",
        "authors-lro",
        "deep-flow",
        "deep-block",
        "bomb-slug",
        "bomb-date",
        "bomb-title",
        "bomb-tags",
    ],
)
def test_hostile_front_matter_gives_one_short_escaped_line(tmp_path, front, line, what):
    site = _site(tmp_path / "site", {"zz.md": f"---\n{front}---\nBody.\n"})
    started = time.monotonic()
    lines = _errors(run_cli("extract", cwd=site, check=None))
    assert time.monotonic() - started < 30
    assert len(lines) == 1 and len(lines[0]) < 400, lines
    assert re.match(rf"Error: sources/zz\.md:{line}: .*{what}", lines[0]), lines[0]
    assert not (site / "locales").exists()


def test_deeply_nested_toml_is_an_error_too(tmp_path):
    site = _site(tmp_path / "site", {"zz.md": "+++\ntitle = 'T'\nx = " + "[" * 1000 + "]" * 1000 + "\n+++\nBody.\n"})
    (line,) = _errors(run_cli("extract", cwd=site, check=None))
    assert line.startswith("Error: sources/zz.md:2: front matter is nested too deeply — ")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("new\nline.md", r"new\nline.md"),
        ("esc\x1b[31m.md", r"esc\x1b[31m.md"),
        ("bidi\u202egnp.md", r"bidi\u202egnp.md"),
        ("bell\x07.md", r"bell\x07.md"),
        ("tab\there.md", r"tab\there.md"),
    ],
)
def test_a_file_name_with_a_control_character_is_refused(tmp_path, name, shown):
    site = _site(tmp_path / "site", {"ok.md": ARTICLE, name: ARTICLE.replace("A title", "Other")})
    (line,) = _errors(run_cli("extract", cwd=site, check=None))
    assert line.startswith(f"Error: sources/{shown}: the name holds the invisible character U+"), line
    assert line.endswith(" — rename it with visible characters only")
    assert not (site / "locales").exists()


def test_a_fifo_in_sources_is_refused_and_nothing_hangs(tmp_path):
    site = _site(tmp_path / "site", {"ok.md": ARTICLE})
    os.mkfifo(site / "sources/x.md")
    for command in (("status",), ("extract",)):
        (line,) = _errors(run_cli(*command, cwd=site, check=None))  # run_cli has a timeout: a hang fails
        assert line.startswith("Error: sources/x.md: is not a regular file (a named pipe) — ")


@pytest.mark.parametrize(
    ("make", "where", "what"),
    [
        (lambda s: (s / "loop.md").symlink_to("loop.md"), "sources/loop.md", "is a symlink loop"),
        (lambda s: (s / "loop").symlink_to("loop"), "sources/loop", "is a symlink loop"),
        (lambda s: (s / "again").symlink_to("."), "sources/again", "is a symlink to a folder"),
        (lambda s: (s / "gone.md").symlink_to("nowhere.md"), "sources/gone.md", "is a broken symlink"),
    ],
)
def test_symlink_loops_and_folder_links_in_sources_give_one_error_line(tmp_path, make, where, what):
    site = _site(tmp_path / "site", {"ok.md": ARTICLE})
    make(site / "sources")
    (line,) = _errors(run_cli("extract", cwd=site, check=None))
    assert line.startswith(f"Error: {where}: {what}") and " — " in line, line
