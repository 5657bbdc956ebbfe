"""The W3C Feed Validator over every Atom feed the tests wrote (a pytest plugin, loaded by conftest).

At the end of the session, every ``*.xml`` under pytest's temporary folder whose root is an Atom
``feed`` with i18n-pub's namespace (a feed i18n-pub published) goes through
``tests/data/shared/tools/feedvalidator`` (offline, one process for all of them), each with its own
``rel="self"`` address as the address it is served from. Any error, and
any warning but the extension namespace the validator does not know, fails the run and names the
file, the line and the event.

Run as a script, it validates the files it is given: ``python tests/feed_validation.py FEED.xml …``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

VALIDATOR = Path(__file__).resolve().parent / "data" / "shared" / "tools" / "feedvalidator"
# The one event allowed: the i18n extension namespace is not one the validator knows.
ALLOWED = {"UnknownNamespace"}
_ATOM_ROOT = b'<feed xmlns="http://www.w3.org/2005/Atom"'
_I18N_NAMESPACE = b'xmlns:i18n="https://i18n-pub.org/ns/translation/1.0"'


def is_atom_feed(path: Path) -> bool:
    """An Atom feed i18n-pub published (not, say, an English feed a test wrote for ``import`` to read)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(400)
    except OSError:
        return False
    return _ATOM_ROOT in head and _I18N_NAMESPACE in head


def problems(paths: list[Path]) -> list[str]:
    """Every event outside :data:`ALLOWED`, as ``file:line: KIND Name message`` lines (one validator process)."""
    if not paths:
        return []
    done = subprocess.run(
        [sys.executable, __file__, *map(str, paths)], capture_output=True, text=True, timeout=1800
    )
    if done.returncode != 0:
        return [f"the feed validator failed: {done.stderr[-2000:]}"]
    found = []
    for line in done.stdout.splitlines():
        event = json.loads(line)
        if event["name"] not in ALLOWED:
            found.append(f"{event['path']}:{event['line']}: {event['kind']} {event['name']} {event['message']}")
    return found


@pytest.fixture(scope="session", autouse=True)
def every_feed_passes_the_w3c_validator(tmp_path_factory):
    yield
    if os.environ.get("I18N_PUB_SKIP_FEED_VALIDATION") == "1" and os.environ.get("CI") != "true":  # a quick loop
        return
    feeds = sorted(p for p in tmp_path_factory.getbasetemp().rglob("*.xml") if is_atom_feed(p))
    found = problems(feeds)
    assert not found, f"{len(found)} validator event(s) in {len(feeds)} feed(s):\n" + "\n".join(found[:40])


def _validate(paths: list[str]) -> None:
    """In a child process: print one JSON line per event of each feed."""
    from lxml import etree

    sys.path.insert(0, str(VALIDATOR))
    import feedvalidator  # type: ignore[import-not-found]
    from feedvalidator import compatibility  # type: ignore[import-not-found]
    from feedvalidator.formatter.text_plain import Formatter  # type: ignore[import-not-found]
    from feedvalidator.logging import Error, Warning  # type: ignore[import-not-found]

    for path in paths:
        self_link = etree.parse(path).getroot().find("{http://www.w3.org/2005/Atom}link[@rel='self']")
        base = self_link.get("href") if self_link is not None else "http://www.feedvalidator.org/x.xml"
        with open(path, "rb") as handle:
            try:
                events = feedvalidator.validateStream(handle, firstOccurrenceOnly=0, base=base)["loggedEvents"]
            except feedvalidator.logging.ValidationFailure as failure:
                events = [failure.event]
        events = [e for e in compatibility.AAAA(events) if isinstance(e, (Error, Warning))]
        for event, text in zip(events, Formatter(events), strict=False):
            kind = "ERROR" if isinstance(event, Error) else "WARN"
            line = event.params.get("line", "?") if hasattr(event, "params") else "?"
            print(json.dumps({"path": path, "line": line, "kind": kind, "name": type(event).__name__, "message": text}))


if __name__ == "__main__":
    _validate(sys.argv[1:])
