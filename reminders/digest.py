"""The daily digest: the day's due items, grouped by kind, most important first, kept short.

A salesperson reads the digest on a phone between visits, so it shows at most
`DIGEST_LIMIT` items and counts the rest ("+N more") instead of listing them.
Items are taken in priority order (`reminders.due.DueKind`), and within a
kind in the order `due_on` gave them, then grouped by kind for display.

This module only selects and groups; wording, buttons and sending belong to
the bot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from reminders.due import DueItem, DueKind

#: The most items one digest lists before "+N more".
DIGEST_LIMIT = 10


@dataclass(frozen=True, slots=True)
class DigestGroup:
    """The shown items of one kind, in their order."""

    kind: DueKind
    items: tuple[DueItem, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    """One local day's digest: the groups shown, how many items they hold, how many were left out."""

    day: date
    groups: tuple[DigestGroup, ...]
    shown: int
    more: int

    @property
    def is_empty(self) -> bool:
        """Nothing due at all: a kind word, or no message in quiet mode."""
        return self.shown == 0 and self.more == 0


def build_digest(day: date, items: Iterable[DueItem], *, limit: int = DIGEST_LIMIT) -> Digest:
    """The digest of `day` from its due items: the `limit` most important, grouped by kind."""
    ordered = sorted(items, key=lambda item: item.priority)  # stable: keeps the order within a kind
    shown = ordered[:limit]
    groups: dict[DueKind, list[DueItem]] = {}
    for item in shown:
        groups.setdefault(item.kind, []).append(item)
    return Digest(
        day=day,
        groups=tuple(DigestGroup(kind, tuple(kind_items)) for kind, kind_items in groups.items()),
        shown=len(shown),
        more=len(ordered) - len(shown),
    )
