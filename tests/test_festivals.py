"""Which festivals fall in the days ahead, so the salesperson can greet their clients."""

from __future__ import annotations

from datetime import date

import pytest

from crm.festivals import LUNAR_FESTIVALS, SOLAR_HOLIDAYS, Festival, festivals_between


def lunar_festivals_of(year: int) -> list[tuple[str, date]]:
    return [(festival.key, festival.date) for festival in festivals_between(date(year, 1, 1), date(year, 12, 31))]


# The dates printed in Chinese calendars (万年历) for these years; lunardate agrees.
@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2024,
            [
                ("spring_festival", date(2024, 2, 10)),
                ("lantern", date(2024, 2, 24)),
                ("dragon_boat", date(2024, 6, 10)),
                ("mid_autumn", date(2024, 9, 17)),
                ("double_ninth", date(2024, 10, 11)),
            ],
        ),
        (
            2025,
            [
                ("spring_festival", date(2025, 1, 29)),
                ("lantern", date(2025, 2, 12)),
                ("dragon_boat", date(2025, 5, 31)),
                ("mid_autumn", date(2025, 10, 6)),
                ("double_ninth", date(2025, 10, 29)),
            ],
        ),
        (
            2026,
            [
                ("spring_festival", date(2026, 2, 17)),
                ("lantern", date(2026, 3, 3)),
                ("dragon_boat", date(2026, 6, 19)),
                ("mid_autumn", date(2026, 9, 25)),
                ("double_ninth", date(2026, 10, 18)),
            ],
        ),
        (
            2027,
            [
                ("spring_festival", date(2027, 2, 6)),
                ("lantern", date(2027, 2, 20)),
                ("dragon_boat", date(2027, 6, 9)),
                ("mid_autumn", date(2027, 9, 15)),
                ("double_ninth", date(2027, 10, 8)),
            ],
        ),
    ],
)
def test_lunar_festivals_fall_on_their_published_dates(year: int, expected: list[tuple[str, date]]) -> None:
    assert lunar_festivals_of(year) == expected


def test_dragon_boat_is_in_the_ordinary_fifth_month_when_the_year_repeats_it() -> None:
    # 2009 had a leap 5th month (闰五月); 端午 was 28 May, not a month later.
    assert ("dragon_boat", date(2009, 5, 28)) in lunar_festivals_of(2009)


def test_festivals_across_the_year_end_come_in_date_order() -> None:
    found = festivals_between(
        date(2026, 12, 20), date(2027, 3, 1), solar_holidays=["valentines", "new_year", "christmas"]
    )

    assert found == [
        Festival("christmas", date(2026, 12, 25), lunar=False),
        Festival("new_year", date(2027, 1, 1), lunar=False),
        Festival("spring_festival", date(2027, 2, 6), lunar=True),
        Festival("valentines", date(2027, 2, 14), lunar=False),
        Festival("lantern", date(2027, 2, 20), lunar=True),
    ]


def test_solar_holidays_are_left_out_unless_chosen() -> None:
    assert festivals_between(date(2026, 12, 20), date(2027, 1, 10)) == []


def test_range_includes_its_first_and_last_day() -> None:
    found = festivals_between(date(2026, 9, 25), date(2026, 10, 1), solar_holidays=["national_day"])

    assert [festival.key for festival in found] == ["mid_autumn", "national_day"]


def test_mid_autumn_and_national_day_on_the_same_day_are_both_listed() -> None:
    # 2020-10-01 was both 中秋 and 国庆.
    found = festivals_between(date(2020, 10, 1), date(2020, 10, 1), solar_holidays=["national_day"])

    assert [(festival.key, festival.date) for festival in found] == [
        ("mid_autumn", date(2020, 10, 1)),
        ("national_day", date(2020, 10, 1)),
    ]


def test_range_that_ends_before_it_starts_has_no_festivals() -> None:
    assert festivals_between(date(2026, 9, 26), date(2026, 9, 24)) == []


def test_unknown_solar_holiday_is_refused_not_silently_skipped() -> None:
    with pytest.raises(ValueError, match="unknown solar holiday labor_day; the choices are new_year"):
        festivals_between(date(2026, 5, 1), date(2026, 5, 3), solar_holidays=["labor_day"])


def test_range_beyond_the_lunar_calendar_is_refused() -> None:
    with pytest.raises(ValueError, match="2100-02-09 has no lunar date here"):
        festivals_between(date(2100, 2, 1), date(2100, 2, 9))


def test_settings_can_list_every_festival_and_holiday_by_key() -> None:
    assert (list(LUNAR_FESTIVALS), list(SOLAR_HOLIDAYS)) == (
        ["spring_festival", "lantern", "dragon_boat", "mid_autumn", "double_ninth"],
        [
            "new_year",
            "valentines",
            "womens_day",
            "labour_day",
            "childrens_day",
            "teachers_day",
            "national_day",
            "christmas",
        ],
    )


def test_festival_tables_cannot_be_changed_by_a_caller() -> None:
    with pytest.raises(TypeError):
        SOLAR_HOLIDAYS["christmas"] = (12, 24)  # type: ignore[index]
