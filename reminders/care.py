"""Reminders against one salesperson's book: what to push now, snoozes, "done", the delivery log.

`reminders.due` decides what is due from plain values; this module reads the
book for it, remembers the salesperson's answers (snoozed until a date, done),
and plans each heartbeat's pushes: the digest of the latest due day and every
timed follow-up that came due — each only if the delivery log has not seen it.

Delivery keys name the salesperson's reminder *and its day or occurrence*
(`digest:2026-11-23`, `followup_at:88:2026-11-24T07:00Z`), so a restart at any
moment neither repeats nor drops one. A push is logged right after Telegram
accepted it; a crash in the few milliseconds between the two would repeat that
one push after restart — we prefer a rare repeat to a silently lost birthday.

Never reads the clock, never talks to Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from crm.clients import complete_followup, record_contact
from crm.model import BookContents, ContactFunction, Salesperson
from reminders.digest import Digest, build_digest
from reminders.due import DueItem, DueKind, digest_due, due_on, local_instant, local_today, next_timed_instant, timed_followups_due

if TYPE_CHECKING:
    from storage import Book

#: A push more than this late (the bot was down at its minute) says so.
LATE_AFTER = timedelta(minutes=10)
#: Timed follow-ups missed while the bot was down are still pushed, up to this long after.
CATCH_UP = timedelta(days=7)
#: Delivery log entries older than this are dropped (keys name their day, so nothing repeats).
LOG_KEEP = timedelta(days=60)
#: "Done" hides a reminder for good; a date this far out stands for "never again".
DONE_FOR = timedelta(days=400)

#: The tables of a book `plan_pushes` reads to decide *when* to look again: timed follow-ups and
#: the delivery log. The digest's content comes from the whole book, but only at its fixed time.
PLAN_READS = frozenset({"followups", "deliveries"})

#: Which contact function a "done" on each kind of reminder stands for.
_DONE_FUNCTION = {
    DueKind.BIRTHDAY: ContactFunction.CARE,
    DueKind.BIRTHDAY_SOON: ContactFunction.CARE,
    DueKind.EVENT: ContactFunction.CARE,
    DueKind.EVENT_SOON: ContactFunction.CARE,
    DueKind.FADING: ContactFunction.CARE,
    DueKind.REVISIT: ContactFunction.CARE,
    DueKind.SHARE_INFO: ContactFunction.INFORMATION,
}


@dataclass(frozen=True, slots=True)
class DigestPush:
    digest: Digest
    key: str
    late: bool


@dataclass(frozen=True, slots=True)
class Pushes:
    """What one heartbeat should send for one salesperson, and when to look again."""

    digest: DigestPush | None
    timed: tuple[DueItem, ...]
    names: dict[int, str]
    next_check: datetime


def plan_pushes(book: Book, person: Salesperson, *, now: datetime) -> Pushes:
    """What to push now and when to look again.

    A change to a salesperson's follow-ups makes the scheduler look at them
    again, which for a busy salesperson can be every minute: so the whole book
    is decoded only when a digest is due; otherwise only its follow-ups are (the
    rest of a big book decoded each minute for 200 busy salespeople put
    seconds-long stalls on replies).
    """
    digest = _digest_push(book, person, now)
    followups = BookContents(followups=book.followups.all())
    since = max(person.created_at, now - CATCH_UP)
    timed = tuple(
        item
        for item in timed_followups_due(followups, tz=person.timezone, after=since, until=now)
        if book.delivered_at(item.key) is None
    )
    return Pushes(
        digest=digest,
        timed=timed,
        names=dict(book.clients.project("name")),
        next_check=_next_check(person, followups, now, digest_pending=digest is not None),
    )


def record_delivery(book: Book, key: str, *, now: datetime) -> None:
    book.record_delivery(key, now)
    book.forget_deliveries(lambda _key, at: now - at < LOG_KEEP)


def todays_digest(book: Book, person: Salesperson, *, now: datetime) -> tuple[Digest, dict[int, str]]:
    """/today: the same digest the morning push sends, computed now."""
    contents = _due_contents(book)
    today = local_today(now, person.timezone)
    items = due_on(person, contents, now=now, snoozed=snoozes(book, today))
    return build_digest(today, items), {client.id: client.name for client in contents.clients}


def _due_contents(book: Book) -> BookContents:
    """What `due_on` reads: the book without its level history and suggestions, a fifth of its records."""
    return BookContents(
        clients=book.clients.all(), notes=book.notes.all(), events=book.events.all(), followups=book.followups.all()
    )


def snoozes(book: Book, today: date) -> dict[str, date]:
    stored = book.context("snoozed") or {}
    return {key: date.fromisoformat(until) for key, until in stored.items() if date.fromisoformat(until) > today}


def snooze(book: Book, key: str, until: date, *, today: date) -> None:
    """Hide the reminder `key` until `until` (it shows again on that day)."""
    current = {name: day.isoformat() for name, day in snoozes(book, today).items()}
    current[key] = until.isoformat()
    book.set_context("snoozed", current)


def mark_done(book: Book, key: str, client_id: int | None, *, now: datetime, today: date) -> bool:
    """✅ on a reminder: keep the promise / record the contact, and never show this one again."""
    kind = kind_of(key)
    if kind is None:
        return False
    if kind is DueKind.FOLLOWUP:
        followup_id = _number(key, 1)
        if followup_id is None or complete_followup(book, followup_id, now=now) is None:
            return False
    elif kind in _DONE_FUNCTION and client_id is not None:
        if record_contact(book, client_id, now=now, functions=(_DONE_FUNCTION[kind],)) is None:
            return False
    snooze(book, key, today + DONE_FOR, today=today)
    return True


def kind_of(key: str) -> DueKind | None:
    prefix = key.split(":", 1)[0]
    if prefix == "followup_at":
        return DueKind.FOLLOWUP
    try:
        return DueKind(prefix)
    except ValueError:
        return None


def _digest_push(book: Book, person: Salesperson, now: datetime) -> DigestPush | None:
    """The digest of the latest day whose digest time has passed, if it has not gone out.

    Normally that is today's, at the digest time. After downtime it can be
    yesterday's (the bot came back before today's time): it goes out once, late.
    """
    today = local_today(now, person.timezone)
    day = digest_due(person, now) or today - timedelta(days=1)
    due_at = local_instant(day, person.digest_time, person.timezone)
    if due_at < person.created_at:
        return None  # they were not using Rapport yet at that digest time
    key = f"digest:{day.isoformat()}"
    if book.delivered_at(key) is not None:
        return None
    as_of = now if day == today else due_at
    items = due_on(person, _due_contents(book), now=as_of, snoozed=snoozes(book, day))
    return DigestPush(digest=build_digest(day, items), key=key, late=now - due_at > LATE_AFTER)


def _next_check(person: Salesperson, followups: BookContents, now: datetime, *, digest_pending: bool) -> datetime:
    today = local_today(now, person.timezone)
    next_digest = local_instant(today, person.digest_time, person.timezone)
    if next_digest <= now:
        next_digest = local_instant(today + timedelta(days=1), person.digest_time, person.timezone)
    candidates = [next_digest]
    timed = next_timed_instant(followups, tz=person.timezone, after=now)
    if timed is not None:
        candidates.append(timed)
    if digest_pending:
        candidates.append(now)
    return min(candidates)


def _number(key: str, position: int) -> int | None:
    parts = key.split(":")
    return int(parts[position]) if len(parts) > position and parts[position].isdecimal() else None
