"""Builders for portability tests: a client, a book, a fixed clock."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from crm.model import Client, Level

NOW = datetime(2026, 3, 1, 2, 30, tzinfo=timezone.utc)
TODAY = date(2026, 3, 1)
SHANGHAI = "Asia/Shanghai"
FIXTURES = Path(__file__).parent / "fixtures"


def a_client(name: str = "张伟", *, id: int = 1, level: Level = Level.FRIEND, **fields: object) -> Client:
    return Client(id=id, name=name, level=level, level_since=NOW, created_at=NOW, **fields)  # type: ignore[arg-type]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
