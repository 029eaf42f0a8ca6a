"""Keyboards as strict as Telegram: the checks a `reply_markup` must pass, and its buttons.

Telegram refuses an inline button with no action or with empty callback data
("Text buttons are unallowed"), callback data over 64 bytes of UTF-8
(BUTTON_DATA_INVALID), and URLs it cannot open. The fake also refuses a button
with two actions, which Telegram silently reads as the first — a bug either way.
"""

from __future__ import annotations

from typing import Any

from bot.fake_api.api_errors import (
    BUTTON_DATA_INVALID,
    BUTTON_TEXT_MISSING,
    BUTTON_TEXT_NOT_STRING,
    BUTTON_URL_INVALID,
    FAKE_ONE_ACTION,
    FIELD_MUST_BE,
    INLINE_KEYBOARD_EXPECTED,
    MARKUP_INVALID,
    TEXT_BUTTONS_UNALLOWED,
    bad_request,
)

MAX_CALLBACK_DATA_BYTES = 64
INLINE_ACTIONS = (
    "url",
    "login_url",
    "callback_data",
    "web_app",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_KEYBOARD_FLAGS = ("resize_keyboard", "one_time_keyboard", "is_persistent", "selective")
_URL_SCHEMES = ("http://", "https://", "tg://")


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """The markup as Telegram keeps it, or the error Telegram gives for it."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request(MARKUP_INVALID)
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        _check_reply_keyboard(markup)
    elif "remove_keyboard" in markup:
        _check_flag(markup, "remove_keyboard")
    elif "force_reply" in markup:
        _check_flag(markup, "force_reply")
    else:
        raise bad_request(MARKUP_INVALID)
    return markup


def check_inline_markup(markup: Any) -> dict[str, Any] | None:
    """For edits: only an inline keyboard (or none, which removes it) is allowed."""
    checked = check_reply_markup(markup)
    if checked is not None and "inline_keyboard" not in checked:
        raise bad_request(INLINE_KEYBOARD_EXPECTED)
    return checked


def inline_keyboard(markup: dict[str, Any] | None) -> list[list[dict[str, Any]]]:
    """The rows of inline buttons, or no rows when the markup is not an inline keyboard."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return markup["inline_keyboard"]


def _check_flag(markup: dict[str, Any], name: str) -> None:
    if name in markup and not isinstance(markup[name], bool):
        raise bad_request(FIELD_MUST_BE.format(field=name, kind="Boolean"))


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(FIELD_MUST_BE.format(field="inline_keyboard", kind="Array"))
    for row in rows:
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or "text" not in button:
        raise bad_request(BUTTON_TEXT_MISSING)
    if not isinstance(button["text"], str):
        raise bad_request(BUTTON_TEXT_NOT_STRING)
    actions = [name for name in INLINE_ACTIONS if button.get(name) is not None]
    if not actions or actions == ["callback_data"] and button["callback_data"] == "":
        raise bad_request(TEXT_BUTTONS_UNALLOWED)
    if len(actions) > 1:
        raise bad_request(FAKE_ONE_ACTION.format(fields=", ".join(actions)))
    if "callback_data" in actions:
        data = button["callback_data"]
        if not isinstance(data, str) or len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
            raise bad_request(BUTTON_DATA_INVALID)
    if "url" in actions:
        _check_url(str(button["url"]))


def _check_url(url: str) -> None:
    _, separator, rest = url.partition("://")
    if separator and not url.lower().startswith(_URL_SCHEMES):
        raise bad_request(BUTTON_URL_INVALID.format(url=url, reason="Unsupported URL protocol"))
    host = (rest if separator else url).split("/", 1)[0]
    if not host or " " in url or (not separator and "." not in host):
        raise bad_request(BUTTON_URL_INVALID.format(url=url, reason="Wrong HTTP URL"))


def _check_reply_keyboard(markup: dict[str, Any]) -> None:
    rows = markup["keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(FIELD_MUST_BE.format(field="keyboard", kind="Array"))
    for row in rows:
        for button in row:
            if not isinstance(button, (str, dict)) or isinstance(button, dict) and not isinstance(
                button.get("text"), str
            ):
                raise bad_request("Bad Request: can't parse keyboard button: Can't find field \"text\"")
    for flag in _KEYBOARD_FLAGS:
        _check_flag(markup, flag)
