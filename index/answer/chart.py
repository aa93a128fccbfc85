"""Pictures (PNG) sized for a phone: the timeline of one body, and how councils are rated.

Telegram shows a picture about 1,280 pixels wide, so each is drawn at that width with text no
smaller than 12 points (about 17 pixels), and laid out in pixels, not left to matplotlib's
guesses: every label is measured before it is placed, so none runs off the picture or over
another, and the legend sits outside the data.

    timeline_png(status.marks, today, title)     # index/answer/marks.py says what is drawn
    ratings_png(tally)                           # a national Tally (index/national/tally.py)

``timeline_figure`` and ``ratings_figure`` give the figure itself, for tests that look at what
was drawn (each bar and label carries a ``gid`` naming what it stands for).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from index.answer.marks import KIND_NAMES, KINDS, Mark
from index.national import Tally

DPI = 100
WIDTH = 1280  # pixels: what Telegram shows
FONT = 12  # points: about 17 pixels at this DPI, legible on a phone
SMALL = 11
TITLE = 15
MIN_BAR = 10  # pixels: no visit or inspection with its own dates is drawn thinner
BAR = 16  # pixels: a bar's height
LANE = BAR + 30  # pixels: a bar with its label above it, and a gap
MARGIN = 16  # pixels around the picture's edge, where nothing is drawn

GRADE_COLOURS = {
    "outstanding": "#15803d",
    "good": "#65a30d",
    "requires improvement": "#d97706",
    "adequate": "#ca8a04",
    "inadequate": "#dc2626",
    "no overall grade": "#64748b",
}
OTHER_GRADE = "#94a3b8"  # judged, but not overall ("adoption performance adequate"), or not stated
VISIT = "#2563eb"
EXPECTED = "#b45309"
OVERDUE = "#dc2626"
MENTION = "#cbd5e1"
PUBLISHED = "#111827"
TODAY = "#7c3aed"
INK = "#111827"


@contextlib.contextmanager
def _figure(height_px: float = 600) -> Iterator[tuple]:
    """(pyplot, figure) for one picture, closed afterwards whatever happens."""
    import matplotlib

    matplotlib.use("Agg")  # no display here, and none needed
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(WIDTH / DPI, height_px / DPI), dpi=DPI)
    try:
        yield plt, fig
    finally:
        plt.close(fig)


def _png(fig) -> bytes:
    """The figure as PNG bytes, exactly its size (the layout is already in pixels)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


class _Measure:
    """Text sizes in pixels, before anything is placed."""

    def __init__(self, fig) -> None:
        self.renderer = fig.canvas.get_renderer()

    def width(self, text: str, size: float = FONT, bold: bool = False) -> float:
        from matplotlib.font_manager import FontProperties

        props = FontProperties(size=size, weight="bold" if bold else "normal")
        width, _, _ = self.renderer.get_text_width_height_descent(text, props, ismath=False)
        return width

    def wrap(self, text: str, width: float, size: float = FONT, bold: bool = False) -> list[str]:
        """``text`` broken at spaces into lines no wider than ``width`` pixels."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split(" "):
                trial = f"{line} {word}" if line else word
                if line and self.width(trial, size, bold) > width:
                    lines.append(line)
                    line = word
                else:
                    line = trial
            lines.append(line)
        return lines


def grade_colour(grade: str | None) -> str:
    return GRADE_COLOURS.get(grade or "", OTHER_GRADE)


# ---------------------------------------------------------------- the timeline


@dataclass
class _Block:
    """One mark as placed: its bar's and its label's extent on the time axis, and its lane."""

    index: int
    mark: Mark
    bar: tuple[float, float]  # x (matplotlib date numbers) of the bar drawn
    label: str | None
    label_x: float  # where the label is anchored
    label_ha: str  # "left" or "right"
    extent: tuple[float, float]  # everything it draws, bar, label and publication
    lane: int = 0


def timeline_png(marks: Sequence[Mark], today: dt.date, title: str) -> bytes:
    """The timeline drawn: one row per kind of visit, each dated one labelled with its grade."""
    with timeline_figure(marks, today, title) as fig:
        return _png(fig)


@contextlib.contextmanager
def timeline_figure(marks: Sequence[Mark], today: dt.date, title: str) -> Iterator:
    """The timeline's figure, laid out (closed on leaving)."""
    with _figure() as (_, fig):
        _draw_timeline(fig, list(marks), today, title)
        yield fig


def _x_range(marks: list[Mark], today: dt.date) -> tuple[float, float]:
    """The time axis: every mark, its publication and today, with room either side."""
    import matplotlib.dates as mdates

    days = [today] + [d for m in marks for d in (m.earliest, m.latest, m.published) if d]
    low, high = mdates.date2num(min(days)), mdates.date2num(max(days)) + 1
    pad = max((high - low) * 0.03, 60)
    return low - pad, high + pad


def _place(marks: list[Mark], x0: float, x1: float, per_px: float, measure) -> list[_Block]:
    """Each mark's bar and label on the axis, and a lane in its row where nothing else lies."""
    import matplotlib.dates as mdates

    blocks = []
    for i, mark in enumerate(marks):
        start, end = mdates.date2num(mark.earliest), mdates.date2num(mark.latest) + 1
        if mark.state != "mention" and end - start < MIN_BAR * per_px:
            middle = (start + end) / 2  # widened about its middle: its dates stay where they are
            start, end = middle - MIN_BAR * per_px / 2, middle + MIN_BAR * per_px / 2
        label = None if mark.state == "mention" else mark.label
        width = measure.width(label) * per_px if label else 0
        anchor, ha = start, "left"
        if start + width > x1:  # would run off the right: ends at the bar's end instead
            anchor, ha = max(end, x0 + width), "right"
        low = min(start, anchor - width if ha == "right" else anchor)
        high = max(end, anchor if ha == "right" else anchor + width)
        if mark.published:
            high = max(high, mdates.date2num(mark.published) + 6 * per_px)
        blocks.append(_Block(i, mark, (start, end), label, anchor, ha, (low, high)))
    gap = 14 * per_px
    for kind in {b.mark.kind for b in blocks}:
        lanes: list[list[tuple[float, float]]] = []
        for block in sorted((b for b in blocks if b.mark.kind == kind), key=lambda b: b.extent):
            low, high = block.extent
            lane = next(
                (
                    n
                    for n, taken in enumerate(lanes)
                    if all(high + gap <= a or low >= b + gap for a, b in taken)
                ),
                len(lanes),
            )
            if lane == len(lanes):
                lanes.append([])
            lanes[lane].append(block.extent)
            block.lane = lane
    return blocks


def _draw_timeline(fig, marks: list[Mark], today: dt.date, title: str) -> None:
    import matplotlib.dates as mdates

    measure = _Measure(fig)
    rows = [k for k in (*KINDS, "publication") if any(m.kind == k for m in marks)] or ["inspection"]
    names = {k: KIND_NAMES[k] for k in rows}
    left = MARGIN + max(measure.width(n, FONT) for n in names.values()) + 14
    right = MARGIN + 8
    axis_width = WIDTH - left - right
    x0, x1 = _x_range(marks, today)
    per_px = (x1 - x0) / axis_width  # days per pixel
    blocks = _place(marks, x0, x1, per_px, measure)

    # rows from the top, each as many lanes high as it needs
    lanes = {k: 1 + max((b.lane for b in blocks if b.mark.kind == k), default=0) for k in rows}
    axis_height = sum(lanes[k] * LANE for k in rows) + 8
    base: dict[str, float] = {}
    y = axis_height - 4
    for kind in rows:
        y -= lanes[kind] * LANE
        base[kind] = y  # the row's bottom
    ax = fig.add_axes((0, 0, 1, 1))
    drawn = _draw_blocks(ax, blocks, base)
    ax.axvline(mdates.date2num(today), color=TODAY, linewidth=2, zorder=1)
    drawn.add("today")

    ax.set_xlim(x0, x1)
    ax.set_ylim(0, axis_height)
    ax.set_yticks(
        [base[k] + lanes[k] * LANE / 2 for k in rows], [names[k] for k in rows], fontsize=FONT
    )
    for kind in rows[1:]:  # a faint line between rows
        ax.axhline(base[kind] + lanes[kind] * LANE, color="#e5e7eb", linewidth=1, zorder=0)
    _year_ticks(ax, x0, x1, per_px)
    ax.tick_params(axis="x", labelsize=FONT)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#e5e7eb", linewidth=1)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    legend = _timeline_legend(fig, drawn)
    legend_box = legend.get_window_extent()
    ticks_height = max(
        (t.get_window_extent().height for t in ax.get_xticklabels() if t.get_text()), default=20
    )
    bottom = MARGIN + legend_box.height + 14 + ticks_height + 10
    top = MARGIN + 24 + 12 + 22  # title, then the line naming today
    height = bottom + axis_height + top
    fig.set_size_inches(WIDTH / DPI, height / DPI)
    ax.set_position((left / WIDTH, bottom / height, axis_width / WIDTH, axis_height / height))
    legend_left = left if left + legend_box.width <= WIDTH - MARGIN else MARGIN
    legend.set_bbox_to_anchor((legend_left / WIDTH, MARGIN / height), fig.transFigure)
    fig.text(
        MARGIN / WIDTH,
        1 - MARGIN / height,
        title,
        fontsize=TITLE,
        weight="bold",
        va="top",
        ha="left",
        color=INK,
    )
    _today_label(ax, today, x0, x1, axis_width)


def _draw_blocks(ax, blocks: list[_Block], base: dict[str, float]) -> set[str]:
    """Bars, labels and publications; what kinds of thing were drawn, for the legend."""
    import matplotlib.dates as mdates

    drawn: set[str] = set()
    for block in blocks:
        mark = block.mark
        bottom = base[mark.kind] + block.lane * LANE + 6
        start, end = block.bar
        style, key = _bar_style(mark)
        drawn.add(key)
        if mark.kind == "publication":
            ax.plot(
                [start + (end - start) / 2],
                [bottom + BAR / 2],
                marker="D",
                markersize=8,
                color=PUBLISHED,
                gid=f"mark:{block.index}",
            )
        else:
            ax.add_patch(_bar(start, bottom, end - start, style, f"mark:{block.index}"))
        if mark.published and mark.kind != "publication":
            at = mdates.date2num(mark.published)
            ax.plot(
                [end, at], [bottom + BAR / 2] * 2, linestyle=":", color=PUBLISHED, linewidth=1.2
            )
            ax.plot([at], [bottom + BAR / 2], marker="D", markersize=7, color=PUBLISHED)
            drawn.add("published")
        if block.label:
            ax.text(
                block.label_x,
                bottom + BAR + 4,
                block.label,
                ha=block.label_ha,
                va="bottom",
                fontsize=FONT,
                color=OVERDUE if mark.state == "overdue" else INK,
                # today's line and the grid pass behind a label, never through its words
                bbox=dict(facecolor="white", edgecolor="none", pad=0.5, alpha=0.9),
                zorder=4,
                gid=f"label:{block.index}",
            )
    return drawn


#: How each kind of bar looks, by its legend entry (grades are filled with their colour).
_STYLES = {
    "expected": dict(facecolor="none", edgecolor=EXPECTED, hatch="//", linewidth=1.5),
    "overdue": dict(facecolor="none", edgecolor=OVERDUE, hatch="xx", linewidth=1.5),
    "mention": dict(facecolor=MENTION, edgecolor="none"),
    "visit": dict(facecolor=VISIT, edgecolor="white", linewidth=0.8),
}
_LEGEND = {  # legend entry → its words, in the legend's order
    **{f"grade:{g}": g[:1].upper() + g[1:] for g in GRADE_COLOURS},
    "grade:no overall grade": "No overall grade (from April 2026)",
    "grade:other": "Overall grade not stated",
    "visit": "Visit",
    "expected": "Expected",
    "overdue": "Expected, dates passed: overdue",
    "mention": "Mentioned by year only",
    "published": "Report published",
    "today": "Today",
}


def _bar_style(mark: Mark) -> tuple[dict, str]:
    """How a mark's bar looks, and the legend entry that explains it."""
    if mark.kind == "publication":
        return {}, "published"
    if mark.state != "done":
        return _STYLES[mark.state], mark.state
    if mark.kind != "inspection":
        return _STYLES["visit"], "visit"
    grade = mark.overall if mark.overall in GRADE_COLOURS else "other"
    key = f"grade:{grade}"
    return dict(facecolor=grade_colour(grade), edgecolor="white", linewidth=0.8), key


def _bar(x: float, y: float, width: float, style: dict, gid: str):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), width, BAR, gid=gid, zorder=3, **style)


def _timeline_legend(fig, drawn: set[str]):
    """A legend of only what was drawn, in rows below the axis (placed once sizes are known)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    for key in (k for k in _LEGEND if k in drawn):
        if key == "published":
            handle = Line2D([], [], marker="D", linestyle=":", color=PUBLISHED, markersize=7)
        elif key == "today":
            handle = Line2D([], [], color=TODAY, linewidth=2)
        elif key.startswith("grade:"):
            handle = Patch(facecolor=grade_colour(key.removeprefix("grade:")))
        else:
            handle = Patch(**_STYLES[key])
        handles.append((handle, _LEGEND[key]))
    # as many columns as fit across the picture (at most four), so that it is read in rows
    for columns in range(min(4, len(handles)), 0, -1):
        legend = fig.legend(
            [h for h, _ in handles],
            [t for _, t in handles],
            loc="lower left",
            ncol=columns,
            fontsize=FONT,
            frameon=False,
            handlelength=1.8,
            columnspacing=1.6,
            borderaxespad=0,
        )
        fig.canvas.draw()  # sizes the legend (and the tick labels)
        if legend.get_window_extent().width <= WIDTH - 2 * MARGIN or columns == 1:
            return legend
        legend.remove()
    raise AssertionError("unreachable")


def _year_ticks(ax, x0: float, x1: float, per_px: float) -> None:
    """Ticks on whole years (every 1, 2 or 5), or on quarters for a short span; none so near
    an end of the axis that its label would hang off the picture."""
    import matplotlib.dates as mdates

    years = (x1 - x0) / 365.25
    if years < 2.5:
        locator = mdates.MonthLocator(bymonth=(1, 4, 7, 10))
        formatter = mdates.DateFormatter("%b %Y")
    else:
        locator = mdates.YearLocator(1 if years <= 13 else 2 if years <= 26 else 5)
        formatter = mdates.DateFormatter("%Y")
    room = 12 * per_px
    ax.xaxis.set_major_locator(locator)  # (the axis's limits are set: it gives their ticks)
    ax.set_xticks([t for t in locator() if x0 + room <= t <= x1 - room])
    ax.xaxis.set_major_formatter(formatter)


def _today_label(ax, today: dt.date, x0: float, x1: float, axis_width: float) -> None:
    """ "Today, 30 Nov 2026" above the axis at today's line, turned to stay on the picture."""
    import matplotlib.dates as mdates
    from matplotlib.transforms import blended_transform_factory

    at = mdates.date2num(today)
    text = f"today, {today:%-d %b %Y}"
    ha = "right" if (x1 - at) / (x1 - x0) * axis_width < 160 else "left"
    ax.text(
        at,
        1.0,
        f" {text} " if ha == "left" else f"{text} ",
        transform=blended_transform_factory(ax.transData, ax.transAxes),
        ha=ha,
        va="bottom",
        fontsize=SMALL,
        color=TODAY,
        clip_on=False,
        gid="today",
    )


# ---------------------------------------------------------------- councils by grade

ROW = 46  # pixels per grade's bar
LINE = 20  # pixels per line of a footnote


def ratings_png(tally: Tally) -> bytes:
    """Councils by grade, one bar each with its count and share; what is not graded explained;
    the source and the newest report counted, below."""
    with ratings_figure(tally) as fig:
        return _png(fig)


@contextlib.contextmanager
def ratings_figure(tally: Tally) -> Iterator:
    with _figure() as (_, fig):
        _draw_ratings(fig, tally)
        yield fig


SIGNS = ("*", "†", "‡")  # a bar counted apart, and the footnote that explains it


def _grade_name(grade: str, sign: str | None) -> str:
    name = grade[:1].upper() + grade[1:]
    return f"{name} {sign}" if sign else name


def _draw_ratings(fig, tally: Tally) -> None:
    from matplotlib.ticker import MaxNLocator

    measure = _Measure(fig)
    counts = list(tally.counts)
    graded = {"outstanding", "good", "requires improvement", "adequate", "inadequate"}
    # the counted-apart bars, in the order of the notes that explain them (index/national/tally.py)
    signs = dict(zip((g for g, _ in counts if g not in graded), SIGNS))
    names = [_grade_name(g, signs.get(g)) for g, _ in counts]
    values = [f"{n} ({tally.percent(n)}%)" for _, n in counts]
    left = MARGIN + max(measure.width(n) for n in names) + 14
    right = MARGIN + 8
    axis_width = WIDTH - left - right
    # room beside the longest bar for its words: n + (gap + words) * units per pixel <= limit
    limit = max(
        n / max(1 - (8 + measure.width(v)) / axis_width, 0.2) for (_, n), v in zip(counts, values)
    )
    limit = max(limit, 1)
    notes = [
        f"{sign} {note}" if sign else note
        for sign, note in zip((*signs.values(), *[None] * len(tally.notes)), tally.notes)
    ]
    foot = [
        line
        for text in (*notes, tally.source)
        for line in measure.wrap(text, WIDTH - 2 * MARGIN, SMALL)
    ]
    axis_height = ROW * len(counts)
    top = MARGIN + 26 + LINE + 16
    bottom = MARGIN + len(foot) * LINE + 14 + 26 + 24
    height = top + axis_height + bottom
    fig.set_size_inches(WIDTH / DPI, height / DPI)
    ax = fig.add_axes((left / WIDTH, bottom / height, axis_width / WIDTH, axis_height / height))
    rows = list(range(len(counts)))[::-1]  # best first, from the top
    bars = ax.barh(
        rows,
        [n for _, n in counts],
        height=0.66,
        color=[grade_colour(g) for g, _ in counts],
        gid="bars",
    )
    for bar, (grade, _) in zip(bars, counts):
        bar.set_gid(f"bar:{grade}")
    for row, (_, n), words in zip(rows, counts, values):
        ax.text(n + 8 * limit / axis_width, row, words, va="center", fontsize=FONT, color=INK)
    ax.set_yticks(rows, names, fontsize=FONT)
    ax.set_ylim(-0.5, len(counts) - 0.5)
    ax.set_xlim(0, limit)
    # round numbers of councils: 0, 10, 20 … (or 5s, 25s, 50s)
    round_numbers = MaxNLocator(steps=[1, 2, 2.5, 5, 10], integer=True)
    ax.set_xticks([t for t in round_numbers.tick_values(0, limit) if 0 <= t <= limit])
    ax.tick_params(labelsize=FONT)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("councils", fontsize=FONT)
    ax.grid(axis="x", color="#e5e7eb", linewidth=1)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.text(
        MARGIN / WIDTH,
        1 - MARGIN / height,
        f"{tally.name}: {tally.total} councils at their latest full inspection",
        fontsize=TITLE,
        weight="bold",
        va="top",
        color=INK,
    )
    fig.text(
        MARGIN / WIDTH,
        1 - (MARGIN + 30) / height,
        f"Each council's latest full inspection known on {tally.today:%-d %B %Y}",
        fontsize=FONT,
        va="top",
        color=INK,
    )
    for i, line in enumerate(foot):
        fig.text(
            MARGIN / WIDTH,
            (MARGIN + (len(foot) - i - 1) * LINE) / height,
            line,
            fontsize=SMALL,
            va="bottom",
            color="#374151",
            gid="footnote",
        )
