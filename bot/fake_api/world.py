"""What the fake Telegram holds: users, chats, messages, files, command menus and the update queue.

The Bot API methods (`methods.py`) change it from the bot's side, the
simulated users (`simulation.py`) from the people's side. It also keeps the
records tests read: rejections, faults, calls, button presses.

Everything runs on one event loop and never sleeps: waiting is done on an
event that is pulsed at every change, so a long poll or a test's wait ends the
moment something happens. Call it only from the loop's thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.clock import Clock, SystemClock
from bot.fake_api.api_errors import (
    BLOCKED_BY_USER,
    CANT_INITIATE,
    CHAT_ID_EMPTY,
    CHAT_NOT_FOUND,
    GET_UPDATES_CONFLICT,
    ApiError,
)
from bot.fake_api.records import (
    Activity,
    ApiCall,
    BotMessage,
    CallbackQueryRecord,
    Fault,
    Rejection,
    StoredFile,
)
from bot.fake_api.reply_markup import inline_keyboard

ChatType = Literal["private", "group", "supergroup"]

#: Update types Telegram leaves out unless a bot asks for them in `allowed_updates`.
NOT_SENT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass(slots=True)
class Chat:
    """One chat as the fake keeps it; message ids are counted per chat, shared by both sides."""

    json: dict[str, Any]
    next_message_id: int = 1
    bot_messages: dict[int, BotMessage] = field(default_factory=dict)
    user_messages: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return int(self.json["id"])

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


class TelegramWorld:
    """State shared by the bot's side (Bot API methods) and the test's side (simulated users)."""

    def __init__(
        self,
        token: str,
        *,
        clock: Clock | None = None,
        bot_first_name: str = "Rapport",
        bot_username: str = "rapport_test_bot",
    ) -> None:
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("a bot token looks like '123456:secret'")
        self.token = token
        self.bot_id = int(bot_id)
        self.bot_first_name = bot_first_name
        self.bot_username = bot_username
        self.clock: Clock = clock or SystemClock()

        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        #: Every button press, in order, by callback query id.
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        #: Command menus by (scope as canonical JSON, language code); see `command_menu`.
        self.command_lists: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.chat_actions: list[tuple[int, str]] = []
        #: Requests Telegram would have refused because of what the bot sent. Tests assert it stays empty.
        self.rejections: list[Rejection] = []
        #: Errors that were not the bot's doing (injected, blocked user, flood control).
        self.faults: list[Fault] = []
        #: Every Bot API request, in order, with the status it got.
        self.calls: list[ApiCall] = []
        #: Called with each Activity (message sent, edited, deleted, query answered), e.g. by the terminal chat.
        self.listeners: list[Callable[[Activity], None]] = []

        self._users: dict[int, dict[str, Any]] = {}
        self._blocked: set[int] = set()
        self._updates: list[dict[str, Any]] = []
        self._update_chats: dict[int, int] = {}
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] | None = None
        #: getUpdates requests being held open right now (a bot that is idle and listening has one).
        self.polls_waiting = 0
        self._poll_generation = 0
        self._closing = False
        self._pulse = asyncio.Event()
        self._file_counter = 0

    # ----------------------------------------------------------------- the bot's side (used by methods.py)

    def now(self) -> int:
        return int(self.clock.now().timestamp())

    def bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.bot_first_name, "username": self.bot_username}

    def chat_for(self, chat_id: int | str | None) -> Chat:
        """The chat a method addresses, or Telegram's error: empty, unknown, never opened, or blocked."""
        if chat_id is None or chat_id == "":
            raise ApiError(400, CHAT_ID_EMPTY)
        try:
            number = int(chat_id)
        except (TypeError, ValueError):
            raise ApiError(400, CHAT_NOT_FOUND) from None  # "@channel": the fake has no public chats
        chat = self.chats.get(number)
        if chat is None and number in self._users:  # met in a group, never opened a private chat
            raise ApiError(403, CANT_INITIATE)
        if chat is None:
            raise ApiError(400, CHAT_NOT_FOUND)
        if chat.id in self._blocked:
            raise ApiError(403, BLOCKED_BY_USER, fault="blocked")
        return chat

    def record_bot_message(self, message: BotMessage) -> BotMessage:
        self.chats[message.chat_id].bot_messages[message.message_id] = message
        self._announce(Activity("sent", message.chat_id, message=message))
        return message

    def record_edit(self, message: BotMessage) -> None:
        self._announce(Activity("edited", message.chat_id, message=message))

    def record_deletion(self, chat_id: int, message: BotMessage | None) -> None:
        self._announce(Activity("deleted", chat_id, message=message))

    def record_answer(self, query: CallbackQueryRecord) -> None:
        self._announce(Activity("answered", query.chat_id, callback_query=query))

    def latest_update_id(self) -> int:
        return self._next_update_id - 1

    def store_file(
        self,
        kind: Literal["document", "photo"],
        content: bytes,
        *,
        filename: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> StoredFile:
        self._file_counter += 1
        number = self._file_counter
        extension = filename.rpartition(".")[2] if filename and "." in filename else ""
        path = f"{kind}s/file_{number}" + (f".{extension}" if extension else ".jpg" if kind == "photo" else "")
        stored = StoredFile(
            kind=kind,
            file_id=f"fake-{kind}-{number}-{self.bot_id}",
            file_unique_id=f"fake-unique-{number}",
            file_path=path,
            content=content,
            filename=filename,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self.files[stored.file_id] = stored
        return stored

    def file_at(self, path: str) -> StoredFile | None:
        return next((stored for stored in self.files.values() if stored.file_path == path), None)

    def message_json(self, chat: Chat, message_id: int) -> dict[str, Any] | None:
        """The Bot API `Message` for any live message in the chat, from either side."""
        if message_id in chat.user_messages:
            return chat.user_messages[message_id]
        message = chat.bot_messages.get(message_id)
        if message is None or message.deleted:
            return None
        return self.bot_message_json(message)

    def bot_message_json(self, message: BotMessage) -> dict[str, Any]:
        """The Bot API `Message` Telegram returns for the bot's message as it stands now."""
        chat = self.chats[message.chat_id]
        result: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self.bot_user(),
            "chat": chat.json,
            "date": message.date,
        }
        if message.edit_date is not None:
            result["edit_date"] = message.edit_date
        entities_key = "entities"
        if message.file is None:
            result["text"] = message.plain_text
        else:
            result.update(file_json(message.file))
            entities_key = "caption_entities"
            if message.plain_text:
                result["caption"] = message.plain_text
        if message.entities:
            result[entities_key] = list(message.entities)
        if inline_keyboard(message.reply_markup):
            result["reply_markup"] = message.reply_markup
        if message.reply_to_message_id is not None:
            replied = self.message_json(chat, message.reply_to_message_id)
            if replied is not None:
                result["reply_to_message"] = without_reply(replied)
        return result

    def drop_pending_updates(self) -> None:
        self._updates.clear()
        self._changed()

    async def long_poll(
        self, offset: int | None, limit: int, timeout: float, allowed_updates: Iterable[str] | None
    ) -> list[dict[str, Any]]:
        """getUpdates: confirm by offset, then answer at once if updates wait, else when one comes or time is up.

        A newer getUpdates ends a waiting one with 409 Conflict, as Telegram does.
        """
        self._poll_generation += 1
        generation = self._poll_generation
        if allowed_updates is not None:
            self._allowed_updates = frozenset(allowed_updates)
        if offset is not None and offset > 0:
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
        elif offset is not None and offset < 0:
            self._updates = self._updates[offset:]
        deadline = asyncio.get_running_loop().time() + timeout
        self.polls_waiting += 1
        self._changed()  # an older long poll wakes to answer Conflict; waiters see this one listening
        try:
            while True:
                pulse = self._pulse
                if generation != self._poll_generation:
                    raise ApiError(409, GET_UPDATES_CONFLICT, fault="conflict")
                if self._updates or self._closing:
                    return self._updates[:limit]
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    return []
                try:
                    await asyncio.wait_for(pulse.wait(), remaining)
                except TimeoutError:
                    pass
        finally:
            self.polls_waiting -= 1
            self._changed()

    def close(self) -> None:
        """End every long poll now; used when the server stops."""
        self._closing = True
        self._changed()

    def _announce(self, activity: Activity) -> None:
        self._changed()
        for listener in list(self.listeners):
            listener(activity)

    def _changed(self) -> None:
        self._pulse.set()
        self._pulse = asyncio.Event()

    # ----------------------------------------------------------------- who is there (used by simulation.py)

    def user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        """The Bot API `User` for a person, created on first sight; given profile fields replace the old ones."""
        if user_id <= 0:
            raise ValueError("a user id is a positive number")
        user = self._users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": "en"}
        )
        profile = {
            "first_name": first_name, "last_name": last_name, "username": username, "language_code": language_code
        }
        user.update({key: value for key, value in profile.items() if value is not None})
        return user

    def open_chat(self, user: dict[str, Any], chat_id: int | None, chat_type: ChatType, title: str | None) -> Chat:
        """The chat `user` writes in, created on first sight: their private chat, or a group (negative id)."""
        if chat_type == "private":
            if chat_id is not None and chat_id != user["id"]:
                raise ValueError("a private chat has the id of its user")
            chat_id = user["id"]
            names: dict[str, Any] = {key: user[key] for key in ("first_name", "last_name", "username") if key in user}
            json: dict[str, Any] = {"id": chat_id, "type": "private", **names}
        else:
            if chat_id is None or chat_id >= 0:
                raise ValueError("a group chat needs a negative chat_id")
            json = {"id": chat_id, "type": chat_type, "title": title or f"Group {-chat_id}"}
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = self.chats[chat_id] = Chat(json)
        elif chat_type == "private":
            chat.json = json  # names may have changed
        elif title is not None:
            chat.json["title"] = title
        return chat

    def set_blocked(self, user_id: int, blocked: bool, *, notify_bot: bool) -> None:
        """Block or unblock the bot for a user; like Telegram, the bot hears of it by a my_chat_member update."""
        if (user_id in self._blocked) == blocked:
            return
        if blocked:
            self._blocked.add(user_id)
        else:
            self._blocked.discard(user_id)
        if notify_bot and user_id in self.chats:
            old, new = ("member", "kicked") if blocked else ("kicked", "member")
            update = {
                "chat": self.chats[user_id].json,
                "from": self.user(user_id),
                "date": self.now(),
                "old_chat_member": _bot_membership(self.bot_user(), old),
                "new_chat_member": _bot_membership(self.bot_user(), new),
            }
            self.enqueue("my_chat_member", update, user_id)

    def enqueue(self, kind: str, payload: dict[str, Any], chat_id: int) -> int:
        """Queue an update of `kind` for the bot; returns its id (allocated even if the bot does not want it)."""
        update_id = self._next_update_id
        self._next_update_id += 1
        self._update_chats[update_id] = chat_id
        allowed = self._allowed_updates
        wanted = kind not in NOT_SENT_BY_DEFAULT if not allowed else kind in allowed
        if wanted:  # Telegram does not even create the updates a bot said it does not want
            self._updates.append({"update_id": update_id, kind: payload})
            self._changed()
        return update_id

    def chat_of_update(self, update_id: int) -> int:
        chat_id = self._update_chats.get(update_id)
        if chat_id is None:
            raise AssertionError(f"there is no update {update_id}")
        return chat_id

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates the bot has not confirmed yet."""
        return list(self._updates)

    async def wait_until(
        self, condition: Callable[[], bool], *, timeout: float = 5.0, what: str = "the condition"
    ) -> None:
        """Wait for `condition()` to hold; on timeout, fail naming `what` and any rejected requests."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            pulse = self._pulse
            if condition():
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                rejected = "".join(f"\n  {rejection.method}: {rejection.description}" for rejection in self.rejections)
                raise AssertionError(
                    f"waited {timeout}s for {what}" + (f"; Telegram rejected:{rejected}" if rejected else "")
                )
            try:
                await asyncio.wait_for(pulse.wait(), remaining)
            except TimeoutError:
                pass


def scope_key(scope: dict[str, Any] | None) -> str:
    """A command scope as a canonical string, so equal scopes find the same command list."""
    scope = scope or {"type": "default"}
    parts = [scope["type"]] + [f"{key}={scope[key]}" for key in ("chat_id", "user_id") if key in scope]
    return ":".join(parts)


def file_json(stored: StoredFile) -> dict[str, Any]:
    """The `document` or `photo` field of a Bot API `Message` carrying this file."""
    common = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": stored.size}
    if stored.kind == "photo":
        return {"photo": [{**common, "width": stored.width, "height": stored.height}]}
    document = dict(common)
    if stored.filename:
        document["file_name"] = stored.filename
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return {"document": document}


def without_reply(message: dict[str, Any]) -> dict[str, Any]:
    """A message as it appears inside another's `reply_to_message`: Telegram does not nest replies deeper."""
    return {key: value for key, value in message.items() if key != "reply_to_message"}


def _bot_membership(bot: dict[str, Any], status: str) -> dict[str, Any]:
    member: dict[str, Any] = {"user": bot, "status": status}
    if status == "kicked":
        member["until_date"] = 0  # forever
    return member
