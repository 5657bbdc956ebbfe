"""The one hardened XML parser (as feedgen does): no entities, no DTD, no network, no huge trees.

Every XML input the project reads (TBX glossaries, any XML or HTML fragment) goes through it.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree


def parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def parse_file(path: Path) -> etree._ElementTree:
    """Parse a file; raises ``etree.XMLSyntaxError`` with a line number on bad input."""
    with open(path, "rb") as handle:
        return etree.parse(handle, parser())


def parse_bytes(data: bytes) -> etree._Element:
    return etree.fromstring(data, parser())
