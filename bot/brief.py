"""/brief [COUNCIL]: one page on a council for a councillor, as a picture and one message with its
sources. The chat's council when none is named (bot/council.py); the page itself is the engine's
(``Engine.brief``, index/answer/brief.py) drawn by index/answer/brief_chart.py."""

from __future__ import annotations

import asyncio

from telegram import Update

from index import Brief, InspectionBotError
from index.answer.brief_chart import brief_png

from . import render, replies
from .context import Context

MAX_CAPTION = 1024  # Telegram's limit on a picture's caption


def sources_html(brief: Brief) -> str:
    """The message after the picture: its headline, then every [n] the page cites, the as-of
    date and any warning."""
    parts = [f"<b>{render.escape(brief.headline)}</b>"]
    parts.append(
        "\n".join(
            ["<b>Sources</b>"]
            + [
                f"[{c.n}] <i>{render.escape(c.title)}</i> ({render.format_date(c.date)}), "
                f"{render.escape(c.location)}"
                for c in brief.citations
            ]
        )
    )
    if brief.as_of:
        parts.append(f"As of {render.format_date(brief.as_of)}.")
    parts += [f"⚠️ {render.escape(w)}" for w in brief.warnings]
    return "\n\n".join(parts)


async def brief(update: Update, context: Context) -> None:
    """/brief [COUNCIL]: the one-page brief as a picture, then one message with its sources."""
    if not await replies.admitted(update, context, replies.COSTS["picture"]):
        return
    from .council import chat_council  # the chat's council when the command names none

    message = update.effective_message
    named = " ".join(context.args or ()) or chat_council(context, update.effective_chat.id)[0]
    try:
        found = await asyncio.to_thread(context.bot_data.engine.brief, named)
    except InspectionBotError as error:  # OutOfScope: unknown, no documents, or which one?
        return await replies.reply(message, render.escape(str(error)))
    picture = await asyncio.to_thread(brief_png, found)
    caption = f"Inspection brief: {found.council}, as of {render.format_date(found.today)}"
    await message.reply_photo(picture, caption=caption[:MAX_CAPTION])
    await replies.reply(message, sources_html(found))
