"""What every handler and job needs, as one typed object (not a grab-bag in bot_data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.locales import language_for
from bot.settings import Settings
from crm.model import Salesperson
from storage import Store


@dataclass(slots=True)
class Services:
    settings: Settings
    clock: Clock
    store: Store

    def now(self) -> datetime:
        return self.clock.now()

    async def person(self, user_id: int) -> Salesperson | None:
        return await self.store.with_directory(lambda directory: directory.get(user_id))

    def language(self, person: Salesperson | None, telegram_code: str | None) -> str:
        """The salesperson's chosen language, else what Telegram says, else the default."""
        if person is not None and person.language:
            return person.language
        code = telegram_code or (person.telegram_language if person else None)
        return language_for(code, self.settings.default_language)

    def timezone(self, person: Salesperson | None) -> tzinfo:
        return ZoneInfo(person.timezone if person else self.settings.default_timezone)
