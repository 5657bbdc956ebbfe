"""Each catalog's reviewed pairs, kept between runs: translate learns post-edits without parsing every catalog.

Translate applies the corrections reviewers keep making (:mod:`i18n_pub.postedit`)
to what the engine just wrote; learning them needs every reviewed entry of the
language with the machine text it replaced (:func:`i18n_pub.reviews.reviewed_pairs`).
Parsing every catalog of the site for that made a one-sentence edit cost a full
read of the site (1.6 s of 2.8 s on the 300-article benchmark site).

The store's ``reviewed_pairs`` table (:mod:`i18n_pub.store`) keeps one row per
(language, slug): the pairs, and a digest of what they were found from (the
catalog's bytes, the machine texts recorded for that article, and
:func:`~i18n_pub.state.code_version`). A catalog whose digest still matches is not
parsed; any other is, and its row replaced. A missing or damaged row only costs
that parse.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping

from i18n_pub.cache import MachineOutputs, read_machine_outputs
from i18n_pub.catalog_read import parse_catalog
from i18n_pub.config import Config
from i18n_pub.errors import CatalogError
from i18n_pub.fsutil import decode_utf8, read_bytes
from i18n_pub.reviews import Reviewed, reviewed_pairs
from i18n_pub.state import code_version, sha256_bytes
from i18n_pub.store import KeyedStore


class ReviewedStore(KeyedStore):
    """Reviewed pairs by ``<language>/<slug>``, with the digest of their inputs. :meth:`close` writes what is pending."""

    TABLE = "reviewed_pairs"

    def pairs(self, key: str, digest: str) -> list[Reviewed] | None:
        """The pairs stored for ``key`` if they were found from inputs with this digest."""
        value = self.get(key)
        if value is None or value.get("digest") != digest:
            return None
        try:
            return [Reviewed(*(str(field) for field in pair)) for pair in value["pairs"]]
        except (KeyError, TypeError, ValueError):
            return None  # a damaged row: parse the catalog again

    def remember(self, key: str, digest: str, pairs: Iterable[Reviewed]) -> None:
        rows = [[p.slug, p.source, p.machine, p.reviewed, p.engine] for p in pairs]
        self.put(key, {"digest": digest, "pairs": rows})


def _by_slug(outputs: MachineOutputs) -> dict[str, MachineOutputs]:
    found: dict[str, MachineOutputs] = defaultdict(dict)
    for key, value in outputs.items():
        found[key[0]][key] = value
    return found


def _digest(data: bytes, outputs: MachineOutputs) -> str:
    known = json.dumps(sorted([*key, *value] for key, value in outputs.items()), ensure_ascii=False)
    return hashlib.sha256(b"\0".join((code_version().encode(), data, known.encode()))).hexdigest()


def cached_site_pairs(
    config: Config, language: str, slugs: Iterable[str], unreviewed: Mapping[str, str] | None = None
) -> list[Reviewed]:
    """:func:`i18n_pub.reviews.site_pairs`, parsing only the catalogs that changed since a run last read them.
    ``unreviewed``: slug → SHA-256 of a catalog known to hold no reviewed entry (translate's records): while
    the file has those bytes it gives no pair, and is not parsed."""
    outputs = _by_slug(read_machine_outputs(config.cache_dir, language))
    if not outputs:
        return []
    store = ReviewedStore(config.cache_dir)
    pairs: list[Reviewed] = []
    try:
        for slug in sorted(set(slugs)):
            path, known = config.catalog_path(language, slug), outputs.get(slug)
            if not known or not path.is_file():
                continue  # no machine text recorded for it: nothing a review could be compared with
            label, data = config.relative(path), read_bytes(path, config.relative(path), CatalogError)
            if unreviewed and unreviewed.get(slug) == sha256_bytes(data):
                continue
            key, digest = f"{language}/{slug}", _digest(data, known)
            found = store.pairs(key, digest)
            if found is None:
                found = reviewed_pairs(parse_catalog(decode_utf8(data, label, CatalogError), label, language), slug, known)
                store.remember(key, digest, found)
            pairs += found
    finally:
        store.close()
    return pairs
