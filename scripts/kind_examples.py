"""Write index/answer/kinds.json: labelled example questions, by the route that answers them.

    PYTHONPATH=$PWD .venv/bin/python -m scripts.kind_examples EVAL_FILE [EVAL_FILE ...]

Each question set's own ``kind`` says what the question asks; KIND_ROUTES maps it to the
route the engine answers it by (index/answer/kinds.py). Only ``dev`` questions (or questions
of sets with no split) are taken: the test splits are never learnt from.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "index" / "answer" / "kinds.json"

#: A question set's kind → the route that answers it. Kinds not listed are not taken.
KIND_ROUTES = {
    # a report's own facts
    "last_inspected": "fact",
    "last_inspected_past": "fact",
    "current_grade": "fact",
    "current_grade_past": "fact",
    "grade_in_year": "fact",
    "judgement": "fact",
    "lead_inspector": "fact",
    "improve": "fact",
    "inadequate_when": "fact",
    "count": "fact",
    "before_latest": "fact",
    "two_facts": "fact",
    "change": "fact",
    "status_as_of_past": "fact",
    "ever_grade_yesno": "fact",
    "years_since": "fact",
    "fieldwork_length": "fact",
    # what the documents say: passages
    "topic": "passages",
    "topic_judgement": "passages",
    "topic_area": "passages",
    "inspection_team": "passages",
    "stated_numbers": "passages",
    "dcs_tenure": "passages",
    "framework_type": "passages",
    "lscb_judgement": "passages",
    "publication_gap": "passages",
    "strengths": "passages",
    "summarise_command": "passages",
    # what happened over time
    "since": "timeline",
    "visits_between": "timeline",
    # every council at once
    "national": "national",
    # what the bot is not about, or what no document says
    "out_of_remit": "outside",
    "unanswerable": "unanswerable",
}


def examples(paths: list[Path]) -> list[dict]:
    seen, out = set(), []
    for path in paths:
        data = json.loads(path.read_text())
        for q in data["questions"] if isinstance(data, dict) else data:
            route = KIND_ROUTES.get(q.get("kind", ""))
            text = " ".join(q["question"].lower().split())
            if route and q.get("split", "dev") == "dev" and text not in seen:
                seen.add(text)
                out.append({"question": text, "route": route})
    return out


if __name__ == "__main__":
    found = examples([Path(p) for p in sys.argv[1:]])
    OUT.write_text(json.dumps(found, indent=0, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for e in found:
        counts[e["route"]] = counts.get(e["route"], 0) + 1
    print(f"{len(found)} examples written to {OUT}: {counts}")
