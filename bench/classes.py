"""Issue 18's error classes, counted on hand-written cases (bench/cases-es.tsv) and on whole outputs.

Each case is one English sentence (or headline with the body it heads) whose
expected Spanish fragment a person wrote from the English alone; a system gets a
case right when its output contains the fragment (or, for "spacing", has no
spacing its source lacks and keeps the source's no-break spaces).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases-es.tsv"
CLASSES = ("titles", "compound", "possessive", "masking", "spacing", "headline", "dates")


@dataclass(frozen=True)
class Case:
    kind: str
    context: str  # "title" or "body"
    english: str
    reference: str
    fragments: tuple[str, ...]  # any one of them makes the output right; () for spacing
    body: str


def read_cases(path: Path = CASES) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, context, english, reference, fragment, body = line.split("\t")
            fragments = () if fragment == "-" else tuple(fragment.split("|"))
            cases.append(Case(kind, context, english, reference, fragments, "" if body == "-" else body))
    return cases


def case_sources(cases: Sequence[Case], folder: Path) -> None:
    """One article per case: a headline case is the title over its body, a sentence case is the body."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, case in enumerate(cases):
        title, body = (case.english, case.body) if case.context == "title" else (f"Case {index}", case.english)
        title = title.replace('"', "'")
        (folder / f"case-{index:02d}.md").write_text(f'---\ntitle: "{title}"\ndate: 2022-03-01\n---\n{body}\n', encoding="utf-8")


_CLOSING = ",.;:!?)]"


def spacing_errors(source: str, output: str) -> list[str]:
    """Spacing in ``output`` that ``source`` lacks: double spaces, spaces at the ends, a space before a
    closing mark, a no-break space of the source gone.

    >>> spacing_errors("a, b", " a  , b")
    ['space at an end', 'double space', "space before ','"]
    """
    errors = []
    if output != output.strip():
        errors.append("space at an end")
    if "  " in output:
        errors.append("double space")
    errors += [f"space before {mark!r}" for mark in _CLOSING if f" {mark}" in output and f" {mark}" not in source]
    if "\u00a0" in source and "\u00a0" not in output:
        errors.append("no-break space lost")
    return errors


def is_right(case: Case, output: str) -> bool:
    if case.kind == "spacing":
        return bool(output) and not spacing_errors(case.english, output)
    return any(fragment in output for fragment in case.fragments)


def count_right(cases: Sequence[Case], outputs: Mapping[str, str]) -> dict[str, tuple[int, int]]:
    """Per class: (cases right, cases)."""
    counts = {}
    for kind in CLASSES:
        chosen = [case for case in cases if case.kind == kind]
        counts[kind] = (sum(is_right(case, outputs.get(case.english, "")) for case in chosen), len(chosen))
    return counts


def count_spacing(outputs: Mapping[str, str]) -> int:
    """Outputs (over a whole site) with spacing their source lacks."""
    return sum(1 for source, output in outputs.items() if output and spacing_errors(source, output))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)
