"""Limits in both directions: work per sender, and retries of calls Telegram refused.

``QuestionLimit`` keeps one sender from monopolising the engine (each answer is ~150 ms of
CPU, a timeline picture more) or the bot's sends. ``RetryingLimiter`` plugs into
python-telegram-bot's rate-limiter hook, which wraps every Bot API call with its method name;
the library's own ``AIORateLimiter`` needs the optional ``aiolimiter`` package and throttles
every call up front, whereas a bot this size only needs to react when Telegram says so.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import warnings
from collections import deque
from collections.abc import Callable, Coroutine, Hashable
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)


class QuestionLimit:
    """At most ``count`` units of work from one sender in any ``seconds``-long window (a sliding window).

    A question or a command costs 1 and a picture more (bot/handlers.py says how much): every
    reply costs the bot CPU and a Telegram send, so each one is counted, refusals to strangers
    included. A sender is a user, or a chat for those who post as the chat (anonymous group
    admins all share one user id).
    """

    def __init__(
        self, count: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.count, self.seconds, self._clock = count, seconds, clock
        self._spent: dict[
            Hashable, deque[tuple[float, float]]
        ] = {}  # key → (when, cost), oldest first
        self._warned: dict[Hashable, float] = {}  # key → until when a "please wait" has been said

    def wait(self, key: Hashable, cost: float = 1.0) -> float:
        """0 and the cost is counted, or the seconds until ``cost`` fits in this sender's window."""
        now = self._clock()
        spent = self._spent.setdefault(key, deque())
        while spent and spent[0][0] <= now - self.seconds:
            spent.popleft()
        over = sum(c for _, c in spent) + cost - self.count
        if over > 0:
            for when, c in spent:  # the moment enough of the window has slid out
                over -= c
                if over <= 0:
                    return when + self.seconds - now
            return self.seconds
        spent.append((now, cost))
        if len(self._spent) > 10_000:  # forget senders whose window is empty, now and then
            self._spent = {
                k: q for k, q in self._spent.items() if q and q[-1][0] > now - self.seconds
            }
            self._warned = {k: t for k, t in self._warned.items() if t > now}
        return 0.0

    def first_refusal(self, key: Hashable, wait: float) -> bool:
        """Whether to say "please wait" now: once until the wait is over, then silence (a reply costs too)."""
        now = self._clock()
        if self._warned.get(key, 0.0) > now:
            return False
        self._warned[key] = now + wait
        return True


#: Calls whose failure costs nothing: retrying them would only delay the answer behind them.
BEST_EFFORT = frozenset({"sendChatAction", "setMyCommands", "deleteMyCommands"})


#: Calls that show something new each time they arrive: sent twice, a user sees two answers.
SENDS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup", "copyMessage", "forwardMessage"}
)


class RetryingLimiter(BaseRateLimiter[None]):
    """Waits out one 429 (RetryAfter) per call and retries transient network failures with backoff.

    PTB's contract asks a limiter to handle only RetryAfter; this one also retries
    NetworkError because it is the one place that sees every call with its method name.
    BadRequest is a NetworkError subclass but is never transient. Two rules keep a
    handler from sleeping and a user from seeing doubles:

    - a second 429 for the same call drops it (the error reaches the handler): Telegram is
      throttling this chat, and a handler slot asleep for it holds up everyone else;
    - a send that timed out waiting for Telegram's answer is not sent again: the request
      was written in full, so it has most likely arrived, and Telegram is only slow to say
      so. Failures before an answer could have been given (refused or dropped connections)
      are retried.
    """

    def __init__(self, max_retries: int = 3, backoff: float = 0.5, max_wait: float = 30.0) -> None:
        self.max_retries, self.backoff, self.max_wait = max_retries, backoff, max_wait

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Any:
        waited = False
        for attempt in range(self.max_retries + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                delay = _seconds(error)
                if endpoint in BEST_EFFORT or waited or delay > self.max_wait:
                    logger.warning(
                        "%s: Telegram asked to retry after %.0fs again; dropped", endpoint, delay
                    )
                    raise
                waited = True
                logger.warning(
                    "%s: Telegram asked to retry after %.0fs; waiting once", endpoint, delay
                )
            except BadRequest:
                raise
            except TimedOut as error:
                if endpoint in SENDS and _written(error):
                    logger.warning(
                        "%s: no answer from Telegram in time; not sent again, as it has most likely "
                        "arrived",
                        endpoint,
                    )
                    raise
                if endpoint in BEST_EFFORT or attempt == self.max_retries:
                    raise
                delay = self.backoff * 2**attempt
                logger.warning(
                    "%s timed out (%s); retry %d in %.1fs", endpoint, error, attempt + 1, delay
                )
            except NetworkError as error:
                if endpoint in BEST_EFFORT or attempt == self.max_retries:
                    raise
                delay = self.backoff * 2**attempt
                logger.warning(
                    "%s failed (%s); retry %d in %.1fs", endpoint, error, attempt + 1, delay
                )
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")


def _written(error: TimedOut) -> bool:
    """Whether the request went out before the time ran out (not a connect or connection-pool timeout)."""
    cause = type(error.__cause__).__name__ if error.__cause__ else ""
    return cause not in ("ConnectTimeout", "PoolTimeout")


def _seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns when retry_after is read as an int
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
