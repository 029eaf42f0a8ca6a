"""Issue #9: many salespeople at once — the bot as a separate process, driven through the fake Bot API.

Run from the repository root: ``.venv/bin/python -m benchmarks.load [--users 200] [--seconds 30]``.
Targets: ≥ 200 updates/s, p99 reply ≤ 250 ms, bot RSS ≤ 300 MB with 1,000 books of 300 clients on disk.

DATA_DIR holds `--books` books of `--clients` clients each (Chinese and English
names, ~2 notes a client, birthdays, follow-ups, events), built once with the
real storage code and cached under /tmp/rapport-bench/ (``--prepare`` only
builds it; the first run does so by itself). Every run works on a fresh copy.
Each salesperson is enrolled as created now, with a digest time two hours ago,
so no morning digest goes out during the run (`delivery.py` measures that).

The bot runs exactly as deployed — ``python -m bot`` with TELEGRAM_BOT_TOKEN,
TELEGRAM_API_BASE_URL pointing at the fake Bot API in this process, and
DATA_DIR — so its memory is its own (psutil samples its RSS every 0.25 s; with
`--workers N`, WORKERS=N, the PSS of its processes summed, and their CPU).
After it starts, the run waits for its first reminder beat (at the next minute)
to look at every salesperson once; that beat's duration is printed. Then
`--users` salespeople act concurrently, each waiting for the bot's answer
before the next action (plus `--think` seconds on average): notes (45 %, zh and
en, some with dates), /visit or "今天该拜访谁" (10 %), /today (10 %),
/client NAME (15 %), and a press of a button on the latest message that has
one (20 %). The first `--warmup` seconds are not counted. With `--morning`, the
salespeople who are not chatting have their digest time just after the first beat,
and the window starts with the first digest: replies then share Telegram's
30 messages/s with the morning's pushes.

Latency is from the update being queued to the fake recording the bot's first
answer: a message for text, the answered callback query for a press. A level
offer the bot sends after a note is not taken for the answer to the next action.
Errors: no answer within `--timeout`, requests the fake rejected, faults it
answered (429s), and ERROR lines in the bot's log.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import psutil

from benchmarks._support import (
    a_salesperson,
    cached_data,
    enroll,
    folder_size,
    machine,
    note_texts,
    percentiles,
    plausible_book,
    print_table,
    working_copy,
    write_book,
)
from bot.fake_api import Activity, BotMessage, FakeBotApi, Rejection
from storage import Book, Store

REPO = Path(__file__).resolve().parents[1]
TZ = "Asia/Shanghai"
BUILT_AT = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo(TZ))
TARGETS = {"updates/s": 200.0, "p99 ms": 250.0, "RSS MB": 300.0}
#: Button actions a simulated salesperson presses; the rest start deletions, settings or imports.
PRESSABLE = frozenset({
    "card", "undo", "refile", "move", "pick", "visited", "nottoday", "rdone", "rsnz", "rsnzd",
    "clients", "facts", "sugok", "sugno", "clevel", "setlvl", "fdone", "keep", "cnote",
})
#: A level offer follows some notes on its own; it is never the answer to the next action.
OFFER = "v1|sugok|"
#: cProfile of every thread — the event loop (PTB, HTTP, rendering) and the workers of
#: `asyncio.to_thread` (storage transactions, crm, book loading) — merged into one stats
#: file. Times are per thread and wall-clock: a worker's figures include waiting for the GIL.
PROFILED = """\
import asyncio, atexit, cProfile, pstats, sys, threading
_out, _main, _local, _workers = sys.argv.pop(), cProfile.Profile(), threading.local(), []
_to_thread = asyncio.to_thread
def _profiled(function):
    def run(*args, **kwargs):
        profile = getattr(_local, "profile", None)
        if profile is None:
            profile = _local.profile = cProfile.Profile()
            _workers.append(profile)
        profile.enable()
        try:
            return function(*args, **kwargs)
        finally:
            profile.disable()
    return run
async def _to_thread_profiled(function, /, *args, **kwargs):
    return await _to_thread(_profiled(function), *args, **kwargs)
asyncio.to_thread = _to_thread_profiled
def _dump():
    _main.disable()
    stats = pstats.Stats(_main)
    for profile in _workers:
        stats.add(profile)
    stats.dump_stats(_out)
atexit.register(_dump)
_main.enable()
"""
LAUNCH = """\
import runpy
runpy.run_module("bot", run_name="__main__", alter_sys=True)
"""


def build(books: int, clients: int, *, rebuild: bool = False) -> Path:
    def fill(folder: Path) -> None:
        rng = random.Random(2026)
        for user_id in range(1, books + 1):
            write_book(folder, user_id, plausible_book(rng, clients, clients * 2, now=BUILT_AT))
            if user_id % 100 == 0:
                print(f"  {user_id} books written", flush=True)

    return cached_data(f"load-{books}x{clients}", fill, rebuild=rebuild)


def enroll_now(data: Path, books: int, *, morning_after: int | None = None) -> None:
    """Everyone enrolled as of now, digest time two hours back: no digest is due during the run.

    With `morning_after`, the salespeople after that user id get a digest time three minutes
    ahead instead: their morning digests go out while the first ones chat, after the first beat.
    """
    now = datetime.now(timezone.utc)
    local = now.astimezone(ZoneInfo(TZ))
    past = (local - timedelta(hours=2)).time().replace(second=0, microsecond=0)
    ahead = (local + timedelta(minutes=3)).time().replace(second=0, microsecond=0)
    enroll(data, [a_salesperson(user_id, created_at=now,
                                digest_time=ahead if morning_after is not None and user_id > morning_after else past)
                  for user_id in range(1, books + 1)])


class Pushes:
    """Counts the messages sent to salespeople who are not chatting: their morning digests."""

    def __init__(self, chatting: int) -> None:
        self._chatting = chatting
        self.first: asyncio.Event = asyncio.Event()
        self.sent = 0
        self.in_window = 0
        self.measuring = False

    def on_activity(self, activity: Activity) -> None:
        if activity.kind == "sent" and activity.chat_id > self._chatting:
            self.first.set()
            self.sent += 1
            self.in_window += self.measuring


# -- the salespeople ------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {})
    timeouts: Counter[str] = field(default_factory=Counter)
    skipped_presses: int = 0
    done_in_window: int = 0
    measuring: bool = False
    #: When the salespeople stop acting.
    until: float = float("inf")

    def add(self, kind: str, latency: float) -> None:
        if self.measuring:
            self.latencies.setdefault(kind, []).append(latency)
            self.done_in_window += 1


class Answers:
    """Resolves "the bot answered update N" from the fake's activity, without polling."""

    def __init__(self) -> None:
        self._waiting: dict[int, tuple[int, bool, asyncio.Future[float]]] = {}  # chat → (update, press?, future)
        self._query_updates: dict[str, int] = {}

    def expect(self, chat_id: int, update_id: int, *, press: bool) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = (update_id, press, future)
        return future

    def on_activity(self, activity: Activity) -> None:
        waiting = self._waiting.get(activity.chat_id)
        if waiting is None:
            return
        update_id, press, future = waiting
        if press:
            query = activity.callback_query
            done = activity.kind == "answered" and query is not None and query.update_id == update_id
        else:
            message = activity.message
            done = activity.kind == "sent" and message is not None and message.after_update_id >= update_id \
                and not _is_offer(message)
        if done and not future.done():
            future.set_result(time.perf_counter())
            del self._waiting[activity.chat_id]


def _is_offer(message: BotMessage) -> bool:
    return any((button.callback_data or "").startswith(OFFER) for row in message.buttons for button in row)


def _pressable(api: FakeBotApi, chat_id: int, rng: random.Random) -> tuple[int, str] | None:
    """A button a salesperson might press on the newest message that has one."""
    chat = api.chats.get(chat_id)
    if chat is None:
        return None
    for message_id in sorted(chat.bot_messages, reverse=True):
        message = chat.bot_messages[message_id]
        if message.deleted or not message.buttons:
            continue
        choices = [button.callback_data for row in message.buttons for button in row
                   if button.callback_data and button.callback_data.split("|")[1] in PRESSABLE]
        return (message_id, rng.choice(choices)) if choices else None
    return None


async def salesperson(user_id: int, api: FakeBotApi, answers: Answers, names: list[str], tally: Tally,
                      *, think: float, timeout: float) -> None:
    rng = random.Random(user_id)
    language = "en" if user_id % 3 == 0 else "zh-hans"
    if think:  # people do not all start typing in the same second
        await asyncio.sleep(rng.uniform(0, 2 * think))
    while time.perf_counter() < tally.until:
        roll = rng.random()
        started = time.perf_counter()
        if roll < 0.20 and (button := _pressable(api, user_id, rng)) is not None:
            kind = "button press"
            try:
                update_id = api.user_presses(user_id, *button)
            except AssertionError:  # the message changed between looking and pressing
                tally.skipped_presses += 1
                continue
            future = answers.expect(user_id, update_id, press=True)
        else:
            if roll < 0.20:
                kind, text = "note", note_texts(rng, names, 1)[0]
            elif roll < 0.30:
                kind, text = "/visit", rng.choice(("/visit", "今天该拜访谁", "who should I visit today"))
            elif roll < 0.40:
                kind, text = "/today", "/today"
            elif roll < 0.55:
                kind, text = "/client", f"/client {rng.choice(names)}"
            else:
                kind, text = "note", note_texts(rng, names, 1)[0]
            update_id = api.user_writes(user_id, text, language_code=language)
            future = answers.expect(user_id, update_id, press=False)
        try:
            answered = await asyncio.wait_for(future, timeout)
        except TimeoutError:
            if tally.measuring:
                tally.timeouts[kind] += 1
            continue
        tally.add(kind, (answered - started) * 1000)
        if think:
            await asyncio.sleep(rng.uniform(0, 2 * think))


# -- the bot process ------------------------------------------------------------------------------


class Memory:
    """Samples the bot's memory until stopped; keeps the peaks.

    One process: its RSS. With workers (`--workers`), which are forked from the front
    and share its pages, each process's RSS counts the shared pages again; their PSS
    (a shared page counted once, split among its sharers) summed is what they take.
    """

    def __init__(self, process: psutil.Process) -> None:
        self.process = process
        self.peak = 0
        self.window_peak = 0
        self.measuring = False

    def sample(self) -> int:
        try:
            children = self.process.children(recursive=True)
            if children:
                rss = sum(process.memory_full_info().pss for process in (self.process, *children))
            else:
                rss = self.process.memory_info().rss
        except psutil.Error:
            return 0
        self.peak = max(self.peak, rss)
        if self.measuring:
            self.window_peak = max(self.window_peak, rss)
        return rss

    async def run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(0.25)


def start_bot(
    api: FakeBotApi, data: Path, log: Path, *, profile: Path | None, sends_per_second: float, workers: int
) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_BASE_URL": api.root_url, "DATA_DIR": str(data),
                   "TELEGRAM_SENDS_PER_SECOND": f"{sends_per_second:g}", "WORKERS": str(workers)}
    command = [sys.executable, "-m", "bot"]
    if profile is not None:
        launcher = data.parent / "launch_bot.py"
        launcher.write_text(PROFILED + LAUNCH)
        command = [sys.executable, str(launcher)]
    command += ["--env-file", str(data / "no.env")]  # a developer's .env must not change the run
    if profile is not None:
        command.append(str(profile))  # the profiler takes it off before the bot reads its arguments
    return subprocess.Popen(command, cwd=REPO, env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def backups_made(data: Path) -> int:
    folder = data / "backups"
    return sum(1 for _ in folder.glob("*/*.json")) if folder.exists() else 0


async def until_true(condition: Callable[[], bool], timeout: float, what: str, bot: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if bot.poll() is not None:
            raise SystemExit(f"the bot exited ({bot.returncode}) while waiting for {what}:\n{log.read_text()[-3000:]}")
        if time.perf_counter() > deadline:
            raise SystemExit(f"gave up waiting {timeout:.0f} s for {what}; bot log:\n{log.read_text()[-3000:]}")
        await asyncio.sleep(0.25)


async def run(arguments: argparse.Namespace, data: Path) -> dict[str, object]:
    names = {user_id: [name for _, name in Book(Store(data).book_path(user_id), user_id).clients.project("name")]
             for user_id in range(1, arguments.users + 1)}
    api = FakeBotApi()
    answers = Answers()
    pushes = Pushes(arguments.users)
    api.listeners += [answers.on_activity, pushes.on_activity]
    if arguments.morning:  # the others have opened their chat with the bot, long ago
        for user_id in range(arguments.users + 1, arguments.books + 1):
            api.add_private_chat(user_id, first_name="Sales", language_code="zh-hans")
    await api.start()
    log = data.parent / "bot.log"
    bot = start_bot(api, data, log, profile=arguments.profile, sends_per_second=arguments.sends_per_second,
                    workers=arguments.workers)
    memory = Memory(psutil.Process(bot.pid))
    sampler = asyncio.create_task(memory.run())
    try:
        launched = time.perf_counter()
        await until_true(lambda: api.polls_waiting > 0, 60, "the bot to start polling", bot, log)
        ready = time.perf_counter() - launched
        idle_rss = memory.sample()
        beat_started = None
        if not arguments.no_beat_wait:
            await until_true(lambda: backups_made(data) > 0, 75, "the first reminder beat", bot, log)
            beat_started = time.perf_counter()
            await until_true(lambda: backups_made(data) >= arguments.books, 300, "the first beat to finish", bot, log)
        beat = time.perf_counter() - beat_started if beat_started else None
        after_beat_rss = memory.sample()

        tally = Tally()
        me, bot_process = psutil.Process(), psutil.Process(bot.pid)
        begin = time.perf_counter() + arguments.warmup
        until = begin + arguments.seconds
        tally.until = float("inf") if arguments.morning else until
        users = [asyncio.create_task(salesperson(user_id, api, answers, names[user_id], tally,
                                                 think=arguments.think, timeout=arguments.timeout))
                 for user_id in range(1, arguments.users + 1)]
        await asyncio.sleep(max(0.0, begin - time.perf_counter()))
        if arguments.morning:  # the window starts with the first digest
            await asyncio.wait_for(pushes.first.wait(), 240)
            tally.until = until = time.perf_counter() + arguments.seconds
        tally.measuring = memory.measuring = pushes.measuring = True
        print(f"measuring for {arguments.seconds:g} s (bot pid {bot.pid}: attach a sampling profiler now)", flush=True)
        cpu_before = (cpu_seconds(bot_process, with_children=True), cpu_seconds(me), time.perf_counter())
        rejections_before, faults_before = len(api.rejections), len(api.faults)
        await asyncio.sleep(max(0.0, until - time.perf_counter()))
        tally.measuring = memory.measuring = pushes.measuring = False
        log_at_end = log.stat().st_size
        cpu_after = (cpu_seconds(bot_process, with_children=True), cpu_seconds(me), time.perf_counter())
        await asyncio.gather(*users)
        elapsed = cpu_after[2] - cpu_before[2]
        return {
            "tally": tally, "ready": ready, "beat": beat, "idle_rss": idle_rss, "after_beat_rss": after_beat_rss,
            "memory": memory, "elapsed": elapsed,
            "bot_cpu": (cpu_after[0] - cpu_before[0]) / elapsed, "driver_cpu": (cpu_after[1] - cpu_before[1]) / elapsed,
            "rejections": api.rejections[rejections_before:], "faults": api.faults[faults_before:],
            "log_at_end": log_at_end, "pushes": pushes,
        }
    finally:
        sampler.cancel()
        bot.send_signal(signal.SIGINT)
        deadline = time.perf_counter() + 180
        while bot.poll() is None and time.perf_counter() < deadline:  # the fake must keep answering meanwhile
            await asyncio.sleep(0.1)
        if bot.poll() is None:
            print("the bot did not stop within 180 s of SIGINT: killed")
            bot.kill()
        await api.stop()


def cpu_seconds(process: psutil.Process, *, with_children: bool = False) -> float:
    """CPU time used so far; `with_children` adds that of its processes still running (the workers)."""
    processes = [process, *(process.children(recursive=True) if with_children else ())]
    return sum(times.user + times.system for times in (item.cpu_times() for item in processes))


def report(arguments: argparse.Namespace, result: dict[str, object], log: Path) -> None:
    tally: Tally = result["tally"]  # type: ignore[assignment]
    memory: Memory = result["memory"]  # type: ignore[assignment]
    elapsed: float = result["elapsed"]  # type: ignore[assignment]
    everything = [latency for samples in tally.latencies.values() for latency in samples]
    rows = []
    for kind in ("note", "/visit", "/today", "/client", "button press"):
        samples = tally.latencies.get(kind, [])
        if len(samples) >= 2:
            cut = percentiles(samples)
            rows.append([kind, len(samples), f"{cut['p50']:.0f}", f"{cut['p95']:.0f}", f"{cut['p99']:.0f}", f"{cut['max']:.0f}", tally.timeouts[kind]])
    if len(everything) < 2:
        raise SystemExit("fewer than two answers in the measured window: nothing to report")
    overall = percentiles(everything)
    rows.append(["all", len(everything), f"{overall['p50']:.0f}", f"{overall['p95']:.0f}", f"{overall['p99']:.0f}", f"{overall['max']:.0f}", sum(tally.timeouts.values())])
    print_table(["reply latency, ms", "answers", "p50", "p95", "p99", "max", "timeouts"], rows)

    text = log.read_bytes()
    cut = int(result["log_at_end"])  # type: ignore[call-overload]
    errors = [line for line in text[:cut].decode(errors="replace").splitlines() if " ERROR " in line]
    later = [line for line in text[cut:].decode(errors="replace").splitlines() if " ERROR " in line]
    faults = Counter(f"{fault.status} {fault.reason}" for fault in result["faults"])  # type: ignore[attr-defined]
    rejections: list[Rejection] = result["rejections"]  # type: ignore[assignment]
    rate = tally.done_in_window / elapsed
    pushes: Pushes = result["pushes"]  # type: ignore[assignment]
    rss = memory.window_peak / 1e6
    memory_kind = "RSS" if arguments.workers == 1 else f"PSS of its {arguments.workers} processes"
    print()
    print_table(["load", "figure", "target"], [
        ["updates answered per second", f"{rate:.1f}", f"≥ {TARGETS['updates/s']:g}"],
        ["reply latency p99", f"{overall['p99']:.0f} ms", f"≤ {TARGETS['p99 ms']:g} ms"],
        [f"bot {memory_kind}, peak while measuring", f"{rss:.0f} MB", f"≤ {TARGETS['RSS MB']:g} MB"],
        [f"bot {memory_kind}: idle after start / after first beat / peak overall",
         f"{result['idle_rss'] / 1e6:.0f} / {result['after_beat_rss'] / 1e6:.0f} / {memory.peak / 1e6:.0f} MB", ""],  # type: ignore[operator]
        ["errors: timeouts / rejected by Telegram / faults / bot ERROR lines",
         f"{sum(tally.timeouts.values())} / {len(rejections)} / {sum(faults.values())} / {len(errors)}", "0"],
        ["CPU while measuring: bot / driver + fake (100 % = one core)",
         f"{result['bot_cpu']:.0%} / {result['driver_cpu']:.0%}", ""],
        *([["morning digests sent to the others while measuring / in all",
            f"{pushes.in_window} / {pushes.sent} of {arguments.books - arguments.users}", ""]] if arguments.morning else []),
        ["bot start → polling", f"{result['ready']:.1f} s", ""],
        ["first reminder beat over every salesperson",
         f"{result['beat']:.1f} s" if result["beat"] is not None else "not waited for", ""],
    ])
    if rejections:
        print("\nRejected by the fake:", *[f"  {item.method}: {item.description}" for item in rejections[:5]], sep="\n")
    if faults:
        print("\nFaults answered by the fake:", dict(faults))
    if errors:
        print("\nBot ERROR lines (first 5):", *errors[:5], sep="\n  ")
    if later:
        print("\nBot ERROR lines after the measured window, while stopping (not counted above):", *later[:3], sep="\n  ")
    met = [rate >= TARGETS["updates/s"], overall["p99"] <= TARGETS["p99 ms"], rss <= TARGETS["RSS MB"]]
    print(f"\nTargets: updates/s {'met' if met[0] else 'MISSED'}, p99 {'met' if met[1] else 'MISSED'}, RSS {'met' if met[2] else 'MISSED'}")


def print_profile(path: Path) -> None:
    import pstats

    print(f"\nWhere the bot spent its CPU (cProfile of every thread of the bot process, whole run; stats in {path}):")
    stats = pstats.Stats(str(path))
    stats.sort_stats("tottime").print_stats(25)
    print("Rapport's own functions by cumulative CPU:")
    stats.sort_stats("cumulative").print_stats(f"^{REPO}/(bot|handlers|crm|reminders|storage)/", 25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="Figures are printed; nothing is asserted.")
    parser.add_argument("--users", type=int, default=200, help="salespeople acting at once (default 200)")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured time (default 30)")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load before measuring (default 5)")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between a salesperson's actions, s (default 0: act as soon as answered)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds without an answer that count as an error (default 10)")
    parser.add_argument("--books", type=int, default=1000, help="books on disk (default 1000)")
    parser.add_argument("--clients", type=int, default=300, help="clients per book (default 300)")
    parser.add_argument("--prepare", action="store_true", help="only build (or check) the cached data folder, then exit")
    parser.add_argument("--rebuild", action="store_true", help="build the data folder again even if cached")
    parser.add_argument("--no-beat-wait", action="store_true", help="start the load without waiting for the bot's first reminder beat")
    parser.add_argument("--log", type=Path, help="keep the bot's log here (it is deleted with the run's data otherwise)")
    parser.add_argument("--profile", type=Path, help="run the bot under cProfile, write its stats here and print the top (with --workers: its first process only)")
    parser.add_argument("--morning", action="store_true",
                        help="the salespeople not chatting get their morning digest during the run; "
                             "the measured window starts with the first one")
    parser.add_argument("--sends-per-second", type=float, default=28.0,
                        help="the bot's TELEGRAM_SENDS_PER_SECOND (default 28, as deployed against Telegram; "
                             "0 = unpaced, the bot's own capacity, as with a local Bot API server)")
    parser.add_argument("--workers", type=int, default=1,
                        help="the bot's WORKERS: processes sharing the salespeople, one core each (default 1)")
    arguments = parser.parse_args()
    if arguments.users > arguments.books:
        parser.error("--users cannot exceed --books (each salesperson has a book)")
    if arguments.morning and arguments.users == arguments.books:
        parser.error("--morning needs salespeople who are not chatting (--users below --books)")

    print(f"Machine: {machine()}")
    started = time.perf_counter()
    pristine = build(arguments.books, arguments.clients, rebuild=arguments.rebuild)
    print(f"Data: {arguments.books:,} books × {arguments.clients} clients, {folder_size(pristine) / 1e6:.0f} MB on disk "
          f"(ready in {time.perf_counter() - started:.1f} s)")
    if arguments.prepare:
        return
    data = working_copy(pristine)
    try:
        enroll_now(data, arguments.books, morning_after=arguments.users if arguments.morning else None)
        pacing = f"sends paced to {arguments.sends_per_second:g}/s" if arguments.sends_per_second else "sends unpaced"
        mode = f"python -m bot, {pacing}"
        print(f"Bot: {mode}; {arguments.users} salespeople, {arguments.warmup:g} s warm-up (not counted) + "
              f"{arguments.seconds:g} s measured, think time {arguments.think:g} s\n")
        result = asyncio.run(run(arguments, data))
        report(arguments, result, data.parent / "bot.log")
        if arguments.log is not None:
            shutil.copyfile(data.parent / "bot.log", arguments.log)
        if arguments.profile is not None:
            print_profile(arguments.profile)
    finally:
        shutil.rmtree(data.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
