"""The bot as its own process (`python -m inspection_bot serve`) against FakeTelegram, as users meet it.

bot = BotProcess(fake, tmp_folder, admins=[admin["id"]])
await bot.start()                                  # returns once the bot is taking updates
fake.send_text(chat, alice, "When is the next Ofsted visit?")
message = await bot_message(fake, chat)            # the bot's next message in that chat
await bot.stop(); bot.logs()                             # everything it wrote on stdout and stderr
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.fake_telegram import Call, FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "documents"
CABINET_TITLE = "Cabinet member report - Ofsted monitoring visit July 2021"
CABINET_REPORT = f"2021-09-23 {CABINET_TITLE}.txt"


class BotProcess:
    def __init__(
        self,
        fake: FakeTelegram,
        folder: Path,
        *,
        admins: list[int] = (),
        args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
    ) -> None:
        self.fake, self.folder, self.args = fake, folder, args
        self.documents, self.index = folder / "documents", folder / "index"
        self.feedback_db = folder / "feedback.sqlite"  # the default: beside the index folder
        self.env = {
            **os.environ,
            "TELEGRAM_API_URL": fake.url,
            "TELEGRAM_BOT_TOKEN": fake.token,
            "BOT_ADMIN_IDS": ",".join(map(str, admins)),
            "INSPECTION_BOT_INDEX_DIR": str(self.index),
            "INSPECTION_BOT_DOCUMENTS_DIR": str(self.documents),
            **(env or {}),
        }
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0

    async def start(self, ready_method: str = "getUpdates", timeout: float = 90) -> float:
        """Start the process on a copy of documents/; returns the seconds until it took updates."""
        if not self.documents.exists():
            shutil.copytree(DOCUMENTS, self.documents)
        self.out, self.err = (
            open(self.folder / "stdout.log", "wb"),
            open(self.folder / "stderr.log", "wb"),
        )
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "inspection_bot", "serve", *self.args],
            cwd=ROOT,
            env=self.env,
            stdout=self.out,
            stderr=self.err,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        # Polling: the first getUpdates is a long poll, so it counts as soon as it is asked.
        while not any(
            c.method == ready_method and c.status in (None, 200) for c in self.fake.calls
        ):
            if self.process.poll() is not None or time.monotonic() > deadline:
                await self.stop()
                raise AssertionError(
                    f"the bot did not start (exit {self.process.returncode}):\n{self.logs()}"
                )
            await asyncio.sleep(0.05)
        return time.monotonic() - self.started_at

    async def stop(self) -> int | None:
        """SIGTERM, as a service manager stops it; returns the exit status. Async: the fake must keep
        answering while the bot shuts down."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 30
            while self.process.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        for handle in (getattr(self, "out", None), getattr(self, "err", None)):
            if handle:
                handle.close()
        return self.process.returncode if self.process else None

    def logs(self) -> str:
        for handle in (getattr(self, "out", None), getattr(self, "err", None)):
            if handle and not handle.closed:
                handle.flush()
        return "".join(
            (self.folder / name).read_text(errors="replace")
            for name in ("stdout.log", "stderr.log")
            if (self.folder / name).exists()
        )


async def bot_call(
    fake: FakeTelegram,
    chat: dict,
    method: str = "sendMessage",
    since: int | None = None,
    timeout: float = 15,
    ok: bool = True,
) -> Call:
    """The bot's next answered `method` call into `chat` (after the latest update sent, or `since`)."""
    return await fake.wait_for_call(
        method,
        lambda c: c.params.get("chat_id") == chat["id"] and (c.status == 200 or not ok),
        timeout=timeout,
        since=since,
    )


async def bot_message(
    fake: FakeTelegram, chat: dict, since: int | None = None, timeout: float = 15
) -> dict:
    """The next message the bot sent into `chat`, as the fake stored it (text after HTML parsing)."""
    return (await bot_call(fake, chat, since=since, timeout=timeout)).result


def bold_or_italic_texts(message: dict) -> list[str]:
    """The parts of a message's text that Telegram shows bold or italic."""
    text = message["text"].encode("utf-16-le")
    return [
        text[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in message.get("entities", [])
        if e["type"] in ("bold", "italic")
    ]


def buttons(message: dict) -> dict[str, str]:
    """Button text → callback data, for an inline keyboard under a message."""
    return {
        b["text"]: b["callback_data"]
        for row in message.get("reply_markup", {}).get("inline_keyboard", [])
        for b in row
    }
