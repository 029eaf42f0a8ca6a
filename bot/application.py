"""Wiring: build the PTB Application, register every handler in matching order.

This is the one place where handlers are registered. Order matters:
group -1 is the gate (private chats, allow-list); in group 0 commands come
first, then buttons, then shared contacts/locations/files, then plain text
(which is a question to Rapport or else a note).
"""

from __future__ import annotations

import asyncio
import gc
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
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
from bot.services import Services, Share
from bot.settings import Settings
from crm.intents import IntentKind
from handlers import (
    buttons,
    clients,
    errors,
    gate,
    levels,
    locations,
    notes,
    portability,
    reminders,
    settings,
    start,
    text,
    visits,
)
from bot.confirming_bot import ConfirmingBot
from bot.http_client import AiohttpRequest
from bot.pacing import Pace, PacedSending
from handlers.context import RapportContext
from handlers.render import Screens, current_screens
from reminders.scheduler import CareScheduler
from storage import Store

#: Token used when talking to a local fake Bot API (terminal chat, tests).
LOCAL_TOKEN = "1000000:local-terminal-chat"

#: The cyclic collector's thresholds. Open books are large, long-lived object graphs that a
#: full collection walks every time: at Python's default (700, 10, 10) ranking a 5,000-client
#: book for /visit took 20 ms at p50 but 55–64 ms at p95; with these, 25 ms. Rapport makes
#: little cyclic garbage, so collecting less often costs next to no memory. The middle one was
#: 50 until books stayed open (`BOOK_CACHE_MB`): while 200 salespeople's books were first read,
#: what survived 50 young collections made pauses of ~100 ms, felt at 20 updates/s as a p99 of
#: 370–490 ms; collected every 10, 270–300 ms (each from two runs; they vary by ±80 ms).
GC_THRESHOLDS = (10_000, 10, 100)
#: A 429 that still happens despite the pacing is retried this many times.
MAX_SEND_RETRIES = 5

#: Every button action, by the name packed into its callback data.
BUTTON_ACTIONS: Mapping[str, buttons.ButtonAction] = {
    # first contact
    "tz": start.choose_timezone,
    "digest": start.choose_digest_time,
    "lang": start.choose_language,
    # notes
    "undo": notes.undo,
    "refile": notes.refile,
    "move": notes.move,
    "movenew": notes.move_to_new,
    "pick": notes.pick,
    "pnew": notes.pick_new,
    # the card and the book
    "card": clients.open_card,
    "cnote": clients.add_note,
    "cbday": clients.ask_birthday,
    "fdone": clients.followup_done,
    "facts": clients.list_facts,
    "rmask": clients.confirm_remove_fact,
    "rmfact": clients.remove_fact,
    "cdel": clients.confirm_delete,
    "cdelok": clients.delete,
    "keep": clients.keep,
    "clients": clients.clients_page_button,
    "mergeok": clients.merge_confirmed,
    # levels
    "clevel": levels.choose_level,
    "setlvl": levels.set_level,
    "sugok": levels.accept_suggestion,
    "sugno": levels.dismiss_suggestion,
    # visits
    "visited": visits.visited,
    "nottoday": visits.not_today,
    # reminders and settings
    "rdone": reminders.done,
    "rsnz": reminders.ask_snooze,
    "rsnzd": reminders.snooze,
    "set": settings.open_setting,
    "scad": settings.choose_cadence_days,
    "sdigest": settings.set_value,
    "szone": settings.set_value,
    "sahead": settings.set_value,
    "squiet": settings.set_value,
    "scadd": settings.set_value,
    "shol": settings.set_value,
    # your data
    "impok": portability.confirm_import,
    "impno": portability.cancel_import,
}

#: Plain-language requests ("今天该拜访谁", "show John") and who serves them.
INTENTS: Mapping[IntentKind, text.IntentHandler] = {
    IntentKind.VISIT_PLAN: visits.visit_intent,
    IntentKind.CLIENT_CARD: clients.card_intent,
    IntentKind.FIND: clients.find_intent,
    IntentKind.CLIENTS: clients.clients_intent,
    IntentKind.PYRAMID: lambda update, context, intent: levels.pyramid(update, context),
    IntentKind.TODAY: lambda update, context, intent: reminders.today(update, context),
    IntentKind.HELP: lambda update, context, intent: start.help_command(update, context),
}


class RapportApplication(Application):
    """PTB's Application with Rapport's services and a hook that reports handled updates.

    The hook lets the terminal chat and the tests wait for "the bot has finished
    with what I sent" instead of sleeping and hoping.
    """

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.settled_listeners: list[Callable[[object], None]] = []
        self.scheduler: CareScheduler | None = None
        self._screens: dict[int, Screens] = {}

    async def process_update(self, update: object) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None:  # this update's task only: what its chat's messages show now
            current_screens.set(self._screens.setdefault(chat.id, Screens(chat.id)))
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
    heartbeat: float = 60.0,
    share: Share = Share(),
    pace: Pace | None = None,
) -> RapportApplication:
    """The whole bot, ready for `run_polling` or for a local fake Bot API.

    `heartbeat` is the reminder scheduler's beat in seconds (tests beat faster).
    With WORKERS (`bot/workers.py`) a process serves its `share` of the
    salespeople with its share of the book memory, and sends at the bot's one
    `pace`, kept by the first process.
    """
    store = store or Store(settings.data_dir, book_cache_bytes=settings.book_cache_mb * 2**20 // share.count)
    services = Services(settings=settings, clock=clock or SystemClock(), store=store, share=share)
    bot = ConfirmingBot(
        token=token or settings.token or LOCAL_TOKEN,
        base_url=settings.bot_api_url,
        base_file_url=settings.bot_file_url,
        defaults=Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)),
        rate_limiter=PacedSending(settings.sends_per_second, pace=pace, max_retries=MAX_SEND_RETRIES),
        # As PTB's builder makes them: many connections for calls, one for the long poll.
        request=AiohttpRequest(connection_pool_size=256),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
    )
    application: RapportApplication = (
        ApplicationBuilder()
        .application_class(RapportApplication, kwargs={"services": services})
        .bot(bot)
        .context_types(ContextTypes(context=RapportContext))
        .concurrent_updates(PerUserUpdateProcessor())
        .post_init(_on_start if share.index == 0 else _tune_collector)  # the menus are the bot's: set once
        .build()  # type: ignore[assignment]
    )
    application.settled_listeners.append(bot.handled)
    register_handlers(application)
    application.scheduler = CareScheduler(services, interval=heartbeat)
    application.scheduler.install(application)
    return application


def register_handlers(application: Application) -> None:
    application.add_handler(TypeHandler(Update, gate.guard), group=-1)
    commands = {
        "start": start.start,
        "help": start.help_command,
        "language": start.language_command,
        "today": reminders.today,
        "visit": visits.visit_command,
        "client": clients.client_command,
        "find": clients.find_command,
        "clients": clients.clients_command,
        "rename": clients.rename_or_alias_command,
        "alias": clients.rename_or_alias_command,
        "merge": clients.rename_or_alias_command,
        "level": levels.level_command,
        "pyramid": levels.pyramid,
        "settings": settings.settings_command,
        "export": portability.export,
        "forget": portability.forget_command,
        "deleteme": portability.deleteme_command,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(buttons.dispatcher(BUTTON_ACTIONS)))
    application.add_handler(MessageHandler(filters.CONTACT, clients.shared_contact))
    application.add_handler(MessageHandler(filters.LOCATION, locations.on_location))
    application.add_handler(MessageHandler(filters.Document.ALL, portability.received_file))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, text.text_handler(INTENTS)))
    application.add_handler(MessageHandler(filters.COMMAND, start.unknown_command))
    application.add_error_handler(errors.report_error)


async def _on_start(application: Application) -> None:
    await publish_menus(application.bot)
    await _tune_collector(application)


async def _tune_collector(application: Application) -> None:
    # Everything loaded so far (pinyin and OpenCC dictionaries, the font, the catalogs) lives for the
    # whole run: moving it out of the collector's reach removes 25–60 ms pauses from replies.
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
