"""Reviewed translations of i18n-pub's own site strings (feed subtitle, disclaimers), shipped with the package.

``i18n_pub/site_locales/<lang>.po``, written and reviewed by the team. ``translate``
puts them into a site's ``_site.po`` wherever the site has no reviewed entry of
its own (machine output is replaced, a translator's review never is), marked with
a translator comment, so a new site publishes a disclaimer people vouched for.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

import polib

from i18n_pub.catalog import FUZZY, Status, entry_status, live_entries
from i18n_pub.po_comments import MT_PREFIX, TM_PREFIX, comment_lines, set_comment_lines

SHIPPED_NOTE = "i18n-pub: reviewed translation shipped with the package"
_FOLDER = "site_locales"
# Chinese written in another script than the shipped (simplified) one gets no shipped text.
_SIMPLIFIED = {"zh", "zh-Hans", "zh-CN", "zh-SG", "zh-Hans-CN"}


def shipped_languages() -> tuple[str, ...]:
    """
    >>> {"ar", "zh", "fr", "ru", "es"} <= set(shipped_languages()) and len(shipped_languages()) >= 12
    True
    """
    folder = resources.files("i18n_pub") / _FOLDER
    return tuple(sorted(p.name[: -len(".po")] for p in folder.iterdir() if p.name.endswith(".po")))


def _shipped_for(language: str) -> str | None:
    """The shipped catalog that serves ``language``: its own, else its base language's (``pt-BR`` → ``pt``).

    >>> _shipped_for("pt-BR"), _shipped_for("zh-Hant"), _shipped_for("zh-CN"), _shipped_for("xh")
    ('pt', None, 'zh', None)
    """
    available = shipped_languages()
    if language in available:
        return language
    base = language.split("-")[0]
    if base == "zh" and language not in _SIMPLIFIED:
        return None
    return base if base in available else None


@lru_cache(maxsize=32)
def shipped_translations(language: str) -> Mapping[tuple[str | None, str], str]:
    """(msgctxt, msgid) → reviewed translation, for ``language`` (empty when none is shipped)."""
    name = _shipped_for(language)
    if name is None:
        return {}
    text = (resources.files("i18n_pub") / _FOLDER / f"{name}.po").read_text("utf-8")
    po = polib.pofile(text)
    return {(e.msgctxt, e.msgid): e.msgstr for e in live_entries(po) if entry_status(e) is Status.REVIEWED}


def fill_from_shipped(po: polib.POFile, language: str) -> int:
    """Put the shipped translation into every entry of ``po`` a translator has not reviewed; how many."""
    shipped = shipped_translations(language)
    filled = 0
    for entry in live_entries(po):
        text = shipped.get((entry.msgctxt, entry.msgid))
        if text is None or entry_status(entry) is Status.REVIEWED or (entry.msgstr == text and FUZZY not in entry.flags):
            continue
        lines = [line for line in comment_lines(entry) if not line.startswith((MT_PREFIX, TM_PREFIX, SHIPPED_NOTE))]
        set_comment_lines(entry, [*lines, SHIPPED_NOTE])
        entry.msgstr = text
        entry.flags = [flag for flag in entry.flags if flag != FUZZY]
        entry.previous_msgid = entry.previous_msgctxt = None
        filled += 1
    return filled
