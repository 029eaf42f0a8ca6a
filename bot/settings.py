"""Settings from the environment and `.env`, checked once at start-up.

A wrong value stops Rapport with one line that names the setting and says what
would be right, instead of a traceback later. Environment variables win over
`.env`, so a deployment can override the file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from bot.locales import LANGUAGES
from storage.store import BOOK_CACHE_BYTES

TELEGRAM_API = "https://api.telegram.org"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(Exception):
    """A setting has a value Rapport cannot use; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None
    api_base_url: str
    data_dir: Path
    default_timezone: str
    default_language: str
    allowed_user_ids: frozenset[int] | None
    log_level: str
    #: Sending calls per second the bot allows itself; 0 = no pacing (a local Bot API server).
    sends_per_second: float = 28.0
    #: Memory for books kept open between messages, in MB (`storage.store.BOOK_CACHE_BYTES`).
    book_cache_mb: int = BOOK_CACHE_BYTES // 2**20
    #: Processes sharing the salespeople, one CPU core each (`bot/workers.py`); 1 = just this one.
    workers: int = 1

    @property
    def bot_api_url(self) -> str:
        """What PTB's `base_url` wants: the token is appended to it."""
        return f"{self.api_base_url}/bot"

    @property
    def bot_file_url(self) -> str:
        return f"{self.api_base_url}/file/bot"

    def __repr__(self) -> str:  # never show the token in logs or tracebacks
        token = "set" if self.token else "not set"
        return f"Settings(token={token}, api_base_url={self.api_base_url!r}, data_dir={self.data_dir!s})"


def load_settings(environ: Mapping[str, str], env_file: Path | None = Path(".env")) -> Settings:
    """Read and check every setting; raises SettingsError naming the first bad one."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({key: value for key, value in dotenv_values(env_file).items() if value is not None})
    values.update(environ)

    def get(name: str, default: str = "") -> str:
        return values.get(name, default).strip() or default

    return Settings(
        token=get("TELEGRAM_BOT_TOKEN") or None,
        api_base_url=_api_url(get("TELEGRAM_API_BASE_URL", TELEGRAM_API)),
        data_dir=Path(get("DATA_DIR", "./data")),
        default_timezone=_timezone(get("DEFAULT_TIMEZONE", "Asia/Shanghai")),
        default_language=_language(get("DEFAULT_LANGUAGE", "en")),
        allowed_user_ids=_user_ids(get("ALLOWED_USER_IDS")),
        log_level=_log_level(get("LOG_LEVEL", "INFO")),
        sends_per_second=_sends_per_second(get("TELEGRAM_SENDS_PER_SECOND", "28")),
        book_cache_mb=_megabytes(get("BOOK_CACHE_MB", str(BOOK_CACHE_BYTES // 2**20))),
        workers=_workers(get("WORKERS", "1")),
    )


def _api_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise SettingsError(f"TELEGRAM_API_BASE_URL must start with http:// or https:// (got {value!r})")
    return value.rstrip("/")


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"DEFAULT_TIMEZONE {value!r} is not a known time zone (e.g. Asia/Shanghai)") from None
    return value


def _language(value: str) -> str:
    for language in LANGUAGES:
        if value.lower() == language.lower():
            return language
    raise SettingsError(f"DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)} (got {value!r})")


def _user_ids(value: str) -> frozenset[int] | None:
    if not value:
        return None
    ids = set()
    for part in value.replace(" ", ",").split(","):
        if not part:
            continue
        if not part.lstrip("-").isdecimal():
            raise SettingsError(f"ALLOWED_USER_IDS must be numeric Telegram user ids separated by commas (got {part!r})")
        ids.add(int(part))
    return frozenset(ids)


def _log_level(value: str) -> str:
    if value.upper() not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)} (got {value!r})")
    return value.upper()


def _sends_per_second(value: str) -> float:
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if not 0 <= rate < float("inf"):
        raise SettingsError(f"TELEGRAM_SENDS_PER_SECOND must be a number of messages per second, 0 for no limit (got {value!r})")
    return rate


def _megabytes(value: str) -> int:
    if not value.isdecimal() or not value.isascii():
        raise SettingsError(f"BOOK_CACHE_MB must be a whole number of megabytes, 0 to keep no book open (got {value!r})")
    return int(value)


#: More workers than this gains nothing on any machine Rapport runs on, and each costs ~25 MB.
MAX_WORKERS = 32


def _workers(value: str) -> int:
    if not (value.isdecimal() and value.isascii() and 1 <= int(value) <= MAX_WORKERS):
        raise SettingsError(f"WORKERS must be a whole number of processes from 1 to {MAX_WORKERS} (got {value!r})")
    if int(value) > 1 and not hasattr(os, "fork"):
        raise SettingsError("WORKERS above 1 needs an operating system that can fork processes (Linux)")
    return int(value)
