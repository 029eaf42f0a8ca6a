"""Button payloads: short, versioned, and naming objects by id only.

Format: `v1|<action>|<arg>|<arg>…`. Telegram allows 64 bytes of callback data,
so names (3 bytes a Chinese character) never go in — only ids, which the
handler then looks up in the *presser's own* book. A forged or stale payload
can therefore only name something of the presser's, or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

VERSION = "v1"
MAX_BYTES = 64
_SEPARATOR = "|"


@dataclass(frozen=True, slots=True)
class Callback:
    action: str
    args: tuple[str, ...]

    def int_arg(self, position: int) -> int | None:
        """The argument at `position` as an id, or None when missing or not a number."""
        try:
            value = self.args[position]
        except IndexError:
            return None
        return int(value) if value.isdecimal() else None


def pack(action: str, *args: int | str) -> str:
    """Encode a button payload; raises ValueError if it would break Telegram's limit."""
    parts = [VERSION, action, *map(str, args)]
    if any(_SEPARATOR in part for part in parts):
        raise ValueError(f"callback parts may not contain {_SEPARATOR!r}")
    data = _SEPARATOR.join(parts)
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def unpack(data: str | None) -> Callback | None:
    """The payload of a pressed button, or None for anything this version did not make."""
    if not data:
        return None
    parts = data.split(_SEPARATOR)
    if len(parts) < 2 or parts[0] != VERSION or not parts[1]:
        return None
    return Callback(action=parts[1], args=tuple(parts[2:]))
