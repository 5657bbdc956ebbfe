from __future__ import annotations

import yaml

from i18n_pub.front_matter import _FastFrontMatterLoader, _FrontMatterLoader, _load_yaml
from tests.conftest import REPO, shared_file


def test_libyaml_front_matter_reads_exactly_as_the_pure_python_parser():
    """The fast loader is used only if it reads every sample front matter as the reference one does."""
    paths = sorted((REPO / "sources").glob("*.md")) + sorted(shared_file("realworld").glob("*/**/*.md"))
    fronts = [text.split("---\n")[1] for text in (path.read_text("utf-8") for path in paths) if text.startswith("---\n")]
    fronts.append("title: x\ndate: 2021-03-29\nsummary: 'a: b'\ntags: [a, b]\nnumber: 1,000\n")
    assert len(fronts) >= 80  # the sample site's and the real-world corpora's (59 Prometheus posts, the guides)
    for front in fronts:
        assert yaml.load(front, Loader=_FastFrontMatterLoader) == yaml.load(front, Loader=_FrontMatterLoader)
    assert _load_yaml(fronts[-1], "x.md")["date"] == "2021-03-29"  # dates stay text: our own check reads them
    assert _FastFrontMatterLoader.__mro__[1].__name__ == "CSafeLoader"  # libyaml is there (it is on PyPI's wheels)
