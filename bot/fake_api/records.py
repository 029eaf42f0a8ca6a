"""What the fake remembers for the tests: the bot's messages, files, answers and mistakes.

These are plain records for assertions ("what did the bot answer", "was every
button press answered", "did Telegram have to reject anything"). They are read
by tests and by the terminal chat; only the fake writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from bot.fake_api.api_errors import FaultReason
from bot.fake_api.reply_markup import inline_keyboard


@dataclass(frozen=True, slots=True)
class InlineButton:
    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class MessageVersion:
    """A message as it was before an edit."""

    text: str | None
    plain_text: str | None
    parse_mode: str | None
    entities: tuple[dict[str, Any], ...]
    reply_markup: dict[str, Any] | None
    date: int


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file Telegram holds: sent by the bot, or by a user (and then downloadable with getFile)."""

    kind: Literal["document", "photo"]
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    filename: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(slots=True)
class BotMessage:
    """One message the bot sent, as it stands now; `history` holds what edits replaced.

    For a document or photo, `text`/`plain_text` are its caption.
    """

    chat_id: int
    message_id: int
    date: int
    text: str | None
    plain_text: str | None
    parse_mode: str | None
    entities: tuple[dict[str, Any], ...]
    reply_markup: dict[str, Any] | None
    #: The newest update that existed when the bot sent this: a reply to update N has this ≥ N.
    after_update_id: int
    link_preview_disabled: bool = False
    reply_to_message_id: int | None = None
    file: StoredFile | None = None
    history: list[MessageVersion] = field(default_factory=list)
    edit_date: int | None = None
    deleted: bool = False

    @property
    def buttons(self) -> list[list[InlineButton]]:
        """The inline keyboard, row by row (empty when there is none)."""
        return [
            [InlineButton(button["text"], button.get("callback_data"), button.get("url")) for button in row]
            for row in inline_keyboard(self.reply_markup)
        ]

    @property
    def button_labels(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]

    def version(self) -> MessageVersion:
        return MessageVersion(
            self.text, self.plain_text, self.parse_mode, self.entities, self.reply_markup, self.edit_date or self.date
        )


@dataclass(slots=True)
class CallbackQueryRecord:
    """A button press and how the bot answered it (`answered` stays False until it does)."""

    id: str
    update_id: int
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answered: bool = False
    answer_text: str | None = None
    show_alert: bool = False
    answer_url: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """A request Telegram would have refused because of what the bot sent."""

    method: str
    status: int
    description: str
    params: dict[str, str]


@dataclass(frozen=True, slots=True)
class Fault:
    """An error that was not the bot's doing: injected, a blocked user, flood control."""

    method: str
    status: int
    description: str
    reason: FaultReason


@dataclass(frozen=True, slots=True)
class ApiCall:
    method: str
    status: int


@dataclass(frozen=True, slots=True)
class ForwardOrigin:
    """Where a forwarded message came from (Bot API 7 `forward_origin`).

    With `sender_user_id` it is a "user" origin; without, a "hidden_user" one —
    what Telegram shows when the original sender hides their account.
    """

    sender_name: str
    sender_user_id: int | None = None
    sender_username: str | None = None
    date: datetime | None = None


ActivityKind = Literal["sent", "edited", "deleted", "answered"]


@dataclass(frozen=True, slots=True)
class Activity:
    """Something the bot did that a watcher (the terminal chat) may want to show."""

    kind: ActivityKind
    chat_id: int
    message: BotMessage | None = None
    callback_query: CallbackQueryRecord | None = None
