"""WORKERS: salespeople shared among processes, each answered by the one that serves them (`bot/workers.py`).

The bot runs as deployed — `python -m bot` against a fake Telegram in this test's
event loop — with its own DATA_DIR. The crash torture test (tests/torture) also
runs with two workers: nothing lost, nothing twice, no reminder repeated.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import psutil
import pytest

from bot.fake_api import FakeBotApi
from bot.workers import update_sender
from storage import Book, Directory

ROOT = Path(__file__).resolve().parents[2]
#: Every setting the bot reads (`.env.example` documents each); inherited values are dropped.
BOT_SETTINGS = frozenset(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE))
FROM = {"id": 42, "is_bot": False, "first_name": "Wei"}


@pytest.mark.parametrize(
    ("update", "sender"),
    [
        ({"update_id": 1, "message": {"message_id": 5, "from": FROM, "chat": {"id": 42}, "text": "hi"}}, 42),
        ({"update_id": 2, "callback_query": {"id": "9", "from": FROM, "data": "v1|card|3"}}, 42),
        ({"update_id": 3, "edited_message": {"message_id": 5, "from": FROM, "chat": {"id": 42}}}, 42),
        ({"update_id": 4, "my_chat_member": {"chat": {"id": 42}, "from": FROM, "date": 0}}, 42),
        ({"update_id": 5, "poll_answer": {"poll_id": "1", "user": FROM, "option_ids": [0]}}, 42),
        ({"update_id": 6, "channel_post": {"message_id": 1, "chat": {"id": -100, "type": "channel"}}}, None),
    ],
    ids=["message", "button", "edit", "chat member", "poll answer", "channel post"],
)
def test_an_update_goes_to_whoever_serves_its_sender(update: dict[str, object], sender: int | None) -> None:
    assert update_sender(update) == sender


class Bot:
    """`python -m bot` with WORKERS, started and stopped by the test."""

    def __init__(self, api: FakeBotApi, data_dir: Path, workers: int, sends_per_second: float = 0) -> None:
        self.api, self.data_dir, self.workers, self.sends_per_second = api, data_dir, workers, sends_per_second
        self.log = data_dir.parent / "bot.log"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        environment = {key: value for key, value in os.environ.items() if key not in BOT_SETTINGS}
        environment.update(
            PYTHONPATH=str(ROOT), TELEGRAM_BOT_TOKEN=self.api.token, TELEGRAM_API_BASE_URL=self.api.root_url,
            DATA_DIR=str(self.data_dir), LOG_LEVEL="WARNING", WORKERS=str(self.workers),
            TELEGRAM_SENDS_PER_SECOND=str(self.sends_per_second),
        )
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "--env-file", str(self.data_dir.parent / "no.env"),
                cwd=self.data_dir.parent, env=environment, stdout=log, stderr=log,
            )
        await self.api.wait_until(lambda: self.api.polls_waiting > 0, timeout=20, what="the bot to poll")

    def processes(self) -> list[psutil.Process]:
        assert self.process is not None
        parent = psutil.Process(self.process.pid)
        return [parent, *parent.children(recursive=True)]

    async def exit_code(self, timeout: float = 15) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), timeout)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


async def caught_up(api: FakeBotApi) -> None:
    await api.wait_until(lambda: not api.pending_updates() and api.polls_waiting > 0, timeout=15,
                         what="the bot to handle every update and confirm it to Telegram")


async def test_salespeople_served_by_different_workers_each_get_their_own_answers(tmp_path: Path) -> None:
    """Three salespeople, one per process: each is enrolled, answered and filed — in their own book only."""
    data_dir = tmp_path / "data"
    users = {30: ("zh-hans", "今天见了张伟，下周二再去回访"), 31: ("en", "Met John at Acme, call him Friday 3pm"),
             32: ("en", "Coffee with Lily, send her the samples tomorrow")}
    async with FakeBotApi() as api:
        bot = Bot(api, data_dir, workers=3)
        await bot.start()
        try:
            processes = bot.processes()
            assert len(processes) == 3
            for user_id, (language, _) in users.items():  # enrolling writes the shared directory, from each process
                api.user_writes(user_id, "/start", language_code=language, first_name="Sales")
            await caught_up(api)
            for user_id, (_, note) in users.items():
                api.user_writes(user_id, note)
            await caught_up(api)
            await api.wait_until(lambda: all(len(api.messages(user_id)) >= 2 for user_id in users), timeout=10,
                                 what="an answer to every note")
        finally:
            assert bot.process is not None
            bot.process.send_signal(signal.SIGTERM)
        assert await bot.exit_code() == 0, bot.log_text()
        assert not any(process.is_running() and process.status() != psutil.STATUS_ZOMBIE for process in processes)
        assert api.pending_updates() == []
        assert api.rejections == []

    assert sorted(person.user_id for person in Directory(data_dir / "directory.json").all()) == sorted(users)
    for user_id, (_, note) in users.items():
        book = Book(data_dir / "books" / f"{user_id}.json", user_id)
        assert [filed.text for filed in book.notes.all()] == [note]
    assert " ERROR " not in bot.log_text() and "Traceback" not in bot.log_text(), bot.log_text()


async def test_a_worker_that_dies_stops_the_bot_and_the_next_start_answers_what_came_meanwhile(tmp_path: Path) -> None:
    """A dead worker is not papered over: the bot stops with an error, its supervisor starts it again whole."""
    data_dir = tmp_path / "data"
    async with FakeBotApi() as api:
        bot = Bot(api, data_dir, workers=2)
        await bot.start()
        first, worker = bot.processes()
        worker.kill()
        assert await bot.exit_code() == 1
        assert "worker 1 ended unexpectedly" in bot.log_text()

        update_id = api.user_writes(31, "/start", language_code="en", first_name="Sales")  # served by worker 1
        await bot.start()
        try:
            await api.wait_until(lambda: bool(api.messages_after(update_id)), timeout=10, what="the answer to /start")
        finally:
            assert bot.process is not None
            bot.process.send_signal(signal.SIGTERM)
        assert await bot.exit_code() == 0, bot.log_text()


async def test_the_processes_send_at_the_bots_one_pace(tmp_path: Path) -> None:
    """Telegram counts a bot's messages, not a process's: two workers together stay under its limit.

    The fake refuses (429) more than 12 sends in any second; the bot paces at 10 a
    second plus a burst of two. Paced per process, two would send up to twice that.
    """
    users = range(40, 64)  # half served by each process
    async with FakeBotApi() as api:
        api.rate_limit(12)
        bot = Bot(api, tmp_path / "data", workers=2, sends_per_second=10)
        await bot.start()
        try:
            started = asyncio.get_running_loop().time()
            for user_id in users:
                api.user_writes(user_id, "/start", language_code="en", first_name="Sales")
            await api.wait_until(lambda: all(api.messages(user_id) for user_id in users), timeout=15,
                                 what="every salesperson's greeting")
            took = asyncio.get_running_loop().time() - started
        finally:
            assert bot.process is not None
            bot.process.send_signal(signal.SIGTERM)
        assert await bot.exit_code() == 0, bot.log_text()
        assert api.faults == [], f"Telegram refused sends as too many: {api.faults[:3]}"
        assert took >= (len(users) - 2) / 10 * 0.9  # paced indeed, not lucky


async def test_polling_rides_out_telegrams_faults_and_loses_nothing(tmp_path: Path) -> None:
    """502s, a 429 and a lost answer on getUpdates: the first process waits and asks again, as PTB's polling does."""
    async with FakeBotApi() as api:
        bot = Bot(api, tmp_path / "data", workers=2)
        await bot.start()
        try:
            api.fail_next("getUpdates", status=502)
            api.fail_next("getUpdates", status=429, retry_after=0.2)
            api.fail_next("getUpdates", status=502, performed=True)
            first = api.user_writes(31, "/start", language_code="en", first_name="Sales")  # served by the worker
            await api.wait_until(lambda: bool(api.messages_after(first)), timeout=10, what="the answer to /start")
            await caught_up(api)  # past every planned fault: confirmed at last
            second = api.user_writes(30, "/start", language_code="en", first_name="Sales")  # served by the first
            await api.wait_until(lambda: bool(api.messages_after(second)), timeout=10, what="the second answer")
            await caught_up(api)
        finally:
            assert bot.process is not None
            bot.process.send_signal(signal.SIGTERM)
        assert await bot.exit_code() == 0, bot.log_text()
        assert [len(api.messages(user_id)) for user_id in (30, 31)] == [1, 1]  # each answered once
        assert api.pending_updates() == []
    log = bot.log_text()
    assert "getUpdates failed (NetworkError)" in log
    # PTB itself logs each 502's HTML page as "invalid JSON" at ERROR; Rapport's own code logs no error.
    assert not re.search(r" ERROR (bot|handlers|reminders|crm|storage)\.", log), log
