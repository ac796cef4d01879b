"""How a promised time limit (承诺办结时限) reads, on every page, PDF and e-mail.

`format_days()` words a number of working days ("20 个工作日", 0 as "即时办理");
`promise_text()` is the one promised-days sentence residents read on the
confirmation page, the receipt and the 受理通知书. No Django here: the guide
flowchart and the PDF documents use it too.
"""

import datetime


def format_date(day: datetime.date) -> str:
    """A date the way Chinese documents print it: 2025年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_days(days: int | None) -> str:
    """Working days as residents read them: "3 个工作日", 0 as "即时办理", None as ""."""
    if days is None:
        return ""
    return "即时办理" if days == 0 else f"{days} 个工作日"


def promise_text(days, due: datetime.date | None = None) -> str:
    """承诺办结时限 with its expected date: "20 个工作日（受理后计算，预计 2026年12月21日前办结）".

    0 days reads "即时办理"; an unknown promise (None, or not a number) "".
    """
    if days is None or isinstance(days, bool):
        return ""
    try:
        days = int(days)
    except (TypeError, ValueError):
        return ""
    if days <= 0:
        return format_days(0)
    if isinstance(due, datetime.date):
        return f"{format_days(days)}（受理后计算，预计 {format_date(due)}前办结）"
    return f"{format_days(days)}（受理后计算）"
