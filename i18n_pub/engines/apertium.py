"""Apertium, the offline rule-based engine: one process per batch, never one per segment."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Sequence

from i18n_pub.engines.apertium_pairs import apertium_mode, install_hint
from i18n_pub.errors import EngineError

OnResult = Callable[[int, str], None]

# Segments are separated by one blank line: a single newline leaks context between them.
_SEPARATOR = "\n\n"
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


class ApertiumEngine:
    name = "apertium"
    token_shape = "{%d}"  # punctuation and digits: kept as written (see i18n_pub/masking.py)

    def __init__(self, command: str = "apertium", batch_size: int = 5000) -> None:
        self.command = command
        self.batch_size = batch_size
        self._ready: tuple[list[str], subprocess.Popen] | None = None  # a process started before its batch

    def warm_up(self, source: str, target: str) -> None:
        """Start the process for the next batch now: Apertium takes 0.1–0.2 s to load its data, which
        then overlaps with our own work instead of adding to it (for one edited sentence, that is most
        of the engine's time). Never raises: a failure to start is reported by the batch itself."""
        command = self._command(source, target)
        if command is not None and self._ready is None:
            try:
                self._ready = (command, self._spawn(command))
            except OSError:
                pass

    def close(self) -> None:
        """End a process started by :meth:`warm_up` that got no batch (it reads an empty input and exits)."""
        if self._ready is not None:
            _, process = self._ready
            self._ready = None
            process.communicate("")

    def _command(self, source: str, target: str) -> list[str] | None:
        executable = shutil.which(self.command)
        return None if executable is None else [executable, "-u", apertium_mode(source, target)]

    @staticmethod
    def _spawn(command: list[str]) -> subprocess.Popen:
        return subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
        )

    def _process_for(self, command: list[str]) -> subprocess.Popen:
        """The warmed-up process if it runs this command, else a new one."""
        ready, self._ready = self._ready, None
        if ready is not None:
            if ready[0] == command:
                return ready[1]
            ready[1].communicate("")
        return self._spawn(command)

    def translate(self, texts: Sequence[str], source: str, target: str, on_result: OnResult | None = None) -> list[str]:
        results: list[str] = []
        for start in range(0, len(texts), self.batch_size):
            try:
                batch = self._translate_batch(texts[start : start + self.batch_size], source, target)
            except EngineError as error:
                error.partial = (*results, *[None] * (len(texts) - len(results)))
                raise
            for offset, text in enumerate(batch):
                if on_result:
                    on_result(start + offset, text)
            results += batch
        return results

    def _translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if not texts:
            return []
        command = self._command(source, target)
        if command is None:
            raise EngineError(
                f"apertium ({source}→{target}): the '{self.command}' command is not installed",
                fix=install_hint(source, target),
            )
        flat = [" ".join(text.split()) for text in texts]  # a newline inside a segment would split it
        try:
            process = self._process_for(command)
            stdout, stderr = process.communicate(_SEPARATOR.join(flat) + "\n")
        except OSError as exc:
            raise EngineError(f"apertium ({source}→{target}): {exc}", fix="check the Apertium installation") from None
        if process.returncode != 0:
            cause = (stderr.strip().splitlines() or ["exit code " + str(process.returncode)])[-1]
            raise EngineError(
                f"apertium ({source}→{target}): {cause}",
                fix=f"{install_hint(source, target)} ('apertium -l' lists the installed pairs)",
            )
        outputs = [part.strip() for part in _BLANK_LINES.split(stdout.strip())]
        if len(outputs) != len(flat):
            raise EngineError(
                f"apertium ({source}→{target}): returned {len(outputs)} segments for {len(flat)}",
                fix="report this with the source text; rerun to retry",
            )
        return outputs
