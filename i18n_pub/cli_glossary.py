"""The ``glossary`` commands (import, export, suggest): parse options, call :mod:`i18n_pub.glossary_io`, print."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from i18n_pub.cli_base import QuietOption, SiteOption, app, command, echo
from i18n_pub.config import load_config

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
    echo(f"{state} {result.path} ({result.terms} term(s); languages: {', '.join(result.languages) or 'none'})", quiet)


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
