"""Your data, safe and portable: the file formats of import and export (issue #8).

Pure code from bytes to plans and from a book to files — no Telegram, no
storage, no clock:
- `json_format`: the whole book as JSON, re-importable without loss;
- `csv_format`: clients as a spreadsheet, and reading the spreadsheets people send;
- `vcard_format`: reading contacts exported from phones;
- `ics_format`: birthdays, events and follow-ups for phone calendars;
- `import_plan`: what an import would do, for the salesperson to confirm;
- `detection`: which of these a received file is.

Every reason a file is refused is an `ImportProblem` with a code the bot translates.
"""

from crm.portability.csv_format import export_csv, read_csv
from crm.portability.detection import detect_and_read
from crm.portability.ics_format import export_ics
from crm.portability.import_plan import ImportPlan, plan_import
from crm.portability.json_format import dump_book, load_book
from crm.portability.problems import ImportProblem
from crm.portability.rows import ImportRow, ParsedRows, SkippedRow
from crm.portability.vcard_format import read_vcards

__all__ = [
    "ImportPlan",
    "ImportProblem",
    "ImportRow",
    "ParsedRows",
    "SkippedRow",
    "detect_and_read",
    "dump_book",
    "export_csv",
    "export_ics",
    "load_book",
    "plan_import",
    "read_csv",
    "read_vcards",
]
