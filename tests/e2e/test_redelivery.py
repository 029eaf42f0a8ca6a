"""After a crash, Telegram hands the bot again what it had not confirmed (`bot.confirming_bot`).

Whatever the bot had already done with such a message must not happen twice: a note is
not filed again, an answer to a question is not taken for a new note, and a /deleteme
confirmation does not bring a deleted salesperson's book back.
"""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.test_notes_and_cards import started
from tests.support.e2e import Rapport, texts


async def notes_of(rapport: Rapport, user: int = 42) -> list[str]:
    return await rapport.store.with_book(user, lambda book: [note.text for note in book.notes.all()])


async def test_a_note_delivered_again_is_not_filed_twice(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme, call him Friday 3pm")
    update_id = rapport.last_written
    again = texts(await rapport.is_delivered_again(update_id))
    assert "Already filed under John" in again and "Met John at Acme" in again
    assert await notes_of(rapport) == ["Met John at Acme, call him Friday 3pm"]
    followups = await rapport.store.with_book(42, lambda book: book.followups.count())
    assert followups == 1


async def test_a_name_typed_in_answer_is_not_taken_for_a_note_when_delivered_again(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met Sarah at the expo")
    rapport.advance(timedelta(minutes=30))  # nobody is "just talked about" any more: Rapport asks whose note it is
    await rapport.says(42, "She wants a quote for 200 units")
    await rapport.presses(42, "➕ New client")
    assert "🆕 Lucy Chen" in texts(await rapport.says(42, "Lucy Chen"))
    again = texts(await rapport.is_delivered_again(rapport.last_written))
    assert again == "✅ Already received."
    assert await notes_of(rapport) == ["Met Sarah at the expo", "She wants a quote for 200 units"]


async def test_a_deleteme_confirmation_delivered_again_brings_nothing_back(rapport: Rapport) -> None:
    await started(rapport)
    await rapport.says(42, "Met John at Acme")
    await rapport.says(42, "/deleteme")
    assert "deleted" in texts(await rapport.says(42, "DELETE"))
    again = texts(await rapport.is_delivered_again(rapport.last_written))
    assert "deleted" in again
    left = [path.name for path in rapport.data_dir.rglob("*") if path.is_file()]
    assert left == ["directory.json"]
    assert await rapport.store.with_directory(lambda directory: directory.get(42)) is None
