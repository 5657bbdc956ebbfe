"""What the reviews teach: reviewed translations compared with the machine text they replaced.

``translate`` keeps, in the MT cache (``machine_outputs`` in :mod:`i18n_pub.store`), the text
the engine gave each catalog entry once its protected spans were restored. A
reviewed entry (translated, not fuzzy) whose ``# mt: <engine>`` line is still
there is compared with that text:

- **effort** (``status``): character edit distance between the machine text and
  the reviewed one, as a share of the longer of the two, summed per engine
  (``sum of distances / sum of lengths``): 0% = accepted as is, 100% = rewritten.
- **learned corrections** (``glossary suggest --from-reviews``): the two texts
  are aligned word by word (:class:`difflib.SequenceMatcher` on their words);
  each replaced run of one to three words on both sides (``búsqueda`` →
  ``investigación``) is a correction. A correction made at least N times is
  traced back to the English: of the word n-grams (no more words than the machine's)
  that the corrected sentences share the most, the one most associated with the
  machine's words across the site's machine-translated sentences (Dice coefficient,
  at least 0.5), then the one sitting at the same relative place in the sentence (at
  most a quarter of the sentence away, on average), then the shortest. When that
  n-gram has no noun, verb or adjective (Apertium's English dictionary: ``your``,
  ``on``), the correction is grammar, not a term, and nothing is suggested. It is suggested only if reviewers corrected it
  more often than they kept the machine's word for that English, and never when
  the glossary already has the term.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import polib
from rapidfuzz.distance import Levenshtein

from i18n_pub import morph
from i18n_pub.cache import MachineOutputs, read_machine_outputs
from i18n_pub.catalog import FUZZY, Status, entry_status, is_plural, live_entries
from i18n_pub.catalog_read import read_catalog
from i18n_pub.config import Config
from i18n_pub.fuzzy import tokens
from i18n_pub.glossary import GENDERS, NUMBERS, Glossary, TermType, load_glossary
from i18n_pub.po_comments import machine_engine

MAX_WORDS = 3  # the longest correction (each side) and English term considered
MIN_DICE = 0.5  # how strongly the English term and the machine's word must go together across the site
MAX_OFFSET = 0.25  # how far apart (share of the sentence) they may sit, on average: else no term is named
_EXAMPLE_LENGTH = 80


@dataclass(frozen=True)
class Reviewed:
    """One reviewed entry and the machine text it replaced."""

    slug: str
    source: str  # the English msgid
    machine: str
    reviewed: str
    engine: str


@dataclass(frozen=True)
class Effort:
    """How much reviewers changed one engine's output: ``changed`` characters of ``length``."""

    engine: str
    entries: int
    changed: int  # sum of character edit distances
    length: int  # sum of the longer text's length, per entry

    @property
    def share(self) -> float:
        return self.changed / self.length if self.length else 0.0


@dataclass(frozen=True)
class Learned:
    """A correction reviewers made again and again, as a glossary row for one language."""

    language: str
    source: str  # the English term
    target: str  # what reviewers wrote
    machine: str  # what the engine wrote
    count: int  # corrected sentences
    kept: int  # sentences where reviewers kept the machine's word for this English
    example: str  # "<slug>: <English sentence>"
    gender: str = ""  # of the target's head noun, when Apertium's dictionary is sure (m, f)
    number: str = ""  # sg, pl


# --- the machine text each entry got (written by translate) ---------------------------------


class _Catalog(Protocol):
    slug: str
    merged: polib.POFile


def machine_outputs(catalogs: Iterable[_Catalog], pending: Iterable[polib.POEntry]) -> MachineOutputs:
    """The machine text of every entry in ``pending`` the engine just filled, by (slug, context, msgid).
    ``catalogs`` are translate's catalogs (``slug`` and ``merged``)."""
    wanted = {id(entry) for entry in pending}
    found: MachineOutputs = {}
    for catalog in catalogs:
        for entry in live_entries(catalog.merged):
            engine = machine_engine(entry)
            if id(entry) in wanted and engine and entry.msgstr and FUZZY in entry.flags:
                found[(catalog.slug, entry.msgctxt or "", entry.msgid)] = (engine, entry.msgstr)
    return found


def record_machine_outputs(engine: object, language: str, catalogs: Iterable[_Catalog], pending: Iterable[polib.POEntry]) -> None:
    """Keep what the engine gave in its cache (translate's hook); an engine without a cache keeps nothing."""
    cache = getattr(engine, "cache", None)
    if cache is not None:
        cache.remember_outputs(language, machine_outputs(catalogs, pending))


# --- reviewed entries and the effort ------------------------------------------------------


def reviewed_pairs(po: polib.POFile, slug: str, outputs: MachineOutputs) -> list[Reviewed]:
    """The catalog's reviewed entries that replaced a machine text this site's cache knows."""
    pairs = []
    for entry in live_entries(po):
        if is_plural(entry) or entry_status(entry) is not Status.REVIEWED:
            continue
        known = outputs.get((slug, entry.msgctxt or "", entry.msgid))
        if known is not None and machine_engine(entry) == known[0]:
            pairs.append(Reviewed(slug, entry.msgid, known[1], entry.msgstr, known[0]))
    return pairs


def site_pairs(config: Config, language: str, slugs: Iterable[str]) -> list[Reviewed]:
    """Every reviewed entry of ``language`` in the articles ``slugs`` with its machine text."""
    outputs = read_machine_outputs(config.cache_dir, language)
    pairs: list[Reviewed] = []
    for slug in sorted(set(slugs)):
        path = config.catalog_path(language, slug)
        if outputs and path.is_file():
            pairs += reviewed_pairs(read_catalog(path, config.relative(path), language), slug, outputs)
    return pairs


def effort(pairs: Iterable[Reviewed]) -> tuple[Effort, ...]:
    """Per engine: the character edit distance of reviewed to machine text, over the longer length.

    >>> [(e.engine, e.entries, e.changed, e.length) for e in effort([
    ...     Reviewed("a", "Cats.", "Gatos.", "Gatas.", "apertium"), Reviewed("a", "Yes.", "Sí.", "Sí.", "apertium")])]
    [('apertium', 2, 1, 9)]
    """
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for pair in pairs:
        counts = totals[pair.engine]
        counts[0] += 1
        counts[1] += Levenshtein.distance(pair.machine, pair.reviewed)
        counts[2] += max(len(pair.machine), len(pair.reviewed))
    return tuple(Effort(engine, *counts) for engine, counts in sorted(totals.items()))


# --- corrections ------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [token for token in tokens(text) if any(c.isalnum() for c in token)]


@dataclass(frozen=True)
class Replacement:
    """One run of the machine's tokens the reviewer replaced: ``machine[start:end]`` became ``fixed``."""

    machine: tuple[str, ...]  # every token of the machine text
    start: int
    end: int
    reviewed: tuple[str, ...]  # every token of the reviewed text
    fixed_start: int
    fixed_end: int

    @property
    def wrong(self) -> tuple[str, ...]:
        return self.machine[self.start : self.end]

    @property
    def fixed(self) -> tuple[str, ...]:
        return self.reviewed[self.fixed_start : self.fixed_end]


def replacements(machine: str, reviewed: str, longest: int = MAX_WORDS) -> list[Replacement]:
    """The runs of one to ``longest`` tokens (each side) the reviewer put in place of the machine's,
    aligned token by token (case ignored): the one alignment of reviews and machine texts, shared by
    the glossary suggestions and the learned post-edits (:mod:`i18n_pub.postedit`).

    >>> [(r.wrong, r.fixed) for r in replacements("El equipo de búsqueda.", "El equipo de investigación.")]
    [(('búsqueda',), ('investigación',))]
    """
    left, right = tuple(tokens(machine)), tuple(tokens(reviewed))
    matcher = difflib.SequenceMatcher(None, [t.casefold() for t in left], [t.casefold() for t in right], autojunk=False)
    return [
        Replacement(left, a0, a1, right, b0, b1)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes()
        if tag == "replace" and 1 <= a1 - a0 <= longest and 1 <= b1 - b0 <= longest
    ]


def replaced_spans(machine: str, reviewed: str) -> list[tuple[str, str]]:
    """Runs of one to three words the reviewer put in place of the machine's (letters only, case ignored
    for the alignment).

    >>> replaced_spans("El equipo de búsqueda se reunió.", "El equipo de investigación se reunió.")
    [('búsqueda', 'investigación')]
    >>> replaced_spans("Las fiestas acordadas.", "Las partes acordaron.")
    [('fiestas acordadas', 'partes acordaron')]
    """
    return [
        (" ".join(r.wrong), " ".join(r.fixed))
        for r in replacements(machine, reviewed)
        if all(t.isalpha() or "-" in t for t in r.wrong + r.fixed)
    ]


def ngrams(words: Sequence[str], longest: int = MAX_WORDS) -> set[tuple[str, ...]]:
    """
    >>> sorted(ngrams(["a", "b", "c"], 2))
    [('a',), ('a', 'b'), ('b',), ('b', 'c'), ('c',)]
    """
    folded = [w.casefold() for w in words]
    return {tuple(folded[i : i + n]) for n in range(1, longest + 1) for i in range(len(folded) - n + 1)}


class _Site:
    """The site's reviewed entries indexed by their English n-grams and machine n-grams."""

    def __init__(self, pairs: Sequence[Reviewed], source_language: str = "en") -> None:
        self.pairs = pairs
        self.source_language = source_language
        self.english: dict[tuple[str, ...], set[int]] = defaultdict(set)
        self.machine: dict[tuple[str, ...], set[int]] = defaultdict(set)
        self.reviewed = [ngrams(_words(pair.reviewed)) for pair in pairs]
        for index, pair in enumerate(pairs):
            for gram in ngrams(_words(pair.source)):
                self.english[gram].add(index)
            for gram in ngrams(_words(pair.machine)):
                self.machine[gram].add(index)

    def dice(self, english: tuple[str, ...], machine: tuple[str, ...]) -> float:
        a, b = self.english.get(english, set()), self.machine.get(machine, set())
        return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0

    def kept(self, english: tuple[str, ...], machine: tuple[str, ...]) -> int:
        """Sentences with this English whose machine word the reviewer kept."""
        both = self.english.get(english, set()) & self.machine.get(machine, set())
        return sum(machine in self.reviewed[index] for index in both)

    def offset(self, instances: Sequence[int], english: tuple[str, ...], machine: tuple[str, ...]) -> float:
        """How far apart the English n-gram and the machine's words sit in their sentences (0 = the same
        relative place), on average: engines mostly keep the order, so this breaks ties."""
        gaps = [abs(_place(self.pairs[i].source, english) - _place(self.pairs[i].machine, machine)) for i in instances]
        return round(sum(gaps) / len(gaps), 6)

    def term_for(self, instances: Sequence[int], machine: tuple[str, ...]) -> tuple[str, ...] | None:
        """The English n-gram behind a correction: in the most corrected sentences, then the strongest
        association with the machine's words, then the nearest place, then the fewest words. ``None``
        when that n-gram is not a term (only function words: ``your`` → ``tu`` is grammar, and no other
        word of the sentence may stand in for it) or is too weakly tied to the correction."""
        shared: Counter[tuple[str, ...]] = Counter()
        for index in instances:
            shared.update(ngrams(_words(self.pairs[index].source)))
        # An engine gives each English word a word or more: never fewer words than the English term.
        fitting = [g for g in shared if len(g) <= len(machine)]
        ranked = sorted(fitting, key=lambda g: (-shared[g], -self.dice(g, machine), self.offset(instances, g, machine), len(g), g))
        if not ranked or not has_content_word(ranked[0], self.source_language):
            return None
        if self.dice(ranked[0], machine) >= MIN_DICE and self.offset(instances, ranked[0], machine) <= MAX_OFFSET:
            return ranked[0]
        return None


CONTENT = ("n", "np", "vblex", "adj")  # Apertium's tags of nouns, proper nouns, lexical verbs, adjectives


def has_content_word(gram: Sequence[str], language: str = "en") -> bool:
    """Whether a word of ``gram`` is a noun, a verb or an adjective (or a word the dictionary lacks, as
    terms often are): ``on``, ``these``, ``this is`` are not terms, whatever reviewers did to them.
    Without Apertium's dictionary for ``language`` every n-gram passes.

    >>> has_content_word(["security", "policy"]), has_content_word(["on"]) == (not morph.available("en"))
    (True, True)
    """
    if not morph.available(language):
        return True
    for word in gram:
        found = morph.readings(word, language)
        if not found or any(tags[:1] and tags[0] in CONTENT for _, tags in found):
            return True
    return False


def _place(text: str, gram: tuple[str, ...]) -> float:
    """Where ``gram`` first sits in ``text``, from 0 (start) to 1 (end); 0.5 when it is not there.

    >>> _place("a b c d", ("b",)), _place("a b c d", ("x",))
    (0.375, 0.5)
    """
    words = [w.casefold() for w in _words(text)]
    for i in range(len(words) - len(gram) + 1):
        if tuple(words[i : i + len(gram)]) == gram:
            return (i + len(gram) / 2) / len(words)
    return 0.5


def _written(texts: Iterable[str], gram: tuple[str, ...]) -> str:
    """How ``gram`` is written in ``texts``: all lower case if it ever is, else its most common form."""
    forms: Counter[str] = Counter()
    for text in texts:
        words = _words(text)
        for i in range(len(words) - len(gram) + 1):
            if tuple(w.casefold() for w in words[i : i + len(gram)]) == gram:
                forms[" ".join(words[i : i + len(gram)])] += 1
    lower = " ".join(gram)
    return lower if lower in forms or not forms else forms.most_common(1)[0][0]


def learn(
    pairs: Sequence[Reviewed], glossary: Glossary, language: str, min_count: int = 2, source_language: str = "en"
) -> list[Learned]:
    """Corrections made in at least ``min_count`` sentences, traced to their English term, most frequent first."""
    corrections: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = defaultdict(list)
    for index, pair in enumerate(pairs):
        for machine_words, reviewed_words in dict.fromkeys(replaced_spans(pair.machine, pair.reviewed)):
            corrections[(tuple(_words(machine_words.casefold())), tuple(_words(reviewed_words.casefold())))].append(index)
    site = _Site(pairs, source_language)
    best: dict[str, Learned] = {}
    for (wrong, fixed), instances in corrections.items():
        if len(instances) < min_count:
            continue
        gram = site.term_for(instances, wrong)
        if gram is None:
            continue
        corrected = [i for i in instances if i in site.english.get(gram, set())]
        kept = site.kept(gram, wrong)
        source = _written((pairs[i].source for i in corrected), gram)
        if len(corrected) < min_count or kept >= len(corrected) or _in_glossary(source, glossary):
            continue
        first = pairs[corrected[0]]
        example = f"{first.slug}: {first.source[:_EXAMPLE_LENGTH]}{'…' if len(first.source) > _EXAMPLE_LENGTH else ''}"
        target = _written((pairs[i].reviewed for i in corrected), fixed)
        learned = Learned(
            language, source, target, _written((pairs[i].machine for i in corrected), wrong), len(corrected), kept, example,
            *head_grammar(target, language),
        )
        if source not in best or (learned.count, -learned.kept) > (best[source].count, -best[source].kept):
            best[source] = learned
    return sorted(best.values(), key=lambda t: (-t.count, t.source.casefold(), t.target))


def _in_glossary(source: str, glossary: Glossary) -> bool:
    return any(m.start == 0 and m.end >= len(source) for m in glossary.find(source))


def head_grammar(target: str, language: str) -> tuple[str, str]:
    """Gender and number of the target's first word when every reading of it as a noun agrees (so the
    article in front takes the right form); empty when unknown.

    >>> head_grammar("investigación", "es") in (("f", "sg"), ("", ""))
    True
    """
    words = target.split()
    nouns = {tags for _, tags in morph.readings(words[0], language) if tags[:1] == ("n",)} if words else set()
    genders = {tag for tags in nouns for tag in tags[1:] if tag in GENDERS}
    numbers = {tag for tags in nouns for tag in tags if tag in NUMBERS}
    if len(genders) == 1 and len(numbers) == 1 and all(len(tags) == 3 for tags in nouns):
        return genders.pop(), numbers.pop()
    return "", ""


def learned_csv(learned: Sequence[Learned], languages: Sequence[str], source_language: str = "en") -> str:
    """The rows in the glossary's CSV shape (the header ``glossary suggest`` writes), each with its
    language's cell filled; an English term learned for several languages is one row."""
    rows: dict[str, dict[str, Learned]] = defaultdict(dict)
    for item in learned:
        rows[item.source].setdefault(item.language, item)
    graded = [lang for lang in languages if any(item.language == lang and item.gender for item in learned)]
    grammar = [f"{lang}:{what}" for lang in graded for what in ("gender", "number")]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([source_language, *languages, "type", "note", *grammar])
    for source, by_language in rows.items():
        cells = [by_language[lang].target if lang in by_language else "" for lang in languages]
        notes = "; ".join(_note(item) for item in by_language.values())
        known = [getattr(by_language[lang], what) if lang in by_language else "" for lang in graded for what in ("gender", "number")]
        writer.writerow([source, *cells, TermType.TERM.value, notes, *known])
    return out.getvalue()


def _note(item: Learned) -> str:
    kept = f", kept {item.kept}×" if item.kept else ""
    return f"{item.language}: reviewers changed '{item.machine}' to '{item.target}' {item.count}×{kept}, e.g. {item.example}"


def learn_from_site(config: Config, slugs: Iterable[str], min_count: int = 2) -> str:
    """``glossary suggest --from-reviews``: every language's learned corrections as one CSV."""
    glossary = load_glossary(config.glossary_dir, config.source_language, label_of=config.relative)
    slugs = list(slugs)
    learned: list[Learned] = []
    for language in config.languages:
        learned += learn(site_pairs(config, language, slugs), glossary, language, min_count, config.source_language)
    return learned_csv(learned, config.languages, config.source_language)

