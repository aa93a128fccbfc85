"""A council's reports as facts, and the direct answer to a factual question from them.

A factual question ("who led hounslows 2023 inspection", "bolton help and protection")
is answered from the facts read once from each report at indexing time (index/facts.py:
its dates, its judgements with their exact wording, its lead inspector, what needs to
improve), not by searching passages. The answer opens with one short sentence built only
from those facts, and every fact in that sentence appears in a quote that follows it: the
shortest span of the report that holds the fact, never a whole run-on judgement table.

Which report answers is decided by the time the question asks about (``choose``): the
newest known as of today by default; the one whose inspection dates (or, failing that,
publication date) meet a named year, month or day; the one before another ("before that").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.extract.facts import Fact
from index.question.types import Question, TimeAsked
from index.store.records import DocumentInfo
from index.text import dates
from index.text.dates import format_date, format_month
from index.text.judgements import judgement_name

#: A judgement asked for that another framework gave under another key, in order of preference.
STANDS_IN = {
    "in_care": ("in_care_and_care_leavers",),
    "care_leavers": ("in_care_and_care_leavers",),
    "in_care_and_care_leavers": ("in_care", "care_leavers"),
    "leadership": ("leaders",),
    "leaders": ("leadership",),
    "safeguarding": ("help_and_protection",),
}
FRAMEWORK_NAMES = {
    "ilacs_standard": "a standard (full) inspection under the ILACS framework (inspections of "
    "local authority children's services, from 2018)",
    "ilacs_short": "a short inspection under the ILACS framework (inspections of local authority "
    "children's services, from 2018)",
    "ilacs_2026_standard": "a standard inspection under the ILACS framework from April 2026 (no overall grade)",
    "ilacs_2026_short": "a short inspection under the ILACS framework from April 2026 (no overall grade)",
    "sif": "an inspection under the single inspection framework (SIF, 2013 to 2017)",
    "lac": "an inspection of services for looked after children",
    "monitoring": "a monitoring visit",
    "focused": "a focused visit",
    "assurance": "an assurance visit",
}
_VISITS = {
    "monitoring": "monitoring_visit",
    "focused": "focused_visit",
    "assurance": "assurance_visit",
}


@dataclass(frozen=True)
class Evidence:
    """A fact as its report states it: the value, and the shortest quote that holds it."""

    value: str
    quote: str
    doc_id: int
    location: str


@dataclass(frozen=True)
class Report:
    """One inspection or visit of a council, as its own report states it."""

    council: str | None  # the body the report is about (its document's organisation)
    kind: str  # inspection, monitoring_visit, focused_visit, assurance_visit
    earliest: dt.date
    latest: dt.date
    dates: Evidence  # value: the dates as the report writes them ("7 to 18 November 2022")
    framework: str | None
    # (key, grade as worded with its row quoted), table order
    judgements: tuple[tuple[str, Evidence], ...]
    lead_inspector: Evidence | None
    improvements: tuple[Evidence, ...]
    document: DocumentInfo
    summary: Evidence | None = None  # the report's own summary of its judgement
    # each judgement's own summary: the first sentences of the section explaining it
    sections: tuple[tuple[str, Evidence], ...] = ()

    def section(self, key: str) -> Evidence | None:
        """The section explaining a judgement (or the one this framework gave in its place)."""
        found = dict(self.sections)
        return next((found[k] for k in (key, *STANDS_IN.get(key, ())) if k in found), None)

    @property
    def published(self) -> dt.date | None:
        return self.document.date

    @property
    def month(self) -> str:
        return format_month(self.earliest)

    def judgement(self, key: str) -> tuple[str, Evidence] | None:
        """The judgement asked for, or the one this report's framework gave in its place."""
        found = dict(self.judgements)
        for candidate in (key, *STANDS_IN.get(key, ())):
            if candidate in found:
                return candidate, found[candidate]
        return None

    def graded(self, grade: str, key: str = "overall") -> bool:
        found = self.judgement(key)
        return found is not None and same_grade(found[1].value, grade)


def same_grade(worded: str, grade: str) -> bool:
    """'Requires improvement to be good' is 'requires improvement'; 'good' is not 'requires improvement to be good'."""
    worded, grade = worded.lower(), grade.lower()
    if "improvement" in grade or "improvement" in worded:
        return "improvement" in grade and "improvement" in worded
    return worded.startswith(grade)


def _wording(quote: str) -> str:
    """The dates as a report's dates line writes them: the line without its label."""
    text = " ".join(quote.split())
    return text.split(":", 1)[1].strip() if ":" in text[:40] else text


def reports(
    documents: Iterable[DocumentInfo], facts: dict[int, tuple[Fact, ...]], location_at
) -> list[Report]:
    """Every report that states its own inspection or visit, oldest first.

    ``location_at(doc_id, offset)`` says where a quote lies, as a citation says it.
    """
    out = []
    for document in documents:
        found = facts.get(document.id, ())
        by_field: dict[str, list[Fact]] = {}
        for fact in found:
            by_field.setdefault(fact.field, []).append(fact)
        dates_fact = (by_field.get("inspection_dates") or [None])[0]
        if dates_fact is None:
            continue

        def evidence(fact: Fact, value: str | None = None) -> Evidence:
            return Evidence(
                value if value is not None else fact.value,
                " ".join(fact.quote.split()),
                document.id,
                location_at(document.id, fact.start),
            )

        earliest, latest = (dt.date.fromisoformat(d) for d in dates_fact.value.split("/"))
        framework = (by_field.get("framework") or [None])[0]
        framework_name = framework.value if framework else None
        judgements = tuple(
            (f.field.split(":", 1)[1], evidence(f))
            for f in found
            if f.field.startswith("judgement:")
        )
        lead = (by_field.get("lead_inspector") or [None])[0]
        out.append(
            Report(
                council=document.organisation,
                kind=_VISITS.get(framework_name or "", "inspection"),
                earliest=earliest,
                latest=latest,
                dates=evidence(dates_fact, _wording(dates_fact.quote)),
                framework=framework_name,
                judgements=judgements,
                lead_inspector=evidence(lead) if lead else None,
                improvements=tuple(evidence(f) for f in by_field.get("improvement", ())),
                summary=next((evidence(f) for f in by_field.get("summary", ())), None),
                sections=tuple(
                    (f.field.split(":", 1)[1], evidence(f))
                    for f in found
                    if f.field.startswith("section:")
                ),
                document=document,
            )
        )
    return sorted(out, key=lambda r: (r.latest, r.published or r.latest))


def known(held: list[Report], today: dt.date) -> list[Report]:
    """The reports published by ``today`` (undated ones count), oldest inspection first."""
    return [
        r for r in held if (r.published is None or r.published <= today) and r.earliest <= today
    ]


def choose(
    held: list[Report], time: TimeAsked, today: dt.date, *, kinds: set[str] | None = None
) -> Report | None:
    """The report a question's time points at, among those known as of ``today``."""
    held = [r for r in known(held, today) if kinds is None or r.kind in kinds]
    if not held:
        return None
    if time.kind == "previous":
        # "before that": the one before the inspection the conversation was about (its span
        # carried as the time), or before the newest.
        reference = min((s.earliest for s in time.spans), default=held[-1].earliest)
        earlier = [r for r in held if r.latest < reference]
        return earlier[-1] if earlier else None
    if (
        time.kind == "first"
    ):  # the earliest held, or the earliest from a named start ("first ilacs inspection")
        after = [r for r in held if all(r.earliest >= s.earliest for s in time.spans)]
        return after[0] if after else None
    if time.kind == "as_of" and time.spans:
        return choose(held, TimeAsked("now"), min(max(s.latest for s in time.spans), today))
    if time.kind == "during" and time.spans:
        inspected = [r for r in held if any(dates.overlaps(r, s) for s in time.spans)]
        if inspected:
            return inspected[-1]
        published = [
            r
            for r in held
            if r.published and any(s.earliest <= r.published <= s.latest for s in time.spans)
        ]
        return published[-1] if published else None
    return held[-1]


def grade_words(grade: str) -> str:
    """A grade as a direct answer states it: "children's services require improvement" is "Requires improvement"."""
    words = " ".join(grade.split())
    if words.lower().startswith(
        ("require improvement", "requires improvement", "requiring improvement")
    ):
        return (
            "Requires improvement"
            + words[words.lower().index("improvement") + len("improvement") :]
        )
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Statement:
    """A direct answer before it is cited: its sentence, with ``{}`` where each piece of evidence's
    citation goes (in order), and the evidence."""

    sentence: str
    evidence: tuple[Evidence, ...]


def state(question: Question, council: str, report: Report) -> Statement | None:
    """The direct answer to ``question`` from one report; None when the report does not state it."""
    field = question.field or "status"
    stating = _STATEMENTS.get("overall" if field in ("status", "when_judged") else field)
    return stating(question, council, report) if stating else None


def _overall(question: Question, council: str, report: Report) -> Statement:
    when = f"the inspection of {report.dates.value}"
    found = report.judgement("overall")
    others = [(k, e) for k, e in report.judgements if k != "overall"]
    if found is not None and others and _EVERY_JUDGEMENT.search(question.reading):
        # "were all the judgements outstanding", "which bit was inadequate": each of them
        listed = "; ".join(f"{judgement_name(k)}: {grade_words(e.value)} {{}}" for k, e in others)
        return Statement(
            f"{council}: {grade_words(found[1].value)} overall {{}} at {when} {{}}; "
            f"the judgements were {listed}.",
            (found[1], report.dates, *(e for _, e in others)),
        )
    if found is not None:
        row = found[1]
        return Statement(
            f"{council}: {grade_words(row.value)} overall {{}} at {when} {{}}.", (row, report.dates)
        )
    if not report.judgements:
        return Statement(f"{council} was inspected on {report.dates.value} {{}}.", (report.dates,))
    listed = "; ".join(
        f"{judgement_name(k)}: {grade_words(e.value)} {{}}" for k, e in report.judgements
    )
    return Statement(
        f"{council}: no overall effectiveness grade was given at {when} {{}}; the judgements were {listed}.",
        (report.dates, *(e for _, e in report.judgements)),
    )


#: Words that ask for every judgement of an inspection, not only the overall grade.
_EVERY_JUDGEMENT = re.compile(
    r"\b(?:judge?ments|grades|each|every|all|everything|breakdown|which (?:bits?|parts?|areas?|ones?)"
    r"|what (?:bits?|parts?|areas?)|what was (?:outstanding|good|inadequate|requires improvement)"
    r"|only (?:thing|bit|part|area|one))\b",
    re.I,
)


def _judgement(question: Question, council: str, report: Report) -> Statement | None:
    key = question.judgement or "overall"
    found = report.judgement(key)
    if found is None:
        return None
    used, row = found
    together = (
        " (judged together at this inspection)"
        if used == "in_care_and_care_leavers" and key != used
        else ""
    )
    section = report.section(used)  # the report's own summary of that judgement, after the grade
    return Statement(
        f"{council}: {judgement_name(used)}{together} was judged {grade_words(row.value)} {{}} "
        f"at the inspection of {report.dates.value} {{}}.",
        (row, report.dates, *((section,) if section else ())),
    )


def _dates(question: Question, council: str, report: Report) -> Statement:
    kind = (
        "inspected" if report.kind == "inspection" else f"given a {report.kind.replace('_', ' ')}"
    )
    if question.time.kind == "first":  # the earliest held, which need not be the first ever
        return Statement(
            f"The earliest report I hold of {council} being {kind} is of {report.dates.value} {{}}.",
            (report.dates,),
        )
    last = "last " if question.time.kind in ("none", "now", "last", "as_of") else ""
    length = f" ({_length(report)})" if _HOW_LONG.search(question.reading) else ""
    published = ""
    if _PUBLISHED.search(question.reading) and report.published:
        gap = (report.published - report.latest).days
        published = (
            f"; its report was published on {format_date(report.published)}, "
            f"{gap // 7} weeks and {gap % 7} days after the inspection ended"
        )
    return Statement(
        f"{council} was {last}{kind} on {report.dates.value} {{}}{length}{published}.",
        (report.dates,),
    )


#: "when did the report come out", "publication date"
_PUBLISHED = re.compile(r"\bpublish\w*|\bpublication\b|\bc[ao]me out\b|\breleased?\b", re.I)


#: "how long were inspectors in", "one week or two", "inspection length"
_HOW_LONG = re.compile(r"\bhow long\b(?!\s+(?:ago|since))|\bweeks?\b|\blength\b|\bon site\b", re.I)


def _length(report: Report) -> str:
    """How long the inspection was on site, counted from its dates: working days and weeks."""
    days = (report.latest - report.earliest).days + 1
    working = sum((report.earliest + dt.timedelta(d)).weekday() < 5 for d in range(days))
    if days > 31:  # in two parts, or a long single inspection framework's four weeks
        return f"{working} working days from first to last, over {days} days"
    weeks = {1: "one week", 2: "two weeks", 3: "three weeks", 4: "four weeks"}.get(
        max(1, round(working / 5)), f"{round(working / 5)} weeks"
    )
    return f"{working} working days: {weeks} on site"


def _lead_inspector(question: Question, council: str, report: Report) -> Statement | None:
    if report.lead_inspector is None:
        return None
    return Statement(
        f"The {report.month} inspection of {council} ({report.dates.value} {{}}) was led by "
        f"{report.lead_inspector.value} {{}}.",
        (report.dates, report.lead_inspector),
    )


def _visit_kind(question: Question, council: str, report: Report) -> Statement:
    name = FRAMEWORK_NAMES.get(report.framework or "", "an inspection")
    return Statement(
        f"The {report.month} inspection of {council} ({report.dates.value} {{}}) was {name}.",
        (report.dates,),
    )


def _improvements(question: Question, council: str, report: Report) -> Statement | None:
    if not report.improvements:
        return None
    items = report.improvements  # every item: a list is never cut short without saying so
    return Statement(
        f"What needs to improve in {council}, from the inspection of {report.dates.value} {{}}: "
        + " ".join(f"“{e.value}” {{}}" for e in items),
        (report.dates, *items),
    )


#: How each field is stated from one report (status and when_judged as the overall grade).
_STATEMENTS = {
    "overall": _overall,
    "judgement": _judgement,
    "dates": _dates,
    "lead_inspector": _lead_inspector,
    "visit_kind": _visit_kind,
    "improvements": _improvements,
}


def graded_count(
    counted: list[Report],
    one: Report | None,
    grade: str,
    key: str,
    council: str,
    what: str,
    when: str,
    *,
    named: bool,
) -> Statement:
    """ "How many times was X judged inadequate": the inspections given that grade, then the latest
    one's other judgements at that grade; with ``named`` ("… at its last inspection"), only ``one``'s."""
    pieces: list[str] = []
    evidence: list[Evidence] = []
    if not named:
        graded = [r for r in counted if r.graded(grade, key)]
        name = "overall" if key == "overall" else f"for {judgement_name(key)}"
        listed = "; ".join(
            f"{grade_words(r.judgement(key)[1].value)} {{}} at the inspection of {r.dates.value} {{}}"
            for r in graded
        )
        pieces.append(
            f"{len(graded)} of the {len(counted)} {what} of {council}{when} I hold judged it {grade} {name}"
            + (f": {listed}" if graded else "")
        )
        evidence += [e for r in graded for e in (r.judgement(key)[1], r.dates)]
    others = [
        (k, e)
        for k, e in (one.judgements if one is not None and key == "overall" else ())
        if k != "overall"
    ]
    if one is not None and others:
        rows = [(k, e) for k, e in others if same_grade(e.value, grade)]
        names = "; ".join(judgement_name(k) + " {}" for k, _ in rows)
        pieces.append(
            f"{'at' if named else 'At'} the {'' if named else 'latest '}inspection of {council}, "
            f"{one.dates.value} {{}}, {len(rows)} of the {len(others)} judgements besides overall "
            f"effectiveness {'was' if len(rows) == 1 else 'were'} {grade}"
            + (f": {names}" if rows else "")
        )
        evidence += [one.dates, *(e for _, e in rows)]
    if one is not None and named and key != "overall" and one.judgement(key):
        # "how many times was leeds judged outstanding for care leavers at its last"
        used, row = one.judgement(key)
        pieces.append(
            f"at the inspection of {council}, {one.dates.value} {{}}, "
            f"{judgement_name(used)} was judged {grade_words(row.value)} {{}}"
        )
        evidence += [one.dates, row]
    if not pieces and one is not None:  # nothing at that grade to count there: what was given
        pieces.append(
            f"at the inspection of {council}, {one.dates.value} {{}}, no judgement was {grade}"
        )
        evidence.append(one.dates)
    sentence = ". ".join(pieces) + "."
    return Statement(sentence[:1].upper() + sentence[1:], tuple(evidence))
