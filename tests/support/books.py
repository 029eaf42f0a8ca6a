"""Builders that put a client's history straight into a book, for stories that need a past."""

from __future__ import annotations

from datetime import datetime, timedelta

from crm.clients import new_client
from crm.model import Birthday, Client, ContactFunction, Level, Note, NoteSource, Place
from storage import Book


def a_client_with_history(
    book: Book,
    name: str,
    *,
    now: datetime,
    level: Level = Level.PASSER_BY,
    known_for: timedelta = timedelta(days=40),
    last_contact: timedelta | None = None,
    care_contacts: int = 0,
    birthday: Birthday | None = None,
    place: Place | None = None,
    area: str | None = None,
    tags: tuple[str, ...] = (),
) -> Client:
    """A client met `known_for` ago, with `care_contacts` caring visits spread over the last weeks."""
    client = new_client(book, name, now=now - known_for, level=level)
    for number in range(care_contacts):
        at = now - timedelta(days=3 + 5 * number)
        book.notes.add(Note(id=0, client_id=client.id, text=f"拜访{name}，送了点心", at=at, source=NoteSource.TEXT, functions=(ContactFunction.CARE,)))
    client.birthday = birthday
    client.place = place
    client.area = area
    client.tags = tags
    if last_contact is not None:
        client.last_contact_at = now - last_contact
    elif care_contacts:
        client.last_contact_at = now - timedelta(days=3)
    book.clients.save(client)
    return client
