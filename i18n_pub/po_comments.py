"""The translator comments i18n-pub writes and reads on a catalog's entries (``#`` lines).

``mt: <engine>; unknown: …`` marks machine output, ``tm: …`` a memory match,
``glossary: term → form`` the terms the entry must use, ``previous translation: …``
what a reviewer had before. A PO writer wraps long comments (polib at 78
columns), so each reader joins the wrapped lines back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import polib

MT_PREFIX = "mt: "
TM_PREFIX = "tm: "
PREVIOUS_PREFIX = "previous translation: "
GLOSSARY_PREFIX = "glossary: "


def comment_lines(entry: polib.POEntry) -> list[str]:
    return entry.tcomment.split("\n") if entry.tcomment else []


def set_comment_lines(entry: polib.POEntry, lines: Iterable[str]) -> None:
    entry.tcomment = "\n".join(lines)


_KEY = re.compile(r"[\w-]+:")


def starts_comment(line: str) -> bool:
    """Whether a comment line starts a comment of its own (``glossary: …``, ``mt: …``, ``previous translation: …``,
    ``TRANSLATORS: …``), rather than continuing one a PO writer wrapped (polib wraps at 78 columns).

    >>> [starts_comment(s) for s in ("glossary: A → B", "previous translation: x", "i18n-pub-ignore: names", "el Desarrollo", "")]
    [True, True, True, False, True]
    """
    return not line or line.startswith(PREVIOUS_PREFIX) or _KEY.match(line) is not None


def glossary_lines(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Other comment lines, and the ``glossary: term → form`` lines re-joined where a PO writer wrapped them.

    >>> glossary_lines(["note", "glossary: A long → Una", "larga", "glossary: B → B", "mt: apertium"])
    (['note', 'mt: apertium'], ['glossary: A long → Una larga', 'glossary: B → B'])
    >>> glossary_lines(["glossary: C → D", "TRANSLATORS: keep it short", "glossary: E → F", "previous translation: G"])
    (['TRANSLATORS: keep it short', 'previous translation: G'], ['glossary: C → D', 'glossary: E → F'])
    """
    others: list[str] = []
    glossary: list[str] = []
    in_glossary = False
    for line in lines:
        if line.startswith(GLOSSARY_PREFIX):
            glossary.append(line)
            in_glossary = True
        elif in_glossary and not starts_comment(line):
            glossary[-1] += " " + line
        else:
            others.append(line)
            in_glossary = False
    return others, glossary


_UNKNOWN_NOTE = "; unknown: "


def mt_comment(engine: str, unknown: Sequence[str] = ()) -> str:
    """The ``# mt:`` line of machine output: the engine, and the words it did not know.

    >>> mt_comment("apertium", ["governance", "upcoming"]), mt_comment("libre")
    ('mt: apertium; unknown: governance, upcoming', 'mt: libre')
    """
    return MT_PREFIX + engine + (_UNKNOWN_NOTE + ", ".join(unknown) if unknown else "")


def _mt_lines(lines: Sequence[str]) -> range:
    """Where the ``mt:`` line is, with the lines a PO writer wrapped it onto (polib wraps at 78 columns)."""
    for start, line in enumerate(lines):
        if line.startswith(MT_PREFIX):
            end = start + 1
            while end < len(lines) and lines[end - 1].rstrip().endswith((",", ":", ";")):
                if starts_comment(lines[end]):
                    break
                end += 1
            return range(start, end)
    return range(0)


def _mt_line(entry: polib.POEntry) -> str | None:
    """What follows ``mt:``, its wrapped lines joined back."""
    lines = comment_lines(entry)
    found = _mt_lines(lines)
    return " ".join(lines[n] for n in found)[len(MT_PREFIX) :].strip() if found else None


def without_mt_line(lines: Sequence[str]) -> list[str]:
    """Comment lines without the ``mt:`` line (wrapped or not).

    >>> without_mt_line(["mt: apertium; unknown: a,", "b", "note"])
    ['note']
    """
    found = _mt_lines(lines)
    return [line for number, line in enumerate(lines) if number not in found]


def machine_engine(entry: polib.POEntry) -> str | None:
    """The engine named by ``# mt: <engine>``, if the current translation is machine output."""
    line = _mt_line(entry)
    return None if line is None else line.split(";", 1)[0].strip()


def machine_unknown(entry: polib.POEntry) -> tuple[str, ...]:
    r"""The words the engine did not know, from ``# mt: <engine>; unknown: a, b``.

    >>> entry = polib.POEntry(msgid="x", tcomment="mt: apertium; unknown: governance,\nupcoming\nnote")
    >>> machine_engine(entry), machine_unknown(entry)
    ('apertium', ('governance', 'upcoming'))
    """
    line = _mt_line(entry)
    if line is None or _UNKNOWN_NOTE.strip() not in line:
        return ()
    listed = line.split(_UNKNOWN_NOTE.strip(), 1)[1]
    return tuple(word for word in (w.strip() for w in listed.split(",")) if re.fullmatch(r"\w+", word))
