"""Valid PO that gettext reads one way must not be read another way (issue 14, items 3 and 5).

Every input here is first shown to be what GNU gettext says it is (``msgfmt -c``
accepts it, ``msgcat`` decodes its escapes, ``msgfmt --statistics`` counts its
fuzzy entries); then i18n-pub must keep and read it the same way.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import polib
import pytest

from tests.conftest import msgfmt_check, require_tool, run_cli, tree_hashes

TRANSLATE = ("translate", "-l", "fr", "--engine", "pseudo")
SLUG = "badea-literacy-programme-africa"
MSGID = "The programme is built around three main components:"  # on one line, no msgctxt


@pytest.fixture
def translated(site: Path) -> Path:
    run_cli(*TRANSLATE, "--quiet", cwd=site)
    return site


def _catalog(site: Path) -> Path:
    return site / "locales" / "fr" / f"{SLUG}.po"


def _entry_block(text: str, msgid_start: str) -> tuple[int, int]:
    """Start and end offsets of the entry whose msgid line starts with ``msgid_start`` (comments excluded)."""
    start = text.index(f'msgid "{msgid_start}')
    end = text.find("\n\n", start)
    return start, len(text) if end < 0 else end


def _replace_msgstr(text: str, msgid_start: str, new_tail: str) -> str:
    start, end = _entry_block(text, msgid_start)
    block = text[start:end]
    return text[:start] + block[: block.index("msgstr")] + new_tail + text[end:]


def _msgcat_translation(path: Path, msgid: str) -> str:
    """What GNU gettext reads as the translation of ``msgid``."""
    out = subprocess.run([require_tool("msgcat"), "--no-wrap", str(path)], check=True, capture_output=True, text=True).stdout
    return next(e.msgstr for e in polib.pofile(out) if e.msgid == msgid)


def test_a_reviewed_entry_turned_plural_is_kept_not_machine_translated(translated):
    path = _catalog(translated)
    msgid = MSGID
    forms = ('msgid_plural "The programmes are built around three main components:"\n'
             'msgstr[0] "Le programme repose sur trois volets :"\n'
             'msgstr[1] "Les programmes reposent sur trois volets :"\n'
             'msgstr[2] "Les programmes reposent sur trois volets (beaucoup) :"')
    text = path.read_text("utf-8")
    start, end = _entry_block(text, msgid)
    block = text[start:end]
    comments_start = text.rfind("\n\n", 0, start) + 2
    comments = text[comments_start:start].replace("#, fuzzy\n", "")
    new_entry = comments + block[: block.index("msgstr")] + forms
    path.write_text(text[:comments_start] + new_entry + text[end:], "utf-8")
    msgfmt_check(path)  # gettext accepts the translator's plural entry
    before = next(e for e in polib.pofile(str(path)) if e.msgid.startswith(msgid))
    run_cli(*TRANSLATE, cwd=translated)
    after = [e for e in polib.pofile(str(path)) if e.msgid.startswith(msgid) and not e.obsolete]
    assert len(after) == 1
    assert after[0].msgid_plural == before.msgid_plural and after[0].msgstr_plural == before.msgstr_plural
    assert "fuzzy" not in after[0].flags and after[0].tcomment == before.tcomment  # not machine-translated again
    msgfmt_check(path)
    # Published as gettext() would return it: msgstr[0].
    run_cli("publish", "-l", "fr", cwd=translated)
    feed = (translated / "build/feeds/fr.xml").read_text("utf-8")
    assert "Le programme repose sur trois volets :" in feed


def test_c_escapes_are_read_as_gettext_reads_them(translated):
    path = _catalog(translated)
    msgid = MSGID
    text = _replace_msgstr(path.read_text("utf-8"), msgid,
                           'msgstr "L\\047\\303\\251t\\303\\251 a r\\303\\251uni \\x46ête \\\\047 \\"ok\\" artistes"')
    text = text.replace(f'#, fuzzy\nmsgid "{msgid}', f'msgid "{msgid}')
    path.write_text(text, "utf-8")
    msgfmt_check(path)
    full_msgid = next(e.msgid for e in polib.pofile(str(path)) if e.msgid.startswith(msgid))
    gettext_reads = _msgcat_translation(path, full_msgid)
    assert gettext_reads == "L'été a réuni Fête \\047 \"ok\" artistes"  # written by hand, confirmed by msgcat
    # A new English sentence makes translate rewrite the catalog in its own format.
    with (translated / "sources" / f"{SLUG}.md").open("a", encoding="utf-8") as source:
        source.write("\nA closing sentence was added later.\n")
    run_cli(*TRANSLATE, cwd=translated)
    written = path.read_text("utf-8")
    assert "A closing sentence was added later." in written  # rewritten …
    assert "L'été a réuni Fête" in written and "L\\\\047" not in written  # … as gettext reads it, not re-escaped
    assert _msgcat_translation(path, full_msgid) == gettext_reads  # and gettext reads the same translation
    msgfmt_check(path)
    run_cli("publish", "-l", "fr", cwd=translated)
    feed = (translated / "build/feeds/fr.xml").read_text("utf-8")
    assert "a réuni Fête" in feed and "\\303" not in feed and "\\x46" not in feed


def test_an_escape_that_is_not_utf8_is_refused_with_its_line(translated):
    path = _catalog(translated)
    msgid = MSGID
    text = _replace_msgstr(path.read_text("utf-8"), msgid, 'msgstr "caf\\351"')
    path.write_text(text, "utf-8")
    line = text[: text.index('msgstr "caf\\351"')].count("\n") + 1
    done = subprocess.run([require_tool("msgcat"), "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False)
    assert "multibyte sequence" in done.stderr  # gettext does not read it as UTF-8 either
    before = tree_hashes(translated)
    failed = run_cli(*TRANSLATE, cwd=translated, check=1)
    assert re.fullmatch(rf"Error: locales/fr/{SLUG}.po:{line}: .*not valid UTF-8 — .+\n", failed.stderr), failed.stderr
    assert tree_hashes(translated) == before


def test_an_obsolete_entry_with_the_key_of_a_live_one_is_reported_as_msgfmt_does(translated):
    path = _catalog(translated)
    po = polib.pofile(str(path))
    live = next(e for e in po if not e.obsolete and e.msgid and e.msgctxt is None)
    text = path.read_text("utf-8") + f'\n#~ msgid "{live.msgid[:60]}"\n#~ msgstr "Une ancienne traduction"\n'
    if len(live.msgid) > 60:
        text = text.replace(f'#~ msgid "{live.msgid[:60]}"', "#~ msgid " + _quoted(live.msgid))
    path.write_text(text, "utf-8")
    line = text.count("\n") - 1
    gettext = subprocess.run([require_tool("msgfmt"), "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False)
    assert gettext.returncode != 0 and "duplicate message definition" in gettext.stderr
    before = tree_hashes(translated)
    failed = run_cli(*TRANSLATE, cwd=translated, check=1)
    assert "Traceback" not in failed.stderr
    assert re.fullmatch(rf"Error: locales/fr/{SLUG}.po:{line}: duplicate entry .*obsolete.* — .+\n", failed.stderr), failed.stderr
    assert tree_hashes(translated) == before


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_a_comment_between_msgid_and_msgstr_is_one_error_line(translated):
    path = _catalog(translated)
    text = path.read_text("utf-8")
    start, end = _entry_block(text, MSGID)
    block = text[start:end]
    cut = block.index("msgstr")
    text = text[: start + cut] + "# a note in the wrong place\n" + text[start + cut :]
    path.write_text(text, "utf-8")
    gettext = subprocess.run([require_tool("msgfmt"), "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False)
    assert gettext.returncode != 0  # gettext refuses it too
    before = tree_hashes(translated)
    for command in (TRANSLATE, ("publish", "-l", "fr"), ("status", "-l", "fr")):
        failed = run_cli(*command, cwd=translated, check=1)
        assert "Traceback" not in failed.stderr and failed.stderr.count("\n") == 1, failed.stderr
        assert re.fullmatch(rf"Error: locales/fr/{SLUG}.po:\d+: .+ — .+\n", failed.stderr), failed.stderr
    assert tree_hashes(translated) == before


def test_fuzzy_flag_without_a_space_is_read_as_gettext_reads_it(translated):
    path = _catalog(translated)
    text = path.read_text("utf-8").replace("#, fuzzy\n", "#,fuzzy\n")
    path.write_text(text, "utf-8")
    stats = subprocess.run([require_tool("msgfmt"), "-c", "--statistics", "-o", "/dev/null", str(path)],
                           capture_output=True, text=True, check=False)
    assert stats.returncode == 0
    fuzzy = int(re.search(r"(\d+) fuzzy translation", stats.stderr).group(1))
    assert fuzzy > 0
    done = run_cli("status", "-l", "fr", "--json", cwd=translated)
    assert "Traceback" not in done.stderr
    article = json.loads(done.stdout)["languages"]["fr"][SLUG]
    assert article["machine"] + article["changed"] == fuzzy
    run_cli(*TRANSLATE, cwd=translated)
    assert "Traceback" not in run_cli("check", "-l", "fr", cwd=translated, check=None).stderr
