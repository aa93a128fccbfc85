"""/national (a chart of how councils are rated now, overall or for one judgement) and /list (a
national list, every council cited)."""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import Update

from index.answer.chart import ratings_png
from index.national import (
    LINES_PER_MESSAGE,
    USAGE,
    Nation,
    NationalAnswer,
    NotUnderstood,
    engine_events,
    from_words,
    judgement_named,
    tally,
)

from . import render, replies
from .context import Context

CHART_USAGE = (
    "Send /national for councils by overall grade, or name a judgement: /national care leavers, "
    "/national help and protection, /national children in care, /national leaders."
)


def _nation(context: Context) -> Nation:
    return Nation(engine_events(context.bot_data.engine), dt.date.today())


def national_html(answer: NationalAnswer, limit: int | None = LINES_PER_MESSAGE) -> str:
    """The heading, the lines (the first ``limit``; then the count left and the command for all), sources, notes."""
    lines, left = answer.shown_lines(limit)
    parts = [f"<b>{render.escape(answer.headline)}</b>"]
    if lines:
        parts.append("\n".join(render.escape(line) for line in lines))
    if left:
        parts.append(
            f"… and {left} more. Send /list {render.escape(answer.more or '')} for all {answer.total}."
        )
    shown = answer.citations[: len(lines)]
    if shown:
        parts.append(
            "\n".join(
                ["<b>Sources</b>"]
                + [
                    f"[{c.n}] <i>{render.escape(c.title)}</i> ({render.format_date(c.date)}), "
                    f"{render.escape(c.location)}"
                    for c in shown
                ]
            )
        )
    parts += [f"<i>{render.escape(note)}</i>" for note in answer.notes]
    return "\n\n".join(parts)


async def national(update: Update, context: Context) -> None:
    """/national [JUDGEMENT]: councils by grade at their latest full inspection, overall or for one
    judgement ("/national care leavers"), as a chart with the counts, shares and source."""
    if not await replies.admitted(update, context, replies.COSTS["picture"]):
        return
    judgement = judgement_named(" ".join(context.args or ()))
    if judgement is None:
        return await replies.reply(update.effective_message, render.escape(CHART_USAGE))
    nation = await asyncio.to_thread(_nation, context)
    counted = tally(nation, judgement)
    if not counted.total:
        return await replies.reply(
            update.effective_message, "No full inspection report is indexed yet."
        )
    picture = await asyncio.to_thread(ratings_png, counted)
    caption = (
        f"{render.plural(counted.total, 'council')} by "
        + ("overall grade" if judgement == "overall" else f"their {counted.name.lower()} grade")
        + f" at their latest full inspection, as of {render.format_date(nation.today)}: "
        + ", ".join(f"{g} {n} ({counted.percent(n)}%)" for g, n in counted.counts if n)
        + ". /list GRADE names them, each with its report."
    )
    await update.effective_message.reply_photo(picture, caption=caption[:1024])


async def list_command(update: Update, context: Context) -> None:
    """/list WORDS: every council in a national list (a grade, a region, a year, a change), in
    as many messages as it takes."""
    if not await replies.admitted(update, context):
        return
    words = " ".join(context.args or ())
    if not words:
        return await replies.reply(
            update.effective_message,
            f"Send <code>/list inadequate</code>, or: {render.escape(USAGE)}.",
        )
    nation = await asyncio.to_thread(_nation, context)
    try:
        answer = from_words(nation, words)
    except NotUnderstood as error:
        return await replies.reply(update.effective_message, render.escape(str(error)))
    await replies.reply(update.effective_message, national_html(answer, limit=None))
