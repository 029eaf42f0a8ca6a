"""Big imports: a phone book of thousands into a book, and what everyone else feels meanwhile.

Run from the repository root: ``.venv/bin/python -m benchmarks.importing [--rows 500 5000 20000]``.

For each size, a fresh book of 300 clients (built with the real storage code)
gets a CSV of that many new contacts (names, company, phone, birthday, a
remark), through the same calls the bot makes: the file is read in a worker
thread, previewed in one store transaction and applied in another (both
`heavy`, so in a worker thread); then the resulting book is exported as JSON
and restored over itself. Meanwhile a second salesperson files a small change
every 5 ms through the same store, and a ticker measures how long the event
loop went without running: the figures everyone else would see. The cyclic
collector is set as the bot sets it (`GC_THRESHOLDS`, `gc.freeze()` after start-up).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gc
import io
import random
import tempfile
import time
from collections.abc import Coroutine
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from benchmarks._support import client_names, machine, percentiles, plausible_book, print_table, write_book
from bot.application import GC_THRESHOLDS
from crm.importing import apply_plan, restore
from crm.model import BookContents, Note
from crm.portability import ImportPlan, ParsedRows, detect_and_read, dump_book, plan_import
from storage import Book, Store

T = TypeVar("T")
NOW = datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc)
IMPORTER, OTHER = 1, 2


def phone_book(rows: int, rng: random.Random) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Name", "Company", "Phone", "Birthday", "Notes"])
    for number, (name, _) in enumerate(client_names(rng, rows)):
        writer.writerow([name, f"公司 {number % 400}", f"138{number:08d}", f"19{60 + number % 40}-0{1 + number % 9}-1{number % 9}",
                         "展会上认识，喜欢喝茶"])
    return out.getvalue().encode()


class Watch:
    """The other salesperson's transaction latencies and the event loop's longest gap, while `run` runs."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.latencies: list[float] = []
        self.longest_gap = 0.0

    async def run(self, job: Coroutine[Any, Any, T]) -> tuple[T, float]:
        stop = asyncio.Event()
        watchers = [asyncio.create_task(self._ticker(stop)), asyncio.create_task(self._other(stop))]
        started = time.perf_counter()
        try:
            result = await job
        finally:
            elapsed = time.perf_counter() - started
            stop.set()
            await asyncio.gather(*watchers)
        return result, elapsed

    async def _ticker(self, stop: asyncio.Event) -> None:
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.longest_gap = max(self.longest_gap, now - last)
            last = now

    async def _other(self, stop: asyncio.Event) -> None:
        def note(book: Book) -> None:
            book.notes.add(Note(id=0, client_id=1, text="回访", at=NOW))

        while not stop.is_set():
            started = time.perf_counter()
            await self.store.with_book(OTHER, note)
            self.latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.005)


async def measure(rows: int, rng: random.Random) -> list[object]:
    folder = Path(tempfile.mkdtemp(prefix="rapport-import-"))
    write_book(folder, IMPORTER, plausible_book(rng, 300, 600, now=NOW))
    store = Store(folder)
    await store.with_book(OTHER, lambda book: book.notes.count())
    data = phone_book(rows, rng)
    watch = Watch(store)

    async def import_it() -> tuple[float, float, float]:
        started = time.perf_counter()
        parsed = await asyncio.to_thread(detect_and_read, "contacts.csv", data)
        read = time.perf_counter()
        assert isinstance(parsed, ParsedRows)

        def plan(book: Book) -> ImportPlan:
            return plan_import(parsed, book.clients.all())

        await store.with_book(IMPORTER, plan, heavy=True)
        previewed = time.perf_counter()
        await store.with_book(IMPORTER, lambda book: apply_plan(book, plan(book), now=NOW), heavy=True)
        return read - started, previewed - read, time.perf_counter() - previewed

    (reading, preview, applying), _ = await watch.run(import_it())
    contents = await store.with_book(IMPORTER, lambda book: book.contents(), heavy=True)
    exported = dump_book(contents, exported_at=NOW, owner_timezone="Asia/Shanghai")

    async def restore_it() -> None:
        restored = await asyncio.to_thread(detect_and_read, "rapport.json", exported)
        assert isinstance(restored, BookContents)
        await store.with_book(IMPORTER, lambda book: restore(book, restored), heavy=True)

    _, restoring = await watch.run(restore_it())
    other = percentiles(watch.latencies)
    return [
        f"{rows:,}", f"{len(data) / 1e6:.1f} MB", f"{reading * 1000:.0f}", f"{preview * 1000:.0f}", f"{applying * 1000:.0f}",
        f"{restoring * 1000:.0f}", f"{other['p50']:.1f} / {other['p99']:.1f} / {other['max']:.0f}", f"{watch.longest_gap * 1000:.0f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="Figures are printed; nothing is asserted.")
    parser.add_argument("--rows", type=int, nargs="+", default=[500, 5000, 20000], help="contacts per file (default 500 5000 20000)")
    arguments = parser.parse_args()
    print(f"Machine: {machine()}")
    print("Book: 300 clients, 600 notes; the CSV's contacts are all new\n")
    rng = random.Random(2026)
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    rows = [asyncio.run(measure(count, rng)) for count in arguments.rows]
    print_table(
        ["contacts", "file", "read ms", "preview ms", "apply ms", "restore ms", "other's change p50/p99/max ms", "loop gap ms"],
        rows,
    )


if __name__ == "__main__":
    main()
