"""Every input format, built by the tests; bad files skipped with their reasons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from conftest import CABINET_REPORT, DOCUMENTS, NEWS_RELEASE
from pdfgen import make_pdf

from index.build.chunk import split_passages
from index.build.update import update_index
from index.errors import UnreadableDocument
from index.ingest.read import describe_location, read_document

LETTER_LINES = [
    "Inspection of Testshire local authority children's services",
    "Inspection dates: 3 to 14 October 2022",
    "",
    "1. Leaders in Testshire have improved the front door. Children get help quickly.",
    "2. The next monitoring visit is expected in March 2023.",
]


def write_docx(
    path: Path, *, title: str, date_line: str, paragraphs: list[str], heading: str = "Next steps"
) -> Path:
    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(date_line)
    document.add_heading(heading, level=2)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_bundled_letters_read_with_dates_from_their_text():
    report = read_document(DOCUMENTS / CABINET_REPORT)
    assert report.date == dt.date(2021, 9, 23) and report.date_source.startswith("text")
    assert report.title == "Cabinet member report - Ofsted monitoring visit July 2021"
    news = read_document(DOCUMENTS / NEWS_RELEASE)
    assert news.date == dt.date(2021, 9, 9) and news.date_source.startswith("text")


def test_numbered_paragraphs_and_headings_give_passage_locations():
    report = read_document(DOCUMENTS / CABINET_REPORT)
    passages = split_passages(report)
    expectation = next(p for p in passages if "at least one further monitoring visit" in p.text)
    assert "1.6" in expectation.location
    next_steps = next(p for p in passages if "Expected 5th monitoring visit" in p.text)
    assert next_steps.location == 'section "4. Next steps"'
    for passage in passages:
        assert report.text[passage.start : passage.end] == passage.text
        assert len(passage.text.split()) <= 200


def test_a_long_paragraph_is_cut_at_sentence_ends_inside_itself(tmp_path):
    """Pieces of a paragraph too long for one passage stay in it, in order, without overlap."""
    long = " ".join(
        f"Sentence {n} says that social workers visit children regularly and record their views."
        for n in range(1, 41)
    )  # 40 sentences, 520 words
    path = tmp_path / "report.md"
    path.write_text(
        "# Report\n\n## Findings\n\nA short opening paragraph about the visit, long enough to stand "
        "alone as a passage of its own before the long one starts.\n\n" + long + "\n\n"
        "## Next steps\n\nThe next visit is expected in the spring, inspectors said, and the "
        "council will prepare for it by reviewing its audits of practice.\n"
    )
    document = read_document(path)
    passages = split_passages(document)
    long_start = document.text.index("Sentence 1 says")
    pieces = [p for p in passages if "Sentence" in p.text]
    assert len(pieces) >= 4
    assert sum(len(p.text.split()) for p in passages) == len(
        document.text.split()
    )  # every word once
    for before, after in zip(passages, passages[1:]):
        assert before.end <= after.start  # in order, no text in two passages
    for piece in pieces:
        assert piece.start >= long_start and piece.text.rstrip().endswith(".")
        assert len(piece.text.split()) <= 170


def test_markup_is_removed_from_the_text():
    report = read_document(DOCUMENTS / CABINET_REPORT)
    assert "<sup>" not in report.text and "**" not in report.text
    assert "Between 13th – 30th July 2021" in report.text


def test_markdown_file(tmp_path):
    path = tmp_path / "update.md"
    path.write_text(
        "# Ofsted focused visit update\n\nPosted: Monday 25th November 2019\n\n"
        "## 2. Findings\n\n2.1 Inspectors found that *children in care* are well supported.\n"
    )
    document = read_document(path)
    assert document.title == "Ofsted focused visit update"
    assert document.date == dt.date(2019, 11, 25)
    block = next(b for b in document.blocks if b.para == "2.1")
    assert block.section == "2. Findings"
    assert "children in care are well supported" in document.text


def test_html_page(tmp_path):
    path = tmp_path / "decision.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Cabinet decision: Ofsted improvement plan</title>"
        "<script>var x = '<p>not text</p>';</script></head><body><nav>Home | News</nav>"
        "<h1>Ofsted improvement plan</h1><p>Decision date: 19/12/2024</p>"
        "<h2>Recommendations</h2><p>Cabinet approved the plan &amp; its timetable.</p></body></html>"
    )
    document = read_document(path)
    assert document.title == "Cabinet decision: Ofsted improvement plan"
    assert document.date == dt.date(2024, 12, 19)
    assert "Cabinet approved the plan & its timetable." in document.text
    assert "not text" not in document.text and "Home | News" not in document.text


def test_docx_document(tmp_path):
    path = write_docx(
        tmp_path / "letter.docx",
        title="Ofsted monitoring visit letter",
        date_line="Published: 9 September 2021",
        paragraphs=[
            "3.1 Inspectors will return in spring 2022.",
            "3.2 Leaders know their services well.",
        ],
    )
    document = read_document(path)
    assert document.title == "Ofsted monitoring visit letter"
    assert document.date == dt.date(2021, 9, 9)
    block = next(b for b in document.blocks if b.para == "3.1")
    assert block.section == "Next steps"


def test_pdf_pages_and_numbered_paragraphs(tmp_path):
    path = tmp_path / "children's services inspection - 11 november 2022.pdf"
    path.write_bytes(
        make_pdf([LETTER_LINES, ["3. Care leavers are supported well by their personal advisers."]])
    )
    document = read_document(path)
    assert document.title == "Inspection of Testshire local authority children's services"
    assert document.date == dt.date(2022, 11, 11) and document.date_source == "file name"
    assert document.pages == 2
    block = next(
        b for b in document.blocks if document.text[b.start : b.end].startswith("3. Care leavers")
    )
    assert (block.page, block.para) == (2, "3")
    assert describe_location(block.para, block.section, block.page) == "page 2, para 3"
    passage = next(p for p in split_passages(document) if "Care leavers" in p.text)
    assert passage.location.startswith(("page 2", "pages 1–2"))


def test_date_falls_back_to_mtime_and_says_so(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "Leaders met inspectors to discuss the improvement plan for children in care.\n"
    )
    document = read_document(path)
    assert document.date_source == "file modified time"
    assert document.date == dt.date.fromtimestamp(path.stat().st_mtime)


BAD_FILES = {
    "fake.pdf": (
        b"<!DOCTYPE html><html><body><p>Not found</p></body></html>",
        "content is an HTML page, not a PDF",
    ),
    "truncated.pdf": (make_pdf([LETTER_LINES])[:300], "corrupt PDF"),
    "empty.txt": (b"", "empty file"),
    "junk.docx": (bytes(range(256)) * 20, "content is binary data, not a Word document"),
    "latin1.txt": ("Café résumé naïve".encode("latin-1") * 10, "not valid UTF-8 text"),
    "scanned.pdf": (make_pdf([[]]), "no readable text"),
    "archive.docx": (None, "ZIP archive"),
    "slides.pptx": (b"whatever", "unsupported file type"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_file_is_refused_with_a_reason_naming_it(tmp_path, name):
    data, reason = BAD_FILES[name]
    path = tmp_path / name
    if data is None:
        import zipfile

        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("readme.txt", "not a word document")
    else:
        path.write_bytes(data)
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    assert reason in caught.value.reason
    assert name in str(caught.value)


def test_bad_files_are_skipped_while_good_files_index(tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    for name, (data, _) in BAD_FILES.items():
        if data is not None:
            (folder / name).write_bytes(data)
    write_docx(
        folder / "good.docx",
        title="Good letter",
        date_line="Published: 1 March 2023",
        paragraphs=["Inspectors found that leaders have improved services for children in care."],
    )
    (folder / "good.pdf").write_bytes(make_pdf([LETTER_LINES]))
    report = update_index(tmp_path / "index", [folder], encoder)
    assert sorted(report.added) == ["good.docx", "good.pdf"]
    skipped = {s.source: s.reason for s in report.skipped}
    assert set(skipped) == {name for name, (data, _) in BAD_FILES.items() if data is not None}
    assert "HTML page" in skipped["fake.pdf"]
