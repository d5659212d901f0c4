"""Charts are drawn on the server as SVG images with a title and a description, and every chart sits next to a table
of the same numbers."""

from __future__ import annotations

import re

import pytest

from analytics import charts

pytestmark = pytest.mark.django_db


def test_bars_are_drawn_to_scale_on_a_fixed_axis():
    chart = charts.bar_chart(
        chart_id="c", title="Rates", items=[("A", 50, "50%"), ("B", 100, "100%"), ("C", 0, "0%")], maximum=100, unit="%"
    )
    widths = [bar.width for bar in chart.bars]
    assert widths == [charts.PLOT_WIDTH / 2, charts.PLOT_WIDTH, 0]
    assert [tick.label for tick in chart.ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert chart.summary == "A: 50%; B: 100%; C: 0%"


def test_columns_round_their_axis_up_and_keep_long_labels_short():
    chart = charts.column_chart(chart_id="w", title="Per week", items=[("1 Jan", 3, "3"), ("8 Jan", 7, "7")])
    assert chart.ticks[-1].label == "10"
    assert chart.bars[1].height == charts.COLUMN_PLOT_HEIGHT * 7 / 10
    long = charts.bar_chart(chart_id="l", title="t", items=[("x" * 80, 1, "1")])
    assert long.bars[0].short_label.endswith("…") and len(long.bars[0].short_label) == charts.MAX_LABEL_CHARACTERS


def _figure_and_table(html: str):
    svg = re.search(r'<svg class="sw-chart__svg"[^>]*role="img" aria-labelledby="([^"]+)"', html)
    assert svg, "no chart image"
    title_id, desc_id = svg.group(1).split()
    assert re.search(rf'<title id="{title_id}">[^<]+</title>', html)
    desc = re.search(rf'<desc id="{desc_id}">([^<]*)</desc>', html).group(1)
    table = re.search(r"<table class=\"listing sw-report-table\">(.*?)</table>", html, re.S).group(1)
    return desc, re.sub(r"<[^>]+>|\s+", " ", table)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/admin/learning-reports/completion/", {"group_by": "course"}),
        ("/admin/learning-reports/completion/", {}),
        ("/admin/learning-reports/completions-over-time/", {}),
    ],
)
def test_each_chart_has_a_table_with_the_same_numbers(client, org, url, params):
    client.force_login(org["hr"])
    html = client.get(url, params).content.decode()
    desc, table = _figure_and_table(html)
    for item in desc.split("; "):
        label, value = item.rsplit(": ", 1)
        label = label.split(" · ")[-1]  # "Group · Course" in the chart; separate columns in the table
        assert label.replace("&amp;", "&") in table.replace("&amp;", "&"), label
        assert f" {value} " in f"{table} ", value
    assert "The table below gives the same numbers." in html
