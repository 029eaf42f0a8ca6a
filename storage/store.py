"""Access to all books and the directory from async code: serialised, file I/O off the event loop.

Every piece of work runs as a *transaction*: `await store.with_book(user_id, work)`
takes that salesperson's lock (so two handlers for the same person never
interleave), runs `work(book)` inside `Book.batch()` (so the whole transaction
is one atomic write), and writes the result in a worker thread (so fsync never
blocks the bot) before it returns.
Books stay open in an LRU cache bounded by their estimated memory; a book is
only ever reached through its owner's id, which is what keeps one salesperson
out of another's data.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import weakref
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from storage.book import BOOK_TABLES, Book
from storage.directory import Directory
from storage.durable import fsync_directory, read_stored, remove_leftovers, write_atomically

T = TypeVar("T")

#: Book transactions in flight at once: each holds its whole book while its file I/O waits for a thread.
TRANSACTIONS_AT_ONCE = 8
#: Of those, how many the reminder beat may hold (`with_enrolled_book`). A digest time many share
#: queued hundreds of its transactions at once, and a salesperson's reply waited behind them for
#: seconds. Four at a time still plan digests far faster than Telegram lets them go out; two
#: spread each minute's re-planning of busy salespeople so thin that more replies met it
#: (p99 at 20 updates/s 255 → ~400 ms, for 1.0 → 0.7 s in the morning rush).
BACKGROUND_AT_ONCE = 4
#: Memory for the books kept open between transactions, by default. 128 MB holds ~200 books of
#: 300 clients (the load benchmark's 200 salespeople at once) or ~12 of 2,000 clients and 20,000
#: notes; a salesperson whose book was closed waits ~3 ms more for it to be read again.
BOOK_CACHE_BYTES = 128 * 2**20
#: Daily backups kept per salesperson.
BACKUPS_KEPT = 7
#: What `notify` reports changed when a whole book did (it was deleted).
EVERYTHING = frozenset(BOOK_TABLES)


class Store:
    def __init__(self, data_dir: Path, *, book_cache_bytes: int = BOOK_CACHE_BYTES) -> None:
        self.data_dir = data_dir
        self.books_dir = data_dir / "books"
        self.books_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.backups_dir = data_dir / "backups"
        for folder in (data_dir, self.books_dir, *(self.backups_dir.glob("*") if self.backups_dir.is_dir() else ())):
            remove_leftovers(folder)
        self._directory = Directory(data_dir / "directory.json")
        self._directory_lock = asyncio.Lock()
        # Weak: a lock lives while someone holds or awaits it, so a long-running bot does not keep
        # one for every person who ever wrote to it.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self._books: OrderedDict[int, tuple[Book, int]] = OrderedDict()  # owner → (book, its memory estimate)
        self._book_cache_bytes = book_cache_bytes
        self._cached_bytes = 0
        self._running = asyncio.Semaphore(TRANSACTIONS_AT_ONCE)
        self._background = asyncio.Semaphore(BACKGROUND_AT_ONCE)
        #: Called after a transaction changed a book, with its owner's id and what it changed
        #: (`Book.last_batch_changed`); `EVERYTHING` when the whole book went.
        self.listeners: list[Callable[[int, frozenset[str]], None]] = []

    def book_path(self, user_id: int) -> Path:
        return self.books_dir / f"{int(user_id)}.json"

    async def with_book(self, user_id: int, work: Callable[[Book], T], *, heavy: bool = False) -> T:
        """Run `work` on `user_id`'s book as one serialised, atomic transaction.

        `heavy` is for work that can take seconds (importing or exporting a
        book of thousands): it runs in a worker thread, so everyone else is
        still answered meanwhile, if a little slower. Such work must touch
        nothing but its book (no process-wide caches the event loop also uses).
        """
        async with self._lock(user_id):
            return await self._transaction(user_id, work, heavy=heavy)

    async def with_enrolled_book(self, user_id: int, work: Callable[[Book], T]) -> T | None:
        """`with_book`, or None without touching anything if the salesperson has left the directory.

        For background work holding a `Salesperson` read earlier (the reminder
        scheduler): `/deleteme` may have run since, and a plain `with_book`
        would bring their book back to life. Being background work, it waits
        for one of BACKGROUND_AT_ONCE places first, so the transactions of
        people waiting for a reply always find room.
        """
        async with self._background, self._lock(user_id):
            async with self._directory_lock:
                enrolled = self._directory.get(user_id) is not None
            return await self._transaction(user_id, work, keep_open=False) if enrolled else None

    async def _transaction(
        self, user_id: int, work: Callable[[Book], T], *, heavy: bool = False, keep_open: bool = True
    ) -> T:
        """The body of `with_book`; the caller holds the salesperson's lock.

        The work itself runs here, on the event loop, unless it is `heavy`: it
        is CPU only, and in a worker thread it gained nothing but a fight with
        the loop for the GIL, which cost throughput under load. So does decoding
        a book: only reading its file and the fsync'd write are left to worker
        threads; the reply waits for the write.

        At most TRANSACTIONS_AT_ONCE run; the rest wait *before* opening their
        book, so hundreds of salespeople at once hold at most `book_cache_bytes`
        of idle books plus the few in use. A book in use is out of the cache, so
        making room never has to step over busy ones. Without `keep_open` a
        book that was not open is closed again afterwards: the reminder beat
        goes through hundreds of books, and must not close those of the
        salespeople who are chatting to keep its own.
        """
        async with self._running:
            book = self._uncache(user_id)
            keep_open = keep_open or book is not None
            try:
                if book is None:
                    path = self.book_path(user_id)
                    book = Book(path, user_id, stored=await asyncio.to_thread(read_stored, path))
                if heavy:
                    result = await _finished(asyncio.to_thread(_in_batch, book, work))
                else:
                    result = _in_batch(book, work)
                if book.unflushed:
                    await _finished(asyncio.to_thread(book.flush))
            finally:
                # A book whose change never reached the disk (cancelled while heavy work ran) is
                # dropped: the next transaction reads what the disk has.
                if book is not None and not book.unflushed and keep_open:
                    self._cache(user_id, book)
        if book.last_batch_wrote:
            self.notify(user_id, book.last_batch_changed)
        return result

    def _cache(self, user_id: int, book: Book) -> None:
        """Keep `book` open for its owner's next transaction, closing the longest unused beyond the budget.

        A book bigger than the whole budget is not kept: it would close every other one.
        """
        size = book.memory_estimate
        if size > self._book_cache_bytes:
            return
        self._books[user_id] = (book, size)
        self._cached_bytes += size
        while self._cached_bytes > self._book_cache_bytes:
            _, (_, freed) = self._books.popitem(last=False)
            self._cached_bytes -= freed

    def _uncache(self, user_id: int) -> Book | None:
        book, size = self._books.pop(user_id, (None, 0))
        self._cached_bytes -= size
        return book

    @property
    def cached_bytes(self) -> int:
        """Estimated memory of the books open between transactions (at most the budget)."""
        return self._cached_bytes

    def notify(self, user_id: int, changed: frozenset[str] = EVERYTHING) -> None:
        """Tell listeners (the reminder scheduler) that this user's data changed, and which of it."""
        for listener in list(self.listeners):
            listener(user_id, changed)

    async def with_directory(self, work: Callable[[Directory], T]) -> T:
        """Run `work` on the directory as one serialised, atomic transaction (written as `with_book` writes)."""
        async with self._directory_lock:
            with self._directory.batch(defer=True):
                result = work(self._directory)
            if self._directory.unflushed:
                await _finished(asyncio.to_thread(self._directory.flush))
            return result

    async def back_up(self, user_id: int, day: date, *, keep: int = BACKUPS_KEPT) -> bool:
        """Copy today's state of a book to `backups/<user>/<day>.json`, keeping the last `keep` days.

        A backup is taken at most once a day; returns whether one was made now.
        """
        async with self._lock(user_id):
            return await asyncio.to_thread(self._back_up, user_id, day, keep)

    def _back_up(self, user_id: int, day: date, keep: int) -> bool:
        source = self.book_path(user_id)
        folder = self.backups_dir / str(int(user_id))
        target = folder / f"{day.isoformat()}.json"
        if target.exists() or not source.exists():
            return False
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(target, source.read_bytes())
        for old in sorted(folder.glob("*.json"))[:-keep]:
            old.unlink()
        fsync_directory(folder)
        return True

    def backups(self, user_id: int) -> list[Path]:
        folder = self.backups_dir / str(int(user_id))
        return sorted(folder.glob("*.json")) if folder.exists() else []

    async def forget_salesperson(self, user_id: int) -> None:
        """Remove everything of one salesperson from DATA_DIR: directory record, book, backups.

        One hold of their lock, record first: a reminder beat that read them
        earlier finds them gone (`with_enrolled_book`) instead of writing a new
        book or backup behind the deletion.
        """
        async with self._lock(user_id):
            await self.with_directory(lambda directory: directory.remove(user_id))
            self._uncache(user_id)
            await asyncio.to_thread(_unlink_durably, self.book_path(user_id))
            await asyncio.to_thread(_remove_folder, self.backups_dir / str(int(user_id)))
        self.notify(user_id)

    def has_book(self, user_id: int) -> bool:
        return self.book_path(user_id).exists()

    def _lock(self, user_id: int) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = self._locks[user_id] = asyncio.Lock()
        return lock


def _in_batch(book: Book, work: Callable[[Book], T]) -> T:
    with book.batch(defer=True):
        return work(book)


async def _finished(job: Coroutine[Any, Any, T]) -> T:
    """Await a worker thread's job to its end even if cancelled, so the salesperson's lock outlives it."""
    task = asyncio.ensure_future(job)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait({task})
        raise


def _unlink_durably(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        return
    fsync_directory(path.parent)


def _remove_folder(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
        fsync_directory(folder.parent)
