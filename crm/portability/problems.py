"""The one exception of the portability package: why a file cannot be imported.

A problem carries a machine-readable `code` and the `values` a sentence needs,
so the bot can say it in the salesperson's language ("row 3: birthday '13/45'
not understood"). Raising one means *nothing* from that file is imported.

Codes:
- ``empty_file`` — the file has no content.
- ``encoding`` — not UTF-8 or GB18030/GBK text (or binary data).
- ``not_csv`` ``{"line"}`` — the CSV's quoting is broken at that line.
- ``no_name_column`` ``{"headers"}`` — no column looks like a name.
- ``not_vcard`` — no readable vCard in the file.
- ``not_json`` ``{"line", "column"}`` — not JSON at all.
- ``wrong_schema`` ``{"format", "version"}`` — JSON, but not a Rapport book.
- ``newer_version`` ``{"version"}`` — a Rapport book from a newer Rapport.
- ``bad_field`` ``{"path", "expected"}`` — e.g. ``clients[3].level`` is not a level.
- ``duplicate_id`` ``{"path", "id"}`` — two records of one kind share an id.
- ``unknown_client`` ``{"path", "client_id"}`` — a record points at no client in the file.
- ``nothing_to_import`` ``{"skipped"}`` — every row was skipped.
- ``unknown_format`` ``{"filename", "extension"}`` — neither CSV, vCard nor a Rapport book.

Never carries user-facing sentences: wording belongs to the bot's locales.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Every code above, so the bot's locale tests can check each has a sentence.
PROBLEM_CODES = (
    "empty_file",
    "encoding",
    "not_csv",
    "no_name_column",
    "not_vcard",
    "not_json",
    "wrong_schema",
    "newer_version",
    "bad_field",
    "duplicate_id",
    "unknown_client",
    "nothing_to_import",
    "unknown_format",
)


class ImportProblem(Exception):
    """A file that cannot be imported at all, with the reason as a code and its values."""

    def __init__(self, code: str, values: Mapping[str, object] | None = None) -> None:
        if code not in PROBLEM_CODES:
            raise ValueError(f"unknown import problem code {code!r}")
        self.code = code
        self.values: dict[str, object] = dict(values or {})
        detail = ", ".join(f"{key}={value!r}" for key, value in self.values.items())
        super().__init__(f"{code}: {detail}" if detail else code)
