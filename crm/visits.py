"""Who should I visit today? A documented, deterministic ranking of due clients.

`rank_visits` answers the question with up to `limit` clients, each carrying
the facts behind it as reason codes with values (the wording, in three
languages, belongs to the bot); `plan_by_area` groups the same answer per area.
The daily digest builds its revisit part from the same ranking, so the two can
never disagree about who comes first.

This module decides; it never reads the clock (the caller passes `now` and the
salesperson's timezone), never stores anything and knows nothing of Telegram.

Who is due
----------
A client is *due* when at least one reason applies:

* ``overdue`` {days, level, cadence} — silent for longer than the level's
  cadence (`crm.levels`); ``never_contacted`` {days, level, cadence} instead
  when no contact was ever recorded; ``fading`` {days, level, cadence} instead
  of either when the silence is past twice the cadence (`crm.levels.is_fading`).
  ``days`` is the silence in days for never_contacted and fading, and the days
  *past* the cadence for overdue.
* ``birthday`` {days} — a birthday within `DATED_HORIZON_DAYS` (0 = today).
* ``event`` {days, label} — the nearest dated event within the horizon.
* ``followup_overdue`` {days} / ``followup_today`` {days} — a promised
  follow-up, not done, dated before today (days late) or today (days = 0).

Clients the salesperson said "not today" to (`skip`), clients whose
`snoozed_until` is after today and clients already contacted today (local
date) drop out entirely, whatever their reasons.

The score
---------
::

    score = LEVEL_WEIGHT[level] × (silence + dated) + promise

    silence = min(days_silent / cadence, OVERDUE_RATIO_CAP)   when overdue
              (+ FADING_BONUS when fading), else 0
    dated   = BIRTHDAY_WEIGHT × (H + 1 − d) / (H + 1)  for a birthday in d days
            + EVENT_WEIGHT    × (H + 1 − d) / (H + 1)  for the nearest event
              (H = DATED_HORIZON_DAYS: today counts fully, day H+1 would be 0)
    promise = FOLLOWUP_OVERDUE_WEIGHT if a follow-up is late,
              else FOLLOWUP_TODAY_WEIGHT if one is due today, else 0

The level weight multiplies what the relationship itself asks for, so a
confidant's silence or birthday outranks a passer-by's; a promise is added
unweighted because a promise to anyone must be kept.

Near me (``here`` given): ``score /= 1 + distance_km / NEAR_KM``; a client
without a place counts as `UNKNOWN_PLACE_KM` away, so it is kept but ranked as
if it were far. Ties break by level (highest first), then name, then id, so the
answer is stable.

Worked example (default cadences, today 2026-03-10): 张伟 is a friend (weight
2.0, cadence 30) last seen 42 days ago with a birthday in 2 days::

    silence = 42 / 30            = 1.4
    dated   = 3.0 × (8 − 2) / 8  = 2.25
    score   = 2.0 × (1.4 + 2.25) = 7.3

李娜, a passer-by (weight 1.0, cadence 120) seen 10 days ago with a follow-up
promised for today, scores 1.0 × 0 + 4.0 = 4.0, so 张伟 comes first. With
``here`` 2 km from 李娜 and 20 km from 张伟: 4.0 / 1.4 ≈ 2.86 against
7.3 / 5 = 1.46, and 李娜 comes first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from crm.calendars import next_birthday, next_occurrence
from crm.levels import cadence_days, days_silent, is_fading
from crm.matching import to_simplified
from crm.model import Birthday, Client, Event, FollowUp, Level, Place, Reason

#: How much each level multiplies what the relationship asks for.
LEVEL_WEIGHT: dict[Level, float] = {
    Level.PASSER_BY: 1.0,
    Level.ACQUAINTANCE: 1.5,
    Level.FRIEND: 2.0,
    Level.CONFIDANT: 3.0,
}
#: A silence counts at most this many cadences, so one long-forgotten client
#: cannot push every birthday and promise off the list.
OVERDUE_RATIO_CAP = 3.0
FADING_BONUS = 1.0
#: Birthdays and events this many days ahead (or today) are reasons to go.
DATED_HORIZON_DAYS = 7
BIRTHDAY_WEIGHT = 3.0
EVENT_WEIGHT = 2.0
FOLLOWUP_TODAY_WEIGHT = 4.0
FOLLOWUP_OVERDUE_WEIGHT = 5.0
#: Near me: a client this far away counts half as much as one next door.
NEAR_KM = 5.0
#: Near me: how far a client without a known place is assumed to be.
UNKNOWN_PLACE_KM = 10.0
EARTH_RADIUS_KM = 6371.0088

#: The reason codes that say the relationship itself needs a visit.
MAINTENANCE_CODES = ("fading", "overdue", "never_contacted")



@dataclass(frozen=True, slots=True)
class VisitPick:
    """A client worth visiting, its score, and its reasons (the strongest first)."""

    client: Client
    score: float
    reasons: tuple[Reason, ...]
    distance_km: float | None = None

    @property
    def maintenance(self) -> Reason | None:
        """The fading / overdue / never-contacted reason, if the silence itself is one."""
        return next((r for r in self.reasons if r.code in MAINTENANCE_CODES), None)


@dataclass(frozen=True, slots=True)
class VisitPlan:
    """The answer: the top picks, how many clients are due in all, how many lack a place."""

    picks: tuple[VisitPick, ...]
    due_count: int
    without_place: int


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in km."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def rank_visits(
    clients: Iterable[Client],
    followups: Iterable[FollowUp],
    events: Iterable[Event],
    *,
    now: datetime,
    tz: str,
    cadence: Mapping[Level, int] | None = None,
    here: tuple[float, float] | None = None,
    limit: int | None = 5,
    area_or_tag: str | None = None,
    skip: Collection[int] = (),
) -> VisitPlan:
    """The clients to visit today, best first (see the module docstring for the score).

    `now` is the aware instant and `tz` the salesperson's IANA timezone: "today"
    is their local date. `area_or_tag` keeps only clients in that area or
    carrying that tag; `limit=None` returns every due client.
    """
    due = _due_picks(clients, followups, events, now=now, tz=tz, cadence=cadence, here=here,
                     area_or_tag=area_or_tag, skip=skip)
    due.sort(key=_order)
    picks = tuple(due if limit is None else due[:limit])
    return VisitPlan(
        picks=picks,
        due_count=len(due),
        without_place=sum(1 for pick in due if pick.client.place is None),
    )


def plan_by_area(
    clients: Iterable[Client],
    followups: Iterable[FollowUp],
    events: Iterable[Event],
    *,
    now: datetime,
    tz: str,
    cadence: Mapping[Level, int] | None = None,
    here: tuple[float, float] | None = None,
    limit: int | None = 5,
    area_or_tag: str | None = None,
    skip: Collection[int] = (),
) -> dict[str | None, tuple[VisitPick, ...]]:
    """Due clients grouped by `Client.area`, at most `limit` per area, ranked as in `rank_visits`.

    Areas come in the order of their best pick, so the most pressing area leads;
    clients without an area are grouped under None, always last.
    """
    due = _due_picks(clients, followups, events, now=now, tz=tz, cadence=cadence, here=here,
                     area_or_tag=area_or_tag, skip=skip)
    due.sort(key=_order)
    groups: dict[str | None, list[VisitPick]] = {}
    for pick in due:
        groups.setdefault(pick.client.area, []).append(pick)
    areas = sorted(groups, key=lambda area: area is None)  # stable: keeps best-pick order
    return {area: tuple(groups[area] if limit is None else groups[area][:limit]) for area in areas}


def _order(pick: VisitPick) -> tuple[float, int, str, int]:
    return (-pick.score, -pick.client.level.rank, pick.client.name, pick.client.id)


def _due_picks(
    clients: Iterable[Client],
    followups: Iterable[FollowUp],
    events: Iterable[Event],
    *,
    now: datetime,
    tz: str,
    cadence: Mapping[Level, int] | None,
    here: tuple[float, float] | None,
    area_or_tag: str | None,
    skip: Collection[int],
) -> list[VisitPick]:
    """Every due client that has not dropped out, scored but not yet ordered."""
    zone = ZoneInfo(tz)
    now = now.astimezone(zone)  # silence is counted in the salesperson's calendar days (crm.levels)
    today = now.date()
    # A contact at or after local midnight was today (for a midnight that DST skips, zoneinfo
    # reads it as the first instant of the day).
    midnight = datetime.combine(today, time.min, tzinfo=zone)
    birthdays = _BirthdayDays(today)
    open_followups = _open_followups_by_client(followups, today)
    events_by_client: defaultdict[int, list[Event]] = defaultdict(list)
    for event in events:
        events_by_client[event.client_id].append(event)
    wanted = _normalized(area_or_tag) if area_or_tag is not None else None
    skipped = set(skip)

    picks: list[VisitPick] = []
    for client in clients:
        if client.id in skipped or _dropped_out(client, today, midnight):
            continue
        if wanted is not None and not _in_area_or_tag(client, wanted):
            continue
        scored = _score(client, open_followups.get(client.id, ()), events_by_client.get(client.id, ()),
                        today=today, now=now, cadence=cadence, birthdays=birthdays)
        if scored is None:
            continue
        score, reasons = scored
        distance = None
        if here is not None:
            distance = _distance(here, client.place)
            score /= 1 + (UNKNOWN_PLACE_KM if distance is None else distance) / NEAR_KM
        picks.append(VisitPick(client=client, score=score, reasons=reasons, distance_km=distance))
    return picks


def _dropped_out(client: Client, today: date, midnight: datetime) -> bool:
    """Snoozed past today, or already contacted today (since the salesperson's local midnight)."""
    if client.snoozed_until is not None and client.snoozed_until > today:
        return True
    return client.last_contact_at is not None and client.last_contact_at >= midnight


class _BirthdayDays:
    """Days from today to each birthday, converted once per (month, day, calendar, leap) per call.

    The year of birth never changes the day a birthday is celebrated (`crm.calendars`), so a
    book of thousands of clients needs at most a few hundred lunar or solar conversions.
    """

    def __init__(self, today: date) -> None:
        self._today = today
        self._days: dict[tuple[int, int, str, bool], int] = {}

    def __call__(self, birthday: Birthday) -> int:
        key = (birthday.month, birthday.day, birthday.calendar, birthday.leap_month)
        days = self._days.get(key)
        if days is None:
            days = self._days[key] = (next_birthday(birthday, on_or_after=self._today) - self._today).days
        return days


def _score(
    client: Client,
    followups: Iterable[FollowUp],
    events: Iterable[Event],
    *,
    today: date,
    now: datetime,
    cadence: Mapping[Level, int] | None,
    birthdays: _BirthdayDays,
) -> tuple[float, tuple[Reason, ...]] | None:
    """The client's score and reasons (strongest first), or None when nothing makes it due."""
    weight = LEVEL_WEIGHT[client.level]
    parts: list[tuple[float, Reason]] = []  # (part of the score, reason)

    every = cadence_days(client.level, cadence)
    silent = days_silent(client, now)
    if silent > every:
        values: dict[str, int | str] = {"days": silent, "level": client.level, "cadence": every}
        ratio = min(silent / every, OVERDUE_RATIO_CAP)
        if is_fading(client, now=now, cadence=cadence):
            parts.append((weight * (ratio + FADING_BONUS), Reason("fading", values)))
        elif client.last_contact_at is None:
            parts.append((weight * ratio, Reason("never_contacted", values)))
        else:
            parts.append((weight * ratio, Reason("overdue", values | {"days": silent - every})))

    if client.birthday is not None:
        days = birthdays(client.birthday)
        if days <= DATED_HORIZON_DAYS:
            parts.append((weight * BIRTHDAY_WEIGHT * _nearness(days), Reason("birthday", {"days": days})))

    nearest: tuple[int, str] | None = None
    for event in events:
        occurs = next_occurrence(event.date, yearly=event.yearly, on_or_after=today)
        if occurs is not None and (nearest is None or (occurs - today).days < nearest[0]):
            nearest = ((occurs - today).days, event.label)
    if nearest is not None and nearest[0] <= DATED_HORIZON_DAYS:
        days, label = nearest
        parts.append((weight * EVENT_WEIGHT * _nearness(days), Reason("event", {"days": days, "label": label})))

    if followups:
        late = max((today - followup.date).days for followup in followups)
        if late > 0:
            parts.append((FOLLOWUP_OVERDUE_WEIGHT, Reason("followup_overdue", {"days": late})))
        else:
            parts.append((FOLLOWUP_TODAY_WEIGHT, Reason("followup_today", {"days": 0})))

    if not parts:
        return None
    if len(parts) == 1:  # most clients: one reason, nothing to order
        return parts[0][0], (parts[0][1],)
    parts.sort(key=lambda part: -part[0])  # stable: equal parts keep the listing order above
    return sum(part for part, _ in parts), tuple(reason for _, reason in parts)


def _nearness(days: int) -> float:
    """1.0 for today, falling linearly to 1/(H+1) on the horizon's last day."""
    return (DATED_HORIZON_DAYS + 1 - days) / (DATED_HORIZON_DAYS + 1)


def _open_followups_by_client(followups: Iterable[FollowUp], today: date) -> dict[int, list[FollowUp]]:
    """Follow-ups not done and dated today or earlier, per client."""
    by_client: defaultdict[int, list[FollowUp]] = defaultdict(list)
    for followup in followups:
        if followup.done_at is None and followup.date <= today:
            by_client[followup.client_id].append(followup)
    return by_client


def _distance(here: tuple[float, float], place: Place | None) -> float | None:
    return None if place is None else haversine_km(here, (place.latitude, place.longitude))


def _normalized(text: str) -> str:
    """Areas and tags compare across case, spacing and script (朝陽區 is 朝阳区)."""
    return to_simplified(" ".join(text.split()).casefold())


def _in_area_or_tag(client: Client, wanted: str) -> bool:
    if client.area is not None and _normalized(client.area) == wanted:
        return True
    return any(_normalized(tag) == wanted for tag in client.tags)
