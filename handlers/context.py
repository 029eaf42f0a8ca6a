"""The typed context every handler receives, and "who is asking" in one call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, cast

from telegram import Update
from telegram.ext import CallbackContext, ExtBot

from bot.services import Services
from crm.model import Salesperson

if TYPE_CHECKING:
    from bot.application import RapportApplication


class RapportContext(CallbackContext[ExtBot[None], dict, dict, dict]):
    """PTB's context plus `services` (settings, clock, store)."""

    @property
    def services(self) -> Services:
        return cast("RapportApplication", self.application).services


@dataclass(frozen=True, slots=True)
class Asker:
    """The salesperson behind an update, with the language and time zone to answer in."""

    user_id: int
    chat_id: int
    person: Salesperson | None
    language: str
    timezone: tzinfo

    def today(self, now: datetime) -> date:
        """The asker's local calendar day at `now` — "today" is theirs, not UTC's."""
        return now.astimezone(self.timezone).date()


async def asker(update: Update, context: RapportContext) -> Asker:
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        raise ValueError("this update has no user or chat to answer")
    services = context.services
    person = await services.person(user.id)
    return Asker(
        user_id=user.id,
        chat_id=chat.id,
        person=person,
        language=services.language(person, user.language_code),
        timezone=services.timezone(person),
    )
