"""A writer killed with SIGKILL at random moments never leaves a broken or short file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from storage.book import Book

ROOT = Path(__file__).resolve().parents[2]


def _write_until_killed(path: Path, start: int, kill_after: float) -> list[int]:
    """Start a writer, let it run `kill_after` seconds past its first write, SIGKILL it.

    Returns the note numbers whose writes had returned (printed) before the kill.
    """
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_writer.py")), str(path), str(start)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        text=True,
    )
    assert child.stdout is not None
    first = child.stdout.readline()
    time.sleep(kill_after)
    child.send_signal(signal.SIGKILL)
    child.wait()
    rest = child.stdout.read()
    return [int(line) for line in (first + rest).split("\n") if line.strip()]


def test_every_acknowledged_write_survives_sigkill_at_random_moments(tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    rng = random.Random(20261122)
    acknowledged: set[int] = set()
    start = 1
    for _ in range(8):
        acknowledged.update(_write_until_killed(path, start, kill_after=rng.uniform(0.02, 0.3)))
        start = max(acknowledged) + 1_000  # a fresh range per run, so runs cannot be confused

        book = Book(path, owner_id=1)  # a half-written file would fail to load here
        with book.batch():
            stored = {int(note.text.split()[1]) for note in book.notes.all()}
        missing = acknowledged - stored
        assert not missing, f"acknowledged writes lost after SIGKILL: {sorted(missing)[:10]}"
    assert len(acknowledged) >= 200, f"only {len(acknowledged)} writes happened; the test needs hundreds"
