"""Honorifics: the one list of the titles written before a person's name, and their forms per language.

Sentence splitting (no break after ``Dr.``), name protection (the words after
``Prof.`` are a name), headline casing (a name after ``Ms.`` keeps its capitals)
and the people rules (``la Sra. …``) all read this list; nothing else lists
honorifics.

Each honorific has the person's gender when the title says it (``Ms.`` is a
woman, ``Dr.`` either) and, per target language, its abbreviation for a man and
for a woman (Spanish ``Dr.``/``Dra.``; the RAE's list of abbreviations) and the
spelled-out words an engine writes instead (Apertium: ``Señora``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Honorific:
    word: str  # as English writes it, without a full stop: "Dr", "H.E"
    gender: str | None = None  # "m", "f"; None when the title does not say
    forms: tuple[tuple[str, str, str], ...] = ()  # (language, gender, abbreviation)
    spelled: tuple[tuple[str, str, str], ...] = ()  # (language, gender, a word an engine writes for it)

    def form(self, language: str, gender: str | None) -> str | None:
        """The abbreviation in ``language`` for a person of ``gender`` (the title's own gender first).

        >>> DR.form("es", "f"), DR.form("es", None), MS.form("es", None), DR.form("de", "f") is None
        ('Dra.', 'Dr.', 'Sra.', True)
        """
        wanted = self.gender or gender or "m"
        for lang, form_gender, form in self.forms:
            if lang == language and form_gender == wanted:
                return form
        return None


MR = Honorific("Mr", "m", (("es", "m", "Sr."), ("fr", "m", "M.")), (("es", "m", "Señor"),))
MRS = Honorific("Mrs", "f", (("es", "f", "Sra."), ("fr", "f", "Mme")), (("es", "f", "Señora"),))
MS = Honorific("Ms", "f", (("es", "f", "Sra."), ("fr", "f", "Mme")), (("es", "f", "Señora"),))
MME = Honorific("Mme", "f", (("es", "f", "Sra."), ("fr", "f", "Mme")))
DR = Honorific(
    "Dr", None, (("es", "m", "Dr."), ("es", "f", "Dra."), ("fr", "m", "Dr"), ("fr", "f", "Dre")),
    (("es", "m", "Doctor"), ("es", "f", "Doctora")),
)
PROF = Honorific(
    "Prof", None, (("es", "m", "Prof."), ("es", "f", "Prof.ª"), ("fr", "m", "Pr"), ("fr", "f", "Pr")),
    (("es", "m", "Profesor"), ("es", "f", "Profesora")),
)
HE = Honorific("H.E", None, (("es", "m", "S. E."), ("es", "f", "S. E."), ("fr", "m", "S. E."), ("fr", "f", "S. E.")))
HONORIFICS: tuple[Honorific, ...] = (
    HE, MR, MRS, MS, MME, DR, PROF,
    Honorific("H.R.H"), Honorific("Sir", "m"), Honorific("Dame", "f"), Honorific("Sheikh", "m"),
    Honorific("Gen"), Honorific("Col"), Honorific("Capt"), Honorific("Sen"), Honorific("Rep"),
    Honorific("Gov"), Honorific("Amb"), Honorific("Rev"), Honorific("Hon"),
)
# Titles that head a name and have a form to write in a target language: the ones masked and rewritten.
WITH_FORMS = tuple(h for h in HONORIFICS if h.forms)

# The honorific words as a regular expression alternation, longest first, full stops escaped, no final dot.
WORDS = "|".join(re.escape(h.word) for h in sorted(HONORIFICS, key=lambda h: -len(h.word)))
# An honorific as English writes it before a name: the full stop optional (British "Mr Smith").
PATTERN = rf"(?:{WORDS})\.?"


def by_word(written: str) -> Honorific | None:
    """The honorific written as ``written`` (with or without its full stop).

    >>> by_word("Ms.").gender, by_word("H.E.").word, by_word("Mister")
    ('f', 'H.E', None)
    """
    bare = written.rstrip(".")
    return next((h for h in HONORIFICS if h.word == bare), None)


def target_forms(language: str) -> dict[str, str | None]:
    """Every way ``language`` writes an honorific (abbreviations and spelled-out words) → its gender.

    >>> forms = target_forms("es")
    >>> forms["Sra."], forms["Señor"], forms["Dr."], forms["Dra."]
    ('f', 'm', 'm', 'f')
    """
    found: dict[str, str | None] = {}
    for honorific in WITH_FORMS:
        for lang, gender, form in (*honorific.forms, *honorific.spelled):
            if lang == language:
                found.setdefault(form, gender)
    return found


def abbreviation(written: str, language: str, gender: str | None) -> str | None:
    """The abbreviation of an honorific ``written`` in ``language`` (abbreviated or spelled out).

    >>> abbreviation("Señora", "es", None), abbreviation("Doctor", "es", "f"), abbreviation("Sr.", "es", None)
    ('Sra.', 'Dra.', 'Sr.')
    """
    for honorific in WITH_FORMS:
        for lang, form_gender, form in (*honorific.forms, *honorific.spelled):
            if lang == language and form == written:
                return honorific.form(language, gender or form_gender)
    return None
