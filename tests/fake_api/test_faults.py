"""A bad day on demand: flood control, blocked users, outages, slowness — and what PTB raises for each."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.fake_api import FakeBotApi


@pytest.fixture
def chat(api: FakeBotApi) -> int:
    api.add_private_chat(42)
    return 42


async def test_flood_control_raises_retry_after_with_the_seconds_to_wait(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.fail_next("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(chat, "reminder")
    assert caught.value.retry_after == timedelta(seconds=7)
    assert api.faults[0].description == "Too Many Requests: retry after 7"
    assert api.messages(chat) == [] and api.rejections == []


async def test_only_the_planned_number_of_calls_fail(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.fail_next("sendMessage", status=429, times=2)
    for _ in range(2):
        with pytest.raises(RetryAfter):
            await bot.send_message(chat, "reminder")
    await bot.send_message(chat, "reminder")
    assert api.texts(chat) == ["reminder"]


async def test_a_user_who_blocked_the_bot_raises_forbidden(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.block_user(chat)
    with pytest.raises(Forbidden, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(chat, "reminder")
    assert api.faults[0].reason == "blocked" and api.rejections == []


async def test_the_bot_is_told_when_it_is_blocked(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.block_user(chat)
    [update] = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"


async def test_writing_again_unblocks_the_bot(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.block_user(chat)
    api.user_writes(chat, "/start")
    await bot.send_message(chat, "welcome back")
    assert api.texts(chat) == ["welcome back"]


async def test_bad_gateway_raises_network_error(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.fail_next("sendMessage", status=502)
    with pytest.raises(NetworkError, match="Bad Gateway") as caught:
        await bot.send_message(chat, "reminder")
    assert type(caught.value) is NetworkError


async def test_internal_server_error_raises_network_error(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.fail_next("sendMessage", status=500)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(chat, "reminder")


async def test_a_lost_answer_still_delivers_the_message(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.fail_next("sendMessage", status=504, performed=True)
    with pytest.raises(NetworkError):
        await bot.send_message(chat, "reminder")
    assert api.texts(chat) == ["reminder"]


async def test_an_injected_bad_request_reads_as_given(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.fail_next("sendMessage", status=400, description="Bad Request: chat not found")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(chat, "reminder")


async def test_sends_beyond_the_rate_limit_get_flood_control(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.rate_limit(2)
    await asyncio.gather(*(bot.send_message(chat, f"#{number}") for number in range(2)))
    with pytest.raises(RetryAfter):
        await bot.send_message(chat, "#3")
    assert len(api.messages(chat)) == 2
    assert [fault.reason for fault in api.faults] == ["rate_limited"]


async def test_latency_delays_every_answer(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.latency = 0.05
    loop = asyncio.get_running_loop()
    started = loop.time()
    await bot.send_message(chat, "slow")
    assert loop.time() - started >= 0.045  # asyncio may wake a hair early, within its clock resolution
