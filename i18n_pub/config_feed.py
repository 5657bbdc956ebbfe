"""``[tool.i18n-pub.feed]`` → a frozen :class:`FeedConfig`: the feeds' title, address, paging and disclaimers."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from i18n_pub.textsafe import describe, first_unsafe_in_source
from i18n_pub.toml_lines import KeyErrors

_FEED_KEYS = {"title", "subtitle", "base-url", "organization", "page-size", "disclaimer", "machine-disclaimer"}
_FEED_STRINGS = {"title", "subtitle", "base-url", "organization"}
# [tool.i18n-pub.feed] choices: where the disclaimer goes, whether an unreviewed disclaimer may be published.
DISCLAIMER_PLACES = ("top", "bottom", "element")
MACHINE_DISCLAIMER = ("refuse", "allow")
DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True)
class FeedConfig:
    title: str = "News"
    subtitle: str | None = None
    base_url: str | None = None
    organization: str | None = None
    page_size: int = DEFAULT_PAGE_SIZE  # entries in the subscription feed and in each archive page (RFC 5005)
    disclaimer: str = "top"  # in the content: "top", "bottom", or "element" (only the i18n:disclaimer element)
    machine_disclaimer: str = "refuse"  # "allow": publish a disclaimer no translator reviewed
    unset: frozenset[str] = frozenset()  # keys of [tool.i18n-pub.feed] the site left to their defaults


def feed_config(table: object, error: KeyErrors) -> FeedConfig:
    if not isinstance(table, dict):
        raise error("[tool.i18n-pub.feed] must be a table", "", 'write title = "News"')
    error.check_known(table, _FEED_KEYS)
    for key, value in table.items():
        if key in _FEED_STRINGS:
            _feed_string(key, value, error)
    base_url = table.get("base-url")
    if base_url is not None:
        parts = urlsplit(base_url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise error(
                f"'base-url' in [tool.i18n-pub.feed] must be an http or https address, not {_short(base_url)}",
                "base-url",
                'write base-url = "https://example.org/news"',
            )
    page_size = table.get("page-size", DEFAULT_PAGE_SIZE)
    if not isinstance(page_size, int) or isinstance(page_size, bool) or page_size < 1:
        raise error("'page-size' in [tool.i18n-pub.feed] must be a whole number of at least 1", "page-size", "write page-size = 50")
    for key, allowed in (("disclaimer", DISCLAIMER_PLACES), ("machine-disclaimer", MACHINE_DISCLAIMER)):
        if table.get(key, allowed[0]) not in allowed:
            raise error(
                f"'{key}' in [tool.i18n-pub.feed] must be one of: " + ", ".join(allowed), key, f'write {key} = "{allowed[0]}"'
            )
    return FeedConfig(
        title=table.get("title", "News"),
        subtitle=table.get("subtitle"),
        base_url=table.get("base-url"),
        organization=table.get("organization"),
        page_size=page_size,
        disclaimer=table.get("disclaimer", DISCLAIMER_PLACES[0]),
        machine_disclaimer=table.get("machine-disclaimer", MACHINE_DISCLAIMER[0]),
        unset=frozenset(key for key in ("title", "base-url", "organization") if key not in table),
    )


def _feed_string(key: str, value: object, error: KeyErrors) -> None:
    if not isinstance(value, str):
        raise error(f"'{key}' in [tool.i18n-pub.feed] must be a string", key, f'write {key} = "…"')
    unsafe = first_unsafe_in_source(value)
    if unsafe:
        raise error(f"'{key}' in [tool.i18n-pub.feed] holds the invisible character {describe(unsafe[1])}", key, "delete it")


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "…")
