"""Issue #5 stories: every way to change a level, suggestions, and the pyramid picture."""

from __future__ import annotations

import io
import threading
from datetime import timedelta

import pytest
from PIL import Image

from crm.model import Birthday, ChangeReason, Level
from crm.pyramid_chart import render_pyramid_png
from handlers import levels
from tests.e2e.test_notes_and_cards import started
from tests.support.books import a_client_with_history
from tests.support.e2e import Rapport, texts


async def level_of(rapport: Rapport, name: str) -> Level:
    clients = await rapport.store.with_book(42, lambda book: book.clients.all())
    return next(client.level for client in clients if client.name == name)


async def test_level_button_on_the_card_changes_the_level_and_records_why(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    await rapport.presses(42, "👤 Card")
    await rapport.presses(42, "⭐ Level")
    await rapport.presses(42, "Friend")
    assert "John is now: Friend" in rapport.last_text(42)
    history = await rapport.store.with_book(42, lambda book: book.level_changes.all())
    assert [(change.from_level, change.to_level, change.reason) for change in history][-1] == (Level.PASSER_BY, Level.FRIEND, ChangeReason.BUTTON)


async def test_level_command_in_each_language(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    await rapport.says(42, "今天见了张伟")
    await rapport.says(42, "/level John friend")
    assert await level_of(rapport, "John") is Level.FRIEND
    await rapport.says(42, "/level 张伟 朋友", language_code="zh-hans")
    assert await level_of(rapport, "张伟") is Level.FRIEND
    await rapport.says(42, "/level 張偉 知己", language_code="zh-tw")
    assert await level_of(rapport, "张伟") is Level.CONFIDANT
    assert "知己" in rapport.last_text(42)


async def test_plain_words_change_levels_in_three_languages(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met Sarah at the expo")
    await rapport.says(42, "Sarah is now a friend")
    assert await level_of(rapport, "Sarah") is Level.FRIEND
    await rapport.says(42, "今天见了张伟", language_code="zh-hans")
    await rapport.says(42, "张伟现在是朋友了", language_code="zh-hans")
    assert await level_of(rapport, "张伟") is Level.FRIEND
    await rapport.says(42, "張偉升級為知己", language_code="zh-tw")
    assert await level_of(rapport, "张伟") is Level.CONFIDANT
    await rapport.says(42, "降为熟人", language_code="zh-hans")  # no name: the client just talked about
    assert await level_of(rapport, "张伟") is Level.ACQUAINTANCE


async def a_client_ready_for_promotion(rapport: Rapport) -> None:
    now = rapport.clock.now()
    await rapport.store.with_book(42, lambda book: a_client_with_history(book, "李姐", now=now, care_contacts=1, birthday=Birthday(3, 5)))


async def test_a_suggestion_with_reasons_can_be_accepted(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await a_client_ready_for_promotion(rapport)
    replies = await rapport.says(42, "今天去看了李姐，送了她一盒茶叶", language_code="zh-hans")
    assert "李姐看起来可以升为熟人" in texts(replies) and "你知道对方的生日" in texts(replies)
    await rapport.presses(42, "✅ 调整为熟人")
    assert await level_of(rapport, "李姐") is Level.ACQUAINTANCE
    history = await rapport.store.with_book(42, lambda book: book.level_changes.all())
    assert history[-1].reason is ChangeReason.SUGGESTION


async def test_a_dismissed_suggestion_is_not_repeated_the_next_day(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await a_client_ready_for_promotion(rapport)
    await rapport.says(42, "今天去看了李姐，送了她一盒茶叶", language_code="zh-hans")
    await rapport.presses(42, "暂不")
    assert await level_of(rapport, "李姐") is Level.PASSER_BY
    rapport.advance(timedelta(days=1))
    replies = await rapport.says(42, "李姐打电话来问候，聊了她女儿的事", language_code="zh-hans")
    assert "可以升为" not in texts(replies)


async def test_the_pyramid_is_a_png_with_the_counts_in_its_caption(rapport: Rapport) -> None:
    await started(rapport)
    now = rapport.clock.now()
    for name, level in [("A", Level.CONFIDANT), ("B", Level.FRIEND), ("C", Level.FRIEND), ("D", Level.ACQUAINTANCE), ("E", Level.PASSER_BY)]:
        await rapport.store.with_book(42, lambda book, name=name, level=level: a_client_with_history(book, name, now=now, level=level))
    replies = await rapport.says(42, "my pyramid")
    photo = next(message for message in replies if message.file is not None)
    image = Image.open(io.BytesIO(photo.file.content))  # type: ignore[union-attr]
    assert image.format == "PNG" and image.size[0] >= 400
    caption = photo.plain_text or ""
    assert "5 clients" in caption and "Confidant 1" in caption and "Friend 2" in caption and "Acquaintance 1" in caption


async def test_the_pyramid_is_drawn_off_the_event_loop(rapport: Rapport, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawing takes ~40 ms (the first time ~0.4 s): other salespeople must not wait for it."""
    drawn_on: list[int] = []

    def recording(*args: object) -> bytes:
        drawn_on.append(threading.get_ident())
        return render_pyramid_png(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(levels, "render_pyramid_png", recording)
    await started(rapport)
    await rapport.says(42, "Met John at Acme today")
    replies = await rapport.says(42, "my pyramid")
    assert any(message.file is not None for message in replies)
    assert drawn_on and drawn_on[0] != threading.get_ident()


async def test_the_pyramid_in_chinese_says_my_client_structure(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await rapport.says(42, "今天见了张伟", language_code="zh-hans")
    replies = await rapport.says(42, "我的客户结构", language_code="zh-hans")
    photo = next(message for message in replies if message.file is not None)
    assert "共 1 位客户" in (photo.plain_text or "")
