"""The timeline's SVG overview: where each treaty's life and each event are drawn, and the shapes
drawn there; and the dated list its marks link to.

Positions are computed here, in one place. In a right-to-left page the time axis runs from right
to left, as Arabic readers expect. The shapes are written here too (chart_shapes()), not by the
template engine: a page of 50 treaties draws some 3,400 elements, which took the engine three
quarters of the page's time to write. So is the dated list of their 150 or so steps
(dated_steps()), which took it a third (bench/README.md). Texts are escaped by the standard
library's html.escape(), which Django's escape() calls after checking its argument for a lazy
string: some 700 checks a page.
"""

import datetime
from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.templatetags.dates import precise_date, time_tag

from .models import Treaty
from .selectors import Timeline, TimelineEntry

WIDTH = 1000
LANE_HEIGHT = 56
AXIS_HEIGHT = 36
BAR_HEIGHT = 18
LABEL_ROOM = 280  # room a lane label needs beside the start of its bar, in chart units
MARK_GAP = 16  # steps of a lane closer than this share one mark (with their count), in chart units


def step_anchor(index: int) -> str:
    """The id of the index-th step of the timeline's dated list, which its mark links to."""
    return f"step-{index}"


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    # "pending": signed, not in force yet; "in_force"; "unknown": in force since an unknown date
    kind: str


@dataclass(frozen=True)
class Mark:
    """One or more dated steps of a treaty, drawn as one mark: steps days apart would overlap."""

    x: float
    entries: list[TimelineEntry]
    anchor: str  # the first step's place in the dated list

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class Lane:
    treaty: Treaty
    y: float
    label_x: float
    label_anchor: str
    bars: list[Bar]
    marks: list[Mark]


@dataclass(frozen=True)
class Tick:
    x: float
    year: int


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    lanes: list[Lane]
    ticks: list[Tick]
    rtl: bool
    bar_height: int = BAR_HEIGHT

    @property
    def shapes(self) -> SafeString:
        return chart_shapes(self)


def timeline_chart(timeline: Timeline, *, rtl: bool = False) -> TimelineChart:
    start = datetime.date(timeline.start.year, 1, 1)
    end = datetime.date(timeline.end.year + 1, 1, 1)
    span = (end - start).days

    def x_of(day: datetime.date) -> float:
        offset = WIDTH * (day - start).days / span
        return round(WIDTH - offset if rtl else offset, 1)

    def bar(since: datetime.date, until: datetime.date, kind: str) -> Bar:
        left, right = sorted((x_of(since), x_of(until)))
        return Bar(x=left, width=max(right - left, 2), kind=kind)

    marks_by_treaty: dict[int, list[Mark]] = {}
    for index, entry in enumerate(timeline.entries):  # in date order
        marks = marks_by_treaty.setdefault(entry.treaty.pk, [])
        x = x_of(entry.date)
        if marks and abs(x - marks[-1].x) < MARK_GAP:
            marks[-1].entries.append(entry)
        else:
            marks.append(Mark(x=x, entries=[entry], anchor=step_anchor(index)))

    lanes = []
    for index, treaty in enumerate(timeline.treaties):
        until = treaty.ended_on or timeline.end
        if treaty.entry_into_force:
            bars = [
                bar(treaty.signed_on, treaty.entry_into_force, "pending"),
                bar(treaty.entry_into_force, until, "in_force"),
            ]
        elif treaty.ended_on:
            bars = [bar(treaty.signed_on, until, "unknown")]
        else:
            bars = [bar(treaty.signed_on, until, "pending")]
        # The label reads from the treaty's signing onwards, unless the chart's edge is too close:
        # then it ends where the bar ends.
        begin, finish = x_of(treaty.signed_on), x_of(until)
        room = begin if rtl else WIDTH - begin
        forwards, backwards = ("end", "start") if rtl else ("start", "end")
        label_x, label_anchor = (begin, forwards) if room >= LABEL_ROOM else (finish, backwards)
        lanes.append(
            Lane(
                treaty=treaty,
                y=AXIS_HEIGHT + index * LANE_HEIGHT,
                label_x=label_x,
                label_anchor=label_anchor,
                bars=bars,
                marks=marks_by_treaty.get(treaty.pk, []),
            )
        )

    first_tick = (start.year // 10 + 1) * 10
    ticks = [
        Tick(x=x_of(datetime.date(year, 1, 1)), year=year)
        for year in range(first_tick, end.year, 10)
    ]
    return TimelineChart(
        width=WIDTH,
        height=AXIS_HEIGHT + len(lanes) * LANE_HEIGHT + 8,
        lanes=lanes,
        ticks=ticks,
        rtl=rtl,
    )


def mark_title(mark: Mark, colon: str, semicolon: str) -> str:
    """What a mark stands for, read as its tooltip: each step's date and title, in the words of
    the page's language (`colon`, `semicolon`)."""
    return semicolon.join(
        f"{precise_date(entry.date, entry.precision)}{colon}{entry.title}" for entry in mark.entries
    )


def mark_shapes(mark: Mark, lane: Lane, title: str) -> str:
    """A mark's link, dot and (when it stands for several steps) their count."""
    if mark.count > 1:
        dot = f'<circle class="mark mark-cluster" cx="{mark.x}" cy="{lane.y + 29}" r="8"></circle>'
        count = (
            f'<text class="mark-count" x="{mark.x}" y="{lane.y + 33}" text-anchor="middle">'
            f"{mark.count}</text>"
        )
    else:
        dot = f'<circle class="mark" cx="{mark.x}" cy="{lane.y + 29}" r="5"></circle>'
        count = ""
    return (
        f'<a class="mark-link" href="#{escape(mark.anchor)}"><title>{escape(title)}'
        f"</title>{dot}{count}</a>"
    )


def lane_shapes(lane: Lane, chart: TimelineChart, colon: str, semicolon: str) -> str:
    """A treaty's lane: its label, the bars of its life and the marks of its steps."""
    bars = "".join(
        f'<rect class="bar bar-{bar.kind}" x="{bar.x}" y="{lane.y + 20}" width="{bar.width}" '
        f'height="{chart.bar_height}" rx="3"></rect>'
        for bar in lane.bars
    )
    marks = "".join(
        mark_shapes(mark, lane, mark_title(mark, colon, semicolon)) for mark in lane.marks
    )
    return (
        f'<g class="lane"><text class="lane-label" x="{lane.label_x}" y="{lane.y + 12}" '
        f'text-anchor="{lane.label_anchor}">{escape(lane.treaty.short_title)}</text>'
        f"{bars}{marks}</g>"
    )


def chart_shapes(chart: TimelineChart) -> SafeString:
    """Everything the chart's <svg> element holds but its title and description: the decades'
    ticks and the treaties' lanes. Numbers and the names of kinds are written as they are
    (never localized), the texts escaped."""
    ticks = "".join(
        f'<line class="tick" x1="{tick.x}" x2="{tick.x}" y1="22" y2="{chart.height}"></line>'
        f'<text class="tick-label" x="{tick.x}" y="16" text-anchor="middle">{tick.year}</text>'
        for tick in chart.ticks
    )
    colon, semicolon = _(": "), _("; ")
    lanes = "".join(lane_shapes(lane, chart, colon, semicolon) for lane in chart.lanes)
    return mark_safe(ticks + lanes)  # noqa: S308 - every text above is escaped


def dated_steps(timeline: Timeline) -> SafeString:
    """The items of the timeline's dated list: each step, its id the anchor its mark links to,
    under the heading of its year, which links to what was in force at the year's end."""
    in_force_url = escape(reverse("treaties:in-force"))
    year_label = _("%(year)s: what was in force at the end of the year")
    items, year = [], None
    for index, entry in enumerate(timeline.entries):  # in date order
        if entry.date.year != year:
            year = entry.date.year
            label = escape(year_label % {"year": f"{year:04}"})
            items.append(
                f'<li class="timeline-year"><a href="{in_force_url}?date={year:04}-12-31" '
                f'aria-label="{label}">{year:04}</a></li>'
            )
        items.append(
            f'<li class="timeline-entry timeline-{escape(entry.kind)}" '
            f'id="{step_anchor(index)}">{time_tag(entry.date, entry.precision)} '
            f'<a href="{escape(entry.url)}">{escape(entry.title)}</a></li>'
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every text above is escaped
