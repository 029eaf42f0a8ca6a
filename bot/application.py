"""Wiring: build the PTB Application, register every handler in matching order.

This is the one place where handlers are registered. Order matters:
group -1 is the gate (private chats, allow-list); in group 0 commands come
first, then buttons, then shared contacts/locations/files, then plain text
(which is a question to Rapport or else a note).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.clock import Clock, SystemClock
from bot.commands import publish_menus
from bot.services import Services
from bot.settings import Settings
from handlers import buttons, errors, gate, start
from handlers.context import RapportContext
from storage import Store

#: Token used when talking to a local fake Bot API (terminal chat, tests).
LOCAL_TOKEN = "1000000:local-terminal-chat"

#: Every button action, by the name packed into its callback data.
BUTTON_ACTIONS: Mapping[str, buttons.ButtonAction] = {
    "tz": start.choose_timezone,
    "digest": start.choose_digest_time,
    "lang": start.choose_language,
}


class RapportApplication(Application):  # type: ignore[type-arg]
    """PTB's Application with Rapport's services and a hook that reports handled updates.

    The hook lets the terminal chat and the tests wait for "the bot has finished
    with what I sent" instead of sleeping and hoping.
    """

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.settled_listeners: list[Callable[[object], None]] = []

    async def process_update(self, update: object) -> None:
        try:
            await super().process_update(update)
        finally:
            for listener in list(self.settled_listeners):
                listener(update)


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Updates of different users run concurrently; one user's updates run in the order sent.

    A salesperson who types two notes quickly must see them filed in order, while
    a slow disk for one user must not hold up everybody else.
    """

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._pending: defaultdict[int, int] = defaultdict(int)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        user = update.effective_user if isinstance(update, Update) else None
        if user is None:
            await coroutine
            return
        self._pending[user.id] += 1
        try:
            async with self._locks[user.id]:
                await coroutine
        finally:
            self._pending[user.id] -= 1
            if not self._pending[user.id]:  # nobody waiting: forget the lock, memory stays flat
                del self._pending[user.id], self._locks[user.id]

    async def initialize(self) -> None:
        """Nothing to set up: locks are created on demand."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    store: Store | None = None,
    token: str | None = None,
) -> RapportApplication:
    """The whole bot, ready for `run_polling` or for a local fake Bot API."""
    services = Services(settings=settings, clock=clock or SystemClock(), store=store or Store(settings.data_dir))
    application = (
        ApplicationBuilder()
        .application_class(RapportApplication, kwargs={"services": services})
        .token(token or settings.token or LOCAL_TOKEN)
        .base_url(settings.bot_api_url)
        .base_file_url(settings.bot_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .context_types(ContextTypes(context=RapportContext))
        .rate_limiter(AIORateLimiter(max_retries=5))
        .concurrent_updates(PerUserUpdateProcessor())
        .post_init(_on_start)
        .build()
    )
    register_handlers(application)
    return application  # type: ignore[return-value]


def register_handlers(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(TypeHandler(Update, gate.guard), group=-1)
    application.add_handler(CommandHandler("start", start.start))
    application.add_handler(CommandHandler("help", start.help_command))
    application.add_handler(CommandHandler("language", start.language_command))
    application.add_handler(CallbackQueryHandler(buttons.dispatcher(BUTTON_ACTIONS)))
    application.add_error_handler(errors.report_error)


async def _on_start(application: Application) -> None:  # type: ignore[type-arg]
    await publish_menus(application.bot)
