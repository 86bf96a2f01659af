"""Charts drawn on the server: the geometry of an SVG line or bar chart, in numbers
the template (templates/metrics/includes/chart.html) only prints.

No JavaScript, no library and no inline style: colours come from CSS classes
(static/css/figures.css, `series-N`), so the charts pass a strict CSP. Each chart is
also given as a table by the page that shows it.
"""

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 14, 34


def nice_scale(maximum, most_ticks=6):
    """(top, step) of a value axis from 0: the smallest round step (1, 2 or 5 × 10ⁿ)
    that reaches `maximum` within `most_ticks` steps."""
    maximum = max(maximum, 1)
    exponent = 10 ** math.floor(math.log10(maximum / most_ticks)) if maximum > most_ticks else 1
    for factor in (1, 2, 5, 10, 20, 50):
        step = factor * exponent
        count = math.ceil(maximum / step)
        if count <= most_ticks:
            return count * step, step
    return most_ticks * 100 * exponent, 100 * exponent  # pragma: no cover


def _number(value):
    """1250 → "1250", 2.5 → "2.5", 0.625 → "0.62"."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0")


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    y_ticks: list = field(default_factory=list)  # [(y, label)]
    x_labels: list = field(default_factory=list)  # [(x, label)]
    lines: list = field(default_factory=list)  # [{"css", "label", "points"}]
    dots: list = field(default_factory=list)  # [{"css", "x", "y", "label"}]
    bars: list = field(default_factory=list)  # [{"css", "x", "y", "width", "height", "label"}]
    guides: list = field(default_factory=list)  # [{"y", "label"}] e.g. a target
    legend: list = field(default_factory=list)  # [(css, label)]
    empty: bool = False

    @property
    def plot_left(self):
        return LEFT

    @property
    def plot_right(self):
        return self.width - RIGHT

    @property
    def plot_top(self):
        return TOP

    @property
    def plot_bottom(self):
        return self.height - BOTTOM

    @property
    def label_y(self):
        return self.height - 12

    def _scale(self, maximum):
        top, step = nice_scale(maximum)
        span = self.plot_bottom - self.plot_top
        count = round(top / step)
        self.y_ticks = [
            (round(self.plot_bottom - span * n / count, 1), _number(step * n))
            for n in range(count + 1)
        ]
        return lambda v: round(self.plot_bottom - span * v / top, 1)


def line_chart(chart_id, title, description, x_labels, series, label_every=None):
    """`series`: [(label, [value or None per x])]; gaps (None) are skipped."""
    chart = Chart(chart_id, title, description)
    values = [v for _label, vs in series for v in vs if v is not None]
    if not values or not x_labels:
        chart.empty = True
        return chart
    y = chart._scale(max(values))
    count = len(x_labels)
    step = (chart.plot_right - chart.plot_left) / max(1, count - 1)

    def x(n):
        return round(chart.plot_left + step * n, 1)

    every = label_every or max(1, math.ceil(count / 6))
    chart.x_labels = [(x(n), label) for n, label in enumerate(x_labels) if n % every == 0]
    for number, (label, vs) in enumerate(series):
        css = f"series-{number % 6}"
        points = [(x(n), y(v)) for n, v in enumerate(vs) if v is not None]
        chart.legend.append((css, label))
        if len(points) > 1:
            chart.lines.append({
                "css": css, "label": label,
                "points": " ".join(f"{px},{py}" for px, py in points),
            })
        else:
            chart.dots += [{"css": css, "x": px, "y": py, "label": label} for px, py in points]
    return chart


def bar_chart(chart_id, title, description, groups, series_labels, guide=None):
    """`groups`: [(x label, [value or None per series])], drawn as grouped bars.
    `guide`: (value, label) drawn as a horizontal line, e.g. the answer target."""
    chart = Chart(chart_id, title, description)
    values = [v for _label, vs in groups for v in vs if v is not None]
    if guide:
        values.append(guide[0])
    if not groups or not any(values):
        chart.empty = True
        return chart
    y = chart._scale(max(values))
    slot = (chart.plot_right - chart.plot_left) / len(groups)
    bar = slot * 0.8 / max(1, len(series_labels))
    every = max(1, math.ceil(len(groups) / 8))
    chart.legend = [(f"series-{n % 6}", label) for n, label in enumerate(series_labels)]
    for g, (group_label, vs) in enumerate(groups):
        left = chart.plot_left + slot * g + slot * 0.1
        if g % every == 0:
            chart.x_labels.append((round(chart.plot_left + slot * (g + 0.5), 1), group_label))
        for n, v in enumerate(vs):
            if not v:
                continue
            top = y(v)
            chart.bars.append({
                "css": f"series-{n % 6}",
                "x": round(left + bar * n, 1), "width": round(max(bar - 1, 1), 1),
                "y": top, "height": round(chart.plot_bottom - top, 1),
                "label": f"{group_label}: {series_labels[n]} {_number(v)}",
            })
    if guide:
        chart.guides.append({"y": y(guide[0]), "label": guide[1]})
    return chart
