"""Questions as people type them, answered from reports the test writes in Ofsted's own layout.

Each kind of failure issue 13 names has questions here: council names typed loosely, a
named year, the field asked (lead inspector, one judgement), topics searched inside the
right report, places Ofsted does not inspect, unknown councils, the future, "next" with
nothing expected; then follow-ups and a chat's own council (issue 14).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from index.engine import Engine
from index.question.followups import Turn
from index.settings import Settings

TODAY = dt.date(2026, 11, 30)


def report(
    council: str,
    dates: str,
    lead: str,
    grades: list[tuple[str, str]],
    improve: list[str],
    body: str,
) -> str:
    rows = "\n".join(f"{row} {grade}" for row, grade in grades)
    items = "\n\n".join(improve)
    return (
        f"Inspection of {council} local authority children’s services\n\n"
        f"Inspection dates: {dates}\n\nLead inspector: {lead}, His Majesty’s Inspector\n\n"
        f"Judgement Grade\n{rows}\n\n{body}\n\nWhat needs to improve?\n\n{items}\n\n"
        f"The experiences and progress of children who need help and protection\n\n"
        f"Children are seen promptly and their views inform their plans.\n"
    )


ILACS = [
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
    "Overall effectiveness",
]

REPORTS = {
    "2018-06-01 Plymouth inspection.txt": report(
        "Plymouth",
        "9 to 20 April 2018",
        "Alan Wood",
        list(
            zip(
                ILACS,
                [
                    "Inadequate",
                    "Inadequate",
                    "Requires improvement to be good",
                    "Requires improvement to be good",
                    "Inadequate",
                ],
            )
        ),
        ["The timeliness of strategy discussions."],
        "Leaders had not understood the weaknesses of the front door. Caseloads were too high.",
    ),
    "2023-10-27 Plymouth inspection.txt": report(
        "Plymouth",
        "11 to 15 September 2023",
        "Maria Brennan",
        list(
            zip(ILACS, ["Good", "Requires improvement to be good", "Good", "Outstanding", "Good"])
        ),
        [
            "The quality of child in need and child protection plans.",
            "The consistency of return home interviews for children who go missing.",
        ],
        "Edge of care work is strong: the family support team keeps teenagers safely at home. "
        "Private fostering arrangements are assessed quickly and reviewed well.",
    ),
    "2024-03-01 Northumberland inspection.txt": report(
        "Northumberland",
        "5 to 16 February 2024",
        "Tom Price",
        list(zip(ILACS, ["Outstanding", "Outstanding", "Outstanding", "Good", "Outstanding"])),
        ["The sufficiency of local homes for children in care."],
        "Young carers are identified early and get help from a dedicated team. "
        "Care leavers are positive about the help they get from leaders. "
        "Care leavers live in suitable accommodation close to their friends. "
        "The virtual school tracks the education of children in care closely.",
    ),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory, encoder) -> Engine:
    folder = tmp_path_factory.mktemp("reports")
    documents = folder / "documents"
    documents.mkdir()
    for name, text in REPORTS.items():
        (documents / name).write_text(text)
    settings = Settings.load(env={}, documents_dir=documents, index_dir=folder / "index")
    return Engine.open(settings, encoder, build_if_missing=True)


def first_line(answer) -> str:
    return answer.answer.split("\n")[0]


@pytest.mark.parametrize(
    "question",
    [
        "whats plymouths rating",
        "plymoth ofsted grade",
        "how is plymouth doing",
        "plymouth",
        "current grade for plymouth childrens services",
    ],
)
def test_council_typed_loosely_gets_its_newest_grade_first(engine, question):
    answer = engine.ask(question, today=TODAY)
    assert not answer.abstained, answer.answer
    assert first_line(answer).startswith("Plymouth: Good overall"), answer.answer
    assert "11 to 15 September 2023" in first_line(answer)
    assert answer.citations[0].source == "2023-10-27 Plymouth inspection.txt"


@pytest.mark.parametrize(
    "question",
    [
        "plymouth 2018 grade",
        "what did plymouth get in 2018",
        "how was plymouth judged in april 2018",
    ],
)
def test_a_named_year_answers_from_that_years_inspection(engine, question):
    answer = engine.ask(question, today=TODAY)
    assert "Inadequate" in first_line(answer) and "9 to 20 April 2018" in first_line(answer), (
        answer.answer
    )
    assert {c.source for c in answer.citations} == {"2018-06-01 Plymouth inspection.txt"}


def test_asked_as_of_a_past_day_the_later_report_is_not_yet_known(engine):
    answer = engine.ask("what is plymouths grade", today=dt.date(2020, 1, 1))
    assert "Inadequate" in first_line(answer)
    assert {c.source for c in answer.citations} == {"2018-06-01 Plymouth inspection.txt"}
    assert answer.as_of == dt.date(2018, 6, 1)


@pytest.mark.parametrize(
    "question,name",
    [
        ("who led plymouths 2018 inspection", "Alan Wood"),
        ("plymouth lead inspector", "Maria Brennan"),
        ("who inspected northumberlnd", "Tom Price"),
    ],
)
def test_lead_inspector_is_the_answer_not_the_dates(engine, question, name):
    answer = engine.ask(question, today=TODAY)
    assert f"led by {name}" in first_line(answer), answer.answer
    assert any(name in c.quote for c in answer.citations)


def test_one_judgement_is_stated_and_quoted_by_its_own_row(engine):
    answer = engine.ask("how was help and protection judged in plymouth", today=TODAY)
    assert "Requires improvement to be good" in first_line(answer), answer.answer
    # The shortest quote that holds the fact: the row, never the whole judgement table.
    assert all(len(c.quote) < 250 for c in answer.citations), answer.citations
    assert "Overall effectiveness" not in answer.citations[0].quote


def test_every_fact_of_the_direct_sentence_is_in_its_quotes(engine):
    for question in (
        "plymouth rating",
        "who led plymouths 2018 inspection",
        "plymouth care leavers",
    ):
        answer = engine.ask(question, today=TODAY)
        quoted = " ".join(c.quote for c in answer.citations)
        for fact in re.findall(
            r"\d{1,2} to \d{1,2} \w+ \d{4}|Outstanding|Inadequate|Good", first_line(answer)
        ):
            assert fact in quoted, (question, fact, quoted)


def test_what_needs_to_improve_lists_the_reports_own_items(engine):
    answer = engine.ask("what does plymouth need to improve", today=TODAY)
    assert "return home interviews" in answer.answer and "child protection plans" in answer.answer


def test_a_topic_is_searched_inside_the_councils_report_not_its_header(engine):
    answer = engine.ask("what did ofsted say about plymouths edge of care work", today=TODAY)
    assert not answer.abstained, answer.answer
    assert "family support team" in answer.answer
    assert "Inspection dates" not in answer.answer and "Judgement Grade" not in answer.answer
    assert answer.citations[0].source == "2023-10-27 Plymouth inspection.txt"


@pytest.mark.parametrize(
    "question,quoted",
    [
        ("where do northumberland care leavers live", "suitable accommodation"),
        ("how good is the education of children in care in northumberland", "virtual school"),
        (
            "what did ofsted say about care leavers accomodation in northumberland",
            "suitable accommodation",
        ),
    ],
)
def test_a_topic_within_a_judgement_is_answered_from_what_the_report_says_of_it(
    engine, question, quoted
):
    # The judgement's words say where to look; the others what to look for. Not the grade line.
    answer = engine.ask(question, today=TODAY)
    assert not answer.abstained, answer.answer
    assert quoted in first_line(answer), answer.answer
    assert (
        "Judgement Grade" not in answer.answer
        and answer.citations[0].source == "2024-03-01 Northumberland inspection.txt"
    )


@pytest.mark.parametrize(
    "question,inspectorate",
    [
        ("whats the ofsted grade for cardiff", "Care Inspectorate Wales"),
        ("when was glasgow last inspected", "Care Inspectorate"),
        ("belfast childrens services rating", "RQIA"),
    ],
)
def test_places_ofsted_does_not_inspect_are_declined_naming_who_does(
    engine, question, inspectorate
):
    answer = engine.ask(question, today=TODAY)
    assert answer.abstained and answer.citations == ()
    assert inspectorate in answer.answer and "does not inspect" in answer.answer


def test_an_unknown_council_is_declined_not_answered_from_another(engine):
    answer = engine.ask("when was midsomer last inspected", today=TODAY)
    assert answer.abstained and answer.citations == ()
    assert "do not know a council called “midsomer”" in answer.answer


def test_the_future_is_declined_with_what_is_known(engine):
    answer = engine.ask("what grade will plymouth get in 2028", today=TODAY)
    assert answer.abstained
    assert "11 to 15 September 2023" in answer.answer  # the last inspection, cited
    assert answer.citations


def test_next_inspection_with_no_document_saying_abstains_and_says_why(engine):
    answer = engine.ask("when will ofsted next inspect plymouth", today=TODAY)
    assert answer.abstained
    assert "does not publish" in answer.answer and "September 2023" in answer.answer


def test_no_council_named_with_several_held_asks_which(engine):
    answer = engine.ask("when was the last inspection", today=TODAY)
    assert answer.abstained and "name the one you mean" in answer.answer


def test_follow_ups_carry_the_council_then_the_inspection_then_the_field(engine):
    first = engine.ask("when was plymouth last inspected", today=TODAY)
    assert "11 to 15 September 2023" in first.answer
    turn = Turn(first.understood, first.used, 0.0)
    second = engine.ask("and before that?", today=TODAY, previous=turn)
    assert second.answer.startswith("(Plymouth"), second.answer
    assert "9 to 20 April 2018" in second.answer
    third = engine.ask(
        "who led it?", today=TODAY, previous=Turn(second.understood, second.used, 0.0)
    )
    assert "Alan Wood" in third.answer, third.answer
    fresh = engine.ask(
        "and northumberland?", today=TODAY, previous=Turn(third.understood, third.used, 0.0)
    )
    assert "Tom Price" in fresh.answer and "Plymouth" not in fresh.answer


def test_the_chats_council_answers_our_questions_and_names_itself(engine):
    answer = engine.ask("whats our grade", today=TODAY, council="Northumberland")
    assert first_line(answer).startswith("Northumberland: Outstanding overall"), answer.answer
    named = engine.ask("plymouth rating", today=TODAY, council="Northumberland")
    assert first_line(named).startswith("Plymouth:")


def test_national_list_cites_each_council(engine):
    answer = engine.ask("which councils are rated outstanding", today=TODAY)
    assert "Northumberland" in answer.answer and "Plymouth" not in answer.answer
    assert [c.source for c in answer.citations] == ["2024-03-01 Northumberland inspection.txt"]


def test_a_topics_forms_leave_out_the_judgement_words_that_only_say_where_to_look():
    from index.answer.topics import terms

    assert terms(("personal", "advisers", "care", "leavers")) == ("perso", "advis")
    assert terms(("leadership", "workforce")) == ("workforce", "recruit", "retention")
    assert "accommodation" in terms(("care", "leavers", "live"))
    assert terms(("care", "leavers")) == ("leave",)  # the group alone is the topic


@pytest.mark.parametrize(
    "question,asked",
    [
        (
            "richmond ofsted grade",
            "Richmond upon Thames, or North Yorkshire (which includes Richmond)?",
        ),
        ("derbys ofsted grade", "Derby, or Derbyshire?"),
    ],
)
def test_an_ambiguous_name_is_asked_about_with_its_candidates(engine, question, asked):
    answer = engine.ask(question, today=TODAY)
    assert answer.abstained and answer.citations == ()
    assert f"Which council do you mean: {asked}" in answer.answer, answer.answer


def test_a_count_since_a_year_says_since_and_lists_each_inspection(engine):
    answer = engine.ask("total inspections of plymouth since 2017", today=TODAY)
    assert first_line(answer).startswith(
        "I hold 2 reports of full inspections of Plymouth since 2017:"
    ), answer.answer
    assert "9 to 20 April 2018" in first_line(answer) and "11 to 15 September 2023" in first_line(
        answer
    )


@pytest.fixture(scope="module")
def letters(tmp_path_factory, encoder) -> Engine:
    tmp_path = tmp_path_factory.mktemp("letters")
    documents = tmp_path / "documents"
    documents.mkdir()
    for number, day, held, focus in (
        (
            "fourth",
            "14 June 2021",
            "11 and 12 May 2021",
            "children in need and child protection plans",
        ),
        (
            "fifth",
            "14 December 2021",
            "9 and 10 November 2021",
            "the experiences and progress of care leavers",
        ),
    ):
        (documents / f"{number}.md").write_text(
            f"# Monitoring visit to Rutland children's services\n\nPublished: {day}\n\n"
            f"1.1 This letter summarises the findings of the {number} monitoring visit to Rutland "
            f"children's services, carried out between {held}.\n\n"
            f"1.2 Inspectors looked at {focus}. Leaders know their services well.\n"
        )
    return Engine.open(
        Settings.load(env={}, documents_dir=documents, index_dir=tmp_path / "index"),
        encoder,
        build_if_missing=True,
    )


def test_a_numbered_visit_is_answered_from_its_own_letter(letters):
    answer = letters.ask("what did the fifth monitoring visit look at", today=dt.date(2022, 1, 10))
    assert not answer.abstained, answer.answer
    # the sentence stating the visit, then what it looked at; not what it found
    assert "9 and 10 November 2021" in first_line(answer)
    assert first_line(answer).endswith(
        "Inspectors looked at the experiences and progress of care leavers. [1]"
    )
    assert {c.source for c in answer.citations} == {"fifth.md"}


def test_when_a_numbered_visit_took_place_or_that_no_document_numbers_it(letters):
    fourth = letters.ask("when was the fourth monitoring visit", today=dt.date(2022, 1, 10))
    assert (
        "11 and 12 May 2021" in first_line(fourth) and fourth.citations[0].source == "fourth.md"
    ), fourth.answer
    second = letters.ask("when was the second monitoring visit", today=dt.date(2022, 1, 10))
    assert second.abstained and "No document I hold says which visit was number 2" in second.answer
    assert "The visits they record: May 2021; November 2021." in second.answer


def test_ever_judged_a_grade_lists_when(engine):
    answer = engine.ask("has plymouth ever been inadequate", today=TODAY)
    assert first_line(answer).startswith("Plymouth was judged Inadequate"), answer.answer
    assert "9 to 20 April 2018" in first_line(answer)


def test_a_grade_asked_in_a_year_without_an_inspection_is_the_grade_in_force_then(engine):
    answer = engine.ask("how was plymouth rated in 2020", today=TODAY)
    assert "Inadequate" in first_line(answer) and "9 to 20 April 2018" in first_line(answer), (
        answer.answer
    )
    assert any("No full inspection of Plymouth took place in 2020" in w for w in answer.warnings), (
        answer.warnings
    )


def test_the_grade_at_the_next_inspection_is_declined_with_what_is_known(engine):
    answer = engine.ask("what will plymouth get next time", today=TODAY)
    assert answer.abstained and "at the next inspection" in answer.answer
    assert "11 to 15 September 2023" in answer.answer


def test_two_councils_are_each_answered_from_their_own_reports(engine):
    answer = engine.ask("when were plymouth and northumberland last inspected", today=TODAY)
    assert "Plymouth was last inspected on 11 to 15 September 2023 [1]" in answer.answer, (
        answer.answer
    )
    assert "Northumberland was last inspected on 5 to 16 February 2024 [2]" in answer.answer
    assert [c.n for c in answer.citations] == [1, 2]
    assert [c.source for c in answer.citations] == [
        "2023-10-27 Plymouth inspection.txt",
        "2024-03-01 Northumberland inspection.txt",
    ]
    grades = engine.ask("plymouth and northumberland grades", today=TODAY).answer
    assert "Plymouth: Good overall [1] at the inspection of 11 to 15 September 2023" in grades, (
        grades
    )
    assert (
        "Northumberland: Outstanding overall [2] at the inspection of 5 to 16 February 2024"
        in grades
    )
    # and which stands higher, in words
    assert grades.startswith(
        "Rated highest: Northumberland (Outstanding, February 2024); lowest: Plymouth"
    )


def test_answers_about_several_councils_number_their_own_citations_only():
    from index.answer.phrasing import merged as _merged
    from index.answer.results import Answer, Citation

    def part(council, quote):
        return Answer(
            "q",
            f"{council} was inspected [1]. “{quote}” [1]",
            False,
            1.0,
            dt.date(2024, 1, 1),
            citations=(
                Citation(1, f"{council}.pdf", council, dt.date(2024, 1, 1), "page 1", quote, 1, 1),
            ),
        )

    merged = _merged([part("Kent", "since 2019"), part("Essex", "as the report of [2019] says")])
    assert "Essex was inspected [2]. “as the report of [2019] says” [2]" in merged.answer
    assert [c.n for c in merged.citations] == [1, 2] and not merged.abstained
