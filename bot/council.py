"""/council: the council a chat is about, set by the chat's administrators, kept in the bot's database.

Who may change a chat's settings (its council, the councils it follows) is decided here
once: in a private chat its user; in a group the chat's administrators, as Telegram says
(getChatMember), or the bot's admins.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from index.question import resolve_council

from . import render, replies
from .context import Context

logger = logging.getLogger(__name__)

CLEAR_WORDS = {"none", "clear", "off", "-"}
USAGE = (
    "Send <code>/council NAME</code> to set the council this chat is about (for example "
    "<code>/council Bolton</code>), <code>/council none</code> to clear it."
)


def council_named(name: str) -> str | None:
    """The one council or trust a user typed, forgiven as a question's words are; else None."""
    return resolve_council(name).one


def chat_council(context: Context, chat_id: int) -> tuple[str | None, bool]:
    """The chat's council and whether it is the deployment's default rather than the chat's own choice."""
    own = context.bot_data.state.council(chat_id)
    if own:
        return own, False
    default = context.bot_data.settings.default_council
    return default, default is not None


async def may_configure(update: Update, context: Context, what: str) -> bool:
    """Whether this user may change this chat's settings; if not, tell them who may."""
    chat, user = update.effective_chat, update.effective_user
    if chat.type == ChatType.PRIVATE or context.bot_data.settings.is_admin(user and user.id):
        return True
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
        if member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR):
            return True
    except TelegramError as error:  # say no rather than guess
        logger.warning(
            "could not ask Telegram whether user %s administers chat %s: %s",
            user.id,
            chat.id,
            error,
        )
    await replies.reply(update.effective_message, f"Only this group's administrators may {what}.")
    return False


async def council(update: Update, context: Context) -> None:
    """/council [NAME | none]: show, set or clear the council this chat is about."""
    if not await replies.admitted(update, context):
        return
    message, chat_id = update.effective_message, update.effective_chat.id
    state = context.bot_data.state
    name = " ".join(context.args or ())
    if not name:
        current, default = chat_council(context, chat_id)
        if current is None:
            return await replies.reply(message, "This chat has no council set. " + USAGE)
        why = " (the deployment's default)" if default else ""
        return await replies.reply(
            message, f"This chat's council is <b>{render.escape(current)}</b>{why}. " + USAGE
        )
    if not await may_configure(update, context, "set this chat's council"):
        return
    if name.lower() in CLEAR_WORDS:
        await asyncio.to_thread(state.set_council, chat_id, None, update.effective_user.id)
        return await replies.reply(
            message, "This chat's council is cleared; questions must name the council."
        )
    found = council_named(name)
    if found is None:
        return await replies.reply(
            message,
            f"I do not know a council or trust called “{render.escape(name)}”. "
            "Write it as Ofsted does, for example <code>/council Bolton</code>.",
        )
    await asyncio.to_thread(state.set_council, chat_id, found, update.effective_user.id)
    await replies.reply(
        message,
        f"This chat's council is now <b>{render.escape(found)}</b>: "
        "/status and /timeline without a name are about it.",
    )
