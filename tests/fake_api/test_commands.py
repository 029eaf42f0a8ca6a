"""Command menus are kept per scope and language, and resolved the way Telegram shows them."""

from __future__ import annotations

import pytest
from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import BadRequest

from bot.fake_api import FakeBotApi


async def test_each_user_sees_the_menu_of_their_chat_and_language(api: FakeBotApi, bot: Bot) -> None:
    api.add_private_chat(42)
    api.add_private_chat(43)
    await bot.set_my_commands([BotCommand("today", "Who to visit today")])
    await bot.set_my_commands([BotCommand("today", "今天该拜访谁")], language_code="zh")
    await bot.set_my_commands([BotCommand("today", "今天該拜訪誰")], scope=BotCommandScopeChat(43))
    assert api.command_menu(42, "en") == [("today", "Who to visit today")]
    assert api.command_menu(42, "zh-hans") == [("today", "今天该拜访谁")]
    assert api.command_menu(43, "zh-hant") == [("today", "今天該拜訪誰")]


async def test_get_my_commands_reads_back_exactly_one_list(bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("help", "Help")], language_code="zh")
    assert await bot.get_my_commands() == ()
    assert [command.command for command in await bot.get_my_commands(language_code="zh")] == ["help"]


async def test_deleted_commands_are_gone(api: FakeBotApi, bot: Bot) -> None:
    api.add_private_chat(42)
    await bot.set_my_commands([BotCommand("help", "Help")])
    await bot.delete_my_commands()
    assert api.command_menu(42) == []


async def test_a_command_name_with_capitals_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("visitPlan", "Plan")])


async def test_a_region_in_the_language_code_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Invalid language code specified"):
        await bot.set_my_commands([BotCommand("help", "帮助")], language_code="zh-hans")


async def test_a_menu_for_a_chat_nobody_opened_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.set_my_commands([BotCommand("help", "Help")], scope=BotCommandScopeChat(99))
