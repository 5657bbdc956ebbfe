"""Translation quality on the sample site, Apertium into Spanish: chrF, article agreement, dates.

    .venv/bin/python bench/quality.py                     # the table
    .venv/bin/python bench/quality.py --json quality.json # and every figure and output as JSON

Three systems translate the same English segments of the sample site:

| system | what it is |
|---|---|
| apertium | raw ``apertium -u eng-spa``, one process, nothing protected |
| glossary | glossary terms, names and acronyms masked and restored (the glossary step alone) |
| pipeline | ``i18n-pub translate -l es`` on a copy of the site: the glossary step plus dates and numbers in the target locale, article agreement, headline casing |

and each is measured three ways:

- **chrF** (sacrebleu's chrF2) against the human reference translations in
  ``tests/data/reference-es.tsv`` (titles included);
- **article errors**: determiners right before a glossary term's required form
  that disagree with the term's ``es:gender``/``es:number``
  (:func:`i18n_pub.agreement.article_errors`), over every segment of the site;
- **dates missed**: source dates whose Babel rendering (``29 de marzo de 2021``)
  is not in the output, over every segment of the site.
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
from dataclasses import asdict, dataclass
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

REFERENCES = REPO / "tests" / "data" / "reference-es.tsv"
LANGUAGE = "es"


@dataclass(frozen=True)
class Score:
    system: str
    chrf: float
    article_errors: int
    dates_missed: int
    dates: int
    segments: int


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


def run_pipeline(site: Path) -> dict[str, str]:
    """``i18n-pub translate -l es`` with Apertium, as a user runs it; every msgid → msgstr."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1617000000"}
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
    return dict(zip(texts, ApertiumEngine().translate(list(texts), "en", LANGUAGE).texts))


def run_glossary_only(texts: Sequence[str], glossary: Glossary) -> dict[str, str]:
    """The glossary step on its own: terms, names, acronyms masked and restored, nothing else."""
    engine = ApertiumEngine()
    protection = Protection((glossary.spans, find_automatic_spans), ())
    masked = [protection.mask(text, LANGUAGE, shape_for(engine)) for text in texts]
    outputs = engine.translate([m.text for m in masked], "en", LANGUAGE).texts
    return {text: protection.restore(output, m, LANGUAGE).text for text, m, output in zip(texts, masked, outputs)}


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
    for name, outputs in systems.items():
        score, detail = measure(name, outputs, references, glossary)
        scores.append(score)
        details[name] = {**detail, "references": {s: outputs.get(s, "") for s, _ in references}}
    return scores, details


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write every figure and output here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="i18n-pub-quality-") as tmp:
        scores, details = run_all(Path(tmp))
    references = len(read_references())
    print(f"Apertium eng-spa on the sample site; chrF against {references} human reference sentences\n")
    print(f"{'system':<10} {'chrF':>6} {'article errors':>15} {'dates missed':>13} {'segments':>9}")
    for s in scores:
        print(f"{s.system:<10} {s.chrf:>6.2f} {s.article_errors:>15} {s.dates_missed:>7} of {s.dates:<3} {s.segments:>9}")
    if args.json:
        args.json.write_text(
            json.dumps({"scores": [asdict(s) for s in scores], "details": details}, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
