"""Limits in both directions: questions per user, and retries of calls Telegram refused.

``QuestionLimit`` keeps one user from monopolising the engine (each answer is ~150 ms of
CPU). ``RetryingLimiter`` plugs into python-telegram-bot's rate-limiter hook, which wraps
every Bot API call with its method name; the library's own ``AIORateLimiter`` needs the
optional ``aiolimiter`` package and throttles every call up front, whereas a bot this
size only needs to react when Telegram says so.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import warnings
from collections import deque
from typing import Any, Callable, Coroutine

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)


class QuestionLimit:
    """At most ``count`` questions from one user in any ``seconds``-long window (a sliding window)."""

    def __init__(self, count: int, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.count, self.seconds, self._clock = count, seconds, clock
        self._asked: dict[int, deque[float]] = {}

    def wait(self, user_id: int) -> float:
        """0 and the question is counted, or the seconds until this user may ask again."""
        now = self._clock()
        asked = self._asked.setdefault(user_id, deque())
        while asked and asked[0] <= now - self.seconds:
            asked.popleft()
        if len(asked) >= self.count:
            return asked[0] + self.seconds - now
        asked.append(now)
        if len(self._asked) > 10_000:  # forget users whose window is empty, now and then
            self._asked = {u: q for u, q in self._asked.items() if q and q[-1] > now - self.seconds}
        return 0.0


#: Calls whose failure costs nothing: retrying them would only delay the answer behind them.
BEST_EFFORT = frozenset({"sendChatAction", "setMyCommands", "deleteMyCommands"})


class RetryingLimiter(BaseRateLimiter[None]):
    """Waits out a 429 (RetryAfter) and retries transient network failures with backoff.

    PTB's contract asks a limiter to handle only RetryAfter; this one also retries
    NetworkError/TimedOut because it is the one place that sees every call with its
    method name. BadRequest is a NetworkError subclass but is never transient. A timed-out
    send may have reached Telegram, so a retry can rarely show a message twice; losing
    an answer is the worse failure.
    """

    def __init__(self, max_retries: int = 3, backoff: float = 0.5, max_wait: float = 30.0) -> None:
        self.max_retries, self.backoff, self.max_wait = max_retries, backoff, max_wait

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: None) -> Any:
        for attempt in range(self.max_retries + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                delay = _seconds(error)
                if endpoint in BEST_EFFORT or attempt == self.max_retries or delay > self.max_wait:
                    raise
                logger.warning("%s: Telegram asked to retry after %.0fs; waiting", endpoint, delay)
            except BadRequest:
                raise
            except NetworkError as error:
                if endpoint in BEST_EFFORT or attempt == self.max_retries:
                    raise
                delay = self.backoff * 2 ** attempt
                logger.warning("%s failed (%s); retry %d in %.1fs", endpoint, error, attempt + 1, delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")


def _seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns when retry_after is read as an int
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
