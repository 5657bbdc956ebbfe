"""A glossary's terms: one row each, the English text, its type, and per target language the form it must take."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


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
        return self.type.keeps_source or is_acronym(self.source)


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int  # includes a possessive 's
    term: Term
    text: str  # the occurrence as written, possessive excluded


def is_acronym(text: str) -> bool:
    """Two capitals in one word make an acronym (matched case-sensitively).

    >>> [is_acronym(w) for w in ("ICESCO", "IsDB", "COVID-19", "Director-General", "e-mail")]
    [True, True, True, False, False]
    """
    return any(sum(c.isupper() for c in word) >= 2 for word in re.split(r"[\s-]+", text))


def normalize_spaces(text: str) -> str:
    """Runs of white space (no-break spaces too) as one space, none at the ends."""
    return " ".join(text.replace("\u00a0", " ").split())
