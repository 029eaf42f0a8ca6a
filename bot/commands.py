"""The command menu Telegram shows, in each language.

Telegram picks a menu by the user's two-letter language code, so "zh" can only
carry one script: Simplified. Traditional-Chinese users get the Traditional
menu set for their own chat (scope = chat) as soon as we know their language.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.locales import t

log = logging.getLogger(__name__)

#: Commands in menu order; each has `commands.<name>` in every catalog.
COMMANDS = ("today", "visit", "client", "find", "clients", "level", "pyramid", "settings", "export", "language", "help")


def menu(language: str) -> list[BotCommand]:
    return [BotCommand(name, t(language, f"commands.{name}")) for name in COMMANDS]


async def publish_menus(bot: ExtBot) -> None:
    """The default (English) and Chinese menus, set once at start-up."""
    await bot.set_my_commands(menu("en"))
    await bot.set_my_commands(menu("zh-Hans"), language_code="zh")


async def publish_chat_menu(bot: ExtBot, chat_id: int, language: str) -> None:
    """Give one chat the menu of its language when Telegram's per-language menus cannot."""
    try:
        if language == "zh-Hant":
            await bot.set_my_commands(menu(language), scope=BotCommandScopeChat(chat_id))
        else:
            await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
    except TelegramError:
        log.warning("could not set the command menu for a chat", exc_info=True)
