"""Users act, and the bot receives their updates through getUpdates as Telegram delivers them."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import aiohttp
from telegram import Bot

from bot.fake_api import FakeBotApi, ForwardOrigin


async def test_a_long_poll_returns_as_soon_as_the_user_writes(api: FakeBotApi, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_until(lambda: api.polls_waiting == 1, what="the bot to be listening")
    api.user_writes(42, "今天见了张伟")
    [update] = await poll
    assert update.message is not None and update.message.text == "今天见了张伟"
    assert loop.time() - started < 2


async def test_a_long_poll_with_nothing_to_deliver_ends_at_its_timeout(
    api: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    async with http.post(f"{api.base_url}{api.token}/getUpdates", data={"timeout": "0.05"}) as response:
        assert await response.json() == {"ok": True, "result": []}


async def test_a_newer_long_poll_ends_the_older_one_with_conflict(api: FakeBotApi, http: aiohttp.ClientSession) -> None:
    url = f"{api.base_url}{api.token}/getUpdates"
    older = asyncio.create_task(http.post(url, data={"timeout": "5"}))
    await api.wait_until(lambda: api.polls_waiting == 1)
    async with http.post(url, data={"timeout": "0"}) as newer:
        assert newer.status == 200
    async with await older as answer:
        assert answer.status == 409
        assert (await answer.json())["description"].startswith("Conflict: terminated by other getUpdates request")


async def test_confirming_an_offset_forgets_older_updates(api: FakeBotApi, bot: Bot) -> None:
    first = api.user_writes(42, "one")
    second = api.user_writes(42, "two")
    assert [update.update_id for update in await bot.get_updates()] == [first, second]
    assert [update.update_id for update in await bot.get_updates(offset=second)] == [second]
    assert await bot.get_updates(offset=second + 1) == ()
    assert api.pending_updates() == []


async def test_limit_caps_how_many_updates_come_at_once(api: FakeBotApi, bot: Bot) -> None:
    for number in range(3):
        api.user_writes(42, f"note {number}")
    assert len(await bot.get_updates(limit=2)) == 2


async def test_updates_the_bot_did_not_ask_for_are_never_created(api: FakeBotApi, bot: Bot) -> None:
    await bot.get_updates(allowed_updates=["callback_query"])
    api.user_writes(42, "ignored")
    assert api.pending_updates() == []


async def test_a_command_carries_its_bot_command_entity(api: FakeBotApi, bot: Bot) -> None:
    api.user_writes(42, "/client 张伟")
    [update] = await bot.get_updates()
    assert update.message.parse_entity(update.message.entities[0]) == "/client"


async def test_user_profile_sticks_once_given(api: FakeBotApi, bot: Bot) -> None:
    api.user_writes(42, "hi", first_name="美玲", language_code="zh-hant")
    api.user_writes(42, "again")
    updates = await bot.get_updates()
    profiles = [(update.effective_user.first_name, update.effective_user.language_code) for update in updates]
    assert profiles == [("美玲", "zh-hant")] * 2


async def test_a_group_message_comes_from_a_group_chat(api: FakeBotApi, bot: Bot) -> None:
    api.user_writes(42, "/today", chat_id=-1001, chat_type="group", chat_title="Sales team")
    [update] = await bot.get_updates()
    assert (update.effective_chat.id, update.effective_chat.type, update.effective_chat.title) == (
        -1001, "group", "Sales team"
    )


async def test_a_forwarded_message_names_a_hidden_sender(api: FakeBotApi, bot: Bot) -> None:
    sent_on = datetime(2026, 2, 1, 8, tzinfo=timezone.utc)
    api.user_writes(42, "see you Friday", forward_origin=ForwardOrigin("李姐", date=sent_on))
    [update] = await bot.get_updates()
    origin = update.message.forward_origin
    assert (origin.type, origin.sender_user_name, origin.date) == ("hidden_user", "李姐", sent_on)


async def test_a_forwarded_message_names_a_visible_sender(api: FakeBotApi, bot: Bot) -> None:
    api.user_writes(42, "deal", forward_origin=ForwardOrigin("Wei Zhang", sender_user_id=7, sender_username="weiz"))
    [update] = await bot.get_updates()
    sender = update.message.forward_origin.sender_user
    assert (sender.id, sender.first_name, sender.last_name, sender.username) == (7, "Wei", "Zhang", "weiz")


async def test_a_shared_contact_and_location_arrive_as_such(api: FakeBotApi, bot: Bot) -> None:
    api.user_shares_contact(42, "+86 138 0000 0000", "伟", "张", vcard="BEGIN:VCARD\nEND:VCARD")
    api.user_shares_location(42, 31.23, 121.47)
    contact_update, location_update = await bot.get_updates()
    assert (contact_update.message.contact.phone_number, contact_update.message.contact.last_name) == (
        "+86 138 0000 0000", "张"
    )
    assert (location_update.message.location.latitude, location_update.message.location.longitude) == (31.23, 121.47)
