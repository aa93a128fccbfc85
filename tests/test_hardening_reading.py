"""Files that cost far more to read than their size, and a folder that moved: the indexer's limits.

Each file is read by a worker process with a memory limit and a deadline (index/sandbox.py); a
file that breaks a limit is skipped with its reason and moved to .rejected/, so no later run reads
it again. The hostile files are made here, in the test (tests/hostile_files.py).
"""

from __future__ import annotations

import shutil
import time

import pytest

from index.build.update import update_index
from index.errors import LimitExceeded, UnreadableDocument
from index.ingest.read import MAX_PAGE_CHARS, read_document
from index.ingest.sandbox import Limits, Reader
from index.store import Store
from tests.hostile_files import inflating_pdf, many_paragraphs_docx
from tests.pdfgen import make_pdf

pytestmark = pytest.mark.slow

LETTER = (
    "# Ofsted focused visit to Avonshire\n\nPublished: 3 March 2023\n\n1.1 Inspectors looked at care "
    "leavers in Avonshire and found that personal advisers knew the young people well.\n"
)


def test_a_pdf_that_inflates_past_the_memory_limit_is_set_aside_and_the_run_goes_on(
    tmp_path, encoder
):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.md").write_text(LETTER)
    (folder / "bomb.pdf").write_bytes(inflating_pdf(120))  # 0.4 MB asking pdfium for ~1.8 GB
    report = update_index(tmp_path / "index", [folder], encoder)
    assert report.added == ["letter.md"]
    [skipped] = report.skipped
    assert skipped.source == "bomb.pdf" and "MB of memory" in skipped.reason
    assert skipped.moved_to == folder / ".rejected" / "bomb.pdf" and skipped.moved_to.is_file()
    assert not (folder / "bomb.pdf").exists()
    again = update_index(
        tmp_path / "index", [folder], encoder
    )  # a restart or /reindex: never read again
    assert again.unchanged == ["letter.md"] and not again.skipped


def test_a_word_document_of_100000_short_paragraphs_is_refused_at_once_and_set_aside(tmp_path):
    (tmp_path / "many.docx").write_bytes(many_paragraphs_docx(100_000))  # about 0.2 MB
    began = time.monotonic()
    with (
        Reader() as reader,
        pytest.raises(LimitExceeded, match="over 20,000 paragraphs") as refused,
    ):
        reader.read(tmp_path / "many.docx", set_aside_in=tmp_path)
    assert time.monotonic() - began < 60  # it took 115 s to read, before
    assert refused.value.moved_to == tmp_path / ".rejected" / "many.docx"


def test_paragraph_styles_are_read_once_so_a_long_word_document_reads_within_its_deadline(tmp_path):
    (tmp_path / "long.docx").write_bytes(many_paragraphs_docx(10_000))
    with Reader(Limits(seconds=20)) as reader:  # 17 s idle when each paragraph searched the styles
        document = reader.read(tmp_path / "long.docx")
    assert document.title == "Monitoring visit to Manyshire"
    assert (
        sum(block.kind == "item" for block in document.blocks) == 10_000
    )  # "List Paragraph" still counts


def test_reading_past_the_deadline_is_stopped_the_file_set_aside_and_the_next_file_read(tmp_path):
    (tmp_path / "slow.docx").write_bytes(many_paragraphs_docx(15_000))
    (tmp_path / "letter.md").write_text(LETTER)
    with Reader(Limits(seconds=0.3)) as reader:
        with pytest.raises(LimitExceeded, match="took longer than 0 s") as refused:
            reader.read(tmp_path / "slow.docx", set_aside_in=tmp_path)
        assert refused.value.moved_to.parent == tmp_path / ".rejected"
        reader.limits = Limits(seconds=30)
        assert reader.read(tmp_path / "letter.md").title == "Ofsted focused visit to Avonshire"


def test_text_is_capped_per_page_and_per_document(tmp_path):
    line = (
        "Inspectors read the records of children and spoke to their social workers and managers. "
    )
    (tmp_path / "dense.pdf").write_bytes(
        make_pdf([["Dense report", *[line] * 2500]])
    )  # ~225,000 characters
    assert len(read_document(tmp_path / "dense.pdf").text) <= MAX_PAGE_CHARS
    (tmp_path / "letter.md").write_text(LETTER)
    with (
        Reader(Limits(document_chars=100)) as reader,
        pytest.raises(LimitExceeded, match="more than 100 char"),
    ):
        reader.read(tmp_path / "letter.md")
    assert (tmp_path / "letter.md").exists()  # not asked to set it aside


def test_an_unreadable_file_read_in_the_worker_is_skipped_not_set_aside(tmp_path):
    (tmp_path / "page.pdf").write_bytes(b"<html><body>Not a PDF</body></html>")
    with (
        Reader() as reader,
        pytest.raises(UnreadableDocument, match="HTML page, not a PDF") as refused,
    ):
        reader.read(tmp_path / "page.pdf", set_aside_in=tmp_path)
    assert not isinstance(refused.value, LimitExceeded) and (tmp_path / "page.pdf").exists()


def test_the_same_files_in_a_moved_folder_are_unchanged_not_duplicates(tmp_path, encoder):
    first = tmp_path / "old" / "documents"
    first.mkdir(parents=True)
    (first / "letter.md").write_text(LETTER)
    (first / "sub").mkdir()
    (first / "sub" / "other.md").write_text(LETTER.replace("Avonshire", "Bexshire"))
    update_index(tmp_path / "index", [first], encoder)
    moved = tmp_path / "new" / "documents"
    shutil.move(tmp_path / "old", tmp_path / "new")
    report = update_index(tmp_path / "index", [moved], encoder)
    assert sorted(report.unchanged) == ["letter.md", "sub/other.md"] and not report.skipped
    assert report.indexed_any and not report.added  # the CLI exits 0
    store = Store.open(tmp_path / "index")
    assert sorted(d.path for d in store.documents()) == sorted(
        str(p) for p in (moved / "letter.md", moved / "sub" / "other.md")
    )
    store.close()
    again = update_index(tmp_path / "index", [moved], encoder)
    assert sorted(again.unchanged) == ["letter.md", "sub/other.md"] and not again.changed
