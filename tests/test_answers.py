"""Golden questions over the bundled documents: the cited document and the fact, not just 'an answer'."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import CABINET_REPORT, NEWS_RELEASE

TODAY = dt.date(2026, 11, 23)

# (question, the document the first citation must be, words the answer must contain)
GOLDEN = [
    ("When is the next Ofsted visit?", CABINET_REPORT, ["October/ November 2021"]),
    ("What did the February 2021 visit focus on?", CABINET_REPORT, ["children in care"]),
    (
        "When did the July 2021 monitoring visit take place?",
        CABINET_REPORT,
        ["13th – 30th July 2021"],
    ),
    ("When is the full inspection expected?", CABINET_REPORT, ["Summer 2022"]),
    (
        "How many monitoring visits will Ofsted carry out before a full inspection?",
        CABINET_REPORT,
        ["4- 6"],
    ),
    (
        "What grade did Northamptonshire's children's services get in June 2019?",
        None,
        ["inadequate"],
    ),
    ("When were the final letters published?", CABINET_REPORT, ["9th September 2021"]),
    ("What did inspectors say about caseloads?", None, ["caseloads"]),
    (
        "What did inspectors find about quality assurance?",
        CABINET_REPORT,
        ["quality assurance", "thorough"],
    ),
    (
        "Were there differences between the West and the North?",
        CABINET_REPORT,
        ["did not identify"],
    ),
    (  # each visit the letters record since that inspection, counted and dated
        "How many visits has Ofsted made since the June 2019 inspection?",
        CABINET_REPORT,
        ["4 monitoring visits", "January 2020", "13th – 30th July 2021"],
    ),
    ("What did the October 2020 visit focus on?", CABINET_REPORT, ["Covid-19 pandemic"]),
    ("What did Councillor Scott Edwards say?", NEWS_RELEASE, ["upwards trajectory"]),
    ("Did inspectors see tangible progress?", None, ["tangible progress"]),
]

OFF_TOPIC = [
    "What is the capital of France?",
    "Who won the football world cup in 2018?",
    "How do I bake sourdough bread?",
]


@pytest.mark.parametrize("question,document,facts", GOLDEN, ids=[q for q, _, _ in GOLDEN])
def test_golden_question_cites_the_right_document_and_fact(seed_engine, question, document, facts):
    answer = seed_engine.ask(question, today=TODAY)
    assert not answer.abstained, answer.answer
    if document:
        assert answer.citations[0].source == document
    for fact in facts:
        assert fact.lower() in answer.answer.lower(), answer.answer


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_question_abstains_saying_what_was_searched_and_the_newest_document(
    seed_engine, question
):
    answer = seed_engine.ask(question, today=TODAY)
    assert answer.abstained
    assert answer.citations == ()
    # what was searched: the documents held and the words looked for
    assert "could not find an answer to" in answer.answer  # the question, quoted back
    assert "2 documents I hold" in answer.answer and "do not" in answer.answer
    assert "23 September 2021" in answer.answer  # the newest document it holds, with its date


def test_every_answer_sentence_is_quoted_from_a_cited_document(seed_engine):
    for question, _, _ in GOLDEN:
        answer = seed_engine.ask(question, today=TODAY)
        texts = {
            d.id: seed_engine.snapshot.store.document_text(d.id) for d in seed_engine.documents()
        }
        normalised = {k: " ".join(v.split()) for k, v in texts.items()}
        for citation in answer.citations:
            for quote in citation.quote.split(" … "):
                assert quote.rstrip("…") in normalised[citation.doc_id], quote
        assert answer.answer.count("[") >= 1


def test_next_visit_answer_warns_that_the_expected_date_has_passed(seed_engine):
    answer = seed_engine.ask("When is the next Ofsted visit?", today=TODAY)
    assert answer.as_of == dt.date(2021, 9, 23)
    assert answer.warnings and "passed" in answer.warnings[0]
    before = seed_engine.ask("When is the next Ofsted visit?", today=dt.date(2021, 10, 1))
    assert before.warnings == ()


def test_the_earliest_visit_the_letters_record_is_the_january_2020_one_not_the_latest(seed_engine):
    answer = seed_engine.ask("when was the earliest monitoring visit you have on file", today=TODAY)
    assert answer.answer.startswith(
        "January 2020- Focus on progress made in relation to the local authority's "
        "arrangements for the 'Front door'"
    )
    assert answer.citations[0].title == "Cabinet member report - Ofsted monitoring visit July 2021"
    # "the first visit" is a numbered visit: no letter numbers one, so the visits recorded are listed
    numbered = seed_engine.ask("when was the first visit", today=TODAY)
    assert "January 2020; October 2020; February 2021; July 2021" in numbered.answer


def test_citation_gives_title_date_and_paragraph(seed_engine):
    answer = seed_engine.ask("When is the full inspection expected?", today=TODAY)
    citation = next(c for c in answer.citations if "Summer 2022" in c.quote)
    assert citation.title == "Cabinet member report - Ofsted monitoring visit July 2021"
    assert citation.date == dt.date(2021, 9, 23)
    assert citation.location in {"para 1.6", 'section "4. Next steps"'}


def test_a_quote_about_another_time_than_the_one_asked_is_flagged(seed_engine):
    """The documents say nothing of the front door in July 2021: the nearest line, on the
    January 2020 visit, is quoted with a warning that it answers for another time."""
    answer = seed_engine.ask(
        "What did inspectors find about the front door in July 2021?", today=TODAY
    )
    assert not answer.abstained
    assert "January 2020" in answer.answer
    assert any(
        "You asked about July 2021" in w
        and "about January 2020" in w
        and "nothing on this dated July 2021" in w
        for w in answer.warnings
    ), answer.warnings
    # Dated as asked: no warning, and no further sentence about another time.
    february = seed_engine.ask("What did the February 2021 visit focus on?", today=TODAY)
    assert "children in care" in february.answer and "Summer 2022" not in february.answer
    assert not any("You asked about" in w for w in february.warnings)
    # A date that bounds the question is not the time it is about.
    since = seed_engine.ask(
        "How many visits has Ofsted made since the June 2019 inspection?", today=TODAY
    )
    assert not any("You asked about" in w for w in since.warnings)


def test_empty_question_gets_a_prompt_not_an_answer(seed_engine):
    for question in ["", "   ", "?!", "🙂🙂"]:
        answer = seed_engine.ask(question, today=TODAY)
        assert answer.abstained
        assert answer.citations == ()


def test_answering_encodes_only_the_question_and_quotes_stored_sentences(seed_engine):
    """The sentences an answer may quote were embedded at indexing: a question costs one encode."""
    store = seed_engine.snapshot.store
    held = store.db.execute("SELECT count(*) FROM sentences").fetchone()[0]
    assert held > store.db.execute("SELECT count(*) FROM passages").fetchone()[0]
    before = seed_engine.encoder.texts_encoded
    answer = seed_engine.ask("What did the February 2021 visit focus on?")
    assert seed_engine.encoder.texts_encoded - before <= 1
    assert not answer.abstained and "children in care" in answer.answer
    document = store.db.execute(
        "SELECT text FROM documents WHERE id = ?", (answer.citations[0].doc_id,)
    ).fetchone()[0]
    assert " ".join(answer.citations[0].quote.rstrip("…").split()) in " ".join(document.split())


def test_an_abstention_names_the_newest_document_by_what_it_says_as_of_the_day_asked(
    tmp_path, encoder
):
    from index.engine import Engine
    from index.settings import Settings

    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.md").write_text(
        "# Monitoring visit to Bolton\n\nPublished: 3 March 2023\n\n"
        "Inspectors found that leaders know their services well.\n"
    )
    (documents / "later.md").write_text(
        "# Focused visit to Bolton\n\nPublished: 9 May 2024\n\n"
        "Inspectors found that plans for children are clear.\n"
    )
    # A folder's own notes, dated by nothing but the file's modified time (today).
    (documents / "notes.md").write_text(
        "# About this folder\n\nLetters from Ofsted about Bolton's services.\n"
    )
    engine = Engine.open(
        Settings.load(env={}, documents_dir=documents, index_dir=tmp_path / "index"),
        encoder,
        build_if_missing=True,
    )
    answer = engine.ask("How do I bake sourdough bread?", today=dt.date(2026, 11, 23))
    assert (
        answer.abstained
        and "The newest document I hold is “Focused visit to Bolton” (9 May 2024)" in answer.answer
    )
    before = engine.ask("How do I bake sourdough bread?", today=dt.date(2023, 6, 1))
    assert (
        "“Monitoring visit to Bolton” (3 March 2023)" in before.answer
        and "2024" not in before.answer
    )
