"""What the end-to-end benchmarks share: plausible books on disk, the notes people type, and figures.

`capture.py`, `delivery.py` and `load.py` build their data with these: books of
realistic Chinese (Simplified, some compound surnames) and English client
names, written with the real `storage.Book` and `storage.Directory`, and notes
in the shapes salespeople type them (zh and en, some with dates, times,
birthdays solar and lunar, some naming nobody). Built data folders are kept
under `/tmp/rapport-bench/` so later runs skip the slow part; every run works
on a fresh copy, since running the bot changes the books.

Never times anything itself and is never imported by the application or the tests.
"""

from __future__ import annotations

import calendar
import os
import platform
import random
import shutil
import statistics
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from benchmarks.matching import COMPOUND, FIRST, GIVEN, LAST, SURNAMES, TITLES
from benchmarks.visits import AREAS, BEIJING, LEVEL_SHARES, TAGS
from crm.model import (
    Birthday,
    BookContents,
    CalendarKind,
    ChangeReason,
    Client,
    ContactFunction,
    Event,
    FollowUp,
    LevelChange,
    Note,
    Place,
    Salesperson,
)
from storage import Book, Directory, Store

#: Where built data folders are kept between runs.
CACHE = Path(tempfile.gettempdir()) / "rapport-bench"
#: Marks a cached folder as completely built (a run killed half-way leaves none).
_COMPLETE = ".complete"
#: Part of every cached folder's name: raise it when the builders change what they make.
DATA_VERSION = 2

COMPANIES = ("华润", "万科", "美的", "海尔", "格力", "比亚迪", "顺丰", "蒙牛", "安踏", "恒瑞医药", "Acme Ltd", "Northwind")
LUNAR_DAYS = ("正月初八", "二月初二", "三月初三", "五月初五", "八月十五", "九月初九", "腊月二十三")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
WEEKDAYS_ZH = ("一", "二", "三", "四", "五")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


# -- names and books ----------------------------------------------------------------------------


def client_names(rng: random.Random, count: int, *, english_share: float = 0.1) -> list[tuple[str, tuple[str, ...]]]:
    """`count` distinct client names with their aliases: Chinese (2 % compound surnames) and English."""
    names: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    while len(names) < count:
        if rng.random() < english_share:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            aliases: tuple[str, ...] = ()
        else:
            surname = rng.choice(COMPOUND) if rng.random() < 0.02 else rng.choice(SURNAMES)
            name = surname + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))
            aliases = (surname + rng.choice(TITLES),) if rng.random() < 0.15 else ()
        if name in seen:
            if len(seen) > count * 3:  # the name pools are finite: allow namesakes rather than loop
                name = f"{name}{len(names)}"
            else:
                continue
        seen.add(name)
        names.append((name, aliases))
    return names


def plausible_book(rng: random.Random, clients: int, notes: int, *, now: datetime) -> BookContents:
    """A salesperson's book as years of use leave it: `clients` clients and about `notes` notes.

    Levels spread as in `benchmarks.visits`; birthdays (a tenth lunar), companies, areas,
    places, tags, follow-ups (some done), dated events, one level history entry per
    client, and notes that lean towards the closer clients, as real books do.
    """
    today = now.date()
    book = BookContents()
    levels, shares = zip(*LEVEL_SHARES.items())
    for client_id, (name, aliases) in enumerate(client_names(rng, clients), start=1):
        created = now - timedelta(days=rng.randint(30, 1500))
        level = rng.choices(levels, shares)[0]
        book.clients.append(Client(
            id=client_id, name=name, level=level, level_since=created, created_at=created, aliases=aliases,
            company=rng.choice(COMPANIES) if rng.random() < 0.3 else None,
            tags=tuple(rng.sample(TAGS, rng.choice((0, 0, 1, 2)))),
            area=rng.choice(AREAS) if rng.random() < 0.6 else None,
            place=Place(BEIJING[0] + rng.uniform(-0.3, 0.3), BEIJING[1] + rng.uniform(-0.3, 0.3)) if rng.random() < 0.5 else None,
            birthday=_birthday(rng) if rng.random() < 0.4 else None,
            last_contact_at=now - timedelta(days=rng.randint(0, 300), hours=rng.randint(0, 23)) if rng.random() < 0.9 else None,
        ))
        book.level_changes.append(LevelChange(
            id=client_id, client_id=client_id, to_level=level, at=created, reason=ChangeReason.NEW,
        ))
        if rng.random() < 0.3:
            day = today + timedelta(days=rng.randint(-10, 20))
            book.followups.append(FollowUp(  # only future ones have a time: past timed ones were pushed already
                id=len(book.followups) + 1, client_id=client_id, text="回访，带新报价", date=day,
                time=time(rng.choice((9, 10, 14, 15, 16))) if day > today and rng.random() < 0.3 else None,
                done_at=now if rng.random() < 0.3 else None,
            ))
        if rng.random() < 0.25:
            book.events.append(Event(
                id=len(book.events) + 1, client_id=client_id, label=rng.choice(("开业", "高考", "结婚纪念日", "签约")),
                date=today + timedelta(days=rng.randint(-400, 90)), yearly=rng.random() < 0.3,
            ))
    weights = [1 + client.level.rank * 3 for client in book.clients]
    for note_id, client in enumerate(rng.choices(book.clients, weights, k=notes), start=1):
        book.notes.append(Note(
            id=note_id, client_id=client.id, text=_past_note(rng, client.name),
            at=now - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 600)),
            functions=tuple(rng.sample(list(ContactFunction), rng.randint(0, 2))),
            hashtags=("#经验",) if rng.random() < 0.01 else (),
        ))
    return book


def _birthday(rng: random.Random) -> Birthday:
    if rng.random() < 0.1:
        return Birthday(month=rng.randint(1, 12), day=rng.randint(1, 29), calendar=CalendarKind.LUNAR)
    day = date(2000, 1, 1) + timedelta(days=rng.randrange(366))
    year = rng.choice((None, rng.randint(1955, 2000)))
    if year is not None and (day.month, day.day) == (2, 29) and not calendar.isleap(year):
        year = None  # 29 February of a year that had none: no such birthday (an export would refuse it)
    return Birthday(month=day.month, day=day.day, year=year)


def _past_note(rng: random.Random, name: str) -> str:
    return rng.choice((
        "拜访{}，聊了明年的采购计划，他比较关心售后",
        "和{}吃饭，他提到孩子明年考大学",
        "Met {} at the expo, interested in the new line",
        "{}的店里客人很多，下次带样品过去",
        "给{}送了两盒茶叶",
        "Phone call with {}: budget approved for Q3",
    )).format(name)


def write_book(data_dir: Path, user_id: int, contents: BookContents, *, delivered: Iterable[tuple[str, datetime]] = ()) -> Path:
    """Put `contents` on disk as `user_id`'s book, with the real storage code; returns its path."""
    path = Store(data_dir).book_path(user_id)
    book = Book(path, user_id)
    with book.batch():
        book.replace_contents(contents)
        for key, at in delivered:
            book.record_delivery(key, at)
    return path


def enroll(data_dir: Path, people: Iterable[Salesperson]) -> None:
    """Write the salespeople into DATA_DIR's directory in one transaction."""
    directory = Directory(data_dir / "directory.json")
    with directory.batch():
        for person in people:
            directory.save(person)


def a_salesperson(user_id: int, *, created_at: datetime, digest_time: time = time(8, 30),
                  timezone_name: str = "Asia/Shanghai", language: str | None = None) -> Salesperson:
    """An onboarded salesperson as /start leaves them."""
    return Salesperson(user_id=user_id, timezone=timezone_name, digest_time=digest_time, created_at=created_at,
                       language=language, onboarded=True)


def cached_data(name: str, build: Callable[[Path], None], *, rebuild: bool = False) -> Path:
    """The pristine data folder `CACHE/name-vN`, built by `build(folder)` unless already complete."""
    folder = CACHE / f"{name}-v{DATA_VERSION}"
    if (folder / _COMPLETE).exists() and not rebuild:
        return folder
    CACHE.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f"{name}.building.", dir=CACHE))
    build(building)
    (building / _COMPLETE).touch()
    if folder.exists():
        shutil.rmtree(folder)
    building.rename(folder)
    return folder


def working_copy(pristine: Path) -> Path:
    """A throw-away copy of a data folder for one run (the bot changes what it touches)."""
    target = Path(tempfile.mkdtemp(prefix="rapport-bench-run.")) / "data"
    shutil.copytree(pristine, target, ignore=shutil.ignore_patterns(_COMPLETE))
    return target


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


# -- what salespeople type ------------------------------------------------------------------------


def note_texts(rng: random.Random, names: Sequence[str], count: int, *, strangers: float = 0.04) -> list[str]:
    """`count` notes as typed in the field: mostly about clients in `names`, in zh or en.

    About a third carry a date, a time or a birthday (solar or lunar); some say
    only a surname with a title (which can be ambiguous in a big book), some name
    nobody (they go to the client just talked about), and `strangers` name
    someone new (a client is created).
    """
    texts = []
    for _ in range(count):
        roll = rng.random()
        if roll < strangers:
            name = rng.choice(("司徒雷登", "欧阳娜娜", "Zed Quinn", "钱多多", "Hannah Ortiz"))
            texts.append(rng.choice(("新客户{}，做建材的，下周三约见面", "New lead {}, met at the trade fair")).format(name))
            continue
        if roll < strangers + 0.05:
            texts.append(rng.choice(("他说下个月要换供应商", "聊得很愉快，关系更近了", "明天下午三点给他打电话", "Said he'd call back on Friday")))
            continue
        name = rng.choice(names)
        english = name.isascii()
        if english or rng.random() < 0.15:
            texts.append(_english_note(rng, name))
        else:
            texts.append(_chinese_note(rng, name))
    return texts


def _chinese_note(rng: random.Random, name: str) -> str:
    surname = name[:2] if name[:2] in COMPOUND else name[0]
    form = rng.choice((name, name, name, surname + rng.choice(("总", "姐", "经理"))))
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice((
        f"今天拜访了{form}，聊了新项目，他对价格比较敏感",
        f"{form}生日是{month}月{day}日",
        f"{form}农历{rng.choice(LUNAR_DAYS)}生日",
        f"明天下午{rng.choice(('两', '三', '四'))}点给{form}打电话",
        f"下周{rng.choice(WEEKDAYS_ZH)}回访{form}",
        f"和{form}吃饭，他女儿明年6月{rng.randint(7, 9)}日高考",
        f"{form}说下个月要换供应商，月底前把报价发给他",
        f"陪{form}打了一场高尔夫，现在算朋友了",
        f"{form}的公司{month}月{day}号开业，记得送花篮",
        f"给{form}送了两盒茶叶，他很高兴",
    ))


def _english_note(rng: random.Random, name: str) -> str:
    first = name.split()[0]
    return rng.choice((
        f"Met {name} for coffee, wants a quote by Friday",
        f"{name}'s birthday is {rng.choice(MONTHS)} {rng.randint(1, 28)}",
        f"Call {name} tomorrow at {rng.randint(2, 5)}pm",
        f"Lunch with {name} next {rng.choice(WEEKDAYS_EN)}",
        f"{first} said his daughter graduates on June {rng.randint(10, 20)}",
        f"Visited {name} today, all good, follow up in two weeks",
        f"{name} is now a friend, invited me to his son's wedding",
    ))


# -- figures --------------------------------------------------------------------------------------


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/max of latencies in milliseconds (needs at least two samples)."""
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": max(samples_ms)}


def print_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A plain aligned table: the first column left, the rest right."""
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(str(header)), *(len(row[column]) for row in cells)) for column, header in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(value.ljust(widths[0]) if column == 0 else value.rjust(widths[column])
                         for column, value in enumerate(values))

    print(line(list(headers)))
    print("  ".join("-" * width for width in widths))
    for row in cells:
        print(line(row))


def machine() -> str:
    """nproc, CPU model, Python version — what a figure depends on."""
    model = "unknown CPU"
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                model = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPU ({model}), Python {platform.python_version()}, load average {load:.2f} at start"
