"""A configuration error names the line of the key it is about, in the key's own table.

Every expected line number below was counted by hand in the text above it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from i18n_pub.config import parse_config_text
from i18n_pub.errors import ConfigError

SITE = """\
[project]
name = "news"

[tool.i18n-pub]
languages = ["es"]

[tool.i18n-pub.engine.libre]
url = "http://127.0.0.1:5000"
timeout = 5

[tool.i18n-pub.engine.google]
timeout = 5
concurrency = 2

[tool.i18n-pub.feed]
title = "News"
page-size = 50

[tool.i18n-pub.front-matter]
title = ["title"]
"""


def _line_of_error(text: str) -> int | None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(Path("."), text)
    return caught.value.line


def test_the_valid_site_parses() -> None:
    config = parse_config_text(Path("."), SITE)
    assert config.engine_settings["google"]["timeout"] == 5


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        # a bad timeout under google, not at libre's timeout (line 9) that comes first
        ("timeout = 5\nconcurrency = 2", "timeout = 0\nconcurrency = 2", 12),
        ("concurrency = 2", "concurrency = 0", 13),
        ("concurrency = 2", "concurrency = 2\nregion = 'eu'", 14),  # region belongs to microsoft only
        ("page-size = 50", "page-size = 0", 17),
        ('title = ["title"]', 'title = []', 20),  # the front matter's title, not the feed's on line 16
        ('title = "News"', "title = 3", 16),
        ('languages = ["es"]', 'languages = ["es", "xx"]', 5),
        ("[tool.i18n-pub.engine.google]", "[tool.i18n-pub.engine.gogle]", 11),
    ],
)
def test_error_at_the_keys_own_line(old: str, new: str, line: int) -> None:
    assert SITE.count(old) == 1
    assert _line_of_error(SITE.replace(old, new)) == line


def test_dotted_and_quoted_keys() -> None:
    text = '[tool."i18n-pub"]\nlanguages = ["es"]\nengine.libre.timeout = 1\nengine.google.retries = -1\n'
    assert _line_of_error(text) == 4


def test_inline_table_is_reported_at_its_key() -> None:
    text = '[tool.i18n-pub]\nlanguages = ["es"]\n\nengine = { libre = { timeout = 1 }, google = { timeout = "x" } }\n'
    assert _line_of_error(text) == 4


def test_a_multiline_string_is_not_read_as_keys() -> None:
    text = '[tool.i18n-pub]\nlanguages = ["es"]\n[tool.i18n-pub.feed]\nsubtitle = """\ntitle = 1\n"""\ntitle = 2\n'
    assert _line_of_error(text) == 7


def test_every_policy_setting_is_a_policy_field() -> None:
    from dataclasses import fields

    from i18n_pub.engines.remote import RetryPolicy
    from i18n_pub.engines.settings import POLICY, python_name

    assert {python_name(key) for key in POLICY} == {field.name for field in fields(RetryPolicy)}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('languages = ["es"]', 'languages = ["es"]\nlanguage = "es"', "unknown key 'language' in [tool.i18n-pub]"),
        ("page-size = 50", "page-size = 50\npagesize = 5", "unknown key 'pagesize' in [tool.i18n-pub.feed]"),
    ],
)
def test_unknown_keys_name_their_table(old: str, new: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_config_text(Path("."), SITE.replace(old, new))
