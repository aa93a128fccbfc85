"""Question → Answer: the one place that decides how a question is answered.

    parse (index/question.py) → follow-up and the chat's council (index/conversation.py)
    → decline or clarify (places Ofsted does not inspect, unknown or ambiguous names, the future)
    → national (index/national.py) → scope (index/scope.py)
    → a fact from the reports (index/factual.py), the timeline (index/intent.py),
      or passages retrieved within the right report (index/answer.py)

Every branch ends in an ``Answer`` whose sentences are quoted from documents, or built
only from facts that its quotes hold; when the documents do not say, it says so and what
is known instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from index import national
from index.answer import factual, scope, timeline_answers, topics
from index.answer.factual import Report, Statement
from index.answer.passages import Answerer, Search
from index.answer.phrasing import left_out, merged, parts, served_by, when_words
from index.answer.results import Answer, Citation
from index.answer.timeline import Timeline
from index.answer.timeline_answers import timeline_answer
from index.question import followups as conversation
from index.question import remit
from index.question.followups import Turn
from index.question.forms import GENERIC
from index.question.parsing import parse, specific
from index.question.types import Question, TimeAsked, Used
from index.store import Store
from index.text.dates import describe_age, format_date, format_month, overlaps

#: Fields answered from a report's own facts.
FACT_FIELDS = {
    "status",
    "overall",
    "judgement",
    "dates",
    "lead_inspector",
    "visit_kind",
    "improvements",
}
NOT_PUBLISHED = "Ofsted does not publish the dates of its inspections in advance."
#: Fields a question for a document's findings, or what a visit looked at, may come with.
_ABOUT_A_DOCUMENT = (None, "status", "topic", "visit_kind")
#: What a question wanted, as a decline says it.
_WANTED = {"number": "how many", "name": "who", "date": "when", "grade": "what grade"}


@dataclass(frozen=True)
class Unreported(Answer):
    """A decline saying no report holds the fact asked: a council's own papers are read next."""


class Responder:
    """Answers parsed questions from one snapshot of the index."""

    def __init__(self, store: Store, answerer: Answerer) -> None:
        self.store = store
        self.answerer = answerer
        self.documents = {d.id: d for d in store.documents()}
        self.reports = factual.reports(self.documents.values(), store.facts(), store.location_at)

    def ask(
        self,
        text: str,
        today: dt.date | None = None,
        *,
        council: str | None = None,
        previous: Turn | None = None,
    ) -> Answer:
        """Answer ``text`` as of ``today``; ``council`` is the chat's own, ``previous`` the turn before."""
        today = today or dt.date.today()
        text = " ".join(text.split())
        if not re.search(r"\w", text):
            return self._abstain(
                text,
                today,
                "Please ask a question in words, for example “When was Leeds last inspected?”",
            )
        asked = parse(text, today)
        question = conversation.carry(previous, asked) if previous else asked
        if question.field is None and not question.topic and not question.national:
            # "bucks ofsted 2014", "last time ofsted went into brent": a council and a time, no field.
            question = replace(question, field="status")
        if council and scope.takes_chat_council(question, FACT_FIELDS):
            question = replace(question, councils=(council,))
        answer = self.answer(question, today)
        served = [(place, by) for place, by in question.served if set(by) & set(question.councils)]
        if served and not answer.abstained:  # "ryedale ofsted": North Yorkshire's answer, and why
            answer = replace(
                answer, warnings=(*(served_by(place, by) for place, by in served), *answer.warnings)
            )
        opening = conversation.assumed(asked, question) if previous else None
        if opening and not answer.abstained:
            answer = replace(answer, answer=f"{opening} {answer.answer}")
        if answer.used is None and question.councils and not answer.abstained:
            answer = replace(
                answer,
                used=Used(
                    council=question.councils[0], field=question.field, judgement=question.judgement
                ),
            )
        return replace(answer, understood=question)

    def answer(self, question: Question, today: dt.date) -> Answer:
        """The answer to a question already understood (and carried from the turn before)."""
        if question.outside:  # a school, the police, a phone number: never a council's facts
            return self._abstain(question.text, today, _outside(question.outside))
        nationally = self._national(question, today)
        if nationally is not None:
            return nationally
        split = parts(question)  # several councils, facts or years: each in turn (phrasing.py)
        if split:
            answer = merged([self.answer(part, today) for part in split])
            rest = left_out(question)
            return replace(answer, warnings=(*answer.warnings, rest)) if rest else answer
        if question.time.kind == "change" and question.councils:
            return self._change(question, today)
        declined = self._declined(question, today)
        if declined is not None:
            return declined
        factual_field = question.field in FACT_FIELDS | {"count", "when_judged", "next"}
        one_body = factual_field or question.time.kind in ("last", "previous")
        found = scope.decide(question.councils, today, self.documents.values(), one_body=one_body)
        if not isinstance(found, scope.Scope):
            return self._abstain(question.text, today, found.message())
        council = found.organisation or (question.councils[0] if question.councils else None)
        held = [r for r in self.reports if found.allows(r.document.id)]
        read_first = (
            question.aspect in ("findings", "focus") and question.field in _ABOUT_A_DOCUMENT
        )
        if (
            not specific(question.topic) and not read_first
        ):  # "the deputy lead inspector": not a fact
            answer = self._from_facts(question, today, found, held, council)
            if isinstance(answer, Unreported):
                # Facts first, documents always: a council's own papers may say what no report does.
                papers = found.doc_ids - {r.document.id for r in self.reports}
                if papers:
                    read = self._from_passages(
                        question,
                        today,
                        replace(found, doc_ids=papers, restricted=True),
                        [],
                        council,
                        instead_of_facts=True,
                    )
                    answer = answer if read.abstained else read
            if answer is not None:
                return answer
        return self._from_passages(question, today, found, held, council)

    def _from_facts(
        self,
        question: Question,
        today: dt.date,
        found: scope.Scope,
        held: list[Report],
        council: str | None,
    ) -> Answer | None:
        """The answer from the reports' facts and the documents' events; None to read passages."""
        if question.field == "next":
            return self._next(question, today, found, held, council)
        if question.field == "count":
            return self._count(question, today, found, held, council)  # None: read passages
        if question.time.kind == "since" and question.field in ("status", None):
            listed = self._recorded(
                question, today, found, council, None
            )  # "what has happened since"
            if listed is not None:
                return listed
        if question.field == "when_judged" and held:
            return self._when_judged(question, today, found, held, council)
        if _about_a_report(question):
            return self._report_fact(question, today, found, held, council)
        return None

    def _national(self, question: Question, today: dt.date) -> Answer | None:
        """A question about the country (or comparing councils), from every council's reports."""
        if not question.national or (question.national == "compare" and len(question.councils) < 2):
            return None
        found = national.answer(question, self.answerer.timeline.events, today)
        return _national_answer(question.text, found, today, self.reports) if found else None

    def _declined(self, question: Question, today: dt.date) -> Answer | None:
        """A question that cannot be answered as asked: a place Ofsted does not inspect, a name
        to ask about, the future, a word taken for a council nobody knows; else None."""
        if question.places and not question.councils:
            return self._abstain(question.text, today, _elsewhere(question))
        if question.ambiguous and not question.councils:
            return self._abstain(question.text, today, _which(question))
        time = question.time
        if time.kind == "future" or (
            time.kind == "next" and question.field in ("overall", "judgement", "when_judged")
        ):  # "what will leeds get next time"
            if time.kind == "next":
                when = "at the next inspection"
            else:
                when = f"in {time.text}" if time.text else "in the future"
            found = scope.decide(question.councils, today, self.documents.values(), one_body=True)
            reason = f"Nothing I hold can say what will happen {when}."
            return self._known_instead(question, today, reason, found)
        factual_field = question.field in FACT_FIELDS | {"count", "when_judged", "next"}
        if factual_field and not question.councils and question.topic and len(self._families()) > 1:
            return self._abstain(
                question.text,
                today,
                f"I do not know a council called “{' '.join(question.topic)}”. "
                "I hold Ofsted reports on councils in England; check the name.",
            )
        return None

    def _report_fact(
        self,
        question: Question,
        today: dt.date,
        found: scope.Scope,
        held: list[Report],
        council: str | None,
    ) -> Answer | None:
        """A report's own fact (a grade, dates, who led it, what to improve), or the events
        council documents state; None when neither holds it (passages are read next)."""
        answer = self._fact(question, today, held, council) if held and council else None
        if answer is None and held and council and question.time.kind == "previous":
            answer = self._no_report(question, today, held, council)  # nothing earlier held
        if answer is None:  # council documents rather than reports: the events they state
            answer = self._from_timeline(question, today, found)
        if answer is None and held and council:
            answer = self._no_report(question, today, held, council)
        if answer is None and question.visit_number is not None and question.field == "dates":
            answer = self._unnumbered(question, today, found)
        return answer

    def _from_passages(
        self,
        question: Question,
        today: dt.date,
        found: scope.Scope,
        held: list[Report],
        council: str | None,
        *,
        instead_of_facts: bool = False,
    ) -> Answer:
        """Sentences quoted from the passages retrieved: within the report the time asked points
        at, or a numbered visit's own letter, else within the scope. ``instead_of_facts``: the
        facts held did not answer, so a sentence must state what the question's field asks."""
        question = replace(
            question, topic=topics.spelt_as_documents(question.topic, self.store.vocabulary())
        )
        only, within = found.only, None
        pointed = (
            question.time.kind != "none"
            or question.field == "topic"
            or bool(specific(question.topic))
            or question.aspect is not None
        )
        if held and question.councils:
            report = factual.choose(held, question.time, today)
            if report is not None and pointed:
                only, within = frozenset({report.document.id}), report
        if question.visit_number is not None and within is None:  # "the fifth monitoring visit"
            letter = self._visit_letter(question.visit_number, found, today)
            only = frozenset({letter}) if letter is not None else only
        named = " ".join(w for w in question.topic if w not in GENERIC)
        # "what did it look at", not "what kind of visit"
        aspect = question.aspect or ("focus" if question.field == "visit_kind" else None)
        search = Search(
            _search_text(question),
            question.text,
            only=only,
            forms=topics.terms(question.topic),
            groups=topics.groups(question.topic),
            strict=within is not None,
            wants=question.wants
            if (instead_of_facts or question.field == "topic" or specific(question.topic))
            else None,
            prefer=topics.ASPECTS[aspect][0] if aspect else (),
            headings=topics.ASPECTS[aspect][1] if aspect else (),
            unmentioned=self._unmentioned(question, found, within, council, named),
        )
        return self.answerer.from_passages(search, today)

    def _unmentioned(
        self,
        question: Question,
        found: scope.Scope,
        within: Report | None,
        council: str | None,
        named: str,
    ) -> str | None:
        """What was searched, said when nothing there answers."""
        what = f"mention {named}" if named else "say"
        if question.wants and (question.field == "topic" or specific(question.topic)):
            searched = f" (I searched for “{named}”)" if named else ""
            what = f"say {_WANTED.get(question.wants, 'that')}{searched}"
        if within is not None:
            return f"The report of the {within.month} inspection of {council or within.council} does not {what}."
        if council and named:
            n = len(found.doc_ids)
            return f"The {n} document{'s' if n != 1 else ''} I hold about {council} do not {what}."
        return None

    # --- the branches ---------------------------------------------------------------

    def _change(self, question: Question, today: dt.date) -> Answer:
        """ "Has bolton improved": the last grade, then the one before (or a year named's), each quoted."""
        last = self.answer(replace(question, time=TimeAsked("last", (), question.time.text)), today)
        then = question.time.spans
        before = (
            self.answer(replace(question, time=TimeAsked("during", then, then[0].text)), today)
            if then
            else None
        )
        label = (
            f"In {then[0].text}:"
            if before is not None and not _same_reports(before, last)
            else "Before that:"
        )
        if (
            label == "Before that:"
        ):  # no year named, or it names the last inspection: the one before that
            before = self.answer(
                replace(question, time=TimeAsked("previous", (), question.time.text)), today
            )
        if last.abstained or not last.answer.strip():
            return before if not (before.abstained or not before.answer.strip()) else last
        if before.abstained or not before.answer.strip() or _same_reports(before, last):
            return replace(
                last, warnings=(*last.warnings, "No earlier inspection is held to compare it with.")
            )
        return merged([last, replace(before, answer=f"{label} {before.answer}")])

    def _fact(
        self, question: Question, today: dt.date, held: list[Report], council: str
    ) -> Answer | None:
        graded = question.field in ("status", "overall", "judgement")
        kinds = (
            {question.visit_kind}
            if question.visit_kind and question.field == "dates"
            else (
                {"inspection"}
                if graded or question.field in ("lead_inspector", "improvements")
                else None
            )
        )
        report = factual.choose(held, question.time, today, kinds=kinds)
        in_force = None
        if report is None and graded and question.time.kind == "during" and question.time.spans:
            # "how was sunderland rated in 2020", with no inspection that year: the grade in force then
            report = factual.choose(
                held, TimeAsked("as_of", question.time.spans), today, kinds=kinds
            )
            in_force = report and (
                f"No full inspection of {council} took place{when_words(question.time)}: "
                f"this is the grade in force then, from the inspection of {report.dates.value}."
            )
        if report is None:
            return None
        statement = factual.state(question, council, report)
        if statement is None:
            what = {
                "lead_inspector": "who led it",
                "improvements": "what needs to improve",
                "judgement": "that judgement",
            }.get(question.field or "", "that")
            return self._abstain(
                question.text,
                today,
                f"The report of the {report.month} inspection of {council} does not say {what}.",
                cite=report,
            )
        answer = self._compose(question, today, statement, report, council)
        if in_force:
            answer = replace(answer, warnings=(in_force, *answer.warnings))
        if (
            question.field in ("status", "overall")
            and report.judgements
            and report.judgement("overall") is None
        ):
            answer = replace(
                answer,
                warnings=(
                    "This inspection gave no overall effectiveness grade (Ofsted stopped "
                    "giving one from April 2026); the judgements it gave are quoted.",
                    *answer.warnings,
                ),
            )
        return answer

    def _visit_letter(self, number: int, found: scope.Scope, today: dt.date) -> int | None:
        """The document that reports the numbered visit: of those stating it took place, the
        first dated on or after it (later documents only mention it)."""
        told = [
            e
            for e in self.answerer.timeline.events
            if e.event.number == number
            and e.status == "completed"
            and e.kind.endswith("visit")
            and found.allows(e.doc_id)
            and (e.doc_date is None or e.doc_date <= today)
        ]
        told.sort(key=lambda e: (e.doc_date is None, e.doc_date or today, e.doc_id))
        return told[0].doc_id if told else None

    def _no_report(
        self, question: Question, today: dt.date, held: list[Report], council: str
    ) -> Answer:
        listed = ", ".join(r.dates.value for r in factual.known(held, today))
        when = (
            when_words(question.time)
            if question.time.kind in ("during", "since")
            else " before the latest"
            if question.time.kind == "previous"
            else ""
        )
        reason = f"I hold no report of an inspection of {council}{when}." + (
            f" The inspections I hold reports of: {listed}." if listed else ""
        )
        return Unreported(**vars(self._abstain(question.text, today, reason)))

    def _count(
        self,
        question: Question,
        today: dt.date,
        found: scope.Scope,
        held: list[Report],
        council: str | None,
    ) -> Answer | None:
        """How many inspections (or visits) the reports hold, in the time asked; with none, what
        the council's own papers record when asked what has happened (None: read passages)."""
        kinds = {question.visit_kind or "inspection"}
        spans = question.time.spans
        # "before 2020"
        by = max(s.latest for s in spans) if question.time.kind == "as_of" and spans else None
        counted = [
            r
            for r in factual.known(held, today)
            if r.kind in kinds
            and (
                not spans
                or (
                    r.latest >= min(s.earliest for s in spans)
                    if question.time.kind == "since"
                    else r.latest <= by
                    if by
                    else any(overlaps(r, s) for s in spans)
                )
            )
        ]
        what = (
            (question.visit_kind or "inspection")
            .replace("_", " ")
            .replace("inspection", "full inspection")
        )
        when = (
            f" by {format_date(by)}"
            if by
            else when_words(question.time)
            if question.time.kind in ("since", "during")
            else ""
        )
        if not counted:  # no report of one: what the council's own papers record, if asked of them
            none = f"No report of a {what} of {council}{when} is held."
            return self._recorded(question, today, found, council, none) if question.past else None
        if question.grade:
            return self._count_graded(question, today, counted, council, what, when)
        sentence = (
            f"I hold {len(counted)} report{'s' if len(counted) != 1 else ''} of {what}s of {council}{when}: "
            + "; ".join(f"{r.dates.value} {{}}" for r in counted)
            + "."
        )
        return self._compose(
            question,
            today,
            Statement(sentence, tuple(r.dates for r in counted)),
            counted[-1],
            council,
        )

    def _recorded(
        self,
        question: Question,
        today: dt.date,
        found: scope.Scope,
        council: str | None,
        none: str | None,
    ) -> Answer | None:
        """The visits and inspections the documents in scope record, in the time asked: for "how
        many monitoring visits have we had", "what has happened since 2019". ``none``: the decline
        when they record none (None: let passages be read)."""
        # "since the 2023 inspection": everything after that inspection, not only inspections
        listing = question.time.kind == "since" and question.field != "count"
        kinds = timeline_answers.DONE_KINDS
        if question.visit_kind and not (listing and question.visit_kind == "inspection"):
            kinds = {question.visit_kind}
        spans = question.time.spans
        events = [e for e in self.answerer.timeline.events if found.allows(e.doc_id)]
        after = (
            self._since(question, today, events)
            if question.time.kind == "since" and spans
            else None
        )
        until = max(s.latest for s in spans) if question.time.kind == "as_of" and spans else None
        held = timeline_answers.recorded(events, today, kinds, after=after, until=until)
        if question.time.kind == "during" and spans:
            held = [e for e in held if any(overlaps(e, s) for s in spans)]
        if not held:
            return self._abstain(question.text, today, none) if none else None
        labels = {e.label.split(" ", 1)[-1] if e.number else e.label for e in held}
        n = len(held)
        what = (
            f"{labels.pop()}{'s' if n != 1 else ''}"
            if len(labels) == 1
            else "visits and inspections"
        )
        when = when_words(question.time) if question.time.kind in ("since", "during") else ""
        heading = f"The documents I hold record {n} {what} of {council or 'the council'}{when}:"
        return timeline_answers.events_answer(question.text, today, heading, held, self.documents)

    def _since(self, question: Question, today: dt.date, events: list) -> dt.date:
        """The day after which "since" counts: the end of the inspection named ("since the 2023
        inspection"), else the day before the time named begins ("since 2019")."""
        spans = question.time.spans
        start = min(s.earliest for s in spans) - dt.timedelta(days=1)
        if question.since_inspection:
            named = timeline_answers.recorded(events, today, {"inspection"})
            named = [e for e in named if any(overlaps(e, s) for s in spans)]
            if named:
                return max(e.latest for e in named)
        return start

    def _count_graded(
        self,
        question: Question,
        today: dt.date,
        counted: list[Report],
        council: str | None,
        what: str,
        when: str,
    ) -> Answer:
        # "… at its last inspection": that one only
        named = question.time.kind in (
            "last",
            "previous",
            "first",
        )
        one = factual.choose(counted, question.time if named else TimeAsked("last"), today)
        statement = factual.graded_count(
            counted,
            one,
            question.grade or "",
            question.judgement or "overall",
            council or "",
            f"{what}s",
            when,
            named=named,
        )
        return self._compose(question, today, statement, one or counted[-1], council)

    def _when_judged(
        self,
        question: Question,
        today: dt.date,
        found: scope.Scope,
        held: list[Report],
        council: str | None,
    ) -> Answer:
        grade = question.grade or "inadequate"
        key = question.judgement or "overall"
        matching = [r for r in factual.known(held, today) if r.graded(grade, key)][::-1]
        if not matching:
            known = self._known_instead(
                question, today, f"No report I hold judged {council} {grade}.", found
            )
            return Unreported(**vars(known))
        if question.time.kind in ("last", "first"):  # "when did X last get good": that one only
            matching = matching[:1] if question.time.kind == "last" else matching[-1:]
        pieces, evidence = [], []
        for report in matching:
            row = report.judgement(key)[1]
            pieces.append(
                f"{factual.grade_words(row.value)} {{}} at the inspection of {report.dates.value} {{}}"
            )
            evidence += [row, report.dates]
        sentence = f"{council} was judged " + "; and ".join(pieces) + "."
        return self._compose(
            question, today, Statement(sentence, tuple(evidence)), matching[0], council
        )

    def _next(
        self,
        question: Question,
        today: dt.date,
        found: scope.Scope,
        held: list[Report],
        council: str | None,
    ) -> Answer:
        events = Timeline([e for e in self.answerer.timeline.events if found.allows(e.doc_id)])
        if events.next_expected(today) is not None or events.overdue(today) is not None:
            answer = timeline_answer(question, today, "next", events, self.documents)
            if answer is not None:
                return answer
        reason = f"No document I hold says when Ofsted will next inspect {council or 'them'}. {NOT_PUBLISHED}"
        return self._known_instead(question, today, reason, found)

    def _from_timeline(
        self, question: Question, today: dt.date, found: scope.Scope
    ) -> Answer | None:
        """Council documents (letters, cabinet reports) rather than reports: the events they state."""
        intent = {"dates": "last", "status": "grade", "overall": "grade"}.get(question.field or "")
        if intent == "last" and question.time.kind == "first" and question.visit_number is None:
            intent = "first"  # "the earliest monitoring visit"; "the first visit" is a numbered one (below)
        if question.time.kind == "during":
            # "the grade in June 2019" is that inspection's; "the July 2021 visit" is found in passages.
            intent = "grade_at" if question.field in ("overall", "judgement", "status") else None
        if intent is None:
            return None
        events = [e for e in self.answerer.timeline.events if found.allows(e.doc_id)]
        if (
            question.visit_number is not None and intent == "last"
        ):  # "when was the fourth monitoring visit"
            events = [
                e
                for e in events
                if e.event.number == question.visit_number and e.kind.endswith("visit")
            ]
        return (
            timeline_answer(question, today, intent, Timeline(events), self.documents)
            if events
            else None
        )

    def _unnumbered(self, question: Question, today: dt.date, found: scope.Scope) -> Answer:
        """No document numbers the visit asked about: say so, and which visits they do record."""
        held = sorted(
            {
                (e.earliest.year, e.earliest.month)
                for e in self.answerer.timeline.events
                if found.allows(e.doc_id)
                and e.kind.endswith("visit")
                and e.status == "completed"
                and e.earliest <= today
            }
        )
        listed = "; ".join(format_month(dt.date(y, m, 1)) for y, m in held)
        return self._abstain(
            question.text,
            today,
            f"No document I hold says which visit was number "
            f"{question.visit_number}." + (f" The visits they record: {listed}." if listed else ""),
        )

    def _known_instead(
        self, question: Question, today: dt.date, reason: str, found: scope.Scope | scope.Refusal
    ) -> Answer:
        """An abstention that says what is known in ``found``: the last inspection, its date and grade, cited."""
        if isinstance(found, scope.Scope) and (found.organisation or question.councils):
            council = found.organisation or question.councils[0]
            last = factual.choose(
                [r for r in self.reports if found.allows(r.document.id)],
                factual.TimeAsked("now"),
                today,
                kinds={"inspection"},
            )
            if last is not None:
                statement = factual.state(replace(question, field="status"), council, last)
                if statement is not None:
                    known = self._compose(question, today, statement, last, council)
                    return replace(
                        known,
                        answer=f"{reason} What I hold: {known.answer}",
                        abstained=True,
                        confidence=0.0,
                    )
        return self._abstain(question.text, today, reason)

    # --- composing ------------------------------------------------------------------

    def _compose(
        self,
        question: Question,
        today: dt.date,
        statement: Statement,
        report: Report,
        council: str | None,
    ) -> Answer:
        """The statement with its citations filled in, then the quotes it stands on."""
        citations: list[Citation] = []
        numbers = []
        for evidence in statement.evidence:
            document = self.documents[evidence.doc_id]
            same = next(
                (
                    c
                    for c in citations
                    if c.doc_id == evidence.doc_id and c.location == evidence.location
                ),
                None,
            )
            if same is None:
                same = Citation(
                    len(citations) + 1,
                    document.source,
                    document.title,
                    document.date,
                    evidence.location,
                    evidence.quote,
                    evidence.doc_id,
                    -1,
                )
                citations.append(same)
            elif evidence.quote not in same.quote:
                citations[same.n - 1] = same = replace(
                    same, quote=f"{same.quote} … {evidence.quote}"
                )
            numbers.append(same.n)
        sentence = statement.sentence.format(*(f"[{n}]" for n in numbers))
        quotes = []
        for evidence, n in zip(statement.evidence, numbers):
            line = f"“{evidence.quote}” [{n}]"
            if evidence.quote not in sentence and line not in quotes:
                quotes.append(line)
        warnings = []
        published = report.published
        if published and (today - published).days > 365:
            warnings.append(
                f"This comes from “{report.document.title}”, {describe_age(published, today)} old "
                f"({format_date(published)})."
            )
        text = sentence + ("\n" + " ".join(quotes) if quotes else "")
        used = Used(
            council=council or report.council,
            inspection=(report.earliest, report.latest),
            document=report.document.source,
            field=question.field,
            judgement=question.judgement,
        )
        dated = [c.date for c in citations if c.date]  # as_of: the newest document cited
        return Answer(
            question.text,
            text,
            False,
            0.9,
            max(dated) if dated else published,
            tuple(warnings),
            tuple(citations),
            today,
            used,
        )

    def _abstain(
        self, text: str, today: dt.date, reason: str, cite: Report | None = None
    ) -> Answer:
        answer = self.answerer.abstain(text, today, reason)
        if cite is not None:
            answer = replace(
                answer,
                used=Used(
                    council=cite.council,
                    inspection=(cite.earliest, cite.latest),
                    document=cite.document.source,
                ),
            )
        return answer

    def _families(self) -> list[set[str]]:
        return scope.organisation_groups(self.documents.values())


def _about_a_report(question: Question) -> bool:
    """A question a report's own facts answer: its grades, dates, lead inspector, what to improve.

    "When were the final letters published?" asks about something else (a date, but not an
    inspection's), and "what did the fifth visit look at?" about what passages say.
    """
    if question.field == "dates":
        return bool(question.visit_kind) or not question.topic
    return question.field in FACT_FIELDS - {"visit_kind"}


def _search_text(question: Question) -> str:
    """What passages are searched with: within a council's documents, the topic alone (its name
    and "what did ofsted say" would only pull in sentences that name the council)."""
    words = [w for w in question.topic if w not in GENERIC]
    if not (question.councils and words):
        return question.text
    spelt_out = [
        form for w in words for form in topics.SHORTHAND.get(w, ()) if len(form) > 5 and form != w
    ]
    return " ".join(dict.fromkeys(words + spelt_out))  # "camhs" is searched as "mental health" too


def _elsewhere(question: Question) -> str:
    parts = []
    for place in question.places:
        if place.inspectorate:
            parts.append(
                f"Ofsted does not inspect children's services in {place.name}: they are inspected by "
                f"{place.inspectorate}."
            )
        else:
            parts.append(f"I do not know a council called “{place.text}”.")
    return " ".join(parts) + " I hold Ofsted reports on councils in England only."


def _outside(key: str) -> str:
    subject = remit.SUBJECT_BY_KEY[key]
    return (
        f"{subject.reply} I hold Ofsted's reports on local authority children's services, and "
        "councils' own papers about them, so I cannot answer this from them."
    )


def _which(question: Question) -> str:
    options = []
    for typed, candidates in zip(
        question.ambiguous_text or [""] * len(question.ambiguous), question.ambiguous
    ):
        # "North Yorkshire (which includes Richmond)"; but "derbys" is a form of Derby's name, not a town in it
        base = typed.lower().removesuffix("s") if typed else ""
        names = [
            f"{c} (which includes {typed.title()})" if base and base not in c.lower() else c
            for c in candidates[:3]
        ]
        options.append(", or ".join(names))
    return f"Which council do you mean: {'; '.join(options)}? Ask again with its full name."


def _national_answer(
    text: str, found: national.NationalAnswer, today: dt.date, reports: list[Report]
) -> Answer:
    lines, _ = found.shown_lines()
    shown = {int(line.rsplit("[", 1)[1].rstrip("]")) for line in lines if line.endswith("]")}
    by_source = {r.document.source: r for r in reports}

    def quote(c: national.NationalCitation) -> str:
        """The report's dates line and overall row, not its whole judgement table, where its facts were read."""
        report = by_source.get(c.source)
        row = report.judgement("overall") if report else None
        return (
            f"{report.dates.quote} … {row[1].quote}"
            if report and row
            else " ".join(c.quote.split())
        )

    citations = tuple(
        Citation(c.n, c.source, c.title, c.date, c.location, quote(c), -1, -1)
        for c in found.citations
        if c.n in shown
    )
    body = found.to_text(limit=national.LINES_PER_MESSAGE).split("\n\nSources:")[0]
    notes = "\n".join(found.notes)
    if notes and notes not in body:
        body += "\n" + notes
    lines_left = found.shown_lines()[1]
    dated = [c.date for c in citations if c.date]  # as_of: the newest report this answer cites
    return Answer(
        text,
        body,
        False,
        0.9,
        max(dated) if dated else None,
        (),
        citations,
        today,
        more=found.more if lines_left else None,
    )


def _same_reports(one: Answer, other: Answer) -> bool:
    return {c.doc_id for c in one.citations} <= {c.doc_id for c in other.citations}
