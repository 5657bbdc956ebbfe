"""Engine keys never reach a file, a log or an error message.

Keys for every online engine are planted in the environment; each engine is sent
to a hostile server that repeats the whole request (headers, body, key) back in
its error page and in a response header, and every command runs. Then every file
the runs could write (the site, the cache, a private HOME) and everything they
printed is scanned for the keys.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.hostile_server import HostileServer

ENGINES = ("libre", "microsoft", "deepl", "mymemory", "google")
KEYS = {f"I18N_PUB_{name.upper()}_KEY": f"planted-{name}-{secrets.token_hex(12)}" for name in ENGINES}


def _configure(site: Path, url: str) -> None:
    with (site / "pyproject.toml").open("a", encoding="utf-8") as handle:
        for name in ENGINES:
            handle.write(f'\n[tool.i18n-pub.engine.{name}]\nurl = "{url}"\nretries = 0\ntimeout = 2\nconcurrency = 2\n')


def _leaks(root: Path, outputs: list[str]) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path}: {name}" for name, key in KEYS.items() if key.encode() in data]
    for number, output in enumerate(outputs):
        found += [f"output {number}: {name}" for name, key in KEYS.items() if key in output]
    return found


@pytest.mark.parametrize("status", [400, 403, 500])
def test_keys_never_reach_a_file_or_an_output_even_when_the_server_echoes_them(tmp_path, status):
    from tests.conftest import copy_site

    site = copy_site(tmp_path / "site")
    home = tmp_path / "home"
    home.mkdir()
    env = {**KEYS, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "TMPDIR": str(tmp_path)}
    outputs: list[str] = []
    with HostileServer() as server:
        server.status = status
        _configure(site, server.url)
        for engine in ENGINES:
            done = run_cli("translate", "-l", "fr", "--engine", engine, cwd=site, env=env, check=None)
            assert done.returncode in (1, 3), (engine, done.stderr)
            assert "Traceback" not in done.stderr, done.stderr
            outputs += [done.stdout, done.stderr]
        run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site, env=env)
        for command in (("publish", "--all"), ("status",), ("status", "--json"), ("translate", "--help")):
            done = run_cli(*command, cwd=site, env=env, check=None)
            outputs += [done.stdout, done.stderr]
        sent = "\n".join(server.requests)
    # The keys really were sent, and really were echoed back: the test has teeth.
    assert sum(key in sent for key in KEYS.values()) >= 3
    assert _leaks(tmp_path, outputs) == []


def test_even_a_crash_traceback_or_an_error_line_never_shows_a_key(monkeypatch, capsys):
    from i18n_pub import cli_base
    from i18n_pub.errors import EngineError

    key = KEYS["I18N_PUB_DEEPL_KEY"]
    monkeypatch.setenv("I18N_PUB_DEEPL_KEY", key)
    try:
        raise RuntimeError(f"client blew up on https://api.example/?auth_key={key}")
    except RuntimeError as exc:
        cli_base.excepthook(type(exc), exc, exc.__traceback__)
    cli_base.fail(EngineError(f"deepl (en→fr): HTTP 403: bad key {key}", fix="check the key"))
    err = capsys.readouterr().err
    assert "RuntimeError: client blew up on https://api.example/?auth_key=[key]" in err
    assert "Error: deepl (en→fr): HTTP 403: bad key [key] — check the key" in err
    assert key not in err
