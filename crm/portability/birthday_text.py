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

from crm.calendars import lunar_name
from crm.model import Birthday, CalendarKind
from crm.understanding import read_birthday as read_from_words

_LUNAR_DIGITS = re.compile(
    r"^(?:(?P<year>\d{4})\s*年\s*)?(?:农历|農曆|农曆|阴历|陰曆|阴曆|旧历|舊曆)\s*"
    r"(?P<leap>闰|閏)?\s*(?P<month>\d{1,2})\s*[月/\-.]\s*(?P<day>\d{1,2})\s*[日号號]?$"
)
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
_YEAR_LAST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_DAY = re.compile(r"^(?:--)?(\d{1,2})[-/.](\d{1,2})$")

#: Years a living client can have been born in; anything else is a typo, not a birthday.
_YEARS = range(1900, 2101)


def read_birthday(text: str) -> Birthday | None:
    """The birthday a cell names, or None when it is not one of the documented forms.

    Spreadsheet shapes (dates with times, compact digits, month-day with dashes or
    dots, US month/day/year, a year in front of a lunar date) are read here; words
    ("March 5", "3月5日", "农历八月十五") are read by the note reader, so the two
    cannot disagree about what a birthday written in words means.
    """
    cleaned = " ".join(unicodedata.normalize("NFKC", text).split()).casefold()
    if not cleaned:
        return None
    return _read_cell(cleaned) or _checked(read_from_words(cleaned))


def birthday_text(birthday: Birthday, *, script: str = "zh-Hans") -> str:
    """How a CSV cell shows `birthday`; `read_birthday` reads it back to the same value."""
    if birthday.calendar is CalendarKind.LUNAR:
        name = lunar_name(birthday.month, birthday.day, leap=birthday.leap_month, script=script, marked=True)
        return f"{birthday.year}年{name}" if birthday.year is not None else name
    if birthday.year is not None:
        return f"{birthday.year:04d}-{birthday.month:02d}-{birthday.day:02d}"
    return f"{birthday.month:02d}-{birthday.day:02d}"


def _read_cell(text: str) -> Birthday | None:
    if match := _YEAR_FIRST.match(text) or _COMPACT.match(text):
        return _solar(match[2], match[3], match[1])
    if match := _YEAR_LAST.match(text):
        return _solar(match[1], match[2], match[3])
    if match := _MONTH_DAY.match(text):
        return _solar(match[1], match[2], None)
    if match := _LUNAR_DIGITS.match(text):
        return _lunar(int(match["month"]), int(match["day"]), match["year"], leap=bool(match["leap"]))
    if (lunar_year := re.match(r"^(\d{4})\s*年\s*(农历|農曆|农曆|阴历|陰曆|阴曆|旧历|舊曆.*)", text)) is not None:
        named = read_from_words(text[lunar_year.end(1) :].lstrip(" 年"))
        if named is not None and named.calendar is CalendarKind.LUNAR:
            return _lunar(named.month, named.day, lunar_year[1], leap=named.leap_month)
    return None


def _checked(birthday: Birthday | None) -> Birthday | None:
    """The note reader's birthday, held to the same year range as a cell's."""
    if birthday is None or (birthday.year is not None and birthday.year not in _YEARS):
        return None
    return birthday


def _lunar(month: int, day: int, year: str | None, *, leap: bool) -> Birthday | None:
    number_year = int(year) if year else None
    if number_year is not None and number_year not in _YEARS or not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    return Birthday(month=month, day=day, year=number_year, calendar=CalendarKind.LUNAR, leap_month=leap)


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
