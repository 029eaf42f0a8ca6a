"""The client book's everyday operations: create, find, rename, merge, delete, the card.

Works on a `storage.Book` inside one transaction; knows nothing of Telegram.
Merging and deleting only ever happen because the salesperson asked for it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

import orjson

from crm import conversation
from crm.calendars import next_birthday, next_occurrence
from crm.matching import ClientIndex, NameTable, to_simplified
from crm.model import (
    Birthday,
    ChangeReason,
    Client,
    ContactFunction,
    Event,
    FollowUp,
    Level,
    LevelChange,
    Note,
    NoteSource,
    Place,
)

if TYPE_CHECKING:
    from storage import Book

CARD_NOTES = 5
BALANCE_DAYS = 90

#: Name tables kept per salesperson, beyond the open books: with more salespeople active than
#: books open, a re-opened book finds its table here instead of reading every name in pinyin again.
#: ~0.2 MB each for 300 clients, so 256 of them stay well inside the bot's memory budget.
NAME_TABLES_KEPT = 256


@dataclass(slots=True)
class _KeptTable:
    signature: bytes  # of the (id, name, aliases) the table was built from — not the names: less memory
    count: int  # how many clients it holds
    table: NameTable


_tables: OrderedDict[int, _KeptTable] = OrderedDict()


def client_index(book: Book) -> ClientIndex:
    """The name index of the book's clients; its table is rebuilt only when a name or alias changed.

    Filing a note changes its client (the last contact), so keying the table on
    any change would rebuild it for every note; names are what it indexes. A
    client added at the end of the book (the usual change: a note about someone
    new) is added to the table, not rebuilt into it. The table holds names and
    ids only, and the index answers with clients read from the book as they are now.
    """
    names = book.clients.project("name", "aliases")
    signature = _signature(names)
    kept = _tables.get(book.owner_id)
    if kept is not None and kept.signature != signature:
        if len(names) > kept.count and _signature(names[: kept.count]) == kept.signature:
            kept.table.extend(_entries(names[kept.count :]))
            kept.signature, kept.count = signature, len(names)
        else:
            kept = None
    if kept is None:
        kept = _tables[book.owner_id] = _KeptTable(signature, len(names), NameTable(_entries(names)))
        while len(_tables) > NAME_TABLES_KEPT:
            _tables.popitem(last=False)
    _tables.move_to_end(book.owner_id)
    return ClientIndex(kept.table, book.clients.get)


def _signature(names: list[tuple[Any, ...]]) -> bytes:
    return hashlib.blake2b(orjson.dumps(names), digest_size=16).digest()


def _entries(names: list[tuple[Any, ...]]) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    return ((client_id, name, tuple(aliases or ())) for client_id, name, aliases in names)


def new_client(
    book: Book,
    name: str,
    *,
    now: datetime,
    company: str | None = None,
    phone: str | None = None,
    level: Level = Level.PASSER_BY,
) -> Client:
    """A client as first written; every client starts with a level and its history."""
    client = book.clients.add(
        Client(
            id=0,
            name=" ".join(name.split()) or "?",
            level=level,
            level_since=now,
            created_at=now,
            company=company,
            phone=phone,
        )
    )
    book.level_changes.add(
        LevelChange(id=0, client_id=client.id, to_level=level, at=now, reason=ChangeReason.NEW)
    )
    return client


def find_clients(book: Book, query: str, limit: int = 30) -> list[Client]:
    """Clients whose name, alias, company, tag, area or any note contains `query`."""
    needle = _folded(query)
    if not needle:
        return []
    hits: dict[int, Client] = {}
    for client in book.clients.all():
        fields = [client.name, *client.aliases, client.company or "", *client.tags, client.area or ""]
        if any(needle in _folded(value) for value in fields):
            hits[client.id] = client
    for note in book.notes.all():
        if note.client_id not in hits and needle in _folded(note.text):
            found = book.clients.get(note.client_id)
            if found is not None:
                hits[found.id] = found
    return sorted(hits.values(), key=lambda client: (-client.level.rank, client.name))[:limit]


def add_alias(book: Book, client_id: int, alias: str) -> Client | None:
    client = book.clients.get(client_id)
    alias = " ".join(alias.split())
    if client is None or not alias:
        return None
    if alias != client.name and alias not in client.aliases:
        client.aliases = (*client.aliases, alias)
        book.clients.save(client)
    return client


def rename(book: Book, client_id: int, new_name: str) -> Client | None:
    """Give a client a new name; the old one stays as an alias so old notes still match."""
    client = book.clients.get(client_id)
    new_name = " ".join(new_name.split())
    if client is None or not new_name:
        return None
    if new_name != client.name:
        aliases = tuple(alias for alias in (*client.aliases, client.name) if alias != new_name)
        client.name, client.aliases = new_name, aliases
        book.clients.save(client)
    return client


def merge(book: Book, keep_id: int, other_id: int) -> Client | None:
    """Fold `other` into `keep`: notes, dates, follow-ups and history move; names become aliases."""
    keep, other = book.clients.get(keep_id), book.clients.get(other_id)
    if keep is None or other is None or keep_id == other_id:
        return None
    for collection in (book.notes, book.events, book.followups, book.level_changes, book.suggestions):
        for item in collection.where(client_id=other_id):
            item.client_id = keep_id
            collection.save(item)  # type: ignore[arg-type]
    names = [*keep.aliases, other.name, *other.aliases]
    keep.aliases = tuple(dict.fromkeys(name for name in names if name != keep.name))
    keep.company = keep.company or other.company
    keep.phone = keep.phone or other.phone
    keep.tags = tuple(dict.fromkeys((*keep.tags, *other.tags)))
    keep.area = keep.area or other.area
    keep.place = keep.place or other.place
    keep.birthday = keep.birthday or other.birthday
    contacts = [moment for moment in (keep.last_contact_at, other.last_contact_at) if moment]
    keep.last_contact_at = max(contacts) if contacts else None
    if other.level.rank > keep.level.rank:
        keep.level, keep.level_since = other.level, other.level_since
    book.clients.save(keep)
    book.clients.remove(other_id)
    conversation.forget_client(book, other_id)
    return keep


def delete_client(book: Book, client_id: int) -> Client | None:
    """Delete a client with all their notes, dates and reminders."""
    client = book.clients.get(client_id)
    if client is None:
        return None
    book.remove_client(client_id)
    conversation.forget_client(book, client_id)
    return client


def set_place(book: Book, client_id: int, latitude: float, longitude: float, label: str | None = None) -> Client | None:
    client = book.clients.get(client_id)
    if client is None:
        return None
    client.place = Place(latitude=latitude, longitude=longitude, label=label)
    book.clients.save(client)
    return client


def upsert_contact(book: Book, name: str, phone: str, *, now: datetime) -> tuple[Client, bool]:
    """A shared phone contact: update the client with that phone or name, or create one."""
    digits = _digits(phone)
    for client in book.clients.all():
        if client.phone and _digits(client.phone) == digits:
            if not client.name and name:
                client.name = name
            return client, False
    index = client_index(book)
    match = index.match(name) if name else None
    if match is not None and match.outcome.value == "one":
        client = match.candidates[0]
        client.phone = phone
        book.clients.save(client)
        return client, False
    return new_client(book, name or phone, now=now, phone=phone), True


def record_contact(
    book: Book, client_id: int, *, now: datetime, text: str = "", functions: tuple[ContactFunction, ...] = ()
) -> Note | None:
    """A contact without words (✅ visited / done): it resets the revisit clock."""
    client = book.clients.get(client_id)
    if client is None:
        return None
    note = book.notes.add(
        Note(
            id=0,
            client_id=client_id,
            text=text,
            at=now,
            source=NoteSource.CONTACT,
            functions=functions,
            changes={"last_contact_before": client.last_contact_at.isoformat() if client.last_contact_at else None},
        )
    )
    if client.last_contact_at is None or client.last_contact_at < now:
        client.last_contact_at = now
    client.snoozed_until = None
    book.clients.save(client)
    return note


@dataclass(frozen=True, slots=True)
class UpcomingEvent:
    event: Event
    on: date


@dataclass(frozen=True, slots=True)
class Card:
    """Everything a client's card shows, computed for one day."""

    client: Client
    days_at_level: int
    next_birthday: date | None
    events: tuple[UpcomingEvent, ...]
    followups: tuple[FollowUp, ...]
    notes: tuple[Note, ...]
    note_count: int
    balance: dict[ContactFunction, int]
    days_since_contact: int | None  # calendar days in the salesperson's zone: 0 is today, 1 yesterday


def card(book: Book, client_id: int, *, now: datetime, zone: tzinfo) -> Card | None:
    """The client's card as of `now` in the salesperson's time `zone` (their today, their yesterday)."""
    today = now.astimezone(zone).date()
    client = book.clients.get(client_id)
    if client is None:
        return None
    notes = sorted(book.notes.where(client_id=client_id), key=lambda note: note.at, reverse=True)
    since = now - timedelta(days=BALANCE_DAYS)
    balance = Counter(function for note in notes if note.at >= since for function in note.functions)
    upcoming = []
    for event in book.events.where(client_id=client_id):
        on = next_occurrence(event.date, yearly=event.yearly, on_or_after=today)
        if on is not None:
            upcoming.append(UpcomingEvent(event=event, on=on))
    upcoming.sort(key=lambda item: item.on)
    followups = sorted(
        (followup for followup in book.followups.where(client_id=client_id) if followup.done_at is None),
        key=lambda followup: (followup.date, followup.time or datetime.min.time()),
    )
    return Card(
        client=client,
        days_at_level=max(0, (today - client.level_since.astimezone(zone).date()).days),
        next_birthday=next_birthday(client.birthday, today) if client.birthday else None,
        events=tuple(upcoming),
        followups=tuple(followups),
        notes=tuple(notes[:CARD_NOTES]),
        note_count=len(notes),
        balance={function: balance.get(function, 0) for function in ContactFunction},
        days_since_contact=(today - client.last_contact_at.astimezone(zone).date()).days if client.last_contact_at else None,
    )


def complete_followup(book: Book, followup_id: int, *, now: datetime) -> FollowUp | None:
    followup = book.followups.get(followup_id)
    if followup is None or followup.done_at is not None:
        return followup
    done = replace(followup, done_at=now)
    book.followups.save(done)
    record_contact(book, followup.client_id, now=now, text=followup.text)
    return done


def _folded(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text)).casefold().strip()


def _digits(phone: str) -> str:
    digits = "".join(character for character in phone if character.isdecimal())
    return digits[-11:]  # compare without country code: +86 138… and 138… are the same phone


def remove_fact(book: Book, kind: str, fact_id: int) -> bool:
    """Remove one fact: "b" a client's birthday (by client id), "e" an event, "f" a follow-up."""
    if kind == "b":
        client = book.clients.get(fact_id)
        if client is None or client.birthday is None:
            return False
        client.birthday = None
        book.clients.save(client)
        return True
    if kind == "e":
        return book.events.remove(fact_id)
    if kind == "f":
        return book.followups.remove(fact_id)
    return False


def set_birthday(book: Book, client_id: int, birthday: Birthday) -> Client | None:
    client = book.clients.get(client_id)
    if client is None:
        return None
    client.birthday = birthday
    book.clients.save(client)
    return client
