"""`python -m bot`: run Rapport.

With TELEGRAM_BOT_TOKEN set, Rapport polls Telegram. Without it, it opens a chat
in this terminal that runs the very same application against a local fake Bot
API, so anyone can try it without a Telegram account.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from bot.settings import SettingsError, load_settings

DESCRIPTION = """\
Rapport — a field salesperson's relationship memory, in Telegram.

  With TELEGRAM_BOT_TOKEN set (in the environment or in .env), Rapport connects
  to Telegram and answers your bot's chats (long polling), in WORKERS processes.

  Without a token, Rapport opens a chat right here in the terminal: type notes
  and questions as you would in Telegram; buttons are shown numbered — type
  [1], [2], … to press one. Type /quit to leave. Data goes to DATA_DIR as usual.

Every setting is described in .env.example."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--env-file", type=Path, default=Path(".env"), help="settings file to read (default: .env)")
    parser.add_argument(
        "--terminal", action="store_true", help="open the terminal chat even when a token is configured"
    )
    arguments = parser.parse_args(argv)
    try:
        settings = load_settings(os.environ, env_file=arguments.env_file)
    except SettingsError as error:
        print(f"Rapport cannot start: {error}", file=sys.stderr)
        return 2

    from bot import logs
    from bot.memory import tune_allocator

    if settings.token and not arguments.terminal:
        logs.configure(settings.log_level, settings.token)
        tune_allocator()
        if settings.workers > 1:
            from bot.workers import run_workers

            return run_workers(settings)
        from bot.application import build_application

        build_application(settings).run_polling()
        return 0

    from bot.terminal_chat import run_terminal_chat

    logs.configure("WARNING", settings.token)
    return asyncio.run(run_terminal_chat(settings))


if __name__ == "__main__":
    sys.exit(main())
