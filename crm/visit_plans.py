"""Who to visit, against one salesperson's book: the ranking plus "not today" and "visited".

`crm.visits` decides the order from plain values; this module feeds it the
book's clients, promises and dates, and remembers the salesperson's answers
for the day (a "not today" lasts until their local midnight).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from crm.clients import record_contact
from crm.model import Level, Note
from crm.visits import VisitPick, VisitPlan, plan_by_area, rank_visits

if TYPE_CHECKING:
    from storage import Book


def plan_for(
    book: Book,
    *,
    now: datetime,
    tz: str,
    cadence: Mapping[Level, int] | None,
    limit: int = 5,
    area: str | None = None,
    here: tuple[float, float] | None = None,
) -> VisitPlan:
    today = now.astimezone(ZoneInfo(tz)).date()
    return rank_visits(
        book.clients.all(),
        book.followups.all(),
        book.events.all(),
        now=now,
        tz=tz,
        cadence=cadence,
        here=here,
        limit=limit,
        area_or_tag=area,
        skip=skipped_today(book, today),
    )


def areas_for(
    book: Book, *, now: datetime, tz: str, cadence: Mapping[Level, int] | None, limit: int = 5
) -> dict[str | None, tuple[VisitPick, ...]]:
    today = now.astimezone(ZoneInfo(tz)).date()
    return plan_by_area(
        book.clients.all(),
        book.followups.all(),
        book.events.all(),
        now=now,
        tz=tz,
        cadence=cadence,
        limit=limit,
        skip=skipped_today(book, today),
    )


def not_today(book: Book, client_id: int, today: date) -> bool:
    """"⏭ Not today": the client leaves today's plan (and only today's)."""
    if book.clients.get(client_id) is None:
        return False
    skipped = skipped_today(book, today) | {client_id}
    book.set_context("not_today", {"day": today.isoformat(), "ids": sorted(skipped)})
    return True


def skipped_today(book: Book, today: date) -> set[int]:
    record = book.context("not_today")
    if not record or record.get("day") != today.isoformat():
        return set()
    return set(record.get("ids", []))


def visited(book: Book, client_id: int, *, now: datetime) -> Note | None:
    """"✅ Visited": a contact is recorded, so the client is no longer due."""
    return record_contact(book, client_id, now=now)


def remember_here(book: Book, latitude: float, longitude: float, *, now: datetime) -> None:
    """Keep the last shared position for the day, so refreshed plans stay "near me"."""
    book.set_context("here", {"lat": latitude, "lon": longitude, "at": now.isoformat()})


def here_today(book: Book, *, now: datetime, tz: str) -> tuple[float, float] | None:
    record = book.context("here")
    if not record:
        return None
    at = datetime.fromisoformat(record["at"])
    zone = ZoneInfo(tz)
    if at.astimezone(zone).date() != now.astimezone(zone).date():
        return None
    return float(record["lat"]), float(record["lon"])

