"""A child process for the crash test: writes notes forever, printing each id once it is durable."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from crm.model import Client, Level, Note
from storage.book import Book


def main(path: str, start: int) -> None:
    book = Book(Path(path), owner_id=1)
    now = datetime(2026, 11, 22, tzinfo=timezone.utc)
    with book.batch():
        clients = book.clients.all()
        client = clients[0] if clients else book.clients.add(
            Client(id=0, name="张伟", level=Level.FRIEND, level_since=now, created_at=now)
        )
    number = start
    while True:
        with book.batch():
            book.notes.add(Note(id=0, client_id=client.id, text=f"note {number} 回访 " + "很长的记录" * 20, at=now))
        print(number, flush=True)  # the write has returned: it must survive anything now
        number += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
