"""Apertium, the offline rule-based engine: one process per batch, never one per segment.

Apertium runs with its marks on (no ``-u``): ``*word`` is a word it did not know
and left as it was, ``#word`` a word it could not inflect, ``@word`` one its
bilingual dictionary lacks. The marks are taken out of the text (as ``-u``
would) and the unknown words are kept with each answer. So that a literal
``*``, ``#`` or ``@`` of the text (``#hashtag``, ``@user``, ``*emphasis*``) is
never taken for a mark, those three go to Apertium as stand-ins it passes
through as punctuation (``∗ ＃ ＠``) and come back after; a batch whose text
already holds a stand-in runs with ``-u`` instead (its answers then name no
unknown word).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from collections.abc import Sequence

from i18n_pub.engines import Answer, EngineResult, OnResult
from i18n_pub.engines.apertium_pairs import apertium_mode, install_hint
from i18n_pub.errors import EngineError

# Segments are separated by one blank line: a single newline leaks context between them.
_SEPARATOR = "\n\n"
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_STAND_INS = {"*": "∗", "#": "＃", "@": "＠"}  # literal mark characters, as Apertium gets them
_TO_STAND_INS = str.maketrans(_STAND_INS)
_FROM_STAND_INS = str.maketrans({v: k for k, v in _STAND_INS.items()})
_MARKS = re.compile(r"[*#@]")
_UNKNOWN = re.compile(r"\*([^\W_]+)")  # Apertium's words are letters and digits: ``*ICESCO_News`` marks ICESCO


def read_marks(output: str) -> Answer:
    """One segment of Apertium's marked output: the text without marks, and the words marked unknown.

    >>> read_marks("El *governance de *upcoming ＃*hash cumplió #dr. ∗estrella∗")
    Answer(text='El governance de upcoming #hash cumplió dr. *estrella*', unknown=('governance', 'upcoming', 'hash'))
    """
    unknown = tuple(dict.fromkeys(_UNKNOWN.findall(output)))
    return Answer(_MARKS.sub("", output).translate(_FROM_STAND_INS), unknown)


class ApertiumEngine:
    name = "apertium"
    # [[0]], not {0}: Apertium splits "{" from "0}" and moves them apart around a possessive
    # ("see {0}Prometheus's documentation{1}" → "ve {la documentación de 0}Prometeo{1}"), which loses
    # the link the codes stood for; "[[0]]" stays whole and in place (see i18n_pub/masking.py).
    token_shape = "brackets"
    name_tokens = True  # an organisation or a person is masked as a first name of its gender (masking.NAME_TOKENS)
    cache_key = "apertium+marks"  # answers cached before the unknown words were kept name none: not reused

    def __init__(self, command: str = "apertium", batch_size: int = 5000) -> None:
        self.command = command
        self.batch_size = batch_size
        self._ready: tuple[list[str], subprocess.Popen[str]] | None = None  # a process started before its batch

    def warm_up(self, source: str, target: str) -> None:
        """Start the process for the next batch now: Apertium takes 0.1–0.2 s to load its data, which
        then overlaps with our own work instead of adding to it (for one edited sentence, that is most
        of the engine's time). Never raises: a failure to start is reported by the batch itself."""
        command = self._command(source, target)
        if command is not None and self._ready is None:
            with contextlib.suppress(OSError):
                self._ready = (command, self._spawn(command))

    def close(self) -> None:
        """End a process started by :meth:`warm_up` that got no batch (it reads an empty input and exits)."""
        if self._ready is not None:
            _, process = self._ready
            self._ready = None
            process.communicate("")

    def _command(self, source: str, target: str, marks: bool = True) -> list[str] | None:
        executable = shutil.which(self.command)
        if executable is None:
            return None
        return [executable, apertium_mode(source, target)] if marks else [executable, "-u", apertium_mode(source, target)]

    @staticmethod
    def _spawn(command: list[str]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
        )

    def _process_for(self, command: list[str]) -> subprocess.Popen[str]:
        """The warmed-up process if it runs this command, else a new one."""
        ready, self._ready = self._ready, None
        if ready is not None:
            if ready[0] == command:
                return ready[1]
            ready[1].communicate("")
        return self._spawn(command)

    def translate(self, texts: Sequence[str], source: str, target: str, on_result: OnResult | None = None) -> EngineResult:
        results: list[Answer] = []
        for start in range(0, len(texts), self.batch_size):
            batch = self._translate_batch(texts[start : start + self.batch_size], source, target)
            if isinstance(batch, EngineError):
                return EngineResult((*results, *[None] * (len(texts) - len(results))), batch)
            for offset, answer in enumerate(batch):
                if on_result:
                    on_result(start + offset, answer)
            results += batch
        return EngineResult(tuple(results))

    def _translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[Answer] | EngineError:
        if not texts:
            return []
        flat = [" ".join(text.split()) for text in texts]  # a newline inside a segment would split it
        text = _SEPARATOR.join(flat) + "\n"
        marks = not any(stand_in in text for stand_in in _STAND_INS.values())
        command = self._command(source, target, marks)
        if command is None:
            return EngineError(
                f"apertium ({source}→{target}): the '{self.command}' command is not installed",
                fix=install_hint(source, target),
            )
        try:
            process = self._process_for(command)
            stdout, stderr = process.communicate(text.translate(_TO_STAND_INS) if marks else text)
        except OSError as exc:
            return EngineError(f"apertium ({source}→{target}): {exc}", fix="check the Apertium installation")
        if process.returncode != 0:
            cause = (stderr.strip().splitlines() or ["exit code " + str(process.returncode)])[-1]
            return EngineError(
                f"apertium ({source}→{target}): {cause}",
                fix=f"{install_hint(source, target)} ('apertium -l' lists the installed pairs)",
            )
        outputs = [part.strip() for part in _BLANK_LINES.split(stdout.strip())]
        if len(outputs) != len(flat):
            return EngineError(
                f"apertium ({source}→{target}): returned {len(outputs)} segments for {len(flat)}",
                fix="report this with the source text; rerun to retry",
            )
        return [read_marks(output) if marks else Answer(output) for output in outputs]
