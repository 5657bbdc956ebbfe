"""What every command of the ``i18n-pub`` command line shares: the app, its options, printing, errors, the site lock."""

from __future__ import annotations

import functools
import os
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar, cast

import typer

from i18n_pub import __version__
from i18n_pub.config import Config, load_config
from i18n_pub.engines.settings import ENGINE_NAMES
from i18n_pub.errors import I18nPubError, os_error
from i18n_pub.lock import site_lock
from i18n_pub.textsafe import printable

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID


P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="i18n-pub",
    help="Publish English news in many languages through reviewed gettext catalogs and Atom feeds.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# --- options shared by every command, defined once ----------------------------


def complete_languages(incomplete: str) -> list[str]:
    """Shell completion for -l: the languages of the site around the current folder."""
    try:
        return [code for code in load_config().languages if code.startswith(incomplete)]
    except I18nPubError:
        return []


def complete_engines(incomplete: str) -> list[str]:
    return [name for name in ENGINE_NAMES if name.startswith(incomplete)]


def engine_option(help: str) -> typer.models.OptionInfo:
    """``--engine``/``-e`` ENGINE, completed from the engine names; checked by :func:`check_engine`."""
    option: typer.models.OptionInfo = typer.Option(
        "--engine", "-e", metavar="ENGINE", autocompletion=complete_engines, show_default=False, help=help
    )
    return option


def check_engine(engine: str | None) -> None:
    if engine is not None and engine not in ENGINE_NAMES:
        raise typer.BadParameter(f"unknown engine {engine!r}; choose from {', '.join(ENGINE_NAMES)}", param_hint="--engine")


SiteOption = Annotated[
    Path | None,
    typer.Option(
        "--site", metavar="DIR", help="The site folder (default: found by walking up from the current folder).", show_default=False
    ),
]
LanguagesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--language", "-l", metavar="LANG", help="A target language; repeat for more.", show_default=False,
        autocompletion=complete_languages,
    ),
]  # fmt: skip
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Say which files would be written, and write nothing (online engines are not asked).")
]
AllOption = Annotated[bool, typer.Option("--all", help="Every language in the configuration.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output on standard output.")]


def echo(message: str = "", quiet: bool = False, err: bool = False) -> None:
    if not quiet:
        # File names and text from files: control and bidi characters escaped, a line at a time.
        typer.echo("\n".join(printable(line) for line in message.split("\n")), err=err)


class ProgressReport:
    """Machine translation progress on standard error: a rich bar on a terminal, a few plain lines otherwise."""

    STEPS = 4  # plain lines per run: at 25 %, 50 %, 75 % and 100 %
    MINIMUM = 20  # shorter runs report nothing

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: RichProgress | None = None
        self.task: TaskID | None = None
        self.done = self.total = self.step = 0
        self.label = ""

    def start(self, language: str, engine: str, total: int) -> None:
        self.done, self.total, self.step = 0, total, 0
        self.label = f"{language}: {engine}"
        if self.quiet or total < self.MINIMUM:
            return
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        else:
            typer.echo(f"{self.label}: translating {total} segment(s)", err=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task, count)
        elif not self.quiet and self.total >= self.MINIMUM:
            step = self.done * self.STEPS // self.total
            if step > self.step:
                self.step = step
                typer.echo(f"{self.label}: {self.done}/{self.total}", err=True)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _engine_keys() -> list[str]:
    """Every engine key in the environment (``I18N_PUB_<ENGINE>_KEY``), to keep out of anything printed."""
    return [value.strip() for name, value in os.environ.items() if re.fullmatch(r"I18N_PUB_\w+_KEY", name) and value.strip()]


def without_keys(text: str) -> str:
    from i18n_pub.engines.remote import redact

    return redact(text, _engine_keys())


def fail(error: I18nPubError) -> typer.Exit:
    # Whatever a message quotes from a file or a file name, control and bidi characters show as escapes.
    for each in getattr(error, "errors", (error,)):  # SourceErrors: every bad source, one line each
        typer.echo(without_keys(f"Error: {printable(str(each))}"), err=True)
    return typer.Exit(error.exit_code)


def excepthook(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
    """A crash (a bug) still prints its traceback, but never an engine key that a message may carry."""
    sys.stderr.write(without_keys("".join(traceback.format_exception(kind, value, trace))))


def command(
    *args: Any, writes: bool = False, group: typer.Typer | None = None, **kwargs: Any
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``app.command`` that turns library errors into one ``Error:`` line and their exit code.

    ``writes=True`` marks a command that writes into the site: it runs holding the
    site lock (``.i18n-pub/lock``), so two runs on one site never interleave.
    ``group`` registers the command on a sub-application instead of ``app``.
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def wrapper(*a: P.args, **k: P.kwargs) -> R:
            try:
                if writes:
                    with site_lock(load_config(cast("Path | None", k.get("site")))):  # every writing command has --site
                        return function(*a, **k)
                return function(*a, **k)
            except I18nPubError as error:
                raise fail(error) from None
            except OSError as error:  # the file system refused: one Error: line with advice that fits the cause
                raise fail(os_error(error)) from None
            except KeyboardInterrupt:
                typer.echo("Interrupted: every file is as it was or complete; run the command again to finish.", err=True)
                raise typer.Exit(130) from None

        return (group or app).command(*args, **kwargs)(wrapper)

    return decorate


def warn(lines: list[str], quiet: bool = False) -> None:
    """Defaults that change what is published, stated on standard error (see config.stated_defaults)."""
    for line in lines:
        echo(f"Warning: {line}", quiet, err=True)


def select_languages(config: Config, languages: list[str] | None, all_languages: bool, *, required: bool = True) -> list[str]:
    if all_languages and languages:
        raise typer.BadParameter("name languages with -l LANG or use --all, not both", param_hint="-l/--language")
    if all_languages:
        return list(config.languages)
    if not languages:
        if not required:
            return list(config.languages)
        raise typer.BadParameter("name a language with -l LANG or use --all", param_hint="-l/--language")
    unknown = [code for code in languages if code not in config.languages]
    if unknown:
        raise typer.BadParameter(
            f"{unknown[0]!r} is not in languages = {list(config.languages)} of {config.relative(config.pyproject)}",
            param_hint="-l/--language",
        )
    return list(dict.fromkeys(languages))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"i18n-pub {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Publish English news in many languages through reviewed gettext catalogs and Atom feeds."""
