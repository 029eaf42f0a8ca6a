"""More stories: forwarded notes, the card's buttons, places, renaming and merging, /settings, logs."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import logs
from crm.model import Birthday, CalendarKind, Level, Place
from tests.e2e.test_notes_and_cards import started
from tests.support.books import a_client_with_history
from tests.support.e2e import Rapport, texts


async def clients(rapport: Rapport, user: int = 42) -> dict:  # type: ignore[type-arg]
    return {client.name: client for client in await rapport.store.with_book(user, lambda book: book.clients.all())}


async def test_a_forwarded_message_is_filed_under_its_sender(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    await rapport.says(42, "Met Sarah at the expo")
    replies = await rapport.forwards(42, "Can we move our meeting to Tuesday 10am?", sender="John")
    assert "John" in texts(replies)
    notes = await rapport.store.with_book(42, lambda book: [(book.clients.get(note.client_id).name, note.text, note.source.value) for note in book.notes.all()])  # type: ignore[union-attr]
    assert ("John", "Can we move our meeting to Tuesday 10am?", "forward") in notes


async def test_a_forwarded_message_from_a_stranger_naming_nobody_asks_whose_it_is(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    rapport.advance(timedelta(hours=1))
    replies = await rapport.forwards(42, "收到，谢谢！", sender="")
    assert "Whom is this note about" in texts(replies)


async def test_a_location_shared_while_a_card_is_open_becomes_the_clients_place(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    await rapport.says(42, "/client John")
    replies = await rapport.shares_location(42, 39.9087, 116.3975)
    assert "John's place" in texts(replies)
    assert (await clients(rapport))["John"].place == Place(39.9087, 116.3975)


async def test_the_birthday_button_asks_and_saves_a_lunar_birthday(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await rapport.says(42, "今天见了张伟", language_code="zh-hans")
    await rapport.says(42, "/client 张伟", language_code="zh-hans")
    await rapport.presses(42, "🎂 生日")
    replies = await rapport.says(42, "农历八月十五", language_code="zh-hans")
    assert "已保存" in texts(replies)
    birthday = (await clients(rapport))["张伟"].birthday
    assert birthday == Birthday(8, 15, calendar=CalendarKind.LUNAR)


async def asking_johns_birthday(rapport: Rapport) -> None:
    """John is filed, his card open, and Rapport has asked for his birthday (🎂)."""
    await rapport.says(42, "Met John at Acme")
    await rapport.says(42, "/client John")
    await rapport.presses(42, "🎂 Birthday")


async def test_an_unreadable_birthday_answer_is_explained(rapport: Rapport) -> None:
    await started(rapport)
    await asking_johns_birthday(rapport)
    assert "couldn't read a birthday" in texts(await rapport.says(42, "sometime in spring"))
    assert (await clients(rapport))["John"].birthday is None


async def test_a_birthday_answered_as_3_5_is_read_as_people_write_dates_where_the_salesperson_lives(rapport: Rapport) -> None:
    await rapport.says(42, "/start")
    await rapport.presses(42, "London")
    await rapport.presses(42, "08:30")
    await asking_johns_birthday(rapport)
    await rapport.says(42, "3/5")
    assert (await clients(rapport))["John"].birthday == Birthday(5, 3)  # 3 May in London, not 5 March


async def test_add_note_on_the_card_files_the_next_message_there_whatever_it_says(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    await rapport.says(42, "Met Sarah at the expo")
    await rapport.says(42, "/client John")
    await rapport.presses(42, "📝 Add note")
    await rapport.says(42, "Sarah told me he likes green tea")
    notes = await rapport.store.with_book(42, lambda book: [(book.clients.get(note.client_id).name, note.text) for note in book.notes.all()])  # type: ignore[union-attr]
    assert ("John", "Sarah told me he likes green tea") in notes


async def test_marking_the_followup_done_on_the_card_records_a_contact(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme, call him Friday 3pm")
    await rapport.says(42, "/client John")
    await rapport.presses(42, "✅ Done")
    followups = await rapport.store.with_book(42, lambda book: book.followups.all())
    assert followups[0].done_at is not None
    assert "📅" not in rapport.last_text(42)


async def test_a_wrong_fact_can_be_removed_after_confirming(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await rapport.says(42, "今天在张伟店里聊了一小时，他生日3月5号，女儿明年6月7号高考", language_code="zh-hans")
    await rapport.says(42, "/client 张伟", language_code="zh-hans")
    await rapport.presses(42, "🧹 更正信息")
    await rapport.presses(42, "高考")
    await rapport.presses(42, "确定删除")
    assert await rapport.store.with_book(42, lambda book: book.events.all()) == []
    assert (await clients(rapport))["张伟"].birthday is not None


async def test_rename_keeps_the_old_name_as_an_alias(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    await rapport.says(42, "/rename John = John Smith")
    john = (await clients(rapport))["John Smith"]
    assert "John" in john.aliases
    await rapport.says(42, "John called about the quote")
    assert len(await clients(rapport)) == 1


async def test_merge_asks_then_moves_everything_onto_one_card(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await rapport.says(42, "今天见了张伟", language_code="zh-hans")
    await rapport.says(42, "/alias 张伟 伟哥", language_code="zh-hans")
    await rapport.says(42, "李总说下周三来店里看样品", language_code="zh-hans")
    await rapport.says(42, "/merge 张伟 李总", language_code="zh-hans")
    assert set(await clients(rapport)) == {"张伟", "李总"}  # nothing merged before the tap
    await rapport.presses(42, "确定合并")
    (merged,) = (await clients(rapport)).values()
    assert merged.name == "张伟" and "李总" in merged.aliases
    notes = await rapport.store.with_book(42, lambda book: {note.client_id for note in book.notes.all()})
    assert notes == {merged.id}


@pytest.mark.parametrize(("language", "card_button", "level_button"), [("en", "⭐ Level", "Confidant"), ("zh-hans", "⭐ 关系层级", "知己"), ("zh-tw", "⭐ 關係層級", "知己")])
async def test_the_level_button_works_in_every_language(rapport: Rapport, language: str, card_button: str, level_button: str) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    await rapport.says(42, "/client John", language_code=language)
    await rapport.presses(42, card_button)
    await rapport.presses(42, level_button)
    assert (await clients(rapport))["John"].level is Level.CONFIDANT


async def test_settings_change_the_digest_time_rhythm_and_holidays(rapport: Rapport) -> None:
    await started(rapport)
    replies = await rapport.says(42, "/settings")
    assert "Daily digest: 08:30" in texts(replies)
    await rapport.presses(42, "🕒 Digest time")
    await rapport.presses(42, "07:30")
    await rapport.presses(42, "🔁 Visit rhythm")
    await rapport.presses(42, "Friend")
    await rapport.presses(42, "21")
    await rapport.presses(42, "🎉 Holidays")
    await rapport.presses(42, "Valentine's Day")
    assert "Valentine's Day" in rapport.last_text(42) and "&#x27;" not in rapport.last_text(42)
    await rapport.says(42, "/settings ahead 5")
    await rapport.says(42, "/settings timezone Europe/Paris")
    person = await rapport.store.with_directory(lambda directory: directory.get(42))
    assert person is not None
    assert (person.digest_time, person.cadence[Level.FRIEND], person.holidays, person.days_ahead, person.timezone) == (
        time(7, 30), 21, ("valentines",), 5, "Europe/Paris",
    )


async def test_a_typed_setting_that_makes_no_sense_gets_the_usage(rapport: Rapport) -> None:
    await started(rapport)
    assert "/settings digest 08:45" in texts(await rapport.says(42, "/settings digest 25:99"))


async def test_a_festival_and_a_tip_reach_the_digest(rapport: Rapport) -> None:
    await started(rapport)
    now = rapport.clock.now()
    await rapport.store.with_book(42, lambda book: a_client_with_history(book, "王总", now=now, level=Level.FRIEND, last_contact=timedelta(days=2), tags=("装修",)))
    await rapport.store.with_book(42, lambda book: a_client_with_history(book, "李姐", now=now, level=Level.ACQUAINTANCE, last_contact=timedelta(days=2), tags=("装修",)))
    await rapport.says(42, "李姐说用了新的防水涂料，客户很满意 #经验", language_code="zh-hans")
    shanghai = ZoneInfo("Asia/Shanghai")
    pushed = await rapport.at(datetime(2026, 11, 23, 8, 30, tzinfo=shanghai))
    digest = texts(pushed)
    assert "Worth passing on" in digest and "王总" in digest
    festive = texts(await rapport.at(datetime(2027, 2, 4, 8, 30, tzinfo=shanghai)))  # 春节 is 6 Feb 2027
    assert "Spring Festival" in festive and "王总" in festive


@pytest.fixture
def production_logging():  # type: ignore[no-untyped-def]
    """Logging as `python -m bot` sets it up, undone afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, {name: (logging.getLogger(name).level, logging.getLogger(name).filters[:]) for name in logs.URL_LOGGERS})
    yield logs.configure
    root.handlers[:], root.level = saved[0], saved[1]
    for name, (level, filters) in saved[2].items():
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).filters[:] = filters


async def test_note_text_and_the_token_stay_out_of_the_logs(rapport: Rapport, production_logging, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    production_logging("INFO", rapport.api.token)
    await started(rapport)
    await rapport.says(42, "Met John at Acme, secret price 12345")
    logging.getLogger("telegram.ext").info("a library message naming %s", rapport.api.token)
    logged = capsys.readouterr().err
    assert "a library message naming <token>" in logged  # logs do flow, redacted
    assert "secret price" not in logged
    assert rapport.api.token not in logged
