"""Dates and numbers: found in the English source, written by Babel in the target locale.

Engines translate dates word by word (Apertium: ``on March 29, 2021`` →
``encima Marcha 29, 2021``) and keep English separators (``12,000``). So these
finders return :class:`~i18n_pub.protect.Span` objects whose ``target`` is the
form CLDR gives for the target language; the translation step masks them, and
the engine never sees them.

Recognised dates: ``March 29, 2021``, ``Thursday, April 1, 2021``, ``March 29``,
``March 15-18``, ``June 9 and 10``, ``29 March 2021``, ``March 2021``; an
``on`` in front goes into the span and becomes the target language's own
preposition (``el 29 de marzo``, ``le 29 mars``); where a single day is a noun
phrase with the definite article (Spanish, French, Italian …) it gets the article
even without ``on`` (``hasta el 31 de agosto``; the agreement pass contracts
``de el`` to ``del``). Recognised numbers: grouped
(``25,000``), decimals (``2.5``), scales (``2.5 million``) and percentages
(``40 percent``, ``46%``). Years alone, small plain integers and numbers inside
names (``No. 5``, ``COVID-19``, ``G20``) and link targets are left as written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from i18n_pub import language_codes
from i18n_pub.protect import Span

_MONTHS = (
    "January February March April May June July August September October November December".split()
)
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTH = "(?P<month>" + "|".join(_MONTHS) + ")"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[6-9]\d\d|2[01]\d\d)"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(_WEEKDAYS) + r"),?\s+)?"
_ON = r"(?:(?P<on>\b[Oo]n)\s+)?"
_END = r"(?![\w-])"
# The longest shapes first: the alternation tries them in order at each position.
_DATE = re.compile(
    _ON
    + _WEEKDAY
    + "(?:"
    + rf"{_MONTH}\s+{_DAY}"
    + rf"(?:\s*(?P<link>[-–]|and|&)\s*(?:(?:(?<=[-–])|(?<=[-–]\s))(?P<month2>{'|'.join(_MONTHS)})\s+)?{_DAY2})?"
    + rf"(?:,?\s+{_YEAR})?{_END}"
    + "|"
    + rf"(?P<dday>[12]\d|3[01]|0?[1-9])\s+(?P<dmonth>{'|'.join(_MONTHS)})(?:\s+(?P<dyear>1[6-9]\d\d|2[01]\d\d))?{_END}"
    + ")"
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+{_YEAR}{_END}")
# Every date names a month: texts without one (most) skip the costly patterns above.
_ANY_MONTH = re.compile("|".join(_MONTHS))

# What an English "on" before a date becomes: (one day, several days). Languages missing here keep
# the "on" outside the span and leave it to the engine.
_ON_FORMS = {
    "es": ("el", "los días"),
    "ca": ("el", "els dies"),
    "gl": ("o", "os días"),
    "fr": ("le", "les"),
    "it": ("il", "il"),
    "pt": ("em", "em"),
    "de": ("am", "am"),
    "ar": ("في", "في"),
}

# A range of days ("March 15-18", "March 30-April 2") as the language says it: "from … to …", the
# first day without the month when both share it ("del 15 al 18 de marzo", "du 15 au 18 mars").
_RANGE = {"es": ("del", "al"), "fr": ("du", "au"), "ca": ("del", "al"), "it": ("dal", "al"), "pt": ("de", "a")}

# Languages where a day of the month is a noun phrase with the definite article, with or without "on"
# ("hasta el 31 de agosto"); the agreement pass contracts it after a preposition ("del", "au").
_DATE_ARTICLE = {"es": "el", "ca": "el", "gl": "o", "fr": "le", "it": "il"}

# CLDR's minimumGroupingDigits, which Babel does not import (CLDR 41 common/main/*.xml, values above 1).
_MIN_GROUPING = {
    "es": 2, "es_419": 1, "pl": 2, "pt_PT": 2, "bg": 2, "be": 2, "et": 2, "lv": 2, "sq": 2, "ka": 2, "ia": 2,
    "ru_UA": 2, "ee": 3,
}

_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_NUMBER = re.compile(
    r"(?<![\w.,/#-])"
    r"(?P<the>\bthe\s+)?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?:(?P<pct>\s*%|\s+per\s?cent\b)|\s+(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?![\w%-]|[.,]\d)"
)
# A number right after one of these is part of a name: "No. 5", "Article 3", "Goal 4".
_NAME_BEFORE = re.compile(
    r"\b(?:No|Nos|Nr|Number|Art|Article|Goal|SDG|Vol|Volume|Chapter|Section|Resolution|Decision|Annex|Phase|Level|Room|p|pp)"
    r"\.?\s*$",
    re.IGNORECASE,
)
_LONGEST_NAME_WORD = len("Resolution.")
# Link targets, inline code, autolinks and URLs are never localised.
_VERBATIM = re.compile(r"\]\([^)]*\)|`[^`]*`|<[^>]*>|https?://\S+")
# In these languages a percentage takes the definite article ("el 40 %").
_PERCENT_ARTICLE = {"es": "el", "ca": "el", "it": "il"}
# The word joining a scale to the noun it counts ("2,5 millones de dólares").
_SCALE_LINK = {"es": "de", "fr": "de", "pt": "de", "ca": "de", "gl": "de", "it": "di"}
_NOT_A_NOUN = frozenset("of and or to in for per a an the from by with on at as than each".split())


_locale = language_codes.locale


def find_dates(text: str, language: str, year: int | None = None) -> list[Span]:
    """Dates in ``text`` as spans whose target is the date in ``language``.

    ``year`` (the article's year) completes dates written without one; they
    are still rendered without a year, as the source has none.

    >>> [s.target for s in find_dates("Signed on March 29, 2021, in Rabat.", "es")]
    ['el 29 de marzo de 2021']
    >>> [s.target for s in find_dates("on Thursday, April 1, 2021", "es")]
    ['el jueves, 1 de abril de 2021']
    >>> [s.target for s in find_dates("held March 15-18", "es", 2021)]
    ['del 15 al 18 de marzo']
    >>> [s.target for s in find_dates("held on March 30-April 2, 2021", "fr")]
    ['du 30 mars au 2 avril 2021']
    >>> [s.target for s in find_dates("closed on March 24 and", "fr")]
    ['le 24 mars']
    >>> [s.target for s in find_dates("held on June 9 and 10 in Rabat", "es")]
    ['los días 9 y 10 de junio']
    >>> find_dates("in 2020 and in May", "es")
    []
    """
    locale = _locale(language)
    spans: list[Span] = []
    for match, bare, shape in _dates(text, locale, year):
        target, start, several = bare, match.start(), shape == "days"
        forms = _ON_FORMS.get(locale.language)
        on = match.groupdict().get("on")
        if on and forms is None:
            start = _first_date_group(match)
        elif on and several and _is_range(target, locale):
            pass  # "on March 15-18": the range says "del … al …" itself
        elif on and forms is not None:  # (always, when on: no forms was the first case)
            target = f"{forms[1] if several else forms[0]} {target}"
        elif shape == "day" and locale.language in _DATE_ARTICLE:
            target = f"{_DATE_ARTICLE[locale.language]} {target}"  # "is August 31" → "es el 31 de agosto"
        if start == 0 and text[start].isupper():
            target = target[:1].upper() + target[1:]
        spans.append(Span(start, match.end(), target, "date", text[start : match.end()]))
    return sorted(spans, key=lambda s: s.start)


def _is_range(rendered: str, locale: Locale) -> bool:
    words = _RANGE.get(locale.language)
    return words is not None and rendered.startswith(words[0] + " ")


def date_renderings(text: str, language: str, year: int | None = None) -> list[tuple[str, str]]:
    """Each date of ``text`` and Babel's rendering of it in ``language``, without article or preposition.

    What a translation must contain for each source date (checks, the quality benchmark).

    >>> date_renderings("closed on March 24 and opens in May 2022", "es")
    [('March 24', '24 de marzo'), ('May 2022', 'mayo de 2022')]
    """
    locale = _locale(language)
    found = []
    for match, bare, _ in _dates(text, locale, year):
        start = _first_date_group(match)
        found.append((text[start : match.end()], bare))
    return found


def _dates(text: str, locale: Locale, year: int | None) -> Iterator[tuple[re.Match[str], str, str]]:
    """Every date match with its bare rendering and its shape: "day", "days" or "month"."""
    if not _ANY_MONTH.search(text):
        return
    taken = []
    for match in _DATE.finditer(text):
        rendered = _render_date(match, locale, year)
        if rendered is not None:
            taken.append((match.start(), match.end()))
            yield match, rendered[0], "days" if rendered[1] else "day"
    for match in _MONTH_YEAR.finditer(text):
        if not _overlaps(match.start(), match.end(), taken):
            day = dt.date(int(match.group("year")), _MONTHS.index(match.group("month")) + 1, 1)
            yield match, format_skeleton("yMMMM", day, locale=locale), "month"


def _first_date_group(match: re.Match[str]) -> int:
    """Where the date itself starts, after any "on"."""
    groups = match.groupdict()
    first = next(name for name in ("weekday", "month", "dday") if groups.get(name))
    return match.start(first)


def _replace_year(day: dt.date, year: int) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _render_date(match: re.Match[str], locale: Locale, year: int | None) -> tuple[str, bool] | None:
    """The date in ``locale`` and whether it names several days; ``None`` when it is no real date."""
    if match.group("month"):
        month, day, written_year = match.group("month"), match.group("day"), match.group("year")
    else:
        month, day, written_year = match.group("dmonth"), match.group("dday"), match.group("dyear")
    with_year = written_year is not None
    try:
        first = dt.date(int(written_year or year or 2000), _MONTHS.index(month) + 1, int(day))
        month2 = match.group("month2")
        day2 = match.group("day2")
        last = first.replace(month=_MONTHS.index(month2) + 1 if month2 else first.month, day=int(day2)) if day2 else None
        if last is not None and match.group("weekday"):
            return None
    except ValueError:
        return None
    weekday = match.group("weekday")
    if weekday and not with_year:
        # No year in the text: take the article's, else any year in which the day falls on that weekday.
        years = [year] if year else range(2000, 2028)
        first = next((d for d in (_replace_year(first, y) for y in years) if d and _WEEKDAYS[d.weekday()] == weekday), first)
    if weekday and _WEEKDAYS[first.weekday()] != weekday:
        return None  # a weekday that does not fit the date: leave the whole thing to a person
    if last is not None:
        if last <= first:
            return None
        if match.group("link") in ("-", "–") and locale.language in _RANGE:
            return _range(first, last, with_year, locale), True
        skeleton = "yMMMMd" if with_year else "MMMMd"
        span = format_interval(first, last, skeleton, locale=locale)
        if match.group("link") not in ("-", "–"):
            conjunction = locale.list_patterns["standard"]["2"]
            left, right = re.split(r"\s*[–-]\s*", span, maxsplit=1)
            span = conjunction.replace("{0}", left).replace("{1}", right)
        return span, True
    if weekday:
        if with_year:
            return format_date(first, "full", locale=locale), False
        pattern = re.sub(r"E+", "EEEE", locale.datetime_skeletons["MMMMEd"].pattern)
        return format_date(first, pattern, locale=locale), False
    if with_year:
        return format_date(first, "long", locale=locale), False
    return format_skeleton("MMMMd", first, locale=locale), False


def _range(first: dt.date, last: dt.date, with_year: bool, locale: Locale) -> str:
    """``del 15 al 18 de marzo``, ``du 30 mars au 2 avril 2021``: the language's "from … to …" with
    CLDR's own day-and-month pattern for each end.

    >>> _range(dt.date(2021, 3, 15), dt.date(2021, 3, 18), False, _locale("es"))
    'del 15 al 18 de marzo'
    >>> _range(dt.date(2021, 3, 30), dt.date(2021, 4, 2), True, _locale("fr"))
    'du 30 mars au 2 avril 2021'
    """
    start_word, end_word = _RANGE[locale.language]
    end = format_date(last, "long", locale=locale) if with_year else format_skeleton("MMMMd", last, locale=locale)
    start = format_skeleton("d", first, locale=locale) if first.month == last.month else format_skeleton("MMMMd", first, locale=locale)
    return f"{start_word} {start} {end_word} {end}"


def find_numbers(text: str, language: str, taken: list[tuple[int, int]] | None = None) -> list[Span]:
    """Grouped and decimal numbers, scales and percentages, written as ``language`` writes them.

    >>> [s.target for s in find_numbers("for 1,000 students and 25,000 dollars", "es")]
    ['1000', '25.000']
    >>> [s.target for s in find_numbers("a grant of 2.5 million dollars", "es")]
    ['2,5 millones de']
    >>> [s.target for s in find_numbers("nearly 40 percent of adults", "es")]
    ['el 40\\xa0%']
    >>> [s.target for s in find_numbers("25,000 dollars", "fr")]
    ['25\\u202f000']
    >>> find_numbers("COVID-19, G20, Goal No. 5, in 2020 and 450 papers", "es")
    []
    """
    locale = _locale(language)
    taken = list(taken or [])
    taken += [(m.start(), m.end()) for m in _VERBATIM.finditer(text)]
    spans = []
    for match in _NUMBER.finditer(text):
        start = match.start("the") if match.group("the") else match.start("int")
        if _overlaps(start, match.end(), taken) or _is_name_number(text, match.start("int")) or _is_version(text, match):
            continue
        target = _render_number(match, text, locale)
        if target is None:
            continue
        if not (match.group("pct") and _PERCENT_ARTICLE.get(locale.language)):
            start = match.start("int")  # "the" stays outside unless the article comes with the percentage
        spans.append(Span(start, match.end(), target, "number", text[start : match.end()]))
    return spans


# A decimal right after a product's name is its version ("Apache 2.0", "Prometheus 3.8"), not a quantity.
_VERSION_BEFORE = re.compile(r"(?:\b[A-Z][\w+-]*[a-z][\w+-]*|\b[Vv]ersion|\bv)\s+$")
_NOT_A_NAME = frozenset("In On At By For From Of To About Over Under Nearly Almost Some Only Just Up Around With And But".split())


def _is_version(text: str, match: re.Match[str]) -> bool:
    """A decimal without scale or percent right after a capitalised word that is not a function word.

    >>> [bool(_is_version(t, _NUMBER.search(t))) for t in ("Apache 2.0 is", "version 3.11", "In 2.5 seconds", "it is 2.5")]
    [True, True, False, False]
    """
    if not match.group("frac") or match.group("pct") or match.group("scale"):
        return False
    before = _VERSION_BEFORE.search(text, max(0, match.start("int") - 40), match.start("int"))
    return before is not None and before.group().split()[0] not in _NOT_A_NAME


def _is_name_number(text: str, start: int) -> bool:
    """Whether the number at ``start`` follows a word like "No." or "Article" (see ``_NAME_BEFORE``).

    The pattern is tried only over the last words before the number: ``\\b`` still sees the text
    before the window, and searching the whole prefix made each number cost the length of its sentence.

    >>> _is_name_number("Goal No. 5", 8), _is_name_number("Goal No.  5", 9), _is_name_number("EconomicArt 5", 12)
    (True, True, False)
    """
    before = start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    return _NAME_BEFORE.search(text, max(0, before - _LONGEST_NAME_WORD), start) is not None


def _render_number(match: re.Match[str], text: str, locale: Locale) -> str | None:
    integer, fraction = match.group("int").replace(",", ""), match.group("frac")
    value = Decimal(integer + ("." + fraction if fraction else ""))
    if match.group("pct"):
        rendered = format_percent(value / 100, locale=locale, decimal_quantization=False)
        article = _PERCENT_ARTICLE.get(locale.language)
        return f"{article} {rendered}" if article else rendered
    if match.group("scale"):
        value *= Decimal(10) ** _SCALES[match.group("scale")]
        rendered = format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=len(fraction or ""))
        link = _SCALE_LINK.get(locale.language)
        following = re.match(r"\s+([A-Za-z]+)", text[match.end() :])
        if link and following and following.group(1).lower() not in _NOT_A_NOUN:
            rendered += " " + link
        return rendered
    if "," not in match.group("int") and not fraction:
        return None  # a plain integer reads the same everywhere CLDR uses Latin digits
    grouped = len(integer) >= 3 + _min_grouping(locale)
    return format_decimal(value, locale=locale, decimal_quantization=False, group_separator=grouped)


def _min_grouping(locale: Locale) -> int:
    """CLDR's minimum grouping digits, following CLDR's parent locales (es_MX → es_419).

    >>> _min_grouping(_locale("es")), _min_grouping(_locale("es-MX")), _min_grouping(_locale("fr"))
    (2, 1, 1)
    """
    name = str(locale)
    parents = get_global("parent_exceptions")
    while name:
        if name in _MIN_GROUPING:
            return _MIN_GROUPING[name]
        name = parents.get(name) or (name.rsplit("_", 1)[0] if "_" in name else "")
    return 1


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in ranges)


def localize_spans(text: str, language: str, year: int | None = None) -> list[Span]:
    """Every date and number of ``text``, in order and without overlaps.

    >>> [(s.label, s.target) for s in localize_spans("On March 29, 2021, 1,000 students met.", "es")]
    [('On March 29, 2021', 'El 29 de marzo de 2021'), ('1,000', '1000')]
    """
    dates = find_dates(text, language, year)
    numbers = find_numbers(text, language, taken=[(s.start, s.end) for s in dates])
    return sorted(dates + numbers, key=lambda s: s.start)
