"""Hits → Answer: one to three sentences quoted from the documents, each cited.

Nothing is generated: every sentence of an answer is a sentence of a document, with
its markup removed. Sentences are scored by their meaning (cosine to the question),
the question's words they contain, the rank of their passage, and what the question
asks for (a date for "when", an expectation for "next", a grade for "grade"). When the
best evidence is weak the engine abstains and says what it holds instead.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from index.answer import topics
from index.answer.results import Answer, Citation
from index.answer.retrieve import Hit, Retriever
from index.answer.timeline import Timeline
from index.councils.organisations import COUNCILS
from index.store import Store
from index.store.records import DocumentInfo
from index.text import dates
from index.text.dates import describe_age, format_date
from index.text.sentences import terms as _terms
from index.text.sentences import tidy as _tidy
from index.text.words import MONTHS, WEEKDAYS

# Below these, the best evidence does not answer the question (calibrated on the
# golden and off-topic questions in tests/test_answers.py: answerable questions' best
# sentences score 0.6 and up with cosine 0.38 and up; off-topic ones under 0.3 and 0.15).
MIN_SENTENCE_SCORE = 0.45
MIN_SENTENCE_COSINE = 0.30
# Within one report, sentences that mention the topic asked need less (index/topics.py).
TOPIC_SENTENCE_SCORE = 0.25
TOPIC_SENTENCE_COSINE = 0.15
# A sentence that names nothing of the topic asked answers it only when this near in meaning.
NEAR_COSINE = 0.55
SUPPORT_RATIO = 0.85  # a further sentence must score this close to the first
MAX_SENTENCES = 3


_WHEN = re.compile(r"\b(when|what date|which date|how long|how soon|what time|date)\b", re.I)
_FUTURE_Q = re.compile(r"\b(next|upcoming|coming|expected|expect|due|planned|future|will)\b", re.I)
_FUTURE_S = re.compile(
    r"\b(expect\w*|next|will|due|plann\w*|further|upcoming|followed by|anticipat\w*)\b", re.I
)
_GRADE_Q = re.compile(
    r"\b(grade\w*|rating|rated|judge\w*|judgement\w*|outcome|overall effectiveness)\b", re.I
)
_GRADE_S = re.compile(r"\b(inadequate|requires improvement|good|outstanding|grad\w+)\b", re.I)
_GRADE_STATED = re.compile(r"\b(inadequate|requires improvement|good|outstanding|adequate)\b", re.I)

# A question about a named month or year asks about that event.
SPECIFIC_DATE = re.compile(rf"\b(19|20)\d\d\b|\b({'|'.join(MONTHS)})\b", re.I)
# "since June 2019" bounds the time asked about; "in July 2021" names it.
_DATE_BOUND = re.compile(r"\b(since|after|before|until|till|from|between|prior to)\b", re.I)


@dataclass(frozen=True)
class Search:
    """What passages are searched for, and what a sentence must hold to answer."""

    text: str  # what to search with
    asked: str  # the question as asked, for the answer and its warnings
    only: frozenset[int] | None = None  # the documents to search; None: all
    forms: tuple[str, ...] = ()  # the topic's forms (topics.terms): an answer mentions one
    groups: tuple[tuple[str, ...], ...] = ()  # the same, word by word (topics.groups)
    # only sentences mentioning the topic may answer (a topic within one report)
    strict: bool = False
    wants: str | None = None  # what an answer must state: "number", "name", "date" or "grade"
    past: bool = False  # asked about what happened: an expectation does not answer it
    prefer: tuple[str, ...] = ()  # phrases of sentences to prefer (topics.ASPECTS …)
    headings: tuple[str, ...] = ()  # words of the headings whose sentences to prefer
    avoid: tuple[str, ...] = ()  # phrases that keep a sentence from being preferred ("not")
    unmentioned: str | None = None  # the reason given when nothing answers
    seen: tuple[
        str, ...
    ] = ()  # text the answer quotes already: a sentence within it is not quoted again


@dataclass
class _Sentence:
    hit: Hit
    doc_id: int
    start: int  # offsets into the document text
    end: int
    quote: str
    vector: np.ndarray | None = None  # the sentence's own unit vector (index/sentences.py)
    section: str | None = None  # the heading it stands under
    score: float = 0.0
    dense: float = 0.0
    features: dict = field(default_factory=dict)


class Answerer:
    """Builds Answers from a Store and a Retriever."""

    def __init__(self, store: Store, retriever: Retriever) -> None:
        self.store = store
        self.retriever = retriever
        self._documents = {d.id: d for d in store.documents()}
        self.timeline = Timeline(store.events())

    def newest(
        self, today: dt.date | None = None, within: frozenset[int] | None = None
    ) -> DocumentInfo | None:
        """The newest document held as of ``today`` (of those ``within``, when given): dated by
        what it says (its text, its file name) before any dated only by when its file was last
        modified (a folder's README)."""
        dated = [
            d
            for d in self._documents.values()
            if d.date and (today is None or d.date <= today) and (within is None or d.id in within)
        ]
        said = [d for d in dated if d.date_source != "file modified time"]
        return max(said or dated, key=lambda d: d.date) if dated else None

    def from_passages(self, search: Search, today: dt.date) -> Answer:
        """One to three sentences quoted from the passages retrieved for ``search``.

        With ``search.forms`` (index/answer/topics.py), sentences that mention the topic answer;
        when ``search.strict`` (a topic within one report) only they may, else a sentence near
        enough in meaning may too. With ``search.wants``, a sentence must state that kind of
        thing (a number, a name, a date, a grade). Sentences holding one of ``search.prefer``
        (how a letter says what a visit looked at, what inspectors found) go before the others.
        When nothing answers, the answer abstains saying ``search.unmentioned`` (or what was
        searched).
        """
        query = search.text[:1000]
        query_vector = self.retriever.encoder.encode_query(query)
        hits = self.retriever.search(query, k=12, query_vector=query_vector, only=search.only)
        if not hits:
            return self.abstain(search.asked, today, search.unmentioned, search.only)
        candidates = self._candidates(hits[:10] if search.forms else hits[:6])
        every = list(candidates)  # for a quote's lead-in, whatever is filtered out below
        if not candidates:
            return self.abstain(search.asked, today, search.unmentioned, search.only)
        self._score(query, query_vector, candidates)
        candidates, mentioned = self._answering(search, candidates)
        if not candidates:
            return self.abstain(search.asked, today, search.unmentioned, search.only)
        preferred = [
            c
            for c in candidates
            if (
                (search.prefer and topics.mentions(c.quote, search.prefer))
                or (search.headings and topics.mentions(c.section or "", search.headings))
            )
            and not (search.avoid and topics.mentions(c.quote, search.avoid))
        ]
        candidates = preferred or candidates
        best = max(candidates, key=lambda s: s.score)
        # A sentence that mentions the topic asked is evidence enough of what the report says of
        # it; so is one saying what the visit asked about looked at, in that visit's own letter.
        lenient = mentioned or (preferred and search.only is not None and len(search.only) == 1)
        min_score, min_cosine = (
            (TOPIC_SENTENCE_SCORE, TOPIC_SENTENCE_COSINE)
            if lenient
            else (MIN_SENTENCE_SCORE, MIN_SENTENCE_COSINE)
        )
        if best.score < min_score or max(c.dense for c in candidates) < min_cosine:
            return self.abstain(search.asked, today, search.unmentioned, search.only)
        chosen = [best]
        asked = _asked_dates(search.asked)
        for sentence in sorted(candidates, key=lambda s: s.score, reverse=True):
            if len(chosen) == MAX_SENTENCES:
                break
            if sentence.score < SUPPORT_RATIO * best.score or sentence.dense < min_cosine:
                break
            if any(_similar(sentence.quote, c.quote) for c in chosen):
                continue
            if asked and _dated_elsewhere(asked, sentence.quote):
                continue  # support for "the February 2021 visit" is not a line about Summer 2022
            chosen.append(sentence)
        return self._compose(search.asked, today, [_with_lead_in(c, every) for c in chosen], asked)

    def _answering(
        self, search: Search, candidates: list[_Sentence]
    ) -> tuple[list[_Sentence], bool]:
        """The candidates that may answer, and whether they mention the topic asked.

        Within one report (``strict``) a sentence mentioning the topic answers. Elsewhere a
        sentence must mention every word of it ("capital" and "france") to be taken on that
        alone; one mentioning some of it must score as any other, and one mentioning none must
        be near in meaning.
        """
        mentioned = bool(search.forms)
        if search.forms:
            mentioning = [c for c in candidates if topics.mentions(c.quote, search.forms)]
            if not search.strict:
                whole = [c for c in mentioning if topics.mentions_all(c.quote, search.groups)]
                mentioned = bool(whole)
                mentioning = (
                    whole or mentioning or [c for c in candidates if c.dense >= NEAR_COSINE]
                )
            candidates = mentioning
        if search.seen:
            candidates = [
                c for c in candidates if not any(c.quote[:60] in seen for seen in search.seen)
            ]
        if search.wants:
            candidates = [c for c in candidates if _states(c.quote, search.wants)]
        if search.past and search.wants in ("grade", "date"):
            # what was given or held: a sentence expecting it ("will result in gradings") does not say
            candidates = [c for c in candidates if not _FUTURE_S.search(c.quote)]
        return candidates, mentioned

    # --- steps --------------------------------------------------------------------

    def _candidates(self, hits: list[Hit]) -> list[_Sentence]:
        """The quotable sentences of the hit passages, with the vectors stored when they were indexed."""
        records = self.store.passages([h.passage_id for h in hits])
        stored = self.store.sentences([h.passage_id for h in hits])
        out: list[_Sentence] = []
        for hit in hits:
            record = records.get(hit.passage_id)
            if record is None:
                continue
            for start, end, vector in stored.get(hit.passage_id, []):
                quote = _tidy(record.text[start - record.start : end - record.start])
                out.append(
                    _Sentence(
                        hit, record.doc_id, start, end, quote, vector=vector, section=record.section
                    )
                )
        return out

    def _score(self, question: str, query_vector: np.ndarray, candidates: list[_Sentence]) -> None:
        vectors = np.vstack([c.vector for c in candidates])
        cosines = vectors @ query_vector
        q_terms = _terms(question)
        sentence_terms = [_terms(c.quote) for c in candidates]
        # A question word found in few candidate sentences ("February", "2021") says more
        # than one found in most ("visit"): weight the overlap by rarity among them.
        weight = {
            t: math.log(1 + len(candidates) / (1 + sum(t in s for s in sentence_terms)))
            for t in q_terms
        }
        total = sum(weight.values()) or 1.0
        top_hit = max(c.hit.score for c in candidates)
        wants_date = bool(_WHEN.search(question))
        wants_future = bool(_FUTURE_Q.search(question))
        wants_grade = bool(_GRADE_Q.search(question))
        for candidate, cosine, s_terms in zip(candidates, cosines, sentence_terms):
            overlap = sum(weight[t] for t in q_terms & s_terms) / total
            has_date = wants_date and bool(dates.find_dates(candidate.quote))
            score = 0.45 * float(cosine) + 0.35 * overlap + 0.20 * (candidate.hit.score / top_hit)
            if wants_date:
                score += 0.12 if has_date else -0.08
            if wants_future and _FUTURE_S.search(candidate.quote):
                score += 0.10
            if wants_grade and _GRADE_S.search(candidate.quote):
                score += 0.10
            candidate.dense = float(cosine)
            candidate.score = score

    def _compose(
        self, question: str, today: dt.date, chosen: list[_Sentence], asked: list[dates.DateSpan]
    ) -> Answer:
        citations: list[Citation] = []
        parts = []
        for sentence in chosen:
            document = self._documents[sentence.doc_id]
            location = self._location(sentence)
            existing = next(
                (c for c in citations if c.doc_id == sentence.doc_id and c.location == location),
                None,
            )
            if existing is None:
                existing = Citation(
                    len(citations) + 1,
                    document.source,
                    document.title,
                    document.date,
                    location,
                    sentence.quote,
                    sentence.doc_id,
                    sentence.hit.passage_id,
                )
                citations.append(existing)
            elif sentence.quote not in existing.quote:
                citations[existing.n - 1] = existing = Citation(
                    **{**asdict(existing), "quote": f"{existing.quote} … {sentence.quote}"}
                )
            parts.append(f"{sentence.quote} [{existing.n}]")
        cited_dates = [c.date for c in citations if c.date]
        as_of = max(cited_dates) if cited_dates else None
        confidence = max(0.0, min(1.0, chosen[0].score))
        warnings = (
            *self._warnings(question, today, chosen, as_of),
            *filter(None, [_other_time(asked, chosen[0])]),
        )
        return Answer(
            question, " ".join(parts), False, confidence, as_of, warnings, tuple(citations), today
        )

    def _location(self, sentence: _Sentence) -> str:
        return self.store.location_at(sentence.doc_id, sentence.start)

    def _warnings(
        self, question: str, today: dt.date, chosen: list[_Sentence], as_of: dt.date | None
    ):
        """Say so when the newest expectation quoted is already in the past."""
        if not _FUTURE_Q.search(question):
            return
        expected = [
            span for s in chosen if _FUTURE_S.search(s.quote) for span in dates.find_dates(s.quote)
        ]
        if expected and all(span.latest < today for span in expected):
            newest = self.newest(today)
            age = describe_age(as_of, today) if as_of else "unknown age"
            yield (
                f"These dates have passed: the newest document quoted is from "
                f"{format_date(as_of) if as_of else 'an unknown date'} ({age} before today, "
                f"{format_date(today)}), and no newer document confirms what happened."
                + (
                    f" The newest document held is “{newest.title}” ({format_date(newest.date)})."
                    if newest and newest.date and as_of and newest.date > as_of
                    else ""
                )
            )

    def abstain(
        self,
        question: str,
        today: dt.date,
        reason: str | None = None,
        within: frozenset[int] | None = None,
    ) -> Answer:
        """No answer: ``reason`` (or that none was found), and the newest document of those
        searched (``within``; all when None)."""
        newest = self.newest(today, within) or self.newest(today)
        text = reason or (
            f"I could not find an answer to “{question}” in the {len(self._documents)} "
            f"document{'s' if len(self._documents) != 1 else ''} I hold."
        )
        if newest is not None:
            which = "document I hold" if newest == self.newest(today) else "of those I searched"
            text += f" The newest {which} is “{newest.title}” ({format_date(newest.date)})."
        elif not self._documents:
            text += " No documents are indexed yet."
        return Answer(question, text, True, 0.0, newest.date if newest else None, (), (), today)


_NUMBER = re.compile(
    r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|dozen)\b",
    re.I,
)
_NAME = re.compile(r"\b[A-Z][a-z’']+(?:[ -][A-Z][a-z’']+)+\b")
#: Capitalised words that name no one: institutions, places, titles of things.
_NOT_A_NAME = (
    frozenset(
        """children children's childrens social care council councils services service trust county borough
ofsted inspection inspections local authority board partnership team teams safeguarding family families
education health court her his majesty's inspectors inspector hmi the this that these north south east west
central greater city metropolitan district royal national england english government department gov uk
monitoring visit focused full report letter cabinet member members committee scrutiny executive
secretary state commissioner director assistant head chair chief officer officers quality assurance
democratic manager managers adviser advisers lead deputy senior principal leader panel""".split()
    )
    | {w.lower() for c in COUNCILS for w in c.split()}
    | set(MONTHS)
    | set(WEEKDAYS)
)


def _names_someone(quote: str) -> bool:
    """Whether a sentence names a person or body beyond institutions and places ("Jansy Kelly",
    "Slough Children First"), not "Children's Social Care" or "West Northamptonshire Council"."""
    for m in _NAME.finditer(quote):
        words = [re.sub(r"[’']s?$", "", w.lower()) for w in re.split(r"[ -]", m.group())]
        while words and words[0] in _OPENERS:  # "In February", "All Members": not names
            words.pop(0)
        if len(words) >= 2 and any(w not in _NOT_A_NAME | _OPENERS for w in words):
            return True
    return False


#: Words that open a sentence or a heading with a capital, before any name.
_OPENERS = frozenset(
    "in on at for by of a an all our we during following after before from to as and or but "
    "with within when where while since until each every some status date subject purpose title "
    "present apologies minutes agenda item resolved recommendation recommendations".split()
)


#: Words that open a sentence which only means something after the one before it.
_ANAPHORA = re.compile(r"^(?:This|These|That|Those|It|Its|They|Their|He|She|His|Her|Such)\b")


def _with_lead_in(sentence: _Sentence, every: list[_Sentence]) -> _Sentence:
    """A sentence opening "This was the first visit…" quoted with the one before it in its
    passage, which says what "this" is."""
    if not _ANAPHORA.match(sentence.quote):
        return sentence
    before = [
        c for c in every if c.hit.passage_id == sentence.hit.passage_id and c.end <= sentence.start
    ]
    if not before:
        return sentence
    lead = max(before, key=lambda c: c.end)
    return replace(sentence, start=lead.start, quote=f"{lead.quote} {sentence.quote}")


def _states(quote: str, wants: str) -> bool:
    """Whether a sentence states the kind of thing a question wants."""
    if wants == "number":  # a count, not the digits of a date ("13th – 30th July 2021")
        # nor a paragraph's number, leading or run into the text ("inadequate 16.There are")
        undated = re.sub(r"^\s*\d+(?:\.\d+)*\.?\s*|\b\d+\.(?=[A-Z])", "", quote)
        for span in dates.find_dates(quote):
            undated = undated.replace(span.text, " ")
        return bool(_NUMBER.search(undated))
    if wants == "name":
        return _names_someone(quote)
    if wants == "date":
        return bool(dates.find_dates(quote))
    if wants == "grade":  # a grade given, not "will result in gradings"
        return bool(_GRADE_STATED.search(quote))
    return True


def _asked_dates(question: str) -> list[dates.DateSpan]:
    """The time a question names ("in July 2021"), if any; not a bound on it ("since June 2019")."""
    if not SPECIFIC_DATE.search(question) or _DATE_BOUND.search(question):
        return []
    return dates.find_dates(question)


def _dated_elsewhere(asked: list[dates.DateSpan], quote: str) -> list[dates.DateSpan]:
    """The dates of a quote if it has some and none falls within the time asked about."""
    found = dates.find_dates(quote)
    if any(dates.overlaps(a, f) for a in asked for f in found):
        return []
    return found


def _other_time(asked: list[dates.DateSpan], best: _Sentence) -> str | None:
    """A warning when the best sentence is dated outside ``asked``, the time the question names.

    "What did inspectors find about the front door in July 2021?" is best answered by a
    line on the January 2020 visit's front-door focus: the quote stays (it is the nearest
    the documents come), and the reader is told that it is about another time.
    """
    elsewhere = _dated_elsewhere(asked, best.quote) if asked else []
    if not elsewhere:
        return None
    asked_text = " and ".join(a.text for a in asked)
    return (
        f"You asked about {asked_text}, but the sentence quoted is about {elsewhere[0].text}: "
        f"I found nothing on this dated {asked_text}."
    )


def _similar(a: str, b: str) -> bool:
    ta, tb = _terms(a), _terms(b)
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) > 0.6
