"""Pass 1 of ``publish`` kept on disk: what each language publishes, in feed order, and the record to write.

Held in memory, this index (per article and language: the slug, the cache key
of its entry, its dates and status; the publish record as read and as it will
be written; every ``updated`` already given) took about 2 KB per article: a
peak of 216 MiB at 100,000 articles. Here it is a private temporary SQLite
file, deleted when the run ends. Pass 2 reads it one document at a time, so
what publish holds does not grow with the site (``bench/archives.py``).

Moments are stored as whole microseconds since 1970 (UTC): exact, and ordered
as the datetimes are.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, MutableSet, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, overload

from i18n_pub.catalog import Status
from i18n_pub.published import Publication

_SCHEMA = """
CREATE TABLE recorded (language TEXT, slug TEXT, updated INTEGER, digest TEXT, PRIMARY KEY (language, slug)) WITHOUT ROWID;
CREATE TABLE taken (language TEXT, updated INTEGER, PRIMARY KEY (language, updated)) WITHOUT ROWID;
CREATE TABLE fresh (language TEXT, slug TEXT, updated INTEGER, digest TEXT, PRIMARY KEY (language, slug)) WITHOUT ROWID;
CREATE TABLE planned (
    language TEXT, slug TEXT, key TEXT, sort INTEGER, updated INTEGER, status TEXT, engine TEXT,
    PRIMARY KEY (language, slug)
) WITHOUT ROWID;
CREATE INDEX planned_slug ON planned (slug);
CREATE TABLE ranked (
    language TEXT, position INTEGER, slug TEXT, key TEXT, sort INTEGER, updated INTEGER, status TEXT, engine TEXT,
    PRIMARY KEY (language, position)
) WITHOUT ROWID;
CREATE TABLE sources (slug TEXT PRIMARY KEY, path TEXT) WITHOUT ROWID;
CREATE TABLE used (key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE digests (digest TEXT PRIMARY KEY) WITHOUT ROWID;
"""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_PAGE = 500  # rows fetched at a time


def micros(moment: datetime) -> int:
    """
    >>> micros(datetime(1970, 1, 1, 0, 0, 1, 5, tzinfo=UTC))
    1000005
    """
    return (moment - _EPOCH) // _MICROSECOND


def moment(value: int) -> datetime:
    """
    >>> moment(1000005).isoformat()
    '1970-01-01T00:00:01.000005+00:00'
    """
    return _EPOCH + value * _MICROSECOND


@dataclass(frozen=True, slots=True)
class Planned:
    """What pass 1 keeps of a published article: enough to order, date and count the feed's entries."""

    slug: str
    key: str  # of its entry in the publish cache
    order: datetime  # its date
    updated: datetime  # what its entry says: from the publish record
    status: Status
    engine: str | None


class PublishIndex:
    """The index of one publish run. :meth:`rank` ends pass 1; :meth:`close` deletes it."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)  # "": a temporary file, deleted on close
        self._db.executescript(_SCHEMA)
        self._db.execute("BEGIN")  # never committed: nothing here outlives the run

    def close(self) -> None:
        self._db.close()

    # The record as read, and the dates it holds.
    def add_recorded(self, language: str, rows: Iterable[tuple[str, Publication]]) -> None:
        for slug, publication in rows:
            when = micros(publication.updated)
            self._db.execute("INSERT OR REPLACE INTO recorded VALUES (?, ?, ?, ?)", (language, slug, when, publication.digest))
            self._db.execute("INSERT OR IGNORE INTO taken VALUES (?, ?)", (language, when))

    def recorded(self, language: str) -> Mapping[str, Publication]:
        return _Recorded(self._db, language)

    def taken(self, language: str) -> MutableSet[datetime]:
        return _Taken(self._db, language)

    # Pass 1's findings.
    def sources(self) -> MutableMapping[str, str]:
        """Slug → the source that has it: every source read (for the check that slugs are unique)."""
        return _Sources(self._db)

    def add_digest(self, digest: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO digests VALUES (?)", (digest,))

    def use(self, key: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO used VALUES (?)", (key,))

    def add(self, language: str, item: Planned, publication: Publication) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO planned VALUES (?, ?, ?, ?, ?, ?, ?)",
            (language, item.slug, item.key, micros(item.order), micros(item.updated), item.status.value, item.engine),
        )
        self._db.execute(
            "INSERT OR REPLACE INTO fresh VALUES (?, ?, ?, ?)", (language, item.slug, micros(publication.updated), publication.digest)
        )

    def rank(self) -> None:
        """End of pass 1: each language's entries numbered newest first (the order of the feed and its archives)."""
        self._db.execute(
            "INSERT INTO ranked SELECT language, ROW_NUMBER() OVER (PARTITION BY language ORDER BY sort DESC, slug DESC) - 1,"
            " slug, key, sort, updated, status, engine FROM planned"
        )

    # What pass 2 reads.
    def items(self, language: str) -> Sequence[Planned]:
        (count,) = self._db.execute("SELECT COUNT(*) FROM ranked WHERE language=?", (language,)).fetchone()
        return PlannedView(self._db, language, 0, count)

    def published_in(self, languages: Sequence[str]) -> Mapping[str, Sequence[str]]:
        return _PublishedIn(self._db, tuple(languages))

    def record(self, language: str) -> Iterator[tuple[str, Publication]]:
        """The record to write, by slug: this run's publications, and what was recorded of sources held back."""
        rows = self._db.execute(
            "SELECT slug, updated, digest FROM fresh WHERE language=?1 UNION ALL"
            " SELECT slug, updated, digest FROM recorded WHERE language=?1 AND slug IN (SELECT slug FROM sources)"
            " AND slug NOT IN (SELECT slug FROM fresh WHERE language=?1) ORDER BY slug",
            (language,),
        )
        return ((slug, Publication(moment(when), digest)) for slug, when, digest in _fetch(rows))

    def used_keys(self) -> Iterator[str]:
        return (key for (key,) in _fetch(self._db.execute("SELECT key FROM used")))

    def digests(self) -> Iterator[str]:
        return (digest for (digest,) in _fetch(self._db.execute("SELECT digest FROM digests")))


def _fetch(cursor: sqlite3.Cursor) -> Iterator[tuple[Any, ...]]:
    while rows := cursor.fetchmany(_PAGE):
        yield from rows


class PlannedView(Sequence[Planned]):
    """Entries ``start``..``stop`` of a language, newest first, read from the index only when iterated."""

    def __init__(self, db: sqlite3.Connection, language: str, start: int, stop: int) -> None:
        self._db, self._language, self._start, self._stop = db, language, start, stop

    def __len__(self) -> int:
        return self._stop - self._start

    @overload
    def __getitem__(self, index: int) -> Planned: ...
    @overload
    def __getitem__(self, index: slice) -> PlannedView: ...
    def __getitem__(self, index: int | slice) -> Planned | PlannedView:
        positions = range(self._start, self._stop)[index]
        if isinstance(positions, int):
            return next(iter(PlannedView(self._db, self._language, positions, positions + 1)))
        if positions.step != 1:
            raise ValueError("a step other than 1")
        return PlannedView(self._db, self._language, positions.start, max(positions.start, positions.stop))

    def __iter__(self) -> Iterator[Planned]:
        rows = self._db.execute(
            "SELECT slug, key, sort, updated, status, engine FROM ranked WHERE language=? AND position>=? AND position<? ORDER BY position",
            (self._language, self._start, self._stop),
        )
        for slug, key, order, updated, status, engine in _fetch(rows):
            yield Planned(slug, key, moment(order), moment(updated), Status(status), engine)


class _Recorded(Mapping[str, Publication]):
    def __init__(self, db: sqlite3.Connection, language: str) -> None:
        self._db, self._language = db, language

    def __getitem__(self, slug: str) -> Publication:
        row = self._db.execute("SELECT updated, digest FROM recorded WHERE language=? AND slug=?", (self._language, slug)).fetchone()
        if row is None:
            raise KeyError(slug)
        return Publication(moment(row[0]), row[1])

    def __iter__(self) -> Iterator[str]:
        return (slug for (slug,) in _fetch(self._db.execute("SELECT slug FROM recorded WHERE language=?", (self._language,))))

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM recorded WHERE language=?", (self._language,)).fetchone()[0])


class _Taken(MutableSet[datetime]):
    def __init__(self, db: sqlite3.Connection, language: str) -> None:
        self._db, self._language = db, language

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, datetime):
            return False
        query = "SELECT 1 FROM taken WHERE language=? AND updated=?"
        return self._db.execute(query, (self._language, micros(value))).fetchone() is not None

    def add(self, value: datetime) -> None:
        self._db.execute("INSERT OR IGNORE INTO taken VALUES (?, ?)", (self._language, micros(value)))

    def discard(self, value: datetime) -> None:
        self._db.execute("DELETE FROM taken WHERE language=? AND updated=?", (self._language, micros(value)))

    def __iter__(self) -> Iterator[datetime]:
        rows = self._db.execute("SELECT updated FROM taken WHERE language=?", (self._language,))
        return (moment(when) for (when,) in _fetch(rows))

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM taken WHERE language=?", (self._language,)).fetchone()[0])


class _PublishedIn(Mapping[str, Sequence[str]]):
    """Slug → the languages it is published in (in the site's order of languages), for the hreflang links."""

    def __init__(self, db: sqlite3.Connection, languages: tuple[str, ...]) -> None:
        self._db, self._languages = db, languages

    def __getitem__(self, slug: str) -> Sequence[str]:
        found = {language for (language,) in self._db.execute("SELECT language FROM planned WHERE slug=?", (slug,))}
        if not found:
            raise KeyError(slug)
        return [language for language in self._languages if language in found]

    def __iter__(self) -> Iterator[str]:
        return (slug for (slug,) in _fetch(self._db.execute("SELECT DISTINCT slug FROM planned ORDER BY slug")))

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(DISTINCT slug) FROM planned").fetchone()[0])


class _Sources(MutableMapping[str, str]):
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __getitem__(self, slug: str) -> str:
        row = self._db.execute("SELECT path FROM sources WHERE slug=?", (slug,)).fetchone()
        if row is None:
            raise KeyError(slug)
        return str(row[0])

    def __setitem__(self, slug: str, path: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?)", (slug, path))

    def __delitem__(self, slug: str) -> None:
        if self._db.execute("DELETE FROM sources WHERE slug=?", (slug,)).rowcount == 0:
            raise KeyError(slug)

    def __iter__(self) -> Iterator[str]:
        return (slug for (slug,) in _fetch(self._db.execute("SELECT slug FROM sources ORDER BY slug")))

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM sources").fetchone()[0])
