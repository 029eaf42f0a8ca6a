"""The one way replies reach Telegram: HTML checked by construction, split under the limits.

Templates come from `bot.locales.t` (which escapes every value); this module
turns them into messages: long texts are split at line breaks — never inside a
tag or an entity, with open tags closed and reopened across the cut — so no
message exceeds Telegram's 4096 characters, and keyboards go on the last part.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections import OrderedDict
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import cast

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, NetworkError
from telegram.ext import ExtBot

from bot.locales import Html
from bot.pacing import Priority

MAX_TEXT = 4096  # Telegram's limit on a message's text, in UTF-16 code units after parsing
MAX_CAPTION = 1024
MAX_LABEL = 40  # characters of user text on a button before it is shortened

log = logging.getLogger(__name__)

#: Pauses (s) before sending again after a gateway or network error. A note's confirmation lost
#: to a 502 would have the salesperson type the note again; a rare double reply is the lesser harm.
SEND_RETRY_PAUSES = (0.5, 2.0)
#: Messages per chat whose content `Screens` remembers (a double tap hits one of the latest).
SCREENS_REMEMBERED = 16

_TOKEN = re.compile(r"<[^<>]*>|&#?\w+;|\n|[^<&\n]+|[<&]")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z-]+)")


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: `data` is callback data from `handlers.callback_data.pack`."""

    label: str
    data: str | None = None
    url: str | None = None


Keyboard = Sequence[Sequence[Button]]


@dataclass(slots=True)
class Screens:
    """What the bot's latest messages in one chat show, as it last sent or edited them.

    Telegram refuses an edit that changes nothing (400 "message is not modified"):
    a double tap, or a press that reopens what is already on screen. The message
    in a button press is the message as it was *when pressed*, so only the bot's
    own memory knows what the screen shows now. Kept per chat by the Application
    (`current_screens` is set for each update); fingerprints, not texts.
    """

    chat_id: int
    shown: OrderedDict[int, tuple[int | None, int]] = field(default_factory=OrderedDict)

    def showing(self, message_id: int) -> tuple[int | None, int] | None:
        return self.shown.get(message_id)

    def remember(self, message_id: int, text: int | None, keyboard: int) -> None:
        self.shown[message_id] = (text, keyboard)
        self.shown.move_to_end(message_id)
        while len(self.shown) > SCREENS_REMEMBERED:
            self.shown.popitem(last=False)


#: The screens of the chat whose update is being handled; None outside an update (scheduler pushes).
current_screens: ContextVar[Screens | None] = ContextVar("current_screens", default=None)


def _screens(chat_id: int) -> Screens | None:
    screens = current_screens.get()
    return screens if screens is not None and screens.chat_id == chat_id else None


def _fingerprint(keyboard: Keyboard | None) -> int:
    return hash(tuple(tuple(row) for row in keyboard or () if row))


def label(text: str, limit: int = MAX_LABEL) -> str:
    """User text shortened to fit on a button (buttons are plain text, never HTML)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain_text(text: str) -> str:
    """What Telegram shows for an HTML text; for places that take plain text (buttons, alerts)."""
    return html.unescape(re.sub(r"<[^<>]*>", "", text))


def markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(_button_text(button.label), callback_data=button.data, url=button.url) for button in row]
            for row in keyboard
            if row
        ]
    )


def _button_text(text: str) -> str:
    """Buttons show plain text: catalog strings (Html) are unescaped, user text passes as is."""
    return plain_text(text) if isinstance(text, Html) else text


def notice(text: str | None) -> str | None:
    """A callback answer: plain text of at most 200 characters."""
    return None if text is None else label(plain_text(text), 200)


async def send(
    bot: ExtBot, chat_id: int, text: str, keyboard: Keyboard | None = None, *, priority: Priority = Priority.REPLY
) -> Message:
    """Send `text` (split if needed) with `keyboard` under the last part; returns the last message.

    A push (nobody is waiting for it) says so with `priority`, and gives way to replies.
    """
    parts = split_html(text)
    for part in parts[:-1]:
        await _send_message(bot, chat_id, part, priority=priority)
    message = await _send_message(bot, chat_id, parts[-1], markup(keyboard), priority=priority)
    if (screens := _screens(chat_id)) is not None:
        screens.remember(message.message_id, hash(parts[-1]), _fingerprint(keyboard))
    return message


async def _send_message(
    bot: ExtBot, chat_id: int, text: str, keyboard: InlineKeyboardMarkup | None = None, *, priority: Priority = Priority.REPLY
) -> Message:
    """`send_message`, tried again after a network error (502, 503, time-out); never after a refusal."""
    for pause in SEND_RETRY_PAUSES:
        try:
            return await bot.send_message(chat_id, text, reply_markup=keyboard, rate_limit_args=priority)
        except BadRequest:  # PTB's BadRequest is a NetworkError, but Telegram refused: sending again would too
            raise
        except NetworkError as error:
            log.warning("sending to chat %s failed (%s); trying again in %.1f s", chat_id, error.message, pause)
            await asyncio.sleep(pause)
    return await bot.send_message(chat_id, text, reply_markup=keyboard, rate_limit_args=priority)


async def edit(query: CallbackQuery, text: str, keyboard: Keyboard | None = None) -> None:
    """Replace the pressed message's text; overflow goes out as new messages.

    An edit that would change nothing is not sent (see `Screens`); should
    Telegram still answer "message is not modified" (the bot restarted and
    forgot), the screen already shows what we wanted, which is not an error.
    """
    parts = split_html(text)
    last = len(parts) == 1
    wanted = (hash(parts[0]), _fingerprint(keyboard if last else None))
    screens = _screens(query.message.chat.id) if query.message is not None else None
    if screens is not None and query.message is not None and screens.showing(query.message.message_id) == wanted:
        return
    try:
        await query.edit_message_text(parts[0], reply_markup=markup(keyboard) if last else None)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise
    if screens is not None and query.message is not None:
        screens.remember(query.message.message_id, *wanted)
    if query.message is not None and not last:
        bot = cast(ExtBot, query.get_bot())  # PTB gives handlers its ExtBot, typed as the Bot it extends
        for part in parts[1:-1]:
            await _send_message(bot, query.message.chat.id, part)
        await _send_message(bot, query.message.chat.id, parts[-1], markup(keyboard))


async def set_keyboard(query: CallbackQuery, keyboard: Keyboard | None) -> None:
    """Change (or with None remove) the buttons of the pressed message; unchanged is not sent."""
    screens = _screens(query.message.chat.id) if query.message is not None else None
    shown = screens.showing(query.message.message_id) if screens is not None and query.message is not None else None
    if shown is not None and shown[1] == _fingerprint(keyboard):
        return
    try:
        await query.edit_message_reply_markup(markup(keyboard))
    except BadRequest as error:
        if "not modified" not in error.message:
            raise
    if screens is not None and query.message is not None:
        screens.remember(query.message.message_id, shown[0] if shown else None, _fingerprint(keyboard))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_html(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut Telegram HTML into parts whose visible text fits `limit`, preferring line breaks."""
    text = text.strip()
    if utf16_length(text) <= limit:  # raw HTML is never shorter than what it shows
        return [text or "…"]
    parts: list[str] = []
    body: list[str] = []
    opened: list[str] = []  # opening tags in effect at the current position
    start_tags: list[str] = []  # tags reopened at the start of the current part
    width = 0
    cut: tuple[int, list[str], int] | None = None  # last line break: (tokens, tags open, width)
    tokens = _TOKEN.findall(text)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        size = _width(token)
        if width + size <= limit:
            body.append(token)
            width += size
            _track(token, opened)
            if token == "\n":
                cut = (len(body), list(opened), width)
            index += 1
            continue
        if cut is not None and cut[0] > 0:
            count, tags_then, width_then = cut
            parts.append(_closed("".join(start_tags + body[:count]), tags_then))
            start_tags, body, width, cut = list(tags_then), body[count:], width - width_then, None
            continue
        if token.startswith("<") or token.startswith("&") or token == "\n":
            parts.append(_closed("".join(start_tags + body), opened))
            start_tags, body, width = list(opened), [], 0
            continue
        room = _fitting(token, limit - width)
        if room:
            body.append(token[:room])
            tokens[index] = token[room:]
        parts.append(_closed("".join(start_tags + body), opened))
        start_tags, body, width = list(opened), [], 0
    parts.append(_closed("".join(start_tags + body), opened))
    return [part for part in (piece.strip() for piece in parts) if _visible(part)]


def _width(token: str) -> int:
    if token.startswith("<") and token.endswith(">") and len(token) > 1:
        return 0
    if token.startswith("&") and token.endswith(";"):
        return utf16_length(html.unescape(token))
    return utf16_length(token)


def _fitting(text: str, room: int) -> int:
    """How many characters of `text` fit in `room` UTF-16 units."""
    used = 0
    for count, character in enumerate(text):
        used += 2 if ord(character) > 0xFFFF else 1
        if used > room:
            return count
    return len(text)


def _track(token: str, opened: list[str]) -> None:
    if not (token.startswith("<") and token.endswith(">")):
        return
    match = _TAG_NAME.match(token)
    if match is None:
        return
    if token.startswith("</"):
        name = match.group(1).lower()
        for position in range(len(opened) - 1, -1, -1):
            if _TAG_NAME.match(opened[position]).group(1).lower() == name:  # type: ignore[union-attr]
                del opened[position:]
                break
    elif not token.endswith("/>"):
        opened.append(token)


def _closed(part: str, opened: list[str]) -> str:
    closing = "".join(f"</{_TAG_NAME.match(tag).group(1)}>" for tag in reversed(opened))  # type: ignore[union-attr]
    return part + closing


def _visible(part: str) -> bool:
    return bool(re.sub(r"<[^<>]*>", "", part).strip())
