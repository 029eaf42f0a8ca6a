"""Your data: import a file (with a preview to confirm), /export, /forget a client, /deleteme.

An import is two steps. The file is read and previewed ("42 new, 3 match, 2
skipped: why"); only the Telegram file id is remembered, and on ✅ the file is
fetched and read again, so nothing half-parsed waits in memory and a restart
in between loses nothing. A file Rapport cannot read imports nothing and says why.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime

from telegram import Update

from bot.locales import Html, t, tn
from crm import conversation
from crm.clients import client_index
from crm.importing import apply_plan, restore
from crm.matching import Outcome
from crm.model import BookContents
from crm.portability import ImportPlan, ImportProblem, ParsedRows, detect_and_read, dump_book, export_csv, export_ics, plan_import
from handlers.callback_data import Callback, pack
from handlers.context import RapportContext, asker
from handlers.render import Button, edit, label, send
from storage import Book

MAX_FILE = 5 * 1024 * 1024  # bytes; a phone book or a spreadsheet of thousands of clients is far smaller
SKIPS_SHOWN = 8
DELETE_WORDS = ("DELETE", "删除", "刪除")


async def received_file(update: Update, context: RapportContext) -> None:
    """A document sent to Rapport: read it and preview the import."""
    who = await asker(update, context)
    message = update.effective_message
    assert message is not None and message.document is not None
    document = message.document
    if document.file_size and document.file_size > MAX_FILE:
        await send(context.bot, who.chat_id, t(who.language, "data.too_big", megabytes=MAX_FILE // (1024 * 1024)))
        return
    data = bytes(await (await context.bot.get_file(document.file_id)).download_as_bytearray())
    filename = document.file_name or "file"
    try:
        parsed = await asyncio.to_thread(detect_and_read, filename, data)  # a big file: not on the event loop
        preview = await context.services.store.with_book(
            who.user_id, lambda book: _preview(book, parsed, document.file_id, filename), heavy=True
        )
    except ImportProblem as problem:
        await send(context.bot, who.chat_id, problem_text(who.language, problem))
        return
    keyboard = [[Button(t(who.language, "data.button.import"), pack("impok")), Button(t(who.language, "card.button.keep"), pack("impno"))]]
    await send(context.bot, who.chat_id, preview_text(who.language, preview, filename), keyboard)


def _preview(book: Book, parsed: ParsedRows | BookContents, file_id: str, filename: str) -> ImportPlan | BookContents:
    plan: ImportPlan | BookContents = parsed if isinstance(parsed, BookContents) else plan_import(parsed, book.clients.all())
    book.set_context("pending_import", {"file_id": file_id, "filename": filename})
    return plan


def preview_text(language: str, preview: ImportPlan | BookContents, filename: str) -> Html:
    if isinstance(preview, BookContents):
        return t(language, "data.restore_preview", filename=filename, clients=len(preview.clients), notes=len(preview.notes))
    lines = [t(language, "data.preview", filename=filename, new=preview.new_count, matched=preview.matched_count, skipped=preview.skipped_count)]
    for row in preview.skipped[:SKIPS_SHOWN]:
        values = {key: ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else value for key, value in row.values.items()}
        lines.append(Html("• " + t(language, "data.line", line=row.line) + " " + t(language, f"data.skip.{row.reason_code}", **values)))
    if preview.skipped_count > SKIPS_SHOWN:
        lines.append(Html("• " + tn(language, "data.more_skipped", preview.skipped_count - SKIPS_SHOWN)))
    return Html("\n".join(lines))


def problem_text(language: str, problem: ImportProblem) -> Html:
    values = {key: ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else value for key, value in problem.values.items()}
    return Html(t(language, "data.problem_intro") + "\n" + t(language, f"data.problem.{problem.code}", **values))


async def confirm_import(update: Update, context: RapportContext, callback: Callback) -> str | None:
    """✅ Import: fetch the file again, re-check it against the book as it is now, apply."""
    who = await asker(update, context)
    pending = await context.services.store.with_book(who.user_id, lambda book: book.context("pending_import"))
    if not pending:
        return t(who.language, "common.expired")
    data = bytes(await (await context.bot.get_file(pending["file_id"])).download_as_bytearray())
    now = context.services.now()

    def apply(book: Book, parsed: ParsedRows | BookContents) -> Html:
        book.set_context("pending_import", None)
        if isinstance(parsed, BookContents):
            restore(book, parsed)
            return t(who.language, "data.restored", clients=len(parsed.clients), notes=len(parsed.notes))
        result = apply_plan(book, plan_import(parsed, book.clients.all()), now=now)
        return t(who.language, "data.imported", created=result.created, updated=result.updated)

    try:
        parsed = await asyncio.to_thread(detect_and_read, pending["filename"], data)  # a big file: not on the event loop
        text = await context.services.store.with_book(who.user_id, lambda book: apply(book, parsed), heavy=True)
    except ImportProblem as problem:
        text = problem_text(who.language, problem)
    assert update.callback_query is not None
    await edit(update.callback_query, text)
    return None


async def cancel_import(update: Update, context: RapportContext, callback: Callback) -> str | None:
    who = await asker(update, context)
    await context.services.store.with_book(who.user_id, lambda book: book.set_context("pending_import", None))
    assert update.callback_query is not None
    await edit(update.callback_query, t(who.language, "data.import_cancelled"))
    return None


async def export(update: Update, context: RapportContext) -> None:
    """/export: the whole book as CSV (Excel), JSON (everything, re-importable) and .ics (calendars)."""
    who = await asker(update, context)
    now = context.services.now()
    zone = str(who.timezone)
    contents = await context.services.store.with_book(who.user_id, lambda book: book.contents(), heavy=True)
    today = who.today(now)
    # A big book's calendar takes seconds to serialise: never on the event loop.
    files = await asyncio.to_thread(export_files, contents, language=who.language, zone=zone, now=now, today=today)
    await send(context.bot, who.chat_id, tn(who.language, "data.export_intro", len(contents.clients), notes=len(contents.notes)))
    for filename, content, caption in files:
        await context.bot.send_document(who.chat_id, content, filename=filename, caption=t(who.language, caption))


def export_files(contents: BookContents, *, language: str, zone: str, now: datetime, today: date) -> list[tuple[str, bytes, str]]:
    """The three export files (name, bytes, caption key)."""
    stamp = today.isoformat()
    return [
        (f"rapport-{stamp}.csv", export_csv(contents.clients, language=language, owner_timezone=zone), "data.export_csv"),
        (f"rapport-{stamp}.json", dump_book(contents, exported_at=now, owner_timezone=zone), "data.export_json"),
        (f"rapport-{stamp}.ics", export_ics(contents, owner_timezone=zone, today=today, language=language), "data.export_ics"),
    ]


async def forget_command(update: Update, context: RapportContext) -> None:
    """/forget NAME: delete one client with all their notes, after confirming."""
    who = await asker(update, context)
    name = " ".join(context.args or []).strip()
    if not name:
        await send(context.bot, who.chat_id, t(who.language, "data.forget_usage"))
        return
    match = await context.services.store.with_book(who.user_id, lambda book: client_index(book).match(name))
    if match.outcome is Outcome.NONE:
        await send(context.bot, who.chat_id, t(who.language, "clients.none", name=name))
        return
    keyboard = [[Button(label(client.name), pack("cdel", client.id))] for client in match.candidates]
    await send(context.bot, who.chat_id, t(who.language, "data.forget_which"), keyboard)


async def deleteme_command(update: Update, context: RapportContext) -> None:
    """/deleteme: explain, and wait for the typed confirmation."""
    who = await asker(update, context)
    now = context.services.now()
    await context.services.store.with_book(who.user_id, lambda book: conversation.expect(book, "deleteme", who.user_id, now=now))
    await send(context.bot, who.chat_id, t(who.language, "data.deleteme_confirm"))


def is_delete_word(text: str) -> bool:
    """The word that confirms /deleteme, in any of the three languages."""
    return text.strip() in DELETE_WORDS


async def deleteme_answer(update: Update, context: RapportContext, text: str) -> None:
    """The answer to /deleteme: the confirmation word deletes everything; anything else keeps it."""
    who = await asker(update, context)
    if not is_delete_word(text):
        await context.services.store.with_book(
            who.user_id, lambda book: conversation.stop_expecting(book, answered_by=update.update_id)
        )
        await send(context.bot, who.chat_id, t(who.language, "data.deleteme_kept"))
        return
    await context.services.store.forget_salesperson(who.user_id)
    await send(context.bot, who.chat_id, t(who.language, "data.deleteme_done"))

