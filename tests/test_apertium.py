"""The Apertium engine with real Apertium: batches, a process started ahead of its batch, unknown words."""

from __future__ import annotations

import json

import polib
import pytest

from i18n_pub.engines import Answer
from i18n_pub.engines.apertium import ApertiumEngine
from i18n_pub.po_comments import machine_engine, machine_unknown
from tests.conftest import require_tool, run_cli

TEXTS = ["Hello world.", "The cat sat on the mat.", "Good morning."]


@pytest.fixture(autouse=True)
def _apertium():
    require_tool("apertium")


def test_a_warmed_up_process_gives_the_same_answers_and_is_used_once():
    expected = ApertiumEngine().translate(TEXTS, "en", "es").texts
    engine = ApertiumEngine()
    engine.warm_up("en", "es")
    ready = engine._ready[1]
    assert engine.translate(TEXTS, "en", "es").texts == expected == ("Hola Mundo.", "El gato sentado en la estera.", "Buenos días.")
    assert ready.returncode == 0 and engine._ready is None  # the batch ran in the warmed-up process
    assert engine.translate(TEXTS[:1], "en", "es").texts == expected[:1]  # the next batch starts its own


def test_an_unused_warm_process_is_ended_by_close_and_a_wrong_pair_is_not_used():
    engine = ApertiumEngine()
    engine.warm_up("en", "es")
    process = engine._ready[1]
    engine.close()
    assert process.returncode == 0 and engine._ready is None
    engine.warm_up("en", "ca")  # another pair: ended, not used for en→es
    other = engine._ready[1]
    assert engine.translate(TEXTS[:1], "en", "es").texts == ("Hola Mundo.",)
    assert other.returncode is not None and engine._ready is None


def test_a_missing_pair_fails_the_same_with_or_without_warm_up():
    messages = []
    for warm in (False, True):
        engine = ApertiumEngine()
        if warm:
            engine.warm_up("en", "xx")
        result = engine.translate(TEXTS[:1], "en", "xx")
        assert result.answers == (None,) and result.error is not None
        messages.append(str(result.error))
    assert messages[0] == messages[1] and "apertium (en→xx)" in messages[0]


# --- words Apertium did not know (issue 18, item 6) ---------------------------------------------


def test_unknown_words_are_named_and_their_marks_never_reach_the_text():
    # Expected values written by hand from what a reader of each sentence sees: which English words
    # stay English; and the literal *, # and @ of the source stay, where Apertium's marks do not.
    texts = [
        "The governance of upcoming advisors improved.",
        "Follow #education and @ICESCO_News, *now*.",
        "Hello world.",
    ]
    result = ApertiumEngine().translate(texts, "en", "es")
    assert result.error is None
    first, second, third = result.answers
    assert first.unknown == ("governance", "upcoming", "advisors")
    assert "governance" in first.text and "*" not in first.text
    assert "#educación" in second.text and "@ICESCO_" in second.text and "*ahora*" in second.text
    assert second.text.count("*") == 2 and second.unknown == ("ICESCO",)
    assert third == Answer("Hola Mundo.")


def test_a_batch_holding_a_stand_in_runs_unmarked_and_keeps_its_characters():
    [answer] = ApertiumEngine().translate(["The ∗ of governance."], "en", "es").answers
    assert "∗" in answer.text and "*" not in answer.text and answer.unknown == ()


def test_translate_records_unknown_words_on_the_entry_and_check_and_status_list_them(site):
    (site / "sources/governance.md").write_text(
        "---\ntitle: Governance news\ndate: 2021-05-01\n---\n\nThe governance of upcoming advisors improved.\n",
        encoding="utf-8",
    )
    run_cli("translate", "-l", "es", "--engine", "apertium", cwd=site)
    po = polib.pofile(str(site / "locales/es/governance.po"))
    entry = po.find("The governance of upcoming advisors improved.")
    assert machine_engine(entry) == "apertium"
    assert machine_unknown(entry) == ("governance", "upcoming", "advisors")
    assert "mt: apertium; unknown: governance, upcoming, advisors" in entry.tcomment
    assert "*" not in entry.msgstr and "governance" in entry.msgstr
    check = run_cli("check", "-l", "es", cwd=site, check=None)
    text = (site / "locales/es/governance.po").read_text(encoding="utf-8").splitlines()
    msgstr_line = next(n for n in range(entry.linenum, len(text) + 1) if text[n - 1].startswith("msgstr"))
    line = f"locales/es/governance.po:{msgstr_line}: unknown-words: warning: apertium did not know: governance, upcoming, advisors"
    assert line in check.stdout.splitlines(), check.stdout
    status = run_cli("status", "-l", "es", "--json", cwd=site)
    totals = json.loads(status.stdout)["totals"]["es"]
    article = json.loads(status.stdout)["languages"]["es"]["governance"]
    assert machine_unknown(po.find("Governance news")) == ("Governance",)
    assert article["unknown_words"] == 4 and totals["unknown_words"] >= 4  # the three above and the title's
