"""Sending under Telegram's flood limits, with people who are waiting served before pushes.

Telegram answers 429 past ~30 messages a second per bot (20 a minute per group).
PTB's `AIORateLimiter` paces every send alike, so at a digest time shared by many
salespeople (08:30 is the default) the morning's pushes filled the pace and every
reply waited behind them: with 800 digests going out, replies to 200 chatting
salespeople took 4–6 s (`benchmarks.load --morning`). Here a send carries a
`Priority` in PTB's `rate_limit_args`: a waiting reply takes the next free slot
ahead of any waiting push, so pushes use only what replies leave — a digest
arriving a minute later harms nobody; a reply five seconds late does.

The pace is a bucket of two refilled `per_second` times a second: at most
per_second + 2 sends in any second (30 at the default 28), and two replies ready
together go together. A 429 that still happens holds every send for its
retry_after (one 429 means Telegram is counting against the whole bot), then the
send is paced again and retried, up to `max_retries` times.

With WORKERS there is still one pace for the bot: the first process keeps the
bucket, and a worker asks it for each send's turn (`bot/workers.py`). A 429
holds only the sends of the process that got it.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
from collections.abc import Callable, Coroutine
from enum import IntEnum
from typing import Any, Protocol

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

#: A send waiting for its slot: (priority, arrival, future resolved when the slot is its turn).
_Waiter = tuple[int, int, "asyncio.Future[None]"]
#: Telegram's limit for one group chat; Rapport only answers there to say it works in private.
GROUP_SENDS_PER_MINUTE = 20
GROUPS_TRACKED = 512


class Priority(IntEnum):
    """Lower goes first."""

    REPLY = 0  # someone is looking at the chat, waiting for an answer
    PUSH = 1  # a digest or a timed reminder: nobody is waiting for it this second


class Pace(Protocol):
    """Where a send waits for its turn."""

    async def take(self, priority: Priority) -> None:
        """Return when a send of `priority` may go."""


class PrioritisedBucket:
    """A token bucket whose waiting takers are served by priority, then in arrival order."""

    def __init__(self, per_second: float, *, burst: int = 2) -> None:
        self._per_second = per_second
        self._burst = burst
        self._tokens = float(burst)
        self._stamp = time.monotonic()
        self._waiting: list[_Waiter] = []
        self._arrivals = itertools.count()
        self._timer: asyncio.TimerHandle | None = None

    async def take(self, priority: Priority) -> None:
        """Return when a send of `priority` may go."""
        self._refill()
        if self._tokens >= 1 and not self._waiting:
            self._tokens -= 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (int(priority), next(self._arrivals), future))
        self._hand_out()
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():  # its turn came as it was cancelled: pass it on
                self._tokens = min(self._burst, self._tokens + 1)
                self._hand_out()
            raise

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._per_second)
        self._stamp = now

    def _on_timer(self) -> None:
        self._timer = None
        self._hand_out()

    def _hand_out(self) -> None:
        """Give the tokens there are to the first waiters; wake up again when the next one is due."""
        self._refill()
        while self._waiting and self._tokens >= 1:
            _, _, future = heapq.heappop(self._waiting)
            if not future.done():  # a cancelled taker left its place in the queue
                self._tokens -= 1
                future.set_result(None)
        while self._waiting and self._waiting[0][2].done():
            heapq.heappop(self._waiting)
        if self._waiting and self._timer is None:
            delay = (1 - self._tokens) / self._per_second
            self._timer = asyncio.get_running_loop().call_later(delay, self._on_timer)


class PacedSending(BaseRateLimiter[Priority]):
    """PTB's rate limiter for Rapport: replies first, pushes after; `per_second` 0 paces nothing."""

    def __init__(self, per_second: float, *, max_retries: int, pace: Pace | None = None) -> None:
        """`pace` is a bucket kept elsewhere (a worker's, in the first process); else one of `per_second`."""
        self._bucket = pace or (PrioritisedBucket(per_second) if per_second else None)
        self._max_retries = max_retries
        self._groups: dict[int | str, AsyncLimiter] = {}
        self._clear = asyncio.Event()
        self._clear.set()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Priority | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Pace sends to a chat (answering a button press is not one), wait out 429s, retry."""
        priority = Priority.REPLY if rate_limit_args is None else rate_limit_args
        chat_id = data.get("chat_id")
        group = self._group(chat_id)
        attempt = 0
        while True:
            if group is not None:
                await group.acquire()
            if self._bucket is not None and chat_id is not None:
                await self._bucket.take(priority)
            await self._clear.wait()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt >= self._max_retries:
                    raise
                attempt += 1
                pause = error.retry_after if isinstance(error.retry_after, (int, float)) else error.retry_after.total_seconds()
                log.info("Telegram asked to wait %.1f s (%s); every send waits, then this one is retried", pause, endpoint)
                self._clear.clear()
                try:
                    await asyncio.sleep(pause + 0.1)
                finally:
                    self._clear.set()

    def _group(self, chat_id: object) -> AsyncLimiter | None:
        """The pace of a group chat (negative id or @name), kept for the groups seen lately."""
        try:
            key: int | str = int(chat_id)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            if not isinstance(chat_id, str):
                return None
            key = chat_id
        if isinstance(key, int) and key >= 0:
            return None
        if key not in self._groups and len(self._groups) >= GROUPS_TRACKED:
            self._groups = {name: pace for name, pace in self._groups.items() if not pace.has_capacity(pace.max_rate)}
        return self._groups.setdefault(key, AsyncLimiter(GROUP_SENDS_PER_MINUTE, 60))
