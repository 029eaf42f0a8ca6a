"""A bot that tells Telegram it has an update only once the update has been handled.

`getUpdates` with `offset=N` confirms every update before N, and Telegram then
forgets them. PTB's Updater asks again as soon as it has *queued* a batch, so a
bot killed mid-batch loses every update fetched but not yet handled — notes the
salesperson typed, gone without a reply. Here the next `getUpdates` waits until
each update of the batch before has been handled, so after a crash Telegram
hands the unhandled ones over again. The price is that an update handled just
before a crash may come again: note capture recognises a message it already
filed (`crm.capture`, by update id).

The wait is bounded: one very slow update must not stop everybody's polling
for long, so after `CONFIRM_WAIT` seconds the batch is confirmed anyway.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from telegram import Update
from telegram.ext import ExtBot

log = logging.getLogger(__name__)

#: Longest wait (s) for a batch to be handled before polling goes on regardless.
CONFIRM_WAIT = 10.0


class Unconfirmed:
    """The updates fetched and not yet handled, which the next `getUpdates` would confirm.

    Shared by `ConfirmingBot` and the first process of several (`bot/workers.py`).
    """

    def __init__(self) -> None:
        self._unhandled: set[int] = set()
        self._all_handled = asyncio.Event()
        self._all_handled.set()

    async def settled(self) -> None:
        """Return once every update fetched so far is handled, or after CONFIRM_WAIT regardless."""
        try:
            await asyncio.wait_for(self._all_handled.wait(), CONFIRM_WAIT)
        except TimeoutError:
            log.warning("%d updates still being handled after %.0f s; confirming them to Telegram anyway",
                        len(self._unhandled), CONFIRM_WAIT)
            self._unhandled.clear()
            self._all_handled.set()

    def fetched(self, update_id: int) -> None:
        self._unhandled.add(update_id)
        self._all_handled.clear()

    def handled(self, update_ids: Iterable[int]) -> None:
        self._unhandled.difference_update(update_ids)
        if not self._unhandled:
            self._all_handled.set()

    def __bool__(self) -> bool:
        return bool(self._unhandled)


class ConfirmingBot(ExtBot):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unconfirmed = Unconfirmed()

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        """Telegram's getUpdates, asked only once the previous batch has been handled."""
        await self._unconfirmed.settled()
        updates = await super().get_updates(*args, **kwargs)
        for update in updates:
            self._unconfirmed.fetched(update.update_id)
        return updates

    def handled(self, update: object) -> None:
        """Called by the Application when an update has been dealt with (or failed)."""
        if isinstance(update, Update):
            self._unconfirmed.handled([update.update_id])
