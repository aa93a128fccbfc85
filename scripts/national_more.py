"""Kinds added after the first national set was measured: each a kind of failure seen, asked anew.

Appended after national_kinds.BUILDERS, so the questions built before are unchanged (the
Builder spreads councils by use; these run last and only add). Each kind has its own
quarter held out as the test split, like the others.

- ``topic_judgement``: a topic whose words include a judgement's ("the education of children
  in care", "management oversight of child protection"): the answer is what the report says
  about the topic, not the judgement's grade.
- ``typo_field``: a grade, a lead inspector or the last inspection's dates, asked with a slip
  in the word that says which ("grdae", "inspecter", "inspectd"): slips made by rule (two
  letters swapped, one dropped), not from a list, so no slip is tuned for.
"""

from __future__ import annotations

from scripts.national_kinds import (
    GOLD_FRAMEWORKS,
    Builder,
    csv_note,
    h,
    phrase,
    pick,
    topic_fact,
    year_report,
)

PER_KIND = 24

#: Topic → (how people ask about it, with a judgement's words; the words a report uses for it).
JUDGEMENT_TOPICS = {
    "education in care": (
        [
            "the education of children in care",
            "education of looked after children",
            "how children in care do at school",
        ],
        ["virtual school", "personal education plan"],
    ),
    "care leavers housing": (
        ["care leavers accommodation", "housing for care leavers", "where care leavers live"],
        ["suitable accommodation", "accommodation"],
    ),
    "oversight of protection": (
        [
            "management oversight of child protection work",
            "managers oversight in help and protection",
        ],
        ["management oversight"],
    ),
    "health in care": (
        ["health of children in care", "health assessments for looked after children"],
        ["health assessment"],
    ),
    "care leavers work": (
        ["care leavers in education employment or training", "jobs for care leavers"],
        ["employment"],
    ),
    "protection plans": (
        ["child protection plans", "plans for children in need of protection"],
        ["child protection plan"],
    ),
    # Two questions, two golds: recruiting is answered by recruitment, the workforce by the workforce.
    "leaders recruiting": (
        ["how leaders recruit social workers", "recruiting social workers"],
        ["recruit"],
    ),
    "leaders and the workforce": (
        ["leadership and the workforce", "how stable the workforce is"],
        ["workforce"],
    ),
    "care leavers contact": (
        [
            "how care leavers keep in touch with personal advisers",
            "personal advisers for care leavers",
        ],
        ["personal adviser"],
    ),
}

TOPIC_TEMPLATES = [
    "what did ofsted say about {t} in {c}",
    "what did inspectors say about {cs} {t}",
    "{c} {t} ofsted",
    "how is {c} doing on {t}",
    "what does the {c} report say about {t}",
    "{t} in {c}",
    "anything on {t} in the {c} report",
]

#: Questions whose field word gets the slip ({w} is the slipped word).
TYPO_TEMPLATES = {
    "grade": [
        "{c} ofsted {w}",
        "what is {cs} current {w}",
        "{cs} {w} now",
        "{w} for {c} childrens services",
    ],
    "rating": ["{c} ofsted {w}", "{cs} {w}", "current {w} for {c}"],
    "inspector": [
        "who was the lead {w} for {c} in {y}",
        "lead {w} {c} {y}",
        "{c} {y} ofsted lead {w}",
    ],
    "inspected": ["when was {c} last {w}", "when were {cs} childrens services last {w}"],
    "inspection": ["{c} last ofsted {w}", "when was the last {w} of {c}", "{cs} latest {w} dates"],
}


def slip(word: str, *key) -> str:
    """The word with one slip people make: two letters swapped or one dropped, never the first."""
    i = 1 + h("slip-at", word, *key) % (len(word) - 2)
    if h("slip-kind", word, *key) % 2 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def build_topic_judgement(b: Builder):
    n = 0
    for council in b.councils("topic_judgement"):
        if n >= PER_KIND:
            break
        today = b.now(("topic_judgement", council))
        r = b.as_of(council, today)
        if r is None or r.framework not in GOLD_FRAMEWORKS:
            continue
        topics = [t for t in sorted(JUDGEMENT_TOPICS) if topic_fact(r, t, JUDGEMENT_TOPICS)]
        if not topics:
            continue
        topic = pick(topics, "tj", council)
        asked = pick(JUDGEMENT_TOPICS[topic][0], "tja", council)
        text = phrase(pick(TOPIC_TEMPLATES, "tjt", council), council, ("tj", council), t=asked)
        b.add(
            "topic_judgement",
            council,
            text,
            today,
            r,
            [topic_fact(r, topic, JUDGEMENT_TOPICS)],
            topic=topic,
        )
        n += 1


def build_typo_field(b: Builder):
    n = 0
    for council in b.councils("typo_field"):
        if n >= PER_KIND:
            break
        word = pick(sorted(TYPO_TEMPLATES), "tfw", council)
        template = pick(TYPO_TEMPLATES[word], "tft", council)
        w = slip(word, council)
        today = b.now(("typo_field", council))
        if word == "inspector":
            options = [
                r
                for y in range(2013, 2027)
                if (r := year_report(b.by_council[council], y)) and r.leads
            ]
            if not options:
                continue
            r = pick(options, "tfl", council)
            facts, note = [name.split()[-1] for name in r.leads], csv_note(r, "inspector")
        else:
            r = b.as_of(council, today)
            if r is None or r.framework not in GOLD_FRAMEWORKS:
                continue
            if word in ("grade", "rating"):
                if r.short_grade("overall") is None:
                    continue
                facts, note = [r.short_grade("overall")], csv_note(r, "overall")
            else:
                facts, note = [r.dates], csv_note(r, "date")
        text = phrase(template, council, ("tf", council), w=w, y=r.start.year)
        b.add("typo_field", council, text, today, r, facts, note=note, typo=True)
        n += 1


BUILDERS = (build_topic_judgement, build_typo_field)
