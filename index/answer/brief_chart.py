"""The one-page brief as a picture (PNG), 1,280 pixels wide like the others (index/answer/chart.py).

From the top: the council and the day; the grade in force in its colour with each judgement
beside a small chart of the grades over time; what needs to improve, every item; the visits
since; what is expected next (overdue in red); warnings; the sources, so the page stands alone
when printed. Each line keeps its ``[n]``. Laid out in pixels: every line is measured and
wrapped to the page, so nothing runs off it.

    brief_png(brief)          # bytes
    brief_figure(brief)       # the figure, for tests that look at what was drawn
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from index.answer.brief import Brief
from index.answer.chart import (
    DPI,
    FONT,
    INK,
    MARGIN,
    OVERDUE,
    SMALL,
    TITLE,
    WIDTH,
    _figure,
    _Measure,
    _png,
    grade_colour,
)
from index.text.dates import format_date

LINE = 21  # pixels per line of body text
SMALL_LINE = 18
HEADING = 14  # points
PANEL = 250  # pixels: the grade in force and the chart beside it
SPLIT = 640  # pixels: where the chart starts
#: The chart's rows, best at the top; "adequate" (before 2013) shares requires improvement's.
LEVELS = {"outstanding": 3, "good": 2, "requires improvement": 1, "adequate": 1, "inadequate": 0}
GREY = "#4b5563"


def brief_png(brief: Brief) -> bytes:
    with brief_figure(brief) as fig:
        return _png(fig)


@contextlib.contextmanager
def brief_figure(brief: Brief) -> Iterator:
    with _figure() as (_, fig):
        _draw(fig, brief)
        yield fig


def _blocks(brief: Brief, measure: _Measure) -> list[tuple[str, str, float, str]]:
    """Everything below the panel as (text, style, size, colour) lines, already wrapped."""
    text_width = WIDTH - 2 * MARGIN
    out: list[tuple[str, str, float, str]] = []
    for section in brief.sections:
        if section.key in ("in_force", "grades"):
            continue  # the panel shows them
        out.append(("", "gap", 0, INK))
        out.append((section.heading, "bold", HEADING, INK))
        for line in section.lines:
            text = f"⚠ {line.text}" if line.warning else line.text
            colour = OVERDUE if line.warning else INK
            for i, part in enumerate(measure.wrap(text, text_width - 24, FONT)):
                out.append(((" " * 4 if i else "") + part, "normal", FONT, colour))
    if brief.warnings:
        out.append(("", "gap", 0, INK))
        for warning in brief.warnings:
            for part in measure.wrap(f"⚠ {warning}", text_width, SMALL):
                out.append((part, "normal", SMALL, GREY))
    out.append(("", "gap", 0, INK))
    out.append(("Sources", "bold", SMALL, INK))
    for c in brief.citations:
        source = f"[{c.n}] {c.title} ({format_date(c.date)}), {c.location}"
        for part in measure.wrap(source, text_width, SMALL):
            out.append((part, "normal", SMALL, GREY))
    return out


def _height(kind: str, size: float) -> int:
    if kind == "gap":
        return 10
    return SMALL_LINE if size <= SMALL else LINE + (6 if kind == "bold" else 0)


def _draw(fig, brief: Brief) -> None:
    measure = _Measure(fig)
    blocks = _blocks(brief, measure)
    in_force = [
        ("    " if i else "") + part  # a line's continuation indented, as below
        for line in brief.section("in_force").lines
        for i, part in enumerate(measure.wrap(line.text, SPLIT - MARGIN - 54, FONT))
    ]
    panel = max(PANEL, 64 + LINE * len(in_force) + 16)  # every line in force, however many
    top = MARGIN + 30 + 24 + 14
    height = top + panel + sum(_height(k, s) for _, k, s, _ in blocks) + MARGIN
    fig.set_size_inches(WIDTH / DPI, height / DPI)

    def text(x: float, y: float, words: str, **style) -> None:
        """``words`` with their top-left corner ``y`` pixels from the top of the page."""
        fig.text(x / WIDTH, 1 - y / height, words, va="top", ha="left", **style)

    text(
        MARGIN,
        MARGIN,
        f"{brief.council}: children's services inspection brief",
        fontsize=TITLE + 3,
        weight="bold",
        color=INK,
    )
    newest = (
        f"; the newest document held is dated {format_date(brief.newest_document[1])}"
        if (brief.newest_document)
        else ""
    )
    text(
        MARGIN,
        MARGIN + 34,
        f"As of {format_date(brief.today)}{newest}. Each [n] is a source listed at the foot.",
        fontsize=FONT,
        color=GREY,
    )
    _panel(fig, brief, measure, in_force, top, height, text)
    y = top + panel
    for words, kind, size, colour in blocks:
        if kind != "gap":
            text(MARGIN, y, words, fontsize=size, weight=kind, color=colour, gid="line")
        y += _height(kind, size)


def _panel(
    fig, brief: Brief, measure: _Measure, in_force: list[str], top: float, height: float, text
) -> None:
    """The grade in force, coloured, with its judgements; the grades over time beside it."""
    from matplotlib.patches import FancyBboxPatch

    colour = grade_colour(brief.overall)
    grade = (brief.overall or "no grade stated").capitalize()
    box_width = measure.width(grade, TITLE + 5, bold=True) + 40
    fig.patches.append(
        FancyBboxPatch(
            (MARGIN / WIDTH, 1 - (top + 50) / height),
            box_width / WIDTH,
            44 / height,
            boxstyle="round,pad=0,rounding_size=0.004",
            transform=fig.transFigure,
            facecolor=colour,
            edgecolor="none",
            gid="grade",
        )
    )
    text(MARGIN + 20, top + 14, grade, fontsize=TITLE + 5, weight="bold", color="white")
    beside = (
        "in force (framework from April 2026)"
        if brief.overall == "no overall grade"
        else "overall, in force"
    )
    text(MARGIN + box_width + 12, top + 18, beside, fontsize=FONT, color=GREY)
    for i, part in enumerate(in_force):
        text(MARGIN, top + 64 + i * LINE, part, fontsize=FONT, color=INK, gid="line")
    _grades_chart(fig, brief, top, height)


def _grades_chart(fig, brief: Brief, top: float, height: float) -> None:
    """Each inspection's overall grade, a dot in its colour on a row per grade, joined in order."""
    import matplotlib.dates as mdates

    left, right = SPLIT + 150, WIDTH - MARGIN - 10
    bottom = top + PANEL - 40
    ax = fig.add_axes(
        (left / WIDTH, 1 - bottom / height, (right - left) / WIDTH, (PANEL - 80) / height)
    )
    rows = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}
    if any(g.grade == "no overall grade" for g in brief.grades):
        rows["No overall grade"] = -1  # the framework from April 2026: a row of its own
    points = [g for g in brief.grades if g.grade in LEVELS or g.grade == "no overall grade"]
    xs = [mdates.date2num(g.earliest) for g in points]
    if xs:
        ys = [LEVELS.get(g.grade or "", -1) for g in points]
        ax.plot(xs, ys, color="#d1d5db", linewidth=1.5, zorder=1)
    for g in points:
        x, y = mdates.date2num(g.earliest), LEVELS.get(g.grade or "", -1)
        ax.plot([x], [y], marker="o", markersize=11, color=grade_colour(g.grade), zorder=3)
        ax.annotate(
            f"{g.earliest:%Y} [{g.n}]",
            (x, y),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=SMALL - 1,
            color=INK,
        )
    ax.set_yticks(list(rows.values()), list(rows), fontsize=SMALL)
    ax.set_ylim(min(rows.values()) - 0.5, 3.8)
    if xs:
        low, high = min(xs), max(xs)
        pad = max((high - low) * 0.12, 400)  # a year or more either side: ticks to read by
        ax.set_xlim(low - pad, high + pad)
    ax.xaxis.set_major_locator(mdates.YearLocator(base=_year_step(xs)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(labelsize=SMALL)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", color="#f3f4f6")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title("Overall grade at each inspection", fontsize=FONT, loc="left", color=INK)
    if not points:
        ax.text(0.5, 0.5, "no graded inspection stated", transform=ax.transAxes, ha="center")


def _year_step(xs: list[float]) -> int:
    span = (max(xs) - min(xs)) / 365.25 if xs else 1
    return 1 if span <= 6 else 2 if span <= 12 else 5
