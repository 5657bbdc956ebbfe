"""Translation quality on the sample site, Apertium into Spanish: chrF, article agreement, dates.

    .venv/bin/python bench/quality.py                     # the table
    .venv/bin/python bench/quality.py --json quality.json # and every figure and output as JSON

Three systems translate the same English segments of the sample site:

| system | what it is |
|---|---|
| apertium | raw ``apertium -u eng-spa``, one process, nothing protected |
| glossary | glossary terms, names and acronyms masked and restored (the glossary step alone) |
| pipeline | ``i18n-pub translate -l es`` on a site copy: glossary step, dates and numbers in the target locale, agreement, headlines |

and each is measured three ways:

- **chrF** (sacrebleu's chrF2) against the human reference translations in
  ``tests/data/reference-es.tsv`` (titles included);
- **article errors**: determiners right before a glossary term's required form
  that disagree with the term's ``es:gender``/``es:number``
  (:func:`i18n_pub.agreement.article_errors`), over every segment of the site;
- **dates missed**: source dates whose Babel rendering (``29 de marzo de 2021``)
  is not in the output, over every segment of the site;
- **sentences below raw**: reference sentences on which the system's sentence
  chrF is below raw Apertium's (issue 18: never, because of masking).

Then (unless ``--sample-only``) issue 18's error classes and a reference nobody here wrote:

- **classes** (:mod:`classes`): the hand-written cases of ``bench/cases-es.tsv``
  (people's titles, compound subjects, possessives and organisation articles,
  masking, whitespace, headlines, date ranges), right per class for raw Apertium,
  the pipeline of ``--before`` (the code before issue 18) and the pipeline now;
- **opensource.guide** (:mod:`opensource`): the site's own human Spanish of 12
  guides, aligned block by block; chrF of raw Apertium, masking alone, before and
  after; blocks below raw Apertium; segments whose spacing the source lacks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import polib
from sacrebleu.metrics import CHRF

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from i18n_pub.agreement import article_errors  # noqa: E402
from i18n_pub.engines.apertium import ApertiumEngine  # noqa: E402
from i18n_pub.glossary import Glossary, find_automatic_spans, load_glossary  # noqa: E402
from i18n_pub.localize import date_renderings  # noqa: E402
from i18n_pub.masking import Protection, shape_for  # noqa: E402

sys.path.insert(0, str(HERE))
import classes  # noqa: E402
import opensource  # noqa: E402

REFERENCES = REPO / "tests" / "data" / "reference-es.tsv"
LANGUAGE = "es"
# The code before issue 18's rules (the "before" column of the class table); --before changes it.
BEFORE = "33fd66a"


@dataclass(frozen=True)
class Score:
    system: str
    chrf: float
    article_errors: int
    dates_missed: int
    dates: int
    segments: int
    below_raw: int = 0  # reference sentences this system scores below raw Apertium on (sentence chrF)


def read_references(path: Path = REFERENCES) -> list[tuple[str, str]]:
    """(English, Spanish reference) pairs; lines starting with # are comments."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, reference = line.split("\t")
            pairs.append((source, reference))
    return pairs


def copy_site(destination: Path, repo: Path = REPO) -> Path:
    """The sample site's configuration, sources and glossary; no catalogs, so everything is translated afresh."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy(repo / "pyproject.toml", destination / "pyproject.toml")
    for folder in ("sources", "glossary"):
        if (repo / folder).exists():
            shutil.copytree(repo / folder, destination / folder)
    return destination


def run_pipeline(site: Path, code: Path = REPO) -> dict[str, str]:
    """``i18n-pub translate -l es`` with Apertium, as a user runs it (the package from ``code``); every msgid → msgstr."""
    env = {**os.environ, "PYTHONPATH": str(code), "SOURCE_DATE_EPOCH": "1617000000"}
    subprocess.run(
        [sys.executable, "-m", "i18n_pub", "translate", "-l", LANGUAGE, "--engine", "apertium", "--quiet"],
        cwd=site, env=env, check=True, capture_output=True, text=True,
    )
    return read_catalogs(site / "locales" / LANGUAGE)


def read_catalogs(folder: Path) -> dict[str, str]:
    return {
        entry.msgid: entry.msgstr
        for path in sorted(folder.glob("*.po"))
        if not path.name.startswith("_")
        for entry in polib.pofile(str(path))
        if not entry.obsolete
    }


def run_apertium(texts: Sequence[str]) -> dict[str, str]:
    """Raw Apertium: the texts as they are, one process."""
    return dict(zip(texts, ApertiumEngine().translate(list(texts), "en", LANGUAGE).texts, strict=True))


def run_glossary_only(texts: Sequence[str], glossary: Glossary) -> dict[str, str]:
    """The glossary step on its own: terms, names, acronyms masked and restored, nothing else."""
    engine = ApertiumEngine()
    protection = Protection((glossary.spans, find_automatic_spans), ())
    masked = [protection.mask(text, LANGUAGE, shape_for(engine)) for text in texts]
    outputs = engine.translate([m.text for m in masked], "en", LANGUAGE).texts
    return {text: protection.restore(output, m, LANGUAGE).text for text, m, output in zip(texts, masked, outputs, strict=True)}


def chrf(outputs: Mapping[str, str], references: Sequence[tuple[str, str]]) -> float:
    hypotheses = [outputs.get(source, "") for source, _ in references]
    return CHRF().corpus_score(hypotheses, [[reference for _, reference in references]]).score


def count_article_errors(outputs: Mapping[str, str], glossary: Glossary) -> list[str]:
    return [
        f"{error} in {output!r}"
        for source, output in outputs.items()
        for error in article_errors(output, glossary.spans(source, LANGUAGE), LANGUAGE)
    ]


def missed_dates(outputs: Mapping[str, str]) -> tuple[list[str], int]:
    """Source dates whose Babel rendering is absent from the output, and how many dates there are."""
    missed, total = [], 0
    for source, output in outputs.items():
        for written, rendered in date_renderings(source, LANGUAGE):
            total += 1
            if rendered not in output:
                missed.append(f"{written!r} → {rendered!r} not in {output!r}")
    return missed, total


def measure(system: str, outputs: Mapping[str, str], references, glossary: Glossary) -> tuple[Score, dict]:
    errors = count_article_errors(outputs, glossary)
    missed, dates = missed_dates(outputs)
    score = Score(system, round(chrf(outputs, references), 2), len(errors), len(missed), dates, len(outputs))
    return score, {"article_errors": errors, "dates_missed": missed}


def run_all(work: Path, repo: Path = REPO) -> tuple[list[Score], dict]:
    site = copy_site(work / "site", repo)
    references = read_references()
    glossary = load_glossary(site / "glossary")
    pipeline = run_pipeline(site)
    texts = list(pipeline)
    systems = {
        "apertium": run_apertium(texts),
        "glossary": run_glossary_only(texts, glossary),
        "pipeline": pipeline,
    }
    scores, details = [], {}
    targets = [reference for _, reference in references]
    raw = [systems["apertium"].get(source, "") for source, _ in references]
    for name, outputs in systems.items():
        score, detail = measure(name, outputs, references, glossary)
        lower = below([outputs.get(source, "") for source, _ in references], raw, targets)
        score = replace(score, below_raw=len(lower))
        detail["below_raw"] = [references[i][0] for i in lower]
        scores.append(score)
        details[name] = {**detail, "references": {s: outputs.get(s, "") for s, _ in references}}
    return scores, details


def code_at(revision: str, destination: Path, repo: Path = REPO) -> Path:
    """The ``i18n_pub`` package as it was at ``revision`` (``git archive``), to run the pipeline of then."""
    destination.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(repo), "archive", revision, "i18n_pub"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive, check=True)
    return destination


def site_with(destination: Path, fill_sources, glossary: bool = True, repo: Path = REPO) -> Path:
    """A site with the sample configuration, ``fill_sources(folder)``'s articles and (or not) the sample glossary."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy(repo / "pyproject.toml", destination / "pyproject.toml")
    if glossary:
        shutil.copytree(repo / "glossary", destination / "glossary")
    fill_sources(destination / "sources")
    return destination


def run_cases(work: Path, before: Path) -> dict:
    """Issue 18's classes on the hand-written cases: right per class for raw Apertium, before and after."""
    cases = classes.read_cases()
    fill = lambda folder: classes.case_sources(cases, folder)  # noqa: E731
    outputs = {
        "apertium": run_apertium([c.english for c in cases]),
        "before": run_pipeline(site_with(work / "cases-before", fill), before),
        "after": run_pipeline(site_with(work / "cases-after", fill)),
    }
    return {
        "counts": {name: classes.count_right(cases, out) for name, out in outputs.items()},
        "outputs": {c.english: {name: out.get(c.english, "") for name, out in outputs.items()} for c in cases},
    }


def sentence_chrf(hypothesis: str, reference: str) -> float:
    return CHRF().sentence_score(hypothesis, [reference]).score


def below(system: Sequence[str], raw: Sequence[str], references: Sequence[str]) -> list[int]:
    """Indexes where ``system`` scores below raw Apertium against the reference (sentence chrF)."""
    return [i for i, (a, b, r) in enumerate(zip(system, raw, references, strict=True)) if sentence_chrf(a, r) < sentence_chrf(b, r) - 1e-9]


def run_opensource(work: Path, before: Path) -> dict:
    """chrF on opensource.guide's own Spanish, block by block: raw Apertium, masking alone, before, after."""
    pairs = opensource.aligned_pairs()
    fill = lambda folder: opensource.site_sources(folder)  # noqa: E731
    texts = sorted({s for p in pairs for s in opensource.segments(p.english)})
    systems = {
        "apertium": run_apertium(texts),
        "masking": run_glossary_only(texts, Glossary()),
        "before": run_pipeline(site_with(work / "guide-before", fill, glossary=False), before),
        "after": run_pipeline(site_with(work / "guide-after", fill, glossary=False)),
    }
    references = [opensource.plain(p.spanish) for p in pairs]
    blocks = {name: [opensource.plain(b) for b in opensource.block_outputs(pairs, out)] for name, out in systems.items()}
    scores = {name: round(CHRF().corpus_score(out, [references]).score, 2) for name, out in blocks.items()}
    lower = {name: below(out, blocks["apertium"], references) for name, out in blocks.items() if name != "apertium"}
    return {
        "pairs": len(pairs), "guides": len({p.guide for p in pairs}), "chrf": scores,
        "below_raw": {name: len(found) for name, found in lower.items()},
        "spacing": {name: classes.count_spacing({t: out.get(t, "") for t in texts}) for name, out in systems.items()},
        "below_raw_blocks": {
            name: [(pairs[i].english, blocks[name][i], blocks["apertium"][i], references[i]) for i in found]
            for name, found in lower.items()
        },
    }


def print_classes(result: dict) -> None:
    counts = result["counts"]
    print("\nIssue 18 classes on bench/cases-es.tsv (cases right / cases; fragments written by hand from the English)\n")
    print(f"{'class':<12} {'apertium':>9} {'before':>9} {'after':>9}")
    for kind in classes.CLASSES:
        cells = [f"{counts[n][kind][0]}/{counts[n][kind][1]}" for n in ("apertium", "before", "after")]
        print(f"{kind:<12} {cells[0]:>9} {cells[1]:>9} {cells[2]:>9}")


def print_opensource(result: dict) -> None:
    print(f"\nopensource.guide, the site's own Spanish ({result['pairs']} aligned blocks of {result['guides']} guides)\n")
    print(f"{'system':<10} {'chrF':>6} {'blocks below raw':>17} {'segments with bad spacing':>26}")
    for name, score in result["chrf"].items():
        below_raw = result["below_raw"].get(name, "-")
        print(f"{name:<10} {score:>6.2f} {below_raw!s:>17} {result['spacing'][name]:>26}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write every figure and output here")
    parser.add_argument("--before", default=BEFORE, help=f"the revision whose pipeline is 'before' (default {BEFORE})")
    parser.add_argument("--sample-only", action="store_true", help="only the sample site's table (the first one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="i18n-pub-quality-") as tmp:
        scores, details = run_all(Path(tmp))
        if not args.sample_only:
            before = code_at(args.before, Path(tmp) / "before")
            details["classes"] = run_cases(Path(tmp), before)
            details["opensource"] = run_opensource(Path(tmp), before)
    references = len(read_references())
    print(f"Apertium eng-spa on the sample site; chrF against {references} human reference sentences\n")
    print(f"{'system':<10} {'chrF':>6} {'article errors':>15} {'dates missed':>13} {'segments':>9} {'sentences below raw':>20}")
    for s in scores:
        print(f"{s.system:<10} {s.chrf:>6.2f} {s.article_errors:>15} {s.dates_missed:>7} of {s.dates:<3} {s.segments:>9} {s.below_raw:>20}")
    if not args.sample_only:
        print_classes(details["classes"])
        print_opensource(details["opensource"])
    if args.json:
        args.json.write_text(
            json.dumps({"scores": [asdict(s) for s in scores], "details": details}, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
