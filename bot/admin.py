"""Admins' handlers: add a document (a file sent in a private chat), /reindex and /remove.

Indexing runs in a worker thread while one status message is edited with its progress;
questions keep being answered from the old index until the new one is swapped in.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from telegram import Message, Update
from telegram.error import BadRequest

from index import DocumentNotFound, Engine, IndexReport, InspectionBotError

from . import render, uploads
from .replies import Context, admin_only, edit, engine_of, reply, settings_of

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 1.5  # seconds between edits of a progress message: Telegram throttles edits per chat


async def upload(update: Update, context: Context) -> None:
    """Admins: check a document sent in a private chat, save it and index it, reporting on one edited message."""
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
    try:
        data = await _download(message)
        uploads.check_content(name, data)
        saved = await asyncio.to_thread(uploads.save, settings_of(context).engine.documents_dir, name, data)
    except uploads.Refused as refused:
        return await edit(status, render.upload_refused(name, str(refused)))
    await _index_upload(status, context, saved)


async def reindex(update: Update, context: Context) -> None:
    """Admins: /reindex brings the index up to date with the documents folder."""
    if not await admin_only(update, context, "re-index the documents"):
        return
    heading = "Indexing the documents folder…\n"
    status = await reply(update.effective_message, heading)
    report = await _index_with_progress(status, engine_of(context), None, heading)
    await edit(status, render.report_html(report))


async def remove(update: Update, context: Context) -> None:
    """Admins: /remove DOC takes a document out of the index; its file is moved aside, not deleted."""
    if not await admin_only(update, context, "remove documents"):
        return
    name = " ".join(context.args or ())
    if not name:
        return await reply(update.effective_message, render.REMOVE_USAGE)
    try:
        document, moved = await asyncio.to_thread(engine_of(context).remove, name)
    except DocumentNotFound:
        return await reply(update.effective_message, render.NOT_FOUND.format(name=render.escape(name)))
    except InspectionBotError as error:  # e.g. the name matches several documents: the message lists them
        return await reply(update.effective_message, render.escape(str(error)))
    shown = _relative(moved, settings_of(context).engine.documents_dir) if moved else None
    await reply(update.effective_message, render.removed_html(document, shown))


# ---------------------------------------------------------------- helpers (not handlers)


async def _download(message: Message) -> bytes:
    try:
        file = await message.document.get_file()
    except BadRequest as error:
        if "too big" in str(error).lower():
            raise uploads.Refused("Telegram says it is too big for a bot to download (over 20 MB).") from None
        raise
    return bytes(await file.download_as_bytearray())


async def _index_upload(status: Message, context: Context, saved: uploads.Saved) -> None:
    """Index a saved upload, reporting on the status message; a file the engine skips is moved aside."""
    folder, name = settings_of(context).engine.documents_dir, saved.path.name
    heading = render.upload_indexing(name, saved.renamed_from)
    await edit(status, heading)
    try:
        report = await _index_with_progress(status, engine_of(context), [saved.path], heading + "\n")
    except InspectionBotError as error:
        return await edit(status, heading + f"\nIndexing failed: {render.escape(str(error))}\n"
                                              "The file is saved; send /reindex to try again.")
    if report.added or report.updated:
        return await edit(status, render.upload_indexed(name, report, saved.renamed_from))
    reason = report.skipped[0].reason if report.skipped else "the engine did not take it in"
    moved = await asyncio.to_thread(uploads.set_aside, folder, saved.path)
    await edit(status, render.upload_rejected(name, reason, _relative(moved, folder)))
    logger.info("upload %s was not indexed (%s); moved aside", name, reason)


async def _index_with_progress(status: Message, engine: Engine, paths: list[Path] | None,
                               heading: str) -> IndexReport:
    """engine.update in a worker thread, editing ``status`` with its progress now and then."""
    latest: list[tuple[str, int, int]] = []  # appended by the worker thread, read here
    work = asyncio.ensure_future(asyncio.to_thread(engine.update, paths,
                                                   progress=lambda *step: latest.append(step)))
    shown = None
    while not work.done():
        await asyncio.wait([work], timeout=PROGRESS_EVERY)
        if latest and latest[-1] != shown and not work.done():
            shown = latest[-1]
            await edit(status, heading + render.progress_html(*shown))
    return work.result()


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.resolve().relative_to(folder.resolve()))
    except ValueError:
        return path.name
