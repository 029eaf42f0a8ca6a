"""What is due for a salesperson: birthdays, events, promises, silences, sharing, festivals, time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from crm.model import (
    Birthday,
    BookContents,
    CalendarKind,
    Client,
    ContactFunction,
    Event,
    FollowUp,
    Level,
    Note,
    NoteSource,
    Salesperson,
)
from reminders.due import (
    DueItem,
    DueKind,
    digest_due,
    due_on,
    local_today,
    next_timed_instant,
    timed_followups_due,
)

BEIJING = "Asia/Shanghai"
NEW_YORK = "America/New_York"
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo(BEIJING))
TODAY = date(2026, 3, 10)


def beijing(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(BEIJING))  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def a_salesperson(tz: str = BEIJING, **fields: object) -> Salesperson:
    return Salesperson(user_id=7, timezone=tz, digest_time=time(8, 30), created_at=days_ago(400), **fields)  # type: ignore[arg-type]


def a_client(
    name: str = "张伟",
    *,
    id: int = 1,
    level: Level = Level.FRIEND,
    last_contact: datetime | None = None,
    created: datetime | None = None,
    **fields: object,
) -> Client:
    """A client known for a year; last seen 5 days ago unless told otherwise."""
    return Client(
        id=id,
        name=name,
        level=level,
        level_since=created or days_ago(365),
        created_at=created or days_ago(365),
        last_contact_at=last_contact if last_contact is not None else days_ago(5),
        **fields,  # type: ignore[arg-type]
    )


def a_note(client_id: int = 1, *, id: int = 1, at: datetime = NOW, text: str = "聊了聊近况", **fields: object) -> Note:
    return Note(id=id, client_id=client_id, text=text, at=at, **fields)  # type: ignore[arg-type]


def a_followup(client_id: int = 1, *, id: int = 88, on: date = TODAY, at: time | None = None, done: bool = False) -> FollowUp:
    return FollowUp(id=id, client_id=client_id, date=on, text="送报价单", time=at, done_at=NOW if done else None)


def an_event(client_id: int = 1, *, id: int = 5, on: date, label: str = "女儿高考", yearly: bool = False) -> Event:
    return Event(id=id, client_id=client_id, date=on, label=label, yearly=yearly)


def a_book(*clients: Client, **contents: object) -> BookContents:
    return BookContents(clients=list(clients), **contents)  # type: ignore[arg-type]


def due(book: BookContents, *, now: datetime = NOW, person: Salesperson | None = None, **options: object) -> list[DueItem]:
    return due_on(person or a_salesperson(), book, now=now, **options)  # type: ignore[arg-type]


def of_kind(items: list[DueItem], kind: DueKind) -> list[DueItem]:
    return [item for item in items if item.kind is kind]


def keys(items: list[DueItem]) -> list[str]:
    return [item.key for item in items]


# --- Whose today, and when the digest is due -------------------------------------------------


def test_same_instant_is_a_different_today_in_new_york_and_beijing() -> None:
    instant = utc(2026, 3, 1, 3, 0)  # 22:00 on Feb 28 in New York (UTC−5), 11:00 on Mar 1 in Beijing

    assert (local_today(instant, NEW_YORK), local_today(instant, BEIJING)) == (date(2026, 2, 28), date(2026, 3, 1))


def test_digest_is_not_due_before_the_digest_time() -> None:
    assert digest_due(a_salesperson(), beijing(2026, 3, 10, 8, 29)) is None


def test_digest_of_the_local_day_is_due_from_the_digest_time_on() -> None:
    assert digest_due(a_salesperson(), beijing(2026, 3, 10, 8, 30)) == date(2026, 3, 10)


def test_digest_due_uses_each_salespersons_own_day() -> None:
    instant = utc(2026, 3, 2, 1, 0)  # 09:00 Mar 2 in Beijing; 20:00 Mar 1 in New York

    assert (digest_due(a_salesperson(BEIJING), instant), digest_due(a_salesperson(NEW_YORK), instant)) == (
        date(2026, 3, 2),
        date(2026, 3, 1),
    )


def test_digest_stays_at_0830_local_after_spring_forward() -> None:
    person = a_salesperson(NEW_YORK)

    # Friday before the change, 08:30 EST = 13:30Z; Monday after it, 08:30 EDT = 12:30Z.
    assert digest_due(person, utc(2026, 3, 6, 13, 30)) == date(2026, 3, 6)
    assert digest_due(person, utc(2026, 3, 9, 12, 29)) is None
    assert digest_due(person, utc(2026, 3, 9, 12, 30)) == date(2026, 3, 9)


def test_digest_stays_at_0830_local_after_fall_back() -> None:
    person = a_salesperson(NEW_YORK)

    assert digest_due(person, utc(2026, 10, 30, 12, 30)) == date(2026, 10, 30)  # 08:30 EDT
    assert digest_due(person, utc(2026, 11, 2, 13, 29)) is None  # 08:29 EST
    assert digest_due(person, utc(2026, 11, 2, 13, 30)) == date(2026, 11, 2)


# --- Timed follow-ups (pushes) ---------------------------------------------------------------


def test_timed_followup_is_due_at_its_minute_in_the_salespersons_timezone() -> None:
    book = a_book(a_client(), followups=[a_followup(at=time(15, 0))])  # 15:00 Beijing = 07:00Z

    pushed = timed_followups_due(book, tz=BEIJING, after=utc(2026, 3, 10, 6, 59), until=utc(2026, 3, 10, 7, 0))

    assert [(item.kind, item.at) for item in pushed] == [(DueKind.FOLLOWUP, utc(2026, 3, 10, 7, 0))]


def test_timed_followup_already_pushed_is_not_due_again_in_the_next_window() -> None:
    book = a_book(a_client(), followups=[a_followup(at=time(15, 0))])

    assert timed_followups_due(book, tz=BEIJING, after=utc(2026, 3, 10, 7, 0), until=utc(2026, 3, 10, 7, 5)) == []


def test_done_timed_followup_is_not_pushed() -> None:
    book = a_book(a_client(), followups=[a_followup(at=time(15, 0), done=True)])

    assert timed_followups_due(book, tz=BEIJING, after=None, until=utc(2026, 3, 11)) == []


def test_followup_without_a_time_is_never_pushed() -> None:
    book = a_book(a_client(), followups=[a_followup(at=None)])

    assert timed_followups_due(book, tz=BEIJING, after=None, until=utc(2026, 3, 11)) == []


def test_pushes_missed_while_down_are_found_when_looking_from_the_start() -> None:
    book = a_book(a_client(), followups=[a_followup(id=1, on=date(2026, 3, 8), at=time(9, 0)),
                                         a_followup(id=2, on=date(2026, 3, 9), at=time(9, 0))])

    pushed = timed_followups_due(book, tz=BEIJING, after=None, until=utc(2026, 3, 10))

    assert [item.values["followup_id"] for item in pushed] == [1, 2]


def test_rescheduled_followup_gets_a_new_push_key() -> None:
    before = timed_followups_due(a_book(a_client(), followups=[a_followup(at=time(15, 0))]),
                                 tz=BEIJING, after=None, until=utc(2026, 3, 11))
    after = timed_followups_due(a_book(a_client(), followups=[a_followup(at=time(16, 0))]),
                                tz=BEIJING, after=None, until=utc(2026, 3, 11))

    assert keys(before) == ["followup_at:88:2026-03-10T07:00Z"] and keys(after) == ["followup_at:88:2026-03-10T08:00Z"]


def test_timed_followup_in_the_spring_forward_gap_goes_out_an_hour_later() -> None:
    # 02:30 does not exist in New York on 2026-03-08; the push goes at 03:30 EDT (07:30Z).
    book = a_book(a_client(), followups=[a_followup(on=date(2026, 3, 8), at=time(2, 30))])

    [pushed] = timed_followups_due(book, tz=NEW_YORK, after=None, until=utc(2026, 3, 9))

    assert pushed.at == utc(2026, 3, 8, 7, 30)
    assert pushed.at.astimezone(ZoneInfo(NEW_YORK)).time() == time(3, 30)


def test_timed_followup_at_a_time_that_happens_twice_goes_out_the_first_time() -> None:
    # 01:30 happens twice in New York on 2026-11-01: first in EDT (05:30Z), then in EST.
    book = a_book(a_client(), followups=[a_followup(on=date(2026, 11, 1), at=time(1, 30))])

    [pushed] = timed_followups_due(book, tz=NEW_YORK, after=None, until=utc(2026, 11, 2))

    assert pushed.at == utc(2026, 11, 1, 5, 30)


def test_next_timed_instant_is_the_earliest_pending_push_after_now() -> None:
    book = a_book(a_client(), followups=[
        a_followup(id=1, at=time(8, 0)),  # already past at NOW
        a_followup(id=2, at=time(17, 0)),
        a_followup(id=3, at=time(11, 0)),
        a_followup(id=4, at=time(10, 0), done=True),
    ])

    assert next_timed_instant(book, tz=BEIJING, after=NOW) == beijing(2026, 3, 10, 11, 0)


def test_next_timed_instant_is_none_when_nothing_is_pending() -> None:
    book = a_book(a_client(), followups=[a_followup(at=None), a_followup(id=2, at=time(8, 0))])

    assert next_timed_instant(book, tz=BEIJING, after=NOW) is None


# --- Birthdays --------------------------------------------------------------------------------


def test_birthday_today_is_due() -> None:
    items = due(a_book(a_client(birthday=Birthday(month=3, day=10))))

    assert keys(of_kind(items, DueKind.BIRTHDAY)) == ["birthday:1:2026-03-10"]


def test_birthday_three_days_ahead_is_due_to_prepare_a_gift() -> None:
    [soon] = of_kind(due(a_book(a_client(birthday=Birthday(month=3, day=13)))), DueKind.BIRTHDAY_SOON)

    assert (soon.key, soon.values["days"]) == ("birthday_soon:1:2026-03-13", 3)


def test_birthday_four_days_ahead_is_not_due_yet() -> None:
    items = due(a_book(a_client(birthday=Birthday(month=3, day=14))))

    assert of_kind(items, DueKind.BIRTHDAY_SOON) == [] and of_kind(items, DueKind.BIRTHDAY) == []


def test_days_ahead_setting_widens_the_gift_window() -> None:
    items = due(a_book(a_client(birthday=Birthday(month=3, day=17))), person=a_salesperson(days_ahead=7))

    assert keys(of_kind(items, DueKind.BIRTHDAY_SOON)) == ["birthday_soon:1:2026-03-17"]


def test_lunar_birthday_is_on_this_years_solar_date() -> None:
    # 正月十五 2026 is 3 March 2026.
    client = a_client(birthday=Birthday(month=1, day=15, calendar=CalendarKind.LUNAR))

    [birthday] = of_kind(due(a_book(client), now=beijing(2026, 3, 3, 9, 0)), DueKind.BIRTHDAY)

    assert birthday.on == date(2026, 3, 3) and birthday.values["lunar"] is True


def test_lunar_birthdays_across_the_lunar_new_year_are_both_found() -> None:
    # 15 Feb 2026 is 腊月廿八 of the old lunar year; 腊月廿九 is 16 Feb, 正月初二 is 18 Feb.
    old_year = a_client("王芳", id=1, birthday=Birthday(month=12, day=29, calendar=CalendarKind.LUNAR))
    new_year = a_client("赵磊", id=2, birthday=Birthday(month=1, day=2, calendar=CalendarKind.LUNAR))

    soon = of_kind(due(a_book(old_year, new_year), now=beijing(2026, 2, 15, 9, 0)), DueKind.BIRTHDAY_SOON)

    assert [(item.on, item.values["days"]) for item in soon] == [(date(2026, 2, 16), 1), (date(2026, 2, 18), 3)]


def test_birthday_in_a_leap_month_is_kept_in_the_leap_month() -> None:
    # 2025 has a leap sixth month: 闰六月初十 is 3 Aug 2025 (the ordinary 六月初十 was 4 July).
    client = a_client(birthday=Birthday(month=6, day=10, calendar=CalendarKind.LUNAR, leap_month=True))

    items = due(a_book(client), now=beijing(2025, 8, 3, 9, 0))

    assert keys(of_kind(items, DueKind.BIRTHDAY)) == ["birthday:1:2025-08-03"]


def test_feb_29_birthday_is_kept_on_feb_28_in_a_common_year() -> None:
    client = a_client(birthday=Birthday(month=2, day=29))

    items = due(a_book(client), now=beijing(2027, 2, 28, 9, 0))

    assert keys(of_kind(items, DueKind.BIRTHDAY)) == ["birthday:1:2027-02-28"]


def test_feb_29_birthday_is_on_feb_29_in_a_leap_year() -> None:
    client = a_client(birthday=Birthday(month=2, day=29))

    items = due(a_book(client), now=beijing(2028, 2, 29, 9, 0))

    assert keys(of_kind(items, DueKind.BIRTHDAY)) == ["birthday:1:2028-02-29"]


def test_birthday_is_today_in_beijing_but_not_yet_in_new_york_at_the_same_instant() -> None:
    book = a_book(a_client(birthday=Birthday(month=3, day=10)))
    instant = utc(2026, 3, 10, 1, 0)  # 09:00 Mar 10 in Beijing, 21:00 Mar 9 in New York

    in_beijing = due(book, now=instant, person=a_salesperson(BEIJING))
    in_new_york = due(book, now=instant, person=a_salesperson(NEW_YORK))

    assert [i.kind for i in in_beijing] == [DueKind.BIRTHDAY] and [i.kind for i in in_new_york] == [DueKind.BIRTHDAY_SOON]


# --- Dated events -----------------------------------------------------------------------------


def test_event_on_the_day_is_due() -> None:
    items = due(a_book(a_client(), events=[an_event(on=TODAY, label="开业")]))

    assert [(i.kind, i.key, i.values["label"]) for i in items] == [(DueKind.EVENT, "event:5:2026-03-10", "开业")]


def test_event_a_day_ahead_is_due_for_a_gesture() -> None:
    items = due(a_book(a_client(), events=[an_event(on=TODAY + timedelta(days=1))]))

    assert [(i.kind, i.values["days"]) for i in items] == [(DueKind.EVENT_SOON, 1)]


def test_event_two_days_ahead_is_not_due_yet() -> None:
    assert due(a_book(a_client(), events=[an_event(on=TODAY + timedelta(days=2))])) == []


def test_yearly_anniversary_comes_back_with_its_years() -> None:
    book = a_book(a_client(), events=[an_event(on=date(2016, 3, 10), label="公司成立", yearly=True)])

    [anniversary] = due(book)

    assert (anniversary.key, anniversary.values["years"]) == ("event:5:2026-03-10", 10)


# --- Follow-ups in the digest ----------------------------------------------------------------


def test_followup_dated_today_is_due() -> None:
    items = due(a_book(a_client(), followups=[a_followup()]))

    assert [(i.kind, i.key, i.values["days_late"]) for i in items] == [(DueKind.FOLLOWUP, "followup:88", 0)]


def test_late_followup_stays_due_until_done() -> None:
    items = due(a_book(a_client(), followups=[a_followup(on=TODAY - timedelta(days=4))]))

    assert [i.values["days_late"] for i in items] == [4]


def test_done_and_future_followups_are_not_due() -> None:
    book = a_book(a_client(), followups=[a_followup(id=1, done=True), a_followup(id=2, on=TODAY + timedelta(days=1))])

    assert due(book) == []


def test_timed_followup_in_the_digest_carries_its_instant() -> None:
    [item] = due(a_book(a_client(), followups=[a_followup(at=time(15, 0))]))

    assert item.at == beijing(2026, 3, 10, 15, 0)


# --- Revisits and fading relationships --------------------------------------------------------


def test_friend_past_cadence_is_due_a_revisit_keyed_by_the_day_it_came_due() -> None:
    [revisit] = due(a_book(a_client(last_contact=days_ago(42))))

    assert (revisit.kind, revisit.key, revisit.values["days"]) == (DueKind.REVISIT, "revisit:1:2026-02-26", 12)


def test_revisit_key_stays_the_same_day_after_day() -> None:
    book = a_book(a_client(last_contact=days_ago(42)))

    assert keys(due(book)) == keys(due(book, now=NOW + timedelta(days=1)))


def test_revisits_come_most_overdue_and_highest_level_first() -> None:
    book = a_book(
        a_client("王芳", id=1, level=Level.ACQUAINTANCE, last_contact=days_ago(90)),  # 1.5 × cadence
        a_client("赵磊", id=2, level=Level.CONFIDANT, last_contact=days_ago(21)),  # 1.5 × cadence
        a_client("陈静", id=3, level=Level.CONFIDANT, last_contact=days_ago(25)),
    )

    assert [item.client_ids for item in due(book)] == [(3,), (2,), (1,)]


def test_client_snoozed_until_later_gets_no_revisit() -> None:
    book = a_book(a_client(last_contact=days_ago(42), snoozed_until=TODAY + timedelta(days=3)))

    assert due(book) == []


def test_client_contacted_today_gets_no_revisit() -> None:
    assert due(a_book(a_client(last_contact=beijing(2026, 3, 10, 8, 0)))) == []


def test_fading_friend_is_warned_with_the_last_note_for_context() -> None:
    notes = [
        a_note(id=1, at=days_ago(80), text="他女儿今年高考"),
        a_note(id=2, at=days_ago(70), text="打算换车，预算三十万"),
        a_note(id=3, at=days_ago(65), text="", source=NoteSource.CONTACT),
    ]

    [warning] = due(a_book(a_client(last_contact=days_ago(65)), notes=notes))

    assert (warning.kind, warning.values["last_note"], warning.values["days"]) == (DueKind.FADING, "打算换车，预算三十万", 65)


def test_passer_by_long_silent_is_due_a_revisit_but_never_fading() -> None:
    items = due(a_book(a_client(level=Level.PASSER_BY, last_contact=days_ago(300))))

    assert [item.kind for item in items] == [DueKind.REVISIT]


# --- Information sharing (信息传递) -----------------------------------------------------------


def test_friend_with_interests_and_nothing_shared_for_30_days_is_a_share_prompt() -> None:
    client = a_client(tags=("高尔夫", "新能源"))
    notes = [a_note(at=days_ago(31), functions=(ContactFunction.INFORMATION,))]

    [prompt] = of_kind(due(a_book(client, notes=notes)), DueKind.SHARE_INFO)

    assert (prompt.key, prompt.values["days"]) == ("share_info:1:2026-03-09", 31)


def test_information_shared_within_30_days_means_no_share_prompt() -> None:
    client = a_client(tags=("高尔夫",))
    notes = [a_note(at=days_ago(29), functions=(ContactFunction.CARE, ContactFunction.INFORMATION))]

    assert of_kind(due(a_book(client, notes=notes)), DueKind.SHARE_INFO) == []


def test_notes_without_the_information_function_do_not_count_as_sharing() -> None:
    client = a_client(tags=("高尔夫",))
    notes = [a_note(at=days_ago(2), functions=(ContactFunction.CARE,))]

    assert len(of_kind(due(a_book(client, notes=notes)), DueKind.SHARE_INFO)) == 1


def test_acquaintance_is_not_prompted_for_sharing() -> None:
    assert due(a_book(a_client(level=Level.ACQUAINTANCE, tags=("高尔夫",)))) == []


def test_friend_without_interests_or_industry_is_not_prompted_for_sharing() -> None:
    assert due(a_book(a_client(tags=()))) == []


def test_friend_new_to_the_book_is_not_prompted_before_30_days() -> None:
    assert due(a_book(a_client(tags=("高尔夫",), created=days_ago(10)))) == []


def test_tip_is_to_be_passed_on_to_other_clients_with_the_same_tags() -> None:
    source = a_client("张伟", id=1, tags=("新能源", "车"))
    same = a_client("王芳", id=2, level=Level.ACQUAINTANCE, tags=("新能源",))
    other = a_client("赵磊", id=3, tags=("茶",))
    tip = a_note(client_id=1, id=40, at=days_ago(1), text="团购三台车拿到了额外折扣", hashtags=("#经验",))

    [share] = of_kind(due(a_book(source, same, other, notes=[tip])), DueKind.SHARE_TIP)

    assert (share.key, share.client_ids, share.values["tags"]) == ("share_tip:40", (2,), ("新能源",))


def test_tip_reaches_clients_whose_tag_is_in_the_notes_words() -> None:
    source = a_client("张伟", id=1)
    tea = a_client("赵磊", id=3, tags=("茶叶",))
    tip = a_note(client_id=1, id=40, at=days_ago(1), text="茶叶店开业送礼盒很受欢迎", hashtags=("#案例",))

    [share] = of_kind(due(a_book(source, tea, notes=[tip])), DueKind.SHARE_TIP)

    assert share.client_ids == (3,)


def test_tip_hashtag_is_recognised_whatever_its_case_or_hash_mark() -> None:
    clients = (a_client("张伟", id=1, tags=("golf",)), a_client("王芳", id=2, tags=("Golf",)))
    tip = a_note(client_id=1, id=40, at=days_ago(1), text="club fitting first", hashtags=("TIPS",))

    assert keys(of_kind(due(a_book(*clients, notes=[tip])), DueKind.SHARE_TIP)) == ["share_tip:40"]


def test_tip_older_than_a_few_days_is_no_longer_prompted() -> None:
    clients = (a_client("张伟", id=1, tags=("golf",)), a_client("王芳", id=2, tags=("golf",)))
    tip = a_note(client_id=1, id=40, at=days_ago(4), text="club fitting first", hashtags=("#tip",))

    assert of_kind(due(a_book(*clients, notes=[tip])), DueKind.SHARE_TIP) == []


def test_ordinary_hashtags_are_not_tips() -> None:
    clients = (a_client("张伟", id=1, tags=("golf",)), a_client("王芳", id=2, tags=("golf",)))
    note = a_note(client_id=1, id=40, at=days_ago(1), text="club fitting first", hashtags=("#golf",))

    assert of_kind(due(a_book(*clients, notes=[note])), DueKind.SHARE_TIP) == []


def test_snoozed_client_is_left_out_of_sharing() -> None:
    source = a_client("张伟", id=1, tags=("golf",))
    snoozed = a_client("王芳", id=2, tags=("golf",), snoozed_until=TODAY + timedelta(days=1))
    tip = a_note(client_id=1, id=40, at=days_ago(1), text="club fitting first", hashtags=("#tip",))

    items = due(a_book(source, snoozed, notes=[tip]))

    assert [(i.kind, i.client_ids) for i in items if i.kind in (DueKind.SHARE_TIP, DueKind.SHARE_INFO)] == [
        (DueKind.SHARE_INFO, (1,))
    ]


# --- Festivals ------------------------------------------------------------------------------

SEPTEMBER_VISIT = beijing(2026, 9, 15, 10, 0)


def test_mid_autumn_three_days_ahead_lists_friends_and_confidants_to_greet() -> None:
    # 中秋 2026 is 25 September.
    book = a_book(
        a_client("王芳", id=1, level=Level.FRIEND, last_contact=SEPTEMBER_VISIT),
        a_client("赵磊", id=2, level=Level.CONFIDANT, last_contact=SEPTEMBER_VISIT),
        a_client("陈静", id=3, level=Level.ACQUAINTANCE, last_contact=SEPTEMBER_VISIT),
    )

    [festival] = due(book, now=beijing(2026, 9, 22, 9, 0))

    assert (festival.key, festival.client_ids, festival.values["days"]) == ("festival:mid_autumn:2026-09-25", (2, 1), 3)


def test_festival_four_days_ahead_is_not_due_yet() -> None:
    assert due(a_book(a_client(last_contact=SEPTEMBER_VISIT)), now=beijing(2026, 9, 21, 9, 0)) == []


def test_chosen_solar_holiday_is_greeted_and_an_unchosen_one_is_not() -> None:
    # 教师节, 10 September, chosen by one salesperson only.
    book = a_book(a_client(last_contact=beijing(2026, 9, 1, 10, 0)))
    eighth = beijing(2026, 9, 8, 9, 0)

    chosen = due(book, now=eighth, person=a_salesperson(holidays=("teachers_day",)))
    not_chosen = due(book, now=eighth)

    assert (keys(chosen), not_chosen) == (["festival:teachers_day:2026-09-10"], [])


def test_festival_with_no_friends_to_greet_is_not_mentioned() -> None:
    book = a_book(a_client(level=Level.ACQUAINTANCE, last_contact=SEPTEMBER_VISIT))

    assert due(book, now=beijing(2026, 9, 22, 9, 0)) == []


# --- Snoozes and order ------------------------------------------------------------------------


def test_snoozed_reminder_is_hidden_until_its_date() -> None:
    book = a_book(a_client(), followups=[a_followup()])

    assert due(book, snoozed={"followup:88": TODAY + timedelta(days=1)}) == []


def test_snoozed_reminder_is_back_on_its_date() -> None:
    book = a_book(a_client(), followups=[a_followup()])

    assert keys(due(book, snoozed={"followup:88": TODAY})) == ["followup:88"]


def test_promises_come_first_then_birthdays_then_revisits() -> None:
    book = a_book(
        a_client("王芳", id=1, last_contact=days_ago(42)),
        a_client("赵磊", id=2, birthday=Birthday(month=3, day=10)),
        a_client("陈静", id=3),
        followups=[a_followup(client_id=3)],
    )

    assert [item.kind for item in due(book)] == [DueKind.FOLLOWUP, DueKind.BIRTHDAY, DueKind.REVISIT]
