"""The bot's settings, its log redaction, its question limit and its upload-name rules, as plain functions."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import uploads
from bot.cli import Redact
from bot.limits import QuestionLimit
from bot.settings import BOT_SETTINGS, BadSetting, BotSettings
from index.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAFakeTokenForTests_abcdefghijklmnop"


@pytest.mark.parametrize("setting", SETTINGS + BOT_SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_in_the_readme_table_and_env_example(setting):
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"^\| `{setting.env}` \|", readme, re.M), (
        f"{setting.env} is missing from the README's table"
    )
    example = (ROOT / ".env.example").read_text()
    assert re.search(rf"^#? ?{setting.env}=", example, re.M), (
        f"{setting.env} is missing from .env.example"
    )


def test_settings_come_from_the_environment_then_flags(tmp_path):
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": "http://127.0.0.1:8081/",
        "BOT_ADMIN_IDS": "1, 2",
        "BOT_ALLOWED_CHAT_IDS": "-100123",
        "INSPECTION_BOT_INDEX_DIR": str(tmp_path / "idx"),
        "BOT_WEBHOOK_PORT": "9000",
    }
    settings = BotSettings.load(env, webhook_port=9443, documents_dir=tmp_path / "docs")
    assert settings.api_url == "http://127.0.0.1:8081"
    assert settings.admin_ids == {1, 2} and settings.allowed_chat_ids == {-100123}
    assert (
        settings.webhook_port == 9443
        and settings.webhook_url is None
        and settings.webhook_secret is None
    )
    assert settings.engine.documents_dir == tmp_path / "docs"
    assert settings.feedback_db == tmp_path / "feedback.sqlite"  # beside the index folder
    assert TOKEN not in repr(settings)


def test_a_webhook_without_a_secret_gets_a_random_one():
    settings = BotSettings.load(
        {"TELEGRAM_BOT_TOKEN": TOKEN}, webhook_url="https://bot.example.org/hook"
    )
    assert settings.webhook_secret and len(settings.webhook_secret) >= 32


def test_the_allowlist_admits_listed_users_listed_chats_and_admins():
    everyone = BotSettings.load({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert everyone.may_ask(7, 7) and not everyone.is_admin(7)
    listed = BotSettings.load(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "BOT_ALLOWED_USER_IDS": "7",
            "BOT_ALLOWED_CHAT_IDS": "-5",
            "BOT_ADMIN_IDS": "9",
        }
    )
    assert (
        listed.may_ask(7, 8)
        and listed.may_ask(8, -5)
        and listed.may_ask(9, 9)
        and not listed.may_ask(8, 8)
    )


@pytest.mark.parametrize(
    "env, message",
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "not a token but secret"}, "does not look like a bot token"),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_ADMIN_IDS": "1,alice"},
            "BOT_ADMIN_IDS must list numeric Telegram ids",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": "api.telegram.org"},
            "TELEGRAM_API_URL must be an http",
        ),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_RATE_LIMIT_QUESTIONS": "0"}, "at least 1"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_WEBHOOK_SECRET": "has spaces"}, "may hold only"),
    ],
)
def test_bad_settings_say_which_and_how_to_fix_without_echoing_the_token(env, message):
    with pytest.raises(BadSetting, match=message) as error:
        BotSettings.load(env)
    assert "not a token but secret" not in str(error.value) and TOKEN not in str(error.value)


def test_the_log_filter_redacts_the_token_in_messages_arguments_and_tracebacks():
    record = logging.LogRecord(
        "httpx",
        logging.ERROR,
        __file__,
        1,
        "POST %s failed",
        (f"https://x/bot{TOKEN}/getMe",),
        None,
    )
    try:
        raise RuntimeError(f"boom at /bot{TOKEN}/sendMessage")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    Redact((TOKEN, TOKEN.partition(":")[2])).filter(record)
    formatted = logging.Formatter().format(record)
    assert "[REDACTED]" in formatted and TOKEN.partition(":")[2] not in formatted


def test_the_question_limit_is_a_sliding_window_per_user():
    now = [0.0]
    limit = QuestionLimit(3, 60, clock=lambda: now[0])
    for t in (0, 10, 20):
        now[0] = t
        assert limit.wait(1) == 0
    now[0] = 30
    assert limit.wait(1) == 30 and limit.wait(2) == 0  # others are not held up
    now[0] = 60.5
    assert limit.wait(1) == 0  # the first question has slid out
    assert limit.wait(1) == 9.5  # the refused one did not count


@given(st.text(max_size=400))
def test_a_cleaned_upload_name_is_one_visible_file_name_of_bounded_length(name):
    cleaned = uploads.clean_name(name)
    assert "/" not in cleaned and "\\" not in cleaned and cleaned not in ("", ".", "..")
    assert not cleaned.startswith(".") and ".." not in cleaned
    assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in cleaned)
    assert len(cleaned.encode()) <= uploads.MAX_NAME_BYTES


@pytest.mark.parametrize(
    "name, cleaned",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\Letter.PDF", "Letter.pdf"),
        (".hidden.md", "hidden.md"),
        ("bad\x00na\x1bme.docx", "badname.docx"),
        ("a" * 300 + ".pdf", "a" * 176 + ".pdf"),
        ("", "document"),
    ],
)
def test_upload_names_lose_folders_control_characters_and_excess(name, cleaned):
    assert uploads.clean_name(name) == cleaned


def test_a_save_never_overwrites_and_a_rejected_file_is_kept_aside(tmp_path):
    first = uploads.save(tmp_path, "letter.txt", b"one")
    second = uploads.save(tmp_path, "letter.txt", b"two")
    assert (first.path.name, first.renamed_from) == ("letter.txt", None)
    assert (second.path.name, second.renamed_from) == ("letter (2).txt", "letter.txt")
    assert first.path.read_bytes() == b"one" and second.path.read_bytes() == b"two"
    aside = uploads.set_aside(tmp_path, second.path)
    assert aside == tmp_path / ".rejected" / "letter (2).txt" and aside.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".rejected",
        "letter.txt",
    ]  # no temporary files left
