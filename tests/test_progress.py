"""Progress bars show each stage's own rate, though stages take turns group by group."""

from __future__ import annotations

import time

from inspection_bot.cli import _Bars


def test_each_bar_counts_only_the_time_its_own_stage_ran():
    bars = _Bars()
    bars("embedding", 0, 20)
    time.sleep(0.1)
    bars("embedding", 10, 20)
    bars("sentences", 0, 40)  # the group's sentences: the passage bar's clock stops
    time.sleep(0.6)
    bars("sentences", 20, 40)
    bars("embedding", 10, 20)  # the next group's passages
    time.sleep(0.1)
    bars("embedding", 20, 20)
    passages = bars._bars["embedding"].format_dict["elapsed"]
    assert 0.15 < passages < 0.45, passages  # 0.2 s of its own, not 0.8 s
    bars("sentences", 20, 40)
    time.sleep(0.05)
    bars("sentences", 40, 40)
    assert 0.6 < bars._bars["sentences"].format_dict["elapsed"] < 0.9
