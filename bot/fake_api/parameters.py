"""One request's parameters, however they came: query string, JSON, form or multipart.

Telegram accepts all four, and so must the fake: PTB sends form fields (objects
JSON-encoded inside them) and switches to multipart when a file goes along.
Accessors convert the way the Bot API does ("42" is an Integer, "true" a
Boolean, a JSON string an object) and raise Telegram's error when they cannot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.fake_api.api_errors import FIELD_MUST_BE, bad_request

_SUMMARY_LENGTH = 80


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent in a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    content: bytes


class Parameters:
    """Typed access to a request's parameters; missing values read as None."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload] | None = None) -> None:
        self._values = values
        self._uploads = uploads or {}

    @classmethod
    async def of(cls, request: web.Request) -> Parameters:
        values: dict[str, Any] = dict(request.query)
        uploads: dict[str, Upload] = {}
        if request.content_type == "application/json" and request.can_read_body:
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("Bad Request: can't parse JSON") from None
            if not isinstance(body, dict):
                raise bad_request("Bad Request: JSON object expected")
            values.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for name, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    uploads[name] = Upload(name, value.filename, value.content_type, value.file.read())
                else:
                    values[name] = value
        return cls(values, uploads)

    def has(self, name: str) -> bool:
        return self._values.get(name) not in (None, "") or name in self._uploads

    def text(self, name: str) -> str | None:
        value = self._values.get(name)
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value) if isinstance(value, (dict, list, bool)) else str(value)

    def integer(self, name: str) -> int | None:
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(FIELD_MUST_BE.format(field=name, kind="Integer"))
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(FIELD_MUST_BE.format(field=name, kind="Integer")) from None

    def number(self, name: str) -> float | None:
        value = self._values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(FIELD_MUST_BE.format(field=name, kind="Float")) from None

    def flag(self, name: str) -> bool:
        value = self._values.get(name)
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, str) and value.lower() in ("true", "1", "false", "0", ""):
            return value.lower() in ("true", "1")
        raise bad_request(FIELD_MUST_BE.format(field=name, kind="Boolean"))

    def json(self, name: str) -> Any:
        """An object or array parameter; in forms it arrives JSON-encoded."""
        value = self._values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"Bad Request: can't parse {name} JSON object") from None

    def upload(self, name: str) -> Upload | None:
        """The file sent as `name`, directly or through an "attach://<part>" reference."""
        value = self._values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            return self._uploads.get(value.removeprefix("attach://"))
        return self._uploads.get(name)

    def summary(self) -> dict[str, str]:
        """Short, printable parameters for failure messages and the rejection log."""
        summary = {}
        for name in self._values:
            text = self.text(name) or ""
            summary[name] = text if len(text) <= _SUMMARY_LENGTH else text[: _SUMMARY_LENGTH - 1] + "…"
        for name, upload in self._uploads.items():
            summary[name] = f"<{upload.filename or 'file'}: {len(upload.content)} bytes>"
        return summary
