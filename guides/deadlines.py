"""Working-day arithmetic for promised deadlines (承诺办结时限).

Weekends are rest days; `holidays` adds public holidays and `workdays` the
调休 weekends that are worked. The case desk passes the centre's calendar."""

from datetime import timedelta


def is_working_day(day, holidays=frozenset(), workdays=frozenset()):
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(start, days, holidays=frozenset(), workdays=frozenset()):
    """The date `days` working days after `start` (start itself not counted);
    0 days is `start`."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays, workdays):
            remaining -= 1
    return day
