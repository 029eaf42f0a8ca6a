"""The calendar export: birthdays, events and follow-ups that phone calendars accept."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import cast
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar.cal import Component
from dateutil.rrule import rrulestr
from lunardate import LunarDate

from crm.model import Birthday, BookContents, CalendarKind, Event, FollowUp
from crm.portability import export_ics
from tests.portability.builders import NOW, SHANGHAI, TODAY, a_client


def exported(contents: BookContents, language: str = "zh-Hans") -> bytes:
    return export_ics(contents, owner_timezone=SHANGHAI, today=TODAY, language=language)


def entries(contents: BookContents, language: str = "zh-Hans") -> list[Component]:
    return list(Calendar.from_ical(exported(contents, language)).walk("VEVENT"))


def only_entry(contents: BookContents, language: str = "zh-Hans") -> Component:
    (entry,) = entries(contents, language)
    return entry


def with_client(birthday: Birthday | None = None) -> BookContents:
    return BookContents(clients=[a_client(id=7, birthday=birthday)])


def with_followup(followup: FollowUp) -> BookContents:
    return BookContents(clients=[a_client(id=7)], followups=[followup])


def test_file_is_a_calendar_with_prodid_and_version() -> None:
    calendar = Calendar.from_ical(exported(with_client()))
    assert (str(calendar["PRODID"]), str(calendar["VERSION"])) == ("-//Rapport//Rapport book export//EN", "2.0")


def test_solar_birthday_is_a_yearly_all_day_event_from_this_year() -> None:
    entry = only_entry(with_client(birthday=Birthday(3, 5, 1985)))
    assert (entry.decoded("DTSTART"), entry.decoded("DTEND"), entry["RRULE"].to_ical(), str(entry["UID"])) == (
        date(2026, 3, 5),
        date(2026, 3, 6),
        b"FREQ=YEARLY",
        "birthday-7@rapport",
    )


def test_birthday_summary_is_in_the_salespersons_language() -> None:
    contents = with_client(birthday=Birthday(3, 5))
    summaries = [str(only_entry(contents, language)["SUMMARY"]) for language in ("en", "zh-Hans")]
    assert summaries == ["🎂 张伟's birthday", "🎂 张伟的生日"]


def test_leap_day_birthday_falls_on_the_29th_in_leap_years_and_the_28th_otherwise() -> None:
    entry = only_entry(with_client(birthday=Birthday(2, 29)))
    start = datetime.combine(entry.decoded("DTSTART"), time(0))
    rule = rrulestr(cast(bytes, entry["RRULE"].to_ical()).decode(), dtstart=start)
    assert [moment.date() for moment in rule[:3]] == [date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29)]


def test_lunar_birthday_is_the_next_ten_solar_dates_it_falls_on() -> None:
    contents = with_client(birthday=Birthday(8, 15, calendar=CalendarKind.LUNAR))
    found = [entry.decoded("DTSTART") for entry in entries(contents)]
    assert found == [LunarDate(year, 8, 15).to_solar_date() for year in range(2026, 2036)]


def test_lunar_birthday_occurrences_do_not_repeat_and_have_their_own_uids() -> None:
    found = entries(with_client(birthday=Birthday(8, 15, calendar=CalendarKind.LUNAR)))
    assert str(found[0]["UID"]) == "birthday-7-20260925@rapport" and "RRULE" not in found[0]
    assert len({str(entry["UID"]) for entry in found}) == 10


def test_lunar_birthday_summary_names_the_lunar_date_in_the_readers_script() -> None:
    entry = entries(with_client(birthday=Birthday(12, 23, calendar=CalendarKind.LUNAR)), "zh-Hant")[0]
    assert str(entry["SUMMARY"]) == "🎂 张伟的生日（農曆臘月廿三）"


def test_timed_followup_is_at_local_time_with_its_timezone_defined() -> None:
    calendar = Calendar.from_ical(exported(with_followup(FollowUp(1, 7, date(2026, 3, 4), "回电话", time=time(15, 0)))))
    (entry,) = calendar.walk("VEVENT")
    start = entry.decoded("DTSTART")
    assert (start, entry["DTSTART"].params["TZID"]) == (datetime(2026, 3, 4, 15, tzinfo=ZoneInfo(SHANGHAI)), SHANGHAI)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == [SHANGHAI]


def test_followup_without_a_time_is_an_all_day_entry_with_the_promise_as_summary() -> None:
    entry = only_entry(with_followup(FollowUp(1, 7, date(2026, 3, 4), "送样品")))
    assert (entry.decoded("DTSTART"), str(entry["SUMMARY"]), str(entry["UID"])) == (
        date(2026, 3, 4),
        "📌 张伟：送样品",
        "followup-1@rapport",
    )


def test_done_followups_are_left_out() -> None:
    done = FollowUp(1, 7, date(2026, 3, 4), "回电话", done_at=NOW)
    assert entries(with_followup(done)) == []


def test_yearly_event_repeats_from_its_first_date() -> None:
    opening = Event(4, 7, date(2019, 5, 18), "开业纪念日", yearly=True, text="第一家店")
    entry = only_entry(BookContents(clients=[a_client(id=7)], events=[opening]))
    assert (entry.decoded("DTSTART"), entry["RRULE"].to_ical(), str(entry["DESCRIPTION"])) == (
        date(2019, 5, 18),
        b"FREQ=YEARLY",
        "第一家店",
    )


def test_one_off_timed_event_does_not_repeat() -> None:
    exam = Event(5, 7, date(2026, 6, 7), "高考", time=time(9, 0))
    entry = only_entry(BookContents(clients=[a_client(id=7)], events=[exam]))
    assert "RRULE" not in entry and entry.decoded("DTSTART") == datetime(2026, 6, 7, 9, 0, tzinfo=ZoneInfo(SHANGHAI))


def test_every_entry_has_a_utc_timestamp() -> None:
    entry = only_entry(with_client(birthday=Birthday(3, 5)))
    assert entry.decoded("DTSTAMP") == datetime(2026, 3, 1, tzinfo=timezone.utc)


def test_lines_end_with_crlf_and_long_lines_are_folded_at_75_octets() -> None:
    data = exported(BookContents(clients=[a_client("欧阳" * 30, id=7, birthday=Birthday(3, 5))]))
    lines = data.split(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)


def test_same_book_gives_the_same_file() -> None:
    contents = with_client(birthday=Birthday(8, 15, calendar=CalendarKind.LUNAR))
    assert exported(contents) == exported(contents)
