"""Plain text in a private chat: an answer to a prompt, a question to Rapport, or a note.

In that order: if Rapport just asked for something (a birthday, a client's
name) and the text fits, it is the answer; else if it reads as a request
("今天该拜访谁", "show John") the request is served; anything else is a note.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any

from telegram import Update

from bot.locales import t
from crm import conversation
from crm.clients import set_birthday
from crm.conversation import Awaiting
from crm.intents import Intent, IntentKind, classify
from crm.understanding import read_birthday
from crm.model import NoteSource
from handlers import notes, portability
from handlers.context import RapportContext, asker
from handlers.render import send
from storage import Book

IntentHandler = Callable[[Update, RapportContext, Intent], Awaitable[None]]
MAX_NAME = 40


def text_handler(intents: Mapping[IntentKind, IntentHandler]) -> Callable[[Update, RapportContext], Coroutine[Any, Any, None]]:
    async def on_text(update: Update, context: RapportContext) -> None:
        """Answer, serve, or file the text."""
        message = update.effective_message
        assert message is not None and message.text is not None
        text = message.text
        if message.forward_origin is not None:
            await notes.take_note(update, context, text, source=NoteSource.FORWARD, name_hint=_forwarded_from(message))
            return
        who = await asker(update, context)
        if who.person is None and portability.is_delete_word(text):
            # /deleteme's confirmation, delivered again after a crash: nothing is left, and nothing may come back.
            await send(context.bot, who.chat_id, t(who.language, "data.deleteme_done"))
            return
        now = context.services.now()
        seen, awaiting = await context.services.store.with_book(
            who.user_id, lambda book: (conversation.captured_as(book, update.update_id), conversation.expected(book, now=now))
        )
        if seen is not None:  # delivered again after a crash: capture answers "already filed / received"
            await notes.take_note(update, context, text)
            return
        if awaiting is not None and await _answer(update, context, awaiting, text):
            return
        intent = classify(text)
        if intent is not None and intent.kind in intents:
            await intents[intent.kind](update, context, intent)
            return
        await notes.take_note(update, context, text)

    return on_text


async def _answer(update: Update, context: RapportContext, awaiting: Awaiting, text: str) -> bool:
    """Treat `text` as the answer Rapport asked for, if it fits; True when handled."""
    who = await asker(update, context)
    store = context.services.store
    if awaiting.what == "deleteme":
        await portability.deleteme_answer(update, context, text)
        return True
    if awaiting.what == "note_for":
        await store.with_book(who.user_id, conversation.stop_expecting)
        await notes.note_for_client(update, context, int(awaiting.target), text)
        return True
    if awaiting.what == "birthday":
        birthday = read_birthday(text, who.timezone)

        def save(book: Book) -> object:
            conversation.stop_expecting(book, answered_by=update.update_id)
            return set_birthday(book, int(awaiting.target), birthday) if birthday is not None else None

        client = await store.with_book(who.user_id, save)
        if birthday is None:
            await send(context.bot, who.chat_id, t(who.language, "card.birthday_unreadable"))
        elif client is None:
            await send(context.bot, who.chat_id, t(who.language, "common.expired"))
        else:
            await send(
                context.bot,
                who.chat_id,
                t(who.language, "card.birthday_saved", client=client.name, birthday=notes.birthday_text(who.language, birthday)),  # type: ignore[attr-defined]
            )
        return True
    if awaiting.what in ("pending_name", "move_to_new") and "\n" not in text and len(text.strip()) <= MAX_NAME:
        await notes.answer_name(update, context, awaiting.what, awaiting.target, text.strip())
        return True
    await store.with_book(who.user_id, conversation.stop_expecting)
    return False


def _forwarded_from(message: object) -> str | None:
    """The display name of whoever wrote a forwarded message, when Telegram tells it."""
    origin = getattr(message, "forward_origin", None)
    user = getattr(origin, "sender_user", None)
    if user is not None:
        return " ".join(part for part in (user.first_name, user.last_name) if part)
    return getattr(origin, "sender_user_name", None)
