"""The bot's one indexing thread: uploads, /reindex and /remove change the engine there, in order.

Indexing never shares threads with answering: questions keep the default worker threads to
themselves (bot/admin.py says how uploads reach this thread).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from index import Engine


class Indexing:
    """The engine's changes, one at a time on the bot's own thread, in the order they were asked."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="indexing")

    async def run(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(
            self._thread, functools.partial(work, *args, **kwargs)
        )

    def close(self) -> None:
        # a kill mid-run is what the journal is for
        self._thread.shutdown(wait=True, cancel_futures=True)
