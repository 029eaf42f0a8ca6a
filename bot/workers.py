"""Several processes for one bot (WORKERS): how Rapport uses more than one CPU core.

Python runs one thread of Python code at a time, so one bot process answers at
most what one core computes — ~185–195 updates/s on the load benchmark's machine,
short of what 200 salespeople chatting at once ask (`benchmarks/load.py`).
Rapport's work divides cleanly by salesperson: each has their own book, lock,
screens and reminders. So with WORKERS=N there are N processes, each the whole
bot of `build_application` for its `Share` of the salespeople (user id modulo
N): it decodes and handles their updates, answers Telegram itself, and pushes
their reminders, with 1/N of BOOK_CACHE_MB.

The first process also long-polls Telegram for everyone (Telegram allows one
poller) and hands each update to the process serving its sender: its own to
itself, the others' as the JSON Telegram sent, through a pipe. Each process
reports the updates it has handled, and a batch is confirmed to Telegram only
once all of it is handled (as `ConfirmingBot` does in one process), so a crash
loses nothing: Telegram hands over the rest again. The bot keeps one sending
pace (Telegram counts ~30 messages a second per bot, not per process): the
first process holds it, and the others ask it for each send's turn, so a reply
waiting in one process still goes before a push waiting in another. Split into
N paces of 1/N each, every process queued at its own small pace: p99 at 20
updates/s rose from ~260 to ~570 ms (`benchmarks/load.py --think 10`).

Through each pipe, the first process sends `("update", json)`, `("go", n)` and
`("stop",)`; a worker sends `("handled", update_id)` and `("turn", n, priority)`.

Books are one file per salesperson, so no two processes ever write the same
one; the directory is shared, and each write is rebased on the file
(`storage/directory.py`).

The other processes are forked once the first has imported everything, so the
~55 MB of code and dictionaries is shared, not copied. They die with the first
(Linux's parent-death signal; elsewhere once they see their pipe close): one
left behind by a killed bot would go on writing books that the next start's
processes read. If one of them dies, the bot stops, with an error: its
supervisor (systemd, Docker) starts it again whole, and Telegram hands over
again what was not handled.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import itertools
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext
from multiprocessing.process import BaseProcess
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, RetryAfter, TelegramError
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter  # what PTB's Bot builds requests from

from bot.application import RapportApplication, build_application
from bot.confirming_bot import Unconfirmed
from bot.http_client import READ_TIMEOUT, AiohttpRequest
from bot.pacing import PrioritisedBucket, Priority
from bot.services import Share
from bot.settings import Settings
from storage import Store

log = logging.getLogger(__name__)

#: Seconds a getUpdates waits for something new, as PTB's Updater asks.
POLL_TIMEOUT = 10
#: Longest pause (s) between failed polls; the pause doubles from one second up to it.
MAX_RETRY_WAIT = 30.0
#: Seconds a worker has to finish the updates it holds when Rapport stops, before it is killed.
STOP_WAIT = 30.0
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def update_sender(update: Mapping[str, Any]) -> int | None:
    """The user id an update comes from, read from Telegram's JSON; None for one from nobody.

    Every kind of update carries its object under one key (`message`,
    `callback_query`, `my_chat_member`, …), whose sender is `from` — or `user`
    for poll answers and reactions.
    """
    for key, content in update.items():
        if key == "update_id" or not isinstance(content, Mapping):
            continue
        sender = content.get("from") or content.get("user")
        if isinstance(sender, Mapping) and isinstance(sender.get("id"), int):
            return int(sender["id"])
    return None


def run_workers(settings: Settings) -> int:
    """Serve Telegram from this process and `settings.workers - 1` forked ones; returns the exit status."""
    Store(settings.data_dir)  # the start-up chores, once, before any worker writes: folders, leftovers, migrations
    gc.freeze()  # what is loaded now is shared with the workers; the collector must not touch (copy) it
    context = multiprocessing.get_context("fork")
    workers: list[_Worker] = []
    try:
        for index in range(1, settings.workers):
            workers.append(_Worker.start(context, settings, Share(index, settings.workers), workers))
        return asyncio.run(_First(settings, workers).run())
    finally:
        for worker in workers:
            worker.process.join(STOP_WAIT)
            if worker.process.is_alive():
                log.error("worker %d did not stop within %.0f s; killing it", worker.share.index, STOP_WAIT)
                worker.process.kill()
                worker.process.join()


@dataclass(frozen=True, slots=True)
class _Worker:
    """A forked process serving its share, as seen from the first."""

    share: Share
    process: BaseProcess
    connection: Connection  # the first's end: updates go out, handled update ids come back

    @classmethod
    def start(cls, context: ForkContext, settings: Settings, share: Share, started: Sequence[_Worker]) -> _Worker:
        first_end, worker_end = context.Pipe()
        # A forked worker would hold copies of the first's ends; closed there, the pipes tell each side
        # when the other is gone.
        inherited = [*(worker.connection for worker in started), first_end]
        process = context.Process(
            target=_serve, args=(settings, share, worker_end, inherited, os.getpid()), name=f"rapport-worker-{share.index}"
        )
        process.start()
        worker_end.close()
        return cls(share, process, first_end)


class _First:
    """The first process: serves share 0, polls Telegram for all, hands updates over, confirms them once handled."""

    def __init__(self, settings: Settings, workers: list[_Worker]) -> None:
        self._settings = settings
        self._workers = workers
        self._url = f"{settings.bot_api_url}{settings.token}/"
        self._unconfirmed = Unconfirmed()
        self._stopping = asyncio.Event()
        self._failed = False
        self._finishing = False
        self._offset: int | None = None
        self._pace = PrioritisedBucket(settings.sends_per_second) if settings.sends_per_second else None
        self._turns: set[asyncio.Task[None]] = set()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, self._stopping.set)
        for worker in self._workers:
            loop.add_reader(worker.connection.fileno(), self._receive, worker)
            loop.add_reader(worker.process.sentinel, self._ended, worker)
        here = build_application(self._settings, share=Share(0, self._settings.workers), pace=self._pace)
        here.settled_listeners.append(self._handled_here)
        request = AiohttpRequest(connection_pool_size=1, read_timeout=POLL_TIMEOUT + READ_TIMEOUT)
        await request.initialize()
        try:
            await _started(here)
            polling = asyncio.create_task(self._poll(request, here))
            stopping = asyncio.create_task(self._stopping.wait())
            await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
            for task in (polling, stopping):
                task.cancel()
            with suppress(asyncio.CancelledError):
                await polling  # raises what stopped the polling (a refused token), if anything
            if not self._failed:
                await self._finish(request, here)
        except InvalidToken:
            log.error("Telegram refused the bot token; check TELEGRAM_BOT_TOKEN")
            self._failed = True
        finally:
            for turn in list(self._turns):
                turn.cancel()
            for worker in self._workers:
                loop.remove_reader(worker.connection.fileno())
                loop.remove_reader(worker.process.sentinel)
                worker.connection.close()  # a worker still running sees the pipe close, and stops
            await request.shutdown()
            if here.running:
                await here.stop()
            await here.shutdown()
        return 1 if self._failed else 0

    async def _poll(self, request: AiohttpRequest, here: RapportApplication) -> None:
        await self._call(request, "deleteWebhook")  # as PTB's polling does: a webhook would refuse getUpdates
        while True:
            await self._unconfirmed.settled()
            updates = await self._call(request, "getUpdates", offset=self._offset, timeout=POLL_TIMEOUT)
            for update in updates:
                self._hand_over(update, here)
                self._offset = int(update["update_id"]) + 1

    def _hand_over(self, update: dict[str, Any], here: RapportApplication) -> None:
        sender = update_sender(update)
        serving = 0 if sender is None else sender % self._settings.workers
        self._unconfirmed.fetched(int(update["update_id"]))
        if serving == 0:
            here.update_queue.put_nowait(Update.de_json(update, here.bot))
        else:
            with suppress(OSError):  # that worker just died: the bot is stopping, and Telegram keeps the update
                self._workers[serving - 1].connection.send(("update", update))

    def _handled_here(self, update: object) -> None:
        if isinstance(update, Update):
            self._unconfirmed.handled([update.update_id])

    def _receive(self, worker: _Worker) -> None:
        """A worker reported updates handled, or asks for a send's turn."""
        handled = []
        try:
            while worker.connection.poll():
                message = worker.connection.recv()
                if message[0] == "handled":
                    handled.append(message[1])
                else:
                    _, number, priority = message
                    turn = asyncio.create_task(self._give_turn(worker, number, Priority(priority)))
                    self._turns.add(turn)
                    turn.add_done_callback(self._turns.discard)
        except (EOFError, OSError):
            asyncio.get_running_loop().remove_reader(worker.connection.fileno())
        self._unconfirmed.handled(handled)

    async def _give_turn(self, worker: _Worker, number: int, priority: Priority) -> None:
        assert self._pace is not None  # a worker asks only when the bot is paced
        await self._pace.take(priority)
        with suppress(OSError):  # a worker gone meanwhile: its turn is lost, as a cancelled send's is
            worker.connection.send(("go", number))

    def _ended(self, worker: _Worker) -> None:
        asyncio.get_running_loop().remove_reader(worker.process.sentinel)
        if self._finishing:
            return
        log.error("worker %d ended unexpectedly (exit code %s); Rapport stops so it can be started again whole",
                  worker.share.index, worker.process.exitcode)
        self._failed = True
        self._stopping.set()

    async def _finish(self, request: AiohttpRequest, here: RapportApplication) -> None:
        """Let every process finish the updates it holds, then confirm to Telegram what they handled."""
        self._finishing = True
        for worker in self._workers:
            with suppress(OSError):
                worker.connection.send(("stop",))  # handle what you have, then stop
        await here.stop()  # handles every update already queued first
        await asyncio.gather(*(asyncio.to_thread(worker.process.join, STOP_WAIT) for worker in self._workers))
        for worker in self._workers:
            self._receive(worker)  # the last reports, sent just before the worker ended
        if self._offset is not None and not self._unconfirmed:
            with suppress(TelegramError):
                await request.post(self._url + "getUpdates", _parameters(offset=self._offset, timeout=0, limit=1))

    async def _call(self, request: AiohttpRequest, method: str, **parameters: Any) -> Any:
        """One Bot API call, retried with growing pauses until it succeeds; a refused token is final."""
        pause = 1.0
        while True:
            try:
                return await request.post(self._url + method, _parameters(**parameters))
            except InvalidToken:
                raise
            except RetryAfter as error:
                delay = error.retry_after
                wait = delay.total_seconds() if not isinstance(delay, (int, float)) else float(delay)
            except TelegramError as error:  # network errors, time-outs, Telegram's 5xx, a conflicting poller
                log.warning("%s failed (%s); trying again in %.0f s", method, type(error).__name__, pause)
                wait, pause = pause, min(pause * 2, MAX_RETRY_WAIT)
            await asyncio.sleep(wait)


async def _started(application: RapportApplication) -> None:
    """Start an application as `run_polling` would, without its polling: the updates come from the first process."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()


def _parameters(**values: Any) -> RequestData:
    return RequestData([RequestParameter.from_input(name, value) for name, value in values.items() if value is not None])


# -- a worker ------------------------------------------------------------------------------------


def _serve(settings: Settings, share: Share, connection: Connection, inherited: list[Connection], first: int) -> None:
    """The worker process: the whole bot for its share of the salespeople, fed by the first process."""
    for other in inherited:
        other.close()
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != first:  # the first process died before the line above could take effect
        os._exit(1)
    # Ctrl-C and a supervisor's SIGTERM reach the whole process group: the first process decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    asyncio.run(_work(settings, share, connection))


class _PaceOfTheFirst:
    """A worker's sends wait for their turn in the first process's pace (`Pace`)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._numbers = itertools.count()
        self._waiting: dict[int, asyncio.Future[None]] = {}

    async def take(self, priority: Priority) -> None:
        number = next(self._numbers)
        self._waiting[number] = turn = asyncio.get_running_loop().create_future()
        try:
            self._connection.send(("turn", number, int(priority)))
            await turn
        finally:
            del self._waiting[number]

    def go(self, number: int) -> None:
        turn = self._waiting.get(number)
        if turn is not None and not turn.done():
            turn.set_result(None)

    def go_all(self) -> None:
        """The first process is gone: let every waiting send go rather than wait forever."""
        for number in list(self._waiting):
            self.go(number)


async def _work(settings: Settings, share: Share, connection: Connection) -> None:
    pace = _PaceOfTheFirst(connection) if settings.sends_per_second else None
    application = build_application(settings, share=share, pace=pace)
    loop = asyncio.get_running_loop()
    no_more = asyncio.Event()

    def handled(update: object) -> None:
        if isinstance(update, Update):
            with suppress(OSError):  # the first process is gone: Telegram will hand the update over again
                connection.send(("handled", update.update_id))

    def receive() -> None:
        try:
            while connection.poll():
                message = connection.recv()
                if message[0] == "update":
                    application.update_queue.put_nowait(Update.de_json(message[1], application.bot))
                elif message[0] == "go":
                    assert pace is not None
                    pace.go(message[1])
                else:  # ("stop",): the replies to what is queued still wait for their turns from the first
                    no_more.set()
        except (EOFError, OSError):
            loop.remove_reader(connection.fileno())
            if pace is not None:
                pace.go_all()
            no_more.set()

    application.settled_listeners.append(handled)
    try:
        await _started(application)
        loop.add_reader(connection.fileno(), receive)
        await no_more.wait()
        await application.stop()  # handles every update already queued first
    finally:
        await application.shutdown()
