"""Learned post-edits: the engine's systematic word errors, corrected in new pre-fills.

The same alignment as ``glossary suggest --from-reviews`` (:func:`i18n_pub.reviews.replacements`)
compares every reviewed entry with the machine text it replaced. Each replaced run of one to four
words (``búsqueda`` → ``investigación``) is a candidate, bare and with its neighbouring word on
the left or on the right (``de búsqueda`` → ``de investigación``) when that word is the same in both texts. A
candidate is learned when reviewers made it in at least ``learn-corrections`` sentences of the
same engine and in more sentences than they kept the machine's words as they were (a fragment
kept as often as changed is taste, not an error); a bare fragment that fails this may still be
learned with its context. When two corrections of one fragment tie, neither is learned.

``translate`` applies them to what the engine just wrote (never to a reviewed entry): whole
words only, the longest fragment first, never over a protected span (names, glossary terms,
code, URLs: the spans restored into the engine's output). The entry stays fuzzy and says what
changed: ``# learned: búsqueda → investigación (4 reviews)``. The MT cache keeps the engine's
own text, so later reviews keep teaching (and a correction reviewers undo stops being learned).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import polib

from i18n_pub.catalog import FUZZY
from i18n_pub.config import Config
from i18n_pub.fuzzy import tokens
from i18n_pub.po_comments import comment_lines, machine_engine, set_comment_lines
from i18n_pub.reviewed_store import cached_site_pairs
from i18n_pub.reviews import Replacement, Reviewed, replacements

LEARNED_PREFIX = "learned: "
LONGEST = 4  # words of a corrected fragment, each side (without its context)

Words = tuple[str, ...]


@dataclass(frozen=True)
class Correction:
    """A machine fragment reviewers replaced again and again, with the words around it when needed."""

    wrong: Words  # the machine's tokens, case folded (context included)
    fixed: Words  # what replaces them, as reviewers wrote it (context included)
    shown: str  # "búsqueda → investigación": the fragment without its context
    count: int  # sentences where reviewers made it
    kept: int  # sentences where they kept the machine's words

    @property
    def comment(self) -> str:
        return f"{LEARNED_PREFIX}{self.shown} ({self.count} review{'s' if self.count != 1 else ''})"


def _is_word(token: str) -> bool:
    return any(c.isalnum() for c in token)


def _fold(words: Iterable[str]) -> Words:
    return tuple(w.casefold() for w in words)


def _candidates(r: Replacement) -> list[tuple[Words, Words, str]]:
    """The replacement bare, with the word on its left and with the word on its right (the same in both texts)."""
    if not all(_is_word(t) for t in r.wrong + r.fixed):
        return []
    shown = f"{' '.join(r.wrong)} → {' '.join(r.fixed)}"
    found = [(r.wrong, r.fixed, shown)]
    left = r.machine[r.start - 1] if r.start and r.fixed_start else ""
    right = r.machine[r.end] if r.end < len(r.machine) and r.fixed_end < len(r.reviewed) else ""
    same_left = left and _is_word(left) and left.casefold() == r.reviewed[r.fixed_start - 1].casefold()
    same_right = right and _is_word(right) and right.casefold() == r.reviewed[r.fixed_end].casefold()
    if same_left:
        found.append(((left, *r.wrong), (left, *r.fixed), shown))
    if same_right:
        found.append(((*r.wrong, right), (*r.fixed, right), shown))
    return found


def _ngrams(words: Sequence[str], longest: int) -> set[Words]:
    folded = _fold(words)
    return {folded[i : i + n] for n in range(1, longest + 1) for i in range(len(folded) - n + 1)}


def _kept(pairs: Sequence[Reviewed], longest: int) -> Counter[Words]:
    """For each machine fragment, the sentences whose reviewer left it as it was."""
    kept: Counter[Words] = Counter()
    for pair in pairs:
        kept.update(_ngrams(tokens(pair.machine), longest) & _ngrams(tokens(pair.reviewed), longest))
    return kept


def _written(forms: Counter[Words]) -> Words:
    """How reviewers wrote a fix: a form starting lower case if they ever did (a capital is the
    sentence's, applied again where the machine's words had one), else the most common."""
    lower = [form for form in forms if form[0][:1].islower()]
    return max(lower, key=lambda f: forms[f]) if lower else forms.most_common(1)[0][0]


def _label(labels: Counter[str]) -> str:
    """The comment's ``machine → reviewed``: in lower case where reviewers ever wrote it so (``vuestro → tu``,
    not the sentence-initial ``Vuestro → Tu``)."""
    lower = [label for label in labels if not any(side[:1].isupper() for side in label.split(" → "))]
    return max(lower, key=lambda label: labels[label]) if lower else labels.most_common(1)[0][0]


def learn_corrections(pairs: Sequence[Reviewed], min_count: int) -> tuple[Correction, ...]:
    """The corrections reviewers made in at least ``min_count`` sentences and more often than they kept
    the machine's words, longest fragment first.

    >>> pairs = [Reviewed("a", "", m, r, "apertium") for m, r in [
    ...     ("La búsqueda nueva.", "La investigación nueva."), ("Una búsqueda de datos.", "Una investigación de datos."),
    ...     ("La casa.", "El hogar."), ("La casa roja.", "La casa roja.")]]
    >>> [c.comment for c in learn_corrections(pairs, 2)]
    ['learned: búsqueda → investigación (2 reviews)']
    """
    if min_count < 1:
        return ()
    made: dict[Words, dict[Words, set[int]]] = defaultdict(lambda: defaultdict(set))
    forms: dict[tuple[Words, Words], Counter[Words]] = defaultdict(Counter)
    shown: dict[tuple[Words, Words], Counter[str]] = defaultdict(Counter)
    for index, pair in enumerate(pairs):
        for replacement in replacements(pair.machine, pair.reviewed, LONGEST):
            for wrong, fixed, label in _candidates(replacement):
                key = (_fold(wrong), _fold(fixed))
                made[key[0]][key[1]].add(index)
                forms[key][fixed] += 1
                shown[key][label] += 1
    kept = _kept(pairs, LONGEST + 2)
    learned = []
    for wrong, fixes in made.items():
        ranked = sorted(fixes.items(), key=lambda item: -len(item[1]))
        count = len(ranked[0][1])
        if count < min_count or count <= kept[wrong] or (len(ranked) > 1 and len(ranked[1][1]) == count):
            continue
        key = (wrong, ranked[0][0])
        learned.append(Correction(wrong, _written(forms[key]), _label(shown[key]), count, kept[wrong]))
    return tuple(sorted(learned, key=lambda c: (-len(c.wrong), -c.count, c.wrong)))


def corrections_for(
    config: Config, language: str, engine: str, unreviewed: Mapping[str, str] | None = None
) -> tuple[Correction, ...]:
    """What the reviews of ``language`` teach about ``engine``'s output (none when the key is 0). ``unreviewed``:
    slug → SHA-256 of a catalog known to hold no reviewed entry (see :func:`~i18n_pub.reviewed_store.cached_site_pairs`)."""
    if config.learn_corrections < 1:
        return ()
    folder = config.locales_dir / language
    slugs = [p.stem for p in folder.glob("*.po") if not p.stem.startswith("_")] if folder.is_dir() else []
    pairs = [pair for pair in cached_site_pairs(config, language, slugs, unreviewed) if pair.engine == engine]
    return learn_corrections(pairs, config.learn_corrections)


def _protected(text: str, protected: Iterable[str]) -> list[tuple[int, int]]:
    """Where the protected spans' text sits in ``text``."""
    ranges = []
    for span in {p for p in protected if p}:
        start = text.find(span)
        while start != -1:
            ranges.append((start, start + len(span)))
            start = text.find(span, start + 1)
    return ranges


def _token_places(text: str) -> list[tuple[int, int]]:
    places, at = [], 0
    for token in tokens(text):
        start = text.index(token, at)
        places.append((start, start + len(token)))
        at = start + len(token)
    return places


def _fixed_text(fixed: Words, matched: str) -> str:
    words = " ".join(fixed)
    return words[:1].upper() + words[1:] if matched[:1].isupper() and words[:1].islower() else words


def _first_match(text: str, correction: Correction, protected: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    places = _token_places(text)
    folded = _fold(text[s:e] for s, e in places)
    size = len(correction.wrong)
    for i in range(len(folded) - size + 1):
        if folded[i : i + size] != correction.wrong:
            continue
        start, end = places[i][0], places[i + size - 1][1]
        if not any(start < p_end and p_start < end for p_start, p_end in protected):
            return start, end
    return None


def post_edit(text: str, corrections: Sequence[Correction], protected: Iterable[str] = ()) -> tuple[str, list[Correction]]:
    """``text`` with every learned correction applied (each fragment wherever it occurs as whole words
    outside the protected spans), and the corrections that changed it.

    >>> fix = Correction(("búsqueda",), ("investigación",), "búsqueda → investigación", 3, 0)
    >>> post_edit("Búsqueda y búsquedas: la búsqueda de Búsqueda SA.", [fix], ["Búsqueda SA"])[0]
    'Investigación y búsquedas: la investigación de Búsqueda SA.'
    """
    protected = list(protected)
    applied = []
    present = set(_fold(tokens(text)))
    for correction in corrections:
        if not present.issuperset(correction.wrong):
            continue  # most corrections: a word of theirs is not in the text
        changed = False
        while (place := _first_match(text, correction, _protected(text, protected))) is not None:
            start, end = place
            fixed = _fixed_text(correction.fixed, text[start:end])
            text, changed = text[:start] + fixed + text[end:], True
            if _fold(tokens(fixed)) == correction.wrong:
                break  # only the case changed: once is enough
            protected.append(fixed)  # never corrected twice, whatever the next correction says
        if changed:
            applied.append(correction)
    return text, applied


def without_learned_lines(lines: Iterable[str]) -> list[str]:
    return [line for line in lines if not line.startswith(LEARNED_PREFIX)]


def apply_to_entry(entry: polib.POEntry, engine: str, corrections: Sequence[Correction], protected: Iterable[str]) -> bool:
    """Correct what ``engine`` just wrote into ``entry`` (still fuzzy, never a reviewed entry) and say so."""
    if FUZZY not in entry.flags or machine_engine(entry) != engine or not entry.msgstr:
        return False
    text, applied = post_edit(entry.msgstr, corrections, protected)
    if not applied:
        return False
    entry.msgstr = text
    lines = without_learned_lines(comment_lines(entry))
    set_comment_lines(entry, [*lines, *(c.comment for c in applied)])
    return True
