"""Birthdays typed into spreadsheets in the ways people write them, solar and lunar."""

from __future__ import annotations

import pytest

from crm.model import Birthday, CalendarKind
from crm.portability.birthday_text import birthday_text, read_birthday

LUNAR = CalendarKind.LUNAR


@pytest.mark.parametrize(
    "written, birthday",
    [
        ("1985-03-05", Birthday(3, 5, 1985)),
        ("1985/3/5", Birthday(3, 5, 1985)),
        ("1985.3.5", Birthday(3, 5, 1985)),
        ("19850305", Birthday(3, 5, 1985)),
        ("1985-03-05 00:00:00", Birthday(3, 5, 1985)),
        ("3/5/1985", Birthday(3, 5, 1985)),
        ("1985年3月5日", Birthday(3, 5, 1985)),
        ("１９８５年３月５日", Birthday(3, 5, 1985)),
        ("March 5, 1985", Birthday(3, 5, 1985)),
        ("5 Mar 1985", Birthday(3, 5, 1985)),
        ("03-05", Birthday(3, 5)),
        ("3/5", Birthday(3, 5)),
        ("3月5日", Birthday(3, 5)),
        ("3月5号", Birthday(3, 5)),
        ("March 5", Birthday(3, 5)),
        ("Sept 3rd", Birthday(9, 3)),
        ("02-29", Birthday(2, 29)),
        ("农历八月十五", Birthday(8, 15, calendar=LUNAR)),
        ("阴历正月初八", Birthday(1, 8, calendar=LUNAR)),
        ("農曆臘月廿三", Birthday(12, 23, calendar=LUNAR)),
        ("农历闰四月初八", Birthday(4, 8, calendar=LUNAR, leap_month=True)),
        ("农历8月15", Birthday(8, 15, calendar=LUNAR)),
        ("1985年农历八月十五", Birthday(8, 15, 1985, LUNAR)),
    ],
)
def test_documented_birthday_forms_are_understood(written: str, birthday: Birthday) -> None:
    assert read_birthday(written) == birthday


@pytest.mark.parametrize("written", ["13/45", "2023-02-29", "1785-03-05", "next spring", "农历十三月初一", "农历八月三十五"])
def test_text_that_names_no_real_birthday_is_not_guessed(written: str) -> None:
    assert read_birthday(written) is None


@pytest.mark.parametrize(
    "birthday",
    [
        Birthday(3, 5, 1985),
        Birthday(2, 29),
        Birthday(8, 15, calendar=LUNAR),
        Birthday(4, 8, 1990, LUNAR, leap_month=True),
    ],
)
def test_what_rapport_writes_it_reads_back(birthday: Birthday) -> None:
    assert read_birthday(birthday_text(birthday)) == birthday
