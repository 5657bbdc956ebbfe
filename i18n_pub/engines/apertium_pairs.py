"""Which Apertium mode translates a language pair, whether it is installed, and which Debian package has it.

The one list of known pairs lives here. Each entry was read from the Debian
package itself (``apt-get download``, ``dpkg -c``: the ``modes/*.mode`` files it
installs, Debian 13 / Ubuntu archives of 2026-11), so no package name is
guessed. Mode names are not uniform: ``eng-spa`` uses ISO 639-3 codes, ``en-gl``
and ``en-eo`` ISO 639-1; a pair without an entry is tried under the ISO 639-3
name, which is what Apertium uses for its newer pairs.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

# (source, target) base language codes → (mode, Debian package). Only English-to-X pairs
# and the X-to-Y pairs named in the README; add a row when a package is checked the same way.
KNOWN_PAIRS: dict[tuple[str, str], tuple[str, str]] = {
    ("en", "es"): ("eng-spa", "apertium-eng-spa"),
    ("en", "ca"): ("eng-cat", "apertium-eng-cat"),
    ("en", "gl"): ("en-gl", "apertium-en-gl"),
    ("en", "eo"): ("en-eo", "apertium-eo-en"),
    ("en", "hr"): ("eng-hbs_HR", "apertium-hbs-eng"),
    ("en", "bs"): ("eng-hbs_BS", "apertium-hbs-eng"),
    ("es", "en"): ("spa-eng", "apertium-eng-spa"),
    ("ca", "en"): ("cat-eng", "apertium-eng-cat"),
    ("fr", "ca"): ("fra-cat", "apertium-fra-cat"),
    ("ca", "fr"): ("cat-fra", "apertium-fra-cat"),
    ("fr", "es"): ("fr-es", "apertium-fr-es"),
    ("es", "fr"): ("es-fr", "apertium-fr-es"),
}

# Apertium names its newer pairs with ISO 639-3 codes.
_ISO3 = {
    "en": "eng", "es": "spa", "ca": "cat", "gl": "glg", "pt": "por", "fr": "fra", "it": "ita",
    "eo": "epo", "oc": "oci", "ro": "ron", "an": "arg", "ast": "ast", "eu": "eus",
}  # fmt: skip


def _base(code: str) -> str:
    return code.split("-")[0].lower()


def apertium_mode(source: str, target: str) -> str:
    """The Apertium mode for a language pair.

    >>> apertium_mode("en", "es"), apertium_mode("en", "gl"), apertium_mode("en", "pt-BR")
    ('eng-spa', 'en-gl', 'eng-por')
    """
    known = KNOWN_PAIRS.get((_base(source), _base(target)))
    if known:
        return known[0]
    return f"{_ISO3.get(_base(source), _base(source))}-{_ISO3.get(_base(target), _base(target))}"


def debian_package(source: str, target: str) -> str | None:
    """The Debian package that installs the pair, where one exists.

    >>> debian_package("en", "es"), debian_package("en", "fr")
    ('apertium-eng-spa', None)
    """
    known = KNOWN_PAIRS.get((_base(source), _base(target)))
    return known[1] if known else None


@lru_cache(maxsize=8)
def installed_modes(command: str = "apertium") -> frozenset[str] | None:
    """The modes ``apertium -l`` lists; ``None`` when Apertium is not installed."""
    executable = shutil.which(command)
    if executable is None:
        return None
    try:
        done = subprocess.run([executable, "-l"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return frozenset(line.strip() for line in done.stdout.splitlines() if line.strip())


@dataclass(frozen=True)
class PairProblem:
    """Why a pair cannot be used, and what to do about it."""

    what: str
    fix: str


def pair_problem(source: str, target: str, command: str = "apertium") -> PairProblem | None:
    """``None`` when Apertium can translate ``source``→``target`` here (or may, once installed).

    With Apertium installed the pair must be among the installed modes; without
    it, the pair must at least exist as a Debian package.
    """
    mode = apertium_mode(source, target)
    package = debian_package(source, target)
    modes = installed_modes(command)
    if modes is not None and mode in modes:
        return None
    if package is None:
        return PairProblem(
            f"Apertium has no {source}→{target} pair here (no '{mode}' in 'apertium -l') and Debian packages none",
            f"choose another engine for {target!r} (Debian packages Apertium pairs from {source} into: "
            f"{', '.join(known_targets(source)) or 'none'})",
        )
    if modes is None:
        return None  # a known package; translate says to install it if it is still missing then
    return PairProblem(
        f"the Apertium pair {mode} is not installed ('apertium -l' does not list it)",
        f"install it: apt-get install {package}",
    )


def known_targets(source: str) -> list[str]:
    """The target languages a Debian package translates ``source`` into.

    >>> known_targets("en")
    ['bs', 'ca', 'eo', 'es', 'gl', 'hr']
    """
    return sorted(target for (src, target) in KNOWN_PAIRS if src == _base(source))


def installed_targets(source: str = "en", command: str = "apertium") -> list[str]:
    """Languages Apertium can translate ``source`` into on this machine (from ``apertium -l``), as BCP 47 codes."""
    modes = installed_modes(command) or frozenset()
    codes = set(_ISO3) | set(known_targets(source))
    return sorted(code for code in codes if code != _base(source) and apertium_mode(source, code) in modes)


def install_hint(source: str, target: str) -> str:
    """The apt-get line that installs Apertium and the pair, or where to look when Debian has none."""
    package = debian_package(source, target)
    if package:
        return f"install it: apt-get install apertium {package}"
    return f"Debian packages no {source}→{target} pair; 'apertium -l' lists the installed ones"
