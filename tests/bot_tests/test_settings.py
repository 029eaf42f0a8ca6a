"""Start-up settings: sensible defaults, `.env` support, and one clear line for a bad value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_need_nothing_but_an_empty_environment() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.token is None
    assert settings.api_base_url == "https://api.telegram.org"
    assert settings.data_dir == Path("./data")
    assert settings.default_timezone == "Asia/Shanghai"
    assert settings.default_language == "en"
    assert settings.allowed_user_ids is None
    assert settings.sends_per_second == 28
    assert settings.book_cache_mb == 128
    assert settings.workers == 1


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TELEGRAM_BOT_TOKEN=123:abc\nDEFAULT_TIMEZONE=Asia/Taipei\nALLOWED_USER_IDS=1, 2,3\n")
    settings = load_settings({"DEFAULT_TIMEZONE": "Europe/London"}, env_file=env_file)
    assert settings.token == "123:abc"
    assert settings.default_timezone == "Europe/London"
    assert settings.allowed_user_ids == frozenset({1, 2, 3})


def test_a_local_bot_api_server_can_replace_telegram() -> None:
    settings = load_settings({"TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/"}, env_file=None)
    assert settings.bot_api_url == "http://127.0.0.1:8081/bot"
    assert settings.bot_file_url == "http://127.0.0.1:8081/file/bot"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEFAULT_TIMEZONE", "Mars/Olympus"),
        ("ALLOWED_USER_IDS", "12,abc"),
        ("ALLOWED_USER_IDS", "12,²"),
        ("DEFAULT_LANGUAGE", "fr"),
        ("LOG_LEVEL", "LOUD"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org"),
        ("TELEGRAM_SENDS_PER_SECOND", "fast"),
        ("TELEGRAM_SENDS_PER_SECOND", "-5"),
        ("TELEGRAM_SENDS_PER_SECOND", "nan"),
        ("BOOK_CACHE_MB", "lots"),
        ("BOOK_CACHE_MB", "-1"),
        ("BOOK_CACHE_MB", "1.5"),
        ("BOOK_CACHE_MB", "１２８"),
        ("WORKERS", "0"),
        ("WORKERS", "two"),
        ("WORKERS", "33"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_setting(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings({name: value}, env_file=None)


def test_workers_share_the_salespeople_among_processes() -> None:
    assert load_settings({"WORKERS": " 4 "}, env_file=None).workers == 4


def test_the_token_never_shows_in_the_settings_repr() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "123456:SECRET-TOKEN"}, env_file=None)
    assert "SECRET" not in repr(settings)


def test_python_m_bot_stops_with_one_line_for_a_bad_setting(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "DEFAULT_TIMEZONE": "Mars/Olympus"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "DEFAULT_TIMEZONE" in lines[0], result.stderr
