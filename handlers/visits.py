""""Who should I visit today?" — /visit, plain words, near me, by area; ✅ visited and ⏭ not today."""

from __future__ import annotations

from telegram import Update

from bot.locales import Html, escape, t, tn
from crm import visit_plans
from crm.intents import Intent
from crm.model import Level, Reason
from crm.visits import VisitPick, VisitPlan
from handlers.callback_data import Callback, pack
from handlers.context import Asker, RapportContext, asker
from handlers.notes import client_label
from handlers.render import Button, Keyboard, edit, send
from storage import Book

DEFAULT_COUNT = 5
MAX_COUNT = 20
AREA_WORDS = ("areas", "area", "by-area", "按区域", "按區域", "区域", "區域", "分区", "分區")


async def visit_command(update: Update, context: RapportContext) -> None:
    """/visit [N] [area or tag] — or /visit areas for a plan grouped by area."""
    words = list(context.args or [])
    if words and words[0].lower() in AREA_WORDS:
        await plan_by_area(update, context)
        return
    count = next((int(word) for word in words if word.isdecimal()), None)
    area = " ".join(word for word in words if not word.isdecimal()) or None
    await plan(update, context, count=count, area=area)


async def visit_intent(update: Update, context: RapportContext, intent: Intent) -> None:
    """"今天该拜访谁", "who should I visit today", "朝阳区今天拜访谁", "top 3"…"""
    if intent.area and intent.area.lower() in AREA_WORDS:
        await plan_by_area(update, context)
        return
    await plan(update, context, count=intent.count, area=intent.area)


async def plan_near(update: Update, context: RapportContext, latitude: float, longitude: float) -> None:
    """A shared location: the plan favours due clients close by, with distances."""
    who = await asker(update, context)
    now = context.services.now()
    await context.services.store.with_book(who.user_id, lambda book: visit_plans.remember_here(book, latitude, longitude, now=now))
    await plan(update, context, count=None, area=None)


async def plan(update: Update, context: RapportContext, *, count: int | None, area: str | None, replace: bool = False) -> None:
    who = await asker(update, context)
    now = context.services.now()
    limit = min(max(count or DEFAULT_COUNT, 1), MAX_COUNT)
    zone = str(who.timezone)
    cadence = who.person.cadence if who.person else None

    def compute(book: Book) -> tuple[VisitPlan, bool, tuple[float, float] | None]:
        here = visit_plans.here_today(book, now=now, tz=zone)
        result = visit_plans.plan_for(book, now=now, tz=zone, cadence=cadence, limit=limit, area=area, here=here)
        return result, book.clients.count() == 0, here

    result, empty_book, here = await context.services.store.with_book(who.user_id, compute)
    text, keyboard = plan_text(who, result, empty_book=empty_book, near=here is not None, area=area), plan_keyboard(who, result)
    if replace and update.callback_query is not None:
        await edit(update.callback_query, text, keyboard)
    else:
        await send(context.bot, who.chat_id, text, keyboard)


async def plan_by_area(update: Update, context: RapportContext) -> None:
    """Due clients grouped per area, so a salesperson can pick a district for the day."""
    who = await asker(update, context)
    now = context.services.now()
    cadence = who.person.cadence if who.person else None
    groups = await context.services.store.with_book(
        who.user_id, lambda book: visit_plans.areas_for(book, now=now, tz=str(who.timezone), cadence=cadence)
    )
    if not groups:
        await send(context.bot, who.chat_id, t(who.language, "visit.nobody_due"))
        return
    lines = [t(who.language, "visit.by_area_title")]
    for area, picks in groups.items():
        name = escape(area) if area else t(who.language, "visit.no_area")
        lines.append(Html("\n" + t(who.language, "visit.area_heading", area=name, count=len(picks))))
        lines += [Html("• " + _pick_line(who.language, pick)) for pick in picks]
    await send(context.bot, who.chat_id, Html("\n".join(lines)))


def plan_text(who: Asker, result: VisitPlan, *, empty_book: bool, near: bool, area: str | None) -> Html:
    language = who.language
    if empty_book:
        return t(language, "visit.empty_book")
    if not result.picks:
        return t(language, "visit.nobody_due_area", area=area) if area else t(language, "visit.nobody_due")
    title = tn(language, "visit.title", result.due_count, shown=len(result.picks))
    if near:
        title = Html(title + " " + t(language, "visit.near_me"))
    lines = [title]
    for number, pick in enumerate(result.picks, start=1):
        lines.append(Html(f"{number}. " + _pick_line(language, pick)))
    if near and result.without_place:
        lines.append(Html("\n" + tn(language, "visit.without_place", result.without_place)))
    return Html("\n".join(lines))


def _pick_line(language: str, pick: VisitPick) -> Html:
    client = pick.client
    head = t(language, "visit.pick", client=client.name, level=t(language, f"levels.{client.level.value}"))
    if pick.distance_km is not None:
        head = Html(head + " · " + t(language, "visit.distance", km=f"{pick.distance_km:.1f}"))
    reasons = " · ".join(reason_text(language, reason) for reason in pick.reasons)
    return Html(f"{head} — {reasons}")


def reason_text(language: str, reason: Reason) -> Html:
    """One reason in words: "overdue 12 days (friend, every 30)", "birthday in 2 days"…"""
    values = dict(reason.values)
    if "level" in values:
        values["level"] = t(language, f"levels.{Level(str(values['level'])).value}")
    days = int(values.get("days", 0) or 0)
    if reason.code == "followup_today":
        return t(language, "visit.reason.followup_today")
    if reason.code in ("birthday", "event") and days == 0:
        return t(language, f"visit.reason.{reason.code}_today", **values)
    return tn(language, f"visit.reason.{reason.code}", days, **values)


def plan_keyboard(who: Asker, result: VisitPlan) -> Keyboard:
    rows: list[list[Button]] = []
    for number, pick in enumerate(result.picks, start=1):
        client_id = pick.client.id
        rows.append(
            [
                Button(f"✅ {number}. {client_label(pick.client)}", pack("visited", client_id)),
                Button(t(who.language, "visit.button.not_today"), pack("nottoday", client_id)),
                Button("👤", pack("card", client_id)),
            ]
        )
    return rows


async def visited(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """✅ Visited: record the contact and show the refreshed plan."""
    who = await asker(update, context)
    client_id = callback.int_arg(0)
    now = context.services.now()
    note = await context.services.store.with_book(
        who.user_id, lambda book: visit_plans.visited(book, client_id, now=now) if client_id else None
    )
    if note is None:
        return t(who.language, "common.expired")
    await plan(update, context, count=None, area=None, replace=True)
    return t(who.language, "visit.visited_toast")


async def not_today(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """⏭ Not today: drop the client from today's plan and show the next one."""
    who = await asker(update, context)
    client_id = callback.int_arg(0)
    today = who.today(context.services.now())
    done = await context.services.store.with_book(
        who.user_id, lambda book: visit_plans.not_today(book, client_id, today) if client_id else False
    )
    if not done:
        return t(who.language, "common.expired")
    await plan(update, context, count=None, area=None, replace=True)
    return None
