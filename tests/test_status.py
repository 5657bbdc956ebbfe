"""``status``: the table people read and the JSON document machines read, checked against the shipped schema."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import polib
import pytest

from tests.conftest import copy_site, run_cli


def shipped_schema(name: str) -> dict:
    """A JSON Schema as installed with the package (not a copy in the tests)."""
    return json.loads((resources.files("i18n_pub") / "schemas" / name).read_text("utf-8"))


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    """The sample site with its committed Spanish catalogs (Apertium output, all machine)."""
    return copy_site(tmp_path / "site", with_locales=True)


def _status(site: Path, *args: str) -> dict:
    document = json.loads(run_cli("status", *args, "--json", cwd=site).stdout)
    jsonschema.validate(document, shipped_schema("status.schema.json"), cls=jsonschema.Draft202012Validator)
    return document


def test_status_json_validates_and_sums_per_language(translated):
    shutil.rmtree(translated / "locales/fr")  # the sample's French catalogs: this test wants a language without any
    document = _status(translated)
    assert set(document["languages"]) == {"es", "fr", "ar"}
    es = document["languages"]["es"]
    assert len(es) == 8 and all(a["exists"] and a["publishable"] and not a["fully_reviewed"] for a in es.values())
    totals = document["totals"]["es"]
    assert totals["articles"] == 8 and totals["publishable_articles"] == 8 and totals["reviewed_articles"] == 0
    assert totals["segments"] == totals["machine"] == sum(a["segments"] for a in es.values()) > 100
    assert totals["words_left"] == sum(a["words_left"] for a in es.values())
    # No French catalog yet: every sentence counts as untranslated, nothing publishable.
    fr = document["totals"]["fr"]
    assert fr["untranslated"] == fr["segments"] == totals["segments"] and fr["publishable_articles"] == 0
    assert not any(a["exists"] for a in document["languages"]["fr"].values())


def test_status_counts_review_and_source_edits_not_yet_merged(translated):
    slug = "icesco-auf-framework-agreement"
    po_path = translated / "locales/es" / f"{slug}.po"
    po = polib.pofile(str(po_path))
    for entry in po[:3]:
        entry.flags.remove("fuzzy")
    po.save()
    source = translated / "sources" / f"{slug}.md"
    source.write_text(source.read_text("utf-8").rstrip("\n") + "\n\nA brand new closing sentence was added.\n", "utf-8")
    article = _status(translated, "-l", "es")["languages"]["es"][slug]
    assert article["reviewed"] == 3 and article["untranslated"] == 1
    assert article["segments"] == 17 and article["machine"] == 13 and not article["publishable"]
    assert article["words_left"] == sum(len(e.msgid.split()) for e in po[3:]) + 7


def test_a_malformed_schema_document_is_rejected():
    """The schema really constrains: a count that is not an integer or a missing key fails validation."""
    schema = shipped_schema("status.schema.json")
    counts = dict(segments=1, reviewed=1, machine=0, changed=0, untranslated=0, words_left=0)
    good = {
        "version": 1,
        "languages": {"es": {"a": {**counts, "publishable": True, "fully_reviewed": True, "catalog": "x.po", "exists": True}}},
        "totals": {"es": {**counts, "articles": 1, "publishable_articles": 1, "reviewed_articles": 1}},
    }
    jsonschema.validate(good, schema, cls=jsonschema.Draft202012Validator)
    for broken in (
        {**good, "version": 2},
        {**good, "totals": {"es": {**good["totals"]["es"], "segments": "1"}}},
        {**good, "languages": {"es": {"a": {**counts}}}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_status_table_per_language_and_per_article(translated):
    overview = run_cli("status", cwd=translated).stdout
    header = next(line for line in overview.splitlines() if "┃ language" in line)
    for column in ("articles", "segments", "reviewed", "machine", "changed", "untranslated", "words left", "unknown words", "publishable"):
        assert column in header
    totals = _status(translated)["totals"]["es"]
    es_row = next(line for line in overview.splitlines() if line.strip("│┃ ").startswith("es "))
    cells = [c.strip() for c in es_row.strip("│").split("│")]
    assert cells == ["es", "8", str(totals["segments"]), "0", str(totals["machine"]), "0", "0", str(totals["words_left"]),
                     str(totals["unknown_words"]), "8/8"]  # fmt: skip
    assert "icesco-auf-framework-agreement" not in overview

    detail = run_cli("status", "-l", "es", cwd=translated).stdout
    assert "es: per article" in detail and "fr " not in detail
    row = next(line for line in detail.splitlines() if "icesco-auf-framework-agreement" in line)
    assert [c.strip() for c in row.strip("│").split("│")][-1] == "yes"
