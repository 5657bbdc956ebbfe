"""The ``init`` and ``language add`` commands: parse options, ask on a terminal, call :mod:`i18n_pub.scaffold`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from i18n_pub.cli_base import QuietOption, SiteOption, app, check_engine, command, echo, engine_option, warn
from i18n_pub.config import load_config, stated_defaults
from i18n_pub.engines.settings import ENGINE_NAMES

if TYPE_CHECKING:
    from i18n_pub.scaffold import SiteChoices


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask_languages() -> tuple[str, ...]:
    from i18n_pub.scaffold import installed_pair_languages

    offered = installed_pair_languages()
    hint = f" (Apertium can translate into {', '.join(offered)} here)" if offered else ""
    answer = typer.prompt(f"Languages to publish in, as codes separated by spaces{hint}", default=" ".join(offered) or None)
    return tuple(answer.replace(",", " ").split())


def _choices(
    languages: list[str] | None, engine: str | None, base_url: str | None, title: str | None, organization: str | None
) -> SiteChoices:
    """The options given, the rest asked on a terminal; off a terminal, what the machine says (installed pairs)."""
    from i18n_pub.scaffold import SiteChoices, default_engine, installed_pair_languages

    ask = _interactive()
    chosen = tuple(languages or (_ask_languages() if ask else installed_pair_languages()))
    if not chosen:
        raise typer.BadParameter("name at least one language, e.g. --language es (no Apertium pair is installed to offer)")
    engine = engine or default_engine(chosen)
    if ask and engine is None:
        engine = typer.prompt("Machine translation engine (" + ", ".join(ENGINE_NAMES) + ")", default="none")
    if ask:
        title = title or typer.prompt("Feed title, in English", default="News")
        organization = organization or typer.prompt("Organisation named in the disclaimers", default=title)
        base_url = (
            base_url
            or typer.prompt("The website's address (publish needs it; empty to set it later)", default="", show_default=False)
            or None
        )
    return SiteChoices(chosen, engine, base_url, title, organization)


BaseUrlOption = Annotated[
    str | None, typer.Option("--base-url", metavar="URL", help="The website's address; publish needs it.", show_default=False)
]
TitleOption = Annotated[
    str | None, typer.Option("--title", metavar="TEXT", help="The feed title, in English (default: News).", show_default=False)
]
OrganizationOption = Annotated[
    str | None,
    typer.Option(
        "--organization", metavar="TEXT", help="Who the disclaimers name as responsible (default: the title).", show_default=False
    ),
]


@command()
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", hidden=True, show_default=False)] = Path("."),
    languages: Annotated[
        list[str] | None,
        typer.Option(
            "--language",
            "-l",
            metavar="LANG",
            help="A language to publish in; repeat for more (default: the Apertium pairs installed).",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[
        str | None,
        engine_option(
            f"The machine translation engine: {', '.join(ENGINE_NAMES)} (default: apertium when every language has an installed pair)."
        ),
    ] = None,
    base_url: BaseUrlOption = None,
    title: TitleOption = None,
    organization: OrganizationOption = None,
    quiet: QuietOption = False,
) -> None:
    """Start a site: pyproject.toml's [tool.i18n-pub] table, sources/ with an example, a glossary, .gitignore.

    DIR is the folder to make a site (default: the current folder). Asks on a
    terminal for what it cannot find out; never overwrites a file.

    Example: i18n-pub init news --language es --base-url https://example.org/news
    """
    check_engine(engine)
    choices = _choices(languages, engine, base_url, title, organization)
    directory.mkdir(parents=True, exist_ok=True)
    from i18n_pub.scaffold import init_site

    for written in init_site(directory, choices):
        echo(f"{written.action} {written.path}", quiet)
    config = load_config(directory)
    warn(stated_defaults(config, config.languages), quiet)
    site = "" if directory.resolve() == Path.cwd().resolve() else f" --site {directory}"
    echo("\nNext:", quiet)
    echo(f"  i18n-pub translate --all{site}    # sources/*.md → locales/<lang>/*.po, machine-translated", quiet)
    echo(f"  i18n-pub publish --all{site}      # → {config.relative(config.output_dir)}/<lang>.xml, one Atom feed per language", quiet)


language_app = typer.Typer(name="language", help="Add a language to the site.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(language_app)


@command("add", writes=True, group=language_app)
def language_add(
    language: Annotated[str, typer.Argument(metavar="LANG", hidden=True, show_default=False)],
    engine: Annotated[str | None, engine_option("The engine for this language (default: the site's default engine).")] = None,
    site: SiteOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add LANG to languages in pyproject.toml (keeping the rest of the file) and create its catalogs.

    LANG is a BCP 47 code, such as es, fr, ar, pt-BR.

    Example: i18n-pub language add fr --engine google
    """
    check_engine(engine)
    from i18n_pub.scaffold import add_language, language_catalogs

    config = add_language(load_config(site), language, engine)
    echo(f"added {language} to languages in {config.relative(config.pyproject)}", quiet)
    for path in language_catalogs(config, language):
        echo(f"wrote {path}", quiet)
    warn(stated_defaults(config, [language]), quiet)
    echo(f"\nNext: i18n-pub translate -l {language}", quiet)
