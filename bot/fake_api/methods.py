"""The Bot API methods the fake answers, each as strict as Telegram about what it accepts.

A method reads its parameters, refuses what Telegram refuses (raising ApiError
with Telegram's description) and changes the world. Method names are matched
case-insensitively, as Telegram does. Methods not listed here answer 404, as
Telegram does for a method it does not know.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from bot.fake_api.api_errors import (
    ANSWER_TOO_LONG,
    CAPTION_TOO_LONG,
    CANT_PARSE_ENTITIES,
    CHAT_NOT_FOUND,
    COMMAND_DESCRIPTION_EMPTY,
    COMMAND_DESCRIPTION_TOO_LONG,
    COMMAND_EMPTY,
    COMMAND_FIELD_MISSING,
    COMMAND_INVALID,
    COMMAND_TOO_LONG,
    FAKE_HTTP_URL,
    FAKE_IMAGE_FORMAT,
    FAKE_INLINE_MESSAGES,
    FAKE_MARKDOWN,
    FIELD_MUST_BE,
    FILE_EMPTY,
    FILE_TOO_BIG,
    IMAGE_PROCESS_FAILED,
    INVALID_FILE_ID,
    LANGUAGE_CODE_INVALID,
    MESSAGE_CANT_BE_EDITED,
    MESSAGE_ID_MISSING,
    MESSAGE_NOT_MODIFIED,
    MESSAGE_TEXT_EMPTY,
    MESSAGE_TO_DELETE_NOT_FOUND,
    MESSAGE_TO_EDIT_NOT_FOUND,
    MESSAGE_TOO_LONG,
    NO_FILE_IN_REQUEST,
    NO_TEXT_TO_EDIT,
    PHOTO_INVALID_DIMENSIONS,
    QUERY_ID_INVALID,
    REPLIED_MESSAGE_NOT_FOUND,
    SCOPE_INVALID,
    TEXT_MUST_BE_NON_EMPTY,
    TOO_MANY_COMMANDS,
    UNSUPPORTED_PARSE_MODE,
    WRONG_CHAT_ACTION,
    WRONG_FILE_IDENTIFIER,
    bad_request,
)
from bot.fake_api.images import image_size
from bot.fake_api.parameters import Parameters
from bot.fake_api.records import BotMessage, StoredFile
from bot.fake_api.reply_markup import check_inline_markup, check_reply_markup, inline_keyboard
from bot.fake_api.telegram_html import HtmlParseError, ParsedText, parse_html, utf16_length
from bot.fake_api.world import Chat, TelegramWorld, scope_key

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_ANSWER_TEXT = 200
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files
MAX_PHOTO_SIDES = 10_000  # width + height
MAX_PHOTO_RATIO = 20
MAX_COMMANDS = 100
CHAT_ACTIONS = frozenset(
    {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
     "choose_sticker", "find_location", "record_video_note", "upload_video_note"}
)
COMMAND_SCOPES = frozenset(
    {"default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat", "chat_administrators",
     "chat_member"}
)
_COMMAND = re.compile(r"[a-z0-9_]+")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")

Method = Callable[[TelegramWorld, Parameters], Awaitable[Any]]
METHODS: dict[str, Method] = {}


def bot_api_method(name: str) -> Callable[[Method], Method]:
    def register(method: Method) -> Method:
        METHODS[name.lower()] = method
        return method

    return register


# ------------------------------------------------------------------ start-up and updates


@bot_api_method("getMe")
async def get_me(world: TelegramWorld, params: Parameters) -> dict[str, Any]:
    return {
        **world.bot_user(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@bot_api_method("deleteWebhook")
async def delete_webhook(world: TelegramWorld, params: Parameters) -> bool:
    if params.flag("drop_pending_updates"):
        world.drop_pending_updates()
    return True


@bot_api_method("getWebhookInfo")
async def get_webhook_info(world: TelegramWorld, params: Parameters) -> dict[str, Any]:
    return {"url": "", "has_custom_certificate": False, "pending_update_count": len(world.pending_updates())}


@bot_api_method("getUpdates")
async def get_updates(world: TelegramWorld, params: Parameters) -> list[dict[str, Any]]:
    allowed = params.json("allowed_updates")
    if allowed is not None and not isinstance(allowed, list):
        raise bad_request(FIELD_MUST_BE.format(field="allowed_updates", kind="Array"))
    limit = min(max(params.integer("limit") or 100, 1), 100)
    timeout = max(params.number("timeout") or 0.0, 0.0)
    return await world.long_poll(params.integer("offset"), limit, timeout, allowed)


# ------------------------------------------------------------------ messages


@bot_api_method("sendMessage")
async def send_message(world: TelegramWorld, params: Parameters) -> dict[str, Any]:
    parse_mode = params.text("parse_mode")
    parsed = _formatted(params.text("text"), parse_mode, params.json("entities"), caption=False)
    markup = check_reply_markup(params.json("reply_markup"))
    chat = world.chat_for(params.text("chat_id"))
    message = BotMessage(
        chat_id=chat.id,
        message_id=chat.take_message_id(),
        date=world.now(),
        text=params.text("text"),
        plain_text=parsed.text,
        parse_mode=parse_mode or None,
        entities=parsed.entities,
        reply_markup=markup,
        after_update_id=world.latest_update_id(),
        link_preview_disabled=_link_preview_disabled(params),
        reply_to_message_id=_reply_target(world, chat, params),
    )
    return world.bot_message_json(world.record_bot_message(message))


@bot_api_method("editMessageText")
async def edit_message_text(world: TelegramWorld, params: Parameters) -> dict[str, Any]:
    parse_mode = params.text("parse_mode")
    parsed = _formatted(params.text("text"), parse_mode, params.json("entities"), caption=False)
    markup = check_inline_markup(params.json("reply_markup"))
    message = _message_to_edit(world, params)
    if message.file is not None:
        raise bad_request(NO_TEXT_TO_EDIT)
    _edit(world, message, params.text("text"), parse_mode, parsed, markup)
    return world.bot_message_json(message)


@bot_api_method("editMessageCaption")
async def edit_message_caption(world: TelegramWorld, params: Parameters) -> dict[str, Any]:
    parse_mode = params.text("parse_mode")
    parsed = _formatted(params.text("caption"), parse_mode, params.json("caption_entities"), caption=True)
    markup = check_inline_markup(params.json("reply_markup"))
    message = _message_to_edit(world, params)
    if message.file is None:
        raise bad_request("Bad Request: there is no caption in the message to edit")
    _edit(world, message, params.text("caption"), parse_mode, parsed, markup)
    return world.bot_message_json(message)


@bot_api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(world: TelegramWorld, params: Parameters) -> dict[str, Any]:
    markup = check_inline_markup(params.json("reply_markup"))
    message = _message_to_edit(world, params)
    parsed = ParsedText(message.plain_text or "", message.entities)
    _edit(world, message, message.text, message.parse_mode, parsed, markup)
    return world.bot_message_json(message)


@bot_api_method("deleteMessage")
async def delete_message(world: TelegramWorld, params: Parameters) -> bool:
    chat = world.chat_for(params.text("chat_id"))
    message_id = params.integer("message_id")
    if message_id is None:
        raise bad_request(MESSAGE_ID_MISSING)
    if chat.user_messages.pop(message_id, None) is not None:
        world.record_deletion(chat.id, None)
        return True
    message = chat.bot_messages.get(message_id)
    if message is None or message.deleted:
        raise bad_request(MESSAGE_TO_DELETE_NOT_FOUND)
    message.deleted = True
    world.record_deletion(chat.id, message)
    return True


@bot_api_method("answerCallbackQuery")
async def answer_callback_query(world: TelegramWorld, params: Parameters) -> bool:
    query = world.callback_queries.get(params.text("callback_query_id") or "")
    if query is None or query.answered:
        raise bad_request(QUERY_ID_INVALID)
    text = params.text("text")
    if text is not None and len(text) > MAX_ANSWER_TEXT:
        raise bad_request(ANSWER_TOO_LONG)
    query.answered = True
    query.answer_text = text or None
    query.show_alert = params.flag("show_alert")
    query.answer_url = params.text("url")
    world.record_answer(query)
    return True


@bot_api_method("sendChatAction")
async def send_chat_action(world: TelegramWorld, params: Parameters) -> bool:
    action = params.text("action")
    chat = world.chat_for(params.text("chat_id"))
    if action not in CHAT_ACTIONS:
        raise bad_request(WRONG_CHAT_ACTION)
    world.chat_actions.append((chat.id, action))
    return True


# ------------------------------------------------------------------ files


@bot_api_method("sendDocument")
async def send_document(world: TelegramWorld, params: Parameters) -> dict[str, Any]:
    return await _send_file(world, params, "document")


@bot_api_method("sendPhoto")
async def send_photo(world: TelegramWorld, params: Parameters) -> dict[str, Any]:
    return await _send_file(world, params, "photo")


@bot_api_method("getFile")
async def get_file(world: TelegramWorld, params: Parameters) -> dict[str, Any]:
    stored = world.files.get(params.text("file_id") or "")
    if stored is None:
        raise bad_request(INVALID_FILE_ID)
    if stored.size > MAX_DOWNLOAD:
        raise bad_request(FILE_TOO_BIG)
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": stored.file_path,
    }


# ------------------------------------------------------------------ command menus


@bot_api_method("setMyCommands")
async def set_my_commands(world: TelegramWorld, params: Parameters) -> bool:
    commands = params.json("commands")
    if commands is None:
        commands = []  # Telegram reads a missing list as an empty one, which clears the menu
    if not isinstance(commands, list):
        raise bad_request(FIELD_MUST_BE.format(field="commands", kind="Array"))
    if len(commands) > MAX_COMMANDS:
        raise bad_request(TOO_MANY_COMMANDS)
    checked = [_checked_command(command) for command in commands]
    world.command_lists[_command_list_key(world, params)] = checked
    return True


@bot_api_method("getMyCommands")
async def get_my_commands(world: TelegramWorld, params: Parameters) -> list[dict[str, str]]:
    return world.command_lists.get(_command_list_key(world, params), [])


@bot_api_method("deleteMyCommands")
async def delete_my_commands(world: TelegramWorld, params: Parameters) -> bool:
    world.command_lists.pop(_command_list_key(world, params), None)
    return True


# ------------------------------------------------------------------ shared rules


def _formatted(raw: str | None, parse_mode: str | None, entities: Any, *, caption: bool) -> ParsedText:
    """The text as Telegram would show it, or Telegram's refusal (empty, too long, bad HTML)."""
    if not raw:
        if caption:
            return ParsedText("")
        raise bad_request(MESSAGE_TEXT_EMPTY)
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            parsed = parse_html(raw)
        except HtmlParseError as error:
            raise bad_request(CANT_PARSE_ENTITIES.format(reason=error)) from None
    elif mode == "":
        parsed = ParsedText(raw, tuple(entities) if isinstance(entities, list) else ())
    elif mode in ("markdown", "markdownv2"):
        raise bad_request(FAKE_MARKDOWN.format(mode=parse_mode))
    else:
        raise bad_request(UNSUPPORTED_PARSE_MODE)
    parsed = parsed.trimmed()
    if not parsed.text and not caption:
        raise bad_request(TEXT_MUST_BE_NON_EMPTY)
    if utf16_length(parsed.text) > (MAX_CAPTION if caption else MAX_TEXT):
        raise bad_request(CAPTION_TOO_LONG if caption else MESSAGE_TOO_LONG)
    return parsed


def _message_to_edit(world: TelegramWorld, params: Parameters) -> BotMessage:
    if params.has("inline_message_id"):
        raise bad_request(FAKE_INLINE_MESSAGES)
    chat = world.chat_for(params.text("chat_id"))
    message_id = params.integer("message_id")
    if message_id is None:
        raise bad_request(MESSAGE_ID_MISSING)
    if message_id in chat.user_messages:
        raise bad_request(MESSAGE_CANT_BE_EDITED)
    message = chat.bot_messages.get(message_id)
    if message is None or message.deleted:
        raise bad_request(MESSAGE_TO_EDIT_NOT_FOUND)
    return message


def _edit(
    world: TelegramWorld,
    message: BotMessage,
    raw: str | None,
    parse_mode: str | None,
    parsed: ParsedText,
    markup: dict[str, Any] | None,
) -> None:
    """Apply an edit; an edit that changes nothing is refused, as Telegram does.

    An edit without reply_markup removes the inline keyboard — Telegram's rule, and a classic bug.
    """
    unchanged = (
        parsed.text == (message.plain_text or "")
        and list(parsed.entities) == list(message.entities)
        and inline_keyboard(markup) == inline_keyboard(message.reply_markup)
    )
    if unchanged:
        raise bad_request(MESSAGE_NOT_MODIFIED)
    message.history.append(message.version())
    message.text = raw
    message.plain_text = parsed.text if message.file is None else parsed.text or None
    message.parse_mode = parse_mode or None
    message.entities = parsed.entities
    message.reply_markup = markup
    message.edit_date = world.now()
    world.record_edit(message)


def _reply_target(world: TelegramWorld, chat: Chat, params: Parameters) -> int | None:
    reply = params.json("reply_parameters")
    if reply is None and params.has("reply_to_message_id"):
        reply = {
            "message_id": params.integer("reply_to_message_id"),
            "allow_sending_without_reply": params.flag("allow_sending_without_reply"),
        }
    if reply is None:
        return None
    if not isinstance(reply, dict) or "message_id" not in reply:
        raise bad_request('Bad Request: can\'t find field "message_id"')
    message_id = int(reply["message_id"])
    if world.message_json(chat, message_id) is None:
        if reply.get("allow_sending_without_reply"):
            return None
        raise bad_request(REPLIED_MESSAGE_NOT_FOUND)
    return message_id


def _link_preview_disabled(params: Parameters) -> bool:
    options = params.json("link_preview_options")
    return bool(isinstance(options, dict) and options.get("is_disabled")) or params.flag("disable_web_page_preview")


async def _send_file(world: TelegramWorld, params: Parameters, kind: Literal["document", "photo"]) -> dict[str, Any]:
    parse_mode = params.text("parse_mode")
    parsed = _formatted(params.text("caption"), parse_mode, params.json("caption_entities"), caption=True)
    markup = check_reply_markup(params.json("reply_markup"))
    chat = world.chat_for(params.text("chat_id"))
    stored = _file_to_send(world, params, kind)
    message = BotMessage(
        chat_id=chat.id,
        message_id=chat.take_message_id(),
        date=world.now(),
        text=params.text("caption"),
        plain_text=parsed.text or None,
        parse_mode=parse_mode or None,
        entities=parsed.entities,
        reply_markup=markup,
        after_update_id=world.latest_update_id(),
        reply_to_message_id=_reply_target(world, chat, params),
        file=stored,
    )
    return world.bot_message_json(world.record_bot_message(message))


def _file_to_send(world: TelegramWorld, params: Parameters, kind: Literal["document", "photo"]) -> StoredFile:
    """The uploaded file (checked like Telegram checks it), or a file Telegram already holds."""
    upload = params.upload(kind)
    if upload is None:
        reference = params.text(kind)
        if not reference:
            raise bad_request(NO_FILE_IN_REQUEST.format(kind=kind))
        if reference.startswith(("http://", "https://")):
            raise bad_request(FAKE_HTTP_URL)
        known = world.files.get(reference)
        if known is None:
            raise bad_request(WRONG_FILE_IDENTIFIER)
        return known
    if not upload.content:
        raise bad_request(FILE_EMPTY)
    if kind == "document":
        mime_type = upload.content_type
        if not mime_type or mime_type == "application/octet-stream":
            mime_type = mimetypes.guess_type(upload.filename or "")[0] or mime_type
        return world.store_file("document", upload.content, filename=upload.filename, mime_type=mime_type)
    size = image_size(upload.content)
    if size is None:
        is_webp = upload.content[:4] == b"RIFF" and upload.content[8:12] == b"WEBP"
        raise bad_request(FAKE_IMAGE_FORMAT if is_webp else IMAGE_PROCESS_FAILED)
    width, height = size
    if (
        min(width, height) == 0
        or width + height > MAX_PHOTO_SIDES
        or max(width, height) > MAX_PHOTO_RATIO * min(width, height)
    ):
        raise bad_request(PHOTO_INVALID_DIMENSIONS)
    return world.store_file("photo", upload.content, filename=upload.filename, width=width, height=height)


def _checked_command(command: Any) -> dict[str, str]:
    if not isinstance(command, dict):
        raise bad_request("Bad Request: can't parse BotCommand: Object expected")
    for field in ("command", "description"):
        if field not in command:
            raise bad_request(COMMAND_FIELD_MISSING.format(field=field))
    name, description = str(command["command"]), str(command["description"])
    if not name:
        raise bad_request(COMMAND_EMPTY)
    if len(name) > 32:
        raise bad_request(COMMAND_TOO_LONG)
    if not _COMMAND.fullmatch(name):
        raise bad_request(COMMAND_INVALID)
    if not description.strip():
        raise bad_request(COMMAND_DESCRIPTION_EMPTY)
    if len(description) > 256:
        raise bad_request(COMMAND_DESCRIPTION_TOO_LONG)
    return {"command": name, "description": description}


def _command_list_key(world: TelegramWorld, params: Parameters) -> tuple[str, str]:
    scope = params.json("scope")
    if scope is not None:
        if not isinstance(scope, dict) or scope.get("type") not in COMMAND_SCOPES:
            raise bad_request(SCOPE_INVALID)
        if "chat_id" in scope:
            try:
                chat_id = int(scope["chat_id"])
            except (TypeError, ValueError):
                raise bad_request(CHAT_NOT_FOUND) from None
            if chat_id not in world.chats:
                raise bad_request(CHAT_NOT_FOUND)
            scope = {**scope, "chat_id": chat_id}
    language = params.text("language_code") or ""
    if language and not _LANGUAGE_CODE.fullmatch(language):
        raise bad_request(LANGUAGE_CODE_INVALID)
    return scope_key(scope), language
