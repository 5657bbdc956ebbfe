"""The replay benchmark runs end to end on three small guides, and every figure it reports is recomputed
here from the sentences it records: chrF with sacrebleu directly, the edit distance with the textbook
dynamic programme below (not the rapidfuzz the benchmark uses)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sacrebleu.metrics import CHRF

from tests.conftest import REPO, require_tool

pytestmark = pytest.mark.slow  # benchmark smoke: make test runs it, make check does not

GUIDES = ["code-of-conduct", "metrics", "security-best-practices-for-your-project"]


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _scores(rows: list[dict]) -> tuple[float, float]:
    sys.path.insert(0, str(REPO / "bench"))
    from opensource import plain  # the benchmark's plain text: Markdown marks dropped on both sides alike

    hypotheses, references = [plain(r["prefilled"]) for r in rows], [plain(r["reference"]) for r in rows]
    chrf = CHRF().corpus_score(hypotheses, [references]).score
    changed = sum(_levenshtein(h, r) for h, r in zip(hypotheses, references, strict=True))
    return chrf, changed / sum(max(len(h), len(r)) for h, r in zip(hypotheses, references, strict=True))


def test_the_replay_reports_figures_recomputed_from_its_own_sentences(tmp_path):
    require_tool("apertium")
    out = tmp_path / "replay.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench/replay.py"), "--guides", ",".join(GUIDES), "--json", str(out), "--work", str(tmp_path / "w")],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text("utf-8"))
    assert [a["guide"] for a in result["articles"]] == GUIDES
    for mode in ("on", "off"):
        rows = result["rows"][mode]
        for article in result["articles"]:
            mine = [r for r in rows if r["guide"] == article["guide"]]
            assert len(mine) == article["sentences"] > 10
            chrf, edit = _scores(mine)
            assert article[mode]["chrf"] == pytest.approx(chrf, abs=0.006)
            assert article[mode]["edit"] == pytest.approx(edit, abs=0.00006)
            assert sum(article[mode]["filled"].values()) == len(mine)
        later = [r for r in rows if r["guide"] == GUIDES[2]]
        chrf, edit = _scores(later)
        summary = result["after_first_two"][mode]
        assert summary == {"sentences": len(later), "chrf": pytest.approx(chrf, abs=0.006), "edit": pytest.approx(edit, abs=0.00006)}
    # Nothing was reviewed before the first guide: both runs pre-fill it alike.
    first = result["articles"][0]
    assert first["on"] == first["off"] and first["off"]["filled"].get("fuzzy", 0) == 0
    # Without the memory features nothing is learned or pre-filled from a fuzzy match.
    assert all(a["off"]["filled"].get("fuzzy", 0) == 0 for a in result["articles"])
    # Each accepted row is in the glossary folder of the "on" site, as the editor saved it.
    saved = "".join(p.read_text("utf-8") for p in sorted((tmp_path / "w" / "on" / "glossary").glob("*.csv")))
    for article in result["articles"]:
        for row in article["accepted"]:
            english, spanish = row.split(" → ")
            assert f"{english},{spanish}," in saved
    assert "After the first two guides" in done.stdout
