"""The benchmark runs end to end at a small size (a smoke test: it must finish, not meet targets here)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

import pytest

from tests.conftest import REPO, require_tool

pytestmark = pytest.mark.slow  # benchmark smoke: make test runs it, make check does not


def _run_bench(tmp_path, *options: str) -> tuple[subprocess.CompletedProcess, dict]:
    """bench/run.py with ``options``, as a user runs it; its exit, output and JSON."""
    for tool in ("apertium", "msgmerge", "msgfmt"):
        require_tool(tool)
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench/run.py"), *options, "--repeat", "1", "--out", str(out), "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done, json.loads(out.read_text("utf-8"))


def test_benchmark_runs_at_a_small_size_and_writes_its_json(tmp_path):
    done, result = _run_bench(tmp_path, "--articles", "5", "--memory-articles", "10")
    assert result["articles"] == 5 and result["segments_unique"] > 5 * 10
    assert set(result["ratios"]) == {
        "cold_translate_vs_floor", "nochange_vs_msgmerge", "edit_vs_budget", "publish_first_vs_msgfmt",
        "publish_again_vs_msgfmt", "translate_memory_growth", "publish_memory_growth",
    }
    # Each ratio is recomputed here from the raw samples the JSON records (statistics.median, not the
    # benchmark's own helper), and each verdict from its target: a wrong formula or verdict fails.
    med = {stage: statistics.median(values) for stage, values in result["seconds"].items()}
    assert all(len(values) == 1 and values[0] > 0 for values in result["seconds"].values())
    assert med["floor"] == pytest.approx(med["pysbd"] + med["apertium_all"])
    expected = {
        "cold_translate_vs_floor": med["cold_translate"] / med["floor"],
        "nochange_vs_msgmerge": med["nochange_translate"] / med["msgmerge"],
        "edit_vs_budget": med["edit_translate"] / (med["nochange_translate"] + 1.5 * med["apertium_one"]),
        "publish_first_vs_msgfmt": med["publish_first"] / med["msgfmt"],
        "publish_again_vs_msgfmt": med["publish_again"] / med["msgfmt"],
        "translate_memory_growth": result["memory_run"]["translate_max_rss_kib"] / result["max_rss_kib"]["translate"][0],
        "publish_memory_growth": result["memory_run"]["publish_max_rss_kib"] / result["max_rss_kib"]["publish"][0],
    }
    for name, value in expected.items():
        ratio = result["ratios"][name]
        assert ratio["ratio"] == pytest.approx(value, abs=0.0006), name
        assert ratio["met"] is (ratio["ratio"] <= ratio["target"]), name
    # Only the edited article's template and catalog changed.
    (edit,) = result["edits"]
    assert edit["files_changed"] == sorted([f"locales/es/{edit['article']}.po", f"locales/templates/{edit['article']}.pot"])
    assert "cold translate" in done.stdout and "peak RSS publish" in done.stdout


def test_the_benchmark_runs_on_the_real_prometheus_posts(tmp_path):
    _, result = _run_bench(tmp_path, "--corpus", "prometheus", "--articles", "3", "--memory-articles", "0")
    assert result["corpus"] == "prometheus" and result["articles"] == 3
    copied = sorted(p.name for p in (tmp_path / "work" / "master" / "sources").iterdir())
    assert copied == sorted(p.name for p in sorted((REPO / "tests/data/shared/realworld/prometheus-blog").glob("*.md"))[:3])
    # the one-edit stage changed exactly the edited article's template and catalog, as a real edit would
    (edit,) = result["edits"]
    assert edit["files_changed"] == [f"locales/es/{edit['article']}.po", f"locales/templates/{edit['article']}.pot"]
