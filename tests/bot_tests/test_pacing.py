"""Sending pace: replies before pushes, never faster than the pace, 429s waited out by every send."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.pacing import PacedSending, PrioritisedBucket, Priority


async def _drained(per_second: float) -> PrioritisedBucket:
    bucket = PrioritisedBucket(per_second)
    await bucket.take(Priority.REPLY)
    await bucket.take(Priority.REPLY)  # the burst of two is used up: the next takers queue
    return bucket


async def test_waiting_replies_go_before_pushes_that_were_waiting_longer() -> None:
    bucket = await _drained(per_second=50)
    order: list[str] = []

    async def taker(name: str, priority: Priority) -> None:
        await bucket.take(priority)
        order.append(name)

    pushes = [asyncio.create_task(taker(f"push {n}", Priority.PUSH)) for n in range(3)]
    await asyncio.sleep(0)
    replies = [asyncio.create_task(taker(f"reply {n}", Priority.REPLY)) for n in range(2)]
    await asyncio.gather(*pushes, *replies)
    assert order == ["reply 0", "reply 1", "push 0", "push 1", "push 2"]


async def test_no_second_sees_more_sends_than_the_pace_plus_the_burst() -> None:
    bucket = PrioritisedBucket(40)
    granted: list[float] = []

    async def taker(priority: Priority) -> None:
        await bucket.take(priority)
        granted.append(time.monotonic())

    await asyncio.gather(*(taker(Priority.PUSH if n % 2 else Priority.REPLY) for n in range(30)))
    assert granted[-1] - granted[0] >= (30 - 2) / 40 * 0.95
    for first in granted:
        assert sum(1 for moment in granted if first <= moment < first + 0.5) <= 40 * 0.5 + 2


async def test_a_cancelled_taker_does_not_hold_up_those_behind_it() -> None:
    bucket = await _drained(per_second=20)
    leaving = asyncio.create_task(bucket.take(Priority.REPLY))
    staying = asyncio.create_task(bucket.take(Priority.PUSH))
    await asyncio.sleep(0)
    leaving.cancel()
    await asyncio.wait_for(staying, timeout=1)  # its slot comes 50 ms later, not never


async def test_a_429_holds_every_send_then_the_send_is_tried_again() -> None:
    pacing = PacedSending(0, max_retries=2)
    calls: list[tuple[str, float]] = []
    refusals = iter([RetryAfter(timedelta(seconds=0.3))])

    async def telegram(name: str) -> dict[str, Any]:
        calls.append((name, time.monotonic()))
        if name == "first" and (refusal := next(refusals, None)) is not None:
            raise refusal
        return {"ok": name}

    async def send(name: str) -> object:
        return await pacing.process_request(telegram, (name,), {}, "sendMessage", {"chat_id": 1}, None)

    first = asyncio.create_task(send("first"))
    await asyncio.sleep(0.05)  # the 429 has come back; the pause is on
    assert await send("second") == {"ok": "second"}
    assert await first == {"ok": "first"}
    started = calls[0][1]
    assert calls[0][0] == "first" and sorted(name for name, _ in calls[1:]) == ["first", "second"]
    assert all(moment - started >= 0.3 for _, moment in calls[1:])


async def test_a_send_refused_more_often_than_it_may_retry_fails() -> None:
    pacing = PacedSending(0, max_retries=1)
    attempts = 0

    async def telegram() -> dict[str, Any]:
        nonlocal attempts
        attempts += 1
        raise RetryAfter(timedelta(seconds=0.01))

    with pytest.raises(RetryAfter):
        await pacing.process_request(telegram, (), {}, "sendMessage", {"chat_id": 1}, Priority.PUSH)
    assert attempts == 2


async def test_a_group_gets_twenty_sends_a_minute_and_private_chats_are_not_held() -> None:
    pacing = PacedSending(0, max_retries=0)

    async def telegram() -> bool:
        return True

    async def send(chat_id: int) -> object:
        return await pacing.process_request(telegram, (), {}, "sendMessage", {"chat_id": chat_id}, None)

    for _ in range(20):
        await send(-100)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(send(-100), timeout=0.2)  # the 21st waits for the minute
    assert await asyncio.wait_for(send(7), timeout=0.2) is True
    assert await asyncio.wait_for(send(-200), timeout=0.2) is True

