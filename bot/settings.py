"""The bot's settings: declared once as data, read from flags and the environment once.

Like ``index.settings``, no other module of the bot reads ``os.environ``. Every setting
declared in ``BOT_SETTINGS`` is listed in the README's settings table and in
``.env.example`` (tests/test_bot_settings.py checks both). The token is read from the
environment only, never from a flag: flags show up in ``ps`` and shell history.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from index import InspectionBotError, Settings
from index.settings import Setting, council_named

DEFAULT_API_URL = "https://api.telegram.org"
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
DEFAULT_WEBHOOK_PORT = 8443
DEFAULT_RATE_LIMIT_QUESTIONS = 10
DEFAULT_RATE_LIMIT_SECONDS = 60
DEFAULT_ALERT_CHECK_SECONDS = 60
FEEDBACK_FILE = "feedback.sqlite"

BOT_SETTINGS = (
    Setting(
        "token",
        "TELEGRAM_BOT_TOKEN",
        "The bot's token from @BotFather (required; read from the environment only, never logged).",
    ),
    Setting(
        "api_url",
        "TELEGRAM_API_URL",
        f"Root of the Bot API server (default: {DEFAULT_API_URL}); the bot calls ROOT/bot<token>/… "
        "and downloads from ROOT/file/bot<token>/…, so a self-hosted Bot API server works unchanged.",
    ),
    Setting(
        "admin_ids",
        "BOT_ADMIN_IDS",
        "Comma-separated Telegram user ids who may upload documents, /reindex and /remove "
        "(default: none, so nobody can).",
    ),
    Setting(
        "allowed_user_ids",
        "BOT_ALLOWED_USER_IDS",
        "Comma-separated user ids who may ask (default: everyone). With BOT_ALLOWED_CHAT_IDS too, "
        "either list admits; admins always may.",
    ),
    Setting(
        "allowed_chat_ids",
        "BOT_ALLOWED_CHAT_IDS",
        "Comma-separated chat ids (groups are negative) in which anyone may ask (default: every chat).",
    ),
    Setting(
        "webhook_url",
        "BOT_WEBHOOK_URL",
        "Public HTTPS URL Telegram posts updates to; set it for webhook mode (default: long polling). "
        "The bot serves the URL's path.",
    ),
    Setting(
        "webhook_listen",
        "BOT_WEBHOOK_LISTEN",
        f"Address the webhook server listens on (default: {DEFAULT_WEBHOOK_LISTEN}, behind a reverse proxy).",
    ),
    Setting(
        "webhook_port",
        "BOT_WEBHOOK_PORT",
        f"Port the webhook server listens on (default: {DEFAULT_WEBHOOK_PORT}).",
    ),
    Setting(
        "webhook_secret",
        "BOT_WEBHOOK_SECRET",
        "Secret Telegram sends with every update (X-Telegram-Bot-Api-Secret-Token); requests without it "
        "are refused (default: a random one at each start).",
    ),
    Setting(
        "feedback_db",
        "BOT_FEEDBACK_DB",
        f"SQLite file for the answers shown and their 👍/👎 "
        f"(default: {FEEDBACK_FILE} beside the index folder).",
    ),
    Setting(
        "rate_limit_questions",
        "BOT_RATE_LIMIT_QUESTIONS",
        f"Questions one user may ask per window (default: {DEFAULT_RATE_LIMIT_QUESTIONS}).",
    ),
    Setting(
        "rate_limit_seconds",
        "BOT_RATE_LIMIT_SECONDS",
        f"Length of that sliding window in seconds (default: {DEFAULT_RATE_LIMIT_SECONDS}).",
    ),
    Setting(
        "default_council",
        "BOT_DEFAULT_COUNCIL",
        "The council a deployment serves: a chat that has not set its own with /council is about it "
        "(default: INSPECTION_BOT_COUNCIL, else none).",
    ),
    Setting(
        "alert_check_seconds",
        "BOT_ALERT_CHECK_SECONDS",
        f"How often the bot looks for newly indexed documents to alert followers about, in seconds "
        f"(default: {DEFAULT_ALERT_CHECK_SECONDS}).",
    ),
)


class BadSetting(InspectionBotError):
    """A bot setting is missing or malformed; the message names it and how to fix it."""


@dataclass(frozen=True)
class BotSettings:
    engine: Settings
    token: str = field(repr=False)
    api_url: str = DEFAULT_API_URL
    admin_ids: frozenset[int] = frozenset()
    allowed_user_ids: frozenset[int] = frozenset()
    allowed_chat_ids: frozenset[int] = frozenset()
    webhook_url: str | None = None
    webhook_listen: str = DEFAULT_WEBHOOK_LISTEN
    webhook_port: int = DEFAULT_WEBHOOK_PORT
    webhook_secret: str | None = field(default=None, repr=False)
    feedback_db: Path = Path(FEEDBACK_FILE)
    rate_limit_questions: int = DEFAULT_RATE_LIMIT_QUESTIONS
    rate_limit_seconds: int = DEFAULT_RATE_LIMIT_SECONDS
    default_council: str | None = None
    alert_check_seconds: int = DEFAULT_ALERT_CHECK_SECONDS

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: object) -> BotSettings:
        """Defaults, then the environment, then flags that are not None.

        ``index_dir``, ``documents_dir`` and ``model`` overrides go to the engine's Settings.
        """
        env = os.environ if env is None else env
        engine_keys = {"index_dir", "documents_dir", "model"}
        engine = Settings.load(env, **{k: v for k, v in overrides.items() if k in engine_keys})
        raw = {s.name: env[s.env] for s in BOT_SETTINGS if env.get(s.env, "").strip()}
        raw.update({k: v for k, v in overrides.items() if k not in engine_keys and v is not None})
        token = str(raw.pop("token", "")).strip()
        if not token:
            raise BadSetting(
                "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and export "
                "TELEGRAM_BOT_TOKEN=… before `inspection-bot serve` (see .env.example)."
            )
        if not re.fullmatch(r"\d+:[\w-]+", token):
            # Never echo the value: a mangled token is still mostly a secret.
            raise BadSetting(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters, "
                "digits, _ or -). Copy it again from @BotFather."
            )
        values: dict[str, object] = {
            "engine": engine,
            "token": token,
            "feedback_db": engine.index_dir.parent / FEEDBACK_FILE,
            "default_council": engine.council,
        }
        for name, value in raw.items():
            values[name] = _PARSERS.get(name, _text)(name, str(value))
        if values.get("webhook_url") and not values.get("webhook_secret"):
            values["webhook_secret"] = secrets.token_urlsafe(32)  # the webhook must never be open
        settings = cls(**values)  # type: ignore[arg-type]
        if settings.webhook_secret is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", settings.webhook_secret
        ):
            raise BadSetting(
                "BOT_WEBHOOK_SECRET (--secret-token) may hold only A-Z, a-z, 0-9, _ and -, "
                "1 to 256 of them (Telegram's rule)."
            )
        return settings

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admin_ids

    def may_ask(self, user_id: int | None, chat_id: int | None) -> bool:
        """Everyone when no allowlist is set; else a listed user, a listed chat, or an admin."""
        if not self.allowed_user_ids and not self.allowed_chat_ids:
            return True
        return (
            self.is_admin(user_id)
            or user_id in self.allowed_user_ids
            or chat_id in self.allowed_chat_ids
        )

    @property
    def secret_strings(self) -> tuple[str, ...]:
        """Strings that must never reach a log: the token, its secret half, the webhook secret."""
        return tuple(
            s for s in (self.token, self.token.partition(":")[2], self.webhook_secret) if s
        )


def _env_name(name: str) -> str:
    return next(s.env for s in BOT_SETTINGS if s.name == name)


def _text(name: str, value: str) -> str:
    return value.strip()


def _url(name: str, value: str) -> str:
    value = value.strip().rstrip("/")
    if not re.match(r"https?://[^/\s]+", value):
        raise BadSetting(
            f"{_env_name(name)} must be an http(s) URL such as {DEFAULT_API_URL}, got {value!r}."
        )
    return value


def _ids(name: str, value: str) -> frozenset[int]:
    parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
    bad = [p for p in parts if not re.fullmatch(r"-?\d+", p)]
    if bad:
        raise BadSetting(
            f"{_env_name(name)} must list numeric Telegram ids separated by commas; {bad[0]!r} is not "
            "one. A user sees their id when they send /start to the bot."
        )
    return frozenset(int(p) for p in parts)


def _positive(name: str, value: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise BadSetting(f"{_env_name(name)} must be a whole number of at least 1, got {value!r}.")
    return int(value)


def _port(name: str, value: str) -> int:
    port = _positive(name, value)
    if port > 65535:
        raise BadSetting(f"{_env_name(name)} must be a port number (1-65535), got {value!r}.")
    return port


def _council(name: str, value: str) -> str:
    try:
        return council_named(value.strip(), _env_name(name))
    except InspectionBotError as error:
        raise BadSetting(str(error)) from None


def _path(name: str, value: str) -> Path:
    return Path(value).expanduser()


_PARSERS = {
    "api_url": _url,
    "webhook_url": _url,
    "admin_ids": _ids,
    "allowed_user_ids": _ids,
    "allowed_chat_ids": _ids,
    "webhook_port": _port,
    "feedback_db": _path,
    "rate_limit_questions": _positive,
    "rate_limit_seconds": _positive,
    "default_council": _council,
    "alert_check_seconds": _positive,
}

assert {f.name for f in fields(BotSettings)} - {"engine"} == {s.name for s in BOT_SETTINGS}
