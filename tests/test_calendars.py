"""When birthdays and dated events fall, how old clients turn, and the lunar calendar's names.

Lunar dates below are lunardate's, and agree with the published Chinese calendars:
2025 repeats its 6th month (闰六月, 2025-07-25 to 2025-08-22), 2023 its 2nd (闰二月 from
2023-03-22), and the lunar new year fell on 2025-01-29, 2026-02-17 and 2027-02-06.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crm.calendars import (
    LunarDay,
    age_on,
    birthday_in_year,
    from_lunar,
    lunar_name,
    next_birthday,
    next_occurrence,
    parse_lunar_month_day,
    to_lunar,
)
from crm.model import Birthday, CalendarKind


def solar(month: int, day: int, year: int | None = None) -> Birthday:
    return Birthday(month=month, day=day, year=year)


def lunar(month: int, day: int, year: int | None = None, *, leap: bool = False) -> Birthday:
    return Birthday(month=month, day=day, year=year, calendar=CalendarKind.LUNAR, leap_month=leap)


# --- Solar birthdays ------------------------------------------------------------------------


def test_solar_birthday_later_this_year_is_this_year() -> None:
    assert next_birthday(solar(6, 1), on_or_after=date(2026, 3, 10)) == date(2026, 6, 1)


def test_solar_birthday_today_is_today() -> None:
    assert next_birthday(solar(3, 10), on_or_after=date(2026, 3, 10)) == date(2026, 3, 10)


def test_solar_birthday_already_passed_is_next_year() -> None:
    assert next_birthday(solar(3, 9), on_or_after=date(2026, 3, 10)) == date(2027, 3, 9)


def test_feb_29_birthday_is_celebrated_on_feb_28_in_a_common_year() -> None:
    assert next_birthday(solar(2, 29), on_or_after=date(2026, 1, 1)) == date(2026, 2, 28)


def test_feb_29_birthday_is_celebrated_on_feb_29_in_a_leap_year() -> None:
    assert next_birthday(solar(2, 29), on_or_after=date(2028, 1, 1)) == date(2028, 2, 29)


def test_feb_29_birthday_after_feb_28_of_a_common_year_waits_for_next_year() -> None:
    assert next_birthday(solar(2, 29), on_or_after=date(2027, 3, 1)) == date(2028, 2, 29)


def test_solar_birthday_needs_no_lunar_calendar_after_2100() -> None:
    assert next_birthday(solar(5, 20), on_or_after=date(2150, 6, 1)) == date(2151, 5, 20)


# --- Lunar birthdays ------------------------------------------------------------------------


def test_lunar_birthday_is_celebrated_on_this_lunar_years_solar_date() -> None:
    # 八月十五 of lunar 2026 is 中秋, 2026-09-25.
    assert next_birthday(lunar(8, 15), on_or_after=date(2026, 9, 1)) == date(2026, 9, 25)


def test_lunar_birthday_already_passed_moves_to_next_lunar_year() -> None:
    assert next_birthday(lunar(8, 15), on_or_after=date(2026, 9, 26)) == date(2027, 9, 15)


def test_lunar_birthday_in_la_yue_falls_in_the_next_solar_year() -> None:
    # 腊月廿三 of lunar 2026 comes after the solar year 2026 has ended.
    assert next_birthday(lunar(12, 23), on_or_after=date(2026, 3, 1)) == date(2027, 1, 30)


def test_la_yue_birthday_in_january_is_in_the_lunar_year_still_running() -> None:
    # 2026-01-05 is still lunar 2025 (冬月十七), whose 腊月廿三 is 2026-02-10 — not a year away.
    assert next_birthday(lunar(12, 23), on_or_after=date(2026, 1, 5)) == date(2026, 2, 10)


def test_zheng_yue_birthday_in_january_waits_for_the_lunar_new_year() -> None:
    # On 2026-01-05 lunar 2025's 正月初八 (2025-02-05) is long past; lunar 2026's is next.
    assert next_birthday(lunar(1, 8), on_or_after=date(2026, 1, 5)) == date(2026, 2, 24)


def test_lunar_day_30_is_celebrated_on_day_29_when_the_month_is_short() -> None:
    # The 8th month of lunar 2026 has 29 days: 八月廿九 is 2026-10-09.
    assert next_birthday(lunar(8, 30), on_or_after=date(2026, 9, 1)) == date(2026, 10, 9)


def test_lunar_day_30_is_celebrated_on_day_30_when_the_month_is_long() -> None:
    # The 6th month of lunar 2026 has 30 days.
    assert next_birthday(lunar(6, 30), on_or_after=date(2026, 7, 1)) == from_lunar(2026, 6, 30)


def test_leap_month_birthday_is_celebrated_in_the_leap_month_when_the_year_repeats_it() -> None:
    # 闰六月初十 of 2025 is 2025-08-03; the ordinary 六月初十 was 2025-07-04.
    assert next_birthday(lunar(6, 10, leap=True), on_or_after=date(2025, 7, 1)) == date(2025, 8, 3)


def test_leap_month_birthday_falls_back_to_the_ordinary_month_in_other_years() -> None:
    # Lunar 2026 has no leap month: 六月初十 is 2026-07-23.
    assert next_birthday(lunar(6, 10, leap=True), on_or_after=date(2026, 1, 1)) == date(2026, 7, 23)


def test_ordinary_lunar_birthday_is_never_celebrated_in_the_leap_month() -> None:
    # 六月十五 of 2025 was 2025-07-09; the leap 6th month's 十五 (2025-08-08) is not the birthday.
    assert next_birthday(lunar(6, 15), on_or_after=date(2025, 7, 10)) == date(2026, 7, 28)


def test_leap_month_day_30_is_celebrated_on_day_29_of_a_short_leap_month() -> None:
    # 2025's leap 6th month has 29 days, ending on 2025-08-22.
    assert next_birthday(lunar(6, 30, leap=True), on_or_after=date(2025, 7, 1)) == date(2025, 8, 22)


def test_lunar_birthday_in_lunar_year_2100_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="lunar year 2100 is outside"):
        next_birthday(lunar(8, 15), on_or_after=date(2100, 1, 1))


def test_lunar_birthday_with_month_13_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="a lunar month is 1–12, not 13"):
        next_birthday(lunar(13, 1), on_or_after=date(2026, 1, 1))


def test_birthday_in_year_counts_lunar_years_for_a_lunar_birthday() -> None:
    # 腊月初一 falls twice in solar 2027; each belongs to its own lunar year.
    assert (birthday_in_year(lunar(12, 1), 2026), birthday_in_year(lunar(12, 1), 2027)) == (
        date(2027, 1, 8),
        date(2027, 12, 28),
    )


def test_next_lunar_birthday_is_never_before_the_day_asked_nor_more_than_385_days_away() -> None:
    birthdays = [
        lunar(month, day, leap=leap) for month in (1, 4, 6, 12) for day in (1, 15, 30) for leap in (False, True)
    ]
    days = [date(2025, 1, 1) + timedelta(days=n) for n in range(0, 3 * 365, 7)]

    waits = {(next_birthday(birthday, day) - day).days for birthday in birthdays for day in days}

    assert min(waits) >= 0
    assert max(waits) <= 385


# --- Age ------------------------------------------------------------------------------------


def test_age_counts_solar_birthdays_passed() -> None:
    born = solar(6, 1, 1990)
    assert (age_on(born, date(2026, 5, 31)), age_on(born, date(2026, 6, 1))) == (35, 36)


def test_age_is_unknown_without_a_birth_year() -> None:
    assert age_on(solar(6, 1), date(2026, 6, 1)) is None


def test_age_is_unknown_before_the_birth() -> None:
    assert age_on(solar(6, 1, 2027), date(2026, 6, 1)) is None


def test_leapling_turns_a_year_older_on_feb_28_in_a_common_year() -> None:
    born = solar(2, 29, 2000)
    assert (age_on(born, date(2026, 2, 27)), age_on(born, date(2026, 2, 28))) == (25, 26)


def test_lunar_age_changes_on_the_lunar_birthday_not_on_new_year() -> None:
    # Born 八月十五 of lunar 1990; lunar 2026's 八月十五 is 2026-09-25.
    born = lunar(8, 15, 1990)
    assert [age_on(born, day) for day in (date(2026, 2, 17), date(2026, 9, 24), date(2026, 9, 25))] == [35, 35, 36]


def test_lunar_age_of_a_la_yue_birthday_counts_the_lunar_year_still_running() -> None:
    # Born 腊月廿三 of lunar 1990 (January 1991); lunar 2025's 腊月廿三 is 2026-02-10.
    born = lunar(12, 23, 1990)
    assert (age_on(born, date(2026, 2, 9)), age_on(born, date(2026, 2, 10))) == (34, 35)


# --- Solar ↔ lunar --------------------------------------------------------------------------


def test_to_lunar_reads_a_day_of_a_leap_month() -> None:
    assert to_lunar(date(2025, 8, 1)) == LunarDay(2025, 6, 8, leap=True)


def test_2023_repeats_its_second_month() -> None:
    assert from_lunar(2023, 2, 1, leap=True) == date(2023, 3, 22)


def test_solar_and_lunar_days_round_trip_through_several_years() -> None:
    days = [date(2022, 12, 1) + timedelta(days=n) for n in range(5 * 365)]
    assert [from_lunar(l.year, l.month, l.day, l.leap) for l in map(to_lunar, days)] == days


def test_lunar_calendar_ends_on_2100_02_08() -> None:
    assert to_lunar(date(2100, 2, 8)) == LunarDay(2099, 12, 30)


@pytest.mark.parametrize("day", [date(1900, 1, 30), date(2100, 2, 9)])
def test_solar_day_outside_lunardates_range_is_refused_instead_of_misread(day: date) -> None:
    with pytest.raises(ValueError, match="has no lunar date here"):
        to_lunar(day)


@pytest.mark.parametrize(
    ("year", "month", "day", "leap", "message"),
    [
        (2025, 4, 8, True, r"lunar year 2025 has no leap 4th month \(its leap month is the 6th\)"),
        (2026, 6, 1, True, r"lunar year 2026 has no leap 6th month \(it has no leap month\)"),
        (2026, 1, 31, False, "a lunar day is 1–30, not 31"),
        (2026, 13, 1, False, "a lunar month is 1–12, not 13"),
        (2026, 8, 30, False, "the 8th month of lunar 2026 has only 29 days"),
        (2025, 6, 30, True, "the leap 6th month of lunar 2025 has only 29 days"),
        (1899, 1, 1, False, "lunar year 1899 is outside the years lunardate knows"),
    ],
)
def test_impossible_lunar_date_is_refused_with_the_reason(
    year: int, month: int, day: int, leap: bool, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        from_lunar(year, month, day, leap)


# --- Lunar names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "day", "leap", "script", "name"),
    [
        (8, 15, False, "zh-Hans", "八月十五"),
        (1, 8, False, "zh-Hans", "正月初八"),
        (12, 23, False, "zh-Hans", "腊月廿三"),
        (12, 23, False, "zh-Hant", "臘月廿三"),
        (11, 2, False, "zh-Hans", "冬月初二"),
        (10, 18, False, "zh-Hans", "十月十八"),
        (2, 10, False, "zh-Hans", "二月初十"),
        (6, 20, False, "zh-Hans", "六月二十"),
        (3, 30, False, "zh-Hans", "三月三十"),
        (4, 8, True, "zh-Hans", "闰四月初八"),
        (4, 8, True, "zh-Hant", "閏四月初八"),
    ],
)
def test_lunar_day_has_its_traditional_name(month: int, day: int, leap: bool, script: str, name: str) -> None:
    assert lunar_name(month, day, leap=leap, script=script) == name


@pytest.mark.parametrize(("script", "name"), [("zh-Hans", "农历闰四月初八"), ("zh-Hant", "農曆閏四月初八")])
def test_marked_lunar_name_says_it_is_lunar(script: str, name: str) -> None:
    assert lunar_name(4, 8, leap=True, script=script, marked=True) == name


def test_lunar_name_refuses_an_unknown_script() -> None:
    with pytest.raises(ValueError, match="script must be one of zh-Hans, zh-Hant"):
        lunar_name(8, 15, script="en")


def test_lunar_name_refuses_day_31() -> None:
    with pytest.raises(ValueError, match="a lunar day is 1–30, not 31"):
        lunar_name(8, 31)


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
@pytest.mark.parametrize("marked", [False, True])
def test_every_lunar_name_reads_back_to_its_month_and_day(script: str, marked: bool) -> None:
    every = [(month, day, leap) for month in range(1, 13) for day in range(1, 31) for leap in (False, True)]
    names = [lunar_name(month, day, leap=leap, script=script, marked=marked) for month, day, leap in every]

    assert [parse_lunar_month_day(name) for name in names] == every


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("正月初八", (1, 8, False)),
        ("八月十五", (8, 15, False)),
        ("腊月廿三", (12, 23, False)),
        ("臘月廿三", (12, 23, False)),
        ("闰四月初八", (4, 8, True)),
        ("十月十八", (10, 18, False)),
        ("冬月初二", (11, 2, False)),
        ("十一月初二", (11, 2, False)),
        ("十二月二十三", (12, 23, False)),
        ("元月十五", (1, 15, False)),
        ("八月十五日", (8, 15, False)),
        ("农历八月十五", (8, 15, False)),
        ("農曆閏四月初八", (4, 8, True)),
        ("农历 8月15", (8, 15, False)),
        ("阴历闰6月30日", (6, 30, True)),
    ],
)
def test_lunar_month_day_is_read_from_how_people_write_it(text: str, expected: tuple[int, int, bool]) -> None:
    assert parse_lunar_month_day(text) == expected


@pytest.mark.parametrize(
    "text",
    ["8月15", "2026-08-15", "三月三十一", "十三月初一", "农历13月1", "农历8月31", "八月", "八月十五号码", "", "mid autumn"],
)
def test_text_that_is_not_a_lunar_month_day_is_not_read_as_one(text: str) -> None:
    assert parse_lunar_month_day(text) is None


# --- Dated events ---------------------------------------------------------------------------


def test_one_off_event_ahead_is_on_its_date() -> None:
    assert next_occurrence(date(2026, 5, 1), yearly=False, on_or_after=date(2026, 3, 10)) == date(2026, 5, 1)


def test_one_off_event_today_is_today() -> None:
    assert next_occurrence(date(2026, 3, 10), yearly=False, on_or_after=date(2026, 3, 10)) == date(2026, 3, 10)


def test_one_off_event_in_the_past_does_not_occur_again() -> None:
    assert next_occurrence(date(2026, 3, 9), yearly=False, on_or_after=date(2026, 3, 10)) is None


def test_yearly_event_still_ahead_this_year_is_this_year() -> None:
    assert next_occurrence(date(2019, 5, 1), yearly=True, on_or_after=date(2026, 3, 10)) == date(2026, 5, 1)


def test_yearly_event_passed_this_year_is_next_year() -> None:
    assert next_occurrence(date(2019, 3, 9), yearly=True, on_or_after=date(2026, 3, 10)) == date(2027, 3, 9)


def test_yearly_event_on_feb_29_recurs_on_feb_28_in_a_common_year() -> None:
    assert next_occurrence(date(2024, 2, 29), yearly=True, on_or_after=date(2026, 1, 1)) == date(2026, 2, 28)


def test_yearly_event_has_no_anniversary_before_it_first_happens() -> None:
    assert next_occurrence(date(2027, 5, 1), yearly=True, on_or_after=date(2026, 3, 10)) == date(2027, 5, 1)
