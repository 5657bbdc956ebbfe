"""What publish needs of a catalog (:class:`CatalogContent`), and the store translate leaves it in.

Publishing an article needs, of its catalog, only the translation of each
(context, msgid), how many entries are in each :class:`~i18n_pub.catalog.Status`,
which engines wrote the machine ones, and two header dates. Parsing the catalog
with polib for that was a quarter of a first publish (a cProfile of the
300-article benchmark site), although translate had just written the very file.
So translate leaves the content of each catalog it writes in the store's
``catalog_contents`` table (:mod:`i18n_pub.store`), one row per (language, slug),
with the SHA-256 of the bytes it wrote and :func:`~i18n_pub.state.code_version`;
publish uses a row only when the file on disk still has those bytes, and parses
the catalog otherwise (a translator's save, a catalog written by another tool,
a missing or damaged row). The row can only save time, never change a result.
"""

from __future__ import annotations

import collections
from collections.abc import Mapping
from dataclasses import dataclass

import polib

from i18n_pub.catalog import REVISION_DATE, Status, entry_status, live_entries, translation
from i18n_pub.po_comments import machine_engine
from i18n_pub.state import code_version
from i18n_pub.store import KeyedStore

# (msgctxt, msgid) → translation; msgctxt is None for an entry without a context
TranslationTable = Mapping[tuple[str | None, str], str]
CREATED = "POT-Creation-Date"


@dataclass(frozen=True)
class CatalogContent:
    """A catalog as publish reads it: the usable translations (reviewed or machine), the count of entries by
    status, the machine entries by engine, and the header's revision and creation dates as written."""

    table: TranslationTable
    statuses: Mapping[Status, int]
    engines: Mapping[str, int]
    revised: str = ""
    created: str = ""


def catalog_content(po: polib.POFile) -> CatalogContent:
    table: dict[tuple[str | None, str], str] = {}
    statuses: collections.Counter[Status] = collections.Counter()
    engines: collections.Counter[str] = collections.Counter()
    for entry in live_entries(po):
        status = entry_status(entry)
        statuses[status] += 1
        if status in (Status.REVIEWED, Status.MACHINE):
            table[(entry.msgctxt, entry.msgid)] = translation(entry)
            engine = machine_engine(entry) if status is Status.MACHINE else None
            if engine:
                engines[engine] += 1
    return CatalogContent(table, statuses, engines, po.metadata.get(REVISION_DATE, ""), po.metadata.get(CREATED, ""))


class ContentStore(KeyedStore):
    """Catalog contents by ``<language>/<slug>``, with the SHA-256 of the file. :meth:`close` writes what is pending."""

    TABLE = "catalog_contents"

    def content(self, language: str, slug: str, digest: str) -> CatalogContent | None:
        """The content of the catalog whose bytes have this SHA-256, if this code wrote it down."""
        value = self.get(f"{language}/{slug}")
        if value is None or value.get("digest") != digest or value.get("code") != code_version():
            return None
        try:
            table = {(context, msgid): str(text) for context, msgid, text in value["table"]}
            statuses = {Status(name): int(count) for name, count in value["statuses"].items()}
            engines = {str(name): int(count) for name, count in value["engines"].items()}
            return CatalogContent(table, statuses, engines, str(value["revised"]), str(value["created"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # a damaged row: parse the catalog

    def remember(self, language: str, slug: str, digest: str, content: CatalogContent) -> None:
        value = {
            "code": code_version(),
            "digest": digest,
            "table": [[context, msgid, text] for (context, msgid), text in content.table.items()],
            "statuses": {status.value: count for status, count in content.statuses.items()},
            "engines": dict(content.engines),
            "revised": content.revised,
            "created": content.created,
        }
        self.put(f"{language}/{slug}", value)
