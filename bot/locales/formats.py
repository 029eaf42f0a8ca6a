"""Dates and times the way each language writes them ("Tue 24 Nov" / "11月24日（周二）").

The words live in the `dates` catalogs; this module only picks and fills them.
Times are always 24-hour "15:00", which reads naturally in all three languages.
"""

from __future__ import annotations

from datetime import date, time

from bot.locales import Html, catalog, t


def format_date(language: str, day: date, *, today: date | None = None, relative: bool = True) -> Html:
    """A calendar date; "today"/"tomorrow" when `today` is given and it applies."""
    if today is not None and relative:
        offset = (day - today).days
        if offset in (-1, 0, 1):
            word = {-1: "yesterday", 0: "today", 1: "tomorrow"}[offset]
            return t(language, f"dates.{word}")
    words = catalog(language)
    weekday = words["dates.weekdays"].split()[day.weekday()]
    month = words["dates.months"].split()[day.month - 1]
    key = "dates.this_year" if today is None or day.year == today.year else "dates.other_year"
    return t(language, key, weekday=weekday, day=day.day, month=month, year=day.year)


def format_month_day(language: str, month: int, day: int) -> Html:
    month_name = catalog(language)["dates.months"].split()[month - 1]
    return t(language, "dates.month_day", month=month_name, day=day)


def format_time(moment: time) -> str:
    return moment.strftime("%H:%M")


def join_names(language: str, names: list[str]) -> str:
    """A list as each language writes one: 张伟、李娜 / Zhang, Li."""
    return ("、" if language.startswith("zh") else ", ").join(names)
