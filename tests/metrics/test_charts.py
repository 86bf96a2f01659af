"""The geometry of the server-drawn charts."""

from metrics import charts


def test_the_scale_ends_at_a_round_number():
    assert [charts.nice_scale(v) for v in (0, 1, 3, 7, 11, 24, 180, 1234, 2572)] == [
        (1, 1), (1, 1), (3, 1), (8, 2), (12, 2), (25, 5), (200, 50), (1500, 500), (3000, 500),
    ]


def test_a_line_chart_maps_values_into_the_plot():
    chart = charts.line_chart("c", "Followers", "desc", ["Mo", "Di", "Mi"],
                              [("Isabel", [0, 50, 100]), ("Felix", [None, 20, None])])
    assert not chart.empty
    line, = chart.lines
    points = [tuple(map(float, p.split(","))) for p in line["points"].split()]
    assert points[0] == (chart.plot_left, chart.plot_bottom)
    assert points[-1] == (chart.plot_right, chart.plot_top)
    # A series with a single value is drawn as a dot.
    middle = (chart.plot_left + chart.plot_right) / 2
    assert [(d["label"], d["x"]) for d in chart.dots] == [("Felix", middle)]
    assert [label for _y, label in chart.y_ticks] == ["0", "20", "40", "60", "80", "100"]
    assert chart.legend == [("series-0", "Isabel"), ("series-1", "Felix")]


def test_a_bar_chart_draws_one_bar_per_value_and_the_guide():
    chart = charts.bar_chart("c", "Times", "desc", [("KW 1", [2, 8]), ("KW 2", [None, 4])],
                             ["Median", "p90"], guide=(24, "Target"))
    assert len(chart.bars) == 3
    assert all(b["y"] + b["height"] == chart.plot_bottom for b in chart.bars)
    assert chart.guides[0]["y"] < min(b["y"] for b in chart.bars)  # 24 h is the highest
    assert chart.bars[0]["label"] == "KW 1: Median 2"


def test_nothing_to_draw_makes_an_empty_chart():
    assert charts.line_chart("c", "t", "d", [], []).empty
    assert charts.bar_chart("c", "t", "d", [("KW 1", [0, 0])], ["a", "b"]).empty
