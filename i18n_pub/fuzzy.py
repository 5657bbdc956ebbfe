"""Fuzzy matches from the site's reviewed translations, scored as CAT tools score them.

For a sentence with no exact reviewed match, the most similar reviewed English
sentences of the same language (every catalog and the site memory) are found
through an inverted index of their words (never a scan of every pair): the
candidates sharing the most words are scored by word-level edit distance,
normalised to 0–100 (``100 * (1 - distance / longer length)``, the measure
OmegaT and most CAT tools show). Above the site's threshold the entry is
pre-filled from the best match, still fuzzy, with ``# tm: 87% <slug>``; numbers
and names that differ between the two English sentences, and that the match's
translation holds exactly once, are replaced in it.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from i18n_pub.localize import find_numbers

THRESHOLD = 80  # the default pre-fill threshold, as in OmegaT, Trados and memoQ
MINIMUM = 50  # below this a match is not worth showing
CANDIDATES = 8  # candidates scored exactly per sentence, the ones sharing the most words

_TOKEN = re.compile(r"\w+(?:[.,'’-]\w+)*|[^\w\s]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"[A-Z][\w’'-]*")


@dataclass(frozen=True)
class Match:
    score: int  # 0–100
    source: str  # the reviewed English sentence
    translation: str  # its reviewed translation
    origin: str  # the slug of its catalog, or ``_memory``


def tokens(text: str) -> list[str]:
    """
    >>> tokens("Dr. Salim, 1,000 students.")
    ['Dr', '.', 'Salim', ',', '1,000', 'students', '.']
    """
    return _TOKEN.findall(text)


def edit_distance(a: list[str], b: list[str]) -> int:
    """Levenshtein distance between two token lists.

    >>> edit_distance("a b c".split(), "a x c d".split())
    2
    """
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, 1):
        current = [i]
        for j, right in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left != right)))
        previous = current
    return previous[-1]


def score(a: list[str], b: list[str]) -> int:
    """
    >>> score(tokens("The minister visited Rabat."), tokens("The minister visited Cairo."))
    80
    """
    longer = max(len(a), len(b))
    return 100 if longer == 0 else round(100 * (1 - edit_distance(a, b) / longer))


class FuzzyIndex:
    """The reviewed sentences of one language, found by the words they share with a new one."""

    def __init__(self, reviewed: Iterable[tuple[str, str, str]]) -> None:
        self._entries: list[tuple[str, str, str, list[str]]] = []
        self._postings: dict[str, list[int]] = {}
        for source, translation, origin in reviewed:
            words = tokens(source)
            index = len(self._entries)
            self._entries.append((source, translation, origin, words))
            for word in set(w.lower() for w in words if w[0].isalnum()):
                self._postings.setdefault(word, []).append(index)

    def __len__(self) -> int:
        return len(self._entries)

    def best(self, text: str, minimum: int = MINIMUM) -> Match | None:
        """The best-scoring reviewed sentence other than ``text`` itself, if it scores ``minimum`` or more."""
        words = tokens(text)
        shared: Counter[int] = Counter()
        for word in set(w.lower() for w in words if w[0].isalnum()):
            shared.update(self._postings.get(word, ()))
        best: Match | None = None
        for index, _ in shared.most_common(CANDIDATES):
            source, translation, origin, other = self._entries[index]
            if source == text:
                continue
            value = score(words, other)
            if value >= minimum and (best is None or value > best.score):
                best = Match(value, source, translation, origin)
        return best


def repaired(text: str, match: Match, language: str | None = None) -> str:
    """The match's translation with the numbers and names that differ between the two English sentences
    replaced, where that is safe: a one-for-one change whose old form occurs exactly once in the translation.
    With ``language``, a number may also be found and written in that language's form (``1 000`` in French).

    >>> repaired("Dr. Ali met Karim on 3 May.", Match(80, "Dr. Ali met Omar on 2 May.", "El Dr. Ali se reunió con Omar el 2 de mayo.", "x"))
    'El Dr. Ali se reunió con Karim el 3 de mayo.'
    """
    new, old = tokens(text), tokens(match.source)
    result = match.translation
    for kind, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if kind != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
            continue
        before, after = old[i1], new[j1]
        if not (_NUMBER.fullmatch(before) and _NUMBER.fullmatch(after)) and not (
            _NAME.fullmatch(before) and _NAME.fullmatch(after)
        ):
            continue
        forms = [(before, after)]
        if language and _NUMBER.fullmatch(before):
            forms.append((_localized(before, language), _localized(after, language)))
        for old_form, new_form in forms:
            pattern = re.compile(rf"(?<![\w]){re.escape(old_form)}(?![\w])")
            if len(pattern.findall(result)) == 1:
                result = pattern.sub(new_form.replace("\\", "\\\\"), result)  # a literal replacement
                break
    return result


def _localized(number: str, language: str) -> str:
    """
    >>> _localized("1,000", "es"), _localized("2,500", "en")
    ('1000', '2,500')
    """
    spans = find_numbers(number, language)
    return spans[0].target if len(spans) == 1 and spans[0].label == number else number
