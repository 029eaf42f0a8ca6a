"""The door every update passes first: private chats only, allow-list, re-activation.

Client data must never show in a group, and a bot limited by ALLOWED_USER_IDS
must not store anything of a stranger — so these checks run before any other
handler (group -1) and stop the update when they fail.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.locales import language_for, t
from crm import salespeople
from handlers.context import RapportContext
from handlers.render import notice

log = logging.getLogger(__name__)


async def guard(update: Update, context: RapportContext) -> None:
    """Refuse groups and strangers; a user who had blocked the bot and writes again is active again."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    settings = context.services.settings
    language = language_for(user.language_code, settings.default_language)
    if chat.type != ChatType.PRIVATE:
        await _refuse(update, t(language, "common.private_only"))
        raise ApplicationHandlerStop
    allowed = settings.allowed_user_ids
    if allowed is not None and user.id not in allowed:
        log.info("refused user %s: not in ALLOWED_USER_IDS", user.id)
        await _refuse(update, t(language, "common.not_allowed", user_id=user.id))
        raise ApplicationHandlerStop
    await context.services.store.with_directory(lambda directory: salespeople.reactivate(directory, user.id))


async def _refuse(update: Update, text: str) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(notice(text), show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)


