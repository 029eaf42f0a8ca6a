"""Calendar arithmetic: when birthdays and dated events next fall, and the Chinese lunar calendar.

Reminders, visit plans, client cards and calendar exports all ask the same questions — when is
this client's birthday next celebrated, how old do they turn, what is this lunar date called —
and must get the same answers, so the answers live here and only here.

Pure functions: no I/O and no clock. "Today" is always an argument; this module must never
call ``date.today()`` or ``LunarDate.today()``.

When a birthday is celebrated (each rule has a test):

- Solar 29 February is celebrated on 28 February in years without a 29 February.
- A lunar birthday is celebrated on the solar date its lunar month and day fall on in each
  lunar year. A lunar year begins at the lunar new year (21 January–20 February), so a 腊月
  (12th month) birthday of lunar year Y falls in January or February of solar year Y+1, and
  in early January the lunar year still running is last year's.
- Lunar day 30 is celebrated on day 29 in years where that month has only 29 days.
- A leap-month (闰月) birthday is celebrated in the leap month in years that repeat that
  month, and otherwise in the ordinary month of the same number.
- An ordinary lunar birthday is celebrated in the ordinary month, never in a leap month of
  the same number.

Age (`age_on`) counts birthdays passed: a solar birthday counts solar years, a lunar birthday
counts lunar years from the lunar birth year, so a lunar-born client turns a year older on the
lunar birthday (not on 1 January, and not at the lunar new year as 虚岁 would).

Range: lunardate knows lunar years 1900–2099, which are the solar days 1900-01-31 to
2100-02-08. Lunar questions outside them raise ValueError; lunardate itself answers a solar
date outside them with a nonsense lunar date (``LunarDate(1900, 1, 0)``) instead of an error.
Solar-only questions (solar birthdays, events) have no such limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from lunardate import LunarDate

from crm.model import Birthday, CalendarKind

FIRST_LUNAR_YEAR = 1900
LAST_LUNAR_YEAR = 2099
#: The solar days of lunar 1900-01-01 and lunar 2099-12-30: the span lunardate can convert.
FIRST_LUNAR_DAY = date(1900, 1, 31)
LAST_LUNAR_DAY = date(2100, 2, 8)

_MONTH_NAMES = "正月 二月 三月 四月 五月 六月 七月 八月 九月 十月 冬月 腊月".split()
_DAY_NAMES = (
    "初一 初二 初三 初四 初五 初六 初七 初八 初九 初十 "
    "十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 "
    "廿一 廿二 廿三 廿四 廿五 廿六 廿七 廿八 廿九 三十"
).split()
_SCRIPTS = ("zh-Hans", "zh-Hant")
_TRADITIONAL = str.maketrans({"腊": "臘", "闰": "閏", "农": "農", "历": "曆"})

#: Every way of writing a month or day that `parse_lunar_month_day` accepts: the names
#: `lunar_name` writes in either script, plus the plain numbered forms people also type
#: (一月, 十一月, 十二月, 二十一 …) and 元月 for 正月.
_NUMERALS = "一 二 三 四 五 六 七 八 九 十 十一 十二".split()
_MONTH_WORDS: dict[str, int] = (
    {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
    | {numeral + "月": number for number, numeral in enumerate(_NUMERALS, start=1)}
    | {"元月": 1, "臘月": 12}
)
_DAY_WORDS: dict[str, int] = {name: number for number, name in enumerate(_DAY_NAMES, start=1)} | {
    "二十" + name.removeprefix("廿"): number
    for number, name in enumerate(_DAY_NAMES, start=1)
    if name.startswith("廿")
}


def _alternatives(words: dict[str, int]) -> str:
    # Longest first, so that 二十一 is tried before its prefix 二十.
    return "|".join(sorted(words, key=len, reverse=True))


#: 农历 / 農曆 / 阴历 / 陰曆 / 旧历 / 舊曆 (and their mixed-script spellings) say "lunar".
_MARKER = re.compile(r"^[农農阴陰旧舊][历曆歷]")
_NAMED = re.compile(
    rf"^(?P<leap>[闰閏])?(?P<month>{_alternatives(_MONTH_WORDS)})(?P<day>{_alternatives(_DAY_WORDS)})日?$"
)
_NUMBERED = re.compile(r"^(?P<leap>[闰閏])?(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号號]?$")


@dataclass(frozen=True, slots=True)
class LunarDay:
    """A day of the Chinese lunar calendar; `leap` marks a day of a leap month (闰月)."""

    year: int
    month: int
    day: int
    leap: bool = False


@lru_cache(maxsize=1024)
def to_lunar(d: date) -> LunarDay:
    """The lunar day that solar day `d` is; ValueError outside 1900-01-31 … 2100-02-08.

    Cached: the digest and visit ranking ask for the same few days (today, mostly) once
    per lunar birthday, and lunardate walks the calendar year by year for each answer.
    """
    if not FIRST_LUNAR_DAY <= d <= LAST_LUNAR_DAY:
        raise ValueError(
            f"{d.isoformat()} has no lunar date here: lunardate covers {FIRST_LUNAR_DAY.isoformat()} "
            f"to {LAST_LUNAR_DAY.isoformat()} (lunar years {FIRST_LUNAR_YEAR}–{LAST_LUNAR_YEAR})"
        )
    lunar = LunarDate.from_solar_date(d.year, d.month, d.day)
    return LunarDay(lunar.year, lunar.month, lunar.day, lunar.is_leap_month)


def from_lunar(year: int, month: int, day: int, leap: bool = False) -> date:
    """The solar day of a lunar date, or ValueError saying why that lunar date does not exist."""
    _check_month_day(month, day)
    actual = _leap_month(year)
    if leap and actual != month:
        has = f"its leap month is the {_ordinal(actual)}" if actual else "it has no leap month"
        raise ValueError(f"lunar year {year} has no leap {_ordinal(month)} month ({has})")
    if day > _month_days(year, month, leap):
        raise ValueError(f"the {'leap ' if leap else ''}{_ordinal(month)} month of lunar {year} has only 29 days")
    return LunarDate(year, month, day, leap).to_solar_date()


def birthday_in_year(birthday: Birthday, year: int) -> date:
    """The solar day `birthday` is celebrated on in `year` of its own calendar.

    The year is a solar year for a solar birthday and a lunar year for a lunar one: a solar
    year can hold two celebrations of a lunar birthday (腊月初一 fell on 2027-01-08 and falls
    again on 2027-12-28) or none, so "the lunar birthday in solar year Y" is not one day.
    """
    if birthday.calendar is CalendarKind.SOLAR:
        return _solar_anniversary(birthday.month, birthday.day, year)
    return _lunar_anniversary(birthday.month, birthday.day, birthday.leap_month, year)


@lru_cache(maxsize=4096)
def _lunar_anniversary(month: int, day: int, leap_month: bool, year: int) -> date:
    """`birthday_in_year` for a lunar birthday; cached, as only a few hundred month-days × years occur.

    Without the cache, two lunardate conversions per lunar birthday were a fifth of /today.
    """
    _check_month_day(month, day)
    in_leap = leap_month and _leap_month(year) == month
    return from_lunar(year, month, min(day, _month_days(year, month, in_leap)), in_leap)


def next_birthday(birthday: Birthday, on_or_after: date) -> date:
    """The first solar day on or after `on_or_after` on which `birthday` is celebrated."""
    year = _year_of(birthday, on_or_after)
    this_year = birthday_in_year(birthday, year)
    return this_year if this_year >= on_or_after else birthday_in_year(birthday, year + 1)


def age_on(birthday: Birthday, on: date) -> int | None:
    """Whole years of age on `on`; None when the birth year is unknown or `on` precedes the birth."""
    if birthday.year is None:
        return None
    year = _year_of(birthday, on)
    age = year - birthday.year - (1 if on < birthday_in_year(birthday, year) else 0)
    return age if age >= 0 else None


def next_occurrence(d: date, *, yearly: bool, on_or_after: date) -> date | None:
    """When a dated event next happens on or after `on_or_after`; None for a one-off in the past.

    A yearly event first happens on its own date, so it has no anniversaries before it; after
    that it recurs on the same solar month and day (29 February on 28 February in common years).
    """
    if d >= on_or_after:
        return d
    if not yearly:
        return None
    this_year = _solar_anniversary(d.month, d.day, on_or_after.year)
    return this_year if this_year >= on_or_after else _solar_anniversary(d.month, d.day, on_or_after.year + 1)


def lunar_name(month: int, day: int, *, leap: bool = False, script: str = "zh-Hans", marked: bool = False) -> str:
    """The traditional name of a lunar month-day: 八月十五, 正月初八, 腊月廿三 (臘月廿三), 闰四月初八.

    `marked` puts 农历 (農曆) in front, for a name standing alone (a CSV cell, a calendar
    entry) where nothing else says it is lunar; sentences from the locales add their own.
    """
    if script not in _SCRIPTS:
        raise ValueError(f"script must be one of {', '.join(_SCRIPTS)}, not {script!r}")
    _check_month_day(month, day)
    name = ("农历" if marked else "") + ("闰" if leap else "") + _MONTH_NAMES[month - 1] + _DAY_NAMES[day - 1]
    return name.translate(_TRADITIONAL) if script == "zh-Hant" else name


def parse_lunar_month_day(text: str) -> tuple[int, int, bool] | None:
    """(month, day, leap) from a lunar month-day name, or None when `text` is not one.

    Reads what `lunar_name` writes in either script, the numbered month names (一月, 十二月),
    二十一 for 廿一, an optional trailing 日, and an optional 农历/農曆/阴历 marker. Digits
    (农历8月15) are read only after such a marker: without it 8月15 is a solar date.
    """
    compact = "".join(text.split())
    marked = _MARKER.match(compact)
    if marked:
        compact = compact[marked.end():]
    if named := _NAMED.match(compact):
        return _MONTH_WORDS[named["month"]], _DAY_WORDS[named["day"]], named["leap"] is not None
    if marked and (numbered := _NUMBERED.match(compact)):
        month, day = int(numbered["month"]), int(numbered["day"])
        if 1 <= month <= 12 and 1 <= day <= 30:
            return month, day, numbered["leap"] is not None
    return None


def _year_of(birthday: Birthday, d: date) -> int:
    """The year `d` belongs to in the birthday's calendar (the lunar year runs new year to new year)."""
    return to_lunar(d).year if birthday.calendar is CalendarKind.LUNAR else d.year


def _solar_anniversary(month: int, day: int, year: int) -> date:
    # 29 February is kept on the last day of February in common years.
    if (month, day) == (2, 29) and not _is_leap_year(year):
        return date(year, 2, 28)
    return date(year, month, day)


def _is_leap_year(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _check_month_day(month: int, day: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"a lunar month is 1–12, not {month}")
    if not 1 <= day <= 30:
        raise ValueError(f"a lunar day is 1–30, not {day}")


def _leap_month(year: int) -> int | None:
    """The month number lunar `year` repeats as a leap month, or None; checks the year is known."""
    if not FIRST_LUNAR_YEAR <= year <= LAST_LUNAR_YEAR:
        raise ValueError(
            f"lunar year {year} is outside the years lunardate knows ({FIRST_LUNAR_YEAR}–{LAST_LUNAR_YEAR})"
        )
    return LunarDate.leap_month_for_year(year)


def _month_days(year: int, month: int, leap: bool) -> int:
    """29 or 30: how long a lunar month is that the caller has checked exists."""
    # lunardate has no month-length call, but it refuses day 30 of a 29-day month; with the
    # year and month known to exist, that refusal is the only ValueError it can raise.
    try:
        LunarDate(year, month, 30, leap).to_solar_date()
    except ValueError:
        return 29
    return 30


def _ordinal(number: int) -> str:
    suffix = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
