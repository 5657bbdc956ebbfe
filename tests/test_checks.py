"""``check``: every check fails on its fixture and passes on the good translation, with exact file and line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import polib
import pytest

from i18n_pub.check_rules import CHECK_NAMES, CHECKS, IGNORE_CHECK, UNKNOWN_CHECK
from i18n_pub.check_text import Pair
from tests.conftest import copy_site, msgfmt_check, require_tool, run_cli
from tests.test_status import shipped_schema

DATA = Path(__file__).parent / "data" / "checks"
BY_NAME = {check.name: check for check in CHECKS}

# (check, source, a translation that passes, one that fails, glossary terms)
CASES = [
    (
        "glossary",
        "The Director-General spoke.",
        "El Director General habló.",
        "El Director-General habló.",
        (("Director-General", "Director General"),),
    ),
    ("glossary", "ICESCO met.", "ICESCO se reunió.", "La Icesco se reunió.", (("ICESCO", "ICESCO"),)),
    ("glossary", "A programme for ICESCO.", "برنامج للإيسيسكو.", "برنامج لإيسيسكو.", (("ICESCO", "الإيسيسكو"),)),
    ("names", "H.E. Dr. Salim M. AlMalik spoke.", "S.E. el Dr. Salim M. AlMalik habló.", "S.E. el Dr. Salim AlMalik habló.", ()),
    (
        "names",
        "Dr. Kamal Ben Youssef spoke.",
        "تحدث الدكتور كمال بن يوسف.",
        "Habló el Dr. Kamal Youssef.",
        (),
    ),  # Arabic script: the glossary rules
    (
        "names",
        "Dr. Said M’hamad Ed-Dbib's team won.",
        "Ganó el equipo del Dr. Said M’hamad Ed-Dbib.",
        "Ganó el equipo del dr. Dijo M’hamad Ed-Dbib.",
        (),
    ),
    ("numbers", "It cost 1,000 dollars.", "Costó 1.000 dólares.", "Costó 1.000,5 dólares.", ()),
    ("numbers", "Over 10,000 people.", "Más de 10\u202f000 personas.", "Más de 10 personas.", ()),
    ("numbers", "It rose 2.5 percent in 2021.", "ارتفع بنسبة ٢٫٥ في المئة في عام ٢٠٢١.", "ارتفع بنسبة ٢٫٥ في المئة في عام ٢٠٢٢.", ()),
    ("numbers", "On March 15-18, 2021.", "Del 15 al 18 de marzo de 2021.", "Del 15 al 19 de marzo de 2021.", ()),
    ("links", "See [it](https://x.org/a).", "Véalo [aquí](https://x.org/a).", "Véalo [aquí](https://x.org/b).", ()),
    ("links", "Write to <mailto:news@x.org>.", "Escriba a <mailto:news@x.org>.", "Escriba a news@x.org.", ()),
    ("markup", "A **major** step.", "Un paso **importante**.", "Un paso **importante.", ()),
    ("markup", "Run `make test`.", "Ejecute `make test`.", "Ejecute make test.", ()),
    ("markup", "Mind the [brackets] here.", "[Cuidado con los [corchetes] aquí.]", "Cuidado con los [corchetes aquí.", ()),
    (
        "placeholders",
        "Machine translation by %(engine)s.",
        "Traducción automática de %(engine)s.",
        "Traducción automática de %(motor)s.",
        (),
    ),
    ("placeholders", "Read the original at {url}.", "Lea el original en {url}.", "Lea el original en url.", ()),
    ("whitespace", "A sentence.", "Una frase.", "Una frase. ", ()),
    ("whitespace", "A sentence.", "Una frase.", "Una\nfrase.", ()),
    ("same-as-source", "The forum opened today.", "El foro se abrió hoy.", "The forum opened today.", ()),
    ("same-as-source", "ICESCO Youth Forum 2021", "ICESCO Youth Forum 2021", "", ()),  # names and numbers only: fine
    ("double-space", "The ICESCO experience.", "La experiencia de ICESCO.", "La experiencia de  ICESCO.", ()),
    ("protected", "Run `make` on v1.25.0.", "Ejecute `make` en v1.25.0.", "Ejecute `hacer` en v1.25.0.", ()),
    (
        "protected",
        "Edit {{< ref x >}} or hack/*.sh now.",
        "Edite {{< ref x >}} o hack/*.sh ya.",
        "Edite {{< referencia x >}} o tajo/*. sh ya.",
        (),
    ),
    ("repeated-word", "The rules of the game.", "Las reglas del juego.", "Las reglas del del juego.", ()),
    ("repeated-word", "Bora Bora hosted it.", "Bora Bora lo acogió.", "Bora Bora lo lo acogió.", ()),
]


@pytest.mark.parametrize(("name", "source", "good", "bad", "terms"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_check_on_a_good_and_a_bad_translation(name, source, good, bad, terms):
    check = BY_NAME[name]
    assert check.run(Pair(source, good, terms)) is None
    if name == "same-as-source" and source == good:
        return  # the second case only shows what the check lets through
    assert check.run(Pair(source, bad, terms))
    # The bad translation trips this check and no other.
    others = [c.name for c in CHECKS if c.name != name and c.run(Pair(source, bad, terms))]
    assert others == []


def test_every_check_has_unit_cases_and_a_line_in_the_failing_fixture():
    assert {c[0] for c in CASES} == set(CHECK_NAMES)
    expected = (DATA / "fail.expected").read_text("utf-8").splitlines()
    assert [line.split(": ")[1] for line in expected] == [*CHECK_NAMES[:8], "double-space", "repeated-word", IGNORE_CHECK.name, "protected"]


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A site whose only catalog is the fixture; no glossary folder, so the rules are the fixture's #. lines."""
    site = copy_site(tmp_path / "site")
    shutil.rmtree(site / "glossary", ignore_errors=True)
    (site / "locales/es").mkdir(parents=True)
    return site


def test_failing_fixture_gives_exactly_the_expected_lines_and_exit_1(fixture_site):
    shutil.copy(DATA / "fail.po", fixture_site / "locales/es/checks.po")
    msgfmt_check(fixture_site / "locales/es/checks.po")  # the ignore comment and every bad entry are valid PO
    done = run_cli("check", "-l", "es", cwd=fixture_site, check=1)
    assert done.stdout == (DATA / "fail.expected").read_text("utf-8")
    assert done.stderr == "es: 10 error(s), 2 warning(s) in 12 translated entries of 1 catalog(s)\n"
    # The line is the msgstr line of the entry.
    lines = (fixture_site / "locales/es/checks.po").read_text("utf-8").splitlines()
    for finding in done.stdout.splitlines():
        assert lines[int(finding.split(":")[1]) - 1].startswith("msgstr ")


def test_passing_fixture_has_no_finding_and_exits_0(fixture_site):
    shutil.copy(DATA / "pass.po", fixture_site / "locales/es/checks.po")
    msgfmt_check(fixture_site / "locales/es/checks.po")
    done = run_cli("check", "-l", "es", cwd=fixture_site)
    assert done.stdout == ""
    assert "i18n-pub check -l es --json" in run_cli("check", "--help", cwd=fixture_site).stdout
    # Untranslated and stale (changed) entries are not checked: 15 entries, 13 translated.
    assert done.stderr == "es: 0 error(s), 0 warning(s) in 13 translated entries of 1 catalog(s)\n"


def test_warnings_alone_exit_0(fixture_site):
    po = polib.pofile(str(DATA / "fail.po"))
    keep = [e for e in po if e.msgid.startswith(("The experience", "The rules"))]
    po[:] = keep
    po.save(str(fixture_site / "locales/es/checks.po"))
    done = run_cli("check", "-l", "es", cwd=fixture_site)
    assert [line.split(": ")[1:3] for line in done.stdout.splitlines()] == [["double-space", "warning"], ["repeated-word", "warning"]]


def test_check_json_validates_and_matches_the_text(fixture_site):
    shutil.copy(DATA / "fail.po", fixture_site / "locales/es/checks.po")
    document = json.loads(run_cli("check", "-l", "es", "--json", cwd=fixture_site, check=1).stdout)
    jsonschema.validate(document, shipped_schema("check.schema.json"), cls=jsonschema.Draft202012Validator)
    text = (DATA / "fail.expected").read_text("utf-8").splitlines()
    rebuilt = [
        f"{f['path']}:{f['line']}: {f['check']}: {'warning: ' if f['severity'] == 'warning' else ''}{f['message']}"
        for f in document["findings"]
    ]
    assert rebuilt == text
    assert document["languages"]["es"] == {"catalogs": ["locales/es/checks.po"], "entries": 12, "errors": 10, "warnings": 2}
    assert {c["name"] for c in document["checks"]} == {*CHECK_NAMES, UNKNOWN_CHECK.name, IGNORE_CHECK.name, "structure"}
    assert document["findings"][0]["msgid"] == "The Director-General of ICESCO opened the session."
    broken = {**document, "findings": [{**document["findings"][0], "severity": "fatal"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, shipped_schema("check.schema.json"), cls=jsonschema.Draft202012Validator)


def _msgstr_line(path: Path, msgid_start: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if msgid_start in line and line.startswith(("msgid", '"')))
    return next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr")) + 1


def test_a_broken_copy_of_a_sample_catalog_is_caught_by_exactly_the_expected_checks(tmp_path):
    """Wrong glossary form, changed number, dropped link: three findings, each on its own msgstr line."""
    site = copy_site(tmp_path / "site", with_locales=True)
    slug = "icesco-isdb-scholarship-programme"
    path = site / "locales/es" / f"{slug}.po"
    po = polib.pofile(str(path))
    glossary = next(e for e in po if "Islamic Development Bank" in e.msgid and e.msgctxt is None)
    number = next(e for e in po if e.msgctxt == "title")
    link = next(e for e in po if "](https://example.org/scholarships/2021)" in e.msgid)
    # A good starting point: the glossary rule is written on the entry, and the three
    # translations satisfy every check (whatever the catalog held before).
    if "glossary: Islamic Development Bank → Banco Islámico de Desarrollo" not in glossary.comment:
        glossary.comment = "\n".join(filter(None, [glossary.comment, "glossary: Islamic Development Bank → Banco Islámico de Desarrollo"]))
    glossary.msgstr = (
        "La Organización del Mundo Islámico para la Educación, la Ciencia y la Cultura (ICESCO) y el Banco Islámico de "
        "Desarrollo (BIsD) han puesto en marcha un programa conjunto de becas que apoyará a 1.000 estudiantes de los "
        "Estados miembros durante los próximos cinco años."
    )
    number.msgstr = "La ICESCO y el BIsD lanzan un programa de becas para 1.000 estudiantes"
    link.msgstr = (
        "Las solicitudes se abrirán el 1 de junio a través [del portal de solicitudes](https://example.org/scholarships/2021), "
        "y el plazo de presentación termina el 31 de agosto."
    )
    po.save(str(path))
    before = _findings(site)
    for entry in (glossary, number, link):
        assert not [f for f in before if f[1] == entry.msgid and f[2] != "names"], entry.msgid

    glossary.msgstr = glossary.msgstr.replace("Banco Islámico de Desarrollo", "Banco de Desarrollo Islámico")
    number.msgstr = number.msgstr.replace("1.000", "1.500")
    link.msgstr = link.msgstr.replace("[del portal de solicitudes](https://example.org/scholarships/2021)", "del portal de solicitudes")
    po.save(str(path))
    msgfmt_check(path)
    done = run_cli("check", "-l", "es", cwd=site, check=1)
    after = _findings(site)
    label = f"locales/es/{slug}.po"
    expected = {
        f"{label}:{_msgstr_line(path, 'ICESCO and IsDB launch')}: numbers: “1,000” is missing; “1.500” is not in the source",
        f"{label}:{_msgstr_line(path, 'The Islamic World Educational')}: glossary: "
        "“Islamic Development Bank” must read “Banco Islámico de Desarrollo”",
        f"{label}:{_msgstr_line(path, 'Applications will open')}: links: link target “https://example.org/scholarships/2021” is missing",
        # and the article, rendered, lacks that link (the SPEC's structure check)
        f"{label}:{_msgstr_line(path, 'Applications will open')}: structure: rendered block differs: the translation lacks <a href=“https://example.org/scholarships/2021”>",
    }
    # Exactly these three are new (compared by entry, since a shorter msgstr moves the lines after it) …
    new = set(after) - set(before)
    assert {f"{after[f]}: {f[2]}: {f[3]}" for f in new} == expected
    assert set(before) - set(after) == set()
    # … and the text output has them with their exact file and line, sorted.
    assert expected <= set(done.stdout.splitlines())
    assert done.stdout.splitlines() == sorted(
        done.stdout.splitlines(), key=lambda line: (line.split(":")[0], int(line.split(":")[1]), line)
    )


def _findings(site: Path) -> dict[tuple, str]:
    """(msgctxt, msgid, check, message) → "path:line" of every finding, from check --json."""
    document = json.loads(run_cli("check", "-l", "es", "--json", cwd=site, check=None).stdout)
    return {(f["msgctxt"], f["msgid"], f["check"], f["message"]): f"{f['path']}:{f['line']}" for f in document["findings"]}


def test_the_ignore_comment_survives_msgfmt_msgcat_polib_and_translate(tmp_path):
    """``# i18n-pub-ignore: …`` is a translator comment: every tool in the chain keeps it."""
    require_tool("msgcat")
    site = copy_site(tmp_path / "site", with_locales=True)
    path = site / "locales/es/icesco-isdb-scholarship-programme.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgctxt == "title")
    entry.msgstr = "La ICESCO y el BIsD lanzan un programa de becas para mil quinientos estudiantes"
    po.save(str(path))
    finding = [line for line in run_cli("check", "-l", "es", cwd=site, check=1).stdout.splitlines() if ": numbers:" in line]
    assert len(finding) == 1

    entry.tcomment = entry.tcomment + "\ni18n-pub-ignore: numbers"
    po.save(str(path))
    msgfmt_check(path)
    subprocess.run(["msgcat", "--no-wrap", "-o", str(path), str(path)], check=True)
    run_cli("translate", "-l", "es", "--engine", "none", cwd=site)
    assert "# i18n-pub-ignore: numbers" in path.read_text("utf-8")
    again = polib.pofile(str(path))
    assert "i18n-pub-ignore: numbers" in next(e for e in again if e.msgctxt == "title").tcomment
    assert not [line for line in run_cli("check", "-l", "es", cwd=site, check=None).stdout.splitlines() if ": numbers:" in line]


def test_a_broken_catalog_is_one_error_line(fixture_site):
    (fixture_site / "locales/es/checks.po").write_text('msgid "a"\nmsgstr "unclosed\n', "utf-8")
    done = run_cli("check", "-l", "es", cwd=fixture_site, check=1)
    assert done.stdout == ""
    assert done.stderr.startswith("Error: locales/es/checks.po:2: unterminated or badly escaped string — ")


def test_glossary_rules_come_from_the_site_glossary_as_it_is_now(tmp_path):
    """The glossary folder wins over a stale #. line; a #. line for a term it lacks still counts."""
    site = copy_site(tmp_path / "site")
    shutil.rmtree(site / "glossary", ignore_errors=True)
    (site / "glossary").mkdir()
    (site / "glossary/terms.csv").write_text("en,es,type\nIsDB,BIsD,organization\n", "utf-8")
    (site / "locales/es").mkdir(parents=True)
    po = polib.pofile(str(DATA / "pass.po"))
    po[:] = [
        polib.POEntry(msgid="The IsDB met.", msgstr="El BID se reunió.", comment="glossary: IsDB → BID"),
        polib.POEntry(msgid="The AUF met.", msgstr="La Agencia se reunió.", comment="glossary: AUF → AUF"),
    ]
    po.save(str(site / "locales/es/terms.po"))
    done = run_cli("check", "-l", "es", cwd=site, check=1)
    assert [line.split(": ", 1)[1] for line in done.stdout.splitlines()] == [
        "glossary: “IsDB” must read “BIsD”",
        "glossary: “AUF” must read “AUF”",
    ]
