"""Which entries go into which document of a language's feed: RFC 5005 section 4, archived feeds.

The subscription feed (``<out>/<lang>.xml``) holds the newest ``page-size``
entries (all of them while there are at most twice that many). The older ones are archived in pages of ``page-size`` entries counted
from the oldest: page 1 holds the oldest entries, and only the newest page
(the highest number) is ever short. So a new article (the newest) rewrites the
subscription feed and the newest archive page, which takes the entry the
subscription feed let go; when that page is full, a new page is written and the
one before it gains its ``next-archive`` link. Every other page keeps its bytes.

Each page (``<out>/<lang>/archive-<n>.xml``) is marked ``fh:archive`` and links
``current`` (the subscription feed), ``prev-archive`` (page n-1) and
``next-archive`` (page n+1) where they exist; the subscription feed links
``prev-archive`` to the newest page. Walking ``prev-archive`` from the
subscription feed reaches every entry once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

ARCHIVE_PREFIX = "archive-"


@dataclass(frozen=True)
class Page:
    """One document of a feed: the subscription feed (``number`` 0) or archive page ``number`` (from 1, oldest)."""

    number: int
    url: str
    prev_url: str | None = None
    next_url: str | None = None

    @classmethod
    def subscription(cls, url: str, prev_url: str | None = None) -> Page:
        return cls(0, url, prev_url)


@dataclass(frozen=True)
class Paging:
    """Where one language's documents live: files under ``folder``, addresses under ``base_url``."""

    language: str
    folder: Path  # the output folder: <lang>.xml and <lang>/archive-<n>.xml
    base_url: str  # <base-url>/feeds
    inside: Callable[[Path], Path] = lambda path: path  # Config.inside: no symlink along a path leads out of the site

    @property
    def feed_path(self) -> Path:
        return self.inside(self.folder / f"{self.language}.xml")

    @property
    def feed_url(self) -> str:
        return f"{self.base_url}/{self.language}.xml"

    def page_path(self, number: int) -> Path:
        return self.inside(self.folder / self.language / f"{ARCHIVE_PREFIX}{number}.xml")

    def page_url(self, number: int) -> str:
        return f"{self.base_url}/{self.language}/{ARCHIVE_PREFIX}{number}.xml"

    def pages(self, count: int) -> list[Page]:
        """The subscription feed's page, then archive pages 1..count (oldest first), linked both ways."""
        archive = [
            Page(
                number,
                self.page_url(number),
                self.page_url(number - 1) if number > 1 else None,
                self.page_url(number + 1) if number < count else None,
            )
            for number in range(1, count + 1)
        ]
        return [Page.subscription(self.feed_url, self.page_url(count) if count else None), *archive]

    def stale_pages(self, count: int) -> list[Path]:
        """Archive files beyond page ``count`` left by an earlier, larger publish."""
        folder = self.folder / self.language
        if not folder.is_dir():
            return []
        found = []
        for path in folder.glob(f"{ARCHIVE_PREFIX}*.xml"):
            number = path.stem[len(ARCHIVE_PREFIX) :]
            if number.isdigit() and int(number) > count:
                found.append(path)
        return sorted(found)


def split(items: Sequence[T], page_size: int) -> tuple[Sequence[T], list[Sequence[T]]]:
    """Newest-first ``items`` → the subscription feed's entries and the archive pages' (page 1 the oldest).

    Each page lists its entries newest first, as the subscription feed does. Archives start
    with two pages: until there are more than two pages' worth of entries, the subscription
    feed holds them all (a lone archive page would have neither ``prev-archive`` nor
    ``next-archive``, which feed validators take for an incomplete archive).

    >>> split(list("gfedcba"), 2)
    (['g', 'f'], [['b', 'a'], ['d', 'c'], ['e']])
    >>> split(list("edcba"), 2)
    (['e', 'd'], [['b', 'a'], ['c']])
    >>> split(list("dcba"), 2)
    (['d', 'c', 'b', 'a'], [])
    """
    if len(items) <= 2 * page_size:
        return items, []
    current, older = items[:page_size], items[page_size:]
    count = (len(older) + page_size - 1) // page_size
    pages = []
    for number in range(count):  # page 1 ends at the oldest entry
        end = len(older) - number * page_size
        pages.append(older[max(0, end - page_size) : end])
    return current, pages
