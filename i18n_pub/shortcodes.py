"""WordPress shortcodes left in a post's HTML: what each becomes before the HTML is sanitised.

A WordPress export holds posts as written, shortcodes included, and a feed keeps those whose
plugin is gone. The decision, one rule per kind:

- ``[caption …]<img …> Text[/caption]`` (and ``[wp_caption]``): the image and its caption, as a
  ``<figure>`` with a ``<figcaption>`` (the sanitiser makes them an image and a paragraph).
- ``[embed]URL[/embed]``: a link to the URL (the author typed the address; the player is not kept,
  as iframes are not).
- ``[gallery]``, ``[playlist]``, ``[audio]``, ``[video]``: dropped; they show media that only
  WordPress can list, like a player in an iframe.
- Page-builder wrappers (``[vc_row]``, ``[et_pb_section]``, ``[fusion_text]`` …): the tags go, the
  text inside stays.
- Anything else in square brackets is kept as text: ``[sic]``, ``[1]`` or ``[2020-2025]`` are
  words of the article, and an unknown shortcode left visible is something an editor can see and
  remove in WordPress, where silently dropping it could lose text.
- ``[[caption]]`` is WordPress's way to write the text ``[caption]``: it becomes that text.

One more leftover is not a shortcode: the footer SEO plugins (Yoast) add to every post of a feed,
"The post <a>Title</a> appeared first on <a>Site</a>." It is the feed's, not the article's, and goes.
"""

from __future__ import annotations

import html
import re

_DROPPED = ("gallery", "playlist", "audio", "video")
_BUILDER = re.compile(r"(?:vc|et_pb|fusion|su|av|mk|tatsu|cs)_[\w-]+")
_NAME = r"[A-Za-z][\w-]*"
_TAG = re.compile(rf"\[(?P<close>/?)(?P<name>{_NAME})(?P<attrs>(?:\s[^\[\]]*)?)\]")
_ESCAPED = re.compile(rf"\[(\[/?{_NAME}(?:\s[^\[\]]*)?\])\]")
_CAPTION = re.compile(r"\[(?:wp_)?caption(?P<attrs>(?:\s[^\]]*)?)\](?P<body>.*?)\[/(?:wp_)?caption\]", re.DOTALL)
_IMAGE_FIRST = re.compile(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", re.DOTALL | re.IGNORECASE)
_EMBED = re.compile(r"\[embed(?:\s[^\]]*)?\]\s*(?P<url>https?://[^\s\[\]<>\"]+)\s*\[/embed\]")
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_FEED_FOOTER = re.compile(r"\s*<p>\s*The post <a\b[^>]*>.*?</a> appeared first on <a\b[^>]*>.*?</a>\.?\s*</p>\s*$", re.DOTALL)
_PLACEHOLDER = "\ue000"  # private use: never in an article, stands for an escaped '[' while tags are handled


def expand_shortcodes(text: str) -> str:
    """The HTML with its shortcodes handled as the module says.

    >>> expand_shortcodes('[caption id="a1" width="600"]<img src="f.jpg" alt="F"> The forum.[/caption]')
    '<figure><img src="f.jpg" alt="F"><figcaption>The forum.</figcaption></figure>'
    >>> expand_shortcodes('[embed]https://youtu.be/x[/embed] [gallery ids="1,2"] [vc_row]Text[/vc_row] [sic] [[embed]]')
    '<a href="https://youtu.be/x">https://youtu.be/x</a>  Text [sic] [embed]'
    >>> expand_shortcodes('<p>Text.</p>\\n<p>The post <a href="/x">X</a> appeared first on <a href="/">News</a>.</p>\\n')
    '<p>Text.</p>'
    """
    text = _FEED_FOOTER.sub("", text)
    if "[" not in text:
        return text
    text = _ESCAPED.sub(lambda m: _PLACEHOLDER + m.group(1)[1:], text)
    text = _CAPTION.sub(_caption, text)
    text = _EMBED.sub(lambda m: f'<a href="{html.escape(m["url"])}">{html.escape(m["url"])}</a>', text)
    text = _drop_media(text)
    text = _TAG.sub(lambda m: "" if _BUILDER.fullmatch(m["name"]) else m.group(), text)
    return text.replace(_PLACEHOLDER, "[")


def _caption(match: re.Match[str]) -> str:
    body = match["body"]
    image = _IMAGE_FIRST.match(body)
    if image is None:  # no image: the caption's text is all there is to keep
        return body
    caption = image.group(2).strip()
    if not caption:  # the old form: [caption caption="Text"]<img>[/caption]
        attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(match["attrs"])}
        caption = html.escape(attrs.get("caption", ""))
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{image.group(1)}{figcaption}</figure>"


def _drop_media(text: str) -> str:
    for name in _DROPPED:
        text = re.sub(rf"\[{name}\b[^\]]*\].*?\[/{name}\]", "", text, flags=re.DOTALL)
        text = re.sub(rf"\[{name}\b[^\]]*\]", "", text)
    return text
