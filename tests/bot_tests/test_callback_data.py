"""Button payloads stay within Telegram's 64 bytes and unknown payloads are recognised."""

from __future__ import annotations

import pytest

from handlers.callback_data import pack, unpack


def test_a_payload_round_trips() -> None:
    callback = unpack(pack("undo", 12345))
    assert callback is not None
    assert callback.action == "undo" and callback.int_arg(0) == 12345


def test_a_payload_over_64_bytes_is_refused_before_telegram_sees_it() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        pack("tz", "张" * 20)  # 60 bytes of Chinese plus the prefix


@pytest.mark.parametrize("data", [None, "", "undo|1", "v0|undo|1", "v1|", "garbage"])
def test_payloads_this_version_did_not_make_are_ignored(data: str | None) -> None:
    assert unpack(data) is None


def test_a_non_numeric_id_reads_as_missing() -> None:
    callback = unpack("v1|card|12abc")
    assert callback is not None and callback.int_arg(0) is None and callback.int_arg(5) is None
