"""The benchmark runs end to end at a small size (a smoke test: it must finish, not meet targets here)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO, require_tool


def test_benchmark_runs_at_a_small_size_and_writes_its_json(tmp_path):
    for tool in ("apertium", "msgmerge", "msgfmt"):
        require_tool(tool)
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench/run.py"), "--articles", "5", "--repeat", "1", "--memory-articles", "10",
         "--out", str(out), "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text("utf-8"))
    assert result["articles"] == 5 and result["segments_unique"] > 5 * 10
    assert set(result["ratios"]) == {
        "cold_translate_vs_floor", "nochange_vs_msgmerge", "edit_vs_budget", "publish_first_vs_msgfmt",
        "publish_again_vs_msgfmt", "translate_memory_growth", "publish_memory_growth",
    }
    for ratio in result["ratios"].values():
        assert ratio["ratio"] > 0 and isinstance(ratio["met"], bool)
    # Only the edited article's template and catalog changed.
    (edit,) = result["edits"]
    assert edit["files_changed"] == sorted([f"locales/es/{edit['article']}.po", f"locales/templates/{edit['article']}.pot"])
    assert "cold translate" in done.stdout and "peak RSS publish" in done.stdout
