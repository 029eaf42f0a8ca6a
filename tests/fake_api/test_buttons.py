"""Pressing buttons as a user, and answering the presses as the bot."""

from __future__ import annotations

import re

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.fake_api import FakeBotApi

CHOICES = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("张伟 (Acme)", callback_data="v1|client|1")],
        [InlineKeyboardButton("张伟 (Globex)", callback_data="v1|client|2")],
        [InlineKeyboardButton("New client", callback_data="v1|new")],
        [InlineKeyboardButton("Help", url="https://example.com/help")],
    ]
)


@pytest.fixture
async def choices(api: FakeBotApi, bot: Bot) -> int:
    api.add_private_chat(42)
    return (await bot.send_message(42, "Which 张伟?", reply_markup=CHOICES)).message_id


async def test_pressing_a_label_sends_its_callback_data_to_the_bot(api: FakeBotApi, bot: Bot, choices: int) -> None:
    update_id = api.press_button(42, "New client")
    [update] = await bot.get_updates()
    assert update.update_id == update_id
    assert update.callback_query is not None
    assert (update.callback_query.data, update.callback_query.message.message_id) == ("v1|new", choices)
    assert update.callback_query.from_user.id == 42


async def test_a_unique_part_of_a_label_is_enough(api: FakeBotApi, choices: int) -> None:
    api.press_button(42, "Globex")
    [query] = api.callback_queries.values()
    assert query.data == "v1|client|2"


async def test_an_ambiguous_part_of_a_label_is_an_error(api: FakeBotApi, choices: int) -> None:
    with pytest.raises(AssertionError, match="2 buttons match '张伟'"):
        api.press_button(42, "张伟")


async def test_a_missing_label_lists_the_buttons_on_screen(api: FakeBotApi, choices: int) -> None:
    with pytest.raises(AssertionError, match="no button labelled 'Delete'.*'New client'"):
        api.press_button(42, "Delete")


async def test_a_link_button_sends_nothing_to_the_bot(api: FakeBotApi, choices: int) -> None:
    with pytest.raises(AssertionError, match="opens 'https://example.com/help'"):
        api.press_button(42, "Help")


async def test_callback_data_that_is_not_on_the_message_cannot_be_pressed(api: FakeBotApi, choices: int) -> None:
    with pytest.raises(AssertionError, match=re.escape("no button with callback data 'v1|client|3'")):
        api.user_presses(42, choices, "v1|client|3")


async def test_the_answer_is_recorded(api: FakeBotApi, bot: Bot, choices: int) -> None:
    api.press_button(42, "New client")
    [update] = await bot.get_updates()
    await update.callback_query.answer("Send me the name", show_alert=True)
    [query] = api.callback_queries.values()
    assert (query.answered, query.answer_text, query.show_alert) == (True, "Send me the name", True)
    assert api.unanswered_callback_queries() == []


async def test_a_query_can_be_answered_only_once(api: FakeBotApi, bot: Bot, choices: int) -> None:
    api.press_button(42, "New client")
    [update] = await bot.get_updates()
    await update.callback_query.answer()
    with pytest.raises(BadRequest, match="Query is too old and response timeout expired or query id is invalid"):
        await update.callback_query.answer()


async def test_the_newest_message_with_the_label_is_pressed(api: FakeBotApi, bot: Bot, choices: int) -> None:
    newer = await bot.send_message(42, "Again: which 张伟?", reply_markup=CHOICES)
    api.press_button(42, "New client")
    [query] = api.callback_queries.values()
    assert query.message_id == newer.message_id
