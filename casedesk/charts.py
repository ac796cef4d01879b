"""Horizontal bar charts as inline SVG, drawn on the server (no JavaScript).
Every label and number goes through format_html, so it is escaped."""

from django.utils.html import format_html, format_html_join

LABEL_WIDTH = 190
BAR_WIDTH = 300
VALUE_WIDTH = 60
ROW_HEIGHT = 24
BAR_HEIGHT = 16
BAR = (
    '<text x="{label_x}" y="{baseline}" text-anchor="end">{label}</text>'
    '<rect x="{bar_x}" y="{top}" width="{length}" height="{height}" rx="2"></rect>'
    '<text x="{value_x}" y="{baseline}">{value}</text>'
)


def bar_chart(rows, *, title, unit="", maximum=None):
    """rows: [(label, value)] with value a number or None (drawn as “—”)."""
    values = [value for _, value in rows if value is not None]
    maximum = maximum or max(values, default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        top = index * ROW_HEIGHT + 2
        length = max(1, round(BAR_WIDTH * value / maximum)) if value else 0
        bars.append(
            format_html(
                BAR,
                label_x=LABEL_WIDTH - 8,
                baseline=top + BAR_HEIGHT - 3,
                label=label,
                bar_x=LABEL_WIDTH,
                top=top,
                length=length,
                height=BAR_HEIGHT,
                value_x=LABEL_WIDTH + length + 6,
                value="—" if value is None else f"{value:g}{unit}",
            )
        )
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW_HEIGHT * len(rows) + 4
    return format_html(
        '<svg class="casedesk-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-label="{title}"><title>{title}</title>{body}</svg>',
        width=width,
        height=height,
        title=title,
        body=format_html_join("", "{}", ((bar,) for bar in bars)),
    )
