"""Server-rendered SVG bar chart geometry: the template draws it, so labels stay auto-escaped."""

from dataclasses import dataclass

LABEL_WIDTH = 330
BAR_AREA = 260
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    bar_x: int


def bar_chart(rows: list[tuple[str, int]]) -> BarChart:
    top = max([value for _, value in rows] + [1])
    bars = []
    for index, (label, value) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        width = round(BAR_AREA * value / top)
        bars.append(Bar(label, value, y, width, y + BAR_HEIGHT - 4, LABEL_WIDTH + width + 6))
    height = TOP * 2 + ROW_HEIGHT * len(rows)
    return BarChart(bars=bars, width=LABEL_WIDTH + BAR_AREA + 40, height=height, bar_x=LABEL_WIDTH)
