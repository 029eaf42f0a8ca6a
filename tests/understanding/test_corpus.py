"""Every note of the corpus is understood the way a careful colleague would write it down."""

from __future__ import annotations

import pytest

from crm.understanding import read
from tests.understanding.corpus import Case, load_cases

CASES = load_cases()


def test_the_corpus_is_large_and_names_each_case_once() -> None:
    assert len(CASES) >= 150
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_note_is_read_as_expected(case: Case) -> None:
    reading = read(case.text, now=case.now, tz=case.tz, known_names=case.known_names)
    got = {"client": reading.client, "level": reading.level, "facts": [dict(fact) for fact in reading.facts]}
    assert got == case.expected
