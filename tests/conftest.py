"""Fixtures shared by all tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.e2e import Rapport


@pytest.fixture
async def rapport(tmp_path: Path) -> AsyncIterator[Rapport]:
    """Rapport running against a fake Telegram, with a clock at Sunday 22 Nov 2026, 10:00 Shanghai."""
    harness = Rapport(tmp_path / "data")
    await harness.start()
    try:
        yield harness
        harness.assert_telegram_accepted_everything()
    finally:
        await harness.stop()
