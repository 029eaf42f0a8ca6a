"""Issue #6 stories: the digest at the local minute, done/snooze, timed pushes, exactly once."""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from crm import salespeople
from crm.model import Birthday, Level
from handlers import render
from reminders import care
from tests.e2e.test_notes_and_cards import started
from tests.support.books import a_client_with_history
from tests.support.e2e import Rapport, texts

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


async def a_book_worth_a_digest(rapport: Rapport, user: int = 42) -> None:
    now = rapport.clock.now()

    def fill(book):  # type: ignore[no-untyped-def]
        a_client_with_history(book, "王总", now=now, level=Level.CONFIDANT, last_contact=timedelta(days=5), birthday=Birthday(11, 25))
        a_client_with_history(book, "张伟", now=now, level=Level.FRIEND, last_contact=timedelta(days=42))
        a_client_with_history(book, "李姐", now=now, level=Level.ACQUAINTANCE, last_contact=timedelta(days=70))

    await rapport.store.with_book(user, fill)


def digests(messages: list) -> list:  # type: ignore[type-arg]
    return [message for message in messages if "whom to care for" in (message.plain_text or "") or "该关心谁" in (message.plain_text or "")]


async def test_the_digest_arrives_at_the_local_digest_time_with_the_right_items(rapport: Rapport) -> None:
    await started(rapport)
    await a_book_worth_a_digest(rapport)
    assert digests(await rapport.at(shanghai(23, 8, 29))) == []
    (digest,) = digests(await rapport.at(shanghai(23, 8, 30)))
    text = digest.plain_text or ""
    assert "王总" in text and "birthday" in text and "in 2 days" in text
    assert "张伟" in text and "overdue 13 days" in text  # seen 42 days before yesterday: 43 calendar days, cadence 30
    assert "李姐" in text
    assert text.index("王总") < text.index("张伟")
    assert digests(await rapport.at(shanghai(23, 9, 0))) == []  # once a day


async def test_the_real_heartbeat_delivers_without_being_asked(rapport: Rapport) -> None:
    await started(rapport)
    await a_book_worth_a_digest(rapport)
    rapport.clock.set(shanghai(23, 8, 30))
    await rapport.api.wait_until(lambda: bool(digests(rapport.api.messages(42))), timeout=5, what="the digest")


async def test_done_and_snooze_change_what_tomorrow_brings(rapport: Rapport) -> None:
    await started(rapport)
    await a_book_worth_a_digest(rapport)
    (digest,) = digests(await rapport.at(shanghai(23, 8, 30)))
    revisit_rows = [row for row in digest.buttons if "revisit" in (row[0].callback_data or "")]
    zhang_row, li_row = revisit_rows[0], revisit_rows[1]
    await rapport.presses_data(42, digest.message_id, zhang_row[0].callback_data or "")  # ✅ 张伟
    await rapport.presses_data(42, digest.message_id, li_row[1].callback_data or "")  # ⏰ 李姐
    await rapport.presses(42, "Next week")
    assert "remind you" in rapport.last_text(42)
    (tomorrow,) = digests(await rapport.at(shanghai(24, 8, 30)))
    assert "张伟" not in (tomorrow.plain_text or "") and "李姐" not in (tomorrow.plain_text or "")
    (later,) = digests(await rapport.at(shanghai(30, 8, 30)))
    assert "李姐" in (later.plain_text or "")


async def test_a_timed_followup_arrives_at_its_minute(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await rapport.says(42, "明天下午三点给张伟打电话", language_code="zh-hans")
    pushed = await rapport.at(shanghai(23, 14, 59))
    assert not [message for message in pushed if "⏰" in (message.plain_text or "")]
    pushed = await rapport.at(shanghai(23, 15, 0))
    (push,) = [message for message in pushed if (message.plain_text or "").startswith("⏰")]
    assert "15:00" in (push.plain_text or "") and "张伟" in (push.plain_text or "")
    assert not [m for m in await rapport.at(shanghai(23, 15, 1)) if (m.plain_text or "").startswith("⏰")]


async def test_a_promise_made_after_the_day_was_planned_arrives_and_other_notes_cost_no_planning(
    rapport: Rapport, monkeypatch: pytest.MonkeyPatch
) -> None:
    await started(rapport)
    await rapport.at(shanghai(22, 10, 1))  # looked at: nothing until tomorrow's digest
    planned: list[int] = []
    plan = care.plan_pushes

    def counted(book, person, *, now):  # type: ignore[no-untyped-def]
        planned.append(person.user_id)
        return plan(book, person, now=now)

    monkeypatch.setattr(care, "plan_pushes", counted)
    await rapport.says(42, "Met 张伟 at his shop, he likes green tea")
    await rapport.says(42, "/client 张伟")
    assert await rapport.at(shanghai(22, 10, 2)) == [] and planned == []
    await rapport.says(42, "call 张伟 today at 15:00")
    await rapport.at(shanghai(22, 10, 3))
    assert planned == [42]
    (push,) = [m for m in await rapport.at(shanghai(22, 15, 0)) if (m.plain_text or "").startswith("⏰")]
    assert "张伟" in (push.plain_text or "")


async def test_a_salesperson_backed_off_after_failed_pushes_is_tried_again_when_they_write(
    rapport: Rapport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "SEND_RETRY_PAUSES", (0.01, 0.01))
    await started(rapport)
    await a_book_worth_a_digest(rapport)
    rapport.api.fail_next("sendMessage", status=502, times=3)  # the digest and both of its retries
    assert digests(await rapport.at(shanghai(23, 8, 30))) == []  # backed off for a minute
    await rapport.says(42, "Met 张伟 at his shop, he likes green tea")  # Telegram works again
    await rapport.at(shanghai(23, 8, 30))  # the same minute: without their note, a minute too early
    assert len(digests(rapport.api.messages(42))) == 1


async def test_a_restart_between_due_time_and_delivery_delivers_once_marked_late(rapport: Rapport) -> None:
    await started(rapport)
    await a_book_worth_a_digest(rapport)
    await rapport.stop_bot()
    rapport.clock.set(shanghai(23, 9, 15))  # the bot was down at 08:30
    await rapport.start()
    (digest,) = digests(await rapport.at(shanghai(23, 9, 15)))
    assert "Sent late" in (digest.plain_text or "")
    await rapport.restart()
    assert digests(await rapport.at(shanghai(23, 9, 20))) == []
    assert len(digests(rapport.api.messages(42))) == 1


async def test_an_empty_day_says_so_kindly_or_stays_quiet(rapport: Rapport) -> None:
    await started(rapport)
    (digest,) = digests(await rapport.at(shanghai(23, 8, 30)))
    assert "Nothing needs care today" in (digest.plain_text or "")
    await rapport.says(42, "/settings quiet on")
    assert digests(await rapport.at(shanghai(24, 8, 30))) == []


async def test_a_flood_of_429s_and_a_blocked_user_lose_and_duplicate_nobody(rapport: Rapport) -> None:
    for user in (1, 2, 3):
        await started(rapport, user)
        await a_book_worth_a_digest(rapport, user)
    rapport.api.block_user(2, notify_bot=False)
    rapport.api.fail_next("sendMessage", status=429, retry_after=1, times=2)
    await rapport.at(shanghai(23, 8, 30))
    assert len(digests(rapport.api.messages(1))) == 1 and len(digests(rapport.api.messages(3))) == 1
    person = await rapport.store.with_directory(lambda directory: directory.get(2))
    assert person is not None and not person.active
    await rapport.at(shanghai(23, 8, 45))
    assert len(digests(rapport.api.messages(1))) == 1 and len(digests(rapport.api.messages(3))) == 1
    rapport.api.unblock_user(2, notify_bot=False)
    await rapport.says(2, "/today")  # writing again makes them active again
    person = await rapport.store.with_directory(lambda directory: directory.get(2))
    assert person is not None and person.active


async def a_morning_rush_of(rapport: Rapport, count: int) -> range:
    """`count` onboarded salespeople (ids 1…count), all with the default 08:30 digest, and Telegram's 30/s limit."""
    users = range(1, count + 1)
    now = rapport.clock.now()

    def enroll_everyone(directory):  # type: ignore[no-untyped-def]
        for user in users:
            rapport.api.add_private_chat(user)
            salespeople.enroll(directory, user, telegram_language="en", default_timezone="Asia/Shanghai", now=now)
            salespeople.update(directory, user, onboarded=True)

    await rapport.store.with_directory(enroll_everyone)
    rapport.api.rate_limit(30)
    return users


async def test_a_morning_rush_stays_under_telegrams_flood_limit(rapport: Rapport) -> None:
    """45 digests at 08:30 against Telegram's 30 a second: paced, none refused, none lost.

    PTB's default limiter would burst 30 at once and ~15 more within the same
    second, and every 429 stalls all sending for a second.
    """
    users = await a_morning_rush_of(rapport, 45)
    pushed = await rapport.at(shanghai(23, 8, 30))
    assert sorted(message.chat_id for message in digests(pushed)) == list(users)
    assert rapport.api.faults == []


async def test_a_salesperson_writing_during_the_morning_rush_is_answered_before_the_pushes(rapport: Rapport) -> None:
    """At a digest time many share, a reply takes the next free slot: pushes wait, nobody waits on them."""
    await started(rapport, 46)
    await rapport.store.with_directory(lambda directory: salespeople.update(directory, 46, digest_time=time(9, 0)))
    users = await a_morning_rush_of(rapport, 45)

    def pushed() -> int:
        return sum(len(digests(rapport.api.messages(user))) for user in users)

    rush = asyncio.create_task(rapport.at(shanghai(23, 8, 30)))
    await rapport.api.wait_until(lambda: pushed() > 0, timeout=10, what="the first digest")
    (reply,) = await rapport.says(46, "/visit")
    assert "nobody to visit yet" in (reply.plain_text or "")
    assert pushed() <= 20, f"the reply waited for {pushed()} of 45 digests"  # at 28/s they take 1.6 s in all
    await rush
    assert pushed() == 45 and rapport.api.faults == []


async def test_salespeople_in_new_york_and_shanghai_get_their_own_mornings(rapport: Rapport) -> None:
    await started(rapport, 1)  # Shanghai, enrolled Sunday 10:00 there (Saturday 21:00 in New York)
    await rapport.says(2, "/start")
    await rapport.presses(2, "New York")
    await rapport.presses(2, "08:30")
    new_york = ZoneInfo("America/New_York")
    moments = [
        (datetime(2026, 11, 22, 8, 30, tzinfo=new_york), [2]),  # Sunday morning in New York only
        (shanghai(23, 8, 30), [1]),  # Monday morning in Shanghai = Sunday 19:30 in New York
        (datetime(2026, 11, 23, 8, 30, tzinfo=new_york), [2]),
    ]
    for moment, expected in moments:
        assert [message.chat_id for message in digests(await rapport.at(moment))] == expected, moment


async def test_a_digest_time_keeps_its_local_minute_across_a_dst_change(rapport: Rapport) -> None:
    await rapport.says(2, "/start")
    await rapport.presses(2, "New York")
    await rapport.presses(2, "08:30")
    new_york = ZoneInfo("America/New_York")
    await rapport.at(datetime(2027, 3, 12, 8, 30, tzinfo=new_york))  # Friday's digest
    for day in (13, 14, 15):  # the clocks spring forward on Sunday 14 March 2027
        assert digests(await rapport.at(datetime(2027, 3, day, 8, 29, tzinfo=new_york))) == []
        assert len(digests(await rapport.at(datetime(2027, 3, day, 8, 30, tzinfo=new_york)))) == 1


async def test_today_shows_the_digest_on_demand(rapport: Rapport) -> None:
    await started(rapport)
    await a_book_worth_a_digest(rapport)
    assert "王总" in texts(await rapport.says(42, "/today"))
    assert "王总" in texts(await rapport.says(42, "what's due today"))
