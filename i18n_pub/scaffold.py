"""``i18n-pub init`` and ``i18n-pub language add``: start a site, add a language; never overwrite.

Everything is checked (the new ``[tool.i18n-pub]`` table goes through the same
reader every command uses) before the first file is written.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import tomlkit

from i18n_pub.agreement import AGREEMENT_LANGUAGES
from i18n_pub.clock import now
from i18n_pub.config import PYPROJECT, TABLE, Config, parse_config_text
from i18n_pub.engines.apertium_pairs import installed_targets
from i18n_pub.errors import ConfigError
from i18n_pub.fsutil import atomic_write
from i18n_pub.glossary_csv import glossary_files

GITIGNORE_LINES = (".i18n-pub/", "build/")
EXAMPLE_SLUG = "welcome"
GLOSSARY_FILE = "terms.csv"


@dataclass(frozen=True)
class SiteChoices:
    """What ``init`` writes into the table; ``None`` leaves a key to its (stated) default."""

    languages: tuple[str, ...]
    engine: str | None = None
    base_url: str | None = None
    title: str | None = None
    organization: str | None = None
    source_language: str = "en"


@dataclass(frozen=True)
class Written:
    """One file ``init`` or ``language add`` created or changed, as a path relative to the site."""

    path: str
    action: str  # "created", "added the table to", "added lines to", "kept"


def installed_pair_languages(source: str = "en") -> list[str]:
    """Target languages Apertium can translate ``source`` into on this machine (``apertium -l``)."""
    return installed_targets(source)


def default_engine(languages: Sequence[str], source: str = "en") -> str | None:
    """``apertium`` when every language has an installed pair; else no engine (a stated default)."""
    installed = set(installed_pair_languages(source))
    return "apertium" if languages and all(code in installed for code in languages) else None


def table_text(choices: SiteChoices) -> str:
    """The ``[tool.i18n-pub]`` tables as TOML, with every key left to a default shown as a comment."""
    doc = tomlkit.document()
    table = tomlkit.table()
    table.add("source-language", choices.source_language)
    table.add("languages", list(choices.languages))
    engines = tomlkit.table()
    if choices.engine:
        engines.add("default", choices.engine)
    else:
        engines.add(tomlkit.comment('default = "apertium"   # none: memory and glossary only; see docs/reference.md'))
    feed = tomlkit.table()
    for key, value, example in (
        ("title", choices.title, "News"),
        ("organization", choices.organization, "Example Organization"),
        ("base-url", choices.base_url, "https://example.org/news"),
    ):
        if value:
            feed.add(key, value)
        else:
            feed.add(tomlkit.comment(f'{key} = "{example}"   # not set: see the warning i18n-pub prints'))
    table.add("engines", engines)
    table.add("feed", feed)
    tool = tomlkit.table(is_super_table=True)
    tool.add("i18n-pub", table)
    doc.add("tool", tool)
    return tomlkit.dumps(doc)


def glossary_header(source: str, languages: Sequence[str]) -> str:
    """The header row ``glossary.py`` accepts: source, targets, type, grammar where agreement uses it, note.

    >>> glossary_header("en", ["es", "ar"])
    'en,es,ar,type,es:gender,es:number,note\\n'
    """
    grammar = [code for code in languages if code.split("-")[0] in AGREEMENT_LANGUAGES]
    columns = [source, *languages, "type", *(f"{code}:{kind}" for code in grammar for kind in ("gender", "number")), "note"]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerow(columns)
    return out.getvalue()


def _glossary_text(choices: SiteChoices) -> str:
    text = glossary_header(choices.source_language, choices.languages)
    if choices.organization:  # the organisation's name is kept as written in every language
        width = text.count(",") + 1
        row = [choices.organization, *[""] * len(choices.languages), "organization"]
        row += [""] * (width - len(row) - 1) + ["the organisation's name, kept as written"]
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerow(row)
        text += out.getvalue()
    return text


def _article_text(choices: SiteChoices) -> str:
    who = choices.organization or "We"
    return (
        "---\n"
        "title: Welcome to Our News in Every Language\n"
        f"date: {now().date().isoformat()}\n"
        "summary: How this site publishes its news in several languages.\n"
        "---\n"
        f"{who} now publishes this news in {len(choices.languages) + 1} languages.\n"
        "Each article is written in English, translated sentence by sentence, and reviewed by a translator.\n\n"
        "Replace this article with your own: write Markdown files in this folder, "
        "with a title and a date in the front matter.\n"
    )


def init_site(root: Path, choices: SiteChoices) -> list[Written]:
    """Start a site in ``root``: the table, an example article, a glossary, .gitignore. Never overwrites."""
    pyproject = root / PYPROJECT
    existing = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else None
    if existing is not None:
        _refuse_if_site(existing, pyproject)
    text = (existing.rstrip("\n") + "\n\n" if existing else "") + table_text(choices)
    config = parse_config_text(root, text)  # every check a command makes, before anything is written
    plan: list[tuple[Path, str, str]] = [(pyproject, text, "added the table to" if existing else "created")]
    if not any(config.sources_dir.glob("**/*.md")):
        plan.append((config.sources_dir / f"{EXAMPLE_SLUG}.md", _article_text(choices), "created"))
    if not glossary_files(config.glossary_dir):  # a site that has a glossary keeps it as it is
        plan.append((config.glossary_dir / GLOSSARY_FILE, _glossary_text(choices), "created"))
    plan.append(_gitignore(root))
    written = []
    for path, content, action in plan:
        if action != "kept":
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, content.encode("utf-8"))
        written.append(Written(config.relative(path), action))
    return written


def _refuse_if_site(text: str, pyproject: Path) -> None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=pyproject, fix="fix it before running init") from None
    if "i18n-pub" in data.get("tool", {}):
        raise ConfigError(
            f"already has a [{TABLE}] table: this folder is a site",
            path=pyproject,
            fix="add a language with i18n-pub language add LANG, or edit the table",
        )


def _gitignore(root: Path) -> tuple[Path, str, str]:
    path = root / ".gitignore"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in GITIGNORE_LINES if line not in present and line.rstrip("/") not in present]
    if not missing:
        return path, text, "kept"
    lead = "" if not text or text.endswith("\n") else "\n"
    comment = "# i18n-pub: caches and generated feeds\n"
    return path, text + lead + comment + "\n".join(missing) + "\n", "added lines to" if text else "created"


def add_language(config: Config, language: str, engine: str | None = None) -> Config:
    """Add ``language`` (and its engine, if given) to pyproject.toml, keeping every other byte; the new Config."""
    if language in config.languages:
        raise ConfigError(f"{language!r} is already in languages", path=PYPROJECT, fix=f"run i18n-pub translate -l {language}")
    text = config.pyproject.read_text(encoding="utf-8")
    doc = tomlkit.parse(text)
    table = doc["tool"]["i18n-pub"]
    table["languages"].append(language)
    if engine is not None:
        if "engines" not in table:
            table["engines"] = tomlkit.table()
        table["engines"][language] = engine
    updated = tomlkit.dumps(doc)
    new = parse_config_text(config.root, updated)  # the code, the pair, everything checked before writing
    atomic_write(config.pyproject, updated.encode("utf-8"))
    return new


def language_catalogs(config: Config, language: str) -> list[str]:
    """Create ``locales/<lang>/*.po`` for every article (memory and site strings only, no engine)."""
    from i18n_pub.translate import translate

    _, results = translate(config, [language], "none")
    return [str(path) for result in results for path in result.written]
