"""The README for a stranger (issue 25): each sample output is what its command prints today, and
the settings table gives each setting one short line, with the detail in docs/settings.md.

The samples are made by `python -m tests.readme_samples` (see that module); the bundled ones
run over an index of documents/, the national ones over an index of the national corpus when
one is found (INSPECTION_BOT_TEST_NATIONAL_INDEX), and are skipped otherwise.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from bot.settings import BOT_SETTINGS
from index.settings import SETTINGS
from tests import readme_samples
from tests.conftest import ROOT

README = readme_samples.README.read_text()
SAMPLES = readme_samples.samples(README)


def test_the_readme_shows_samples_over_both_corpora():
    kinds = [s.corpus for s in SAMPLES]
    assert kinds.count("bundled") >= 2 and kinds.count("national") >= 4
    assert any(s.args[0] == "brief" for s in SAMPLES)  # the councillor's one page
    assert all("--today" in s.args for s in SAMPLES)  # what they print does not age


@pytest.mark.slow
@pytest.mark.parametrize(
    "sample", [s for s in SAMPLES if s.corpus == "bundled"], ids=lambda s: s.command
)
def test_a_bundled_sample_is_what_its_command_prints_today(sample, seed_engine):
    printed = readme_samples.run(sample, seed_engine.settings.index_dir)
    assert sample.expected(printed) == sample.shown, (
        "the README is stale: python -m tests.readme_samples"
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "sample", [s for s in SAMPLES if s.corpus == "national"], ids=lambda s: s.command
)
def test_a_national_sample_is_what_its_command_prints_today(sample):
    index_dir = readme_samples.national_index()
    if index_dir is None:
        pytest.skip(f"no index of the national corpus ({readme_samples.NATIONAL_INDEX_ENV})")
    printed = readme_samples.run(sample, index_dir)
    assert sample.expected(printed) == sample.shown, (
        "the README is stale: python -m tests.readme_samples --national-index DIR"
    )


def _settings_rows() -> dict[str, str]:
    table = README[README.index("## Settings") : README.index("## How it works")]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 4:
            rows[cells[0].strip("`")] = cells[3]
    return rows


def test_the_settings_table_gives_each_setting_one_short_line_and_docs_the_rest():
    rows = _settings_rows()
    detail = (ROOT / "docs" / "settings.md").read_text()
    for setting in SETTINGS + BOT_SETTINGS:
        assert setting.env in rows, setting.env
        assert len(rows[setting.env]) <= 100, (setting.env, rows[setting.env])
        assert re.search(rf"^## `{setting.env}`$", detail, re.M), setting.env


def test_the_readme_tells_a_stranger_where_things_live_and_how_long_they_take():
    for fact in (
        "1.9 GB",  # the environment the first run builds
        "~/.local/share/inspection-bot/index",  # where the index lives
        "INSPECTION_BOT_INDEX_DIR",  # how to move it
        "7 to 16 minutes on 2 cores",  # indexing the national corpus
        "skipped",  # the corpus tests without the corpus
        "By default *anyone* who finds the bot may ask",  # as the defaults are
        "[Service]",  # a systemd unit
        "builds the index of the documents folder if there is none",
    ):
        assert fact in README, fact


CONVERSATION = re.compile(
    r"^<!-- conversation: bundled (?P<args>[^>]*) -->\n```text\n(?P<body>.*?)```", re.M | re.S
)


@pytest.mark.slow
def test_the_conversation_sample_is_what_chat_answers_turn_by_turn(seed_engine):
    """Each "> question" of the README's conversation, typed into `chat` in turn, is answered
    with the line that follows it there."""
    found = CONVERSATION.search(README)
    assert found, "the README shows a conversation"
    lines = found.group("body").rstrip("\n").split("\n")
    asked = [line[2:] for line in lines if line.startswith("> ")]
    shown = [lines[i + 1] for i, line in enumerate(lines) if line.startswith("> ")]
    result = subprocess.run(
        [sys.executable, "-m", "inspection_bot", "chat", *found.group("args").split()]
        + ["--index-dir", str(seed_engine.settings.index_dir)],
        input="\n".join(asked) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    answered = [part.split("\n", 1)[0] for part in result.stdout.split("> ")[1:] if part.strip()]
    assert answered == shown
