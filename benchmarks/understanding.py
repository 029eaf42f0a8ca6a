"""How well and how fast notes are understood: Rapport's reader against plain `dateparser.search_dates`.

Run from the repository root: ``.venv/bin/python -m benchmarks.understanding``
(or ``-m benchmarks.understanding``). Uses the corpus of tests/understanding/corpus.jsonl.

Accuracy (targets from issue #3: ≥ 97 % of cases fully right):
- *cases fully right*: client, level and every fact (with its text) exactly as expected;
- *facts*: precision and recall of facts compared on their meaning (type, date or
  month/day/year/calendar, time, label), not on the quoted text;
- *dates* (the only figure both readers can be compared on): a dated fact counts as
  found when the reader returns its day — for a birthday, any date with its month
  and day. dateparser runs with RELATIVE_BASE at the note's local moment and
  PREFER_DATES_FROM="future"; "cases right" for it means it returned exactly the
  expected days and nothing else.

Throughput (target ≥ 500 notes/s on one core): `read` over the whole corpus,
repeated for about two seconds after a warm-up pass, in this single process.
"""

from __future__ import annotations

import statistics
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from dateparser.search import search_dates

from crm.understanding import read
from tests.understanding.corpus import Case, load_cases

MEASURE_SECONDS = 2.0


def meaning(fact: dict[str, Any]) -> tuple[Any, ...]:
    """A fact without its quoted text: what it means."""
    if fact["type"] == "birthday":
        return ("birthday", fact["month"], fact["day"], fact["year"], fact["calendar"], fact.get("leap", False))
    return (fact["type"], fact["date"], fact["time"], fact.get("label"))


def day_key(fact: dict[str, Any]) -> tuple[int, int] | date:
    """The day a fact names, as dateparser could find it (birthdays by month and day)."""
    if fact["type"] == "birthday":
        return (fact["month"], fact["day"])
    return date.fromisoformat(fact["date"])


def matched(expected: Iterable[Any], got: Iterable[Any]) -> int:
    """How many of `got` pair up with an `expected` one (each used once)."""
    left = Counter(expected)
    count = 0
    for item in got:
        if left[item] > 0:
            left[item] -= 1
            count += 1
    return count


class Tally:
    def __init__(self) -> None:
        self.cases = self.right = self.expected = self.returned = self.hits = 0

    def add(self, right: bool, expected: int, returned: int, hits: int) -> None:
        self.cases += 1
        self.right += right
        self.expected += expected
        self.returned += returned
        self.hits += hits

    def row(self, name: str) -> str:
        precision = self.hits / self.returned if self.returned else 1.0
        recall = self.hits / self.expected if self.expected else 1.0
        return f"{name:<34}{self.right / self.cases:>9.1%}{precision:>12.1%}{recall:>10.1%}   ({self.right}/{self.cases} cases)"


def rapport_tallies(cases: list[Case]) -> tuple[Tally, Tally, Tally, list[str]]:
    full, facts, days = Tally(), Tally(), Tally()
    wrong: list[str] = []
    for case in cases:
        reading = read(case.text, now=case.now, tz=case.tz, known_names=case.known_names)
        got = [dict(fact) for fact in reading.facts]
        want = case.expected["facts"]
        is_right = {"client": reading.client, "level": reading.level, "facts": got} == case.expected
        if not is_right:
            wrong.append(case.id)
        meaning_hits = matched(map(meaning, want), map(meaning, got))
        full.add(is_right, len(want), len(got), meaning_hits)
        facts.add(sorted(map(str, map(meaning, want))) == sorted(map(str, map(meaning, got))), len(want), len(got), meaning_hits)
        want_days, got_days = [day_key(f) for f in want], [day_key(f) for f in got]
        day_hits = matched(want_days, got_days)
        days.add(sorted(map(str, want_days)) == sorted(map(str, got_days)), len(want_days), len(got_days), day_hits)
    return full, facts, days, wrong


def dateparser_days(case: Case) -> list[date]:
    local = case.now.astimezone(ZoneInfo(case.tz)).replace(tzinfo=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(case.text, settings={"RELATIVE_BASE": local, "PREFER_DATES_FROM": "future"}) or []
    return [moment.date() for _, moment in found]


def dateparser_tally(cases: list[Case]) -> Tally:
    tally = Tally()
    for case in cases:
        want = case.expected["facts"]
        found = dateparser_days(case)
        remaining = list(found)
        hits = 0
        for fact in want:
            key = day_key(fact)
            for index, day in enumerate(remaining):
                if (isinstance(key, tuple) and (day.month, day.day) == key) or day == key:
                    del remaining[index]
                    hits += 1
                    break
        tally.add(hits == len(want) and not remaining, len(want), len(found), hits)
    return tally


def throughput(cases: list[Case], reader: Callable[[Case], object], seconds: float) -> tuple[float, list[float]]:
    for case in cases:  # warm-up: caches, compiled patterns, OpenCC dictionaries
        reader(case)
    notes = 0
    latencies: list[float] = []
    started = time.perf_counter()
    while True:  # at least one whole pass, then until `seconds` have gone by
        for case in cases:
            begin = time.perf_counter()
            reader(case)
            latencies.append(time.perf_counter() - begin)
            notes += 1
        if time.perf_counter() - started >= seconds:
            return notes / (time.perf_counter() - started), latencies


def main() -> None:
    cases = load_cases()
    languages = Counter("en" if case.text.isascii() else "zh" for case in cases)
    print(f"Corpus: {len(cases)} notes ({languages['zh']} Chinese, {languages['en']} English), {sum(len(c.expected['facts']) for c in cases)} facts\n")
    full, facts, days, wrong = rapport_tallies(cases)
    baseline = dateparser_tally(cases)
    print(f"{'':<34}{'cases':>9}{'precision':>12}{'recall':>10}")
    print(full.row("Rapport: fully right / facts"))
    print(facts.row("Rapport: facts (meaning only)"))
    print(days.row("Rapport: dates only"))
    print(baseline.row("dateparser.search_dates: dates"))
    if wrong:
        print("\nNot fully right:", ", ".join(wrong))
    rate, latencies = throughput(cases, lambda case: read(case.text, now=case.now, tz=case.tz, known_names=case.known_names), MEASURE_SECONDS)
    latencies.sort()
    print(
        f"\nRapport throughput: {rate:,.0f} notes/s on one core "
        f"(p50 {statistics.median(latencies) * 1e3:.2f} ms, p99 {latencies[int(len(latencies) * 0.99)] * 1e3:.2f} ms per note)"
    )
    base_rate, _ = throughput(cases, dateparser_days, 0.0)
    print(f"dateparser.search_dates throughput: {base_rate:,.0f} notes/s (one pass after warm-up)")


if __name__ == "__main__":
    main()
