"""Alerts found, queued once and sent within Telegram's limits: the real engine over the bundled letters,
the real bot database; the clock and the day are injected, the Bot is a double that records sends."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.alerts import PER_CHAT_PER_MINUTE, Alerts
from bot.state import BotState

GROUP, OTHER = -4_000_000_001, 5_000_001


class RecordingBot:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    async def send_message(self, chat_id, text, **kwargs):
        self.sent.append((chat_id, text))


@pytest.fixture
def state(tmp_path):
    store = BotState(tmp_path / "bot.sqlite")
    yield store
    store.close()


def test_the_daily_check_tells_each_following_chat_once_when_an_expected_visit_is_overdue(
    seed_engine, state
):
    alerts = Alerts(state, seed_engine)
    state.follow(GROUP, "North Northamptonshire")
    state.follow(OTHER, "Norfolk")  # nothing held about Norfolk: nothing to say
    # The cabinet report (23 September 2021) expects a monitoring visit in October/November 2021.
    assert alerts.check_overdue(dt.date(2021, 10, 15)) == 0
    assert alerts.check_overdue(dt.date(2022, 9, 15)) == 1
    assert (
        alerts.check_overdue(dt.date(2022, 9, 16)) == 0
    )  # the same overdue visit: never told twice
    ((chat, key, html),) = state.pending_alerts()
    assert chat == GROUP and key.startswith("overdue:North Northamptonshire:")
    assert "should have happened by" in html and "no newer document confirms it took place" in html
    assert "Cabinet member report - Ofsted monitoring visit July 2021" in html  # its citation


def test_documents_already_indexed_are_not_news_but_a_new_one_is(seed_engine, state, tmp_path):
    alerts = Alerts(state, seed_engine)
    state.follow(GROUP, "West Northamptonshire")
    assert alerts.check_documents() == 0  # the first look only notes what is there
    assert state.pending_alerts() == [] and alerts.check_documents() == 0


def test_alerts_into_one_chat_keep_to_twenty_a_minute_and_the_rest_follow(seed_engine, state):
    import asyncio

    now = [0.0]
    alerts = Alerts(state, seed_engine, clock=lambda: now[0])
    state.queue_alerts(
        [], [(GROUP, f"test:{i}", f"alert {i}") for i in range(25)] + [(OTHER, "test:x", "x")]
    )
    bot = RecordingBot()
    assert asyncio.run(alerts.send_pending(bot)) == PER_CHAT_PER_MINUTE + 1
    assert [c for c, _ in bot.sent].count(GROUP) == PER_CHAT_PER_MINUTE
    now[0] += 30
    assert asyncio.run(alerts.send_pending(bot)) == 0
    now[0] += 31
    assert asyncio.run(alerts.send_pending(bot)) == 5
    assert [t for c, t in bot.sent if c == GROUP] == [f"alert {i}" for i in range(25)]
    assert state.pending_alerts() == []


def test_an_alert_queued_twice_is_kept_once(state):
    assert state.queue_alerts(["h1"], [(GROUP, "doc:h1", "one")]) == 1
    assert state.queue_alerts(["h1"], [(GROUP, "doc:h1", "one")]) == 0
    state.alert_sent(GROUP, "doc:h1")
    assert state.queue_alerts([], [(GROUP, "doc:h1", "one")]) == 0 and state.pending_alerts() == []
