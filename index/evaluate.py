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
     "warning": true}                       # true when a stale-date warning is due (optional)

Rates are over the questions that state the thing measured.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InspectionBotError


@dataclass
class Result:
    question: str
    abstained: bool
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
        for label, name in (("cited source in top 1", "top1"), ("cited source in top 3", "top3"),
                            ("facts present in the answer", "facts"), ("correct abstentions", "abstention"),
                            ("warnings where due", "warning")):
            hit, total = self.rate(name)
            out.append(f"{label}: {hit}/{total}" + (f" ({hit / total:.0%})" if total else ""))
        passed = sum(r.passed for r in self.results)
        out.append(f"questions passed: {passed}/{len(self.results)}")
        return out


def load_questions(path: Path) -> tuple[list[Path], list[dict]]:
    """(documents to index, questions) from a question set file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise InspectionBotError(f"No question set at {path}.") from None
    except json.JSONDecodeError as exc:
        raise InspectionBotError(f"{path} is not valid JSON ({exc}).") from None
    documents = [(path.parent / d).resolve() for d in data.get("documents", [])] if isinstance(data, dict) else []
    items = data.get("questions") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(i, dict) and i.get("question") for i in items):
        raise InspectionBotError(f"{path} must hold a list of objects, each with a \"question\".")
    return documents, items


def evaluate(engine, items: list[dict]) -> Summary:
    summary = Summary()
    for item in items:
        today = dt.date.fromisoformat(item["today"]) if item.get("today") else None
        answer = engine.ask(item["question"], today=today)
        sources = [c.source for c in answer.citations]
        result = Result(item["question"], answer.abstained, answer=answer.answer)
        expect_abstain = bool(item.get("abstain", False))
        result.abstention = answer.abstained == expect_abstain
        if item.get("source") and not expect_abstain:
            result.top1 = bool(sources) and sources[0] == item["source"]
            result.top3 = item["source"] in sources[:3]
        if item.get("facts") and not expect_abstain:
            result.facts = all(f.lower() in answer.answer.lower() for f in item["facts"])
        if "warning" in item:
            result.warning = bool(answer.warnings) == bool(item["warning"])
        summary.results.append(result)
    return summary


def report(summary: Summary) -> str:
    lines = []
    for r in summary.results:
        marks = " ".join(f"{name}={'ok' if value else 'MISS'}" for name, value in
                         (("top1", r.top1), ("top3", r.top3), ("facts", r.facts), ("abstain", r.abstention),
                          ("warning", r.warning)) if value is not None)
        lines.append(f"{'PASS' if r.passed else 'FAIL'}  {r.question}  [{marks}]")
        if not r.passed:
            lines.append(f"      answer: {r.answer[:300]}")
    return "\n".join(lines + [""] + summary.lines())
