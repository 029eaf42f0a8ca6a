"""Sending messages: what Telegram accepts is recorded, what it refuses raises BadRequest."""

from __future__ import annotations

import html

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from bot.fake_api import FakeBotApi


@pytest.fixture
def salesperson(api: FakeBotApi) -> int:
    api.add_private_chat(42, first_name="Mei", language_code="zh-hans")
    return 42


async def test_a_reply_is_recorded_with_its_html_and_what_the_user_sees(
    api: FakeBotApi, bot: Bot, salesperson: int
) -> None:
    sent = await bot.send_message(
        salesperson,
        "<b>张伟</b> saved",
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    recorded = api.last_message(salesperson)
    assert (recorded.text, recorded.plain_text, recorded.parse_mode) == ("<b>张伟</b> saved", "张伟 saved", "HTML")
    assert recorded.link_preview_disabled
    assert sent.text == "张伟 saved" and sent.text_html == "<b>张伟</b> saved"


async def test_escaped_user_text_is_accepted(api: FakeBotApi, bot: Bot, salesperson: int) -> None:
    note = "<script> & 李姐's \"VIP\" list"
    await bot.send_message(salesperson, f"Noted: {html.escape(note)}", parse_mode=ParseMode.HTML)
    assert api.texts(salesperson) == [f"Noted: {note}"]


async def test_unescaped_user_text_is_refused_and_recorded_as_a_rejection(
    api: FakeBotApi, bot: Bot, salesperson: int
) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities: unsupported start tag"):
        await bot.send_message(salesperson, "Noted: <script> for 李姐", parse_mode=ParseMode.HTML)
    [rejection] = api.rejections
    assert rejection.method == "sendMessage"
    assert rejection.description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "script" at byte offset 7'
    )
    assert api.messages(salesperson) == []


async def test_4096_utf16_units_fit_and_one_more_is_too_long(api: FakeBotApi, bot: Bot, salesperson: int) -> None:
    await bot.send_message(salesperson, "😀" * 2048)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(salesperson, "😀" * 2048 + "x")
    assert len(api.messages(salesperson)) == 1


async def test_markup_does_not_count_towards_the_length(api: FakeBotApi, bot: Bot, salesperson: int) -> None:
    await bot.send_message(salesperson, "<b>" + "x" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    assert api.last_message(salesperson).plain_text == "x" * 4096


async def test_white_space_only_text_is_refused(bot: Bot, salesperson: int) -> None:
    with pytest.raises(BadRequest, match="Text must be non-empty"):
        await bot.send_message(salesperson, "<b> </b>\n", parse_mode=ParseMode.HTML)


async def test_a_chat_no_user_ever_opened_is_not_found(api: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(777, "hello")
    assert api.rejections[0].description == "Bad Request: chat not found"


async def test_callback_data_of_63_bytes_is_accepted_and_66_refused(bot: Bot, salesperson: int) -> None:
    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("选择", callback_data=data)]])

    await bot.send_message(salesperson, "pick", reply_markup=keyboard("客" * 21))  # 63 bytes of UTF-8
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(salesperson, "pick", reply_markup=keyboard("客" * 22))  # 66 bytes


async def test_callback_data_of_exactly_64_bytes_is_accepted(api: FakeBotApi, bot: Bot, salesperson: int) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="v" * 64)]])
    await bot.send_message(salesperson, "pick", reply_markup=markup)
    assert api.last_message(salesperson).buttons[0][0].callback_data == "v" * 64


async def test_reply_to_a_message_that_does_not_exist_is_refused(bot: Bot, salesperson: int) -> None:
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(salesperson, "re", reply_parameters=ReplyParameters(message_id=99))


async def test_a_reply_carries_the_message_it_answers(api: FakeBotApi, bot: Bot, salesperson: int) -> None:
    api.user_writes(salesperson, "生日 3月5日")
    sent = await bot.send_message(salesperson, "Saved", reply_parameters=ReplyParameters(message_id=1))
    assert sent.reply_to_message is not None and sent.reply_to_message.text == "生日 3月5日"
    assert api.last_message(salesperson).reply_to_message_id == 1


async def test_markdown_is_refused_because_the_fake_only_speaks_html(bot: Bot, salesperson: int) -> None:
    with pytest.raises(BadRequest, match="not emulated"):
        await bot.send_message(salesperson, "*hi*", parse_mode=ParseMode.MARKDOWN_V2)


async def test_a_user_met_only_in_a_group_cannot_be_written_to_privately(api: FakeBotApi, bot: Bot) -> None:
    api.user_writes(43, "/today", chat_id=-1001, chat_type="group")
    with pytest.raises(Forbidden, match="Forbidden: bot can't initiate conversation with a user"):
        await bot.send_message(43, "hi")
