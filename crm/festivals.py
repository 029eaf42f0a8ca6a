"""The festivals a salesperson greets clients on, as dated occurrences in a range of days.

Lunar festivals are always included: they are when Chinese clients expect a greeting. Solar
holidays are included only when the salesperson chose them (`Salesperson.holidays` holds
their keys), so the settings screen lists `SOLAR_HOLIDAYS` to choose from.

Keys only: the words for a festival belong to the locales, never here. Pure: no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain
from types import MappingProxyType

from crm.calendars import from_lunar, to_lunar

#: Lunar (month, day) of each lunar festival; always in the ordinary month, never a leap one.
LUNAR_FESTIVALS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {
        "spring_festival": (1, 1),  # 春节
        "lantern": (1, 15),  # 元宵
        "dragon_boat": (5, 5),  # 端午
        "mid_autumn": (8, 15),  # 中秋
        "double_ninth": (9, 9),  # 重阳
    }
)

#: Solar (month, day) of each holiday a salesperson may choose to greet clients on.
SOLAR_HOLIDAYS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {
        "new_year": (1, 1),
        "valentines": (2, 14),
        "womens_day": (3, 8),
        "labour_day": (5, 1),
        "childrens_day": (6, 1),
        "teachers_day": (9, 10),
        "national_day": (10, 1),
        "christmas": (12, 25),
    }
)


@dataclass(frozen=True, slots=True)
class Festival:
    """One festival on one solar day; `lunar` tells lunar festivals from solar holidays."""

    key: str
    date: date
    lunar: bool


def festivals_between(start: date, end: date, *, solar_holidays: Iterable[str] = ()) -> list[Festival]:
    """Every lunar festival and chosen solar holiday from `start` to `end`, both included, by date.

    An unknown holiday key raises ValueError rather than being skipped: a misspelt key would
    otherwise silently cost the salesperson their greetings. Lunar festivals can only be dated
    from 1900-01-31 to 2100-02-08 (lunardate's range); a range outside it raises ValueError.
    """
    chosen = set(solar_holidays)
    if unknown := chosen - SOLAR_HOLIDAYS.keys():
        raise ValueError(
            f"unknown solar holiday {', '.join(sorted(unknown))}; the choices are {', '.join(SOLAR_HOLIDAYS)}"
        )
    if end < start:
        return []
    candidates = chain(_lunar_festivals(to_lunar(start).year, to_lunar(end).year), _solar_holidays(chosen, start, end))
    return sorted(
        (festival for festival in candidates if start <= festival.date <= end),
        key=lambda festival: (festival.date, festival.key),
    )


def _lunar_festivals(first_year: int, last_year: int) -> Iterator[Festival]:
    """Each lunar festival of lunar years `first_year` to `last_year`."""
    for year in range(first_year, last_year + 1):
        for key, (month, day) in LUNAR_FESTIVALS.items():
            yield Festival(key, from_lunar(year, month, day), lunar=True)


def _solar_holidays(keys: Iterable[str], start: date, end: date) -> Iterator[Festival]:
    """Each holiday in `keys` in every solar year that `start` to `end` touches."""
    for year in range(start.year, end.year + 1):
        for key in keys:
            yield Festival(key, date(year, *SOLAR_HOLIDAYS[key]), lunar=False)
