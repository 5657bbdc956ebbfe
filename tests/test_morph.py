"""Word analysis with Apertium's dictionaries: the lt-proc kept running gives what one process per request gives."""

from __future__ import annotations

import re
import subprocess

from i18n_pub import morph
from tests.conftest import REPO, require_tool


def _words(language_sources: str) -> list[str]:
    text = " ".join(path.read_text("utf-8") for path in sorted((REPO / language_sources).glob("*.md")))
    return sorted(set(re.findall(r"[^\W\d_][\w'’-]*", text)))


def test_the_running_analyser_answers_as_a_fresh_lt_proc_does():
    """The reference is one plain ``lt-proc`` over all the words (no -z, no batches); the words are those of
    the sample site (over 200 of them, so the requests are cut into batches) and the answers in Spanish."""
    require_tool("lt-proc")
    assert morph.available("en") and morph.available("es")
    words = _words("sources")
    assert len(words) > morph._Server.BATCH
    for language in ("en", "es"):
        dictionary = str(morph._dictionary(morph._ANALYSER[language]))
        fresh = subprocess.run(["lt-proc", dictionary], input="\n".join(words) + "\n", capture_output=True, text=True, check=True)
        assert morph._run([dictionary], words) == fresh.stdout.split("\n")[: len(words)]
        assert morph._run([dictionary], words[:3]) == fresh.stdout.split("\n")[:3]  # the same process, asked again
    assert morph.readings("firmó", "es") == (("firmar", ("vblex", "ifi", "p3", "sg")),)  # written by hand
    assert morph.generate("firmar", ("vblex", "ifi", "p3", "pl"), "es") == "firmaron"
    morph.close()
    assert morph._servers == {}
