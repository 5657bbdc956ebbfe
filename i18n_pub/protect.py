"""Spans of a source segment that must not be left to the machine translation engine.

Finders (glossary terms, names after honorifics, acronyms, dates, numbers, link
targets, inline code) each return :class:`Span` objects over the segment text;
the translation step masks them with tokens the engine keeps, and after
translation puts ``target`` in place of each token. ``gender`` and ``number``
let the words around a restored term agree with it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int  # offsets in the source segment
    end: int
    target: str  # the exact text the translation must contain in its place
    kind: str  # "term", "name", "organization", "title", "acronym", "date", "number", "link", "code"
    label: str  # the source text, to name it when a token is lost
    gender: str | None = None  # "m", "f", "n" in the target language, when known
    number: str | None = None  # "sg", "pl" in the target language, when known

    @property
    def source(self) -> str:
        return self.label
