"""Word analysis and generation with Apertium's own dictionaries (``lt-proc``), for the grammar rules.

The rules that put a verb in the plural (``firmó`` → ``firmaron``), read a
headline word as a verb (``sign``) or tell a noun from a verb need to know what
a word is. Apertium ships morphological analysers and generators for both sides
of ``eng-spa``; this module asks them, a whole list of words per process, and
remembers every answer. Where the data is not installed every question gets an
empty answer, so a rule that needs one leaves the text as it is.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# Where apertium-eng-spa installs its compiled dictionaries (Debian/Ubuntu and `make install`).
_DATA_DIRS = (Path("/usr/share/apertium/apertium-eng-spa"), Path("/usr/local/share/apertium/apertium-eng-spa"))
# Analysers (surface → readings) and generators (reading → surface), by language.
_ANALYSER = {"en": "eng-spa.automorf.bin", "es": "spa-eng.automorf.bin"}
_GENERATOR = {"en": "spa-eng.autogen.bin", "es": "eng-spa.autogen.bin"}
_UNIT = re.compile(r"\^(.*?)\$")
_READING = re.compile(r"(?P<lemma>[^<]*)(?P<tags>(?:<[^>]+>)*)")

_WORD = re.compile(r"[^\W\d_][\w'’-]*")  # one word per line; anything else would shift the lines
_LETTERS = re.compile(r"[^\W\d_]+")  # the pieces a rule may take apart ("M’hamad" → "M", "hamad")
Reading = tuple[str, tuple[str, ...]]  # lemma, tags: ("firmar", ("vblex", "ifi", "p3", "sg"))


@cache
def _dictionary(name: str) -> Path | None:
    for folder in _DATA_DIRS:
        if (folder / name).is_file():
            return folder / name
    return None


def available(language: str) -> bool:
    """Whether words of ``language`` can be analysed and generated here."""
    return (
        shutil.which("lt-proc") is not None
        and language in _ANALYSER
        and _dictionary(_ANALYSER[language]) is not None
        and _dictionary(_GENERATOR[language]) is not None
    )


def _run(arguments: list[str], lines: list[str]) -> list[str]:
    """One ``lt-proc`` process for all ``lines`` (separated by a null flush line each), one output per line."""
    try:
        result = subprocess.run(
            ["lt-proc", *arguments], input="\n".join(lines) + "\n", capture_output=True, text=True, encoding="utf-8", check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return [""] * len(lines)
    outputs = result.stdout.split("\n")
    return (outputs + [""] * len(lines))[: len(lines)]


_analysed: dict[tuple[str, str], tuple[Reading, ...]] = {}
_generated: dict[tuple[str, str], str] = {}


def analyse_all(words: Iterable[str], language: str) -> None:
    """Analyse every word not yet known, in one process (later :func:`readings` calls are free)."""
    missing = sorted({w for w in words if (language, w) not in _analysed and _WORD.fullmatch(w)})
    if not missing:
        return
    if not available(language):
        _analysed.update({(language, w): () for w in missing})
        return
    outputs = _run([str(_dictionary(_ANALYSER[language]))], missing)
    for word, output in zip(missing, outputs, strict=True):
        _analysed[language, word] = _parse(output) if output.startswith(f"^{word}/") else ()


def prepare(texts: Iterable[str], language: str) -> None:
    """Analyse every word of ``texts`` (as written and in lower case) in one process, before the rules
    run one sentence at a time: a batch costs one ``lt-proc`` start, not one per sentence."""
    if language not in _ANALYSER:
        return
    words = {w for text in texts for w in (*_WORD.findall(text), *_LETTERS.findall(text))}
    analyse_all(words | {w.lower() for w in words}, language)


def _parse(output: str) -> tuple[Reading, ...]:
    unit = _UNIT.search(output)
    if unit is None:
        return ()
    readings = []
    for part in unit.group(1).split("/")[1:]:
        match = _READING.fullmatch(part)
        if match and match.group("tags"):
            readings.append((match.group("lemma"), tuple(re.findall(r"<([^>]+)>", match.group("tags")))))
    return tuple(readings)


def readings(word: str, language: str) -> tuple[Reading, ...]:
    """Every reading the dictionary gives ``word`` (empty when unknown).

    >>> ("firmar", ("vblex", "ifi", "p3", "sg")) in readings("firmó", "es") or not available("es")
    True
    """
    if not _WORD.fullmatch(word):
        return ()
    if (language, word) not in _analysed:
        analyse_all([word], language)
    return _analysed[language, word]


def generate(lemma: str, tags: Iterable[str], language: str) -> str | None:
    """The surface form of ``lemma`` with ``tags``, or ``None`` when the dictionary has none.

    >>> generate("firmar", ("vblex", "ifi", "p3", "pl"), "es") in ("firmaron", None)
    True
    """
    key = (language, lemma + "".join(f"<{t}>" for t in tags))
    if key not in _generated:
        if not available(language):
            return None
        (output,) = _run(["-g", str(_dictionary(_GENERATOR[language]))], [f"^{key[1]}$"])
        _generated[key] = output.strip()
    form = _generated[key]
    return form if form and not form.startswith(("#", "@")) and "<" not in form else None


def is_verb(reading: Reading) -> bool:
    return reading[1][:1] in (("vblex",), ("vbser",), ("vbhaver",), ("vbmod",), ("vaux",))
