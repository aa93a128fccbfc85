"""index.question.parsing: a table of question forms, each with the fields it must parse to.

Like dateutil's parser tests: many inputs, each with its expected value. Only the fields a
row names are checked; ``time`` is the kind, ``spans`` the (earliest, latest) of each date.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.question.parsing import parse
from index.question.types import FIELDS, JUDGEMENTS, TIME_KINDS, Question

TODAY = dt.date(2025, 6, 1)
D = dt.date
Y2023 = [(D(2023, 1, 1), D(2023, 12, 31))]
BCP = "Bournemouth, Christchurch and Poole"


def check(text: str, expected: dict) -> Question:
    q = parse(text, TODAY)
    got = {
        "councils": q.councils,
        "field": q.field,
        "judgement": q.judgement,
        "grade": q.grade,
        "grade_from": q.grade_from,
        "time": q.time.kind,
        "visit_kind": q.visit_kind,
        "topic": q.topic,
        "national": q.national,
        "ours": q.ours,
        "refers_back": q.refers_back,
        "ambiguous": q.ambiguous,
        "also": q.also,
        "places": tuple(p.name or p.text for p in q.places),
        "spans": [(s.earliest, s.latest) for s in q.time.spans],
    }
    wanted = {
        k: tuple(v) if isinstance(v, list) and k != "spans" else v for k, v in expected.items()
    }
    assert {k: got[k] for k in wanted} == wanted, text
    return q


FORMS = [
    # --- the field asked ---------------------------------------------------------------
    ("hows bolton doing", dict(councils=["Bolton"], field="status", time="none")),
    ("how is plymoth getting on", dict(councils=["Plymouth"], field="status")),
    ("whats the latest on northumberlnd", dict(councils=["Northumberland"], field="status")),
    ("rochdales rating", dict(councils=["Rochdale"], field="overall")),
    ("what is leeds ofsted grade", dict(councils=["Leeds"], field="overall")),
    ("is wigan good", dict(councils=["Wigan"], field="overall", grade="good")),
    (
        "was sunderland outstandng",
        dict(councils=["Sunderland"], field="overall", grade="outstanding"),
    ),
    (
        "how was help and protection judged in plymouth",
        dict(field="judgement", judgement="help_and_protection"),
    ),
    ("h&p grade for bcp", dict(councils=[BCP], field="judgement", judgement="help_and_protection")),
    ("whats our cic judgement", dict(field="judgement", judgement="in_care", ours=True)),
    ("cla judgment in kent", dict(field="judgement", judgement="in_care")),
    ("what did bury get for care leavers", dict(field="judgement", judgement="care_leavers")),
    (
        "how were children in care and care leavers judged in dudley",
        dict(field="judgement", judgement="in_care_and_care_leavers"),
    ),
    ("impact of leaders grade in salford", dict(field="judgement", judgement="leaders")),
    (
        "how was leadership management and governance rated in 2015 in kent",
        dict(field="judgement", judgement="leadership", time="during"),
    ),
    (
        "adoption performance judgement for essex 2016",
        dict(field="judgement", judgement="adoption"),
    ),
    (
        "who led hounslows 2023 inspection",
        dict(
            councils=["Hounslow"],
            field="lead_inspector",
            time="during",
            spans=Y2023,
            visit_kind="inspection",
        ),
    ),
    (
        "who was the lead inspector at the last leeds inspection",
        dict(field="lead_inspector", time="last"),
    ),
    ("which hmi inspected derby", dict(field="lead_inspector")),
    (
        "when was northumberlnd last inspected",
        dict(councils=["Northumberland"], field="dates", time="last", visit_kind="inspection"),
    ),
    ("what date was the last ofsted visit to york", dict(field="dates", time="last")),
    (
        "when is the next inspection of south glos",
        dict(councils=["South Gloucestershire"], field="next", time="next"),
    ),
    ("when will ofsted next inspect us", dict(field="next", time="next", ours=True)),
    ("is bradford due an inspection", dict(field="next")),
    ("what kind of visit was the last one in leeds", dict(field="visit_kind", time="last")),
    ("what type of inspection did oldham have in 2023", dict(field="visit_kind", time="during")),
    (
        "how many monitoring visits has bucks had since 2019",
        dict(
            councils=["Buckinghamshire"],
            field="count",
            visit_kind="monitoring_visit",
            time="since",
            spans=[(D(2019, 1, 1), D(2019, 12, 31))],
        ),
    ),
    ("how many mvs did slough have", dict(field="count", visit_kind="monitoring_visit")),
    ("number of focused visits to hackney", dict(field="count", visit_kind="focused_visit")),
    ("what needs to improve in cambs", dict(councils=["Cambridgeshire"], field="improvements")),
    ("areas for improvement at the last kent inspection", dict(field="improvements", time="last")),
    ("what did ofsted say surrey must improve", dict(field="improvements")),
    (
        "when was hartlepol judged inadequate",
        dict(councils=["Hartlepool"], field="when_judged", grade="inadequate"),
    ),
    ("when did birmingham become good", dict(field="when_judged", grade="good")),
    (
        "when was h&p in kent judged requires improvement",
        dict(field="when_judged", judgement="help_and_protection", grade="requires improvement"),
    ),
    (
        "what did ofsted say about surreys edge of care work at the last inspection",
        dict(councils=["Surrey"], field="topic", time="last", topic=["edge", "care", "work"]),
    ),
    (
        "what did inspectors say about supervision in tameside",
        dict(field="topic", topic=["supervision"]),
    ),
    (
        "what did ofsted say about care leavers in bolton",
        dict(field="topic", judgement="care_leavers", topic=["care", "leavers"]),
    ),
    (
        "tell me about private fostering in croydon",
        dict(field="topic", topic=["private", "fostering"]),
    ),
    ("medway edge of care", dict(councils=["Medway"], field="topic", topic=["edge", "care"])),
    ("what did ofsted say about bolton", dict(field="status")),
    # --- the time asked --------------------------------------------------------------------
    (
        "bexley 2018 grade",
        dict(
            councils=["Bexley"],
            field="overall",
            time="during",
            spans=[(D(2018, 1, 1), D(2018, 12, 31))],
        ),
    ),
    (
        "what was leeds grade in june 2019",
        dict(time="during", spans=[(D(2019, 6, 1), D(2019, 6, 30))]),
    ),
    (
        "in jan 2024 how was rbkc judged",
        dict(
            councils=["Kensington and Chelsea"],
            time="during",
            spans=[(D(2024, 1, 1), D(2024, 1, 31))],
        ),
    ),
    ("march 2023 visit to hull", dict(time="during", spans=[(D(2023, 3, 1), D(2023, 3, 31))])),
    (
        "as of 1 march 2020 what was kents rating",
        dict(time="as_of", spans=[(D(2020, 3, 1), D(2020, 3, 1))], field="overall"),
    ),
    (
        "what was derbys grade on 3 may 2019",
        dict(time="as_of", spans=[(D(2019, 5, 3), D(2019, 5, 3))]),
    ),
    ("what was the grade as at 2021 for luton", dict(time="as_of")),
    ("who led the inspection on 3 may 2019 in derby", dict(time="during", field="lead_inspector")),
    ("grade before 2019 in sefton", dict(time="as_of", spans=[(D(2018, 12, 31), D(2018, 12, 31))])),
    (
        "what grade will derby get in 2028",
        dict(time="future", spans=[(D(2028, 1, 1), D(2028, 12, 31))]),
    ),
    (
        "what will wirral be rated next year",
        dict(time="future", spans=[(D(2026, 1, 1), D(2026, 12, 31))]),
    ),
    ("how was york rated last year", dict(time="during", spans=[(D(2024, 1, 1), D(2024, 12, 31))])),
    ("was kent inspected this year", dict(time="during", field="dates")),
    (
        "what happened two years ago in bolton",
        dict(time="during", spans=[(D(2023, 1, 1), D(2023, 12, 31))]),
    ),
    (
        "how many inspections in the last 3 years for wigan",
        dict(field="count", time="since", spans=[(D(2022, 6, 1), TODAY)]),
    ),
    (
        "monitoring visits to luton since march 2022",
        dict(time="since", visit_kind="monitoring_visit"),
    ),
    ("what is the current grade for leeds", dict(time="now", field="overall")),
    ("is bolton still inadequate", dict(time="now", grade="inadequate", field="overall")),
    ("latest rating for hackney", dict(time="last", field="overall")),
    ("what was the previous grade for hackney", dict(time="previous", field="overall")),
    ("before that", dict(time="previous", refers_back=True, field=None)),
    ("and the one before", dict(time="previous", refers_back=True)),
    ("what was bolton rated before its latest inspection", dict(time="previous", field="overall")),
    ("bolton grade last but one", dict(time="previous", field="overall")),
    (
        "kent grade before the 2022 inspection",
        dict(time="as_of", spans=[(D(2021, 12, 31), D(2021, 12, 31))]),
    ),
    ("has bolton got better", dict(time="change", councils=["Bolton"])),
    ("is kent better or worse than last time", dict(time="change", councils=["Kent"])),
    ("did wigan improve since its last inspection", dict(time="change")),
    ("has leeds gone up or down", dict(time="change")),
    ("did knowsley improve at its last inspection", dict(time="change")),
    (
        "has barnet improved since 2017",
        dict(time="change", spans=[(D(2017, 1, 1), D(2017, 12, 31))]),
    ),
    ("darlington change in rating", dict(time="change")),
    (
        "what rating did bromley have at the inspection before",
        dict(time="previous", field="overall"),
    ),
    (
        "when was redbridge first inspected under ilacs",
        dict(time="first", spans=[(D(2018, 1, 1), TODAY)]),
    ),
    ("earliest ofsted inspection of havering you have", dict(time="first", councils=["Havering"])),
    (
        "first inspection of bury since 2014",
        dict(time="first", spans=[(D(2014, 1, 1), D(2014, 12, 31))]),
    ),
    ("how many inadequate ratings has sunderland had", dict(field="count", grade="inadequate")),
    # probe 4: the same kinds in other words
    ("barnsley compared with the previous inspection", dict(time="change", councils=["Barnsley"])),
    ("did halton slip", dict(time="change")),
    (
        "is camden heading in the right direction",
        dict(time="change", councils=["Camden"], topic=[]),
    ),
    (
        "knowsley earliest ofsted you have on file",
        dict(time="first", councils=["Knowsley"], topic=[]),
    ),
    ("suffolk trend", dict(time="change", councils=["Suffolk"])),
    ("cornwall direction of travel", dict(time="change")),
    (
        "north tyneside progress since 2017",
        dict(time="change", spans=[(D(2017, 1, 1), D(2017, 12, 31))]),
    ),
    (
        "before camdens latest inspection what was its judgement",
        dict(time="previous", councils=["Camden"]),
    ),
    (
        "before london borough of enfields latest inspection what was its judgement",
        dict(time="previous"),
    ),
    (
        "hi all, before tonight can someone tell me what ofsted gave sefton last time round",
        dict(time="last"),
    ),
    ("before the meeting what is leeds latest grade", dict(time="last", councils=["Leeds"])),
    ("hammersmith and fulham ofsted result from the 2016 inspection", dict(time="during")),
    (
        "barnet rating going into the 2019 inspection",
        dict(time="as_of", spans=[(D(2018, 12, 31), D(2018, 12, 31))], field="overall"),
    ),
    (
        "before ofsted came in december 2019 what was east riding of yorkshire rated",
        dict(time="as_of", spans=[(D(2019, 11, 30), D(2019, 11, 30))]),
    ),
    (
        "what was telford before its 2020 inspection",
        dict(time="as_of", spans=[(D(2019, 12, 31), D(2019, 12, 31))]),
    ),
    ("first time kirklees was rated good?", dict(time="first", field="when_judged", grade="good")),
    (
        "first inadequate judgement for ne lincs",
        dict(time="first", field="when_judged", grade="inadequate"),
    ),
    (
        "when was bury first rated inadequate",
        dict(councils=["Bury"], time="first", field="when_judged"),
    ),
    (
        "prior to the 2019 inspection, what grade did reading hold",
        dict(councils=["Reading"], time="as_of"),
    ),
    ("b&h last inspection grade", dict(councils=["Brighton and Hove"])),
    (
        "who led h&fs last inspection and what did they get",
        dict(councils=["Hammersmith and Fulham"], field="lead_inspector", also=["overall"]),
    ),
    ("suffolk improvement points from last inspection", dict(field="improvements")),
    # "first" as an everyday word, and a judgement's own title, are not times (review)
    ("what was the first thing kent needed to improve", dict(time="none", field="improvements")),
    ("front door and first contact in essex", dict(time="none")),
    ("initial health assessments in leeds", dict(time="none")),
    ("did leeds put children first", dict(time="none")),
    (
        "what did trafford get in its first ilacs",
        dict(time="first", spans=[(D(2018, 1, 1), TODAY)]),
    ),
    ("leicestershire: first ofsted after 2017, when and what grade", dict(time="first")),
    (
        "what was the grade for experiences and progress of care leavers in leeds",
        dict(time="none", field="judgement", judgement="care_leavers"),
    ),
    ("which councils are improving", dict(national="list", time="none")),
    (
        "how many judgements were good at north somersets last inspection",
        dict(field="count", grade="good", time="last", councils=["North Somerset"]),
    ),
    (
        "has knowsley improved its care leavers services",
        dict(time="change", judgement="care_leavers"),
    ),
    (
        "ofsted grades between 2018 and 2020 in bury",
        dict(time="during", spans=[(D(2018, 1, 1), D(2020, 12, 31))]),
    ),
    # --- ours, follow-ups ------------------------------------------------------------------
    ("how are we doing", dict(ours=True, field="status", councils=[])),
    ("when were we last inspected", dict(ours=True, field="dates", time="last")),
    ("and bury?", dict(councils=["Bury"], refers_back=True, field=None)),
    (
        "what about care leavers?",
        dict(refers_back=True, field="judgement", judgement="care_leavers"),
    ),
    ("who led it", dict(refers_back=True, field="lead_inspector")),
    ("when was that", dict(refers_back=True, field="dates")),
    ("what about in 2019", dict(refers_back=True, time="during")),
    # --- questions about the country ------------------------------------------------------------
    (
        "which councils are rated inadequate",
        dict(national="list", grade="inadequate", field="overall"),
    ),
    ("list las judged outstanding", dict(national="list", grade="outstanding")),
    (
        "how many councils are good or better",
        dict(national="count", grade="good or better", field="overall"),
    ),
    (
        "how many las are inadequate for help and protection",
        dict(national="count", grade="inadequate", judgement="help_and_protection"),
    ),
    (
        "which councils went from inadequate to good",
        dict(national="change", grade_from="inadequate", grade="good"),
    ),
    ("which got worse", dict(national="change")),
    ("compare bolton and bury", dict(national="compare", councils=["Bolton", "Bury"])),
    (
        "how does leeds compare to bradford",
        dict(national="compare", councils=["Leeds", "Bradford"]),
    ),
    ("wigan vs bolton care leavers", dict(national="compare", judgement="care_leavers")),
    # --- places ------------------------------------------------------------------------------
    ("whats the ofsted rating for cardiff", dict(places=["Cardiff"], councils=[])),
    ("how is glasgow doing", dict(places=["Glasgow"])),
    (
        "what was the grade for barsetshire council",
        dict(places=["barsetshire"], councils=[], topic=[]),
    ),
    ("how is barchester doing", dict(places=["barchester"])),
    ("richmond rating", dict(ambiguous=[("Richmond upon Thames", "North Yorkshire")], councils=[])),
    (
        "northants grade in 2019",
        dict(councils=["North Northamptonshire", "West Northamptonshire"], time="during"),
    ),
    # --- typing: lower case, no apostrophes, abbreviations, typos ------------------------------------
    (
        "wat was the outcome of the mv in jan 2024 for rbkc",
        dict(visit_kind="monitoring_visit", field="overall", topic=[]),
    ),
    ("when was leeds last inspectd", dict(field="dates", time="last")),
    ("latest ofstead judgment for kent", dict(field="overall", time="last")),
    ("was the fv in lambeth positive", dict(visit_kind="focused_visit")),
    ("ilacs grade hull", dict(field="overall", councils=["Kingston upon Hull"])),
    ("whos the lead inspector for enfield", dict(field="lead_inspector")),
    (
        "WHEN WAS DONCASTER LAST INSPECTED?",
        dict(field="dates", councils=["Doncaster"], time="last"),
    ),
    ("What is Reading's Ofsted rating?", dict(councils=["Reading"], field="overall")),
    ("leeds ofsted judgmnet 2017", dict(field="overall", time="during")),
    (
        "whats the overall effectivness grade for hammersmith and fulham",
        dict(field="overall", topic=[]),
    ),
    ("wat is the grad for wigan", dict(field="overall", topic=[])),
    ("What did the February 2021 visit focus on?", dict(field="visit_kind", time="during")),
    (
        "What did Councillor Scott Edwards say?",
        dict(field="topic", topic=["councillor", "scott", "edwards"]),
    ),
    # real words near the tables' words are not typos of them
    (
        "what options do care leavers have in leeds",
        dict(field="topic", judgement="care_leavers", topic=["options", "care", "leavers"]),
    ),
    ("what form did the kent visit take", dict(field="topic", topic=["form", "take"])),
    # short words: two letters swapped, or one dropped, are slips; a tie goes to the phrase it makes
    ("grdae for bolton", dict(field="overall", topic=[])),
    ("nxet visit bolton", dict(field="next", time="next")),
    ("bolton ofstd rating", dict(field="overall", topic=[])),
    ("who was the lead inspecter for leeds in 2023", dict(field="lead_inspector", topic=[])),
    (
        "what did ofsted say about neet care leavers in bolton",
        dict(field="topic", topic=["neet", "care", "leavers"]),
    ),
    # "the fifth monitoring visit" names which visit; its ordinal is not a topic word
    ("what did the fifth monitoring visit look at", dict(field="visit_kind", topic=[])),
    ("when was the 2nd visit", dict(field="dates", topic=[])),
    # chat words for a field, found by a councillor-style probe of 176 questions (issue 13)
    ("what needs fixing in bolton", dict(field="improvements", topic=[])),
    ("bury recs", dict(field="improvements")),
    ("improvement areas for york", dict(field="improvements")),
    ("what did inspectors flag in wigan", dict(field="improvements", topic=[])),
    ("total visits to leeds since 2019", dict(field="count", time="since")),
    (
        "who was the inspection lead for kent in 2018",
        dict(field="lead_inspector", time="during", topic=[]),
    ),
    ("cp grade for hull", dict(field="judgement", judgement="help_and_protection", topic=[])),
    ("wigan ofsted atm", dict(time="now", topic=[])),
    ("when did ofsted come into bolton last", dict(field="dates", time="last", topic=[])),
    ("when was york last looked at by ofsted", dict(field="dates", time="last")),
    # a second probe in chat phrasings (189 questions): its kinds of failure
    ("has bury ever been inadequate", dict(field="when_judged", grade="inadequate")),
    ("was york ever outstanding", dict(field="when_judged", grade="outstanding")),
    ("sutton ofsted inspections since 2020", dict(field="count", time="since")),
    ("stoke 2022 lead inspectors", dict(field="lead_inspector", time="during", topic=[])),
    ("what did ofsted recommend for halton", dict(field="improvements", topic=[])),
    ("areas for improvment bolton", dict(field="improvements", topic=[])),
    ("what did ofsted rate islington in 2017", dict(field="overall", time="during", topic=[])),
    ("what is the rate of re-referrals in leeds", dict(field="topic", topic=["referrals"])),
    (
        "hi all, before tonight can someone tell me what ofsted gave sefton last time round",
        dict(topic=[]),
    ),
    ("rb greenwich ofsted", dict(councils=["Greenwich"], topic=[])),
    ("leeds and bradford ofsted", dict(national="compare", councils=["Leeds", "Bradford"])),
    # from a review: real words one slip from a form stay themselves; chat words are not topics
    ("was kent commended for anything", dict(field="topic", topic=["commended"])),
    ("how does leeds support children from ethnic minorities", dict(field="topic")),
    ("kent care leavers thx", dict(field="judgement", judgement="care_leavers", topic=[])),
    ("how strong is leadership in kent", dict(field="judgement", judgement="leadership")),
    ("what is the re-referral rate in kent", dict(field="topic", topic=["referral"])),
    (
        "has kent ever been outstanding for care leavers",
        dict(field="when_judged", judgement="care_leavers"),
    ),
    ("what grades has kent got at inspections since 2020", dict(field="overall")),
    ("kent laest inspection", dict(field="dates", time="last")),
    # a judgement named with more to say is a topic within it; with a grade word, its grade
    (
        "how good is the education of children in care in bolton",
        dict(field="topic", judgement="in_care", topic=["education", "care"]),
    ),
    (
        "what did ofsted say about management oversight in leeds",
        dict(field="topic", topic=["management", "oversight"]),
    ),
    (
        "kent children in care grade 2019",
        dict(field="judgement", judgement="in_care", time="during"),
    ),
    (
        "leeds impact of leaders on social work practice",
        dict(field="judgement", judgement="leaders"),
    ),
    (
        "what did leeds get for the experiences and progress of care leavers",
        dict(field="judgement", judgement="care_leavers"),
    ),
    ("was anything unexpected in the kent report", dict(time="none")),
    ("did the president of the adss comment on essex", dict(time="none")),
    # status, and a status about something is a topic
    ("is croydon getting better", dict(field="status")),
    ("has thurrock improved since the last inspection", dict(field=None, time="change")),
    (
        "how are disabled children supported in bath",
        dict(field="topic", topic=["disabled", "supported"]),
    ),
    (
        "how many councils moved from ri to good in 2023",
        dict(national="count", grade_from="requires improvement", grade="good", time="during"),
    ),
]


@pytest.mark.parametrize("text, expected", FORMS, ids=[t for t, _ in FORMS])
def test_question_forms_parse_to_their_fields(text, expected):
    check(text, expected)


def test_every_parse_uses_only_the_contracts_values():
    for text, _ in FORMS:
        q = parse(text, TODAY)
        assert q.field is None or q.field in FIELDS
        assert q.judgement is None or q.judgement in JUDGEMENTS
        assert q.time.kind in TIME_KINDS
        assert all(span.text for span in q.time.spans)


def test_the_text_is_kept_with_whitespace_and_control_characters_tidied():
    assert parse("  hows\tbolton\x00 doing\n", TODAY).text == "hows bolton doing"


def test_a_named_time_after_today_is_the_future_whatever_today_is():
    assert parse("leeds grade in 2026", D(2025, 1, 1)).time.kind == "future"
    assert parse("leeds grade in 2026", D(2027, 1, 1)).time.kind == "during"


@pytest.mark.parametrize(
    "text", ["", "   ", "?", "2018", "and", "ofsted", "x" * 2000, "🙂🙂", "<b>hi</b>"]
)
def test_odd_input_parses_without_error(text):
    assert isinstance(parse(text, TODAY), Question)


def test_parse_takes_well_under_five_milliseconds():
    parse("warm up leeds 2019", TODAY)
    texts = [t for t, _ in FORMS]
    started = time.perf_counter()
    for _ in range(5):
        for text in texts:
            parse(text, TODAY)
    per_question = (time.perf_counter() - started) / (5 * len(texts))
    assert per_question < 0.005


def test_blind_questions_parse_as_intended():
    """Questions written before the parser ever saw them (tests/blind_questions.py).

    First measured: see the report; the floor below keeps what is reached now.
    """
    from blind_questions import BLIND

    failed = []
    for text, expected in BLIND:
        try:
            check(text, expected)
        except AssertionError:
            failed.append(text)
    rate = 1 - len(failed) / len(BLIND)
    print(
        f"blind questions: {len(BLIND) - len(failed)}/{len(BLIND)} parse as intended; failed: {failed}"
    )
    assert rate >= 0.9, failed


_PIECES = st.sampled_from(
    [
        "how",
        "is",
        "bolton",
        "doing",
        "what",
        "grade",
        "in",
        "2018",
        "march",
        "2031",
        "since",
        "as of",
        "1",
        "june",
        "2019",
        "care leavers",
        "h&p",
        "and",
        "bury",
        "?",
        "before that",
        "councils",
        "which",
        "how many",
        "mv",
        "reading",
        "richmond",
        "cardiff",
        "our",
        "it",
        "from",
        "to",
        "good",
        "inadequate",
        "'s",
        "last",
        "next",
        "when",
        "who led",
        "-",
        "/",
        "northumberlnd",
        "the last 3 years",
        "ago",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.text(max_size=120), st.lists(_PIECES, max_size=20).map(" ".join)),
    st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)),
)
def test_parse_never_raises_and_keeps_to_the_contract(text, today):
    q = parse(text, today)
    assert q.field is None or q.field in FIELDS
    assert q.judgement is None or q.judgement in JUDGEMENTS
    assert q.time.kind in TIME_KINDS
    assert all(s.earliest <= s.latest for s in q.time.spans)
    assert (
        q.time.kind in ("during", "as_of", "since", "future", "first", "change") or not q.time.spans
    )


# --- round 2 (issue 13): field forms the national dev set missed, asked in new words ---------

ROUND2 = [
    (
        "who was in charge of the 2021 inspection of oldham",
        dict(councils=["Oldham"], field="lead_inspector", time="during"),
    ),
    (
        "who headed the ofsted inspection of sutton in 2019",
        dict(councils=["Sutton"], field="lead_inspector"),
    ),
    (
        "what did ofsted tell gateshead to improve",
        dict(councils=["Gateshead"], field="improvements"),
    ),
    ("what does ealing need to work on", dict(councils=["Ealing"], field="improvements")),
    ("kirklees weak points", dict(councils=["Kirklees"], field="improvements")),
    ("brent shortcomings ofsted", dict(councils=["Brent"], field="improvements")),
    (
        "when did ofsted find doncasters services inadequate",
        dict(councils=["Doncaster"], field="when_judged", grade="inadequate"),
    ),
    (
        "last time medway was judged inadequate",
        dict(councils=["Medway"], field="when_judged", grade="inadequate"),
    ),
    (
        "what year was slough inadequate",
        dict(councils=["Slough"], field="when_judged", grade="inadequate"),
    ),
    (
        "was wigan inadequate last time",
        dict(councils=["Wigan"], field="overall", grade="inadequate", time="last"),
    ),
    ("sefton ofsted 2016", dict(councils=["Sefton"], field="overall", time="during")),
    ("halton 2022", dict(councils=["Halton"], field="overall", time="during")),
    ("and in 2019?", dict(field=None, refers_back=True)),
    ("luton ofsted last visit when", dict(councils=["Luton"], field="dates", time="last")),
    ("when ofsted went into dudley last", dict(councils=["Dudley"], field="dates")),
    ("wirrals most recent inspection", dict(councils=["Wirral"], field="dates", time="last")),
    ("when is ofsted coming back to merton", dict(councils=["Merton"], field="next")),
    ("how is leeds doing on return home interviews", dict(councils=["Leeds"], field="topic")),
]


@pytest.mark.parametrize("text, expected", ROUND2, ids=[t for t, _ in ROUND2])
def test_round_two_forms_parse_to_their_fields(text, expected):
    check(text, expected)


def test_an_ordinal_before_a_visit_says_which_visit_of_the_series():
    today = dt.date(2026, 11, 30)
    assert parse("what did the fifth monitoring visit look at", today).visit_number == 5
    assert parse("when was the 2nd visit to bolton", today).visit_number == 2
    assert parse("leeds first inspection grade", today).visit_number is None


def test_a_typo_is_corrected_the_same_way_in_every_process():
    import subprocess
    import sys

    code = (
        "import datetime as dt; from index.question.parsing import parse; "
        "q = parse('when was kent last inspectd in leeds countr', dt.date(2026, 11, 30)); "
        "print(q.field, q.visit_kind, q.topic)"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1, seen
