"""``import`` then ``translate`` then ``publish`` on the WordPress fixtures: valid Atom feeds.

Checked by the Atom RELAX NG schema (RFC 4287) and the W3C Feed Validator, both third-party.
"""

from __future__ import annotations

import subprocess
import sys

from lxml import etree

from tests.conftest import require_tool, run_cli, shared_file
from tests.test_import import ATOM, RSS, WXR, site  # noqa: F401  (the fixture)

ATOM_NS = "{http://www.w3.org/2005/Atom}"
ORIGINALS = {
    "icesco-unesco-heritage-programme": "https://news.example.org/2021/04/12/icesco-unesco-heritage-programme/",
    "icesco-youth-forum-registration": "https://news.example.org/2021/04/08/icesco-youth-forum-registration/",
    "science-week-ends": "https://news.example.org/2021/04/02/science-week-ends/",
    "badea-literacy-programme": "https://news.example.org/2021/04/02/badea-literacy-programme/",
    "heritage-week": "https://news.example.org/2021/03/20/heritage-week/",
    "icesco-auf-framework-agreement": "https://news.example.org/2021/04/06/icesco-auf-framework-agreement/",
    "icesco-who-education-response": "https://news.example.org/2021/03/30/icesco-who-education-response/",
}


def test_import_translate_publish_gives_valid_feeds(site):  # noqa: F811
    require_tool("apertium")
    for fixture in (RSS, WXR, ATOM):
        run_cli("import", str(fixture), cwd=site)
    run_cli("translate", "-l", "es", cwd=site)  # Apertium, as configured
    run_cli("translate", "-l", "fr", "--engine", "pseudo", cwd=site)
    run_cli("publish", "-l", "es", "-l", "fr", cwd=site)
    schema = etree.RelaxNG(etree.parse(str(shared_file("schemas/atom.rng"))))
    validator = shared_file("tools/feedvalidator/validate.py")
    for language in ("es", "fr"):
        path = site / f"build/feeds/{language}.xml"
        tree = etree.parse(str(path))
        assert schema.validate(tree), schema.error_log
        done = subprocess.run([sys.executable, str(validator), str(path)], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and "ERROR" not in done.stdout, done.stdout + done.stderr
        entries = tree.getroot().findall(f"{ATOM_NS}entry")
        assert len(entries) == len(ORIGINALS)
        contents = " ".join("".join(entry.find(f"{ATOM_NS}content").itertext()) for entry in entries)
        assert "window._stats" not in contents and "[caption" not in contents
        # The English original is the item's own address, not one guessed from base-url: the hreflang="en"
        # alternate, the extension's source element and the disclaimer all point at it.
        originals = sorted(
            link.get("href") for entry in entries for link in entry.iterfind(f"{ATOM_NS}link") if link.get("hreflang") == "en"
        )
        assert originals == sorted(ORIGINALS.values())
        sources = sorted(element.get("href") for element in tree.getroot().iter() if etree.QName(element).localname == "source")
        assert sources == sorted(ORIGINALS.values())
        for entry in entries:
            content = etree.tostring(entry.find(f"{ATOM_NS}content"), encoding="unicode")
            assert any(url in content for url in ORIGINALS.values()), "the disclaimer links to the original"
