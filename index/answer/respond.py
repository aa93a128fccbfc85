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
from index.answer import factual, scope, timeline_answers, topics, visits
from index.answer.factual import Report, Statement
from index.answer.kinds import Kinds
from index.answer.passages import Answerer, Search
from index.answer.phrasing import left_out, merged, parts, served_by, when_words
from index.answer.results import Answer, Citation
from index.answer.timeline import VISIT_KINDS, Timeline
from index.answer.timeline_answers import planned_answer, timeline_answer
from index.councils import organisations
from index.question import followups as conversation
from index.question import remit
from index.question.followups import Turn
from index.question.forms import GENERIC
from index.question.parsing import parse, specific
from index.question.types import Question, TimeAsked, Used
from index.store import Store
from index.text.dates import describe_age, format_date, format_month, overlaps
from index.text.judgements import judgement_label
from index.text.sentences import tidy

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
#: How many of a question's nearest labelled examples (by similarity) must be answered from
#: passages for a fact's field to be set aside (index/answer/kinds.py).
PASSAGES_SHARE = 0.85
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

    def __init__(self, store: Store, answerer: Answerer, kinds: Kinds | None = None) -> None:
        self.store = store
        self.answerer = answerer
        self.kinds = kinds
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
        if re.fullmatch(r"/list(@\w+)?", text.split()[0].lower()):  # the bot's command, typed here
            return self._list_command(text, today)
        asked = parse(text, today)
        if previous is not None and _asks_for_more(asked) and previous.question.national:
            return self._more(previous, text, today)
        if asked.field is not None and self._not_a_fact(asked):  # a follow-up's field is carried
            asked = replace(asked, read_passages=True)
        question = self._followed(asked, previous, council) if previous else asked
        if question.field is None and not question.topic and not question.national:
            # "bucks ofsted 2014", "last time ofsted went into brent": a council and a time, no field.
            question = replace(question, field="status")
        if council and scope.takes_chat_council(question, FACT_FIELDS):
            question = replace(question, councils=(council,))
        if question.comparing and len(question.councils) < 2 and not question.national:
            # "which of them did worst": as things stand, or at the time the question names
            sides = _side_by_side(question, previous, council)
            if len(sides.councils) > 1:
                question = replace(sides, time=asked.time, field=asked.field or "overall")
        answer = self._of_bodies(question, today, self.answer(question, today))
        served = [(place, by) for place, by in question.served if set(by) & set(question.councils)]
        if served and not answer.abstained:  # "ryedale ofsted": North Yorkshire's answer, and why
            answer = replace(
                answer, warnings=(*(served_by(place, by) for place, by in served), *answer.warnings)
            )
        # a national follow-up's heading says what it counted: no opening line
        opening = (
            conversation.assumed(asked, question) if previous and not question.national else None
        )
        if opening:  # what the follow-up was taken to ask, a decline included
            answer = replace(answer, answer=f"{opening} {answer.answer}")
        return replace(answer, understood=question, used=_used(answer, question))

    def _of_bodies(self, question: Question, today: dt.date, answer: Answer) -> Answer:
        """An answer about a trust or a former council named: who the trust delivers for (its
        reports are the councils'); what the successors' reports say of the former council,
        before their own answer."""
        if question.national:
            return answer
        for body in question.bodies:
            served = sorted(organisations.TRUSTS.get(body, ()))
            if served and not answer.abstained:
                lead = f"{body} delivers {' and '.join(served)}'s children's services; Ofsted "
                lead += "inspects them as the council's, so this is the council's report."
                answer = replace(answer, answer=f"{lead}\n{answer.answer}")
        former = [b for b in question.bodies if b in organisations.FORMER]
        if former:
            said = self._said_of_former(question, today, former[0])
            if said is not None:
                answer = replace(merged([said, answer]), abstained=False)
        return answer

    def _said_of_former(self, question: Question, today: dt.date, former: str) -> Answer | None:
        """What the reports of a council's successors say of it since it was split or merged
        ("cumbria"): sentences naming it; None when none does."""
        found = scope.decide(question.councils, today, self.documents.values())
        if not isinstance(found, scope.Scope):
            return None
        # the successors' own reports: the former council's own papers are read as any are
        successors = frozenset(
            r.document.id
            for r in self.reports
            if found.allows(r.document.id) and r.council and r.council != former
        )
        if not successors:
            return None
        search = Search(
            f"{former} {question.text}",
            question.text,
            only=successors,
            forms=(former.lower(),),
            strict=True,
            wants=question.wants if question.wants in ("grade", "date") else None,
            prefer=_FORMER_SAID,
        )
        said = self.answerer.from_passages(search, today)
        return None if said.abstained else said

    def _followed(self, asked: Question, previous: Turn, council: str | None) -> Question:
        """A question with what the turn before resolved: the option a reply picks from a
        clarifying question, the council it picks from a list shown, or what it lacks."""
        used = previous.used
        chosen = conversation.chosen(used.options, asked)
        if chosen is not None:  # the reply to "which council do you mean": the question asked then
            return replace(previous.question, councils=(chosen,), ambiguous=(), ambiguous_text=())
        picked = conversation.chosen(used.listed, asked)
        if picked is not None:  # "the second one", "the london one - why was it inadequate"
            return replace(
                asked, councils=(picked,), ambiguous=(), ambiguous_text=(), national=None
            )
        return conversation.carry(previous, asked)

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
        visit = self._about_a_visit(question, today, found)
        if visit is not None:  # "what did the second monitoring visit find"
            return visit
        held = [r for r in self.reports if found.allows(r.document.id)]
        read_first = (
            (question.aspect in ("findings", "focus") and question.field in _ABOUT_A_DOCUMENT)
            or (question.aspect == "strengths" and question.field != "count")
            or question.read_passages
            or _who_led_a_visit(question)  # a report's lead inspector led its inspection only
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

    def _not_a_fact(self, question: Question) -> bool:
        """Whether the nearest labelled questions say this one asks what the documents say,
        though its words named a fact's field: then passages are read, never a fact of
        another field than the one asked."""
        if self.kinds is None or question.field not in FACT_FIELDS or not specific(question.topic):
            return False  # a question the rules read whole is a fact of its field
        route = self.kinds.route(question.reading)
        return route is not None and route.name == "passages" and route.share >= PASSAGES_SHARE

    def _from_facts(
        self,
        question: Question,
        today: dt.date,
        found: scope.Scope,
        held: list[Report],
        council: str | None,
    ) -> Answer | None:
        """The answer from the reports' facts and the documents' events; None to read passages."""
        if question.aspect in ("why", "summary") and held and council:
            return self._why(question, today, held, council)
        if question.field == "next":
            return self._next(question, today, found, held, council)
        if question.field == "count":
            return self._count(question, today, found, held, council)  # None: read passages
        if question.time.kind == "since" and question.field in ("status", None):
            # "what has happened since"
            listed = self._recorded(question, today, found, council, None)
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
        if question.national == "compare":
            return self._compared(question, today)
        found = national.answer(question, self.answerer.timeline.events, today)
        return _national_answer(question, found, today, self.reports) if found else None

    def _list_command(self, text: str, today: dt.date) -> Answer:
        """ "/list inadequate in london" typed as a question: every council of that list."""
        words = text.split(maxsplit=1)[1] if len(text.split()) > 1 else ""
        if not words:
            return self._abstain(text, today, f"Send “/list inadequate”, or: {national.USAGE}.")
        try:
            query = national.query_of(words, today)
        except national.NotUnderstood as error:
            return self._abstain(text, today, str(error))
        found = national.nation_of(self.answerer.timeline.events, today).answer(query)
        question = replace(parse(words, today), text=text, national=query.operation)
        answer = _national_answer(question, found, today, self.reports, limit=None)
        return replace(answer, understood=question)

    def _more(self, previous: Turn, text: str, today: dt.date) -> Answer:
        """ "more" after a national list: the lines it left out, every one of them."""
        before, start = previous.question, previous.used.shown
        found = None
        if start < len(previous.used.listed):
            found = national.answer(before, self.answerer.timeline.events, today)
        if found is None or start >= len(found.text_lines):
            whole = f"That was the whole list: all {len(previous.used.listed)} were shown."
            return Answer(text, whole, False, 0.9, today, (), (), today, previous.used, before)
        answer = _national_answer(before, found, today, self.reports, start=start, limit=None)
        return replace(answer, question=text, understood=before)

    def _declined(self, question: Question, today: dt.date) -> Answer | None:
        """A question that cannot be answered as asked: a place Ofsted does not inspect, a name
        to ask about, the future, a word taken for a council nobody knows; else None."""
        if question.places and not question.councils:
            return self._abstain(question.text, today, _elsewhere(question))
        if question.ambiguous and not question.councils:
            which = self._abstain(question.text, today, _which(question))
            return replace(
                which, used=Used(options=tuple(c for a in question.ambiguous for c in a[:3]))
            )
        time = question.time
        if (time.kind == "future" and question.visit_number is None) or (
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
        delivered = _delivered_by(question, council)
        if delivered:  # "is slough run by a trust"
            return self._delivery(question, today, found, held, council or "", delivered)
        only, within = self._where(question, today, found, held)
        search = self._search(question, found, only, within, council, instead_of_facts)
        graded = self._judged_area(question, within, council) if within is not None else None
        if graded is not None:  # the quotes that follow say something the summary does not
            search = replace(search, seen=tuple(e.quote for e in graded.evidence))
        if within is None:
            # "what did the scrutiny committee ask for in november": the papers of that time first
            dated = self._papers_dated(question, found)
            if dated:
                first = self.answerer.from_passages(replace(search, only=dated), today)
                if not first.abstained:
                    return first
            return self.answerer.from_passages(search, today)
        answer = self.answerer.from_passages(search, today)
        if graded is not None:  # a judged area asked about: its grade and summary come first
            answer = merged([self._compose(question, today, graded, within, council), answer])
            answer = replace(answer, abstained=False)
        since = self._visited_since(question, today, found, within)
        if since is not None:  # a visit since that inspection looked at it: Ofsted's newest word
            answer = replace(merged([since, answer]), abstained=False)
        # what this answer was about, for a follow-up: that inspection, that topic
        return replace(
            answer,
            used=Used(
                council=council or within.council,
                inspection=(within.earliest, within.latest),
                document=within.document.source,
                field=question.field,
                topic=question.topic,
            ),
        )

    def _where(
        self, question: Question, today: dt.date, found: scope.Scope, held: list[Report]
    ) -> tuple[frozenset[int] | None, Report | None]:
        """The documents to read, and the one report they are within (None: the whole scope)."""
        only, within = found.only, None
        pointed = (
            question.time.kind != "none"
            or question.field == "topic"
            or bool(specific(question.topic))
            or question.aspect is not None
        )
        if held and question.councils:
            report = factual.choose(held, question.time, today)
            if report is not None and question.field == "topic" and question.judgement == "lscb":
                # "camden's safeguarding board": reviewed with the council until 2018 only
                report = self._judged_elsewhere(question, today, held, report) or report
            if report is not None and pointed:
                # that report among the reports; the council's own papers are always read too
                only, within = frozenset({report.document.id}) | self._papers(found), report
        if _who_led_a_visit(question):  # a report names who led its inspection, not a visit
            only, within = self._papers(found), None
        if question.visit_number is not None and within is None:  # "the fifth monitoring visit"
            letter = self._visit_letter(question.visit_number, found, today)
            only = frozenset({letter}) if letter is not None else only
        return only, within

    def _search(
        self,
        question: Question,
        found: scope.Scope,
        only: frozenset[int] | None,
        within: Report | None,
        council: str | None,
        instead_of_facts: bool,
    ) -> Search:
        """What to search for and what a sentence must hold to answer ``question``."""
        named = " ".join(w for w in question.topic if w not in GENERIC)
        # "what did it look at", not "what kind of visit"
        aspect = question.aspect or ("focus" if question.field == "visit_kind" else None)
        states = (
            instead_of_facts
            or question.field in ("topic", "overall", "judgement")  # a grade states one
            or bool(specific(question.topic))
            or _who_led_a_visit(question)
        )
        return Search(
            _search_text(question),
            question.text,
            only=only,
            forms=topics.terms(question.topic),
            groups=topics.groups(question.topic),
            strict=within is not None,
            wants=question.wants if states and aspect != "strengths" else None,
            past=question.past and question.time.kind not in ("next", "future"),
            prefer=topics.ASPECTS[aspect][0] if aspect else (),
            headings=topics.ASPECTS[aspect][1] if aspect else (),
            avoid=topics.AVOID.get(aspect or "", ()),
            unmentioned=self._unmentioned(question, found, within, council, named),
        )

    def _delivery(
        self,
        question: Question,
        today: dt.date,
        found: scope.Scope,
        held: list[Report],
        council: str,
        names: tuple[str, ...],
    ) -> Answer:
        """Who delivers a council's children's services, in the reports' words: sentences naming
        its trust (or "trust"), the newest report first, then every document about it."""
        search = Search(
            " ".join(names) + " delivers children's services",
            question.text,
            only=found.doc_ids,
            forms=names,
            strict=True,
            prefer=_DELIVERED,
            unmentioned=f"The documents I hold about {council} do not say that a trust or "
            f"company delivers its children's services.",
        )
        newest = factual.choose(held, TimeAsked("now"), today)
        if newest is not None:
            first = replace(search, only=frozenset({newest.document.id}) | self._papers(found))
            read = self.answerer.from_passages(first, today)
            if not read.abstained:
                return read
        return self.answerer.from_passages(search, today)

    def _about_a_visit(
        self, question: Question, today: dt.date, found: scope.Scope
    ) -> Answer | None:
        """What a visit named by its number, dates or kind looked at or found, from the paragraph
        telling of it; None when the question is not that, or no paragraph says (passages next)."""
        asks = question.aspect in ("findings", "focus") or question.field == "visit_kind"
        named = (
            question.visit_number is not None
            or question.visit_kind in VISIT_KINDS
            or (question.time.kind == "during" and re.search(r"\bvisit\b", question.reading))
        )
        timeline = Timeline([e for e in self.answerer.timeline.events if found.allows(e.doc_id)])
        if visits.listed(question) and (
            question.field in (None, "visit_kind", "dates")
            or re.match(r"(?:list|name)\b", question.reading)
        ):
            # "list solihull monitoring visits and their focus", "list all the ofsted visits"
            council = found.organisation or (question.councils[0] if question.councils else None)
            return self._recorded(question, today, found, council, None)
        if question.visit_number is not None and not asks and question.field in (None, "status"):
            return visits.numbered_status(question, today, timeline, self.documents)
        if not (asks and named):
            return None
        statements = visits.the_visit(question, today, timeline)
        if statements:
            answer = visits.visit_answer(
                question, today, statements, timeline, self.store, self.documents
            )
            if answer is not None or question.aspect != "findings":
                return answer
            return self._findings_elsewhere(question, today, statements, timeline)
        planned = [
            e
            for e in timeline.events
            if e.status == "expected"
            and question.visit_number is not None
            and e.number == question.visit_number
            and (e.doc_date is None or e.doc_date <= today)
        ]
        if not planned:
            return None
        newest = max(planned, key=lambda e: (e.doc_date or e.earliest, e.latest))
        what = "found" if question.aspect == "findings" else "looked at"
        return self._abstain(
            question.text,
            today,
            f"No document I hold records the {newest.label} taking place, so none says what it "
            f"{what}. The newest to mention it, “{newest.title}” ({format_date(newest.doc_date)}), "
            f"says: “{tidy(newest.quote)}”",
        )

    def _visited_since(
        self, question: Question, today: dt.date, found: scope.Scope, report: Report
    ) -> Answer | None:
        """What the newest visit since ``report``'s inspection that looked at the topic asked
        found ("what did ofsted say about sefton care leavers" after a care leavers visit)."""
        if question.field != "topic" or question.time.kind not in ("none", "now", "last"):
            return None
        forms = topics.terms(question.topic)
        if question.judgement:
            forms += (judgement_label(question.judgement),)
        timeline = Timeline([e for e in self.answerer.timeline.events if found.allows(e.doc_id)])
        statements = visits.newest_on(forms, today, timeline, report.latest)
        if not statements:
            return None
        asked = replace(question, aspect="findings")
        return visits.visit_answer(asked, today, statements, timeline, self.store, self.documents)

    def _findings_elsewhere(
        self, question: Question, today: dt.date, statements: list, timeline: Timeline
    ) -> Answer:
        """What a visit found, when no telling of it says so where it is told: the documents
        telling of it are read for a sentence of findings; else a decline that says what they
        do say of it."""
        search = Search(
            question.text,
            question.text,
            only=frozenset(e.doc_id for e in statements),
            prefer=topics.ASPECTS["findings"][0],
            headings=topics.ASPECTS["findings"][1],
        )
        read = self.answerer.from_passages(search, today)
        if not read.abstained and any(visits.FOUND.search(c.quote) for c in read.citations):
            return read
        visit = statements[0]
        looked = visits.visit_answer(
            replace(question, aspect="focus"),
            today,
            statements,
            timeline,
            self.store,
            self.documents,
        )
        said = f" What they say of it: “{looked.citations[0].quote}”" if looked else ""
        return self._abstain(
            question.text,
            today,
            f"The documents I hold tell of the {visit.label} of {visit.wording}, but not what "
            f"it found.{said}",
        )

    def _judged_elsewhere(
        self, question: Question, today: dt.date, held: list[Report], report: Report
    ) -> Report | None:
        """For a judgement the report chosen does not give, asked of no time in particular: the
        newest report that gives it (the safeguarding board's, reviewed until 2018)."""
        key = question.judgement
        if not key or report.judgement(key) or question.time.kind not in ("none", "now", "last"):
            return None
        giving = [r for r in factual.known(held, today) if r.judgement(key)]
        return giving[-1] if giving else None

    def _papers_dated(self, question: Question, found: scope.Scope) -> frozenset[int]:
        """The council's papers dated in the time a question names ("in november")."""
        if question.time.kind != "during" or not question.time.spans:
            return frozenset()
        return frozenset(
            i
            for i in self._papers(found)
            if (d := self.documents[i].date)
            and any(s.earliest <= d <= s.latest for s in question.time.spans)
        )

    def _papers(self, found: scope.Scope) -> frozenset[int]:
        """The documents in scope that are not Ofsted reports: letters, minutes, cabinet papers."""
        return frozenset(found.doc_ids - {r.document.id for r in self.reports})

    def _judged_area(
        self, question: Question, report: Report, council: str | None
    ) -> Statement | None:
        """For a topic that is a judged area ("care leavers in sefton"), its grade at the
        inspection and the report's summary of it: what the quotes that follow are weighed against."""
        if (
            question.field != "topic"
            or not question.judgement
            or topics.beyond_judgement(question.topic)
            or question.wants == "number"  # "how many children in care": not a grade
        ):
            return None
        return factual.state(
            replace(question, field="judgement"), council or report.council or "", report
        )

    def _unmentioned(
        self,
        question: Question,
        found: scope.Scope,
        within: Report | None,
        council: str | None,
        named: str,
    ) -> str | None:
        """The question and what was searched for it, said when nothing there answers."""
        what = f"mention {named}" if named else "say"
        if question.wants and (question.field == "topic" or specific(question.topic)):
            searched = f" (I searched for “{named}”)" if named else ""
            what = f"say {_WANTED.get(question.wants, 'that')}{searched}"
        asked = f"I could not find an answer to “{question.text}”: "
        if within is not None:
            report = f"the report of the {within.month} inspection of {council or within.council}"
            papers = len(self._papers(found))
            if papers:
                others = f"{papers} other document{'s' if papers != 1 else ''}"
                return f"{asked}neither {report} nor the {others} I hold about {council or within.council} {what}."
            return f"{asked}{report} does not {what}."
        if council and named:
            n = len(found.doc_ids)
            return f"{asked}the {n} document{'s' if n != 1 else ''} I hold about {council} do not {what}."
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
        both = merged([last, replace(before, answer=f"{label} {before.answer}")])
        moved = self._moved(question, today, then)
        return replace(both, answer=f"{moved}\n\n{both.answer}") if moved else both

    def _graded(
        self, question: Question, today: dt.date, council: str, time: TimeAsked
    ) -> Report | None:
        """The council's full inspection the time points at, if it was graded on the judgement asked."""
        found = scope.decide((council,), today, self.documents.values(), one_body=True)
        if not isinstance(found, scope.Scope):
            return None
        held = [r for r in self.reports if found.allows(r.document.id)]
        report = factual.choose(held, time, today, kinds={"inspection"})
        return report if report is not None and report.judgement(_judged(question)) else None

    def _moved(self, question: Question, today: dt.date, then) -> str | None:
        """The change in words: "Down one grade: Outstanding (May 2022) → Good (November 2025)"."""
        council = question.councils[0]
        last = self._graded(question, today, council, TimeAsked("last"))
        if last is None:
            return None
        earlier = TimeAsked("during", then, then[0].text) if then else TimeAsked("previous", (), "")
        before = self._graded(question, today, council, earlier)
        if before is None or before.document.id == last.document.id:
            before = self._graded(question, today, council, TimeAsked("previous", (), ""))
        if before is None:
            return None
        was, now = (r.judgement(_judged(question))[1].value for r in (before, last))
        steps = _rank(now) - _rank(was)
        what = (
            "The same grade"
            if steps == 0
            else f"{'Up' if steps > 0 else 'Down'} {_grades(abs(steps))}"
        )
        return f"{what}: {factual.grade_words(was)} ({before.month}) → {factual.grade_words(now)} ({last.month})."

    def _compared(self, question: Question, today: dt.date) -> Answer:
        """Councils side by side, each from its own report, and which stands higher."""
        each = [
            self.answer(
                replace(
                    question,
                    councils=(c,),
                    national=None,
                    comparing=False,
                    field=_field_of(question),
                ),
                today,
            )
            for c in question.councils
        ]
        ranked = []
        for council in question.councils:
            report = self._graded(question, today, council, question.time)
            if report is not None:
                ranked.append(
                    (_rank(report.judgement(_judged(question))[1].value), council, report)
                )
        both = merged(each)
        if len(ranked) < 2:
            return both
        ranked.sort(key=lambda r: -r[0])
        high, low = ranked[0], ranked[-1]
        if high[0] == low[0]:
            verdict = f"{' and '.join(r[1] for r in ranked)} hold the same grade."
        else:

            def graded(r) -> str:
                return f"{r[1]} ({factual.grade_words(r[2].judgement(_judged(question))[1].value)}, {r[2].month})"

            verdict = f"Rated highest: {graded(high)}; lowest: {graded(low)}."
        return replace(both, answer=f"{verdict}\n\n{both.answer}")

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
        judged = self._judged_elsewhere(question, today, held, report)
        if statement is None and judged is not None:  # "derby lscb": boards were judged until 2018
            newest, report = report, judged
            statement = factual.state(question, council, report)
            in_force = (
                f"The newest report, of the {newest.month} inspection, gives no "
                f"{judgement_label(question.judgement or '')} judgement: this is the newest that does."
            )
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
        listed = timeline_answers.events_answer(question.text, today, heading, held, self.documents)
        missing = timeline_answers.unrecorded(events, today, kinds)
        return replace(listed, warnings=(missing,)) if missing else listed

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

    def _why(
        self, question: Question, today: dt.date, held: list[Report], council: str
    ) -> Answer | None:
        """ "why?" after a grade, or "summarise X": the grade, then the report's reasons in its
        own words: its summary and everything it says needs to improve."""
        report = factual.choose(held, question.time, today, kinds={"inspection"})
        if report is None:
            return None
        field = question.field if question.field in ("overall", "judgement") else "overall"
        statement = factual.state(replace(question, field=field), council, report)
        sentence = (
            statement.sentence
            if statement
            else f"{council} was inspected on {report.dates.value} {{}}."
        )
        evidence = list(statement.evidence) if statement else [report.dates]
        section = (
            report.section(question.judgement)
            if field == "judgement" and question.judgement
            else None
        )
        reasons = [e for e in (section or report.summary, *report.improvements) if e is not None]
        if not reasons:
            return None
        lead = "summary" if question.aspect == "summary" else "reasons"
        why = Statement(f"{sentence} The report's {lead}, in its words:", (*evidence, *reasons))
        return self._compose(question, today, why, report, council)

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
            published = (
                f" (report published {format_date(report.published)})" if report.published else ""
            )
            pieces.append(
                f"{factual.grade_words(row.value)} {{}} at the inspection of "
                f"{report.dates.value} {{}}{published}"
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
        if question.visit_kind or question.visit_number is not None:  # "the sixth monitoring visit"
            planned = planned_answer(question, today, events, self.documents, council)
            if planned is not None:
                return planned
        reason = f"No document I hold says when Ofsted will next inspect {council or 'them'}. {NOT_PUBLISHED}"
        return self._known_instead(question, today, reason, found)

    def _from_timeline(
        self, question: Question, today: dt.date, found: scope.Scope
    ) -> Answer | None:
        """Council documents (letters, cabinet reports) rather than reports: the events they state."""
        intent = {"dates": "last", "status": "grade", "overall": "grade"}.get(question.field or "")
        if intent == "last" and question.time.kind == "previous" and question.time.spans:
            intent = "previous"  # "when was the last visit" → "and the one before?"
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
        if published and _stale(question, today, published):
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


#: Ofsted inspects a council's children's services about every three years: a report older
#: than this may have been followed by another.
STALE_REPORT_DAYS = 3 * 365


def _stale(question: Question, today: dt.date, published: dt.date) -> bool:
    """Whether to warn that the report an answer stands on is old: when the question asks how
    things stand (not about an inspection it names) and the report is over three years old."""
    return (
        question.time.kind in ("none", "now", "last")
        and (today - published).days > STALE_REPORT_DAYS
    )


#: Words that ask who delivers a council's services: a trust, a company, the council itself.
_DELIVERY = re.compile(
    r"\bwho\s+(?:actually\s+)?(?:runs?|delivers?|provides?|manages?|is\s+running)\b"
    r"|\b(?:run|delivered|managed|provided|operated)\s+by\b|\b(?:still\s+)?(?:a|its)\s+trust\b"
    r"|\bdelivery\s+model\b|\barms?\s+length\b",
    re.I,
)


#: How a successor's report speaks of the council before it.
_FORMER_SAID = (
    "predecessor",
    "judged",
    "inspection",
    "split",
    "became",
    "replaced",
    "abolished",
    "came into being",
    "formed",
)
#: How a report says who delivers a council's services.
_DELIVERED = (
    "delegated",
    "delivered by",
    "managed by",
    "run by",
    "provided by",
    "delivers",
    "on behalf of",
    "operated by",
)


def _delivered_by(question: Question, council: str | None) -> tuple[str, ...]:
    """The names a sentence about who delivers ``council``'s children's services would hold:
    its trust's (or trusts') names and "trust"; () when that is not asked."""
    asked = question.field in ("topic", None, "dates") and _DELIVERY.search(question.reading)
    if not council or not asked or question.time.kind in ("future", "next"):  # "will it become…"
        return ()
    trusts = [t.lower() for t in organisations.trusts_of(council)]  # as topics.mentions reads
    return tuple(trusts) if trusts else _A_TRUST


#: How a report names a trust that delivers services (not "trust" as in confidence).
_A_TRUST = ("children's trust", "childrens trust", "services trust", "children first", "trust (")


def _used(answer: Answer, question: Question) -> Used | None:
    """What the answer was about, for a follow-up: with the council asked about filled in."""
    used, council = answer.used, question.councils[0] if question.councils else None
    if used is not None and used.council is None and council:
        return replace(used, council=council)
    if used is None and council and not answer.abstained:
        return Used(council=council, field=question.field, judgement=question.judgement)
    return used


def _who_led_a_visit(question: Question) -> bool:
    """ "who led the care leavers visit": a visit, which no report's facts name the lead of."""
    return question.field == "lead_inspector" and (
        question.visit_kind in VISIT_KINDS or bool(re.search(r"\bvisits?\b", question.reading))
    )


def _about_a_report(question: Question) -> bool:
    """A question a report's own facts answer: its grades, dates, lead inspector, what to improve.

    "When were the final letters published?" asks about something else (a date, but not an
    inspection's), and "what did the fifth visit look at?" about what passages say.
    """
    if question.field == "dates":
        return bool(question.visit_kind) or not specific(question.topic)
    if question.field == "visit_kind":  # "which framework", "sif or ilacs": the report says
        return question.aspect is None and bool(_FRAMEWORK_ASKED.search(question.reading))
    return question.field in FACT_FIELDS - {"visit_kind"}


#: Words that ask what kind of inspection a report was, not what it looked at.
_FRAMEWORK_ASKED = re.compile(
    r"\b(framework|frameworks|sif|ilacs|type|kind|sort|short|standard|full)\b", re.I
)


def _search_text(question: Question) -> str:
    """What passages are searched with: within a council's documents, the topic alone (its name
    and "what did ofsted say" would only pull in sentences that name the council)."""
    words = [w for w in question.topic if w not in GENERIC]
    if not (question.councils and words):
        # a word as the documents spell it ("supervison" asked) is searched for too
        respelt = [w for w in words if w not in question.text.lower()]
        return " ".join([question.text, *respelt])
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
    question: Question,
    found: national.NationalAnswer,
    today: dt.date,
    reports: list[Report],
    *,
    start: int = 0,
    limit: int | None = national.LINES_PER_MESSAGE,
) -> Answer:
    """A national answer as an Answer: its heading, the lines from ``start``, their citations,
    notes. A list asked for ("which councils …") is given whole; a count or a ranking shows
    ``limit`` lines, then how to see the rest: "more", or the /list command."""
    if found.query is not None and found.query.operation == "list":
        limit = None
    lines, left = found.shown_lines(limit, start)
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
    more = f"say “more”, or send /list {found.more}" if found.more else "say “more”"
    body = found.to_text(limit=limit, start=start, more=more).split("\n\nSources:")[0]
    if start:
        body = body.replace(found.headline, f"{found.headline} (continued, from {start + 1} on)", 1)
    notes = "\n".join(found.notes)
    if notes and notes not in body:
        body += "\n" + notes
    listed = found.councils
    # one council listed ("the london one"): what follows is about it ("and last time?")
    council = listed[0] if len(set(listed)) == 1 else None
    used = Used(council=council, field=question.field, listed=listed, shown=start + len(lines))
    return Answer(
        question.text,
        body,
        False,
        0.9,
        found.as_of,  # the newest report it cites
        (),
        citations,
        today,
        used,
        more=found.more if left else None,  # the words that list it whole
    )


def _asks_for_more(question: Question) -> bool:
    """ "more", "show all", "and the rest?": the rest of the last list, nothing else named."""
    return (
        "more" in question.national_cues
        and not (question.councils or question.grade or question.judgement or question.regions)
        and not question.topic
        and question.national is None
        and question.field is None
    )


#: Grades from worst to best, as a report words them (matched by factual.same_grade).
_RANKED = ("inadequate", "requires improvement", "good", "outstanding")


def _rank(worded: str) -> int:
    return next((i for i, g in enumerate(_RANKED) if factual.same_grade(worded, g)), 1)


def _grades(n: int) -> str:
    return f"{('one', 'two', 'three')[n - 1]} grade{'s' if n > 1 else ''}"


def _judged(question: Question) -> str:
    """The judgement a grade question is about: the one named, else overall effectiveness."""
    return question.judgement if question.field == "judgement" and question.judgement else "overall"


def _field_of(question: Question) -> str:
    return "judgement" if question.field == "judgement" else "overall"


def _side_by_side(question: Question, previous: Turn | None, council: str | None) -> Question:
    """ "how does that compare with leeds", "how do we compare with trafford", "which of them did
    worst": the councils named, with the conversation's own (the chat's, the one just asked
    about, the ones asked about before), up to three."""
    around = []
    if question.ours and council:
        around.append(council)
    if previous is not None:
        around += [c for c in (previous.used.council, *reversed(previous.seen)) if c]
    around = [c for c in dict.fromkeys(around) if c not in question.councils]
    councils = (*around[: max(0, 3 - len(question.councils))], *question.councils)
    if len(councils) < 2:
        return question
    return replace(question, councils=councils[:3], national="compare")


def _same_reports(one: Answer, other: Answer) -> bool:
    return {c.doc_id for c in one.citations} <= {c.doc_id for c in other.citations}
