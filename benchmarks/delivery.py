"""Issue #6: the morning digests of 3,000 salespeople, delivered against Telegram's 30 messages/s.

Run from the repository root: ``.venv/bin/python -m benchmarks.delivery [--salespeople N]``.
Targets: ≥ 25 messages/s sustained, 0 lost, 0 duplicated. With 3,000
salespeople it takes a little over 100 s by nature (3,000 / 30 per second);
``--salespeople 300`` gives a quick look.

Each salesperson (Asia/Shanghai, digest at 08:30, a tenth of them in Chinese)
has a small book on disk (`--clients`, default 20 clients with notes,
birthdays, follow-ups and events) in which yesterday's digest is already
logged as delivered, as a running bot leaves it. The real Application runs
against the fake Bot API with `rate_limit(30)`: any sending call over 30 in a
sliding second gets a 429 with retry_after, as Telegram's flood control does.
The clock is moved from 08:29 to 08:30 on Monday 23 Nov 2026 and one beat of
the real reminder scheduler (`CareScheduler.run_once`) is run — book reading,
digest building, rendering, the bot's pacing (`bot.pacing`), sending, the delivery log and
the daily backup, all as in production. A second beat at 08:45 must send nothing.

Counted in the fake: digests per chat (lost = a salesperson with none,
duplicated = one with more than one), the 429s it answered, anything it
rejected. The rate is measured on the fake's side from the first digest to the
last message of the beat (every message counts against Telegram's limit);
"slowest 10 s" is the lowest rate over any full 10-second window.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks._support import (
    a_salesperson,
    cached_data,
    enroll,
    folder_size,
    machine,
    plausible_book,
    print_table,
    working_copy,
    write_book,
)
from bot.application import LOCAL_TOKEN
from bot.clock import MovableClock
from bot.fake_api import Activity, FakeBotApi
from bot.local_session import LocalSession
from bot.settings import load_settings
from storage import Store

TZ = ZoneInfo("Asia/Shanghai")
BEFORE = datetime(2026, 11, 23, 8, 29, tzinfo=TZ)
DIGEST_TIME = datetime(2026, 11, 23, 8, 30, tzinfo=TZ)
AFTER = datetime(2026, 11, 23, 8, 45, tzinfo=TZ)
TARGET_RATE = 25.0
WINDOW = 10.0  # seconds, for the slowest-window rate


def build(salespeople: int, clients: int) -> Path:
    def fill(folder: Path) -> None:
        rng = random.Random(2026)
        yesterday = BEFORE - timedelta(days=1)
        for user_id in range(1, salespeople + 1):
            write_book(folder, user_id, plausible_book(rng, clients, clients * 3, now=BEFORE),
                       delivered=[(f"digest:{yesterday.date().isoformat()}", yesterday.replace(minute=30))])
        enroll(folder, [
            a_salesperson(user_id, created_at=BEFORE - timedelta(days=90), language="zh-Hans" if user_id % 10 == 0 else "en")
            for user_id in range(1, salespeople + 1)
        ])

    return cached_data(f"delivery-{salespeople}x{clients}", fill)


class LogCounter(logging.Handler):
    """Counts what the bot logs at WARNING and above (failed pushes, back-offs), by logger."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[f"{record.levelname} {record.name}: {record.msg}"[:120]] += 1


async def deliver(data: Path, salespeople: int, rate: float) -> dict[str, object]:
    clock = MovableClock(BEFORE)
    api = FakeBotApi(token=LOCAL_TOKEN, clock=clock)
    await api.start()
    sent: list[tuple[int, float, bool]] = []  # chat, when the fake recorded it, whether it is a digest

    def on_activity(activity: Activity) -> None:
        message = activity.message
        if activity.kind == "sent" and message is not None:
            sent.append((message.chat_id, time.perf_counter(), (message.plain_text or "").startswith("☀️")))

    for user_id in range(1, salespeople + 1):
        api.add_private_chat(user_id, first_name="Sales", language_code="en")
    api.listeners.append(on_activity)
    settings = load_settings({"DATA_DIR": str(data), "LOG_LEVEL": "WARNING"}, env_file=None)
    session = LocalSession(settings, clock=clock, store=Store(data), api=api)
    await session.start()
    try:
        application = session.application
        assert application is not None and application.scheduler is not None
        api.rate_limit(rate)
        clock.set(DIGEST_TIME)
        started = time.perf_counter()
        await application.scheduler.run_once(application.bot, wait=True)
        beat = time.perf_counter() - started
        first_beat = list(sent)
        clock.set(AFTER)
        await application.scheduler.run_once(application.bot, wait=True)
        second_beat = len(sent) - len(first_beat)
    finally:
        await session.stop()
        await api.stop()
    faults = Counter(fault.reason for fault in api.faults)
    return {
        "beat": beat,
        "started": started,
        "sent": first_beat,
        "second_beat": second_beat,
        "rate_limited": faults.pop("rate_limited", 0),
        "other_faults": dict(faults),
        "rejections": list(api.rejections),
    }


def slowest_window(times: list[float], width: float) -> float | None:
    """The fewest messages per second in any full `width`-second window between the first and last."""
    if not times or times[-1] - times[0] < width:
        return None
    slowest = float("inf")
    end = 0
    for start, moment in enumerate(times):
        if moment + width > times[-1]:
            break
        while end < len(times) and times[end] < moment + width:
            end += 1
        slowest = min(slowest, (end - start) / width)
    return slowest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="Figures are printed; nothing is asserted.")
    parser.add_argument("--salespeople", type=int, default=3000, help="salespeople whose digest is due (default 3000)")
    parser.add_argument("--clients", type=int, default=20, help="clients in each small book (default 20)")
    parser.add_argument("--rate", type=float, default=30.0, help="messages/s the fake Telegram allows (default 30)")
    arguments = parser.parse_args()

    print(f"Machine: {machine()}")
    started = time.perf_counter()
    pristine = build(arguments.salespeople, arguments.clients)
    print(f"Data: {arguments.salespeople:,} salespeople × {arguments.clients} clients, "
          f"{folder_size(pristine) / 1e6:.1f} MB on disk (ready in {time.perf_counter() - started:.1f} s)")
    print(f"Fake Telegram allows {arguments.rate:g} sending calls in any sliding second; the bot paces itself (bot.pacing)")
    print(f"Moving the clock to {DIGEST_TIME:%a %d %b %H:%M} Shanghai and running one scheduler beat…\n")

    counter = LogCounter()
    logging.getLogger().addHandler(counter)
    result = asyncio.run(deliver(working_copy(pristine), arguments.salespeople, arguments.rate))

    sent: list[tuple[int, float, bool]] = result["sent"]  # type: ignore[assignment]
    per_chat = Counter(chat for chat, _, digest in sent if digest)
    lost = sum(1 for user_id in range(1, arguments.salespeople + 1) if per_chat[user_id] == 0)
    duplicated = sum(count - 1 for count in per_chat.values() if count > 1) + int(result["second_beat"])  # type: ignore[call-overload]
    times = [moment for _, moment, _ in sent]
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    rate = (len(times) - 1) / span if span else 0.0
    slowest = slowest_window(times, WINDOW)
    first_after = times[0] - result["started"] if times else float("nan")  # type: ignore[operator]
    digests = sum(per_chat.values())

    print_table(["delivery", "figure", "target"], [
        ["digests delivered", f"{digests:,} of {arguments.salespeople:,}", ""],
        ["other pushes (timed follow-ups)", f"{len(sent) - digests:,}", ""],
        ["lost (a salesperson got no digest)", lost, "0"],
        ["duplicated (incl. the 08:45 beat)", duplicated, "0"],
        ["sustained rate, first → last message", f"{rate:.1f} msg/s", f"≥ {TARGET_RATE:g}"],
        [f"slowest full {WINDOW:g} s window", f"{slowest:.1f} msg/s" if slowest is not None else "(run too short)", ""],
        ["whole beat (plan, send, log, back up)", f"{result['beat']:.1f} s", ""],
        ["first message after the beat began", f"{first_after * 1000:.0f} ms", ""],
        ["429s answered by the fake", result["rate_limited"], ""],
        ["other faults / rejections", f"{result['other_faults'] or 0} / {len(result['rejections'])}", "0"],  # type: ignore[arg-type]
    ])
    if counter.counts:
        print("\nThe bot logged:")
        for line, count in counter.counts.most_common(8):
            print(f"  {count:>5} × {line}")
    met = rate >= TARGET_RATE and lost == 0 and duplicated == 0
    print(f"\nTargets (≥ {TARGET_RATE:g} msg/s sustained, 0 lost, 0 duplicated): {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
