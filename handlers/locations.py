"""A shared location means different things depending on the moment.

During /start it proposes a time zone; while a client's card is open it becomes
that client's place; otherwise it asks "who should I visit near here?".
"""

from __future__ import annotations

from telegram import Update

from handlers import clients, start, visits
from handlers.context import RapportContext, asker


async def on_location(update: Update, context: RapportContext) -> None:
    """Route a shared (or live) location to time zone, client place, or near-me plan."""
    message = update.effective_message
    assert message is not None and message.location is not None
    latitude, longitude = message.location.latitude, message.location.longitude
    who = await asker(update, context)
    if who.person is None or not who.person.onboarded:
        await start.suggest_timezone_from_location(update, context, latitude, longitude)
        return
    if await clients.place_for_open_card(update, context, latitude, longitude):
        return
    await visits.plan_near(update, context, latitude, longitude)
