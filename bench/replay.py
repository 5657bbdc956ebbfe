"""Replay benchmark (issue 19): does the site translate better as its translators review?

    .venv/bin/python bench/replay.py                       # all 12 guides, the table
    .venv/bin/python bench/replay.py --articles 3 --json replay.json
    .venv/bin/python bench/replay.py --corpus sample         # the sample site's 8 articles instead

The opensource.guide guides that have the site's own human Spanish translation
(``tests/data/shared/realworld/opensource-guide``, CC BY 4.0; aligned block by
block by :mod:`opensource`) are added to a fresh site one at a time, in the
site's own order (the ``order`` field of their front matter). For each guide:

1. ``i18n-pub translate -l es --engine apertium`` fills its new catalog (memory first, then Apertium);
2. what was pre-filled is compared with the human reference, sentence by sentence;
3. the guide is "reviewed": every entry with a reference gets it as its translation and
   loses ``fuzzy`` (sentences whose English and Spanish blocks split into different numbers
   of sentences have no reference: they stay machine output and are not scored);
4. with the memory features on, ``i18n-pub glossary suggest --from-reviews`` is run and its
   CSV saved into ``glossary/`` as it is, as an editor accepting every row would.

``--corpus sample`` replays the sample site's eight ICESCO articles instead, in date order,
starting from its glossary, with the references of ``tests/data/reference-es.tsv`` (written by
hand from the English; they cover part of each article, the rest stays machine output).

Two runs: memory features **on** (fuzzy memory pre-fill at the default threshold, 80,
learned glossary rows accepted after each review, and learned post-edits at the default
``learn-corrections = 2``) and **off** (``fuzzy-threshold = 101``, ``learn-corrections = 0``, no
suggestions accepted). Both reuse exact reviewed matches, which i18n-pub did before issue 19.

Scores, per guide and over the guides after the first two, of the pre-filled text against
the reference (both as plain text, Markdown markup dropped, see :func:`opensource.plain`):
chrF (sacrebleu's chrF2, corpus level) and the character edit distance as a share of the
longer text (sum of Levenshtein distances / sum of lengths: the ``status`` effort figure).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import polib
from sacrebleu.metrics import CHRF

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import opensource  # noqa: E402

from i18n_pub.reviews import Reviewed, effort  # noqa: E402
from i18n_pub.segment import split_sentences  # noqa: E402

LANGUAGE = "es"
REFERENCES = REPO / "tests" / "data" / "reference-es.tsv"
CONFIG = '[tool.i18n-pub]\nlanguages = ["es"]\n{threshold}\n[tool.i18n-pub.engines]\ndefault = "apertium"\n'


@dataclass(frozen=True)
class Row:
    """One scored sentence: what translate pre-filled, how, and the human reference."""

    guide: str
    source: str
    prefilled: str
    # "memory" (exact reviewed match), "fuzzy" (fuzzy memory pre-fill), "engine",
    # "post-edited" (the engine's text with learned corrections), "empty"
    how: str
    reference: str


@dataclass(frozen=True)
class Article:
    guide: str
    rows: tuple[Row, ...]
    accepted: tuple[str, ...]  # glossary rows accepted after its review ("en → es")

    @property
    def chrf(self) -> float:
        return chrf(self.rows)

    @property
    def edit(self) -> float:
        return edit_share(self.rows)


def chrf(rows: Sequence[Row]) -> float:
    hypotheses = [opensource.plain(r.prefilled) for r in rows]
    return CHRF().corpus_score(hypotheses, [[opensource.plain(r.reference) for r in rows]]).score


def edit_share(rows: Sequence[Row]) -> float:
    """Character edit distance of pre-filled to reference, over the longer text (the ``status`` effort)."""
    pairs = [Reviewed(r.guide, r.source, opensource.plain(r.prefilled), opensource.plain(r.reference), "x") for r in rows]
    return effort(pairs)[0].share if pairs else 0.0


def guides_in_order(guides: Path = opensource.GUIDES) -> list[str]:
    """The guides with a Spanish translation, in the site's own order (front matter ``order``)."""
    names = [p.stem for p in sorted((guides / "es").glob("*.md")) if (guides / "en" / p.name).exists()]
    order = {name: opensource._split((guides / "en" / f"{name}.md").read_text("utf-8"))[0].get("order", 99) for name in names}
    return sorted(names, key=lambda name: (order[name], name))


def references(pairs: Sequence[opensource.Pair]) -> dict[str, dict[tuple[str | None, str], str]]:
    """guide → (context, English sentence) → Spanish sentence, for blocks both sides split alike."""
    found: dict[str, dict[tuple[str | None, str], str]] = {}
    for pair in pairs:
        english, spanish = opensource.segments(pair.english), split_sentences(pair.spanish)
        if len(english) == len(spanish):
            context = "title" if pair.kind == "title" else None
            found.setdefault(pair.guide, {}).update(((context, e), s) for e, s in zip(english, spanish, strict=True))
    return found


def add_guide(site: Path, guide: str, day: int, guides: Path = opensource.GUIDES) -> None:
    """The English guide as a source of the site (title and a date: one day per guide, in order)."""
    meta, body = opensource._split((guides / "en" / f"{guide}.md").read_text("utf-8"))
    title = str(meta.get("title", guide)).replace('"', "'")
    front = f'---\ntitle: "{title}"\ndate: 2020-01-{day:02d}\n---\n'
    (site / "sources").mkdir(parents=True, exist_ok=True)
    (site / "sources" / f"{guide}.md").write_text(front + body, encoding="utf-8")


def cli(site: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1617000000"}
    done = subprocess.run([sys.executable, "-m", "i18n_pub", *args], cwd=site, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def how_filled(entry: polib.POEntry) -> str:
    lines = entry.tcomment.split("\n") if entry.tcomment else []
    if not entry.msgstr:
        return "empty"
    if any(line.startswith("mt: ") for line in lines):
        return "post-edited" if any(line.startswith("learned: ") for line in lines) else "engine"
    tm = [line for line in lines if line.startswith("tm: ")]
    return "fuzzy" if tm and "%" in tm[0] else "memory"


def score_and_review(site: Path, guide: str, refs: dict[tuple[str | None, str], str]) -> tuple[Row, ...]:
    """The pre-filled entries that have a reference; then each gets its reference, reviewed."""
    path = site / "locales" / LANGUAGE / f"{guide}.po"
    po = polib.pofile(str(path))
    rows = []
    for entry in po:
        reference = refs.get((entry.msgctxt, entry.msgid))
        if entry.obsolete or reference is None:
            continue
        rows.append(Row(guide, entry.msgid, entry.msgstr, how_filled(entry), reference))
        entry.msgstr = reference
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    po.save(str(path))
    return tuple(rows)


def accept_suggestions(site: Path, step: int) -> tuple[str, ...]:
    """``glossary suggest --from-reviews``, saved into ``glossary/`` as it is (when it has rows)."""
    text = cli(site, "glossary", "suggest", "--from-reviews")
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows:
        (site / "glossary").mkdir(exist_ok=True)
        (site / "glossary" / f"learned-{step:02d}.csv").write_text(text, encoding="utf-8")
    return tuple(f"{row['en']} → {row[LANGUAGE]}" for row in rows)


@dataclass(frozen=True)
class Corpus:
    """Articles to add in order, how to add one, and the reference sentences of each."""

    name: str
    articles: tuple[str, ...]
    add: Callable[[Path, str, int], None]  # (site, article, step)
    references: dict[str, dict[tuple[str | None, str], str]]
    glossary: Path | None = None  # the site's glossary at the start


def opensource_corpus() -> Corpus:
    return Corpus("opensource", tuple(guides_in_order()), add_guide, references(opensource.aligned_pairs()))


def sample_corpus() -> Corpus:
    """The sample site's articles in date order, its glossary, and the references of ``tests/data/reference-es.tsv``
    (written by hand from the English; they cover part of each article)."""
    dates = {p.stem: opensource._split(p.read_text("utf-8"))[0].get("date") for p in (REPO / "sources").glob("*.md")}
    table = [line.split("\t") for line in REFERENCES.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    refs = {(context, source): reference for source, reference in table for context in (None, "title", "summary")}

    def add(site: Path, slug: str, step: int) -> None:
        (site / "sources").mkdir(exist_ok=True)
        shutil.copy(REPO / "sources" / f"{slug}.md", site / "sources")

    ordered = tuple(sorted(dates, key=lambda slug: (str(dates[slug]), slug)))
    return Corpus("sample", ordered, add, dict.fromkeys(ordered, refs), REPO / "glossary")


def replay(work: Path, corpus: Corpus, guides: Sequence[str], memory: bool) -> list[Article]:
    site = work / ("on" if memory else "off")
    site.mkdir(parents=True)
    off = "fuzzy-threshold = 101\nlearn-corrections = 0\n"
    (site / "pyproject.toml").write_text(CONFIG.format(threshold="" if memory else off), "utf-8")
    if corpus.glossary is not None:
        shutil.copytree(corpus.glossary, site / "glossary")
    refs = corpus.references
    articles = []
    for step, guide in enumerate(guides, 1):
        corpus.add(site, guide, step)
        cli(site, "translate", "-l", LANGUAGE, "--engine", "apertium", "--quiet")
        rows = score_and_review(site, guide, refs.get(guide, {}))
        accepted = accept_suggestions(site, step) if memory else ()
        articles.append(Article(guide, rows, accepted))
    return articles


def summary(articles: Sequence[Article], skip: int = 2) -> dict[str, float | int]:
    later = [row for article in articles[skip:] for row in article.rows]
    return {"sentences": len(later), "chrf": round(chrf(later), 2) if later else 0.0, "edit": round(edit_share(later), 4)}


def report(on: Sequence[Article], off: Sequence[Article]) -> dict[str, object]:
    return {
        "articles": [
            {
                "guide": a.guide,
                "sentences": len(a.rows),
                "on": {"chrf": round(a.chrf, 2), "edit": round(a.edit, 4), "filled": dict(Counter(r.how for r in a.rows))},
                "off": {"chrf": round(b.chrf, 2), "edit": round(b.edit, 4), "filled": dict(Counter(r.how for r in b.rows))},
                "accepted": list(a.accepted),
            }
            for a, b in zip(on, off, strict=True)
        ],
        "after_first_two": {"on": summary(on), "off": summary(off)},
        "rows": {"on": [asdict(r) for a in on for r in a.rows], "off": [asdict(r) for a in off for r in a.rows]},
    }


def print_table(result: dict, corpus: str = "opensource") -> None:  # type: ignore[type-arg]
    what = {
        "opensource": "opensource.guide; the site's own human Spanish",
        "sample": "the sample site; references written from the English",
    }
    print(f"Replay on {what[corpus]} as the reviews (Apertium eng-spa)\n")
    print(
        f"{'#':>2} {'guide':<48} {'sent.':>5} {'chrF on':>8} {'chrF off':>8} {'edit on':>8} {'edit off':>8}"
        f" {'fuzzy':>5} {'p.-ed.':>6} {'learned':>7}"
    )
    for n, a in enumerate(result["articles"], 1):
        fuzzy, edited = a["on"]["filled"].get("fuzzy", 0), a["on"]["filled"].get("post-edited", 0)
        print(
            f"{n:>2} {a['guide']:<48} {a['sentences']:>5} {a['on']['chrf']:>8.2f} {a['off']['chrf']:>8.2f}"
            f" {100 * a['on']['edit']:>7.1f}% {100 * a['off']['edit']:>7.1f}% {fuzzy:>5} {edited:>6} {len(a['accepted']):>7}"
        )
    on, off = result["after_first_two"]["on"], result["after_first_two"]["off"]
    print(
        f"\nAfter the first two guides ({on['sentences']} sentences): chrF {on['chrf']:.2f} with the memory features,"
        f" {off['chrf']:.2f} without ({on['chrf'] - off['chrf']:+.2f}); edit distance {100 * on['edit']:.1f}% vs {100 * off['edit']:.1f}%"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("opensource", "sample"), default="opensource", help="which articles and references")
    parser.add_argument("--articles", type=int, default=0, help="only the first N guides (default: all)")
    parser.add_argument("--guides", help="these guides (comma-separated names), in this order, instead")
    parser.add_argument("--json", type=Path, help="also write every figure, sentence and accepted row here")
    parser.add_argument("--work", type=Path, help="keep the two sites here (default: a temporary folder)")
    args = parser.parse_args(argv)
    corpus = opensource_corpus() if args.corpus == "opensource" else sample_corpus()
    guides = args.guides.split(",") if args.guides else list(corpus.articles)
    guides = guides[: args.articles] if args.articles else guides
    with tempfile.TemporaryDirectory(prefix="i18n-pub-replay-") as tmp:
        work = args.work or Path(tmp)
        result = report(replay(work, corpus, guides, memory=True), replay(work, corpus, guides, memory=False))
    print_table(result, corpus.name)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
