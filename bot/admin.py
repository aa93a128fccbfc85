"""Admins change what the bot knows: uploads, /reindex and /remove, and uploads a restart interrupted.

Indexing never shares threads with answering. The bot owns one indexing thread
(bot/indexing.py): uploads, /reindex and /remove queue there in order, while questions keep
the default worker threads to themselves. An upload's handler only checks, saves and
journals the file, then leaves its indexing to a task, so queued uploads hold neither a
thread nor one of the concurrent-update slots questions need. The journal
(bot/uploads.py) lets a restart finish what a kill interrupted and tell the admin.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application

from index import DocumentNotFound, IndexReport, InspectionBotError

from . import render, uploads
from .context import BotData, Context
from .indexing import Indexing
from .replies import admin_only, edit, reply

logger = logging.getLogger(__name__)

PROGRESS_EVERY = (
    1.5  # seconds between edits of a progress message: Telegram throttles edits per chat
)


async def upload(update: Update, context: Context) -> None:
    """Admins: check a document sent in a private chat, save it and queue its indexing, reporting on one message."""
    message, document = update.effective_message, update.effective_message.document
    if not await admin_only(update, context, "add documents"):
        return
    name = uploads.clean_name(document.file_name)
    try:
        uploads.check_name(name)
        uploads.check_size(document.file_size)  # before downloading: Telegram stops at 20 MB
    except uploads.Refused as refused:
        return await reply(message, render.upload_refused(name, str(refused)))
    status = await reply(message, render.upload_received(name, document.file_size))
    journal, folder = context.bot_data.journal, context.bot_data.settings.engine.documents_dir
    pending = await asyncio.to_thread(
        journal.begin, name, update.effective_user.id, message.chat_id, status.message_id
    )
    try:
        data = await _download(message)
        uploads.check_content(name, data)
        saved = await asyncio.to_thread(uploads.save, folder, name, data)
    except uploads.Refused as refused:
        await asyncio.to_thread(journal.done, pending)
        return await edit(status, render.upload_refused(name, str(refused)))
    except BaseException:
        await asyncio.to_thread(journal.done, pending)
        raise
    pending = await asyncio.to_thread(journal.saved, pending, saved.path)
    # A task, so that queued uploads hold no update slot: questions keep flowing meanwhile.
    context.application.create_task(
        index_upload(status, context.bot_data, saved, pending), update=update
    )


async def reindex(update: Update, context: Context) -> None:
    """Admins: /reindex brings the index up to date with the documents folder."""
    if not await admin_only(update, context, "re-index the documents"):
        return
    heading = "Indexing the documents folder…\n"
    status = await reply(update.effective_message, heading)
    report = await _index_with_progress(status, context.bot_data.indexing, None, heading)
    await edit(status, render.report_html(report))


async def remove(update: Update, context: Context) -> None:
    """Admins: /remove DOC takes a document out of the index; its file is moved aside, not deleted."""
    if not await admin_only(update, context, "remove documents"):
        return
    name = " ".join(context.args or ())
    if not name:
        return await reply(update.effective_message, render.REMOVE_USAGE)
    indexing = context.bot_data.indexing
    try:
        document, moved = await indexing.run(indexing.engine.remove, name)
    except DocumentNotFound:
        return await reply(
            update.effective_message, render.NOT_FOUND.format(name=render.escape(name))
        )
    except (
        InspectionBotError
    ) as error:  # e.g. the name matches several documents: the message lists them
        return await reply(update.effective_message, render.escape(str(error)))
    shown = _relative(moved, context.bot_data.settings.engine.documents_dir) if moved else None
    await reply(update.effective_message, render.removed_html(document, shown))


async def resume_interrupted_uploads(application: Application) -> None:
    """At start: uploads a kill interrupted are indexed now (or the admin asked to send them again)."""
    data = application.bot_data
    folder, journal = data.settings.engine.documents_dir, data.journal
    swept = await asyncio.to_thread(uploads.sweep_partial, folder)
    if swept:
        logger.info("removed %d partial upload file(s) left by a stop mid-save", len(swept))
    resuming = []
    for pending in await asyncio.to_thread(
        journal.pending
    ):  # every admin told first, then the indexing
        path = Path(pending.path) if pending.path else None
        saved = path is not None and path.is_file()
        status = await _tell(
            application,
            pending,
            render.upload_resumed(path.name) if saved else render.upload_lost(pending.name),
        )
        if saved:
            resuming.append((status, uploads.Saved(path, None), pending))
        else:
            await asyncio.to_thread(journal.done, pending)
    for status, saved, pending in resuming:
        logger.info("indexing an upload interrupted by a stop: %s", saved.path.name)
        await index_upload(status, data, saved, pending)


async def _tell(application: Application, pending: uploads.Pending, html: str) -> Message | None:
    try:
        return await application.bot.send_message(pending.chat_id, html, parse_mode=ParseMode.HTML)
    except TelegramError as error:  # the admin blocked the bot, say: carry on all the same
        logger.warning(
            "could not tell user %s about an interrupted upload (%s)", pending.user_id, error
        )
        return None


async def index_upload(
    status: Message | None, data: BotData, saved: uploads.Saved, pending: uploads.Pending
) -> None:
    """Index a saved upload, reporting on the status message; a file the engine skips is moved aside."""
    folder, name = data.settings.engine.documents_dir, saved.path.name
    heading = render.upload_indexing(name, saved.renamed_from)
    await _edit_if(status, heading)
    try:
        report = await _index_with_progress(status, data.indexing, [saved.path], heading + "\n")
    except InspectionBotError as error:
        await asyncio.to_thread(data.journal.done, pending)
        return await _edit_if(
            status,
            heading + f"\nIndexing failed: {render.escape(str(error))}\n"
            "The file is saved; send /reindex to try again.",
        )
    if (
        report.added or report.updated or name in report.unchanged
    ):  # unchanged: indexed by a run at start
        await asyncio.to_thread(data.journal.done, pending)
        return await _edit_if(status, render.upload_indexed(name, report, saved.renamed_from))
    skipped = report.skipped[0] if report.skipped else None
    reason = skipped.reason if skipped else "the engine did not take it in"
    moved = (
        skipped.moved_to
        if skipped and skipped.moved_to
        else await asyncio.to_thread(uploads.set_aside, folder, saved.path)
    )
    await asyncio.to_thread(data.journal.done, pending)
    await _edit_if(status, render.upload_rejected(name, reason, _relative(moved, folder)))
    logger.info("upload %s was not indexed (%s); moved aside", name, reason)


async def _download(message: Message) -> bytes:
    try:
        file = await message.document.get_file()
    except BadRequest as error:
        if "too big" in str(error).lower():
            raise uploads.Refused(
                "Telegram says it is too big for a bot to download (over 20 MB)."
            ) from None
        raise
    return bytes(await file.download_as_bytearray())


async def _index_with_progress(
    status: Message | None, indexing: Indexing, paths: list[Path] | None, heading: str
) -> IndexReport:
    """engine.update on the indexing thread, editing ``status`` with its progress now and then."""
    latest: list[tuple[str, int, int]] = []  # appended by the indexing thread, read here
    work = asyncio.ensure_future(
        indexing.run(indexing.engine.update, paths, progress=lambda *step: latest.append(step))
    )
    shown = None
    while not work.done():
        await asyncio.wait([work], timeout=PROGRESS_EVERY)
        if latest and latest[-1] != shown and not work.done():
            shown = latest[-1]
            await _edit_if(status, heading + render.progress_html(*shown))
    return work.result()


async def _edit_if(status: Message | None, html: str) -> None:
    if status is not None:
        await edit(status, html)


def _relative(path: Path, folder: Path) -> str:
    """``path`` as shown to admins: relative to the documents folder when inside it."""
    try:
        return str(path.resolve().relative_to(folder.resolve()))
    except ValueError:
        return path.name
