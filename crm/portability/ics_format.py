"""The book's dates as an iCalendar (.ics) file that phone calendars import.

What goes in:
- solar birthdays: one all-day event repeating yearly (``RRULE:FREQ=YEARLY``);
  29 February repeats on the last day of February (``BYMONTH=2;BYMONTHDAY=-1``),
  so it shows on the 28th in common years instead of vanishing;
- lunar birthdays: their solar date moves every year, which no RRULE can say,
  so the next `LUNAR_OCCURRENCES` are separate all-day events;
- events: all-day, or timed in the salesperson's timezone; yearly ones repeat;
- open follow-ups: all-day, or timed (`TIMED_LENGTH` long) in their timezone.
  Done follow-ups are history, not plans, and are left out.

Timed entries carry ``TZID`` with a matching VTIMEZONE (RFC 5545 3.2.19).
UIDs are stable (``birthday-7@rapport``, ``birthday-7-20251006@rapport``,
``event-3@rapport``, ``followup-12@rapport``), so importing a newer export
updates entries instead of duplicating them. No alarms: Rapport itself reminds.

Never reads the clock: `today` comes in, and DTSTAMP is its midnight (UTC).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from crm.calendars import lunar_name, next_birthday
from crm.model import Birthday, BookContents, CalendarKind, Client, Event, FollowUp

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
LUNAR_OCCURRENCES = 10
TIMED_LENGTH = timedelta(minutes=30)
PRODID = "-//Rapport//Rapport book export//EN"
UID_DOMAIN = "rapport"

#: SUMMARY wording; the calendar file is data the bot sends, not a chat message.
SUMMARIES: dict[str, dict[str, str]] = {
    "en": {
        "birthday": "🎂 {name}'s birthday",
        "lunar_birthday": "🎂 {name}'s birthday ({lunar})",
        "event": "{name}: {label}",
        "followup": "📌 {name}: {text}",
        "calendar": "Rapport",
    },
    "zh-Hans": {
        "birthday": "🎂 {name}的生日",
        "lunar_birthday": "🎂 {name}的生日（{lunar}）",
        "event": "{name}：{label}",
        "followup": "📌 {name}：{text}",
        "calendar": "Rapport 客户",
    },
    "zh-Hant": {
        "birthday": "🎂 {name}的生日",
        "lunar_birthday": "🎂 {name}的生日（{lunar}）",
        "event": "{name}：{label}",
        "followup": "📌 {name}：{text}",
        "calendar": "Rapport 客戶",
    },
}


def export_ics(contents: BookContents, *, owner_timezone: str, today: date, language: str) -> bytes:
    """Birthdays, events and open follow-ups as one VCALENDAR (UTF-8, CRLF, folded lines)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    zone = ZoneInfo(owner_timezone)
    words = SUMMARIES[language]
    script = "zh-Hant" if language == "zh-Hant" else "zh-Hans"
    stamp = datetime.combine(today, time(0), timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", words["calendar"])
    # An item whose client is not in the book (never so in a consistent book)
    # has nobody to name in its summary, so it is left out.
    clients = {client.id: client for client in contents.clients}
    entries: list[CalendarEvent] = []
    for client in contents.clients:
        if client.birthday is not None:
            entries.extend(_birthdays(client, client.birthday, today, words, script))
    for event in contents.events:
        if event.client_id in clients:
            entries.append(_event(event, clients[event.client_id], zone, words))
    for followup in contents.followups:
        if followup.done_at is None and followup.client_id in clients:
            entries.append(_followup(followup, clients[followup.client_id], zone, words))
    for entry in entries:
        entry.add("dtstamp", stamp)
        calendar.add_component(entry)
    _add_timezones(calendar, contents, today)
    data: bytes = calendar.to_ical()
    return data


def _birthdays(
    client: Client, birthday: Birthday, today: date, words: dict[str, str], script: str
) -> Iterator[CalendarEvent]:
    if birthday.calendar is CalendarKind.SOLAR:
        yield _yearly_all_day(
            f"birthday-{client.id}@{UID_DOMAIN}",
            words["birthday"].format(name=client.name),
            _in_year(birthday.month, birthday.day, today.year),
            leap_day=(birthday.month, birthday.day) == (2, 29),
        )
        return
    summary = words["lunar_birthday"].format(
        name=client.name, lunar=lunar_name(birthday.month, birthday.day, leap=birthday.leap_month, script=script, marked=True)
    )
    after = today
    for _ in range(LUNAR_OCCURRENCES):
        day = next_birthday(birthday, after)
        entry = _all_day(f"birthday-{client.id}-{day:%Y%m%d}@{UID_DOMAIN}", summary, day)
        entry.add("transp", "TRANSPARENT")
        yield entry
        after = day + timedelta(days=1)


def _event(event: Event, client: Client, zone: ZoneInfo, words: dict[str, str]) -> CalendarEvent:
    uid = f"event-{event.id}@{UID_DOMAIN}"
    summary = words["event"].format(name=client.name, label=event.label)
    leap_day = (event.date.month, event.date.day) == (2, 29)
    if event.time is not None:
        entry = _timed(uid, summary, datetime.combine(event.date, event.time, zone))
        if event.yearly:
            entry.add("rrule", _yearly_rule(leap_day))
    elif event.yearly:
        entry = _yearly_all_day(uid, summary, event.date, leap_day=leap_day)
    else:
        entry = _all_day(uid, summary, event.date)
    if event.text:
        entry.add("description", event.text)
    return entry


def _followup(followup: FollowUp, client: Client, zone: ZoneInfo, words: dict[str, str]) -> CalendarEvent:
    uid = f"followup-{followup.id}@{UID_DOMAIN}"
    summary = words["followup"].format(name=client.name, text=followup.text)
    if followup.time is None:
        return _all_day(uid, summary, followup.date)
    return _timed(uid, summary, datetime.combine(followup.date, followup.time, zone))


def _all_day(uid: str, summary: str, day: date) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", uid)
    entry.add("summary", summary)
    entry.add("dtstart", day)
    entry.add("dtend", day + timedelta(days=1))
    return entry


def _yearly_all_day(uid: str, summary: str, day: date, *, leap_day: bool) -> CalendarEvent:
    entry = _all_day(uid, summary, day)
    entry.add("rrule", _yearly_rule(leap_day))
    entry.add("transp", "TRANSPARENT")
    return entry


def _yearly_rule(leap_day: bool) -> dict[str, object]:
    """Every year; for 29 February, the last day of February (the 28th in common years)."""
    if leap_day:
        return {"freq": "yearly", "bymonth": 2, "bymonthday": -1}
    return {"freq": "yearly"}


def _timed(uid: str, summary: str, start: datetime) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", uid)
    entry.add("summary", summary)
    entry.add("dtstart", start)
    entry.add("dtend", start + TIMED_LENGTH)
    return entry


def _in_year(month: int, day: int, year: int) -> date:
    """`month`/`day` in `year`; 29 February is the last day of February (the first occurrence of its rule)."""
    if (month, day) == (2, 29):
        return date(year, 3, 1) - timedelta(days=1)
    return date(year, month, day)


def _add_timezones(calendar: Calendar, contents: BookContents, today: date) -> None:
    """VTIMEZONE for every TZID used, covering every timed entry (not only 1970–2038)."""
    days = [event.date for event in contents.events if event.time is not None]
    days += [followup.date for followup in contents.followups if followup.time is not None]
    if days:
        calendar.add_missing_timezones(
            first_date=min(min(days), today) - timedelta(days=366),
            last_date=max(max(days), today) + timedelta(days=366),
        )
