"""The Prometheus blog as a benchmark site: real articles, copied as they are.

``python bench/run.py --corpus prometheus`` measures the same stages as the
synthetic site on the 59 published posts of the Prometheus blog (Apache-2.0, in
``tests/data/shared/realworld/prometheus-blog``): front matter of their own,
code blocks, tables, raw HTML, links and images. The baseline sees what a plain
pipeline would: every inline text block markdown-it-py finds (headings,
paragraphs, list items, table cells), split by pysbd, the unique sentences sent
to Apertium once. Nothing of i18n-pub is used to build it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pysbd
from markdown_it import MarkdownIt
from sitegen import PYPROJECT, GeneratedArticle

REPO = Path(__file__).resolve().parent.parent
PROMETHEUS = REPO / "tests" / "data" / "shared" / "realworld" / "prometheus-blog"
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_TITLE = re.compile(r"^title:\s*(.+)$", re.MULTILINE)


def _is_draft(text: str) -> bool:
    match = _FRONT_MATTER.match(text)
    return bool(match and re.search(r"^draft:\s*true\s*$", match.group(1), re.MULTILINE))


def _blocks(text: str) -> tuple[str, ...]:
    match = _FRONT_MATTER.match(text)
    head, body = (match.group(1), text[match.end() :]) if match else ("", text)
    title = _TITLE.search(head)
    parser = MarkdownIt("commonmark").enable("table")
    inline = [t.content for t in parser.parse(body) if t.type == "inline" and t.content.strip()]
    return ((title.group(1).strip().strip("'\""),) if title else ()) + tuple(inline)


def prometheus(out: Path, limit: int | None = None) -> list[GeneratedArticle]:
    """Copy the published posts (``limit`` of them, oldest first) into ``out/sources``; return what was copied."""
    sources = out / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    (out / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    segmenter = pysbd.Segmenter(language="en", clean=False)
    made = []
    for path in sorted(PROMETHEUS.glob("*.md"))[:limit]:
        text = path.read_text("utf-8")
        if _is_draft(text):
            continue
        shutil.copy(path, sources / path.name)
        blocks = _blocks(text)
        sentences = tuple(s.strip() for b in blocks for s in segmenter.segment(b) if s.strip())
        made.append(GeneratedArticle(path.stem, text, blocks, sentences))
    return made


def editable_sentence(article: GeneratedArticle) -> str:
    """A prose sentence of the article written on one line of its file, ending in a full stop (the one-edit stage changes it)."""
    for sentence in article.sentences[2:]:
        prose = sentence.endswith(".") and len(sentence.split()) >= 6 and "\n" not in sentence and "`" not in sentence
        if prose and article.text.count(sentence) == 1:
            return sentence
    raise ValueError(f"{article.slug}: no sentence to edit")
