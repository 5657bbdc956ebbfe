"""Site strings people can trust: shipped reviewed disclaimers, no unreviewed disclaimer published, check errors stop publish."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import babel
import feedparser
import polib
import pytest

from i18n_pub import site_strings
from i18n_pub.shipped import SHIPPED_NOTE, shipped_languages
from tests.conftest import REPO, copy_site, msgfmt_check, run_cli

SHIPPED = REPO / "i18n_pub" / "site_locales"
UN_LANGUAGES = {"ar", "zh", "fr", "ru", "es"}  # the six official UN languages, English being the source


def test_the_package_ships_reviewed_site_strings_for_at_least_twelve_languages_with_the_un_languages():
    languages = shipped_languages()
    assert len(languages) >= 12 and set(languages) >= UN_LANGUAGES, languages
    english = {site_strings.FEED_SUBTITLE: site_strings.DEFAULT_SUBTITLE, **site_strings.DISCLAIMERS}
    for language in languages:
        path = SHIPPED / f"{language}.po"
        msgfmt_check(path)  # GNU gettext checks every python-brace-format entry keeps its fields
        po = polib.pofile(str(path))
        assert po.metadata["Language"] == language and babel.Locale.parse(language)
        entries = {e.msgctxt: e for e in po if not e.obsolete}
        assert {k: e.msgid for k, e in entries.items()} == english, f"{language}: not the current English texts"
        for context, entry in entries.items():
            assert entry.msgstr and "fuzzy" not in entry.flags, (language, context)
            assert sorted(site_strings.placeholders(entry.msgstr)) == sorted(site_strings.placeholders(entry.msgid))
            assert entry.msgstr != entry.msgid and not re.search(r"\b(translated|reviewed|responsible|published)\b", entry.msgstr)


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> Path:
    """A new site in Spanish and Dutch (no Dutch shipped), machine-translated by the pseudo engine."""
    site = copy_site(tmp_path_factory.mktemp("trust") / "site")
    pyproject = site / "pyproject.toml"
    pyproject.write_text(pyproject.read_text("utf-8").replace('languages = ["es", "fr", "ar"]', 'languages = ["es", "nl"]'), "utf-8")
    run_cli("translate", "--all", "--engine", "pseudo", cwd=site, env={"SOURCE_DATE_EPOCH": "1617000000"})
    return site


@pytest.fixture
def site(translated, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(translated, copy)
    return copy


def test_a_new_site_starts_from_the_shipped_disclaimers_and_publishes_them(site):
    po = polib.pofile(str(site / "locales/es/_site.po"))
    shipped = {e.msgctxt: e.msgstr for e in polib.pofile(str(SHIPPED / "es.po"))}
    for entry in po:
        if entry.msgctxt in shipped:
            assert entry.msgstr == shipped[entry.msgctxt] and "fuzzy" not in entry.flags and SHIPPED_NOTE in entry.tcomment
        else:  # the site's own title and name: machine output, for a translator to review
            assert "fuzzy" in entry.flags and "mt: pseudo" in entry.tcomment
    msgfmt_check(site / "locales/es/_site.po")
    run_cli("publish", "-l", "es", cwd=site)
    entry = feedparser.parse((site / "build/feeds/es.xml").read_bytes()).entries[0]
    assert entry.i18n_disclaimer.startswith("Este artículo fue traducido del inglés mediante traducción automática (pseudo)")


def test_an_unreviewed_disclaimer_is_refused_with_its_file_and_line_unless_the_site_allows_it(site):
    path = site / "locales/nl/_site.po"
    done = run_cli("publish", "--all", cwd=site, check=1)
    pattern = r"Error: locales/nl/_site\.po:(\d+): the disclaimer 'disclaimer-machine' is a machine translation nobody reviewed"
    match = re.fullmatch(pattern + r".* — .*machine-disclaimer = \"allow\".*\n", done.stderr)
    assert match, done.stderr
    assert path.read_text("utf-8").splitlines()[int(match.group(1)) - 1] == 'msgctxt "disclaimer-machine"'
    assert not (site / "build").exists()  # nothing half-published, Spanish neither
    pyproject = site / "pyproject.toml"
    allow = 'organization = "ICESCO"\nmachine-disclaimer = "allow"'
    pyproject.write_text(pyproject.read_text("utf-8").replace('organization = "ICESCO"', allow), "utf-8")
    run_cli("publish", "--all", cwd=site)
    assert (site / "build/feeds/nl.xml").exists()


def test_the_sites_own_reviewed_entry_wins_over_the_shipped_one(site):
    path = site / "locales/es/_site.po"
    po = polib.pofile(str(path))
    notice = next(e for e in po if e.msgctxt == site_strings.NOTICE_REVIEWED)
    notice.msgstr = "Traducido del {source_language} y revisado por nuestro equipo. Original del {date}: {original_url}."
    notice.tcomment = ""
    po.save(str(path))
    run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site)
    assert next(e for e in polib.pofile(str(path)) if e.msgctxt == site_strings.NOTICE_REVIEWED).msgstr == notice.msgstr


def test_a_check_error_in_the_site_strings_stops_publish_with_its_line(site):
    path = site / "locales/es/_site.po"
    po = polib.pofile(str(path))
    organization = next(e for e in po if e.msgctxt == site_strings.ORGANIZATION)
    organization.msgstr = "Isesco"  # the glossary says ICESCO stays ICESCO
    organization.flags = []  # even reviewed
    po.save(str(path))
    done = run_cli("publish", "-l", "es", cwd=site, check=1)
    match = re.fullmatch(r"Error: locales/es/_site\.po:(\d+): glossary: .*ICESCO.* — .*i18n-pub check -l es.*\n", done.stderr)
    assert match, done.stderr
    assert path.read_text("utf-8").splitlines()[int(match.group(1)) - 1] == 'msgstr "Isesco"'
    assert not (site / "build").exists()
