"""What every handler and job is given: ``context.bot_data`` is a ``BotData``, not a dict.

bot/app.py passes ``ContextTypes(bot_data=BotData)`` to the application builder, so
python-telegram-bot makes one ``BotData`` for the application; handlers read
``context.bot_data.engine`` and the like, each attribute typed, and a misspelt name is an
error rather than a new key.
"""

from __future__ import annotations

import asyncio

from telegram.ext import CallbackContext, ExtBot

from index import Engine
from index.question.followups import Conversations

from .alerts import Alerts
from .indexing import Indexing
from .limits import QuestionLimit
from .settings import BotSettings
from .state import BotState
from .uploads import Journal


class BotData:
    """The objects the bot holds while it runs; what it keeps across restarts is in ``state``.

    python-telegram-bot makes it with no arguments. ``settings`` is set when the application
    is built; the rest in post_init (bot/app.py, ``_open``) before the first update is taken,
    so a handler can rely on every attribute. post_shutdown also runs after a post_init that
    failed: only it must ask what was opened.
    """

    # Slots: an attribute not listed here cannot be set, as a mistyped dict key could.
    __slots__ = (
        "settings",
        "engine",
        "state",
        "limit",
        "alerts",
        "indexing",
        "journal",
        "conversations",
        "resuming",
    )

    settings: BotSettings
    engine: Engine
    state: BotState  # the bot's database (bot/state.py)
    limit: QuestionLimit  # replies per sender (bot/limits.py)
    alerts: Alerts
    indexing: Indexing  # the one thread that changes the engine
    journal: Journal  # uploads in progress, for a restart to finish
    conversations: Conversations  # each conversation's last turn, for follow-up questions
    resuming: asyncio.Task | None  # finishing the uploads a stop interrupted; kept referenced

    def __init__(self) -> None:
        self.conversations = Conversations()
        self.resuming = None


#: The type of ``context`` in every handler and job of this bot.
Context = CallbackContext[ExtBot[None], dict, dict, BotData]
