"""`python -m crm.understanding`: read notes from the command line and print what was understood, as JSON.

One note:   python -m crm.understanding --now 2026-11-22T10:00 --tz Asia/Shanghai "下周二回访张伟"
Many notes: python -m crm.understanding --jsonl < notes.jsonl
            (one {"text": ..., "now": ..., "tz": ..., "known_names": [...]} per line; one result per
            line, in order; a bad line gives {"error": "..."} and the batch goes on)

A `now` without an offset is taken in the given timezone. This is an entry point,
so unlike the library it may read the clock: a single note without --now is read
as written at the current moment.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crm.understanding.reading import read


class InputError(ValueError):
    """A note that cannot be read as given (bad time, unknown timezone, missing text)."""


def main(argv: Sequence[str] | None = None, stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crm.understanding",
        description="Print what Rapport understands from a note (client, level, dated facts…) as JSON.",
    )
    parser.add_argument("text", nargs="?", help="the note; omit with --jsonl")
    parser.add_argument("--now", help="when the note was written, ISO 8601 (default: now); without an offset it is in --tz")
    parser.add_argument("--tz", help="the salesperson's timezone, e.g. Asia/Shanghai (required for one note)")
    parser.add_argument("--known", action="append", default=[], metavar="NAME", help="a client name already in the book (repeatable)")
    parser.add_argument("--jsonl", action="store_true", help="read one JSON object per line from stdin, write one result per line")
    args = parser.parse_args(argv)
    source = stdin if stdin is not None else sys.stdin
    sink = stdout if stdout is not None else sys.stdout
    if args.jsonl:
        if args.text is not None:
            parser.error("give notes on stdin with --jsonl, not as an argument")
        _batch(source, sink, default_now=args.now, default_tz=args.tz)
        return 0
    if args.text is None or args.tz is None:
        parser.error("give a note and --tz (or use --jsonl)")
    try:
        result = _read_one({"text": args.text, "now": args.now, "tz": args.tz, "known_names": args.known}, None, None)
    except InputError as error:
        parser.error(str(error))
    _write(sink, result)
    return 0


def _batch(source: Iterable[str], sink: IO[str], *, default_now: str | None, default_tz: str | None) -> None:
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InputError("each line must be a JSON object")
            result = _read_one(record, default_now, default_tz)
        except (json.JSONDecodeError, InputError) as error:
            result = {"error": f"line {number}: {error}"}
        _write(sink, result)
        sink.flush()


def _read_one(record: dict[str, Any], default_now: str | None, default_tz: str | None) -> dict[str, Any]:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError('"text" must be a string')
    zone = _zone(record.get("tz") or default_tz)
    now = _moment(record.get("now") or default_now, zone)
    known = record.get("known_names") or []
    if not isinstance(known, list) or not all(isinstance(name, str) for name in known):
        raise InputError('"known_names" must be a list of strings')
    return read(text, now=now, tz=zone, known_names=known).to_json()


def _zone(name: Any) -> ZoneInfo:
    if not isinstance(name, str) or not name:
        raise InputError('a timezone is needed ("tz" or --tz), e.g. "Asia/Shanghai"')
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InputError(f"unknown timezone {name!r}") from error


def _moment(value: Any, zone: ZoneInfo) -> datetime:
    if value is None:
        return datetime.now(zone)
    if not isinstance(value, str):
        raise InputError('"now" must be an ISO 8601 string')
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise InputError(f"cannot read the time {value!r}; use ISO 8601 like 2026-11-22T10:00") from error
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _write(sink: IO[str], result: dict[str, Any]) -> None:
    sink.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
