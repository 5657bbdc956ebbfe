"""Each entry's ``updated``: it moves whenever what the entry publishes changes, and never otherwise.

No catalog date can say that: ``sed``, ``msgattrib`` and polib change a msgstr
without moving ``PO-Revision-Date``. So publish keeps a record per language,
``locales/<lang>/published.tsv`` (commit it with the catalogs): for each article,
a digest of everything its entry shows and the ``updated`` it was published with.

- An article seen for the first time gets the last change of its inputs: the
  catalog's ``PO-Revision-Date``, the source's date, the site strings' date.
- Same digest as recorded: the recorded ``updated``, whatever the dates say.
- Another digest: the inputs' last change if that is later than the recorded
  date (a translator's editor stamped it), else the time of this publish
  (``SOURCE_DATE_EPOCH`` pins it), and always at least a second past the record.
- A new date is never one another entry of the language already has: it moves
  on by a second until it is free (one translate run stamps every catalog with
  the same minute; feed readers and the W3C validator take entries that share
  an ``updated`` for a broken feed). Sources are read in a fixed order, so the
  same inputs give the same dates.

The record is text, one line per article, sorted: ``slug<TAB>updated<TAB>digest``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableSet, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from i18n_pub.config import Config
from i18n_pub.errors import CatalogError, os_advice
from i18n_pub.feed import TranslatedArticle, rfc3339
from i18n_pub.fsutil import decode_utf8
from i18n_pub.sources import SLUG_RE
from i18n_pub.state import digest_of

RECORD_NAME = "published.tsv"
_HEADER = (
    "# What each entry of this language's feed published (a digest) and its atom:updated. Written by i18n-pub publish;\n"
    "# commit it with the catalogs, so that an entry's updated moves only when what it shows changes.\n"
)
_SECOND = timedelta(seconds=1)


@dataclass(frozen=True, slots=True)
class Publication:
    updated: datetime
    digest: str


def record_path(config: Config, language: str) -> Path:
    return config.inside(config.locales_dir / language / RECORD_NAME)


def iter_record(config: Config, language: str) -> Iterator[tuple[str, Publication]]:
    """The record of ``language``, a line at a time (nothing when there is none); a damaged line is an error naming it."""
    path = record_path(config, language)
    if not path.is_file():
        return
    label = config.relative(path)
    try:
        with path.open("rb") as lines:
            for number, data in enumerate(lines, 1):
                line = decode_utf8(data, label, CatalogError, number)
                if line.strip() and not line.startswith("#"):
                    yield _record_line(line.rstrip("\r\n"), label, number)
    except OSError as exc:
        what, fix = os_advice(exc, reading=True)
        raise CatalogError(f"cannot read the file: {what}", path=label, fix=fix) from None


def _record_line(line: str, label: str, number: int) -> tuple[str, Publication]:
    try:
        slug, updated, digest = line.split("\t")
        when = datetime.fromisoformat(updated.replace("Z", "+00:00"))
        if not SLUG_RE.fullmatch(slug) or when.tzinfo is None or len(digest) != 64:
            raise ValueError
    except ValueError:
        raise CatalogError(
            "not a line of the publish record (slug, updated, digest, separated by tabs)",
            path=label,
            line=number,
            fix="restore the file from version control, or delete it (every entry's updated is then worked out again)",
        ) from None
    return slug, Publication(when, digest)


def render_record(records: Iterable[tuple[str, Publication]]) -> Iterator[bytes]:
    """The record's bytes, a line at a time, from ``records`` sorted by slug."""
    yield _HEADER.encode("utf-8")
    for slug, publication in records:
        yield f"{slug}\t{rfc3339(publication.updated)}\t{publication.digest}\n".encode()


def entry_digest(item: TranslatedArticle, disclaimer: str, links: Sequence[tuple[str, str]], place: str) -> str:
    """A digest of everything the entry shows but its ``updated``."""
    return digest_of(
        item.title, item.summary, item.html, item.status.value, item.engine, item.author, list(item.tags),
        item.date.isoformat() if item.date is not None else None, disclaimer, [list(link) for link in links], place,
    )  # fmt: skip


class Dating:
    """One language's entry dates in pass 1: the record as read, and every date already given.

    ``taken`` starts as the record's dates (publish passes one kept on disk). A
    translate run stamps every catalog with the same minute, so thousands of
    entries can ask for one date: :attr:`_free` remembers, for the last dates
    asked for, where the search for a free second got to (every second before it
    is taken, and ``taken`` only grows), so each search does not walk the chain
    again. Only a hint: bounded, and always checked against ``taken``.
    """

    HINTS = 1024

    def __init__(self, record: Mapping[str, Publication], now: datetime, taken: MutableSet[datetime] | None = None) -> None:
        self.record = record
        self.now = now
        self.taken = taken if taken is not None else {publication.updated for publication in record.values()}
        self._free: dict[datetime, datetime] = {}

    def publication(self, slug: str, digest: str, inputs_changed: datetime) -> Publication:
        previous = self.record.get(slug)
        asked = next_updated(previous, digest, inputs_changed, self.now)
        updated = asked
        if previous is None or previous.updated != updated:
            updated = self._free.pop(asked, asked)
            while updated in self.taken:
                updated += _SECOND
            self.taken.add(updated)
            if len(self._free) >= self.HINTS:
                del self._free[next(iter(self._free))]  # the oldest hint
            self._free[asked] = updated + _SECOND
        return Publication(updated, digest)


def next_updated(previous: Publication | None, digest: str, inputs_changed: datetime, now: datetime) -> datetime:
    """The entry's ``updated`` (see the module's description).

    >>> from datetime import timezone
    >>> day = lambda d: datetime(2021, 4, d, tzinfo=timezone.utc)
    >>> next_updated(None, "a", day(2), day(9)) == day(2)
    True
    >>> next_updated(Publication(day(3), "a"), "a", day(5), day(9)) == day(3)  # same text: stays put
    True
    >>> next_updated(Publication(day(3), "a"), "b", day(5), day(9)) == day(5)  # an editor stamped the catalog
    True
    >>> next_updated(Publication(day(3), "a"), "b", day(2), day(9)) == day(9)  # sed: no stamp, the time of publish
    True
    >>> next_updated(Publication(day(9), "a"), "b", day(2), day(9)) == day(9) + _SECOND
    True
    """
    if previous is None:
        return inputs_changed
    if previous.digest == digest:
        return previous.updated
    if inputs_changed > previous.updated:
        return inputs_changed
    return max(now, previous.updated + _SECOND)
