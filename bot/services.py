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


@dataclass(frozen=True, slots=True)
class Share:
    """The salespeople one process serves: those whose user id is `index` modulo `count`.

    With several workers (`bot/workers.py`) each serves its share, and only its
    own reminders go out from it; alone, a process serves everyone.
    """

    index: int = 0
    count: int = 1

    def __contains__(self, user_id: int) -> bool:
        return user_id % self.count == self.index


@dataclass(slots=True)
class Services:
    settings: Settings
    clock: Clock
    store: Store
    share: Share = Share()

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
