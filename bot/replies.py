"""What every handler shares: the checks made first, and sending replies.

Every reply costs its sender against their limit (bot/limits.py), in one place: ``admitted``.

Replies are Telegram HTML (bot/render.py) split under the 4096-character limit; in groups a
reply quotes the message it answers, so the asker sees which question it is for.
"""

from __future__ import annotations

import logging
import re

from telegram import MaybeInaccessibleMessage, Message, ReplyParameters, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest

from . import render
from .context import Context

logger = logging.getLogger(__name__)

#: What a reply costs against its sender's limit (BOT_RATE_LIMIT_QUESTIONS per window): a picture
#: (/timeline, /national) takes several times the CPU and upload of a text reply. Votes cost
#: nothing: they send no message.
COSTS = {"reply": 1, "picture": 3, "vote": 0}


async def admitted(update: Update, context: Context, cost: float = COSTS["reply"]) -> bool:
    """Whether this sender may have this reply now: on the allowlist, and within their limit.

    A stranger gets a polite refusal naming their id for the admins; those refusals count
    against the limit too, and past it a stranger gets silence. Someone allowed who is over
    the limit is told once how long to wait, then hears nothing until then.
    """
    user, chat = update.effective_user, update.effective_chat
    user_id, limit, sender = user.id if user else None, context.bot_data.limit, sender_key(update)
    if not context.bot_data.settings.may_ask(user_id, chat.id if chat else None):
        logger.info("refused user %s in chat %s: not on the allowlist", user_id, chat and chat.id)
        if not limit.wait(sender, COSTS["reply"]):
            await _refuse(update, render.NOT_ALLOWED.format(user_id=user_id))
        return False
    if wait := limit.wait(sender, cost):
        logger.info(
            "user %s in chat %s is over the rate limit for %.0fs", user_id, chat and chat.id, wait
        )
        if limit.first_refusal(sender, wait):
            await _refuse(update, render.rate_limited(limit.count, limit.seconds, wait))
        return False
    return True


def sender_key(update: Update) -> tuple[str, int | None]:
    """Whose limit a message counts against: its user's, or its chat's when posted as a chat.

    Anonymous group admins all arrive as one user (@GroupAnonymousBot) with the group as
    ``sender_chat``: keyed by user, every anonymous admin of every group would share one limit.
    """
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return "chat", message.sender_chat.id
    if update.effective_user is not None:
        return "user", update.effective_user.id
    return "chat", update.effective_chat.id if update.effective_chat else None


async def _refuse(update: Update, html: str) -> None:
    if update.callback_query:
        await update.callback_query.answer(re.sub(r"<[^>]+>", "", html)[:200], show_alert=True)
    else:
        await reply(update.effective_message, html)


async def admin_only(update: Update, context: Context, what: str) -> bool:
    """Whether the user is an admin; if not, a refusal, and the attempt is logged (user id only)."""
    user_id = update.effective_user.id if update.effective_user else None
    if context.bot_data.settings.is_admin(user_id):
        return True
    logger.warning("refused a non-admin's attempt to %s: user %s", what, user_id)
    if not context.bot_data.limit.wait(sender_key(update)):  # refusals count against the limit too
        await reply(update.effective_message, render.ADMINS_ONLY.format(what=what))
    return False


async def reply(
    message: MaybeInaccessibleMessage, html: str, markup=None, quote: bool | None = None
) -> Message:
    """Send ``html`` in as many messages as it takes; in groups (or when asked) quote ``message``.

    Buttons go under the last part. Returns the last message sent.
    """
    quote = message.chat.type != ChatType.PRIVATE if quote is None else quote
    parts = render.split_html(html)
    sent = None
    for i, part in enumerate(parts):
        quoted = (
            ReplyParameters(message.message_id, allow_sending_without_reply=True)
            if quote and i == 0
            else None
        )
        sent = await message.get_bot().send_message(
            message.chat.id,
            part,
            parse_mode=ParseMode.HTML,
            link_preview_options=render.NO_PREVIEW,
            reply_parameters=quoted,
            reply_markup=markup if i == len(parts) - 1 else None,
        )
    return sent


async def edit(status: Message, html: str) -> None:
    """Edit a progress message; text past one message's limit follows as new messages."""
    first, *rest = render.split_html(html) or ["…"]
    try:
        await status.edit_text(
            first, parse_mode=ParseMode.HTML, link_preview_options=render.NO_PREVIEW
        )
    except BadRequest as error:
        if "not modified" not in str(error):
            raise
    for part in rest:
        await status.get_bot().send_message(
            status.chat.id, part, parse_mode=ParseMode.HTML, link_preview_options=render.NO_PREVIEW
        )
