"""Apertium, the offline rule-based engine: one process per batch, never one per segment."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Sequence

from i18n_pub.errors import EngineError

OnResult = Callable[[int, str], None]

# Apertium names language pairs with ISO 639-3 codes.
_ISO3 = {
    "en": "eng", "es": "spa", "ca": "cat", "gl": "glg", "pt": "por", "fr": "fra", "it": "ita",
    "eo": "epo", "oc": "oci", "ro": "ron", "an": "arg", "ast": "ast", "eu": "eus",
}
# Segments are separated by one blank line: a single newline leaks context between them.
_SEPARATOR = "\n\n"
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def apertium_mode(source: str, target: str) -> str:
    """The Apertium mode for a language pair.

    >>> apertium_mode("en", "es")
    'eng-spa'
    """
    base = lambda code: code.split("-")[0].lower()  # noqa: E731
    return f"{_ISO3.get(base(source), base(source))}-{_ISO3.get(base(target), base(target))}"


class ApertiumEngine:
    name = "apertium"
    token_shape = "{%d}"  # punctuation and digits: kept as written (see i18n_pub/masking.py)

    def __init__(self, command: str = "apertium", batch_size: int = 5000) -> None:
        self.command = command
        self.batch_size = batch_size

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
        mode = apertium_mode(source, target)
        executable = shutil.which(self.command)
        if executable is None:
            raise EngineError(
                f"apertium ({source}→{target}): the '{self.command}' command is not installed",
                fix=f"install it: apt-get install apertium apertium-{mode}",
            )
        flat = [" ".join(text.split()) for text in texts]  # a newline inside a segment would split it
        try:
            done = subprocess.run(
                [executable, "-u", mode],
                input=_SEPARATOR.join(flat) + "\n",
                capture_output=True,
                text=True,
                encoding="utf-8",
                check=False,
            )
        except OSError as exc:
            raise EngineError(f"apertium ({source}→{target}): {exc}", fix="check the Apertium installation") from None
        if done.returncode != 0:
            cause = (done.stderr.strip().splitlines() or ["exit code " + str(done.returncode)])[-1]
            raise EngineError(
                f"apertium ({source}→{target}): {cause}",
                fix=f"install the language pair: apt-get install apertium-{mode} (apertium -l lists the installed ones)",
            )
        outputs = [part.strip() for part in _BLANK_LINES.split(done.stdout.strip())]
        if len(outputs) != len(flat):
            raise EngineError(
                f"apertium ({source}→{target}): returned {len(outputs)} segments for {len(flat)}",
                fix="report this with the source text; rerun to retry",
            )
        return outputs
