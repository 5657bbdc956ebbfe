"""Glossary files: ``glossary/*.csv`` (and ``*.tbx``) read and checked into terms, and terms written back as CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING

from i18n_pub.fsutil import decode_utf8
from i18n_pub.language_codes import is_language
from i18n_pub.terms import GENDERS, NUMBERS, Term, TermType, normalize_spaces

if TYPE_CHECKING:
    from i18n_pub.glossary import Glossary

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from i18n_pub.errors import GlossaryError
from i18n_pub.textsafe import describe, first_unsafe_in_source

SOURCE_COLUMN_FIX = (
    "the header row must name the source language column (en), one column per target language,"
    " and optionally type, note, <lang>:gender, <lang>:number"
)



# --- loading ------------------------------------------------------------------

_FIXED_COLUMNS = ("type", "note")
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
        if is_language(language) and language != source_language:
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
    text = decode_utf8(data, label, GlossaryError)
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
    cells = {column: normalize_spaces(_unquote_formula(row[i])) if i < len(row) else "" for i, column in enumerate(header)}
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


