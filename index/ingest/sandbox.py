"""Reading untrusted files in a child process, within limits of memory, time and text.

A small file can be made to cost without bound: a 1 MB PDF whose page content inflates
to 400 MB makes pdfium ask for gigabytes and abort the whole process (``std::bad_alloc``
is not a Python exception), and a 50 KB Word file can keep a reader busy for minutes.
So a file is read (``index.ingest.read_document``) by a worker process whose address
space is capped with ``RLIMIT_AS``; the parent waits a bounded time for each answer
and kills the worker when it is late; a worker that died is replaced for the next file.
The worker answers in JSON lines, never pickle: it has just parsed hostile bytes, and
what it says must be data to the parent, not code. It gets no secrets in its
environment (the bot's token stays with the bot).

A file that breaks a limit raises ``LimitExceeded`` (an ``UnreadableDocument``) after
it has been moved to ``.rejected/`` in the folder it was indexed from, so that no later
run, restart or ``/reindex`` reads it again.

    with Reader() as reader:
        document = reader.read(path, source, set_aside_in=root)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from index.errors import LimitExceeded, UnreadableDocument
from index.ingest.read import Block, Document, read_document

MB = 1024 * 1024
REJECTED_FOLDER = ".rejected"  # hidden, so indexing the documents folder passes over it
#: What the worker may see of the parent's environment: enough to start Python, nothing secret.
_ENVIRONMENT = ("PATH", "PYTHONPATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "SYSTEMROOT")
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


@dataclass(frozen=True)
class Limits:
    """What reading one file may cost. Real reports need a small part of each (the largest
    of the 497 national reports: ~60 MB and 2 s)."""

    memory_bytes: int = 1024 * MB  # address space of the worker process (RLIMIT_AS)
    seconds: float = 60.0  # wall-clock time for one file, from request to answer
    document_chars: int = 5_000_000  # text kept from one document (some 2,500 dense pages)


class Reader:
    """A worker process that reads one file at a time within ``limits``; restarted when it dies."""

    def __init__(self, limits: Limits = Limits()) -> None:
        self.limits = limits
        self._worker: subprocess.Popen | None = None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()

    def read(
        self, path: Path, source: str | None = None, *, set_aside_in: Path | None = None
    ) -> Document:
        """The file as a Document, or UnreadableDocument; LimitExceeded once it is moved to
        ``set_aside_in/.rejected/`` (its ``moved_to``; left where it is when ``set_aside_in`` is None)."""
        path, name = Path(path), source or Path(path).name
        try:
            return self._read(path, name)
        except LimitExceeded as exc:
            if set_aside_in is not None and path.exists():
                try:
                    exc.moved_to = set_aside(Path(set_aside_in), path)
                except OSError:  # a read-only folder, say: the file stays, skipped again next time
                    pass
            raise

    def close(self) -> None:
        if self._worker is not None:
            self._stop(self._worker)
            self._worker = None

    def _read(self, path: Path, name: str) -> Document:
        worker = self._worker = (
            self._worker if self._worker and self._worker.poll() is None else self._start()
        )
        request = {"path": str(path), "source": name, "document_chars": self.limits.document_chars}
        try:
            worker.stdin.write((json.dumps(request) + "\n").encode())
            worker.stdin.flush()
            line = _read_line(worker, time.monotonic() + self.limits.seconds)
        except BrokenPipeError:
            line = b""
        if line is None:  # late: stop it, whatever it was doing
            self._stop(worker)
            self._worker = None
            raise LimitExceeded(
                name, f"took longer than {self.limits.seconds:.0f} s to read (reading stopped)"
            )
        if not line:  # the worker died: pdfium aborts when an allocation fails
            status = self._stop(worker)
            self._worker = None
            raise LimitExceeded(name, _death(status, self.limits))
        answer = json.loads(line)
        if "document" in answer:
            return _document(answer["document"])
        if answer.get("limit"):
            self.close()  # after a MemoryError the worker's heap is not worth keeping
            raise LimitExceeded(name, answer["reason"])
        raise UnreadableDocument(name, answer["reason"])

    def _start(self) -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if k in _ENVIRONMENT}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
        return subprocess.Popen(
            [sys.executable, "-m", "index.ingest.sandbox", str(self.limits.memory_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=_PACKAGE_ROOT,
            close_fds=True,
        )

    @staticmethod
    def _stop(worker: subprocess.Popen) -> int:
        if worker.poll() is None:
            worker.kill()
        for stream in (worker.stdin, worker.stdout):
            try:
                stream.close()
            except OSError:
                pass
        return worker.wait()


def set_aside(folder: Path, path: Path) -> Path:
    """Move ``path`` to ``folder/.rejected/`` under a free name; returns where it went. Never deletes."""
    aside = folder / REJECTED_FOLDER
    aside.mkdir(parents=True, exist_ok=True)
    stem, suffix = path.stem, path.suffix
    for n in range(1, 1000):
        target = aside / (path.name if n == 1 else f"{stem} ({n}){suffix}")
        try:
            os.link(path, target)  # never replaces an existing file
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            if target.exists():
                continue
            shutil.copy2(path, target)
        path.unlink()
        return target
    raise OSError(f"too many files named like {path.name} in {aside}")


def _read_line(worker: subprocess.Popen, deadline: float) -> bytes | None:
    """One line from the worker; b"" if it died first, None if the deadline passed first."""
    fd, buffer = worker.stdout.fileno(), bytearray()
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b""
        buffer += chunk
        if buffer.endswith(b"\n"):
            return bytes(buffer)


def _death(status: int, limits: Limits) -> str:
    if status in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS, -signal.SIGKILL):
        return (
            f"needs more than {limits.memory_bytes // MB} MB of memory to read "
            "(a compressed stream that inflates enormously?)"
        )
    return f"made the reader stop (exit status {status})"


def _document(data: dict) -> Document:
    data["date"] = dt.date.fromisoformat(data["date"]) if data["date"] else None
    data["blocks"] = tuple(Block(**block) for block in data["blocks"])
    return Document(**data)


# ---------------------------------------------------------------- inside the worker process


def _serve(memory_bytes: int) -> None:
    """Answer requests on stdin, one JSON line each, until stdin closes."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # an abort leaves no core file of a hostile document
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        request = json.loads(line)
        try:
            document = read_document(Path(request["path"]), request["source"])
            if len(document.text) > request["document_chars"]:
                answer = {
                    "limit": True,
                    "reason": f"holds more than {request['document_chars']:,} characters of text",
                }
            else:
                answer = {"document": dataclasses.asdict(document)}
        except UnreadableDocument as exc:
            answer = {"limit": isinstance(exc, LimitExceeded), "reason": exc.reason}
        except MemoryError:
            answer = {
                "limit": True,
                "reason": f"needs more than {memory_bytes // MB} MB of memory to read",
            }
        except RecursionError:
            answer = {"limit": True, "reason": "is nested too deeply to read"}
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the run: say what broke
            answer = {"reason": f"could not be read ({type(exc).__name__})"}
        out.write(json.dumps(answer, default=str).encode() + b"\n")
        out.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
