"""Benchmark i18n-pub against the tools it stands on, side by side, in one run.

    python bench/run.py                      # 1,000 articles, 3 repetitions, memory at 10,000
    python bench/run.py --articles 20 --repeat 1 --memory-articles 40   # the CI smoke size

For each repetition it generates nothing new (the site is generated once, then
copied), and times every stage of ``i18n-pub`` as a user runs it (a fresh
process) next to the baseline that sets its floor:

| stage | ours | baseline |
|---|---|---|
| cold translate | ``i18n-pub translate -l es``, no catalogs yet | pysbd over the text + ``apertium -u eng-spa`` once over unique segments |
| no-change rerun | ``i18n-pub translate -l es`` again | ``msgmerge --previous`` of every template into its catalog |
| one edit | one sentence edited in one article, ``translate`` again | the no-change rerun + 1.5 × Apertium on that one segment |
| publish | ``i18n-pub publish -l es`` (first run, then again) | ``msgfmt -c`` of every catalog |
| memory | peak RSS of translate and publish at ``--memory-articles`` | the same at ``--articles`` |

Medians of the repetitions are reported (other work shares the machine). The
table goes to standard output and everything to ``bench/results-<N>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import editable_sentence, prometheus  # noqa: E402
from sitegen import generate  # noqa: E402

CLI = [sys.executable, "-m", "i18n_pub"]
ENV = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1617000000"}

# pysbd exactly as a plain pipeline would call it, over the same text blocks.
PYSBD_FLOOR = """
import json, sys, pysbd
blocks = json.load(open(sys.argv[1], encoding="utf-8"))
segmenter = pysbd.Segmenter(language="en", clean=False)
count = sum(len(segmenter.segment(block)) for block in blocks)
print(count)
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_kib: int  # peak resident set of the process and every child it waited for
    cpu_seconds: float = 0.0  # user + system time of the process and every child it waited for


def timed(command: list[str], *, cwd: Path | None = None, stdin: Path | None = None, check: bool = True) -> Run:
    """Run ``command`` in a child process; its wall time and its peak memory (``wait4`` rusage)."""
    with contextlib.ExitStack() as stack:
        stdin_handle = stack.enter_context(open(stdin, "rb")) if stdin else subprocess.DEVNULL
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdin=stdin_handle, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stderr = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    if check and process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed ({process.returncode}):\n{stderr.decode(errors='replace')}")
    return Run(seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)


def timed_shell(script: str, *, cwd: Path) -> Run:
    return timed(["bash", "-c", script], cwd=cwd)


def tree_hashes(root: Path) -> dict[str, tuple[int, int]]:
    import hashlib

    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".i18n-pub" not in p.parts
    }


def fresh_copy(master: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy(master / "pyproject.toml", dest / "pyproject.toml")
    shutil.copytree(master / "sources", dest / "sources")
    return dest


def machine() -> dict[str, str | int]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count() or 0,
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg()[0],
    }


def tool_version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True)
        return (done.stdout or done.stderr).splitlines()[0].strip()
    except (OSError, IndexError):
        return "unknown"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def bench(articles: int, repeat: int, memory_articles: int, work: Path, corpus: str = "synthetic") -> dict:
    master = work / "master"
    made = generate(master, articles) if corpus == "synthetic" else prometheus(master, articles)
    articles = len(made)
    blocks_file = work / "blocks.json"
    blocks_file.write_text(json.dumps([b for a in made for b in a.blocks]), encoding="utf-8")
    unique = list(dict.fromkeys(" ".join(s.split()) for a in made for s in a.sentences))
    unique_file = work / "unique.txt"
    unique_file.write_text("\n\n".join(unique) + "\n", encoding="utf-8")
    pysbd_script = work / "pysbd_floor.py"
    pysbd_script.write_text(PYSBD_FLOOR, encoding="utf-8")

    samples: dict[str, list[float]] = {k: [] for k in (
        "pysbd", "apertium_all", "floor", "cold_translate", "nochange_translate", "msgmerge",
        "edit_translate", "apertium_one", "publish_first", "publish_again", "msgfmt",
    )}
    rss: dict[str, list[int]] = {"translate": [], "publish": []}
    # CPU time of the cold run and of its floor: Apertium keeps both cores busy, so the wall-time ratio
    # depends on what else runs on the machine; CPU seconds show how much work each side did.
    cpu: dict[str, list[float]] = {"cold_translate": [], "floor": []}
    load: list[float] = []
    edits: list[dict] = []

    for rep in range(repeat):
        site = fresh_copy(master, work / f"site-{rep}")
        # Floor of a cold run: pysbd over the text, then Apertium once over the unique segments.
        load.append(os.getloadavg()[0])
        sbd_run = timed([sys.executable, str(pysbd_script), str(blocks_file)])
        mt_run = timed(["apertium", "-u", "eng-spa"], stdin=unique_file)
        sbd, mt = sbd_run.seconds, mt_run.seconds
        samples["pysbd"].append(sbd)
        samples["apertium_all"].append(mt)
        samples["floor"].append(sbd + mt)
        cpu["floor"].append(sbd_run.cpu_seconds + mt_run.cpu_seconds)

        cold = timed([*CLI, "translate", "-l", "es", "--quiet"], cwd=site)
        samples["cold_translate"].append(cold.seconds)
        rss["translate"].append(cold.max_rss_kib)
        cpu["cold_translate"].append(cold.cpu_seconds)

        before = tree_hashes(site)
        samples["nochange_translate"].append(timed([*CLI, "translate", "-l", "es", "--quiet"], cwd=site).seconds)
        assert tree_hashes(site) == before, "a rerun with nothing changed modified files"

        merged = work / f"msgmerge-{rep}"
        merged.mkdir(exist_ok=True)
        samples["msgmerge"].append(
            timed_shell(
                f'for pot in locales/templates/*.pot; do slug=$(basename "$pot" .pot); '
                f'msgmerge --previous --quiet -o "{merged}/$slug.po" "locales/es/$slug.po" "$pot" || exit 1; done',
                cwd=site,
            ).seconds
        )

        # One sentence of one article edited.
        target = made[(articles // 2 + rep) % articles]
        old_sentence = target.sentences[2] if corpus == "synthetic" else editable_sentence(target)
        new_sentence = old_sentence[:-1] + f" this week{old_sentence[-1]}"
        source = site / "sources" / f"{target.slug}.md"
        text = source.read_text(encoding="utf-8")
        assert old_sentence in text
        source.write_text(text.replace(old_sentence, new_sentence, 1), encoding="utf-8")
        before = tree_hashes(site)
        samples["edit_translate"].append(timed([*CLI, "translate", "-l", "es", "--quiet"], cwd=site).seconds)
        after = tree_hashes(site)
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        expected = sorted([f"locales/es/{target.slug}.po", f"locales/templates/{target.slug}.pot"])
        assert changed == expected, f"one edit rewrote {changed}, expected {expected}"
        one = work / "one.txt"
        one.write_text(new_sentence + "\n", encoding="utf-8")
        samples["apertium_one"].append(timed(["apertium", "-u", "eng-spa"], stdin=one).seconds)
        edits.append({"article": target.slug, "sentence": new_sentence, "files_changed": changed})

        first = timed([*CLI, "publish", "-l", "es", "--quiet"], cwd=site)
        samples["publish_first"].append(first.seconds)
        rss["publish"].append(first.max_rss_kib)
        samples["publish_again"].append(timed([*CLI, "publish", "-l", "es", "--quiet"], cwd=site).seconds)
        samples["msgfmt"].append(
            timed_shell('for po in locales/es/*.po; do msgfmt -c -o /dev/null "$po" || exit 1; done', cwd=site).seconds
        )
        if rep < repeat - 1:
            shutil.rmtree(site)

    memory: dict[str, object] = {}
    if memory_articles:
        big = work / "big"
        # In a child process: Linux hands a child the parent's peak RSS at fork (it survives exec), so a bench
        # process grown by generating 10,000 articles (about 95 MiB) set a floor under every figure measured after.
        sitegen = [sys.executable, str(HERE / "sitegen.py"), str(big), "--articles", str(memory_articles)]
        subprocess.run(sitegen, check=True, stdout=subprocess.DEVNULL)
        big_translate = timed([*CLI, "translate", "-l", "es", "--quiet"], cwd=big)
        big_publish = timed([*CLI, "publish", "-l", "es", "--quiet"], cwd=big)
        memory = {
            "articles": memory_articles,
            "translate_seconds": big_translate.seconds,
            "translate_max_rss_kib": big_translate.max_rss_kib,
            "publish_seconds": big_publish.seconds,
            "publish_max_rss_kib": big_publish.max_rss_kib,
        }

    m = {k: median(v) for k, v in samples.items()}
    ratios = {
        "cold_translate_vs_floor": (m["cold_translate"] / m["floor"], 1.10),
        "nochange_vs_msgmerge": (m["nochange_translate"] / m["msgmerge"], 0.20),
        "edit_vs_budget": (m["edit_translate"] / (m["nochange_translate"] + 1.5 * m["apertium_one"]), 1.0),
        "publish_first_vs_msgfmt": (m["publish_first"] / m["msgfmt"], 1.0),
        "publish_again_vs_msgfmt": (m["publish_again"] / m["msgfmt"], 1.0),
    }
    if memory:
        ratios["translate_memory_growth"] = (memory["translate_max_rss_kib"] / median(rss["translate"]), 2.0)
        ratios["publish_memory_growth"] = (memory["publish_max_rss_kib"] / median(rss["publish"]), 2.0)
    return {
        "corpus": corpus,
        "articles": articles,
        "repeat": repeat,
        "segments_unique": len(unique),
        "machine": machine(),
        "tools": {
            "apertium": tool_version(["dpkg-query", "-W", "-f=${Version}", "apertium-eng-spa"]),
            "msgmerge": tool_version(["msgmerge", "--version"]),
        },
        "seconds": {k: v for k, v in samples.items()},
        "median_seconds": m,
        "max_rss_kib": {**{k: v for k, v in rss.items()}, "median": {k: median(v) for k, v in rss.items()}},
        "cpu_seconds": {**cpu, "median": {k: median(v) for k, v in cpu.items()}},
        "load_average_before_each_repetition": load,
        "memory_run": memory,
        "edits": edits,
        "ratios": {k: {"ratio": round(r, 3), "target": t, "met": r <= t} for k, (r, t) in ratios.items()},
    }


def table(result: dict) -> str:
    m = result["median_seconds"]
    r = result["ratios"]
    rows = [
        ("cold translate", m["cold_translate"], f"pysbd {m['pysbd']:.2f} + apertium {m['apertium_all']:.2f}",
         m["floor"], "cold_translate_vs_floor"),
        ("no-change rerun", m["nochange_translate"], "msgmerge --previous", m["msgmerge"], "nochange_vs_msgmerge"),
        ("one edit", m["edit_translate"], f"rerun + 1.5 × apertium one ({m['apertium_one']:.2f})",
         m["nochange_translate"] + 1.5 * m["apertium_one"], "edit_vs_budget"),
        ("publish (first)", m["publish_first"], "msgfmt -c", m["msgfmt"], "publish_first_vs_msgfmt"),
        ("publish (again)", m["publish_again"], "msgfmt -c", m["msgfmt"], "publish_again_vs_msgfmt"),
    ]
    lines = [
        f"{result['articles']} articles ({result.get('corpus', 'synthetic')}), {result['segments_unique']} unique segments, "
        f"median of {result['repeat']} "
        f"on {result['machine']['nproc']} × {result['machine']['cpu']}",
        f"{'stage':<18} {'ours s':>8}  {'baseline':<44} {'base s':>8} {'ratio':>7} {'target':>7}  met",
    ]
    for name, ours, label, base, key in rows:
        met = "yes" if r[key]["met"] else "NO"
        lines.append(f"{name:<18} {ours:>8.2f}  {label:<44} {base:>8.2f} {r[key]['ratio']:>7.3f} {r[key]['target']:>7.2f}  {met}")
    cpu = result["cpu_seconds"]["median"]
    loads = ", ".join(f"{x:.1f}" for x in result["load_average_before_each_repetition"])
    lines.append(
        f"{'  cold, CPU':<18} {cpu['cold_translate']:>8.2f}  {'CPU of pysbd + apertium (both cores)':<44} {cpu['floor']:>8.2f} "
        f"{cpu['cold_translate'] / cpu['floor']:>7.3f}  (load before: {loads})"
    )
    if result["memory_run"]:
        mem = result["memory_run"]
        med = result["max_rss_kib"]["median"]
        for stage in ("translate", "publish"):
            key = f"{stage}_memory_growth"
            same = f"same at {result['articles']} articles"
            met = "yes" if r[key]["met"] else "NO"
            lines.append(
                f"{'peak RSS ' + stage:<18} {mem[stage + '_max_rss_kib'] / 1024:>7.1f}M  {same:<44} "
                f"{med[stage] / 1024:>7.1f}M {r[key]['ratio']:>7.3f} {r[key]['target']:>7.2f}  {met}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark i18n-pub against pysbd + Apertium, msgmerge and msgfmt.")
    parser.add_argument("--articles", type=int, default=1000, help="site size (with --corpus prometheus: at most its 59 posts)")
    parser.add_argument(
        "--corpus", choices=("synthetic", "prometheus"), default="synthetic", help="generated articles, or the real Prometheus blog"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-articles", type=int, default=None, help="size of the memory run (default 10 × --articles; 0 skips it)")
    parser.add_argument("--out", type=Path, default=None, help="JSON file (default bench/results-<N>.json)")
    parser.add_argument("--work", type=Path, default=None, help="keep the generated sites here (default: a temporary folder)")
    args = parser.parse_args(argv)
    memory_articles = args.articles * 10 if args.memory_articles is None else args.memory_articles
    name = f"{args.articles}" if args.corpus == "synthetic" else args.corpus
    out = args.out or HERE / f"results-{name}.json"
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        result = bench(args.articles, args.repeat, memory_articles, args.work, args.corpus)
    else:
        with tempfile.TemporaryDirectory(prefix="i18n-pub-bench-") as work:
            result = bench(args.articles, args.repeat, memory_articles, Path(work), args.corpus)
    result["command"] = " ".join(["python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(table(result))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
