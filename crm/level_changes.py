"""Changing a client's level and handling Rapport's suggestions, against one book.

Every change writes a `LevelChange` (from, to, when, why), so the card can say
how long a client has been at their level and the history is never lost.
Suggestions come from `crm.levels.suggest_move`; their reasons are stored as
small JSON records so the card and the digest can word them later.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from crm.levels import Proposal, suggest_move
from crm.model import Reason
from crm.model import ChangeReason, Client, Level, LevelChange, Suggestion, SuggestionStatus
from crm.pyramid import PyramidShape, Step, next_steps, shape_of

if TYPE_CHECKING:
    from storage import Book


def change_level(
    book: Book, client_id: int, to_level: Level, *, now: datetime, reason: ChangeReason, note_id: int | None = None
) -> tuple[Client, LevelChange | None] | None:
    """Move a client to `to_level`; (client, None) when they were already there, None when gone."""
    client = book.clients.get(client_id)
    if client is None:
        return None
    if client.level == to_level:
        return client, None
    change = record_move(book, client, to_level, now=now, reason=reason, note_id=note_id)
    book.clients.save(client)
    return client, change


def record_move(
    book: Book, client: Client, to_level: Level, *, now: datetime, reason: ChangeReason, note_id: int | None = None
) -> LevelChange:
    """Write the history entry and move `client` (the caller saves the client)."""
    change = book.level_changes.add(
        LevelChange(
            id=0, client_id=client.id, from_level=client.level, to_level=to_level, at=now, reason=reason, note_id=note_id
        )
    )
    client.level, client.level_since = to_level, now
    return change


@dataclass(frozen=True, slots=True)
class Offer:
    """A stored, pending suggestion with its reasons, ready to show."""

    suggestion: Suggestion
    client: Client
    direction: str
    reasons: tuple[Reason, ...]


def offer_suggestion(
    book: Book, client_id: int, *, now: datetime, zone: tzinfo, cadence: Mapping[Level, int] | None
) -> Offer | None:
    """Propose a move for one client if the evidence asks for it (at most once a month).

    `zone` is the salesperson's: their calendar counts the days of silence.
    """
    client = book.clients.get(client_id)
    if client is None:
        return None
    proposal = suggest_move(
        client,
        book.notes.where(client_id=client_id),
        book.events.where(client_id=client_id),
        book.level_changes.where(client_id=client_id),
        book.suggestions.where(client_id=client_id),
        now=now.astimezone(zone),
        cadence=cadence,
    )
    if proposal is None:
        return None
    return _store(book, client, proposal, now)


def _store(book: Book, client: Client, proposal: Proposal, now: datetime) -> Offer:
    suggestion = book.suggestions.add(
        Suggestion(
            id=0,
            client_id=client.id,
            to_level=proposal.to_level,
            at=now,
            reasons=tuple(json.dumps({"code": reason.code, **_plain(reason.values)}, ensure_ascii=False) for reason in proposal.reasons),
        )
    )
    return Offer(suggestion=suggestion, client=client, direction=proposal.direction, reasons=proposal.reasons)


def reasons_of(suggestion: Suggestion) -> tuple[Reason, ...]:
    reasons = []
    for stored in suggestion.reasons:
        record = json.loads(stored)
        code = record.pop("code")
        reasons.append(Reason(code, record))
    return tuple(reasons)


def accept(book: Book, suggestion_id: int, *, now: datetime) -> tuple[Client, LevelChange | None] | None:
    suggestion = book.suggestions.get(suggestion_id)
    if suggestion is None or suggestion.status is not SuggestionStatus.PENDING:
        return None
    suggestion.status = SuggestionStatus.ACCEPTED
    book.suggestions.save(suggestion)
    return change_level(book, suggestion.client_id, suggestion.to_level, now=now, reason=ChangeReason.SUGGESTION)


def dismiss(book: Book, suggestion_id: int) -> Suggestion | None:
    suggestion = book.suggestions.get(suggestion_id)
    if suggestion is None or suggestion.status is not SuggestionStatus.PENDING:
        return None
    suggestion.status = SuggestionStatus.DISMISSED
    book.suggestions.save(suggestion)
    return suggestion


@dataclass(frozen=True, slots=True)
class PyramidView:
    shape: PyramidShape
    steps: tuple[Step, ...]
    names: dict[int, str]


def pyramid_view(book: Book, *, now: datetime, zone: tzinfo, cadence: Mapping[Level, int] | None) -> PyramidView:
    """The book's shape and next steps; `zone` is the salesperson's, whose calendar counts silence."""
    clients = book.clients.all()
    steps = next_steps(
        clients,
        book.notes.all(),
        book.events.all(),
        book.level_changes.all(),
        book.suggestions.all(),
        now=now.astimezone(zone),
        cadence=cadence,
    )
    return PyramidView(shape=shape_of(clients), steps=steps, names={client.id: client.name for client in clients})


def _plain(values: Mapping[str, object]) -> dict[str, object]:
    return {key: value.value if isinstance(value, Level) else value for key, value in values.items()}
