"""``--dry-run``: run a command on a scratch copy of the site and report which files it would write.

The real pipeline runs, so the report is what the command would do, not a
guess; the site itself is only read. Online engines are not asked in a dry run
(they cost money and time): their segments are counted instead.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from i18n_pub.config import Config, load_config
from i18n_pub.engines.settings import OFFLINE_ENGINES

if TYPE_CHECKING:
    from i18n_pub.feed import Policy
    from i18n_pub.publishing import PublishResult
    from i18n_pub.translate import LanguageResult, Progress

T = TypeVar("T")
# Never copied: version control, virtual environments, caches of other tools.
_SKIP = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache")


@dataclass(frozen=True)
class Change:
    path: str  # relative to the site
    kind: str  # "new", "changed" or "removed"


def dry_run(config: Config, action: Callable[[Config], T]) -> tuple[T, list[Change]]:
    """``action`` run on a copy of the site; its result and the files it would create, change or remove."""
    with tempfile.TemporaryDirectory(prefix="i18n-pub-dry-run-") as scratch:
        copy = Path(scratch) / "site"
        shutil.copytree(config.root, copy, symlinks=True, ignore=shutil.ignore_patterns(*_SKIP))
        before = _digests(copy)
        result = action(load_config(copy))
        after = _digests(copy)
    changes = [Change(path, "new" if path not in before else "changed") for path in sorted(after) if before.get(path) != after[path]]
    changes += [Change(path, "removed") for path in sorted(set(before) - set(after))]
    return result, [change for change in changes if not _is_cache(change.path, config)]


def _is_cache(path: str, config: Config) -> bool:
    return path.split("/")[0] == config.cache_dir.name


def _digests(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): _digest(path) for path in _files(root)}


def _files(root: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            yield path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class NotAsked:
    """Segments a dry run left for an online engine, which it does not contact."""

    language: str
    engine: str
    segments: int


def offline_engine(config: Config, language: str, override: str | None) -> str:
    """The engine a dry run uses for ``language``: the real one when it is offline, else ``none``."""
    engine = override or config.engine_for(language)
    return engine if engine in OFFLINE_ENGINES else "none"


def translate_dry_run(
    config: Config, languages: list[str], override: str | None, progress: Progress | None = None
) -> tuple[tuple[list[LanguageResult], list[NotAsked]], list[Change]]:
    """What ``translate`` would write, and how many segments each online engine would be asked."""
    from i18n_pub.status import collect_status
    from i18n_pub.translate import load_sources, translate

    def action(copy: Config) -> tuple[list[LanguageResult], list[NotAsked]]:
        results: list[LanguageResult] = []
        for engine in dict.fromkeys(offline_engine(copy, language, override) for language in languages):
            group = [language for language in languages if offline_engine(copy, language, override) == engine]
            results += translate(copy, group, engine, progress=progress)[1]
        online = [language for language in languages if (override or copy.engine_for(language)) != offline_engine(copy, language, override)]
        report = collect_status(copy, load_sources(copy), online) if online else ()
        left = [NotAsked(lang.language, override or copy.engine_for(lang.language), lang.totals.untranslated) for lang in report]
        return results, left

    return dry_run(config, action)


def publish_dry_run(config: Config, languages: list[str], policy: Policy, out: Path | None) -> tuple[list[PublishResult], list[Change]]:
    """What ``publish`` would write. ``--out`` must lie inside the site, so the copy holds it too."""
    from i18n_pub.errors import ConfigError
    from i18n_pub.publishing import publish_all

    inside = None
    if out is not None:
        try:
            inside = out.resolve().relative_to(config.root.resolve())
        except ValueError:
            raise ConfigError("is outside the site", path=out, fix="drop --dry-run, or give --out a folder inside the site") from None
    return dry_run(config, lambda copy: publish_all(copy, languages, policy, copy.root / inside if inside else None))
