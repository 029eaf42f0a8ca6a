"""What the conversation is about right now, kept in the book so a restart forgets nothing.

- the *recent client*: a note without a name within 10 minutes of talking about
  someone goes to them (and the reply says so);
- the *open card*: a location shared while a card is open becomes that client's place;
- *pending notes*: notes whose client Rapport had to ask about, stored until answered;
- *awaiting*: a prompt that expects the next message to be an answer (a birthday,
  a client's name) rather than a note;
- *captured messages*: the last Telegram updates filed as notes, so a message
  Telegram delivers again after a crash (`bot.confirming_bot`) is not filed twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from crm.model import Client, NoteSource

if TYPE_CHECKING:
    from storage import Book

RECENT_WINDOW = timedelta(minutes=10)
RECENT_CHOICES = 5
#: What `remember_captured` records for an update that answered a question (a name, a birthday).
ANSWERED = "answer"
#: Captured updates remembered; a redelivery after a crash is of the last batch, at most 100.
CAPTURED_REMEMBERED = 200


@dataclass(frozen=True, slots=True)
class PendingNote:
    text: str
    at: datetime
    source: NoteSource
    written: str | None = None


@dataclass(frozen=True, slots=True)
class Awaiting:
    """The answer the next text message is expected to be."""

    what: str  # "birthday" | "client_name" | "note_for"
    target: str  # a client id or a pending note id
    at: datetime


def remember_client(book: Book, client_id: int, *, now: datetime) -> None:
    book.set_context("recent", {"id": client_id, "at": now.isoformat()})


def recent_client(book: Book, *, now: datetime) -> Client | None:
    """The client talked about in the last 10 minutes, if any (and still in the book)."""
    return _client_within(book, "recent", now)


def open_card(book: Book, client_id: int, *, now: datetime) -> None:
    book.set_context("card", {"id": client_id, "at": now.isoformat()})
    remember_client(book, client_id, now=now)


def card_in_view(book: Book, *, now: datetime) -> Client | None:
    """The client whose card was opened in the last 10 minutes, if any."""
    return _client_within(book, "card", now)


def recent_clients(book: Book, limit: int = RECENT_CHOICES) -> tuple[Client, ...]:
    """Clients most recently in contact, to offer as choices."""
    clients = book.clients.all()
    clients.sort(key=lambda client: (client.last_contact_at or client.created_at), reverse=True)
    return tuple(clients[:limit])


def keep_pending(book: Book, pending_id: str, pending: PendingNote) -> None:
    notes: dict[str, Any] = dict(book.context("pending") or {})
    notes[pending_id] = {
        "text": pending.text,
        "at": pending.at.isoformat(),
        "source": pending.source.value,
        "written": pending.written,
    }
    book.set_context("pending", notes)


def remember_captured(book: Book, update_id: int, outcome: int | str) -> None:
    """Update `update_id` was filed as note `outcome` (an int), kept pending as `outcome` (a str), or `ANSWERED`."""
    captured = [entry for entry in book.context("captured") or [] if entry[0] != update_id]
    captured.append([update_id, outcome])
    book.set_context("captured", captured[-CAPTURED_REMEMBERED:])


def captured_as(book: Book, update_id: int) -> int | str | None:
    """The note id (or pending id) update `update_id` was captured as, if it was."""
    return next((entry[1] for entry in book.context("captured") or [] if entry[0] == update_id), None)


def take_pending(book: Book, pending_id: str) -> PendingNote | None:
    notes: dict[str, Any] = dict(book.context("pending") or {})
    record = notes.pop(pending_id, None)
    if record is None:
        return None
    book.set_context("pending", notes or None)
    return PendingNote(
        text=record["text"],
        at=datetime.fromisoformat(record["at"]),
        source=NoteSource(record["source"]),
        written=record.get("written"),
    )


def pending_notes(book: Book) -> dict[str, PendingNote]:
    return {
        pending_id: PendingNote(
            text=record["text"],
            at=datetime.fromisoformat(record["at"]),
            source=NoteSource(record["source"]),
            written=record.get("written"),
        )
        for pending_id, record in (book.context("pending") or {}).items()
    }


def expect(book: Book, what: str, target: str | int, *, now: datetime) -> None:
    book.set_context("awaiting", {"what": what, "target": str(target), "at": now.isoformat()})


def expected(book: Book, *, now: datetime) -> Awaiting | None:
    """The pending prompt, if it was asked in the last 10 minutes."""
    record = book.context("awaiting")
    if not record:
        return None
    at = datetime.fromisoformat(record["at"])
    if now - at > RECENT_WINDOW:
        return None
    return Awaiting(what=record["what"], target=record["target"], at=at)


def stop_expecting(book: Book, *, answered_by: int | None = None) -> None:
    """No answer is awaited any more; `answered_by` is the update that answered (see `remember_captured`)."""
    book.set_context("awaiting", None)
    if answered_by is not None:
        remember_captured(book, answered_by, ANSWERED)


def forget_client(book: Book, client_id: int) -> None:
    """Drop conversation pointers to a deleted client."""
    for key in ("recent", "card"):
        record = book.context(key)
        if record and record.get("id") == client_id:
            book.set_context(key, None)


def _client_within(book: Book, key: str, now: datetime) -> Client | None:
    record = book.context(key)
    if not record:
        return None
    if now - datetime.fromisoformat(record["at"]) > RECENT_WINDOW:
        return None
    return book.clients.get(int(record["id"]))
