"""Rapport's wiring: settings, the PTB application, locales and `python -m bot`."""

import os

# PTB 22 reports RetryAfter.retry_after as a timedelta only when opted in, and warns
# on every flood-control error otherwise; Rapport treats all periods as timedeltas.
os.environ.setdefault("PTB_TIMEDELTA", "true")
