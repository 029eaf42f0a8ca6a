"""Calendar arithmetic the reader's rules are made of: weeks from Monday, month ends, next occurrences.

All functions take the salesperson's local `today` and return local dates. Lunar
dates go through `lunardate` (a well-kept table of the Chinese calendar,
1900–2099). Never reads the clock.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from lunardate import LunarDate

#: Years `lunardate` can convert; outside them a lunar date has no solar day.
_LUNAR_YEARS = range(1900, 2100)


def monday_of(day: date) -> date:
    """The Monday that starts `day`'s week (weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())


def weekday_in_week(today: date, weeks_ahead: int, weekday: int) -> date:
    """`weekday` (0 = Monday) of the calendar week `weeks_ahead` weeks after today's (下周二, next Tuesday)."""
    return monday_of(today) + timedelta(weeks=weeks_ahead, days=weekday)


def next_weekday(today: date, weekday: int, *, today_counts: bool) -> date:
    """The next `weekday` on or after today; today itself only when `today_counts`."""
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not today_counts:
        ahead = 7
    return today + timedelta(days=ahead)


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the month's end (31 Jan + 1 month → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def first_of_month(today: date, months_ahead: int) -> date:
    return add_months(today.replace(day=1), months_ahead)


def valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def next_month_day(today: date, month: int, day: int) -> date | None:
    """The next `month`/`day` on or after today (29 February waits for a leap year); None if no such day."""
    for year in range(today.year, today.year + 9):
        candidate = valid_date(year, month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def next_day_of_month(today: date, day: int) -> date | None:
    """The next day numbered `day` on or after today, this month or a later one."""
    for months in range(0, 13):
        first = first_of_month(today, months)
        candidate = valid_date(first.year, first.month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def is_lunar_month_day(month: int, day: int) -> bool:
    """Whether a lunar month/day can exist at all (months 1–12, days 1–30)."""
    return 1 <= month <= 12 and 1 <= day <= 30


def lunar_to_solar(year: int, month: int, day: int, *, leap: bool = False) -> date | None:
    """The solar date of a lunar date, or None when that lunar year has no such month.

    A day 30 in a 29-day month falls back to the 29th, the way 除夕 (腊月三十) is
    kept on the last day of the year when 腊月 is short.
    """
    if year not in _LUNAR_YEARS or not is_lunar_month_day(month, day):
        return None
    for candidate_day in (day, 29) if day == 30 else (day,):
        try:
            return LunarDate(year, month, candidate_day, leap).to_solar_date()
        except ValueError:
            continue
    return None


def next_lunar(today: date, month: int, day: int, *, leap: bool = False) -> date | None:
    """The solar date of the next lunar `month`/`day` on or after today.

    A leap-month date (闰四月初八) recurs only in years with that leap month; in
    other years the regular month stands in, as families keep such birthdays.
    """
    this_lunar_year = LunarDate.from_solar_date(today.year, today.month, today.day).year
    for year in range(this_lunar_year, this_lunar_year + 3):
        solar = lunar_to_solar(year, month, day, leap=leap) if leap else None
        if solar is None:
            solar = lunar_to_solar(year, month, day)
        if solar is not None and solar >= today:
            return solar
    return None


def next_lunar_day_of_month(today: date, day: int) -> date | None:
    """The next solar day on or after today whose lunar day of the month is `day` (a bare 初八: this lunar
    month's if it is still ahead, else next month's)."""
    for ahead in range(31):
        candidate = today + timedelta(days=ahead)
        if LunarDate.from_solar_date(candidate.year, candidate.month, candidate.day).day == day:
            return candidate
    return None


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The `n`th `weekday` (Monday = 0) of a month; n = -1 for the last: Thanksgiving, "the first Monday in January"."""
    if n < 0:
        last = last_day_of_month(year, month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def next_nth_weekday(today: date, month: int, weekday: int, n: int) -> date | None:
    """The next `n`th `weekday` of `month` on or after today (this year's, else next year's); None when the
    month has no such day (a fifth Friday)."""
    for year in (today.year, today.year + 1):
        day = nth_weekday(year, month, weekday, n)
        if day.month == month and day >= today:
            return day
    return None
