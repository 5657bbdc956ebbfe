"""docs/reference.md and the command line say the same: every command and option of ``--help`` is documented, and
every command and option the reference documents exists."""

from __future__ import annotations

import re

import typer.main

from i18n_pub.cli import app
from tests.conftest import REPO, run_cli

HEADING = re.compile(r"^### `i18n-pub((?: [a-z][a-z-]*)*)(?: [^`]*)?`\s*$", re.MULTILINE)


def commands() -> dict[str, list[str]]:
    """Every command the CLI has (groups walked), with its option names, from the real click tree."""
    found: dict[str, list[str]] = {}

    def walk(command, path: str) -> None:
        options = [name for p in command.params if p.param_type_name == "option" for name in (*p.opts, *p.secondary_opts)]
        subcommands = getattr(command, "commands", {})
        if not subcommands or path == "":
            found[path] = [name for name in options if name != "--help"]
        for name, sub in subcommands.items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return found


def sections() -> dict[str, str]:
    text = (REPO / "docs/reference.md").read_text("utf-8")
    matches = list(HEADING.finditer(text))
    result = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        body = text[match.end() : end]
        result[match.group(1).strip()] = body.split("\n## ")[0]
    return result


def test_every_command_is_in_the_reference_and_every_documented_command_exists():
    assert set(sections()) == set(commands())


def test_every_option_is_documented_and_every_documented_option_exists():
    documented = sections()
    for path, options in commands().items():
        body = documented[path]
        for option in options:
            assert re.search(rf"`{re.escape(option)}[ `]", body), f"i18n-pub {path}: {option} is not in docs/reference.md"
        rows = [line.split("|")[1] for line in body.splitlines() if line.startswith("| `-")]
        named = {name for cell in rows for name in re.findall(r"`(--?[\w-]+)", cell)}
        assert named <= set(options), f"i18n-pub {path}: docs/reference.md documents {named - set(options)}, which --help lacks"


def test_the_help_the_user_sees_is_the_tree_this_test_walks():
    """The walk reads the same objects ``--help`` prints: an option in the tree is in the printed help."""
    for path, options in commands().items():
        text = run_cli(*path.split(), "--help", cwd=REPO).stdout
        assert all(option in text for option in options), path


def test_every_configuration_key_is_in_the_reference():
    """The keys the configuration reader accepts (whoever added them) are named in docs/reference.md."""
    from i18n_pub import config, config_feed
    from i18n_pub.engines.settings import ENGINE_SETTINGS

    text = (REPO / "docs/reference.md").read_text("utf-8")
    keys = {*config._TOP_KEYS, *config_feed._FEED_KEYS, *(key for settings in ENGINE_SETTINGS.values() for key in settings)}
    named = r"`{0}`|tool\.i18n-pub\.{0}[.\]]|^{0} = "  # in the text, a table name, or a line of a TOML example
    missing = sorted(key for key in keys if not re.search(named.format(re.escape(key)), text, re.MULTILINE))
    assert keys and not missing, missing
