"""Salespeople as Rapport knows them: enrolment and their settings.

Works on a `storage.Directory` handed in by the caller; never opens files itself.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from crm.model import Salesperson

if TYPE_CHECKING:
    from storage import Directory

DEFAULT_DIGEST_TIME = time(8, 30)


def enroll(
    directory: Directory,
    user_id: int,
    *,
    telegram_language: str | None,
    default_timezone: str,
    now: datetime,
) -> Salesperson:
    """The salesperson's record, created on first contact; a returning user is re-activated."""
    person = directory.get(user_id)
    if person is None:
        person = Salesperson(
            user_id=user_id,
            timezone=default_timezone,
            digest_time=DEFAULT_DIGEST_TIME,
            created_at=now,
            telegram_language=telegram_language,
        )
        directory.save(person)
        return person
    if not person.active or person.telegram_language != telegram_language:
        person.active = True
        person.telegram_language = telegram_language or person.telegram_language
        directory.save(person)
    return person


def reactivate(directory: Directory, user_id: int) -> bool:
    """Resume pushes for someone who blocked the bot and has now written again."""
    person = directory.get(user_id)
    if person is None or person.active:
        return False
    person.active = True
    directory.save(person)
    return True


def update(directory: Directory, user_id: int, **changes: object) -> Salesperson | None:
    """Change settings fields of an enrolled salesperson; None if they never started."""
    person = directory.get(user_id)
    if person is None:
        return None
    for name, value in changes.items():
        if not hasattr(person, name) or name == "user_id":
            raise AttributeError(f"Salesperson has no setting {name!r}")
        setattr(person, name, value)
    directory.save(person)
    return person
