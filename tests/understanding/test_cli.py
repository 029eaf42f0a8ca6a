"""`python -m crm.understanding` as a salesperson's tooling would call it: one note, or a JSON Lines batch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crm.understanding", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_one_note_prints_its_reading_as_json() -> None:
    result = run("--now", "2026-11-22T10:00", "--tz", "Asia/Shanghai", "下周二回访张伟")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "client": "张伟",
        "level": None,
        "facts": [{"type": "followup", "date": "2026-11-24", "time": None, "text": "下周二回访张伟"}],
        "company": None,
        "functions": [],
        "hashtags": [],
    }


def test_batch_answers_every_line_in_order_and_survives_a_bad_line() -> None:
    lines = [
        json.dumps({"text": "张伟生日3月5号", "now": "2026-11-22T10:00", "tz": "Asia/Shanghai"}, ensure_ascii=False),
        "{this is not json",
        json.dumps({"text": "明天下午三点给他打电话", "now": "2026-11-22T10:00:00+08:00", "tz": "Asia/Shanghai"}, ensure_ascii=False),
        json.dumps({"text": "no timezone", "now": "2026-11-22T10:00"}),
        json.dumps({"text": "Call Sarah next Friday", "now": "2026-06-10T16:00-04:00", "tz": "America/New_York"}),
    ]
    result = run("--jsonl", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 5
    assert answers[0]["facts"][0]["type"] == "birthday"
    assert "error" in answers[1] and "line 2" in answers[1]["error"]
    assert answers[2]["facts"][0] == {"type": "followup", "date": "2026-11-23", "time": "15:00", "text": "明天下午三点给他打电话"}
    assert "timezone" in answers[3]["error"]
    assert answers[4]["client"] == "Sarah" and answers[4]["facts"][0]["date"] == "2026-06-19"


def test_known_names_are_passed_per_line() -> None:
    line = json.dumps({"text": "大刘说下周三签约", "now": "2026-11-22T10:00", "tz": "Asia/Shanghai", "known_names": ["大刘"]}, ensure_ascii=False)
    result = run("--jsonl", stdin=line + "\n")
    assert json.loads(result.stdout)["client"] == "大刘"


def test_help_explains_the_options() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "--jsonl" in result.stdout and "--tz" in result.stdout


def test_one_note_without_a_timezone_is_refused() -> None:
    result = run("下周二回访张伟")
    assert result.returncode == 2
    assert "--tz" in result.stderr


def test_unreadable_time_is_refused_with_a_hint() -> None:
    result = run("--now", "next tuesday", "--tz", "Asia/Shanghai", "下周二回访张伟")
    assert result.returncode == 2
    assert "ISO 8601" in result.stderr
