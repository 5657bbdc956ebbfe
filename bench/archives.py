"""Benchmark: publish with RFC 5005 archives at scale: peak memory, and the files a one-article change rewrites.

Generates a site cheaply (no engine: every catalog written pre-filled and reviewed), publishes it
once (cold), publishes again unchanged, then adds one article (the newest) with its catalog and
publishes: every file under the output folder is compared byte for byte before and after. Each
publish runs in its own child process, so its peak RSS is its own.

    python bench/archives.py --articles 100000 [--page-size 50] [--out results.json]

Prints one JSON document: per size, the seconds and peak RSS of each publish, the archive pages,
and the feed files the one-article change rewrote (existing files whose bytes changed) and created.
Not a test (tests/test_feed_archives.py checks the same promises on a few articles).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = """[tool.i18n-pub]
languages = ["es"]

[tool.i18n-pub.engines]
default = "none"

[tool.i18n-pub.feed]
title = "ICESCO News"
base-url = "https://example.org/news"
organization = "ICESCO"
page-size = {page_size}
"""
HEADER = """msgid ""
msgstr ""
"Project-Id-Version: bench\\n"
"PO-Revision-Date: 2021-03-29 06:40+0000\\n"
"Language: es\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""
START = datetime(2001, 1, 1, tzinfo=UTC)


def write_article(site: Path, number: int) -> None:
    """One source (a headline and two one-sentence paragraphs) and its reviewed Spanish catalog."""
    slug = f"article-{number:06d}"
    day = (START + timedelta(hours=number)).strftime("%Y-%m-%dT%H:%M:%SZ")
    title = f"ICESCO news item {number}"
    body = [f"ICESCO published report number {number} today.", f"The report covers {number % 97} member states."]
    (site / "sources" / f"{slug}.md").write_text(f"---\ntitle: {title}\ndate: {day}\n---\n" + "\n\n".join(body) + "\n", "utf-8")
    entries = [f'msgctxt "title"\nmsgid "{title}"\nmsgstr "Noticia {number} de la ICESCO"\n']
    entries += [f'msgid "{text}"\nmsgstr "ES {text}"\n' for text in body]
    (site / "locales" / "es" / f"{slug}.po").write_text(HEADER + "\n".join(entries), "utf-8")


def make_site(folder: Path, articles: int, page_size: int) -> Path:
    site = folder / "site"
    (site / "sources").mkdir(parents=True)
    (site / "locales" / "es").mkdir(parents=True)
    (site / "pyproject.toml").write_text(PYPROJECT.format(page_size=page_size), "utf-8")
    shutil.copy(REPO / "locales" / "es" / "_site.po", site / "locales" / "es" / "_site.po")  # reviewed site strings
    for number in range(articles):
        write_article(site, number)
    return site


# The CLI in a child that reports its own peak RSS (ru_maxrss of RUSAGE_CHILDREN would be the largest child's so far).
CHILD = """
import resource, runpy, sys
sys.argv = ["i18n-pub", "publish", "-l", "es", "--quiet"]
try:
    runpy.run_module("i18n_pub", run_name="__main__")
except SystemExit as stop:
    code = stop.code
else:
    code = 0
print("peak-rss-kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def publish(site: Path) -> dict:
    """One publish in a child process: wall and CPU seconds, and its peak RSS (MiB)."""
    start, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=site, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1700000000"},
        capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"publish failed: {done.stderr}")
    peak = int(done.stderr.rsplit("peak-rss-kib", 1)[1].split()[0])
    cpu_seconds = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds, 2), "peak_rss_mib": round(peak / 1024, 1)}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.xml"))}


def measure(articles: int, page_size: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="i18n-pub-archives-") as tmp:
        start = time.perf_counter()
        site = make_site(Path(tmp), articles, page_size)
        generated = time.perf_counter() - start
        cold = publish(site)
        unchanged_before = snapshot(site / "build" / "feeds")
        warm = publish(site)
        unchanged_after = snapshot(site / "build" / "feeds")
        unchanged = [n for n in unchanged_before if unchanged_after.get(n) != unchanged_before[n]]
        del unchanged_before, unchanged_after
        write_article(site, articles)  # the newest article
        before = snapshot(site / "build" / "feeds")
        added = publish(site)
        after = snapshot(site / "build" / "feeds")
        return {
            "articles": articles,
            "page_size": page_size,
            "generate_seconds": round(generated, 1),
            "archive_pages": sum(1 for name in after if "/archive-" in name),
            "entries": sum(data.count(b"<entry>") for data in after.values()),  # articles + 1: none held back
            "feed_bytes": len(after["es.xml"]),
            "cold_publish": cold,
            "unchanged_publish": {**warm, "files_rewritten": unchanged},
            "one_article_added": {
                **added,
                "files_rewritten": sorted(n for n in before if n in after and before[n] != after[n]),
                "files_created": sorted(set(after) - set(before)),
            },
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[100_000])
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results = {"runs": [measure(n, args.page_size) for n in args.articles]}
    text = json.dumps(results, indent=2)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")
    print(text)


if __name__ == "__main__":
    main()
