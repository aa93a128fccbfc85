"""Question sets with expected answers, run against an index: does the bot get it right?

A question set is a JSON object ``{"documents": [...], "questions": [...]}`` (or just the
list of questions, to run against an existing index). ``documents`` lists files or
folders, relative to the question file, that ``eval`` indexes into a temporary index
when no ``--index-dir`` is given. Each question::

    {"question": "When is the next Ofsted visit?",
     "today": "2026-11-23",                # the date the engine treats as today (optional)
     "source": "2021-09-23 Cabinet ….txt",  # the document the answer should cite (optional)
     "facts": ["October/ November 2021"],   # words the answer must contain (optional)
     "abstain": false,                      # true when the documents do not answer it
     "warning": true,                       # true when a stale-date warning is due (optional)
     "kind": "last_inspected",              # the kind of question, for rates by kind (optional)
     "split": "dev"}                        # "dev" or "test": the test split is never tuned on (optional)

Rates are over the questions that state the thing measured. A cited source matches the
expected one when it is the same path or ends with it after a "/", so one question set
works whether its corpus was indexed as one folder or from a folder above it. With kinds
or splits in the set, the report also gives the pass rate of each kind, the two splits
side by side.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import InspectionBotError


@dataclass
class Result:
    question: str
    abstained: bool
    kind: str | None = None
    split: str | None = None
    top1: bool | None = None
    top3: bool | None = None
    facts: bool | None = None
    abstention: bool | None = None
    warning: bool | None = None
    answer: str = ""

    @property
    def passed(self) -> bool:
        return all(v is not False for v in (self.top1, self.facts, self.abstention, self.warning))


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)

    def rate(self, name: str) -> tuple[int, int]:
        values = [getattr(r, name) for r in self.results if getattr(r, name) is not None]
        return sum(values), len(values)

    def lines(self) -> list[str]:
        out = []
        for label, name in (
            ("cited source in top 1", "top1"),
            ("cited source in top 3", "top3"),
            ("facts present in the answer", "facts"),
            ("correct abstentions", "abstention"),
            ("warnings where due", "warning"),
        ):
            hit, total = self.rate(name)
            out.append(f"{label}: {hit}/{total}" + (f" ({hit / total:.0%})" if total else ""))
        passed = sum(r.passed for r in self.results)
        out.append(f"questions passed: {passed}/{len(self.results)}")
        return out

    def by_kind(self) -> list[str]:
        """Pass rates by kind of question, the splits side by side; empty when no question has either."""
        if not any(r.kind or r.split for r in self.results):
            return []
        splits = sorted({r.split for r in self.results if r.split}, key=lambda s: (s != "dev", s))
        kinds = sorted({r.kind or "(no kind)" for r in self.results})
        columns = [*splits, "all"]
        width = max(len(k) for k in [*kinds, "kind"]) + 2
        out = ["kind".ljust(width) + "".join(c.ljust(16) for c in columns)]
        for kind in [*kinds, "all"]:
            row = [r for r in self.results if kind == "all" or (r.kind or "(no kind)") == kind]
            cells = [
                _rate([r for r in row if column == "all" or r.split == column])
                for column in columns
            ]
            out.append(kind.ljust(width) + "".join(c.ljust(16) for c in cells).rstrip())
        return out


def _rate(results: list[Result]) -> str:
    if not results:
        return "-"
    passed = sum(r.passed for r in results)
    return f"{passed}/{len(results)} {passed / len(results):.0%}"


def load_questions(path: Path) -> tuple[list[Path], list[dict]]:
    """(documents to index, questions) from a question set file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise InspectionBotError(f"No question set at {path}.") from None
    except json.JSONDecodeError as exc:
        raise InspectionBotError(f"{path} is not valid JSON ({exc}).") from None
    documents = (
        [(path.parent / d).resolve() for d in data.get("documents", [])]
        if isinstance(data, dict)
        else []
    )
    if isinstance(data, dict) and "conversations" in data:
        return documents, _conversations(path, data["conversations"])
    items = data.get("questions") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(
        isinstance(i, dict) and i.get("question") for i in items
    ):
        raise InspectionBotError(f'{path} must hold a list of objects, each with a "question".')
    return documents, items


def _conversations(path: Path, conversations) -> list[dict]:
    """Conversations as items: each with its turns, its split and today."""
    if not isinstance(conversations, list) or not all(
        isinstance(c, dict) and isinstance(c.get("turns"), list) and c["turns"]
        for c in conversations
    ):
        raise InspectionBotError(f'{path} must hold "conversations", each with a list of "turns".')
    return [{**c, "question": c["turns"][0].get("say", "")} for c in conversations]


def select(
    items: list[dict], split: str | None = None, kind: str | None = None, limit: int | None = None
) -> list[dict]:
    """The questions of one split and one kind (None: all), the first ``limit`` of them."""
    chosen = [
        i
        for i in items
        if (split is None or i.get("split") == split)
        and (kind is None or kind in {i.get("kind"), *(t.get("kind") for t in i.get("turns", ()))})
    ]
    if not chosen and (split or kind):
        known = sorted({i.get("kind") for i in items if i.get("kind")})
        raise InspectionBotError(
            f"No questions of split {split or 'any'} and kind {kind or 'any'}; "
            f"the kinds are: {', '.join(known) or 'none'}."
        )
    return chosen[:limit] if limit is not None else chosen


def same_source(cited: str, expected: str) -> bool:
    """True when ``cited`` is the expected document's path, or a longer path ending with it."""
    return cited == expected or cited.endswith("/" + expected)


def evaluate(engine, items: list[dict]) -> Summary:
    """Each question asked afresh; each conversation's turns asked in turn, through one
    Conversation (index/conversation.py) as the bot and `chat` ask them."""
    if items and "turns" in items[0]:
        return _evaluate_conversations(engine, items)
    summary = Summary()
    for item in items:
        today = dt.date.fromisoformat(item["today"]) if item.get("today") else None
        answer = engine.ask(item["question"], today=today)
        sources = [c.source for c in answer.citations]
        result = Result(
            item["question"],
            answer.abstained,
            kind=item.get("kind"),
            split=item.get("split"),
            answer=answer.answer,
        )
        expect_abstain = bool(item.get("abstain", False))
        result.abstention = answer.abstained == expect_abstain
        if item.get("source") and not expect_abstain:
            result.top1 = bool(sources) and same_source(sources[0], item["source"])
            result.top3 = any(same_source(s, item["source"]) for s in sources[:3])
        if item.get("facts") and not expect_abstain:
            result.facts = all(f.lower() in answer.answer.lower() for f in item["facts"])
        if "warning" in item:
            result.warning = bool(answer.warnings) == bool(item["warning"])
        summary.results.append(result)
    return summary


def _evaluate_conversations(engine, conversations: list[dict]) -> Summary:
    from index.conversation import Conversation

    summary = Summary()
    for conversation in conversations:
        talk = Conversation(engine, council=conversation.get("council"))
        today = dt.date.fromisoformat(conversation["today"]) if conversation.get("today") else None
        for turn in conversation["turns"]:
            answer = talk.ask(turn["say"], today)
            result = _judged(turn, answer)
            result.split = conversation.get("split")
            summary.results.append(result)
    return summary


def _judged(turn: dict, answer) -> Result:
    """One turn's answer against its gold: a clarifying question naming the options, or the
    facts, the sources cited (all of them, for a comparison) and a decline where due."""
    text = answer.answer.lower()
    result = Result(turn["say"], answer.abstained, kind=turn.get("kind"), answer=answer.answer)
    if turn.get("clarify"):
        result.abstention = all(o.lower() in text for o in turn["clarify"]) and not answer.citations
        return result
    expect_abstain = bool(turn.get("abstain", False))
    result.abstention = answer.abstained == expect_abstain
    if expect_abstain:
        return result
    sources = [c.source for c in answer.citations]
    wanted = turn.get("sources") or ([turn["source"]] if turn.get("source") else [])
    if wanted:
        # every one cited
        result.top1 = all(any(same_source(s, w) for s in sources) for w in wanted)
    facts = list(turn.get("facts") or []) + (
        [str(turn["count"])] if turn.get("count") is not None else []
    )
    if facts:
        result.facts = all(f.lower() in text for f in facts)
    return result


def report(summary: Summary) -> str:
    lines = []
    for r in summary.results:
        marks = " ".join(
            f"{name}={'ok' if value else 'MISS'}"
            for name, value in (
                ("top1", r.top1),
                ("top3", r.top3),
                ("facts", r.facts),
                ("abstain", r.abstention),
                ("warning", r.warning),
            )
            if value is not None
        )
        lines.append(f"{'PASS' if r.passed else 'FAIL'}  {r.question}  [{marks}]")
        if not r.passed:
            lines.append(f"      answer: {r.answer[:300]}")
    table = summary.by_kind()
    return "\n".join(lines + [""] + summary.lines() + ([""] + table if table else []))
