"""The kinds of question in the national evaluation set, each written from the reports' facts.

One function per kind adds its questions to a Builder, which spreads them over councils
(the least-asked eligible council goes next) and checks that every gold fact is verbatim
in the cited report. Every choice is made by a seeded hash (h, pick), so the set is the
same on every run. Used by build_national_eval.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict

from scripts.national_phrasing import (
    COUNCIL_FORMS,
    ELSEWHERE,
    FUTURE,
    JUDGEMENT_PHRASES,
    MADE_UP,
    NEXT_INSPECTION,
    OFF_TOPIC,
    TEMPLATES,
    TOPICS,
    UNSTATED,
)
from scripts.national_reports import Report

SEED = "national-eval-2026"
NOW = dt.date(2026, 11, 30)
OTHER_NOWS = [dt.date(2026, 9, 21), dt.date(2026, 10, 5), dt.date(2026, 12, 14)]
MARGIN = dt.timedelta(days=21)  # a past "today" stays this far from any publication date
PER_KIND = 42
GOLD_FRAMEWORKS = {"ilacs", "ilacs_2026", "sif"}
GRADE_FIELDS = {
    "overall": "overall_effectiveness_grade",
    "leaders": "impact_of_leaders_grade",
    "leadership": "impact_of_leaders_grade",
    "help_and_protection": "help_and_protection_grade",
    "in_care": "in_care_grade",
    "in_care_and_care_leavers": "in_care_grade",
    "looked_after": "in_care_grade",
    "care_leavers": "care_leavers_grade",
}


def h(*parts) -> int:
    return int(hashlib.sha256("|".join([SEED, *map(str, parts)]).encode()).hexdigest(), 16)


def pick(options: list, *key):
    return options[h(*key) % len(options)]


def forms(council: str) -> list[str]:
    return COUNCIL_FORMS.get(council, [council.replace(" & ", " and ")])


def possessive(name: str) -> str:
    return name if name.endswith("s") else name + "s"


class Builder:
    """Collects questions, spreading them over councils: the least-asked eligible council goes next."""

    def __init__(self, reports: list[Report]):
        self.by_council: dict[str, list[Report]] = defaultdict(list)
        for r in sorted(reports, key=lambda r: r.published):
            self.by_council[r.council].append(r)
        self.uses: Counter = Counter()
        self.questions: list[dict] = []

    def councils(self, kind: str) -> list[str]:
        return sorted(self.by_council, key=lambda c: (self.uses[c], h(kind, c)))

    def gold(self, council: str) -> list[Report]:
        return [r for r in self.by_council[council] if r.framework in GOLD_FRAMEWORKS]

    def as_of(self, council: str, today: dt.date) -> Report | None:
        held = [r for r in self.by_council[council] if r.published_latest <= today]
        return held[-1] if held else None

    def past_today(self, council: str, report: Report) -> dt.date | None:
        """A day when ``report`` is the council's newest, well clear of every publication date."""
        reports = self.by_council[council]
        later = [r for r in reports if r.published > report.published_latest]
        if not later:
            return None
        lo, hi = report.published_latest + MARGIN, min(r.published for r in later) - MARGIN
        if (hi - lo).days < 10:
            return None
        return lo + dt.timedelta(days=h("today", report.source) % (hi - lo).days)

    def now(self, key) -> dt.date:
        return NOW if h("now", key) % 4 else pick(OTHER_NOWS, "other-now", key)

    def add(
        self,
        kind: str,
        council: str | None,
        text: str,
        today: dt.date,
        report: Report | None = None,
        facts: list[str] | None = None,
        abstain: bool = False,
        note: str | None = None,
        **extra,
    ):
        for fact in facts or []:
            assert report is None or fact.lower() in report.text.lower(), (
                kind,
                report.source,
                fact,
            )
            assert "\n" not in fact, fact
        item = {"question": text, "today": today.isoformat(), "kind": kind}
        if report is not None and not abstain:
            item["source"] = report.source
        if facts:
            item["facts"] = facts
        if abstain:
            item["abstain"] = True
        item.update(extra)
        if note:
            item["note"] = note
        self.questions.append(item)
        if council:
            self.uses[council] += 1


def phrase(template: str, council: str, key, **values) -> str:
    name = pick(forms(council), "form", key)
    return template.format(c=name, cs=possessive(name), **values)


def csv_note(report: Report, *fields: str) -> str | None:
    notes = [n for n in report.csv_notes if any(f in n for f in fields)]
    return "; ".join(notes) + " (gold taken from the report text)" if notes else None


def year_report(reports: list[Report], year: int) -> Report | None:
    """The one report inspected and published in ``year``, if no other report touches that year."""
    touching = [
        r
        for r in reports
        if year in (r.start.year, r.end.year, r.published.year, r.published_latest.year)
    ]
    if len(touching) == 1 and {touching[0].start.year, touching[0].published_latest.year} == {year}:
        return touching[0]
    return None


def build_last_inspected(b: Builder):
    for council in b.councils("last_inspected")[:PER_KIND]:
        today = b.now(("last", council))
        r = b.as_of(council, today)
        if r is None or r.framework not in GOLD_FRAMEWORKS:
            continue
        text = phrase(pick(TEMPLATES["last_inspected"], "t", council), council, ("last", council))
        b.add("last_inspected", council, text, today, r, [r.dates], note=csv_note(r, "date"))


def build_last_inspected_past(b: Builder):
    for council in b.councils("last_inspected_past"):
        if sum(q["kind"] == "last_inspected_past" for q in b.questions) >= PER_KIND:
            break
        options = [(r, b.past_today(council, r)) for r in b.gold(council)]
        options = [(r, t) for r, t in options if t and b.as_of(council, t) is r]
        if not options:
            continue
        r, today = pick(options, "lip", council)
        text = phrase(
            pick(TEMPLATES["last_inspected_past"], "t", council), council, ("lip", council)
        )
        b.add("last_inspected_past", council, text, today, r, [r.dates], note=csv_note(r, "date"))


def build_current_grade(b: Builder):
    n = 0
    for council in b.councils("current_grade"):
        today = b.now(("grade", council))
        r = b.as_of(council, today)
        if n >= PER_KIND or r is None or r.short_grade("overall") is None:
            continue
        text = phrase(pick(TEMPLATES["current_grade"], "t", council), council, ("grade", council))
        b.add(
            "current_grade",
            council,
            text,
            today,
            r,
            [r.short_grade("overall")],
            note=csv_note(r, "overall"),
        )
        n += 1


def build_current_grade_past(b: Builder):
    n = 0
    for council in b.councils("current_grade_past"):
        options = [
            (r, b.past_today(council, r)) for r in b.gold(council) if r.short_grade("overall")
        ]
        options = [(r, t) for r, t in options if t and b.as_of(council, t) is r]
        if n >= PER_KIND or not options:
            continue
        r, today = pick(options, "cgp", council)
        text = phrase(
            pick(TEMPLATES["current_grade_past"], "t", council), council, ("cgp", council)
        )
        b.add(
            "current_grade_past",
            council,
            text,
            today,
            r,
            [r.short_grade("overall")],
            note=csv_note(r, "overall"),
        )
        n += 1


def build_judgement(b: Builder):
    n = 0
    for council in b.councils("judgement"):
        if n >= PER_KIND:
            break
        older = (
            h("judgement-older", council) % 3 == 0
        )  # a third ask about the older framework, as of its day
        if older:
            options = [
                (r, b.past_today(council, r)) for r in b.gold(council) if r.framework == "sif"
            ]
            options = [(r, t) for r, t in options if t and b.as_of(council, t) is r]
            if not options:
                continue
            r, today = pick(options, "jo", council)
        else:
            today = b.now(("judgement", council))
            r = b.as_of(council, today)
            if r is None or r.framework not in GOLD_FRAMEWORKS:
                continue
        keys = [k for k in r.grades if k in JUDGEMENT_PHRASES]
        # Prefer a judgement graded differently from the overall one: only then does the fact tell them apart.
        distinct = [k for k in keys if r.short_grade(k) != r.short_grade("overall")]
        if not keys:
            continue
        key = pick(distinct or keys, "jk", council)
        j = pick(JUDGEMENT_PHRASES[key], "jp", council)
        text = phrase(
            pick(TEMPLATES["judgement"], "t", council), council, ("judgement", council), j=j
        )
        b.add(
            "judgement",
            council,
            text,
            today,
            r,
            [r.short_grade(key)],
            judgement=key,
            note=csv_note(r, GRADE_FIELDS.get(key, key)),
        )
        n += 1


def build_grade_in_year(b: Builder):
    n = 0
    for council in b.councils("grade_in_year"):
        reports = b.by_council[council]
        options = [
            r
            for y in range(2013, 2027)
            if (r := year_report(reports, y)) and r.short_grade("overall") and r is not reports[-1]
        ]
        if n >= PER_KIND or not options:
            continue
        r = pick(options, "giy", council)
        today = b.now(("giy", council))
        text = phrase(
            pick(TEMPLATES["grade_in_year"], "t", council),
            council,
            ("giy", council),
            y=r.start.year,
        )
        b.add(
            "grade_in_year",
            council,
            text,
            today,
            r,
            [r.short_grade("overall")],
            note=csv_note(r, "overall"),
        )
        n += 1


def build_lead_inspector(b: Builder):
    n = 0
    for council in b.councils("lead_inspector"):
        reports = b.by_council[council]
        options = [r for y in range(2013, 2027) if (r := year_report(reports, y)) and r.leads]
        if n >= PER_KIND or not options:
            continue
        r = pick(options, "lead", council)
        today = b.now(("lead", council))
        text = phrase(
            pick(TEMPLATES["lead_inspector"], "t", council),
            council,
            ("lead", council),
            y=r.start.year,
        )
        note = csv_note(r, "inspector") or (
            f"led by two inspectors: {' and '.join(r.leads)}" if len(r.leads) > 1 else None
        )
        b.add(
            "lead_inspector",
            council,
            text,
            today,
            r,
            [name.split()[-1] for name in r.leads],
            note=note,
        )
        n += 1


def topic_fact(report: Report, topic: str, table: dict = TOPICS) -> str | None:
    """The report's own words for the topic, when it says enough about it (three mentions or more)."""
    for term in table[topic][1]:
        found = re.findall(re.escape(term), report.text, re.I)
        if len(found) >= 3:
            return found[0]
    return None


def build_topic(b: Builder):
    n = 0
    for council in b.councils("topic"):
        if n >= PER_KIND:
            break
        with_year = h("topic-year", council) % 4 == 0
        reports = b.by_council[council]
        if with_year:
            options = [
                r
                for y in range(2014, 2027)
                if (r := year_report(reports, y)) and r is not reports[-1]
            ]
            if not options:
                continue
            r, today = pick(options, "ty", council), b.now(("topic", council))
        else:
            today = b.now(("topic", council))
            r = b.as_of(council, today)
        if r is None or r.framework not in GOLD_FRAMEWORKS:
            continue
        topics = [t for t in sorted(TOPICS) if topic_fact(r, t)]
        if not topics:
            continue
        topic = pick(topics, "topic", council)
        asked = pick(TOPICS[topic][0], "tp", council)
        template = pick(TEMPLATES["topic_year" if with_year else "topic"], "t", council)
        text = phrase(template, council, ("topic", council), t=asked, y=r.start.year)
        b.add("topic", council, text, today, r, [topic_fact(r, topic)], topic=topic)
        n += 1


def improve_fact(item: str) -> str:
    """The opening words of a "what needs to improve" item: what any answer quoting it holds."""
    words = item.split()
    return " ".join(words[:6]).rstrip(",.;:")


def build_improve(b: Builder):
    n = 0
    for council in b.councils("improve"):
        today = b.now(("improve", council))
        r = b.as_of(council, today)
        if n >= PER_KIND or r is None or not r.improve:
            continue
        text = phrase(pick(TEMPLATES["improve"], "t", council), council, ("improve", council))
        b.add("improve", council, text, today, r, [improve_fact(r.improve[0])])
        n += 1


def build_count(b: Builder):
    n = 0
    for council in b.councils("count"):
        reports = b.by_council[council]
        if n >= PER_KIND or any(
            r.framework not in GOLD_FRAMEWORKS for r in reports if r.start.year >= 2014
        ):
            continue
        years = []
        for y in (2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021):
            since = [r for r in reports if r.start >= dt.date(y, 1, 1)]
            straddle = any(
                r.start < dt.date(y, 1, 1) <= r.end or r.start.year == y - 1 and r.start.month == 12
                for r in reports
            )
            if 1 <= len(since) <= 3 and not straddle:
                years.append((y, since))
        if not years:
            continue
        y, since = pick(years, "cy", council)
        today = b.now(("count", council))
        text = phrase(pick(TEMPLATES["count"], "t", council), council, ("count", council), y=y)
        # The gold is each inspection's dates, as its own report writes them: a correct count lists them.
        for r in since:
            assert r.dates.lower() in r.text.lower()
        b.add(
            "count",
            council,
            text,
            today,
            None,
            [r.dates for r in since],
            count=len(since),
            sources=[r.source for r in since],
        )
        n += 1


def build_inadequate(b: Builder):
    n = 0
    for council in b.councils("inadequate_when"):
        bad = [r for r in b.gold(council) if r.short_grade("overall") == "inadequate"]
        if n >= PER_KIND or not bad:
            continue
        r = bad[-1]
        templates = TEMPLATES["inadequate_when" if len(bad) == 1 else "inadequate_last"]
        text = phrase(pick(templates, "t", council), council, ("inad", council))
        b.add(
            "inadequate_when",
            council,
            text,
            b.now(("inad", council)),
            r,
            [r.dates],
            note=csv_note(r, "overall", "date"),
        )
        n += 1


def build_csv_disagreements(b: Builder):
    """One question on each field the CSV misreads: the report's own text is the gold."""
    asked = {(q["question"], q["today"]) for q in b.questions}
    for council, reports in sorted(b.by_council.items()):
        for r in reports:
            if r.framework not in GOLD_FRAMEWORKS:
                continue
            for note in r.csv_notes:
                column = note.split()[1]
                key = ("csv", r.source, column)
                today = b.now(key) if r is reports[-1] else b.past_today(council, r)
                if "date" in column and today:
                    kind = "last_inspected" if r is reports[-1] else "last_inspected_past"
                    text = phrase(pick(TEMPLATES[kind], "t", key), council, key)
                    item = (kind, text, today, [r.dates])
                elif "inspector" in column and year_report(reports, r.start.year) is r:
                    text = phrase(
                        pick(TEMPLATES["lead_inspector"], "t", key), council, key, y=r.start.year
                    )
                    item = ("lead_inspector", text, b.now(key), [n.split()[-1] for n in r.leads])
                elif "grade" in column and year_report(reports, r.start.year) is r:
                    judgement = next(
                        k for k, c in GRADE_FIELDS.items() if c == column and k in r.grades
                    )
                    j = pick(JUDGEMENT_PHRASES.get(judgement, ["overall effectiveness"]), "jp", key)
                    text = phrase(
                        pick(TEMPLATES["judgement_year"], "t", key),
                        council,
                        key,
                        j=j,
                        y=r.start.year,
                    )
                    item = ("judgement", text, b.now(key), [r.short_grade(judgement)])
                else:
                    continue
                kind, text, today, facts = item
                if (text, today.isoformat()) not in asked:
                    asked.add((text, today.isoformat()))
                    b.add(kind, council, text, today, r, facts, note=csv_note(r, column))


def mentions_next_inspection(reports: list[Report]) -> bool:
    pattern = r"next (?:full |standard |short )?inspection|will be (?:re-?)?inspected|re-?inspect"
    return any(re.search(pattern, r.text, re.I) for r in reports)


def build_declines(b: Builder):
    for i, text in enumerate(ELSEWHERE + MADE_UP + OFF_TOPIC):
        kind_note = (
            "outside England"
            if text in ELSEWHERE
            else "no such council"
            if text in MADE_UP
            else "off-topic"
        )
        b.add("decline", None, text, b.now(("decline", i)), abstain=True, note=kind_note)
    councils = b.councils("decline")
    future = [c for c in councils if b.by_council[c]][:5]
    for c in future:
        b.add(
            "decline",
            c,
            phrase(pick(FUTURE, "f", c), c, ("future", c)),
            NOW,
            abstain=True,
            note="the future",
        )
    quiet = [
        c for c in councils if c not in future and not mentions_next_inspection(b.by_council[c])
    ][:5]
    for c in quiet:
        b.add(
            "decline",
            c,
            phrase(pick(NEXT_INSPECTION, "n", c), c, ("next", c)),
            NOW,
            abstain=True,
            note="no report says when Ofsted will next inspect",
        )
    used = set(future) | set(quiet)
    for template in UNSTATED:
        years = re.findall(r"20\d\d", template)
        c = next(
            (
                c
                for c in councils
                if c not in used and not any(y in r.text for r in b.by_council[c] for y in years)
            ),
            None,
        )
        if c is None:
            continue
        used.add(c)
        b.add(
            "decline",
            c,
            phrase(template, c, ("unstated", c)),
            NOW,
            abstain=True,
            note="no report states this",
        )
    for r in (
        r
        for rs in b.by_council.values()
        for r in rs
        if r.framework in GOLD_FRAMEWORKS
        and not r.leads
        and year_report(b.by_council[r.council], r.start.year) is r
    ):
        text = phrase(
            "who was the lead inspector for {cs} {y} inspection",
            r.council,
            ("nolead", r.council),
            y=r.start.year,
        )
        b.add(
            "decline",
            r.council,
            text,
            NOW,
            abstain=True,
            note=f"{r.source} names no lead inspector",
        )


#: Every kind's builder, in the order they run (the CSV's misreads last, so they add to the kinds).
BUILDERS = (
    build_last_inspected,
    build_last_inspected_past,
    build_current_grade,
    build_current_grade_past,
    build_judgement,
    build_grade_in_year,
    build_lead_inspector,
    build_topic,
    build_improve,
    build_count,
    build_inadequate,
    build_declines,
    build_csv_disagreements,
)
