"""Hostile TBX through the glossary: `glossary import` and a glossary/*.tbx read by `translate`
refuse entity declarations with one Error line naming the file, write nothing and fetch nothing."""

from __future__ import annotations

import re

import pytest

from tests.conftest import run_cli, tree_hashes
from tests.hostile_server import HostileServer
from tests.test_hostile import XML_ATTACKS

TBX_ATTACKS = sorted(XML_ATTACKS)


@pytest.fixture
def server():
    with HostileServer() as running:
        yield running


def _refused(done, name: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert re.fullmatch(rf"Error: \S*{re.escape(name)}(:\d+)?: .*(entit|Entit|amplification).* — \S.*\n", done.stderr), done.stderr


@pytest.mark.parametrize("attack", TBX_ATTACKS)
def test_glossary_import_refuses_entity_attacks(site, server, tmp_path, attack):
    evil = tmp_path / "evil.tbx"
    evil.write_text(XML_ATTACKS[attack].replace("{url}", server.url), "utf-8")
    before = tree_hashes(site)
    _refused(run_cli("glossary", "import", str(evil), cwd=site, check=None), "evil.tbx")
    assert tree_hashes(site) == before and server.requests == []


@pytest.mark.parametrize("attack", ["XXE local file", "XXE over HTTP", "billion laughs"])
def test_a_hostile_tbx_in_the_glossary_folder_stops_translate(site, server, attack):
    (site / "glossary").mkdir(exist_ok=True)
    (site / "glossary/evil.tbx").write_text(XML_ATTACKS[attack].replace("{url}", server.url), "utf-8")
    before = tree_hashes(site)
    _refused(run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site, check=None), "glossary/evil.tbx")
    assert tree_hashes(site) == before and server.requests == []


def test_glossary_files_symlinked_out_of_the_site_are_neither_read_nor_written(site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("en,es\nsecret,secreto\n", "utf-8")
    (site / "glossary/leak.csv").symlink_to(outside / "secret.csv")
    done = run_cli("translate", "-l", "es", "--engine", "pseudo", cwd=site, check=None)
    assert done.returncode == 1 and done.stderr.startswith(
        "Error: glossary/leak.csv: is a symlink to a file outside the glossary folder — "
    )
    (site / "glossary/leak.csv").unlink()
    (site / "glossary/terms.csv").symlink_to(outside / "stolen.csv")
    mine = tmp_path / "terms.csv"
    mine.write_text("en,es\nheritage,patrimonio\n", "utf-8")
    done = run_cli("glossary", "import", str(mine), "--force", cwd=site, check=None)
    assert done.returncode == 1 and re.match(r"Error: glossary/terms\.csv: .*outside the site", done.stderr), done.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["secret.csv"]
