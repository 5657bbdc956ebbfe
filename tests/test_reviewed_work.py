"""Reviewed work survives everything: a stateful property test.

Hypothesis drives random sequences of source edits (a word changed, a sentence
replaced, removed, added or put back), glossary edits (a term added, changed or
removed), translators' reviews, and runs of
``translate`` with the engine switched between pseudo, none and Apertium. After
every step: a reviewed translation whose English is unchanged is still exactly
what the translator wrote, and one whose English changed or went away is still
in its catalog (as the fuzzy entry's text beside ``#| msgid``, as ``# previous
translation:``, or in an obsolete ``#~`` entry). Every catalog passes
``msgfmt -c`` at the end of each sequence, and a rerun with nothing changed
changes no byte.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import polib
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from i18n_pub.catalog import FUZZY
from i18n_pub.config import load_config
from i18n_pub.po_comments import PREVIOUS_PREFIX, comment_lines
from i18n_pub.translate import translate
from tests.conftest import msgfmt_check, require_tool, tree_hashes

WORDS = ["council", "museum", "library", "student", "teacher", "river", "garden", "festival", "village", "scholar"]
SLUGS = ("alpha", "beta")
CONFIG = '[tool.i18n-pub]\nlanguages = ["es"]\n\n[tool.i18n-pub.engines]\ndefault = "apertium"\n'


def _sentence(words: list[str]) -> str:
    return " ".join(words).capitalize() + "."


class ReviewedWork(RuleBasedStateMachine):
    @initialize()
    def make_site(self) -> None:
        require_tool("apertium")
        self.root = Path(tempfile.mkdtemp(prefix="reviewed-work-"))
        (self.root / "pyproject.toml").write_text(CONFIG, "utf-8")
        (self.root / "sources").mkdir()
        self.sentences = {
            slug: [_sentence(["the", WORDS[(i + n) % len(WORDS)], "opens", "in", "the", WORDS[(i * 3 + n) % len(WORDS)]]) for n in range(4)]
            for i, slug in enumerate(SLUGS)
        }
        self.removed: list[str] = []
        self.glossary: dict[str, str] = {}
        self.reviews = 0
        # (slug, msgctxt, msgid) → what a translator wrote, for every review still standing
        self.reviewed: dict[tuple[str, str | None, str], str] = {}
        self.dirty = True  # something changed since the last run
        for slug in SLUGS:
            self._write_source(slug)
        self.run_translate("pseudo")

    def teardown(self) -> None:
        root = getattr(self, "root", None)
        if root is None:
            return
        try:
            for po in (root / "locales/es").glob("*.po"):
                msgfmt_check(po)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    # --- the world changes ---------------------------------------------------

    def _write_source(self, slug: str) -> None:
        body = "\n\n".join(self.sentences[slug])
        text = f"---\ntitle: News about the {slug} project\ndate: 2021-03-29\n---\n{body}\n"
        (self.root / "sources" / f"{slug}.md").write_text(text, "utf-8")
        self.dirty = True

    @rule(slug=st.sampled_from(SLUGS), where=st.integers(0, 20), word=st.sampled_from(WORDS))
    def change_a_word(self, slug, where, word):
        sentences = self.sentences[slug]
        if not sentences:
            return
        i = where % len(sentences)
        words = sentences[i].rstrip(".").lower().split()
        words[(where // 3) % len(words)] = word
        sentences[i] = _sentence(words)
        self._write_source(slug)

    @precondition(lambda self: self.reviewed)
    @rule(which=st.integers(0, 30), word=st.sampled_from(WORDS), where=st.integers(0, 5))
    def change_a_reviewed_sentence(self, which, word, where):
        """The English of a reviewed translation changes (the case the promise is about)."""
        slug, _, msgid = sorted(self.reviewed, key=str)[which % len(self.reviewed)]
        sentences = self.sentences[slug]
        if msgid in sentences:
            words = msgid.rstrip(".").lower().split()
            words[where % len(words)] = word if words[where % len(words)] != word else "museum"
            sentences[sentences.index(msgid)] = _sentence(words)
            self._write_source(slug)

    @rule(slug=st.sampled_from(SLUGS), where=st.integers(0, 20), words=st.lists(st.sampled_from(WORDS), min_size=3, max_size=6))
    def replace_a_sentence(self, slug, where, words):
        sentences = self.sentences[slug]
        if sentences:
            self.removed.append(sentences[where % len(sentences)])
            sentences[where % len(sentences)] = _sentence(["a", *words, "spoke", "today"])
            self._write_source(slug)

    @rule(slug=st.sampled_from(SLUGS), where=st.integers(0, 20))
    def remove_a_sentence(self, slug, where):
        sentences = self.sentences[slug]
        if len(sentences) > 1:
            self.removed.append(sentences.pop(where % len(sentences)))
            self._write_source(slug)

    @precondition(lambda self: self.removed)
    @rule(slug=st.sampled_from(SLUGS), which=st.integers(0, 20))
    def put_a_sentence_back(self, slug, which):
        sentence = self.removed[which % len(self.removed)]
        if sentence not in self.sentences[slug]:
            self.sentences[slug].append(sentence)
            self._write_source(slug)

    @rule(word=st.sampled_from(WORDS), form=st.sampled_from(["", "Consejo", "museo", "Gran Biblioteca", "Festival"]), drop=st.booleans())
    def edit_the_glossary(self, word, form, drop):
        """A terminologist adds, changes or removes a term: machine output is redone, reviewed work is not."""
        if drop:
            self.glossary.pop(word, None)
        else:
            self.glossary[word] = form
        path = self.root / "glossary" / "terms.csv"
        if not self.glossary:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(exist_ok=True)
            rows = "".join(f"{term},{target},term\n" for term, target in sorted(self.glossary.items()))
            path.write_text("en,es,type\n" + rows, "utf-8")
        self.dirty = True

    @rule(engine=st.sampled_from(["pseudo", "none", "pseudo", "none", "apertium"]))
    def run_translate(self, engine):
        config = load_config(self.root)
        _, results = translate(config, ["es"], engine)
        assert results[0].error is None
        self.dirty = False

    @precondition(lambda self: not self.dirty)
    @rule()
    def rerun_changes_nothing(self):
        before = tree_hashes(self.root)
        translate(load_config(self.root), ["es"], "none")
        assert tree_hashes(self.root) == before

    @rule(slug=st.sampled_from(SLUGS), which=st.integers(0, 30), keep_machine_text=st.booleans())
    def translator_reviews(self, slug, which, keep_machine_text):
        """A translator edits one entry and removes its fuzzy flag (as Poedit does, keeping comments)."""
        path = self.root / "locales/es" / f"{slug}.po"
        if not path.exists():
            return
        catalog = polib.pofile(str(path))
        live = [e for e in catalog if not e.obsolete]
        if not live:
            return
        entry = live[which % len(live)]
        if not (keep_machine_text and entry.msgstr):
            self.reviews += 1
            entry.msgstr = f"Revisado {self.reviews}: {entry.msgid.lower()}"
        entry.flags = [f for f in entry.flags if f != FUZZY]
        entry.previous_msgid = entry.previous_msgctxt = None
        self.reviewed[(slug, entry.msgctxt, entry.msgid)] = entry.msgstr
        catalog.save()
        self.dirty = True

    # --- the promise ------------------------------------------------------------

    @invariant()
    def no_reviewed_translation_is_lost(self):
        for (slug, msgctxt, msgid), text in self.reviewed.items():
            path = self.root / "locales/es" / f"{slug}.po"
            catalog = polib.pofile(str(path))
            live = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}
            entry = live.get((msgctxt, msgid))
            if entry is not None and FUZZY not in entry.flags:
                assert entry.msgstr == text, f"reviewed {msgid!r} became {entry.msgstr!r}, was {text!r}"
                continue
            kept = [
                e
                for e in catalog
                if e.msgstr == text or PREVIOUS_PREFIX + text.replace("\n", " ") in comment_lines(e)
            ]
            assert kept, f"the reviewed translation of {msgid!r} ({text!r}) is gone from {slug}.po"
            for e in kept:
                if e.msgstr == text and not e.obsolete and (e.msgctxt, e.msgid) != (msgctxt, msgid):
                    # Now the text of another sentence: only as fuzzy with the old English kept beside it,
                    # or reviewed there too (translation memory).
                    assert FUZZY not in e.flags or e.previous_msgid is not None, e


ReviewedWork.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_reviewed_work_survives_any_sequence = ReviewedWork.TestCase
