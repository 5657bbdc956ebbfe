"""Learned post-edits (issue 19): a correction reviewers keep making is applied to the next pre-fills.

Apertium renders English `research` as `búsqueda` (checked in the first test). The translator
of two articles corrects it to `investigación` in the three sentences that have it and removes
`fuzzy`; a third article is then added. The expected texts and comments are written by hand.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from i18n_pub.postedit import learn_corrections, post_edit
from i18n_pub.reviews import Reviewed
from tests.conftest import msgfmt_check, require_tool, run_cli

CONFIG = '[tool.i18n-pub]\nlanguages = ["es"]\n{extra}\n[tool.i18n-pub.engines]\ndefault = "apertium"\n'
REVIEWED = {
    "a1": ("Report one", "2021-01-01", ["The research team met in the city.", "Our research was funded by the university."]),
    "a2": ("Report two", "2021-02-01", ["The university supports new research on water.", "The students read books."]),
}
THIRD = ("Report three", "2021-03-01", [
    "Dr. Ana Búsqueda praised the research of the students.",  # a name the correction must not touch
    "The research ship left the port.",  # a glossary term whose Spanish has the engine's word
    "The students read books.",  # reviewed in a2: the exact match, untouched
])
GLOSSARY = "en,es,type,note\nresearch ship,barco de búsqueda,term,\n"


def _article(site: Path, slug: str, title: str, date: str, paragraphs: list[str]) -> None:
    text = f"---\ntitle: {title}\ndate: {date}\n---\n" + "\n\n".join(paragraphs) + "\n"
    (site / "sources" / f"{slug}.md").write_text(text, "utf-8")


def _site(tmp_path: Path, extra: str = "") -> Path:
    """Two articles translated, then reviewed with every `búsqueda` made `investigación`; then a third one translated."""
    require_tool("apertium")
    site = tmp_path / "site"
    (site / "sources").mkdir(parents=True)
    (site / "glossary").mkdir()
    (site / "glossary" / "terms.csv").write_text(GLOSSARY, "utf-8")
    (site / "pyproject.toml").write_text(CONFIG.format(extra=extra), "utf-8")
    for slug, article in REVIEWED.items():
        _article(site, slug, *article)
    run_cli("translate", "-l", "es", "--quiet", cwd=site)
    corrected = 0
    for slug in REVIEWED:
        path = site / "locales" / "es" / f"{slug}.po"
        po = polib.pofile(str(path))
        for entry in po:
            corrected += "búsqueda" in entry.msgstr
            entry.msgstr = entry.msgstr.replace("búsqueda", "investigación")
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        po.save(str(path))
    assert corrected == 3  # the three sentences with "research", as the engine wrote them
    _article(site, "a3", *THIRD)
    run_cli("translate", "-l", "es", "--quiet", cwd=site)
    return site


def _entries(site: Path, slug: str) -> dict[str, polib.POEntry]:
    path = site / "locales" / "es" / f"{slug}.po"
    msgfmt_check(path)
    return {entry.msgid: entry for entry in polib.pofile(str(path))}


def test_the_third_articles_prefill_gets_the_correction_still_fuzzy_and_says_so(tmp_path):
    site = _site(tmp_path)
    reviewed_before = {slug: (site / "locales" / "es" / f"{slug}.po").read_bytes() for slug in REVIEWED}
    entries = _entries(site, "a3")
    praised = entries[THIRD[2][0]]
    assert "la investigación" in praised.msgstr and "búsqueda" not in praised.msgstr
    assert "Ana Búsqueda" in praised.msgstr  # the name, protected: not "Ana Investigación"
    assert "fuzzy" in praised.flags
    assert "learned: búsqueda → investigación (3 reviews)" in praised.tcomment.split("\n")
    assert "mt: apertium" in praised.tcomment.split("\n")
    # The glossary's Spanish is left as the glossary has it, and says nothing learned.
    ship = entries[THIRD[2][1]]
    assert "barco de búsqueda" in ship.msgstr and "fuzzy" in ship.flags and "learned:" not in ship.tcomment
    # The reviewed translation reused as it is; the reviewed catalogs are not rewritten.
    books = entries["The students read books."]
    assert "fuzzy" not in books.flags and "learned:" not in books.tcomment
    assert {slug: (site / "locales" / "es" / f"{slug}.po").read_bytes() for slug in REVIEWED} == reviewed_before


@pytest.mark.slow  # the site test again, with another key (make check has the first)
def test_off_when_the_key_is_0(tmp_path):
    site = _site(tmp_path, "learn-corrections = 0\n")
    praised = _entries(site, "a3")[THIRD[2][0]]
    assert "la búsqueda" in praised.msgstr and "learned:" not in praised.tcomment


@pytest.mark.slow  # the site test again, with another key (make check has the first)
def test_a_threshold_above_the_corrections_made_learns_nothing(tmp_path):
    site = _site(tmp_path, "learn-corrections = 4\n")  # made 3 times
    praised = _entries(site, "a3")[THIRD[2][0]]
    assert "la búsqueda" in praised.msgstr and "learned:" not in praised.tcomment


def test_a_bad_key_is_one_error_line(tmp_path):
    site = tmp_path / "site"
    (site / "sources").mkdir(parents=True)
    (site / "pyproject.toml").write_text(CONFIG.format(extra="learn-corrections = -1\n"), "utf-8")
    done = run_cli("translate", "-l", "es", cwd=site, check=None)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: pyproject.toml:") and "learn-corrections" in lines[0]


def _pair(machine: str, reviewed: str) -> Reviewed:
    return Reviewed("a", "", machine, reviewed, "apertium")


def test_a_fragment_kept_as_often_as_changed_is_not_learned():
    changed = [_pair("La búsqueda nueva.", "La investigación nueva."), _pair("Una búsqueda larga.", "Una investigación larga.")]
    kept = [_pair("La búsqueda de Ana.", "La búsqueda de Ana."), _pair("Su búsqueda.", "Su búsqueda.")]
    assert [c.comment for c in learn_corrections(changed + kept[:1], 2)] == ["learned: búsqueda → investigación (2 reviews)"]
    assert learn_corrections(changed + kept, 2) == ()


def test_a_common_word_is_learned_only_with_its_context():
    # "de" is kept in many sentences; "datos de" → "datos sobre" was made twice, never undone.
    pairs = [
        _pair("Los datos de agua.", "Los datos sobre agua."),
        _pair("Vimos datos de salud.", "Vimos datos sobre salud."),
        _pair("La casa de Ana.", "La casa de Ana."),
        _pair("El libro de Juan.", "El libro de Juan."),
    ]
    learned = learn_corrections(pairs, 2)
    assert [(c.wrong, c.fixed) for c in learned] == [(("datos", "de"), ("datos", "sobre"))]
    assert post_edit("El hijo de los datos de agua.", learned)[0] == "El hijo de los datos sobre agua."


def test_only_whole_words_outside_protected_spans_are_corrected():
    learned = learn_corrections([_pair("Una búsqueda.", "Una investigación."), _pair("La búsqueda.", "La investigación.")], 2)
    text, applied = post_edit("Búsqueda, búsquedas y rebúsqueda en Búsqueda Global; la búsqueda.", learned, ["Búsqueda Global"])
    assert text == "Investigación, búsquedas y rebúsqueda en Búsqueda Global; la investigación."
    assert [c.comment for c in applied] == ["learned: búsqueda → investigación (2 reviews)"]


def test_a_capital_the_sentence_gave_is_not_learned_with_the_word():
    pairs = [_pair("Vuestro proyecto crece.", "Tu proyecto crece."), _pair("Mira vuestro proyecto.", "Mira tu proyecto.")]
    learned = learn_corrections(pairs, 2)
    assert [c.comment for c in learned if len(c.wrong) == 1] == ["learned: vuestro → tu (2 reviews)"]
    assert post_edit("Vuestro equipo y vuestro código.", learned)[0] == "Tu equipo y tu código."
