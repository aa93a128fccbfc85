"""The index on disk: incremental, atomic, refuses what it cannot trust."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from index.build.update import update_index
from index.engine import Engine
from index.errors import IndexCorrupt, IndexMismatch
from index.settings import Settings
from index.store import Store, live_generation

LETTER = """# Ofsted focused visit to {council}

date {date}

1.1 Ofsted carried out a focused visit to {council} children's services, looking at {topic}.

1.2 Inspectors found that leaders in {council} have a clear plan for {topic}.
"""


def write_letter(
    folder: Path, name: str, council: str, topic: str, date: str = "2023-03-01"
) -> Path:
    path = folder / name
    path.write_text(LETTER.format(council=council, topic=topic, date=date))
    return path


def test_unchanged_documents_are_not_embedded_again(tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    write_letter(folder, "a.md", "Avonshire", "care leavers")
    write_letter(folder, "b.md", "Bexshire", "the front door")
    first = update_index(tmp_path / "index", [folder], encoder)
    assert sorted(first.added) == ["a.md", "b.md"]

    before = encoder.texts_encoded
    again = update_index(tmp_path / "index", [folder], encoder)
    assert encoder.texts_encoded == before  # nothing re-embedded
    assert sorted(again.unchanged) == ["a.md", "b.md"] and not again.changed

    write_letter(folder, "c.md", "Cumbershire", "children in care")
    third = update_index(tmp_path / "index", [folder], encoder)
    assert third.added == ["c.md"]
    # only the new letter's passages and the sentences an answer may quote from them
    assert encoder.texts_encoded - before == third.passages_added + third.sentences_added
    assert third.sentences_added > third.passages_added


def test_changed_file_replaces_its_passages(tmp_path, encoder):
    settings = Settings.load(
        env={}, documents_dir=tmp_path / "documents", index_dir=tmp_path / "index"
    )
    settings.documents_dir.mkdir()
    write_letter(settings.documents_dir, "visit.md", "Avonshire", "care leavers")
    engine = Engine.open(settings, encoder, build_if_missing=True)
    assert "care leavers" in engine.ask("What did the focused visit to Avonshire look at?").answer

    write_letter(settings.documents_dir, "visit.md", "Avonshire", "disabled children")
    report = engine.update()
    assert report.updated == ["visit.md"]
    answer = engine.ask("What did the focused visit to Avonshire look at?")
    assert "disabled children" in answer.answer and "care leavers" not in answer.answer
    assert len(engine.documents()) == 1


def test_removed_file_disappears_from_answers_but_documents_elsewhere_stay(tmp_path, encoder):
    settings = Settings.load(
        env={}, documents_dir=tmp_path / "documents", index_dir=tmp_path / "index"
    )
    settings.documents_dir.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_letter(settings.documents_dir, "a.md", "Avonshire", "care leavers")
    write_letter(elsewhere, "b.md", "Bexshire", "the front door")
    engine = Engine(settings, encoder)
    engine.update([settings.documents_dir])
    engine.update([elsewhere])
    assert {d.source for d in engine.documents()} == {"a.md", "b.md"}

    (settings.documents_dir / "a.md").unlink()
    report = engine.update([settings.documents_dir])
    assert report.removed == ["a.md"]
    assert {d.source for d in engine.documents()} == {"b.md"}
    answer = engine.ask("What did the focused visit to Avonshire look at?")
    assert all(c.source != "a.md" for c in answer.citations)


def test_remove_moves_the_file_aside_and_never_deletes_it(tmp_path, encoder):
    settings = Settings.load(
        env={}, documents_dir=tmp_path / "documents", index_dir=tmp_path / "index"
    )
    settings.documents_dir.mkdir()
    write_letter(settings.documents_dir, "a.md", "Avonshire", "care leavers")
    write_letter(settings.documents_dir, "b.md", "Bexshire", "the front door")
    engine = Engine.open(settings, encoder, build_if_missing=True)
    removed, moved = engine.remove("a.md")
    assert removed.source == "a.md"
    assert moved.read_text().startswith("# Ofsted focused visit to Avonshire")
    assert {d.source for d in engine.documents()} == {"b.md"}
    engine.update()  # a later re-index does not bring it back
    assert {d.source for d in engine.documents()} == {"b.md"}


def test_duplicate_content_under_another_name_is_skipped(tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    write_letter(folder, "a.md", "Avonshire", "care leavers")
    shutil.copy(folder / "a.md", folder / "copy of a.md")
    report = update_index(tmp_path / "index", [folder], encoder)
    assert report.added == ["a.md"]
    assert [(s.source, "same content as a.md" in s.reason) for s in report.skipped] == [
        ("copy of a.md", True)
    ]


def test_an_events_focus_is_stored_with_it(tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "note.md").write_text(
        "# Quarterly note to members\n\nQuarterly note, 2 October 2023.\n\n"
        "1.1 The third monitoring visit took place on 5 and 6 September 2023 and looked at "
        "care leavers.\n\n1.2 A joint targeted area inspection of the response to neglect is "
        "expected in spring 2024.\n"
    )
    update_index(tmp_path / "index", [folder], encoder)
    store = Store.open(tmp_path / "index", model=encoder.name)
    try:
        events = [(e.kind, e.status, e.number, e.focus, e.label) for e in store.events()]
        as_json = [e.to_json()["focus"] for e in store.events()]
    finally:
        store.close()
    assert events == [
        ("monitoring_visit", "completed", 3, "care leavers", "3rd monitoring visit"),
        ("jtai", "expected", None, "the response to neglect", "joint targeted area inspection"),
    ]
    assert as_json == ["care leavers", "the response to neglect"]


def test_an_index_of_the_schema_before_focus_is_updated_without_embedding_again(tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "minutes.md").write_text(
        "# Scrutiny minutes\n\nMinutes of the meeting held on 9 January 2024.\n\n"
        "The fourth monitoring visit took place on 5 and 6 December 2023 and focused on "
        "children in care.\n"
    )
    update_index(tmp_path / "index", [folder], encoder)
    # As schema 4 left it: no focus column, read by older code.
    generation = live_generation(tmp_path / "index")
    db = sqlite3.connect(generation / "index.sqlite")
    db.execute("ALTER TABLE events DROP COLUMN focus")
    db.execute("UPDATE documents SET extractor = 'older'")
    db.commit()
    db.close()
    manifest = json.loads((generation / "manifest.json").read_text())
    (generation / "manifest.json").write_text(json.dumps({**manifest, "schema_version": 4}))
    with pytest.raises(IndexMismatch, match="schema version 4.*Update it by indexing"):
        Store.open(tmp_path / "index", model=encoder.name)

    before = encoder.texts_encoded
    update_index(tmp_path / "index", [folder], encoder)
    assert encoder.texts_encoded == before  # read again, not embedded again
    store = Store.open(tmp_path / "index", model=encoder.name)
    try:
        assert [(e.number, e.focus) for e in store.events()] == [(4, "children in care")]
    finally:
        store.close()


def test_index_built_with_another_model_is_refused_with_the_rebuild_command(tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    write_letter(folder, "a.md", "Avonshire", "care leavers")
    update_index(tmp_path / "index", [folder], encoder)
    manifest_path = live_generation(tmp_path / "index") / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    with pytest.raises(IndexMismatch, match="inspection-bot index --rebuild"):
        Store.open(tmp_path / "index", model="some/other-model")
    manifest["schema_version"] = 999
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatch, match="schema version 999.*inspection-bot index --rebuild"):
        Store.open(tmp_path / "index", model=encoder.name)
    result = run_cli("ask", "What did the visit look at?", "--index-dir", str(tmp_path / "index"))
    assert result.returncode == 2
    assert "inspection-bot index --rebuild" in result.stderr and "Traceback" not in result.stderr


def test_corrupt_vectors_file_names_the_rebuild_command(tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    write_letter(folder, "a.md", "Avonshire", "care leavers")
    update_index(tmp_path / "index", [folder], encoder)
    vectors = live_generation(tmp_path / "index") / "vectors.faiss"
    vectors.write_bytes(vectors.read_bytes()[:100])
    with pytest.raises(IndexCorrupt, match="vectors.faiss.*inspection-bot index --rebuild"):
        Store.open(tmp_path / "index", model=encoder.name)
    report = update_index(tmp_path / "index", [folder], encoder, rebuild=True)
    assert report.added == ["a.md"]
    Store.open(tmp_path / "index", model=encoder.name).close()


def _kill_during(stage: str, folder: Path, index_dir: Path) -> str:
    """Start `inspection-bot index` and SIGKILL it once its progress shows ``stage``."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inspection_bot",
            "index",
            str(folder),
            "--index-dir",
            str(index_dir),
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    seen = b""
    deadline = time.monotonic() + 120
    while stage.encode() not in seen and time.monotonic() < deadline:
        chunk = os.read(process.stderr.fileno(), 4096)
        if not chunk:
            break
        seen += chunk
    process.send_signal(signal.SIGKILL)
    process.wait()
    return seen.decode(errors="replace")


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["Reading", "Embedding"])
def test_killed_indexing_leaves_the_old_index_answering(tmp_path, encoder, stage):
    index_dir = tmp_path / "index"
    folder = tmp_path / "documents"
    folder.mkdir()
    write_letter(folder, "a.md", "Avonshire", "care leavers")
    update_index(index_dir, [folder], encoder)
    old_generation = live_generation(index_dir)
    for i in range(150):  # enough new letters that indexing takes a while
        write_letter(folder, f"letter-{i:03}.md", f"Council {i}", f"topic number {i} of the review")

    output = _kill_during(stage, folder, index_dir)
    assert stage in output
    assert live_generation(index_dir) == old_generation
    engine = Engine.open(Settings.load(env={}, documents_dir=folder, index_dir=index_dir), encoder)
    assert [d.source for d in engine.documents()] == ["a.md"]
    assert "care leavers" in engine.ask("What did the focused visit to Avonshire look at?").answer

    report = update_index(index_dir, [folder], encoder)  # the next run completes
    assert len(report.added) == 150 and report.unchanged == ["a.md"]
    assert not list(index_dir.glob("tmp-*"))
