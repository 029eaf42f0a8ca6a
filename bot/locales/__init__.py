"""Every user-facing sentence, in English, Simplified and Traditional Chinese.

Catalogs are TOML files, one per area and language: `bot/locales/<lang>/<area>.toml`.
A key's full name is `<area>.<key>` (nested tables add dots), e.g. `start.greeting`.
Strings are Telegram HTML; placeholders are named (`{client}`), never positional.

`t()` is the only place where values meet a template, and it HTML-escapes every
value unless it is marked `Html` (already-rendered, trusted markup). That makes
escaping user text the default rather than something to remember.
"""

from __future__ import annotations

import html
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
_HERE = Path(__file__).parent
_TRADITIONAL_REGIONS = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


class Html(str):
    """Text that is already valid Telegram HTML and must not be escaped again."""


def language_for(telegram_code: str | None, fallback: str = "en") -> str:
    """Rapport's language for Telegram's `language_code` (zh-TW/HK → Traditional, other zh → Simplified)."""
    code = (telegram_code or "").strip().lower().replace("_", "-")
    if not code:
        return fallback
    if code.startswith("zh"):
        return "zh-Hant" if code.startswith(_TRADITIONAL_REGIONS) else "zh-Hans"
    return "en"


@cache
def catalog(language: str) -> Mapping[str, str]:
    """All strings of one language, keyed by full name."""
    if language not in LANGUAGES:
        raise KeyError(f"unknown language {language!r}")
    strings: dict[str, str] = {}
    for path in sorted((_HERE / language).glob("*.toml")):
        with path.open("rb") as handle:
            _flatten(path.stem, tomllib.load(handle), strings)
    return strings


def _flatten(prefix: str, table: Mapping[str, Any], into: dict[str, str]) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if isinstance(value, Mapping):
            _flatten(name, value, into)
        else:
            into[name] = str(value)


def escape(value: object) -> Html:
    """Telegram-HTML-safe text for any value (`Html` passes through unchanged)."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=True))


def t(language: str, key: str, /, **values: object) -> Html:
    """The sentence `key` in `language`, with every value escaped for Telegram HTML."""
    template = catalog(language)[key]
    return Html(template.format_map({name: escape(value) for name, value in values.items()}))


def tn(language: str, key: str, count: int, /, **values: object) -> Html:
    """Like `t`, choosing `<key>.one` or `<key>.other` by `count` (passed as `{count}`)."""
    form = "one" if count == 1 else "other"
    return t(language, f"{key}.{form}", count=count, **values)
