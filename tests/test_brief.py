"""The one-page brief (issue 25): what a councillor needs before a scrutiny meeting, every line
cited, built from the same report facts and events as the answers.

Over documents written here: Plymouth's two inspection reports in Ofsted's layout (the later
with eleven things to improve), a focused visit letter after it, and a cabinet report that
expects a monitoring visit (now overdue) and the next inspection (still ahead).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import matplotlib.colors
import matplotlib.image
import pytest

from bot.brief import sources_html
from index.answer import chart
from index.answer.brief_chart import brief_figure, brief_png
from index.engine import Engine
from index.errors import OutOfScope
from index.settings import Settings
from inspection_bot.text import brief_text
from tests.conftest import run_cli
from tests.test_respond import ILACS, report

TODAY = dt.date(2026, 11, 30)
ELEVEN = [
    f"Improvement number {n}: the quality of plans for children, point {n}." for n in range(1, 12)
]
DOCUMENTS = {
    "2018-06-01 Plymouth inspection.txt": report(
        "Plymouth",
        "9 to 20 April 2018",
        "Alan Wood",
        list(zip(ILACS, ["Inadequate"] * 5)),
        ["The timeliness of strategy discussions."],
        "Leaders had not understood the weaknesses of the front door.",
    ),
    "2023-10-27 Plymouth inspection.txt": report(
        "Plymouth",
        "11 to 15 September 2023",
        "Maria Brennan",
        list(
            zip(ILACS, ["Good", "Requires improvement to be good", "Good", "Outstanding", "Good"])
        ),
        ELEVEN,
        "Edge of care work is strong.",
    ),
    "2024-06-20 Plymouth focused visit.md": (
        "# Focused visit to Plymouth children's services\n\nPublished: 20 June 2024\n\n"
        "1.1 This letter summarises the findings of the focused visit to Plymouth children's "
        "services, carried out on 14 and 15 May 2024.\n\n"
        "1.2 Inspectors looked at the experiences of children in care.\n"
    ),
    "2024-09-02 Plymouth cabinet report.md": (
        "# Cabinet report: Ofsted focused visit, May 2024\n\nDate: 2 September 2024\n\n"
        "1.1 Ofsted carried out a focused visit to Plymouth on 14 and 15 May 2024.\n\n"
        "1.2 We expect a monitoring visit in March 2025.\n\n"
        "1.3 The next full inspection of Plymouth is expected in Spring 2027.\n"
    ),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory, encoder) -> Engine:
    folder = tmp_path_factory.mktemp("brief")
    documents = folder / "documents"
    documents.mkdir()
    for name, text in DOCUMENTS.items():
        (documents / name).write_text(text)
    settings = Settings.load(env={}, documents_dir=documents, index_dir=folder / "index")
    return Engine.open(settings, encoder, build_if_missing=True)


@pytest.fixture(scope="module")
def brief(engine):
    return engine.brief("plymouth", TODAY)


def lines(brief, key: str) -> list[str]:
    return [line.text for line in brief.section(key).lines]


def test_the_grade_and_every_judgement_in_force_with_the_inspections_dates(brief):
    assert (
        brief.headline == "Plymouth: Good overall at the inspection of 11 to 15 September 2023 [1]."
    )
    in_force = lines(brief, "in_force")
    assert in_force[0].startswith("Inspection of 11 to 15 September 2023 [1], report published")
    assert "led by Maria Brennan" in in_force[0]
    assert in_force[1:] == [
        "Overall effectiveness: Good [1]",
        "Impact of leaders: Good [1]",
        "Children who need help and protection: Requires improvement to be good [1]",
        "Children in care: Good [1]",
        "Care leavers: Outstanding [1]",
    ]
    assert [(g.earliest.year, g.grade) for g in brief.grades] == [
        (2018, "inadequate"),
        (2023, "good"),
    ]


def test_every_improvement_item_the_visits_since_and_what_is_expected(brief):
    improve = lines(brief, "improve")
    assert len(improve) == 11
    for n, (line, item) in enumerate(zip(improve, ELEVEN), 1):
        assert line.startswith(f"{n}. {item} [")
    assert lines(brief, "visits") == [
        "Focused visit, 14 – 15 May 2024; report published 20 June 2024 [3]"
    ]
    following = brief.section("next").lines
    assert following[0].warning and "expected for March 2025" in following[0].text
    assert "should have happened by 31 March 2025" in following[0].text
    assert not following[1].warning and following[1].text.startswith(
        "Full inspection expected Spring 2027 ["
    )


def test_each_line_is_cited_and_each_citation_is_used(brief):
    cited = set()
    for section in brief.sections:
        for line in section.lines:
            found = {int(n) for n in re.findall(r"\[(\d+)\]", line.text)}
            assert found, (section.key, line.text)
            cited |= found
    assert cited == {c.n for c in brief.citations}
    assert brief.citations[0].source == "2023-10-27 Plymouth inspection.txt"
    assert brief.as_of == dt.date(2024, 9, 2) == max(c.date for c in brief.citations)


def test_the_brief_says_what_the_answers_say(engine, brief):
    improvements = engine.ask("what does plymouth need to improve", today=TODAY)
    for item in ELEVEN:
        assert item in improvements.answer
    grade = engine.ask("plymouth grade", today=TODAY)
    assert grade.answer.startswith("Plymouth: Good overall")
    upcoming = engine.ask("when is plymouths next inspection", today=TODAY)
    assert "Spring 2027" in upcoming.answer or "March 2025" in upcoming.answer
    assert brief.citations[0].source == grade.citations[0].source


def test_as_of_a_past_day_the_brief_knows_only_what_was_published_by_then(engine):
    then = engine.brief("plymouth", dt.date(2020, 1, 1))
    assert then.headline.startswith("Plymouth: Inadequate overall at the inspection of 9 to 20")
    assert lines(then, "improve") == ["1. The timeliness of strategy discussions. [1]"]
    assert lines(then, "next")[0].startswith("No document I hold says when Ofsted will next")


def test_a_council_without_documents_is_told_so(engine):
    with pytest.raises(OutOfScope, match="no documents about Cornwall"):
        engine.brief("cornwall", TODAY)


def test_the_text_json_and_telegram_renderings_give_the_same_content(brief):
    text = brief_text(brief)
    data = brief.to_json()
    for section in data["sections"]:
        assert section["heading"] in text
        for line in section["lines"]:
            assert line["text"] in text
    assert [c["n"] for c in data["citations"]] == [c.n for c in brief.citations]
    html = sources_html(brief)
    assert len(html) < 4096  # one message
    for c in brief.citations:
        assert f"[{c.n}] <i>" in html


def test_the_brief_picture_shows_every_line_on_one_page(brief):
    with brief_figure(brief) as fig:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        assert fig.bbox.width == chart.WIDTH
        from matplotlib.text import Text

        drawn = []
        for t in fig.findobj(Text):
            if not t.get_visible() or not t.get_text().strip():
                continue
            box = t.get_window_extent(renderer)
            assert box.x0 >= 0 and box.x1 <= fig.bbox.width, t.get_text()
            assert box.y0 >= 0 and box.y1 <= fig.bbox.height, t.get_text()
            drawn.append(t.get_text().strip())
        page = " ".join(drawn)
        for item in ELEVEN:
            assert item in page, item
        for key in ("in_force", "visits", "next"):
            for line in lines(brief, key):
                assert " ".join(line.split()[:6]) in page, line
        assert "Good" in drawn and "Sources" in drawn
        grade_box = next(p for p in fig.patches if p.get_gid() == "grade")
        assert grade_box.get_facecolor()[:3] == matplotlib.colors.to_rgb(chart.grade_colour("good"))
    pixels = matplotlib.image.imread(io.BytesIO(brief_png(brief)))
    assert pixels.shape[1] == chart.WIDTH
    assert (pixels[:4, :, :3] > 0.99).all() and (pixels[:, -4:, :3] > 0.99).all()


@pytest.mark.slow
def test_the_brief_command_prints_text_json_and_a_png(engine, tmp_path):
    index = ["--index-dir", str(engine.settings.index_dir), "--today", "2026-11-30"]
    png = tmp_path / "brief.png"
    printed = run_cli("brief", "plymouth", "--png", str(png), *index)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("Inspection brief: Plymouth (as of 30 November 2026)")
    assert "What needs to improve (inspection of 11 to 15 September 2023)" in printed.stdout
    assert png.read_bytes().startswith(b"\x89PNG")
    as_json = run_cli("brief", "plymouth", "--json", *index)
    assert json.loads(as_json.stdout) == json.loads(
        json.dumps(engine.brief("plymouth", TODAY).to_json())
    )
    unknown = run_cli("brief", "cornwall", *index)
    assert unknown.returncode == 2 and "no documents about Cornwall" in unknown.stderr
