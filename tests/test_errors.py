"""Bad input: one ``Error: <file>:<line>: <what> — <how to fix>`` line, exit 1, no traceback, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_cli, tree_hashes

ARTICLE = "---\ntitle: A title\ndate: 2021-03-29\n---\nA body sentence.\n"


def _assert_one_error(done, where: str, what: str) -> None:
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert re.match(rf"Error: {re.escape(where)}: .*{what}.* — \S", lines[0]), lines[0]


def _break_and_run(
    site: Path, relative: str, content: bytes | None, where: str, what: str, command=("translate", "-l", "es", "--engine", "none")
):
    if content is not None:
        (site / relative).write_bytes(content)
    before = tree_hashes(site)
    done = run_cli(*command, cwd=site, check=None)
    _assert_one_error(done, where, what)
    assert tree_hashes(site) == before  # nothing written
    assert not (site / "locales").exists()


@pytest.mark.parametrize(
    ("content", "where", "what"),
    [
        (b"---\ndate: 2021-03-29\n---\nBody.\n", "sources/zz-bad.md:1", "missing required front matter key 'title'"),
        (b"---\ntitle: T\ndate: 2021-02-30\n---\nBody.\n", "sources/zz-bad.md:3", "bad date"),
        (b"---\ntitle: T\ndate: March 29\n---\nBody.\n", "sources/zz-bad.md:3", "bad date"),
        (b"---\ntitle: [unclosed\ndate: 2021-03-29\n---\nBody.\n", "sources/zz-bad.md:3", "invalid YAML"),
        (b"---\ntitle: Caf\xe9\ndate: 2021-03-29\n---\nBody.\n", "sources/zz-bad.md:2", "not valid UTF-8"),
        (b"---\ntitle: T\ndate: 2021-03-29\nslug: Bad_Slug\n---\nBody.\n", "sources/zz-bad.md:4", "bad slug"),
        (b"Body without front matter.\n", "sources/zz-bad.md:1", "no front matter"),
    ],
)
def test_bad_source(site, content, where, what):
    _break_and_run(site, "sources/zz-bad.md", content, where, what)


def test_duplicate_slug(site):
    first = sorted((site / "sources").glob("*.md"))[0]
    text = ARTICLE.replace("date:", f"slug: {first.stem}\ndate:")
    _break_and_run(site, "sources/zz-copy.md", text.encode(), "sources/zz-copy.md:3", f"duplicate slug '{first.stem}'")


def _set_config(site: Path, old: str, new: str) -> bytes:
    text = (site / "pyproject.toml").read_text("utf-8")
    assert old in text
    return text.replace(old, new, 1).encode()


def test_unknown_config_key(site):
    content = _set_config(site, 'languages = ["es", "fr", "ar"]', 'languages = ["es", "fr", "ar"]\nlanguage = "es"')
    line = content.decode().splitlines().index('language = "es"') + 1
    _break_and_run(site, "pyproject.toml", content, f"pyproject.toml:{line}", "unknown key 'language'")


def test_unknown_language_code(site):
    content = _set_config(site, 'languages = ["es", "fr", "ar"]', 'languages = ["es", "xx", "ar"]')
    line = content.decode().splitlines().index('languages = ["es", "xx", "ar"]') + 1
    _break_and_run(site, "pyproject.toml", content, f"pyproject.toml:{line}", "unknown language code 'xx'")


def test_config_not_utf8_names_its_line(site):
    content = _set_config(site, 'languages = ["es", "fr", "ar"]', 'languages = ["es", "fr", "ar"]\n# Caf\u00e9')
    line = content.decode().splitlines().index("# Caf\u00e9") + 1
    content = content.replace("# Caf\u00e9".encode(), b"# Caf\xe9")  # Latin-1, not UTF-8
    _break_and_run(site, "pyproject.toml", content, f"pyproject.toml:{line}", "not valid UTF-8")


def test_missing_languages(site):
    content = _set_config(site, 'languages = ["es", "fr", "ar"]\n', "")
    _break_and_run(site, "pyproject.toml", content, "pyproject.toml", "missing required key 'languages'")


def test_broken_catalog_is_left_untouched(site):
    run_cli("translate", "-l", "es", "--engine", "none", cwd=site)
    po = sorted((site / "locales/es").glob("[!_]*.po"))[0]  # an article catalog, not _site.po
    data = po.read_bytes()
    broken_at = data.index(b'msgstr ""\n\n#:')
    line = data.count(b"\n", 0, broken_at) + 1  # the line we break, counted in the file itself
    po.write_bytes(data.replace(b'msgstr ""\n\n#:', b'msgstr "unclosed\n\n#:', 1))
    before = tree_hashes(site)
    done = run_cli("translate", "-l", "es", "--engine", "none", cwd=site, check=None)
    _assert_one_error(done, f"locales/es/{po.stem}.po:{line}", "")
    assert tree_hashes(site) == before


def test_usage_errors_exit_2(site):
    assert run_cli("translate", cwd=site, check=None).returncode == 2
    assert run_cli("translate", "-l", "de", cwd=site, check=None).returncode == 2
    assert run_cli("translate", "-l", "es", "--engine", "babelfish", cwd=site, check=None).returncode == 2


def test_no_site_found(tmp_path):
    done = run_cli("status", cwd=tmp_path, check=None)
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.returncode == 1 and done.stderr.startswith("Error: no pyproject.toml with a [tool.i18n-pub] table")
