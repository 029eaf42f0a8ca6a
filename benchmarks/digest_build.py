"""How long the morning digests take: 1,000 salespeople × 300 clients each.

Run from the repository root: ``.venv/bin/python -m benchmarks.digest_build``.
Prints the total and the per-salesperson p50/p95 of `reminders.due.due_on`
followed by `reminders.digest.build_digest` (book generation is not timed).
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import time as clock_time

from benchmarks.visits import NOW, TZ, random_book
from crm.model import Salesperson
from reminders.digest import build_digest
from reminders.due import due_on

SALESPEOPLE = 1000
CLIENTS_EACH = 300


def main() -> None:
    rng = random.Random(2026)
    books = [random_book(rng, CLIENTS_EACH) for _ in range(SALESPEOPLE)]
    people = [
        Salesperson(user_id=i, timezone=TZ, digest_time=clock_time(8, 30), created_at=NOW,
                    holidays=("new_year", "christmas"))
        for i in range(SALESPEOPLE)
    ]
    samples = []
    items = shown = 0
    started = time.perf_counter()
    for person, book in zip(people, books):
        start = time.perf_counter()
        due = due_on(person, book, now=NOW)
        digest = build_digest(NOW.date(), due)
        samples.append((time.perf_counter() - start) * 1000)
        items += len(due)
        shown += digest.shown
    total = time.perf_counter() - started
    p95 = statistics.quantiles(samples, n=20)[18]
    print(f"{SALESPEOPLE} salespeople × {CLIENTS_EACH} clients: total {total:.2f} s")
    print(f"per salesperson: p50 {statistics.median(samples):.2f} ms   p95 {p95:.2f} ms   max {max(samples):.2f} ms")
    print(f"items due per salesperson: {items / SALESPEOPLE:.1f} on average, {shown / SALESPEOPLE:.1f} shown")


if __name__ == "__main__":
    main()
