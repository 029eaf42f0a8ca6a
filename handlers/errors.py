"""The last line of defence: log the failure, tell the user, hand back what they wrote.

The traceback is logged first, before anything that could fail again (as PTB's
rules-bot does). The update's content is never logged: notes are private, and
only the update id and kind go to the log. The user gets their own words back,
so nothing they typed is lost even when handling it failed.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError

from bot.locales import t
from handlers.context import RapportContext, asker
from handlers.render import notice, send

log = logging.getLogger(__name__)


async def report_error(update: object, context: RapportContext) -> None:
    """Log the error and, for a user's update, apologise and quote back what they sent."""
    kind = _kind(update)
    log.error("error while handling %s", kind, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, (Forbidden, NetworkError)):
        return  # we cannot reach the user right now; telling them would fail the same way
    try:
        who = await asker(update, context)
        if update.callback_query is not None:
            await update.callback_query.answer(notice(t(who.language, "common.error_short")), show_alert=True)
            return
        message = update.effective_message
        text = (message.text or message.caption) if message is not None else None
        if text:
            reply = t(who.language, "common.error_with_text", text=text)
        else:
            reply = t(who.language, "common.error")
        await send(context.bot, who.chat_id, reply)
    except TelegramError:
        log.warning("could not tell the user about the error in %s", kind, exc_info=True)


def _kind(update: object) -> str:
    if isinstance(update, Update):
        for name in ("message", "edited_message", "callback_query", "my_chat_member"):
            if getattr(update, name, None) is not None:
                return f"update {update.update_id} ({name})"
        return f"update {update.update_id}"
    return type(update).__name__
