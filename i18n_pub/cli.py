"""The ``i18n-pub`` command line: parse options, call the library, print. Nothing else lives here.

What the commands share (the app, options, printing, errors) is in :mod:`i18n_pub.cli_base`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from i18n_pub.cli_base import (
    AllOption,
    DryRunOption,
    JsonOption,
    LanguagesOption,
    ProgressReport,
    QuietOption,
    SiteOption,
    app,
    check_engine,
    command,
    echo,
    engine_option,
    excepthook,
    fail,
    select_languages,
    warn,
    without_keys,
)
from i18n_pub.config import load_config, require_base_url, stated_defaults
from i18n_pub.engines.settings import ENGINE_NAMES
from i18n_pub.errors import I18nPubError
from i18n_pub.textsafe import escape_json, printable

if TYPE_CHECKING:

    from i18n_pub.dryrun import Change
    from i18n_pub.publishing import PublishResult

@command(writes=True)
def extract(site: SiteOption = None, quiet: QuietOption = False) -> None:
    """Split the sources into sentences and write locales/templates/<slug>.pot.

    Example: i18n-pub extract
    """
    from i18n_pub.translate import extract as run_extract

    config = load_config(site)
    extracted, written = run_extract(config)
    for path in written:
        echo(f"wrote {path}", quiet)
    echo(f"{len(extracted)} article(s), {len(written)} template(s) written", quiet)


@command(writes=True)
def translate(
    languages: LanguagesOption = None,
    all_languages: AllOption = False,
    engine: Annotated[
        str | None,
        engine_option(f"Override the configured engine: {', '.join(ENGINE_NAMES)}. Keys come only from I18N_PUB_<ENGINE>_KEY."),
    ] = None,
    dry_run: DryRunOption = False,
    site: SiteOption = None,
    quiet: QuietOption = False,
) -> None:
    """Update templates and catalogs, then fill them from memory and machine translation.

    Example: i18n-pub translate -l es --engine apertium
    """
    from i18n_pub.translate import translate as run_translate

    check_engine(engine)
    config = load_config(site)
    chosen = select_languages(config, languages, all_languages)
    if dry_run:
        from i18n_pub.dryrun import translate_dry_run

        (results, left), changes = translate_dry_run(config, chosen, engine, progress=ProgressReport(quiet))
        _report_dry_run(changes, [f"{n.language}: {n.segments} segment(s) left for {n.engine}, not asked in a dry run" for n in left])
        warn(stated_defaults(config, chosen, engine=engine), quiet)
        return
    templates, results = run_translate(config, chosen, engine, progress=ProgressReport(quiet))
    for path in templates:
        echo(f"wrote {path}", quiet)
    failure = None
    for result in results:
        for path in result.written:
            echo(f"wrote {path}", quiet)
        echo(
            f"{result.language}: {result.from_engine} segment(s) from {result.engine}, "
            f"{result.from_memory} from translation memory, {len(result.written)} catalog(s) written",
            quiet,
        )
        if result.lost:
            echo(f"{result.language}: the engine lost {result.lost} protected term(s); see '# glossary: lost' in the catalogs", quiet)
        failure = failure or result.error
    if failure:
        raise fail(failure)
    warn(stated_defaults(config, chosen, engine=engine), quiet)  # after the work: a failed run's errors come alone


PolicyOption = Annotated[
    str,
    typer.Option(
        "--policy",
        metavar="machine|reviewed",
        autocompletion=lambda: ["machine", "reviewed"],
        help="machine: every fully translated article, machine translation included, with its disclaimer; "
        "reviewed: only articles a translator fully reviewed.",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", metavar="DIR", help="Write the feeds into this folder instead of the configured output.", show_default=False),
]
MarkdownOption = Annotated[
    bool,
    typer.Option(
        "--markdown",
        help="Also write each published article as translated Markdown: build/<lang>/<slug>.md "
        "(with --out DIR: DIR/<lang>/<slug>.md), for a static-site generator.",
    ),
]


@command(writes=True)
def publish(
    languages: LanguagesOption = None,
    all_languages: AllOption = False,
    policy: PolicyOption = "machine",
    out: OutOption = None,
    markdown: MarkdownOption = False,
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
    chosen = select_languages(config, languages, all_languages)
    require_base_url(config)
    if dry_run:
        from i18n_pub.dryrun import publish_dry_run

        _, changes = publish_dry_run(config, chosen, Policy(policy), out)
        _report_dry_run(changes)
        warn(stated_defaults(config, chosen), quiet)
        return
    results = publish_all(config, chosen, Policy(policy), out.resolve() if out else None)
    _report_published(results, quiet)
    if markdown:
        written = write_markdown(config, results, out.resolve() if out else None)
        echo(f"wrote {len(written)} Markdown file(s)" + "".join(f"\n  {path}" for path in written), quiet)
    warn(stated_defaults(config, chosen), quiet)  # after the work: a failed run's errors come alone


def _report_published(results: Sequence[PublishResult], quiet: bool) -> None:
    warned: set[str] = set()
    for result in results:
        for warning in sorted(set(result.warnings) - warned):
            warned.add(warning)
            if not quiet:
                typer.echo(f"Warning: {warning}", err=True)
        for held in result.held:
            echo(f"{result.language}: held back {held.slug}: {held.reason}", quiet)
        state = "wrote" if result.written else "unchanged"
        pages = f"; {result.pages} archive page(s), {len(result.pages_written)} written" if result.pages else ""
        echo(
            f"{result.language}: {state} {result.path} ({len(result.published)} article(s): "
            f"{result.reviewed} reviewed, {result.machine} machine, {len(result.held)} held back{pages})",
            quiet,
        )


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
    chosen = select_languages(config, languages, False, required=False)
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
    reports = [run_checks(config, language) for language in select_languages(config, languages, all_languages)]
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
    for language in select_languages(config, languages, all_languages):
        path, written = write_review(config, articles, language)
        echo(f"{language}: {'wrote' if written else 'unchanged'} {config.relative(path)}", quiet)
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
        echo(line, quiet)
    for line in warnings + [f"Error: {error}" for error in result.errors]:
        typer.echo(without_keys(line), err=True)
    if result.errors:
        raise typer.Exit(1)


def _report_dry_run(changes: Sequence[Change], notes: Sequence[str] = ()) -> None:
    for change in changes:
        typer.echo(f"would {'remove' if change.kind == 'removed' else 'write'} {change.path} ({change.kind})")
    for note in notes:
        typer.echo(note)
    typer.echo(f"dry run: {len(changes)} file(s) would change; nothing was written")


from i18n_pub import cli_glossary, cli_init  # noqa: E402, F401  (register the glossary, init and language commands)


def main() -> None:
    sys.excepthook = excepthook
    app(prog_name="i18n-pub")


if __name__ == "__main__":
    main()
