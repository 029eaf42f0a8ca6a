"""Telegram's error answers: the HTTP status, the exact description, and who caused it.

Descriptions are Telegram's own words wherever they are known (collected from
answers of the real Bot API). The few the fake has to invent — for things it
does on purpose differently, or cannot do — start with "(fake Bot API)" so
nobody mistakes them for Telegram's.

An error is either a *rejection* (the bot asked for something Telegram refuses:
the tests assert there are none) or a *fault* (the world misbehaved: a blocked
user, flood control, an outage the test injected).
"""

from __future__ import annotations

from typing import Any, Literal

FaultReason = Literal["injected", "blocked", "rate_limited", "conflict"]

CHAT_NOT_FOUND = "Bad Request: chat not found"
CHAT_ID_EMPTY = "Bad Request: chat_id is empty"
MESSAGE_TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_MUST_BE_NON_EMPTY = "Bad Request: text must be non-empty"
MESSAGE_TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
UNSUPPORTED_PARSE_MODE = "Bad Request: unsupported parse_mode"
CANT_PARSE_ENTITIES = "Bad Request: can't parse entities: {reason}"
MESSAGE_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
MESSAGE_TO_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
MESSAGE_CANT_BE_EDITED = "Bad Request: message can't be edited"
NO_TEXT_TO_EDIT = "Bad Request: there is no text in the message to edit"
MESSAGE_ID_MISSING = "Bad Request: message identifier is not specified"
MESSAGE_TO_DELETE_NOT_FOUND = "Bad Request: message to delete not found"
REPLIED_MESSAGE_NOT_FOUND = "Bad Request: message to be replied not found"
QUERY_ID_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
ANSWER_TOO_LONG = "Bad Request: MESSAGE_TOO_LONG"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
TEXT_BUTTONS_UNALLOWED = (
    "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
)
BUTTON_TEXT_MISSING = "Bad Request: can't parse inline keyboard button: Can't find field \"text\""
BUTTON_TEXT_NOT_STRING = "Bad Request: can't parse inline keyboard button: Field \"text\" must be of type String"
BUTTON_URL_INVALID = "Bad Request: inline keyboard button URL '{url}' is invalid: {reason}"
MARKUP_INVALID = "Bad Request: can't parse reply keyboard markup JSON object"
FIELD_MUST_BE = 'Bad Request: field "{field}" must be of type {kind}'
INLINE_KEYBOARD_EXPECTED = "Bad Request: inline keyboard expected"
INVALID_FILE_ID = "Bad Request: invalid file_id"
WRONG_FILE_IDENTIFIER = "Bad Request: wrong file identifier/HTTP URL specified"
FILE_EMPTY = "Bad Request: file must be non-empty"
FILE_TOO_BIG = "Bad Request: file is too big"
NO_FILE_IN_REQUEST = "Bad Request: there is no {kind} in the request"
IMAGE_PROCESS_FAILED = "Bad Request: IMAGE_PROCESS_FAILED"
PHOTO_INVALID_DIMENSIONS = "Bad Request: PHOTO_INVALID_DIMENSIONS"
WRONG_CHAT_ACTION = "Bad Request: wrong parameter action in request"
COMMAND_EMPTY = "Bad Request: command must be non-empty"
COMMAND_TOO_LONG = "Bad Request: command length must not exceed 32"
COMMAND_INVALID = "Bad Request: BOT_COMMAND_INVALID"
COMMAND_DESCRIPTION_EMPTY = "Bad Request: command description must be non-empty"
COMMAND_DESCRIPTION_TOO_LONG = "Bad Request: command description length must not exceed 256"
COMMAND_FIELD_MISSING = "Bad Request: can't parse BotCommand: Can't find field \"{field}\""
TOO_MANY_COMMANDS = "Bad Request: BOT_COMMANDS_TOO_MUCH"
LANGUAGE_CODE_INVALID = "Bad Request: invalid language code specified"
SCOPE_INVALID = "Bad Request: can't parse BotCommandScope JSON object"
BLOCKED_BY_USER = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
TOO_MANY_REQUESTS = "Too Many Requests: retry after {seconds}"
GET_UPDATES_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
NOT_FOUND = "Not Found"
UNAUTHORIZED = "Unauthorized: invalid token specified"

FAKE_MARKDOWN = "Bad Request: (fake Bot API) parse_mode {mode} is not emulated; Rapport sends HTML"
FAKE_INLINE_MESSAGES = "Bad Request: (fake Bot API) inline messages are not emulated"
FAKE_HTTP_URL = "Bad Request: (fake Bot API) files by HTTP URL are not fetched"
FAKE_IMAGE_FORMAT = "Bad Request: (fake Bot API) only PNG, JPEG and GIF photos are read"
FAKE_ONE_ACTION = (
    "Bad Request: (fake Bot API) an inline keyboard button needs exactly one action, found {fields} "
    "(Telegram silently uses the first)"
)

#: What Telegram answers for statuses a test injects without a description of its own.
DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: NOT_FOUND,
    409: "Conflict",
    500: "Internal Server Error",
}


class ApiError(Exception):
    """An answer with `"ok": false`, raised by a method and turned into the HTTP reply by the server."""

    def __init__(
        self,
        status: int,
        description: str,
        *,
        retry_after: float | None = None,
        fault: FaultReason | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.fault = fault

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(description: str) -> ApiError:
    return ApiError(400, description)


def too_many_requests(retry_after: float, fault: FaultReason) -> ApiError:
    seconds = int(retry_after) if float(retry_after).is_integer() else retry_after
    return ApiError(429, TOO_MANY_REQUESTS.format(seconds=seconds), retry_after=seconds, fault=fault)
