"""The ``glossary`` commands on a site: import a TBX or CSV file, export the glossary, suggest terms.

Everything is read and checked before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from i18n_pub.config import Config
from i18n_pub.errors import GlossaryError
from i18n_pub.fsutil import write_if_changed
from i18n_pub.glossary import Glossary, load_glossary
from i18n_pub.glossary_csv import glossary_files, merge_terms, read_glossary_file, write_csv
from i18n_pub.glossary_suggest import suggest, suggestions_csv


@dataclass(frozen=True)
class ImportResult:
    path: str
    terms: int
    languages: tuple[str, ...]
    written: bool


def import_glossary(config: Config, file: Path, *, force: bool = False) -> ImportResult:
    """Read ``file`` (TBX-Basic or CSV), check it against the site glossary, write ``glossary/<stem>.csv``."""
    label = str(file)
    if file.suffix.lower() not in (".tbx", ".csv"):
        raise GlossaryError("not a .tbx or .csv file", path=label, fix="import a TBX-Basic (.tbx) or glossary CSV (.csv) file")
    if not file.is_file():
        raise GlossaryError("no such file", path=label, fix="check the path")
    if file.name.startswith("."):
        # It would become glossary/.<name>.csv, and files whose names start with a dot are never read.
        raise GlossaryError(
            "a file name that starts with a dot: the glossary folder's hidden files are never read",
            path=label,
            fix=f"rename it without the dot (for example {file.name.lstrip('.') or 'terms.csv'}) and import that",
        )
    terms, languages = read_glossary_file(file, label, config.source_language)
    destination = config.inside(config.glossary_dir / f"{file.stem}.csv")
    others = [
        read_glossary_file(path, config.relative(path), config.source_language)[0]
        for path in glossary_files(config.glossary_dir)
        if path.resolve() != destination.resolve()
    ]
    imported = Glossary(merge_terms([terms]), languages)
    merge_terms([*others, list(imported.terms)])  # a conflict with the site glossary is an error before writing
    order = [*config.languages, *(lang for lang in languages if lang not in config.languages)]
    text = write_csv(imported, [lang for lang in order if lang in languages], config.source_language)
    if destination.exists() and not force and destination.read_bytes() != text.encode("utf-8"):
        raise GlossaryError(
            "already exists", path=config.relative(destination), fix="pass --force to replace it, or rename the file you import"
        )
    written = write_if_changed(destination, text)
    return ImportResult(config.relative(destination), len(imported.terms), languages, written)


def export_glossary(config: Config, format: str) -> bytes:
    glossary = load_glossary(config.glossary_dir, config.source_language, label_of=config.relative)
    if format == "csv":
        return write_csv(glossary, config.languages, config.source_language, for_spreadsheet=True).encode("utf-8")
    from i18n_pub.tbx import write_tbx

    title = f"{config.feed.organization or config.feed.title} glossary"
    return write_tbx(glossary, config.languages, config.source_language, title)


def suggest_terms(config: Config, min_count: int = 2) -> str:
    """Candidate terms as CSV rows (empty target cells), most frequent first."""
    from i18n_pub.blocks import segment_article
    from i18n_pub.translate import load_sources

    glossary = load_glossary(config.glossary_dir, config.source_language, label_of=config.relative)
    texts = [segment.text for article in load_sources(config) for segment in segment_article(article)]
    return suggestions_csv(suggest(texts, glossary, min_phrase_count=min_count), config.languages, config.source_language)


def suggest_from_reviews(config: Config, min_count: int = 2) -> str:
    """Corrections reviewers made at least ``min_count`` times, as glossary CSV rows with the form filled."""
    from i18n_pub.reviews import learn_from_site
    from i18n_pub.translate import load_sources

    return learn_from_site(config, (article.slug for article in load_sources(config)), min_count)
