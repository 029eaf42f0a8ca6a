"""What a contact file (CSV or vCard) says, row by row, before anything is imported.

Readers turn bytes into `ParsedRows`; `import_plan` compares them with the book.
A row the reader cannot use becomes a `SkippedRow` with a reason code and the
values a sentence needs, so the preview can say *why* ("row 7: birthday
'13/45' not understood") in the salesperson's language.

Nothing here touches the book: these are only readings of a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from crm.model import Birthday, Level

#: Reasons a row is skipped (values in brackets):
#: ``empty_name`` — the row has no name;
#: ``bad_birthday`` {column, value} — the birthday is not a date Rapport reads;
#: ``unknown_level`` {column, value} — not one of the four levels;
#: ``too_many_cells`` {expected, found} — more cells than headers (an unquoted comma);
#: ``unreadable_card`` — a vCard in the file is broken;
#: ``duplicate_in_file`` {name, first_line} — the same person appears earlier in the file;
#: ``ambiguous_match`` {name, candidates} — several clients in the book could be this person.
#: The bot's locale tests can check each has a sentence.
SKIP_REASONS = (
    "empty_name",
    "bad_birthday",
    "unknown_level",
    "too_many_cells",
    "unreadable_card",
    "duplicate_in_file",
    "ambiguous_match",
)


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One person as the file describes them.

    `line` is where the row starts in the file (1-based; for CSV the header is
    line 1, for vCard it is the line of ``BEGIN:VCARD``), so the salesperson can
    find it in their spreadsheet or text editor.
    """

    line: int
    name: str
    company: str | None = None
    phone: str | None = None
    birthday: Birthday | None = None
    level: Level | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None
    area: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row that will not be imported, and why (a code from `SKIP_REASONS` plus values)."""

    line: int
    reason_code: str
    values: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.reason_code not in SKIP_REASONS:
            raise ValueError(f"unknown skip reason {self.reason_code!r}")


@dataclass(frozen=True, slots=True)
class ParsedRows:
    """Everything one contact file says: usable rows, skipped rows, columns not understood."""

    kind: Literal["csv", "vcard"]
    rows: tuple[ImportRow, ...]
    skipped: tuple[SkippedRow, ...] = ()
    ignored_columns: tuple[str, ...] = ()
