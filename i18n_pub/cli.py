"""The ``i18n-pub`` command line: parse options, call the library, print. Nothing else lives here."""

from __future__ import annotations

import functools
import json
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar, cast

import typer

from i18n_pub import __version__
from i18n_pub.config import ENGINE_NAMES, Config, load_config, require_base_url, stated_defaults
from i18n_pub.errors import I18nPubError, os_error
from i18n_pub.lock import site_lock
from i18n_pub.textsafe import escape_json, printable

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

    from i18n_pub.dryrun import Change

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


def _complete_languages(incomplete: str) -> list[str]:
    """Shell completion for -l: the languages of the site around the current folder."""
    try:
        return [code for code in load_config().languages if code.startswith(incomplete)]
    except I18nPubError:
        return []


def _complete_engines(incomplete: str) -> list[str]:
    return [name for name in ENGINE_NAMES if name.startswith(incomplete)]


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
        autocompletion=_complete_languages,
    ),
]  # fmt: skip
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Say which files would be written, and write nothing (online engines are not asked).")
]
AllOption = Annotated[bool, typer.Option("--all", help="Every language in the configuration.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output on standard output.")]


def _echo(message: str = "", quiet: bool = False, err: bool = False) -> None:
    if not quiet:
        # File names and text from files: control and bidi characters escaped, a line at a time.
        typer.echo("\n".join(printable(line) for line in message.split("\n")), err=err)


class _ProgressReport:
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


def _without_keys(text: str) -> str:
    from i18n_pub.engines.remote import redact

    return redact(text, _engine_keys())


def _fail(error: I18nPubError) -> typer.Exit:
    # Whatever a message quotes from a file or a file name, control and bidi characters show as escapes.
    for each in getattr(error, "errors", (error,)):  # SourceErrors: every bad source, one line each
        typer.echo(_without_keys(f"Error: {printable(str(each))}"), err=True)
    return typer.Exit(error.exit_code)


def _excepthook(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
    """A crash (a bug) still prints its traceback, but never an engine key that a message may carry."""
    sys.stderr.write(_without_keys("".join(traceback.format_exception(kind, value, trace))))


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
                raise _fail(error) from None
            except OSError as error:  # the file system refused: one Error: line with advice that fits the cause
                raise _fail(os_error(error)) from None
            except KeyboardInterrupt:
                typer.echo("Interrupted: every file is as it was or complete; run the command again to finish.", err=True)
                raise typer.Exit(130) from None

        return (group or app).command(*args, **kwargs)(wrapper)

    return decorate


def _warn(lines: list[str], quiet: bool = False) -> None:
    """Defaults that change what is published, stated on standard error (see config.stated_defaults)."""
    for line in lines:
        _echo(f"Warning: {line}", quiet, err=True)


def _languages(config: Config, languages: list[str] | None, all_languages: bool, *, required: bool = True) -> list[str]:
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


@command(writes=True)
def extract(site: SiteOption = None, quiet: QuietOption = False) -> None:
    """Split the sources into sentences and write locales/templates/<slug>.pot.

    Example: i18n-pub extract
    """
    from i18n_pub.translate import extract as run_extract

    config = load_config(site)
    extracted, written = run_extract(config)
    for path in written:
        _echo(f"wrote {path}", quiet)
    _echo(f"{len(extracted)} article(s), {len(written)} template(s) written", quiet)


@command(writes=True)
def translate(
    languages: LanguagesOption = None,
    all_languages: AllOption = False,
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine", "-e", metavar="ENGINE", autocompletion=_complete_engines, show_default=False,
            help="Override the configured engine: " + ", ".join(ENGINE_NAMES) + ". Keys come only from I18N_PUB_<ENGINE>_KEY.",
        ),
    ] = None,
    dry_run: DryRunOption = False,
    site: SiteOption = None,
    quiet: QuietOption = False,
) -> None:
    """Update templates and catalogs, then fill them from memory and machine translation.

    Example: i18n-pub translate -l es --engine apertium
    """
    from i18n_pub.translate import translate as run_translate

    if engine is not None and engine not in ENGINE_NAMES:
        raise typer.BadParameter(f"unknown engine {engine!r}; choose from {', '.join(ENGINE_NAMES)}", param_hint="--engine")
    config = load_config(site)
    chosen = _languages(config, languages, all_languages)
    if dry_run:
        from i18n_pub.dryrun import translate_dry_run

        (results, left), changes = translate_dry_run(config, chosen, engine, progress=_ProgressReport(quiet))
        _report_dry_run(changes, [f"{n.language}: {n.segments} segment(s) left for {n.engine}, not asked in a dry run" for n in left])
        _warn(stated_defaults(config, chosen, engine=engine), quiet)
        return
    templates, results = run_translate(config, chosen, engine, progress=_ProgressReport(quiet))
    for path in templates:
        _echo(f"wrote {path}", quiet)
    failure = None
    for result in results:
        for path in result.written:
            _echo(f"wrote {path}", quiet)
        _echo(
            f"{result.language}: {result.from_engine} segment(s) from {result.engine}, "
            f"{result.from_memory} from translation memory, {len(result.written)} catalog(s) written",
            quiet,
        )
        if result.lost:
            _echo(f"{result.language}: the engine lost {result.lost} protected term(s); see '# glossary: lost' in the catalogs", quiet)
        failure = failure or result.error
    if failure:
        raise _fail(failure)
    _warn(stated_defaults(config, chosen, engine=engine), quiet)  # after the work: a failed run's errors come alone


@command(writes=True)
def publish(
    languages: LanguagesOption = None,
    all_languages: AllOption = False,
    policy: Annotated[
        str,
        typer.Option(
            "--policy",
            metavar="machine|reviewed",
            autocompletion=lambda: ["machine", "reviewed"],
            help="machine: every fully translated article, machine translation included, with its disclaimer; "
            "reviewed: only articles a translator fully reviewed.",
        ),
    ] = "machine",
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="DIR", help="Write the feeds into this folder instead of the configured output.", show_default=False),
    ] = None,
    markdown: Annotated[
        bool,
        typer.Option(
            "--markdown",
            help="Also write each published article as translated Markdown: build/<lang>/<slug>.md "
            "(with --out DIR: DIR/<lang>/<slug>.md), for a static-site generator.",
        ),
    ] = False,
    dry_run: DryRunOption = False,
    site: SiteOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write build/feeds/<lang>.xml, an Atom feed of every fully translated article.

    Example: i18n-pub publish --all --policy reviewed --markdown
    """
    from i18n_pub.feed import Policy
    from i18n_pub.markdown_out import write_markdown
    from i18n_pub.publishing import publish_all

    choices = [p.value for p in Policy]
    if policy not in choices:
        raise typer.BadParameter(f"unknown policy {policy!r}; choose from {', '.join(choices)}", param_hint="--policy")
    config = load_config(site)
    chosen = _languages(config, languages, all_languages)
    require_base_url(config)
    if dry_run:
        from i18n_pub.dryrun import publish_dry_run

        _, changes = publish_dry_run(config, chosen, Policy(policy), out)
        _report_dry_run(changes)
        _warn(stated_defaults(config, chosen), quiet)
        return
    warned: set[str] = set()
    results = publish_all(config, chosen, Policy(policy), out.resolve() if out else None)
    for result in results:
        for warning in sorted(set(result.warnings) - warned):
            warned.add(warning)
            if not quiet:
                typer.echo(f"Warning: {warning}", err=True)
        for held in result.held:
            _echo(f"{result.language}: held back {held.slug}: {held.reason}", quiet)
        state = "wrote" if result.written else "unchanged"
        pages = f"; {result.pages} archive page(s), {len(result.pages_written)} written" if result.pages else ""
        _echo(
            f"{result.language}: {state} {result.path} ({len(result.published)} article(s): "
            f"{result.reviewed} reviewed, {result.machine} machine, {len(result.held)} held back{pages})",
            quiet,
        )
    if markdown:
        written = write_markdown(config, results, out.resolve() if out else None)
        _echo(f"wrote {len(written)} Markdown file(s)" + "".join(f"\n  {path}" for path in written), quiet)
    _warn(stated_defaults(config, chosen), quiet)  # after the work: a failed run's errors come alone


@command()
def status(
    languages: LanguagesOption = None,
    site: SiteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show what is left per language (and per article with -l): reviewed, machine, changed, untranslated.

    Example: i18n-pub status -l es --json
    """
    from i18n_pub.status import collect_status, status_document
    from i18n_pub.translate import load_sources

    config = load_config(site)
    chosen = _languages(config, languages, False, required=False)
    report = collect_status(config, load_sources(config), chosen)
    if as_json:
        typer.echo(json.dumps(status_document(report), indent=2, ensure_ascii=False, sort_keys=True))
        return
    from rich.console import Console

    from i18n_pub.status import article_table, effort_table, language_table

    # Wide enough for slugs when piped; a terminal's own width otherwise.
    console = Console(width=None if sys.stdout.isatty() else 160, highlight=False)
    console.print("Translation status per language")
    console.print(language_table(report))
    effort = effort_table(report)
    if effort is not None:
        console.print("\nReview effort: how much reviewers changed the machine output (character edit distance)")
        console.print(effort)
    if languages:
        for lang in report:
            console.print(f"\n{lang.language}: per article")
            console.print(article_table(lang))


@command()
def check(
    languages: LanguagesOption = None,
    all_languages: AllOption = False,
    site: SiteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check every translated entry: glossary, names, numbers, links, markup, placeholders, whitespace.

    Prints "path:line: check: message" lines, sorted; exits 1 when any finding is an error.
    Silence one entry with a translator comment "# i18n-pub-ignore: numbers".

    Example: i18n-pub check -l es --json
    """
    from i18n_pub.checks import check_document, run_checks

    config = load_config(site)
    reports = [run_checks(config, language) for language in _languages(config, languages, all_languages)]
    if as_json:
        typer.echo(escape_json(json.dumps(check_document(reports), indent=2, ensure_ascii=False)))
    else:
        for finding in sorted((f for r in reports for f in r.findings), key=lambda f: f.sort_key):
            typer.echo(printable(str(finding)))
    for report in reports:
        typer.echo(
            f"{report.language}: {report.errors} error(s), {report.warnings} warning(s) "
            f"in {report.entries} translated entries of {len(report.catalogs)} catalog(s)",
            err=True,
        )
    if any(report.errors for report in reports):
        raise typer.Exit(1)


@command(writes=True)
def review(
    languages: LanguagesOption = None,
    all_languages: AllOption = False,
    open_page: Annotated[bool, typer.Option("--open", help="Open the page in the web browser.")] = False,
    site: SiteOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write build/review/<lang>.html: each article's segments side by side, with status and check findings.

    Example: i18n-pub review -l es --open
    """
    import webbrowser

    from i18n_pub.review import write_review
    from i18n_pub.translate import load_sources

    config = load_config(site)
    articles = load_sources(config)
    for language in _languages(config, languages, all_languages):
        path, written = write_review(config, articles, language)
        _echo(f"{language}: {'wrote' if written else 'unchanged'} {config.relative(path)}", quiet)
        if open_page and not webbrowser.open(path.resolve().as_uri()):
            raise I18nPubError(
                "no web browser found to open it",
                path=config.relative(path),
                fix="open the file in a browser yourself, or name one in the BROWSER environment variable",
            )


@command("import", writes=True)
def import_sources(
    source: Annotated[str, typer.Argument(metavar="SOURCE", hidden=True, show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Also replace sources edited by hand (or not written by import).")] = False,
    keep_going: Annotated[bool, typer.Option("--keep-going", help="Write the good items even when some are bad (still exits 1).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS", help="Seconds allowed for fetching a feed address.")] = 30.0,
    site: SiteOption = None,
    quiet: QuietOption = False,
) -> None:
    """Create and update sources/<slug>.md from the site's English feed or a WordPress export.

    SOURCE is an RSS 2.0 or Atom feed file, a WordPress export (WXR) or a feed's http(s) address.

    Example: i18n-pub import https://news.example.org/feed/
    """
    from i18n_pub.fetch import Limits
    from i18n_pub.importer import Options, report, run_import

    config = load_config(site)
    result = run_import(config, source, Options(force=force, keep_going=keep_going, limits=Limits(timeout=timeout)))
    lines, warnings = report(result)
    for line in lines:
        _echo(line, quiet)
    for line in warnings + [f"Error: {error}" for error in result.errors]:
        typer.echo(_without_keys(line), err=True)
    if result.errors:
        raise typer.Exit(1)


# --- glossary -------------------------------------------------------------------
glossary_app = typer.Typer(
    name="glossary",
    help="Import, export and extend the terminology glossary (glossary/*.csv, *.tbx).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(glossary_app)


@command("import", writes=True, group=glossary_app)
def glossary_import(
    file: Annotated[Path, typer.Argument(metavar="FILE", hidden=True, show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace glossary/<name>.csv if it exists.")] = False,
    site: SiteOption = None,
    quiet: QuietOption = False,
) -> None:
    """Check a TBX or CSV glossary and add it to the site as glossary/<name>.csv.

    FILE is a TBX-Basic (.tbx) or glossary CSV (.csv) file.

    Example: i18n-pub glossary import terms.tbx
    """
    from i18n_pub.glossary_io import import_glossary

    config = load_config(site)
    result = import_glossary(config, file, force=force)
    state = "wrote" if result.written else "unchanged"
    _echo(f"{state} {result.path} ({result.terms} term(s); languages: {', '.join(result.languages) or 'none'})", quiet)


@command("export", group=glossary_app)
def glossary_export(
    format: Annotated[str, typer.Option("--format", "-f", metavar="tbx|csv", help="tbx (TBX-Basic) or csv.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file (default: standard output).", show_default=False),
    ] = None,
    site: SiteOption = None,
) -> None:
    """Write the whole site glossary as TBX-Basic or as one CSV.

    Example: i18n-pub glossary export --format tbx -o glossary.tbx
    """
    from i18n_pub.fsutil import atomic_write
    from i18n_pub.glossary_io import export_glossary

    if format not in ("tbx", "csv"):
        raise typer.BadParameter(f"unknown format {format!r}; choose tbx or csv", param_hint="--format")
    config = load_config(site)
    data = export_glossary(config, format)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        atomic_write(output, data)


@command("suggest", group=glossary_app)
def glossary_suggest(
    min_count: Annotated[
        int, typer.Option("--min-count", metavar="N", help="How often a capitalised phrase (or a reviewers' correction) must occur.")
    ] = 2,
    from_reviews: Annotated[
        bool, typer.Option("--from-reviews", help="Terms reviewers corrected again and again in the machine output, forms filled.")
    ] = False,
    site: SiteOption = None,
) -> None:
    """List candidate terms the glossary lacks, most frequent first, as CSV ready to paste.

    Acronym expansions, names after honorifics and capitalised phrases repeated in the sources;
    with --from-reviews, the words reviewers replaced in the machine output at least N times,
    with the English they translate and the reviewers' form.

    Example: i18n-pub glossary suggest > glossary/suggested.csv   (then fill in the translations)
    Example: i18n-pub glossary suggest --from-reviews > glossary/learned.csv   (check, then keep)
    """
    from i18n_pub.glossary_io import suggest_from_reviews, suggest_terms

    if min_count < 1:
        raise typer.BadParameter("must be 1 or more", param_hint="--min-count")
    config = load_config(site)
    typer.echo((suggest_from_reviews if from_reviews else suggest_terms)(config, min_count), nl=False)


def _report_dry_run(changes: Sequence[Change], notes: Sequence[str] = ()) -> None:
    for change in changes:
        typer.echo(f"would {'remove' if change.kind == 'removed' else 'write'} {change.path} ({change.kind})")
    for note in notes:
        typer.echo(note)
    typer.echo(f"dry run: {len(changes)} file(s) would change; nothing was written")


from i18n_pub import cli_init  # noqa: E402, F401  (registers init and language)


def main() -> None:
    sys.excepthook = _excepthook
    app(prog_name="i18n-pub")


if __name__ == "__main__":
    main()
