"""``inspection-bot serve``: run the Telegram bot, by long polling or behind a webhook.

Imported by inspection_bot/cli.py to add the subcommand, so nothing heavy is imported at the top:
python-telegram-bot loads only when ``serve`` runs. Logging is set up here, with a filter
that removes the token (and the webhook secret) from every record, tracebacks included.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable
from urllib.parse import urlsplit

from .settings import BotSettings

logger = logging.getLogger("bot")
#: Telegram's updates are a few KB (a message is at most 4096 characters); tornado would read 100 MB,
#: before the secret token is even checked.
MAX_WEBHOOK_BODY = 1024 * 1024


def add_serve_parser(sub, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser(
        "serve",
        help="run the Telegram bot (long polling; a webhook with --webhook-url)",
        description="Run the Telegram bot. Needs TELEGRAM_BOT_TOKEN in the environment "
        "(never a flag). Long polling unless --webhook-url is given.",
    )
    p.add_argument(
        "--webhook-url",
        help="public URL Telegram posts updates to; the bot serves its path "
        "(env BOT_WEBHOOK_URL; default: long polling)",
    )
    p.add_argument(
        "--listen",
        help="address the webhook server listens on (env BOT_WEBHOOK_LISTEN, default 127.0.0.1)",
    )
    p.add_argument(
        "--port",
        type=int,
        help="port the webhook server listens on (env BOT_WEBHOOK_PORT, default 8443)",
    )
    p.add_argument(
        "--secret-token",
        help="secret Telegram must send with each update "
        "(env BOT_WEBHOOK_SECRET; default: a random one per start)",
    )
    common(p)
    p.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    settings = BotSettings.load(
        webhook_url=args.webhook_url,
        webhook_listen=args.listen,
        webhook_port=args.port,
        webhook_secret=args.secret_token,
        index_dir=args.index_dir,
        documents_dir=args.documents_dir,
        model=args.model,
    )
    configure_logging(settings.secret_strings)
    from telegram.error import InvalidToken

    from index import InspectionBotError

    from .app import ALLOWED_UPDATES, build_application

    application = build_application(settings)
    try:
        if settings.webhook_url:
            from tornado.httpserver import HTTPServer

            # PTB builds its tornado server itself; configure() sets the arguments every HTTPServer gets.
            HTTPServer.configure(
                None, max_body_size=MAX_WEBHOOK_BODY, max_buffer_size=MAX_WEBHOOK_BODY
            )
            logger.info(
                "starting: webhook %s, listening on %s:%d",
                settings.webhook_url,
                settings.webhook_listen,
                settings.webhook_port,
            )
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            logger.info("starting: long polling %s", settings.api_url)
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        # PTB's own message quotes the token; say it in our words instead.
        logger.error(
            "The Bot API server at %s refused TELEGRAM_BOT_TOKEN. Copy the token again from @BotFather "
            "(or check TELEGRAM_API_URL).",
            settings.api_url,
        )
        return 2
    except InspectionBotError:
        raise  # the index could not be opened: inspection_bot/cli.py prints the engine's one-line message
    except Exception:
        # Through the logger, so the traceback is redacted too (sys.excepthook would print it raw).
        logger.exception("the bot stopped on an unexpected error")
        return 1
    return 0


class Redact(logging.Filter):
    """Replaces each secret in a record (message, arguments, traceback) with [REDACTED]."""

    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        # the whole token before its half
        ordered = sorted({s for s in secrets if s}, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def _clean(self, text: str) -> str:
        return self._pattern.sub("[REDACTED]", text) if self._pattern else text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed log call: log it as written rather than raise into its caller
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = self._clean(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self._clean(record.stack_info)
        return True


class HideUpdateBodies(logging.Filter):
    """PTB logs a webhook update it cannot parse at CRITICAL with its whole body (people's messages):
    say that it happened, at WARNING, and nothing of what it held."""

    PREFIX = "Something went wrong processing the data received from Telegram"

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(self.PREFIX):
            error = record.exc_info[1] if record.exc_info else None
            record.msg, record.args = (
                "refused a malformed update from the webhook (%s)",
                (type(error).__name__,),
            )
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info = record.exc_text = None
        return True


def configure_logging(secrets: tuple[str, ...], level: int = logging.INFO) -> None:
    """One handler on stderr for everything, secrets redacted; quiet the libraries that log URLs."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # before Redact, which formats the message with its arguments
    handler.addFilter(HideUpdateBodies())
    handler.addFilter(Redact(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and a Bot API URL contains the token.
    for noisy in ("httpx", "httpcore", "tornado.access", "faiss.loader", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.captureWarnings(True)
