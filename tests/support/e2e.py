"""End-to-end harness: Rapport's real Application, a strict fake Telegram, a movable clock.

Tests read like a user's story: `await rapport.says(42, "今天该拜访谁")` returns
what the bot answered; `await rapport.presses(42, "↩️ Undo")` presses a button on
the latest message that has it. After each test the harness checks that Telegram
would have accepted everything the bot sent and that every button press was answered.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path

from telegram import Update

from bot.clock import MovableClock
from bot.fake_api import BotMessage, FakeBotApi, ForwardOrigin
from bot.application import LOCAL_TOKEN
from bot.local_session import LocalSession
from bot.settings import Settings, load_settings
from storage import Store

#: The reminder scheduler beats this often in tests, so a moved clock shows quickly.
HEARTBEAT = 0.05
#: Sunday 22 November 2026, 10:00 in Shanghai.
START = datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc)


class Rapport:
    def __init__(self, data_dir: Path, *, clock: MovableClock | None = None, **settings: str) -> None:
        self.data_dir = data_dir
        self.clock = clock or MovableClock(START)
        environment = {"DATA_DIR": str(data_dir), **settings}
        self.settings: Settings = load_settings(environment, env_file=None)
        self.session: LocalSession | None = None
        self._api: FakeBotApi | None = None
        self._written: dict[int, dict[str, object]] = {}  # update id → the update as Telegram sent it
        self.last_written = 0  # the update id of the last `says`

    @property
    def api(self) -> FakeBotApi:
        assert self._api is not None, "start the harness first"
        return self._api

    @property
    def store(self) -> Store:
        assert self.session is not None and self.session.application is not None
        return self.session.application.services.store

    async def start(self) -> Rapport:
        """Start the bot (and, the first time, the fake Telegram it talks to)."""
        if self._api is None:
            self._api = FakeBotApi(token=LOCAL_TOKEN, clock=self.clock)
            await self._api.start()
        self.session = LocalSession(self.settings, clock=self.clock, store=Store(self.data_dir), heartbeat=HEARTBEAT, api=self._api)
        await self.session.start()
        return self

    async def stop_bot(self) -> None:
        """Stop the bot; Telegram (the fake) stays up, as it would."""
        if self.session is not None:
            await self.session.stop()
            self.session = None

    async def stop(self) -> None:
        await self.stop_bot()
        if self._api is not None:
            await self._api.stop()
            self._api = None

    async def restart(self) -> None:
        """Stop the bot and start a new one on the same data, as a deploy would."""
        await self.stop_bot()
        await self.start()

    def with_settings(self, **settings: str) -> Settings:
        self.settings = dataclasses.replace(self.settings, **settings)  # type: ignore[arg-type]
        return self.settings

    # -- the user acts ------------------------------------------------------------------

    async def says(self, user_id: int, text: str, *, language_code: str | None = "en", **details: object) -> list[BotMessage]:
        update_id = self.api.user_writes(user_id, text, language_code=language_code, **details)  # type: ignore[arg-type]
        self._written[update_id] = copy.deepcopy(next(u for u in self.api.pending_updates() if u["update_id"] == update_id))
        self.last_written = update_id
        return await self._replies(update_id)

    async def is_delivered_again(self, update_id: int) -> list[BotMessage]:
        """Telegram hands the bot a message it already handled, as after a crash before the bot
        confirmed it (`bot.confirming_bot`); returns what the bot sent in answer."""
        assert self.session is not None and self.session.application is not None
        application = self.session.application
        before = {(message.chat_id, message.message_id) for chat in list(self.api.chats) for message in self.api.messages(chat)}
        await application.process_update(Update.de_json(self._written[update_id], application.bot))
        return [
            message
            for chat in list(self.api.chats)
            for message in self.api.messages(chat)
            if (message.chat_id, message.message_id) not in before
        ]

    async def forwards(self, user_id: int, text: str, *, sender: str, language_code: str | None = "en") -> list[BotMessage]:
        update_id = self.api.user_writes(user_id, text, language_code=language_code, forward_origin=ForwardOrigin(sender_name=sender))
        return await self._replies(update_id)

    async def presses(self, user_id: int, label: str, *, message_id: int | None = None) -> list[BotMessage]:
        update_id = self.api.press_button(user_id, label, message_id=message_id)
        return await self._replies(update_id)

    async def presses_data(self, user_id: int, message_id: int, data: str, *, forged: bool = False) -> list[BotMessage]:
        update_id = self.api.user_presses(user_id, message_id, data, forged=forged)
        return await self._replies(update_id)

    async def shares_location(self, user_id: int, latitude: float, longitude: float) -> list[BotMessage]:
        return await self._replies(self.api.user_shares_location(user_id, latitude, longitude))

    async def shares_contact(self, user_id: int, phone: str, first_name: str, last_name: str | None = None) -> list[BotMessage]:
        return await self._replies(self.api.user_shares_contact(user_id, phone, first_name, last_name))

    async def sends_file(self, user_id: int, filename: str, content: bytes, mime_type: str | None = None) -> list[BotMessage]:
        return await self._replies(self.api.user_sends_document(user_id, filename, content, mime_type))

    async def _replies(self, update_id: int) -> list[BotMessage]:
        assert self.session is not None
        await self.session.settled(update_id)
        return self.api.messages_after(update_id)

    # -- what the user sees ------------------------------------------------------------------

    def last(self, user_id: int) -> BotMessage:
        return self.api.last_message(user_id)

    def last_text(self, user_id: int) -> str:
        return self.last(user_id).plain_text or ""

    def advance(self, delta: timedelta) -> None:
        self.clock.advance(delta)

    async def at(self, moment: datetime) -> list[BotMessage]:
        """Move the clock to `moment` and run one scheduler beat; returns what it pushed."""
        assert self.session is not None and self.session.application is not None
        before = {(message.chat_id, message.message_id) for chat in list(self.api.chats) for message in self.api.messages(chat)}
        self.clock.set(moment)  # the background beat may act at once: the snapshot above already counts
        scheduler = self.session.application.scheduler
        assert scheduler is not None
        await scheduler.run_once(self.session.application.bot, wait=True)
        return [
            message
            for chat in list(self.api.chats)
            for message in self.api.messages(chat)
            if (message.chat_id, message.message_id) not in before
        ]

    def assert_telegram_accepted_everything(self) -> None:
        if self._api is None:
            return
        assert self.api.rejections == [], f"Telegram would have refused: {self.api.rejections}"
        assert self.api.unanswered_callback_queries() == [], "a button press was never answered"


def texts(messages: list[BotMessage]) -> str:
    """Everything the user sees in these messages, as one string."""
    return "\n".join(message.plain_text or "" for message in messages)
