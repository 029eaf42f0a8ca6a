"""The shape of a salesperson's book per level, against the healthy pyramid, and what to do next.

Issue #5's healthy book, per 100 contacts: 4 confidants (3–5 is healthy), 10
friends, 50 acquaintances and the rest, 36, passers-by. `shape_of` counts the
book and scales that shape to its size; `next_steps` names the concrete moves
that bring the two closer, as codes with values and client ids (the bot words
them in the user's language, and draws the picture with `crm.pyramid_chart`).

This module decides; it never reads the clock, never stores anything, never
words anything and knows nothing of Telegram.

Scaling the healthy shape
-------------------------
The targets are the per-100 shares times the book size, rounded by largest
remainder so that they add up to the book exactly (ties go to the higher
level): 10 contacts → 0 confidants, 1 friend, 5 acquaintances, 4 passers-by;
250 → 10, 25, 125, 90. A level is *short* when it has fewer than
``target − round(target × SHORT_TOLERANCE)`` clients (tolerance 20 %): with
100 contacts, fewer than 3 confidants, 8 friends or 40 acquaintances. "Too
many" is never a step: a wide base is where the next friends come from.

Next steps, most useful first
-----------------------------
1. ``ready_to_promote`` {level, to, count} — clients whose evidence proposes a
   move up (`crm.levels.proposed_move`, so a client whose suggestion is still
   pending stays ready; a move the salesperson dismissed within
   `crm.levels.DISMISSED_QUIET_DAYS` does not). One step per level, the
   highest move first; clients with the most personal contacts first. Named
   people one can act on today, and the pyramid's very purpose.
2. ``fading`` {count} — relationships silent past twice their cadence
   (`crm.levels.is_fading`), highest level first, then the longest silent.
3. ``too_few_confidants`` / ``too_few_friends`` / ``too_few_acquaintances``
   {level, have, want} — a short level, highest first, with up to
   `CANDIDATES` clients one level below who were contacted most personally in
   the last `crm.levels.EVIDENCE_WINDOW_DAYS` days (and are not already ready
   to promote) as the people to work on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from crm.levels import Proposal, count_contacts, days_silent, is_fading, proposed_move, was_dismissed
from crm.model import Client, Event, Level, LevelChange, Note, Suggestion

#: Issue #5's healthy book of 100 contacts.
HEALTHY_PER_100: dict[Level, int] = {
    Level.CONFIDANT: 4,
    Level.FRIEND: 10,
    Level.ACQUAINTANCE: 50,
    Level.PASSER_BY: 36,
}
#: How far below its target a level may be before it is short.
SHORT_TOLERANCE = 0.2
#: How many people a "too few" step names.
CANDIDATES = 3
SHORT_CODES: dict[Level, str] = {
    Level.CONFIDANT: "too_few_confidants",
    Level.FRIEND: "too_few_friends",
    Level.ACQUAINTANCE: "too_few_acquaintances",
}

_Item = TypeVar("_Item", Note, Event, LevelChange)


@dataclass(frozen=True, slots=True)
class PyramidShape:
    """How many clients each level has, and how many a healthy book of this size would have."""

    counts: Mapping[Level, int]
    targets: Mapping[Level, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def gap(self, level: Level) -> int:
        """Clients above (positive) or below (negative) the healthy target."""
        return self.counts[level] - self.targets[level]

    def minimum(self, level: Level) -> int:
        """The fewest clients the level may have and still be healthy."""
        target = self.targets[level]
        return target - round(target * SHORT_TOLERANCE)

    def is_short(self, level: Level) -> bool:
        return level in SHORT_CODES and self.counts[level] < self.minimum(level)


@dataclass(frozen=True, slots=True)
class Step:
    """One concrete next step: a code the bot words, its values, and the clients it names."""

    code: str
    values: Mapping[str, int | str] = field(default_factory=dict)  # counts and words; a `Level` is a str
    client_ids: tuple[int, ...] = ()


def healthy_targets(size: int) -> dict[Level, int]:
    """The healthy count per level for a book of `size`, adding up to `size` (largest remainder)."""
    # In hundredths, so that ties between remainders are exact.
    targets = {level: size * share // 100 for level, share in HEALTHY_PER_100.items()}
    remainders = {level: size * share % 100 for level, share in HEALTHY_PER_100.items()}
    by_remainder = sorted(Level, key=lambda level: (-remainders[level], -level.rank))
    for level in by_remainder[: size - sum(targets.values())]:
        targets[level] += 1
    return {level: targets[level] for level in Level}


def shape_of(clients: Iterable[Client]) -> PyramidShape:
    """The book's counts per level (every level present, lowest first) and its healthy targets."""
    counts = dict.fromkeys(Level, 0)
    for client in clients:
        counts[client.level] += 1
    return PyramidShape(counts=counts, targets=healthy_targets(sum(counts.values())))


def next_steps(
    clients: Sequence[Client],
    notes: Iterable[Note],
    events: Iterable[Event],
    history: Iterable[LevelChange],
    suggestions: Iterable[Suggestion],
    *,
    now: datetime,
    cadence: Mapping[Level, int] | None = None,
) -> tuple[Step, ...]:
    """The concrete steps toward a healthy pyramid, most useful first (see the module docstring)."""
    notes_of, events_of, history_of = _by_client(notes), _by_client(events), _by_client(history)
    suggestions = list(suggestions)
    ready: list[tuple[Proposal, int]] = []  # (proposal, personal contacts)
    for client in clients:
        proposal = proposed_move(client, notes_of[client.id], events_of[client.id], history_of[client.id],
                                 now=now, cadence=cadence)
        if proposal is not None and proposal.direction == "up" and not was_dismissed(proposal, suggestions, now=now):
            personal = count_contacts(client, notes_of[client.id], now=now).personal
            ready.append((proposal, personal))
    names = {client.id: client.name for client in clients}
    steps = _promotions(ready, names)
    steps.extend(_fading(clients, now=now, cadence=cadence))
    promoted = {proposal.client_id for proposal, _ in ready}
    steps.extend(_shortages(clients, notes_of, promoted, now=now))
    return tuple(steps)


def _promotions(ready: list[tuple[Proposal, int]], names: Mapping[int, str]) -> list[Step]:
    steps = []
    for level in sorted(Level, key=lambda level: -level.rank):
        moving = [(proposal, personal) for proposal, personal in ready if proposal.from_level == level]
        if not moving:
            continue
        moving.sort(key=lambda item: (-item[1], names[item[0].client_id], item[0].client_id))
        values: dict[str, int | str] = {"level": level, "to": moving[0][0].to_level, "count": len(moving)}
        steps.append(Step("ready_to_promote", values, tuple(proposal.client_id for proposal, _ in moving)))
    return steps


def _fading(clients: Iterable[Client], *, now: datetime, cadence: Mapping[Level, int] | None) -> list[Step]:
    fading = [client for client in clients if is_fading(client, now=now, cadence=cadence)]
    if not fading:
        return []
    fading.sort(key=lambda client: (-client.level.rank, -days_silent(client, now), client.name, client.id))
    return [Step("fading", {"count": len(fading)}, tuple(client.id for client in fading))]


def _shortages(
    clients: Sequence[Client], notes_of: Mapping[int, list[Note]], promoted: set[int], *, now: datetime
) -> list[Step]:
    shape = shape_of(clients)
    steps = []
    for level in sorted(SHORT_CODES, key=lambda level: -level.rank):
        if not shape.is_short(level):
            continue
        below = level.below()
        tallies = [
            (count_contacts(client, notes_of[client.id], now=now), client)
            for client in clients
            if client.level == below and client.id not in promoted
        ]
        tallies = [(tally, client) for tally, client in tallies if tally.total > 0]
        tallies.sort(key=lambda item: (-item[0].personal, -item[0].total, item[1].name, item[1].id))
        values: dict[str, int | str] = {"level": level, "have": shape.counts[level], "want": shape.targets[level]}
        steps.append(Step(SHORT_CODES[level], values, tuple(client.id for _, client in tallies[:CANDIDATES])))
    return steps


def _by_client(items: Iterable[_Item]) -> defaultdict[int, list[_Item]]:
    """Items grouped by client, so each client's rules read only their own (a book can be large)."""
    grouped: defaultdict[int, list[_Item]] = defaultdict(list)
    for item in items:
        grouped[item.client_id].append(item)
    return grouped
