"""Issue #7 stories: "who should I visit today?" with reasons, buttons, near me."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crm.model import Birthday, Level, Place
from tests.e2e.test_notes_and_cards import started
from tests.support.books import a_client_with_history
from tests.support.e2e import Rapport, texts

NEAR = Place(39.9087, 116.3975)  # Tiananmen
FAR = Place(39.9990, 116.4740)  # Wangjing, about 12 km away


async def a_book_with_due_clients(rapport: Rapport) -> None:
    now = rapport.clock.now()

    def fill(book):  # type: ignore[no-untyped-def]
        a_client_with_history(book, "张伟", now=now, level=Level.FRIEND, last_contact=timedelta(days=42), place=FAR, area="朝阳区")
        a_client_with_history(book, "李姐", now=now, level=Level.ACQUAINTANCE, last_contact=timedelta(days=70), place=NEAR, area="东城区")
        a_client_with_history(book, "王总", now=now, level=Level.CONFIDANT, last_contact=timedelta(days=5), birthday=Birthday(11, 24))
        a_client_with_history(book, "陈老师", now=now, level=Level.FRIEND, last_contact=timedelta(days=3))

    await rapport.store.with_book(42, fill)


async def test_visit_answers_with_a_ranked_list_and_reasons(rapport: Rapport) -> None:
    await started(rapport)
    await a_book_with_due_clients(rapport)
    answer = texts(await rapport.says(42, "/visit"))
    assert "Who to visit today" in answer
    assert "overdue 12 days (Friend, every 30)" in answer
    assert "birthday in 2 days" in answer
    assert "陈老师" not in answer  # seen three days ago: not due
    assert answer.index("王总") < answer.index("李姐")


@pytest.mark.parametrize(
    ("phrase", "language", "expected"),
    [
        ("今天该拜访谁", "zh-hans", "今天拜访谁"),
        ("今天去见谁", "zh-hans", "今天拜访谁"),
        ("今天該拜訪誰", "zh-tw", "今天拜訪誰"),
        ("who should I visit today", "en", "Who to visit today"),
        ("who should I see?", "en", "Who to visit today"),
    ],
)
async def test_plain_words_ask_for_the_plan(rapport: Rapport, phrase: str, language: str, expected: str) -> None:
    await started(rapport)
    await a_book_with_due_clients(rapport)
    assert expected in texts(await rapport.says(42, phrase, language_code=language))


async def test_visited_and_not_today_change_the_next_answer(rapport: Rapport) -> None:
    await started(rapport)
    await a_book_with_due_clients(rapport)
    await rapport.says(42, "/visit")
    await rapport.presses(42, "✅ 1. 王总")
    assert "王总" not in rapport.last_text(42)
    plan = rapport.last(42)
    first_row = plan.buttons[0]
    assert first_row[0].text == "✅ 1. 张伟"
    await rapport.presses_data(42, plan.message_id, first_row[1].callback_data or "")  # ⏭ Not today for 张伟
    answer = texts(await rapport.says(42, "/visit"))
    assert "王总" not in answer and "张伟" not in answer and "李姐" in answer
    contacts = await rapport.store.with_book(42, lambda book: [note.source.value for note in book.notes.all()])
    assert "contact" in contacts


async def test_a_shared_location_puts_close_clients_first_with_distances(rapport: Rapport) -> None:
    await started(rapport)
    await a_book_with_due_clients(rapport)
    answer = texts(await rapport.shares_location(42, NEAR.latitude, NEAR.longitude))
    assert "near you" in answer and "km" in answer
    assert answer.index("李姐") < answer.index("张伟")
    assert "1 due client has no place yet" in answer


async def test_an_area_narrows_the_plan(rapport: Rapport) -> None:
    await started(rapport)
    await a_book_with_due_clients(rapport)
    answer = texts(await rapport.says(42, "/visit 朝阳区"))
    assert "张伟" in answer and "李姐" not in answer


async def test_an_area_written_in_traditional_finds_the_simplified_one(rapport: Rapport) -> None:
    await started(rapport)
    await a_book_with_due_clients(rapport)
    answer = texts(await rapport.says(42, "/visit 朝陽區", language_code="zh-tw"))
    assert "张伟" in answer and "李姐" not in answer


async def test_plan_by_area_groups_due_clients(rapport: Rapport) -> None:
    await started(rapport)
    await a_book_with_due_clients(rapport)
    answer = texts(await rapport.says(42, "/visit areas"))
    assert "朝阳区" in answer and "东城区" in answer


async def test_an_empty_book_gets_a_helpful_answer(rapport: Rapport) -> None:
    await started(rapport)
    assert "Your book is empty" in texts(await rapport.says(42, "/visit"))
