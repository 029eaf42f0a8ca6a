"""Issue #2 stories: first contact, help, language, groups, strangers and failures."""

from __future__ import annotations

import json
from pathlib import Path

from telegram.ext import CommandHandler

from tests.support.e2e import Rapport, texts


async def test_start_in_english_greets_and_sets_timezone_and_digest_time_in_two_taps(rapport: Rapport) -> None:
    replies = await rapport.says(42, "/start", first_name="Anna")
    assert "Hi Anna" in texts(replies) and "time zone" in texts(replies)

    await rapport.presses(42, "Taipei")
    assert "Asia/Taipei" in rapport.last_text(42) and "digest" in rapport.last_text(42)

    await rapport.presses(42, "07:30")
    assert "07:30" in rapport.last_text(42)
    person = await rapport.store.with_directory(lambda directory: directory.get(42))
    assert person is not None
    assert (person.timezone, person.digest_time.strftime("%H:%M"), person.onboarded) == ("Asia/Taipei", "07:30", True)


async def test_start_in_simplified_chinese_answers_in_chinese(rapport: Rapport) -> None:
    replies = await rapport.says(43, "/start", language_code="zh-hans", first_name="伟")
    assert "你好" in texts(replies) and "时区" in texts(replies)
    await rapport.presses(43, "北京 · 上海")
    assert "每天的提醒摘要几点发给你" in rapport.last_text(43)


async def test_traditional_chinese_users_get_traditional_text_and_menu(rapport: Rapport) -> None:
    replies = await rapport.says(44, "/start", language_code="zh-TW")
    assert "時區" in texts(replies)
    menu = dict(rapport.api.command_menu(44, "zh"))
    assert menu["visit"] == "今天該拜訪誰"


async def test_command_menus_exist_in_english_and_chinese(rapport: Rapport) -> None:
    assert dict(rapport.api.command_menu(1, "en"))["visit"] == "Who should I visit today?"
    assert dict(rapport.api.command_menu(1, "zh"))["visit"] == "今天该拜访谁"


async def test_a_shared_location_during_start_suggests_its_time_zone(rapport: Rapport) -> None:
    await rapport.says(45, "/start")
    replies = await rapport.shares_location(45, 40.71, -74.0)
    assert "America/New_York" in texts(replies)
    await rapport.presses(45, "Use")
    person = await rapport.store.with_directory(lambda directory: directory.get(45))
    assert person is not None and person.timezone == "America/New_York"


async def test_help_explains_with_examples(rapport: Rapport) -> None:
    replies = await rapport.says(42, "/help")
    assert "/visit" in texts(replies) and "Met John at Acme" in texts(replies)


async def test_language_choice_overrides_telegrams_language(rapport: Rapport) -> None:
    await rapport.says(42, "/language")
    await rapport.presses(42, "繁體中文")
    assert "繁體中文" in rapport.last_text(42)
    replies = await rapport.says(42, "/help")
    assert "怎麼和 Rapport 說話" in texts(replies)


async def test_a_group_chat_is_told_rapport_works_in_private(rapport: Rapport) -> None:
    replies = await rapport.says(42, "/start", chat_id=-1001, chat_type="group")
    assert "private chat" in texts(replies)
    assert not (rapport.data_dir / "books" / "42.json").exists()


async def test_a_stale_or_forged_button_is_answered_politely(rapport: Rapport) -> None:
    await rapport.says(42, "/language")
    message = rapport.last(42)
    await rapport.presses_data(42, message.message_id, "v1|lang|klingon", forged=True)
    await rapport.presses_data(42, message.message_id, "not-ours", forged=True)
    answers = [query.answer_text for query in rapport.api.callback_queries.values()]
    assert answers == ["This is no longer available.", "This is no longer available."]


async def test_a_crash_in_a_handler_apologises_and_hands_back_the_text(rapport: Rapport) -> None:
    async def broken(update, context):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    assert rapport.session is not None and rapport.session.application is not None
    rapport.session.application.add_handler(CommandHandler("boom", broken), group=1)
    replies = await rapport.says(42, "/boom <b>keep</b> this & that")
    assert "Something went wrong" in texts(replies)
    assert "/boom <b>keep</b> this & that" in texts(replies)


async def test_a_user_outside_the_allow_list_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    harness = Rapport(tmp_path / "data", ALLOWED_USER_IDS="42")
    await harness.start()
    try:
        refused = await harness.says(99, "/start")
        welcomed = await harness.says(42, "/start")
        assert "not on its list" in texts(refused) and "99" in texts(refused)
        assert "Rapport" in texts(welcomed)
        directory = json.loads((tmp_path / "data" / "directory.json").read_text("utf-8"))
        assert list(directory["salespeople"]) == ["42"]
        harness.assert_telegram_accepted_everything()
    finally:
        await harness.stop()
