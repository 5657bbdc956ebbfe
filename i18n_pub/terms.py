"""A glossary's terms: one row each, the English text, its type, and per target language the form it must take."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache


class TermType(enum.Enum):
    NAME = "name"
    ORGANIZATION = "organization"
    TITLE = "title"
    TERM = "term"

    @property
    def keeps_source(self) -> bool:
        """An empty cell means "keep it as written" for names and organizations."""
        return self in (TermType.NAME, TermType.ORGANIZATION)


GENDERS = ("m", "f", "n")
NUMBERS = ("sg", "pl")


@dataclass(frozen=True)
class Term:
    source: str
    type: TermType = TermType.TERM
    targets: tuple[tuple[str, str], ...] = ()  # (language, form), filled cells only
    genders: tuple[tuple[str, str], ...] = ()
    numbers: tuple[tuple[str, str], ...] = ()
    note: str = ""
    path: str = ""
    line: int = 0

    def target(self, language: str) -> str | None:
        """The filled cell for ``language``, if any."""
        return dict(self.targets).get(language)

    def required(self, language: str, written: str | None = None) -> str | None:
        """The form the term must take in ``language``; ``None`` when the glossary sets no rule.

        >>> Term("ICESCO", TermType.ORGANIZATION).required("es")
        'ICESCO'
        >>> Term("Director-General", TermType.TITLE, (("es", "Director General"),)).required("es")
        'Director General'
        >>> Term("Director-General", TermType.TITLE).required("fr") is None
        True
        """
        filled = self.target(language)
        if filled:
            return filled
        if self.type.keeps_source:
            return written if written is not None else self.source
        return None

    def gender(self, language: str) -> str | None:
        return dict(self.genders).get(language)

    def number(self, language: str) -> str | None:
        return dict(self.numbers).get(language)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.path else "?"

    @property
    def case_sensitive(self) -> bool:
        return self.type.keeps_source or has_acronym(self.source)


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int  # includes a possessive 's
    term: Term
    text: str  # the occurrence as written, possessive excluded


@lru_cache(maxsize=1 << 16)  # asked of every word of every headline candidate: words repeat
def is_acronym(word: str) -> bool:
    """A word whose capitals are its own, not the sentence's: two capitals in one hyphen-free part
    (``ICESCO``, ``IsDB``, ``McKinsey``, ``COVID-19``), or letters with digits (``G20``, ``Covid-19``,
    ``mp3``); a possessive or other apostrophe ending does not count (``ICESCO's``, ``O'Neil``).
    The glossary matches such terms case-sensitively; a headline keeps their case.

    >>> [is_acronym(w) for w in ("ICESCO", "IsDB", "McKinsey", "COVID-19", "G20", "Covid-19", "mp3")]
    [True, True, True, True, True, True, True]
    >>> [is_acronym(w) for w in ("Director-General", "e-mail", "Agreement", "A", "2030", "O'Neil", "UN’s")]
    [False, False, False, False, False, False, True]
    """
    letters = word.replace("’", "'").split("'")[0]
    if any(sum(c.isupper() for c in part) >= 2 for part in letters.split("-")):
        return True
    return any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


def has_acronym(text: str) -> bool:
    """Whether any word of ``text`` is an acronym (:func:`is_acronym`).

    >>> has_acronym("World Heritage Week"), has_acronym("Agenda 2030"), has_acronym("the IsDB Group")
    (False, False, True)
    """
    return any(is_acronym(word) for word in text.split())


def normalize_spaces(text: str) -> str:
    """Runs of white space (no-break spaces too) as one space, none at the ends."""
    return " ".join(text.replace("\u00a0", " ").split())
