"""Watching the bot work: listeners hear every change, and a wait in vain says why."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.fake_api import Activity, FakeBotApi


async def test_a_listener_hears_sends_edits_deletes_and_answers(api: FakeBotApi, bot: Bot) -> None:
    heard: list[tuple[str, int]] = []
    api.listeners.append(lambda activity: heard.append((activity.kind, activity.chat_id)))
    api.add_private_chat(42)
    sent = await bot.send_message(42, "Saving…")
    await bot.edit_message_text("Saved", 42, sent.message_id)
    await bot.delete_message(42, sent.message_id)
    assert heard == [("sent", 42), ("edited", 42), ("deleted", 42)]


async def test_a_listener_gets_the_message_as_it_now_stands(api: FakeBotApi, bot: Bot) -> None:
    seen: list[Activity] = []
    api.listeners.append(seen.append)
    api.add_private_chat(42)
    await bot.send_message(42, "<i>Saved</i>", parse_mode=ParseMode.HTML)
    assert seen[0].message is not None and seen[0].message.plain_text == "Saved"


async def test_waiting_in_vain_names_what_telegram_rejected(api: FakeBotApi, bot: Bot) -> None:
    update_id = api.user_writes(42, "note: <3 boxes")
    with pytest.raises(BadRequest):
        await bot.send_message(42, "Saved: <3 boxes", parse_mode=ParseMode.HTML)
    with pytest.raises(AssertionError, match="Telegram rejected:\n  sendMessage: Bad Request: can't parse entities"):
        await api.wait_for_replies(update_id, timeout=0.05)
