"""The pictures tell the truth at a glance (issue 25): what is drawn is checked, not only that a
PNG came out.

For the timeline: every visit or inspection with its own dates is a bar at least MIN_BAR pixels
wide whose label names its kind and grade; a year-only mention is faint and unlabelled; each
report's publication is marked; expectations whose dates have passed say "overdue"; no label
leaves the picture or lies over another label or bar; the legend lies outside the data and
lists only what was drawn. The pixels agree: the picture is 1,280 wide and its edges are blank.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil

import matplotlib.image
import pytest

from index.answer import chart
from index.answer.marks import Mark
from index.engine import Engine
from index.extract.events import Event
from index.settings import Settings
from index.store.records import StoredEvent
from inspection_bot.text import status_text
from tests.conftest import CORPUS, ROOT, run_cli

TODAY = dt.date(2026, 11, 30)
KENT = [
    "80476_kent/children's services inspection,  pdf - 23 august 2013.pdf",
    "80476_kent/children's services inspection - 13 june 2017.pdf",
    "80476_kent/children's services inspection - 05 july 2022.pdf",
    "80476_kent/children's services inspection - 02 february 2026.pdf",
]
CORPUS_HERE = next(
    (p for p in (CORPUS, ROOT.parent.parent / "shared" / "corpus" / "ofsted-ilacs") if p.is_dir()),
    CORPUS,
)


# ---------------------------------------------------------------- what a picture must satisfy


def _boxes(fig):
    """Every visible piece of text drawn, with its box in pixels."""
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    return [
        (t, t.get_window_extent(renderer))
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]


def _overlap(a, b, slack: float = 0.5) -> bool:
    return (
        a.x0 < b.x1 - slack and b.x0 < a.x1 - slack and a.y0 < b.y1 - slack and b.y0 < a.y1 - slack
    )


def assert_timeline_is_truthful(fig, marks: list[Mark]) -> None:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    assert width == chart.WIDTH
    texts = _boxes(fig)
    # no label outside the figure
    for text, box in texts:
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, (
            text.get_text(),
            box,
        )
    ax = fig.axes[0]
    bars = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("mark:")}
    labels = {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("label:")}
    bar_boxes = {gid: p.get_window_extent(renderer) for gid, p in bars.items()}
    label_boxes = {gid: t.get_window_extent(renderer) for gid, t in labels.items()}
    # the legend lies outside the data: below the axis, over no bar and no label
    legend = fig.legends[0]
    legend_box = legend.get_window_extent(renderer)
    assert not _overlap(legend_box, ax.get_window_extent(renderer))
    for box in (*bar_boxes.values(), *label_boxes.values()):
        assert not _overlap(legend_box, box)
    # labels lie over no other label and no bar
    boxes = list(label_boxes.items())
    for i, (gid, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1 :]:
            assert not _overlap(box, other_box), (labels[gid].get_text(), labels[other].get_text())
        for bar_gid, bar_box in bar_boxes.items():
            assert not _overlap(box, bar_box), (labels[gid].get_text(), bar_gid)
    # every visit or inspection with its own dates: wide enough to see, labelled with kind and grade
    for i, mark in enumerate(marks):
        if mark.state == "done" and mark.kind != "publication":
            assert bar_boxes[f"mark:{i}"].width >= chart.MIN_BAR - 0.01, mark
            label = labels[f"label:{i}"].get_text()
            assert label.startswith(mark.label.split(" ")[0]), label
            if mark.overall:
                assert mark.overall.lower() in label.lower(), (label, mark.overall)
        if mark.state == "mention":  # faint, and not labelled as if it were dated
            assert f"label:{i}" not in labels
            assert bars[f"mark:{i}"].get_facecolor()[:3] != (0, 0, 0)
        if mark.state == "overdue":
            assert "overdue" in labels[f"label:{i}"].get_text()
    # the legend lists only what is drawn
    listed = {t.get_text() for t in legend.get_texts()}
    states = {m.state for m in marks}
    assert ("Expected" in listed) == ("expected" in states)
    assert ("Expected, dates passed: overdue" in listed) == ("overdue" in states)
    assert ("Mentioned by year only" in listed) == ("mention" in states)
    assert ("Report published" in listed) == any(
        m.published or m.kind == "publication" for m in marks
    )


def assert_png_edges_are_blank(png: bytes) -> None:
    """Nothing is drawn at the picture's edge: no label was cut off by it."""
    pixels = matplotlib.image.imread(io.BytesIO(png))
    assert pixels.shape[1] == chart.WIDTH
    rgb = pixels[..., :3]
    edges = (rgb[:4], rgb[-4:], rgb[:, :4], rgb[:, -4:])
    assert all((edge > 0.99).all() for edge in edges)


# ---------------------------------------------------------------- the bundled documents


@pytest.fixture(scope="module")
def status(seed_engine):
    return seed_engine.status(None, TODAY)


def test_bundled_timeline_marks_say_what_happened_once_each(status):
    done = [m for m in status.marks if m.state == "done"]
    # June 2019's inspection is told by the news release and the cabinet report: drawn once
    assert [(m.kind, m.when, m.overall) for m in done] == [
        ("inspection", "June 2019", "inadequate"),
        ("monitoring_visit", "January 2020", None),
        ("monitoring_visit", "October 2020", None),
        ("monitoring_visit", "February 2021", None),
        ("monitoring_visit", "13 – 30 July 2021", None),
    ]
    assert done[-1].published == dt.date(2021, 9, 9) and done[-1].name == "Monitoring visit 4"
    overdue = [m for m in status.marks if m.state == "overdue"]
    assert [(m.kind, m.when) for m in overdue] == [
        ("monitoring_visit", "October/ November 2021"),
        ("inspection", "Summer 2022"),
    ]
    assert not [m for m in status.marks if m.state == "expected"]


def test_bundled_timeline_picture_is_truthful(status):
    with chart.timeline_figure(status.marks, status.today, "Inspection timeline") as fig:
        assert_timeline_is_truthful(fig, list(status.marks))
    assert_png_edges_are_blank(chart.timeline_png(status.marks, status.today, "Timeline"))


def test_an_expectation_still_ahead_is_drawn_as_expected_not_overdue(seed_engine):
    then = seed_engine.status(None, dt.date(2021, 10, 1))
    states = {m.when: m.state for m in then.marks if m.state in ("expected", "overdue")}
    assert states == {"October/ November 2021": "expected", "Summer 2022": "expected"}
    with chart.timeline_figure(then.marks, then.today, "Timeline") as fig:
        assert_timeline_is_truthful(fig, list(then.marks))
        listed = {t.get_text() for t in fig.legends[0].get_texts()}
        assert "Expected" in listed and "Expected, dates passed: overdue" not in listed


def test_the_text_twin_lists_what_the_picture_draws(status):
    text = status_text(status).split("Timeline")[1]
    for mark in status.marks:
        assert mark.text() in text
    assert "monitoring visit 4, 13 – 30 July 2021; report published 9 September 2021" in text
    assert "inspection expected Summer 2022: overdue" in text
    assert "completed" not in text  # one line per thing drawn, not per statement


# ---------------------------------------------------------------- crowded and edge cases


def _mark(kind, state, earliest, latest, grades=(), published=None, wording="", number=None):
    event = Event(
        kind,
        "expected" if state in ("expected", "overdue") else "completed",
        earliest,
        latest,
        wording or earliest.isoformat(),
        number,
        "Anywhere",
        tuple(grades),
        None,
        0,
        0,
        "",
    )
    stored = StoredEvent(event, 1, "a.pdf", "A report", published, "page 1")
    return Mark(kind, state, earliest, latest, stored, tuple(grades), published)


def test_a_crowded_timeline_keeps_every_label_apart_and_on_the_picture():
    d = dt.date
    marks = [
        _mark("inspection", "done", d(2013, 2, 1), d(2013, 2, 28), [("overall", "inadequate")]),
        _mark("inspection", "done", d(2013, 3, 1), d(2013, 3, 31), [("adoption", "adequate")]),
        _mark(
            "inspection",
            "done",
            d(2013, 7, 15),
            d(2013, 7, 19),
            [("overall", "requires improvement")],
            d(2013, 8, 23),
        ),
        _mark("focused_visit", "mention", d(2019, 1, 1), d(2019, 12, 31), wording="2019"),
        *(
            _mark("monitoring_visit", "done", d(2014, m, 3), d(2014, m, 4), number=n)
            for n, m in enumerate((1, 3, 5, 7, 9, 11), 1)
        ),
        _mark(
            "inspection",
            "done",
            d(2026, 11, 2),
            d(2026, 11, 6),
            [("leaders", "good"), ("in_care", "outstanding")],
        ),
        _mark("inspection", "overdue", d(2022, 6, 1), d(2022, 8, 31), wording="Summer 2022"),
        _mark(
            "monitoring_visit",
            "expected",
            d(2027, 1, 1),
            d(2027, 3, 31),
            wording="the first quarter of 2027",
        ),
        _mark("publication", "done", d(2012, 12, 1), d(2012, 12, 1)),
    ]
    with chart.timeline_figure(marks, d(2026, 11, 30), "A crowded timeline") as fig:
        assert_timeline_is_truthful(fig, marks)
        labels = [
            t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label:")
        ]
        assert "Inspection Nov 2026: No overall grade" in labels
        assert "Inspection Mar 2013: Adoption performance adequate" in labels
    assert_png_edges_are_blank(chart.timeline_png(marks, d(2026, 11, 30), "Crowded"))


def test_a_timeline_of_one_inspection_is_still_readable():
    d = dt.date
    marks = [_mark("inspection", "done", d(2024, 5, 6), d(2024, 5, 10), [("overall", "good")])]
    with chart.timeline_figure(marks, d(2024, 6, 1), "One") as fig:
        assert_timeline_is_truthful(fig, marks)
        assert fig.axes[0].get_window_extent().height >= chart.LANE


# ---------------------------------------------------------------- Kent, from the national corpus


@pytest.fixture(scope="module")
def kent(tmp_path_factory, encoder) -> Engine:
    if not CORPUS_HERE.is_dir():
        pytest.skip(f"the corpus is not at {CORPUS_HERE}")
    folder = tmp_path_factory.mktemp("kent")
    for name in KENT:
        (folder / "documents" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS_HERE / name, folder / "documents" / name)
    settings = Settings.load(env={}, documents_dir=folder / "documents", index_dir=folder / "index")
    return Engine.open(settings, encoder, build_if_missing=True)


def test_kents_recent_inspections_are_drawn_wide_with_their_grades_and_publications(kent):
    status = kent.status("Kent", TODAY)
    graded = {m.when: (m.overall, m.published) for m in status.marks if m.state == "done"}
    assert graded["9 – 20 May 2022"] == ("outstanding", dt.date(2022, 7, 5))
    assert graded["3 – 7 November 2025"] == ("good", dt.date(2026, 2, 2))
    assert graded["6 – 30 March 2017"] == ("good", dt.date(2017, 6, 13))
    # "2010", "by 2013", "2017" are not drawn as year-wide blocks beside the dated inspections
    assert all((m.latest - m.earliest).days < 62 for m in status.marks if m.kind == "inspection")
    assert not [m for m in status.marks if m.state in ("expected", "overdue")]
    with chart.timeline_figure(status.marks, TODAY, "Inspection timeline: Kent") as fig:
        assert_timeline_is_truthful(fig, list(status.marks))
        listed = {t.get_text() for t in fig.legends[0].get_texts()}
        assert "Expected" not in listed and {"Outstanding", "Good"} <= listed


@pytest.mark.slow
def test_timeline_png_from_the_command_line_is_the_checked_picture(kent, tmp_path):
    png = tmp_path / "kent.png"
    result = run_cli(
        "timeline",
        "Kent",
        "--today",
        "2026-11-30",
        "--png",
        str(png),
        "--index-dir",
        str(kent.settings.index_dir),
    )
    assert result.returncode == 0, result.stderr
    assert "full inspection, 9 – 20 May 2022: outstanding; report published 5 July 2022" in (
        result.stdout
    )
    assert_png_edges_are_blank(png.read_bytes())


# ---------------------------------------------------------------- the national chart


def _tally(counts, notes=(), judgement="overall"):
    from index.national import Tally

    return Tally(judgement, tuple(counts), TODAY, dt.date(2026, 8, 20), tuple(notes))


def assert_chart_is_readable(fig, tally) -> None:
    fig.canvas.draw()
    width, height = fig.bbox.width, fig.bbox.height
    assert width == chart.WIDTH
    for text, box in _boxes(fig):
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, text.get_text()
    ax = fig.axes[0]
    words = {t.get_text() for t in ax.texts}
    for grade, n in tally.counts:  # the count and its share beside each bar
        assert f"{n} ({tally.percent(n)}%)" in words, (grade, words)
        bar = next(p for p in ax.patches if p.get_gid() == f"bar:{grade}")
        assert bar.get_width() == n
    ticks = [t for t in ax.get_xticks() if 0 <= t <= ax.get_xlim()[1]]
    step = ticks[1] - ticks[0]
    assert step in (1, 2, 5, 10, 20, 25, 50, 100) and all(t % step == 0 for t in ticks), ticks
    foot = [t.get_text() for t in fig.texts if t.get_gid() == "footnote"]
    assert any("Source: Ofsted" in line for line in foot)
    assert any("published 20 August 2026" in line for line in foot)


def test_the_national_chart_gives_shares_explains_no_overall_grade_and_names_its_source():
    tally = _tally(
        [
            ("outstanding", 46),
            ("good", 61),
            ("requires improvement", 24),
            ("inadequate", 11),
            ("no overall grade", 11),
        ],
        [
            "No overall grade: 11 councils inspected under Ofsted's framework from April 2026, "
            "which grades each judgement but gives no overall effectiveness grade (Blackpool, "
            "Brent, Lancashire, Liverpool, Middlesbrough, North Northamptonshire, Portsmouth, "
            "Somerset, South Tyneside, Trafford and West Northamptonshire)."
        ],
    )
    with chart.ratings_figure(tally) as fig:
        assert_chart_is_readable(fig, tally)
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert "No overall grade *" in labels and labels[0] == "Outstanding"
        foot = " ".join(t.get_text() for t in fig.texts if t.get_gid() == "footnote")
        assert foot.startswith("* No overall grade: 11 councils") and "April 2026" in foot
    assert_png_edges_are_blank(chart.ratings_png(tally))


def test_a_chart_per_judgement_says_what_stood_in_without_a_sign():
    tally = _tally(
        [("outstanding", 47), ("good", 63), ("requires improvement", 37), ("inadequate", 6)],
        ["2 councils whose latest inspection judged children in care and care leavers together."],
        "care_leavers",
    )
    with chart.ratings_figure(tally) as fig:
        assert_chart_is_readable(fig, tally)
        assert fig.texts[0].get_text().startswith("Care leavers: 153 councils")
        assert not any("*" in t.get_text() for t in fig.axes[0].get_yticklabels())
