"""A note Telegram delivers again is not filed again.

Rapport confirms an update to Telegram only once it has handled it (`bot/confirming_bot.py`),
so after a crash Telegram hands over the last batch again — including notes already filed
just before the crash. `capture_note` recognises them by their Telegram update id and says
where they went instead of filing them twice. These tests use a real book on disk, each
capture in one transaction as the bot does, and reopen the book where a crash would.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from crm import conversation
from crm.capture import AlreadyCaptured, Filed, FiledParts, NeedsClient, capture_for_client, capture_note, undo_note
from crm.clients import new_client
from storage import Book

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)
NOTE = "Met John at Acme, call him Friday 3pm"


def a_book(path: Path) -> Book:
    return Book(path / "42.json", owner_id=42)


def captured(book: Book, text: str, update_id: int, *, now: datetime = NOW) -> Filed | FiledParts | NeedsClient | AlreadyCaptured:
    """`text` arriving in Telegram update `update_id`, captured in one transaction as the bot does."""
    with book.batch():
        return capture_note(book, text, now=now, tz=SHANGHAI, update_id=update_id)


def test_a_note_delivered_again_after_a_crash_is_not_filed_twice(tmp_path: Path) -> None:
    first = captured(a_book(tmp_path), NOTE, update_id=501)
    assert isinstance(first, Filed)

    book = a_book(tmp_path)  # the process died; the next one opens the book from disk
    again = captured(book, NOTE, update_id=501, now=NOW + timedelta(seconds=40))

    assert again == AlreadyCaptured(note=first.note, client=first.client)
    assert [note.text for note in book.notes.all()] == [NOTE]
    assert [client.name for client in book.clients.all()] == ["John"]
    assert len(book.followups.all()) == 1, "the Friday call would be reminded twice"


def test_a_round_of_several_clients_delivered_again_is_not_filed_twice(tmp_path: Path) -> None:
    first = captured(a_book(tmp_path), "Zoom with Aaron at 9pm. Also Beth's birthday is Dec 20", update_id=505)
    assert isinstance(first, FiledParts) and [part.client.name for part in first.parts] == ["Aaron", "Beth"]

    book = a_book(tmp_path)
    again = captured(book, "Zoom with Aaron at 9pm. Also Beth's birthday is Dec 20", update_id=505)

    assert isinstance(again, AlreadyCaptured) and again.note == first.parts[0].note
    assert sorted(client.name for client in book.clients.all()) == ["Aaron", "Beth"] and len(book.notes.all()) == 2


def test_a_pending_note_delivered_again_is_not_kept_twice(tmp_path: Path) -> None:
    book = a_book(tmp_path)
    first = captured(book, "She wants a quote for 200 units", update_id=502)
    assert isinstance(first, NeedsClient)

    again = captured(a_book(tmp_path), "She wants a quote for 200 units", update_id=502)

    assert again == AlreadyCaptured(note=None, client=None)
    assert list(conversation.pending_notes(a_book(tmp_path))) == [first.pending_id]


def test_the_same_words_typed_again_are_a_second_note(tmp_path: Path) -> None:
    """Salespeople do repeat themselves: only the very same Telegram message is recognised."""
    book = a_book(tmp_path)
    first = captured(book, NOTE, update_id=503)
    second = captured(book, NOTE, update_id=504, now=NOW + timedelta(minutes=5))

    assert isinstance(first, Filed) and isinstance(second, Filed)
    assert second.note.id != first.note.id and second.client.id == first.client.id
    assert [note.text for note in book.notes.all()] == [NOTE, NOTE]


def test_a_note_added_from_the_card_and_delivered_again_is_not_filed_twice(tmp_path: Path) -> None:
    book = a_book(tmp_path)
    with book.batch():
        lily = new_client(book, "Lily", now=NOW - timedelta(days=3))
    for _ in range(2):
        with book.batch():
            outcome = capture_for_client(book, lily.id, "Liked the samples", now=NOW, tz=SHANGHAI, update_id=505)

    assert isinstance(outcome, AlreadyCaptured) and outcome.client is not None and outcome.client.id == lily.id
    assert outcome.note is not None and outcome.note.text == "Liked the samples"
    assert [note.text for note in book.notes.where(client_id=lily.id)] == ["Liked the samples"]


def test_a_note_undone_before_the_crash_does_not_come_back(tmp_path: Path) -> None:
    book = a_book(tmp_path)
    first = captured(book, NOTE, update_id=506)
    assert isinstance(first, Filed)
    with book.batch():
        undo_note(book, first.note.id)

    again = captured(a_book(tmp_path), NOTE, update_id=506)

    assert again == AlreadyCaptured(note=None, client=None)
    assert a_book(tmp_path).notes.all() == []
