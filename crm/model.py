"""The domain's nouns: plain dataclasses that every layer speaks.

Nothing here knows about Telegram, TinyDB or the clock. Storage converts these
to and from dicts in one place (`storage.records`); everything else passes the
typed objects around. Datetimes are always timezone-aware (UTC when stored);
calendar dates (`date`) are the salesperson's local dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum


class Level(StrEnum):
    """The four relationship levels, lowest first; values are what is stored."""

    PASSER_BY = "passer_by"
    ACQUAINTANCE = "acquaintance"
    FRIEND = "friend"
    CONFIDANT = "confidant"

    @property
    def rank(self) -> int:
        """0 for passer-by up to 3 for confidant, so levels can be compared (a table: it is hot)."""
        return _LEVEL_RANKS[self]

    def above(self) -> Level | None:
        """The next level up, or None at the top."""
        return _LEVEL_ORDER[self.rank + 1] if self.rank + 1 < len(_LEVEL_ORDER) else None

    def below(self) -> Level | None:
        """The next level down, or None at the bottom."""
        return _LEVEL_ORDER[self.rank - 1] if self.rank > 0 else None


_LEVEL_ORDER: tuple[Level, ...] = tuple(Level)
_LEVEL_RANKS: dict[Level, int] = {level: rank for rank, level in enumerate(_LEVEL_ORDER)}


#: Days between contacts before a client is due a revisit (issue #5 defaults).
DEFAULT_CADENCE_DAYS: dict[Level, int] = {
    Level.CONFIDANT: 14,
    Level.FRIEND: 30,
    Level.ACQUAINTANCE: 60,
    Level.PASSER_BY: 120,
}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why Rapport says something (a visit, a level move): a code the bot words, with its values.

    Decisions live in crm/ and wording in the locales, so a reason is never a sentence.
    """

    code: str
    values: Mapping[str, int | str] = field(default_factory=dict)  # counts and words; a `Level` is a str


class CalendarKind(StrEnum):
    SOLAR = "solar"
    LUNAR = "lunar"


class ContactFunction(StrEnum):
    """The five things a contact can do for a relationship (Chinese CRM practice)."""

    CARE = "care"  # 客户关怀
    INFORMATION = "information"  # 信息传递
    DEAL = "deal"  # 交易推动
    SERVICE = "service"  # 服务提供
    INTELLIGENCE = "intelligence"  # 情报收集


class NoteSource(StrEnum):
    """How a note reached the book; only some sources mean a real contact happened."""

    TEXT = "text"  # typed by the salesperson
    FORWARD = "forward"  # a forwarded message
    CONTACT = "contact"  # a "done / visited" tap: a contact without words
    IMPORT = "import"  # brought in from a file


@dataclass(frozen=True, slots=True)
class Birthday:
    """A birthday as the client keeps it: lunar birthdays stay lunar."""

    month: int
    day: int
    year: int | None = None
    calendar: CalendarKind = CalendarKind.SOLAR
    leap_month: bool = False  # lunar only: born in the leap (闰) month


@dataclass(frozen=True, slots=True)
class Place:
    """Where a client can be met, for near-me planning."""

    latitude: float
    longitude: float
    label: str | None = None


@dataclass(slots=True)
class Client:
    id: int
    name: str
    level: Level
    level_since: datetime
    created_at: datetime
    aliases: tuple[str, ...] = ()
    company: str | None = None
    phone: str | None = None
    tags: tuple[str, ...] = ()
    area: str | None = None
    place: Place | None = None
    birthday: Birthday | None = None
    last_contact_at: datetime | None = None
    snoozed_until: date | None = None  # "not today" / "snooze": hidden from plans until then


@dataclass(slots=True)
class Note:
    """What the salesperson wrote (verbatim) and what filing it changed.

    `changes` records every effect of filing the note so that Undo can reverse
    exactly those and nothing else (see `crm.capture`).
    """

    id: int
    client_id: int
    text: str
    at: datetime
    source: NoteSource = NoteSource.TEXT
    functions: tuple[ContactFunction, ...] = ()
    hashtags: tuple[str, ...] = ()
    changes: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Event:
    """A dated event in the client's life or business (exam, opening, anniversary)."""

    id: int
    client_id: int
    date: date
    label: str
    time: time | None = None
    yearly: bool = False
    note_id: int | None = None
    text: str = ""


@dataclass(slots=True)
class FollowUp:
    """Something the salesperson promised to do; date and time are local to them."""

    id: int
    client_id: int
    date: date
    text: str
    time: time | None = None
    note_id: int | None = None
    done_at: datetime | None = None


class ChangeReason(StrEnum):
    NOTE = "note"
    BUTTON = "button"
    COMMAND = "command"
    SUGGESTION = "suggestion"
    IMPORT = "import"
    NEW = "new"


@dataclass(slots=True)
class LevelChange:
    id: int
    client_id: int
    to_level: Level
    at: datetime
    reason: ChangeReason
    from_level: Level | None = None
    note_id: int | None = None


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


@dataclass(slots=True)
class Suggestion:
    """A proposed level move with the evidence behind it (reason keys + values)."""

    id: int
    client_id: int
    to_level: Level
    at: datetime
    reasons: tuple[str, ...] = ()
    status: SuggestionStatus = SuggestionStatus.PENDING


@dataclass(slots=True)
class Salesperson:
    """One user of Rapport and their settings (the Directory's record)."""

    user_id: int
    timezone: str
    digest_time: time
    created_at: datetime
    language: str | None = None  # chosen with /language; None follows Telegram
    telegram_language: str | None = None  # last language_code Telegram reported
    days_ahead: int = 3
    cadence: dict[Level, int] = field(default_factory=lambda: dict(DEFAULT_CADENCE_DAYS))
    quiet: bool = False  # skip the digest on days with nothing due
    active: bool = True  # False after Telegram says the user blocked the bot
    holidays: tuple[str, ...] = ()  # solar holidays they greet clients on, by key
    onboarded: bool = False


@dataclass(slots=True)
class BookContents:
    """Everything one salesperson's book holds, as one value (export, import, tests)."""

    clients: list[Client] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    level_changes: list[LevelChange] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
