"""The understanding corpus: realistic notes, each with the reading a careful colleague would write down.

Cases live in `corpus.jsonl` (one JSON object a line: id, text, now, tz, optional
known_names, expected {client, level, facts}). Facts are compared whole, including
their "text" (the clause they came from, as typed), in the order written.
Shared by the pytest suite and `benchmarks/understanding.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).with_name("corpus.jsonl")


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    text: str
    now: datetime
    tz: str
    known_names: tuple[str, ...]
    expected: dict[str, Any]


def load_cases(path: Path = CORPUS) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        cases.append(
            Case(
                id=record["id"],
                text=record["text"],
                now=datetime.fromisoformat(record["now"]),
                tz=record["tz"],
                known_names=tuple(record.get("known_names", ())),
                expected=record["expected"],
            )
        )
    return cases
