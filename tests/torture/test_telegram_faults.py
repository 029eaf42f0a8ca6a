"""A bad day at Telegram (issue 9): flood control, gateways that fail, a slow API, answers that never
came — during the morning digest and during chat. Nothing is lost, nothing is filed twice, and the
bot keeps serving.

What the bot does with each fault (reminders/scheduler.py, handlers/render.py, handlers/errors.py):

- **429 with retry_after**: PTB's AIORateLimiter waits it out and sends again (up to 5 times), for
  pushes and replies alike — so the user gets the message, once.
- **502/503/504**: PTB raises NetworkError. Every send is tried again after 0.5 s and 2 s
  (handlers/render.py), so a reply or a push survives a short outage. When all tries fail, the
  scheduler backs that salesperson off and delivers at a later beat; the delivery log is written
  only once Telegram has confirmed the send.
- **A lost answer** (the request took effect, its answer never came): nobody can tell it from a
  failure, so the send is tried again and the user sees it twice — at least once, never lost. For
  getUpdates, PTB asks again from the same offset and the note is filed once.

The fake answers at once except for the latency a test sets, and retry_after is a fraction of a
second here, so the file stays fast; only PTB's fixed 1 s pause after a failed getUpdates is paid.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from crm.model import Birthday, Level
from tests.e2e.test_notes_and_cards import started
from tests.e2e.test_reminders import digests, shanghai
from tests.support.books import a_client_with_history
from tests.support.e2e import Rapport, texts

SALESPEOPLE = (1, 2, 3, 4, 5, 6)
MORNING = shanghai(23, 8, 30)  # Monday: everyone's digest time, and 王总's birthday
NOTE = "王总 loved the oolong, call her Friday about the order"


async def with_a_birthday_today(rapport: Rapport, *people: int) -> None:
    """Salespeople who finished /start (Shanghai, 08:30), each with a friend 王总 born on 23 November."""
    for user in people:
        await started(rapport, user)
        now = rapport.clock.now()
        await rapport.store.with_book(
            user,
            lambda book: a_client_with_history(
                book, "王总", now=now, level=Level.FRIEND, last_contact=timedelta(days=3), birthday=Birthday(11, 23)
            ),
        )


def digest_counts(rapport: Rapport, people: tuple[int, ...]) -> dict[int, int]:
    return {user: len(digests(rapport.api.messages(user))) for user in people}


async def notes_reading(rapport: Rapport, user: int, text: str) -> int:
    """How many stored notes of `user` say exactly `text`."""
    return await rapport.store.with_book(user, lambda book: sum(1 for _, words in book.notes.project("text") if words == text))


async def test_a_digest_morning_through_gateway_errors_flood_control_and_a_slow_api_reaches_everyone_once(
    rapport: Rapport,
) -> None:
    await with_a_birthday_today(rapport, *SALESPEOPLE)
    api = rapport.api
    api.latency = 0.02
    api.fail_next("sendMessage", status=502, times=2)
    api.fail_next("sendMessage", status=429, retry_after=0.05, times=3)
    api.fail_next("sendMessage", status=503)
    # Salesperson 1 writes while the digests go out: their reply competes for the same faults.
    await asyncio.gather(rapport.at(MORNING), rapport.says(1, NOTE))
    for minute in (31, 32, 33):  # the beats after: whoever Telegram failed at 08:30 is served now
        await rapport.at(shanghai(23, 8, minute))
    api.latency = 0

    assert sorted(fault.status for fault in api.faults) == [429, 429, 429, 502, 502, 503], "every planned fault happened"
    assert digest_counts(rapport, SALESPEOPLE) == {user: 1 for user in SALESPEOPLE}
    for user in SALESPEOPLE:
        (digest,) = digests(api.messages(user))
        assert "王总" in (digest.plain_text or "") and "birthday" in (digest.plain_text or "").lower()
    assert await notes_reading(rapport, 1, NOTE) == 1
    assert "王总" in texts(await rapport.says(1, "/today"))  # and the bot still serves


async def test_a_digest_whose_answer_was_lost_comes_again_rather_than_never(rapport: Rapport) -> None:
    """Telegram delivered it but the answer never came: the bot cannot know, so it sends once more.

    At least once, not exactly once: a birthday reminder lost would cost more than one seen twice.
    The repeat is immediate (the same beat), and later beats send nothing more.
    """
    people = (1, 2)
    await with_a_birthday_today(rapport, *people)
    rapport.api.fail_next("sendMessage", status=504, performed=True)
    await rapport.at(MORNING)
    assert [fault.status for fault in rapport.api.faults] == [504]
    assert sorted(digest_counts(rapport, people).values()) == [1, 2]
    await rapport.at(shanghai(23, 8, 45))
    await rapport.at(shanghai(24, 8, 0))
    assert sorted(digest_counts(rapport, people).values()) == [1, 2]


async def test_a_reply_delayed_by_flood_control_arrives_once_and_the_note_is_stored_once(rapport: Rapport) -> None:
    await started(rapport)
    rapport.api.fail_next("sendMessage", status=429, retry_after=0.05, times=2)
    replies = await rapport.says(42, NOTE)
    assert len(replies) == 1 and "王总" in (replies[0].plain_text or "")
    assert [fault.status for fault in rapport.api.faults] == [429, 429]
    assert await notes_reading(rapport, 42, NOTE) == 1


@pytest.mark.parametrize("status", [502, 503])
async def test_a_reply_that_hit_a_gateway_error_arrives_and_the_note_is_stored_once(rapport: Rapport, status: int) -> None:
    """The note is on disk before the reply is attempted; the reply is sent again after the outage,
    so the salesperson sees it and has no reason to type the note twice."""
    await started(rapport)
    await rapport.says(42, "Met 王总 at Acme")
    rapport.api.fail_next("sendMessage", status=status)
    replies = await rapport.says(42, NOTE)
    assert [fault.status for fault in rapport.api.faults] == [status]
    assert len(replies) == 1 and "↩️" in " ".join(replies[0].button_labels)
    assert await notes_reading(rapport, 42, NOTE) == 1
    card = texts(await rapport.says(42, "/client 王总"))
    assert card.count("王总 loved the oolong") == 1


async def test_a_reply_whose_answer_was_lost_is_seen_twice_but_the_note_is_stored_once(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met 王总 at Acme")
    rapport.api.fail_next("sendMessage", status=504, performed=True)
    replies = await rapport.says(42, NOTE)
    assert len(replies) == 2 and replies[0].plain_text == replies[1].plain_text
    assert await notes_reading(rapport, 42, NOTE) == 1


async def test_a_slow_telegram_keeps_quick_notes_in_order_and_each_stored_once(rapport: Rapport) -> None:
    await started(rapport)
    rapport.api.latency = 0.1
    first, second = "Met 王总 at Acme", "王总 wants a quote by Friday"
    updates = [rapport.api.user_writes(42, text, language_code="en") for text in (first, second)]  # typed before any reply
    assert rapport.session is not None
    for update_id in updates:
        await rapport.session.settled(update_id)
    rapport.api.latency = 0
    replies = rapport.api.messages_after(updates[0])
    assert len(replies) == 2 and "🆕" in (replies[0].plain_text or "") and "📅" in (replies[1].plain_text or "")
    assert [await notes_reading(rapport, 42, text) for text in (first, second)] == [1, 1]


async def test_a_lost_get_updates_answer_neither_loses_nor_repeats_the_note(rapport: Rapport) -> None:
    """Telegram handed the note to the bot but the answer was lost: PTB asks again (after a 1 s pause)
    from the same offset, gets the same update, and the note is filed — once."""
    await started(rapport)
    await rapport.api.wait_until(lambda: rapport.api.polls_waiting > 0, what="the bot listening")
    rapport.api.fail_next("getUpdates", status=504, performed=True)  # the next poll, not the one waiting
    await rapport.says(42, "Met 王总 at Acme")  # answered through the poll that was waiting
    replies = await rapport.says(42, NOTE)  # its poll's answer is lost on the way
    assert [(fault.method, fault.status) for fault in rapport.api.faults] == [("getUpdates", 504)]
    assert len(replies) == 1 and "王总" in (replies[0].plain_text or "")
    assert await notes_reading(rapport, 42, NOTE) == 1
