"""Faults while indexing and at start-up: kills inside the commit, damaged files, a full disk.

The index must never be half-used: after any of these, the live generation is a complete one
(the old, or the new once the pointer was swapped), it answers, and the next run completes. A
damaged file is named in one clear line with the command that rebuilds it, by the CLI and by the
bot at start-up (which exits instead of looping on a traceback).

Kill points are reached by running the real CLI in a child process whose ``os.fsync``,
``os.rename`` … are wrapped to SIGKILL the process at that call: a test-only hook that exists only
in the child, so production code carries none.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import DOCUMENTS, ROOT, run_cli

from index.build.update import update_index
from index.engine import Engine
from index.errors import IndexCorrupt, IndexNotFound, IndexWriteFailed
from index.settings import Settings
from index.store import Store, live_generation
from tests.fake_telegram import FakeTelegram

REBUILD = "inspection-bot index --rebuild"
QUESTION = "When is the next Ofsted visit?"
OLD_FACT = "October/ November 2021"
LETTER = (
    "# Ofsted focused visit to Council {n}\n\ndate 2023-03-{day:02}\n\n1.1 Ofsted carried out a focused visit "
    "to Council {n} children's services, looking at topic {n}.\n\n1.2 Inspectors found that leaders have a "
    "clear plan for topic number {n} of the review.\n"
)


def settings_for(folder: Path, index_dir: Path) -> Settings:
    return Settings.load(env={}, documents_dir=folder, index_dir=index_dir)


def add_letters(folder: Path, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        (folder / f"letter-{n:03}.md").write_text(LETTER.format(n=n, day=1 + n % 28))


@pytest.fixture(scope="module")
def built(tmp_path_factory, encoder) -> Path:
    """A folder with the seed documents and their index (one generation), copied by each test."""
    folder = tmp_path_factory.mktemp("built")
    shutil.copytree(DOCUMENTS, folder / "documents")
    update_index(folder / "index", [folder / "documents"], encoder)
    return folder


@pytest.fixture
def work(built, tmp_path) -> Path:
    shutil.copytree(built, tmp_path / "work", symlinks=True)
    return tmp_path / "work"


def assert_answers_from(index_dir: Path, folder: Path, encoder, documents: int) -> None:
    """The live generation opens whole, holds ``documents`` documents and answers the golden question."""
    engine = Engine.open(settings_for(folder, index_dir), encoder)
    assert len(engine.documents()) == documents
    assert OLD_FACT in engine.ask(QUESTION).answer


# ---------------------------------------------------------------- kill -9 inside the commit

CHILD = textwrap.dedent("""
    import os, shutil, signal, sys
    import numpy, faiss
    point, argv = sys.argv[1], sys.argv[2:]
    calls = {"fsync": 0}
    swapped = []

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def wrap(owner, name, before=None, after=None):
        real = getattr(owner, name)
        def wrapper(*args, **kwargs):
            if before and before(*args):
                die()
            result = real(*args, **kwargs)
            if after and after(*args):
                die()
            return result
        setattr(owner, name, wrapper)

    def nth_fsync(n):
        def check(*args):
            calls["fsync"] += 1
            return calls["fsync"] == n
        return check

    points = {
        "during-bm25-save": lambda: wrap(numpy, "save", before=lambda *a: True),
        "after-vectors-written": lambda: wrap(faiss, "write_index", after=lambda *a: True),
        "first-fsync": lambda: wrap(os, "fsync", before=nth_fsync(1)),
        "mid-fsync": lambda: wrap(os, "fsync", before=nth_fsync(4)),
        "before-generation-rename": lambda: wrap(os, "rename", before=lambda *a: "gen-" in str(a[1])),
        "after-generation-rename": lambda: wrap(os, "rename", after=lambda *a: "gen-" in str(a[1])),
        "before-pointer-swap": lambda: wrap(os, "replace", before=lambda *a: str(a[1]).endswith("CURRENT")),
        "after-pointer-swap": lambda: wrap(os, "replace", after=lambda *a: str(a[1]).endswith("CURRENT")),
        "during-sweep": lambda: (wrap(os, "replace", after=lambda *a: swapped.append(1) and False),
                                 wrap(shutil, "rmtree", before=lambda *a: bool(swapped))),
    }
    points[point]()
    from inspection_bot.cli import main
    sys.exit(main(argv))
""")

#: Kill point → whether the new generation is live afterwards (the pointer swap is the one moment it changes).
KILL_POINTS = {
    "during-bm25-save": False,
    "after-vectors-written": False,
    "first-fsync": False,
    "mid-fsync": False,
    "before-generation-rename": False,
    "after-generation-rename": False,
    "before-pointer-swap": False,
    "after-pointer-swap": True,
    "during-sweep": True,
}


@pytest.mark.slow
@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_kill_inside_the_commit_leaves_a_whole_index_and_the_next_run_completes(
    work, encoder, point
):
    folder, index_dir = work / "letters", work / "index"
    folder.mkdir()
    for n in range(2):  # three generations, so that the sweep has work to do
        add_letters(folder, 1, start=900 + n)
        update_index(index_dir, [folder], encoder)
    before = live_generation(index_dir)
    held = len(Store.open(index_dir).documents())
    add_letters(folder, 5)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, point, "index", str(folder), "--index-dir", str(index_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert child.returncode == -signal.SIGKILL, (point, child.returncode, child.stderr[-2000:])

    swapped = live_generation(index_dir) != before
    assert swapped == KILL_POINTS[point]
    assert_answers_from(index_dir, folder, encoder, held + 5 if swapped else held)

    report = update_index(index_dir, [folder], encoder)  # the next run completes
    assert len(report.added) == (0 if swapped else 5) and not report.skipped
    assert_answers_from(index_dir, folder, encoder, held + 5)
    assert not list(index_dir.glob("tmp-*"))  # leftovers swept
    assert len(list(index_dir.glob("gen-*"))) <= 3


# ---------------------------------------------------------------- damaged files


def _sqlite_page(db: Path, table: str) -> tuple[int, int]:
    with contextlib.closing(sqlite3.connect(db)) as con:
        root = con.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
        size = con.execute("PRAGMA page_size").fetchone()[0]
    return (root - 1) * size, size


def _spoil_text(db: Path, phrase: str) -> None:
    """Every stored copy of ``phrase`` becomes bytes that are not UTF-8: structure intact, content damaged."""
    data = db.read_bytes()
    assert phrase.encode() in data
    db.write_bytes(data.replace(phrase.encode(), b"\xff" * len(phrase.encode())))


def _zero_page(db: Path, table: str) -> None:
    start, size = _sqlite_page(db, table)
    data = bytearray(db.read_bytes())
    data[start : start + size] = bytes(size)
    db.write_bytes(bytes(data))


def _zero_header(db: Path) -> None:
    db.write_bytes(bytes(100) + db.read_bytes()[100:])


def _overwrite_cells(db: Path, table: str) -> None:
    """Garbage over the cell content area of a table's root page: its header still looks sane."""
    start, size = _sqlite_page(db, table)
    data = bytearray(db.read_bytes())
    data[start + size // 2 : start + size] = (b"\x81\x02\xfe\x10" * size)[: size - size // 2]
    db.write_bytes(bytes(data))


def _truncate(path: Path, keep: float) -> None:
    path.write_bytes(path.read_bytes()[: int(len(path.read_bytes()) * keep)])


def _pickled_ids(path: Path) -> None:
    np.save(path, np.array([{"id": 1}, os.getpid], dtype=object), allow_pickle=True)


DAMAGE = {
    "CURRENT names a missing generation": lambda g: (g.parent / "CURRENT").write_text(
        "gen-000000000000001-1\n"
    ),
    "manifest.json missing": lambda g: (g / "manifest.json").unlink(),
    "manifest.json empty": lambda g: (g / "manifest.json").write_text(""),
    "manifest.json not JSON": lambda g: (g / "manifest.json").write_bytes(b"\x00\xff{schema"),
    "index.sqlite empty": lambda g: (g / "index.sqlite").write_bytes(b""),
    "index.sqlite truncated": lambda g: _truncate(g / "index.sqlite", 0.5),
    "index.sqlite not a database": lambda g: (g / "index.sqlite").write_bytes(b"GARBAGE" * 4096),
    "index.sqlite header zeroed": lambda g: _zero_header(g / "index.sqlite"),
    "index.sqlite table page zeroed": lambda g: _zero_page(g / "index.sqlite", "documents"),
    "index.sqlite cells overwritten": lambda g: _overwrite_cells(g / "index.sqlite", "events"),
    "index.sqlite text not UTF-8": lambda g: _spoil_text(g / "index.sqlite", OLD_FACT),
    "index.sqlite titles not UTF-8": lambda g: _spoil_text(
        g / "index.sqlite", "Cabinet member report"
    ),
    "vectors.faiss empty": lambda g: (g / "vectors.faiss").write_bytes(b""),
    "vectors.faiss truncated": lambda g: _truncate(g / "vectors.faiss", 0.6),
    "vectors.faiss garbage": lambda g: (g / "vectors.faiss").write_bytes(os.urandom(4096)),
    "bm25 vocabulary truncated": lambda g: _truncate(g / "bm25" / "vocab.index.json", 0.5),
    "bm25 parameters missing": lambda g: (g / "bm25" / "params.index.json").unlink(),
    "bm25 matrix truncated": lambda g: _truncate(g / "bm25" / "data.csc.index.npy", 0.5),
    "bm25_ids.npy truncated": lambda g: _truncate(g / "bm25_ids.npy", 0.5),
    "bm25_ids.npy holds pickled objects": lambda g: _pickled_ids(g / "bm25_ids.npy"),
}


def _use(index_dir: Path, folder: Path, encoder) -> None:
    """What the bot and the CLI do with an index: open it, answer, list, report status."""
    engine = Engine.open(settings_for(folder, index_dir), encoder)
    for question in (
        QUESTION,
        "What did the February 2021 visit focus on?",
        "What did inspectors find?",
    ):
        engine.ask(question)
    engine.documents()
    engine.status()


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_refused_naming_the_rebuild_command_and_rebuild_recovers(
    work, encoder, damage
):
    folder, index_dir = work / "documents", work / "index"
    DAMAGE[damage](live_generation(index_dir))
    with pytest.raises(IndexCorrupt, match=f"damaged.*{REBUILD}") as refused:
        _use(index_dir, folder, encoder)
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 500
    with pytest.raises(IndexCorrupt, match=REBUILD):  # an update does not build on damage
        Engine(settings_for(folder, index_dir), encoder).update()
    report = Engine(settings_for(folder, index_dir), encoder).update(rebuild=True)
    assert len(report.added) == 2
    assert_answers_from(index_dir, folder, encoder, 2)


def test_an_index_with_no_pointer_is_built_afresh_from_the_documents_folder(work, encoder):
    folder, index_dir = work / "documents", work / "index"
    (index_dir / "CURRENT").unlink()
    with pytest.raises(IndexNotFound, match="inspection-bot index"):
        Engine.open(settings_for(folder, index_dir), encoder)
    Engine.open(
        settings_for(folder, index_dir), encoder, build_if_missing=True
    )  # what the bot does at start
    assert_answers_from(index_dir, folder, encoder, 2)


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["index.sqlite truncated", "index.sqlite text not UTF-8"])
def test_the_cli_names_the_damage_and_the_rebuild_command_without_a_traceback(work, damage):
    folder, index_dir = work / "documents", work / "index"
    DAMAGE[damage](live_generation(index_dir))
    for args in (("ask", QUESTION), ("docs",), ("index", str(folder))):
        result = run_cli(*args, "--index-dir", str(index_dir), "--documents-dir", str(folder))
        assert result.returncode == 2, (args, result.stderr)
        assert REBUILD in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
    assert run_cli("index", str(folder), "--rebuild", "--index-dir", str(index_dir)).returncode == 0
    assert OLD_FACT in run_cli("ask", QUESTION, "--index-dir", str(index_dir)).stdout


async def _serve(work: Path) -> tuple[int, str]:
    """`inspection-bot serve` as a service manager starts it; its exit status and output."""
    async with FakeTelegram() as fake:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_URL": fake.url,
            "INSPECTION_BOT_INDEX_DIR": str(work / "index"),
            "INSPECTION_BOT_DOCUMENTS_DIR": str(work / "documents"),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "inspection_bot",
            "serve",
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(), 120)
        except TimeoutError:
            process.kill()
            raise AssertionError("the bot kept running on a damaged file") from None
        output = (out + err).decode(errors="replace")
        assert fake.token.partition(":")[2] not in output
        assert not [c for c in fake.calls if c.method == "getUpdates"]  # it never took an update
        return process.returncode, output


def _tree(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p), p.stat().st_size) for p in folder.rglob("*") if p.is_file())


@pytest.mark.slow
async def test_the_bot_refuses_to_start_on_a_damaged_index_with_one_clear_line_each_time(work):
    DAMAGE["index.sqlite text not UTF-8"](live_generation(work / "index"))
    files = _tree(work / "index") + _tree(work / "documents")
    for _ in range(2):  # as a service manager would restart it
        status, output = await _serve(work)
        assert status == 2, output[-3000:]
        assert REBUILD in output and "Traceback" not in output, output[-3000:]
    assert (
        _tree(work / "index") + _tree(work / "documents") == files
    )  # nothing rebuilt over it, nothing lost


@pytest.mark.slow
async def test_the_bot_refuses_to_start_on_a_damaged_feedback_database_naming_the_file(work):
    feedback = work / "feedback.sqlite"
    feedback.write_bytes(b"this is not a database" * 200)
    status, output = await _serve(work)
    assert status == 2, output[-3000:]
    assert str(feedback) in output and "Traceback" not in output, output[-3000:]
    assert (
        feedback.read_bytes() == b"this is not a database" * 200
    )  # kept for whoever looks into it


# ---------------------------------------------------------------- a full disk


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    """A real file system of ``size`` mounted at ``path`` (root only); skips where that is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip(
            "mounting a small tmpfs needs root (the RLIMIT_FSIZE test covers this elsewhere)"
        )
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(disk: Path, leave: int) -> None:
    stat = os.statvfs(disk)
    with open(disk / "filler", "wb") as handle:
        handle.write(bytes(max(0, stat.f_bavail * stat.f_frsize - leave)))


@contextlib.contextmanager
def file_size_limit(limit: int):
    """RLIMIT_FSIZE for this process: a write past ``limit`` bytes fails with EFBIG, as on a full disk."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def _assert_failed_cleanly(
    error: IndexWriteFailed, engine: Engine, index_dir: Path, before: Path
) -> None:
    assert "the index in use is unchanged" in str(error)
    assert live_generation(index_dir) == before
    assert not list(index_dir.glob("tmp-*"))  # nothing half-written left to be used
    assert len(engine.documents()) == 2 and OLD_FACT in engine.ask(QUESTION).answer


@pytest.mark.slow
def test_a_full_disk_at_any_point_of_a_run_leaves_the_old_index_answering(tmp_path, encoder):
    folder = tmp_path / "letters"
    folder.mkdir()
    add_letters(folder, 80)
    seen: set[str] = set()
    with tmpfs(tmp_path / "disk", "16m") as disk:
        engine = Engine(settings_for(folder, disk / "index"), encoder)
        engine.update([DOCUMENTS])
        before = sum(p.stat().st_size for p in (disk / "index").rglob("*") if p.is_file())
        engine.update([folder])
        needed = sum(p.stat().st_size for p in (disk / "index").rglob("*") if p.is_file()) - before
        shutil.rmtree(disk / "index")
        # Free space from none to nearly enough: each run fails at a later write (SQLite, FAISS, JSON, pointer).
        # SQLite (passages and their sentences' vectors) takes most of the bytes, so the other
        # files are written in the last few per cent.
        for share in (0, 0.3, 0.6, 0.85, 0.95, 0.98, 0.99, 0.995):
            index_dir = disk / "index"
            engine = Engine(settings_for(folder, index_dir), encoder)
            engine.update([DOCUMENTS])
            before = live_generation(index_dir)
            fill(disk, int(share * needed))
            try:
                engine.update([folder])
            except IndexWriteFailed as error:
                seen.add(str(error.__cause__.__class__.__name__))
                assert "No space left on device" in str(error) or "full" in str(error)
                _assert_failed_cleanly(error, engine, index_dir, before)
                (disk / "filler").unlink()
                assert (
                    len(engine.update([folder]).added) == 80
                )  # with space again, the run completes
            else:
                (disk / "filler").unlink()
            engine.snapshot.store.close()
            shutil.rmtree(index_dir)
    assert len(seen) >= 2, seen  # more than one kind of write was hit


@pytest.mark.parametrize("limit", [8 * 1024, 60 * 1024, 200 * 1024])
def test_a_file_size_limit_mid_run_leaves_the_old_index_answering(work, encoder, limit):
    folder, index_dir = work / "documents", work / "index"
    add_letters(folder, 150)
    engine = Engine.open(settings_for(folder, index_dir), encoder)
    before = live_generation(index_dir)
    with (
        file_size_limit(limit),
        pytest.raises(IndexWriteFailed, match="File too large|disk is full|I/O") as failed,
    ):
        engine.update([folder])
    _assert_failed_cleanly(failed.value, engine, index_dir, before)
    assert len(engine.update([folder]).added) == 150


def test_an_upload_that_does_not_fit_is_refused_and_leaves_no_partial_file(tmp_path):
    from bot import uploads

    folder = tmp_path / "documents"
    folder.mkdir()
    with file_size_limit(64 * 1024), pytest.raises(uploads.Refused, match="could not be written"):
        uploads.save(folder, "big letter.pdf", b"%PDF-1.4\n" + bytes(200 * 1024))
    assert list(folder.iterdir()) == []


@pytest.mark.slow
def test_the_cli_says_the_disk_is_full_and_the_index_in_use_is_unchanged(work, tmp_path):
    folder = work / "documents"
    add_letters(folder, 150)
    with tmpfs(tmp_path / "disk", "16m") as disk:
        shutil.copytree(work / "index", disk / "index")
        fill(disk, 0)
        result = run_cli("index", str(folder), "--index-dir", str(disk / "index"))
        assert result.returncode == 2, result.stderr
        assert "the index in use is unchanged" in result.stderr and "Traceback" not in result.stderr
        assert "No space left on device" in result.stderr or "full" in result.stderr
