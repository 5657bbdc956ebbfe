"""Word analysis and generation with Apertium's own dictionaries (``lt-proc``), for the grammar rules.

The rules that put a verb in the plural (``firmó`` → ``firmaron``), read a
headline word as a verb (``sign``) or tell a noun from a verb need to know what
a word is. Apertium ships morphological analysers and generators for both sides
of ``eng-spa``; this module asks them, a whole list of words per process, and
remembers every answer. Where the data is not installed every question gets an
empty answer, so a rule that needs one leaves the text as it is.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import threading
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


class _Server:
    """One ``lt-proc -z`` kept running for a dictionary: each request (a batch of lines, then a null flush)
    is answered at once, where a process per request loaded the dictionary every time (0.1-0.2 s each,
    13 times in a cold translate of 300 articles)."""

    BATCH = 200  # lines per request: the answer stays well within a pipe's buffer

    def __init__(self, arguments: tuple[str, ...]) -> None:
        self._process = subprocess.Popen(
            ["lt-proc", "-z", *arguments], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )

    def ask(self, lines: list[str]) -> list[str]:
        outputs: list[str] = []
        for start in range(0, len(lines), self.BATCH):
            batch = lines[start : start + self.BATCH]
            answer = self._request(("\n".join(batch) + "\n\0").encode("utf-8")).decode("utf-8").split("\n")
            outputs += (answer + [""] * len(batch))[: len(batch)]
        return outputs

    def _request(self, data: bytes) -> bytes:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(data)
        self._process.stdin.flush()
        received = bytearray()
        while not received.endswith(b"\0"):
            chunk = os.read(self._process.stdout.fileno(), 65536)
            if not chunk:
                raise OSError("lt-proc stopped")
            received += chunk
        return bytes(received[:-1])

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait()


_servers: dict[tuple[str, ...], _Server] = {}
_lock = threading.Lock()


def _run(arguments: list[str], lines: list[str]) -> list[str]:
    """The output of ``lt-proc`` for each of ``lines``, from one process kept for these arguments."""
    key = tuple(arguments)
    with _lock:
        try:
            server = _servers.get(key) or _servers.setdefault(key, _Server(key))
            return server.ask(lines)
        except OSError:  # lt-proc missing, or stopped: every line unknown, as without the data
            _servers.pop(key, None)
            return [""] * len(lines)


@atexit.register
def close() -> None:
    """Stop every ``lt-proc`` this process started."""
    with _lock:
        for server in _servers.values():
            server.close()
        _servers.clear()


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
