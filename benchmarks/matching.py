"""How fast "which client is this?" is for a book of 2,000 clients (target: a lookup ≤ 2 ms p99).

Run from the repository root: ``.venv/bin/python -m benchmarks.matching``.
Builds 2,000 clients (Chinese names from common surnames and given-name
characters, a tenth of them English, some aliases), then times the index build
(cold: pinyin not yet cached; warm: a rebuild after one change) and 10,000
lookups of mixed written forms (exact, Traditional, honorific, pinyin both
orders, English first names, typos, unknown names), and 2,000 `mentioned_in`
calls on note-length sentences. Prints p50/p99 per call and how the outcomes split.
The max includes the process's occasional full garbage collection (~25-60 ms here,
mostly walking pypinyin's dictionaries), which is not the matcher's own cost.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from pypinyin import lazy_pinyin

from crm.matching import ClientIndex, Outcome
from crm.model import Client, Level

CLIENTS = 2000
LOOKUPS = 10_000
NOTES = 2000
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文辉玉兰鹏飞宇浩然婷雪梅晨晓"
FIRST = ("John", "Sarah", "Michael", "Emma", "David", "Olivia", "James", "Sophia", "Robert", "Grace", "Daniel", "Lucy")
LAST = ("Smith", "Brown", "Taylor", "Wilson", "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright", "Scott")
TITLES = ("总", "经理", "老师", "姐", "哥", "老板", "工", "医生", "总监", "董")
TRADITIONAL = str.maketrans("张陈刘杨赵黄吴孙马罗郑谢韩冯董萧许邓苏卢蒋贾叶伟丽强军杰涛华国红辉兰鹏飞宇晓", "張陳劉楊趙黃吳孫馬羅鄭謝韓馮董蕭許鄧蘇盧蔣賈葉偉麗強軍傑濤華國紅輝蘭鵬飛宇曉")


def random_clients(rng: random.Random, size: int) -> list[Client]:
    clients = []
    for client_id in range(1, size + 1):
        if rng.random() < 0.1:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            aliases: tuple[str, ...] = (name.split()[0] + "ny",) if rng.random() < 0.1 else ()
        else:
            surname = rng.choice(COMPOUND) if rng.random() < 0.02 else rng.choice(SURNAMES)
            name = surname + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))
            aliases = (surname + rng.choice(TITLES),) if rng.random() < 0.2 else ()
        contact = NOW - timedelta(days=rng.randint(0, 400)) if rng.random() < 0.8 else None
        clients.append(
            Client(id=client_id, name=name, level=Level.FRIEND, level_since=NOW, created_at=NOW,
                   aliases=aliases, last_contact_at=contact)
        )
    return clients


def written_forms(rng: random.Random, clients: list[Client], count: int) -> list[str]:
    """What salespeople type: mostly known clients in some form, a tenth strangers."""
    chinese: list[Callable[[Client], str]] = [
        lambda client: client.name,
        lambda client: client.name.translate(TRADITIONAL),
        lambda client: (client.aliases or (client.name,))[0],
        lambda client: client.name[0] + rng.choice(TITLES),
        lambda client: "老" + client.name[0],
        lambda client: " ".join(lazy_pinyin(client.name)).title(),
        lambda client: "".join(lazy_pinyin(client.name[1:]) + lazy_pinyin(client.name[0])),
    ]
    english: list[Callable[[Client], str]] = [
        lambda client: client.name.lower(),
        lambda client: client.name.split()[0],
        lambda client: client.name.replace("h", "", 1) if "h" in client.name else client.name[:-1],
        lambda client: "Mr " + client.name.split()[-1],
    ]
    written = []
    for _ in range(count):
        if rng.random() < 0.1:
            written.append(rng.choice(("Zed Quinn", "司徒雷登", "钱多多", "Xavier", "一个新客户", "老外")))
            continue
        client = rng.choice(clients)
        forms = chinese if "\u4e00" <= client.name[0] <= "\u9fff" else english
        written.append(rng.choice(forms)(client))
    return written


def notes(rng: random.Random, clients: list[Client], count: int) -> list[str]:
    sentences = ("今天在{}店里聊了一小时，他说下个月要换供应商", "Met {} for coffee, wants a quote by Friday",
                 "{}生日快到了，记得送花", "陪{}打了一场高尔夫，关系更近了")
    return [rng.choice(sentences).format(rng.choice(clients).name) for _ in range(count)]


def timed(calls: list[Callable[[], object]]) -> list[float]:
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    cuts = statistics.quantiles(times, n=100)
    print(f"{label:<22} p50 {cuts[49]:.3f} ms   p99 {cuts[98]:.3f} ms   max {max(times):.3f} ms")


def main() -> None:
    rng = random.Random(2026)
    clients = random_clients(rng, CLIENTS)
    start = time.perf_counter()
    index = ClientIndex.of(clients)
    cold = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    ClientIndex.of(clients)
    warm = (time.perf_counter() - start) * 1000
    print(f"{CLIENTS} clients: index build {cold:.1f} ms cold, {warm:.1f} ms rebuilt (pinyin cached)")

    written = written_forms(rng, clients, LOOKUPS)
    outcomes: Counter[Outcome] = Counter()
    report(f"match × {LOOKUPS}", timed([partial(lambda w: outcomes.update([index.match(w).outcome]), w) for w in written]))
    print("  outcomes:", ", ".join(f"{outcome.value} {count}" for outcome, count in outcomes.most_common()))
    texts = notes(rng, clients, NOTES)
    report(f"mentioned_in × {NOTES}", timed([partial(index.mentioned_in, text) for text in texts]))


if __name__ == "__main__":
    main()
