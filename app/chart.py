"""A line chart of a metric's series, as a self-contained SVG string.

Written by hand, so the API needs no plotting library: one ``<svg>`` with inline
attributes only (no scripts, no external fonts or styles), usable in an ``<img>`` tag.
Pure: the same points always give the same bytes.

What it shows: one line per scope, points in date order. A filled marker is an exact
figure; an open marker a qualified one, with a bar over the range its words allow
("approximately") or an arrow towards the side they leave open ("more than" points up,
"nearly" points down). Each point is labelled with the figure as written and who said
it when; a red ring marks a point flagged for review.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Final

WIDTH: Final = 860
HEIGHT: Final = 480
LEFT, RIGHT, TOP, BOTTOM = 78, 28, 96, 62
HEADROOM: Final = 34  # pixels above the top tick, for labels
FONT: Final = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
CHAR_WIDTH: Final = 6.3  # estimated width of one 11px character
LINE_HEIGHT: Final = 13
ARROW: Final = 22
PALETTE: Final = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#8C6D31", "#666666")
FLAG_COLOUR: Final = "#C0392B"
INK, MUTED, GRID = "#222222", "#666666", "#E4E4E4"


@dataclass(frozen=True)
class ChartPoint:
    """One point: where it goes, what the words allow, and its label."""

    date: date
    value: float
    low: float | None
    high: float | None
    exact: bool
    text: str
    speaker: str
    flagged: bool = False


@dataclass(frozen=True)
class ChartLine:
    """The points of one scope, in date order."""

    label: str
    points: tuple[ChartPoint, ...]


@dataclass(frozen=True)
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, other: _Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


def _e(text: str) -> str:
    return escape(text, quote=True)


def _n(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def short(value: float, unit: str) -> str:
    """An axis label: "$20B", "7.5M", "40%"."""
    if unit == "percent":
        return f"{value:g}%"
    if unit == "fraction":
        return f"{value * 100:g}%"
    magnitude = abs(value)
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if magnitude >= size:
            text = f"{value / size:.3g}{suffix}"
            break
    else:
        text = f"{value:g}"
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(unit)
    if symbol:
        return f"-{symbol}{text[1:]}" if text.startswith("-") else f"{symbol}{text}"
    return text


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _y_ticks(lines: Sequence[ChartLine], unit: str) -> list[float]:
    values = [v for line in lines for p in line.points for v in (p.value, p.low, p.high) if v is not None]
    low, high = min(0.0, *values), max(0.0, *values)
    if unit == "percent" and high <= 100:
        high = max(high, 10.0)
    step = _nice_step(high - low)
    start, stop = math.floor(low / step), math.ceil(high / step)
    if stop == start:
        stop += 1
    return [round(i * step, 10) for i in range(start, stop + 1)]


def _x_ticks(first: date, last: date) -> list[tuple[date, str]]:
    if (last - first).days > 400:
        return [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1)]
    ticks = []
    month = date(first.year, first.month, 1)
    while month <= last:
        if month > first and month.month in (1, 4, 7, 10):
            ticks.append((month, month.strftime("%b %Y")))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return ticks


class _Frame:
    """Maps dates and values to pixels."""

    def __init__(self, lines: Sequence[ChartLine], unit: str) -> None:
        dates = [p.date for line in lines for p in line.points]
        span = (max(dates) - min(dates)).days
        pad = timedelta(days=max(45, round(span * 0.08)))
        self.first, self.last = min(dates) - pad, max(dates) + pad
        self.ticks = _y_ticks(lines, unit)
        self.x0, self.x1 = LEFT, WIDTH - RIGHT
        self.y_top, self.y_bottom = TOP + HEADROOM, HEIGHT - BOTTOM
        self.spread(lines)

    def x(self, when: date) -> float:
        total = (self.last - self.first).days
        return self.x0 + (when - self.first).days / total * (self.x1 - self.x0)

    def at(self, p: ChartPoint) -> tuple[float, float]:
        """Where a point's marker goes: points that would cover each other stand side by side."""
        return self.x(p.date) + self.dodge.get(id(p), 0.0), self.y(p.value)

    def spread(self, lines: Sequence[ChartLine]) -> None:
        """Shift markers that would overlap an earlier one sideways, 11 pixels at a time."""
        self.dodge: dict[int, float] = {}
        self.crowded: set[int] = set()  # points another one was moved away from: label them on the left
        placed: list[tuple[float, float, int]] = []
        for p in sorted((p for line in lines for p in line.points), key=lambda p: (p.date, -p.value)):
            x, y = self.x(p.date), self.y(p.value)
            shift = 0.0
            while hit := [q for px, py, q in placed if abs(x + shift - px) < 10 and abs(y - py) < 10]:
                self.crowded.update(q for q in hit if self.dodge[q] == 0)
                shift += 11
            self.dodge[id(p)] = shift
            placed.append((x + shift, y, id(p)))

    def y(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return self.y_bottom - (value - low) / (high - low) * (self.y_bottom - self.y_top)


def _axes(frame: _Frame, unit: str) -> list[str]:
    out = []
    for tick in frame.ticks:
        y = _n(frame.y(tick))
        out.append(f'<line x1="{frame.x0}" y1="{y}" x2="{frame.x1}" y2="{y}" stroke="{GRID}" stroke-width="1"/>')
        out.append(
            f'<text x="{frame.x0 - 8}" y="{y}" dy="0.35em" text-anchor="end" font-size="11" fill="{MUTED}">'
            f"{_e(short(tick, unit))}</text>"
        )
    base = _n(frame.y_bottom)
    out.append(f'<line x1="{frame.x0}" y1="{base}" x2="{frame.x1}" y2="{base}" stroke="{MUTED}" stroke-width="1"/>')
    for when, label in _x_ticks(frame.first, frame.last):
        x = _n(frame.x(when))
        out.append(f'<line x1="{x}" y1="{base}" x2="{x}" y2="{_n(frame.y_bottom + 5)}" stroke="{MUTED}"/>')
        out.append(
            f'<text x="{x}" y="{_n(frame.y_bottom + 19)}" text-anchor="middle" font-size="11" fill="{MUTED}">'
            f"{_e(label)}</text>"
        )
    return out


def _marker(x: float, y: float, colour: str, exact: bool, size: float = 5) -> str:
    fill = colour if exact else "#FFFFFF"
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size)}" fill="{fill}" stroke="{colour}" stroke-width="2"/>'


def _range_mark(frame: _Frame, p: ChartPoint, colour: str) -> list[str]:
    """A bar over low..high, or an arrow towards the open side."""
    x, y = frame.at(p)
    if p.exact or (p.low is None and p.high is None):
        return []
    if p.low is not None and p.high is not None:
        top, bottom = frame.y(p.high), frame.y(p.low)
        if bottom - top < 2:
            return []
        return [
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(bottom)}" stroke="{colour}" stroke-width="1.5"/>',
            f'<line x1="{_n(x - 4)}" y1="{_n(top)}" x2="{_n(x + 4)}" y2="{_n(top)}" stroke="{colour}" '
            'stroke-width="1.5"/>',
            f'<line x1="{_n(x - 4)}" y1="{_n(bottom)}" x2="{_n(x + 4)}" y2="{_n(bottom)}" stroke="{colour}" '
            'stroke-width="1.5"/>',
        ]
    up = p.high is None  # "more than": the truth may lie above
    tip = y - ARROW if up else y + ARROW
    wing = 5 if up else -5
    return [
        f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x)}" y2="{_n(tip)}" stroke="{colour}" stroke-width="1.5"/>',
        f'<path d="M{_n(x - 4)},{_n(tip + wing)} L{_n(x)},{_n(tip)} L{_n(x + 4)},{_n(tip + wing)}" fill="none" '
        f'stroke="{colour}" stroke-width="1.5"/>',
    ]


def _label_boxes(x: float, y: float, width: float, left_first: bool) -> list[tuple[str, float, float, _Box]]:
    """Candidate places for a two-line label, best first: (anchor, text x, first baseline, box)."""
    height = 2 * LINE_HEIGHT
    out = []
    for k in range(5):
        for above in (True, False):
            top = y - 10 - height - k * (height + 4) if above else y + 10 + k * (height + 4)
            for right in (False, True) if left_first else (True, False):
                x0 = x + 9 if right else x - 9 - width
                out.append(
                    (
                        "start" if right else "end",
                        x + 9 if right else x - 9,
                        top + 10,
                        _Box(x0, top, x0 + width, top + height),
                    )
                )
    return out


def _labels(frame: _Frame, lines: Sequence[ChartLine], colours: Sequence[str]) -> list[str]:
    """Labels placed greedily, left to right, where they hit no other label, marker or edge."""
    taken = [_Box(x - 7, y - 7, x + 7, y + 7) for line in lines for x, y in map(frame.at, line.points)]
    for p in (p for line in lines for p in line.points if not p.exact):  # arrows and bars
        x, y = frame.at(p)
        top = y - ARROW - 2 if p.high is None else frame.y(p.high) if p.low is not None else y
        bottom = y + ARROW + 2 if p.low is None else frame.y(p.low) if p.high is not None else y
        taken.append(_Box(x - 5, top, x + 5, bottom))
    for line in lines:  # the lines themselves, sampled every few pixels
        for (ax, ay), (bx, by) in itertools.pairwise(map(frame.at, line.points)):
            steps = max(1, int(math.hypot(bx - ax, by - ay) // 5))
            for i in range(1, steps):
                x, y = ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps
                taken.append(_Box(x - 2, y - 2, x + 2, y + 2))
    bounds = _Box(frame.x0 + 2, TOP + 2, WIDTH - 4, frame.y_bottom - 2)
    placed = sorted(
        ((p, colours[i]) for i, line in enumerate(lines) for p in line.points),
        key=lambda pc: (pc[0].date, -pc[0].value),
    )
    out = []
    for p, colour in placed:
        x, y = frame.at(p)
        first, second = p.text, f"{p.speaker}, {p.date.isoformat()}"
        width = max(len(first), len(second)) * CHAR_WIDTH
        candidates = _label_boxes(x, y, width, id(p) in frame.crowded)
        fits = [c for c in candidates if bounds.x0 <= c[3].x0 and c[3].x1 <= bounds.x1 and bounds.y0 <= c[3].y0]
        fits = [c for c in fits if c[3].y1 <= bounds.y1]
        anchor, tx, baseline, box = next(
            (c for c in fits if not any(box.hits(c[3]) for box in taken)), (fits or candidates)[0]
        )
        taken.append(box)
        near = box.y1 >= y - 12 and box.y0 <= y + 12
        if not near:  # a label moved away from its point gets a leader line
            ly = box.y1 if box.y1 < y else box.y0
            out.append(
                f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(tx)}" y2="{_n(ly)}" stroke="{MUTED}" '
                'stroke-width="0.75" stroke-dasharray="2,2"/>'
            )
        out.append(
            f'<text x="{_n(tx)}" y="{_n(baseline)}" text-anchor="{anchor}" font-size="11" fill="{INK}" '
            'stroke="#FFFFFF" stroke-width="3" stroke-linejoin="round" paint-order="stroke">'
            f'<tspan font-weight="600" fill="{colour}">{_e(first)}</tspan>'
            f'<tspan x="{_n(tx)}" dy="{LINE_HEIGHT}" fill="{MUTED}">{_e(second)}</tspan></text>'
        )
    return out


def _legend(lines: Sequence[ChartLine], colours: Sequence[str], flagged: bool) -> list[str]:
    """Scopes above the plot; what the markers mean below it."""
    out = []
    x, y = LEFT, 72
    for line, colour in zip(lines, colours, strict=True):
        n = len(line.points)
        text = f"{line.label} ({n} point{'s' if n != 1 else ''})"
        out.append(f'<line x1="{x}" y1="{y}" x2="{x + 22}" y2="{y}" stroke="{colour}" stroke-width="2"/>')
        out.append(_marker(x + 11, y, colour, True, 4))
        out.append(f'<text x="{x + 30}" y="{y}" dy="0.35em" font-size="12" fill="{INK}">{_e(text)}</text>')
        x += 30 + round(len(text) * 6.8) + 22
    keys = [
        ("exact", "exact"),
        ("open", "qualified: a bar spans what the words allow, an arrow points to the open side"),
    ]
    if flagged:
        keys.append(("flag", "flagged for review"))
    kx, ky = LEFT, HEIGHT - 14
    for kind, text in keys:
        if kind == "flag":
            out.append(f'<circle cx="{kx + 5}" cy="{ky}" r="6" fill="none" stroke="{FLAG_COLOUR}" stroke-width="2"/>')
        else:
            out.append(_marker(kx + 5, ky, MUTED, kind == "exact", 4))
        out.append(f'<text x="{kx + 15}" y="{ky}" dy="0.35em" font-size="11" fill="{MUTED}">{_e(text)}</text>')
        kx += 15 + round(len(text) * CHAR_WIDTH) + 20
    return out


def line_chart(title: str, subtitle: str, unit: str, lines: Sequence[ChartLine]) -> str:
    """The SVG document for ``lines`` (one per scope), titled ``title``."""
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title chart-desc" font-family="{_e(FONT)}">',
        f'<title id="chart-title">{_e(title)}</title>',
        f'<desc id="chart-desc">{_e(subtitle)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#FFFFFF"/>',
        f'<text x="{LEFT}" y="28" font-size="17" font-weight="600" fill="{INK}">{_e(title)}</text>',
        f'<text x="{LEFT}" y="48" font-size="12" fill="{MUTED}">{_e(subtitle)}</text>',
    ]
    lines = [line for line in lines if line.points]
    if not lines:
        message = "No dated figure states this metric yet."
        return "\n".join(
            [
                *head,
                f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" font-size="14" fill="{MUTED}">'
                f"{_e(message)}</text>",
                "</svg>",
                "",
            ]
        )
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(lines))]
    frame = _Frame(lines, unit)
    body = _axes(frame, unit)
    for line, colour in zip(lines, colours, strict=True):
        if len(line.points) > 1:
            path = " ".join(f"{_n(x)},{_n(y)}" for x, y in map(frame.at, line.points))
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" stroke-linejoin="round"/>'
            )
    for line, colour in zip(lines, colours, strict=True):
        for p in line.points:
            body.extend(_range_mark(frame, p, colour))
    for line, colour in zip(lines, colours, strict=True):
        for p in line.points:
            x, y = frame.at(p)
            if p.flagged:
                body.append(
                    f'<circle cx="{_n(x)}" cy="{_n(y)}" r="9" fill="none" stroke="{FLAG_COLOUR}" stroke-width="2"/>'
                )
            body.append(_marker(x, y, colour, p.exact))
    body.extend(_labels(frame, lines, colours))
    flagged = any(p.flagged for line in lines for p in line.points)
    return "\n".join([*head, *_legend(lines, colours, flagged), *body, "</svg>", ""])
