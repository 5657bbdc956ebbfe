"""What the reviews teach (issue 19): `glossary suggest --from-reviews` and the effort in `status`.

A small site of three articles is translated by Apertium, which renders English
`research` as `búsqueda` (checked first); the translator corrects that one word to
`investigación` in every sentence and removes `fuzzy`, as a reviewer does in Poedit.
The expected CSV rows, counts and edit distances are written by hand from those
sentences.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import polib
import pytest

from i18n_pub.glossary import Glossary, Term, TermType
from i18n_pub.reviews import Reviewed, learn
from tests.conftest import msgfmt_check, require_tool, run_cli
from tests.test_status import shipped_schema

CONFIG = '[tool.i18n-pub]\nlanguages = ["es"]\n\n[tool.i18n-pub.engines]\ndefault = "apertium"\n'
ARTICLES = {
    "a1": ("Report one", "2021-01-01", ["The research team met in the city.", "Our research was funded by the university."]),
    "a2": ("Report two", "2021-02-01", ["The university supports new research on water.", "The students read books."]),
    "a3": ("Report three", "2021-03-01", ["The minister praised the research of the students.", "The students read books."]),
}


def _site(tmp_path: Path) -> Path:
    require_tool("apertium")
    site = tmp_path / "site"
    (site / "sources").mkdir(parents=True)
    (site / "pyproject.toml").write_text(CONFIG, "utf-8")
    for slug, (title, date, paragraphs) in ARTICLES.items():
        text = f"---\ntitle: {title}\ndate: {date}\n---\n" + "\n\n".join(paragraphs) + "\n"
        (site / "sources" / f"{slug}.md").write_text(text, "utf-8")
    run_cli("translate", "-l", "es", "--quiet", cwd=site)
    return site


def _review(site: Path, edit, slugs=tuple(ARTICLES)) -> dict[str, str]:
    """Every entry of ``slugs`` reviewed: ``edit(machine text)`` kept, fuzzy removed. Returns msgid → machine text."""
    machine = {}
    for path in [site / "locales" / "es" / f"{slug}.po" for slug in slugs]:
        po = polib.pofile(str(path))
        for entry in po:
            machine[entry.msgid] = entry.msgstr
            entry.msgstr = edit(entry.msgstr)
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        po.save(str(path))
        msgfmt_check(path)
    return machine


def _research(text: str) -> str:
    return text.replace("búsqueda", "investigación")


def test_a_correction_made_in_several_articles_is_suggested_as_a_glossary_row(tmp_path):
    site = _site(tmp_path)
    machine = _review(site, _research)
    # The engine's word, in the four sentences with "research" and in no other.
    assert [m for m, t in machine.items() if "búsqueda" in t] == [m for m in machine if "research" in m]
    assert len([m for m in machine if "research" in m]) == 4
    done = run_cli("glossary", "suggest", "--from-reviews", cwd=site)
    assert done.stdout == (
        "en,es,type,note,es:gender,es:number\n"
        "research,investigación,term,\"es: reviewers changed 'búsqueda' to 'investigación' 4×,"
        " e.g. a1: The research team met in the city.\",f,sg\n"
    )
    # Seen 4 times: a threshold of 5 lists nothing (the header alone, as plain suggest with nothing to say).
    assert run_cli("glossary", "suggest", "--from-reviews", "--min-count", "5", cwd=site).stdout == "en,es,type,note\n"


def test_entries_left_as_the_machine_wrote_them_teach_nothing(tmp_path):
    site = _site(tmp_path)
    _review(site, lambda text: text)
    assert run_cli("glossary", "suggest", "--from-reviews", cwd=site).stdout == "en,es,type,note\n"


def test_an_accepted_suggestion_is_an_ordinary_term_for_the_next_translation_and_is_not_suggested_again(tmp_path):
    site = _site(tmp_path)
    _review(site, _research)
    suggested = run_cli("glossary", "suggest", "--from-reviews", cwd=site).stdout
    (site / "glossary").mkdir()
    (site / "glossary" / "learned.csv").write_text(suggested, "utf-8")  # the editor saves it as it is
    (site / "sources" / "a4.md").write_text("---\ntitle: Report four\ndate: 2021-04-01\n---\nThe research continues.\n", "utf-8")
    run_cli("translate", "-l", "es", "--quiet", cwd=site)
    path = site / "locales" / "es" / "a4.po"
    entry = next(e for e in polib.pofile(str(path)) if e.msgid == "The research continues.")
    # The glossary's form, with the article agreeing with the gender the row gives (feminine: la).
    assert entry.msgstr.startswith("La investigación ") and "búsqueda" not in entry.msgstr
    assert "glossary: research → investigación" in entry.comment
    msgfmt_check(path)
    # The term is in the glossary now: never suggested again.
    assert run_cli("glossary", "suggest", "--from-reviews", cwd=site).stdout == "en,es,type,note\n"


def test_status_shows_how_much_reviewers_changed_the_engines_output(tmp_path):
    site = _site(tmp_path)
    # a1 and a2 reviewed; each sentence with "research" gets its final full stop made "!" (one character
    # changed), the others are accepted as they are; a3 stays machine output and does not count.
    machine = _review(site, lambda text: text[:-1] + "!" if "búsqueda" in text else text, slugs=("a1", "a2"))
    assert len(machine) == 6 and sum("búsqueda" in text for text in machine.values()) == 3
    characters = sum(len(text) for text in machine.values())  # the same length before and after
    document = json.loads(run_cli("status", "--json", cwd=site).stdout)
    jsonschema.validate(document, shipped_schema("status.schema.json"), cls=jsonschema.Draft202012Validator)
    assert document["effort"] == {
        "es": {"apertium": {"reviewed": 6, "changed_characters": 3, "characters": characters, "share": round(3 / characters, 4)}}
    }
    text = run_cli("status", cwd=site).stdout
    assert f"3 of {characters}" in text and f"{100 * 3 / characters:.1f}%" in text


def test_no_reviews_no_effort(tmp_path):
    site = _site(tmp_path)
    assert json.loads(run_cli("status", "--json", cwd=site).stdout)["effort"] == {"es": {}}
    assert "Review effort" not in run_cli("status", cwd=site).stdout


def _pair(slug: str, source: str, machine: str, reviewed: str) -> Reviewed:
    return Reviewed(slug, source, machine, reviewed, "apertium")


def test_what_is_learned_from_hand_written_reviews():
    require_tool("lt-proc")  # Apertium's English dictionary tells "your" (a determiner) from a term
    pairs = [
        # research: búsqueda → investigación, twice.
        _pair("a", "The research team met.", "El equipo de búsqueda cumplido.", "El equipo de investigación cumplido."),
        _pair("b", "Our research is new.", "Nuestra búsqueda es nueva.", "Nuestra investigación es nueva."),
        # your: vuestro → tu, twice; grammar, not a term.
        _pair("a", "Your plan works.", "Vuestro plan trabaja.", "Tu plan trabaja."),
        _pair("b", "Check your code.", "Control vuestro código.", "Control tu código."),
        # parties: fiestas → partes twice, but kept twice as well.
        _pair("a", "The parties agreed.", "Las fiestas acordaron.", "Las partes acordaron."),
        _pair("b", "Both parties signed.", "Ambas fiestas firmaron.", "Ambas partes firmaron."),
        _pair("c", "The parties danced.", "Las fiestas bailaron.", "Las fiestas bailaron."),
        _pair("c", "The parties ended.", "Las fiestas acabaron.", "Las fiestas acabaron."),
    ]
    learned = learn(pairs, Glossary(), "es")
    assert [(t.source, t.target, t.machine, t.count, t.kept, t.example) for t in learned] == [
        ("research", "investigación", "búsqueda", 2, 0, "a: The research team met.")
    ]
    assert learn(pairs, Glossary(), "es", min_count=3) == []
    # A term the glossary has is never suggested.
    assert learn(pairs, Glossary((Term("research", TermType.TERM, (("es", "estudio"),)),)), "es") == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("cache.sqlite3", "cache.sqlite3: the cache cannot be read"),
        ("mt-cache.sqlite3", "mt-cache.sqlite3: the translation cache cannot be read"),
    ],
)
def test_a_damaged_cache_is_one_error_line_for_status_and_suggest(tmp_path, name, message):
    """The store, or an earlier version's MT cache not copied into it yet: machine answers are never dropped unsaid."""
    site = tmp_path / "site"
    (site / ".i18n-pub").mkdir(parents=True)
    (site / "pyproject.toml").write_text(CONFIG, "utf-8")
    garbage = b"not a database, garbage" * 10
    (site / ".i18n-pub" / name).write_bytes(garbage)
    for command in (["status"], ["glossary", "suggest", "--from-reviews"]):
        done = run_cli(*command, cwd=site, check=1)
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith("Error: ") and message in line
        assert "delete" in line and done.stdout == ""
    assert (site / ".i18n-pub" / name).read_bytes() == garbage
