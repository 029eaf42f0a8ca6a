"""What is due for one salesperson: on their local day (the digest) or up to an instant (timed pushes).

Every reminder is a `DueItem` with a stable `key` naming the reminder and its
occurrence, so the delivery log can send it exactly once and a snooze can hide
it until a date, across restarts:

=====================  ===============================  =========================================
kind                   key                              due
=====================  ===============================  =========================================
FOLLOWUP               followup:<id>                    not done, dated today or earlier
FOLLOWUP (timed push)  followup_at:<id>:<UTC instant>   at its local date and time (see DST below)
BIRTHDAY               birthday:<client>:<date>         on the day (lunar converted, Feb 29 → 28)
BIRTHDAY_SOON          birthday_soon:<client>:<date>    1..`Salesperson.days_ahead` days before
EVENT                  event:<event>:<date>             on the day (yearly events every year)
EVENT_SOON             event_soon:<event>:<date>        `EVENT_LEAD_DAYS` before
FESTIVAL               festival:<key>:<date>            0..`FESTIVAL_LEAD_DAYS` days before
FADING                 fading:<client>:<due date>       silence past twice the cadence
REVISIT                revisit:<client>:<due date>      silence past the level's cadence
SHARE_TIP              share_tip:<note>                 `TIP_SHARE_DAYS` after a #tip note
SHARE_INFO             share_info:<client>:<due date>   no information shared for `INFO_SHARE_DAYS`
=====================  ===============================  =========================================

The ``<due date>`` of a revisit, fading or share prompt is the day that silence
became due (last contact + cadence), so the key stays the same day after day
until a contact starts a new silence: a snooze on it holds, and the delivery
log sees one reminder, not one per day. "Soon" reminders are due on every day
of their window under one key, so a reminder missed while the bot was down (or
a birthday written down late) still reaches the salesperson once.

Priority (`DueItem.priority`, 0 = most important) follows the order of
`DueKind`: promises first, then what happens today (birthdays, events), then
what to prepare for (birthdays and events soon, festivals), then relationships
that need tending (fading before plain revisits, which come in the order of
`crm.visits.rank_visits`), then things worth passing on.

Snoozes: a key snoozed until a date is left out while today is before that
date; clients whose `snoozed_until` is after today are left out of revisit,
fading and share prompts (they still get birthdays, events and promises,
which cannot be moved).

DST: a local date and time is turned into an instant by `local_instant`. A
wall time skipped by a spring-forward change (02:30 on America/New_York's
March change) happens one gap later (03:30 EDT, the instant 02:30 EST would
be); a wall time that happens twice at a fall-back change happens the first
time. Digests at 08:30 stay at 08:30 local on both sides of a change.

This module never reads the clock, never stores and never sends anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

from crm.calendars import next_birthday, next_occurrence
from crm.festivals import festivals_between
from crm.levels import cadence_days
from crm.model import (
    BookContents,
    CalendarKind,
    Client,
    ContactFunction,
    FollowUp,
    Level,
    Note,
    NoteSource,
    Salesperson,
)
from crm.visits import rank_visits

#: Dated events are announced this many days ahead, then on the day.
EVENT_LEAD_DAYS = 1
#: Festivals are announced from this many days ahead until the day itself.
FESTIVAL_LEAD_DAYS = 3
#: A friend or confidant with tags is due something useful after this many
#: days without a note that has the "information" (信息传递) function.
INFO_SHARE_DAYS = 30
#: A success story or tip is worth passing on for this many days after its note.
TIP_SHARE_DAYS = 3
#: Hashtags that mark a note as a success story or tip worth passing on.
TIP_HASHTAGS: frozenset[str] = frozenset({"#经验", "#經驗", "#tip", "#tips", "#案例", "#success"})


class DueKind(StrEnum):
    """The kinds of reminder, most important first (their order is their priority)."""

    FOLLOWUP = "followup"
    BIRTHDAY = "birthday"
    EVENT = "event"
    BIRTHDAY_SOON = "birthday_soon"
    EVENT_SOON = "event_soon"
    FESTIVAL = "festival"
    FADING = "fading"
    REVISIT = "revisit"
    SHARE_TIP = "share_tip"
    SHARE_INFO = "share_info"

    @property
    def priority(self) -> int:
        """0 for the most important kind; the digest shows kinds in this order."""
        return _PRIORITY[self]


_PRIORITY: dict[DueKind, int] = {kind: order for order, kind in enumerate(DueKind)}


@dataclass(frozen=True, slots=True)
class DueItem:
    """One reminder: what kind, for whom, about which date, and the values to word it with.

    `on` is the date the reminder is about (the birthday, the event, the
    follow-up, the festival, or the day a silence became due); `at` is the
    instant of a timed follow-up. `client_ids` are the clients its buttons act
    on: one for most kinds, the people to greet or tell for festivals and tips.
    """

    kind: DueKind
    key: str
    client_ids: tuple[int, ...]
    on: date
    values: Mapping[str, object] = field(default_factory=dict)
    at: datetime | None = None

    @property
    def priority(self) -> int:
        return self.kind.priority


_NOTHING_SNOOZED: Mapping[str, date] = MappingProxyType({})
#: Friends and confidants: greeted on festivals and kept informed (信息传递).
_GREETED = frozenset({Level.FRIEND, Level.CONFIDANT})


def local_today(now: datetime, tz: str) -> date:
    """The salesperson's calendar date at the instant `now` (never the server's or UTC's)."""
    return now.astimezone(ZoneInfo(tz)).date()


def local_instant(day: date, at: time, tz: str) -> datetime:
    """The aware instant of a local date and wall time, by this module's DST rule.

    zoneinfo reads a skipped wall time with the offset in force before the
    change (PEP 495, fold=0), which is exactly "one gap later" once converted,
    and reads a repeated wall time as its first occurrence.
    """
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    return naive.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def digest_due(person: Salesperson, now: datetime) -> date | None:
    """The local day whose digest is due at `now`, or None before today's digest time."""
    today = local_today(now, person.timezone)
    return today if now >= local_instant(today, person.digest_time, person.timezone) else None


def due_on(
    person: Salesperson,
    contents: BookContents,
    *,
    now: datetime,
    snoozed: Mapping[str, date] = _NOTHING_SNOOZED,
) -> list[DueItem]:
    """Everything due on the salesperson's local day at `now`, most important first."""
    tz = person.timezone
    today = local_today(now, tz)
    clients = {client.id: client for client in contents.clients}
    awake = [c for c in contents.clients if c.snoozed_until is None or c.snoozed_until <= today]
    items = [
        *_followups(contents.followups, clients, today, tz),
        *_birthdays(contents.clients, today, person.days_ahead),
        *_events(contents, clients, today),
        *_festivals(contents.clients, today, person.holidays),
        *_silences(person, contents, now),
        *_tips(contents.notes, clients, awake, today, tz),
        *_share_info(contents.notes, awake, today, tz),
    ]
    items = [item for item in items if not _is_snoozed(item, snoozed, today)]
    items.sort(key=lambda item: item.priority)  # stable: each kind keeps its own order
    return items


def timed_followups_due(
    contents: BookContents, *, tz: str, after: datetime | None, until: datetime
) -> list[DueItem]:
    """Timed follow-ups not done whose instant is in (after, until], earliest first.

    `after=None` means "since ever", for the first look after a start-up.
    """
    items = []
    for followup in contents.followups:
        if followup.done_at is not None or followup.time is None:
            continue
        at = local_instant(followup.date, followup.time, tz)
        if (after is None or at > after) and at <= until:
            items.append(_timed_item(followup, at))
    items.sort(key=lambda item: (item.at, item.key))
    return items


def next_timed_instant(contents: BookContents, *, tz: str, after: datetime) -> datetime | None:
    """The first instant after `after` at which a timed follow-up comes due, if any."""
    instants = [
        at
        for followup in contents.followups
        if followup.done_at is None and followup.time is not None
        and (at := local_instant(followup.date, followup.time, tz)) > after
    ]
    return min(instants, default=None)


def _timed_item(followup: FollowUp, at: datetime) -> DueItem:
    return DueItem(
        kind=DueKind.FOLLOWUP,
        key=f"followup_at:{followup.id}:{at:%Y-%m-%dT%H:%MZ}",
        client_ids=(followup.client_id,),
        on=followup.date,
        at=at,
        values={"followup_id": followup.id, "text": followup.text, "time": followup.time, "days_late": 0},
    )


def _followups(followups: Iterable[FollowUp], clients: Mapping[int, Client], today: date, tz: str) -> list[DueItem]:
    """Promises not kept yet, the oldest first; timed ones carry their instant."""
    due = sorted(
        (f for f in followups if f.done_at is None and f.date <= today and f.client_id in clients),
        key=lambda f: (f.date, f.time is not None, f.time or time.min, f.id),
    )
    return [
        DueItem(
            kind=DueKind.FOLLOWUP,
            key=f"followup:{f.id}",
            client_ids=(f.client_id,),
            on=f.date,
            at=None if f.time is None else local_instant(f.date, f.time, tz),
            values={"followup_id": f.id, "text": f.text, "time": f.time, "days_late": (today - f.date).days},
        )
        for f in due
    ]


def _birthdays(clients: Iterable[Client], today: date, days_ahead: int) -> list[DueItem]:
    """Birthdays today, and birthdays within `days_ahead` days to prepare a gift for."""
    found = []
    for client in clients:
        if client.birthday is None:
            continue
        day = next_birthday(client.birthday, on_or_after=today)
        days = (day - today).days
        if days > days_ahead:
            continue
        kind = DueKind.BIRTHDAY if days == 0 else DueKind.BIRTHDAY_SOON
        found.append((days, _closeness(client), DueItem(
            kind=kind,
            key=f"{kind}:{client.id}:{day.isoformat()}",
            client_ids=(client.id,),
            on=day,
            values={"days": days, "lunar": client.birthday.calendar is CalendarKind.LUNAR},
        )))
    found.sort(key=lambda found: found[:2])
    return [item for *_, item in found]


def _events(contents: BookContents, clients: Mapping[int, Client], today: date) -> list[DueItem]:
    """Dated events today, and a day ahead so there is time for a gesture."""
    found = []
    for event in contents.events:
        client = clients.get(event.client_id)
        if client is None:
            continue
        day = next_occurrence(event.date, yearly=event.yearly, on_or_after=today)
        if day is None or (days := (day - today).days) > EVENT_LEAD_DAYS:
            continue
        kind = DueKind.EVENT if days == 0 else DueKind.EVENT_SOON
        values: dict[str, object] = {"days": days, "label": event.label, "event_id": event.id, "text": event.text}
        if event.yearly and day.year > event.date.year:
            values["years"] = day.year - event.date.year
        found.append((days, _closeness(client), DueItem(
            kind=kind, key=f"{kind}:{event.id}:{day.isoformat()}", client_ids=(client.id,), on=day, values=values
        )))
    found.sort(key=lambda found: found[:2])
    return [item for *_, item in found]


def _festivals(clients: Iterable[Client], today: date, holidays: Iterable[str]) -> list[DueItem]:
    """Festivals in the next few days, each with the friends and confidants to greet."""
    to_greet = tuple(c.id for c in sorted(clients, key=_closeness) if c.level in _GREETED)
    if not to_greet:
        return []
    upcoming = festivals_between(today, today + timedelta(days=FESTIVAL_LEAD_DAYS), solar_holidays=holidays)
    return [
        DueItem(
            kind=DueKind.FESTIVAL,
            key=f"festival:{festival.key}:{festival.date.isoformat()}",
            client_ids=to_greet,
            on=festival.date,
            values={"festival": festival.key, "days": (festival.date - today).days, "lunar": festival.lunar},
        )
        for festival in sorted(upcoming, key=lambda festival: festival.date)
    ]


def _silences(person: Salesperson, contents: BookContents, now: datetime) -> list[DueItem]:
    """Revisits and fading warnings, in the order of the visit ranking."""
    plan = rank_visits(
        contents.clients, contents.followups, contents.events,
        now=now, tz=person.timezone, cadence=person.cadence, limit=None,
    )
    last_notes = _last_words(contents.notes)
    items = []
    for pick in plan.picks:
        reason = pick.maintenance
        if reason is None:
            continue
        client = pick.client
        silent_since = client.last_contact_at or client.created_at
        due = local_today(silent_since, person.timezone) + timedelta(days=cadence_days(client.level, person.cadence))
        values: dict[str, object] = {**reason.values, "reason": reason.code}
        if reason.code == "fading":
            kind = DueKind.FADING
            note = last_notes.get(client.id)
            values |= {"last_note": None if note is None else note.text, "last_note_id": None if note is None else note.id}
        else:
            kind = DueKind.REVISIT
        items.append(DueItem(kind=kind, key=f"{kind}:{client.id}:{due.isoformat()}", client_ids=(client.id,),
                             on=due, values=values))
    return items


def _tips(
    notes: Iterable[Note], clients: Mapping[int, Client], awake: list[Client], today: date, tz: str
) -> list[DueItem]:
    """Recent success stories and tips, each with the other clients who share its subject.

    A client shares the subject when one of their tags is also a tag of the
    note's client, or appears in the note's words.
    """
    items = []
    earliest = today - timedelta(days=TIP_SHARE_DAYS)
    tips = [note for note in notes if _is_tip(note) and earliest <= local_today(note.at, tz) <= today]
    # Folded once for all tips: a book has hundreds of clients and a busy week dozens of tips.
    tagged = [(client, [(tag, folded) for tag in client.tags if (folded := _fold(tag))]) for client in awake if client.tags]
    for note in sorted(tips, key=lambda note: (note.at, note.id)):
        source = clients.get(note.client_id)
        subject = {_fold(tag) for tag in source.tags} if source is not None else set()
        words = _fold(note.text)
        recipients: list[Client] = []
        matched: set[str] = set()
        for client, tags in tagged:
            if client.id == note.client_id:
                continue
            shared = {tag for tag, folded in tags if folded in subject or folded in words}
            if shared:
                recipients.append(client)
                matched |= shared
        if recipients:
            items.append(DueItem(
                kind=DueKind.SHARE_TIP,
                key=f"share_tip:{note.id}",
                client_ids=tuple(c.id for c in sorted(recipients, key=_closeness)),
                on=local_today(note.at, tz),
                values={"note_id": note.id, "from_client_id": note.client_id, "text": note.text,
                        "tags": tuple(sorted(matched))},
            ))
    return items


def _share_info(notes: Iterable[Note], awake: list[Client], today: date, tz: str) -> list[DueItem]:
    """Friends and confidants with interests or an industry who were sent nothing useful lately.

    The silence counts from the last "information" note, or from when the
    client entered the book, so a new client is not nagged about on day one.
    """
    last_shared: dict[int, datetime] = {}
    for note in notes:
        if ContactFunction.INFORMATION not in note.functions:
            continue
        known = last_shared.get(note.client_id)
        if known is None or note.at > known:
            last_shared[note.client_id] = note.at
    found = []
    for client in awake:
        if client.level not in _GREETED or not client.tags:
            continue
        since = local_today(max(client.created_at, last_shared.get(client.id, client.created_at)), tz)
        due = since + timedelta(days=INFO_SHARE_DAYS)
        if today < due:
            continue
        days = (today - since).days
        found.append((-days, _closeness(client), DueItem(
            kind=DueKind.SHARE_INFO,
            key=f"share_info:{client.id}:{due.isoformat()}",
            client_ids=(client.id,),
            on=due,
            values={"days": days, "tags": client.tags, "shared_before": client.id in last_shared},
        )))
    found.sort(key=lambda found: found[:2])
    return [item for *_, item in found]


def _last_words(notes: Iterable[Note]) -> dict[int, Note]:
    """Each client's latest note with words in it, for context on a fading warning."""
    last: dict[int, Note] = {}
    for note in notes:
        if note.source is NoteSource.CONTACT or not note.text.strip():
            continue
        known = last.get(note.client_id)
        if known is None or (note.at, note.id) > (known.at, known.id):
            last[note.client_id] = note
    return last


def _is_snoozed(item: DueItem, snoozed: Mapping[str, date], today: date) -> bool:
    """Snoozed until a date means hidden on every day before it, back on that day."""
    until = snoozed.get(item.key)
    return until is not None and today < until


def _is_tip(note: Note) -> bool:
    return any(_hashtag(tag) in _TIP_TAGS for tag in note.hashtags)


def _hashtag(tag: str) -> str:
    """A hashtag compared without its #/＃ mark and case, however the reader stored it."""
    return tag.lstrip("#＃").casefold()


_TIP_TAGS = frozenset(_hashtag(tag) for tag in TIP_HASHTAGS)


def _fold(text: str) -> str:
    return text.strip().casefold()


def _closeness(client: Client) -> tuple[int, str, int]:
    """Closest relationships first, then by name: the order people are listed in."""
    return (-client.level.rank, client.name, client.id)


