"""Publish's pass-1 index on disk (i18n_pub/publish_index.py) and the entry dates it gives (i18n_pub/published.py).

Expected values are written by hand from the inputs: list slicing as Python does it,
and dates counted a second at a time as the published module's rules say.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from i18n_pub.archives import split
from i18n_pub.catalog import Status
from i18n_pub.publish_index import Planned, PublishIndex
from i18n_pub.published import Dating, Publication

DAY = datetime(2021, 4, 3, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.fixture
def index():
    made = PublishIndex()
    yield made
    made.close()


def _plan(index: PublishIndex, language: str, slugs_by_hour: dict[str, int]) -> None:
    for slug, hour in slugs_by_hour.items():
        when = DAY + timedelta(hours=hour)
        index.add(language, Planned(slug, f"key-{slug}", when, when, Status.REVIEWED, None), Publication(when, "d" * 64))


def test_entries_come_newest_first_and_slice_like_a_list(index):
    # a..g published an hour apart (g the newest); b and c share an hour: the later slug comes first, as sorted(reverse=True) does
    _plan(index, "es", {"a": 0, "b": 1, "c": 1, "d": 2, "e": 3, "f": 4, "g": 5})
    index.rank()
    items = index.items("es")
    assert [p.slug for p in items] == ["g", "f", "e", "d", "c", "b", "a"]
    assert len(items) == 7 and items[0].slug == "g" and items[-1].slug == "a"
    assert [p.slug for p in items[2:5]] == ["e", "d", "c"] and [p.slug for p in items[5:][1:]] == ["a"]
    assert [p.slug for p in items[9:]] == []
    current, pages = split(items, 2)  # split's own doctest, on a list: (['g', 'f'], [['b', 'a'], ['d', 'c'], ['e']])
    assert [p.slug for p in current] == ["g", "f"]
    assert [[p.slug for p in page] for page in pages] == [["b", "a"], ["d", "c"], ["e"]]
    assert items[0] == Planned("g", "key-g", DAY + timedelta(hours=5), DAY + timedelta(hours=5), Status.REVIEWED, None)


def test_the_record_to_write_keeps_held_back_sources_and_forgets_removed_ones(index):
    old = Publication(DAY, "0" * 64)
    index.add_recorded("es", [("kept", old), ("held", old), ("removed", old)])
    for slug in ("kept", "held", "new"):
        index.sources()[slug] = f"sources/{slug}.md"
        index.add_digest(f"digest-{slug}")
    _plan(index, "es", {"kept": 2, "new": 3})
    index.rank()
    written = list(index.record("es"))
    assert [slug for slug, _ in written] == ["held", "kept", "new"]
    assert dict(written)["held"] == old and dict(written)["kept"].updated == DAY + 2 * timedelta(hours=1)
    assert sorted(index.digests()) == ["digest-held", "digest-kept", "digest-new"]


def test_languages_of_a_slug_follow_the_sites_order(index):
    _plan(index, "fr", {"a": 0})
    _plan(index, "ar", {"a": 0, "b": 1})
    translations = index.published_in(["es", "ar", "fr"])
    assert translations["a"] == ["ar", "fr"] and translations.get("b") == ["ar"] and translations.get("z", ()) == ()
    assert sorted(translations) == ["a", "b"]


@pytest.mark.parametrize("on_disk", [False, True])
def test_entries_asking_for_one_date_get_the_next_free_seconds(index, on_disk):
    recorded = {"old": Publication(DAY + 2 * SECOND, "0" * 64)}  # DAY+2s is taken by the record
    if on_disk:
        index.add_recorded("es", recorded.items())
        dating = Dating(index.recorded("es"), DAY + timedelta(days=9), index.taken("es"))
    else:
        dating = Dating(recorded, DAY + timedelta(days=9))
    given = [dating.publication(f"new-{n}", "a" * 64, DAY).updated for n in range(5)]
    assert given == [DAY, DAY + SECOND, DAY + 3 * SECOND, DAY + 4 * SECOND, DAY + 5 * SECOND]
    assert dating.publication("other", "a" * 64, DAY + 4 * SECOND).updated == DAY + 6 * SECOND
    assert dating.publication("old", "0" * 64, DAY).updated == DAY + 2 * SECOND  # the same digest: its recorded date


def test_the_search_hint_is_bounded_and_only_a_hint():
    dating = Dating({}, DAY)
    for n in range(Dating.HINTS + 10):
        dating.publication(f"a-{n}", "a" * 64, DAY + n * timedelta(hours=1))
    assert len(dating._free) == Dating.HINTS
    # the first dates asked for lost their hints: asking again still finds a free second by walking
    assert dating.publication("again", "a" * 64, DAY).updated == DAY + SECOND
