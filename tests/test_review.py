"""``review``: the static page, rendered by the real headless Chromium (screenshot and DOM after the scripts ran)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import html

from tests.conftest import copy_site, require_tool, run_cli, tree_hashes

SLUG = "badea-literacy-programme-africa"
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> & </td>'


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Debian's chromium, headless, with nothing that reaches the network."""
    executable = require_tool("chromium")
    command = [
        executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
        f"--user-data-dir={profile}", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def reviewed_site(tmp_path_factory) -> Path:
    """The sample site with 4 reviewed entries, a glossary hint, a hostile translation and a new untranslated sentence."""
    site = copy_site(tmp_path_factory.mktemp("review") / "site", with_locales=True)
    (site / "locales/es/_site.po").unlink(missing_ok=True)  # the sample's reviewed site strings: the counts below are the articles'
    path = site / "locales/es" / f"{SLUG}.po"
    po = polib.pofile(str(path))
    for entry in po[:4]:
        entry.flags.remove("fuzzy")
    hint = "glossary: Arab Bank for Economic Development in Africa → Banco Árabe para el Desarrollo Económico de África"
    if hint not in (po[2].comment or "").replace("\n", " "):  # translate writes it since the glossary has the term
        po[2].comment = "\n".join(filter(None, [po[2].comment, hint]))
    # The glossary put the form in the machine output; the reviewer's edit loses it, and check says so.
    po[2].msgstr = po[2].msgstr.replace("Banco Árabe para el Desarrollo Económico de África", "Banco Árabe de Desarrollo")
    po[4].msgstr = HOSTILE
    po.save(str(path))
    source = site / "sources" / f"{SLUG}.md"
    source.write_text(source.read_text("utf-8").rstrip("\n") + "\n\nA closing sentence nobody has translated.\n", "utf-8")
    done = run_cli("review", "-l", "es", cwd=site)
    assert done.stdout == "es: wrote build/review/es.html\n"
    return site


def test_the_page_is_built_escaped_and_written_once(reviewed_site):
    page = reviewed_site / "build/review/es.html"
    text = page.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert HOSTILE not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    document = html.fromstring(text)
    assert len(document.xpath("//script")) == 1 and not document.xpath("//img")
    rows = document.xpath("//tr[contains(@class, 'segment')]")
    statuses = [row.get("data-status") for row in rows]
    assert statuses.count("reviewed") == 4 and statuses.count("untranslated") == 1
    assert len(rows) == 129
    hostile_row = next(r for r in rows if HOSTILE in r.text_content())
    assert "numbers:" in hostile_row.text_content() and hostile_row.get("data-findings") != "0"
    # The hint is longer than a PO line, so polib wrapped it over two #. lines: read whole again.
    findings = document.xpath("//ul[@class='findings']/li/text()")
    hint = "glossary: “Arab Bank for Economic Development in Africa” must read “Banco Árabe para el Desarrollo Económico de África”"
    assert hint in findings
    marks = document.xpath("//mark[@class='term']/text()")
    assert "Arab Bank for Economic Development in Africa" in marks
    # The same catalogs give the same bytes: a second run writes nothing.
    before = tree_hashes(reviewed_site)
    assert run_cli("review", "-l", "es", cwd=reviewed_site).stdout == "es: unchanged build/review/es.html\n"
    assert tree_hashes(reviewed_site) == before


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_chromium_renders_the_page_and_the_status_filter_works(reviewed_site, tmp_path):
    """Look at the screenshot with REVIEW_SCREENSHOT=path to keep a copy."""
    url = (reviewed_site / "build/review/es.html").resolve().as_uri()
    shot = tmp_path / "review.png"
    # One browser run: the screenshot and the DOM after the page's script applied the filter in the address.
    dom = chromium(
        tmp_path / "profile", "--window-size=1280,1000", "--hide-scrollbars", "--virtual-time-budget=3000",
        f"--screenshot={shot}", "--dump-dom", url + "#status=reviewed",
    ).stdout
    if os.environ.get("REVIEW_SCREENSHOT"):
        shutil.copy(shot, os.environ["REVIEW_SCREENSHOT"])
    data = shot.read_bytes()
    assert _png_size(data) == (1280, 1000)
    assert len(data) > 50_000  # a blank or error page compresses to a few kilobytes
    document = html.fromstring(dom)
    assert document.get_element_by_id("shown").text_content() == "4 of 129 segments shown"
    visible = document.xpath("//tr[contains(@class, 'segment') and not(@hidden)]")
    assert [row.get("data-status") for row in visible] == ["reviewed"] * 4
    sections = document.xpath("//section[contains(@class, 'article') and not(@hidden)]")
    assert [s.get("id") for s in sections] == [f"article-{SLUG}"]
    assert document.xpath("//nav//a[@aria-current='true']/@data-filter") == ["reviewed"]
    assert document.body.get("data-filter") == "reviewed"
    # The hostile translation is text in the browser too: no element was injected.
    assert len(document.xpath("//script")) == 1 and not document.xpath("//img")

    dom = chromium(tmp_path / "profile", "--virtual-time-budget=3000", "--dump-dom", url + "#status=untranslated").stdout
    visible = html.fromstring(dom).xpath("//tr[contains(@class, 'segment') and not(@hidden)]")
    assert len(visible) == 1 and "A closing sentence nobody has translated." in visible[0].text_content()


def test_right_to_left_translations_are_marked(tmp_path):
    site = copy_site(tmp_path / "site")
    (site / "locales/ar").mkdir(parents=True)
    run_cli("translate", "-l", "ar", "--engine", "pseudo", cwd=site)
    run_cli("review", "-l", "ar", cwd=site)
    document = html.fromstring((site / "build/review/ar.html").read_text("utf-8"))
    cells = document.xpath("//td[contains(@class, 'translation') and not(contains(@class, 'empty'))]")
    assert cells and all(c.get("dir") == "rtl" and c.get("lang") == "ar" for c in cells)
    assert document.find(".//title").text == "Review: Arabic (ar) — ICESCO News"


def test_open_hands_the_page_to_the_web_browser(tmp_path):
    """``--open`` goes through Python's webbrowser, which honours $BROWSER: a script records what it was given."""
    site = copy_site(tmp_path / "site", with_locales=True)
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{opened}"\n', "utf-8")
    browser.chmod(0o755)
    run_cli("review", "-l", "es", "--open", cwd=site, env={"BROWSER": f"{browser} %s", "DISPLAY": ""})
    assert opened.read_text("utf-8") == (site / "build/review/es.html").resolve().as_uri()
    assert "review -l es --open" in run_cli("review", "--help", cwd=site).stdout
