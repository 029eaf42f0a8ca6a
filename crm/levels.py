"""Relationship levels: their cadence, the words that name them, and when the evidence asks for a move.

Rapport's salesperson raises relationships deliberately, through four levels
(`Level`): passer-by 过客, acquaintance 熟人, friend 朋友, confidant 知己. This
module holds the rules that are about a level itself; `crm.pyramid` looks at
the whole book, and the bot words every reason code in the user's language.

This module decides; it never reads the clock (the caller passes `now`, in
the salesperson's zone, whose calendar counts the days of silence), never stores anything, never words anything (reasons are codes with values)
and knows nothing of Telegram.

Cadence
-------
`cadence_days` is the number of days between contacts a level asks for: the
salesperson's own setting for that level, else `DEFAULT_CADENCE_DAYS`
(confidant 14, friend 30, acquaintance 60, passer-by 120). Revisit reminders,
visit plans and the rules below all read it from here.

Silence and fading
------------------
`days_silent` counts calendar days since the last contact, or since the client
was created when no contact was ever recorded, on the salesperson's calendar:
`now` carries their zone, so a visit at 21:00 is "1 day" the next morning, as
the client card and the revisit reminder count it. A relationship is
*fading* (`is_fading`) when that silence is past `FADING_FACTOR` (2) times
the level's cadence, strictly: a friend (cadence 30) silent 61 days is fading,
60 days is not. A passer-by is never fading: there is nothing left to lose.

What counts as a contact
------------------------
A note the salesperson typed or forwarded, or a "done / visited" tap
(`NoteSource.TEXT`, `FORWARD`, `CONTACT`); imported notes are history, not
contacts, and a note dated after `now` is ignored. Notes written within
`CONTACT_GAP` (12 h) of the first note of a contact belong to that contact, so
three notes written after one visit are one contact. A contact is *personal*
when any of its notes did care (客户关怀) or passed information (信息传递)
(`ContactFunction.CARE` / `INFORMATION`), as opposed to deals or service alone.

Suggestions (`suggest_move`)
----------------------------
Rapport proposes at most one move, with its reasons, from the stored evidence.

DOWN, "this relationship is fading": the client `is_fading`. The proposal is
one level down, with ``silent_days`` {days, cadence}.

UP: all of these hold for the client's current level, counted over the last
`EVIDENCE_WINDOW_DAYS` (90) days:

===============  =================  ==========  ================  ================
from             to                 contacts    personal among    personal signals
                                                them (care/info)  (of 3, below)
===============  =================  ==========  ================  ================
passer-by        acquaintance       ≥ 2         ≥ 1               ≥ 1
acquaintance     friend             ≥ 3         ≥ 2               ≥ 2
friend           confidant          ≥ 5         ≥ 3               3
===============  =================  ==========  ================  ================

The contact counts sit above each level's own cadence (a friend is seen about
3 times in 90 days; one who is seen 5 times, mostly for care, is becoming
more), and the deeper the move the more personal the evidence must be. The
personal signals, each a reason when present:

* ``birthday_known`` — the client's birthday is recorded;
* ``family_known`` — an event (label or text) or any note of the client
  mentions family (`FAMILY_WORDS`: 女儿, 儿子, 老婆, 父母, wife, kids…);
* ``shared_or_referred`` — a note says the client confided something or
  referred someone (`SHARED_OR_REFERRED_WORDS`: 转介绍, 给我介绍, 跟我说,
  referred, told me…).

Signals are facts once known, so they are read from every note and event,
whatever its date or source. The reasons of an UP proposal are
``care_contacts`` {count, of, days} (personal contacts, all contacts, the
window), then the signals present, in the order above. There is no UP while
the client is silent past the level's cadence, and none above confidant.

When Rapport stays quiet, whatever the evidence:

* within `SETTLE_DAYS` (30) of the client's last level change (`level_since`
  or the latest `LevelChange`): the salesperson has just decided;
* within `SUGGESTION_QUIET_DAYS` (30) of any suggestion for the client,
  pending, accepted or dismissed: at most one proposal per client per month;
* for `DISMISSED_QUIET_DAYS` (90) after the salesperson dismissed a move to
  the same level: a "no" is not asked again next month.

Keyword matching is deliberately simple: Chinese words match anywhere, English
words as whole words, ignoring case ("son" does not match "person").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from crm.model import (
    Reason,
    DEFAULT_CADENCE_DAYS,
    Client,
    ContactFunction,
    Event,
    Level,
    LevelChange,
    Note,
    NoteSource,
    Suggestion,
    SuggestionStatus,
)

#: Silence past this many cadences is a fading relationship.
FADING_FACTOR = 2
#: Notes that mean a contact happened (imported notes are history).
CONTACT_SOURCES = frozenset({NoteSource.TEXT, NoteSource.FORWARD, NoteSource.CONTACT})
#: What makes a contact personal rather than business only.
PERSONAL_FUNCTIONS = frozenset({ContactFunction.CARE, ContactFunction.INFORMATION})
#: Notes this close to a contact's first note are the same contact.
CONTACT_GAP = timedelta(hours=12)
#: How far back contacts count as evidence for a move up.
EVIDENCE_WINDOW_DAYS = 90
#: No proposal this soon after the level last changed: the salesperson has just decided.
SETTLE_DAYS = 30
#: At most one proposal per client in this many days, whatever came of the last one.
SUGGESTION_QUIET_DAYS = 30
#: A dismissed move is not proposed again for this long.
DISMISSED_QUIET_DAYS = 90


@dataclass(frozen=True, slots=True)
class UpRule:
    """What a move up from one level needs within the evidence window."""

    contacts: int
    personal: int
    signals: int


#: What a move up from each level needs (see the table in the module docstring).
UP_RULES: dict[Level, UpRule] = {
    Level.PASSER_BY: UpRule(contacts=2, personal=1, signals=1),
    Level.ACQUAINTANCE: UpRule(contacts=3, personal=2, signals=2),
    Level.FRIEND: UpRule(contacts=5, personal=3, signals=3),
}

#: Words that show the salesperson knows the client's family or personal life.
FAMILY_WORDS = (
    "女儿", "女兒", "儿子", "兒子", "孩子", "小孩", "宝宝", "寶寶", "孙子", "孫子", "孙女", "孫女",
    "老婆", "老公", "爱人", "愛人", "太太", "妻子", "丈夫", "夫人",
    "父母", "父亲", "父親", "母亲", "母親", "爸爸", "妈妈", "媽媽", "岳父", "岳母", "公公", "婆婆",
    "家人", "家里人", "家裡人", "结婚", "結婚", "婚礼", "婚禮", "怀孕", "懷孕",
    "wife", "husband", "spouse", "daughter", "daughters", "son", "sons", "kid", "kids", "child",
    "children", "baby", "family", "mother", "father", "mom", "mum", "dad", "parents",
    "grandson", "granddaughter", "wedding", "married",
)
#: Words that show the client confided something or referred someone.
SHARED_OR_REFERRED_WORDS = (
    "转介绍", "轉介紹", "给我介绍", "給我介紹", "帮我介绍", "幫我介紹", "介绍给我", "介紹給我",
    "介绍朋友", "介紹朋友", "介绍客户", "介紹客戶", "引荐", "引薦", "推荐给我", "推薦給我",
    "跟我说", "跟我說", "和我说", "和我說", "告诉我", "告訴我", "跟我聊", "和我聊", "跟我分享",
    "和我分享", "倾诉", "傾訴", "心事", "透露",
    "referred", "referral", "introduced me", "introduced us", "told me", "shared with me",
    "confided", "opened up",
)

#: Words that name a level, as typed after /level; matched after `_level_key`.
LEVEL_WORDS: dict[Level, tuple[str, ...]] = {
    Level.PASSER_BY: ("passer-by", "passerby", "passer", "stranger", "过客", "過客", "路人", "陌生人"),
    Level.ACQUAINTANCE: ("acquaintance", "熟人"),
    Level.FRIEND: ("friend", "朋友", "好友"),
    Level.CONFIDANT: (
        "confidant", "confidante", "close friend", "bosom friend", "best friend",
        "知己", "知心朋友", "挚友", "摯友", "密友",
    ),
}

Direction = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class Proposal:
    """A move Rapport proposes for one client, with the evidence behind it."""

    client_id: int
    from_level: Level
    to_level: Level
    direction: Direction
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class ContactCount:
    """How many contacts a client had in a window, and how many of them were personal."""

    total: int
    personal: int


def cadence_days(level: Level, cadence: Mapping[Level, int] | None = None) -> int:
    """Days between contacts `level` asks for: the salesperson's setting, else the default."""
    if cadence is not None and level in cadence:
        return cadence[level]
    return DEFAULT_CADENCE_DAYS[level]


def days_silent(client: Client, now: datetime) -> int:
    """Calendar days since the last contact (or since the client was created) in `now`'s zone; never negative.

    Calendar days, not 24-hour periods: the card's "last contact 3 days ago", the
    revisit reminder's day and the "overdue by" a plan shows must all agree.
    """
    since = client.last_contact_at or client.created_at
    return max(0, (now.date() - since.astimezone(now.tzinfo).date()).days)


def is_fading(client: Client, *, now: datetime, cadence: Mapping[Level, int] | None = None) -> bool:
    """Silent past twice the level's cadence, and above passer-by."""
    if client.level == Level.PASSER_BY:
        return False
    return days_silent(client, now) > FADING_FACTOR * cadence_days(client.level, cadence)


def parse_level(word: str) -> Level | None:
    """The level a word names (``friend``, ``朋友``, ``過客``, ``passer_by``, ``Close friend``), or None.

    Case, width, spaces and punctuation (``-``, ``_``, a full stop) do not matter,
    so what a person types after ``/level 张伟`` is read the same in any form.
    """
    return _LEVEL_BY_KEY.get(_level_key(word))


def count_contacts(
    client: Client, notes: Iterable[Note], *, now: datetime, days: int = EVIDENCE_WINDOW_DAYS
) -> ContactCount:
    """The client's contacts in the `days` before `now`, and the personal ones among them."""
    contacts = _contacts(_of_client(client, notes), since=now - timedelta(days=days), now=now)
    personal = sum(1 for functions in contacts if functions & PERSONAL_FUNCTIONS)
    return ContactCount(total=len(contacts), personal=personal)


def proposed_move(
    client: Client,
    notes: Iterable[Note],
    events: Iterable[Event],
    history: Iterable[LevelChange],
    *,
    now: datetime,
    cadence: Mapping[Level, int] | None = None,
) -> Proposal | None:
    """The move the evidence asks for, ignoring past suggestions (see the module docstring).

    `suggest_move` adds the limits on asking; the pyramid's next steps use this
    directly so a client with a suggestion still pending stays "ready".
    """
    if now - _last_level_change(client, history) < timedelta(days=SETTLE_DAYS):
        return None
    lower = client.level.below()
    if lower is not None and is_fading(client, now=now, cadence=cadence):
        silence = {"days": days_silent(client, now), "cadence": cadence_days(client.level, cadence)}
        return Proposal(client.id, client.level, lower, "down", (Reason("silent_days", silence),))
    return _move_up(client, list(_of_client(client, notes)), events, now=now, cadence=cadence)


def suggest_move(
    client: Client,
    notes: Iterable[Note],
    events: Iterable[Event],
    history: Iterable[LevelChange],
    past_suggestions: Iterable[Suggestion],
    *,
    now: datetime,
    cadence: Mapping[Level, int] | None = None,
) -> Proposal | None:
    """The move to offer the salesperson now as a button, or None.

    `notes`, `events`, `history` and `past_suggestions` may hold the whole
    book: only the client's own are read.
    """
    mine = [suggestion for suggestion in past_suggestions if suggestion.client_id == client.id]
    if any(now - suggestion.at < timedelta(days=SUGGESTION_QUIET_DAYS) for suggestion in mine):
        return None
    proposal = proposed_move(client, notes, events, history, now=now, cadence=cadence)
    if proposal is None or was_dismissed(proposal, mine, now=now):
        return None
    return proposal


def was_dismissed(proposal: Proposal, suggestions: Iterable[Suggestion], *, now: datetime) -> bool:
    """The salesperson said no to this same move within `DISMISSED_QUIET_DAYS`."""
    return any(
        suggestion.client_id == proposal.client_id
        and suggestion.to_level == proposal.to_level
        and suggestion.status == SuggestionStatus.DISMISSED
        and now - suggestion.at < timedelta(days=DISMISSED_QUIET_DAYS)
        for suggestion in suggestions
    )


def _move_up(
    client: Client, notes: list[Note], events: Iterable[Event], *, now: datetime, cadence: Mapping[Level, int] | None
) -> Proposal | None:
    higher = client.level.above()
    if higher is None or days_silent(client, now) > cadence_days(client.level, cadence):
        return None
    rule = UP_RULES[client.level]
    count = count_contacts(client, notes, now=now)
    if count.total < rule.contacts or count.personal < rule.personal:
        return None
    signals = _personal_signals(client, notes, [event for event in events if event.client_id == client.id])
    if len(signals) < rule.signals:
        return None
    care = Reason("care_contacts", {"count": count.personal, "of": count.total, "days": EVIDENCE_WINDOW_DAYS})
    return Proposal(client.id, client.level, higher, "up", (care, *signals))


def _personal_signals(client: Client, notes: list[Note], events: list[Event]) -> tuple[Reason, ...]:
    """The personal signals present, in the documented order."""
    texts = [note.text for note in notes] + [event.label for event in events] + [event.text for event in events]
    signals = []
    if client.birthday is not None:
        signals.append(Reason("birthday_known"))
    if any(_FAMILY.search(text) for text in texts):
        signals.append(Reason("family_known"))
    if any(_SHARED_OR_REFERRED.search(note.text) for note in notes):
        signals.append(Reason("shared_or_referred"))
    return tuple(signals)


def _contacts(notes: Iterable[Note], *, since: datetime, now: datetime) -> list[set[ContactFunction]]:
    """Contacts in (since, now], oldest first, each as the functions its notes did."""
    relevant = sorted(
        (note for note in notes if note.source in CONTACT_SOURCES and since < note.at <= now),
        key=lambda note: note.at,
    )
    contacts: list[set[ContactFunction]] = []
    started: datetime | None = None
    for note in relevant:
        if started is None or note.at - started >= CONTACT_GAP:
            contacts.append(set(note.functions))
            started = note.at
        else:
            contacts[-1].update(note.functions)
    return contacts


def _last_level_change(client: Client, history: Iterable[LevelChange]) -> datetime:
    changes = [change.at for change in history if change.client_id == client.id]
    return max([client.level_since, *changes])


def _of_client(client: Client, notes: Iterable[Note]) -> Iterable[Note]:
    return (note for note in notes if note.client_id == client.id)


def _keyword_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a word list: English words whole (by word boundary), Chinese words anywhere."""
    parts = [rf"\b{re.escape(word)}\b" if word.isascii() else re.escape(word) for word in words]
    return re.compile("|".join(parts), re.IGNORECASE)


def _level_key(word: str) -> str:
    """Case, width, spaces and punctuation removed: "Passer-by", "passer_by" and "ＰＡＳＳＥＲ BY" agree."""
    text = unicodedata.normalize("NFKC", word).casefold()
    return "".join(char for char in text if not (char.isspace() or unicodedata.category(char).startswith("P")))


_FAMILY = _keyword_pattern(FAMILY_WORDS)
_SHARED_OR_REFERRED = _keyword_pattern(SHARED_OR_REFERRED_WORDS)
_LEVEL_BY_KEY: dict[str, Level] = {
    **{_level_key(level.value): level for level in Level},
    **{_level_key(word): level for level, words in LEVEL_WORDS.items() for word in words},
}
