"""Editing and deleting: Telegram refuses edits that change nothing or miss their message."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.fake_api import FakeBotApi

UNDO = InlineKeyboardMarkup([[InlineKeyboardButton("Undo", callback_data="v1|undo|7")]])


@pytest.fixture
def chat(api: FakeBotApi) -> int:
    api.add_private_chat(42)
    return 42


async def test_an_edit_replaces_the_text_and_keeps_the_old_version(api: FakeBotApi, bot: Bot, chat: int) -> None:
    sent = await bot.send_message(chat, "Saving…")
    await bot.edit_message_text("<b>Saved</b>", chat, sent.message_id, parse_mode=ParseMode.HTML)
    recorded = api.last_message(chat)
    assert recorded.plain_text == "Saved"
    assert [version.plain_text for version in recorded.history] == ["Saving…"]
    assert recorded.edit_date is not None


async def test_an_edit_that_changes_nothing_is_not_modified(api: FakeBotApi, bot: Bot, chat: int) -> None:
    sent = await bot.send_message(chat, "<b>Saved</b>", parse_mode=ParseMode.HTML, reply_markup=UNDO)
    with pytest.raises(BadRequest, match="Message is not modified"):
        # <strong> is a different spelling of the same bold text: Telegram compares what users see
        await bot.edit_message_text(
            "<strong>Saved</strong>", chat, sent.message_id, parse_mode=ParseMode.HTML, reply_markup=UNDO
        )
    assert api.rejections[0].description.startswith("Bad Request: message is not modified: specified new message")


async def test_an_edit_without_markup_removes_the_keyboard(api: FakeBotApi, bot: Bot, chat: int) -> None:
    sent = await bot.send_message(chat, "Saved", reply_markup=UNDO)
    await bot.edit_message_text("Saved", chat, sent.message_id)
    assert api.last_message(chat).buttons == []


async def test_removing_a_keyboard_that_is_already_gone_is_not_modified(bot: Bot, chat: int) -> None:
    sent = await bot.send_message(chat, "Saved")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(chat, sent.message_id, reply_markup=None)


async def test_editing_a_message_that_does_not_exist_is_refused(bot: Bot, chat: int) -> None:
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat, 5)


async def test_a_message_id_from_another_chat_is_not_found_here(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.add_private_chat(43)
    sent = await bot.send_message(chat, "for 42")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("for 43", 43, sent.message_id)


async def test_the_users_own_message_cannot_be_edited(api: FakeBotApi, bot: Bot, chat: int) -> None:
    api.user_writes(chat, "a note")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("changed", chat, 1)


async def test_a_deleted_message_is_gone_for_edits_and_deletes(api: FakeBotApi, bot: Bot, chat: int) -> None:
    sent = await bot.send_message(chat, "temporary")
    assert await bot.delete_message(chat, sent.message_id)
    assert api.messages(chat) == [] and api.messages(chat, include_deleted=True)[0].deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(chat, sent.message_id)
