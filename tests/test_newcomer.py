"""A newcomer's first hour: ``init`` to a feed with no hand edit, stated defaults, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import feedparser
from lxml import etree, html

from tests.conftest import copy_site, msgfmt_check, require_tool, run_cli, shared_file, tree_hashes

BASE = "https://news.example.org"
# Debian's package for each English pair, read from the packages (dpkg -c lists their modes/*.mode).
PACKAGES = {"eng-spa": "apertium-eng-spa", "eng-cat": "apertium-eng-cat", "en-gl": "apertium-en-gl", "en-eo": "apertium-eo-en"}
ARTICLE = """---
title: The Cat Sleeps
date: 2026-11-02
---
The cat sleeps.
"""


def installed_modes() -> set[str]:
    done = subprocess.run([require_tool("apertium"), "-l"], capture_output=True, text=True, check=True)
    return {line.strip() for line in done.stdout.splitlines() if line.strip()}


def apertium(text: str, mode: str = "eng-spa") -> str:
    """Apertium itself, run by hand: the expected machine translation."""
    done = subprocess.run([require_tool("apertium"), "-u", mode], input=text, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_init_write_translate_publish_in_an_empty_folder_gives_feeds(tmp_path):
    site = tmp_path / "news"
    done = run_cli("init", str(site), "-l", "es", "--base-url", BASE, "--title", "Cat News", "--organization", "Cat Org", cwd=tmp_path)
    assert "i18n-pub translate --all" in done.stdout and "i18n-pub publish --all" in done.stdout
    run_cli("language", "add", "fr", "--engine", "pseudo", cwd=site)
    (site / "sources/cat.md").write_text(ARTICLE, "utf-8")
    run_cli("translate", "--all", cwd=site)
    published = run_cli("publish", "--all", cwd=site)
    assert published.stdout.count(", 0 held back)") == 2, published.stdout
    schema = etree.RelaxNG(etree.parse(str(shared_file("schemas/atom.rng"))))
    for language in ("es", "fr"):
        path = site / "build/feeds" / f"{language}.xml"
        assert schema.validate(etree.parse(str(path))), schema.error_log
        for po in (site / "locales" / language).glob("*.po"):
            msgfmt_check(po)
    spanish = feedparser.parse(str(site / "build/feeds/es.xml"))
    entries = {entry.link.rsplit("/", 1)[-1]: entry for entry in spanish.entries}
    assert set(entries) == {"cat", "welcome"}  # the example init wrote, and ours
    assert apertium("The cat sleeps.") in entries["cat"].content[0].value
    assert entries["cat"].i18n_engine["name"] == "apertium" and entries["cat"].link == f"{BASE}/es/cat"
    french = feedparser.parse(str(site / "build/feeds/fr.xml"))
    assert {entry.i18n_engine["name"] for entry in french.entries} == {"pseudo"}
    assert (site / ".gitignore").read_text("utf-8").splitlines()[-2:] == [".i18n-pub/", "build/"]


def test_init_offers_the_installed_pairs_and_writes_a_glossary_the_site_reads(tmp_path):
    run_cli("init", "--title", "T", cwd=tmp_path)  # not a terminal: nothing asked
    config = (tmp_path / "pyproject.toml").read_text("utf-8")
    expected = sorted({"eng-spa": "es", "eng-cat": "ca", "en-gl": "gl", "en-eo": "eo"}[m] for m in installed_modes() & PACKAGES.keys())
    assert f"languages = {expected!r}".replace("'", '"') in config
    header = (tmp_path / "glossary/terms.csv").read_text("utf-8").splitlines()[0]
    assert (
        header
        == "en,"
        + ",".join(expected)
        + ",type,"
        + ",".join(f"{c}:{k}" for c in expected if c in ("es", "fr") for k in ("gender", "number"))
        + ",note"
    )
    run_cli("glossary", "export", "--format", "csv", cwd=tmp_path)  # read back without complaint


def test_init_never_overwrites_and_adds_its_table_to_an_existing_pyproject(tmp_path):
    existing = '[project]\nname = "my-site"  # mine\n'
    (tmp_path / "pyproject.toml").write_text(existing, "utf-8")
    (tmp_path / ".gitignore").write_text("node_modules\nbuild/\n", "utf-8")
    run_cli("init", "-l", "es", "--base-url", BASE, cwd=tmp_path)
    assert (tmp_path / "pyproject.toml").read_text("utf-8").startswith(existing)
    assert (tmp_path / ".gitignore").read_text("utf-8").splitlines() == [
        "node_modules",
        "build/",
        "# i18n-pub: caches and generated feeds",
        ".i18n-pub/",
    ]
    before = tree_hashes(tmp_path)
    done = run_cli("init", "-l", "fr", "--engine", "pseudo", cwd=tmp_path, check=1)
    assert done.stderr.startswith("Error: pyproject.toml: already has a [tool.i18n-pub] table") and len(done.stderr.splitlines()) == 1
    assert tree_hashes(tmp_path) == before


def test_language_add_keeps_every_other_byte_and_creates_catalogs(site):
    original = (site / "pyproject.toml").read_text("utf-8")
    run_cli("language", "add", "de", "--engine", "pseudo", cwd=site)
    updated = (site / "pyproject.toml").read_text("utf-8")
    assert 'languages = ["es", "fr", "ar", "de"]' in updated and 'de = "pseudo"' in updated
    removed = set(original.splitlines()) - set(updated.splitlines())
    assert removed == {'languages = ["es", "fr", "ar"]'}  # every comment and key of the file kept
    catalogs = sorted(p.name for p in (site / "locales/de").glob("*.po"))
    assert "_site.po" in catalogs and len(catalogs) == 1 + len(list((site / "sources").glob("*.md")))
    for name in catalogs:
        msgfmt_check(site / "locales/de" / name)
    before = tree_hashes(site)
    for args, what in ((("de",), "'de' is already in languages"), (("xx",), "unknown language code 'xx'")):
        done = run_cli("language", "add", *args, cwd=site, check=1)
        assert what in done.stderr and len(done.stderr.splitlines()) == 1
    assert tree_hashes(site) == before


def test_every_default_that_changes_the_feed_is_stated(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.i18n-pub]\nlanguages = ["es"]\n', "utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources/cat.md").write_text(ARTICLE, "utf-8")
    warnings = [line for line in run_cli("translate", "-l", "es", cwd=tmp_path).stderr.splitlines() if line.startswith("Warning: ")]
    assert [w.split(":")[1].strip().split(" ")[0] for w in warnings] == ["es", "no", "no", "no"]
    assert "no engine" in warnings[0] and "base-url" in warnings[1] and '"News"' in warnings[2] and "organization" in warnings[3]
    done = run_cli("publish", "-l", "es", cwd=tmp_path, check=1)
    assert done.stderr == (
        "Error: pyproject.toml: no base-url in [tool.i18n-pub.feed] — "
        'add base-url = "https://example.org/news" to [tool.i18n-pub.feed]\n'
    )
    assert not (tmp_path / "build").exists()


def test_an_apertium_pair_is_checked_when_the_config_is_read(site):
    text = (site / "pyproject.toml").read_text("utf-8")
    (site / "pyproject.toml").write_text(text.replace('es = "apertium"', 'es = "apertium"\nfr = "apertium"'), "utf-8")
    line = (site / "pyproject.toml").read_text("utf-8").splitlines().index('fr = "apertium"') + 1
    done = run_cli("status", cwd=site, check=1)
    assert done.stderr.startswith(f'Error: pyproject.toml:{line}: fr = "apertium": Apertium has no en→fr pair')
    assert "apt-get" not in done.stderr  # Debian has no apertium-eng-fra: no invented package
    missing = [mode for mode in PACKAGES if mode not in installed_modes()]
    code = {"eng-cat": "ca", "en-gl": "gl", "en-eo": "eo", "eng-spa": "es"}[missing[0]]
    (site / "pyproject.toml").write_text(text.replace('es = "apertium"', f'es = "apertium"\n{code} = "apertium"').replace(
        'languages = ["es", "fr", "ar"]', f'languages = ["es", "fr", "ar", "{code}"]'), "utf-8")  # fmt: skip
    done = run_cli("status", cwd=site, check=1)
    assert done.stderr.rstrip().endswith(f"install it: apt-get install {PACKAGES[missing[0]]}")


def test_a_broken_pyproject_found_by_walking_up_is_reported_as_broken(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.i18n-pub]\nlanguages = ["es"\n', "utf-8")
    (tmp_path / "sub").mkdir()
    done = run_cli("status", cwd=tmp_path / "sub", check=1)
    assert done.stderr.startswith(f"Error: {tmp_path / 'pyproject.toml'}:2: invalid TOML") and len(done.stderr.splitlines()) == 1
    done = run_cli("status", "--site", str(tmp_path / "nonexistent"), cwd=tmp_path, check=1)
    assert done.stderr.startswith(f"Error: {tmp_path / 'nonexistent'}: no such folder")


def test_the_glossary_suggest_example_of_the_help_works_and_translate_still_runs(site):
    example = run_cli("glossary", "suggest", "--help", cwd=site).stdout.split("Example: ")[1].split("(")[0].strip()
    assert example.startswith("i18n-pub glossary suggest >")
    command = example.replace("i18n-pub", f"{sys.executable} -m i18n_pub", 1)
    done = subprocess.run(command, shell=True, cwd=site, capture_output=True, text=True, env={"PYTHONPATH": str(Path(__file__).parents[1])})
    assert done.returncode == 0, done.stderr
    (site / "glossary/empty.csv").write_bytes(b"")  # what the shell makes before the command runs
    run_cli("translate", "-l", "es", "--engine", "pseudo", "-q", cwd=site)


def test_the_review_page_puts_the_title_label_before_the_text(tmp_path):
    site = copy_site(tmp_path / "site", with_locales=True)
    run_cli("review", "-l", "es", cwd=site)
    document = html.fromstring((site / "build/review/es.html").read_text("utf-8"))
    labelled = document.xpath("//td[contains(@class, 'source')][span[@class='context']]")
    assert labelled
    for cell in labelled:
        assert not (cell.text or "").strip() and cell[0].get("class") == "context"


def test_help_shows_metavars_and_usage_errors_exit_2(site):
    from tests.test_reference import commands

    for command in [path.split() for path in commands() if path]:  # every command, whoever added it
        text = run_cli(*command, "--help", cwd=site).stdout
        assert "<" not in text.replace("<lang>", "").replace("<slug>", "").replace("<name>", "").replace("<ENGINE>", ""), text
        assert "Example: i18n-pub" in text
    assert "--install-completion" in run_cli("--help", cwd=site).stdout
    done = run_cli("translate", "-l", "es", "--all", cwd=site, check=2)
    assert "not both" in done.stderr


def test_review_open_without_a_browser_says_so(tmp_path):
    site = copy_site(tmp_path / "site", with_locales=True)
    empty = tmp_path / "no-programs"
    empty.mkdir()
    env = {"PATH": str(empty), "BROWSER": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    done = run_cli("review", "-l", "es", "--open", cwd=site, env=env, check=1)
    assert done.stderr == (
        "Error: build/review/es.html: no web browser found to open it — "
        "open the file in a browser yourself, or name one in the BROWSER environment variable\n"
    )


def test_dry_run_says_what_would_be_written_and_writes_nothing(site):
    before = tree_hashes(site)
    done = run_cli("translate", "-l", "fr", "--dry-run", cwd=site)
    articles = sorted(p.stem for p in (site / "sources").glob("*.md"))
    assert [line.split()[2] for line in done.stdout.splitlines() if line.startswith("would write locales/fr/")] == [
        f"locales/fr/{slug}.po" for slug in sorted(["_site", *articles])
    ]
    assert "left for google, not asked in a dry run" in done.stdout  # fr's engine is online: counted, not asked
    assert tree_hashes(site) == before
    run_cli("translate", "-l", "es", "-q", cwd=site)
    before = tree_hashes(site)
    done = run_cli("publish", "-l", "es", "--dry-run", cwd=site)
    assert "would write build/feeds/es.xml (new)" in done.stdout.splitlines()
    assert tree_hashes(site) == before


def test_init_on_a_terminal_asks_for_what_the_options_did_not_give(tmp_path):
    """A real pseudo-terminal: the prompts appear, the answers land in the table."""
    import os
    import pty
    import select

    answers = iter(["es\n", "Terminal News\n", "Terminal Org\n", "https://t.example.org\n"])
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1]), "TERM": "dumb"}
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(tmp_path)
        os.execvpe(sys.executable, [sys.executable, "-m", "i18n_pub", "init"], env)
    seen = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if seen.rstrip().endswith(b":"):  # a prompt waits for its answer
            answer = next(answers, None)
            if answer is not None:
                os.write(fd, answer.encode())
                seen += b"\n"
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, seen.decode(errors="replace")
    text = seen.decode(errors="replace")
    assert "Languages to publish in" in text and "Feed title" in text and "address" in text
    config = (tmp_path / "pyproject.toml").read_text("utf-8")
    for line in ('languages = ["es"]', 'title = "Terminal News"', 'organization = "Terminal Org"', 'base-url = "https://t.example.org"'):
        assert line in config, config
