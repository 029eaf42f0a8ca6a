"""`python -m bot`: its help, and the terminal chat a newcomer can try without Telegram."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_bot(*arguments: str, stdin: str = "", cwd: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "TELEGRAM_BOT_TOKEN"}
    env.update({"PYTHONPATH": str(ROOT), "LANG": "C.UTF-8", **environment})
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments], input=stdin, cwd=cwd, env=env, capture_output=True, text=True, timeout=90
    )


def test_help_explains_both_ways_to_run(tmp_path: Path) -> None:
    result = run_bot("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "TELEGRAM_BOT_TOKEN" in result.stdout and "terminal" in result.stdout and "[1]" in result.stdout


def test_the_terminal_chat_runs_the_bot_and_presses_buttons_by_number(tmp_path: Path) -> None:
    # Buttons are numbered in order of appearance: 8 time zones, 6 digest times (the same message,
    # edited), then Undo / Not this client / Card under the note's reply.
    conversation = "1\n11\nMet John at Acme, call him Friday 3pm\n17\n2\n/quit\n"
    result = run_bot(stdin=conversation, cwd=tmp_path, DATA_DIR=str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    shown = result.stdout
    assert "Rapport › 👋 Hi" in shown and "[1] ⭐ Beijing · Shanghai" in shown  # numbered buttons
    assert "Your digest arrives every day at 08:30" in shown  # pressed [1] then [11]
    assert "🆕 John" in shown and "[17] 👤 Card" in shown
    assert "👤 John · Acme" in shown  # [17] opened the card
    assert "That button is no longer there." in shown  # [2] was on a message that has since changed
    assert "Bye — your notes are saved." in shown
    assert (tmp_path / "data" / "books").exists()
