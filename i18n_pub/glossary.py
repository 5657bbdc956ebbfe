"""Terminology: load ``glossary/*.csv`` (and ``*.tbx``), find terms in a segment, turn them into spans.

A :class:`Term` is one glossary row: the English text, its type, and per target
language the exact form it must take (plus grammatical gender and number when
known). :class:`Glossary` finds terms in a segment (whole words, longest match
first, case-sensitive for names and acronyms, tolerant of no-break spaces,
apostrophe variants and the English possessive) and gives the
:class:`~i18n_pub.protect.Span` objects the translation step masks.

Names after an honorific and acronyms in parentheses are protected without a
glossary entry (:func:`find_automatic_spans`); Markdown's link targets and code
spans by :mod:`i18n_pub.markup`, which parses them.
"""

from __future__ import annotations

import csv
import enum
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import babel

from i18n_pub.errors import GlossaryError
from i18n_pub.honorifics import PATTERN as HONORIFIC
from i18n_pub.protect import Span
from i18n_pub.textsafe import describe, first_unsafe_in_source

SOURCE_COLUMN_FIX = (
    "the header row must name the source language column (en), one column per target language,"
    " and optionally type, note, <lang>:gender, <lang>:number"
)


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


# --- matching -----------------------------------------------------------------

_SPACE = r"[\s\u00a0\u202f\u2007]+"
_APOSTROPHE = "['\u2019\u02bc]"
_POSSESSIVE = rf"(?:{_APOSTROPHE}s)?"
_WORD_BEFORE = r"(?<![\w\u2019'-])"
_WORD_AFTER = r"(?![\w])"


def is_acronym(text: str) -> bool:
    """Two capitals in one word make an acronym (matched case-sensitively).

    >>> [is_acronym(w) for w in ("ICESCO", "IsDB", "COVID-19", "Director-General", "e-mail")]
    [True, True, True, False, False]
    """
    return any(sum(c.isupper() for c in word) >= 2 for word in re.split(r"[\s-]+", text))


def term_pattern(source: str, case_sensitive: bool) -> re.Pattern[str]:
    """A whole-word pattern for ``source``: any whitespace (no-break space too) between words,
    either apostrophe, and an English possessive included in the match.

    >>> p = term_pattern("Said M'hamad", True)
    >>> p.search("Dr. Said\\u00a0M’hamad’s work").group()
    'Said\\xa0M’hamad’s'
    >>> term_pattern("ICESCO", True).search("ICESCOS") is None
    True
    """
    words = source.split()
    parts = [re.sub(_APOSTROPHE, _APOSTROPHE, re.escape(word)) for word in words]
    body = _SPACE.join(parts)
    # A term that ends in a full stop (Dr., H.E.) needs no word boundary after it.
    after = "" if source.endswith(".") else _POSSESSIVE + _WORD_AFTER
    before = _WORD_BEFORE if re.match(r"\w", source) else ""
    return re.compile(f"{before}(?P<term>{body}){after}", 0 if case_sensitive else re.IGNORECASE)


def resolve_overlaps(candidates: Iterable[tuple[int, int, int, object]]) -> list[tuple[int, int, object]]:
    """Longest first, then leftmost, then the lower priority number; keep what does not overlap.

    Candidates are ``(start, end, priority, item)``; the result is in text order.

    >>> resolve_overlaps([(0, 5, 0, "a"), (3, 12, 0, "b"), (12, 15, 1, "c"), (12, 15, 0, "d")])
    [(3, 12, 'b'), (12, 15, 'd')]
    """
    chosen: list[tuple[int, int, object]] = []
    for start, end, _priority, item in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        if end > start and all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, item))
    return sorted(chosen, key=lambda c: c[0])


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    languages: tuple[str, ...] = field(default=())  # target languages with a column, in file order

    @cached_property
    def _patterns(self) -> tuple[tuple[re.Pattern[str], Term], ...]:
        return tuple((term_pattern(t.source, t.case_sensitive), t) for t in self.terms)

    def find(self, text: str) -> list[TermMatch]:
        """Every glossary term in ``text``: whole words, longest match first, no overlaps.

        >>> g = Glossary((Term("ICESCO", TermType.ORGANIZATION), Term("ICESCO Youth Forum", TermType.ORGANIZATION),
        ...               Term("director-general", TermType.TITLE, (("es", "director general"),))))
        >>> [(m.text, m.start, m.end) for m in g.find("The ICESCO Youth Forum met ICESCO’s Director-General.")]
        [('ICESCO Youth Forum', 4, 22), ('ICESCO', 27, 35), ('Director-General', 36, 52)]
        >>> [m.text for m in g.find("Icesco and ICESCOS are not ICESCO")]
        ['ICESCO']
        """
        candidates = []
        for priority, (pattern, term) in enumerate(self._patterns):
            for match in pattern.finditer(text):
                written = match.group("term")
                candidates.append((match.start(), match.end(), priority, TermMatch(match.start(), match.end(), term, written)))
        return [item for _, _, item in resolve_overlaps(candidates)]  # type: ignore[misc]

    def spans(self, text: str, language: str) -> list[Span]:
        """Glossary terms of ``text`` with a rule for ``language``, as spans to protect."""
        spans = []
        for match in self.find(text):
            required = match.term.required(language, match.text)
            if required is None:
                continue
            spans.append(
                Span(
                    match.start,
                    match.end,
                    required,
                    match.term.type.value,
                    match.term.source,
                    match.term.gender(language),
                    match.term.number(language),
                )
            )
        return spans

    def hints(self, text: str, language: str) -> list[str]:
        """``#.`` lines for a segment: each term it contains and its required form, in text order.

        >>> g = Glossary((Term("Director-General", TermType.TITLE, (("es", "Director General"),)),
        ...               Term("ICESCO", TermType.ORGANIZATION)))
        >>> g.hints("ICESCO's Director-General and ICESCO", "es")
        ['glossary: ICESCO → ICESCO', 'glossary: Director-General → Director General']
        """
        lines: list[str] = []
        for match in self.find(text):
            required = match.term.required(language)
            line = f"glossary: {match.term.source} → {required}" if required else None
            if line and line not in lines:
                lines.append(line)
        return lines


# --- automatic spans (no glossary entry needed) --------------------------------

_HONORIFIC = HONORIFIC  # the one list (i18n_pub.honorifics), the full stop optional
_NAME_WORD = rf"(?:[A-Z]\.|[A-Z](?:[\w-]|{_APOSTROPHE}(?!s\b)\w)*)"
_PARTICLE = r"(?:al|el|bin|ibn|ben|bint|de|del|da|di|du|la|le|van|von)"
_NAME_AFTER_HONORIFIC = re.compile(
    rf"(?<![\w.])(?:(?:{_HONORIFIC})[\s\u00a0]+)+"
    rf"(?P<name>{_NAME_WORD}(?:[\s\u00a0]+(?:{_PARTICLE}[\s\u00a0]+)?{_NAME_WORD})*)(?P<possessive>{_APOSTROPHE}s\b)?"
)
# Words that follow "Mr." as an office, not a name (as i18n_pub.checks reads them): "Mr. President" is translated.
_OFFICES = {"President", "Chairman", "Chair", "Speaker", "Minister", "Secretary", "Director", "Ambassador", "Mayor"}
_ACRONYM_IN_PARENTHESES = re.compile(r"\((?P<acronym>[A-Z][A-Za-z]*[A-Z][A-Za-z0-9-]*)\)")


def names_after_honorifics(text: str) -> list[tuple[int, int, str]]:
    """Person names that follow an honorific (the honorifics themselves are not part of the name).

    >>> [n for _, _, n in names_after_honorifics("H.E. Dr. Salim M. AlMalik met Mr. Ould Bah and Dr. Said M’hamad Ed-Dbib's team.")]
    ['Salim M. AlMalik', 'Ould Bah', 'Said M’hamad Ed-Dbib']
    >>> names_after_honorifics("Thank you, Mr. President.")  # an office, translated, not a name
    []
    """
    found = []
    for match in _NAME_AFTER_HONORIFIC.finditer(text):
        if match.group("name").split()[0] not in _OFFICES:
            found.append((match.start("name"), match.end(), match.group("name")))
    return found


def find_automatic_spans(text: str, language: str) -> list[Span]:
    """Spans kept verbatim without a glossary entry: names after honorifics, acronyms in
    parentheses. (Link targets and code spans are found by parsing the Markdown, in
    :func:`i18n_pub.markup.markup_spans`: a regular expression here paired the backticks of a
    code span holding a backtick wrongly, and its longer span won over the parsed ones.)

    >>> text = "Prof. Slim Khalbous of the AUF (AUF) read [it](https://x.org/a) and `code`."
    >>> [(s.kind, s.target) for s in find_automatic_spans(text, "es")]
    [('name', 'Slim Khalbous'), ('acronym', 'AUF')]
    """
    spans = [Span(start, end, name, "name", name) for start, end, name in names_after_honorifics(text)]
    for match in _ACRONYM_IN_PARENTHESES.finditer(text):
        spans.append(Span(match.start("acronym"), match.end("acronym"), match.group("acronym"), "acronym", match.group("acronym")))
    return spans


# --- loading ------------------------------------------------------------------

_FIXED_COLUMNS = ("type", "note")
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def _is_language(code: str) -> bool:
    if not _LANGUAGE_CODE.fullmatch(code):
        return False
    try:
        babel.Locale.parse(code, sep="-")
    except (babel.UnknownLocaleError, ValueError):
        return False
    return True


def _normalize(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@dataclass(frozen=True)
class _Columns:
    source: str
    languages: tuple[str, ...]
    genders: tuple[str, ...]
    numbers: tuple[str, ...]


def _check_header(header: Sequence[str], source_language: str, label: str) -> _Columns:
    languages, genders, numbers = [], [], []
    if source_language not in header:
        raise GlossaryError(
            f"no '{source_language}' column (the source language) in the header row",
            path=label,
            line=1,
            fix=SOURCE_COLUMN_FIX,
        )
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise GlossaryError(f"column {column!r} appears twice", path=label, line=1, fix="name each column once")
        seen.add(column)
        if column == source_language or column in _FIXED_COLUMNS:
            continue
        language, _, grammar = column.partition(":")
        if _is_language(language) and language != source_language:
            if not grammar:
                languages.append(language)
                continue
            if grammar == "gender":
                genders.append(language)
                continue
            if grammar == "number":
                numbers.append(language)
                continue
        raise GlossaryError(f"unknown column {column!r}", path=label, line=1, fix=SOURCE_COLUMN_FIX)
    return _Columns(source_language, tuple(languages), tuple(genders), tuple(numbers))


def read_csv(data: bytes, label: str, source_language: str = "en") -> tuple[list[Term], tuple[str, ...]]:
    """Terms of one glossary CSV and its target-language columns; errors name the file and line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError("not valid UTF-8", path=label, line=line, fix="save the file as UTF-8") from None
    if not text.strip():
        return [], ()  # an empty file is an empty glossary: the shell makes one for `suggest > glossary/x.csv`
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [column.strip() for column in next(reader)]
    except csv.Error as exc:
        raise GlossaryError(f"bad CSV: {exc}", path=label, line=1, fix="fix the quoting of the header row") from None
    columns = _check_header(header, source_language, label)
    terms: list[Term] = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise GlossaryError(f"bad CSV: {exc}", path=label, line=line, fix="close the quotes of this row") from None
        terms += _row_term(header, row, columns, label, line)
        line = reader.line_num + 1
    return terms, columns.languages


def _row_term(header: Sequence[str], row: Sequence[str], columns: _Columns, label: str, line: int) -> list[Term]:
    if not any(cell.strip() for cell in row):
        return []
    if len(row) > len(header):
        raise GlossaryError(
            f"{len(row)} cells for {len(header)} columns", path=label, line=line, fix="quote cells that contain a comma"
        )
    cells = {column: _normalize(_unquote_formula(row[i])) if i < len(row) else "" for i, column in enumerate(header)}
    for column, cell in cells.items():
        unsafe = first_unsafe_in_source(cell)
        if unsafe:
            raise GlossaryError(
                f"{describe(unsafe[1])} in the {column!r} cell", path=label, line=line, fix="delete the invisible character"
            )
    source = cells[columns.source]
    if not source:
        raise GlossaryError(f"empty '{columns.source}' cell", path=label, line=line, fix="write the English term, or delete the row")
    kind = cells.get("type") or "term"
    try:
        term_type = TermType(kind)
    except ValueError:
        raise GlossaryError(
            f"unknown type {kind!r}", path=label, line=line, fix="use name, organization, title or term"
        ) from None

    def grammar(languages: Sequence[str], suffix: str, allowed: Sequence[str]) -> tuple[tuple[str, str], ...]:
        values = []
        for language in languages:
            value = cells[f"{language}:{suffix}"]
            if value and value not in allowed:
                raise GlossaryError(
                    f"{language}:{suffix} is {value!r}", path=label, line=line, fix="use " + " or ".join(allowed) + " (or leave it empty)"
                )
            if value:
                values.append((language, value))
        return tuple(values)

    return [
        Term(
            source=source,
            type=term_type,
            targets=tuple((lang, cells[lang]) for lang in columns.languages if cells[lang]),
            genders=grammar(columns.genders, "gender", GENDERS),
            numbers=grammar(columns.numbers, "number", NUMBERS),
            note=cells.get("note", ""),
            path=label,
            line=line,
        )
    ]


def _conflict(a: Term, b: Term) -> str | None:
    """What two rows of the same term disagree on: a form, a gender or a number for some language."""
    for what, left, right in (("form", a.targets, b.targets), ("gender", a.genders, b.genders), ("number", a.numbers, b.numbers)):
        mine, theirs = dict(left), dict(right)
        for language in sorted(set(mine) & set(theirs)):
            if mine[language] != theirs[language]:
                return f"{language} {what} {theirs[language]!r} (was {mine[language]!r})"
    return None


def _union(a: Term, b: Term) -> Term:
    def both(left: tuple[tuple[str, str], ...], right: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        return tuple({**dict(left), **{k: v for k, v in right if k not in dict(left)}}.items())

    return Term(
        a.source,
        a.type,
        both(a.targets, b.targets),
        both(a.genders, b.genders),
        both(a.numbers, b.numbers),
        a.note or b.note,
        a.path,
        a.line,
    )


def merge_terms(groups: Iterable[Sequence[Term]]) -> tuple[Term, ...]:
    """All terms, once each. Rows of the same English text are combined; rows that give it different
    forms (or genders, numbers) for a language are an error at the second place.

    >>> a = Term("ICESCO", TermType.ORGANIZATION, (("es", "ICESCO"),), path="g.csv", line=2)
    >>> merge_terms([[a, Term("ICESCO", TermType.TERM, (("fr", "ICESCO"),), path="g.csv", line=9)]])[0].targets
    (('es', 'ICESCO'), ('fr', 'ICESCO'))
    >>> b = Term("ICESCO", TermType.ORGANIZATION, (("es", "ISESCO"),), path="h.csv", line=3)
    >>> merge_terms([[a, b]])  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    i18n_pub.errors.GlossaryError: h.csv:3: duplicate term 'ICESCO' with different forms: es form 'ISESCO' (was 'ICESCO')
    (first at g.csv:2) — keep one row per term, or make both rows say the same
    """
    by_source: dict[str, Term] = {}
    for group in groups:
        for term in group:
            first = by_source.get(term.source)
            if first is None:
                by_source[term.source] = term
                continue
            conflict = _conflict(first, term)
            if conflict:
                raise GlossaryError(
                    f"duplicate term {term.source!r} with different forms: {conflict} (first at {first.where})",
                    path=term.path,
                    line=term.line,
                    fix="keep one row per term, or make both rows say the same",
                )
            by_source[term.source] = _union(first, term)
    return tuple(by_source.values())


def glossary_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".tbx") and not p.name.startswith("."))
    for path in files:  # a glossary may be a symlink, but only to a file in its own folder: nothing outside is read
        if not path.resolve().is_relative_to(folder.resolve()):
            raise GlossaryError(
                "is a symlink to a file outside the glossary folder",
                path=f"{folder.name}/{path.name}",
                fix="copy the glossary into the folder instead of linking to it",
            )
    return files


def read_glossary_file(path: Path, label: str, source_language: str = "en") -> tuple[list[Term], tuple[str, ...]]:
    if path.suffix.lower() == ".tbx":
        from i18n_pub.tbx import read_tbx

        return read_tbx(path, label, source_language)
    return read_csv(path.read_bytes(), label, source_language)


def load_glossary(folder: Path, source_language: str = "en", label_of: Callable[[Path], str] = Path.as_posix) -> Glossary:
    """Every ``*.csv`` and ``*.tbx`` in ``folder``, checked; an empty glossary when there is none."""
    groups, languages = [], []
    for path in glossary_files(folder):
        terms, columns = read_glossary_file(path, label_of(path), source_language)
        groups.append(terms)
        languages += [c for c in columns if c not in languages]
    return Glossary(merge_terms(groups), tuple(languages))


# --- writing CSV ----------------------------------------------------------------


def csv_columns(glossary: Glossary, languages: Sequence[str] = ()) -> list[str]:
    """The header for ``glossary``: source, then target languages (``languages`` first), type, grammar, note."""
    order = list(dict.fromkeys([*languages, *glossary.languages, *(lang for t in glossary.terms for lang, _ in t.targets)]))
    genders = [lang for lang in order if any(t.gender(lang) for t in glossary.terms)]
    numbers = [lang for lang in order if any(t.number(lang) for t in glossary.terms)]
    return ["en", *order, "type", *(f"{lang}:gender" for lang in genders), *(f"{lang}:number" for lang in numbers), "note"]


# A cell a spreadsheet would run as a formula (CSV injection): written with a leading apostrophe,
# which spreadsheets show as text and read_csv takes off again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _quote_formula(cell: str) -> str:
    r"""
    >>> _quote_formula('=HYPERLINK("http://x")'), _quote_formula("-based"), _quote_formula("UNESCO")
    ('\'=HYPERLINK("http://x")', "'-based", 'UNESCO')
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _unquote_formula(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def write_csv(
    glossary: Glossary, languages: Sequence[str] = (), source_language: str = "en", *, for_spreadsheet: bool = False
) -> str:
    """The glossary as CSV; ``for_spreadsheet`` quotes every cell a spreadsheet would take for a formula."""
    columns = csv_columns(glossary, languages)
    columns[0] = source_language
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for term in glossary.terms:
        row = []
        for column in columns:
            language, _, grammar = column.partition(":")
            if column == source_language:
                row.append(term.source)
            elif column == "type":
                row.append(term.type.value)
            elif column == "note":
                row.append(term.note)
            elif grammar == "gender":
                row.append(term.gender(language) or "")
            elif grammar == "number":
                row.append(term.number(language) or "")
            else:
                row.append(term.target(column) or "")
        writer.writerow([_quote_formula(cell) for cell in row] if for_spreadsheet else row)
    return out.getvalue()


# --- suggestions ------------------------------------------------------------------

_CAPITALISED = r"[A-Z][\w’'-]*"
_CONNECTOR = r"(?:of|for|and|the|in|on|to|de|la|du|des|et)"
_PHRASE = re.compile(rf"[A-Z][\w’'-]+(?:\s+(?:{_CONNECTOR}\s+)*[A-Z][\w’'-]+)+")
_LEADING_WORDS = re.compile(
    r"^(?:(?:The|A|An|In|On|At|By|For|From|During|Under|This|That|These|Both|Each|When|While|With|And|But|Opening|More|Than)\s+"
    rf"|(?:{_HONORIFIC})\s+)+"
)
_EXPANSION_WINDOW = 14


@dataclass(frozen=True)
class Suggestion:
    source: str
    type: TermType
    count: int
    why: str


def acronym_expansion(before: str, acronym: str) -> str | None:
    """The words in ``before`` that ``(acronym)`` abbreviates: the shortest run starting with a capital
    whose initials hold the acronym's capitals (each as often, else at least once).

    >>> acronym_expansion("signed with the Arab Bank for Economic Development in Africa", "BADEA")
    'Arab Bank for Economic Development in Africa'
    >>> acronym_expansion("Director-General of the Islamic World Educational, Scientific and Cultural Organization", "ICESCO")
    'Islamic World Educational, Scientific and Cultural Organization'
    >>> acronym_expansion("Rector of the Agence universitaire de la Francophonie", "AUF")
    'Agence universitaire de la Francophonie'
    """
    words = before.split()[-_EXPANSION_WINDOW:]
    for i in range(len(words) - 1, -1, -1):
        if ")" in words[i] or words[i].endswith((".", ";", ":")) or words[i].startswith("("):
            words = words[i + 1 :]
            break
    capitals = [c for c in acronym if c.isupper()]
    for counted in (True, False):
        for i in range(len(words) - 1, -1, -1):
            if not words[i][:1].isupper():
                continue
            initials = [w[0].upper() for w in re.split(r"[\s,-]+", " ".join(words[i:])) if w]
            fits = not (Counter(capitals) - Counter(initials)) if counted else set(capitals) <= set(initials) and len(words) - i >= 2
            if fits and initials[0] in capitals:
                return " ".join(words[i:]).rstrip(",")
    return None


def suggest(texts: Iterable[str], glossary: Glossary, *, min_phrase_count: int = 2) -> list[Suggestion]:
    """Candidate terms the glossary lacks, most frequent first: acronym expansions and their acronyms,
    names after honorifics, capitalised phrases seen at least ``min_phrase_count`` times.

    >>> texts = ["The Arab Bank for Economic Development in Africa (BADEA) met Dr. Jane Roe.",
    ...          "BADEA and the Arab Bank for Economic Development in Africa agreed on Climate Action Plans.",
    ...          "Climate Action Plans matter."]
    >>> [(s.source, s.type.value, s.count) for s in suggest(texts, Glossary())]  # doctest: +NORMALIZE_WHITESPACE
    [('Arab Bank for Economic Development in Africa', 'organization', 2), ('BADEA', 'organization', 2),
     ('Climate Action Plans', 'term', 2), ('Jane Roe', 'name', 1)]
    """
    texts = [_normalize(text) for text in texts]
    expansions: dict[str, str] = {}
    names: set[str] = set()
    for text in texts:
        for match in _ACRONYM_IN_PARENTHESES.finditer(text):
            expansion = acronym_expansion(text[: match.start()], match.group("acronym"))
            if expansion:
                expansions[expansion] = match.group("acronym")
        names.update(name for _, _, name in names_after_honorifics(text))
    candidates: dict[str, tuple[TermType, str]] = {}
    for expansion, acronym in expansions.items():
        candidates[expansion] = (TermType.ORGANIZATION, f"expansion of {acronym}")
        candidates.setdefault(acronym, (TermType.ORGANIZATION, f"acronym of {expansion}"))
    seen_names: set[str] = set()
    for name in sorted(names):
        if name.replace("’", "'") not in seen_names:
            seen_names.add(name.replace("’", "'"))
            candidates.setdefault(name, (TermType.NAME, "name after an honorific"))
    found = Glossary(tuple(Term(source, TermType.NAME) for source in candidates))
    phrases: Counter[str] = Counter()
    for text in texts:
        for match in _PHRASE.finditer(_without(_without(text, glossary), found)):
            phrase = _LEADING_WORDS.sub("", match.group()).rstrip(",")
            if len(phrase.split()) >= 2 and phrase not in candidates:
                phrases[phrase] += 1
    for phrase, count in phrases.items():
        if count >= min_phrase_count:
            candidates[phrase] = (TermType.TERM, "repeated capitalised phrase")
    suggestions = []
    for source, (kind, why) in candidates.items():
        if any(m.start == 0 and m.end >= len(source) for m in glossary.find(source)):
            continue  # the glossary has it
        pattern = term_pattern(source, True)
        count = sum(len(pattern.findall(text)) for text in texts)
        if count:
            suggestions.append(Suggestion(source, kind, count, why))
    return sorted(suggestions, key=lambda s: (-s.count, s.source))


def _without(text: str, glossary: Glossary) -> str:
    """``text`` with glossary terms and names after honorifics blanked out, so phrases cannot cross them."""
    chars = list(text)
    covered = [(m.start, m.end) for m in glossary.find(text)] + [(a, b) for a, b, _ in names_after_honorifics(text)]
    for start, end in covered:
        chars[start:end] = "|" * (end - start)
    return "".join(chars)


def suggestions_csv(suggestions: Sequence[Suggestion], languages: Sequence[str], source_language: str = "en") -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([source_language, *languages, "type", "note"])
    for s in suggestions:
        writer.writerow([s.source, *("" for _ in languages), s.type.value, f"{s.count}× {s.why}"])
    return out.getvalue()
