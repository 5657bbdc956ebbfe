"""Language codes as a site writes them: BCP 47 (``es``, ``pt-BR``), known to CLDR through Babel."""

from __future__ import annotations

import re
from functools import cache

import babel

_BCP47 = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def well_formed(code: object) -> bool:
    """A language, then subtags, separated by hyphens (what the config and glossary headers accept).

    >>> [well_formed(c) for c in ("es", "pt-BR", "zh-Hant-TW", "e", "es_ES", 3)]
    [True, True, True, False, False, False]
    """
    return isinstance(code, str) and _BCP47.fullmatch(code) is not None


def known(code: str) -> bool:
    """Whether CLDR (Babel's data) has the locale.

    >>> known("pt-BR"), known("xx")
    (True, False)
    """
    try:
        babel.Locale.parse(code, sep="-")
    except (babel.UnknownLocaleError, ValueError):
        return False
    return True


def is_language(code: object) -> bool:
    return well_formed(code) and known(str(code))


@cache
def locale(code: str) -> babel.Locale:
    """CLDR's locale for a site's language code (``pt-BR``: hyphen, not Babel's underscore).

    >>> locale("pt-BR").english_name, locale("ar").text_direction
    ('Portuguese (Brazil)', 'rtl')
    """
    return babel.Locale.parse(code, sep="-")


def english_name(code: str) -> str:
    """The language's name in English, for file headers (``Spanish``).

    >>> english_name("es"), english_name("zh-Hant")
    ('Spanish', 'Chinese (Traditional)')
    """
    return locale(code).english_name or code
