"""Server-rendered SVG bar chart geometry: the template draws it, so labels stay auto-escaped.

Each label sits on its own line above its bar, across the whole width: the drawing stays narrow (360 units), so
that scaled to a phone's width its text is still about 12 px, and the stylesheet caps its size on a wide screen."""

from dataclasses import dataclass

WIDTH = 360
VALUE_ROOM = 44  # right of the longest bar, for its number
FONT_SIZE = 15
BAR_HEIGHT = 16
ROW_HEIGHT = FONT_SIZE + 6 + BAR_HEIGHT + 12
TOP = 4


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int  # the bar's top
    width: int
    label_y: int  # the label's baseline, above the bar
    text_y: int  # the number's baseline, beside the bar
    value_x: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    bar_x: int
    font_size: int
    bar_height: int


def bar_chart(rows: list[tuple[str, int]]) -> BarChart:
    top = max([value for _, value in rows] + [1])
    bars = []
    for index, (label, value) in enumerate(rows):
        label_y = TOP + index * ROW_HEIGHT + FONT_SIZE
        y = label_y + 6
        width = round((WIDTH - VALUE_ROOM) * value / top)
        bars.append(Bar(label, value, y, width, label_y, y + BAR_HEIGHT - 3, width + 6))
    height = TOP * 2 + ROW_HEIGHT * len(rows)
    return BarChart(bars=bars, width=WIDTH, height=height, bar_x=0, font_size=FONT_SIZE, bar_height=BAR_HEIGHT)
