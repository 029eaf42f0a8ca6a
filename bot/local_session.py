"""Rapport's real Application running against an in-process fake Bot API.

The terminal chat (`python -m bot` without a token) and the end-to-end tests
both use this: the same handlers, storage and scheduler as production, over
real HTTP on 127.0.0.1, with users simulated by `bot.fake_api`. `settled()`
waits until the application has finished handling a given update, so nobody
needs to sleep and hope.
"""

from __future__ import annotations

import asyncio
import dataclasses
from types import TracebackType

from telegram import Update

from bot.application import LOCAL_TOKEN, RapportApplication, build_application
from bot.clock import Clock
from bot.fake_api import FakeBotApi
from bot.settings import Settings
from storage import Store

POLL_TIMEOUT = 30  # seconds a getUpdates may wait; stopping cancels it at once


class LocalSession:
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock,
        store: Store | None = None,
        heartbeat: float = 60.0,
        api: FakeBotApi | None = None,
    ) -> None:
        """With `api`, the session runs on an already started fake and leaves it running
        when it stops — a restart of the bot while "Telegram" stays up."""
        self._owns_api = api is None
        self.api = api or FakeBotApi(token=LOCAL_TOKEN, clock=clock)
        self._settings = settings
        self._clock = clock
        self._store = store
        self._heartbeat = heartbeat
        self._settled: set[int] = set()
        self._changed = asyncio.Condition()
        self.application: RapportApplication | None = None

    async def __aenter__(self) -> LocalSession:
        await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        if self._owns_api:
            await self.api.start()
        settings = dataclasses.replace(self._settings, api_base_url=self.api.root_url)
        self.application = build_application(
            settings, clock=self._clock, store=self._store, token=LOCAL_TOKEN, heartbeat=self._heartbeat
        )
        self.application.settled_listeners.append(self._on_settled)
        await self.application.initialize()
        if self.application.post_init is not None:  # only run_polling calls it by itself
            await self.application.post_init(self.application)
        await self.application.start()
        assert self.application.updater is not None
        await self.application.updater.start_polling(poll_interval=0, timeout=POLL_TIMEOUT)

    async def stop(self) -> None:
        application = self.application
        if application is not None:
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
            await application.shutdown()
            if application.post_shutdown is not None:
                await application.post_shutdown(application)
        if self._owns_api:
            await self.api.stop()

    async def settled(self, update_id: int, *, timeout: float = 10.0) -> None:
        """Wait until the application has finished handling update `update_id`."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: update_id in self._settled), timeout)

    def _on_settled(self, update: object) -> None:
        if isinstance(update, Update):
            self._settled.add(update.update_id)
            asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()
