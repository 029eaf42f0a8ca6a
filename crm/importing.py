"""Bringing a file's clients into a book, and restoring a whole exported book.

The formats are read by `crm.portability`; this module applies what the
salesperson confirmed. Importing never overwrites what the book already knows:
a matched client only gains the fields it was missing, its tags and a note
with the file's remarks. Restoring a JSON export replaces the book exactly
(ids included), which is what makes export → delete → import a true round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from crm.clients import new_client
from crm.level_changes import change_level
from crm.model import BookContents, ChangeReason, Client, Level, Note, NoteSource
from crm.portability import ImportPlan, ImportRow

if TYPE_CHECKING:
    from storage import Book


@dataclass(frozen=True, slots=True)
class Imported:
    created: int
    updated: int


def apply_plan(book: Book, plan: ImportPlan, *, now: datetime) -> Imported:
    for row in plan.new:
        client = new_client(book, row.name, now=now, company=row.company, phone=row.phone, level=row.level or Level.PASSER_BY)
        _fill(book, client, row, now)
    for row, existing in plan.matched:
        current = book.clients.get(existing.id)
        if current is not None:
            _fill(book, current, row, now)
    return Imported(created=len(plan.new), updated=len(plan.matched))


def _fill(book: Book, client: Client, row: ImportRow, now: datetime) -> None:
    client.company = client.company or row.company
    client.phone = client.phone or row.phone
    client.birthday = client.birthday or row.birthday
    client.area = client.area or row.area
    client.tags = tuple(dict.fromkeys((*client.tags, *row.tags)))
    book.clients.save(client)
    if row.level is not None and row.level != client.level and client.level is Level.PASSER_BY:
        change_level(book, client.id, row.level, now=now, reason=ChangeReason.IMPORT)
    if row.notes:
        book.notes.add(Note(id=0, client_id=client.id, text=row.notes, at=now, source=NoteSource.IMPORT))


def restore(book: Book, contents: BookContents) -> None:
    """Make the book exactly the exported one (after the salesperson confirmed replacing it)."""
    book.replace_contents(contents)
    for key in ("recent", "card", "pending", "awaiting", "snoozed", "not_today", "here", "pending_import"):
        book.set_context(key, None)
