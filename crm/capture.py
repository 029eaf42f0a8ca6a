"""Filing a note: find the client, store the words, apply the facts — and undo all of it.

`capture_note` is called with the salesperson's book inside one storage
transaction, so the note and everything it changes reach the disk together.
When the client cannot be told for sure, the note is *still stored* (as a
pending note in the book) and the caller asks the salesperson; nothing typed is
ever held only in memory.

Every effect of filing is recorded on the note (`Note.changes`), so Undo and
"Not this client" reverse exactly what this note did and nothing else.

Never guesses silently between two clients; never merges clients.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import TYPE_CHECKING, Any

from crm import conversation
from crm.conversation import PendingNote
from crm.level_changes import record_move
from crm.clients import client_index, new_client
from crm.matching import ClientIndex, Outcome
from crm.model import (
    Birthday,
    CalendarKind,
    ChangeReason,
    Client,
    ContactFunction,
    Event,
    FollowUp,
    Level,
    LevelChange,
    Note,
    NoteSource,
)
from crm.understanding import Reading, client_parts, read

if TYPE_CHECKING:
    from storage import Book

#: Labels of dated events that come back every year.
_YEARLY_WORDS = ("纪念日", "紀念日", "周年", "週年", "anniversary", "生日", "birthday", "born")


@dataclass(frozen=True, slots=True)
class Filed:
    """A note that landed on a client, with everything it changed."""

    note: Note
    client: Client
    reading: Reading
    created_client: bool = False
    via_recent: bool = False
    birthday: Birthday | None = None
    events: tuple[Event, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    level_change: LevelChange | None = None


@dataclass(frozen=True, slots=True)
class FiledParts:
    """A note about several clients in turn, filed as one note per client (see `client_parts`)."""

    parts: tuple[Filed, ...]


@dataclass(frozen=True, slots=True)
class AlreadyCaptured:
    """Telegram delivered this message again (after a crash): it was captured before.

    `note` and `client` are where it was filed (None when it is pending an
    answer, or was undone since).
    """

    note: Note | None
    client: Client | None


@dataclass(frozen=True, slots=True)
class NeedsClient:
    """The note is stored as pending; the salesperson must say whose it is.

    `reason` is "ambiguous" (several clients fit `written`) or "no_name" (the
    note names nobody and nobody was discussed in the last minutes).
    """

    pending_id: str
    reason: str
    candidates: tuple[Client, ...]
    written: str | None = None


def capture_note(
    book: Book,
    text: str,
    *,
    now: datetime,
    tz: tzinfo,
    source: NoteSource = NoteSource.TEXT,
    name_hint: str | None = None,
    update_id: int | None = None,
) -> Filed | FiledParts | NeedsClient | AlreadyCaptured:
    """Read `text`, decide whose note it is, and file it — or store it pending and ask.

    `name_hint` is the sender of a forwarded message: when it is a known client,
    the note is theirs, whatever names the text mentions. A note that reports on
    several clients in turn is filed as one note each, when every one of them is
    known for sure or new. `update_id` is the Telegram update that carried it: the
    same update a second time is not filed again.
    """
    if update_id is not None and (earlier := already_captured(book, update_id)) is not None:
        return earlier
    index = client_index(book)  # once: on a book of thousands its freshness check alone costs milliseconds
    result = (None if name_hint else _capture_parts(book, index, text, now=now, tz=tz, source=source)) or _capture(
        book, index, text, now=now, tz=tz, source=source, name_hint=name_hint
    )
    if update_id is not None:
        conversation.remember_captured(book, update_id, _captured_as(result))
    return result


def _captured_as(result: Filed | FiledParts | NeedsClient) -> int | str:
    """What a redelivery of the update is answered with: the (first) note, or the pending note."""
    if isinstance(result, FiledParts):
        return result.parts[0].note.id
    return result.note.id if isinstance(result, Filed) else result.pending_id


def already_captured(book: Book, update_id: int) -> AlreadyCaptured | None:
    """What became of update `update_id` if it was captured before; None if it is new."""
    earlier = conversation.captured_as(book, update_id)
    if earlier is None:
        return None
    note = book.notes.get(earlier) if isinstance(earlier, int) else None
    return AlreadyCaptured(note=note, client=book.clients.get(note.client_id) if note else None)


def _capture(
    book: Book, index: ClientIndex, text: str, *, now: datetime, tz: tzinfo, source: NoteSource, name_hint: str | None
) -> Filed | NeedsClient:
    mentioned = index.mentioned_in(text)
    reading = read(text, now=now, tz=tz, known_names=_names_for_reader(index, text, mentioned))
    if name_hint:
        sender = index.match(name_hint)
        if sender.outcome is Outcome.ONE:
            return _file(book, text, reading, sender.candidates[0].id, now=now, tz=tz, source=source)
    written = reading.client or name_hint
    if written:
        match = index.match(written)
        if match.outcome is Outcome.ONE:
            return _file(book, text, reading, match.candidates[0].id, now=now, tz=tz, source=source)
        if match.outcome is Outcome.SEVERAL:
            return _ask(book, text, now, source, "ambiguous", match.candidates, written)
        client = new_client(book, written, now=now, company=reading.company)
        return _file(book, text, reading, client.id, now=now, tz=tz, source=source, created=True)
    if len({client.id for client in mentioned}) == 1:
        return _file(book, text, reading, mentioned[0].id, now=now, tz=tz, source=source)
    if len(mentioned) > 1:
        return _ask(book, text, now, source, "ambiguous", tuple(mentioned), None)
    recent = conversation.recent_client(book, now=now)
    if recent is not None:
        return _file(book, text, reading, recent.id, now=now, tz=tz, source=source, via_recent=True)
    return _ask(book, text, now, source, "no_name", conversation.recent_clients(book), None)


def _names_for_reader(index: ClientIndex, text: str, mentioned: list[Client] | None = None) -> list[str]:
    """Book names the reader should look for in `text`: clients named in it, and those whose first name is.

    A first name alone ("demo with cody") is the reader's to judge — in a note
    typed all in lower case it is the client; "will call back" is not Will Smith.
    """
    clients = [*(index.mentioned_in(text) if mentioned is None else mentioned), *index.first_named_in(text)]
    return list(dict.fromkeys(name for client in clients for name in (client.name, *client.aliases)))


def _capture_parts(
    book: Book, index: ClientIndex, text: str, *, now: datetime, tz: tzinfo, source: NoteSource
) -> FiledParts | None:
    """One note per client for a note that reports on several in turn; None to file it whole.

    Whole, too, when any part's client is ambiguous (asking about several parts at
    once would be confusing) or two parts name the same client.
    """
    parts = client_parts(text, _names_for_reader(index, text))
    if parts is None:
        return None
    plan: list[tuple[str, Reading, int | None, str]] = []  # (words, reading, client id or None for new, name)
    for words in parts:
        reading = read(words, now=now, tz=tz, known_names=_names_for_reader(index, words))
        if reading.client is None:
            return None
        match = index.match(reading.client)
        if match.outcome is Outcome.SEVERAL:
            return None
        plan.append((words, reading, match.candidates[0].id if match.outcome is Outcome.ONE else None, reading.client))
    chosen = [client_id for _, _, client_id, _ in plan if client_id is not None]
    new_names = [name for _, _, client_id, name in plan if client_id is None]
    if len(set(chosen)) < len(chosen) or len(set(new_names)) < len(new_names):
        return None
    filed = []
    for words, reading, client_id, name in plan:
        if client_id is None:
            client = new_client(book, name, now=now, company=reading.company)
            filed.append(_file(book, words, reading, client.id, now=now, tz=tz, source=source, created=True))
        else:
            filed.append(_file(book, words, reading, client_id, now=now, tz=tz, source=source))
    return FiledParts(parts=tuple(filed))


def capture_for_client(
    book: Book,
    client_id: int,
    text: str,
    *,
    now: datetime,
    tz: tzinfo,
    source: NoteSource = NoteSource.TEXT,
    update_id: int | None = None,
) -> Filed | AlreadyCaptured | None:
    """File a note on a client chosen beforehand ("📝 Add note" on their card); see `capture_note`."""
    if update_id is not None and (earlier := already_captured(book, update_id)) is not None:
        return earlier
    client = book.clients.get(client_id)
    if client is None:
        return None
    filed = _file(book, text, read(text, now=now, tz=tz), client.id, now=now, tz=tz, source=source)
    if update_id is not None:
        conversation.remember_captured(book, update_id, filed.note.id)
    return filed


def file_pending(
    book: Book, pending_id: str, *, client_id: int | None, new_name: str | None, tz: tzinfo
) -> Filed | None:
    """File a pending note on the chosen client (or a new one named `new_name`); None if gone."""
    pending = conversation.take_pending(book, pending_id)
    if pending is None:
        return None
    if client_id is not None:
        client = book.clients.get(client_id)
        if client is None:
            conversation.keep_pending(book, pending_id, pending)
            return None
        created = False
    else:
        client = new_client(book, new_name or pending.written or "?", now=pending.at)
        created = True
    reading = read(pending.text, now=pending.at, tz=tz)
    return _file(book, pending.text, reading, client.id, now=pending.at, tz=tz, source=pending.source, created=created)


def undo_note(book: Book, note_id: int) -> Note | None:
    """Remove a note and every effect it had; returns the removed note, or None if gone."""
    note = book.notes.get(note_id)
    if note is None:
        return None
    _reverse(book, note)
    book.notes.remove(note_id)
    return note


def refile_note(book: Book, note_id: int, *, client_id: int | None, new_name: str | None, tz: tzinfo) -> Filed | None:
    """"Not this client": take the note off its client (undoing its effects) and file it anew."""
    note = book.notes.get(note_id)
    if note is None:
        return None
    if client_id is not None:
        target = book.clients.get(client_id)
        if target is None:
            return None
        created = False
    else:
        target = new_client(book, new_name or "?", now=note.at)
        created = True
    _reverse(book, note)
    book.notes.remove(note_id)
    reading = read(note.text, now=note.at, tz=tz)
    return _file(book, note.text, reading, target.id, now=note.at, tz=tz, source=note.source, created=created)


def _ask(
    book: Book,
    text: str,
    now: datetime,
    source: NoteSource,
    reason: str,
    candidates: tuple[Client, ...],
    written: str | None,
) -> NeedsClient:
    pending_id = secrets.token_hex(4)
    conversation.keep_pending(book, pending_id, PendingNote(text=text, at=now, source=source, written=written))
    return NeedsClient(pending_id=pending_id, reason=reason, candidates=candidates, written=written)


def _file(
    book: Book,
    text: str,
    reading: Reading,
    client_id: int,
    *,
    now: datetime,
    tz: tzinfo,
    source: NoteSource,
    created: bool = False,
    via_recent: bool = False,
) -> Filed:
    """Store the note on the client and apply its facts, recording each effect for Undo."""
    client = book.clients.get(client_id)  # fresh: the name index may hold an older copy
    assert client is not None, "the caller found this client in the same transaction"
    note_id = book.notes.reserve_id()  # facts point at the note, which is written once, last
    changes: dict[str, Any] = {"created_client": True} if created else {}
    birthday = _apply_birthday(client, reading, changes)
    events = tuple(_add_event(book, client, note_id, fact) for fact in reading.facts if fact["type"] == "date")
    followups = tuple(
        _add_followup(book, client, note_id, text, fact) for fact in reading.facts if fact["type"] == "followup"
    )
    level_change = _apply_level(book, client, reading, note_id, changes, now)
    if reading.company and not client.company:
        changes["company_before"] = None
        client.company = reading.company
    changes["last_contact_before"] = client.last_contact_at.isoformat() if client.last_contact_at else None
    if client.last_contact_at is None or client.last_contact_at < now:
        client.last_contact_at = now
    book.clients.save(client)
    note = Note(
        id=note_id,
        client_id=client.id,
        text=text,
        at=now,
        source=source,
        functions=tuple(ContactFunction(name) for name in reading.functions),
        hashtags=reading.hashtags,
        changes=changes,
    )
    book.notes.save(note)
    conversation.remember_client(book, client.id, now=now)
    return Filed(
        note=note,
        client=client,
        reading=reading,
        created_client=created,
        via_recent=via_recent,
        birthday=birthday,
        events=events,
        followups=followups,
        level_change=level_change,
    )


def _apply_birthday(client: Client, reading: Reading, changes: dict[str, Any]) -> Birthday | None:
    facts = [fact for fact in reading.facts if fact["type"] == "birthday"]
    if not facts:
        return None
    fact = facts[-1]
    birthday = Birthday(
        month=int(fact["month"]),
        day=int(fact["day"]),
        year=int(fact["year"]) if fact.get("year") else None,
        calendar=CalendarKind(fact.get("calendar", "solar")),
        leap_month=bool(fact.get("leap", False)),
    )
    changes["birthday_before"] = _birthday_record(client.birthday)
    client.birthday = birthday
    return birthday


def _add_event(book: Book, client: Client, note_id: int, fact: dict[str, Any]) -> Event:
    label = str(fact.get("label") or "")
    return book.events.add(
        Event(
            id=0,
            client_id=client.id,
            date=date.fromisoformat(fact["date"]),
            label=label,
            time=time.fromisoformat(fact["time"]) if fact.get("time") else None,
            yearly=any(word in label.lower() for word in _YEARLY_WORDS),
            note_id=note_id,
            text=str(fact.get("text") or ""),
        )
    )


def _add_followup(book: Book, client: Client, note_id: int, text: str, fact: dict[str, Any]) -> FollowUp:
    return book.followups.add(
        FollowUp(
            id=0,
            client_id=client.id,
            date=date.fromisoformat(fact["date"]),
            text=str(fact.get("text") or text),
            time=time.fromisoformat(fact["time"]) if fact.get("time") else None,
            note_id=note_id,
        )
    )


def _apply_level(
    book: Book, client: Client, reading: Reading, note_id: int, changes: dict[str, Any], now: datetime
) -> LevelChange | None:
    if reading.level is None or Level(reading.level) == client.level:
        return None
    changes["level_before"] = client.level.value
    changes["level_since_before"] = client.level_since.isoformat()
    return record_move(book, client, Level(reading.level), now=now, reason=ChangeReason.NOTE, note_id=note_id)


def _reverse(book: Book, note: Note) -> None:
    """Put the client back as it was before `note` was filed."""
    changes = note.changes
    book.events.remove_where(note_id=note.id)
    book.followups.remove_where(note_id=note.id)
    book.level_changes.remove_where(note_id=note.id)
    client = book.clients.get(note.client_id)
    if client is None:
        return
    if changes.get("created_client") and not [other for other in book.notes.where(client_id=client.id) if other.id != note.id]:
        book.remove_client(client.id)
        return
    if "birthday_before" in changes:
        client.birthday = _birthday_from(changes["birthday_before"])
    if "level_before" in changes:
        client.level = Level(str(changes["level_before"]))
        client.level_since = datetime.fromisoformat(str(changes["level_since_before"]))
    if "company_before" in changes:
        client.company = None
    if "last_contact_before" in changes:
        before = changes["last_contact_before"]
        client.last_contact_at = datetime.fromisoformat(str(before)) if before else None
    book.clients.save(client)


def _birthday_record(birthday: Birthday | None) -> dict[str, Any] | None:
    if birthday is None:
        return None
    return {
        "month": birthday.month,
        "day": birthday.day,
        "year": birthday.year,
        "calendar": birthday.calendar.value,
        "leap": birthday.leap_month,
    }


def _birthday_from(record: Any) -> Birthday | None:
    if not record:
        return None
    return Birthday(
        month=int(record["month"]),
        day=int(record["day"]),
        year=record.get("year"),
        calendar=CalendarKind(record["calendar"]),
        leap_month=bool(record.get("leap")),
    )

