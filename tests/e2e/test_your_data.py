"""Issue #8 stories: import with a preview, export, the round trip, backups, deletion, isolation."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar

from tests.e2e.test_notes_and_cards import ZH_NOTE, started
from tests.support.e2e import Rapport, texts

FIXTURES = Path(__file__).resolve().parents[1] / "portability" / "fixtures"


async def names(rapport: Rapport, user: int = 42) -> list[str]:
    return sorted(client.name for client in await rapport.store.with_book(user, lambda book: book.clients.all()))


async def test_a_gbk_csv_from_chinese_excel_is_previewed_then_imported(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await rapport.says(42, "今天见了张伟", language_code="zh-hans")
    replies = await rapport.sends_file(42, "客户.csv", (FIXTURES / "excel_zh_gbk.csv").read_bytes(), "text/csv")
    preview = texts(replies)
    assert "位新客户" in preview and "1 位与已有客户相同" in preview
    assert await names(rapport) == ["张伟"]  # nothing imported before the tap
    await rapport.presses(42, "✅ 导入")
    assert "已导入" in rapport.last_text(42)
    clients = {client.name: client for client in await rapport.store.with_book(42, lambda book: book.clients.all())}
    assert {"张伟", "李娜", "王芳"} <= set(clients)
    assert clients["张伟"].company == "华东机电" and clients["李娜"].birthday is not None


async def test_a_csv_with_a_bom_and_english_headers_imports(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.sends_file(42, "clients.csv", (FIXTURES / "utf8_bom_en.csv").read_bytes(), "text/csv")
    await rapport.presses(42, "✅ Import")
    assert len(await names(rapport)) >= 2


async def test_a_vcard_from_a_phone_imports_its_contacts(rapport: Rapport) -> None:
    await started(rapport)
    replies = await rapport.sends_file(42, "contacts.vcf", (FIXTURES / "iphone_3_0.vcf").read_bytes(), "text/vcard")
    assert "new clients" in texts(replies)
    await rapport.presses(42, "✅ Import")
    assert "王芳" in await names(rapport)


async def test_a_malformed_csv_is_explained_and_imports_nothing(rapport: Rapport) -> None:
    await started(rapport)
    replies = await rapport.sends_file(42, "broken.csv", b"\x00\x01\x02\xff\xfe garbage \x00", "text/csv")
    assert "nothing was imported" in texts(replies)
    replies = await rapport.sends_file(42, "no-names.csv", "Company,Phone\nAcme,123\n".encode(), "text/csv")
    assert "name column" in texts(replies)
    assert await names(rapport) == []


async def test_cancelling_an_import_imports_nothing(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.sends_file(42, "contacts.vcf", (FIXTURES / "iphone_3_0.vcf").read_bytes())
    await rapport.presses(42, "Keep it")
    assert await names(rapport) == []


async def export_files(rapport: Rapport, language: str = "zh-hans") -> dict[str, bytes]:
    replies = await rapport.says(42, "/export", language_code=language)
    return {message.file.filename.rsplit(".", 1)[-1]: message.file.content for message in replies if message.file}  # type: ignore[union-attr]


async def test_export_sends_excel_csv_json_and_a_calendar(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await rapport.says(42, ZH_NOTE, language_code="zh-hans")
    files = await export_files(rapport)
    assert files["csv"].startswith("\ufeff".encode()) and "张伟" in files["csv"].decode("utf-8-sig")
    assert json.loads(files["json"])["format"] == "rapport-book"
    calendar = Calendar.from_ical(files["ics"])
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert any("张伟" in summary and "生日" in summary for summary in summaries)
    assert any("高考" in summary for summary in summaries)


async def test_export_delete_and_import_gives_back_the_identical_book(rapport: Rapport) -> None:
    await started(rapport, language="zh-hans")
    await rapport.says(42, ZH_NOTE, language_code="zh-hans")
    await rapport.says(42, "Met John at Acme, call him Friday 3pm")
    await rapport.says(42, "/level John friend")
    before = await rapport.store.with_book(42, lambda book: book.contents())
    files = await export_files(rapport)
    await rapport.says(42, "/deleteme")
    await rapport.says(42, "删除")
    await started(rapport, language="zh-hans")
    await rapport.sends_file(42, "rapport.json", files["json"], "application/json")
    await rapport.presses(42, "✅ 导入")
    after = await rapport.store.with_book(42, lambda book: book.contents())
    assert after == before


async def test_deleteme_needs_the_typed_word_and_then_leaves_nothing_behind(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme, call him Friday 3pm")
    await rapport.store.back_up(42, date(2026, 11, 22))
    await rapport.says(42, "/deleteme")
    await rapport.says(42, "no thanks")
    assert "Nothing was deleted" in rapport.last_text(42) and await names(rapport) == ["John"]
    await rapport.says(42, "/deleteme")
    await rapport.says(42, "DELETE")
    assert "deleted" in rapport.last_text(42)
    leftovers = [path for path in rapport.data_dir.rglob("*") if "42" in path.name or "42" in path.parts]
    assert leftovers == []
    directory = json.loads((rapport.data_dir / "directory.json").read_text("utf-8"))
    assert "42" not in directory.get("salespeople", {})


async def test_forget_deletes_one_client_after_confirming(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    await rapport.says(42, "Met Sarah at the expo")
    await rapport.says(42, "/forget John")
    await rapport.presses(42, "John")
    await rapport.presses(42, "Yes, delete")
    assert await names(rapport) == ["Sarah"]


async def test_daily_backups_roll_over_after_seven_days(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    for offset in range(9):
        await rapport.store.back_up(42, date(2026, 11, 22) + timedelta(days=offset))
    kept = [path.name for path in rapport.store.backups(42)]
    assert kept == [f"{date(2026, 11, 22) + timedelta(days=offset)}.json" for offset in range(2, 9)]
    assert json.loads((rapport.store.backups(42)[-1]).read_text("utf-8"))["clients"]


async def test_the_scheduler_takes_the_daily_backup(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    await rapport.at(rapport.clock.now() + timedelta(days=1))
    assert "2026-11-23.json" in [path.name for path in rapport.store.backups(42)]


async def test_one_salesperson_can_never_reach_anothers_book(rapport: Rapport) -> None:
    await started(rapport, 1)
    await rapport.says(1, ZH_NOTE, language_code="zh-hans")
    await rapport.says(1, "Met John at Acme, call him Friday 3pm")
    book_file = rapport.data_dir / "books" / "1.json"
    secret = book_file.read_bytes()
    alice = await rapport.store.with_book(1, lambda book: book.contents())
    ids = {
        "client": [client.id for client in alice.clients],
        "note": [note.id for note in alice.notes],
        "followup": [followup.id for followup in alice.followups],
    }

    await started(rapport, 2)
    await rapport.says(2, "/help")
    bob_message = rapport.last(2).message_id
    forged = []
    for client_id in ids["client"]:
        forged += [f"v1|card|{client_id}", f"v1|cdelok|{client_id}", f"v1|setlvl|{client_id}|confidant", f"v1|visited|{client_id}", f"v1|cnote|{client_id}", f"v1|rdone|{client_id}|revisit:{client_id}:2026-11-22"]
    for note_id in ids["note"]:
        forged += [f"v1|undo|{note_id}", f"v1|move|{note_id}|{ids['client'][0]}", f"v1|refile|{note_id}"]
    for followup_id in ids["followup"]:
        forged += [f"v1|fdone|{followup_id}", f"v1|rdone|0|followup:{followup_id}"]
    forged += ["v1|mergeok|1|2", "v1|impok", "v1|sugok|1", "v1|pick|deadbeef|1"]
    for data in forged:
        await rapport.presses_data(2, bob_message, data, forged=True)
    for command in ("/client 张伟", "/find Acme", "/clients", "/visit", "/today", "/export", "/forget John", "今天该拜访谁", "张伟的资料"):
        await rapport.says(2, command)

    assert book_file.read_bytes() == secret, "Alice's book changed"
    shown_to_bob = "\n".join(message.plain_text or "" for message in rapport.api.messages(2))
    for private in ("高考", "3月5", "27 Nov", "15:00", "回访", "女儿"):
        assert private not in shown_to_bob, private
    files_for_bob = b"".join(message.file.content for message in rapport.api.messages(2) if message.file)
    assert files_for_bob, "Bob's /export should have sent his own (empty) book"
    for name in ("张伟", "John", "Acme"):
        assert name.encode() not in files_for_bob, name
    assert not list((rapport.data_dir / "books").glob("2.json")) or b"\xe5\xbc\xa0" not in (rapport.data_dir / "books" / "2.json").read_bytes()
