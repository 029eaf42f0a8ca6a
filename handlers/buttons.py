"""Button presses: decode the payload, run its action, and always answer the query.

Telegram shows a spinner until a callback query is answered, so every press is
answered exactly once, here: with the short notice the action returns, or with
"no longer available" for payloads that are stale, forged or unknown.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any

from telegram import Update

from bot.locales import t
from handlers.callback_data import Callback, unpack
from handlers.context import RapportContext, asker
from handlers.render import notice

#: An action gets the decoded payload and returns a short notice to show, or None.
ButtonAction = Callable[[Update, RapportContext, Callback], Awaitable[str | None]]


def dispatcher(
    actions: Mapping[str, ButtonAction],
) -> Callable[[Update, RapportContext], Coroutine[Any, Any, None]]:
    async def on_press(update: Update, context: RapportContext) -> None:
        """Run the pressed button's action and answer the press."""
        query = update.callback_query
        assert query is not None
        callback = unpack(query.data)
        action = actions.get(callback.action) if callback is not None else None
        if callback is None or action is None:
            who = await asker(update, context)
            await query.answer(notice(t(who.language, "common.expired")))
            return
        await query.answer(notice(await action(update, context, callback)))

    return on_press
