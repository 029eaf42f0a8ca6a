"""ConfirmingBot against the fake Telegram: an update is confirmed only once it has been handled.

Telegram forgets every update below the `offset` of a getUpdates. What matters is what
Telegram still holds when the bot dies, so these tests read the fake's queue of
unconfirmed updates, not the bot's own bookkeeping. Where something must *not* happen,
the bot gets a generous moment in which it would surely have happened (a local request
takes milliseconds); a correct bot passes however slow the machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import pytest
from telegram import Update
from telegram.ext import Updater

from bot import confirming_bot
from bot.confirming_bot import ConfirmingBot
from bot.fake_api import FakeBotApi
from bot.http_client import AiohttpRequest

#: How long a bot that must not ask Telegram again is given to (wrongly) do so.
A_GENEROUS_MOMENT = 0.3


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


def a_confirming_bot(api: FakeBotApi) -> ConfirmingBot:
    """A bot as `build_application` makes it, pointed at the fake (plain HTTP: no TLS set-up)."""
    return ConfirmingBot(
        api.token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(),
    )


def held(api: FakeBotApi) -> list[int]:
    """The updates Telegram still holds — what a bot started now would be given."""
    return [update["update_id"] for update in api.pending_updates()]


async def next_fetched(fetched: asyncio.Queue[object]) -> Update:
    """The next update PTB's Updater put in the Application's queue."""
    update = await asyncio.wait_for(fetched.get(), 5)
    assert isinstance(update, Update)
    return update


async def never_within_a_moment(api: FakeBotApi, condition: Callable[[], bool], failure: str) -> None:
    """Fail with `failure` if `condition` comes true within A_GENEROUS_MOMENT."""
    try:
        await api.wait_until(condition, timeout=A_GENEROUS_MOMENT)
    except AssertionError:
        return
    raise AssertionError(failure)


async def test_the_next_poll_waits_until_every_fetched_update_is_handled(api: FakeBotApi) -> None:
    """PTB's own Updater drives the bot, as in production; the test plays the Application."""
    john, mary = api.user_writes(1, "Met John at Acme"), api.user_writes(2, "Visited Mary")
    bot = a_confirming_bot(api)
    fetched: asyncio.Queue[object] = asyncio.Queue()
    async with bot, Updater(bot, fetched) as updater:
        await updater.start_polling(poll_interval=0, timeout=timedelta(seconds=5))
        try:
            batch = [await next_fetched(fetched) for _ in range(2)]
            assert [update.update_id for update in batch] == [john, mary]
            lily = api.user_writes(1, "Coffee with Lily")
            bot.handled(batch[0])

            await never_within_a_moment(
                api, lambda: held(api) != [john, mary, lily] or not fetched.empty(),
                "the bot asked Telegram for more while Mary's note was still being handled",
            )
            bot.handled(batch[1])
            await api.wait_until(lambda: held(api) == [lily], what="the handled batch to be confirmed")
            next_batch = await next_fetched(fetched)
            assert next_batch.update_id == lily
            bot.handled(next_batch)
        finally:
            await updater.stop()  # its last getUpdates confirms what was fetched: here, once handled
    assert held(api) == []


async def test_a_bot_started_after_a_crash_is_given_the_unhandled_updates_again(api: FakeBotApi) -> None:
    john, mary = api.user_writes(1, "Met John at Acme"), api.user_writes(1, "Visited Mary")
    crashed = a_confirming_bot(api)
    async with crashed:
        batch = await crashed.get_updates(offset=0, timeout=0)
        crashed.handled(batch[0])
        # What PTB's Updater asks as soon as the batch is queued: it would confirm both notes.
        next_poll = asyncio.create_task(crashed.get_updates(offset=mary + 1, timeout=0))
        await never_within_a_moment(
            api, lambda: held(api) != [john, mary], "the bot confirmed Mary's note before handling it",
        )
        next_poll.cancel()  # SIGKILL: the request it was waiting to make is never made
        with contextlib.suppress(asyncio.CancelledError):
            await next_poll

    restarted = a_confirming_bot(api)
    async with restarted:
        again = await restarted.get_updates(offset=0, timeout=0)  # a new Updater starts from offset 0

    # John's note comes again too, though handled: Telegram confirms by offset, in order only.
    # Note capture recognises it by its update id (tests/test_capture_replay.py).
    assert [(update.update_id, update.message and update.message.text) for update in again] == [
        (john, "Met John at Acme"), (mary, "Visited Mary"),
    ]


async def test_a_batch_still_unhandled_after_the_confirm_wait_is_confirmed_anyway(
    api: FakeBotApi, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """One stuck update must not stop everybody's polling for long; the operator is told."""
    monkeypatch.setattr(confirming_bot, "CONFIRM_WAIT", 0.2)
    stuck = api.user_writes(1, "Met John at Acme")
    bot = a_confirming_bot(api)
    async with bot:
        [update] = await bot.get_updates(offset=0, timeout=0)
        assert update.update_id == stuck
        mary = api.user_writes(2, "Visited Mary")
        with caplog.at_level(logging.WARNING, logger=confirming_bot.__name__):
            after = await asyncio.wait_for(bot.get_updates(offset=stuck + 1, timeout=0), 5)

    assert [update.update_id for update in after] == [mary]
    assert held(api) == [mary], "Telegram still holds the stuck update: polling would never move on"
    assert "1 updates still being handled" in caplog.text


async def test_an_update_handled_after_its_batch_was_confirmed_anyway_does_not_release_the_next_batch(
    api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(confirming_bot, "CONFIRM_WAIT", 0.05)
    slow = api.user_writes(1, "Met John at Acme")
    bot = a_confirming_bot(api)
    async with bot:
        [slow_update] = await bot.get_updates(offset=0, timeout=0)
        mary = api.user_writes(2, "Visited Mary")
        [mary_update] = await bot.get_updates(offset=slow + 1, timeout=0)  # after CONFIRM_WAIT
        monkeypatch.setattr(confirming_bot, "CONFIRM_WAIT", 10.0)

        bot.handled(slow_update)  # John's note is finally done
        next_poll = asyncio.create_task(bot.get_updates(offset=mary + 1, timeout=0))
        await never_within_a_moment(
            api, lambda: held(api) != [mary], "John's late note released the wait for Mary's, still being handled",
        )
        bot.handled(mary_update)
        assert await asyncio.wait_for(next_poll, 5) == ()
    assert held(api) == []
