"""Torture (issue #9): the bot *process* is SIGKILLed at random moments while salespeople type notes.

Rapport runs exactly as deployed — a separate Python process started from `bot.__main__`,
polling a fake Telegram in this test's event loop — with its own DATA_DIR. Three
salespeople keep writing notes (Chinese and English, naming clients, with birthdays and
follow-ups) while the process is killed with SIGKILL several times, either after a seeded
random delay or at the very moment Telegram receives its reply to the k-th new note, and
started again each time. The users never stop typing: notes written while the bot is
down wait in Telegram's queue, as they would, and so do the notes the bot had fetched but
not yet handled when it died — Rapport confirms an update to Telegram only once it has
handled it (`bot/confirming_bot.py`), so Telegram delivers those again to the next life.
A note handled just before a kill comes again too; Rapport recognises it by its update id
and answers "📝 Already filed under …" instead of filing it twice (`crm/capture.py`).

After the bot has caught up (Telegram holds no update it has not confirmed) and a final,
graceful stop, the test proves what a salesperson relies on:

- no typed note is lost and none is filed twice: the book holds exactly the texts typed —
  every text is unique — each once, in the order typed;
- every note was answered, and every answer is about that note: the reply's ↩️ Undo button
  names the note's id, and the stored note must be the one the reply shows (a new note's
  follow-up carries the note's number; an "Already filed" reply quotes the note and names
  its client), so a lost write whose id was handed out again shows up too;
- a note is answered as new at most once; Telegram's second delivery of a note is answered
  "Already filed", and every kill at a note reply must lead to at least one such answer;
- every file under DATA_DIR is whole, strict JSON after every kill, and the directory and
  books open with the project's own storage layer; the only other files allowed are the
  temporary files a kill can leave behind the atomic writer;
- reminders are pushed once: a timed follow-up and a digest that came due while the
  bot was down are delivered after start-up, once, marked late, and never again across
  the later restarts — proved by a fresh timed follow-up pushed by the last process,
  whose beat re-derives everything that is due from the books.

Killing the bot the moment its reply to a new note reaches Telegram — dead before Telegram
answers, so the update is not yet confirmed — makes the test fail if a note were answered
before its storage transaction returned: the write dies with the process, Telegram delivers
the note again, and it is answered as new a second time (a mutant that answers before it
stores fails here every time). SIGKILL cannot tell an fsync'd write from one left in the
page cache — the kernel keeps both — so missing fsyncs, and writes torn in place, are the
storage tests' concern (tests/storage_tests/).

The heartbeat is the one thing changed: deployed it beats every minute *on the minute*,
so a first beat after start-up could be a minute away; the launcher passes
`build_application`'s own `heartbeat` parameter (the knob the in-process harness uses)
so a restarted bot looks at its salespeople within a fraction of a second.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from time import monotonic
from zoneinfo import ZoneInfo

import psutil
import pytest

from bot.fake_api import Activity, BotMessage, FakeBotApi
from crm.clients import new_client
from crm.model import FollowUp, Salesperson
from storage import Book, Directory, Store

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261122
#: Kill-and-restart cycles before the final, graceful run.
CYCLES = 5
#: Seconds between reminder beats in the bot process (deployed: 60, on the minute).
HEARTBEAT = 0.2
#: How long a salesperson waits for an answer before typing the next note anyway. Every note
#: unconfirmed at a kill is answered again by the next life, so the last one works through a
#: backlog of answers paced under Telegram's flood limit: more haste would only make it longer.
PATIENCE = 0.5
#: `python -m bot`, with only the heartbeat's period passed to `build_application`.
LAUNCHER = """\
import functools, sys
import bot.application
bot.application.build_application = functools.partial(bot.application.build_application, heartbeat=float(sys.argv[1]))
from bot.__main__ import main
sys.exit(main(["--env-file", sys.argv[2]]))
"""
#: Every setting the bot reads (`.env.example` documents each); inherited values are dropped.
BOT_SETTINGS = frozenset(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE))
#: What `storage.durable.write_atomically` names its temporary files: `.<name>.<pid>.<thread>.tmp`.
TEMPORARY_FILE = re.compile(r"^\..+\.\d+\.\d+\.tmp$")

#: Who types what. `{n}` numbers the quote or sample kit, which makes every note's text unique and
#: shows in the reply's follow-up (「第7版报价」, "quote 7", "kit 7"): a reply names its note. Every
#: follow-up is dated after today whatever the date (「月底前」 on the last day of a month would be
#: today, and not a follow-up), and no note has a time, so none of theirs falls due during the run.
NOTES: dict[int, tuple[str, tuple[str, ...]]] = {
    1: ("zh-hans", ("今天见了张伟，他生日3月5号，下周二带第{n}版报价回访", "拜访李娜，聊了新项目，下周五前把第{n}版报价发给她")),
    2: ("en", ("Met John at Acme, send him quote {n} next Friday", "Visited Mary, send her quote {n} next week")),
    3: ("en", ("Coffee with Lily, send her sample kit {n} tomorrow", "Lily liked the samples, send kit {n} on Monday")),
}
#: The number in a note's text, and in the reply to it.
NOTE_NUMBER = re.compile(r"(?:第|quote |kit )(\d+)")
#: The salesperson whose reminders came due while the bot was down.
REMINDED = 3


@dataclass
class Typing:
    """What the salespeople typed: (user, update id, text), in order."""

    notes: list[tuple[int, int, str]] = field(default_factory=list)

    def texts(self, user_id: int) -> list[str]:
        return [text for user, _, text in self.notes if user == user_id]


# -- the world before the first start -------------------------------------------------------------


def a_zone_in_the_day(now: datetime) -> str:
    """A time zone where it is between 07:00 and 22:59 now.

    Far from midnight, "today" means one day for the whole run; and the fresh follow-up's
    "at HH:MM" must not fall from 01:00 to 06:59, which Rapport reads as the afternoon, as
    a salesperson means "at 3" (`crm/understanding/mentions.py`).
    """
    for name in ("Asia/Shanghai", "Europe/London", "America/New_York"):
        if 7 <= now.astimezone(ZoneInfo(name)).hour <= 22:
            return name
    raise AssertionError("one of three zones five to eight hours apart is always in its day")


def enroll_salespeople(data_dir: Path, now: datetime) -> str:
    """Salespeople who started an hour ago; the reminded one has a follow-up and a digest already due.

    The others' digest time is two hours back, before they enrolled, so no digest of theirs
    is due during the run. The reminded one's digest time and Lily's timed follow-up were
    20 minutes ago — while the bot was down — so both must go out once, marked late.
    Returns the reminded salesperson's time zone.
    """
    zone_name = a_zone_in_the_day(now)
    zone = ZoneInfo(zone_name)
    enrolled = now - timedelta(hours=1)
    missed = (now - timedelta(minutes=20)).astimezone(zone)
    missed_minute = time(missed.hour, missed.minute)
    store = Store(data_dir)  # creates the folders, as the bot would
    directory = Directory(data_dir / "directory.json")
    with directory.batch():
        for user_id in NOTES:
            before_enrolling = (now - timedelta(hours=2)).astimezone(zone)
            digest_at = missed_minute if user_id == REMINDED else time(before_enrolling.hour, before_enrolling.minute)
            directory.save(Salesperson(user_id=user_id, timezone=zone_name, digest_time=digest_at, created_at=enrolled, onboarded=True))
    book = Book(store.book_path(REMINDED), REMINDED)
    with book.batch():
        lily = new_client(book, "Lily", now=enrolled)
        book.followups.add(FollowUp(id=0, client_id=lily.id, date=missed.date(), time=missed_minute, text="Call Lily about the samples"))
    return zone_name


# -- the bot process ----------------------------------------------------------------------------


class BotProcess:
    """`python -m bot` against the fake Telegram, started and stopped (or killed) by the test."""

    def __init__(self, api: FakeBotApi, data_dir: Path, log: Path, workers: int) -> None:
        self.api = api
        self.workers = workers
        self.data_dir = data_dir
        self.log = log
        self.process: asyncio.subprocess.Process | None = None
        self._calls_before_start = 0

    async def start(self) -> None:
        """Start the bot and return once it is fetching updates."""
        environment = {key: value for key, value in os.environ.items() if key not in BOT_SETTINGS}
        environment.update(
            PYTHONPATH=str(ROOT), TELEGRAM_BOT_TOKEN=self.api.token, TELEGRAM_API_BASE_URL=self.api.root_url,
            DATA_DIR=str(self.data_dir), LOG_LEVEL="WARNING", WORKERS=str(self.workers),
        )
        no_env_file = self.data_dir.parent / "no.env"  # the repository's .env, if any, must not leak in
        self._calls_before_start = len(self.api.calls)
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-c", LAUNCHER, str(HEARTBEAT), str(no_env_file),
                cwd=self.data_dir.parent, env=environment, stdout=log, stderr=log, process_group=0,
            )
        try:
            await self.api.wait_until(self._fetching, timeout=20, what="the bot to fetch updates")
        except AssertionError as error:
            raise AssertionError(f"{error} (log: {self.log_tail()})") from None

    def _fetching(self) -> bool:
        """Whether this life has asked Telegram for updates: its getUpdates was answered, or waits.

        Not just "a long poll waits": the bot asks again only once it has handled what it
        fetched, so while notes keep coming it may never be idle long enough to park one.
        deleteWebhook is the first thing PTB's polling sends, so the getUpdates after it are
        this life's, not a request the dead one left behind (`killed` waited for its poll to end).
        """
        assert self.process is not None
        if self.process.returncode is not None:
            raise AssertionError(f"the bot exited with {self.process.returncode}: {self.log_tail()}")
        methods = [call.method.lower() for call in self.api.calls[self._calls_before_start:] if call.status == 200]
        if "deletewebhook" not in methods:
            return False
        return "getupdates" in methods[methods.index("deletewebhook"):] or self.api.polls_waiting > 0

    def kill_now(self) -> None:
        """SIGKILL — no handler runs, no buffer is flushed: a crash or an OOM kill.

        The bot runs in its own process group, and the signal goes to the group: with
        workers, a worker that outlived the first process by a moment could get a push
        accepted that nobody logs — the one repeat the design allows, on a crash — and
        this test must see only the repeats it does not allow.
        Returns only once every process is dead (a zombie awaiting its parent), so that a kill
        from a fake Telegram listener lands before Telegram answers the request in hand.
        """
        assert self.process is not None
        bot = psutil.Process(self.process.pid)
        processes = [bot, *bot.children(recursive=True)]
        assert len(processes) == self.workers, f"{len(processes)} processes, not {self.workers}"
        os.killpg(bot.pid, signal.SIGKILL)  # the whole bot at once, as an OOM kill or a stopped container
        deadline = monotonic() + 5
        for process in processes:
            while not _dead(process):
                assert monotonic() < deadline, f"{process} outlived SIGKILL for 5 s"

    async def killed(self) -> None:
        """Wait for the killed process and for Telegram to notice its long poll is gone."""
        assert self.process is not None
        await self.process.wait()
        assert self.process.returncode == -signal.SIGKILL
        await self.api.wait_until(lambda: self.api.polls_waiting == 0, timeout=5, what="the dead bot's poll to end")

    async def stop_gracefully(self) -> None:
        """SIGTERM, as a deploy would: PTB finishes its work and exits cleanly."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), timeout=15)
        assert code == 0, f"the bot did not stop cleanly ({code}): {self.log_tail()}"

    def ensure_dead(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()

    def log_text(self) -> str:
        """Everything every life of the bot logged (WARNING and up)."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def log_tail(self) -> str:
        return self.log_text()[-2000:] or "(nothing logged)"


def _dead(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


# -- what Telegram saw ----------------------------------------------------------------------------


def note_number(text: str) -> str | None:
    found = NOTE_NUMBER.search(text)
    return found.group(1) if found else None


#: The answer to a note Telegram delivered again (locale key `notes.already_filed`), in each user's language.
ALREADY_FILED = (
    re.compile(r"📝 Already filed under (?P<client>.+?): (?P<text>.+)", re.DOTALL),
    re.compile(r"📝 已记在(?P<client>.+?)名下：(?P<text>.+)", re.DOTALL),
)


@dataclass(frozen=True)
class NoteReply:
    """A reply about a note: whose, the note its ↩️ Undo button would remove, and what the salesperson read."""

    user_id: int
    note_id: int
    text: str
    #: "Already filed under <client>: <note>" — the answer to a note Telegram delivered again.
    again: re.Match[str] | None

    @property
    def number(self) -> str | None:
        return note_number(self.text)


def undo_note_id(message: BotMessage) -> int | None:
    """The note a reply's ↩️ Undo button would remove: the id the bot gave the note it answers."""
    for button in (button for row in message.buttons for button in row):
        data = button.callback_data or ""
        if data.startswith("v1|undo|"):
            return int(data.split("|")[2])
    return None


def note_reply(message: BotMessage) -> NoteReply | None:
    note_id = undo_note_id(message)
    if note_id is None:
        return None
    text = message.plain_text or ""
    again = next((found for pattern in ALREADY_FILED if (found := pattern.fullmatch(text))), None)
    return NoteReply(message.chat_id, note_id, text, again)


def is_reply_to_a_new_note(message: BotMessage) -> bool:
    """A reply to a note being filed now (not an "Already filed" one)."""
    reply = note_reply(message)
    return reply is not None and reply.again is None


def note_replies(api: FakeBotApi, user_id: int) -> list[NoteReply]:
    """Every reply about a note the user received, in order."""
    return [reply for message in api.messages(user_id, include_deleted=True) if (reply := note_reply(message))]


def timed_pushes(api: FakeBotApi, user_id: int) -> list[BotMessage]:
    return [message for message in api.messages(user_id) if (message.plain_text or "").startswith("⏰")]


def digests(api: FakeBotApi, user_id: int) -> list[BotMessage]:
    return [message for message in api.messages(user_id) if "whom to care for" in (message.plain_text or "")]


def delivery_log_on_disk(data_dir: Path, user_id: int) -> dict[str, str]:
    """The book's delivery log as the file holds it now (files are replaced whole, so reading is safe)."""
    tables = json.loads((data_dir / "books" / f"{user_id}.json").read_bytes())
    return dict(tables.get("deliveries", {}).get("1", {}))


def a_reminder_is_in_flight(api: FakeBotApi, data_dir: Path) -> bool:
    """Whether Telegram accepted a reminder push whose delivery is not yet in the log on disk.

    Rapport logs a push right after Telegram accepts it and says so (`reminders/care.py`):
    a crash in those few milliseconds repeats that one push. The kills wait that window
    out, so that any repeat this test sees is one the design does not allow.
    """
    pushed = len(timed_pushes(api, REMINDED)) + len(digests(api, REMINDED))
    return pushed > len(delivery_log_on_disk(data_dir, REMINDED))


# -- the files ------------------------------------------------------------------------------------


def assert_every_file_is_whole(data_dir: Path) -> None:
    """Every data file parses as strict JSON, and the directory and every book open with Rapport's storage.

    A kill in the middle of a write leaves the writer's temporary file behind; nothing reads
    it (it is hidden and not `*.json`), so it is allowed — and anything else is not.
    """
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        if TEMPORARY_FILE.match(path.name):
            continue
        assert path.suffix == ".json", f"an unexpected file in DATA_DIR: {path.relative_to(data_dir)}"
        try:
            json.loads(path.read_bytes())
        except ValueError as error:
            raise AssertionError(f"{path.relative_to(data_dir)} is not whole JSON after a SIGKILL: {error}") from None
    Directory(data_dir / "directory.json").all()
    for path in (data_dir / "books").glob("*.json"):
        with Book(path, int(path.stem)).batch():
            pass


# -- the salespeople ------------------------------------------------------------------------------


async def keep_typing(api: FakeBotApi, user_id: int, typing: Typing, rng: random.Random, stop: asyncio.Event) -> None:
    """Write notes until told to stop: wait for the answer (at most PATIENCE), then type the next."""
    language, shapes = NOTES[user_id]
    number = 0
    while not stop.is_set():
        number += 1
        text = rng.choice(shapes).format(n=number)
        update_id = api.user_writes(user_id, text, language_code=language)
        typing.notes.append((user_id, update_id, text))
        try:
            await api.wait_until(
                lambda: any(m.after_update_id >= update_id for m in api.messages(user_id, include_deleted=True)),
                timeout=PATIENCE,
            )
        except AssertionError:
            pass  # no answer yet: the bot is down or busy; a salesperson in a hurry types on
        await asyncio.sleep(rng.uniform(0, 0.03))


class KillOnReply:
    """Kills the bot the moment Telegram receives its k-th reply to a new note — while it awaits the answer.

    The note is filed and answered, but its update is not yet confirmed to Telegram: the
    next life must be given it again and answer "Already filed".
    """

    def __init__(self, api: FakeBotApi, data_dir: Path, bot: BotProcess, replies: int) -> None:
        self._api, self._data_dir, self._bot = api, data_dir, bot
        self._left = replies
        self.fired = asyncio.Event()

    def __call__(self, activity: Activity) -> None:
        if self.fired.is_set() or activity.kind != "sent" or activity.message is None or not is_reply_to_a_new_note(activity.message):
            return
        self._left -= 1
        if self._left <= 0 and not a_reminder_is_in_flight(self._api, self._data_dir):
            self._bot.kill_now()
            self.fired.set()


async def no_reminder_in_flight(api: FakeBotApi, data_dir: Path, *, timeout: float = 5.0) -> None:
    """Wait until every reminder Telegram accepted is in the delivery log on disk.

    The disk does not wake the fake's waiters, so this looks every few milliseconds.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while a_reminder_is_in_flight(api, data_dir):
        assert loop.time() < deadline, f"a reminder was pushed but not logged within {timeout}s"
        await asyncio.sleep(0.005)


async def kill_after(api: FakeBotApi, data_dir: Path, bot: BotProcess, delay: float) -> None:
    await asyncio.sleep(delay)
    await no_reminder_in_flight(api, data_dir)
    bot.kill_now()


async def one_life(api: FakeBotApi, data_dir: Path, bot: BotProcess, rng: random.Random) -> str:
    """Start the bot, let it work, kill it — at a random moment or mid-reply; returns how it died."""
    await bot.start()
    if rng.random() < 0.5:
        trigger = KillOnReply(api, data_dir, bot, replies=rng.randint(1, 10))
        api.listeners.append(trigger)
        try:
            await api.wait_until(trigger.fired.is_set, timeout=10, what="the note reply to kill at")
        finally:
            api.listeners.remove(trigger)
        how = "at a note reply"
    else:
        await kill_after(api, data_dir, bot, rng.uniform(0.05, 0.8))
        how = "after a random delay"
    await bot.killed()
    return how


# -- what must hold afterwards ----------------------------------------------------------------------


def stored_notes(book: Book) -> dict[int, tuple[str, str]]:
    """Note id → (text, client's name), in the order filed."""
    clients = {client.id: client.name for client in book.clients.all()}
    return {note.id: (note.text, clients[note.client_id]) for note in sorted(book.notes.all(), key=lambda note: note.id)}


async def assert_every_typed_note_kept_once(api: FakeBotApi, store: Store, typing: Typing) -> list[NoteReply]:
    """Every typed note is in its author's book once, in order, and answered — as new at most once.

    Returns every reply about a note, for the counts.
    """
    every_reply: list[NoteReply] = []
    for user_id in NOTES:
        notes = await store.with_book(user_id, stored_notes)
        typed = typing.texts(user_id)
        texts = [text for text, _ in notes.values()]
        lost = [text for text in typed if text not in texts]
        assert not lost, f"user {user_id}: {len(lost)} of {len(typed)} typed notes are not in the book: {lost}"
        twice = sorted({text for text in texts if texts.count(text) > 1})
        assert not twice, f"user {user_id}: notes filed more than once: {twice}"
        foreign = [text for text in texts if text not in typed]
        assert not foreign, f"user {user_id}: the book holds notes this user never typed: {foreign}"
        assert texts == typed, f"user {user_id}: the notes are not in the order typed: {texts}"

        replies = note_replies(api, user_id)
        for reply in replies:
            assert reply.note_id in notes, f"user {user_id}: «{reply.text}» answers note {reply.note_id}, not in the book"
            text, client = notes[reply.note_id]
            # Another note under the answered id: the answered write was lost and its id given out again.
            if reply.again is None:
                assert reply.number == note_number(text), f"user {user_id}: «{reply.text}» answers note {reply.note_id}: «{text}»"
            else:
                shown, named = reply.again["text"].removesuffix("…"), reply.again["client"]
                assert text.startswith(shown) and named == client, (
                    f"user {user_id}: «{reply.text}» answers note {reply.note_id}: «{text}», filed under {client}"
                )
        answered = {reply.note_id for reply in replies}
        unanswered = [text for note_id, (text, _) in notes.items() if note_id not in answered]
        assert not unanswered, f"user {user_id}: notes never answered: {unanswered}"
        as_new = Counter(reply.note_id for reply in replies if reply.again is None)
        new_twice = [notes[note_id][0] for note_id, times in as_new.items() if times > 1]
        assert not new_twice, (
            f"user {user_id}: notes answered as new twice — answered before they were stored, "
            f"then delivered again after a kill: {new_twice}"
        )
        every_reply += replies
    return every_reply


def assert_reminders_pushed_once(api: FakeBotApi, fresh_followup: str) -> None:
    """The digest and follow-up missed while the bot was down went out once, late; the fresh one once."""
    missed = [m for m in timed_pushes(api, REMINDED) if "Call Lily about the samples" in (m.plain_text or "")]
    assert len(missed) == 1, f"the follow-up missed while the bot was down was pushed {len(missed)} times"
    fresh = [m for m in timed_pushes(api, REMINDED) if fresh_followup in (m.plain_text or "")]
    assert len(fresh) == 1, f"the follow-up written in the last life was pushed {len(fresh)} times"
    assert "Late" in (missed[0].plain_text or ""), "the missed follow-up was not marked late"
    pushed = digests(api, REMINDED)
    assert len(pushed) == 1, f"the digest missed while the bot was down was pushed {len(pushed)} times"
    assert "Sent late" in (pushed[0].plain_text or ""), "the missed digest was not marked late"
    others = {user: len(digests(api, user)) for user in NOTES if user != REMINDED}
    assert set(others.values()) == {0}, f"digests went out that were due before these users enrolled: {others}"


def types(api: FakeBotApi, user_id: int, text: str, typing: Typing) -> None:
    update_id = api.user_writes(user_id, text, language_code=NOTES[user_id][0])
    typing.notes.append((user_id, update_id, text))


async def caught_up(api: FakeBotApi) -> None:
    """Wait until the bot has handled every update and confirmed it: Telegram holds none, and a long poll waits."""
    await api.wait_until(
        lambda: not api.pending_updates() and api.polls_waiting > 0,
        timeout=10, what="the bot to handle every typed note and confirm it to Telegram",
    )


# -- the test -------------------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2], ids=["one process", "two workers"])
async def test_sigkill_while_capturing_loses_no_note_files_none_twice_and_repeats_no_reminder(
    tmp_path: Path, workers: int
) -> None:
    """With WORKERS=2, salespeople 1 and 3 are served by the forked worker, 2 by the first process."""
    rng = random.Random(SEED)
    data_dir = tmp_path / "data"
    zone = enroll_salespeople(data_dir, datetime.now(timezone.utc))
    typing, stop = Typing(), asyncio.Event()
    deaths: list[str] = []
    replies_in_killed_lives = 0

    async with FakeBotApi() as api:
        bot = BotProcess(api, data_dir, tmp_path / "bot.log", workers)
        writers = [asyncio.create_task(keep_typing(api, user, typing, random.Random(rng.random()), stop)) for user in NOTES]
        try:
            for _ in range(CYCLES):
                deaths.append(await one_life(api, data_dir, bot, rng))
                assert_every_file_is_whole(data_dir)

            replies_in_killed_lives = sum(len(note_replies(api, user)) for user in NOTES)
            await bot.start()  # the last life ends gracefully
            stop.set()
            await asyncio.gather(*writers)
            for user_id in NOTES:
                types(api, user_id, NOTES[user_id][1][0].format(n=999), typing)
            # A follow-up due this very minute: its push proves that a beat of this last life
            # looked again at everything due, after all the restarts.
            fresh_followup = f"Call Lily at {datetime.now(ZoneInfo(zone)):%H:%M} today"
            types(api, REMINDED, fresh_followup, typing)
            await caught_up(api)
            await api.wait_until(
                lambda: any(fresh_followup in (m.plain_text or "") for m in timed_pushes(api, REMINDED)),
                timeout=5, what="the push of the follow-up due this minute",
            )
            await no_reminder_in_flight(api, data_dir)
            await bot.stop_gracefully()
        finally:
            stop.set()
            bot.ensure_dead()
            for writer in writers:
                writer.cancel()

        assert api.pending_updates() == [], "Telegram still holds updates after the graceful stop"
        assert_every_file_is_whole(data_dir)
        replies = await assert_every_typed_note_kept_once(api, Store(data_dir), typing)
        assert_reminders_pushed_once(api, fresh_followup)
        assert api.rejections == [], f"Telegram would have refused: {api.rejections}"

    again = Counter((reply.user_id, reply.note_id) for reply in replies if reply.again is not None)
    print(
        f"{len(typing.notes)} notes typed, {len(replies) - again.total()} answered as new, "
        f"{again.total()} answered \"Already filed\" after a kill (one note up to {max(again.values(), default=0)} times); "
        f"{replies_in_killed_lives} of the replies by killed lives; deaths: {deaths}"
    )
    assert again.total() >= deaths.count("at a note reply"), (
        f"{deaths.count('at a note reply')} kills at a reply left a filed note unconfirmed, yet only "
        f"{again.total()} notes were answered \"Already filed\": Telegram did not deliver them again"
    )
    assert replies_in_killed_lives >= 30, (
        f"the killed lives answered only {replies_in_killed_lives} notes; the test needs a busy bot to mean anything"
    )
    assert sorted(set(deaths)) == ["after a random delay", "at a note reply"], f"the seed killed only one way: {deaths}"
    log = bot.log_text()
    assert "Traceback" not in log and " ERROR " not in log, f"the bot logged errors: {log[-3000:]}"
