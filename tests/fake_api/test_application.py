"""The pattern every end-to-end test uses: PTB's real Application polling the fake."""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator

import pytest
from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from bot.fake_api import FakeBotApi
from bot.http_client import AiohttpRequest


async def echo_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greets the user by name."""
    assert update.effective_message is not None and update.effective_user is not None
    name = html.escape(update.effective_user.first_name)
    await update.effective_message.reply_text(f"Hello <b>{name}</b>", parse_mode=ParseMode.HTML)


@pytest.fixture
async def polling(api: FakeBotApi) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    application = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest())
        .build()
    )
    application.add_handler(CommandHandler("start", echo_start))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=30)
        yield application
        await application.updater.stop()
        await application.stop()


async def test_a_user_writes_start_and_sees_the_bots_greeting(
    api: FakeBotApi, polling: Application  # type: ignore[type-arg]
) -> None:
    update_id = api.user_writes(42, "/start", first_name="Mei & Co")
    [reply] = await api.wait_for_replies(update_id)
    assert reply.plain_text == "Hello Mei & Co"
    assert api.rejections == []


async def test_stopping_does_not_wait_for_the_long_poll(api: FakeBotApi) -> None:
    application = (
        ApplicationBuilder().token(api.token).base_url(api.base_url).get_updates_request(AiohttpRequest()).build()
    )
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=30)
        await api.wait_until(lambda: api.polls_waiting == 1, what="PTB to be listening")
        loop = asyncio.get_running_loop()
        started = loop.time()
        await application.updater.stop()
        await application.stop()
    assert loop.time() - started < 1
    assert api.polls_waiting == 0
