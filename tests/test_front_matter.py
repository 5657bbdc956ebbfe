"""Front matter as Hugo, Jekyll, MkDocs and Docusaurus write it: every expected value here is written by hand."""

from __future__ import annotations

import os
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from i18n_pub.config import load_config
from i18n_pub.errors import ConfigError, SourceError
from i18n_pub.front_matter import front_matter_with
from i18n_pub.front_matter_keys import FrontMatterKeys
from i18n_pub.sources import load_articles, parse_article, source_files

HUGO_TOML = """\
+++
title = "Kubernetes 1.24: Stargazer"
linkTitle = "Stargazer"
publishDate = 2022-05-03T10:00:00-07:00
description = 'The release of "Stargazer".'
draft = true
tags = ["release", "kubernetes"]
authors = ["Jane Doe", "John Roe"]
canonicalUrl = "https://kubernetes.io/blog/2022/05/03/kubernetes-1-24-release-announcement/"

[params]
  title = "not the title"
+++

Body of the post.
"""

JEKYLL = """\
---
layout: post
title:  "Welcome to Jekyll!"
date:   2015-11-10 13:45:00 +0100
categories: [jekyll, update]
author:
  name: Jane Smith
  url: https://example.org/jane
excerpt: A short introduction.
published: false
comments: true
---
You’ll find this post in your `_posts` directory.
"""

MKDOCS = """\
---
title: Getting started
description: How to set up the project.
date:
  created: 2024-01-31
  updated: 2024-02-02
authors: [squidfunk]
categories:
  - Setup
---
# Getting started
"""

DOCUSAURUS = """\
---
slug: welcome-post
title: Welcome
authors:
  - name: Joel Marcey
    title: Co-creator of Docusaurus 1
    url: https://github.com/JoelMarcey
  - slorber
tags: [hello, docusaurus]
date: 2021-08-26T10:00
hide_table_of_contents: false
---
Welcome to this blog.
"""


def test_hugo_toml_front_matter():
    article = parse_article(HUGO_TOML, "sources/posts/Kubernetes_1.24.md", "Kubernetes_1.24")
    assert article.title == "Kubernetes 1.24: Stargazer"  # the top-level title, not [params]'s
    assert article.date == datetime(2022, 5, 3, 17, 0, tzinfo=UTC)
    assert article.summary == 'The release of "Stargazer".' and article.summary_key == "description"
    assert article.draft is True
    assert article.tags == ("release", "kubernetes")
    assert article.author == "Jane Doe, John Roe"
    assert article.link == "https://kubernetes.io/blog/2022/05/03/kubernetes-1-24-release-announcement/"
    assert article.slug == "kubernetes-1-24"
    assert (article.front_fence, article.title_line, article.body_line) == ("+++", 2, 14)
    assert article.body == "\nBody of the post.\n"


def test_jekyll_front_matter():
    article = parse_article(JEKYLL, "sources/_posts/2015-11-10-welcome-to-jekyll.markdown", "2015-11-10-welcome-to-jekyll")
    assert article.title == "Welcome to Jekyll!"
    assert article.date == datetime(2015, 11, 10, 12, 45, tzinfo=UTC)
    assert article.tags == ("jekyll", "update")
    assert article.author == "Jane Smith"
    assert article.summary == "A short introduction." and article.summary_key == "excerpt"
    assert article.draft is True  # published: false
    assert article.slug == "2015-11-10-welcome-to-jekyll"
    assert (article.front_fence, article.summary_line, article.body_line) == ("---", 9, 13)


def test_mkdocs_material_front_matter():
    article = parse_article(MKDOCS, "sources/blog/posts/getting-started.md", "getting-started")
    assert (article.title, article.date, article.summary) == ("Getting started", date(2024, 1, 31), "How to set up the project.")
    assert (article.author, article.tags, article.draft) == ("squidfunk", ("Setup",), False)


def test_docusaurus_front_matter():
    article = parse_article(DOCUSAURUS, "sources/2021-08-26-welcome/index.md", "2021-08-26-welcome")
    assert article.slug == "welcome-post" and article.slug_line == 2  # an explicit slug wins over the folder's name
    assert article.author == "Joel Marcey, slorber"
    assert article.tags == ("hello", "docusaurus")
    assert article.date == datetime(2021, 8, 26, 10, 0, tzinfo=UTC)  # no time zone: UTC, as Hugo reads it
    assert article.summary is None and article.link is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2021-03-29", date(2021, 3, 29)),
        ("'2021-03-29'", date(2021, 3, 29)),
        ("2021-03-29T10:00:00Z", datetime(2021, 3, 29, 10, tzinfo=UTC)),
        ("2021-03-29T10:00:00.5+05:30", datetime(2021, 3, 29, 10, 0, 0, 500000, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
        ("2021-03-29 10:00", datetime(2021, 3, 29, 10, tzinfo=UTC)),
    ],
)
def test_dates(written, expected):
    assert parse_article(f"---\ntitle: T\ndate: {written}\n---\n", "x.md", "x").date == expected


def test_no_date_is_none_and_the_date_keys_are_tried_in_order():
    assert parse_article("---\ntitle: T\n---\nBody.\n", "x.md", "x").date is None
    both = "---\ntitle: T\npubDate: 2020-01-01\ncreated_at: 2019-05-05\n---\n"
    assert parse_article(both, "x.md", "x").date == date(2019, 5, 5)  # created_at comes before pubDate
    assert parse_article("---\ntitle: T\ndate:\npubDate: 2020-01-01\n---\n", "x.md", "x").date == date(2020, 1, 1)


def test_keys_the_tool_does_not_use_are_kept_and_ignored():
    text = "---\ntitle: T\nlayout: post\nlinkTitle: L\nweight: 3\nmenu: {main: {parent: x}}\n---\nBody.\n"
    article = parse_article(text, "x.md", "x")
    assert article.title == "T" and "linkTitle: L" in article.front_matter


def test_configured_keys(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.i18n-pub]\nlanguages = ["es"]\n[tool.i18n-pub.front-matter]\ntitle = ["headline", "title"]\ndate = "when"\n'
    )
    config = load_config(tmp_path)
    assert config.front_matter == FrontMatterKeys(title=("headline", "title"), date=("when",))
    article = parse_article("---\nheadline: H\ntitle: T\nwhen: 2021-01-02\ndate: 2000-01-01\n---\n", "x.md", "x", config.front_matter)
    assert (article.title, article.title_key, article.date) == ("H", "headline", date(2021, 1, 2))
    (tmp_path / "pyproject.toml").write_text('[tool.i18n-pub]\nlanguages = ["es"]\n[tool.i18n-pub.front-matter]\nheading = "h"\n')
    with pytest.raises(ConfigError, match="unknown key 'heading'"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("my-post", "my-post"),
        ("My_Post", "my-post"),
        ("Release.Notes.v2", "release-notes-v2"),
        ("2021-02-18-introducing-the-@-modifier", "2021-02-18-introducing-the-modifier"),
        ("Été à Paris", "ete-a-paris"),
    ],
)
def test_slug_derived_from_the_file_name(stem, slug):
    assert parse_article("---\ntitle: T\n---\n", f"{stem}.md", stem).slug == slug


def test_a_name_with_no_letter_to_make_a_slug_of_asks_for_one():
    with pytest.raises(SourceError, match="no slug can be made"):
        parse_article("---\ntitle: T\n---\n", "日本.md", "日本")


def _write(root: Path, relative: str, text: str = "---\ntitle: T\n---\nBody.\n") -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def test_discovery_sections_bundles_and_what_is_not_an_article(tmp_path):
    sources = tmp_path / "sources"
    _write(sources, "top.md")
    _write(sources, "posts/2021/Deep_Post.md")
    _write(sources, "posts/My_Bundle/index.md")
    _write(sources, "posts/My_Bundle/notes.md")  # a resource of the bundle, not a page
    _write(sources, "posts/My_Bundle/sub/other.md")  # a leaf bundle has no pages under it
    _write(sources, "posts/_index.md")  # Hugo's section list page
    _write(sources, "posts/.draft.md.swp")
    _write(sources, ".hidden/x.md")
    _write(sources, "jekyll.markdown")
    (sources / "posts/My_Bundle/cover.png").write_bytes(b"\x89PNG")
    files, errors = source_files(sources, lambda p: p.relative_to(tmp_path).as_posix())
    assert errors == []
    assert [(f.label, f.stem) for f in files] == [
        ("sources/jekyll.markdown", "jekyll"),
        ("sources/posts/2021/Deep_Post.md", "Deep_Post"),
        ("sources/posts/My_Bundle/index.md", "My_Bundle"),
        ("sources/top.md", "top"),
    ]
    assert [a.slug for a in load_articles(sources)] == ["deep-post", "jekyll", "my-bundle", "top"]


def test_sources_come_in_the_byte_order_of_their_labels_though_found_a_folder_at_a_time(tmp_path):
    """A folder's files sort before, between or after its subfolders' exactly as full paths sort ('-' < '.' < '/' < 'A' < 'a')."""
    sources = tmp_path / "sources"
    for name in ("a.md", "a/z.md", "a-b.md", "a/b/c.md", "a b.md", "A.md", "ab.md", "a/b.md", "a0/x.md", "é.md", "z.md"):
        _write(sources, name)
    files, errors = source_files(sources)
    assert errors == []
    # written by hand: the labels in byte order (space 0x20, '-' 0x2d, '.' 0x2e, '/' 0x2f, '0' 0x30, 'A' 0x41, 'a' 0x61, 'é' 0xc3 0xa9)
    expected = ["A.md", "a b.md", "a-b.md", "a.md", "a/b.md", "a/b/c.md", "a/z.md", "a0/x.md", "ab.md", "z.md", "é.md"]
    assert [f.path.relative_to(sources).as_posix() for f in files] == expected


def test_two_sources_deriving_one_slug_are_an_error(tmp_path):
    sources = tmp_path / "sources"
    _write(sources, "My_Post.md")
    _write(sources, "news/my-post.md")
    with pytest.raises(SourceError, match="duplicate slug 'my-post'"):
        load_articles(sources)


# --- the front matter written back with a translated title and summary ---------------------

REWRITE_CASES = {
    "yaml-plain": "---\ntitle: Plain title  # a comment\ndescription: The summary.\nlayout: post\ntags: [a, b]\n---\n",
    "yaml-quoted": "---\nlayout: post\ntitle: 'It''s quoted: yes'\nsummary: \"Two\\nlines\"\ndate: 2021-03-29\n---\n",
    "yaml-multiline": "---\ntitle: >-\n  A folded\n  title\nsummary: |\n  A literal\n  summary\nauthor: X\n---\n",
    "yaml-plain-continued": "---\ntitle: A plain title\n  that goes on\nexcerpt: e\nmenu:\n  main: {weight: 2}\n---\n",
    "yaml-flow": "---\n{title: Flow, summary: S, layout: x}\n---\n",
    "toml-basic": '+++\ntitle = "Basic \\"title\\""\nsummary = \'Literal summary\'\ndraft = false\n[params]\nsummary = "kept"\n+++\n',
    "toml-multiline": "+++\ntitle = \"\"\"\nMulti\nline\"\"\"\ndescription = '''\nlit'''\nweight = 2\n+++\n",
}
TRANSLATIONS = ['Título: "con comillas" y \\ barra', "Resumen # no es comentario\nen dos líneas\u2028 y \x85 NEL", "Plain"]


def _mapping(block: str) -> dict:
    fence = block.split("\n", 1)[0]
    inner = block.split("\n", 1)[1].rsplit(fence, 1)[0]
    return tomllib.loads(inner) if fence == "+++" else yaml.safe_load(inner)


@pytest.mark.parametrize("case", sorted(REWRITE_CASES))
@pytest.mark.parametrize("title", TRANSLATIONS)
def test_front_matter_with_a_translated_title_and_summary(case, title):
    source = REWRITE_CASES[case] + "Body.\n"
    article = parse_article(source, "x.md", "x")
    summary = "Un résumé: « traduit » #1"
    block = front_matter_with(article, title, summary)
    original = _mapping(source.split("Body.\n")[0])
    expected = {**original, article.title_key: title}
    if article.summary_key:
        expected[article.summary_key] = summary
    assert _mapping(block) == expected  # PyYAML / tomllib read only the title and summary as changed
    if "\x85" not in title:  # a C1 control reads back exactly (above), but a source may not hold one
        assert parse_article(block + "Body.\n", "x.md", "x").title == title
    # Every line that held neither the title nor the summary is as written.
    untouched = [
        line
        for line in source.split("\n")
        if line.startswith(("layout", "tags", "date", "draft", "[params]", "weight", "menu", "  main", "author"))
    ]
    assert all(line in block.split("\n") for line in untouched)


def test_front_matter_with_keeps_comments_and_spacing_byte_for_byte():
    source = "---\n# Hugo archetype\ntitle:   Hello   # greeting\n\nsummary: Sum.\ncustom:\n  - x   # odd spacing\n---\nBody.\n"
    block = front_matter_with(parse_article(source, "x.md", "x"), "Hola", "Resumen")
    assert block == '---\n# Hugo archetype\ntitle:   "Hola"   # greeting\n\nsummary: "Resumen"\ncustom:\n  - x   # odd spacing\n---\n'


def test_front_matter_with_only_a_title_leaves_the_summary():
    source = '+++\ntitle = "A"\ndescription = "D"\n+++\n'
    assert front_matter_with(parse_article(source, "x.md", "x"), "B") == '+++\ntitle = "B"\ndescription = "D"\n+++\n'


def test_source_files_refuses_a_fifo_without_opening_it(tmp_path):
    sources = tmp_path / "sources"
    _write(sources, "a.md")
    os.mkfifo(sources / "x.md")  # opening it for reading would block until a writer comes
    files, errors = source_files(sources)
    assert [f.path.name for f in files] == ["a.md"]
    assert len(errors) == 1 and "not a regular file (a named pipe)" in str(errors[0])
