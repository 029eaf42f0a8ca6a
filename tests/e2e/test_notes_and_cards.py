"""Issue #4 stories: a note lands on the right client, with its facts, in one message."""

from __future__ import annotations

import json
from datetime import timedelta

from crm.clients import new_client
from crm.model import CalendarKind, Level
from tests.support.e2e import Rapport, texts

ZH_NOTE = "今天在张伟店里聊了一小时，他生日3月5号，女儿明年6月7号高考，下周二再去回访"


async def started(rapport: Rapport, user: int = 42, language: str = "en") -> None:
    await rapport.says(user, "/start", language_code=language)
    await rapport.presses(user, "Beijing · Shanghai" if language == "en" else "北京 · 上海")
    await rapport.presses(user, "08:30")


async def test_zh_note_with_birthday_exam_and_followup_is_understood(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    replies = await rapport.says(42, ZH_NOTE, language_code="zh-hans")
    summary = replies[0].plain_text or ""
    assert "张伟" in summary and "🎂 3月5日" in summary
    assert "11月24日（周二）" in summary and "回访" in summary
    assert "🎓 2027年6月7日 高考" in summary
    assert replies[0].button_labels[:3] == ["↩️ 撤销", "✏️ 不是这位", "👤 资料卡"]

    book = await rapport.store.with_book(42, lambda book: book.contents())
    (client,) = book.clients
    assert client.name == "张伟" and client.birthday is not None and (client.birthday.month, client.birthday.day) == (3, 5)
    assert [note.text for note in book.notes] == [ZH_NOTE]
    assert [(event.label, event.date.isoformat()) for event in book.events] == [("高考", "2027-06-07")]
    assert [followup.date.isoformat() for followup in book.followups] == ["2026-11-24"]


async def test_en_note_creates_the_client_with_company_and_a_timed_followup(rapport: Rapport) -> None:
    await started(rapport)
    replies = await rapport.says(42, "Met John at Acme, call him Friday 3pm")
    summary = replies[0].plain_text or ""
    assert "🆕 John" in summary and "Acme" in summary and "Fri 27 Nov 15:00" in summary
    client = (await rapport.store.with_book(42, lambda book: book.clients.all()))[0]
    assert (client.name, client.company) == ("John", "Acme")


async def test_undo_removes_the_note_and_everything_it_added(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await rapport.says(42, ZH_NOTE, language_code="zh-hans")
    await rapport.presses(42, "↩️ 撤销")
    assert "已撤销" in rapport.last_text(42)
    book = await rapport.store.with_book(42, lambda book: book.contents())
    assert book.notes == [] and book.events == [] and book.followups == [] and book.clients == []


async def test_undo_of_a_later_note_keeps_the_client_and_restores_the_birthday(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme today")
    await rapport.says(42, "John's birthday is March 5")
    await rapport.presses(42, "↩️ Undo")
    (client,) = await rapport.store.with_book(42, lambda book: book.clients.all())
    assert client.name == "John" and client.birthday is None


ROUND = "今天跑了三家：李总那边要再等等；张姐订了50箱；老周说月底前给我打款"


async def test_a_round_of_three_clients_is_filed_on_each_with_its_own_undo(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    replies = await rapport.says(42, ROUND, language_code="zh-hans")
    summaries = [message for message in replies if "↩️ 撤销" in message.button_labels]
    assert [next(name for name in ("李总", "张姐", "老周") if name in (message.plain_text or "")) for message in summaries] == [
        "李总", "张姐", "老周"
    ]
    assert "11月30日" in (summaries[2].plain_text or "")  # 老周's promise, on 老周's card

    book = await rapport.store.with_book(42, lambda book: book.contents())
    by_id = {client.id: client.name for client in book.clients}
    assert {by_id[note.client_id]: note.text for note in book.notes} == {
        "李总": "今天跑了三家：李总那边要再等等", "张姐": "今天跑了三家：张姐订了50箱", "老周": "今天跑了三家：老周说月底前给我打款",
    }
    assert [by_id[followup.client_id] for followup in book.followups] == ["老周"]

    await rapport.presses(42, "↩️ 撤销", message_id=summaries[1].message_id)
    book = await rapport.store.with_book(42, lambda book: book.contents())
    assert sorted(client.name for client in book.clients) == ["李总", "老周"]
    assert len(book.notes) == 2 and [by_id[followup.client_id] for followup in book.followups] == ["老周"]


async def with_two_zhangs(rapport: Rapport) -> None:
    """A started salesperson with 张伟 and 张明 in the book, so that 张总 could be either."""
    await started(rapport, language="zh-hans")
    await rapport.says(42, "今天见了张伟", language_code="zh-hans")
    await rapport.says(42, "张明今天下单了", language_code="zh-hans")


async def test_a_round_naming_an_ambiguous_client_is_filed_whole_after_asking(rapport: Rapport) -> None:
    await with_two_zhangs(rapport)
    replies = await rapport.says(42, "张总下周三来店里看样品；李姐订了20箱", language_code="zh-hans")
    assert "哪位" in texts(replies)
    notes = await rapport.store.with_book(42, lambda book: book.notes.all())
    assert len(notes) == 2  # nothing filed yet from the round: it waits, whole, for the answer


async def test_an_ambiguous_name_asks_with_buttons_and_files_on_the_chosen_client(rapport: Rapport) -> None:
    await with_two_zhangs(rapport)
    replies = await rapport.says(42, "张总说下周三来店里看样品", language_code="zh-hans")
    assert "哪位" in texts(replies)
    assert {"张伟", "张明"} <= set(replies[-1].button_labels)
    await rapport.presses(42, "张明")
    notes = await rapport.store.with_book(42, lambda book: [(book.clients.get(note.client_id).name, note.text) for note in book.notes.all()])  # type: ignore[union-attr]
    assert ("张明", "张总说下周三来店里看样品") in notes


async def test_aliases_pinyin_and_traditional_find_the_same_client(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "今天见了张伟")
    await rapport.says(42, "/alias 张伟 老张")
    for written in ("老张说货到了", "Zhang Wei called about the order", "張偉要報價"):
        await rapport.says(42, written)
    book = await rapport.store.with_book(42, lambda book: book.contents())
    assert len(book.clients) == 1 and len(book.notes) == 4


async def test_a_note_without_a_name_goes_to_the_client_of_the_last_ten_minutes(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met Sarah at the expo")
    replies = await rapport.says(42, "She wants a quote for 200 units")
    assert "Sarah" in texts(replies) and "just talking about" in texts(replies)


async def test_a_book_clients_first_name_typed_in_lower_case_finds_them_but_everyday_words_do_not(rapport: Rapport) -> None:
    await started(rapport)
    for name in ("Cody Hale", "Will Smith"):
        await rapport.says(42, f"Met {name} at the expo")
    rapport.advance(timedelta(minutes=30))

    replies = await rapport.says(42, "demo with cody went great, he wants pricing by next friday")
    assert "Cody Hale" in texts(replies) and "just talking about" not in texts(replies)

    replies = await rapport.says(42, "will call back monday")  # Cody is the client just talked about
    assert "Cody Hale" in texts(replies) and "Will Smith" not in texts(replies)


async def test_a_note_without_a_name_and_no_recent_client_asks_whose_it_is(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met Sarah at the expo")
    rapport.advance(timedelta(minutes=30))
    replies = await rapport.says(42, "She wants a quote for 200 units")
    assert "Whom is this note about" in texts(replies)
    await rapport.presses(42, "Sarah")
    notes = await rapport.store.with_book(42, lambda book: [note.text for note in book.notes.all()])
    assert "She wants a quote for 200 units" in notes


async def test_a_shared_contact_creates_then_updates_a_client(rapport: Rapport) -> None:
    await started(rapport)
    replies = await rapport.shares_contact(42, "+86 138 0000 1111", "Li", "Na")
    assert "Li Na" in texts(replies)
    await rapport.shares_contact(42, "+8613800001111", "Li", "Na")
    (client,) = await rapport.store.with_book(42, lambda book: book.clients.all())
    assert client.phone == "+86 138 0000 1111"


async def test_the_card_shows_a_lunar_birthday_with_its_next_solar_date(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await rapport.says(42, "王总农历八月十五生日", language_code="zh-hans")
    replies = await rapport.says(42, "/client 王总", language_code="zh-hans")
    card = texts(replies)
    assert "农历八月十五" in card and "2027年9月15日" in card
    (client,) = await rapport.store.with_book(42, lambda book: book.clients.all())
    assert client.birthday is not None and client.birthday.calendar is CalendarKind.LUNAR


async def test_the_card_counts_days_on_the_salespersons_calendar(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    rapport.advance(timedelta(hours=11))  # Sunday 21:00 in Shanghai
    await rapport.says(42, "晚上在张伟店里聊了一小时", language_code="zh-hans")
    card = texts(await rapport.says(42, "/client 张伟", language_code="zh-hans"))
    assert "上次联系：今天" in card and "今天起" in card
    rapport.advance(timedelta(hours=11))  # Monday 08:00: not 24 hours later, but yesterday
    card = texts(await rapport.says(42, "/client 张伟", language_code="zh-hans"))
    assert "上次联系：昨天" in card and "已 1 天" in card
    rapport.advance(timedelta(days=2))
    await rapport.says(42, "/language en")
    card = texts(await rapport.says(42, "/client 张伟"))
    assert "Last contact: 3 days ago" in card and "for 3 days" in card


async def test_the_cards_notes_are_dated_on_the_salespersons_calendar(rapport: Rapport) -> None:
    """At 07:00 in Shanghai it is still yesterday in UTC; the note written then is today's."""
    await started(rapport)
    rapport.advance(timedelta(hours=21))  # Monday 07:00 in Shanghai, Sunday 23:00 UTC
    await rapport.says(42, "Met John at Acme this morning")
    card = texts(await rapport.says(42, "/client John"))
    assert "• today: Met John at Acme this morning" in card


async def test_deleting_a_client_asks_first_and_then_removes_everything(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme, call him Friday 3pm")
    await rapport.presses(42, "👤 Card")
    await rapport.presses(42, "🗑 Delete client")
    assert "cannot be undone" in rapport.last_text(42)
    await rapport.presses(42, "Yes, delete")
    book = await rapport.store.with_book(42, lambda book: book.contents())
    assert book.clients == [] and book.notes == [] and book.followups == []


async def test_a_stale_card_button_after_deletion_is_no_longer_available(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    card_message = rapport.last(42)
    await rapport.presses(42, "👤 Card")
    await rapport.presses(42, "🗑 Delete client")
    await rapport.presses(42, "Yes, delete")
    await rapport.presses(42, "👤 Card", message_id=card_message.message_id)
    answers = [query.answer_text for query in rapport.api.callback_queries.values()]
    assert answers[-1] == "This is no longer available."


async def test_html_looking_notes_are_stored_exactly_and_shown_safely(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    raw = "John: <b>bold</b> & <script>alert('x')</script> 😀"
    await rapport.says(42, raw)
    notes = await rapport.store.with_book(42, lambda book: [note.text for note in book.notes.all()])
    assert raw in notes
    replies = await rapport.says(42, "/client John")
    assert "<script>alert('x')</script>" in texts(replies)
    stored = json.loads((rapport.data_dir / "books" / "42.json").read_text("utf-8"))
    assert raw in [note["text"] for note in stored["notes"].values()]


async def test_a_huge_note_is_kept_whole(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    huge = "John " + "很长的拜访记录。" * 500
    huge = huge[:4096]
    await rapport.says(42, huge)
    notes = await rapport.store.with_book(42, lambda book: [note.text for note in book.notes.all()])
    assert huge in notes


async def test_find_searches_names_companies_and_note_text(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    await rapport.says(42, "Sarah wants solar panels for her roof")
    assert "John" in texts(await rapport.says(42, "/find acme"))
    assert "Sarah" in texts(await rapport.says(42, "/find solar"))


async def test_clients_lists_the_book_by_level_in_pages(rapport: Rapport) -> None:
    await started(rapport)
    for number in range(45):
        level = Level.FRIEND if number < 3 else Level.PASSER_BY
        await rapport.store.with_book(
            42, lambda book, n=number, level=level: new_client(book, f"Client {n:02d}", now=rapport.clock.now(), level=level)
        )
    replies = await rapport.says(42, "/clients")
    assert "45 clients" in texts(replies) and "page 1/2" in texts(replies)
    await rapport.presses(42, "▶️")
    assert "page 2/2" in rapport.last_text(42)
