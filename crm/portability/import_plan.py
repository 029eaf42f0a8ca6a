"""What an import would do, before it does anything: the preview the salesperson confirms.

`plan_import` sorts a file's rows into new clients, rows that match a client
already in the book (same name or same phone), and rows skipped with a reason
("42 new, 3 match existing, 2 rows skipped: why"). Carrying the plan out is the
caller's job, inside one storage transaction, after the salesperson says yes.

Never merges silently: a row that could be two clients in the book is skipped
as ``ambiguous_match`` rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from crm.matching.normal_form import name_key
from crm.model import Client
from crm.portability.problems import ImportProblem
from crm.portability.rows import ImportRow, ParsedRows, SkippedRow

_NOT_DIGITS = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """Rows to add as new clients, rows that are an existing client, and rows left out."""

    new: tuple[ImportRow, ...]
    matched: tuple[tuple[ImportRow, Client], ...]
    skipped: tuple[SkippedRow, ...]

    @property
    def new_count(self) -> int:
        return len(self.new)

    @property
    def matched_count(self) -> int:
        return len(self.matched)

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)


def plan_import(rows: ParsedRows, existing: Sequence[Client]) -> ImportPlan:
    """Compare a file's rows with the book; raises ImportProblem ``nothing_to_import``.

    A row matches a client when their names have the same `crm.matching` key
    (NFKC, case, spacing, Traditional → Simplified; aliases count) or their phone
    numbers are (digits only, a +86/0086 prefix ignored). The second row for the
    same person in one file is skipped as ``duplicate_in_file``.
    """
    by_name: dict[str, list[Client]] = {}
    by_phone: dict[str, list[Client]] = {}
    for client in existing:
        for name in {name_key(name) for name in (client.name, *client.aliases)}:
            by_name.setdefault(name, []).append(client)
        if client.phone and (phone := phone_key(client.phone)):
            by_phone.setdefault(phone, []).append(client)

    new: list[ImportRow] = []
    matched: list[tuple[ImportRow, Client]] = []
    skipped: list[SkippedRow] = list(rows.skipped)
    first_line: dict[str, int] = {}
    for row in rows.rows:
        key = name_key(row.name)
        if key in first_line:
            skipped.append(SkippedRow(row.line, "duplicate_in_file", {"name": row.name, "first_line": first_line[key]}))
            continue
        first_line[key] = row.line
        candidates = {client.id: client for client in by_name.get(key, [])}
        if row.phone and (phone := phone_key(row.phone)):
            candidates.update((client.id, client) for client in by_phone.get(phone, []))
        if not candidates:
            new.append(row)
        elif len(candidates) == 1:
            matched.append((row, next(iter(candidates.values()))))
        else:
            names = sorted(client.name for client in candidates.values())
            skipped.append(SkippedRow(row.line, "ambiguous_match", {"name": row.name, "candidates": names}))
    if not new and not matched:
        raise ImportProblem("nothing_to_import", {"skipped": len(skipped)})
    skipped.sort(key=lambda row: row.line)
    return ImportPlan(new=tuple(new), matched=tuple(matched), skipped=tuple(skipped))


def phone_key(phone: str) -> str:
    """A phone number as compared: digits only, without a China country prefix."""
    digits = _NOT_DIGITS.sub("", phone)
    for prefix in ("0086", "86"):
        rest = digits.removeprefix(prefix)
        # Only a mobile number (11 digits, starting with 1) after the prefix: 86 may begin a landline.
        if rest != digits and len(rest) == 11 and rest.startswith("1"):
            return rest
    return digits

