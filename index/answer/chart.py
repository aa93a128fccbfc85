"""A timeline picture (PNG): completed events as points, expectations as ranges, today marked."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator

from index.store.records import StoredEvent

_ROWS = [
    "inspection",
    "monitoring_visit",
    "focused_visit",
    "assurance_visit",
    "jtai",
    "judgement",
    "publication",
]
_ROW_LABELS = {
    "inspection": "Full inspection",
    "monitoring_visit": "Monitoring visit",
    "focused_visit": "Focused visit",
    "assurance_visit": "Assurance visit",
    "jtai": "JTAI",
    "judgement": "Judgement",
    "publication": "Published",
}


@contextlib.contextmanager
def _figure(width: float, height: float) -> Iterator[tuple]:
    """(pyplot, figure, axes) for one picture, closed afterwards whatever happens."""
    import matplotlib

    matplotlib.use("Agg")  # no display here, and none needed
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), dpi=110)
    try:
        yield plt, fig, ax
    finally:
        plt.close(fig)


def _png(fig) -> bytes:
    """The figure as PNG bytes, laid out to fit."""
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def timeline_png(events: list[StoredEvent], today: dt.date, title: str) -> bytes:
    """The events drawn on one time axis, one row per kind of event."""
    import matplotlib.dates as mdates

    kinds = [k for k in _ROWS if any(e.kind == k for e in events)] or ["inspection"]
    with _figure(9, 1.2 + 0.55 * len(kinds)) as (plt, fig, ax):
        for event in events:
            if event.kind not in kinds:
                continue
            y = kinds.index(event.kind)
            start = mdates.date2num(event.earliest)
            width = max(mdates.date2num(event.latest) - start, 6)
            if event.status == "expected":
                ax.barh(
                    y,
                    width,
                    left=start,
                    height=0.45,
                    color="none",
                    edgecolor="#d97706",
                    hatch="//",
                    linewidth=1.2,
                )
            else:
                ax.barh(y, width, left=start, height=0.45, color="#2563eb")
        ax.axvline(mdates.date2num(today), color="#dc2626", linewidth=1.5)
        ax.text(
            mdates.date2num(today),
            len(kinds) - 0.45,
            f" today {today:%-d %b %Y}",
            color="#dc2626",
            fontsize=8,
            va="bottom",
        )
        ax.set_yticks(range(len(kinds)), [_ROW_LABELS[k] for k in kinds])
        ax.set_ylim(-0.6, len(kinds) - 0.1)
        ax.xaxis.set_major_locator(mdates.AutoDateLocator())
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
        ax.set_title(title, fontsize=10)
        ax.grid(axis="x", alpha=0.3)
        handles = [
            plt.Rectangle((0, 0), 1, 1, color="#2563eb"),
            plt.Rectangle((0, 0), 1, 1, facecolor="none", edgecolor="#d97706", hatch="//"),
        ]
        ax.legend(handles, ["completed", "expected"], loc="lower left", fontsize=8, frameon=False)
        return _png(fig)


_GRADE_COLOURS = {
    "outstanding": "#15803d",
    "good": "#65a30d",
    "requires improvement": "#d97706",
    "adequate": "#ca8a04",
    "inadequate": "#dc2626",
    "no overall grade": "#9ca3af",
}


def ratings_png(counts: dict[str, int], as_of: dt.date) -> bytes:
    """How many councils hold each overall grade at their latest full inspection: one bar per grade."""
    from matplotlib.ticker import MaxNLocator

    shown = [
        (grade, n)
        for grade, n in counts.items()
        if n or grade not in ("adequate", "no overall grade")
    ]
    with _figure(8, 1.0 + 0.5 * len(shown)) as (_, fig, ax):
        labels = [grade.capitalize() for grade, _ in shown][::-1]
        values = [n for _, n in shown][::-1]
        bars = ax.barh(
            labels, values, color=[_GRADE_COLOURS.get(g, "#2563eb") for g, _ in shown][::-1]
        )
        ax.bar_label(bars, padding=3, fontsize=9)
        ax.set_title(
            f"{sum(counts.values())} councils by overall grade at their latest full inspection, "
            f"as of {as_of:%-d %B %Y}",
            fontsize=10,
        )
        ax.set_xlabel("councils")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max(values + [1]) * 1.15)
        ax.grid(axis="x", alpha=0.3)
        return _png(fig)
