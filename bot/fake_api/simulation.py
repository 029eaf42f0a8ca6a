"""The test's side of the fake Telegram: users act, and what the bot did is read back.

"User 42 writes X", "press the button labelled Y" enqueue updates exactly as
Telegram would deliver them; "what did the bot answer" reads the records.
User actions are plain (sync) methods returning the update id, so a test can
call them between awaits; the waits (`wait_for_replies`, ...) never sleep.
A user can only do what a Telegram client lets them do: press a button that is
on a message, reply to a message that exists — anything else is an
AssertionError that names what is there instead.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from bot.fake_api.records import BotMessage, CallbackQueryRecord, ForwardOrigin, InlineButton
from bot.fake_api.world import ChatType, TelegramWorld, file_json, scope_key, without_reply

_COMMAND_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@")
_NO_PROFILE: dict[str, str | None] = {}


class SimulatedTelegram(TelegramWorld):
    """The world plus people in it: what they do, and what they were sent."""

    # ------------------------------------------------------------------ users act

    def add_private_chat(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> None:
        """A user who talked to the bot before (e.g. before a restart): the bot may write to them, no update is sent."""
        user = self.user(
            user_id, first_name=first_name, last_name=last_name, username=username, language_code=language_code
        )
        self.open_chat(user, None, "private", None)

    def user_writes(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: ChatType = "private",
        chat_title: str | None = None,
        language_code: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        forward_origin: ForwardOrigin | None = None,
        reply_to_message_id: int | None = None,
    ) -> int:
        """User `user_id` sends `text`; returns the update id.

        A leading "/command" gets its bot_command entity, as Telegram adds it.
        Profile fields (names, language) stick to the user once given. A group
        chat needs `chat_type="group"` (or "supergroup") and a negative `chat_id`.
        """
        fields: dict[str, Any] = {"text": text}
        command = _leading_command(text)
        if command:
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if forward_origin is not None:
            fields["forward_origin"] = self._forward_origin_json(forward_origin)
        profile = {
            "first_name": first_name, "last_name": last_name, "username": username, "language_code": language_code
        }
        return self._user_message(
            user_id, fields, chat_id=chat_id, chat_type=chat_type, chat_title=chat_title, profile=profile,
            reply_to_message_id=reply_to_message_id,
        )

    def user_shares_contact(
        self,
        user_id: int,
        phone_number: str,
        first_name: str,
        last_name: str | None = None,
        vcard: str | None = None,
        *,
        contact_user_id: int | None = None,
        chat_id: int | None = None,
    ) -> int:
        """User `user_id` shares a contact card; returns the update id."""
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": first_name}
        for key, value in (("last_name", last_name), ("vcard", vcard), ("user_id", contact_user_id)):
            if value is not None:
                contact[key] = value
        return self._user_message(user_id, {"contact": contact}, chat_id=chat_id)

    def user_shares_location(
        self,
        user_id: int,
        latitude: float,
        longitude: float,
        live_period: int | None = None,
        *,
        chat_id: int | None = None,
    ) -> int:
        """User `user_id` shares where they are (a live location with `live_period`); returns the update id."""
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if live_period is not None:
            location["live_period"] = live_period
        return self._user_message(user_id, {"location": location}, chat_id=chat_id)

    def user_sends_document(
        self,
        user_id: int,
        filename: str,
        content: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
        *,
        chat_id: int | None = None,
    ) -> int:
        """User `user_id` sends a file, which the bot can fetch with getFile and download; returns the update id."""
        mime_type = mime_type or mimetypes.guess_type(filename)[0]
        stored = self.store_file("document", content, filename=filename, mime_type=mime_type)
        fields = file_json(stored)
        if caption:
            fields["caption"] = caption
        return self._user_message(user_id, fields, chat_id=chat_id)

    def user_presses(
        self, user_id: int, message_id: int, callback_data: str, *, chat_id: int | None = None, forged: bool = False
    ) -> int:
        """User `user_id` presses the button carrying `callback_data` on bot message `message_id`.

        Like Telegram's apps, only a button that is really on the message can be
        pressed — unless `forged`: a modified client can send any callback data
        for any message of its chat, and the bot must survive that.
        Returns the update id; the press is recorded in `callback_queries`.
        """
        chat = self.chats.get(user_id if chat_id is None else chat_id)
        message = chat.bot_messages.get(message_id) if chat else None
        if chat is None or message is None or message.deleted:
            raise AssertionError(f"there is no bot message {message_id} in chat {chat_id or user_id} to press")
        if not forged and callback_data not in [button.callback_data for row in message.buttons for button in row]:
            raise AssertionError(
                f"message {message_id} has no button with callback data {callback_data!r}; "
                f"it has: {_describe_buttons(message)}"
            )
        self._unblock_on_activity(user_id)
        query_id = f"{self.bot_id}{len(self.callback_queries) + 1:010d}"
        query = {
            "id": query_id,
            "from": dict(self.user(user_id)),
            "message": self.bot_message_json(message),
            "chat_instance": str(abs(hash((self.bot_id, chat.id)))),
            "data": callback_data,
        }
        update_id = self.enqueue("callback_query", query, chat.id)
        self.callback_queries[query_id] = CallbackQueryRecord(
            query_id, update_id, user_id, chat.id, message_id, callback_data
        )
        return update_id

    def press_button(
        self, user_id: int, label: str, *, message_id: int | None = None, chat_id: int | None = None
    ) -> int:
        """Press the button labelled `label` (exactly, or a unique part of it) on the newest bot message that has it.

        With `message_id`, only that message is searched. Raises AssertionError
        naming the buttons there are when none (or more than one) matches.
        """
        chat = self.chats.get(user_id if chat_id is None else chat_id)
        candidates = [
            message
            for message in (chat.bot_messages.values() if chat else ())
            if not message.deleted and message.buttons and (message_id is None or message.message_id == message_id)
        ]
        candidates.sort(key=lambda message: message.message_id, reverse=True)
        for matches in (lambda text: text == label, lambda text: label in text):
            for message in candidates:
                found = [button for row in message.buttons for button in row if matches(button.text)]
                if len(found) > 1:
                    raise AssertionError(
                        f"{len(found)} buttons match {label!r} on message {message.message_id}: "
                        f"{[button.text for button in found]}"
                    )
                if found:
                    return self._press(user_id, message, found[0])
        on_screen = "; ".join(f"message {message.message_id}: {_describe_buttons(message)}" for message in candidates)
        raise AssertionError(f"no button labelled {label!r}; buttons on screen: {on_screen or 'none'}")

    def block_user(self, user_id: int, *, notify_bot: bool = True) -> None:
        """The user blocks the bot: requests to their chat get 403 until they unblock it or write again.

        Like Telegram, the bot is told with a my_chat_member update (unless `notify_bot` is False).
        """
        self.set_blocked(user_id, True, notify_bot=notify_bot)

    def unblock_user(self, user_id: int, *, notify_bot: bool = True) -> None:
        self.set_blocked(user_id, False, notify_bot=notify_bot)

    # ------------------------------------------------------------------ what the bot did

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[BotMessage]:
        """The bot's messages in a chat, oldest first."""
        chat = self.chats.get(chat_id)
        if chat is None:
            return []
        return [message for _, message in sorted(chat.bot_messages.items()) if include_deleted or not message.deleted]

    def last_message(self, chat_id: int) -> BotMessage:
        shown = self.messages(chat_id)
        if not shown:
            raise AssertionError(f"the bot has sent nothing (still shown) to chat {chat_id}")
        return shown[-1]

    def texts(self, chat_id: int) -> list[str]:
        """What the user sees of the bot's messages (text, or a file's caption), oldest first."""
        return [message.plain_text or "" for message in self.messages(chat_id)]

    def messages_after(self, update_id: int) -> list[BotMessage]:
        """Bot messages sent to the update's chat after the update was enqueued (deleted ones included).

        These are the replies to it — and to anything the same chat sent after it.
        """
        chat_id = self.chat_of_update(update_id)
        sent = self.messages(chat_id, include_deleted=True)
        return [message for message in sent if message.after_update_id >= update_id]

    def unanswered_callback_queries(self) -> list[CallbackQueryRecord]:
        return [query for query in self.callback_queries.values() if not query.answered]

    def command_menu(self, chat_id: int, language_code: str = "") -> list[tuple[str, str]]:
        """The command menu a user sees in their private chat, resolved in the order Telegram documents."""
        language = language_code.split("-")[0].lower()
        scopes = ({"type": "chat", "chat_id": chat_id}, {"type": "all_private_chats"}, {"type": "default"})
        for scope in scopes:
            for code in (language, ""):
                commands = self.command_lists.get((scope_key(scope), code))
                if commands:
                    return [(command["command"], command["description"]) for command in commands]
        return []

    async def wait_for_messages(self, chat_id: int, count: int = 1, *, timeout: float = 5.0) -> list[BotMessage]:
        """Wait until the bot has sent `count` messages to the chat in all; returns all it sent (deleted too)."""
        await self.wait_until(
            lambda: len(self.messages(chat_id, include_deleted=True)) >= count,
            timeout=timeout,
            what=f"{count} message(s) in chat {chat_id}",
        )
        return self.messages(chat_id, include_deleted=True)

    async def wait_for_replies(self, update_id: int, count: int = 1, *, timeout: float = 5.0) -> list[BotMessage]:
        """Wait until `count` bot messages went to the update's chat since the update; returns them all."""
        await self.wait_until(
            lambda: len(self.messages_after(update_id)) >= count,
            timeout=timeout,
            what=f"{count} repl(ies) to update {update_id}",
        )
        return self.messages_after(update_id)

    async def wait_for_answer(self, update_id: int, *, timeout: float = 5.0) -> CallbackQueryRecord:
        """Wait until the bot answers the button press of `update_id`."""
        query = next((query for query in self.callback_queries.values() if query.update_id == update_id), None)
        if query is None:
            raise AssertionError(f"update {update_id} is not a button press")
        await self.wait_until(lambda: query.answered, timeout=timeout, what=f"an answer to button press {update_id}")
        return query

    # ------------------------------------------------------------------ inside

    def _user_message(
        self,
        user_id: int,
        fields: dict[str, Any],
        *,
        chat_id: int | None,
        chat_type: ChatType = "private",
        chat_title: str | None = None,
        profile: dict[str, str | None] = _NO_PROFILE,
        reply_to_message_id: int | None = None,
    ) -> int:
        user = self.user(user_id, **profile)
        if chat_id is not None and chat_id < 0 and chat_type == "private":
            chat_type = "group"
        chat = self.open_chat(user, chat_id, chat_type, chat_title)
        self._unblock_on_activity(user_id)
        message: dict[str, Any] = {
            "message_id": chat.take_message_id(),
            "from": dict(user),
            "chat": chat.json,
            "date": self.now(),
        }
        if reply_to_message_id is not None:
            replied = self.message_json(chat, reply_to_message_id)
            if replied is None:
                raise AssertionError(f"there is no message {reply_to_message_id} in chat {chat.id} to reply to")
            message["reply_to_message"] = without_reply(replied)
        message.update(fields)
        chat.user_messages[message["message_id"]] = message
        return self.enqueue("message", message, chat.id)

    def _forward_origin_json(self, origin: ForwardOrigin) -> dict[str, Any]:
        date = int((origin.date or self.clock.now()).timestamp())
        if origin.sender_user_id is None:
            return {"type": "hidden_user", "date": date, "sender_user_name": origin.sender_name}
        first, _, last = origin.sender_name.partition(" ")
        sender: dict[str, Any] = {"id": origin.sender_user_id, "is_bot": False, "first_name": first}
        if last:
            sender["last_name"] = last
        if origin.sender_username:
            sender["username"] = origin.sender_username
        return {"type": "user", "date": date, "sender_user": sender}

    def _press(self, user_id: int, message: BotMessage, button: InlineButton) -> int:
        if button.callback_data is None:
            raise AssertionError(f"button {button.text!r} opens {button.url!r}; it sends nothing to the bot")
        return self.user_presses(user_id, message.message_id, button.callback_data, chat_id=message.chat_id)

    def _unblock_on_activity(self, user_id: int) -> None:
        # A user who blocked the bot can only write to it again after pressing "Restart", which unblocks it.
        self.unblock_user(user_id)


def _leading_command(text: str) -> str:
    """The "/command" or "/command@bot" a text starts with, as Telegram marks it."""
    if not text.startswith("/"):
        return ""
    end = 1
    while end < len(text) and text[end] in _COMMAND_CHARACTERS:
        end += 1
    return text[:end] if end > 1 else ""


def _describe_buttons(message: BotMessage) -> str:
    labels = [repr(button.text) for row in message.buttons for button in row]
    return ", ".join(labels) or "no buttons"
