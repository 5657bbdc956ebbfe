"""Text kept verbatim (:func:`i18n_pub.protect.protected_regions`): leaving out the patterns a text cannot match
must find exactly what the whole alternation finds. The reference is every pattern in one regular expression,
always; the texts are every line of the real corpora and the sample site, and generated ones."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from i18n_pub import protect
from tests.conftest import REPO, SHARED

WHOLE = re.compile("|".join(f"(?:{pattern})" for pattern, _ in protect._VERBATIM))


def _reference(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in WHOLE.finditer(text) if m.end() > m.start()]


def test_every_line_of_the_real_articles_gives_what_the_whole_alternation_gives():
    files = sorted((SHARED / "realworld").rglob("*.md")) + sorted((REPO / "sources").glob("*.md"))
    lines = [line for path in files for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(lines) > 5000
    found = 0
    for line in lines:
        assert protect.protected_regions(line) == _reference(line), line
        found += bool(_reference(line))
    assert found > 500  # URLs, paths, versions, shortcodes: the test compares real finds, not empty lists


FRAGMENTS = [
    "v1.25.0", "1.2.3", "Kubernetes 1.24", "In 2.5", "version 2.1", "Release 3.0.1", "/etc/hosts", "./run.sh", "~/x",
    "hack/*.sh", "a/b/c.yaml", "config.toml", "www.example.org", "https://x.org/a.", "me@example.org", "{{< ref x >}}",
    "{% if %}", "{{ page.title }}", "[^1]", "11.7%", "2.2 million", "end.", "word", " ", ", ", "/", ".", "@", "{", "9",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=12).map("".join))
def test_generated_texts_give_what_the_whole_alternation_gives(text):
    assert protect.protected_regions(text) == _reference(text)
