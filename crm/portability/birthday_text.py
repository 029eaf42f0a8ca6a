"""Birthdays as people type them into spreadsheets, and as Rapport writes them in CSV.

Read (`read_birthday`), in a cell, after NFKC (full-width digits are digits):
- solar with a year: ``1985-03-05``, ``1985/3/5``, ``1985.3.5``, ``19850305``,
  ``1985年3月5日``, ``3/5/1985`` (Excel's US format: month first),
  ``March 5, 1985``, ``5 Mar 1985``; a trailing ``00:00:00`` is ignored;
- solar without a year: ``03-05``, ``3/5``, ``3.5``, ``--03-05``, ``3月5日``
  (``3号`` too), ``March 5``, ``5 March``. Two bare numbers are always
  **month then day**, as in China and the US (``3/5`` is 5 March);
- lunar: ``农历八月十五``, ``阴历正月初八``, ``農曆臘月廿三``, ``农历闰四月初八``,
  ``农历8月15``, optionally after a year (``1985年农历八月十五``).

Written (`birthday_text`) in the forms read back: ``1985-03-05``, ``03-05``,
``农历八月十五`` (``農曆八月十五`` for Traditional readers).

Never guesses: text that is none of these, or names no real day, gives None.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from crm.calendars import lunar_name, parse_lunar_month_day
from crm.model import Birthday, CalendarKind

_LUNAR = re.compile(r"^(?:(?P<year>\d{4})\s*年\s*)?(?P<marker>农历|農曆|农曆|阴历|陰曆|阴曆|旧历|舊曆)\s*(?P<rest>.+)$")
_LUNAR_DIGITS = re.compile(r"^(?P<leap>闰|閏)?\s*(?P<month>\d{1,2})\s*[月/\-.]\s*(?P<day>\d{1,2})\s*[日号號]?$")

_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
_YEAR_LAST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CHINESE = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?$")
_MONTH_DAY = re.compile(r"^(?:--)?(\d{1,2})[-/.](\d{1,2})$")
_NAME_FIRST = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?(?:\s+(\d{4}))?$")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

#: Years a living client can have been born in; anything else is a typo, not a birthday.
_YEARS = range(1900, 2101)


def read_birthday(text: str) -> Birthday | None:
    """The birthday `text` names, or None when it is not one of the documented forms."""
    cleaned = " ".join(unicodedata.normalize("NFKC", text).split()).casefold()
    if not cleaned:
        return None
    lunar = _LUNAR.match(cleaned)
    if lunar:
        return _read_lunar(lunar)
    return _read_solar(cleaned)


def birthday_text(birthday: Birthday, *, script: str = "zh-Hans") -> str:
    """How a CSV cell shows `birthday`; `read_birthday` reads it back to the same value."""
    if birthday.calendar is CalendarKind.LUNAR:
        name = lunar_name(birthday.month, birthday.day, leap=birthday.leap_month, script=script, marked=True)
        return f"{birthday.year}年{name}" if birthday.year is not None else name
    if birthday.year is not None:
        return f"{birthday.year:04d}-{birthday.month:02d}-{birthday.day:02d}"
    return f"{birthday.month:02d}-{birthday.day:02d}"


def _read_lunar(match: re.Match[str]) -> Birthday | None:
    year = int(match["year"]) if match["year"] else None
    if year is not None and year not in _YEARS:
        return None
    parsed = parse_lunar_month_day(match["marker"] + match["rest"])
    if parsed is None:
        digits = _LUNAR_DIGITS.match(match["rest"])
        if digits is None:
            return None
        parsed = (int(digits["month"]), int(digits["day"]), bool(digits["leap"]))
    month, day, leap = parsed
    if not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    return Birthday(month=month, day=day, year=year, calendar=CalendarKind.LUNAR, leap_month=leap)


def _read_solar(text: str) -> Birthday | None:
    if match := _YEAR_FIRST.match(text) or _COMPACT.match(text):
        return _solar(match[2], match[3], match[1])
    if match := _YEAR_LAST.match(text):
        return _solar(match[1], match[2], match[3])
    if match := _CHINESE.match(text):
        return _solar(match[2], match[3], match[1])
    if match := _MONTH_DAY.match(text):
        return _solar(match[1], match[2], None)
    if (match := _NAME_FIRST.match(text)) and match[1] in _MONTHS:
        return _solar(_MONTHS[match[1]], match[2], match[3])
    if (match := _DAY_FIRST.match(text)) and match[2] in _MONTHS:
        return _solar(_MONTHS[match[2]], match[1], match[3])
    return None


def _solar(month: str | int, day: str | int, year: str | None) -> Birthday | None:
    """A solar birthday if the day exists (29 February only in leap years, or with no year)."""
    number_year = int(year) if year else None
    if number_year is not None and number_year not in _YEARS:
        return None
    try:
        date(number_year or 2000, int(month), int(day))
    except ValueError:
        return None
    return Birthday(month=int(month), day=int(day), year=number_year)
