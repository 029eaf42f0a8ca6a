"""Pushing reminders: a heartbeat on PTB's JobQueue (APScheduler) that sends what came due.

Why a heartbeat rather than one APScheduler job per salesperson and follow-up:
the schedule is *derived from data*. Each beat asks the clock what time it is,
and for every salesperson whose next check has come, asks `reminders.care`
what is due and not yet in the delivery log. So

- a restart needs no job rebuilding: the first beat serves everyone, and
  whatever came due while the bot was down goes out once, marked late;
- a test (or the terminal chat) can move the clock and see the digest arrive;
- changing a follow-up or a digest time needs no job surgery — a change to a
  book's follow-ups wakes its owner's next check (`Store.listeners`), and a next
  check planned under other settings (time zone, digest time…) is simply planned again.

The beat runs every minute on the minute, so a follow-up at 15:00 arrives at
15:00. Between beats a salesperson costs one comparison: books are only opened
when something can be due. Failures never stop the beat: flood control is
waited out by PTB's `AIORateLimiter`, network errors back off per salesperson,
and `Forbidden` (the user blocked the bot) marks them inactive until they write
again. With WORKERS, each process's beat serves only its own share of the
salespeople (`Services.share`): the process that answers them.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from functools import partial

from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes, ExtBot

from bot.locales import language_for
from bot.services import Services
from crm import salespeople
from crm.model import Salesperson
from handlers import reminders as views  # the wording lives with the other Telegram views
from reminders import care
from reminders.care import Pushes
from reminders.due import local_today

log = logging.getLogger(__name__)

#: Salespeople served at the same time in one beat; the rate limiter paces the sending.
CONCURRENCY = 32
MAX_BACKOFF = timedelta(minutes=30)


class CareScheduler:
    def __init__(self, services: Services, *, interval: float = 60.0) -> None:
        self._services = services
        self._interval = interval
        #: When to look at each salesperson next, and under which settings that was worked out.
        self._next_check: dict[int, tuple[tuple[object, ...], datetime]] = {}
        self._failures: dict[int, int] = {}
        self._running = asyncio.Lock()

    def install(self, application: Application) -> None:
        """Start the heartbeat and listen for changed books."""
        assert application.job_queue is not None, "python-telegram-bot[job-queue] is required"
        now = self._services.now()
        first = self._interval if self._interval < 60 else 60 - now.second - now.microsecond / 1e6 + 0.5
        application.job_queue.run_repeating(self._beat, interval=self._interval, first=first, name="care-heartbeat")
        self._services.store.listeners.append(self.wake)

    def wake(self, user_id: int, changed: frozenset[str]) -> None:
        """Something of this salesperson changed: look at them on the next beat if it moves their plan.

        A plan depends on few tables of the book (`care.PLAN_READS`): most
        notes change none of them, and re-planning every busy salesperson each
        minute re-opened hundreds of books at once, right when replies were
        waiting. Any change ends a back-off, though: they are using the bot again.
        """
        if changed & care.PLAN_READS or user_id in self._failures:
            self._next_check.pop(user_id, None)
            self._failures.pop(user_id, None)

    async def _beat(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.run_once(context.bot)

    async def run_once(self, bot: ExtBot, *, wait: bool = False) -> None:
        """Serve every salesperson whose next check has come. Never raises.

        A beat that finds the previous one still sending (a big morning) skips;
        with `wait` it queues behind it instead (tests, to see a full beat).
        """
        if self._running.locked() and not wait:
            return
        async with self._running:
            try:
                now = self._services.now()
                people = await self._services.store.with_directory(lambda directory: directory.all())
                share = self._services.share
                due = [person for person in people if person.user_id in share and person.active and self._is_due(person, now)]
                gate = asyncio.Semaphore(CONCURRENCY)

                async def serve(person: Salesperson) -> None:
                    async with gate:
                        await self._serve(bot, person, now)

                await asyncio.gather(*(serve(person) for person in due))
            except Exception:
                log.exception("the reminder heartbeat failed; it will try again on the next beat")

    def _is_due(self, person: Salesperson, now: datetime) -> bool:
        """Due when the planned check has come, or their settings changed since it was planned."""
        planned = self._next_check.get(person.user_id)
        return planned is None or planned[0] != _schedule_settings(person) or planned[1] <= now

    async def _serve(self, bot: ExtBot, person: Salesperson, now: datetime) -> None:
        store = self._services.store
        user_id = person.user_id
        try:
            pushes = await store.with_enrolled_book(user_id, lambda book: care.plan_pushes(book, person, now=now))
            if pushes is None:  # they asked to be forgotten since this beat read the directory
                return
            await self._send(bot, person, pushes, now)
            await store.back_up(user_id, local_today(now, person.timezone))
            self._next_check[user_id] = (_schedule_settings(person), pushes.next_check)
            self._failures.pop(user_id, None)
        except Forbidden:
            log.info("salesperson %s blocked the bot; pushes stop until they write again", user_id)
            await store.with_directory(lambda directory: salespeople.update(directory, user_id, active=False))
        except (RetryAfter, NetworkError) as error:
            self._back_off(person, now, error)
        except Exception as error:  # one salesperson's bad data must not starve the others
            log.exception("reminders for salesperson %s failed", user_id)
            self._back_off(person, now, error)

    async def _send(self, bot: ExtBot, person: Salesperson, pushes: Pushes, now: datetime) -> None:
        language = person.language or language_for(person.telegram_language, self._services.settings.default_language)
        store = self._services.store
        if pushes.digest is not None:
            digest = pushes.digest
            if not (digest.digest.is_empty and person.quiet):
                text, keyboard = views.digest_message(language, digest.digest, pushes.names, late=digest.late)
                await views.push(bot, person.user_id, text, keyboard)
            await store.with_enrolled_book(person.user_id, lambda book: care.record_delivery(book, digest.key, now=now))
        for item in pushes.timed:
            late = now - (item.at or now) > care.LATE_AFTER
            text, keyboard = views.timed_message(language, item, pushes.names, late=late)
            await views.push(bot, person.user_id, text, keyboard)
            await store.with_enrolled_book(person.user_id, partial(care.record_delivery, key=item.key, now=now))

    def _back_off(self, person: Salesperson, now: datetime, error: BaseException) -> None:
        user_id = person.user_id
        failures = self._failures.get(user_id, 0) + 1
        self._failures[user_id] = failures
        delay = min(timedelta(seconds=self._interval) * 2 ** (failures - 1), MAX_BACKOFF)
        if isinstance(error, RetryAfter):
            delay = max(delay, error.retry_after if isinstance(error.retry_after, timedelta) else timedelta(seconds=error.retry_after))
        self._next_check[user_id] = (_schedule_settings(person), now + delay)
        if not isinstance(error, TelegramError):
            return
        log.warning("could not push to salesperson %s (%s); retrying in %s", user_id, type(error).__name__, delay)


def _schedule_settings(person: Salesperson) -> tuple[object, ...]:
    """What a salesperson's reminder timing depends on; a change means "look again now"."""
    return (
        person.timezone,
        person.digest_time,
        person.days_ahead,
        person.quiet,
        person.holidays,
        tuple(sorted((level.value, days) for level, days in person.cadence.items())),
        person.language,
    )
