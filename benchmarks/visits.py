"""How long "who should I visit today?" takes for a book of 5,000 clients (target: ≤ 50 ms).

Run from the repository root: ``.venv/bin/python -m benchmarks.visits``.
Prints p50/p95 of `crm.visits.rank_visits` with and without a location.
`random_book` is also the book generator of `benchmarks.digest_build`.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.application import GC_THRESHOLDS
from crm.model import (
    DEFAULT_CADENCE_DAYS,
    Birthday,
    BookContents,
    CalendarKind,
    Client,
    ContactFunction,
    Event,
    FollowUp,
    Level,
    Note,
    Place,
)
from crm.visits import rank_visits

TZ = "Asia/Shanghai"
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo(TZ))
BEIJING = (39.9087, 116.3975)
AREAS = ("朝阳区", "海淀区", "东城区", "西城区", "丰台区", "通州区", "昌平区", "大兴区", "顺义区", "石景山区")
TAGS = ("高尔夫", "新能源", "茶", "教育", "房地产", "医疗", "红酒", "钓鱼", "金融", "餐饮", "跑步", "摄影")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
#: Roughly how a field salesperson's book spreads over the levels.
LEVEL_SHARES = {Level.PASSER_BY: 0.45, Level.ACQUAINTANCE: 0.32, Level.FRIEND: 0.17, Level.CONFIDANT: 0.06}


def random_book(rng: random.Random, size: int, *, now: datetime = NOW) -> BookContents:
    """A plausible book: levels, silences around each level's cadence (about a third overdue),
    some birthdays (a tenth lunar), places, areas, tags, about one open follow-up per four
    clients, an event per three, notes."""
    today = now.date()
    book = BookContents()
    levels, shares = zip(*LEVEL_SHARES.items())
    for client_id in range(1, size + 1):
        created = now - timedelta(days=rng.randint(30, 1500))
        level = rng.choices(levels, shares)[0]
        client = Client(
            id=client_id,
            name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", rng.choice(GIVEN))),
            level=level,
            level_since=created,
            created_at=created,
            tags=tuple(rng.sample(TAGS, rng.choice((0, 0, 1, 2, 3)))),
            area=rng.choice(AREAS) if rng.random() < 0.7 else None,
            place=_near(rng, BEIJING, 30) if rng.random() < 0.6 else None,
            birthday=_birthday(rng) if rng.random() < 0.4 else None,
            last_contact_at=now - timedelta(days=min(rng.expovariate(1 / DEFAULT_CADENCE_DAYS[level]), 700))
            if rng.random() < 0.9 else None,
            snoozed_until=today + timedelta(days=rng.randint(1, 7)) if rng.random() < 0.02 else None,
        )
        book.clients.append(client)
        if rng.random() < 0.35:
            book.followups.append(FollowUp(
                id=len(book.followups) + 1, client_id=client_id, text="回访",
                date=today + timedelta(days=rng.randint(-10, 20)),
                done_at=now if rng.random() < 0.3 else None,
            ))
        if rng.random() < 0.33:
            book.events.append(Event(
                id=len(book.events) + 1, client_id=client_id, label=rng.choice(("开业", "考试", "纪念日")),
                date=today + timedelta(days=rng.randint(-800, 60)), yearly=rng.random() < 0.4,
            ))
        for _ in range(rng.randint(0, 4)):
            book.notes.append(Note(
                id=len(book.notes) + 1, client_id=client_id, text="聊了聊近况，下次带资料",
                at=now - timedelta(days=rng.randint(0, 400)),
                functions=tuple(rng.sample(list(ContactFunction), rng.randint(0, 2))),
                hashtags=("#经验",) if rng.random() < 0.01 else (),
            ))
    return book


def _near(rng: random.Random, centre: tuple[float, float], km: float) -> Place:
    return Place(latitude=centre[0] + rng.uniform(-km, km) / 111.0,
                 longitude=centre[1] + rng.uniform(-km, km) / 85.0)


def _birthday(rng: random.Random) -> Birthday:
    if rng.random() < 0.1:
        return Birthday(month=rng.randint(1, 12), day=rng.randint(1, 29), calendar=CalendarKind.LUNAR)
    day = date(2000, 1, 1) + timedelta(days=rng.randrange(366))
    return Birthday(month=day.month, day=day.day, year=rng.choice((None, rng.randint(1950, 2000))))


def timings_ms(run: Callable[[], object], repeats: int) -> tuple[float, float]:
    """p50 and p95 of `repeats` runs after one warm-up, in milliseconds."""
    run()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    percentiles = statistics.quantiles(samples, n=20)
    return statistics.median(samples), percentiles[18]


def main() -> None:
    gc.set_threshold(*GC_THRESHOLDS)  # as the bot runs (see bot.application)
    book = random_book(random.Random(2026), 5000)
    print(f"book: {len(book.clients)} clients, {len(book.followups)} follow-ups, {len(book.events)} events")
    for label, here in (("rank_visits", None), ("rank_visits near me", BEIJING)):
        p50, p95 = timings_ms(
            lambda: rank_visits(book.clients, book.followups, book.events, now=NOW, tz=TZ, here=here), repeats=50
        )
        print(f"{label:<22} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   (target ≤ 50 ms)")
    plan = rank_visits(book.clients, book.followups, book.events, now=NOW, tz=TZ, here=BEIJING)
    print(f"due: {plan.due_count} clients, {plan.without_place} of them without a place")


if __name__ == "__main__":
    main()
