"""Where "now" comes from. Only bot/ reads the real clock; everything else is handed `now`.

Tests and the terminal chat use `MovableClock` so days can pass in seconds.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class MovableClock:
    """A clock that stands still until moved; for tests and demonstrations."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("MovableClock needs an aware datetime")
        self._now = start.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("MovableClock needs an aware datetime")
        self._now = when.astimezone(timezone.utc)

    def advance(self, delta: timedelta) -> None:
        self._now += delta
