"""``[tool.i18n-pub]`` in ``pyproject.toml`` → a frozen :class:`Config`."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from i18n_pub import fuzzy, language_codes
from i18n_pub.config_feed import FeedConfig, feed_config
from i18n_pub.engines.settings import ENGINE_NAMES, check_engine_settings
from i18n_pub.errors import ConfigError
from i18n_pub.front_matter_keys import DEFAULT_KEYS, FrontMatterKeys, keys_from_config
from i18n_pub.fsutil import decode_utf8, read_utf8
from i18n_pub.textsafe import describe, first_unsafe_in_source
from i18n_pub.toml_lines import KeyErrors

PYPROJECT = "pyproject.toml"
TABLE = "tool.i18n-pub"

_TOP_KEYS = {
    "source-language",
    "languages",
    "sources",
    "locales",
    "glossary",
    "output",
    "engines",
    "engine",
    "feed",
    "front-matter",
    "fuzzy-threshold",
    "learn-corrections",
}


@dataclass(frozen=True)
class Config:
    root: Path
    languages: tuple[str, ...]
    source_language: str = "en"
    sources_dir: Path = Path("sources")
    locales_dir: Path = Path("locales")
    glossary_dir: Path = Path("glossary")
    output_dir: Path = Path("build/feeds")
    engines: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({"default": "none"}))
    engine_settings: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    feed: FeedConfig = field(default_factory=FeedConfig)
    front_matter: FrontMatterKeys = DEFAULT_KEYS  # [tool.i18n-pub.front-matter]: the keys read, per meaning
    fuzzy_threshold: int = fuzzy.THRESHOLD  # a fuzzy memory match scoring this much (0–100) pre-fills an entry; 101: never
    learn_corrections: int = 2  # a machine fragment reviewers corrected this often is corrected in new pre-fills; 0: never

    @property
    def pyproject(self) -> Path:
        return self.root / PYPROJECT

    @property
    def cache_dir(self) -> Path:
        return self.root / ".i18n-pub"

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir / "templates"

    def template_path(self, slug: str) -> Path:
        return self.inside(self.templates_dir / f"{slug}.pot")

    def catalog_path(self, language: str, slug: str) -> Path:
        return self.inside(self.locales_dir / language / f"{slug}.po")

    def feed_path(self, language: str) -> Path:
        return self.inside(self.output_dir / f"{language}.xml")

    def inside(self, path: Path) -> Path:
        """``path``, after checking that no symlink along it leads out of the site (nothing outside is read or written)."""
        if not path.is_symlink() and _folder_inside(self.root, path.parent):
            return path  # one lstat per file: resolving every catalog's path took 0.2 s of a rerun
        root = self.root.resolve()
        if not path.resolve().is_relative_to(root):
            try:
                label = path.relative_to(self.root).as_posix()
            except ValueError:
                label = str(path)
            raise ConfigError(
                f"leads outside the site (to {path.resolve()}) through a symlink",
                path=label,
                fix="replace the symlink with a real folder or file inside the site",
            )
        return path

    def engine_for(self, language: str) -> str:
        return self.engines.get(language, self.engines.get("default", "none"))

    def relative(self, path: Path) -> str:
        """A path as the user should read it in messages and references: relative to the site."""
        try:
            return Path(os.path.normpath(path.absolute())).relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:  # resolving costs file system calls: only when the path as written is not under the root
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find_site(start: Path) -> Path:
    """Walk up from ``start`` to the first folder whose pyproject.toml has ``[tool.i18n-pub]``.

    A pyproject.toml that is not valid TOML but names the table is the site, broken:
    it is reported with its line, not passed over as if it were missing.
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / PYPROJECT
        if candidate.is_file() and _has_table(candidate):
            return folder
    raise ConfigError(
        f"no {PYPROJECT} with a [{TABLE}] table in {start} or any folder above it",
        fix="run i18n-pub init to start a site here, run inside a site, or pass --site DIR",
    )


def _has_table(pyproject: Path) -> bool:
    try:
        raw = pyproject.read_bytes()
    except OSError:
        return False
    text = raw.decode("utf-8", "replace")
    declared = re.search(rf"^\s*\[\s*{re.escape(TABLE)}\s*[\].]", text, re.MULTILINE) is not None
    if declared:
        decode_utf8(raw, PYPROJECT, ConfigError)  # the site's file, not UTF-8: say where, not "no site here"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if declared:
            raise ConfigError(
                f"invalid TOML: {exc}", path=pyproject, line=_toml_error_line(exc, text), fix="fix the TOML syntax"
            ) from None
        return False
    return "i18n-pub" in data.get("tool", {})


def load_config(site: Path | None = None, *, cwd: Path | None = None) -> Config:
    """Read the site configuration: ``site`` if given, else found from ``cwd`` upwards."""
    if site is not None and not site.is_dir():
        what = "is not a folder" if site.exists() else "no such folder"
        raise ConfigError(what, path=site, fix="pass --site the site folder, the one holding pyproject.toml")
    root = site.resolve() if site else find_site(cwd or Path.cwd())
    pyproject = root / PYPROJECT
    if not pyproject.is_file():
        raise ConfigError(f"{PYPROJECT} not found", path=root, fix=f"run i18n-pub init {root} to start a site there")
    return parse_config_text(root, read_utf8(pyproject, PYPROJECT, ConfigError))


def parse_config_text(root: Path, text: str) -> Config:
    """The Config that ``text`` (a whole pyproject.toml) gives the site at ``root``: every check, nothing written."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(exc, text)
        raise ConfigError(f"invalid TOML: {exc}", path=PYPROJECT, line=line, fix="fix the TOML syntax") from None
    table = data.get("tool", {}).get("i18n-pub")
    if not isinstance(table, dict):
        raise ConfigError(f"no [{TABLE}] table", path=PYPROJECT, fix=f"add a [{TABLE}] table with languages = [...]")
    return _parse_table(root.resolve(), table, text)


def _toml_error_line(exc: tomllib.TOMLDecodeError, text: str) -> int:
    """The line tomllib names; "at end of document" is the last line that holds anything."""
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else len(text.rstrip().splitlines()) or 1


def _parse_table(root: Path, table: dict[str, Any], text: str) -> Config:
    error = KeyErrors(PYPROJECT, text, ("tool", "i18n-pub"))
    error.check_known(table, _TOP_KEYS)
    if "languages" not in table:
        raise ConfigError(
            f"missing required key 'languages' in [{TABLE}]",
            path=PYPROJECT,
            fix='add languages = ["es", "fr"] (BCP 47 codes)',
        )
    source_language, checked = _languages(table, error)
    paths = _folders(root, table, error)
    engines, settings = _engine_tables(table, source_language, checked, error)
    return Config(
        root=root,
        languages=checked,
        source_language=source_language,
        sources_dir=paths["sources"],
        locales_dir=paths["locales"],
        glossary_dir=paths["glossary"],
        output_dir=paths["output"],
        engines=MappingProxyType(engines),
        engine_settings=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in settings.items()}),
        feed=feed_config(table.get("feed", {}), error.within("feed")),
        front_matter=keys_from_config(table.get("front-matter", {}), error.within("front-matter")),
        fuzzy_threshold=_threshold(table.get("fuzzy-threshold", fuzzy.THRESHOLD), error),
        learn_corrections=_learn_corrections(table.get("learn-corrections", 2), error),
    )


def _languages(table: dict[str, Any], error: KeyErrors) -> tuple[str, tuple[str, ...]]:
    """The source language and the languages to translate into, checked."""
    source_language = _language(table.get("source-language", "en"), "source-language", error)
    languages = table["languages"]
    if not isinstance(languages, list) or not languages or not all(isinstance(x, str) for x in languages):
        raise error("'languages' must be a non-empty list of language codes", "languages", 'write languages = ["es", "fr"]')
    checked = tuple(_language(code, "languages", error) for code in languages)
    if len(set(checked)) != len(checked):
        raise error("'languages' lists a language twice", "languages", "list each language once")
    if source_language in checked:
        raise error(
            f"'languages' includes the source language {source_language!r}",
            "languages",
            "list only the languages to translate into",
        )
    return source_language, checked


def _folders(root: Path, table: dict[str, Any], error: KeyErrors) -> dict[str, Path]:
    paths = {}
    for key, default in (("sources", "sources"), ("locales", "locales"), ("glossary", "glossary"), ("output", "build/feeds")):
        value = table.get(key, default)
        if not isinstance(value, str) or not value:
            raise error(f"'{key}' must be a folder path", key, f'write {key} = "{default}"')
        _check_path_text(value, key, default, error)
        paths[key] = _inside(root, value, key, error)
    return paths


def _engine_tables(
    table: dict[str, Any], source_language: str, checked: tuple[str, ...], error: KeyErrors
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """[tool.i18n-pub.engines] (language → engine) and [tool.i18n-pub.engine.<name>] (settings), checked."""
    engines = _engines(table.get("engines", {}), checked, error.within("engines"))
    settings = table.get("engine", {})
    if not isinstance(settings, dict) or not all(isinstance(v, dict) for v in settings.values()):
        raise error("[tool.i18n-pub.engine] must hold one table per engine", "engine", "write [tool.i18n-pub.engine.libre]")
    for name, values in settings.items():
        if name not in ENGINE_NAMES:
            raise error.within("engine")(
                f"unknown engine {name!r} in [tool.i18n-pub.engine]", name, "engines: " + ", ".join(ENGINE_NAMES)
            )
        check_engine_settings(name, values, error.within("engine", name))
    _check_apertium_pairs(source_language, checked, engines, settings.get("apertium", {}), error.within("engines"))
    return engines, settings


def _threshold(value: object, error: KeyErrors) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not fuzzy.MINIMUM <= value <= 101:
        raise error(
            f"'fuzzy-threshold' must be a whole number from {fuzzy.MINIMUM} to 101",
            "fuzzy-threshold",
            f"write fuzzy-threshold = {fuzzy.THRESHOLD} (101 turns pre-filling off)",
        )
    return value


def _learn_corrections(value: object, error: KeyErrors) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
        raise error(
            "'learn-corrections' must be a whole number from 0 to 1000",
            "learn-corrections",
            "write learn-corrections = 2 (0 turns learned corrections off)",
        )
    return value


def _language(code: object, key: str, error: KeyErrors) -> str:
    """Check a BCP 47 code against Babel's CLDR data; return it as written."""
    if not isinstance(code, str) or not language_codes.well_formed(code):
        raise error(f"{code!r} in '{key}' is not a BCP 47 language code", key, "use codes such as es, fr, ar, pt-BR")
    if not language_codes.known(code):
        raise error(
            f"unknown language code {code!r} in '{key}'",
            key,
            "use a language code that CLDR knows, such as es, fr, ar, pt-BR",
        )
    return code


@lru_cache(maxsize=64)
def _folder_inside(root: Path, folder: Path) -> bool:
    """Whether ``folder`` resolves inside ``root``: asked once per folder and run (catalogs share a few)."""
    return folder.resolve().is_relative_to(root.resolve())


_NAME_MAX = 255  # bytes in one file or folder name (Linux, macOS, Windows)
_PATH_MAX = 1024  # bytes in a configured path: well under every system's limit, with room for the files below it


def _check_path_text(value: str, key: str, default: str, error: KeyErrors) -> None:
    """A configured folder the file system can hold: no NUL or other control character, no name over 255 bytes."""
    unsafe = first_unsafe_in_source(value)
    if unsafe:
        raise error(f"'{key}' holds the invisible character {describe(unsafe[1])}", key, f'write {key} = "{default}"')
    longest = max((len(part.encode("utf-8")) for part in Path(value).parts), default=0)
    if longest > _NAME_MAX:
        raise error(
            f"'{key}' has a folder name of {longest} bytes; file systems allow {_NAME_MAX}",
            key,
            f'use a shorter name, such as {key} = "{default}"',
        )
    if len(value.encode("utf-8")) > _PATH_MAX:
        raise error(f"'{key}' is {len(value.encode())} bytes long", key, f"use a path under {_PATH_MAX} bytes")


def _inside(root: Path, value: str, key: str, error: KeyErrors) -> Path:
    path = (root / value).resolve()
    if not path.is_relative_to(root.resolve()):
        raise error(f"'{key}' points outside the site: {value}", key, "use a folder inside the site")
    return path


def _engines(table: object, languages: tuple[str, ...], error: KeyErrors) -> dict[str, str]:
    if not isinstance(table, dict):
        raise error("[tool.i18n-pub.engines] must be a table", "", 'write default = "apertium"')
    engines = {"default": "none"}
    for key, value in table.items():
        if key != "default" and key not in languages:
            raise error(
                f"unknown key {key!r} in [tool.i18n-pub.engines]",
                key,
                "use 'default' or one of the configured languages: " + ", ".join(languages),
            )
        if value not in ENGINE_NAMES:
            raise error(f"unknown engine {value!r} for {key!r}", key, "engines: " + ", ".join(ENGINE_NAMES))
        engines[key] = value
    return engines


def _check_apertium_pairs(
    source: str, languages: tuple[str, ...], engines: dict[str, str], settings: dict[str, Any], error: KeyErrors
) -> None:
    """Every language set to Apertium has its pair installed (``apertium -l``), or at least packaged by Debian."""
    from i18n_pub.engines.apertium_pairs import pair_problem

    for language in languages:
        if engines.get(language, engines["default"]) != "apertium":
            continue
        problem = pair_problem(source, language, settings.get("command", "apertium"))
        if problem is not None:
            key = language if language in engines else "default"
            raise error(f"{language} = \"apertium\": {problem.what}", key, problem.fix)


def stated_defaults(config: Config, languages: Sequence[str], *, engine: str | None = None) -> list[str]:
    """One line for each default that changes what is published, so no fallback goes out unsaid."""
    lines = []
    if engine is None:
        bare = [language for language in languages if config.engine_for(language) == "none"]
        if bare:
            lines.append(
                f"{', '.join(bare)}: no engine in [{TABLE}.engines], so only translation memory and the glossary "
                f"fill the catalogs; set default = \"apertium\" (or another engine) in {PYPROJECT}, or translate in a PO editor"
            )
    if "base-url" in config.feed.unset:
        lines.append(f"no base-url in [{TABLE}.feed]: publish needs the website's address ({BASE_URL_FIX})")
    if "title" in config.feed.unset:
        lines.append(f'no title in [{TABLE}.feed]: the feeds are called "{config.feed.title}"; set title = "…"')
    if "organization" in config.feed.unset:
        lines.append(
            f'no organization in [{TABLE}.feed]: disclaimers name "{config.feed.title}" as responsible; set organization = "…"'
        )
    return lines


BASE_URL_FIX = 'add base-url = "https://example.org/news" to [tool.i18n-pub.feed]'


def require_base_url(config: Config) -> str:
    """The site's address; publishing without one would put a made-up address into every feed."""
    if config.feed.base_url is None:
        raise ConfigError(f"no base-url in [{TABLE}.feed]", path=PYPROJECT, fix=BASE_URL_FIX)
    return config.feed.base_url
