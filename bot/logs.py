"""Logging that is useful and discreet: never the token, never note text at INFO.

Telegram URLs contain the bot token, so a filter blanks the token anywhere it
might appear: an exception message, a third-party log line (PTB's own
HTTPXRequest, unused here, would log every URL at INFO).
"""

from __future__ import annotations

import logging


class RedactToken(logging.Filter):
    def __init__(self, token: str | None) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self._token:
            message = record.getMessage()
            if self._token in message:
                record.msg = message.replace(self._token, "<token>")
                record.args = None
        return True


#: Libraries that put request URLs (and so the token) into their messages.
URL_LOGGERS = ("aiohttp", "telegram", "apscheduler")


def configure(level: str, token: str | None) -> None:
    redact = RedactToken(token)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(redact)
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in URL_LOGGERS:  # on the loggers too, so any other handler (a log shipper) gets redacted text
        logging.getLogger(name).addFilter(redact)
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLevelName(level)))
