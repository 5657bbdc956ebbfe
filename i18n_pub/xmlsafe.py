"""The one hardened XML parser (as feedgen does): no entities, no DTD, no network, no huge trees.

Every XML input the project reads (TBX glossaries, any XML or HTML fragment) goes through it.
A document may name a DTD (``<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">``, as TBX
files do), but the DTD is never loaded, nothing is fetched, and a document that declares
entities (billion laughs, XXE: ``<!ENTITY x SYSTEM "file:///etc/passwd">``) is refused
with :class:`UnsafeXMLError`, a kind of ``etree.XMLSyntaxError`` carrying the line.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree


class UnsafeXMLError(etree.XMLSyntaxError):
    """The document declares or uses entities; it is refused, not parsed."""

    def __init__(self, message: str, line: int) -> None:
        # lxml's ParseError takes (message, code, line, column); lxml-stubs only know LxmlError's (message, error_log).
        super().__init__(message, 0, line, 1)  # type: ignore[call-arg, arg-type]


def parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_comments=False,
    )


def source_line(node: etree._Element) -> int:
    """The line of ``node`` in its document, 1 when lxml does not know it (lxml-stubs type ``sourceline`` loosely)."""
    line = node.sourceline
    return line if isinstance(line, int) else 1


def _line_of(data: bytes, needle: bytes) -> int:
    index = data.find(needle)
    return data.count(b"\n", 0, index) + 1 if index >= 0 else 1


def _refuse_entities(tree: etree._ElementTree, data: bytes) -> None:
    dtd = tree.docinfo.internalDTD
    declared = list(dtd.iterentities()) if dtd is not None else []  # type: ignore[attr-defined]  # missing in lxml-stubs
    if declared:  # declared in another encoding (UTF-16) than the byte check above reads
        name = declared[0].name
        raise UnsafeXMLError(f"the document declares entities (<!ENTITY {name} …>), which are not allowed", _line_of(data, b"<!ENTITY"))
    for node in tree.iter(etree.Entity):
        name = node.name  # type: ignore[attr-defined]  # lxml-stubs type entity nodes as plain _Element
        raise UnsafeXMLError(f"entity reference &{name}; is not allowed", source_line(node))


def parse_bytes(data: bytes) -> etree._Element:
    """Parse a document; raises ``etree.XMLSyntaxError`` (or :class:`UnsafeXMLError`) with a line number."""
    if b"<!ENTITY" in data:  # refused before libxml2 sees a single declaration
        raise UnsafeXMLError("the document declares entities (<!ENTITY …>), which are not allowed", _line_of(data, b"<!ENTITY"))
    root = etree.fromstring(data, parser())
    _refuse_entities(root.getroottree(), data)
    return root


def parse_file(path: Path) -> etree._ElementTree:
    """Parse a file; raises ``etree.XMLSyntaxError`` (or :class:`UnsafeXMLError`) with a line number on bad input."""
    with open(path, "rb") as handle:
        data = handle.read()
    return parse_bytes(data).getroottree()
